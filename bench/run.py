"""Build benchmark: gongkai's full build against plain Material for MkDocs and Hugo.

Run from the repository root:

    scripts/bench                      # the full benchmark: 1k, 5k, 10k documents, check on 50k,
                                       # profile at 5k (takes a while: about half an hour)
    scripts/bench --quick              # smoke test with small sizes
    scripts/bench --sizes 1000,5000 --check-size 20000 --profile-size 1000 --out /tmp/b

For each size N it writes a corpus (the sample project plus N synthetic documents, see
``bench.corpus``) and measures, one build after the other:

* product — ``mkdocs build --strict`` on the corpus, every gongkai check on;
* check   — ``gongkai --project CORPUS check`` on the same corpus;
* plain   — plain Material (``language: zh``, ``font: false``, no gongkai plugin, no search,
            a nav of the column index pages only) over the same published Markdown;
* hugo    — Hugo (Debian's package; installed with apt-get if missing) with a minimal layout.

Then ``gongkai check`` on a ``--check-size`` corpus, and a cProfile run of the product
build at ``--profile-size``. Last, ``--serve-size`` (bench/serve.py): the time from saving
one document to its reloaded page under ``mkdocs serve`` and ``mkdocs serve --dirty``, and
a profile of one such rebuild.

Each build runs under GNU ``/usr/bin/time -v`` (installed with apt-get if missing): the
peak memory is its "Maximum resident set size" of the build process, read per run (not
the cumulative RUSAGE_CHILDREN of this process), and its CPU time is user + system. Wall
time is time.perf_counter() around the subprocess. On a shared machine other work slows
the wall time: before each run the benchmark waits (``--wait-idle``, up to 2 minutes)
while other processes keep more than half a CPU busy, and during the run it records how
many CPUs the rest of the machine used (/proc/stat busy time minus the build's own CPU
time), shown as "other CPUs"; the CPU-time ratios are printed beside the wall-time ones. Output size is the sum of the file sizes in the site folder; a document
page is ``<site>/<document path without .md>/index.html`` (use_directory_urls), measured
for the synthetic documents (mean and max) and for every published document (max).

Everything goes under ``--out`` (default /tmp/gongkai-bench): corpora/, sites/, logs/,
results.json and the profile. Nothing is written into the repository.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.metadata
import json
import os
import platform
import pstats
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench import corpus, serve

REPO = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent  # run as .venv/bin/python -m bench.run
GNU_TIME = "/usr/bin/time"
KB = 1024
MB = 1024 * 1024

#: The issue's goals.
GOAL_VS_PLAIN = 1.0  # product build time / plain Material build time, at 5k
GOAL_SCALING_PER_10X = 11.0  # product build time at 10k / at 1k
GOAL_CHECK_SECONDS = 2.0  # gongkai check on 50k documents
GOAL_DOC_PAGE_KB = 40.0  # a document page's HTML


def say(message: str) -> None:
    print(message, flush=True)


# -- tools ---------------------------------------------------------------------------------------

def apt_install(package: str) -> bool:
    """apt-get install one Debian package (apt-get update only when the first try fails)."""
    prefix = [] if os.geteuid() == 0 else (["sudo", "-n"] if shutil.which("sudo") else None)
    if prefix is None:
        return False
    say(f"  installing {package} with apt-get …")
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL,
             "env": {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}}
    if subprocess.run([*prefix, "apt-get", "install", "-y", package], **quiet).returncode == 0:
        return True
    subprocess.run([*prefix, "apt-get", "update"], **quiet)
    return subprocess.run([*prefix, "apt-get", "install", "-y", package], **quiet).returncode == 0


def ensure_tools(want_hugo: bool) -> dict:
    """GNU time for peak memory, Hugo for the comparison; install them if missing."""
    if not Path(GNU_TIME).exists():
        apt_install("time")
    hugo = shutil.which("hugo")
    if want_hugo and not hugo:
        apt_install("hugo")
        hugo = shutil.which("hugo")
    hugo_version = ""
    if hugo:
        hugo_version = subprocess.run([hugo, "version"], capture_output=True, text=True).stdout.strip()
    return {"gnu_time": Path(GNU_TIME).exists(), "hugo": hugo, "hugo_version": hugo_version}


# -- measuring -------------------------------------------------------------------------------------

def tree_size(folder: Path) -> tuple[int, int]:
    """(bytes, files) under ``folder``."""
    total = files = 0
    for root, _, names in os.walk(folder):
        for name in names:
            total += os.path.getsize(os.path.join(root, name))
            files += 1
    return total, files


def busy_seconds() -> float | None:
    """CPU-seconds all CPUs of the machine have been busy since boot (/proc/stat)."""
    try:
        fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except (OSError, ValueError):
        return None
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def wait_for_quiet(limit: float, threshold: float = 0.5) -> float | None:
    """Wait up to ``limit`` seconds until other processes use less than ``threshold`` CPUs;
    return how many CPUs they used in the last second sampled."""
    deadline, told = time.monotonic() + limit, False
    while True:
        before = busy_seconds()
        time.sleep(1.0)
        after = busy_seconds()
        others = None if before is None or after is None else after - before
        if others is None or others < threshold or time.monotonic() >= deadline:
            if told:
                say(f"    (waited {limit - max(0.0, deadline - time.monotonic()):.0f} s; "
                    f"other processes now use {others:.1f} CPUs)")
            return None if others is None else round(others, 2)
        if not told:
            say(f"    (machine busy: other processes use {others:.1f} CPUs; waiting up to {limit:.0f} s)")
            told = True


def run_measured(command: list[str], cwd: Path, log: Path, env: dict | None = None,
                 wait_idle: float = 0.0) -> dict:
    """Run ``command`` once: wall time (perf_counter), CPU time and peak RSS of the process
    (GNU time -v), the exit code, and how busy the rest of the machine was meanwhile."""
    log.parent.mkdir(parents=True, exist_ok=True)
    rusage_file = log.with_suffix(".time")
    others_before = wait_for_quiet(wait_idle) if wait_idle else None
    wrapped = [GNU_TIME, "-v", "-o", str(rusage_file), *command] if Path(GNU_TIME).exists() else command
    with open(log, "w", encoding="utf-8") as out:
        busy_start = busy_seconds()
        start = time.perf_counter()
        code = subprocess.run(wrapped, cwd=cwd, stdout=out, stderr=subprocess.STDOUT,
                              env={**os.environ, **(env or {})}).returncode
        wall = time.perf_counter() - start
        busy_end = busy_seconds()
    result = {"wall_s": round(wall, 3), "cpu_s": None, "peak_rss_mb": None, "exit_code": code, "log": str(log)}
    if rusage_file.exists():
        text = rusage_file.read_text()

        def number(label: str) -> float | None:
            match = re.search(re.escape(label) + r": ([\d.]+)", text)
            return float(match[1]) if match else None

        peak_kb, user, system = (number("Maximum resident set size (kbytes)"), number("User time (seconds)"),
                                 number("System time (seconds)"))
        result["peak_rss_mb"] = round(peak_kb / KB, 1) if peak_kb else None
        if user is not None and system is not None:
            result["cpu_s"] = round(user + system, 2)
    if busy_start is not None and busy_end is not None and result["cpu_s"] is not None and wall > 0:
        # CPUs the rest of the machine kept busy on average during the run: contention.
        result["others_cpus"] = round(max(0.0, busy_end - busy_start - result["cpu_s"]) / wall, 2)
    if others_before is not None:
        result["others_cpus_before"] = others_before
    return result


def page_sizes(site: Path, paths: list[str]) -> list[int]:
    """Sizes of the HTML pages of these documents (content-relative .md paths) that exist."""
    sizes = []
    for path in paths:
        html = site / path[:-3] / "index.html"
        if html.exists():
            sizes.append(html.stat().st_size)
    return sizes


def measure_build(tool: str, size: int, command: list[str], cwd: Path, site: Path, logs: Path,
                  documents: dict[str, list[str]], repeat: int, env: dict | None = None,
                  wait_idle: float = 0.0) -> dict:
    """Build ``repeat`` times into a fresh ``site``; keep the fastest run; measure the output."""
    runs = []
    for number in range(repeat):
        shutil.rmtree(site, ignore_errors=True)
        suffix = f"-{number + 1}" if repeat > 1 else ""
        runs.append(run_measured(command, cwd, logs / f"{tool}-{size}{suffix}.log", env, wait_idle))
        if runs[-1]["exit_code"] != 0:
            break
    best = min(runs, key=lambda r: r["wall_s"]) if all(r["exit_code"] == 0 for r in runs) else runs[-1]
    result = {"tool": tool, "size": size, **best, "ok": best["exit_code"] == 0,
              "walls_s": [r["wall_s"] for r in runs], "cpus_s": [r["cpu_s"] for r in runs], "site": str(site)}
    if result["ok"]:
        result["output_bytes"], result["output_files"] = tree_size(site)
        synthetic = page_sizes(site, documents["synthetic"])
        every = page_sizes(site, documents["published"])
        result.update({
            "doc_pages": len(synthetic),
            "doc_page_mean_bytes": round(statistics.mean(synthetic)) if synthetic else None,
            "doc_page_max_bytes": max(synthetic, default=None),
            "all_doc_pages": len(every),
            "all_doc_page_max_bytes": max(every, default=None),
        })
    else:
        tail = Path(best["log"]).read_text(encoding="utf-8", errors="replace").splitlines()[-40:]
        result["error_tail"] = tail
        say(f"  !! {tool} build at {size} failed (exit {best['exit_code']}); end of {best['log']}:")
        say("     " + "\n     ".join(tail))
    return result


def published_documents(content: Path, as_of: dt.date) -> list[str]:
    """Content-relative paths of the documents the product publishes."""
    found = []
    for path in sorted(content.rglob("*.md")):
        if path.name == "index.md":
            continue
        meta, _ = corpus.split_front_matter(path.read_text(encoding="utf-8-sig"))
        if meta and corpus.is_published(meta, as_of):
            found.append(path.relative_to(content).as_posix())
    return found


# -- the runs ------------------------------------------------------------------------------------

def product_env(as_of: dt.date) -> dict:
    return {"NO_MKDOCS_2_WARNING": "1", "GONGKAI_AS_OF": as_of.isoformat()}


def make_corpus(out: Path, size: int, args) -> tuple[Path, dict[str, list[str]], float]:
    folder = out / "corpora" / f"product-{size}"
    start = time.perf_counter()
    synthetic = corpus.make_product_corpus(REPO, folder, size, as_of=args.as_of, seed=args.seed)
    seconds = time.perf_counter() - start
    documents = {"synthetic": synthetic, "published": published_documents(folder / "content", args.as_of)}
    return folder, documents, seconds


def bench_size(out: Path, size: int, args, tools: dict) -> list[dict]:
    """Every measurement at one corpus size."""
    say(f"\n== {size} documents")
    logs, sites, env = out / "logs", out / "sites", product_env(args.as_of)
    project, documents, seconds = make_corpus(out, size, args)
    say(f"  corpus: {project} ({len(documents['published'])} published documents, written in {seconds:.1f} s)")
    results = []

    site = sites / f"product-{size}"
    say("  product: mkdocs build --strict …")
    results.append(measure_build("product", size, [str(VENV_BIN / "mkdocs"), "build", "--strict", "-d", str(site)],
                                 project, site, logs, documents, args.repeat, env, args.wait_idle))
    say(f"    {summary(results[-1])}")

    say("  check: gongkai check …")
    check = run_measured([str(VENV_BIN / "gongkai"), "--project", str(project), "check"], project,
                         logs / f"check-{size}.log", env, args.wait_idle)
    results.append({"tool": "check", "size": size, **check, "ok": check["exit_code"] == 0})
    say(f"    {summary(results[-1])}")

    if not args.no_plain:
        plain = out / "corpora" / f"plain-{size}"
        corpus.make_plain_corpus(project, plain, args.as_of)
        site = sites / f"plain-{size}"
        say("  plain: mkdocs build (Material, no gongkai) …")
        results.append(measure_build("plain", size, [str(VENV_BIN / "mkdocs"), "build", "-d", str(site)],
                                     plain, site, logs, documents, args.repeat, {"NO_MKDOCS_2_WARNING": "1"},
                                     args.wait_idle))
        say(f"    {summary(results[-1])}")

    if tools["hugo"]:
        hugo = out / "corpora" / f"hugo-{size}"
        corpus.make_hugo_corpus(project, hugo, args.as_of)
        site = sites / f"hugo-{size}"
        say("  hugo: hugo …")
        results.append(measure_build("hugo", size, [tools["hugo"], "--source", str(hugo), "--destination", str(site)],
                                     hugo, site, logs, documents, args.repeat, None, args.wait_idle))
        say(f"    {summary(results[-1])}")
    return results


def bench_check(out: Path, size: int, args) -> dict:
    """gongkai check on a large corpus (front matter only, no build)."""
    say(f"\n== gongkai check on {size} documents")
    project, documents, seconds = make_corpus(out, size, args)
    say(f"  corpus: {project} (written in {seconds:.1f} s)")
    result = {"tool": "check", "size": size}
    # The first run reads every document and writes .cache/gongkai/ (as after a fresh clone
    # without a CI cache); the others are what pre-commit and a cached CI see.
    runs = [run_measured([str(VENV_BIN / "gongkai"), "--project", str(project), "check"], project,
                         out / "logs" / f"check-{size}-{n + 1}.log", product_env(args.as_of), args.wait_idle)
            for n in range(max(args.repeat, 1) + 1)]
    cold, warm = runs[0], runs[1:]
    best = min(warm, key=lambda r: r["wall_s"])
    result.update(best, ok=best["exit_code"] == 0 and cold["exit_code"] == 0,
                  walls_s=[r["wall_s"] for r in warm], cold_s=cold["wall_s"], cold_cpu_s=cold.get("cpu_s"))
    if not result["ok"]:
        say("  !! gongkai check did not pass; end of its log:\n     "
            + "\n     ".join(Path(best["log"]).read_text(encoding="utf-8").splitlines()[-20:]))
    say(f"    {summary(result)}")
    return result


# -- profile ---------------------------------------------------------------------------------------

def where(filename: str) -> str:
    """A short name for a profiled function's file, and the package it belongs to."""
    if "/plugins/gongkai/" in filename:
        return "gongkai/" + filename.split("/plugins/gongkai/", 1)[1]
    if "site-packages/" in filename:
        return filename.split("site-packages/", 1)[1]
    if filename.startswith("<") or filename == "~":
        return filename
    return "stdlib/" + Path(filename).name


