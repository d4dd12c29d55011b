"""The editor's preview (`mkdocs serve`): problems are shown in the browser, never a hung page.

A build that `mkdocs build` would stop keeps going in the preview: what cannot be published is
left out, and every page carries the list of problems (file, line, what is wrong, how to fix
it), in Chinese; MkDocs' own warnings (a broken link) are caught and listed too. When the
column matrix itself cannot be read, the preview is a single page of problems. Once the files
are fixed the next rebuild shows the site again, and the browser reloads by itself. Only the
CI build fails on findings.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass

from .errors import Problem


@dataclass(frozen=True)
class Shown:
    """One problem as the preview shows it."""

    where: str
    message: str
    hint: str = ""


class _Collect(logging.Handler):
    def __init__(self, into: list[Shown]) -> None:
        super().__init__(logging.WARNING)
        self.into = into

    def emit(self, record: logging.LogRecord) -> None:
        problem = getattr(record, "gongkai_problem", None)  # a broken link (mkdocswords)
        if problem is not None:
            where = f"{problem.file}:{problem.line}" if problem.line else problem.file
            self.into.append(Shown(where, problem.message, problem.hint))
        else:
            self.into.append(Shown("MkDocs", record.getMessage()))


class Preview:
    """What one preview build found, for the pages to show."""

    def __init__(self) -> None:
        self.problems: list[Shown] = []
        self.broken = False  # the matrix could not be read: the preview is one page of problems
        self._handler: _Collect | None = None

    def start(self) -> None:
        """A new build: forget the last one's problems and listen for MkDocs' warnings."""
        self.problems, self.broken = [], False
        self.stop()
        self._handler = _Collect(self.problems)
        logging.getLogger("mkdocs").addHandler(self._handler)

    def stop(self) -> None:
        if self._handler is not None:
            logging.getLogger("mkdocs").removeHandler(self._handler)
            self._handler = None

    def add(self, problems: Iterable[Problem]) -> set[str]:
        """Record problems; return the files they name (to be left out of the preview)."""
        files = set()
        for problem in problems:
            where = f"{problem.file}:{problem.line}" if problem.line else problem.file
            self.problems.append(Shown(where, problem.message, problem.hint))
            files.add(problem.file)
        return files

    def findings(self, findings: Iterable, today: object) -> None:
        """Broken update rules: shown, never fatal in the preview (the CI build fails on them)."""
        self.problems.extend(Shown(f"栏目更新（截至 {today}）", finding.text()) for finding in findings)
