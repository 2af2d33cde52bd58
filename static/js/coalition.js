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

// A form with data-confirm asks once before a destructive action. Without JavaScript the
// action goes through; the page says beforehand what will be lost.
document.addEventListener("submit", function (event) {
  var form = event.target;
  var question = form.getAttribute && form.getAttribute("data-confirm");
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});
