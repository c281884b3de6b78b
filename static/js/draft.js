// The draft checker: keep the line numbers beside the text as it is edited, and take a
// "Line N" link of a problem to that line of the text. Without this script the numbers are
// those of the text as it was checked, and the links go to the text box.
(() => {
  "use strict";
  const text = document.getElementById("draft-text");
  const gutter = document.querySelector(".numbered-text .gutter");
  if (!text || !gutter) return;
  const MIN_ROWS = 14;
  let shown = 0;

  const renumber = () => {
    const count = text.value.split("\n").length;
    if (count === shown) return;
    shown = count;
    gutter.textContent = Array.from({ length: count }, (_, i) => `${i + 1}\n`).join("");
    text.rows = Math.max(count + 1, MIN_ROWS);
  };

  const goToLine = (line) => {
    const lines = text.value.split("\n");
    const number = Math.min(Math.max(line, 1), lines.length);
    const start = lines.slice(0, number - 1).reduce((total, l) => total + l.length + 1, 0);
    text.focus({ preventScroll: true });
    text.setSelectionRange(start, start + lines[number - 1].length);
    const lineHeight = parseFloat(getComputedStyle(text).lineHeight) || 20;
    const top = text.getBoundingClientRect().top + window.scrollY + (number - 1) * lineHeight;
    window.scrollTo({ top: Math.max(top - window.innerHeight / 3, 0) });
  };

  text.addEventListener("input", renumber);
  document.addEventListener("click", (event) => {
    const link = event.target.closest("a[data-line]");
    if (!link) return;
    event.preventDefault();
    goToLine(Number(link.dataset.line));
  });
  renumber();
})();
