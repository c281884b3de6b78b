// Until a signed-in person has chosen a time zone, pages say which zone times are shown in and
// offer the zone this device is set to (base.html, ".zone-notice"). The server checks the zone
// against the ones it offers; without this script the notice links to the profile instead.
(() => {
  "use strict";
  const form = document.querySelector("form[data-zone-offer]");
  if (!form) return;
  let zone = "";
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
  } catch (error) {
    return;
  }
  if (!/^[A-Za-z_]+\/[A-Za-z0-9_+\-\/]+$/.test(zone) && zone !== "UTC") return;
  const button = form.querySelector("button[data-label]");
  form.querySelector("input[name=timezone]").value = zone;
  button.textContent = button.dataset.label.replace("{zone}", zone);
  button.hidden = false;
})();
