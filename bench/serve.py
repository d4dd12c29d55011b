"""Incremental editing under ``mkdocs serve``: from saving one document to the reloaded page.

Run from the repository root (or from ``scripts/bench --serve-size N``):

    .venv/bin/python -m bench.corpus /tmp/serve5k --count 5000
    .venv/bin/python -m bench.serve /tmp/serve5k                 # both variants, then the profile
    .venv/bin/python -m bench.serve /tmp/serve5k --variants dirty --edits 1 --no-profile
    .venv/bin/python -m bench.serve --size 300 --out /tmp/b      # writes its own corpus

For each variant (``default``: ``mkdocs serve --strict``; ``dirty``: ``mkdocs serve --strict
--dirty``, what scripts/serve runs) it
starts ``.venv/bin/mkdocs serve -a 127.0.0.1:PORT`` on a product corpus as a process group
of its own, and measures:

* start   — from starting the server until a document page is served (MkDocs 1.6 binds
            the port only after the first build, which goes to a temporary folder; here
            that folder is under ``--out``, through TMPDIR), and MkDocs' own "Documentation
            built in" time of that first build;
* idle    — the CPU the server uses while nothing changes (watchdog's PollingObserver
            rescans the watched folders every 0.5 s);
* edits   — ``--edits`` times, each on another synthetic document listed on page 1 of its
            column: append a paragraph holding a unique marker to the body (the front
            matter stays as it was), then take the wall time from the write until
            (a) the served HTML of the document's page holds the marker, polled with urllib
                every ``--poll`` seconds (a request made during a rebuild waits for it:
                MkDocs' server never serves a half-built site);
            (b) the livereload long-poll (``/livereload/EPOCH/ID``, what the script MkDocs
                injects into every page waits on) answers with a newer epoch, and a browser's
                reload of the page right after it holds the marker;
            with the server log split into detection (write → "Detected file changes"), the
            build ("Documentation built in"), and the CPU time of the server's process group.
            After each edit the document's column page is fetched again: does it still list
            the document, with its title (the ``--dirty`` question)?
* title   — one more edit (on by default; ``--no-title-probe`` skips it) that changes a
            document's 标题: once its page shows the new title, does its column page list it
            under the new title too? MkDocs' ``--dirty`` alone re-renders only pages whose
            source is newer than their output, never the column's own index.md; gongkai's
            plugin marks the pages a metadata change reaches (plugin._plan_dirty_build).

Every edited document gets its bytes and times back when its variant ends (also on errors,
Ctrl-C, SIGTERM and SIGHUP), and the server's process group is stopped (SIGINT, then
SIGTERM, then SIGKILL). Before the server starts and before each edit the benchmark waits
(``--wait-idle``) while other processes keep more than half a CPU busy, and records how
many CPUs they used during each edit ("other load").

Then ``--profile`` runs what ``serve`` runs in one process (load_config with a temporary
site_dir, ``site_url`` set to the dev server's address, ``on_startup(command="serve", dirty=…)``,
``build(config, serve_url=…)``): for each of default and ``--dirty``, a session with a full
build, then one edit and a rebuild under cProfile; it summarises both.

Everything goes under ``--out`` (default /tmp/gongkai-bench): logs/serve-*.log,
serve-tmp/ (the served sites), serve-rebuild-*.prof/.txt and serve-results.json (standalone
runs). The corpus itself is only edited for the duration of a variant, and the plugin keeps
its document cache in the corpus's .cache/gongkai/, as in any project.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import html
import json
import os
import pstats
import re
import shutil
import signal
import statistics
import string
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from bench import corpus
from bench.common import (
    REPO,
    VENV_BIN,
    Profile,
    align,
    busy_seconds,
    free_port,
    is_wrapper,
    package_digest,
    say,
    wait_for_quiet,
)

VARIANTS = {"default": ["--strict"], "dirty": ["--strict", "--dirty"]}  # dirty: what scripts/serve runs

_BUILT = re.compile(r"Documentation built in ([\d.]+) seconds")
_EPOCH = re.compile(rb"livereload\((\d+), (\d+)\);")
_ANCHOR = re.compile(r"<a\b[^>]*\bhref=\"([^\"]*)\"[^>]*>(.*?)</a>", re.S)
_TAG = re.compile(r"<[^>]+>")
_EVENTS = ("Detected file changes", "Reloading browsers", "An error happened during the rebuild")


# -- the server ------------------------------------------------------------------------------------

def group_cpu_seconds(pgid: int) -> float | None:
    """User + system CPU of every live process in the group, with their reaped children."""
    tick, total, seen = os.sysconf("SC_CLK_TCK"), 0, False
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            fields = Path(entry.path, "stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        # fields[0] is the state (field 3 of proc(5)); pgrp is field 5, utime..cstime 14..17.
        if int(fields[2]) == pgid:
            total += sum(int(x) for x in fields[11:15])
            seen = True
    return total / tick if seen else None


@dataclass
class Server:
    """``mkdocs serve`` in its own process group; its output is logged with arrival times."""

    project: Path
    flags: list[str]
    log: Path
    tmp: Path
    env: dict
    port: int = 0
    process: subprocess.Popen | None = None
    lines: list[tuple[float, str]] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def start(self) -> float:
        self.port = self.port or free_port()
        self.tmp.mkdir(parents=True, exist_ok=True)
        self.log.parent.mkdir(parents=True, exist_ok=True)
        command = [str(VENV_BIN / "mkdocs"), "serve", "-a", f"127.0.0.1:{self.port}", *self.flags]
        started = time.perf_counter()
        self.process = subprocess.Popen(
            command, cwd=self.project, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            env={**os.environ, **self.env, "TMPDIR": str(self.tmp), "PYTHONUNBUFFERED": "1"},
            start_new_session=True)  # its own process group: stopped as one, workers included
        threading.Thread(target=self._read, daemon=True).start()
        return started

    def _read(self) -> None:
        assert self.process is not None and self.process.stdout is not None
        with open(self.log, "w", encoding="utf-8") as out:
            for raw in self.process.stdout:
                now = time.perf_counter()
                line = raw.decode("utf-8", errors="replace").rstrip("\n")
                out.write(f"[{now:.3f}] {line}\n")
                out.flush()
                with self._lock:
                    self.lines.append((now, line))

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def cpu(self) -> float | None:
        return group_cpu_seconds(self.process.pid) if self.process else None

    def since(self, moment: float) -> list[tuple[float, str]]:
        with self._lock:
            return [(t, line) for t, line in self.lines if t >= moment]

    def tail(self, count: int = 30) -> list[str]:
        with self._lock:
            return [line for _, line in self.lines[-count:]]

    def stop(self) -> str | None:
        """SIGINT (MkDocs shuts down and deletes its temporary site), then SIGTERM, SIGKILL;
        the last signal sent."""
        if self.process is None:
            return None
        sent = None
        for sig, grace in ((signal.SIGINT, 60), (signal.SIGTERM, 10), (signal.SIGKILL, 10)):
            try:
                os.killpg(self.process.pid, sig)
                sent = sig.name
            except ProcessLookupError:
                break
            try:
                self.process.wait(timeout=grace)
                # The leader is gone; give the rest of the group (pool workers) a moment.
                deadline = time.monotonic() + grace
                while group_cpu_seconds(self.process.pid) is not None and time.monotonic() < deadline:
                    time.sleep(0.1)
                if group_cpu_seconds(self.process.pid) is None:
                    break
            except subprocess.TimeoutExpired:
                continue
        try:
            os.killpg(self.process.pid, signal.SIGKILL)  # anything left in the group
            sent = "SIGKILL"
        except ProcessLookupError:
            pass
        return sent


def fetch(url: str, timeout: float) -> tuple[int, bytes]:
    """(status, body); status 0 when nothing answers."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return 0, b""


