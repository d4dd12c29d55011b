"""Writing the site safely: one build at a time, into a folder beside the site, swapped in
only when the whole build has succeeded, dated by the last commit so two builds of one
commit are byte-identical.

MkDocs writes pages straight into site_dir as it renders them, so a build that fails half
way would leave half a site; this module gives MkDocs a staging folder instead.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import subprocess
from pathlib import Path
from typing import IO


class SiteUnwritable(Exception):
    """The site's folder cannot be written, or another build holds it (the message says which)."""

    def __str__(self) -> str:
        return f"gongkai: {self.args[0]}"


class AtomicSite:
    """The staging folder of one build, its lock, and the swap at the end."""

    def __init__(self, final: Path) -> None:
        self.final = final
        self.staging = final.parent / f".{final.name}.building-{os.getpid()}"
        self._lock: IO[str] | None = _lock_site(final)  # one build at a time into one site
        for left in [*final.parent.glob(f".{final.name}.building-*"), *final.parent.glob(f".{final.name}.old-*")]:
            shutil.rmtree(left, ignore_errors=True)  # what a killed build left: no build runs now
        try:
            self.staging.mkdir()
        except OSError as error:
            self.unlock()
            raise SiteUnwritable(f"无法在 {final.parent} 中写入网站（{error.strerror}）："
                                 "检查目录是否存在、是否有写权限") from None

    def commit(self) -> tuple[bool, str]:
        """Swap the finished site into place: whether it worked, and the log line that says so."""
        old = self.final.parent / f".{self.final.name}.old-{os.getpid()}"
        try:
            if self.final.exists():
                self.final.rename(old)
            self.staging.rename(self.final)
        except OSError as error:
            return False, f"gongkai: 新网站未能替换 {self.final}（{error.strerror}），新网站留在 {self.staging}"
        finally:
            self.unlock()
        shutil.rmtree(old, ignore_errors=True)
        return True, f"gongkai: 新网站已生成：{self.final}"

    def abort(self) -> None:
        """Drop the half-built site; the old one stays as it was."""
        shutil.rmtree(self.staging, ignore_errors=True)
        self.unlock()

    def unlock(self) -> None:
        if self._lock is not None:
            # Removed while still held, then released: a build that opened the old file fails
            # to lock it and refuses; one that comes later makes a new lock of its own.
            with contextlib.suppress(OSError):
                os.unlink(self._lock.name)
            self._lock.close()
            self._lock = None


def _lock_site(site: Path) -> IO[str]:
    """An exclusive lock beside the site, or a clear refusal: two builds swapping one site
    into place at once would leave half of each."""
    lock_file = site.parent / f".{site.name}.lock"
    try:
        site.parent.mkdir(parents=True, exist_ok=True)
        handle = open(lock_file, "a+")  # noqa: SIM115 - held until the build ends
    except OSError as error:
        raise SiteUnwritable(f"无法在 {site.parent} 中写入网站（{error.strerror}）："
                             "检查目录是否存在、是否有写权限") from None
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.seek(0)
        holder = handle.read().strip()
        handle.close()
        raise SiteUnwritable(f"另一个构建正在写入 {site}（进程 {holder or '未知'}）：等它结束后再构建") from None
    handle.seek(0)
    handle.truncate()
    handle.write(str(os.getpid()))
    handle.flush()
    return handle


class SourceDateEpoch:
    """SOURCE_DATE_EPOCH from the last commit for one build, unless already set, so sitemap
    dates and the sitemap's gzip header do not depend on when the build ran."""

    def __init__(self) -> None:
        self._set = False

    def set_from(self, project: Path) -> None:
        if os.environ.get("SOURCE_DATE_EPOCH"):
            return
        try:
            stamp = subprocess.run(["git", "-C", str(project), "log", "-1", "--format=%ct"],
                                   capture_output=True, text=True, check=True).stdout.strip()
        except (OSError, subprocess.CalledProcessError):
            return
        if stamp.isdigit():
            os.environ["SOURCE_DATE_EPOCH"] = stamp
            self._set = True

    def restore(self) -> None:
        if self._set:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
            self._set = False
