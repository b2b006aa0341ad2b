// "Paper in the portal" of a source document: as the author types words of a title or a number, the list of
// suggestions (the page's <datalist id="paper-choices">, which the browser shows under the field) is filled
// with the matching papers. Without JavaScript the list holds the newest papers, and a number or a pasted
// address is read all the same.
(function () {
  "use strict";

  const list = document.getElementById("paper-choices");
  if (!list) return;
  const source = new URL(list.dataset.source, window.location.href);
  let timer = null;
  let asked = "";

  function fill(choices) {
    list.replaceChildren.apply(
      list,
      choices.map(function (label) {
        const option = document.createElement("option");
        option.value = label;
        return option;
      })
    );
  }

  function suggest(text) {
    // A value already chosen from the list starts with the paper's number and a dot: nothing to look up.
    if (/^\d+ · /.test(text) || text === asked) return;
    asked = text;
    const url = new URL(source);
    url.searchParams.set("q", text);
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) { if (data && asked === text) fill(data.choices); })
      .catch(function () { /* the suggestions already shown stay; the field still reads a number */ });
  }

  document.addEventListener("input", function (event) {
    const field = event.target;
    if (!(field instanceof HTMLInputElement) || !field.hasAttribute("data-paper-chooser")) return;
    window.clearTimeout(timer);
    timer = window.setTimeout(function () { suggest(field.value.trim()); }, 200);
  });
})();
