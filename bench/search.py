"""Search benchmark: gongkai's search against Material for MkDocs and Pagefind, in Chromium.

Run from the repository root:

    scripts/bench-search                 # 10,000 and 50,000 documents (the builds take long)
    scripts/bench-search --quick         # smoke test: 500 documents, one run per query
    scripts/bench-search --reuse         # measure again without rebuilding the sites
    scripts/bench-search --sizes 2000,8000 --repeat 5 --out /tmp/s
    scripts/bench-search --size 2000     # one size

For each size N, one corpus (the sample project plus N synthetic documents, see
``bench.corpus``) is written, then built and indexed three ways, and every variant is
measured on the same queries (read from that corpus):

* gongkai  — ``mkdocs build`` of the product corpus: the quick search box on every page and
             the results page ``search/``. Its index (plugins/gongkai/search.py) is split so
             that nothing read before the first result grows with the site: search/
             manifest.json (shard counts), words/{k}.txt (the words a typed query is cut
             with), terms/{k}.json (each term's first page of postings) and more/{n}-{page}.json
             (the pages after it), numbers/{k}.json (文号, 索引号), doc/{id}.json and
             text/{id}.txt (what a shown result says, its snippet), t2s.txt, synonyms.json,
             pinyin/{k}.txt and sounds.txt. No file a query reads may be over SHARD_LIMIT
             (100 KB); the build report lists the largest file of each kind and any over it.
             search.js loads the index when the box is focused or the results page opens;
* material — the same published Markdown as plain Material for MkDocs (``bench.corpus.
             make_plain_corpus``) with Material's own search plugin configured for Chinese,
             ``plugins: [{search: {lang: zh}}]`` (jieba segments the text at build time). Its
             worker downloads search/search_index.json when a page loads. The documents' 标题
             is copied to ``title:`` in the front matter (plain MkDocs shows no 标题; without it a
             synthetic document's title would be its file name). Front matter is not rendered,
             so 发文字号 and 索引号 are not in Material's index; the product renders them;
* pagefind — a hard-linked copy of the material site indexed by Pagefind 1.5 extended
             (``pagefind --site DIR --force-language zh``; the extended build segments Chinese;
             the ``bench`` extra of pyproject.toml pins it), searched with Pagefind's own
             Default UI (pagefind-ui.js/css, its defaults, a 300 ms debounce among them) on a
             small page the bench adds, pagefind-search/index.html. Pagefind indexes each
             page's <body> less its nav, header and footer.

Each site is served by a threaded ``http.server`` on 127.0.0.1 (no compression), and Debian's
Chromium (driven by Playwright) runs every query in a new browser context (cold cache):

1. open the start page (gongkai: the home page, ``gongkai-page``: the results page
   ``search/``; material: the home page; pagefind: pagefind-search/) and wait for the load
   event; Material (``material``) then waits until its worker reports the index is loaded
   (its best case); ``material-now`` types right after the load event, as a reader who
   searches at once;
2. focus the search box (Material: click its header search field), type the query the way a
   person with an IME does — ``fill`` (the text in one go), then the End key;
3. wait (up to --timeout) until the first result is visible, or the product says nothing was
   found (gongkai: 未找到 in the status; Material: 没有找到符合条件的结果; Pagefind: 未找到 in
   .pagefind-ui__message).

Time to first result: from the query's last change of text (the ``input`` event of the
fill, which stands for the IME's commit; the End key's keydown if there was none) to the
animation frame after the page's DOM first shows a visible result (or says nothing was
found; a MutationObserver notices the change), measured inside the page (performance.now());
the wall time around Playwright's calls is recorded too. A product's debounce counts: the
reader waits for it too. Bytes: the response body sizes of the requests that finished from
the start of the navigation until that change of the DOM (their end time from the browser's
resource timing; a request the page starts after it, such as a "did you mean" lookup, is
not counted however soon it ends); the page's own bytes and the search bytes
(SEARCH_PATH: index files, search scripts, workers, Pagefind's bundle) are reported
separately, as are the bytes before typing and everything downloaded up to 2 s after the
first result. The server logs the body bytes it sent for each request as a cross-check
(worker requests included).

Results: per size a table; then, across sizes and per query, the issue's goals with PASS or
MISS: gongkai's bytes before the first result at most Pagefind's, flat from the smallest size
to the largest (at most 1.1 times), a first result within 300 ms; the same figures for
Material and Pagefind for comparison. The machine's load average, and JSON in
OUT/results-search.json. Everything is written under --out (default
/tmp/gongkai-bench-search), never into the repository.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import importlib.metadata
import json
import os
import platform
import re
import shutil
import statistics
import sys
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml

from bench import corpus
from bench.common import (
    KB,
    MB,
    REPO,
    VENV_BIN,
    begin,
    busy_seconds,
    product_env,
    product_fingerprint,
    published_documents,
    run_measured,
    say,
    tree_size,
    wait_for_quiet,
)
from gongkai.search import SHARD_LIMIT

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]

#: The sizes measured by default, and by --quick.
SIZES = (10_000, 50_000)
QUICK_SIZE = 500

#: The issue's goals, per query: gongkai's bytes before the first result ÷ Pagefind's; its
#: bytes at the largest size ÷ at the smallest ("flat"); its time to the first result.
GOAL_BYTES_VS_PAGEFIND = 1.0
GOAL_GROWTH = 1.1
GOAL_FIRST_RESULT_MS = 300.0

#: Settle time after the first result, to count what is downloaded afterwards (snippets …).
AFTER_S = 2.0
NO_RESULT_QUERY = "量子计算机"
COMMON_TITLE_WORD = "安全生产"
SUB_WORD = "报告"  # inside 年度报告, 评估报告 …

ZERO_WIDTH = re.compile("[\u200b-\u200d\ufeff]")
HAN_WORD = re.compile(r"^[\u3400-\u4dbf\u4e00-\u9fff]{3,8}$")


# -- the variants of each product --------------------------------------------------------------

#: name → how a query is run. ``start``: the page opened first ("" = home page); ``open``: how
#: the search box is focused; ``input``: the box; ``result``/``none``: what counts as the first
#: result / as "nothing found"; ``title``: the first result's title link; ``ready``: wait for
#: the search engine before typing; ``link``: its link.
_MATERIAL = {
    "product": "material", "start": "", "input": "input.md-search__input", "open": "material",
    "result": ".md-search-result__item",
    "none": (".md-search-result__meta", "没有找到"),
    "title": ".md-search-result__item .md-search-result__link h1",
    "link": ".md-search-result__item .md-search-result__link",
    "ready": True,
    "about": "Material's header search, typed once its worker has loaded the index (its best case)",
}
VARIANTS = {
    "gongkai": {
        "product": "gongkai", "start": "", "input": "#gk-quick-q", "open": "focus",
        "result": "[data-gk-quick-panel] .gk-search__result",
        "none": ("form[data-gk-search=quick] [data-gk-search-status]", "未找到"),
        "title": "[data-gk-quick-panel] .gk-search__result .gk-search__title",
        "link": "[data-gk-quick-panel] .gk-search__result .gk-search__title",
        "ready": False,
        "about": "quick search box on the home page (the index loads when the box is focused)",
    },
    "gongkai-page": {
        "product": "gongkai", "start": "search/", "input": "#gk-search-q", "open": "focus",
        "result": "[data-gk-page-results] > li",
        "none": ("[data-gk-page-status]", "未找到"),
        "title": "[data-gk-page-results] > li .gk-search__title",
        "link": "[data-gk-page-results] > li .gk-search__title",
        "ready": False,
        "about": "results page search/ (the index loads when the page opens; results show snippets)",
    },
    "material": _MATERIAL,
    "material-now": {
        **_MATERIAL,
        "ready": False,
        "about": "Material's header search, typed right after the page's load event",
    },
    "pagefind": {
        "product": "pagefind", "start": "pagefind-search/", "input": ".pagefind-ui__search-input",
        "open": "focus", "result": ".pagefind-ui__result",
        "none": (".pagefind-ui__message", "未找到"),
        "title": ".pagefind-ui__result .pagefind-ui__result-link",
        "link": ".pagefind-ui__result .pagefind-ui__result-link",
        "ready": False,
        "about": "Pagefind 1.5 extended, its Default UI on the page pagefind-search/ (the bench adds it)",
    },
}
#: The variant of each product the goals compare.
GOAL_VARIANTS = {"gongkai": "gongkai", "material": "material", "pagefind": "pagefind"}

#: Requests that belong to search rather than to the page (paths relative to the site root).
SEARCH_PATH = re.compile(
    r"^(search/.+\.(json|txt)$"                      # gongkai's index, Material's search_index.json
    r"|assets/gongkai/search\.js$"                   # gongkai's search code
    r"|assets/javascripts/(workers/search\.|lunr/)"  # Material's search worker and its language files
    r"|pagefind/)"                                   # Pagefind's UI, its worker, WebAssembly and index
)

#: Where each product keeps its search files, relative to the site.
INDEX_FOLDER = {"gongkai": "search", "material": "search", "pagefind": "pagefind"}
#: What a finished site of each product has (what --reuse looks for).
MADE = {"gongkai": "index.html", "material": "index.html", "pagefind": "pagefind-search/index.html"}
#: The kinds of gongkai's sharded files (search/{kind}/…), each listed even when empty.
GONGKAI_KINDS = ("terms", "more", "words", "numbers", "pinyin", "doc", "text")

#: The page the bench adds to the Pagefind site: Pagefind's Default UI, as its guide shows it.
PAGEFIND_PAGE = """<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>搜索</title>
<link href="../pagefind/pagefind-ui.css" rel="stylesheet">
<script src="../pagefind/pagefind-ui.js"></script>
</head>
<body>
<div id="search"></div>
<script>
window.addEventListener("DOMContentLoaded", () => { new PagefindUI({element: "#search"}); });
</script>
</body>
</html>
"""

#: In-page probe. It records the time of the query's last input event (else the End key's
#: keydown), then watches the page: the first change of the DOM after it that shows a
#: result (or the "nothing found" message) is the moment the outcome is there (what was
#: downloaded by then was needed for it), and the next animation frame is when it is seen.
#: A request started after that moment (a "did you mean" lookup, say) is not counted, however
#: soon it finishes.
PROBE = """
(v) => {
  const b = window.__gkBench = {keydown: null, input: null, shown: null, kind: null, painted: null};
  document.addEventListener("input", () => {
    if (b.keydown === null) b.input = performance.now();
  }, true);
  document.addEventListener("keydown", (e) => {
    if (e.key === "End" && b.keydown === null) b.keydown = performance.now();
  }, true);
  const visible = (el) => {
    if (!el) return false;
    const r = el.getBoundingClientRect(), s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== "hidden";
  };
  const outcome = () => {
    if (visible(document.querySelector(v.result))) return "result";
    const none = document.querySelector(v.none[0]);
    return none && none.textContent.includes(v.none[1]) ? "none" : null;
  };
  const look = () => {
    if (b.shown !== null || (b.input === null && b.keydown === null)) return;
    const kind = outcome();
    if (!kind) return;
    b.shown = performance.now();
    b.kind = kind;
    requestAnimationFrame(() => { b.painted = performance.now(); });
  };
  new MutationObserver(look).observe(document, {subtree: true, childList: true, characterData: true,
                                                attributes: true});
  b.look = look;
}
"""
SEEN = """
(v) => {
  const b = window.__gkBench;
  if (!b || b.keydown === null) return false;
  b.look();  // an outcome already on the page when the End key came
  if (b.painted === null) return false;
  const typed = b.input === null ? b.keydown : b.input;  // the query's last change of text
  return {kind: b.kind, ms: b.painted - typed, at: performance.timeOrigin + b.shown};
}
"""
MATERIAL_READY = """
() => {
  const meta = document.querySelector(".md-search-result__meta");
  return !!meta && meta.textContent.trim() !== "" && !meta.textContent.includes("正在初始化");
}
"""


# -- building --------------------------------------------------------------------------------

def plain_with_search(product: Path, plain: Path, as_of: dt.date) -> int:
    """The plain Material corpus with Material's search plugin for Chinese, 标题 → title.

    The plain corpus hard-links the product's Markdown; a file given a title is written anew
    (os.replace), so the product corpus is never changed. Returns how many files got a title.
    """
    corpus.make_plain_corpus(product, plain, as_of)
    config_path = plain / "mkdocs.yml"
    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    config["plugins"] = [{"search": {"lang": "zh"}}]
    config_path.write_text(
        "# Plain Material for MkDocs with its search plugin for Chinese (bench/search.py).\n"
        + yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    titled = 0
    for path in sorted((plain / "content").rglob("*.md")):
        text = path.read_text(encoding="utf-8-sig")
        meta, _ = corpus.split_front_matter(text)
        if not meta.get("标题") or "title" in meta or not text.startswith("---"):
            continue
        first_line_end = text.index("\n") + 1
        text = (text[:first_line_end] + f"title: {json.dumps(str(meta['标题']), ensure_ascii=False)}\n"
                + text[first_line_end:])
        fresh = path.with_name(path.name + ".tmp")
        fresh.write_text(text, encoding="utf-8")
        os.replace(fresh, path)  # breaks the hard link to the product corpus
        titled += 1
    return titled


def build_site(name: str, project: Path, site: Path, logs: Path, env: dict, wait_idle: float) -> dict:
    shutil.rmtree(site, ignore_errors=True)
    result = run_measured([str(VENV_BIN / "mkdocs"), "build", "-d", str(site)], project,
                          logs / f"build-{name}.log", env, wait_idle)
    return _finished(name, result, site / "index.html")


def index_pagefind(material: Path, site: Path, logs: Path, wait_idle: float) -> dict:
    """A hard-linked copy of the Material site, indexed by Pagefind extended, with the bench's
    search page (written after indexing, so that it is not indexed itself)."""
    shutil.rmtree(site, ignore_errors=True)
    shutil.copytree(material, site, copy_function=os.link)  # Pagefind only adds files
    command = [sys.executable, "-m", "pagefind_bin_extended", "--site", str(site), "--force-language", "zh"]
    result = run_measured(command, site.parent, logs / "index-pagefind.log", None, wait_idle)
    result = _finished("pagefind", result, site / "pagefind" / "pagefind-ui.js")
    if result["ok"]:
        (site / MADE["pagefind"]).parent.mkdir(exist_ok=True)
        (site / MADE["pagefind"]).write_text(PAGEFIND_PAGE, encoding="utf-8")
    return result


def _finished(name: str, result: dict, made: Path) -> dict:
    result["ok"] = result["exit_code"] == 0 and made.exists()
    if not result["ok"]:
        tail = Path(result["log"]).read_text(encoding="utf-8", errors="replace").splitlines()[-30:]
        say(f"  !! {name} failed (exit {result['exit_code']}); end of {result['log']}:")
        say("     " + "\n     ".join(tail))
    return result


def index_files(product: str, site: Path) -> dict:
    """What the site holds for search: files and bytes; per kind (a sub-folder, or a single
    file) how many files and the largest; the files over SHARD_LIMIT. Every file of gongkai's
    search/ but its results page is read at query time."""
    folder = site / INDEX_FOLDER[product]
    paths = folder.rglob("*") if folder.exists() else []
    sizes = {p.relative_to(folder).as_posix(): p.stat().st_size for p in paths if p.is_file() and p.name != "index.html"}
    kinds = {kind: {"files": 0, "bytes": 0, "largest": None, "largest_bytes": 0}
             for kind in (GONGKAI_KINDS if product == "gongkai" else ())}
    for name, size in sorted(sizes.items()):
        kind = kinds.setdefault(name.split("/")[0], {"files": 0, "bytes": 0, "largest": None, "largest_bytes": 0})
        kind["files"] += 1
        kind["bytes"] += size
        if size > kind["largest_bytes"]:
            kind["largest"], kind["largest_bytes"] = name, size
    return {"folder": INDEX_FOLDER[product], "files": len(sizes), "bytes": sum(sizes.values()), "kinds": kinds,
            "limit": SHARD_LIMIT, "over_limit": sorted(f"{folder.name}/{n}" for n, s in sizes.items() if s > SHARD_LIMIT)}


def describe_index(index: dict) -> str:
    """One line: the files of each kind, the largest, and those over SHARD_LIMIT."""
    parts = []
    for kind, k in index["kinds"].items():
        if k["largest"] == kind:  # a single file
            parts.append(f"{kind} {kb(k['bytes'])} KB")
        else:
            largest = f" (largest {k['largest'].split('/', 1)[1]}, {kb(k['largest_bytes'])} KB)" if k["files"] else ""
            parts.append(f"{kind}/ {k['files']:,}{largest}")
    over = index["over_limit"]
    limit = (f"{len(over)} over {SHARD_LIMIT:,} bytes: {', '.join(over[:6])}{' …' if len(over) > 6 else ''}"
             if over else f"none over {SHARD_LIMIT:,} bytes")
    return (f"{index['folder']}/ {index['files']:,} files, {index['bytes'] / MB:.2f} MB; {limit}\n      "
            + ", ".join(parts))


# -- queries ---------------------------------------------------------------------------------

def choose_queries(project: Path, as_of: dt.date) -> list[dict]:
    """The queries, the same for both products, read from the corpus itself."""
    content = project / "content"
    docs = []
    for rel in published_documents(content, as_of):
        meta, body = corpus.split_front_matter((content / rel).read_text(encoding="utf-8-sig"))
        docs.append((rel, meta, body))
    synthetic = [d for d in docs if "-bench-" in d[0]]
    # A synthetic document's 文号, past the sample's own numbers (示应急〔2026〕1号 … 〔2026〕200号).
    late = [d for d in synthetic if _number(d[1].get("发文字号")) > 200] or synthetic
    rel, meta, _ = late[len(late) * 2 // 3]
    target = {"path": rel, "url": rel[:-3] + "/", "title": str(meta.get("标题")),
              "wenhao": str(meta.get("发文字号")), "index_number": str(meta.get("索引号"))}
    queries = [
        {"id": "title-word", "query": COMMON_TITLE_WORD, "what": "a common word in titles"},
        {"id": "wenhao", "query": target["wenhao"], "what": "a synthetic document's 发文字号",
         "expect_url": target["url"], "expect_title": target["title"]},
        {"id": "index-number", "query": target["index_number"], "what": "the same document's 索引号",
         "expect_url": target["url"], "expect_title": target["title"]},
        {"id": "sub-word", "query": SUB_WORD, "what": "a word inside compounds (年度报告, 评估报告)"},
    ]
    rare = rare_body_word(docs)
    if rare:
        queries.append({"id": "rare-body-word", "query": rare["word"],
                        "what": f"a rare word of the body text (in {rare['documents']} document(s), no title)",
                        "documents": rare["documents"], "expect_url": rare["urls"][0] if rare["documents"] == 1 else None})
    queries.append({"id": "no-result", "query": NO_RESULT_QUERY, "what": "nothing matches"})
    return queries


def _number(wenhao) -> int:
    match = re.search(r"(\d+)号", str(wenhao or ""))
    return int(match[1]) if match else 0


def rare_body_word(docs: list[tuple[str, dict, str]]) -> dict | None:
    """A jieba word (3–8 Han characters) of a sample document's body that occurs in as few
    published bodies as possible (at least one) and in no title."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    titles = "\n".join(str(m.get("标题", "")) for _, m, _ in docs)
    bodies = [(rel, ZERO_WIDTH.sub("", body)) for rel, _, body in docs]
    candidates = set()
    for rel, _, body in docs:
        if "-bench-" not in rel:
            candidates.update(w for w in jieba.cut(body) if HAN_WORD.match(w))
    best = None
    for word in sorted(candidates):
        if word in titles:
            continue
        found = [rel for rel, body in bodies if word in body]
        if not found:
            continue
        key = (len(found), -len(word), word)
        if best is None or key < best[0]:
            best = (key, word, found)
        if len(found) == 1 and len(word) >= 4:
            break
    if best is None:
        return None
    _, word, found = best
    return {"word": word, "documents": len(found), "urls": [rel[:-3] + "/" for rel in found]}


