/* 适老化模式: larger text and high contrast, switched on every page and remembered across pages.
   Loaded in <head> so a remembered choice applies before the first paint (no flash). */
(function () {
  "use strict";
  var KEY = "gongkai-elder";
  var root = document.documentElement;

  function remembered() {
    try { return window.localStorage.getItem(KEY) === "1"; } catch (e) { return false; }
  }

  function remember(on) {
    try {
      if (on) { window.localStorage.setItem(KEY, "1"); } else { window.localStorage.removeItem(KEY); }
    } catch (e) { /* storage disabled: the mode still applies to this page */ }
  }

  if (remembered()) { root.classList.add("elder"); }

  document.addEventListener("DOMContentLoaded", function () {
    var button = document.getElementById("elder-switch");
    if (!button) { return; }
    button.hidden = false;
    button.setAttribute("aria-pressed", String(root.classList.contains("elder")));
    button.addEventListener("click", function () {
      var on = !root.classList.contains("elder");
      root.classList.toggle("elder", on);
      button.setAttribute("aria-pressed", String(on));
      remember(on);
    });
  });
}());
