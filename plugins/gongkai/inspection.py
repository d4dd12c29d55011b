"""The site's standing against the national website inspection (国办秘函〔2019〕19号).

A site fails outright (单项否决) when, among other things, 5 or more columns are stale by
their category's threshold, 10 or more columns that should be updated are not, or 5 or
more columns are empty. The 人事 and 规划计划 thresholds are local rules: configurable.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from .documents import Document, on_site_by_column
from .findings import FAIL, Finding
from .matrix import Column, Matrix

#: Days of silence after which a column of the category counts as stale.
THRESHOLDS: dict[str, int] = {"动态": 14, "要闻": 14, "通知公告": 183, "政策文件": 183,
                              "人事": 365, "规划计划": 365}
STALE_LIMIT, OVERDUE_LIMIT, EMPTY_LIMIT = 5, 10, 5


@dataclass(frozen=True)
class Standing:
    as_of: dt.date
    stale: dict[str, list[str]] = field(default_factory=dict)  # category → column titles
    overdue: list[str] = field(default_factory=list)  # columns failing their own rules
    empty: list[str] = field(default_factory=list)

    @property
    def stale_count(self) -> int:
        return sum(len(v) for v in self.stale.values())

    @property
    def flagged(self) -> dict[str, int]:
        """The inspection's counts a summary must not hide."""
        return {"不更新栏目": self.stale_count, "空白栏目": len(self.empty)}

    @property
    def reasons(self) -> list[str]:
        reasons = []
        if self.stale_count >= STALE_LIMIT:
            reasons.append(f"不更新栏目 {self.stale_count} 个（≥{STALE_LIMIT}）")
        if len(self.overdue) >= OVERDUE_LIMIT:
            reasons.append(f"应更新未更新栏目 {len(self.overdue)} 个（≥{OVERDUE_LIMIT}）")
        if len(self.empty) >= EMPTY_LIMIT:
            reasons.append(f"空白栏目 {len(self.empty)} 个（≥{EMPTY_LIMIT}）")
        return reasons

    @property
    def vetoed(self) -> bool:
        return bool(self.reasons)

    def text(self) -> str:
        stale = "；".join(f"{k}：{'、'.join(v)}" for k, v in self.stale.items() if v) or "无"
        lines = [
            "对照政府网站检查指标（单项否决项）：",
            f"  不更新栏目：{self.stale_count} 个（{stale}），达到 {STALE_LIMIT} 个即否决",
            f"  应更新未更新栏目：{len(self.overdue)} 个，达到 {OVERDUE_LIMIT} 个即否决",
            f"  空白栏目：{len(self.empty)} 个（{'、'.join(self.empty) or '无'}），达到 {EMPTY_LIMIT} 个即否决",
            f"  结论：{'单项否决：' + '；'.join(self.reasons) if self.vetoed else '未触及单项否决'}",
        ]
        return "\n".join(lines)

    def as_json(self) -> dict:
        return {"as_of": self.as_of.isoformat(), "stale": self.stale, "stale_count": self.stale_count,
                "overdue": self.overdue, "empty": self.empty, "vetoed": self.vetoed,
                "reasons": self.reasons}


def counts_as_empty(column: Column, documents: list[Document]) -> bool:
    """A 空白栏目 of the inspection: a list column with nothing on it (the guide and the
    system pages are pages in their own right, not lists that can be empty)."""
    return column.is_leaf and not documents and column.part not in ("guide", "system")


def standing(matrix: Matrix, documents: Iterable[Document], findings: Iterable[Finding],
             today: dt.date, thresholds: Mapping[str, int] | None = None) -> Standing:
    limits = {**THRESHOLDS, **(thresholds or {})}
    by_column = on_site_by_column(documents, today)
    left_out = matrix.left_out(set(by_column))  # optional columns without documents are not on the site
    stale: dict[str, list[str]] = {}
    empty = []
    for column in matrix.columns():
        if column.id in left_out:
            continue
        mine = matrix.documents_under(column, by_column)
        if counts_as_empty(column, mine):
            empty.append(column.title)
        elif mine and column.category and column.part not in ("guide", "system") and \
                (today - max(d.published_date for d in mine)).days > limits[column.category]:
            stale.setdefault(column.category, []).append(column.title)
    overdue = sorted({f.title for f in findings
                      if f.severity == FAIL and f.kind == "periodic" and f.status == "overdue"})
    return Standing(today, stale, overdue, empty)