# -- serving ---------------------------------------------------------------------------------

class LoggingHandler(SimpleHTTPRequestHandler):
    """Serves a site folder; records (finish time, path, status, body bytes) of every GET."""

    served: list  # set per server

    def log_message(self, *args: object) -> None:
        pass

    def send_header(self, keyword: str, value: str) -> None:
        if keyword.lower() == "content-length":
            self._length = int(value)
        super().send_header(keyword, value)

    def do_GET(self) -> None:
        self._length = 0
        super().do_GET()
        self.served.append((time.time(), unquote(urlsplit(self.path).path), self._length))


class Server:
    def __init__(self, folder: Path):
        served: list = []
        handler = type("Handler", (LoggingHandler,), {"served": served})
        self.served = served
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(folder)))
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.httpd.server_port}/"

    def since(self, start: float, end: float | None = None) -> list[tuple[float, str, int]]:
        return [s for s in list(self.served) if s[0] >= start and (end is None or s[0] <= end)]

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


# -- measuring in the browser ------------------------------------------------------------------

def site_path(url: str, base: str) -> str:
    return unquote(url[len(base):].split("?", 1)[0].split("#", 1)[0]) if url.startswith(base) else url


def measure(browser, server: Server, name: str, query: dict, timeout_s: float, ready_s: float) -> dict:
    """One query in a fresh browser context; see the module docstring."""
    variant = VARIANTS[name]
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="zh-CN")
    page = context.new_page()
    finished, failed = [], []
    page.on("requestfinished", lambda request: finished.append(request))
    page.on("requestfailed", lambda request: failed.append(request))
    result: dict = {"variant": name, "product": variant["product"], "query_id": query["id"],
                    "query": query["query"], "loadavg": [round(x, 2) for x in os.getloadavg()]}
    busy_start, wall_start = busy_seconds(), time.perf_counter()
    nav_epoch = typing_epoch = seen_epoch = None
    try:
        nav_epoch = time.time()
        page.goto(server.url + variant["start"], wait_until="load", timeout=timeout_s * 1000)
        result["load_ms"] = round((time.time() - nav_epoch) * 1000)
        if variant["ready"]:
            page.wait_for_function(MATERIAL_READY, timeout=ready_s * 1000, polling=50)
            result["ready_ms"] = round((time.time() - nav_epoch) * 1000)
        else:
            page.wait_for_timeout(250)  # let the page's own late requests (icons …) finish
        page.evaluate(PROBE, variant)
        typing_epoch = time.time()
        if variant["open"] == "material":
            page.click(variant["input"])  # wide viewport: the field is in the header; opens the search
        else:
            page.focus(variant["input"])
        page.fill(variant["input"], query["query"])
        press_start = time.perf_counter()
        page.press(variant["input"], "End")
        # Typed before Material's index is loaded, the first result waits for the index too.
        wait_s = ready_s if variant["product"] == "material" and not variant["ready"] else timeout_s
        seen = page.wait_for_function(SEEN, arg=variant, timeout=wait_s * 1000, polling="raf").json_value()
        result["wall_ms"] = round((time.perf_counter() - press_start) * 1000, 1)
        result["ms"] = round(seen["ms"], 1)
        result["outcome"] = seen["kind"]
        seen_epoch = seen["at"] / 1000
        if seen["kind"] == "result":
            title = page.locator(variant["title"]).first.inner_text(timeout=5000).strip()
            link = page.locator(variant["link"]).first
            result["first_title_raw"] = title
            result["first_title"] = ZERO_WIDTH.sub("", title)
            result["zero_width_in_title"] = title != result["first_title"]
            href = link.get_attribute("href") or ""
            result["first_url"] = site_path(page.evaluate("(h) => new URL(h, location.href).href", href), server.url)
            result["results_shown"] = page.locator(variant["result"]).count()
        page.wait_for_timeout(AFTER_S * 1000)
    except Exception as error:
        result["outcome"] = "error"
        result["error"] = f"{type(error).__name__}: {str(error).splitlines()[0][:300]}"
    finally:
        end_epoch = time.time()
        busy_end, wall = busy_seconds(), time.perf_counter() - wall_start
        # What the server sent per path in this run: Chromium reports 0 body bytes for a
        # worker's own script, so that count stands in when the browser's is 0.
        sent: dict[str, list[tuple[float, int]]] = {}
        for when, path, length in server.since(nav_epoch, end_epoch):
            sent.setdefault(path.lstrip("/"), []).append((when, length))
        requests = []
        for request in finished:
            try:
                sizes = request.sizes()
                timing = request.timing
            except Exception:
                continue
            end = timing.get("responseEnd", -1)
            done = (timing["startTime"] + end) / 1000 if end >= 0 else None
            path = site_path(request.url, server.url)
            body, source = sizes["responseBodySize"], "browser"
            if body <= 0 and sent.get(path):
                body, source = max(length for _, length in sent[path]), "server"
            if done is None and sent.get(path):  # no resource timing: when the server finished
                done = min(when for when, _ in sent[path])
            requests.append({"path": path, "bytes": body, "bytes_from": source,
                             "header_bytes": sizes["responseHeadersSize"],
                             "end_ms": None if done is None else round((done - nav_epoch) * 1000),
                             "search": bool(SEARCH_PATH.match(path)), "done": done,
                             "type": request.resource_type})
        context.close()
    requests.sort(key=lambda r: (r["done"] is None, r["done"] or 0))
    result["failed_requests"] = [site_path(r.url, server.url) for r in failed]
    if busy_start is not None and busy_end is not None:
        result["machine_cpus_busy"] = round((busy_end - busy_start) / wall, 2)

    def upto(epoch: float | None) -> list[dict]:
        return [] if epoch is None else [r for r in requests if r["done"] is not None and r["done"] <= epoch]

    def total(rows) -> int:
        return sum(r["bytes"] for r in rows)

    if typing_epoch is not None:
        result["bytes_before_typing"] = total(upto(typing_epoch))
    result["bytes_total"] = total(requests)
    result["requests_total"] = len(requests)
    if seen_epoch is not None:
        before = upto(seen_epoch)
        result["bytes_before_result"] = total(before)
        result["page_bytes_before_result"] = total(r for r in before if not r["search"])
        result["search_bytes_before_result"] = total(r for r in before if r["search"])
        result["requests_before_result"] = len(before)
        result["search_requests_before_result"] = sum(r["search"] for r in before)
        result["first_result_after_nav_ms"] = round((seen_epoch - nav_epoch) * 1000)
    for r in requests:
        r.pop("done")
    result["requests"] = requests
    # The server's count: body bytes it sent between the navigation and the end of the run.
    served = server.since(nav_epoch, end_epoch)
    result["server_bytes_total"] = sum(s[2] for s in served)
    result["server_requests_total"] = len(served)
    if seen_epoch is not None:
        result["server_bytes_before_result"] = sum(s[2] for s in served if s[0] <= seen_epoch)
    expect = query.get("expect_url")
    if expect and result.get("outcome") in ("result", "none"):
        result["first_is_expected"] = result.get("first_url") == expect
    return result


