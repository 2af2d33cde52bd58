// Type-ahead for long lists of people: a filter box above a <select> or a list of checkboxes
// with the class "people-picker" (coalition.forms.PersonChoiceField and PeopleChoiceField).
// Progressive enhancement: without this file the whole list is there, in address-book order.
// The texts come translated from the <script> element's data attributes (base.html).
(function () {
  "use strict";

  var LONG_LIST = 15;
  var script = document.currentScript;
  var texts = {
    label: (script && script.dataset.filterLabel) || "Filter by name or organisation",
    count: (script && script.dataset.filterCount) || "{shown} of {total} shown",
  };

  // Case and accents do not count, as in the server's sort order (coalition.names.fold).
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  // Each choice: the element to hide, the text to search and whether it is chosen now.
  function choicesOf(list) {
    if (list.tagName === "SELECT") {
      return Array.prototype.filter
        .call(list.options, function (option) {
          return option.value !== "";
        })
        .map(function (option) {
          return {
            row: option,
            text: fold(option.textContent),
            chosen: function () {
              return option.selected;
            },
          };
        });
    }
    return Array.prototype.map.call(
      list.querySelectorAll("input[type='checkbox'], input[type='radio']"),
      function (input) {
        var label = input.closest("label") || input;
        var row = label.parentElement && label.parentElement !== list ? label.parentElement : label;
        return {
          row: row,
          text: fold(label.textContent),
          chosen: function () {
            return input.checked;
          },
        };
      },
    );
  }

  function enhance(list, index) {
    var choices = choicesOf(list);
    if (choices.length <= LONG_LIST) {
      return;
    }
    var id = (list.id || "people-picker-" + index) + "-filter";
    var box = document.createElement("div");
    box.className = "picker-filter";
    var label = document.createElement("label");
    label.htmlFor = id;
    label.textContent = texts.label;
    var input = document.createElement("input");
    input.type = "search";
    input.id = id;
    input.autocomplete = "off";
    input.spellcheck = false;
    if (list.id) {
      input.setAttribute("aria-controls", list.id);
    }
    var status = document.createElement("p");
    status.className = "helptext";
    status.id = id + "-status";
    status.setAttribute("role", "status");
    input.setAttribute("aria-describedby", status.id);
    box.appendChild(label);
    box.appendChild(input);
    box.appendChild(status);
    list.parentNode.insertBefore(box, list);

    function apply() {
      var words = fold(input.value).split(/\s+/).filter(Boolean);
      var shown = 0;
      choices.forEach(function (choice) {
        // A chosen person stays in view, so nobody loses sight of what the form will send.
        var match =
          choice.chosen() ||
          words.every(function (word) {
            return choice.text.indexOf(word) !== -1;
          });
        choice.row.hidden = !match;
        if (match) {
          shown += 1;
        }
      });
      status.textContent = words.length
        ? texts.count.replace("{shown}", shown).replace("{total}", choices.length)
        : "";
    }

    input.addEventListener("input", apply);
    // Enter in the filter box would send the form half filled in.
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault();
      }
    });
  }

  function start() {
    var lists = document.querySelectorAll("select.people-picker, div.people-picker");
    Array.prototype.forEach.call(lists, enhance);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
