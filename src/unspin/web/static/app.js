// unspin's only script, served from this file (the Content-Security-Policy allows no inline script).
// The page works without it; it adds: a busy state while an analysis runs, and Escape to dismiss a tip.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var form = document.querySelector("form.analyze");
  if (form) {
    form.addEventListener("submit", function () {
      var button = form.querySelector("button[type=submit]");
      if (button) { button.disabled = true; button.textContent = "Analyzing… (a few seconds)"; }
    });
  }
  // WCAG 1.4.13: content shown on hover or focus can be dismissed without moving the pointer or focus.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    document.body.classList.add("no-tips");
  });
  function showTips() { document.body.classList.remove("no-tips"); }
  document.addEventListener("mousemove", showTips);
  document.addEventListener("focusin", showTips);
});
