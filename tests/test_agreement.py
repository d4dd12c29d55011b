"""`gongkai check` (what an editor and pre-commit run) and `mkdocs build --strict` (what CI runs)
reach the same verdict on the same input: scenarios of stale, provisional, settled, advisory,
optional and parent-column rules, and broken holiday files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner

from gongkai.cli import main
from gongkai.workdays import WorkCalendar

from .conftest import build

D = dt.date
CF = "content/xxgk/fdgk/xzqlyx/xzcfjg"


def write(project: Path, path: str, **fields) -> None:
    body = "".join(f"{k}: {v}\n" for k, v in fields.items())
    (project / path).write_text(f"---\n{body}公开属性: 主动公开\n---\n\n正文。\n", encoding="utf-8")


def edit(project: Path, path: str, old: str, new: str) -> None:
    file = project / path
    text = file.read_text(encoding="utf-8")
    assert old in text, (path, old)
    file.write_text(text.replace(old, new), encoding="utf-8")


def in_2027(project: Path, decided: dt.date, published: dt.date) -> None:
    """On 2027-03-01 every column is fresh but for a penalty decision published ``published``."""
    write(project, f"{CF}/20270224-cf.md", 标题="行政处罚决定书（2027年）", 索引号="11990000MB0000002X/2027-00001",
          决定日期=decided, 发布日期=published)
    write(project, "content/xxgk/fdgk/xzqlyx/xzqz/20270220-qz.md", 标题="查封决定", 有效性="有效",
          索引号="11990000MB0000002X/2027-00002", 发布日期=D(2027, 2, 20))
    write(project, "content/xxgk/ndbg/20270125-ndbg-2026.md", 标题="2026年政府信息公开工作年度报告",
          索引号="11990000MB0000002X/2027-00003", 发布日期=D(2027, 1, 25))


def provisional(project: Path) -> None:
    earliest, latest = WorkCalendar().limits(D(2027, 1, 20), 7)
    assert earliest < latest  # 2027's 春节 调休 decides it
    in_2027(project, D(2027, 1, 20), latest)


def settled_late(project: Path) -> None:
    provisional(project)
    # a notice under which the limit is the earliest date the estimate allowed
    earliest, _ = WorkCalendar().limits(D(2027, 1, 20), 7)
    weekends = [D(2027, 1, 20) + dt.timedelta(days=n) for n in range(1, (earliest - D(2027, 1, 20)).days + 1)]
    workdays = [d for d in weekends if d.weekday() >= 5]
    (project / "holidays.yml").write_text(
        f"2027:\n  holidays: [2027-01-01, 2027-02-05, 2027-02-08]\n  workdays: [{', '.join(map(str, workdays))}]\n",
        encoding="utf-8")


def settled_on_time(project: Path) -> None:
    provisional(project)
    (project / "holidays.yml").write_text(
        "2027:\n  holidays: [2027-01-01, 2027-02-05, 2027-02-08, 2027-02-09, 2027-02-10]\n", encoding="utf-8")


SCENARIOS = {
    "fresh": (None, None, True),
    "stale": (None, "2027-03-01", False),
    "late document": (lambda p: edit(p, f"{CF}/20260903-cf.md", "决定日期: 2026-09-03", "决定日期: 2026-08-20"),
                      None, False),
    "provisional in 2027": (provisional, "2027-03-01", True),
    "settled late by the 2027 notice": (settled_late, "2027-03-01", False),
    "settled on time by the 2027 notice": (settled_on_time, "2027-03-01", True),
    "across new year without a notice": (lambda p: in_2027(p, D(2026, 12, 30), D(2027, 1, 4)), "2027-03-01", True),
    "advisory broken": (lambda p: edit(p, "columns.yml", "rules: [每半年至少1条]", "rules: [每半年至少1条, 尽量做到每日更新]"),
                        None, True),
    "parent rule broken": (lambda p: edit(p, "columns.yml", "            title: 行政权力运行\n",
                                          "            title: 行政权力运行\n            rules: [每5日至少1条]\n"),
                           None, False),
    "parent rule met": (lambda p: edit(p, "columns.yml", "            title: 行政权力运行\n",
                                       "            title: 行政权力运行\n            rules: [每两周至少一条]\n"),
                        None, True),
    "optional column absent": (lambda p: edit(p, "columns.yml", "                normative: true\n",
                                              "                normative: true\n              - {id: tjxx, title: 统计信息, "
                                              "lead: 政策法规处, rules: [没有相关统计数据的部门可不设置本栏目, 每季度至少1条]}\n"),
                               None, True),
    "broken holiday file": (lambda p: (p / "holidays.yml").write_text("2027:\n  holidays: [2027-02-30]\n",
                                                                      encoding="utf-8"), None, False),
}


@pytest.mark.parametrize("name", SCENARIOS)
def test_check_and_build_agree(name, minimal, tmp_path, monkeypatch):
    change, as_of, passes = SCENARIOS[name]
    monkeypatch.delenv("GONGKAI_AS_OF", raising=False)
    if as_of:
        monkeypatch.setenv("GONGKAI_AS_OF", as_of)
    if change:
        change(minimal)
    checked = CliRunner().invoke(main, ["--project", str(minimal), "check"])
    built = build(minimal, tmp_path / "site")
    assert (checked.exit_code == 0, built.exit_code == 0) == (passes, passes), (checked.output, built.output)
    assert "Traceback" not in checked.output + built.output
    if name == "provisional in 2027":
        for output in (checked.output, built.output):
            assert "[待定]" in output and "2027年的调休安排" in output and "gongkai holidays import" in output
    if name == "optional column absent":
        assert not (built.site / "xxgk/fdgk/xzqlyx/tjxx").exists()
        assert "统计信息" not in built.html("xxgk/fdgk/xzqlyx/")