def package_of(filename: str) -> str:
    short = where(filename)
    if short == "~":
        return "(built-ins)"
    return short.split("/", 1)[0] if "/" in short else short


def is_wrapper(filename: str) -> bool:
    """Entry-point frames that are 100 % of any profile: runpy, exec, click, mkdocs' __main__."""
    short = where(filename)
    return short in ("~", "<string>", "mkdocs/__main__.py") or short.startswith(("<frozen runpy", "click/"))


class Profile:
    """A cProfile file's functions, ranked for a report (the build's and a serve rebuild's)."""

    def __init__(self, prof: Path) -> None:
        self.stats = pstats.Stats(str(prof)).stats  # (file, line, function) -> (cc, nc, tt, ct, callers)
        self.total = max(ct for _, _, _, ct, _ in self.stats.values())

    def rank(self, keep, limit: int, order: int = 3) -> list[dict]:
        """The ``limit`` functions whose (file, line, function) ``keep`` accepts, by cumulative
        time (``order`` 3) or by self time (2)."""
        rows = sorted(((k, v) for k, v in self.stats.items() if keep(k)), key=lambda kv: kv[1][order], reverse=True)
        return [{"function": f"{where(k[0])}:{k[1]}({k[2]})", "calls": v[1], "tottime_s": round(v[2], 3),
                 "cumtime_s": round(v[3], 3), "cum_share": round(v[3] / self.total, 3)} for k, v in rows[:limit]]

    def self_time_by_package(self, limit: int = 15) -> dict[str, float]:
        by_package: dict[str, float] = {}
        for (filename, _, _), value in self.stats.items():
            by_package[package_of(filename)] = by_package.get(package_of(filename), 0.0) + value[2]
        return {k: round(v, 2) for k, v in sorted(by_package.items(), key=lambda kv: -kv[1])[:limit]}


