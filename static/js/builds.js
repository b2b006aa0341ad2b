// Keep the pack builds' states current while any is queued or building, so
// the secretary need not reload the page. Without JavaScript, reloading works.
(function () {
  "use strict";
  const box = document.getElementById("builds");
  if (!box || box.dataset.building !== "1") return;
  const announce = document.getElementById("builds-announcement");
  const seen = {};

  function render(build, row) {
    const status = row.querySelector('[data-field="status"]');
    status.innerHTML = "";
    const badge = document.createElement("span");
    badge.className = "status-badge status-" + build.status;
    badge.textContent = build.status_display;
    status.appendChild(badge);
    const detail = row.querySelector('[data-field="detail"]');
    if (build.status === "ready") {
      detail.innerHTML = "";
      const link = document.createElement("a");
      link.href = build.url;
      link.textContent = "Download";
      detail.appendChild(link);
      detail.appendChild(document.createTextNode(" (" + build.pages + " pages)"));
    } else if (build.status === "failed") {
      detail.textContent = build.error + " Reload the page to try again.";
    }
  }

  function poll() {
    fetch(box.dataset.statusUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        let pending = false;
        data.builds.forEach(function (build) {
          const row = box.querySelector('[data-build="' + build.id + '"]');
          if (!row) return;
          if (seen[build.id] && seen[build.id] !== build.status) {
            announce.textContent = build.label + ": " + build.status_display + ".";
          }
          seen[build.id] = build.status;
          render(build, row);
          if (build.status === "queued" || build.status === "building") pending = true;
        });
        if (pending) window.setTimeout(poll, 2000);
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  poll();
})();
