/* vazby report: sortable tables. A click (or Enter) on a heading sorts by that column;
 * numeric columns compare as numbers ("1 417 500" reads as 1417500). Rows are moved, never
 * rewritten: the cells' text stays as the page was written. */
(function () {
  "use strict";
  function value(cell, numeric) {
    var text = cell ? cell.textContent.trim() : "";
    if (!numeric) { return text.toLowerCase(); }
    var number = parseFloat(text.replace(/\s/g, "").replace(",", "."));
    return isNaN(number) ? -Infinity : number;
  }
  function sort(table, index, numeric, heading) {
    var body = table.tBodies[0];
    var ascending = heading.getAttribute("aria-sort") !== "ascending";
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = value(a.cells[index], numeric);
      var y = value(b.cells[index], numeric);
      var order = x < y ? -1 : x > y ? 1 : 0;
      return ascending ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (cell) {
      cell.removeAttribute("aria-sort");
    });
    heading.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  }
  Array.prototype.forEach.call(document.querySelectorAll("table.vz-sortable"), function (table) {
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (heading, index) {
      var numeric = heading.hasAttribute("data-numeric");
      heading.addEventListener("click", function () { sort(table, index, numeric, heading); });
      heading.addEventListener("keydown", function (e) {
        if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sort(table, index, numeric, heading); }
      });
    });
  });
  window.vazbyReport = { tables: document.querySelectorAll("table.vz-sortable").length };
}());
