"""The site's nav from the column matrix: each top column expanded into its columns (never
into documents: 1,000 documents in the nav made a 437 MB site), and pruned of what is not
published."""

from __future__ import annotations

from typing import Any

from markupsafe import escape

from .matrix import Column, Matrix


def expand(nav: list | None, matrix: Matrix, extra: dict[str, dict] | None = None) -> list:
    """The site's nav with each top column's entry replaced by its columns; ``extra`` adds a
    page first under the column with that id (the catalogue under 法定主动公开内容)."""
    generated = {f"{root.folder}/index.md": column_entry(root, extra) for root in matrix.roots}
    if not nav:
        return ["index.md", *generated.values()]
    result, placed = [], set()
    for entry in nav:
        target = next(iter(entry.values())) if isinstance(entry, dict) and len(entry) == 1 else entry
        key = f"{target.rstrip('/')}/index.md" if isinstance(target, str) and not target.endswith(".md") else target
        if key in generated:
            result.append(generated[key])
            placed.add(key)
        else:
            result.append(entry)
    result.extend(v for k, v in generated.items() if k not in placed)
    return result


def column_entry(column: Column, extra: dict[str, dict] | None = None) -> dict[str, Any]:
    """A column's nav entry; ``extra`` adds a page first under the column with that id."""
    extra = extra or {}
    index = f"{column.folder}/index.md"
    title = escape(column.title)  # columns.yml is untrusted text in Material's nav
    if column.is_leaf:
        return {title: index}
    first = [extra[column.id]] if column.id in extra else []
    return {title: [index, *first, *(column_entry(c, extra) for c in column.children)]}


def prune(nav: list | None, hidden: set[str]) -> list | None:
    """The nav without the entries of ``hidden`` pages (and everything under them)."""
    if not hidden or not nav:
        return nav
    kept = []
    for entry in nav:
        if isinstance(entry, str):
            if entry not in hidden:
                kept.append(entry)
            continue
        if isinstance(entry, dict) and len(entry) == 1:
            (title, value), = entry.items()
            if isinstance(value, str) and value in hidden:
                continue
            if isinstance(value, list):
                if value and value[0] in hidden:
                    continue
                entry = {title: prune(value, hidden)}
        kept.append(entry)
    return kept
