/* Adds a filter box above every table wrapped in <div class="kb-filter">; rows that do not contain the text hide.
   Re-run on Material's instant navigation (document$). */
(function () {
  function enhance() {
    document.querySelectorAll(".kb-filter").forEach(function (box) {
      if (box.querySelector("input.kb-filter__input")) return;
      var table = box.querySelector("table");
      if (!table) return;
      var input = document.createElement("input");
      input.type = "search";
      input.className = "kb-filter__input";
      input.placeholder = "Filter: type a code or words from a message";
      input.setAttribute("aria-label", "Filter the table");
      box.insertBefore(input, box.firstChild);
      input.addEventListener("input", function () {
        var needle = input.value.trim().toLowerCase();
        table.querySelectorAll("tbody tr").forEach(function (row) {
          row.hidden = needle !== "" && row.textContent.toLowerCase().indexOf(needle) === -1;
        });
      });
    });
  }
  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(enhance);
  } else {
    document.addEventListener("DOMContentLoaded", enhance);
  }
})();
