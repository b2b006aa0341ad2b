// Keep an archive upload's files' states current while any waits to be read, and say so politely to
// screen readers through the summary (a status region). Without JavaScript the page refreshes itself.
(function () {
  "use strict";
  const box = document.getElementById("progress");
  if (!box || box.dataset.waiting !== "1") return;
  const summary = document.getElementById("progress-summary");
  const refresh = document.getElementById("progress-refresh");

  function render(doc, row) {
    const status = row.querySelector('[data-field="status"]');
    const badge = document.createElement("span");
    badge.className = "status-badge status-" + doc.status;
    badge.textContent = doc.status_display;
    status.replaceChildren(badge);
    const detail = row.querySelector('[data-field="detail"]');
    if (doc.status === "failed") {
      const error = document.createElement("span");
      error.className = "text-danger";
      error.textContent = doc.error + " ";
      const again = document.createElement("a");
      again.href = window.location.pathname;
      again.textContent = "Reload the page to read it again.";
      detail.replaceChildren(error, again);
    } else if (doc.status !== "queued") {
      detail.textContent = doc.kind + (doc.faults ? ", " + doc.faults + " fault" + (doc.faults === 1 ? "" : "s") + " found" : ", no faults found");
    }
  }

  function poll() {
    fetch(box.dataset.statusUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        data.documents.forEach(function (doc) {
          const row = box.querySelector('[data-document="' + doc.id + '"]');
          if (row && row.dataset.status !== doc.status) {
            row.dataset.status = doc.status;
            render(doc, row);
          }
        });
        if (summary.textContent !== data.summary) summary.textContent = data.summary;
        if (data.waiting) {
          window.setTimeout(poll, 2000);
        } else if (refresh) {
          refresh.remove();
        }
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 1000);
})();
