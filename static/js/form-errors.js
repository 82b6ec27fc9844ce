// A form the server turned back with errors comes back at the top of the page: on a phone the
// first error is then a few screens down, and the person sees nothing happen. Bring the first
// field with an error (or, for an error of the whole form, its list) into the middle of the
// screen and put the cursor there, so a screen reader reads the field and its error.
(function () {
  "use strict";

  const field = document.querySelector('[aria-invalid="true"]');
  const target = field || document.querySelector(".errorlist");
  if (!target) {
    return;
  }
  if (!field && !target.hasAttribute("tabindex")) {
    target.setAttribute("tabindex", "-1"); // a list takes focus only when told it may
  }
  target.scrollIntoView({ block: "center" });
  target.focus({ preventScroll: true });
})();