# -- the run ---------------------------------------------------------------------------------

def prepare(out: Path, size: int, args) -> dict:
    """Write the corpus of ``size`` documents, build the gongkai and Material sites and index
    the Pagefind copy (or reuse them)."""
    product = out / "corpora" / f"product-{size}"
    plain = out / "corpora" / f"material-{size}"
    sites = {name: out / "sites" / f"{name}-{size}" for name in ("gongkai", "material", "pagefind")}
    logs = out / "logs" / str(size)
    state_file = out / f"builds-{size}.json"
    state = json.loads(state_file.read_text(encoding="utf-8")) if state_file.exists() else {}
    wanted = {VARIANTS[v]["product"] for v in args.variants}
    if "pagefind" in wanted:
        wanted.add("material")  # Pagefind indexes a copy of the Material site
    wanted = sorted(wanted, key=["gongkai", "material", "pagefind"].index)
    if args.reuse and product.exists() and all((sites[p] / MADE[p]).exists() for p in wanted):
        say(f"  reusing {product} and the sites under {out / 'sites'}")
        for name in wanted:
            _reused(state, name, sites[name])
        return {"product_corpus": product, "sites": sites, "builds": state, "reused": True}
    if not (args.reuse and product.exists()):
        say(f"  writing the corpus: {size:,} synthetic documents → {product} …")
        start = time.perf_counter()
        corpus.make_product_corpus(REPO, product, size, as_of=args.as_of, seed=args.seed)
        say(f"    written in {time.perf_counter() - start:.1f} s")
    for name in wanted:
        if args.reuse and (sites[name] / MADE[name]).exists():
            say(f"  reusing the {name} site {sites[name]}")
            _reused(state, name, sites[name])
            continue
        if name == "gongkai":
            say(f"  building gongkai (mkdocs build, {size:,} documents) …")
            build = build_site(name, product, sites[name], logs, product_env(args.as_of), args.wait_idle)
        elif name == "material":
            titled = plain_with_search(product, plain, args.as_of)
            say(f"  building plain Material with search (lang: zh, jieba; {titled:,} titles from 标题) …")
            build = build_site(name, plain, sites[name], logs, {"NO_MKDOCS_2_WARNING": "1"}, args.wait_idle)
            build["titles_from_biaoti"] = titled
        else:
            say("  indexing a copy of the Material site with Pagefind extended (--force-language zh) …")
            build = index_pagefind(sites["material"], sites[name], logs, args.wait_idle)
        if build["ok"]:
            build["output_bytes"], build["output_files"] = tree_size(sites[name])
            build["index"] = index_files(name, sites[name])
            say(f"    {build['wall_s']:.1f} s (CPU {build['cpu_s']} s, peak {build['peak_rss_mb']} MB); "
                f"search files {build['index']['files']:,}, {build['index']['bytes'] / MB:.2f} MB")
        state[name] = build
        state_file.write_text(json.dumps(state, ensure_ascii=False, indent=2), encoding="utf-8")
    return {"product_corpus": product, "sites": sites, "builds": state, "reused": False}


