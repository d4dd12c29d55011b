"""Problems found in an editor's input, and the error that carries them.

A problem names the file, the line where known, what is wrong and what to do about
it. Loaders collect every problem they can find before giving up, so an editor fixes
them all in one round instead of one per build.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One mistake in an input file."""

    file: str
    line: int | None
    message: str
    hint: str = ""

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        text = f"{where}: {self.message}"
        return f"{text}\n    → {self.hint}" if self.hint else text


class GongkaiError(Exception):
    """Raised with every problem found; never for a bug in gongkai itself."""

    def __init__(self, problems: list[Problem]):
        super().__init__(problems)
        self.problems = tuple(problems)

    def __str__(self) -> str:
        return f"发现 {len(self.problems)} 个问题：\n" + "\n".join(str(p) for p in self.problems)


def display_path(path: Path, root: Path | None = None) -> str:
    """A path as the editor knows it: relative to the project root when possible."""
    if root is not None:
        try:
            return path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            pass
    return path.as_posix()
