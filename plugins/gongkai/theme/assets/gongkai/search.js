/* gongkai search: Chinese full-text search over an index built at build time (jieba, see
   plugins/gongkai/search.py for the files and their format).

   What loads when: nothing until the reader focuses a search box or opens the results page;
   then search/manifest.json (shard counts), the site's traditional → simplified table and its
   abbreviations. A query reads the shards its own characters and words hash to: the site's
   words starting with each typed character (to cut the query without a segmenter), each
   word's first page of postings (the newest documents that have it; further pages only while
   a query needs more matches), and for a typed 文号 or 索引号 its number shard. A shown result
   reads its own title, column and date, and on the results page its snippet text. Nothing
   read before the first result grows with the number of pages on the site. */
(function () {
  "use strict";
  var forms = document.querySelectorAll("form[data-gk-search]");
  if (!forms.length) return;

  var PIECES = /[a-z0-9]+|[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+/g;
  var CJK = /^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;
  var ZERO_WIDTH = /[\u200b-\u200d\ufeff]/g;
  var PAGE_SIZE = 20, QUICK_SIZE = 5, LONGEST = 12;

  var base = new URL(forms[0].getAttribute("data-index"), location.href);
  var root = new URL(forms[0].getAttribute("data-root") + "/", location.href);
  var loaded = null, files = {}, texts = {};

  function get(name, json) {
    if (!files[name]) {
      files[name] = fetch(new URL(name, base)).then(function (r) {
        if (!r.ok) throw new Error(name + ": " + r.status);
        return json ? r.json() : r.text();
      });
      files[name].catch(function () { delete files[name]; });
    }
    return files[name];
  }
  function getJSON(name) { return get(name, true); }
  function getText(name) { return get(name, false); }

  /* The first search needs the manifest and the two small tables; later ones reuse them. */
  function load() {
    if (!loaded) {
      loaded = Promise.all([getJSON("manifest.json"), getText("t2s.txt"), getJSON("synonyms.json")])
        .then(function (parts) {
          var simplified = {};
          parts[1].split("\n").forEach(function (pair) { if (pair.length === 2) simplified[pair[0]] = pair[1]; });
          return { manifest: parts[0], simplified: simplified, synonyms: parts[2], lexicon: new Set(),
                   lists: {} };
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

  /* The site's words that start with these characters, added to data.lexicon. */
  function learnWords(text, data) {
    var shards = {};
    (text.match(/[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/g) || []).forEach(function (c) {
      shards[shardOf(c, data.manifest.words)] = true;
    });
    return Promise.all(Object.keys(shards).map(function (k) {
      return getText("words/" + k + ".txt").then(function (text) {
        text.split("\n").forEach(function (word) { if (word) data.lexicon.add(word); });
      });
    }));
  }

  /* A term's postings as far as read: hits[document number] = weight × 2 (+1 when the term
     is in the title or 文号); every document up to `frontier` is known. */
  function list(term, data) {
    if (!data.lists[term]) {
      var k = shardOf(term, data.manifest.terms);
      data.lists[term] = getJSON("terms/" + k + ".json").then(function (shard) {
        var entry = shard[term] || [0, 1, []];
        var l = { term: term, count: entry[0], pages: entry[1], slot: entry[3], starts: entry[4] || [], next: 1,
                  hits: {}, read: {}, frontier: Infinity, last: -1 };
        if (entry[2]) { addPage(l, entry[2]); return l; }
        /* A common word's first page is a file of its own. */
        return getJSON("more/" + l.slot + "-0.json").then(function (flat) { addPage(l, flat); return l; });
      });
      data.lists[term].catch(function () { delete data.lists[term]; });
    }
    return data.lists[term];
  }
  function addHits(l, flat) {
    var id = -1;
    for (var i = 0; i < flat.length; i += 2) { id = i ? id + flat[i] : flat[i]; l.hits[id] = flat[i + 1]; }
    return id;
  }
  /* The page read next in order (l.next has been counted on). */
  function addPage(l, flat) {
    l.read[l.next - 1] = true;
    l.last = addHits(l, flat);
    l.frontier = l.next < l.pages ? l.last : Infinity;
  }
  /* Which page of a term holds document `id` (pages are runs of document numbers), and
     whether what the term has for `id` is known. */
  function pageOf(l, id) {
    var p = 0;
    while (p < l.starts.length && l.starts[p] <= id) p++;
    return p;
  }
  function covers(l, id) { return id <= l.frontier || !!l.read[pageOf(l, id)]; }
  /* The pages that hold these documents, read out of order. */
  function readPagesFor(l, ids) {
    var pages = unique(ids.map(function (id) { return pageOf(l, id); })).filter(function (p) { return !l.read[p]; });
    return Promise.all(pages.map(function (p) {
      return getJSON("more/" + l.slot + "-" + p + ".json").then(function (flat) { addHits(l, flat); l.read[p] = true; });
    }));
  }
  /* The next `count` pages of a term's postings, fetched together, added in order. */
  function readPages(l, count) {
    if (!l.reading) {
      var numbers = [];
      for (var p = l.next; p < l.pages && numbers.length < count; p++) numbers.push(p);
      l.reading = Promise.all(numbers.map(function (p) { return getJSON("more/" + l.slot + "-" + p + ".json"); }))
        .then(function (pages) {
          pages.forEach(function (flat) { l.next++; addPage(l, flat); });
          l.reading = null;
        }, function (error) { l.reading = null; throw error; });
    }
    return l.reading;
  }

  /* 文号 and 索引号 compared without spaces and with one kind of bracket (search.normalise_number). */
  function normalise(text) {
    return (text || "").normalize("NFKC").toLowerCase().replace(/\s+/g, "")
      .replace(/[〔［\[【（(]/g, "[").replace(/[〕］\]】）)]/g, "]")
      .replace(/(\d{4})年第?(\d+)号/g, "[$1]$2号").replace(/\]第(\d+)号/g, "]$1号");
  }
  /* Documents whose 文号 or 索引号 is the typed text (1000) or ends with it (100). */
  function numberHits(text, data) {
    var key = normalise(text);
    if (key.length < 4 || !/\d/.test(key)) return Promise.resolve({});  /* every 文号 and 索引号 has digits */
    return getJSON("numbers/" + shardOf(key, data.manifest.numbers) + ".json").then(function (shard) {
      var ids = shard[key] || [], hits = {};
      for (var i = 0; i < ids.length; i += 2) hits[ids[i]] = Math.max(hits[ids[i]] || 0, ids[i + 1] ? 1000 : 100);
      return hits;
    });
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
      var end = Math.min(piece.length, i + LONGEST), word = piece[i];
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
    var folded = fold(text, data), needs = [], year = null;
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
    FILLER.forEach(function (word) { folded = folded.split(word).join(" "); });
    return learnWords(folded, data).then(function () {
      var cutWords = words(folded, data);
      cutWords.forEach(function (w) {
        if (!needs.some(function (n) { return n.length === 1 && n[0].length === 1 && n[0][0] === w; })) needs.push([[w]]);
      });
      return { needs: needs, year: year, words: cutWords };
    });
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

  /* What the site says a word not on it may be: a word that sounds the same (防讯 → 防汛,
     an IME's slip), or a word in pinyin (yingji → 应急). Read only when a search finds nothing. */
  function soundsLike(word, data) {
    var chars = CJK.test(word) ? word.split("") : [];
    return Promise.all(chars.map(function (c) {  /* each character's readings, from its shard */
      return getText("sounds/" + shardOf(c, data.manifest.sounds) + ".txt").then(function (lines) {
        return (lineOf(lines, c) || "?").split(" ");
      });
    })).then(function (readings) {
      var keys = chars.length ? [""] : [word];
      readings.forEach(function (options) {  /* every reading of every character, a few dozen at most */
        var next = [];
        keys.forEach(function (k) { options.forEach(function (r) { next.push(k + r); }); });
        keys = next.slice(0, 32);
      });
      return Promise.all(keys.map(function (key) {
        return getText("pinyin/" + shardOf(key, data.manifest.pinyin) + ".txt").then(function (lines) {
          var found = lineOf(lines, key);
          return found ? found.split(" ") : [];
        });
      }));
    }).then(function (found) {
      return unique([].concat.apply([], found)).filter(function (w) { return w !== word; });
    });
  }
  /* In "key<TAB>value" lines, the value of `key`, or null. */
  function lineOf(lines, key) {
    var at = ("\n" + lines).indexOf("\n" + key + "\t");
    return at < 0 ? null : lines.slice(at + key.length + 1, (lines + "\n").indexOf("\n", at));
  }

  /* The site's word a typed word that is on no page may have been meant as: same length,
     one character different, on the most documents (管埋 → 管理, a slip of the shape that no
     sound-alike catches). Offered, never searched for in its place. */
  function didYouMean(word, data) {
    var near = [];
    data.lexicon.forEach(function (w) {
      if (w.length !== word.length || w === word) return;
      var diff = 0;
      for (var i = 0; i < w.length; i++) if (w[i] !== word[i]) diff++;
      if (diff === 1) near.push(w);
    });
    return Promise.all(near.slice(0, 12).map(function (w) { return list(w, data); })).then(function (lists) {
      lists.sort(function (a, b) { return b.count - a.count; });
      return lists.length && lists[0].count ? lists[0].term : null;
    });
  }

  /* -- matching ------------------------------------------------------------------------- */

  /* Documents matching a query, best first: its 文号 or 索引号 typed, every need met in the
     title, every need met, by the typed words themselves (not only by the words they are
     made of), documents before other pages, the year asked for, then the sum
     of the words' weights (BM25; titles weigh most). Documents are numbered newest first
     and every word's postings are read in that order, page by page: the matches among the
     documents every word has been read up to are certain, and reading stops once there are
     `wanted` of them. `rest()` reads on to the end (the full count, and the order over all). */
  function match(understood, text, data, filters, wanted) {
    var all = [], parts = [];
    understood.needs.forEach(function (need) {
      need.forEach(function (alt) { alt.forEach(function (w) { all.push(w); parts = parts.concat(inner(w, data)); }); });
    });
    all = unique(all);
    parts = unique(parts).filter(function (p) { return all.indexOf(p) < 0; });
    var manifest = data.manifest, boosts = {};
    all.forEach(function (w) { boosts[w] = 1; });
    parts.forEach(function (w) { boosts[w] = 0.3; });
    /* The typed words (and the column filter) decide how far matches are certain; the words
       inside them only add what their pages read so far show (安全隐患 met by 安全 and 隐患). */
    var terms = all.concat(parts), required = all.slice();
    if (filters.column) required.push(manifest.column + filters.column);
    var extra = understood.year ? [understood.year] : [];
    var range = filters.year ? manifest.years[filters.year] || [-1, -1] : null;
    var asked = understood.year ? manifest.years[understood.year] || [-1, -1] : null;

    return Promise.all([Promise.all(unique(required.concat(parts, extra)).map(function (t) { return list(t, data); })),
                        numberHits(text, data)]).then(function (got) {
      var lists = {}, numbers = got[1];
      got[0].forEach(function (l) { lists[l.term] = l; });
      var needs = understood.needs;
      /* A need none of whose forms is on any page: no document can meet every need. */
      function onSomePage(need) {
        return need.some(function (alt) { return alt.every(function (w) { return lists[w].count; }); });
      }
      var possible = needs.every(onSomePage);

      function evaluate() {
        var frontier = Infinity;
        required.forEach(function (t) { frontier = Math.min(frontier, lists[t].frontier); });
        var allowed = bound(), known = {};
        (allowed || []).forEach(function (id) {
          if (id > frontier && required.every(function (t) { return covers(lists[t], id); })) known[id] = true;
        });
        var found = {};
        function at(id) { return found[id] || (found[id] = { id: +id, score: 0, terms: {}, titled: {} }); }
        terms.forEach(function (t) {
          var hits = lists[t].hits;
          Object.keys(hits).forEach(function (id) {
            if (+id > frontier && !known[id]) return;
            var f = at(id), w = hits[id];
            f.score += boosts[t] * (w >> 1); f.terms[t] = true;
            if (w & 1) f.titled[t] = true;
          });
        });
        Object.keys(numbers).forEach(function (id) { at(id).number = numbers[id]; });
        var column = filters.column ? lists[manifest.column + filters.column].hits : null;
        var yearList = understood.year ? lists[understood.year] : null;
        var list = Object.keys(found).map(function (k) {
          var f = found[k];
          /* A word is met by itself, or (unless `whole`) by the two site words it is made of
             (安全隐患 by 安全 and 隐患). */
          function has(w, where, whole) {
            if (where[w]) return true;
            if (whole) return false;
            for (var i = 2; i <= w.length - 2; i++) {
              var a = w.slice(0, i), b = w.slice(i);
              if (where[a] && where[b] && data.lexicon.has(a) && data.lexicon.has(b)) return true;
            }
            return false;
          }
          function metIn(where, whole) {
            return needs.filter(function (need) {
              return need.some(function (alt) { return alt.every(function (w) { return has(w, where, whole); }); });
            }).length;
          }
          f.met = metIn(f.terms);
          f.titleAll = needs.length > 0 && metIn(f.titled) === needs.length;
          f.all = !!f.number || (needs.length > 0 && f.met === needs.length);
          f.whole = needs.length > 0 && metIn(f.terms, true) === needs.length;
          f.document = f.id < manifest.documents;
          f.year = !asked ? 0 : yearList.hits[f.id] & 1 ? 2 : f.id >= asked[0] && f.id <= asked[1] ? 1 : 0;
          return f;
        }).filter(function (f) {
          return (!column || column[f.id] !== undefined) && (!range || (f.id >= range[0] && f.id <= range[1]));
        });
        list.sort(function (a, b) {
          return ((b.number || 0) - (a.number || 0)) || (b.titleAll - a.titleAll) || (b.all - a.all) ||
            (b.whole - a.whole) || (b.document - a.document) || (b.year - a.year) || (b.met - a.met) || (b.score - a.score) || (a.id - b.id);
        });
        /* Every need must be met, as in any site search: partial matches of single characters
           (量子 → 量, 子) would bury "no result" under noise. With two needs or more, the
           documents that meet all but one are offered apart, labelled as partial. */
        var full = list.filter(function (f) { return f.all; });
        var partial = full.length || needs.length < 2 ? [] :
          list.filter(function (f) { return f.met === needs.length - 1; });
        var certain = frontier === Infinity || (!!allowed && allowed.every(function (id) { return id <= frontier || known[id]; }));
        var complete = certain && parts.every(function (t) { return lists[t].frontier === Infinity; }) &&
          (frontier === Infinity || full.length > 0 || needs.length < 2 || (!possible && !!allowed));
        return { data: data, results: full, partial: partial, words: terms, complete: complete, certain: certain,
                 frontier: frontier, rest: rest };
      }
      /* The needs whose words are read to the end bound the matches to the documents they
         all have (if at most 200): the other words' pages that hold those are read out of
         order, and the matches are known, however far the other words are read in order
         (示应急〔2026〕9776号: 9776 settles it; 应急 and 2026, on every page, are not read
         through). With a need on no page there are only partial matches, which meet every
         other need: those others bound them (量子计算机: the few pages with both 量 and 机
         are all of 计算 that needs reading to say there is nothing). */
      function bound() {
        var common = null;
        needs.forEach(function (need) {
          if (!possible && !onSomePage(need)) return;
          if (!need.every(function (alt) { return alt.every(function (w) { return lists[w].frontier === Infinity; }); })) return;
          var ids = {};
          need.forEach(function (alt) { alt.forEach(function (w) { Object.keys(lists[w].hits).forEach(function (id) { ids[id] = true; }); }); });
          if (common) Object.keys(common).forEach(function (id) { if (!ids[id]) delete common[id]; });
          else common = ids;
        });
        var list = common && Object.keys(common).map(Number);
        return list && list.length <= 200 ? list : null;
      }
      /* Each round reads the words read least far a step further, twice as far as the round
         before, so that the matches are worked out a few times, not once per page. */
      var step = 1;
      function readOn(enough) {
        var outcome = evaluate();
        if (outcome.complete || (enough(outcome))) return Promise.resolve(outcome);
        /* Once the typed words' matches are certain, the words inside them are read on. */
        var lagging = outcome.certain ? parts.filter(function (t) { return lists[t].frontier < Infinity; }) : [];
        if (!lagging.length) {
          lagging = required.filter(function (t) { return lists[t].frontier === outcome.frontier && outcome.frontier < Infinity; });
        }
        if (!lagging.length) return Promise.resolve(outcome);
        var allowed = !outcome.certain && bound();
        if (allowed) {  /* only the pages that hold the documents a full match must be among */
          return Promise.all(required.map(function (t) { return readPagesFor(lists[t], allowed); }))
            .then(function () { return readOn(enough); });
        }
        var pages = step;
        step *= 2;
        return Promise.all(lagging.map(function (t) { return readPages(lists[t], pages); }))
          .then(function () { return readOn(enough); });
      }
      function rest() { return readOn(function () { return false; }); }
      return readOn(function (o) {
        return o.results.length >= wanted || (o.certain && o.results.length > 0) || (!possible && o.partial.length >= wanted);
      });
    });
  }

  /* Runs of single characters the lexicon could not join, alone or with the word before or
     after them (专家裤 → 专家 + 裤: heard as 专家库), and words in Latin letters: the words a
     search that found nothing may have got wrong, each as its choices, shortest first. */
  function unknownRuns(seq) {
    var runs = [];
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
    return runs;
  }
  /* The first choice of each run for which `find` gives something: [[choice, found]…]. */
  function firstFound(runs, find) {
    var out = [];
    return runs.reduce(function (done, choices) {
      return done.then(function () {
        return choices.reduce(function (settled, parts) {
          return settled.then(function (hit) {
            if (hit) return hit;
            return find(parts.join("")).then(function (found) { return found ? [parts, found] : null; });
          });
        }, Promise.resolve(null)).then(function (hit) { if (hit) out.push(hit); });
      });
    }, Promise.resolve()).then(function () { return out; });
  }

  /* A search: what the query means, its matches; when nothing matches, a word the site
     does not have read as the site's word it sounds like, and said so; failing that, the
     site's word it may have been meant as, offered ("did you mean", `outcome.suggest()`). */
  function search(text, filters, wanted) {
    return load().then(function (data) {
      return understand(text, data).then(function (understood) {
        return match(understood, text, data, filters, wanted).then(function (outcome) {
          if (outcome.results.length || !understood.needs.length) return outcome;
          var runs = unknownRuns(understood.words);
          if (!runs.length) return outcome;
          return firstFound(runs, function (word) {
            return soundsLike(word, data).then(function (alike) { return alike.length ? alike : null; });
          }).then(function (heard) {
            if (heard.length) {
              var needs = understood.needs;
              heard.forEach(function (hit) {
                needs = needs.filter(function (need) {
                  return !(need.length === 1 && need[0].length === 1 && hit[0].indexOf(need[0][0]) >= 0);
                });
                needs.push(hit[1].map(function (w) { return [w]; }));
              });
              return match({ needs: needs, year: understood.year }, "", data, filters, wanted).then(function (again) {
                again.corrected = heard.map(function (hit) { return [hit[0].join(""), hit[1][0]]; });
                return again;
              });
            }
            /* Asked for once the outcome is shown: it reads the shards of a few more words. */
            outcome.suggest = function () {
              return firstFound(runs, function (word) { return didYouMean(word, data); }).then(function (near) {
                var meant = fold(text, data);
                near.forEach(function (hit) { meant = meant.split(hit[0].join("")).join(hit[1]); });
                return near.length && meant !== fold(text, data) ? meant.trim() : null;
              });
            };
            return outcome;
          });
        });
      });
    });
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
  /* What shown results say: address, title, column title, date, 文号 (search/doc/{id}.json). */
  function described(results) {
    return Promise.all(results.map(function (f) {
      return getJSON("doc/" + f.id + ".json").then(function (doc) { f.doc = doc; return f; });
    }));
  }
  function item(found, words, withSnippet) {
    var doc = found.doc, li = document.createElement("li");
    li.className = "gk-search__result";
    var link = document.createElement("a");
    link.className = "gk-search__title";
    link.href = new URL(doc[0], root).href;
    link.appendChild(highlighted(doc[1].replace(ZERO_WIDTH, ""), words));
    li.appendChild(link);
    var facts = [];
    if (doc[2] && doc[2] !== doc[1]) facts.push(doc[2]);
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
    var n = outcome.results.length, said = "", more = outcome.complete ? "" : "以上";
    var meant = q;
    if (outcome.corrected) {
      said = outcome.corrected.map(function (c) { return "没有找到“" + c[0] + "”，已按“" + c[1] + "”搜索"; }).join("；") + "。";
      outcome.corrected.forEach(function (c) { meant = meant.split(c[0]).join(c[1]); });
    }
    if (n) return said + "找到 " + n + " 条" + more + "与“" + meant + "”相关的结果。";
    if (outcome.partial.length) {
      return said + "未找到同时符合“" + q + "”中各个词语的信息；下面 " + outcome.partial.length + " 条" + more +
        "只符合其中一部分（部分匹配），请核对。";
    }
    return said + "未找到与“" + q + "”相关的信息。请检查输入的文字，或换用更简短、更常用的词语；也可以浏览政府信息公开目录。";
  }
  /* 您是不是要找：<a>…</a>, a link to the results page for the site's word. */
  function suggestion(meant, page) {
    var p = document.createElement("p");
    p.className = "gk-search__suggest";
    p.appendChild(document.createTextNode("您是不是要找："));
    var a = document.createElement("a");
    a.href = page + "?q=" + encodeURIComponent(meant);
    a.textContent = meant;
    p.appendChild(a);
    p.appendChild(document.createTextNode("？"));
    return p;
  }

  /* -- typing ------------------------------------------------------------------------- */

  /* Calls ``run`` when the field's text has changed: at once after a pause of ``wait`` ms (a
     word an IME commits, a paste: the usual case in Chinese), otherwise once the typing
     pauses; never while an IME is still composing, and not twice for the same text. Key
     events count too: a widget that only saw ``input`` would miss an IME that sends none. */
  var NOT_TYPING = ["Enter", "Tab", "Escape"];  /* their keyup is no change of text */
  function onTyped(input, run, wait) {
    var last = null, timer = null, quietFrom = 0;
    function go() {
      timer = null;
      last = input.value;
      run();
    }
    function changed(e) {
      if (e.isComposing || input.value === last || NOT_TYPING.indexOf(e.key) >= 0) return;
      var now = Date.now(), quiet = now >= quietFrom;
      quietFrom = now + wait;
      clearTimeout(timer);
      if (quiet) go(); else timer = setTimeout(go, wait);
    }
    input.addEventListener("input", changed);
    input.addEventListener("compositionend", changed);
    input.addEventListener("keyup", changed);
    return {
      ran: function () { clearTimeout(timer); last = input.value; },  /* run by other means */
      forget: function () { last = null; }                            /* the same text may run again */
    };
  }

  /* -- the results page ----------------------------------------------------------------- */

  function resultsPage(form) {
    var input = form.elements.q, list = document.querySelector("[data-gk-page-results]");
    var status = document.querySelector("[data-gk-page-status]");
    var more = document.querySelector("[data-gk-page-more]");
    var nojs = document.querySelector("[data-gk-page-nojs]");
    var suggest = document.querySelector("[data-gk-page-suggest]");
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
    /* The next PAGE_SIZE results (`from` 0: the list again, when the whole count is in). */
    /* The next PAGE_SIZE results (`from` 0: the list again, when the whole count is in), each
       shown as soon as it and those before it have their title (all are asked for at once). */
    function showMore(mine, from) {
      var results = shownOf(current), end = Math.min(results.length, Math.max(shown, from + PAGE_SIZE));
      var batch = results.slice(from, end), cleared = from > 0;
      var docs = batch.map(function (f) { return getJSON("doc/" + f.id + ".json"); });
      list.classList.toggle("gk-search__results--partial", !current.results.length);
      return batch.reduce(function (done, f, i) {
        return done.then(function () { return docs[i]; }).then(function (doc) {
          if (mine !== serial) return;
          if (!cleared) { list.textContent = ""; cleared = true; }
          f.doc = doc;
          list.appendChild(item(f, current.words, true));
        });
      }, Promise.resolve()).then(function () {
        if (mine !== serial) return;
        if (!cleared) list.textContent = "";
        shown = end;
        more.hidden = shown >= results.length;
      });
    }
    function run() {
      var q = input.value.trim(), mine = ++serial;
      list.textContent = ""; more.hidden = true; suggest.textContent = "";
      if (!q) { status.textContent = "请输入关键词。"; return Promise.resolve(); }
      status.textContent = "正在搜索……";
      form.setAttribute("aria-busy", "true");
      return search(q, filters(), PAGE_SIZE).then(function (outcome) {
        if (mine !== serial) return;
        current = outcome; shown = 0;
        document.title = (q ? q + " - " : "") + document.title.replace(/^.* - (站内搜索 - )/, "$1");
        return showMore(mine, 0).then(function () {
          if (mine !== serial) return;
          status.textContent = statusText(q, outcome);
          if (outcome.suggest) {
            outcome.suggest().then(function (meant) {
              if (meant && mine === serial) suggest.appendChild(suggestion(meant, form.action));
            });
          }
          if (outcome.complete) { form.removeAttribute("aria-busy"); return; }
          /* The rest of the matches: the full count, and the order over all of them. */
          return outcome.rest().then(function (whole) {
            if (mine !== serial) return;
            var before = shownOf(current).slice(0, shown).map(function (f) { return f.id; }).join();
            current = whole;
            var same = shownOf(whole).slice(0, shown).map(function (f) { return f.id; }).join() === before;
            return (same ? Promise.resolve() : showMore(mine, 0)).then(function () {
              if (mine !== serial) return;
              more.hidden = shown >= shownOf(whole).length;
              form.removeAttribute("aria-busy");
              status.textContent = statusText(q, whole);
            });
          });
        });
      }).catch(function () {
        if (mine !== serial) return;
        form.removeAttribute("aria-busy");
        status.textContent = "搜索暂时无法使用，请稍后再试。";
      });
    }
    /* The address follows the typing. A query that was opened, submitted or gone back to keeps
       its history entry: the first change after it is a new entry, the rest replace that. */
    var kept = true;
    var typed = onTyped(input, function () {
      if (address() !== location.pathname + location.search) {
        history[kept ? "pushState" : "replaceState"](null, "", address());
        kept = false;
      }
      run();
    }, 200);
    function settled() { typed.ran(); kept = true; }  /* submitted, chosen or gone back to */
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      settled();
      if (address() !== location.pathname + location.search) history.pushState(null, "", address());
      run();
    });
    form.addEventListener("change", function (e) {
      if (e.target === input) return;
      history.pushState(null, "", address()); settled(); run();
    });
    more.addEventListener("click", function () {
      var first = shown;
      showMore(serial, shown).then(function () {
        var next = list.children[first] && list.children[first].querySelector("a");
        if (next) next.focus();
      });
    });
    window.addEventListener("popstate", function () { fromAddress(); settled(); run(); });
    fromAddress();
    typed.ran();
    kept = !!input.value.trim();  /* an empty results page is not worth going back to */
    if (input.value.trim()) run(); else load();
  }

  /* -- the quick box on every page ------------------------------------------------------ */

  function quickBox(form) {
    var input = form.elements.q, panel = form.querySelector("[data-gk-quick-panel]");
    var list = form.querySelector("[data-gk-search-results]"), status = form.querySelector("[data-gk-search-status]");
    var all = form.querySelector("[data-gk-quick-all]"), serial = 0, typed;
    function close() { panel.hidden = true; typed.forget(); }  /* a key then opens it again */
    function run() {
      var q = input.value.trim(), mine = ++serial;
      if (!q) { close(); status.textContent = ""; return; }
      var outcome;
      search(q, {}, QUICK_SIZE + 1).then(function (found) {
        outcome = found;
        return described(shownOf(outcome).slice(0, QUICK_SIZE));
      }).then(function (shown) {
        if (mine !== serial) return;
        list.textContent = "";
        var results = shownOf(outcome);
        shown.forEach(function (f) { list.appendChild(item(f, outcome.words, false)); });
        all.href = form.action + "?q=" + encodeURIComponent(q);
        all.hidden = outcome.complete && results.length <= QUICK_SIZE;  /* nothing more to see there */
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
        if (outcome.suggest) {
          outcome.suggest().then(function (meant) {
            if (!meant || mine !== serial) return;
            var offer = document.createElement("li");
            offer.className = "gk-quick__none";
            offer.appendChild(suggestion(meant, form.action));
            list.insertBefore(offer, list.firstChild);
          });
        }
        panel.hidden = false;
      }, function () { if (mine === serial) status.textContent = "搜索暂时无法使用，请稍后再试。"; });
    }
    typed = onTyped(input, run, 150);
    input.addEventListener("focus", function () { load(); }, { once: true });
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