def _reused(state: dict, name: str, site: Path) -> None:
    """The index of a reused site as it is now (an earlier run's state may be of an older layout)."""
    state.setdefault(name, {"ok": True, "wall_s": 0.0})["index"] = index_files(name, site)


def run_queries(sites: dict, queries: list[dict], args) -> list[dict]:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        raise SystemExit(f"{CHROMIUM} is missing: run scripts/setup (Debian's chromium package)")
    results = []
    servers = {p: Server(sites[p]) for p in {VARIANTS[v]["product"] for v in args.variants}}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                # Warm-up, not measured: the OS file cache and Chromium's own start-up.
                for name in args.variants:
                    measure(browser, servers[VARIANTS[name]["product"]], name, queries[0], args.timeout, args.ready_timeout)
                for name in args.variants:
                    say(f"\n  {name}: {VARIANTS[name]['about']}")
                    for query in queries:
                        runs = []
                        for _ in range(args.repeat):
                            if args.wait_idle:
                                wait_for_quiet(args.wait_idle)
                            runs.append(measure(browser, servers[VARIANTS[name]["product"]], name, query, args.timeout,
                                                args.ready_timeout))
                        row = combine(runs)
                        results.append(row)
                        say("    " + line(row))
            finally:
                browser.close()
    finally:
        for server in servers.values():
            server.close()
    return results


