/* gongkai catalogue: filter and sort the disclosure catalogue in the browser.
   The data comes a year at a time (data/YYYY.json), so a site with 10,000 documents
   never sends them all unless the reader asks for every year. */
(function () {
  "use strict";
  var form = document.querySelector("[data-gk-catalogue]");
  if (!form) return;
  var rowsBody = document.querySelector("[data-gk-catalogue-rows]");
  var status = document.querySelector("[data-gk-catalogue-status]");
  var pager = document.querySelector("[data-gk-catalogue-pages]");
  var indexUrl = new URL(form.getAttribute("data-index"), location.href);
  var root = new URL(form.getAttribute("data-root") + "/", location.href);
  var PER_PAGE = 20;
  var cache = {};
  var index = null;
  var page = 1;

  function text(value) { return value == null ? "" : String(value); }
  function cell(tag, content, scope) {
    var el = document.createElement(tag);
    if (scope) el.scope = scope;
    if (content instanceof Node) el.appendChild(content); else el.textContent = text(content);
    return el;
  }
  function load(year) {
    if (!cache[year]) {
      cache[year] = fetch(new URL(year + ".json", indexUrl)).then(function (r) {
        if (!r.ok) throw new Error(r.status);
        return r.json();
      });
    }
    return cache[year];
  }
  function state() {
    var data = new FormData(form), s = {};
    data.forEach(function (v, k) { s[k] = v; });
    return s;
  }
  var sorters = {
    "published-desc": function (a, b) { return a.published < b.published ? 1 : a.published > b.published ? -1 : 0; },
    "published-asc": function (a, b) { return a.published < b.published ? -1 : a.published > b.published ? 1 : 0; },
    "written-desc": function (a, b) { return text(a.written) < text(b.written) ? 1 : text(a.written) > text(b.written) ? -1 : 0; },
    "index-asc": function (a, b) { return a.index_number < b.index_number ? -1 : a.index_number > b.index_number ? 1 : 0; }
  };

  function render(rows, s) {
    var pages = Math.max(1, Math.ceil(rows.length / PER_PAGE));
    page = Math.min(page, pages);
    rowsBody.textContent = "";
    rows.slice((page - 1) * PER_PAGE, page * PER_PAGE).forEach(function (r) {
      var tr = document.createElement("tr");
      var link = document.createElement("a");
      link.href = new URL(r.url, root).href;
      link.textContent = r.title;
      tr.appendChild(cell("td", r.index_number));
      tr.appendChild(cell("th", link, "row"));
      [r.summary, r.publisher, r.topic, r.written, r.published, r.column].forEach(function (v) {
        tr.appendChild(cell("td", v));
      });
      rowsBody.appendChild(tr);
    });
    status.textContent = rows.length
      ? "共 " + rows.length + " 条，第 " + page + " / " + pages + " 页"
      : "没有符合条件的信息，请调整筛选条件。";
    pager.textContent = "";
    pager.hidden = pages < 2;
    function button(label, target, current) {
      var b = document.createElement("button");
      b.type = "button";
      b.textContent = label;
      if (current) b.setAttribute("aria-current", "page");
      b.disabled = target < 1 || target > pages;
      b.addEventListener("click", function () { page = target; update(false); });
      pager.appendChild(b);
    }
    button("上一页", page - 1);
    for (var n = Math.max(1, page - 2); n <= Math.min(pages, page + 2); n++) button(String(n), n, n === page);
    button("下一页", page + 1);
  }

  function update(resetPage) {
    if (resetPage) page = 1;
    var s = state();
    var years = s.year ? [s.year] : index.years.map(function (y) { return y.year; });
    status.textContent = "正在加载……";
    Promise.all(years.map(load)).then(function (lists) {
      var rows = [].concat.apply([], lists).filter(function (r) {
        return (!s.column || r.column_id === s.column) && (!s.topic || r.topic === s.topic) &&
               (!s.publisher || r.publisher === s.publisher);
      });
      rows.sort(sorters[s.sort] || sorters["published-desc"]);
      render(rows, s);
      var query = new URLSearchParams();
      Object.keys(s).forEach(function (k) { if (s[k]) query.set(k, s[k]); });
      if (page > 1) query.set("page", page);
      history.replaceState(null, "", "?" + query.toString());
    }).catch(function () {
      status.textContent = "目录数据加载失败，请下载 CSV 或 JSON 文件查看。";
    });
  }

  fetch(indexUrl).then(function (r) { return r.json(); }).then(function (data) {
    index = data;
    var query = new URLSearchParams(location.search);
    var first = true;
    Array.prototype.forEach.call(form.elements, function (el) {
      if (el.name && query.has(el.name)) { el.value = query.get(el.name); first = false; }
    });
    if (first && index.years.length) form.elements.year.value = index.years[0].year;  // newest year first
    page = parseInt(query.get("page"), 10) || 1;
    form.hidden = false;
    form.addEventListener("change", function () { update(true); });
    form.addEventListener("submit", function (e) { e.preventDefault(); update(true); });
    update(false);
  });
})();
