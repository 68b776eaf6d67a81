/* vazby map: legend, search, filters by type / plan / area, focus mode.
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

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    if (className) { node.className = className; }
    return node;
  }

  function tooltip(title, rows) {
    var box = el("div", null, "vz-tip");
    box.appendChild(el("b", title));
    rows.forEach(function (row) { box.appendChild(el("div", row[0] + ": " + row[1])); });
    return box;
  }

  function fold(text) {
    return String(text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  var byId = {};
  var adjacency = {};
  rawNodes.forEach(function (n) {
    n.title = tooltip(n.vzLabel, n.vzInfo);
    byId[n.id] = n;
    adjacency[n.id] = [];
  });
  rawEdges.forEach(function (e, i) {
    e.id = "e" + i;
    e.title = tooltip(e.vzKind, e.vzInfo);
    if (adjacency[e.from] && adjacency[e.to]) {
      adjacency[e.from].push(e.to);
      adjacency[e.to].push(e.from);
    }
  });

  var nodes = new vis.DataSet(rawNodes);
  var edges = new vis.DataSet(rawEdges);
  var container = document.getElementById("mynetwork");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, config.options);

  var state = { types: {}, plan: "", area: "", focus: null };
  config.nodeTypes.forEach(function (t) { state.types[t.type] = true; });

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
  }

  function showDetails(id) {
    var list = document.getElementById("vz-details");
    list.textContent = "";
    var n = byId[id];
    list.appendChild(el("dt", n.vzLabel));
    n.vzInfo.forEach(function (row) {
      list.appendChild(el("dt", row[0]));
      list.appendChild(el("dd", row[1]));
    });
  }

  function focusOn(id) {
    state.focus = id;
    apply();
    showDetails(id);
    network.selectNodes([id]);
    network.fit({ nodes: Object.keys(focusSet()), animation: false });
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
    network.fit({ animation: false });
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
      var swatch = el("span", null, "vz-swatch");
      swatch.style.background = t.color;
      if (t.shape === "dot") { swatch.style.borderRadius = "50%"; }
      var label = el("label", t.legend);
      label.htmlFor = box.id;
      item.appendChild(box);
      item.appendChild(swatch);
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
      item.addEventListener("click", function () { focusOn(n.id); });
      results.appendChild(item);
    });
    if (found.length) { network.selectNodes(found.map(function (n) { return n.id; })); }
    return found;
  }

  buildLegend();
  fillSelect("vz-plan", config.plans);
  fillSelect("vz-area", config.areas);
  document.getElementById("vz-plan").addEventListener("change", function (e) {
    state.plan = e.target.value; apply();
  });
  document.getElementById("vz-area").addEventListener("change", function (e) {
    state.area = e.target.value; apply();
  });
  document.getElementById("vz-depth").addEventListener("change", function () {
    if (state.focus) { focusOn(state.focus); }
  });
  document.getElementById("vz-reset").addEventListener("click", reset);
  var searchBox = document.getElementById("vz-search");
  searchBox.addEventListener("input", function () { search(searchBox.value); });
  searchBox.addEventListener("keydown", function (e) {
    if (e.key === "Enter") {
      var found = search(searchBox.value);
      if (found.length) { focusOn(found[0].id); }
    }
  });
  network.on("click", function (params) {
    if (params.nodes.length) { focusOn(params.nodes[0]); }
  });
  apply();
  window.vazbyMap = { network: network, nodes: nodes, edges: edges, search: search,
    focusOn: focusOn, reset: reset, total: rawNodes.length };
}());