def combine(runs: list[dict]) -> dict:
    """The runs of one query: the median time; bytes of the run whose time is the median."""
    good = [r for r in runs if r.get("outcome") in ("result", "none")]
    if not good:
        row = dict(runs[-1])
        row["runs"] = [_brief(r) for r in runs]
        return row
    good.sort(key=lambda r: r["ms"])
    row = dict(good[(len(good) - 1) // 2])
    row["ms_median"] = round(statistics.median(r["ms"] for r in good), 1)
    row["ms_runs"] = [r["ms"] for r in runs if "ms" in r]
    row["wall_ms_median"] = round(statistics.median(r["wall_ms"] for r in good), 1)
    row["bytes_before_result_runs"] = [r.get("bytes_before_result") for r in runs]
    row["runs"] = [_brief(r) for r in runs]
    return row


def _brief(r: dict) -> dict:
    keep = ("ms", "wall_ms", "outcome", "error", "bytes_before_result", "bytes_total", "ready_ms",
            "loadavg", "machine_cpus_busy", "first_title")
    return {k: r[k] for k in keep if k in r}


def line(row: dict) -> str:
    if row.get("outcome") == "error":
        return f"{row['query']}: ERROR {row.get('error')}"
    title = row.get("first_title") or ("(nothing found)" if row.get("outcome") == "none" else "")
    flag = "" if row.get("first_is_expected", True) else "  [first result is NOT the expected document]"
    ready = f", index ready {row['ready_ms'] / 1000:.1f} s after navigation" if row.get("ready_ms") else ""
    return (f"{row['query']}: {row['ms_median']:.0f} ms, {row['bytes_before_result'] / KB:,.1f} KB before the "
            f"first result ({row['requests_before_result']} requests{ready}); {title[:40]}{flag}")


# -- report ----------------------------------------------------------------------------------

def kb(value) -> str:
    return "-" if value is None else f"{value / KB:,.1f}"


def table(results: list[dict], queries: list[dict]) -> str:
    head = ("query", "variant", "ms", "KB before", "page KB", "search KB", "KB typing", "KB total",
            "req (search)", "first result")
    rows = [head]
    for query in queries:
        for r in (r for r in results if r["query_id"] == query["id"]):
            if r.get("outcome") == "error":
                rows.append((query["query"], r["variant"], "ERROR", "-", "-", "-", "-", "-", "-", r.get("error", "")[:50]))
                continue
            first = r.get("first_title") or ("(nothing found)" if r.get("outcome") == "none" else "")
            if r.get("first_is_expected") is False:
                first = "✗ " + first
            requests = f"{r.get('requests_before_result', '-')} ({r.get('search_requests_before_result', '-')})"
            rows.append((query["query"], r["variant"], f"{r['ms_median']:,.0f}", kb(r.get("bytes_before_result")),
                         kb(r.get("page_bytes_before_result")), kb(r.get("search_bytes_before_result")),
                         kb(r.get("bytes_before_typing")), kb(r.get("bytes_total")), requests, first[:34]))
    return aligned(rows, left=(0, 1, len(head) - 1))


def aligned(rows: list[tuple[str, ...]], left: tuple[int, ...]) -> str:
    """A text table: the columns ``left`` left-aligned, the others right-aligned, a rule under
    the head; CJK characters are two columns wide."""
    widths = [max(_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    out = []
    for row in rows:
        cells = []
        for i, (cell, w) in enumerate(zip(row, widths, strict=True)):
            pad = " " * (w - _width(cell))
            cells.append(cell + pad if i in left else pad + cell)
        out.append("  ".join(cells).rstrip())
    out.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(out)


def _width(text: str) -> int:
    """Terminal columns: CJK characters are two wide."""
    return sum(2 if "\u2e80" <= ch <= "\uffef" else 1 for ch in text)


def goal_checks(results: dict[int, list[dict]]) -> list[dict]:
    """The issue's goals per query, from each size's results (``combine``d rows): for gongkai,
    and for comparison Material and Pagefind, the bytes before the first result ÷ Pagefind's
    at each size (search bytes, the goal; all bytes for comparison: Pagefind's page is a bare
    one), the search bytes at the largest size ÷ at the smallest (only with two sizes or
    more), the median time to the first result at each size. Each check: ``values`` by size
    (the growth under the largest), its ``goal`` (at most) and ``pass`` (every value within
    the goal; None when nothing was measured)."""
    sizes = sorted(results)
    found = {(size, r["variant"], r["query_id"]): r for size in sizes for r in results[size]
             if r.get("outcome") in ("result", "none")}
    texts: dict[str, dict] = {}  # query id → its texts (a 文号 differs from corpus to corpus)
    for size in sizes:
        for r in results[size]:
            texts.setdefault(r["query_id"], {})[r["query"]] = None

    def measured(product: str, query_id: str, key: str) -> dict:
        rows = {size: found.get((size, GOAL_VARIANTS[product], query_id)) for size in sizes}
        return {size: row.get(key) if row else None for size, row in rows.items()}

    checks = []
    for query_id, query in texts.items():
        about = {"query_id": query_id, "query": " / ".join(query)}
        for product in GOAL_VARIANTS:
            counts = measured(product, query_id, "search_bytes_before_result")
            if product != "pagefind":
                # The goal is on search bytes; all bytes are shown too, with no goal: Pagefind's
                # page is a bare one, a product's own page is not its search.
                for key, what, goal in (("search_bytes_before_result", "search bytes ÷ Pagefind's", GOAL_BYTES_VS_PAGEFIND),
                                        ("bytes_before_result", "all bytes ÷ Pagefind's", None)):
                    ours, theirs = measured(product, query_id, key), measured("pagefind", query_id, key)
                    checks.append(_check(about, product, what, "ratio", goal,
                                         {size: _ratio(ours[size], theirs[size]) for size in sizes}))
            if len(sizes) > 1:
                checks.append(_check(about, product, f"search bytes at {sizes[-1]:,} ÷ at {sizes[0]:,}", "ratio", GOAL_GROWTH,
                                     {sizes[-1]: _ratio(counts[sizes[-1]], counts[sizes[0]])}))
            checks.append(_check(about, product, "first result", "ms", GOAL_FIRST_RESULT_MS,
                                 measured(product, query_id, "ms_median")))
    return checks


def _check(about: dict, product: str, what: str, unit: str, goal: float | None, values: dict) -> dict:
    """One check; ``goal`` None: shown for comparison, judged by no goal."""
    present = [v for v in values.values() if v is not None]
    return {**about, "product": product, "check": what, "unit": unit, "values": values, "goal": goal,
            "pass": all(v <= goal for v in present) if present and goal is not None else None}


def _ratio(a: float | None, b: float | None) -> float | None:
    return round(a / b, 3) if a is not None and b else None


def goals_table(checks: list[dict], sizes: list[int]) -> str:
    rows = [("query", "product", "check", *(f"{size:,}" for size in sizes), "goal", "")]
    for c in checks:
        shown = []
        for size in sizes:
            value = c["values"].get(size)
            shown.append("" if size not in c["values"] else "-" if value is None
                         else f"{value:,.0f} ms" if c["unit"] == "ms" else f"{value:.3f}")
        goal = "" if c["goal"] is None else f"≤ {c['goal']:g}" + (" ms" if c["unit"] == "ms" else "")
        verdict = {True: "PASS", False: "MISS", None: "-"}[c["pass"]]
        rows.append((c["query"][:30], c["product"], c["check"], *shown, goal, verdict))
    return aligned(rows, left=(0, 1, 2, len(rows[0]) - 1))


def oddities(results: list[dict], queries: list[dict]) -> list[str]:
    """What a reader of the figures should know: wrong first results, errors, odd titles."""
    notes = []
    expected = {q["id"]: q.get("expect_url") for q in queries}
    zero_width: dict[str, list[str]] = {}
    for r in results:
        who = f"{r['variant']} «{r['query']}»"
        if r.get("outcome") == "error":
            notes.append(f"{who}: {r.get('error')}")
        if r.get("first_is_expected") is False:
            found = f"{r['first_url']} «{r.get('first_title', '')}»" if r.get("first_url") else "nothing"
            notes.append(f"{who}: the first result is {found}, not the expected document {expected[r['query_id']]}")
        if r.get("zero_width_in_title"):
            zero_width.setdefault(r["variant"], []).append(r["first_title_raw"])
        if r.get("failed_requests"):
            notes.append(f"{who}: failed requests {r['failed_requests'][:5]}")
        if r.get("query_id") == "no-result" and r.get("outcome") == "result":
            notes.append(f"{who}: shows a result for a query nothing matches: «{r.get('first_title')}»")
        if r.get("outcome") == "none" and r.get("query_id") != "no-result":
            notes.append(f"{who}: nothing found")
        server, browser = r.get("server_bytes_total"), r.get("bytes_total")
        if server is not None and browser is not None and abs(server - browser) > max(1024, 0.01 * server):
            notes.append(f"{who}: the browser counted {browser:,} body bytes, the server sent {server:,}")
    sitemaps = {}
    for r in results:
        for request in r.get("requests", []):
            if request["path"] == "sitemap.xml" and r["variant"] not in sitemaps:
                sitemaps[r["variant"]] = request["bytes"]
    for variant, size in sitemaps.items():
        notes.append(f"{variant}: the page downloads sitemap.xml ({kb(size)} KB) as it loads; Material's bundle fetches "
                     "it for every <link rel=alternate> in the page (here the Atom feed link), to map alternate "
                     "language versions. It grows with the site and counts in the page bytes")
    for variant, titles in zero_width.items():
        notes.append(f"{variant}: zero-width spaces (U+200B, from word segmentation) in {len(titles)} first-result "
                     f"titles, e.g. {titles[0]!r}")
    return notes


def parse_args(argv: list[str] | None):
    parser = argparse.ArgumentParser(prog="scripts/bench-search", description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)),
                        help="synthetic documents, one corpus per size, measured in one run (default: %(default)s)")
    parser.add_argument("--size", type=int, help="one size only (instead of --sizes)")
    parser.add_argument("--quick", action="store_true",
                        help=f"smoke test: {QUICK_SIZE} documents, one run per query")
    parser.add_argument("--repeat", type=int, default=3,
                        help="runs per query and variant, each in a new browser context; the median time "
                             "counts (default: %(default)s)")
    parser.add_argument("--variants", default=",".join(VARIANTS),
                        help="what to measure (default: %(default)s)")
    parser.add_argument("--reuse", action="store_true",
                        help="keep the corpora and the sites of an earlier run if they exist (no rebuild)")
    parser.add_argument("--build-only", action="store_true", help="write the corpora and build the sites, measure nothing")
    parser.add_argument("--out", type=Path, default=Path("/tmp/gongkai-bench-search"),
                        help="work folder (default: %(default)s)")
    parser.add_argument("--json", type=Path, help="results file (default: OUT/results-search.json)")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds to wait for a result (default: %(default)s)")
    parser.add_argument("--ready-timeout", type=float, default=600.0,
                        help="seconds to wait for Material's worker to load its index (default: %(default)s)")
    parser.add_argument("--wait-idle", type=float, default=10.0,
                        help="before each build and each query, wait up to this many seconds while other "
                             "processes keep more than half a CPU busy (default: %(default)s; 0 disables)")
    parser.add_argument("--as-of", type=dt.date.fromisoformat, default=corpus.AS_OF,
                        help="the evaluation day (GONGKAI_AS_OF for the build; default: %(default)s)")
    parser.add_argument("--seed", type=int, default=2026, help="random seed of the corpus")
    args = parser.parse_args(argv)
    try:
        args.sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()})
    except ValueError:
        parser.error(f"--sizes takes numbers separated by commas, not {args.sizes!r}")
    if args.size:
        args.sizes = [args.size]
    if args.quick:
        args.sizes, args.repeat = [QUICK_SIZE], 1
    if not args.sizes or min(args.sizes) < 1:
        parser.error("give at least one size of one document or more")
    args.variants = [v.strip() for v in args.variants.split(",") if v.strip()]
    unknown = [v for v in args.variants if v not in VARIANTS]
    if unknown:
        parser.error(f"unknown variant(s) {', '.join(unknown)}; choose from {', '.join(VARIANTS)}")
    return args


