// A page that comes back with an error (a refused save, a step that could not be taken) moves the keyboard focus
// to the first error message, so that a keyboard or screen reader user starts there rather than at the top of
// the page; from it, Tab reaches the fields marked below. Without JavaScript the message is still announced
// (role="alert").
(function () {
  "use strict";

  document.addEventListener("DOMContentLoaded", function () {
    const error = document.querySelector("main .alert-danger[role=alert]");
    if (!error) return;
    if (!error.hasAttribute("tabindex")) error.setAttribute("tabindex", "-1");
    error.focus();
  });
})();
