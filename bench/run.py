"""Build benchmark: gongkai's full build against plain Material for MkDocs and Hugo.

Run from the repository root:

    scripts/bench                      # the full benchmark: 1k, 5k, 10k and 50k documents, check
                                       # on 50k, profile at 5k (takes a while: about forty minutes)
    scripts/bench --quick              # smoke test with small sizes
    scripts/bench --sizes 1000,5000 --check-size 20000 --profile-size 1000 --out /tmp/b

For each size N it writes a corpus (the sample project plus N synthetic documents, see
``bench.corpus``) and measures, one build after the other:

* product — ``mkdocs build --strict`` on the corpus, every gongkai check on, cold (no
            ``.cache/``: a fresh clone without a CI cache), on every core of the machine;
* product-1-core — at 5k, the same build pinned to one CPU (``taskset -c 0``): with the
            next, the scaling (the build logs its parallel phase; for 8 cores the benchmark
            scales that phase, keeping the rest as measured);
* rebuild — the same after one synthetic document's body is edited, in a fresh process with
            ``.cache/`` kept (what CI does after an editor's commit);
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
the cumulative RUSAGE_CHILDREN of this process), and its CPU time is user + system. The
memory of all the build's processes together (it forks workers) is sampled from /proc every
0.5 s as the sum of their proportional set sizes (``common.TreeMemory``); the memory goal is
judged on that. Wall time is time.perf_counter() around the subprocess. On a shared machine other work slows
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
from bench.common import (
    GNU_TIME,
    KB,
    MB,
    REPO,
    VENV_BIN,
    Profile,
    align,
    begin,
    is_wrapper,
    product_env,
    product_fingerprint,
    published_documents,
    run_measured,
    say,
    tree_size,
)

#: The issue's goals.
GOAL_VS_PLAIN = 1.0  # product build time / plain Material build time, at 5k
GOAL_SCALING_PER_10X = 11.0  # product build time at 10k / at 1k
GOAL_CHECK_SECONDS = 2.0  # gongkai check on 50k documents
GOAL_DOC_PAGE_KB = 40.0  # a document page's HTML
GOAL_REBUILD_VS_HUGO = 2.0  # a rebuild after one edit, at 5k / Hugo's cold build
GOAL_MEMORY_VS_PLAIN = 1.5  # peak memory of all the build's processes, at 5k / plain Material's
GOAL_COLD_CHECK_SECONDS = 3.0  # gongkai check on 50k documents: fresh clone, no cache
GROWTH_FROM = 10_000  # from this size up, time and memory grow no faster than the documents
GOAL_COLD_VS_HUGO = 5.0  # a cold build on every core of this machine, at 5k / Hugo's cold build
ONE_CORE_SIZE = 5_000  # the size also built cold on one core, for the scaling
CI_CORES = 8  # the runner the scaling is estimated for
#: The build's own account of its parallel phase (plugins/gongkai/renderers.py).
RENDERERS = re.compile(r"(\d+) 个进程并行生成了 (\d+) 个页面，用时 ([\d.]+) 秒")


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
    hugo = shutil.which("hugo") if want_hugo else None  # --no-hugo skips it even where it is installed
    if want_hugo and not hugo:
        apt_install("hugo")
        hugo = shutil.which("hugo")
    hugo_version = ""
    if hugo:
        hugo_version = subprocess.run([hugo, "version"], capture_output=True, text=True).stdout.strip()
    return {"gnu_time": Path(GNU_TIME).exists(), "hugo": hugo, "hugo_version": hugo_version}


# -- measuring -------------------------------------------------------------------------------------

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
                  wait_idle: float = 0.0, before=None) -> dict:
    """Build ``repeat`` times into a fresh ``site``; keep the fastest run; measure the output.
    ``before(number)`` runs before each build (not timed)."""
    runs = []
    for number in range(repeat):
        shutil.rmtree(site, ignore_errors=True)
        if before is not None:
            before(number)
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


def renderers(result: dict) -> dict:
    """How many processes rendered pages in parallel, and for how long, as the build logged it."""
    log = Path(result.get("log", ""))
    found = RENDERERS.search(log.read_text(encoding="utf-8", errors="replace")) if log.is_file() else None
    return {"renderers": int(found[1]), "rendered_in_parallel": int(found[2]), "parallel_s": float(found[3])} \
        if found else {}


# -- the runs ------------------------------------------------------------------------------------

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
    build = [str(VENV_BIN / "mkdocs"), "build", "--strict", "-d", str(site)]
    say("  product: mkdocs build --strict, cold (no .cache/) …")
    results.append(measure_build("product", size, build, project, site, logs, documents, args.repeat, env,
                                 args.wait_idle, before=lambda _: shutil.rmtree(project / ".cache", ignore_errors=True)))
    say(f"    {summary(results[-1])}")
    results[-1].update(renderers(results[-1]))
    if size == ONE_CORE_SIZE and results[-1]["ok"] and shutil.which("taskset"):
        say("  product on one core: the same cold build, pinned to one CPU (taskset -c 0) …")
        results.append(measure_build("product-1-core", size, ["taskset", "-c", "0", *build], project, site, logs,
                                     documents, 1, env, args.wait_idle,
                                     before=lambda _: shutil.rmtree(project / ".cache", ignore_errors=True)))
        say(f"    {summary(results[-1])}")
    if results[0]["ok"]:
        say("  rebuild: one document's body edited, .cache/ kept …")
        edited = project / "content" / documents["synthetic"][0]

        def edit(number: int) -> None:  # a new sentence each time: every run has one changed page
            with open(edited, "a", encoding="utf-8") as out:
                out.write(f"\n本文于第{number + 1}次修订时补充了这一句。\n")

        results.append(measure_build("rebuild", size, build, project, site, logs, documents, args.repeat, env,
                                     args.wait_idle, before=edit))
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
    """Gongkai check on a large corpus (front matter only, no build)."""
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

def profile_build(out: Path, size: int, args) -> dict:
    """CProfile the product build at ``size`` and summarise the hotspots."""
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


# -- report --------------------------------------------------------------------------------------

def summary(result: dict) -> str:
    if not result.get("ok"):
        return f"FAILED (exit {result.get('exit_code')}) — see {result.get('log')}"
    parts = [f"{result['wall_s']:.2f} s (CPU {result['cpu_s']} s)",
             f"peak {result.get('peak_tree_mb')} MB in {result.get('processes')} process(es) together "
             f"(largest process {result['peak_rss_mb']} MB)"]
    if result.get("others_cpus") is not None:
        parts.append(f"other load {result['others_cpus']:.2f} CPUs")
    if "output_bytes" in result:
        parts.append(f"output {result['output_bytes'] / MB:.1f} MB")
        if result.get("doc_page_mean_bytes"):
            parts.append(f"doc page mean {result['doc_page_mean_bytes'] / KB:.1f} KB, "
                         f"max {result['doc_page_max_bytes'] / KB:.1f} KB")
    return ", ".join(parts)


def table(results: list[dict]) -> str:
    head = ("tool", "docs", "wall s", "CPU s", "other CPUs", "peak MB (all)", "largest MB", "output MB", "files", "page mean KB", "page max KB", "all max KB")
    rows = [head]
    for r in results:
        def kb(key, r=r):
            return f"{r[key] / KB:.1f}" if r.get(key) else "-"
        rows.append((
            r["tool"], f"{r['size']:,}", f"{r['wall_s']:.2f}" if r.get("ok") else "FAILED",
            f"{r['cpu_s']:.2f}" if r.get("cpu_s") is not None else "-",
            f"{r['others_cpus']:.2f}" if r.get("others_cpus") is not None else "-",
            f"{r['peak_tree_mb']:.0f}" if r.get("peak_tree_mb") else "-",
            f"{r['peak_rss_mb']:.0f}" if r.get("peak_rss_mb") else "-",
            f"{r['output_bytes'] / MB:.1f}" if r.get("output_bytes") else "-",
            f"{r['output_files']:,}" if r.get("output_files") else "-",
            kb("doc_page_mean_bytes"), kb("doc_page_max_bytes"), kb("all_doc_page_max_bytes")))
    return align(rows)


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
    if product and plain and product["size"] == plain["size"] and product.get("peak_tree_mb") and plain.get("peak_tree_mb"):
        add(f"product / plain Material peak memory (all processes) at {product['size']:,}",
            product["peak_tree_mb"] / plain["peak_tree_mb"], GOAL_MEMORY_VS_PLAIN,
            f"{product['peak_tree_mb']:.0f} MB / {plain['peak_tree_mb']:.0f} MB")
    grown = [s for s in sizes if s >= GROWTH_FROM]
    if len(grown) >= 2:
        base, top = (next(r for r in builds if r["tool"] == "product" and r["size"] == s and r.get("ok"))
                     for s in (grown[0], grown[-1]))
        factor = grown[-1] / grown[0]
        add(f"product build time {grown[-1]:,} / {grown[0]:,} (linear: ≤ docs ×{factor:g})",
            top["wall_s"] / base["wall_s"], factor, f"{top['wall_s']:.1f} s / {base['wall_s']:.1f} s",
            cpu_ratio(top, base))
        if top.get("peak_tree_mb") and base.get("peak_tree_mb"):
            add(f"product peak memory {grown[-1]:,} / {grown[0]:,} (linear: ≤ docs ×{factor:g})",
                top["peak_tree_mb"] / base["peak_tree_mb"], factor,
                f"{top['peak_tree_mb']:.0f} MB / {base['peak_tree_mb']:.0f} MB")
    if check:
        add(f"gongkai check on {check['size']:,} documents, cold: fresh clone, no cache (s)",
            check.get("cold_s") if check.get("ok") else None, GOAL_COLD_CHECK_SECONDS,
            f"CPU {check.get('cold_cpu_s')} s")
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
        rebuild = next((r for r in builds if r["tool"] == "rebuild" and r["size"] == size and r.get("ok")), None)
        if hugo:
            add(f"product (cold, every core) / Hugo build time at {size:,}", product["wall_s"] / hugo["wall_s"],
                GOAL_COLD_VS_HUGO if size == 5000 else None,
                f"{product['wall_s']:.1f} s / {hugo['wall_s']:.2f} s (Hugo uses every CPU too)",
                cpu_ratio(product, hugo))
        one = next((r for r in builds if r["tool"] == "product-1-core" and r["size"] == size and r.get("ok")), None)
        if one:
            add(f"product cold on 1 core / on {product.get('renderers', 1)} at {size:,} (scaling)",
                one["wall_s"] / product["wall_s"], None, f"{one['wall_s']:.1f} s / {product['wall_s']:.1f} s")
        if product.get("parallel_s"):
            # Amdahl: the renderers' phase shared by CI_CORES processes instead of this run's, the
            # rest of the build as measured (it does not count the search index becoming the tail).
            n, phase = product["renderers"], product["parallel_s"]
            estimate = product["wall_s"] - phase + phase * n / CI_CORES
            add(f"product cold on {CI_CORES} cores at {size:,}, estimated (s)", estimate, None,
                f"{product['wall_s']:.1f} s measured on {n}, of which {phase:.1f} s rendering "
                f"{product['rendered_in_parallel']:,} pages in parallel"
                + (f"; / Hugo {estimate / hugo['wall_s']:.2f}" if hugo else ""))
        if hugo and rebuild:
            add(f"rebuild after one edit / Hugo cold build at {size:,}", rebuild["wall_s"] / hugo["wall_s"],
                GOAL_REBUILD_VS_HUGO if size == 5000 else None,
                f"{rebuild['wall_s']:.1f} s / {hugo['wall_s']:.2f} s", cpu_ratio(rebuild, hugo))
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
    parser.add_argument("--sizes", default="1000,5000,10000,50000", help="documents per build corpus (default: %(default)s)")
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
