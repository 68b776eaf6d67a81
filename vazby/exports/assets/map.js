/* vazby map: labels placed for the zoom, legend in the nodes' shapes, search, filters, focus,
 * colour and size modes, plans and areas that collapse, keyboard.
 * Every text from the data reaches the page through textContent or new Option(text):
 * never parsed as HTML, so a label holding an img tag with an error handler stays text. */
(function () {
  "use strict";

  function readJson(id) {
    return JSON.parse(document.getElementById(id).textContent);
  }

  var config = readJson("vz-config");
  var rawNodes = readJson("vz-nodes");
  var rawEdges = readJson("vz-edges");
  var SVG_NS = "http://www.w3.org/2000/svg";

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    if (className) { node.className = className; }
    return node;
  }

  function tooltip(title, rows) {
    var box = el("div", null, "vz-tip");
    box.appendChild(el("b", title));
    rows.forEach(function (row) {
      var line = el("div");
      line.appendChild(el("span", row[0] + ": ", "vz-key"));
      line.appendChild(document.createTextNode(String(row[1])));
      box.appendChild(line);
    });
    return box;
  }

  function fold(text) {
    return String(text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  var byId = {};
  var adjacency = {};
  var degree = {};
  rawNodes.forEach(function (n, i) {
    n.title = tooltip(n.vzLabel, n.vzInfo);
    n.vzOrder = i;
    byId[n.id] = n;
    adjacency[n.id] = [];
    degree[n.id] = 0;
  });
  rawEdges.forEach(function (e, i) {
    e.id = "e" + i;
    e.title = tooltip(e.vzKind, e.vzInfo);
    if (adjacency[e.from] && adjacency[e.to]) {
      adjacency[e.from].push(e.to);
      adjacency[e.to].push(e.from);
      degree[e.from]++;
      degree[e.to]++;
    }
  });

  var nodes = new vis.DataSet(rawNodes);
  var edges = new vis.DataSet(rawEdges);
  var container = document.getElementById("mynetwork");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, config.options);

  var state = { types: {}, plan: "", area: "", focus: null, colorBy: config.colorBy,
    sizeBy: config.sizeBy };
  var clusters = {};
  config.nodeTypes.forEach(function (t) { state.types[t.type] = true; });

  /* ---- labels: a size in screen pixels at any zoom, none drawn over another ---- */
  var measure = document.createElement("canvas").getContext("2d");
  var widthCache = {};

  function textWidth(text, px) {
    var key = text;
    if (widthCache[key] === undefined) {
      measure.font = "10px DejaVu Sans, Arial, sans-serif";
      widthCache[key] = measure.measureText(text).width / 10;
    }
    return widthCache[key] * px;
  }

  function labelOf(id) {
    if (clusters[id]) { return clusters[id].label; }
    return byId[id] ? byId[id].label : "";
  }

  function typeOf(id) {
    if (clusters[id]) { return clusters[id].type; }
    return byId[id] ? byId[id].vzType : "";
  }

  function rankOf(id) {
    if (clusters[id]) { return clusters[id].type === "plan" ? 0 : 1; }
    return byId[id] ? byId[id].vzRank : 9;
  }

  /* Where a label goes on screen: under its node, or above it (first for the types in
   * config.labelAbove: a plan's name over its areas; otherwise when the room under the
   * node is taken); shift is the vis-network vadjust (canvas pixels) that moves it there. */
  function labelBox(id, point, px, scale, above) {
    var lines = String(labelOf(id)).split("\n");
    var width = 0;
    lines.forEach(function (line) { width = Math.max(width, textWidth(line, px)); });
    var body = network.body.nodes[id];
    var radius = (body && body.options.size ? body.options.size : 10) * scale;
    var height = lines.length * px * 1.22 + 2;
    var top = above ? point.y - radius - 4 - height : point.y + radius + 2;
    return { left: point.x - width / 2 - 2, right: point.x + width / 2 + 2, top: top,
      bottom: top + height, shift: above ? -(2 * radius + 6 + height) / scale : 0 };
  }

  function overlaps(a, b) {
    return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  }

  var placed = {};

  function placeLabels() {
    var scale = network.getScale();
    var width = container.clientWidth;
    var height = container.clientHeight;
    var ids = network.body.nodeIndices.slice();
    var positions = network.getPositions(ids);
    ids.sort(function (a, b) {
      var ra = rankOf(a);
      var rb = rankOf(b);
      if (ra !== rb) { return ra - rb; }
      if (clusters[a] || clusters[b]) { return clusters[a] ? -1 : 1; }
      if (degree[b] !== degree[a]) { return degree[b] - degree[a]; }
      return byId[a].vzOrder - byId[b].vzOrder;
    });
    var taken = [];
    var updates = [];
    placed = {};
    ids.forEach(function (id) {
      var px = config.labelPx[typeOf(id)] || 11;
      var point = network.canvasToDOM(positions[id]);
      var first = config.labelAbove.indexOf(typeOf(id)) >= 0;
      var box = null;
      var free = false;
      [first, !first].some(function (above) {
        var candidate = labelBox(id, point, px, scale, above);
        if (!box) { box = candidate; }
        if (!taken.some(function (other) { return overlaps(candidate, other); })) {
          box = candidate;
          free = true;
        }
        return free;
      });
      free = free && labelOf(id) !== "";
      var onScreen = box.right > 0 && box.left < width && box.bottom > 0 && box.top < height;
      var size = free ? px / scale : 0;
      if (free) { taken.push(box); }  // off screen too: panning must not bring overlaps
      if (free) { placed[id] = { px: px, box: box, onScreen: onScreen }; }
      var font = { size: size, vadjust: box.shift };
      if (clusters[id]) {
        network.clustering.updateClusteredNode(id, { font: font });
      } else if (byId[id] && (byId[id].vzFont !== size || byId[id].vzShift !== box.shift)) {
        byId[id].vzFont = size;
        byId[id].vzShift = box.shift;
        updates.push({ id: id, font: font });
      }
    });
    if (updates.length) { nodes.update(updates); }
  }

  var pending = null;
  function placeSoon() {
    if (pending) { window.clearTimeout(pending); }
    pending = window.setTimeout(function () { pending = null; placeLabels(); }, 40);
  }

  /* ---- filters and focus ---- */
  function scoped(n, key, value) {
    if (!value) { return true; }
    if (n[key] !== undefined && n[key] !== null) { return n[key] === value; }
    return adjacency[n.id].some(function (m) { return byId[m][key] === value; });
  }

  function focusSet() {
    if (!state.focus) { return null; }
    var depth = parseInt(document.getElementById("vz-depth").value, 10) || 1;
    var seen = {};
    seen[state.focus] = true;
    var frontier = [state.focus];
    for (var d = 0; d < depth; d++) {
      var next = [];
      frontier.forEach(function (id) {
        adjacency[id].forEach(function (m) {
          if (!seen[m]) { seen[m] = true; next.push(m); }
        });
      });
      frontier = next;
    }
    return seen;
  }

  function apply() {
    var inFocus = focusSet();
    var updates = [];
    var shown = 0;
    rawNodes.forEach(function (n) {
      var visible = state.types[n.vzType] !== false && scoped(n, "vzPlan", state.plan) &&
        scoped(n, "vzAreaKey", state.area) && (!inFocus || inFocus[n.id] === true);
      if (visible) { shown++; }
      updates.push({ id: n.id, hidden: !visible });
    });
    nodes.update(updates);
    document.getElementById("vz-status").textContent =
      "showing " + shown + " of " + rawNodes.length + " nodes" +
      (state.focus ? " (focus: " + byId[state.focus].vzLabel + ")" : "");
    placeSoon();
  }

  function showDetails(id) {
    var list = document.getElementById("vz-details");
    list.textContent = "";
    var n = byId[id];
    list.appendChild(el("dt", n.vzLabel, "vz-selected"));
    n.vzInfo.forEach(function (row) {
      list.appendChild(el("dt", row[0]));
      list.appendChild(el("dd", row[1]));
    });
  }

  function fitTo(ids) {
    network.fit(ids ? { nodes: ids, animation: false } : { animation: false });
    placeLabels();
  }

  function focusOn(id) {
    if (clusters[id]) { expand(id); }
    var home = network.clustering.findNode(id);
    if (home.length > 1) { expand(home[0]); }
    state.focus = id;
    apply();
    showDetails(id);
    network.selectNodes([id]);
    fitTo(Object.keys(focusSet()));
  }

  function reset() {
    state.focus = null;
    state.plan = "";
    state.area = "";
    document.getElementById("vz-plan").value = "";
    document.getElementById("vz-area").value = "";
    Object.keys(state.types).forEach(function (t) { state.types[t] = true; });
    Array.prototype.forEach.call(document.querySelectorAll("#vz-legend-nodes input"),
      function (box) { box.checked = true; });
    network.unselectAll();
    apply();
    fitTo();
  }

  /* ---- colour and size modes ---- */
  function recolour() {
    nodes.update(rawNodes.map(function (n) {
      return { id: n.id, color: n.vzColors[state.colorBy], size: n.vzSizes[state.sizeBy] };
    }));
    buildColorLegend();
    placeSoon();
  }

  /* ---- legend: each type drawn in its node shape ---- */
  function shapePoints(shape, r) {
    var points = [];
    var i;
    if (shape === "triangle" || shape === "triangleDown") {
      var flip = shape === "triangle" ? 1 : -1;
      return [[0, -r * flip], [r * 0.9, r * 0.6 * flip], [-r * 0.9, r * 0.6 * flip]];
    }
    if (shape === "diamond") { return [[0, -r], [r, 0], [0, r], [-r, 0]]; }
    if (shape === "square") { return [[-r, -r], [r, -r], [r, r], [-r, r]]; }
    if (shape === "hexagon") {
      for (i = 0; i < 6; i++) {
        points.push([r * Math.cos(Math.PI / 3 * i), r * Math.sin(Math.PI / 3 * i)]);
      }
      return points;
    }
    if (shape === "star") {
      for (i = 0; i < 10; i++) {
        var radius = i % 2 ? r * 0.45 : r;
        var angle = Math.PI / 5 * i - Math.PI / 2;
        points.push([radius * Math.cos(angle), radius * Math.sin(angle)]);
      }
      return points;
    }
    return null;
  }

  function swatch(shape, color) {
    var svg = document.createElementNS(SVG_NS, "svg");
    svg.setAttribute("width", "16");
    svg.setAttribute("height", "16");
    svg.setAttribute("viewBox", "-8 -8 16 16");
    svg.setAttribute("class", "vz-swatch");
    svg.setAttribute("data-shape", shape);
    var points = shapePoints(shape, 6.5);
    var mark;
    if (points) {
      mark = document.createElementNS(SVG_NS, "polygon");
      mark.setAttribute("points", points.map(function (p) {
        return p[0].toFixed(2) + "," + p[1].toFixed(2);
      }).join(" "));
    } else {
      mark = document.createElementNS(SVG_NS, "circle");
      mark.setAttribute("r", "6");
    }
    mark.setAttribute("fill", color);
    mark.setAttribute("stroke", "#444");
    svg.appendChild(mark);
    return svg;
  }

  function buildLegend() {
    var list = document.getElementById("vz-legend-nodes");
    config.nodeTypes.forEach(function (t) {
      var item = el("li");
      var box = document.createElement("input");
      box.type = "checkbox";
      box.checked = true;
      box.id = "vz-type-" + t.type;
      box.setAttribute("data-type", t.type);
      box.addEventListener("change", function () { state.types[t.type] = box.checked; apply(); });
      var label = el("label", t.legend);
      label.htmlFor = box.id;
      item.appendChild(box);
      item.appendChild(swatch(t.shape, t.color));
      item.appendChild(label);
      item.appendChild(el("span", t.count, "vz-count"));
      list.appendChild(item);
    });
    var edgeList = document.getElementById("vz-legend-edges");
    config.edgeKinds.forEach(function (k) {
      var item = el("li");
      var line = el("span", null, "vz-line");
      line.style.borderTopStyle = k.dashes ? "dashed" : "solid";
      line.style.borderTopColor = k.color;
      item.appendChild(line);
      item.appendChild(el("span", k.legend));
      item.appendChild(el("span", k.count, "vz-count"));
      edgeList.appendChild(item);
    });
  }

  function buildColorLegend() {
    var list = document.getElementById("vz-legend-colors");
    list.textContent = "";
    var heading = document.getElementById("vz-legend-colors-title");
    heading.hidden = state.colorBy === "type";
    list.hidden = state.colorBy === "type";
    if (state.colorBy === "type") { return; }
    heading.textContent = "Colour: " + state.colorBy;
    config.colorLegends[state.colorBy].forEach(function (entry) {
      var item = el("li");
      item.appendChild(swatch("dot", entry[1]));
      item.appendChild(el("span", entry[0]));
      item.appendChild(el("span", entry[2], "vz-count"));
      list.appendChild(item);
    });
  }

  /* ---- collapsing a plan or an area into one node ---- */
  function members(id) {
    var n = byId[id];
    if (!n) { return []; }
    return rawNodes.filter(function (m) {
      if (m.id === id) { return true; }
      if (n.vzType === "plan") { return m.vzPlan === n.vzPlan && m.vzType !== "plan"; }
      if (n.vzType === "area") { return m.vzAreaKey === n.vzAreaKey && m.vzType !== "area"; }
      return false;
    }).map(function (m) { return m.id; });
  }

  function collapse(id) {
    var n = byId[id];
    if (!n || (n.vzType !== "plan" && n.vzType !== "area")) { return null; }
    if (network.clustering.findNode(id).length > 1) { return null; }
    var inside = {};
    members(id).forEach(function (m) {
      if (network.clustering.findNode(m).length === 1) { inside[m] = true; }
    });
    var count = Object.keys(inside).length;
    var clusterId = "cluster:" + id;
    var label = n.label + "\n(" + (count - 1) + " inside)";
    clusters[clusterId] = { type: n.vzType, label: label, of: id };
    network.cluster({
      joinCondition: function (options) { return inside[options.id] === true; },
      clusterNodeProperties: {
        id: clusterId, label: label, shape: n.shape, color: n.color,
        size: 14 + 3 * Math.sqrt(count), borderWidth: 3, x: n.x, y: n.y,
        font: { size: (config.labelPx[n.vzType] || 12) / network.getScale() }
      }
    });
    var position = network.getPositions([clusterId])[clusterId];
    if (position) { network.moveNode(clusterId, n.x, n.y); }
    placeSoon();
    return clusterId;
  }

  function expand(clusterId) {
    if (!network.isCluster(clusterId)) { return; }
    network.openCluster(clusterId, {
      releaseFunction: function (clusterPosition, containedPositions) {
        var out = {};
        Object.keys(containedPositions).forEach(function (m) {
          out[m] = { x: byId[m] ? byId[m].x : clusterPosition.x,
            y: byId[m] ? byId[m].y : clusterPosition.y };
        });
        return out;
      }
    });
    delete clusters[clusterId];
    placeSoon();
  }

  function collapseAll(type) {
    rawNodes.forEach(function (n) { if (n.vzType === type) { collapse(n.id); } });
  }

  function expandAll() {
    Object.keys(clusters).forEach(expand);
  }

  /* ---- search ---- */
  function fillSelect(id, values) {
    var select = document.getElementById(id);
    values.forEach(function (v) { select.appendChild(new Option(v[1], v[0])); });
  }

  function search(query) {
    var results = document.getElementById("vz-results");
    results.textContent = "";
    var q = fold(query).trim();
    if (!q) {
      document.getElementById("vz-search-count").textContent = "";
      return [];
    }
    var found = rawNodes.filter(function (n) {
      return fold(n.vzLabel).indexOf(q) >= 0 || fold(n.vzIdentifier).indexOf(q) >= 0;
    });
    document.getElementById("vz-search-count").textContent = found.length + " found";
    found.slice(0, 50).forEach(function (n) {
      var item = el("li", n.vzLabel);
      item.setAttribute("data-id", n.id);
      item.tabIndex = 0;
      item.setAttribute("role", "button");
      item.addEventListener("click", function () { focusOn(n.id); });
      item.addEventListener("keydown", function (e) {
        if (e.key === "Enter" || e.key === " ") { e.preventDefault(); focusOn(n.id); }
        if (e.key === "ArrowDown" && item.nextSibling) { e.preventDefault(); item.nextSibling.focus(); }
        if (e.key === "ArrowUp") {
          e.preventDefault();
          (item.previousSibling || document.getElementById("vz-search")).focus();
        }
      });
      results.appendChild(item);
    });
    var ids = found.map(function (n) { return n.id; }).filter(function (id) {
      return network.body.nodes[id] !== undefined && network.clustering.findNode(id).length === 1;
    });
    if (ids.length) { network.selectNodes(ids); }
    return found;
  }

  buildLegend();
  fillSelect("vz-plan", config.plans);
  fillSelect("vz-area", config.areas);
  fillSelect("vz-color", config.colorModes.map(function (m) { return [m, m]; }));
  fillSelect("vz-size", config.sizeModes.map(function (m) { return [m, m]; }));
  document.getElementById("vz-color").value = state.colorBy;
  document.getElementById("vz-size").value = state.sizeBy;
  buildColorLegend();
  document.getElementById("vz-plan").addEventListener("change", function (e) {
    state.plan = e.target.value; apply();
  });
  document.getElementById("vz-area").addEventListener("change", function (e) {
    state.area = e.target.value; apply();
  });
  document.getElementById("vz-color").addEventListener("change", function (e) {
    state.colorBy = e.target.value; recolour();
  });
  document.getElementById("vz-size").addEventListener("change", function (e) {
    state.sizeBy = e.target.value; recolour();
  });
  document.getElementById("vz-depth").addEventListener("change", function () {
    if (state.focus) { focusOn(state.focus); }
  });
  document.getElementById("vz-reset").addEventListener("click", reset);
  document.getElementById("vz-collapse-areas").addEventListener("click", function () {
    collapseAll("area");
  });
  document.getElementById("vz-collapse-plans").addEventListener("click", function () {
    collapseAll("plan");
  });
  document.getElementById("vz-expand").addEventListener("click", expandAll);
  var searchBox = document.getElementById("vz-search");
  searchBox.addEventListener("input", function () { search(searchBox.value); });
  searchBox.addEventListener("keydown", function (e) {
    if (e.key === "Enter") {
      var found = search(searchBox.value);
      if (found.length) { focusOn(found[0].id); }
    }
    if (e.key === "ArrowDown") {
      var first = document.querySelector("#vz-results li");
      if (first) { e.preventDefault(); first.focus(); }
    }
  });
  document.addEventListener("keydown", function (e) {
    var typing = e.target && (e.target.tagName === "INPUT" || e.target.tagName === "SELECT");
    if (e.key === "Escape") { reset(); searchBox.blur(); return; }
    if (typing) { return; }
    if (e.key === "/") { e.preventDefault(); searchBox.focus(); }
    if (e.key === "c") { collapseAll("area"); }
    if (e.key === "e") { expandAll(); }
    if (e.key === "+" || e.key === "=") {
      network.moveTo({ scale: network.getScale() * 1.25 }); placeLabels();
    }
    if (e.key === "-") { network.moveTo({ scale: network.getScale() / 1.25 }); placeLabels(); }
  });
  network.on("click", function (params) {
    if (!params.nodes.length) { return; }
    var id = params.nodes[0];
    if (network.isCluster(id)) { expand(id); return; }
    focusOn(id);
  });
  network.on("doubleClick", function (params) {
    if (params.nodes.length && !network.isCluster(params.nodes[0])) {
      state.focus = null;
      apply();
      collapse(params.nodes[0]);
    }
  });
  network.on("zoom", placeSoon);
  network.on("dragEnd", placeSoon);
  network.on("resize", placeSoon);
  apply();
  placeLabels();
  window.vazbyMap = { network: network, nodes: nodes, edges: edges, search: search,
    focusOn: focusOn, reset: reset, total: rawNodes.length, placeLabels: placeLabels,
    collapse: collapse, expand: expand, collapseAll: collapseAll, expandAll: expandAll,
    labelled: function () { return placed; } };
}());
