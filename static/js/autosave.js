// Save a questionnaire's answers as they are chosen, so a reload or a lost connection keeps
// them. The server stores them encrypted; nothing is kept in the browser.
(function () {
  "use strict";
  document.querySelectorAll("form[data-autosave]").forEach(function (form) {
    var status = form.querySelector("[data-autosave-status]");
    form.addEventListener("change", function () {
      var data = new FormData(form);
      data.append("save", "1");
      fetch(form.action || window.location.href, {
        method: "POST",
        body: data,
        headers: { "X-Autosave": "1" },
        credentials: "same-origin",
      })
        .then(function (response) {
          if (status) {
            status.textContent = response.ok ? "Your answers are saved." : "Not saved yet: use Save and finish later.";
          }
        })
        .catch(function () {
          if (status) {
            status.textContent = "Not saved yet: you seem to be offline.";
          }
        });
    });
  });
})();
