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

  var params = new URLSearchParams(window.location.search);
  [["search-q", "q"], ["site-q", "q"], ["search-member", "member"]].forEach(function (field) {
    var input = document.getElementById(field[0]);
    if (input) { input.value = (params.get(field[1]) || "").trim(); }
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

  var hidden = {};  // ids of old versions of pages the delta index holds anew

  function index(entry, base, options) {
    // A shard is named; the delta ({name, hides}) also names the ids its pages had in their shards.
    if (typeof entry !== "string") {
      entry.hides.forEach(function (id) { hidden[id] = true; });
      entry = entry.name;
    }
    return {url: new URL(entry + "/", base).href, options: options};
  }

  function sources(entries, listUrl) {
    // A site lists its shard names; a group lists each member ({path, name, shards}, paths from the group's
    // root): a member's results get its path in front of their URLs and its name as the 发布机构 filter.
    return entries.reduce(function (all, entry) {
      if (typeof entry === "string" || !entry.shards) { return all.concat([index(entry, listUrl, {})]); }
      var base = new URL(root + entry.path + "/pagefind/", window.location.href);
      return all.concat(entry.shards.map(function (shard) {
        return index(shard, base, {baseUrl: "/" + entry.path + "/", mergeFilter: {member: entry.name}});
      }));
    }, []);
  }

  function searchShards(indexes) {
    // The index is built in shards (pagefind/<shard>/); the first one's scripts load the others into it.
    if (!indexes.length) { return Promise.resolve([]); }
    var member = document.getElementById("search-member");
    var filters = member && member.value ? {member: member.value} : {};
    return import(indexes[0].url + "pagefind.js").then(function (pagefind) {
      return pagefind.options(indexes[0].options).then(function () {
        return Promise.all(indexes.slice(1).map(function (index) {
          return pagefind.mergeIndex(index.url, index.options);
        }));
      }).then(function () { return pagefind.search(query, {filters: filters}); })
        .then(function (search) {
          // a page the delta holds anew is listed from it alone
          return search.results.filter(function (result) { return !hidden[result.id]; });
        });
    });
  }

  status.textContent = "正在搜索……";
  var listUrl = new URL(list.getAttribute("data-shards"), window.location.href);
  fetch(listUrl, {cache: "no-cache"})  // shards come and go with the documents: never an old list
    .then(function (response) {
      if (!response.ok) { throw new Error(response.statusText); }
      return response.json();
    })
    .then(function (entries) { return searchShards(sources(entries, listUrl)); })
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
