/* 文件库 and 标准目录 filter: shows the filter form and hides the rows that do not match it, as soon
   as a choice changes and again on its 筛选 button. Without JavaScript the form stays hidden and
   every row is shown. */
(function () {
  "use strict";
  document.querySelectorAll("form[data-filter-table]").forEach(function (form) {
    var table = document.getElementById(form.getAttribute("data-filter-table"));
    if (!table) { return; }
    var rows = table.tBodies[0].rows;
    var count = form.parentNode.querySelector(".library-count");
    var unit = (count && count.getAttribute("data-unit")) || "件";
    function apply() {
      var shown = 0;
      for (var i = 0; i < rows.length; i++) {
        var row = rows[i], match = true;
        form.querySelectorAll("select").forEach(function (select) {
          // a row may hold several values of one element, separated by "|" (公开层级: 县级|乡级)
          var values = "|" + row.getAttribute("data-" + select.name) + "|";
          if (select.value && values.indexOf("|" + select.value + "|") < 0) { match = false; }
        });
        row.hidden = !match;
        if (match) { shown++; }
      }
      if (count) { count.textContent = "共 " + shown + " " + unit; }
    }
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); apply(); });
    form.hidden = false;
    apply();
  });
}());
