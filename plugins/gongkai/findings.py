"""Findings: what the freshness check found, and how it is told to people and machines."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass

FAIL, WARN = "fail", "warn"

#: What each status means, as shown to the responsible unit.
STATUS_TEXT = {
    "overdue": "逾期未更新",
    "empty": "空白",
    "late": "发布超期",
    "missing_date": "缺少日期字段",
    "missing_policy": "未关联所解读政策",
    "due_soon": "即将到期",
    "provisional": "待定",
    "forged_date": "发布日期早于提交日期",
    # a column's state when no finding names it
    "ok": "正常",
    "untimed": "无时限要求",
    "optional": "未设置（可选栏目）",
}
#: States that need no one's action (the monitoring report does not mark them).
CALM = ("ok", "untimed", "due_soon", "provisional", "optional")


@dataclass(frozen=True)
class Finding:
    """One broken (or soon to be broken) rule of one column."""

    column: str  # column id
    title: str  # column title
    lead: tuple[str, ...]
    rule: str  # the rule as written in columns.yml
    kind: str  # periodic, deadline, interpretation, yearly, not_empty, forged_date
    status: str  # a key of STATUS_TEXT
    severity: str  # fail or warn
    last_update: dt.date | None = None
    due: dt.date | None = None
    overdue: int | None = None  # in the rule's kind of days
    working_days: bool = False
    document: str = ""  # for rules on single documents
    note: str = ""
    estimated: tuple[int, ...] = ()  # years without a holiday notice the verdict counted with

    @property
    def provisional(self) -> bool:
        """It depends on a year's 调休 that is not published yet: told, never failing."""
        return self.status == "provisional"

    @property
    def lead_text(self) -> str:
        return units_text(self.lead)

    def text(self) -> str:
        """One line for a terminal or a build log."""
        parts = [f"[{STATUS_TEXT[self.status]}] {self.title}（{self.column}）", f"规则：{self.rule}"]
        if self.document:
            parts.append(f"文件：{self.document}")
        parts.append(f"最近更新：{self.last_update or '无'}")
        if self.due and not self.provisional:  # a provisional one says its range in the note
            parts.append(f"应更新日期：{self.due}")
        if self.overdue is not None:
            parts.append(f"逾期 {self.overdue} {'个工作日' if self.working_days else '天'}")
        if self.note:
            parts.append(self.note)
        parts.append(f"牵头单位：{self.lead_text}")
        return "｜".join(parts)

    def as_json(self) -> dict:
        data = asdict(self)
        data["status_text"] = STATUS_TEXT[self.status]
        for key in ("last_update", "due"):
            data[key] = data[key].isoformat() if data[key] else None
        data["lead"] = list(self.lead)
        data["estimated"] = list(self.estimated)
        data["days"] = "working" if self.working_days else "calendar"
        del data["working_days"]
        return data


def units_text(units: Iterable[str]) -> str:
    """Units as the matrix names them: 人事部、办公室 — but 各承办处室、单位 is one unit's name,
    so when a name holds a 、 the units are set apart with ；."""
    units = list(units)
    return ("；" if any("、" in u for u in units) else "、").join(units)


def by_unit(findings: Iterable[Finding]) -> dict[str, list[Finding]]:
    """Findings grouped by lead unit (a column led by several units is under each)."""
    groups: dict[str, list[Finding]] = {}
    for finding in sorted(findings, key=lambda f: (f.severity != FAIL, -(f.overdue or 0), f.column)):
        for unit in finding.lead or ("（未指定）",):
            groups.setdefault(unit, []).append(finding)
    return dict(sorted(groups.items()))


def report_text(findings: list[Finding], as_of: dt.date, flagged: Mapping[str, int] | None = None) -> str:
    """Every finding, one line each, grouped by lead unit. ``flagged`` (inspection's
    Standing.flagged): how many columns are stale or empty, which the summary must not hide
    behind "no rule broken"."""
    if not findings:
        text = f"栏目更新检查（截至 {as_of}）：没有栏目违反更新要求"
        if flagged is not None:
            counted = [f"{what} {count} 个" for what, count in flagged.items() if count]
            text += (f"；但对照检查指标有{'、'.join(counted)}（见下方）" if counted
                     else f"；对照检查指标也没有{'和'.join(flagged)}")
        return text + "。"
    failing = sum(f.severity == FAIL for f in findings)
    pending = sum(f.provisional for f in findings)
    counts = [f"{failing} 项不符合要求", *([f"{pending} 项待定"] if pending else []),
              f"{len(findings) - failing - pending} 项提醒"]
    lines = [f"栏目更新检查（截至 {as_of}）：{'，'.join(counts)}。"]
    for unit, group in by_unit(findings).items():
        lines.append(f"{unit}：")
        lines.extend(f"  {f.text()}" for f in group)
    return "\n".join(lines)