def begin(out: Path, title: str) -> tuple[Path, dt.datetime, dict]:
    """A benchmark's work folder (never inside the repository), start time and code fingerprint."""
    out = out.resolve()
    if out == REPO or REPO in out.parents:
        raise SystemExit(f"--out {out} is inside the repository; choose a folder outside it")
    out.mkdir(parents=True, exist_ok=True)
    started = dt.datetime.now().astimezone()
    say(f"{title} → {out}")
    fingerprint = product_fingerprint()
    say(f"  product code: plugins/gongkai sha256 {fingerprint['plugins_gongkai_sha256']}, "
        f"newest file {fingerprint['newest_file_mtime']}; load average {os.getloadavg()[0]:.2f}")
    return out, started, fingerprint


def profile_build(out: Path, size: int, args) -> dict:
    """cProfile the product build at ``size`` and summarise the hotspots."""
    say(f"\n== profile: product build at {size} documents (cProfile)")
    project = out / "corpora" / f"product-{size}"
    if not (project / "mkdocs.yml").exists():
        project, _, _ = make_corpus(out, size, args)
    prof = out / f"profile-{size}.prof"
    site = out / "sites" / f"product-{size}-profile"
    shutil.rmtree(site, ignore_errors=True)
    run = run_measured([sys.executable, "-m", "cProfile", "-o", str(prof), "-m", "mkdocs", "build",
                        "--strict", "-d", str(site)], project, out / "logs" / f"profile-{size}.log",
                       product_env(args.as_of), args.wait_idle)
    say(f"    {run['wall_s']:.1f} s under cProfile, exit {run['exit_code']}")
    if run["exit_code"] != 0 or not prof.exists():
        return {"size": size, **run, "ok": False}
    profile = Profile(prof)

    def top(keep, order: int = 3) -> list[dict]:
        return profile.rank(lambda key: keep(key[0]), args.profile_top, order)

    text_report = out / f"profile-{size}.txt"
    with open(text_report, "w", encoding="utf-8") as handle:
        ps = pstats.Stats(str(prof), stream=handle)
        ps.sort_stats("cumulative").print_stats(80)
        ps.sort_stats("tottime").print_stats(80)
    return {
        "size": size, **run, "ok": True, "file": str(prof), "text": str(text_report), "total_s": round(profile.total, 2),
        "top_cumulative": top(lambda f: not is_wrapper(f)),
        "top_self": top(lambda f: True, order=2),
        "gongkai_cumulative": top(lambda f: "/plugins/gongkai/" in f),
        "mkdocs_material_cumulative": top(lambda f: "site-packages/mkdocs/" in f or "site-packages/material/" in f),
        "self_time_by_package": profile.self_time_by_package(),
    }


