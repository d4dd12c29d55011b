"""Search benchmark: gongkai's search against plain Material for MkDocs search, in Chromium.

Run from the repository root:

    scripts/bench-search                 # 10,000 documents (builds take several minutes each)
    scripts/bench-search --quick         # smoke test: 500 documents, one run per query
    scripts/bench-search --reuse         # measure again without rebuilding the two sites
    scripts/bench-search --size 2000 --repeat 5 --out /tmp/s

One corpus (the sample project plus N synthetic documents, see ``bench.corpus``) is built
twice:

* gongkai  — ``mkdocs build`` of the product corpus: the quick search box on every page and
             the results page ``search/``, over an index split by term (search/meta.json,
             titles.json, lexicon.txt, body/<k>.json shards, text/<id>.txt snippets) that
             the browser loads only when the box is focused or the results page opens;
* material — the same published Markdown as plain Material for MkDocs (``bench.corpus.
             make_plain_corpus``) with Material's own search plugin configured for Chinese,
             ``plugins: [{search: {lang: zh}}]`` (jieba segments the text at build time). Its
             worker downloads search/search_index.json when a page loads. The documents' 标题
             is copied to ``title:`` in the front matter (plain MkDocs shows no 标题; without it a
             synthetic document's title would be its file name). Front matter is not rendered,
             so 发文字号 and 索引号 are not in Material's index; the product renders them.

Each site is served by a threaded ``http.server`` on 127.0.0.1 (no compression), and Debian's
Chromium (driven by Playwright) runs every query in a new browser context (cold cache):

1. open the home page (for ``gongkai-page``: the results page ``search/``) and wait for the
   load event; Material (``material``) then waits until its worker reports the index is
   loaded (its best case); ``material-now`` types right after the load event, as a reader
   who searches at once;
2. focus the search box (Material: click its header search field), type the query the way a
   person with an IME does — ``fill`` (the text in one go), then the End key;
3. wait (up to --timeout) until the first result is visible, or the product says nothing was
   found (gongkai: 未找到 in the status; Material: 没有找到符合条件的结果).

Time to first result: from the End key's keydown event to the first animation frame in
which a result is visible, measured inside the page (performance.now()); the wall time
around Playwright's calls is recorded too. Bytes: the response body sizes of the requests
that finished from the start of the navigation until the first result was seen (their end
time from the browser's resource timing); the page's own bytes and the search bytes
(index files, search scripts, workers, lunr) are reported separately, as are the bytes
before typing and everything downloaded up to 2 s after the first result. The server logs
the body bytes it sent for each request as a cross-check (worker requests included).

Results: a table, the ratios gongkai ÷ Material against the issue's goals (at most 1/10 of
Material's bytes before the first result; a first result within 1 s), the machine's load
average, and JSON in OUT/results-search.json. Everything is written under --out (default
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

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]

#: The issue's goals.
GOAL_BYTES_RATIO = 0.1  # gongkai's bytes before the first result ÷ Material's
GOAL_FIRST_RESULT_MS = 1000.0

#: Settle time after the first result, to count what is downloaded afterwards (snippets …).
AFTER_S = 2.0
NO_RESULT_QUERY = "量子计算机"
COMMON_TITLE_WORD = "安全生产"
SUB_WORD = "报告"  # inside 年度报告, 评估报告 …

ZERO_WIDTH = re.compile("[\u200b-\u200d\ufeff]")
HAN_WORD = re.compile(r"^[\u3400-\u4dbf\u4e00-\u9fff]{3,8}$")


# -- the two variants of each product ----------------------------------------------------------

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
}
#: The variants the headline ratios compare.
OURS, THEIRS = "gongkai", "material"

#: Requests that belong to search rather than to the page (paths relative to the site root).
SEARCH_PATH = re.compile(
    r"^(search/.+\.(json|txt)$"                      # gongkai's index, Material's search_index.json
    r"|assets/gongkai/(lunr|search)\.js$"             # gongkai's search code
    r"|assets/javascripts/(workers/search\.|lunr/))"  # Material's search worker and lunr languages
)

#: In-page probe: records the End key's keydown time, then reports the first frame in which a
#: result is visible (or the "nothing found" message is shown).
PROBE = """
(v) => {
  window.__gkBench = {keydown: null};
  document.addEventListener("keydown", (e) => {
    if (e.key === "End" && window.__gkBench.keydown === null) window.__gkBench.keydown = performance.now();
  }, true);
}
"""
SEEN = """
(v) => {
  const b = window.__gkBench;
  if (!b || b.keydown === null) return false;
  const visible = (el) => {
    if (!el) return false;
    const r = el.getBoundingClientRect(), s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== "hidden";
  };
  const found = document.querySelector(v.result);
  if (found && visible(found)) return {kind: "result", ms: performance.now() - b.keydown, at: performance.timeOrigin + performance.now()};
  const none = document.querySelector(v.none[0]);
  if (none && none.textContent.includes(v.none[1]))
    return {kind: "none", ms: performance.now() - b.keydown, at: performance.timeOrigin + performance.now()};
  return false;
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
    result["ok"] = result["exit_code"] == 0 and (site / "index.html").exists()
    if not result["ok"]:
        tail = Path(result["log"]).read_text(encoding="utf-8", errors="replace").splitlines()[-30:]
        say(f"  !! {name} build failed (exit {result['exit_code']}); end of {result['log']}:")
        say("     " + "\n     ".join(tail))
    return result


def index_files(product: str, site: Path) -> dict:
    """What the site holds for search: files and bytes."""
    if product == "gongkai":
        folder = site / "search"
        files = [p for p in folder.rglob("*") if p.is_file() and p.name != "index.html"] if folder.exists() else []
        sizes = {p.relative_to(site).as_posix(): p.stat().st_size for p in files}
        shards = [s for k, s in sizes.items() if k.startswith("search/body/")]
        texts = [s for k, s in sizes.items() if k.startswith("search/text/")]
        return {
            "files": len(sizes), "bytes": sum(sizes.values()),
            **{k: sizes.get(k) for k in ("search/meta.json", "search/titles.json", "search/lexicon.txt")},
            "body_shards": len(shards), "body_shard_bytes_max": max(shards, default=None),
            "body_shard_bytes_mean": round(statistics.mean(shards)) if shards else None,
            "texts": len(texts), "lunr_js": _size(site / "assets/gongkai/lunr.js"),
            "search_js": _size(site / "assets/gongkai/search.js"),
        }
    index = site / "search" / "search_index.json"
    return {"files": 1 if index.exists() else 0, "bytes": _size(index), "search/search_index.json": _size(index)}


def _size(path: Path) -> int | None:
    return path.stat().st_size if path.exists() else None


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

def prepare(out: Path, args) -> dict:
    """Write the corpus and build both sites (or reuse them)."""
    size = args.size
    product = out / "corpora" / f"product-{size}"
    plain = out / "corpora" / f"material-{size}"
    sites = {"gongkai": out / "sites" / f"gongkai-{size}", "material": out / "sites" / f"material-{size}"}
    logs = out / "logs"
    state_file = out / f"builds-{size}.json"
    state = json.loads(state_file.read_text(encoding="utf-8")) if state_file.exists() else {}
    wanted = sorted({VARIANTS[v]["product"] for v in args.variants})
    if args.reuse and product.exists() and all((sites[p] / "index.html").exists() for p in wanted):
        say(f"  reusing {product} and the sites under {out / 'sites'}")
        return {"product_corpus": product, "sites": sites, "builds": state, "reused": True}
    if not (args.reuse and product.exists()):
        say(f"  writing the corpus: {size:,} synthetic documents → {product} …")
        start = time.perf_counter()
        corpus.make_product_corpus(REPO, product, size, as_of=args.as_of, seed=args.seed)
        say(f"    written in {time.perf_counter() - start:.1f} s")
    for name in wanted:
        if args.reuse and (sites[name] / "index.html").exists():
            say(f"  reusing the {name} site {sites[name]}")
            continue
        if name == "gongkai":
            say(f"  building gongkai (mkdocs build, {size:,} documents; a few minutes) …")
            build = build_site(name, product, sites[name], logs, product_env(args.as_of), args.wait_idle)
        else:
            titled = plain_with_search(product, plain, args.as_of)
            say(f"  building plain Material with search (lang: zh, jieba; {titled:,} titles from 标题) …")
            build = build_site(name, plain, sites[name], logs, {"NO_MKDOCS_2_WARNING": "1"}, args.wait_idle)
            build["titles_from_biaoti"] = titled
        if build["ok"]:
            build["output_bytes"], build["output_files"] = tree_size(sites[name])
            build["index"] = index_files(name, sites[name])
            say(f"    {build['wall_s']:.1f} s (CPU {build['cpu_s']} s, peak {build['peak_rss_mb']} MB); "
                f"search files {build['index']['files']:,}, {build['index']['bytes'] / MB:.2f} MB")
        state[name] = build
        state_file.write_text(json.dumps(state, ensure_ascii=False, indent=2), encoding="utf-8")
    return {"product_corpus": product, "sites": sites, "builds": state, "reused": False}


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
    head = ("query", "variant", "ms", "KB before", "page KB", "search KB", "KB typing", "KB total", "req",
            "first result")
    rows = [head]
    for query in queries:
        for r in (r for r in results if r["query_id"] == query["id"]):
            if r.get("outcome") == "error":
                rows.append((query["query"], r["variant"], "ERROR", "-", "-", "-", "-", "-", "-", r.get("error", "")[:50]))
                continue
            first = r.get("first_title") or ("(未找到/没有找到)" if r.get("outcome") == "none" else "")
            if r.get("first_is_expected") is False:
                first = "✗ " + first
            rows.append((query["query"], r["variant"], f"{r['ms_median']:,.0f}", kb(r.get("bytes_before_result")),
                         kb(r.get("page_bytes_before_result")), kb(r.get("search_bytes_before_result")),
                         kb(r.get("bytes_before_typing")), kb(r.get("bytes_total")), str(r.get("requests_before_result", "-")), first[:34]))
    widths = [max(_width(row[i]) for row in rows) for i in range(len(head))]
    out = []
    for row in rows:
        cells = []
        for i, (cell, w) in enumerate(zip(row, widths, strict=True)):
            pad = " " * (w - _width(cell))
            cells.append(cell + pad if i in (0, 1, len(head) - 1) else pad + cell)
        out.append("  ".join(cells).rstrip())
    out.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(out)


def _width(text: str) -> int:
    """Terminal columns: CJK characters are two wide."""
    return sum(2 if "\u2e80" <= ch <= "\uffef" else 1 for ch in text)


def ratios(results: list[dict], queries: list[dict]) -> dict:
    """Gongkai ÷ Material per query and overall, with the issue's goals."""
    by = {(r["variant"], r["query_id"]): r for r in results}
    per_query = []
    for query in queries:
        ours, theirs = by.get((OURS, query["id"])), by.get((THEIRS, query["id"]))
        if not ours or not theirs or "bytes_before_result" not in ours or "bytes_before_result" not in theirs:
            continue
        per_query.append({
            "query_id": query["id"], "query": query["query"],
            "bytes_ours": ours["bytes_before_result"], "bytes_material": theirs["bytes_before_result"],
            "bytes_ratio": round(ours["bytes_before_result"] / theirs["bytes_before_result"], 4),
            "search_bytes_ours": ours["search_bytes_before_result"],
            "search_bytes_material": theirs["search_bytes_before_result"],
            "ms_ours": ours["ms_median"], "ms_material": theirs["ms_median"],
            "ms_ratio": round(ours["ms_median"] / theirs["ms_median"], 3) if theirs["ms_median"] else None,
        })
    summary: dict = {"per_query": per_query}
    if per_query:
        worst = max(q["bytes_ratio"] for q in per_query)
        summary["bytes_ratio_max"] = worst
        summary["bytes_ratio_median"] = round(statistics.median(q["bytes_ratio"] for q in per_query), 4)
        summary["bytes_goal"] = GOAL_BYTES_RATIO
        summary["bytes_goal_met"] = worst <= GOAL_BYTES_RATIO
    for variant in VARIANTS:
        rows = [r for r in results if r["variant"] == variant and r.get("outcome") in ("result", "none")]
        with_results = [r["ms_median"] for r in rows if r["outcome"] == "result"]
        if rows:
            summary[f"ms_median_{variant}"] = round(statistics.median(with_results), 1) if with_results else None
            summary[f"ms_max_{variant}"] = max(with_results, default=None)
            summary[f"ms_slowest_run_{variant}"] = max(
                (ms for r in rows if r["outcome"] == "result" for ms in r.get("ms_runs", [])), default=None)
            summary[f"bytes_before_result_median_{variant}"] = round(
                statistics.median(r["bytes_before_result"] for r in rows))
    ours_ms = summary.get(f"ms_max_{OURS}")
    if ours_ms is not None:
        summary["ms_goal"] = GOAL_FIRST_RESULT_MS
        summary["ms_goal_met"] = ours_ms <= GOAL_FIRST_RESULT_MS
    return summary


def report(summary: dict) -> None:
    say("\nRatios gongkai ÷ Material (quick box on the home page ÷ Material's header search):")
    for q in summary["per_query"]:
        say(f"  {q['query']}: bytes before the first result {kb(q['bytes_ours'])} KB / {kb(q['bytes_material'])} KB"
            f" = {q['bytes_ratio']:.3f} (search bytes only: {kb(q['search_bytes_ours'])} / "
            f"{kb(q['search_bytes_material'])} KB); time {q['ms_ours']:.0f} / {q['ms_material']:.0f} ms")
    if "bytes_ratio_max" in summary:
        verdict = "MET" if summary["bytes_goal_met"] else "NOT MET"
        say(f"  bytes: worst query {summary['bytes_ratio_max']:.3f}, median {summary['bytes_ratio_median']:.3f} "
            f"(goal ≤ {GOAL_BYTES_RATIO})  {verdict}")
    for variant in VARIANTS:
        if f"ms_median_{variant}" in summary:
            med, worst = summary[f"ms_median_{variant}"], summary[f"ms_max_{variant}"]
            say(f"  time to first result, {variant}: median {_ms(med)}, slowest query {_ms(worst)}, "
                f"slowest single run {_ms(summary.get(f'ms_slowest_run_{variant}'))}"
                + (f" (goal ≤ {GOAL_FIRST_RESULT_MS:.0f} ms)  {'MET' if summary['ms_goal_met'] else 'NOT MET'}"
                   if variant == OURS and "ms_goal_met" in summary else ""))


def _ms(value) -> str:
    return "-" if value is None else f"{value:,.0f} ms"


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
        notes.append(f"{variant}: zero-width spaces (U+200B, from jieba's segmentation) in {len(titles)} first-result "
                     f"titles, e.g. {titles[0]!r}")
    return notes


def parse_args(argv: list[str] | None):
    parser = argparse.ArgumentParser(prog="scripts/bench-search", description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=10000, help="synthetic documents (default: %(default)s)")
    parser.add_argument("--quick", action="store_true", help="smoke test: 500 documents, one run per query")
    parser.add_argument("--repeat", type=int, default=3,
                        help="runs per query and variant, each in a new browser context; the median time "
                             "counts (default: %(default)s)")
    parser.add_argument("--variants", default=",".join(VARIANTS),
                        help="what to measure (default: %(default)s)")
    parser.add_argument("--reuse", action="store_true",
                        help="keep the corpus and the sites of an earlier run if they exist (no rebuild)")
    parser.add_argument("--build-only", action="store_true", help="write the corpus and build the sites, measure nothing")
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
    if args.quick:
        args.size, args.repeat = 500, 1
    args.variants = [v.strip() for v in args.variants.split(",") if v.strip()]
    unknown = [v for v in args.variants if v not in VARIANTS]
    if unknown:
        parser.error(f"unknown variant(s) {', '.join(unknown)}; choose from {', '.join(VARIANTS)}")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    out, started, fingerprint = begin(args.out, f"gongkai search benchmark ({args.size:,} documents; "
                                                f"variants {', '.join(args.variants)})")
    prepared = prepare(out, args)
    if args.build_only:
        say("\nbuilt; nothing measured (--build-only)")
        return 0 if all(b.get("ok") for b in prepared["builds"].values()) else 1
    missing = [p for p in {VARIANTS[v]["product"] for v in args.variants}
               if not (prepared["sites"][p] / "index.html").exists()]
    if missing:
        say(f"\nno site for {', '.join(missing)}; nothing measured")
        return 1
    if "gongkai" in {VARIANTS[v]["product"] for v in args.variants} and \
            not (prepared["sites"]["gongkai"] / "search" / "meta.json").exists():
        say("  note: the gongkai site has no search/meta.json; its search is not built")
    queries = choose_queries(prepared["product_corpus"], args.as_of)
    say("\n  queries: " + "; ".join(f"{q['query']} ({q['what']})" for q in queries))
    load_before = [round(x, 2) for x in os.getloadavg()]
    results = run_queries(prepared["sites"], queries, args)
    load_after = [round(x, 2) for x in os.getloadavg()]

    for name, build in sorted(prepared["builds"].items()):
        index = build.get("index") or {}
        if build.get("ok") and index:
            extra = ""
            if name == "gongkai":
                extra = (f": meta.json {kb(index.get('search/meta.json'))} KB, titles.json "
                         f"{kb(index.get('search/titles.json'))} KB, lexicon.txt {kb(index.get('search/lexicon.txt'))} KB, "
                         f"{index.get('body_shards')} body shards of at most {kb(index.get('body_shard_bytes_max'))} KB, "
                         f"{index.get('texts') or 0:,} snippet texts")
            say(f"\n  {name} site: search files {index['files']:,}, {index['bytes'] / MB:.2f} MB{extra}; "
                f"built in {build['wall_s']:.0f} s")
    say("\n" + table(results, queries))
    say("\n  ms: median time from the End key to the first visible result; KB before: body bytes from the start of the\n"
        "  navigation to the first result (page + search); KB typing: bytes loaded before the search box was focused\n"
        "  (Material: its index too); KB total: up to 2 s after the first result; req: requests before the first result")
    summary = ratios(results, queries)
    report(summary)
    for variant in args.variants:
        ready = [r["ready_ms"] for r in results if r["variant"] == variant and r.get("ready_ms")]
        if ready:
            say(f"  {variant}: the search index was ready {statistics.median(ready) / 1000:.1f} s (median) after "
                "the navigation began")
    notes = oddities(results, queries)
    if notes:
        say("\nWorth a look:")
        for note in notes:
            say(f"  - {note}")
    say(f"\nmachine load average (1, 5, 15 min): before the queries {load_before}, after {load_after}; "
        f"{os.cpu_count()} CPUs")

    payload = {
        "started": started.isoformat(timespec="seconds"),
        "finished": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "command": " ".join(["scripts/bench-search", *(argv if argv is not None else sys.argv[1:])]),
        "size": args.size, "repeat": args.repeat, "as_of": args.as_of.isoformat(), "out": str(out),
        "variants": {v: VARIANTS[v]["about"] for v in args.variants},
        "method": {
            "ms": "median over the runs of: End key's keydown → first animation frame with a visible result "
                  "(or the no-result message), performance.now() in the page",
            "bytes_before_result": "sum of response body sizes (request.sizes().responseBodySize) of the requests "
                                   "whose resource timing responseEnd is at or before the first result, counted "
                                   "from the start of the navigation",
            "search": SEARCH_PATH.pattern, "after_result_s": AFTER_S, "browser": CHROMIUM,
            "context": "a new browser context (cold cache) per run; viewport 1280×800",
        },
        "host": {"python": platform.python_version(), "platform": platform.platform(), "cpus": os.cpu_count(),
                 "mkdocs": importlib.metadata.version("mkdocs"),
                 "mkdocs-material": importlib.metadata.version("mkdocs-material"),
                 "playwright": importlib.metadata.version("playwright"),
                 "jieba": importlib.metadata.version("jieba"),
                 "loadavg_before_queries": load_before, "loadavg_after_queries": load_after},
        "product": {"before": fingerprint, "after": product_fingerprint()},
        "corpus": str(prepared["product_corpus"]), "sites": {k: str(v) for k, v in prepared["sites"].items()},
        "builds": prepared["builds"], "reused": prepared["reused"],
        "queries": queries, "results": results, "summary": summary, "notes": notes,
    }
    after = payload["product"]["after"]
    if after != fingerprint:
        say(f"\nnote: plugins/gongkai changed during the run (sha256 {fingerprint['plugins_gongkai_sha256']} → "
            f"{after['plugins_gongkai_sha256']}); the gongkai site was built from the code as it was when its build ran")
    target = args.json or out / "results-search.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(payload, ensure_ascii=False, indent=2), encoding="utf-8")
    say(f"\nResults: {target}")
    return 0 if not any(r.get("outcome") == "error" for r in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
