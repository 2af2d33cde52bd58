// Progressive enhancement; every page works without this file.
// After a form comes back with errors, take keyboard and screen-reader users to the first
// one: the summary above the form, or else the first field marked invalid.
document.addEventListener("DOMContentLoaded", function () {
  var target = document.querySelector(".form-errors, [aria-invalid='true']");
  if (!target) {
    return;
  }
  if (!target.matches("input, select, textarea, button")) {
    target.setAttribute("tabindex", "-1");
  }
  target.focus();
});
