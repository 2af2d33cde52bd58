// Draws the network picture from the JSON in #network-data with cytoscape (vendored).
// Positions come from the server, so the picture is the same on every load: a preset
// layout, no physics, nodes that cannot be dragged. The legend and every word on screen are
// in the page itself; the table below the picture holds the same partners for anyone who
// cannot use the picture, so the picture is aria-hidden.
(function () {
  "use strict";

  var COLOURS = { green: "#1e6b34", amber: "#b86e00", red: "#a4262c" };
  var SHAPES = { green: "ellipse", amber: "diamond", red: "rectangle" };
  var PADDING = 24;

  function draw() {
    var data = document.getElementById("network-data");
    var figure = document.getElementById("network-figure");
    var container = document.getElementById("network-picture");
    if (!data || !figure || !container || typeof window.cytoscape !== "function") {
      return; // the table is there; nothing is lost
    }
    var picture = JSON.parse(data.textContent);
    if (!picture || !picture.nodes) {
      return;
    }
    figure.hidden = false;

    var cy = window.cytoscape({
      container: container,
      elements: { nodes: picture.nodes, edges: picture.edges },
      layout: { name: "preset", fit: true, padding: PADDING },
      userZoomingEnabled: false,
      userPanningEnabled: false,
      boxSelectionEnabled: false,
      autoungrabify: true,
      autounselectify: true,
      style: [
        {
          selector: "node",
          style: {
            label: "data(label)",
            "font-family": "Noto Sans, DejaVu Sans, sans-serif",
            "font-size": 14,
            color: "#1c2430",
            // Labels too small to read are left out; the table has every name.
            "min-zoomed-font-size": 8,
          },
        },
        {
          selector: "node[kind = 'centre']",
          style: {
            shape: "ellipse",
            width: 70,
            height: 70,
            "background-color": "#1f5f5b",
            "border-width": 3,
            "border-color": "#143f3c",
            "text-valign": "bottom",
            "text-margin-y": 6,
            "font-size": 26,
            "font-weight": "bold",
            "text-background-color": "#ffffff",
            "text-background-opacity": 0.9,
            "text-background-padding": 2,
          },
        },
        {
          selector: "node[kind = 'category']",
          style: {
            shape: "round-rectangle",
            width: "label",
            height: 34,
            padding: 8,
            "font-size": 22,
            "background-color": "#e3efed",
            "border-width": 1,
            "border-color": "#4a5563",
            "text-valign": "center",
            "text-halign": "center",
            color: "#143f3c",
            "font-weight": "bold",
          },
        },
        {
          selector: "node[kind = 'partner']",
          style: {
            width: "data(size)",
            height: "data(size)",
            "border-width": 2,
            "border-color": "#ffffff",
            "text-valign": "bottom",
            "text-margin-y": 4,
            "text-background-color": "#ffffff",
            "text-background-opacity": 0.85,
            "text-background-padding": 1,
          },
        },
        {
          selector: "node[kind = 'partner'][?shared]",
          style: { "border-width": 3, "border-style": "dashed", "border-color": "#1c2430" },
        },
        {
          selector: "edge",
          style: { width: 1.5, "line-color": "#b8c2cc", "curve-style": "straight" },
        },
      ],
    });

    Object.keys(COLOURS).forEach(function (health) {
      cy.nodes("[kind = 'partner'][health = '" + health + "']").style({
        "background-color": COLOURS[health],
        shape: SHAPES[health],
      });
    });

    cy.on("tap", "node[kind = 'partner']", function (event) {
      var url = event.target.data("url");
      if (url) {
        window.location.href = url;
      }
    });
    cy.on("mouseover", "node[kind = 'partner']", function () {
      container.classList.add("network-pointing");
    });
    cy.on("mouseout", "node[kind = 'partner']", function () {
      container.classList.remove("network-pointing");
    });

    // The picture scales with its box (a phone turned, a window resized).
    var pending = null;
    window.addEventListener("resize", function () {
      window.clearTimeout(pending);
      pending = window.setTimeout(function () {
        cy.resize();
        cy.fit(undefined, PADDING);
      }, 150);
    });
    container.setAttribute("data-drawn", String(cy.nodes().length));
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
