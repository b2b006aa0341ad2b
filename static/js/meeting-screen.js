// The register on the meeting screen: a click records the state without reloading the page, and the quorum
// and the person's row are brought up to date from the page the server returns. Without JavaScript, each
// click posts the form and the page reloads at the same person.
(function () {
  "use strict";
  const register = document.getElementById("register-list");
  const announce = document.getElementById("register-announcement");
  if (!register || !window.fetch) return;

  register.addEventListener("submit", async function (event) {
    const form = event.target;
    const button = event.submitter;
    if (!button) return;
    event.preventDefault();
    const data = new FormData(form);
    data.append(button.name, button.value);
    let page;
    try {
      const response = await fetch(form.action, { method: "POST", body: data, credentials: "same-origin" });
      if (!response.ok) throw new Error(response.statusText);
      page = new DOMParser().parseFromString(await response.text(), "text/html");
    } catch (error) {
      window.location.reload();
      return;
    }
    const row = form.closest("li");
    const freshRow = page.getElementById(row.id);
    const freshQuorum = page.getElementById("quorum");
    if (freshRow) row.replaceWith(freshRow);
    const quorum = document.getElementById("quorum");
    if (freshQuorum) {
      // Kept in place, so that the live region announces its new text.
      quorum.className = freshQuorum.className;
      quorum.textContent = freshQuorum.textContent;
    }
    const message = page.querySelector("main .alert");
    if (message && announce) announce.textContent = message.textContent;
    const again = freshRow && freshRow.querySelector('button[value="' + button.value + '"]');
    if (again) again.focus();
  });
})();
