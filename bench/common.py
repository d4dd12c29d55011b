"""What the benchmarks share: the repository, printing, measuring a command (wall, CPU,
peak memory), waiting for a quiet machine, ranking a profile, and which code was measured.

run.py (builds and `gongkai check`), serve.py (edit to reload under `mkdocs serve`) and
search.py (queries in Chromium) import from here and never from each other's helpers.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import pstats
import re
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

from bench import corpus

REPO = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent  # run as .venv/bin/python -m bench.…
GNU_TIME = "/usr/bin/time"
KB = 1024
MB = 1024 * 1024


def say(message: str) -> None:
    print(message, flush=True)


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


def product_fingerprint() -> dict:
    """Which state of the product was measured (others edit it while benchmarks run)."""
    package = REPO / "plugins" / "gongkai"
    newest = max(p.stat().st_mtime for p in package.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    return {"plugins_gongkai_sha256": package_digest(package),
            "newest_file_mtime": dt.datetime.fromtimestamp(newest).astimezone().isoformat(timespec="seconds")}


class TreeMemory:
    """The peak memory of a process and all its descendants together, sampled every
    ``interval`` seconds from /proc while it runs (a build forks workers; GNU time's
    "Maximum resident set size" is one process's, the largest). Each process counts its
    proportional set size (PSS, /proc/PID/smaps_rollup): a page a forked worker still shares
    with its parent counts once, split between them, as the machine pays for it. Reading a
    big process's smaps takes milliseconds: sampling every 0.1 s cost a tenth of a CPU."""

    def __init__(self, pid: int, interval: float = 0.5) -> None:
        self.pid, self.interval, self.peak_kb, self.processes = pid, interval, 0, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            pids = descendants(self.pid)
            self.processes = max(self.processes, len(pids))
            self.peak_kb = max(self.peak_kb, sum(pss_kb(pid) for pid in pids))
            self._stop.wait(self.interval)


def descendants(root: int) -> list[int]:
    """``root`` and every process below it (parents read from /proc/PID/stat)."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                stat = Path(f"/proc/{entry.name}/stat").read_text()
            except OSError:
                continue  # it ended meanwhile
            parent = int(stat[stat.rindex(")") + 2:].split()[1])
            children.setdefault(parent, []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, ()))
    return found


def pss_kb(pid: int) -> int:
    """A process's proportional set size in KiB (0 once it has ended)."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def run_measured(command: list[str], cwd: Path, log: Path, env: dict | None = None,
                 wait_idle: float = 0.0) -> dict:
    """Run ``command`` once: wall time (perf_counter), CPU time and peak RSS of the process
    (GNU time -v), the peak memory of all its processes together (``TreeMemory``), the exit
    code, and how busy the rest of the machine was meanwhile."""
    log.parent.mkdir(parents=True, exist_ok=True)
    rusage_file = log.with_suffix(".time")
    others_before = wait_for_quiet(wait_idle) if wait_idle else None
    wrapped = [GNU_TIME, "-v", "-o", str(rusage_file), *command] if Path(GNU_TIME).exists() else command
    with open(log, "w", encoding="utf-8") as out:
        busy_start = busy_seconds()
        start = time.perf_counter()
        process = subprocess.Popen(wrapped, cwd=cwd, stdout=out, stderr=subprocess.STDOUT,
                                   env={**os.environ, **(env or {})})
        memory = TreeMemory(process.pid)
        code = process.wait()
        wall = time.perf_counter() - start
        memory.stop()
        busy_end = busy_seconds()
    result = {"wall_s": round(wall, 3), "cpu_s": None, "peak_rss_mb": None, "exit_code": code, "log": str(log),
              "peak_tree_mb": round(memory.peak_kb / KB, 1) if memory.peak_kb else None,
              "processes": memory.processes}
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


def product_env(as_of: dt.date) -> dict:
    return {"NO_MKDOCS_2_WARNING": "1", "GONGKAI_AS_OF": as_of.isoformat()}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def package_digest(package: Path) -> str:
    """A digest of a package's files (others edit the product while benchmarks run)."""
    digest = hashlib.sha256()
    for path in sorted(p for p in package.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def align(rows: list[tuple[str, ...]]) -> str:
    """A text table: the first column left-aligned, the rest right-aligned, a rule under the head."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.rjust(w) if i else cell.ljust(w) for i, (cell, w) in enumerate(zip(row, widths, strict=True)))
             for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)
