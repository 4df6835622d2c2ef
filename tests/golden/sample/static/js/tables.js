/* Wide tables scroll sideways inside their .table-wrap on narrow screens. Such a scrolling box must be
   reachable by keyboard (WCAG 2.1.1), so it gets a tab stop and a name from its table's caption, but
   only while it really scrolls: a table that fits adds no extra tab stop. */
(function () {
  "use strict";
  function update() {
    document.querySelectorAll(".table-wrap").forEach(function (box) {
      if (box.scrollWidth > box.clientWidth + 1) {
        var caption = box.querySelector("caption");
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", caption ? caption.textContent.trim() : "表格");
      } else if (box.getAttribute("role") === "region") {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
      }
    });
  }
  document.addEventListener("DOMContentLoaded", update);
  window.addEventListener("resize", update);
  // 适老化模式 changes the text size, and with it which tables scroll
  new MutationObserver(update).observe(document.documentElement, { attributes: true, attributeFilter: ["class"] });
}());
