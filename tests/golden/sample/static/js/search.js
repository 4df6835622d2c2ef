/* 站内搜索: queries the Pagefind index shards written beside the site and lists title, 栏目, 发布日期 and an excerpt.
   The page works without this script up to here (every page's search box is a plain GET form). */
(function () {
  "use strict";
  var PAGE_SIZE = 10;
  var list = document.getElementById("search-results");
  if (!list) { return; }
  var status = document.getElementById("search-status");
  var more = document.getElementById("search-more");
  var root = list.getAttribute("data-root");
  var query = (new URLSearchParams(window.location.search).get("q") || "").trim();
  var found = [];
  var shown = 0;

  ["search-q", "site-q"].forEach(function (id) {
    var input = document.getElementById(id);
    if (input) { input.value = query; }
  });
  if (!query) {
    status.textContent = "请输入要搜索的词语，例如文件标题中的词或文号。";
    return;
  }

  function pageUrl(url) {
    // Pagefind records paths from the output root; make them relative so any host and folder work.
    return root + url.replace(/^\//, "");
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text) { node.textContent = text; }
    return node;
  }

  function item(data) {
    var li = element("li", "search-result");
    var heading = element("h2", "result-title");
    var link = element("a", "", data.meta.title || data.url);
    link.href = pageUrl(data.url);
    heading.appendChild(link);
    li.appendChild(heading);
    var meta = element("p", "result-meta");
    if (data.meta.column) { meta.appendChild(element("span", "result-column", "栏目：" + data.meta.column)); }
    if (data.meta.date) {
      var time = element("time", "", "发布日期：" + data.meta.date);
      time.setAttribute("datetime", data.meta.date);
      meta.appendChild(time);
    }
    li.appendChild(meta);
    var excerpt = element("p", "result-excerpt");
    excerpt.innerHTML = data.excerpt.replace(/\u200b/g, "");  // Pagefind escapes the text; <mark> shows the match
    li.appendChild(excerpt);
    return li;
  }

  function showMore() {
    var next = found.slice(shown, shown + PAGE_SIZE);
    shown += next.length;
    more.hidden = shown >= found.length;
    return Promise.all(next.map(function (r) { return r.data(); })).then(function (all) {
      all.forEach(function (data) { list.appendChild(item(data)); });
    });
  }

  more.addEventListener("click", function () {
    var first = shown;
    showMore().then(function () {
      var link = list.children[first] && list.children[first].querySelector("a");
      if (link) { link.focus(); }
    });
  });

  function searchShards(names, listUrl) {
    // The index is built in shards (pagefind/<shard>/); the first one's scripts load the others into it.
    if (!names.length) { return Promise.resolve([]); }
    return import(new URL(names[0] + "/pagefind.js", listUrl).href).then(function (pagefind) {
      return Promise.all(names.slice(1).map(function (name) {
        return pagefind.mergeIndex(new URL(name + "/", listUrl).href);
      })).then(function () { return pagefind.search(query); })
        .then(function (search) { return search.results; });
    });
  }

  status.textContent = "正在搜索……";
  var listUrl = new URL(list.getAttribute("data-shards"), window.location.href);
  fetch(listUrl, {cache: "no-cache"})  // shards come and go with the documents: never an old list
    .then(function (response) {
      if (!response.ok) { throw new Error(response.statusText); }
      return response.json();
    })
    .then(function (names) { return searchShards(names, listUrl); })
    .then(function (results) {
      found = results;
      status.textContent = found.length
        ? "找到 " + found.length + " 条与“" + query + "”相关的信息。"
        : "没有找到与“" + query + "”相关的信息，请换一个词，或到主动公开基本目录中按要素查找。";
      return showMore();
    })
    .catch(function () {
      status.textContent = "全文搜索暂时无法使用（从本地磁盘打开时浏览器不允许加载搜索索引），请通过网站访问，或到主动公开基本目录中查找。";
    });
}());
