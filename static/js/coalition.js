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

// Marks the page as scripted before the first paint (this file is not deferred), so the CSS
// can fold the header on a phone without showing it open first.
document.documentElement.classList.add("js");

// The "Menu" button in the header of a narrow screen shows and hides the navigation and the
// header tools. Escape closes it again and puts focus back on the button.
document.addEventListener("DOMContentLoaded", function () {
  var header = document.querySelector(".site-header.has-menu");
  var button = header && header.querySelector(".menu-toggle");
  if (!button) {
    return;
  }
  function setOpen(open) {
    header.classList.toggle("menu-open", open);
    button.setAttribute("aria-expanded", open ? "true" : "false");
  }
  setOpen(false);
  button.addEventListener("click", function () {
    setOpen(button.getAttribute("aria-expanded") !== "true");
  });
  header.addEventListener("keydown", function (event) {
    var menuShown = button.offsetParent !== null && header.classList.contains("menu-open");
    if (event.key === "Escape" && menuShown) {
      setOpen(false);
      button.focus();
    }
  });
});

(function () {
  "use strict";

  // Tables with the class "stack-on-phone" turn into one card per row on a narrow screen. Each
  // cell gets its column's header as data-label, which the CSS shows in front of the value, and
  // the parts keep their table roles for screen readers once the CSS lays them out as blocks.
  function visibleText(cell) {
    var copy = cell.cloneNode(true);
    copy.querySelectorAll(".visually-hidden").forEach(function (hidden) {
      hidden.remove();
    });
    return copy.textContent.replace(/\s+/g, " ").trim();
  }

  function stackTable(table) {
    var head = table.tHead;
    if (!head || !head.rows.length) {
      return;
    }
    var labels = [];
    Array.prototype.forEach.call(head.rows[head.rows.length - 1].cells, function (th) {
      for (var i = 0; i < th.colSpan; i++) {
        labels.push(visibleText(th));
      }
    });
    table.setAttribute("role", "table");
    [head, table.tFoot].concat(Array.prototype.slice.call(table.tBodies)).forEach(function (group) {
      if (group) {
        group.setAttribute("role", "rowgroup");
      }
    });
    Array.prototype.forEach.call(table.rows, function (row) {
      row.setAttribute("role", "row");
      var column = 0;
      Array.prototype.forEach.call(row.cells, function (cell) {
        var inHead = row.parentNode === head;
        if (cell.tagName === "TH") {
          cell.setAttribute("role", inHead || cell.scope === "col" ? "columnheader" : "rowheader");
        } else {
          cell.setAttribute("role", "cell");
        }
        // A row header is the card's title; a cell across all columns ("nothing yet") needs none.
        if (!inHead && cell.tagName === "TD" && cell.colSpan === 1 && labels[column]) {
          cell.setAttribute("data-label", labels[column]);
        }
        column += cell.colSpan;
      });
    });
    table.classList.add("stacked");
  }

  // A table box that scrolls sideways must be reachable with the keyboard and say what it holds
  // (axe: scrollable-region-focusable). Only while it scrolls, so a wide screen gets no extra tab
  // stop; a box with its own tabindex in the template is left as it is.
  var labelCount = 0;

  function labelFor(wrap) {
    var caption = wrap.querySelector("caption");
    if (caption) {
      return caption;
    }
    // The nearest heading before the box, among its own or its ancestors' earlier siblings.
    for (var node = wrap; node && node !== document.body; node = node.parentElement) {
      var before = node.previousElementSibling;
      for (; before; before = before.previousElementSibling) {
        if (/^H[1-6]$/.test(before.tagName)) {
          return before;
        }
      }
    }
    return document.querySelector("h1");
  }

  function markScrollingTables() {
    document.querySelectorAll(".table-wrap").forEach(function (wrap) {
      var managed = wrap.hasAttribute("data-scroll-region");
      if (wrap.hasAttribute("tabindex") && !managed) {
        return;
      }
      var scrolls = wrap.scrollWidth > wrap.clientWidth + 1;
      if (scrolls && !managed) {
        var label = labelFor(wrap);
        wrap.setAttribute("data-scroll-region", "");
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        if (label) {
          label.id = label.id || "table-label-" + ++labelCount;
          wrap.setAttribute("aria-labelledby", label.id);
        }
      } else if (!scrolls && managed) {
        ["data-scroll-region", "tabindex", "role", "aria-labelledby"].forEach(function (name) {
          wrap.removeAttribute(name);
        });
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("table.stack-on-phone").forEach(stackTable);
    markScrollingTables();
    var pending = false;
    window.addEventListener("resize", function () {
      if (!pending) {
        pending = true;
        window.requestAnimationFrame(function () {
          pending = false;
          markScrollingTables();
        });
      }
    });
  });
})();

// A page that waits for a file made in the background (data-ready-url) asks for it every few
// seconds, without reloading or leaving the page; once it is there, the status (a live
// region) says so and offers a link. Without JavaScript the page's own button asks again.
document.addEventListener("DOMContentLoaded", function () {
  var waiting = document.querySelector("[data-ready-url]");
  if (!waiting || !window.fetch) {
    return;
  }
  var url = waiting.getAttribute("data-ready-url");
  var every = (parseInt(waiting.getAttribute("data-ready-seconds"), 10) || 5) * 1000;
  var tries = 0;
  function ready() {
    var text = document.createElement("p");
    text.textContent = waiting.getAttribute("data-ready-text");
    var link = document.createElement("a");
    link.href = url;
    link.className = "button";
    link.textContent = waiting.getAttribute("data-ready-link");
    var actions = document.createElement("p");
    actions.appendChild(link);
    waiting.replaceChildren(text, actions);
  }
  function ask() {
    tries += 1;
    fetch(url, { method: "HEAD", credentials: "same-origin" })
      .then(function (response) {
        var type = response.headers.get("Content-Type") || "";
        if (response.ok && type.indexOf("text/html") !== 0) {
          ready();
        } else if (tries < 120) {
          window.setTimeout(ask, every);
        }
      })
      .catch(function () {
        if (tries < 120) {
          window.setTimeout(ask, every);
        }
      });
  }
  window.setTimeout(ask, every);
});
