/* LETP attempt page: autosave each answer as it changes, and count down the server's deadline.
   Progressive: without this script the form's buttons save and submit everything. */
(function () {
  "use strict";
  var form = document.getElementById("attempt-form");
  if (!form) { return; }
  var status = document.getElementById("save-status");
  // Every sentence comes translated from the page (data-*-text on the form); none is written here.
  var text = form.dataset;
  var revision = form.querySelector("input[name=revision]");
  var queue = Promise.resolve();
  var timers = {};
  var stopped = false;

  function say(text, kind) {
    status.textContent = text;
    status.className = "save-status" + (kind ? " save-" + kind : "");
  }

  function slotData(slot) {
    var data = new FormData();
    data.append("csrf_token", form.querySelector("input[name=csrf_token]").value);
    data.append("present", slot);
    form.querySelectorAll("[name=q" + slot + "]").forEach(function (field) {
      if ((field.type === "radio" || field.type === "checkbox") && !field.checked) { return; }
      data.append(field.name, field.value);
    });
    return data;
  }

  function save(slot) {
    queue = queue.then(function () {
      if (stopped) { return; }
      var data = slotData(slot);
      data.append("revision", revision.value);
      say(text.savingText);
      return fetch(form.dataset.saveUrl, { method: "POST", body: data, credentials: "same-origin",
                                          headers: { "Accept": "application/json" } })
        .then(function (response) {
          return response.json().then(function (body) { return { ok: response.ok, status: response.status, body: body }; });
        })
        .then(function (result) {
          if (result.ok) {
            revision.value = result.body.revision;
            say(text.savedText.replace("{time}", function () { return result.body.saved_at; }), "ok");
          } else if (result.body.error === "closed") {
            stopped = true;
            window.location.assign(result.body.review);
          } else {
            stopped = true;
            say(result.body.message || text.notSavedText, "error");
          }
        })
        .catch(function () { say(text.offlineText, "error"); });
    });
  }

  form.addEventListener("change", function (event) {
    var field = event.target.closest("fieldset[data-slot]");
    if (field) { save(field.dataset.slot); }
  });
  form.addEventListener("input", function (event) {
    var field = event.target.closest("fieldset[data-slot]");
    if (!field || event.target.type === "radio" || event.target.type === "checkbox") { return; }
    clearTimeout(timers[field.dataset.slot]);
    timers[field.dataset.slot] = setTimeout(function () { save(field.dataset.slot); }, 800);
  });

  // A button press must not race the autosave it triggers (blurring a field fires "change"):
  // send pending saves first, then post the form with the revision they produced.
  var posting = false;
  form.addEventListener("submit", function (event) {
    if (posting || stopped) { return; }
    event.preventDefault();
    Object.keys(timers).forEach(function (slot) { clearTimeout(timers[slot]); save(slot); });
    timers = {};
    var button = event.submitter;
    queue.then(function () {
      posting = true;
      if (button && button.name) {
        var carried = document.createElement("input");
        carried.type = "hidden";
        carried.name = button.name;
        carried.value = button.value;
        form.appendChild(carried);
      }
      form.submit();
    });
  });

  var clock = document.getElementById("countdown");
  if (clock) {
    var ends = Date.now() + Number(clock.dataset.remaining) * 1000;
    var tick = function () {
      var left = Math.max(0, Math.round((ends - Date.now()) / 1000));
      var minutes = Math.floor(left / 60), seconds = left % 60;
      clock.textContent = minutes + ":" + (seconds < 10 ? "0" : "") + seconds;
      if (left <= 60) { clock.parentElement.classList.add("timer-low"); }
      if (left === 0) {
        clearInterval(handle);
        var submit = document.getElementById("submit-button");
        if (submit && !stopped) { queue.then(function () { form.requestSubmit(submit); }); }
      }
    };
    var handle = setInterval(tick, 1000);
    tick();
  }
})();
