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
        getJSON("meta.json"), getText("lexicon.txt"), getText("t2s.txt"), getJSON("synonyms.json")
      ]).then(function (parts) {
        var lexicon = new Set(), longest = 2, simplified = {};
        parts[2].split("\n").forEach(function (word) {
          if (word) { lexicon.add(word); longest = Math.max(longest, word.length); }
        });
        parts[3].split("\n").forEach(function (pair) { if (pair.length === 2) simplified[pair[0]] = pair[1]; });
        var meta = parts[1], data = { meta: meta, lexicon: lexicon, longest: Math.min(longest, 12),
                                      simplified: simplified, synonyms: parts[4] };
        meta.normalised = meta.docs.map(function (d) { return [normalise(d[4]), normalise(d[5])]; });
        meta.folded = meta.docs.map(function (d) { return fold(d[1], data).replace(/\s+/g, ""); });
        return data;
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
    return (text || "").normalize("NFKC").toLowerCase().replace(/\s+/g, "")
      .replace(/[〔［\[【（(]/g, "[").replace(/[〕］\]】）)]/g, "]")
      .replace(/(\d{4})年第?(\d+)号/g, "[$1]$2号").replace(/\]第(\d+)号/g, "]$1号");
  }

  /* Words a question is made of that say nothing of what is sought (as search.FILLER),
     and single characters that join words. */
  var FILLER = ["怎么样", "怎么", "怎样", "如何", "要不要", "是不是", "能不能", "可不可以", "有没有", "需不需要",
                "需要", "是否", "哪里", "哪些", "什么", "请问", "我想", "想要", "一下", "吗", "呢", "吧", "啊", "呀"];
  var JOINERS = "的了和与及或在对把被给是有为于";
  var YEARS = { "今年": 0, "去年": 1, "前年": 2 };

  /* Traditional characters to simplified (OpenCC's table, for the site's characters),
     full-width letters and digits to ASCII, lower case. */
  function fold(text, data) {
    return text.normalize("NFKC").toLowerCase().replace(/[^\x00-\x7f]/g, function (c) {
      return data.simplified[c] || c;
    });
  }

  /* Maximum matching against the site's words: a run of CJK characters → its words. */
  function cut(piece, data) {
    var words = [], i = 0;
    while (i < piece.length) {
      var end = Math.min(piece.length, i + data.longest), word = piece[i];
      for (; end > i + 1; end--) {
        if (data.lexicon.has(piece.slice(i, end))) { word = piece.slice(i, end); break; }
      }
      words.push(word);
      i += word.length;
    }
    return words;
  }
  function words(text, data) {
    var found = [];
    (text.match(PIECES) || []).forEach(function (piece) {
      if (!CJK.test(piece)) found.push(piece); else found = found.concat(cut(piece, data));
    });
    return found.filter(function (w) { return !(w.length === 1 && JOINERS.indexOf(w) >= 0); });
  }

  /* A typed query as a person means it: each need is a list of alternatives (each a list of
     words, all of which must match); abbreviations and full forms are alternatives of one
     need, filler is dropped, 今年/去年 become a year that ranks, not a word that must match. */
  function understand(text, data) {
    var folded = fold(text, data), needs = [], year = null, dropped = [];
    Object.keys(YEARS).forEach(function (word) {
      if (folded.indexOf(word) >= 0) {
        year = String(new Date().getFullYear() - YEARS[word]);
        folded = folded.split(word).join(" ");
      }
    });
    var forms = [];
    data.synonyms.forEach(function (group) {
      group.forEach(function (form) { forms.push({ text: form[0], group: group }); });
    });
    forms.sort(function (a, b) { return b.text.length - a.text.length; });
    forms.forEach(function (form) {
      if (folded.indexOf(form.text) < 0) return;
      folded = folded.split(form.text).join(" ");
      needs.push(form.group.map(function (f) { return f[1]; }));
    });
    FILLER.forEach(function (word) {
      if (folded.indexOf(word) >= 0) { dropped.push(word); folded = folded.split(word).join(" "); }
    });
    var cutWords = words(folded, data);
    cutWords.forEach(function (w) {
      if (!needs.some(function (n) { return n.length === 1 && n[0].length === 1 && n[0][0] === w; })) needs.push([[w]]);
    });
    return { needs: needs, year: year, words: cutWords };
  }

  /* The shorter words inside a word, as jieba's search mode indexes them. */
  function inner(word, data) {
    var parts = [];
    for (var size = 2; size < word.length; size++) {
      for (var i = 0; i + size <= word.length; i++) {
        var part = word.slice(i, i + size);
        if (data.lexicon.has(part) && parts.indexOf(part) < 0) parts.push(part);
      }
    }
    return parts;
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

  /* What the site says a word not on it may be: a word that sounds the same (防讯 → 防汛,
     an IME's slip), or a word in pinyin (yingji → 应急). Loaded only when needed. */
  var sounds = null;
  function loadSounds() {
    if (!sounds) {
      sounds = Promise.all([getText("pinyin.txt"), getText("sounds.txt")]).then(function (parts) {
        var byKey = {}, ofChar = {};
        parts[0].split("\n").forEach(function (line) {
          var tab = line.indexOf("\t");
          if (tab > 0) byKey[line.slice(0, tab)] = line.slice(tab + 1).split(" ");
        });
        parts[1].split("\n").forEach(function (line) { if (line) ofChar[line[0]] = line.slice(1).split(" "); });
        return { byKey: byKey, ofChar: ofChar };
      });
      sounds.catch(function () { sounds = null; });
    }
    return sounds;
  }
  function soundsLike(word, heard) {
    var keys = [""];
    if (!CJK.test(word)) keys = [word];
    else word.split("").forEach(function (c) {  /* every reading of every character, a few dozen at most */
      var readings = heard.ofChar[c] || ["?"], next = [];
      keys.forEach(function (k) { readings.forEach(function (r) { next.push(k + r); }); });
      keys = next.slice(0, 64);
    });
    var found = [];
    keys.forEach(function (key) { (heard.byKey[key] || []).forEach(function (w) { if (w !== word && found.indexOf(w) < 0) found.push(w); }); });
    return found;
  }

  /* Every matching document, best first: its 文号 or 索引号 typed, the typed text in its
     title, every need met, documents before column and other pages, the year asked for,
     then lunr's BM25 score (titles boosted above bodies). */
  function match(understood, text, data, filters) {
    var all = [], parts = [];
    understood.needs.forEach(function (need) {
      need.forEach(function (alt) { alt.forEach(function (w) { all.push(w); parts = parts.concat(inner(w, data)); }); });
    });
    all = unique(all);
    var terms = all.map(function (w) { return { term: w, boost: 1 }; })
      .concat(unique(parts).filter(function (p) { return all.indexOf(p) < 0; }).map(function (w) { return { term: w, boost: 0.3 }; }));
    var count = data.meta.shards, byShard = {}, found = {};
    terms.forEach(function (t) { var k = shardOf(t.term, count); (byShard[k] = byShard[k] || []).push(t); });
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
      var exact = normalise(text);
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
      var phrase = fold(text, data).replace(/\s+/g, "");
      if (phrase.length >= 2) {
        data.meta.folded.forEach(function (title, id) {
          if (title.indexOf(phrase) >= 0) {
            var f = found[id] || (found[id] = { id: id, score: 0, terms: {} });
            f.phrase = true;
          }
        });
      }
      var needs = understood.needs;
      var list = Object.keys(found).map(function (k) {
        var f = found[k], doc = data.meta.docs[f.id];
        /* A word is met by itself, or by the two site words it is made of (安全隐患 by 安全 and 隐患). */
        function has(w) {
          if (f.terms[w]) return true;
          for (var i = 2; i <= w.length - 2; i++) {
            var a = w.slice(0, i), b = w.slice(i);
            if (f.terms[a] && f.terms[b] && data.lexicon.has(a) && data.lexicon.has(b)) return true;
          }
          return false;
        }
        f.met = needs.filter(function (need) {
          return need.some(function (alt) { return alt.every(has); });
        }).length;
        f.all = f.number || f.phrase || (needs.length > 0 && f.met === needs.length);
        f.document = !!doc[3];
        f.year = !understood.year ? 0 : doc[1].indexOf(understood.year) >= 0 ? 2 : doc[3].slice(0, 4) === understood.year ? 1 : 0;
        return f;
      }).filter(function (f) { return matchesFilters(data.meta.docs[f.id], filters, data.meta); });
      list.sort(function (a, b) {
        return (!!b.number - !!a.number) || (!!b.phrase - !!a.phrase) || (b.all - a.all) ||
          (b.document - a.document) || (b.year - a.year) || (b.met - a.met) || (b.score - a.score) || (a.id - b.id);
      });
      /* Every need must be met, as in any site search: partial matches of single characters
         (量子 → 量, 子) would bury "no result" under noise. With two needs or more, the
         documents that meet all but one are offered apart, labelled as partial. */
      var full = list.filter(function (f) { return f.all; });
      var partial = full.length || needs.length < 2 ? [] :
        list.filter(function (f) { return f.met === needs.length - 1; });
      return { data: data, results: full, partial: partial, words: all.concat(parts) };
    });
  }

  /* A search: what the query means, its matches; when nothing matches, a word the site
     does not have (the characters the lexicon could not join, or Latin letters) read as the
     site's word it sounds like, and said so. */
  function search(text, filters) {
    return load().then(function (data) {
      var understood = understand(text, data);
      return match(understood, text, data, filters).then(function (outcome) {
        if (outcome.results.length || !understood.needs.length) return outcome;
        /* Runs of single characters the lexicon could not join, alone or with the word before
           or after them (专家裤 → 专家 + 裤: heard as 专家库), and words in Latin letters. */
        var seq = understood.words, runs = [];
        for (var i = 0; i < seq.length; i++) {
          if (/^[a-z]{4,}$/.test(seq[i])) { runs.push([[seq[i]]]); continue; }
          if (!(seq[i].length === 1 && CJK.test(seq[i]))) continue;
          var j = i;
          while (j + 1 < seq.length && seq[j + 1].length === 1 && CJK.test(seq[j + 1])) j++;
          var run = seq.slice(i, j + 1), before = i > 0 && CJK.test(seq[i - 1]) ? [seq[i - 1]] : [],
              after = j + 1 < seq.length && CJK.test(seq[j + 1]) ? [seq[j + 1]] : [];
          runs.push([run.length > 1 ? run : null, before.concat(run), run.concat(after), before.concat(run, after)]
            .filter(function (r) { return r && r.length > 1; }));
          i = j;
        }
        if (!runs.length) return outcome;
        return loadSounds().then(function (heard) {
          var needs = understood.needs.slice(), corrected = [];
          runs.forEach(function (choices) {
            for (var c = 0; c < choices.length; c++) {
              var parts = choices[c], alike = soundsLike(parts.join(""), heard);
              if (!alike.length) continue;
              needs = needs.filter(function (need) {
                return !(need.length === 1 && need[0].length === 1 && parts.indexOf(need[0][0]) >= 0);
              });
              needs.push(alike.map(function (w) { return [w]; }));
              corrected.push([parts.join(""), alike[0]]);
              return;
            }
          });
          if (!corrected.length) return outcome;
          return match({ needs: needs, year: understood.year }, "", data, filters)
            .then(function (again) { again.corrected = corrected; return again; });
        });
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
  /* What a search shows: its full matches, or else the partial ones (labelled). */
  function shownOf(outcome) { return outcome.results.length ? outcome.results : outcome.partial; }
  function statusText(q, outcome) {
    var n = outcome.results.length, said = "";
    var meant = q;
    if (outcome.corrected) {
      said = outcome.corrected.map(function (c) { return "没有找到“" + c[0] + "”，已按“" + c[1] + "”搜索"; }).join("；") + "。";
      outcome.corrected.forEach(function (c) { meant = meant.split(c[0]).join(c[1]); });
    }
    if (n) return said + "找到 " + n + " 条与“" + meant + "”相关的结果。";
    if (outcome.partial.length) {
      return said + "未找到同时符合“" + q + "”中各个词语的信息；下面 " + outcome.partial.length +
        " 条只符合其中一部分（部分匹配），请核对。";
    }
    return said + "未找到与“" + q + "”相关的信息。请检查输入的文字，或换用更简短、更常用的词语；也可以浏览政府信息公开目录。";
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
      var results = shownOf(current), end = Math.min(results.length, shown + PAGE_SIZE);
      for (; shown < end; shown++) list.appendChild(item(results[shown], current.data, current.words, true));
      more.hidden = shown >= results.length;
      list.classList.toggle("gk-search__results--partial", !current.results.length);
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
        status.textContent = statusText(q, outcome);
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
        var results = shownOf(outcome);
        results.slice(0, QUICK_SIZE).forEach(function (f) { list.appendChild(item(f, outcome.data, outcome.words, false)); });
        all.href = form.action + "?q=" + encodeURIComponent(q);
        all.hidden = results.length <= QUICK_SIZE;  /* nothing more to see there */
        status.textContent = statusText(q, outcome);
        if (outcome.corrected || (results.length && !outcome.results.length)) {
          var note = document.createElement("li");  /* said where it is seen, not only to screen readers */
          note.className = "gk-quick__none";
          note.textContent = statusText(q, outcome);
          list.insertBefore(note, list.firstChild);
        }
        if (!results.length) {
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
