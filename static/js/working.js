// Long steps (publishing an agenda and its packs, saving the RAG grid, building a preview) say that they
// are working: the button is disabled against a second submission, reads "Working…", and a polite live
// region tells screen reader users. Without JavaScript the step works the same, without the notice.
(function () {
  "use strict";

  function status(near) {
    let region = near.querySelector("[data-working-status]");
    if (!region) {
      region = document.createElement("p");
      region.setAttribute("role", "status");
      region.setAttribute("aria-live", "polite");
      region.className = "small mt-2 mb-0";
      region.dataset.workingStatus = "";
      near.appendChild(region);
    }
    return region;
  }

  function say(near, text) {
    const region = status(near);
    // Set after the region exists, so that it is announced.
    window.setTimeout(function () { region.textContent = text; }, 50);
  }

  document.addEventListener("submit", function (event) {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-working")) return;
    if (form.dataset.submitting === "1") { event.preventDefault(); return; }
    form.dataset.submitting = "1";
    const submitter = event.submitter;
    // A disabled button is not sent: carry the pressed button's name and value in a hidden field.
    if (submitter && submitter.name) {
      const carried = document.createElement("input");
      carried.type = "hidden";
      carried.name = submitter.name;
      carried.value = submitter.value;
      form.appendChild(carried);
    }
    form.setAttribute("aria-busy", "true");
    form.querySelectorAll("button[type=submit], button:not([type])").forEach(function (button) {
      button.disabled = true;
      if (button === submitter || !submitter) {
        button.dataset.label = button.textContent;
        button.textContent = "Working…";
      }
    });
    say(form, form.dataset.working || "Working… this can take a few seconds. Please keep this page open.");
  });

  document.addEventListener("click", function (event) {
    const link = event.target.closest ? event.target.closest("a[data-working]") : null;
    if (!link) return;
    link.setAttribute("aria-busy", "true");
    link.classList.add("disabled");
    say(link.parentElement, link.dataset.working || "Working…");
  });

  // Back from the next page (bfcache): the buttons work again.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form[data-submitting]").forEach(function (form) {
      delete form.dataset.submitting;
      form.removeAttribute("aria-busy");
      form.querySelectorAll("button").forEach(function (button) {
        button.disabled = false;
        if (button.dataset.label) button.textContent = button.dataset.label;
      });
    });
    document.querySelectorAll("a[data-working]").forEach(function (link) {
      link.classList.remove("disabled");
      link.removeAttribute("aria-busy");
    });
  });
})();
