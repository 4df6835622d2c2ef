/* 文件库 filter: shows the filter form and hides the rows that do not match it, as soon as a
   choice changes and again on its 筛选 button. Without JavaScript the form stays hidden and
   every row is shown. */
(function () {
  "use strict";
  document.querySelectorAll("form[data-filter-table]").forEach(function (form) {
    var table = document.getElementById(form.getAttribute("data-filter-table"));
    if (!table) { return; }
    var rows = table.tBodies[0].rows;
    var count = form.parentNode.querySelector(".library-count");
    function apply() {
      var shown = 0;
      for (var i = 0; i < rows.length; i++) {
        var row = rows[i], match = true;
        form.querySelectorAll("select").forEach(function (select) {
          if (select.value && row.getAttribute("data-" + select.name) !== select.value) { match = false; }
        });
        row.hidden = !match;
        if (match) { shown++; }
      }
      if (count) { count.textContent = "共 " + shown + " 件"; }
    }
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); apply(); });
    form.hidden = false;
    apply();
  });
}());