# -- mkdocs serve (bench/serve.py) -----------------------------------------------------------------

def bench_serve_phase(out: Path, args) -> dict:
    """From saving one document to its reloaded page under mkdocs serve; see bench/serve.py."""
    project = out / "corpora" / f"product-{args.serve_size}"
    if not (project / "mkdocs.yml").exists():
        project, _, _ = make_corpus(out, args.serve_size, args)
    options = serve.parse_args([str(project), "--out", str(out), "--as-of", args.as_of.isoformat(),
                                "--profile-top", str(args.profile_top), "--wait-idle", str(min(args.wait_idle, 60.0)),
                                *shlex.split(args.serve_options)])
    return serve.bench_serve(project, out, options)


def product_fingerprint() -> dict:
    """Which state of the product was measured (others edit it while benchmarks run)."""
    import hashlib

    digest, newest = hashlib.sha256(), 0.0
    package = REPO / "plugins" / "gongkai"
    for path in sorted(p for p in package.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
        newest = max(newest, path.stat().st_mtime)
    return {"plugins_gongkai_sha256": digest.hexdigest()[:16],
            "newest_file_mtime": dt.datetime.fromtimestamp(newest).astimezone().isoformat(timespec="seconds")}


# -- report --------------------------------------------------------------------------------------

def summary(result: dict) -> str:
    if not result.get("ok"):
        return f"FAILED (exit {result.get('exit_code')}) — see {result.get('log')}"
    parts = [f"{result['wall_s']:.2f} s (CPU {result['cpu_s']} s)", f"peak {result['peak_rss_mb']} MB"]
    if result.get("others_cpus") is not None:
        parts.append(f"other load {result['others_cpus']:.2f} CPUs")
    if "output_bytes" in result:
        parts.append(f"output {result['output_bytes'] / MB:.1f} MB")
        if result.get("doc_page_mean_bytes"):
            parts.append(f"doc page mean {result['doc_page_mean_bytes'] / KB:.1f} KB, "
                         f"max {result['doc_page_max_bytes'] / KB:.1f} KB")
    return ", ".join(parts)


def table(results: list[dict]) -> str:
    head = ("tool", "docs", "wall s", "CPU s", "other CPUs", "peak MB", "output MB", "files", "page mean KB", "page max KB", "all max KB")
    rows = [head]
    for r in results:
        def kb(key):
            return f"{r[key] / KB:.1f}" if r.get(key) else "-"
        rows.append((
            r["tool"], f"{r['size']:,}", f"{r['wall_s']:.2f}" if r.get("ok") else "FAILED",
            f"{r['cpu_s']:.2f}" if r.get("cpu_s") is not None else "-",
            f"{r['others_cpus']:.2f}" if r.get("others_cpus") is not None else "-",
            f"{r['peak_rss_mb']:.0f}" if r.get("peak_rss_mb") else "-",
            f"{r['output_bytes'] / MB:.1f}" if r.get("output_bytes") else "-",
            f"{r['output_files']:,}" if r.get("output_files") else "-",
            kb("doc_page_mean_bytes"), kb("doc_page_max_bytes"), kb("all_doc_page_max_bytes")))
    widths = [max(len(row[i]) for row in rows) for i in range(len(head))]
    lines = ["  ".join(cell.rjust(w) if i else cell.ljust(w) for i, (cell, w) in enumerate(zip(row, widths)))
             for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def closest(results: list[dict], tool: str, size: int) -> dict | None:
    found = [r for r in results if r["tool"] == tool and r.get("ok")]
    return min(found, key=lambda r: abs(r["size"] - size)) if found else None


def ratios(builds: list[dict], check: dict | None) -> list[dict]:
    """The issue's ratios, each with its goal and whether it is met (judged on wall time).

    Time ratios also carry the ratio of CPU time (user + system of the build process), which
    other work on a shared machine disturbs much less than wall time.
    """
    out = []

    def cpu_ratio(a: dict, b: dict) -> float | None:
        return round(a["cpu_s"] / b["cpu_s"], 3) if a.get("cpu_s") and b.get("cpu_s") else None

    def add(name, value, goal, detail, cpu=None):
        met = None if value is None or goal is None else value <= goal
        out.append({"name": name, "value": None if value is None else round(value, 3), "goal": goal,
                    "met": met, "cpu_ratio": cpu, "detail": detail})

    product, plain = closest(builds, "product", 5000), closest(builds, "plain", 5000)
    if product and plain and product["size"] == plain["size"]:
        add(f"product / plain Material build time at {product['size']:,}", product["wall_s"] / plain["wall_s"],
            GOAL_VS_PLAIN, f"{product['wall_s']:.1f} s / {plain['wall_s']:.1f} s", cpu_ratio(product, plain))
    sizes = sorted({r["size"] for r in builds if r["tool"] == "product" and r.get("ok")})
    if len(sizes) >= 2:
        small, large = (next(r for r in builds if r["tool"] == "product" and r["size"] == s and r.get("ok"))
                        for s in (sizes[0], sizes[-1]))
        goal = GOAL_SCALING_PER_10X * (sizes[-1] / sizes[0]) / 10
        add(f"product build time {sizes[-1]:,} / {sizes[0]:,}", large["wall_s"] / small["wall_s"], round(goal, 2),
            f"{large['wall_s']:.1f} s / {small['wall_s']:.1f} s (docs ×{sizes[-1] / sizes[0]:g})",
            cpu_ratio(large, small))
    if check:
        add(f"gongkai check on {check['size']:,} documents, document cache warm (s)",
            check["wall_s"] if check.get("ok") else None, GOAL_CHECK_SECONDS,
            f"exit {check['exit_code']}, CPU {check.get('cpu_s')} s; cold (first run, writes the cache) "
            f"{check.get('cold_s')} s")
    largest = max((r for r in builds if r["tool"] == "product" and r.get("doc_page_max_bytes")),
                  key=lambda r: r["size"], default=None)
    if largest:
        add(f"document page size at {largest['size']:,}, max of synthetic (KB)", largest["doc_page_max_bytes"] / KB,
            GOAL_DOC_PAGE_KB, f"mean {largest['doc_page_mean_bytes'] / KB:.1f} KB, "
                              f"max over every published document {largest['all_doc_page_max_bytes'] / KB:.1f} KB")
    for size in sizes:
        product = next(r for r in builds if r["tool"] == "product" and r["size"] == size and r.get("ok"))
        hugo = next((r for r in builds if r["tool"] == "hugo" and r["size"] == size and r.get("ok")), None)
        if hugo:
            add(f"product / Hugo build time at {size:,}", product["wall_s"] / hugo["wall_s"], None,
                f"{product['wall_s']:.1f} s / {hugo['wall_s']:.2f} s (Hugo uses every CPU)", cpu_ratio(product, hugo))
    return out


def print_profile(profile: dict) -> None:
    if not profile.get("ok"):
        say(f"profile failed: see {profile.get('log')}")
        return
    say(f"\nProfile of the product build at {profile['size']:,} documents: {profile['total_s']} s "
        f"profiled ({profile['wall_s']} s wall under cProfile); {profile['file']}, {profile['text']}")
    for title, key in (("top cumulative (without the runpy/click/exec entry frames)", "top_cumulative"), ("top self time", "top_self"),
                       ("gongkai's own code, cumulative", "gongkai_cumulative"),
                       ("MkDocs and Material, cumulative", "mkdocs_material_cumulative")):
        say(f"\n  {title}:")
        say(f"    {'cum s':>8} {'share':>6} {'self s':>8} {'calls':>9}  function")
        for row in profile[key]:
            say(f"    {row['cumtime_s']:8.2f} {row['cum_share']:6.1%} {row['tottime_s']:8.2f} {row['calls']:9,}  {row['function']}")
    say("\n  self time by package: " + ", ".join(f"{k} {v:.1f} s" for k, v in profile["self_time_by_package"].items()))


def parse_args(argv: list[str] | None):
    parser = argparse.ArgumentParser(prog="scripts/bench", description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,5000,10000", help="documents per build corpus (default: %(default)s)")
    parser.add_argument("--check-size", type=int, default=50000, help="documents for the gongkai check run (default: %(default)s; 0 skips)")
    parser.add_argument("--profile-size", type=int, default=5000, help="documents for the profiled build (default: %(default)s; 0 skips)")
    parser.add_argument("--profile-top", type=int, default=15, help="rows per profile list (default: %(default)s)")
    parser.add_argument("--out", type=Path, default=Path("/tmp/gongkai-bench"), help="work folder (default: %(default)s)")
    parser.add_argument("--json", type=Path, help="results file (default: OUT/results.json)")
    parser.add_argument("--repeat", type=int, default=1, help="builds per measurement; the fastest counts (default: 1)")
    parser.add_argument("--wait-idle", type=float, default=120.0,
                        help="before each run, wait up to this many seconds while other processes keep "
                             "more than half a CPU busy (default: %(default)s; 0 disables)")
    parser.add_argument("--serve-size", type=int, default=5000,
                        help="documents for the mkdocs serve edit-to-reload measurement (bench/serve.py; "
                             "default: %(default)s; 0 skips)")
    parser.add_argument("--serve-options", default="",
                        help='more options for bench/serve.py, e.g. "--edits 5 --variants dirty --no-profile"')
    parser.add_argument("--quick", action="store_true",
                        help="smoke test: sizes 100,300, check on 2000, profile at 300, serve at 300")
    parser.add_argument("--no-plain", action="store_true", help="skip plain Material")
    parser.add_argument("--no-hugo", action="store_true", help="skip Hugo")
    parser.add_argument("--as-of", type=dt.date.fromisoformat, default=corpus.AS_OF,
                        help="the evaluation day (GONGKAI_AS_OF for every run; default: %(default)s)")
    parser.add_argument("--seed", type=int, default=2026, help="random seed of the corpora")
    args = parser.parse_args(argv)
    if args.quick:
        args.sizes, args.check_size, args.profile_size, args.serve_size = "100,300", 2000, 300, 300
    args.sizes = [int(s) for s in str(args.sizes).split(",") if s.strip()]
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    out, started, fingerprint = begin(args.out, "gongkai build benchmark")
    tools = ensure_tools(not args.no_hugo)
    if not tools["gnu_time"]:
        say("  note: /usr/bin/time is missing; peak memory is not measured")
    if not args.no_hugo and not tools["hugo"]:
        say("  note: Hugo is not available; the Hugo builds are skipped")

    # Warm-up, not measured: one build of the sample project fills the OS file cache and
    # byte-code caches, so the first measured build does not pay for them.
    say("warm-up: building the sample project once (not measured) …")
    warm = out / "corpora" / "warm-up"
    corpus.copy_project(REPO, warm)
    warm_run = run_measured([str(VENV_BIN / "mkdocs"), "build", "--strict", "-d", str(out / "sites" / "warm-up")],
                            warm, out / "logs" / "warm-up.log", product_env(args.as_of))
    if warm_run["exit_code"] != 0:
        say(f"  note: the sample project itself does not build now (see {warm_run['log']}); "
            "the product builds below will likely fail too")

    builds: list[dict] = []
    for size in args.sizes:
        builds.extend(bench_size(out, size, args, tools))
    check = bench_check(out, args.check_size, args) if args.check_size else None
    profile = profile_build(out, args.profile_size, args) if args.profile_size else None
    served = bench_serve_phase(out, args) if args.serve_size else None

    build_rows = [r for r in builds if r["tool"] != "check"]
    checks = [r for r in builds if r["tool"] == "check"] + ([check] if check else [])
    say("\n" + table(build_rows + checks))
    found = ratios(build_rows, check)
    say("\nRatios and goals:")
    for r in found:
        verdict = "" if r["met"] is None else ("  MET" if r["met"] else "  NOT MET")
        goal = "" if r["goal"] is None else f"  (goal ≤ {r['goal']})"
        value = "n/a" if r["value"] is None else f"{r['value']:.2f}"
        cpu = "" if r.get("cpu_ratio") is None else f"; CPU-time ratio {r['cpu_ratio']:.2f}"
        say(f"  {r['name']}: {value}{goal}{verdict}   [{r['detail']}{cpu}]")
    if profile:
        print_profile(profile)
    if served:
        say("\nmkdocs serve: from saving one document to its reloaded page (bench/serve.py):")
        serve.print_report(served)

    results = {
        "started": started.isoformat(timespec="seconds"),
        "finished": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "command": " ".join(["scripts/bench", *(argv if argv is not None else sys.argv[1:])]),
        "as_of": args.as_of.isoformat(), "sizes": args.sizes, "check_size": args.check_size,
        "repeat": args.repeat, "wait_idle_s": args.wait_idle, "out": str(out),
        "host": {"python": platform.python_version(), "platform": platform.platform(), "cpus": os.cpu_count(),
                 "mkdocs": importlib.metadata.version("mkdocs"),
                 "mkdocs-material": importlib.metadata.version("mkdocs-material"),
                 "hugo": tools["hugo_version"], "peak_memory": "GNU time -v, Maximum resident set size"
                 if tools["gnu_time"] else None},
        "product": {"before": fingerprint, "after": product_fingerprint()},
        "builds": build_rows, "checks": checks, "ratios": found, "profile": profile, "serve": served,
    }
    target = args.json or out / "results.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
    after = results["product"]["after"]
    if after != fingerprint:
        say(f"\nnote: plugins/gongkai changed during the run (sha256 {fingerprint['plugins_gongkai_sha256']} → "
            f"{after['plugins_gongkai_sha256']}); the sizes may have measured different code")
    say(f"\nResults: {target}")
    failed = [r for r in build_rows + checks if not r.get("ok")] + ([profile] if profile and not profile.get("ok") else [])
    failed += [served] if served and not served.get("ok") else []
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
