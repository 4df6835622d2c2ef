/* 文件库, 标准目录 and 政策问答 filter: shows the filter form and hides the rows (or list items) that do
   not match it, as soon as a choice or the keyword changes and again on its 筛选 button. A select
   matches a row's data attribute of its name; a search box matches every word against the row's
   text. Without JavaScript the form stays hidden and every row is shown. */
(function () {
  "use strict";
  document.querySelectorAll("form[data-filter-table]").forEach(function (form) {
    var table = document.getElementById(form.getAttribute("data-filter-table"));
    if (!table) { return; }
    var rows = table.tBodies ? table.tBodies[0].rows : table.children;
    var count = form.parentNode.querySelector(".library-count");
    var unit = (count && count.getAttribute("data-unit")) || "件";
    function matches(row) {
      var match = true;
      form.querySelectorAll("select").forEach(function (select) {
        // a row may hold several values of one element, separated by "|" (公开层级: 县级|乡级)
        var values = "|" + row.getAttribute("data-" + select.name) + "|";
        if (select.value && values.indexOf("|" + select.value + "|") < 0) { match = false; }
      });
      form.querySelectorAll("input[type=search]").forEach(function (input) {
        input.value.trim().split(/\s+/).forEach(function (word) {
          if (word && row.textContent.indexOf(word) < 0) { match = false; }
        });
      });
      return match;
    }
    function apply() {
      var shown = 0;
      for (var i = 0; i < rows.length; i++) {
        var match = matches(rows[i]);
        rows[i].hidden = !match;
        if (match) { shown++; }
      }
      if (count) { count.textContent = "共 " + shown + " " + unit; }
    }
    form.addEventListener("change", apply);
    form.addEventListener("input", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); apply(); });
    form.hidden = false;
    apply();
  });
}());