def run_size(out: Path, size: int, args) -> dict:
    """One size: the corpus, the sites, every variant on the same queries; prints its table."""
    say(f"\n== {size:,} documents ==")
    prepared = prepare(out, size, args)
    measured = {"size": size, "corpus": str(prepared["product_corpus"]), "builds": prepared["builds"],
                "sites": {k: str(v) for k, v in prepared["sites"].items()}, "reused": prepared["reused"]}
    if args.build_only:
        return measured
    missing = sorted({VARIANTS[v]["product"] for v in args.variants
                      if not (prepared["sites"][VARIANTS[v]["product"]] / MADE[VARIANTS[v]["product"]]).exists()})
    if missing:
        say(f"\n  no site for {', '.join(missing)}; nothing measured at {size:,} documents")
        return {**measured, "error": f"no site for {', '.join(missing)}"}
    queries = choose_queries(prepared["product_corpus"], args.as_of)
    say("\n  queries: " + "; ".join(f"{q['query']} ({q['what']})" for q in queries))
    load_before = [round(x, 2) for x in os.getloadavg()]
    results = run_queries(prepared["sites"], queries, args)
    load_after = [round(x, 2) for x in os.getloadavg()]

    say(f"\n-- {size:,} documents --")
    notes = []
    for name, build in prepared["builds"].items():
        index = build.get("index")
        if build.get("ok") and index:
            say(f"\n  {name}: {'indexed' if name == 'pagefind' else 'built'} in {build['wall_s']:.0f} s; "
                + describe_index(index))
            if name == "gongkai" and index["over_limit"]:
                notes.append(f"gongkai: {len(index['over_limit'])} search file(s) over SHARD_LIMIT "
                             f"({SHARD_LIMIT:,} bytes): {', '.join(index['over_limit'][:10])}")
    say("\n" + table(results, queries))
    say("\n  ms: median time from the query's last keystroke to the first visible result; KB before: body bytes from the start of the\n"
        "  navigation to the first result (page + search); KB typing: bytes loaded before the search box was focused\n"
        "  (Material: its index too); KB total: up to 2 s after the first result; req (search): requests before the\n"
        "  first result (of which search files)")
    for variant in args.variants:
        ready = [r["ready_ms"] for r in results if r["variant"] == variant and r.get("ready_ms")]
        if ready:
            say(f"  {variant}: the search index was ready {statistics.median(ready) / 1000:.1f} s (median) after "
                "the navigation began")
    notes += oddities(results, queries)
    if notes:
        say("\nWorth a look:")
        for note in notes:
            say(f"  - {note}")
    say(f"\nmachine load average (1, 5, 15 min): before the queries {load_before}, after {load_after}; "
        f"{os.cpu_count()} CPUs")
    return {**measured, "queries": queries, "results": results, "notes": notes,
            "loadavg_before_queries": load_before, "loadavg_after_queries": load_after}


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    out, started, fingerprint = begin(args.out, f"gongkai search benchmark ({', '.join(f'{s:,}' for s in args.sizes)} "
                                                f"documents; variants {', '.join(args.variants)})")
    by_size = {size: run_size(out, size, args) for size in args.sizes}
    if args.build_only:
        say("\nbuilt; nothing measured (--build-only)")
        return 0 if all(b.get("ok") for s in by_size.values() for b in s["builds"].values()) else 1
    checks = goal_checks({size: s["results"] for size, s in by_size.items() if "results" in s})
    if checks:
        flat = (f" and flat from {args.sizes[0]:,} to {args.sizes[-1]:,} documents (≤ {GOAL_GROWTH:g} times)"
                if len(args.sizes) > 1 else " (one size: no growth to check)")
        say("\nGoals per query: bytes before the first result at most Pagefind's" + flat + ", a first result\n"
            f"within {GOAL_FIRST_RESULT_MS:.0f} ms; Material's and Pagefind's figures for comparison. gongkai: its quick "
            "box on the home page (a full Material page);\nmaterial: typed once its index is loaded; pagefind: its "
            "Default UI on a bare page (hence search bytes ÷ Pagefind's too).\n")
        say(goals_table(checks, args.sizes))
        ours = [c for c in checks if c["product"] == "gongkai" and c["pass"] is not None]
        say(f"\n  gongkai: {sum(c['pass'] for c in ours)} of {len(ours)} checks PASS")

    payload = {
        "started": started.isoformat(timespec="seconds"),
        "finished": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "command": " ".join(["scripts/bench-search", *(argv if argv is not None else sys.argv[1:])]),
        "sizes": args.sizes, "repeat": args.repeat, "as_of": args.as_of.isoformat(), "out": str(out),
        "variants": {v: VARIANTS[v]["about"] for v in args.variants},
        "goals": {"bytes_vs_pagefind": GOAL_BYTES_VS_PAGEFIND, "growth": GOAL_GROWTH,
                  "first_result_ms": GOAL_FIRST_RESULT_MS, "shard_limit_bytes": SHARD_LIMIT},
        "method": {
            "ms": "median over the runs of: the query's last input event (else the End key's keydown) → "
                  "the animation frame after the DOM first shows a visible result "
                  "(or the no-result message), performance.now() in the page",
            "bytes_before_result": "sum of response body sizes (request.sizes().responseBodySize) of the requests "
                                   "whose resource timing responseEnd is at or before the first result, counted "
                                   "from the start of the navigation",
            "search": SEARCH_PATH.pattern, "after_result_s": AFTER_S, "browser": CHROMIUM,
            "context": "a new browser context (cold cache) per run; viewport 1280×800",
        },
        "host": {"python": platform.python_version(), "platform": platform.platform(), "cpus": os.cpu_count(),
                 **{name: _version(name) for name in ("mkdocs", "mkdocs-material", "playwright", "jieba",
                                                      "pagefind-bin-extended")}},
        "product": {"before": fingerprint, "after": product_fingerprint()},
        "checks": checks,
        "by_size": {str(size): s for size, s in by_size.items()},
    }
    after = payload["product"]["after"]
    if after != fingerprint:
        say(f"\nnote: plugins/gongkai changed during the run (sha256 {fingerprint['plugins_gongkai_sha256']} → "
            f"{after['plugins_gongkai_sha256']}); the gongkai site was built from the code as it was when its build ran")
    target = args.json or out / "results-search.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(payload, ensure_ascii=False, indent=2), encoding="utf-8")
    say(f"\nResults: {target}")
    failed = any("error" in s or any(r.get("outcome") == "error" for r in s.get("results", [])) for s in by_size.values())
    return 1 if failed else 0


def _version(package: str) -> str | None:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return None


if __name__ == "__main__":
    raise SystemExit(main())
