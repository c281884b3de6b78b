// Module pages: mark the section being read in "On this page", and send a footnote's
// back-link to the citation the reader came from. Without this script the contents list
// still links every section and the back-link returns to the footnote's first citation.
(() => {
  "use strict";
  const prose = document.querySelector(".prose");
  if (!prose) return;

  // Python-Markdown writes <sup id="fnref2:x"><a class="footnote-ref" href="#fn:x">; the
  // footnote keeps one back-link (lms/content/reading.py), retargeted here on each jump.
  prose.addEventListener("click", (event) => {
    const ref = event.target.closest("a.footnote-ref");
    const citation = ref && ref.closest("sup[id]");
    const note = ref && document.getElementById(decodeURIComponent(ref.hash.slice(1)));
    const back = note && note.querySelector("a.footnote-backref");
    if (citation && back) back.setAttribute("href", "#" + citation.id);
  });

  const headings = Array.from(prose.querySelectorAll("h2[id], h3[id]"));
  const linksTo = new Map();
  for (const link of document.querySelectorAll(".toc a[href^='#']")) {
    const id = decodeURIComponent(link.getAttribute("href").slice(1));
    if (!linksTo.has(id)) linksTo.set(id, []);
    linksTo.get(id).push(link);
  }
  const sidebar = document.querySelector(".toc-wide");
  let current = null;

  // Each subsection entry of the sidebar, with the section (h2) it belongs to. When the whole
  // list does not fit the window, the sidebar folds away the subsections of other sections.
  const subsections = [];
  const sectionOf = new Map();
  let section = null;
  for (const item of sidebar ? sidebar.querySelectorAll("li") : []) {
    const id = decodeURIComponent(item.querySelector("a").getAttribute("href").slice(1));
    if (item.classList.contains("toc-level-2")) section = id;
    else subsections.push([item, section]);
    sectionOf.set(id, section);
  }
  const fold = () => {
    if (!sidebar) return;
    sidebar.classList.remove("toc-folding");
    if (sidebar.scrollHeight <= sidebar.clientHeight) return;
    sidebar.classList.add("toc-folding");
    const open = current ? sectionOf.get(current.id) : null;
    for (const [item, owner] of subsections) item.classList.toggle("toc-open", owner === open);
  };

  // The section being read is the last heading above the top quarter of the window; at the
  // very end of the page it is the last heading, however short its section.
  const reading = () => {
    const atEnd = window.innerHeight + window.scrollY >= document.documentElement.scrollHeight - 2;
    if (atEnd && headings.length) return headings[headings.length - 1];
    const line = window.innerHeight / 4;
    let found = null;
    for (const heading of headings) {
      if (heading.getBoundingClientRect().top > line) break;
      found = heading;
    }
    return found;
  };

  const keepInView = (link) => {
    if (!sidebar || !sidebar.contains(link) || sidebar.scrollHeight <= sidebar.clientHeight) return;
    const top = link.offsetTop - sidebar.offsetTop;
    if (top < sidebar.scrollTop || top + link.offsetHeight > sidebar.scrollTop + sidebar.clientHeight) {
      sidebar.scrollTop = top - sidebar.clientHeight / 3;
    }
  };

  const update = () => {
    const heading = reading();
    if (heading === current) return;
    for (const link of current ? linksTo.get(current.id) || [] : []) link.removeAttribute("aria-current");
    current = heading;
    fold();
    for (const link of current ? linksTo.get(current.id) || [] : []) {
      link.setAttribute("aria-current", "location");
      keepInView(link);
    }
  };

  let queued = false;
  const schedule = () => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => {
      queued = false;
      update();
    });
  };
  window.addEventListener("scroll", schedule, { passive: true });
  window.addEventListener("resize", () => {
    fold();
    schedule();
  });
  fold();
  update();
})();