def wait_until_served(server: Server, url: str, timeout: float) -> float | None:
    """Poll ``url`` until it answers 200; the moment it did, or None (timeout, server died)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and server.alive():
        status, _ = fetch(url, timeout=max(1.0, deadline - time.monotonic()))
        if status == 200:
            return time.perf_counter()
        time.sleep(0.2)
    return None


# -- documents -------------------------------------------------------------------------------------

@dataclass
class Candidate:
    path: str  # content-relative
    title: str

    @property
    def url(self) -> str:
        return "/" + self.path[:-3] + "/"

    @property
    def column_url(self) -> str:
        return "/" + self.path.rsplit("/", 1)[0] + "/"


def synthetic_documents(content: Path, as_of: dt.date) -> dict[str, list[Candidate]]:
    """The published synthetic documents (bench.corpus names them *-bench-NNNNN.md), by folder."""
    found: dict[str, list[Candidate]] = {}
    for path in sorted(content.rglob("*-bench-*.md")):
        meta, _ = corpus.split_front_matter(path.read_text(encoding="utf-8"))
        if meta and corpus.is_published(meta, as_of) and meta.get("标题"):
            relative = path.relative_to(content).as_posix()
            found.setdefault(relative.rsplit("/", 1)[0], []).append(Candidate(relative, str(meta["标题"])))
    return found


def listed(page_url: str, body: bytes, document_url: str) -> list[str]:
    """The texts of the links on a page that point at ``document_url``."""
    text = body.decode("utf-8", errors="replace")
    return [html.unescape(_TAG.sub("", inner)).strip() for href, inner in _ANCHOR.findall(text)
            if urllib.parse.urljoin(page_url, html.unescape(href)) == document_url]


def choose(server: Server, documents: dict[str, list[Candidate]], count: int, used: set[str],
           timeout: float) -> list[Candidate]:
    """``count`` documents from different columns, each listed on page 1 of its column: the
    column page is the site's own index.md, which MkDocs' ``--dirty`` alone never re-renders."""
    chosen: list[Candidate] = []
    folders = sorted(documents)
    # Spread over the site: every k-th column folder first, then the others.
    step = max(1, len(folders) // max(count, 1))
    order = folders[::step] + [f for f in folders if f not in folders[::step]]
    for folder in order:
        if len(chosen) >= count:
            break
        page = server.base + "/" + folder + "/"
        status, body = fetch(page, timeout)
        if status != 200:
            continue
        for candidate in documents[folder]:
            if candidate.path in used:
                continue
            if candidate.title in listed(page, body, server.base + candidate.url):
                chosen.append(candidate)
                used.add(candidate.path)
                break
    return chosen


def marker(seed: str) -> str:
    """A unique word of letters only: digits could look like a personal number to the PII guard."""
    import random

    rng = random.Random(f"{seed}-{time.time_ns()}")
    return "GKSERVE" + "".join(rng.choice(string.ascii_uppercase) for _ in range(12))


def append_paragraph(file: Path, sentence: str) -> None:
    text = file.read_text(encoding="utf-8")
    file.write_text(text.rstrip("\n") + f"\n\n{sentence}\n", encoding="utf-8")


def retitle(file: Path, old: str, new: str) -> None:
    """Replace the 标题 line of the front matter (bench.corpus writes it as a JSON string)."""
    text = file.read_text(encoding="utf-8")
    lines = text.split("\n")
    for number, line in enumerate(lines):
        if line.startswith("标题:"):
            lines[number] = f"标题: {corpus.yaml_value(new)}"
            break
    else:
        raise ValueError(f"no 标题 line in {file}")
    file.write_text("\n".join(lines), encoding="utf-8")


class Originals:
    """The bytes and times of every edited file, put back by ``restore``."""

    def __init__(self) -> None:
        self.saved: dict[Path, tuple[bytes, int, int]] = {}

    def keep(self, file: Path) -> None:
        if file not in self.saved:
            stat = file.stat()
            self.saved[file] = (file.read_bytes(), stat.st_atime_ns, stat.st_mtime_ns)

    def restore(self) -> None:
        for file, (data, atime, mtime) in self.saved.items():
            file.write_bytes(data)
            os.utime(file, ns=(atime, mtime))
        self.saved.clear()


# -- one edit ----------------------------------------------------------------------------------------

class LiveReloadWatcher(threading.Thread):
    """What the injected script does: long-poll /livereload/EPOCH/ID until a newer epoch,
    then reload the page (here: fetch it once and look for the marker)."""

    def __init__(self, server: Server, page: str, epoch: int, request_id: int, needle: str,
                 timeout: float) -> None:
        super().__init__(daemon=True)
        self.server, self.page, self.epoch, self.request_id = server, page, epoch, request_id
        self.needle, self.timeout = needle.encode(), timeout
        self.answered: float | None = None
        self.reloaded: float | None = None
        self.reload_has_marker: bool | None = None
        self.stopped = threading.Event()

    def run(self) -> None:
        deadline = time.monotonic() + self.timeout
        while not self.stopped.is_set() and time.monotonic() < deadline:
            status, body = fetch(f"{self.server.base}/livereload/{self.epoch}/{self.request_id}", timeout=70)
            if status != 200:
                time.sleep(3)  # as the script does after an error
                continue
            try:
                newest = int(body.strip() or b"0")
            except ValueError:
                newest = 0
            if newest > self.epoch:
                self.answered = time.perf_counter()
                _, page = fetch(self.page, timeout=self.timeout)
                self.reloaded = time.perf_counter()
                self.reload_has_marker = self.needle in page
                return


def measure_edit(server: Server, document: Candidate, needle: str, edit, what: str,
                 args, check_title: str) -> dict:
    """Apply ``edit`` to the document; time until its page holds ``needle``; check its column."""
    page = server.base + document.url
    status, before = fetch(page, args.edit_timeout)
    match = _EPOCH.search(before) if status == 200 else None
    watcher = None
    if match:
        watcher = LiveReloadWatcher(server, page, int(match[1]), int(match[2]), needle, args.edit_timeout)
        watcher.start()
        time.sleep(0.2)  # the long poll is waiting in the server

    others_before = wait_for_quiet(args.wait_idle) if args.wait_idle else None
    cpu_before, busy_before = server.cpu(), busy_seconds()
    edit()
    written = time.perf_counter()
    seen, polls = None, 0
    deadline = time.monotonic() + args.edit_timeout
    while time.monotonic() < deadline and server.alive():
        status, body = fetch(page, max(1.0, deadline - time.monotonic()))
        polls += 1
        if status == 200 and needle.encode() in body:
            seen = time.perf_counter()
            break
        time.sleep(args.poll)
    if watcher is not None:
        watcher.join(timeout=10 if seen else 1)
        watcher.stopped.set()
    settle(server, args.settle)
    cpu_after, busy_after, settled = server.cpu(), busy_seconds(), time.perf_counter()
    log = server.since(written)
    detected = next((t for t, line in log if "Detected file changes" in line), None)
    built = [(t, float(m[1])) for t, line in log if (m := _BUILT.search(line))]
    errors = [line for _, line in log if "ERROR" in line or "Traceback" in line]

    column_url = server.base + document.column_url
    status, column_html = fetch(column_url, args.edit_timeout)
    texts = listed(column_url, column_html, page) if status == 200 else []
    result = {
        "what": what, "document": document.path, "page": document.url, "marker": needle,
        "ok": seen is not None,
        "write_to_page_s": round(seen - written, 3) if seen else None,
        "detect_s": round(detected - written, 3) if detected else None,
        "build_s": built[0][1] if built else None,
        "builds": len(built),
        "write_to_built_log_s": round(built[0][0] - written, 3) if built else None,
        "livereload_s": round(watcher.answered - written, 3) if watcher and watcher.answered else None,
        "browser_reload_s": round(watcher.reloaded - written, 3) if watcher and watcher.reloaded else None,
        "browser_reload_has_marker": watcher.reload_has_marker if watcher else None,
        "cpu_s": round(cpu_after - cpu_before, 2) if cpu_before is not None and cpu_after is not None else None,
        "polls": polls,
        "column_page": document.column_url, "column_status": status,
        "column_lists_document": bool(texts),
        "column_title_ok": check_title in texts,
        "column_link_texts": texts[:3],
    }
    if None not in (cpu_before, cpu_after, busy_before, busy_after):
        # CPUs the rest of the machine kept busy on average from the write until settled.
        result["others_cpus"] = round(max(0.0, busy_after - busy_before - (cpu_after - cpu_before))
                                      / (settled - written), 2)
    if others_before is not None:
        result["others_cpus_before"] = others_before
    if errors:
        result["errors"] = errors[:10]
    return result


def settle(server: Server, quiet: float) -> None:
    """Wait until no rebuild is under way (every "Detected file changes" has been followed by
    "Reloading browsers" or the rebuild's error) and nothing happened for ``quiet`` seconds."""
    deadline = time.monotonic() + 900
    while time.monotonic() < deadline and server.alive():
        with server._lock:
            events = [(t, line) for t, line in server.lines if any(word in line for word in _EVENTS)]
        started = sum("Detected file changes" in line for _, line in events)
        building = started > len(events) - started
        if not building and time.perf_counter() - (events[-1][0] if events else 0.0) >= quiet:
            return
        time.sleep(0.1)


# -- one variant ------------------------------------------------------------------------------------

def measure_variant(project: Path, variant: str, args, out: Path, used: set[str]) -> dict:
    content = project / "content"
    env = {"NO_MKDOCS_2_WARNING": "1", "GONGKAI_AS_OF": args.as_of.isoformat()}
    cache = project / ".cache" / "gongkai"
    if args.cold_cache:
        shutil.rmtree(cache, ignore_errors=True)
    tmp = out / "serve-tmp" / variant
    shutil.rmtree(tmp, ignore_errors=True)
    server = Server(project, VARIANTS[variant], out / "logs" / f"serve-{variant}.log", tmp, env, args.port)
    result: dict = {"variant": variant, "flags": VARIANTS[variant], "ok": False,
                    "doc_cache_before": (cache / "documents.pickle").exists(), "log": str(server.log)}
    originals = Originals()
    documents = synthetic_documents(content, args.as_of)
    probe_url = next(iter(documents.values()))[0].url if documents else "/"
    say(f"  {variant}: mkdocs serve {' '.join(VARIANTS[variant])} (port {server.port or 'any'}) …")
    try:
        if args.wait_idle:

            result["others_cpus_before_start"] = wait_for_quiet(args.wait_idle)
        started = server.start()
        result["command"] = f"mkdocs serve -a 127.0.0.1:{server.port} {' '.join(server.flags)}".strip()
        ready = wait_until_served(server, server.base + probe_url, args.start_timeout)
        if ready is None:
            result["error"] = "the server did not serve the site in time" if server.alive() else \
                f"the server exited ({server.process.returncode})"
            result["log_tail"] = server.tail()
            say(f"    !! {result['error']}; end of {server.log}:\n     " + "\n     ".join(result["log_tail"]))
            return result
        first = [float(m[1]) for _, line in server.lines if (m := _BUILT.search(line))]
        result["start"] = {"ready_s": round(ready - started, 2), "build_s": first[0] if first else None,
                           "cpu_s": server.cpu()}
        say(f"    served after {result['start']['ready_s']:.1f} s (first build {result['start']['build_s']} s)")

        # CPU of the idle server: the PollingObserver walks the watched folders every 0.5 s.
        settle(server, 1.0)
        cpu0, t0 = server.cpu(), time.perf_counter()
        time.sleep(args.idle_seconds)
        cpu1, t1 = server.cpu(), time.perf_counter()
        if cpu0 is not None and cpu1 is not None:
            result["idle_cpu_share"] = round((cpu1 - cpu0) / (t1 - t0), 3)

        picks = choose(server, documents, args.edits + (1 if args.title_probe else 0), used, args.edit_timeout)
        if len(picks) < args.edits:
            result["error"] = f"only {len(picks)} documents listed on page 1 of their column"
            say(f"    !! {result['error']}")
            return result
        edits = []
        for number, document in enumerate(picks[:args.edits]):
            needle = marker(f"{variant}-{number}")
            file = content / document.path
            originals.keep(file)
            sentence = f"本段为编辑计时标记{needle}，用于测量保存后页面刷新的时间。"
            edits.append(measure_edit(server, document, needle, lambda file=file, sentence=sentence: append_paragraph(file, sentence),
                                      "body", args, document.title))
            say(f"    edit {number + 1}: {edit_summary(edits[-1])}")
            if not edits[-1]["ok"]:
                result["log_tail"] = server.tail()
                break
        result["edits"] = edits
        good = [e["write_to_page_s"] for e in edits if e["ok"]]
        result["median_s"] = round(statistics.median(good), 3) if good else None
        builds = [e["build_s"] for e in edits if e.get("build_s") is not None]
        result["median_build_s"] = round(statistics.median(builds), 3) if builds else None
        result["column_pages_ok"] = all(e["column_title_ok"] for e in edits)

        if args.title_probe and len(picks) > args.edits and all(e["ok"] for e in edits):
            document = picks[args.edits]
            file = content / document.path
            originals.keep(file)
            needle = marker(f"{variant}-title")
            new_title = f"{document.title}（修订{needle}）"
            probe = measure_edit(server, document, needle,
                                 lambda: retitle(file, document.title, new_title), "title", args, new_title)
            probe["new_title"] = new_title
            result["title_probe"] = probe
            say(f"    title edit: {edit_summary(probe)}")
        result["correct"] = result["column_pages_ok"] and result.get("title_probe", {}).get("column_title_ok", True)
        result["ok"] = bool(edits) and all(e["ok"] for e in edits)
        return result
    finally:
        result["stopped_with"] = server.stop()
        originals.restore()
        leftover = [p.name for p in tmp.glob("mkdocs_*")]
        if leftover:
            result["leftover_tmp"] = leftover
        shutil.rmtree(tmp, ignore_errors=True)


def edit_summary(edit: dict) -> str:
    if not edit["ok"]:
        return f"FAILED (no marker in the page within the time limit) {edit.get('errors', '')}"
    parts = [f"page {edit['write_to_page_s']:.2f} s"]
    if edit.get("browser_reload_s") is not None:
        parts.append(f"livereload {edit['livereload_s']:.2f} s (reload has marker: {edit['browser_reload_has_marker']})")
    if edit.get("detect_s") is not None:
        parts.append(f"detected {edit['detect_s']:.2f} s")
    if edit.get("build_s") is not None:
        parts.append(f"build {edit['build_s']:.2f} s ×{edit['builds']}")
    if edit.get("cpu_s") is not None:
        parts.append(f"CPU {edit['cpu_s']:.1f} s")
    if edit.get("others_cpus") is not None:
        parts.append(f"other load {edit['others_cpus']:.2f} CPUs")
    verdict = "lists it with the right title" if edit["column_title_ok"] else (
        f"lists it as {edit['column_link_texts']}" if edit["column_lists_document"] else "does NOT list it")
    parts.append(f"column page {verdict}")
    return ", ".join(parts) + f"  [{edit['document']}]"


# -- profile of one rebuild ---------------------------------------------------------------------------

def profile_child(project: Path, out: Path, as_of: str) -> None:
    """In this process, what ``mkdocs serve`` and ``mkdocs serve --dirty`` do: for each, a
    session (on_startup with its ``dirty``) that builds, then rebuilds after an edit under
    cProfile. Writes out/serve-rebuild.json."""
    os.chdir(project)
    os.environ.update({"NO_MKDOCS_2_WARNING": "1", "GONGKAI_AS_OF": as_of})
    import logging
    from urllib.parse import urlsplit

    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.livereload import _serve_url

    logging.basicConfig(level=logging.INFO, format="%(levelname)-7s -  %(message)s")
    site_dir = tempfile.mkdtemp(prefix="mkdocs_")

    def get_config():
        config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=site_dir)
        host, port = config.dev_addr
        config.site_url = _serve_url(host, port, urlsplit(config.site_url or "/").path)
        return config

    content = project / "content"
    documents = [c for group in synthetic_documents(content, dt.date.fromisoformat(as_of)).values() for c in group]
    originals = Originals()
    report: dict = {"builds": []}
    config = get_config()
    try:
        for number, (name, dirty) in enumerate((("default", False), ("dirty", True))):
            config = get_config()
            config.plugins.on_startup(command="serve", dirty=dirty)  # a new serve session
            serve_url = config.site_url
            start = time.perf_counter()
            build(config, serve_url=serve_url, dirty=dirty)
            report["builds"].append({"what": f"initial ({name})", "wall_s": round(time.perf_counter() - start, 2)})
            document = documents[(number + 1) * len(documents) // 3]
            file = content / document.path
            originals.keep(file)
            time.sleep(1.1)  # --dirty compares modification times
            append_paragraph(file, f"本段为编辑计时标记{marker(name)}。")
            config = get_config()
            profiler = cProfile.Profile()
            start = time.perf_counter()
            profiler.enable()
            build(config, serve_url=serve_url, dirty=dirty)
            profiler.disable()
            wall = time.perf_counter() - start
            profiler.dump_stats(str(out / f"serve-rebuild-{name}.prof"))
            report["builds"].append({"what": f"rebuild ({name}) under cProfile", "wall_s": round(wall, 2),
                                     "document": document.path, "prof": str(out / f"serve-rebuild-{name}.prof")})
            say(f"    {name} rebuild: {wall:.1f} s under cProfile")
            config.plugins.on_shutdown()
    finally:
        config.plugins.on_shutdown()
        originals.restore()
        shutil.rmtree(site_dir, ignore_errors=True)
        (out / "serve-rebuild.json").write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")


#: MkDocs' build phases and gongkai's hooks, reported by name whatever their cost.
PHASES = ("mkdocs/commands/build.py", "mkdocs/structure/files.py", "mkdocs/structure/nav.py",
          "mkdocs/structure/pages.py", "jinja2/environment.py")
PHASE_NAMES = {"build", "get_files", "get_navigation", "_populate_page", "_build_page", "copy_static_files",
               "_build_theme_template", "validate_anchor_links", "add_files_from_theme", "on_config",
               "on_files", "on_nav", "on_page_markdown", "on_page_content", "on_env", "on_page_context",
               "on_post_page", "on_post_build", "render", "read_source"}


def summarise_profile(prof: Path, top: int) -> dict:

    profile = Profile(prof)

    text = prof.with_suffix(".txt")
    with open(text, "w", encoding="utf-8") as handle:
        ps = pstats.Stats(str(prof), stream=handle)
        ps.sort_stats("cumulative").print_stats(100)
        ps.sort_stats("tottime").print_stats(60)
        ps.sort_stats("cumulative").print_callers("plugin.py.*on_|qr_codes|Prefetched|check_html")
    return {
        "file": str(prof), "text": str(text), "total_s": round(profile.total, 2),
        "phases": profile.rank(lambda k: (any(p in k[0] for p in PHASES) and k[2] in PHASE_NAMES)
                               or ("/plugins/gongkai/plugin.py" in k[0] and k[2].startswith("on_")), 40),
        "top_cumulative": profile.rank(lambda k: not is_wrapper(k[0]), top),
        "top_self": profile.rank(lambda k: True, top, order=2),
        "gongkai_cumulative": profile.rank(lambda k: "/plugins/gongkai/" in k[0], top + 10),
        "self_time_by_package": profile.self_time_by_package(),
    }


def profile_rebuild(project: Path, out: Path, args) -> dict:
    say("  profile: for default and --dirty, a session that builds, then rebuilds after one edit under cProfile …")
    log = out / "logs" / "serve-rebuild-profile.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    tmp = out / "serve-tmp" / "profile"
    tmp.mkdir(parents=True, exist_ok=True)
    with open(log, "w", encoding="utf-8") as handle:
        code = subprocess.run([sys.executable, "-m", "bench.serve", "--profile-child", str(project), str(out),
                               args.as_of.isoformat()], cwd=REPO, stdout=handle, stderr=subprocess.STDOUT,
                              env={**os.environ, "TMPDIR": str(tmp)}).returncode
    shutil.rmtree(tmp, ignore_errors=True)
    report_file = out / "serve-rebuild.json"
    if code != 0 or not report_file.exists():
        tail = log.read_text(encoding="utf-8", errors="replace").splitlines()[-30:]
        say(f"    !! the profile run failed (exit {code}); end of {log}:\n     " + "\n     ".join(tail))
        return {"ok": False, "exit_code": code, "log": str(log)}
    report = json.loads(report_file.read_text(encoding="utf-8"))
    report.update(ok=True, log=str(log))
    for name in ("default", "dirty"):
        prof = out / f"serve-rebuild-{name}.prof"
        if prof.exists():
            report[name] = summarise_profile(prof, args.profile_top)
    return report


# -- report ------------------------------------------------------------------------------------------

def table(result: dict) -> str:
    """One line per variant."""
    head = ("serve", "docs", "start s", "1st build s", "idle CPU", "edit→page s (median; runs)",
            "rebuild s", "livereload s", "column page ok", "title edit listed")
    rows = [head]
    for v in result.get("variants", []):
        edits = v.get("edits", [])
        runs = ", ".join(f"{e['write_to_page_s']:.1f}" if e["ok"] else "FAILED" for e in edits)
        median = f"{v['median_s']:.2f} ({runs})" if v.get("median_s") is not None else ("FAILED " + runs).strip()
        live = [e["livereload_s"] for e in edits if e.get("livereload_s") is not None]
        probe = v.get("title_probe")
        rows.append((
            " ".join(["mkdocs serve", *v["flags"]]), f"{result['size']:,}",
            f"{v['start']['ready_s']:.1f}" if v.get("start") else "FAILED",
            f"{v['start']['build_s']:.1f}" if v.get("start", {}).get("build_s") else "-",
            f"{v['idle_cpu_share']:.0%}" if v.get("idle_cpu_share") is not None else "-",
            median,
            f"{v['median_build_s']:.1f}" if v.get("median_build_s") is not None else "-",
            f"{statistics.median(live):.2f}" if live else "-",
            "-" if not edits else ("yes" if v.get("column_pages_ok") else "NO"),
            "-" if not probe else ("yes" if probe.get("column_title_ok") else
                                   "STALE" if probe.get("column_lists_document") else "NO")))
    return align(rows)


def print_report(result: dict) -> None:
    say("\n" + table(result))
    profile = result.get("profile")
    if not profile:
        return
    if not profile.get("ok"):
        say(f"\nrebuild profile failed: see {profile.get('log')}")
        return
    for build in profile["builds"]:
        say(f"  {build['what']}: {build['wall_s']} s")
    for name in ("default", "dirty"):
        summary = profile.get(name)
        if not summary:
            continue
        say(f"\nProfile of one {name} rebuild after an edit: {summary['total_s']} s profiled; {summary['text']}")
        for title, key in (("MkDocs' phases and gongkai's hooks", "phases"), ("gongkai, cumulative", "gongkai_cumulative"),
                           ("top self time", "top_self")):
            say(f"\n  {title}:")
            say(f"    {'cum s':>8} {'share':>6} {'self s':>8} {'calls':>9}  function")
            for row in summary[key]:
                say(f"    {row['cumtime_s']:8.2f} {row['cum_share']:6.1%} {row['tottime_s']:8.2f} "
                    f"{row['calls']:9,}  {row['function']}")
        say("\n  self time by package: " + ", ".join(f"{k} {v:.1f} s" for k, v in summary["self_time_by_package"].items()))


# -- entry points --------------------------------------------------------------------------------------

def code_under_test() -> dict:
    """Which gongkai the servers import (PYTHONPATH may point at a snapshot of another commit),
    and a digest of its files: others edit the package while benchmarks run."""
    found = subprocess.run([sys.executable, "-c", "import gongkai, sys; sys.stdout.write(gongkai.__file__)"],
                           capture_output=True, text=True, cwd="/")
    if found.returncode != 0:
        return {"error": found.stderr.strip()[-500:]}
    package = Path(found.stdout).parent
    return {"package": str(package), "sha256": package_digest(package)}


class Terminated(KeyboardInterrupt):
    """SIGTERM or SIGHUP: unwind like Ctrl-C, so servers stop and edited documents come back."""


def _terminate(signum, frame) -> None:
    raise Terminated(signal.Signals(signum).name)


def bench_serve(project: Path, out: Path, args) -> dict:
    """Every variant on one corpus, then the profile; the result for results.json."""
    previous = {sig: signal.signal(sig, _terminate) for sig in (signal.SIGTERM, signal.SIGHUP)}
    if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
        # Started in the background by a shell (`cmd &`): SIGINT is ignored, and the servers
        # would inherit that and ignore the SIGINT that asks them to shut down cleanly.
        previous[signal.SIGINT] = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        return _bench_serve(project, out, args)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _bench_serve(project: Path, out: Path, args) -> dict:
    documents = synthetic_documents(project / "content", args.as_of)
    size = sum(len(v) for v in documents.values())
    code = code_under_test()
    say(f"\n== mkdocs serve on {project} ({size:,} published synthetic documents)")
    say(f"  gongkai: {code.get('package')} sha256 {code.get('sha256')}")
    result: dict = {"project": str(project), "size": size, "edits_per_variant": args.edits,
                    "poll_s": args.poll, "code": code, "variants": []}
    used: set[str] = set()
    for variant in args.variants:
        result["variants"].append(measure_variant(project, variant, args, out, used))
    if args.profile:
        result["profile"] = profile_rebuild(project, out, args)
    result["ok"] = all(v.get("ok") for v in result["variants"]) and result.get("profile", {}).get("ok", True)
    if code_under_test() != code:
        result["code_after"] = code_under_test()
        say(f"  note: gongkai changed during the run ({code.get('sha256')} → {result['code_after'].get('sha256')})")
    return result


def add_arguments(parser: argparse.ArgumentParser, prefix: str = "") -> None:
    """The options, also offered by bench.run as --serve-… ."""
    p = prefix
    parser.add_argument(f"--{p}variants", type=lambda s: [v for v in s.split(",") if v], default=["default", "dirty"],
                        help="comma-separated: default (mkdocs serve), dirty (mkdocs serve --dirty)")
    parser.add_argument(f"--{p}edits", type=int, default=3, help="edits per variant, each on another document (default: %(default)s)")
    parser.add_argument(f"--{p}poll", type=float, default=0.05, help="page poll interval in seconds (default: %(default)s)")
    parser.add_argument(f"--{p}settle", type=float, default=2.0,
                        help="quiet seconds after an edit's rebuild before the next edit (default: %(default)s)")
    parser.add_argument(f"--{p}idle-seconds", type=float, default=5.0,
                        help="how long the idle server's CPU is measured (default: %(default)s)")
    parser.add_argument(f"--{p}start-timeout", type=float, default=1200.0, help="seconds for the first build (default: %(default)s)")
    parser.add_argument(f"--{p}edit-timeout", type=float, default=600.0, help="seconds for one edit (default: %(default)s)")
    parser.add_argument(f"--{p}wait-idle", type=float, default=60.0,
                        help="before the server starts and before each edit, wait up to this many seconds while "
                             "other processes keep more than half a CPU busy (default: %(default)s; 0 disables)")
    parser.add_argument(f"--{p}port", type=int, default=0, help="server port (default: a free one)")
    parser.add_argument(f"--{p}cold-cache", action="store_true",
                        help="delete the corpus's .cache/gongkai before each server start")
    parser.add_argument(f"--{p}no-title-probe", dest=f"{p.replace('-', '_')}title_probe", action="store_false",
                        help="skip the edit that changes a document's title")
    parser.add_argument(f"--{p}no-profile", dest=f"{p.replace('-', '_')}profile", action="store_false",
                        help="skip the cProfile run of a rebuild")


def parse_args(argv: list[str] | None):
    parser = argparse.ArgumentParser(prog="python -m bench.serve", description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__.split("\n\n", 1)[1])
    parser.add_argument("corpus", type=Path, nargs="?", help="a product corpus (python -m bench.corpus DIR --count N)")
    parser.add_argument("--size", type=int, help="without CORPUS: write a corpus of this many documents under OUT/corpora")
    parser.add_argument("--out", type=Path, default=Path("/tmp/gongkai-bench"), help="work folder (default: %(default)s)")
    parser.add_argument("--json", type=Path, help="results file (default: OUT/serve-results.json)")
    parser.add_argument("--profile-top", type=int, default=15, help="rows per profile list (default: %(default)s)")
    parser.add_argument("--as-of", type=dt.date.fromisoformat, default=corpus.AS_OF,
                        help="the evaluation day (GONGKAI_AS_OF; default: %(default)s)")
    parser.add_argument("--seed", type=int, default=2026, help="random seed of a written corpus")
    add_arguments(parser)
    args = parser.parse_args(argv)
    if args.corpus is None and not args.size:
        parser.error("give a CORPUS folder or --size N")
    unknown = [v for v in args.variants if v not in VARIANTS]
    if unknown:
        parser.error(f"unknown variant(s) {', '.join(unknown)}; choose from {', '.join(VARIANTS)}")
    return args


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--profile-child"]:
        profile_child(Path(argv[1]).resolve(), Path(argv[2]).resolve(), argv[3])
        return 0
    args = parse_args(argv)
    out = args.out.resolve()
    if out == REPO or REPO in out.parents:
        raise SystemExit(f"--out {out} is inside the repository; choose a folder outside it")
    out.mkdir(parents=True, exist_ok=True)
    if args.corpus is not None:
        project = args.corpus.resolve()
        if project == REPO or REPO in project.parents:
            raise SystemExit(f"{project} is inside the repository: use a corpus (python -m bench.corpus DIR)")
        if not (project / "mkdocs.yml").exists():
            raise SystemExit(f"{project} has no mkdocs.yml: write one with python -m bench.corpus {project} --count N")
    else:
        project = out / "corpora" / f"product-{args.size}"
        corpus.make_product_corpus(REPO, project, args.size, as_of=args.as_of, seed=args.seed)
    started = dt.datetime.now().astimezone()
    try:
        result = bench_serve(project, out, args)
    except KeyboardInterrupt as stop:
        say(f"\ninterrupted ({stop or 'SIGINT'}): the servers are stopped and the edited documents restored")
        return 130
    result.update(started=started.isoformat(timespec="seconds"),
                  finished=dt.datetime.now().astimezone().isoformat(timespec="seconds"),
                  command=" ".join(["python -m bench.serve", *argv]))
    print_report(result)
    target = args.json or out / "serve-results.json"
    target.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    say(f"\nResults: {target}")
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
