// Add, remove and reorder rows of a Django formset. Without JavaScript the
// same can be done with the "Order" and "Delete" fields and the Add button,
// which saves the form and comes back with a blank row.
(function () {
  "use strict";

  function rows(container) {
    return Array.from(container.querySelectorAll(":scope > [data-formset-row]"));
  }

  // Appendices are named in the office's house style: A, B ... (then numbers past Z) or 1, 2 ...
  function label(formset, index) {
    if (formset.dataset.rowLabels === "letters" && index < 26) return String.fromCharCode(65 + index);
    return String(index + 1);
  }

  function renumber(formset) {
    const container = formset.querySelector("[data-formset-rows]");
    rows(container).forEach(function (row, index) {
      const order = row.querySelector('input[name$="-ORDER"]');
      if (order) order.value = index + 1;
      const number = row.querySelector("[data-row-number]");
      if (number) number.textContent = label(formset, index);
    });
  }

  function addControls(formset, row) {
    // Only a formset that saves its rows' order (an "Order" field) offers to move them: elsewhere
    // (attendance, the minutes' items and actions) a move would show an order that is not kept.
    if (row.querySelector("[data-move]") || !row.querySelector('input[name$="-ORDER"]')) return;
    const bar = document.createElement("div");
    bar.className = "d-flex gap-2 mt-2";
    [["up", "Move up"], ["down", "Move down"]].forEach(function (pair) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "btn btn-sm btn-outline-secondary";
      button.dataset.move = pair[0];
      button.textContent = pair[1];
      button.addEventListener("click", function () {
        const container = row.parentElement;
        if (pair[0] === "up" && row.previousElementSibling) {
          container.insertBefore(row, row.previousElementSibling);
        } else if (pair[0] === "down" && row.nextElementSibling) {
          container.insertBefore(row.nextElementSibling, row);
        }
        renumber(formset);
        button.focus();
      });
      bar.appendChild(button);
    });
    row.appendChild(bar);
  }

  document.querySelectorAll("[data-formset]").forEach(function (formset) {
    const prefix = formset.dataset.formset;
    const container = formset.querySelector("[data-formset-rows]");
    const template = formset.querySelector("template[data-formset-empty]");
    const total = formset.querySelector('input[name="' + prefix + '-TOTAL_FORMS"]');
    rows(container).forEach(function (row) { addControls(formset, row); });
    // A formset whose rows come from elsewhere (the minutes' items, from the agenda) has no Add button.
    const add = formset.querySelector("[data-formset-add]");
    if (!add || !template) return;
    add.addEventListener("click", function (event) {
      event.preventDefault();
      const index = parseInt(total.value, 10);
      const html = template.innerHTML.replace(/__prefix__/g, String(index));
      const holder = document.createElement("div");
      holder.innerHTML = html.trim();
      const row = holder.firstElementChild;
      container.appendChild(row);
      total.value = index + 1;
      addControls(formset, row);
      renumber(formset);
      const first = row.querySelector("input:not([type=hidden]), select, textarea");
      if (first) first.focus();
    });
  });
})();
