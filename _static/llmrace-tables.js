/* llmrace tables: filter, sort and page long tables (llmrace.tables.html_table marks them with
   data-page-size). Written for this book, no dependencies, no network, no random ids: the built HTML is
   static and deterministic; this runs only in the reader's browser. */
(function () {
  "use strict";
  function num(t) {
    var s = String(t).replace(/[,\s$¥€%]|HK\$/g, "");
    var m = /^(-?\d+(?:\.\d+)?)([kMBT万亿]?)/.exec(s);
    if (!m || m[0].length < s.length * 0.5) { return null; }
    var mult = { "": 1, k: 1e3, M: 1e6, B: 1e9, T: 1e12, "万": 1e4, "亿": 1e8 }[m[2]];
    return parseFloat(m[1]) * mult;
  }
  function enhance(table) {
    if (table.getAttribute("data-llmrace-ready")) { return; }
    table.setAttribute("data-llmrace-ready", "1");
    var body = table.tBodies[0];
    if (!body) { return; }
    var rows = Array.prototype.slice.call(body.rows);
    var size = parseInt(table.getAttribute("data-page-size") || "0", 10) || rows.length;
    var wrap = table.parentNode;
    var bar = document.createElement("div");
    bar.className = "llmrace-tablebar";
    var box = document.createElement("input");
    box.type = "search";
    box.placeholder = "Filter rows";
    box.setAttribute("aria-label", "Filter the rows of this table");
    var info = document.createElement("span");
    info.className = "llmrace-count";
    var prev = document.createElement("button");
    prev.type = "button"; prev.textContent = "‹ previous";
    var next = document.createElement("button");
    next.type = "button"; next.textContent = "next ›";
    bar.appendChild(box); bar.appendChild(prev); bar.appendChild(info); bar.appendChild(next);
    wrap.parentNode.insertBefore(bar, wrap);
    var page = 0, shown = rows;
    function draw() {
      var pages = Math.max(1, Math.ceil(shown.length / size));
      if (page >= pages) { page = pages - 1; }
      rows.forEach(function (r) { r.hidden = true; });
      shown.slice(page * size, (page + 1) * size).forEach(function (r) { r.hidden = false; });
      var a = shown.length ? page * size + 1 : 0, b = Math.min(shown.length, (page + 1) * size);
      info.textContent = "rows " + a + "–" + b + " of " + shown.length +
        (shown.length < rows.length ? " (filtered from " + rows.length + ")" : "");
      prev.disabled = page === 0; next.disabled = page >= pages - 1;
      prev.hidden = next.hidden = pages === 1 && shown.length === rows.length;
    }
    box.addEventListener("input", function () {
      var q = box.value.toLowerCase();
      shown = rows.filter(function (r) { return r.textContent.toLowerCase().indexOf(q) >= 0; });
      page = 0; draw();
    });
    prev.addEventListener("click", function () { page -= 1; draw(); });
    next.addEventListener("click", function () { page += 1; draw(); });
    var head = table.tHead && table.tHead.rows[0];
    if (head) {
      Array.prototype.forEach.call(head.cells, function (th, i) {
        th.setAttribute("aria-sort", "none");
        th.tabIndex = 0; th.title = "Sort by this column";
        function sort() {
          var dir = th.getAttribute("aria-sort") === "ascending" ? -1 : 1;
          Array.prototype.forEach.call(head.cells, function (c) { c.setAttribute("aria-sort", "none"); });
          th.setAttribute("aria-sort", dir === 1 ? "ascending" : "descending");
          rows.sort(function (a, b) {
            var x = a.cells[i] ? a.cells[i].textContent : "", y = b.cells[i] ? b.cells[i].textContent : "";
            var nx = num(x), ny = num(y);
            if (nx !== null && ny !== null) { return dir * (nx - ny); }
            return dir * x.localeCompare(y);
          });
          rows.forEach(function (r) { body.appendChild(r); });
          var q = box.value.toLowerCase();
          shown = rows.filter(function (r) { return r.textContent.toLowerCase().indexOf(q) >= 0; });
          page = 0; draw();
        }
        th.addEventListener("click", sort);
        th.addEventListener("keydown", function (e) { if (e.key === "Enter") { sort(); } });
      });
    }
    draw();
  }
  function all() {
    Array.prototype.forEach.call(document.querySelectorAll("table.llmrace-table[data-page-size], table.llmrace-filterable"), enhance);
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", all); } else { all(); }
})();
