/* LETP attempt and summary pages: autosave each answer as it changes, keep the answered count,
   and count down the server's deadline. Progressive: without this script the form's buttons
   save, move and finish, and the server submits an attempt whose time is up. */
(function () {
  "use strict";
  var form = document.getElementById("attempt-form");
  var status = document.getElementById("save-status");
  var queue = Promise.resolve();
  var timers = {};
  var stopped = false;

  function say(message, kind) {
    if (!status) { return; }
    status.textContent = message;
    status.className = "save-status" + (kind ? " save-" + kind : "");
  }

  // "8 of 15 answered", kept current as answers change: the server's count for the whole attempt,
  // less what this page showed answered on load, plus what this page holds answered now.
  var count = document.getElementById("answered-count");
  var base = null;
  function fieldAnswered(fieldset) {
    return Array.prototype.some.call(fieldset.querySelectorAll("input, textarea, select"), function (input) {
      if (input.type === "radio" || input.type === "checkbox") { return input.checked; }
      return input.type !== "hidden" && input.value.trim() !== "";
    });
  }
  function answeredHere() {
    return Array.prototype.filter.call(form.querySelectorAll("fieldset[data-slot]"), fieldAnswered).length;
  }
  function recount(fieldset) {
    if (!count) { return; }
    count.textContent = String(base + answeredHere());
    var link = document.querySelector("[data-nav-slot='" + fieldset.dataset.slot + "']");
    if (link) {
      var answered = fieldAnswered(fieldset);
      link.classList.toggle("nav-answered", answered);
      link.classList.toggle("nav-open", !answered);
      var nav = link.closest("nav");
      var hidden = link.querySelector(".visually-hidden");
      if (nav && hidden) { hidden.textContent = " " + (answered ? nav.dataset.answeredText : nav.dataset.openText); }
    }
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

  function fieldError(slot, message) {
    var error = document.getElementById("q" + slot + "-error");
    var input = document.getElementById("q" + slot + "-input");
    if (!error || !input) { return; }
    error.textContent = message || "";
    error.hidden = !message;
    if (message) { input.setAttribute("aria-invalid", "true"); } else { input.removeAttribute("aria-invalid"); }
  }

  function save(slot) {
    queue = queue.then(function () {
      if (stopped) { return; }
      var data = slotData(slot);
      data.append("revision", form.querySelector("input[name=revision]").value);
      say(text.savingText);
      return fetch(text.saveUrl, { method: "POST", body: data, credentials: "same-origin",
                                   headers: { "Accept": "application/json" } })
        .then(function (response) {
          return response.json().then(function (body) { return { ok: response.ok, body: body }; });
        })
        .then(function (result) {
          if (result.ok) {
            form.querySelector("input[name=revision]").value = result.body.revision;
            fieldError(slot, "");
            say(text.savedText.replace("{time}", function () { return result.body.saved_at; }), "ok");
          } else if (result.body.error === "number") {
            fieldError(slot, result.body.message);
            say(result.body.message, "error");
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

  if (form) {
    // Every sentence comes translated from the page (data-*-text); none is written here.
    var text = form.dataset;
    if (status && status.dataset.autoText) { say(status.dataset.autoText); }
    if (count) { base = Number(count.textContent) - answeredHere(); }

    form.addEventListener("change", function (event) {
      var field = event.target.closest("fieldset[data-slot]");
      if (field) { recount(field); save(field.dataset.slot); }
    });
    form.addEventListener("input", function (event) {
      var field = event.target.closest("fieldset[data-slot]");
      // Choices and selects save on "change"; typing waits for a pause.
      if (!field || event.target.type === "radio" || event.target.type === "checkbox" ||
          event.target.tagName === "SELECT") { return; }
      recount(field);
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
  }

  // The countdown: the server's remaining seconds, shown each second; screen readers hear the
  // last five minutes and the last minute once each. At zero the answers are submitted.
  var clock = document.getElementById("countdown");
  if (clock) {
    var announce = document.getElementById("timer-announce");
    var said = {};
    var ends = Date.now() + Number(clock.dataset.remaining) * 1000;
    var tick = function () {
      var left = Math.max(0, Math.round((ends - Date.now()) / 1000));
      var minutes = Math.floor(left / 60), seconds = left % 60;
      clock.textContent = minutes + ":" + (seconds < 10 ? "0" : "") + seconds;
      if (left <= 60) { clock.parentElement.classList.add("timer-low"); }
      if (announce) {
        if (left <= 300 && left > 60 && !said.five) { said.five = true; announce.textContent = announce.dataset.fiveText; }
        if (left <= 60 && left > 0 && !said.one) { said.one = true; announce.textContent = announce.dataset.oneText; }
      }
      if (left === 0) {
        clearInterval(handle);
        var target = form || document.getElementById("summary-form");
        if (target && !stopped) {
          queue.then(function () {
            var finish = document.createElement("input");
            finish.type = "hidden";
            finish.name = "action";
            finish.value = "submit";  // time is up: no summary step
            target.appendChild(finish);
            stopped = true;
            target.submit();
          });
        }
      }
    };
    var handle = setInterval(tick, 1000);
    tick();
  }
})();
