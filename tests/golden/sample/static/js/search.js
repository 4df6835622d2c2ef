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
    return {name: entry, url: new URL(entry + "/", base).href, options: options};
  }

  function sources(entries, listUrl) {
    // A site lists its shard names; a group lists each member ({path, name, shards}, paths from the group's
    // root): a member's results get its path in front of their URLs and its name as the 发布机构 filter.
    // Each source is one folder of indexes with the words of all of them (pagefind/words/).
    if (!entries.some(function (entry) { return entry.shards; })) {
      return [{base: listUrl, indexes: entries.map(function (entry) { return index(entry, listUrl, {}); })}];
    }
    return entries.map(function (member) {
      var base = new URL(root + member.path + "/pagefind/", window.location.href);
      var options = {baseUrl: "/" + member.path + "/", mergeFilter: {member: member.name}};
      return {base: base, member: member.name,
              indexes: member.shards.map(function (shard) { return index(shard, base, options); })};
    });
  }

  // Pagefind 1.5 searches for these words: the query cut by the browser's word segmenter, each without
  // punctuation, in lower case, without diacritics (its search()); the same code here gives the same words.
  var PUNCTUATION = /^\p{Pd}|\p{Pe}|\p{Pf}|\p{Pi}|\p{Po}|\p{Ps}$/u;

  function kept(graphemes) {
    return graphemes.filter(function (g) { return !PUNCTUATION.test(g); })
      .map(function (g) { return g.toLocaleLowerCase(); }).join("");
  }

  function queryWords(text) {
    var joined;
    if (typeof Intl.Segmenter === "undefined") {
      joined = kept(Array.from(text));
    } else {
      var language = document.documentElement.lang || "zh-CN";
      var graphemes = new Intl.Segmenter(language, {granularity: "grapheme"});
      joined = Array.from(new Intl.Segmenter(language, {granularity: "word"}).segment(text), function (word) {
        return kept(Array.from(graphemes.segment(word.segment), function (g) { return g.segment; }));
      }).filter(Boolean).join(" ");
    }
    joined = joined.replace(/\s{2,}/g, " ").trim().normalize("NFD").replace(/\p{M}/gu, "");
    return joined ? joined.split(" ") : [];
  }

  function bucket(word) {
    return word.codePointAt(0) % 256;  // search_words.BUCKETS
  }

  function readJson(url) {
    // Never a stored copy, not even one the server calls "not modified": these lists keep their names from
    // build to build, and a server telling versions apart by the second (Last-Modified) calls a list written
    // again within the second of the last read the same one.
    return fetch(url, {cache: "no-store"}).then(function (response) {
      if (!response.ok) { throw new Error(response.statusText); }
      return response.json();
    });
  }

  var early = {};  // URL -> the list asked for before the list of shards came (site's word lists)

  function wordList(url) {
    return early[url.href] || readJson(url);
  }

  function readWords(source, words) {
    // The buckets of `words` in this source, each {indexes: shards, words: {word: [positions in shards]}}, and
    // the delta's own words (a list), which the buckets leave out: they change with every edit.
    var wanted = source.indexes.length ? words.map(bucket) : [];  // a group without members has no words
    wanted = wanted.filter(function (b, i, all) { return all.indexOf(b) === i; });
    var reads = wanted.map(function (b) { return wordList(new URL("words/" + b + ".json", source.base)); });
    source.indexes.filter(function (idx) { return idx.name === "delta"; }).forEach(function (delta) {
      reads.push(readJson(new URL("words.json", delta.url)).then(function (list) {
        var read = {indexes: [delta.name], words: {}};
        list.forEach(function (word) { read.words[word] = [0]; });
        return read;
      }));
    });
    return Promise.all(reads).then(function (all) {
      var holders = {};  // word -> names of the shards holding it (the delta's own name for its words)
      all.forEach(function (read) {
        Object.keys(read.words).forEach(function (word) {
          holders[word] = (holders[word] || []).concat(read.words[word].map(function (position) {
            return read.indexes[position];
          }));
        });
      });
      return holders;
    });
  }

  function matching(word, known) {
    // What one index would match `word` with: the indexed words it starts, or else the longest it starts with.
    var extensions = known.filter(function (w) { return w.indexOf(word) === 0; });
    if (extensions.length) { return extensions; }
    var prefixes = known.filter(function (w) { return word.indexOf(w) === 0; });
    prefixes.sort(function (a, b) { return b.length - a.length; });
    return prefixes.slice(0, 1);
  }

  function chosen(sources, read, words, member) {
    // The indexes holding a matching word for every query word that one index would match at all (it leaves
    // out a word it has nothing for, unless it has nothing for any): in each of them Pagefind matches each
    // word as one index of all of them would, and the others hold no result one index would list. With a
    // 发布机构 chosen, only that member's indexes: the words are still decided across all members, as one
    // index of the group would decide them before its filter.
    var known = {};
    read.forEach(function (holders) { Object.keys(holders).forEach(function (w) { known[w] = true; }); });
    var matches = words.map(function (word) { return matching(word, Object.keys(known)); })
      .filter(function (wordsMatching) { return wordsMatching.length > 0; });
    // The buckets name shards, a page is in one shard: an index is searched when one of its shards holds them all.
    return sources.reduce(function (all, source, i) {
      if (member && source.member !== member) { return all; }
      return all.concat(source.indexes.filter(function (idx) {
        return matches.length > 0 && shardsOf(idx.name).some(function (shard) {
          return matches.every(function (wordsMatching) {
            return wordsMatching.some(function (w) { return (read[i][w] || []).indexOf(shard) >= 0; });
          });
        });
      }));
    }, []);
  }

  var MERGED = /^([0-9]+)-([0-9]+)to([0-9]+)of([0-9]+)$/;  // search_merge.NAME

  function shardsOf(name) {
    // The shards an index holds (search_merge.held): a merged one's, from its first to its last; else itself.
    var merged = MERGED.exec(name);
    if (!merged) { return [name]; }
    var shards = [];
    for (var number = Number(merged[2]); number <= Number(merged[3]); number++) {
      shards.push(merged[1] + "-" + number + "of" + merged[4]);
    }
    return shards;
  }

  // Pagefind searches the indexes merged into one copy of it one after another, in one worker. A site of many
  // shards is searched in groups of at least this many, each by a copy of its own (its scripts loaded from the
  // group's first index: another module, another worker), as many at once as the reader's computer has cores.
  var GROUP_LEAST = 8;
  var GROUPS_MOST = 4;

  function groupsOf(indexes) {
    var cores = Math.min(navigator.hardwareConcurrency || 1, GROUPS_MOST);
    var count = Math.max(1, Math.min(cores, Math.floor(indexes.length / GROUP_LEAST)));
    var size = Math.ceil(indexes.length / count);
    var groups = [];
    for (var i = 0; i < indexes.length; i += size) { groups.push(indexes.slice(i, i + size)); }
    return groups;
  }

  function searchGroup(indexes, filters) {
    // The first index's scripts load the others into it.
    return import(indexes[0].url + "pagefind.js").then(function (pagefind) {
      return pagefind.options(indexes[0].options).then(function () {
        return Promise.all(indexes.slice(1).map(function (index) {
          return pagefind.mergeIndex(index.url, index.options);
        }));
      }).then(function () { return pagefind.search(query, {filters: filters}); });
    });
  }

  function searchShards(indexes) {
    // The chosen indexes (pagefind/<shard>/). The groups' results are merged as one copy merges its indexes':
    // in the order of the indexes, then by score, highest first (a stable sort: a tie keeps that order).
    if (!indexes.length) { return Promise.resolve([]); }
    var filters = chosenMember() ? {member: chosenMember()} : {};
    return Promise.all(groupsOf(indexes).map(function (group) { return searchGroup(group, filters); }))
      .then(function (searches) {
        var results = [].concat.apply([], searches.map(function (search) { return search.results; }));
        if (searches.length > 1) { results.sort(function (a, b) { return b.score - a.score; }); }
        return results.filter(function (result) { return !hidden[result.id]; });  // a page the delta holds anew is listed from it alone
      });
  }

  function chosenMember() {
    var member = document.getElementById("search-member");
    return member ? member.value : "";
  }

  function search(entries, listUrl, words) {
    var all = sources(entries, listUrl);
    return Promise.all(all.map(function (source) { return readWords(source, words); }))
      .then(function (read) { return searchShards(chosen(all, read, words, chosenMember())); });
  }

  status.textContent = "正在搜索……";
  var listUrl = new URL(list.getAttribute("data-shards"), window.location.href);
  var words = queryWords(query);
  var listing = readJson(listUrl);  // shards come and go with the documents: never an old list
  var siteWords = list.getAttribute("data-words");
  if (siteWords) {
    // A site's word lists are named by the query alone: asked for beside the list of shards, not after it (a
    // round trip less before Pagefind loads). A group's are its members', named in its list.
    words.forEach(function (word) {
      var url = new URL(bucket(word) + ".json", new URL(siteWords, window.location.href));
      if (!early[url.href]) {
        early[url.href] = readJson(url);
        early[url.href].catch(function () {});  // answered where the search reads it, if it does
      }
    });
  }
  listing
    .then(function (entries) { return search(entries, listUrl, words); })
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
