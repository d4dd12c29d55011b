"""A column's list of documents, newest first, cut into pages."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from .documents import Document, newest_first


@dataclass(frozen=True)
class ListingPage:
    """One page of a column's document list."""

    number: int  # 1-based
    count: int  # how many pages the list has
    documents: tuple[Document, ...]

    @property
    def previous(self) -> int | None:
        return self.number - 1 if self.number > 1 else None

    @property
    def next(self) -> int | None:
        return self.number + 1 if self.number < self.count else None


def paginate(documents: Sequence[Document], per_page: int) -> list[ListingPage]:
    """Newest first, ``per_page`` to a page; an empty column still has its first page."""
    if per_page < 1:
        raise ValueError("per_page must be at least 1")
    ordered = newest_first(documents)
    count = max(1, math.ceil(len(ordered) / per_page))
    return [ListingPage(n + 1, count, tuple(ordered[n * per_page:(n + 1) * per_page]))
            for n in range(count)]


def page_folder(column_folder: str, number: int) -> str:
    """Where page ``number`` of a column's list lives: the column itself, then page/N/."""
    return column_folder if number == 1 else f"{column_folder}/page/{number}"
