/* 按要素搜索 on the 主动公开基本目录: filters catalog.json by 发布机构 (a group's), 发文机关, 年份, 主题分类, 有效性, 文号 and a title
   keyword, sorts by 发布日期, and keeps the state in the URL query so a filtered view can be linked.
   Progressive enhancement: without this script, or where catalog.json cannot be fetched (file://),
   the server-rendered table stays as it is, a complete list. */
(function () {
  "use strict";
  var form = document.getElementById("dir-filter");
  if (!form || !window.fetch) { return; }
  var rows = document.getElementById("dir-rows");
  var status = document.getElementById("dir-status");
  var caption = document.getElementById("dir-caption");
  var pager = document.getElementById("dir-pager");
  var root = form.getAttribute("data-root");
  // 发布机构 (member) is offered only on a group's directory, whose catalog.json names each row's member
  var FIELDS = ["q", "member", "issuer", "year", "topic", "validity", "number", "sort"].filter(function (name) {
    return form.elements[name];
  });
  var VALIDITY_ORDER = ["有效", "尚未施行", "失效", "废止", "已修改"];
  var catalog = [];

  function year(d) { return (d.date || "").slice(0, 4); }

  // 文号 brackets are typed in many ways: 〔2024〕, [2024], （2024）, 【2024】
  function normalNumber(text) {
    return (text || "").replace(/[\[【（(［]/g, "〔").replace(/[\]】）)］]/g, "〕").replace(/\s+/g, "");
  }

  function fill(select, values) {
    values.forEach(function (value) {
      var option = document.createElement("option");
      option.value = value;
      option.textContent = value;
      select.appendChild(option);
    });
  }

  function distinct(pick) {
    var seen = {};
    catalog.forEach(function (d) { var v = pick(d); if (v) { seen[v] = true; } });
    return Object.keys(seen);
  }

  function state() {
    var s = {};
    FIELDS.forEach(function (name) { s[name] = form.elements[name].value.trim(); });
    return s;
  }

  function matches(d, s) {
    var words = s.q ? s.q.split(/\s+/) : [];
    return words.every(function (w) { return d.title.indexOf(w) !== -1; }) &&
      (!s.member || d.member === s.member) &&
      (!s.issuer || d.issuer === s.issuer) &&
      (!s.year || year(d) === s.year) &&
      (!s.topic || d.topic === s.topic) &&
      (!s.validity || d.validity === s.validity) &&
      (!s.number || normalNumber(d.doc_number).indexOf(normalNumber(s.number)) !== -1);
  }

  function cell(tr, text) {
    var td = document.createElement("td");
    td.textContent = text || "";
    tr.appendChild(td);
    return td;
  }

  function row(d) {
    var tr = document.createElement("tr");
    cell(tr, d.index_no);
    var link = document.createElement("a");
    link.href = root + d.url;
    link.textContent = d.title;
    var title = cell(tr, "");
    title.appendChild(link);
    if (d.status) {  // 征集中, 已结束 …: as the page itself shows it
      var badge = document.createElement("span");
      badge.className = "badge";
      badge.textContent = d.status;
      title.append(" ", badge);
    }
    cell(tr, d.issuer);
    cell(tr, d.doc_number);
    cell(tr, d.written);
    cell(tr, (d.date || "").slice(0, 10));
    cell(tr, d.validity);
    return tr;
  }

  function apply() {
    var s = state();
    var shown = catalog.filter(function (d) { return matches(d, s); });
    if (s.sort === "asc") { shown.reverse(); }  // catalog.json is newest first
    var fragment = document.createDocumentFragment();
    shown.forEach(function (d) { fragment.appendChild(row(d)); });
    rows.replaceChildren(fragment);
    pager.hidden = true;  // every match is listed on this page
    var order = s.sort === "asc" ? "由旧到新" : "由新到旧";
    caption.textContent = "主动公开信息列表，按发布日期" + order + "排列";
    var filtered = FIELDS.some(function (name) { return name !== "sort" && s[name]; });
    status.textContent = filtered
      ? "符合条件的信息 " + shown.length + " 条（共 " + catalog.length + " 条）。"
      : "共 " + catalog.length + " 条，按发布日期" + order + "排列。";
    var query = new URLSearchParams();
    FIELDS.forEach(function (name) { if (s[name]) { query.set(name, s[name]); } });
    var search = query.toString();
    window.history.replaceState(null, "", window.location.pathname + (search ? "?" + search : ""));
  }

  function restore() {
    var query = new URLSearchParams(window.location.search);
    FIELDS.forEach(function (name) {
      var value = query.get(name);
      if (value) { form.elements[name].value = value; }
    });
  }

  fetch(form.getAttribute("data-catalog"))
    .then(function (response) {
      if (!response.ok) { throw new Error(response.status); }
      return response.json();
    })
    .then(function (data) {
      catalog = data;
      fill(form.elements.issuer, distinct(function (d) { return d.issuer; }).sort(function (a, b) { return a.localeCompare(b, "zh-CN"); }));
      fill(form.elements.year, distinct(year).sort().reverse());
      fill(form.elements.topic, distinct(function (d) { return d.topic; }).sort(function (a, b) { return a.localeCompare(b, "zh-CN"); }));
      fill(form.elements.validity, VALIDITY_ORDER.filter(function (v) { return distinct(function (d) { return d.validity; }).indexOf(v) !== -1; }));
      restore();
      form.hidden = false;
      form.addEventListener("input", apply);
      form.addEventListener("change", apply);
      form.addEventListener("submit", function (event) { event.preventDefault(); apply(); });
      form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
      apply();
    })
    .catch(function () {
      status.textContent = "按要素搜索需要通过网站访问；下面是完整的目录。";
    });
}());
