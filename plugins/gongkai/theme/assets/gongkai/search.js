/* gongkai search: Chinese full-text search over an index built at build time (jieba + the
   lunr Python package; see plugins/gongkai/search.py for the files and their format).

   What loads when: nothing until the reader focuses a search box or opens the results page.
   Then lunr.js, meta.json (what a result shows, and every 文号 and 索引号) and lexicon.txt
   (the words of the site, to segment a typed query without jieba). The title index
   (titles, 文号, 索引号, column) and the body index are split by term into shards: a query
   fetches only the shards of its own terms, and a result's text (for the highlighted
   snippet) only when it is shown. */
(function () {
  "use strict";
  var forms = document.querySelectorAll("form[data-gk-search]");
  if (!forms.length) return;

  var PIECES = /[a-z0-9]+|[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+/g;
  var CJK = /^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;
  var ZERO_WIDTH = /[\u200b-\u200d\ufeff]/g;
  var PAGE_SIZE = 20, QUICK_SIZE = 5;

  var base = new URL(forms[0].getAttribute("data-index"), location.href);
  var root = new URL(forms[0].getAttribute("data-root") + "/", location.href);
  var loaded = null, shards = {}, texts = {};

  function getJSON(name) {
    return fetch(new URL(name, base)).then(function (r) {
      if (!r.ok) throw new Error(name + ": " + r.status);
      return r.json();
    });
  }
  function getText(name) {
    return fetch(new URL(name, base)).then(function (r) {
      if (!r.ok) throw new Error(name + ": " + r.status);
      return r.text();
    });
  }
  function script(src) {
    return new Promise(function (resolve, reject) {
      if (window.lunr) return resolve();
      var s = document.createElement("script");
      s.src = src; s.onload = resolve; s.onerror = reject;
      document.head.appendChild(s);
    });
  }

  /* The first search needs lunr.js and the small indexes; later ones reuse them. */
  function load() {
    if (!loaded) {
      loaded = Promise.all([
        script(new URL("assets/gongkai/lunr.js", root).href),
        getJSON("meta.json"), getText("lexicon.txt")
      ]).then(function (parts) {
        var lexicon = new Set(), longest = 2;
        parts[2].split("\n").forEach(function (word) {
          if (word) { lexicon.add(word); longest = Math.max(longest, word.length); }
        });
        var meta = parts[1];
        meta.normalised = meta.docs.map(function (d) { return [normalise(d[4]), normalise(d[5])]; });
        return { meta: meta, lexicon: lexicon, longest: Math.min(longest, 12) };
      });
      loaded.catch(function () { loaded = null; });
    }
    return loaded;
  }

  function shardOf(term, count) {  /* FNV-1a over UTF-16 code units, as search.shard_of */
    var h = 0x811c9dc5;
    for (var i = 0; i < term.length; i++) { h ^= term.charCodeAt(i); h = Math.imul(h, 0x01000193) >>> 0; }
    return h % count;
  }
  /* Shard k of the title index and of the body index, fetched once. */
  function shard(k) {
    if (!shards[k]) {
      shards[k] = Promise.all([getJSON("titles/" + k + ".json"), getJSON("body/" + k + ".json")])
        .then(function (json) { return { titles: lunr.Index.load(json[0]), body: lunr.Index.load(json[1]) }; });
      shards[k].catch(function () { delete shards[k]; });
    }
    return shards[k];
  }

  /* 文号 and 索引号 compared without spaces and with one kind of bracket. */
  function normalise(text) {
    return (text || "").toLowerCase().replace(/\s+/g, "")
      .replace(/[〔［\[【（(]/g, "[").replace(/[〕］\]】）)]/g, "]");
  }

  /* A typed query → the words it must match (maximum matching against the site's words)
     and the shorter words inside them (as jieba's search mode indexes them). */
  function segment(query, data) {
    var words = [], parts = [];
    (query.toLowerCase().match(PIECES) || []).forEach(function (piece) {
      if (!CJK.test(piece)) { words.push(piece); return; }
      var i = 0;
      while (i < piece.length) {
        var end = Math.min(piece.length, i + data.longest), word = piece[i];
        for (; end > i + 1; end--) {
          if (data.lexicon.has(piece.slice(i, end))) { word = piece.slice(i, end); break; }
        }
        words.push(word);
        i += word.length;
      }
    });
    words.forEach(function (word) {
      for (var size = 2; size < word.length; size++) {
        for (var i = 0; i + size <= word.length; i++) {
          var inner = word.slice(i, i + size);
          if (data.lexicon.has(inner) && parts.indexOf(inner) < 0 && words.indexOf(inner) < 0) parts.push(inner);
        }
      }
    });
    return { words: unique(words), parts: parts };
  }
  function unique(list) { return list.filter(function (x, i) { return list.indexOf(x) === i; }); }

  function query(index, terms, fields, weight) {
    return index.query(function (q) {
      terms.forEach(function (t) {
        q.term(t.term, { fields: fields, boost: t.boost, usePipeline: false,
                         presence: lunr.Query.presence.OPTIONAL });
      });
    }).map(function (r) {
      return { ref: r.ref, score: r.score * weight, terms: Object.keys(r.matchData.metadata) };
    });
  }

  /* Every matching document, best first: its 文号 or 索引号 typed, the typed text in its
     title, all typed words before some of them, then lunr's BM25 score (titles boosted
     above bodies). */
  function search(text, filters) {
    return load().then(function (data) {
      var seg = segment(text, data), exact = normalise(text);
      var terms = seg.words.map(function (w) { return { term: w, boost: 1 }; })
        .concat(seg.parts.map(function (w) { return { term: w, boost: 0.3 }; }));
      var count = data.meta.shards, byShard = {};
      terms.forEach(function (t) { (byShard[shardOf(t.term, count)] = byShard[shardOf(t.term, count)] || []).push(t); });
      var found = {};
      function add(results) {
        results.forEach(function (r) {
          var f = found[r.ref] || (found[r.ref] = { id: +r.ref, score: 0, terms: {} });
          f.score += r.score;
          r.terms.forEach(function (t) { f.terms[t] = true; });
        });
      }
      return Promise.all(Object.keys(byShard).map(function (k) {
        return shard(k).then(function (index) {
          add(query(index.titles, byShard[k], ["t", "n", "c"], 4));
          add(query(index.body, byShard[k], ["b"], 1));
        });
      })).then(function () {
        if (exact.length >= 4) {
          data.meta.normalised.forEach(function (numbers, id) {
            var hit = numbers[0] === exact || numbers[1] === exact ? 1000 :
              /\d/.test(exact) && exact.length >= 6 && (numbers[0].indexOf(exact) >= 0 || numbers[1].indexOf(exact) >= 0) ? 100 : 0;
            if (hit) {
              var f = found[id] || (found[id] = { id: id, score: 0, terms: {} });
              f.score += hit; f.number = true;
            }
          });
        }
        /* The typed text as it stands in a title: the strongest sign, whatever the words. */
        var phrase = text.toLowerCase().replace(/\s+/g, "");
        if (phrase.length >= 2) {
          data.meta.docs.forEach(function (doc, id) {
            if (doc[1].toLowerCase().replace(/\s+/g, "").indexOf(phrase) >= 0) {
              var f = found[id] || (found[id] = { id: id, score: 0, terms: {} });
              f.phrase = true;
            }
          });
        }
        var list = Object.keys(found).map(function (k) {
          var f = found[k];
          f.covered = seg.words.filter(function (w) { return f.terms[w] || seg.parts.some(function (p) { return f.terms[p] && w.indexOf(p) >= 0; }); }).length;
          f.all = f.number || f.phrase || seg.words.every(function (w) { return f.terms[w]; });
          return f;
        });
        /* Every typed word must match, as in any site search: partial matches of single
           characters (量子 → 量, 子) would bury "no result" under noise. */
        list = list.filter(function (f) { return f.all; });
        list = list.filter(function (f) { return matchesFilters(data.meta.docs[f.id], filters, data.meta); });
        list.sort(function (a, b) {
          return (!!b.number - !!a.number) || (!!b.phrase - !!a.phrase) || (b.all - a.all) ||
            (b.covered - a.covered) || (b.score - a.score) || (a.id - b.id);
        });
        return { data: data, results: list, words: seg.words.concat(seg.parts) };
      });
    });
  }
  function matchesFilters(doc, filters, meta) {
    if (filters.column && (doc[2] < 0 || meta.columns[doc[2]][0] !== filters.column)) return false;
    if (filters.year && doc[3].slice(0, 4) !== filters.year) return false;
    return true;
  }

  /* -- showing results ---------------------------------------------------------------- */

  function escapeRegExp(s) { return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }
  function highlighted(text, words) {
    var fragment = document.createDocumentFragment();
    var sorted = words.slice().sort(function (a, b) { return b.length - a.length; }).filter(Boolean);
    if (!sorted.length) { fragment.appendChild(document.createTextNode(text)); return fragment; }
    var pattern = new RegExp(sorted.map(escapeRegExp).join("|"), "gi"), last = 0, m;
    while ((m = pattern.exec(text))) {
      fragment.appendChild(document.createTextNode(text.slice(last, m.index)));
      var mark = document.createElement("mark");
      mark.textContent = m[0];
      fragment.appendChild(mark);
      last = m.index + m[0].length;
    }
    fragment.appendChild(document.createTextNode(text.slice(last)));
    return fragment;
  }
  function snippet(text, words) {
    var lower = text.toLowerCase(), at = -1;
    words.slice().sort(function (a, b) { return b.length - a.length; }).some(function (w) {
      at = lower.indexOf(w); return at >= 0;
    });
    if (at < 0) return text.slice(0, 90) + (text.length > 90 ? "…" : "");
    var start = Math.max(0, at - 30), end = Math.min(text.length, at + 70);
    return (start > 0 ? "…" : "") + text.slice(start, end) + (end < text.length ? "…" : "");
  }
  function item(found, data, words, withSnippet) {
    var doc = data.meta.docs[found.id], li = document.createElement("li");
    li.className = "gk-search__result";
    var link = document.createElement("a");
    link.className = "gk-search__title";
    link.href = new URL(doc[0], root).href;
    link.appendChild(highlighted(doc[1].replace(ZERO_WIDTH, ""), words));
    li.appendChild(link);
    var facts = [];
    if (doc[2] >= 0 && data.meta.columns[doc[2]][1] !== doc[1]) facts.push(data.meta.columns[doc[2]][1]);
    if (doc[3]) facts.push(doc[3]);
    if (doc[4]) facts.push(doc[4]);
    if (facts.length) {
      var p = document.createElement("p");
      p.className = "gk-search__facts";
      p.textContent = facts.join(" · ");
      li.appendChild(p);
    }
    if (withSnippet) {
      var s = document.createElement("p");
      s.className = "gk-search__snippet";
      li.appendChild(s);
      if (!texts[found.id]) texts[found.id] = getText("text/" + found.id + ".txt").catch(function () { return ""; });
      texts[found.id].then(function (text) {
        if (text) s.appendChild(highlighted(snippet(text.replace(ZERO_WIDTH, ""), words), words));
        else s.remove();
      });
    }
    return li;
  }
  function statusText(q, n) {
    return n ? "找到 " + n + " 条与“" + q + "”相关的结果。"
      : "未找到与“" + q + "”相关的信息。请检查输入的文字，或换用更简短、更常用的词语；也可以浏览政府信息公开目录。";
  }

  /* -- the results page ---------------------------------------------------------------- */

  function resultsPage(form) {
    var input = form.elements.q, list = document.querySelector("[data-gk-page-results]");
    var status = document.querySelector("[data-gk-page-status]");
    var more = document.querySelector("[data-gk-page-more]");
    var nojs = document.querySelector("[data-gk-page-nojs]");
    if (nojs) nojs.remove();
    status.textContent = "请输入关键词。";
    var shown = 0, current = null, serial = 0;

    function fromAddress() {
      var params = new URLSearchParams(location.search);
      input.value = params.get("q") || "";
      ["column", "year"].forEach(function (name) { form.elements[name].value = params.get(name) || ""; });
    }
    function filters() { return { column: form.elements.column.value, year: form.elements.year.value }; }
    function address() {
      var params = new URLSearchParams();
      if (input.value.trim()) params.set("q", input.value.trim());
      var f = filters();
      if (f.column) params.set("column", f.column);
      if (f.year) params.set("year", f.year);
      var s = params.toString();
      return location.pathname + (s ? "?" + s : "");
    }
    function showMore() {
      var end = Math.min(current.results.length, shown + PAGE_SIZE);
      for (; shown < end; shown++) list.appendChild(item(current.results[shown], current.data, current.words, true));
      more.hidden = shown >= current.results.length;
    }
    function run() {
      var q = input.value.trim(), mine = ++serial;
      list.textContent = ""; more.hidden = true;
      if (!q) { status.textContent = "请输入关键词。"; return Promise.resolve(); }
      status.textContent = "正在搜索……";
      form.setAttribute("aria-busy", "true");
      return search(q, filters()).then(function (outcome) {
        if (mine !== serial) return;
        form.removeAttribute("aria-busy");
        current = outcome; shown = 0;
        status.textContent = statusText(q, outcome.results.length);
        showMore();
        document.title = (q ? q + " - " : "") + document.title.replace(/^.* - (站内搜索 - )/, "$1");
      }, function () {
        if (mine !== serial) return;
        form.removeAttribute("aria-busy");
        status.textContent = "搜索暂时无法使用，请稍后再试。";
      });
    }
    var typing = null;
    function later() {
      clearTimeout(typing);
      typing = setTimeout(function () { history.replaceState(null, "", address()); run(); }, 200);
    }
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      clearTimeout(typing);
      if (address() !== location.pathname + location.search) history.pushState(null, "", address());
      run();
    });
    input.addEventListener("input", later);
    input.addEventListener("keyup", function (e) { if (e.key !== "Enter" && e.key !== "Tab") later(); });
    form.addEventListener("change", function (e) {
      if (e.target === input) return;
      history.pushState(null, "", address()); run();
    });
    more.addEventListener("click", function () {
      var first = shown;
      showMore();
      var next = list.children[first] && list.children[first].querySelector("a");
      if (next) next.focus();
    });
    window.addEventListener("popstate", function () { fromAddress(); run(); });
    fromAddress();
    if (input.value.trim()) run(); else load();
  }

  /* -- the quick box on every page ------------------------------------------------------ */

  function quickBox(form) {
    var input = form.elements.q, panel = form.querySelector("[data-gk-quick-panel]");
    var list = form.querySelector("[data-gk-search-results]"), status = form.querySelector("[data-gk-search-status]");
    var all = form.querySelector("[data-gk-quick-all]"), serial = 0, typing = null;
    function close() { panel.hidden = true; }
    function run() {
      var q = input.value.trim(), mine = ++serial;
      if (!q) { close(); status.textContent = ""; return; }
      search(q, {}).then(function (outcome) {
        if (mine !== serial) return;
        list.textContent = "";
        outcome.results.slice(0, QUICK_SIZE).forEach(function (f) { list.appendChild(item(f, outcome.data, outcome.words, false)); });
        all.href = form.action + "?q=" + encodeURIComponent(q);
        all.hidden = !outcome.results.length;
        status.textContent = statusText(q, outcome.results.length);
        if (!outcome.results.length) {
          var none = document.createElement("li");
          none.className = "gk-quick__none";
          none.textContent = "未找到相关信息。";
          list.appendChild(none);
        }
        panel.hidden = false;
      }, function () { if (mine === serial) status.textContent = "搜索暂时无法使用，请稍后再试。"; });
    }
    function later() { clearTimeout(typing); typing = setTimeout(run, 150); }
    input.addEventListener("focus", function () { load(); }, { once: true });
    input.addEventListener("input", later);
    input.addEventListener("keyup", function (e) {
      if (e.key !== "Enter" && e.key !== "Tab" && e.key !== "Escape") later();
    });
    form.addEventListener("keydown", function (e) {
      /* Escape closes the preview; it must not also clear the search field (Chromium does). */
      if (e.key === "Escape" && !panel.hidden) { e.preventDefault(); close(); input.focus(); }
    });
    form.addEventListener("focusout", function (e) {
      if (!form.contains(e.relatedTarget)) close();
    });
  }

  forms.forEach(function (form) {
    if (form.getAttribute("data-gk-search") === "page") resultsPage(form); else quickBox(form);
  });
})();
