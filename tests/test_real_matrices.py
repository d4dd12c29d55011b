"""Rules as real matrices write them, each at its boundary: the day before the limit passes,
the limit passes, the day after fails, counting holidays and their 调休; and verdicts that
depend on a year whose holiday notice is not out yet are provisional, not failures."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai import Document, load_matrix
from gongkai.findings import by_unit
from gongkai.freshness import evaluate
from gongkai.inspection import standing
from gongkai.matrix import Matrix
from gongkai.workdays import WorkCalendar, load_calendar

from .conftest import FIXTURES

D = dt.date
MATRIX = load_matrix(FIXTURES / "matrix2" / "columns.yml")
FOLDERS = {c.id: c.folder for c in MATRIX.columns()}


def doc(column: str, published: dt.date, name: str = "", **dates) -> Document:
    path = f"{FOLDERS[column]}/{name or published.isoformat()}.md"
    return Document(path, column, "标题", f"X/{published}", dt.datetime.combine(published, dt.time()),
                    "主动公开", dates={"成文日期": published, **dates})


def failures(documents, today, matrix: Matrix = MATRIX, calendar=None):
    findings = evaluate(matrix, documents, today, calendar or WorkCalendar(), horizon=0)
    return sorted((f.column, f.status, f.overdue) for f in findings if f.severity == "fail")


def warnings(documents, today, matrix: Matrix = MATRIX, calendar=None):
    findings = evaluate(matrix, documents, today, calendar or WorkCalendar(), horizon=0)
    return [f for f in findings if f.severity == "warn"]


# What every other column needs to pass on the days judged below (2026-09 … 2026-12).
BACKGROUND = [doc("jgzn", D(2026, 6, 1)), doc("qtwj", D(2026, 8, 1)), doc("rsxx", D(2026, 1, 5)),
              doc("ndbg", D(2026, 1, 20))]


def with_background(*documents, drop=()):
    return [d for d in BACKGROUND if d.column not in drop] + list(documents)


def test_the_matrix_reads_as_written():
    assert MATRIX.get("jgzn").lead == ("人事部", "办公室")               # 人事部、办公室: two units
    assert MATRIX.get("gzdt").lead == ("各部室按业务分工负责",)
    assert MATRIX.get("tjxx").optional and not MATRIX.get("rsxx").optional
    assert [r.kind for r in MATRIX.get("zcwj").rules] == ["periodic"]   # a rule on a parent column
    assert MATRIX.get("gzdt").rules[0].advisory and not MATRIX.get("gzdt").rules[1].advisory


@pytest.mark.parametrize("today,expected", [
    (D(2026, 11, 19), []),
    (D(2026, 11, 20), []),                                     # 2026-05-20 + 6 months
    (D(2026, 11, 21), [("zcwj", "overdue", 1)]),
])
def test_a_rule_on_a_parent_column_is_met_by_any_child(today, expected):
    documents = with_background(doc("gfxwj", D(2026, 5, 20)), doc("gzdt", today), drop={"qtwj"})
    assert failures(documents, today) == expected
    # a document in the other child counts just the same
    assert failures(with_background(doc("qtwj", D(2026, 5, 20)), doc("gzdt", today), drop={"qtwj"}),
                    today) == expected


@pytest.mark.parametrize("today,expected", [
    (D(2026, 11, 12), []),
    (D(2026, 11, 13), []),                                     # 12 calendar days after 11-01
    (D(2026, 11, 14), [("gzdt", "overdue", 1)]),
])
def test_an_interval_in_calendar_days(today, expected):
    assert failures(with_background(doc("gzdt", D(2026, 11, 1))), today) == expected


@pytest.mark.parametrize("today,advice", [(D(2026, 11, 1), False), (D(2026, 11, 2), False),
                                          (D(2026, 11, 3), True)])
def test_an_advisory_rule_reminds_and_never_fails(today, advice):
    found = [f for f in warnings(with_background(doc("gzdt", D(2026, 11, 1))), today)
             if f.rule == "尽量做到每日更新" and f.status != "due_soon"]
    assert bool(found) is advice
    if found:
        assert found[0].status == "overdue" and "建议性要求" in found[0].note
    assert failures(with_background(doc("gzdt", D(2026, 11, 1))), today) == []


@pytest.mark.parametrize("today,expected", [
    (D(2026, 11, 29), []),
    (D(2026, 11, 30), []),                                     # 最迟1年内: 2025-11-30 + 1 year
    (D(2026, 12, 1), [("jgzn", "overdue", 1)]),
])
def test_at_the_latest_within_a_year_and_two_lead_units(today, expected):
    documents = with_background(doc("jgzn", D(2025, 11, 30)), doc("gzdt", today), doc("qtwj", D(2026, 11, 1)),
                                drop={"jgzn"})
    assert failures(documents, today) == expected
    if expected:
        findings = evaluate(MATRIX, documents, today, WorkCalendar(), 0)
        groups = by_unit(f for f in findings if f.severity == "fail")
        assert {u for u, fs in groups.items() if any(f.column == "jgzn" for f in fs)} == {"人事部", "办公室"}


def test_an_optional_column_is_left_out_when_empty_and_judged_when_set_up():
    today = D(2026, 9, 2)
    documents = with_background(doc("gzdt", today))
    assert failures(documents, today) == []
    assert "统计信息" not in standing(MATRIX, documents, [], today).empty
    assert "人事信息" not in standing(MATRIX, documents, [], today).empty   # it has a document
    assert "人事信息" in standing(MATRIX, with_background(doc("gzdt", today), drop={"rsxx"}), [], today).empty
    # set up, it keeps its rules: 每季度至少一条
    assert failures(documents + [doc("tjxx", D(2026, 6, 1))], today) == [("tjxx", "overdue", 1)]


@pytest.mark.parametrize("today,expected", [
    (D(2026, 10, 18), []),
    (D(2026, 10, 19), []),             # 10 working days after 9-29, counting Saturday 10-10 (调休)
    (D(2026, 10, 20), [("c", "overdue", 1)]),
])
def test_an_interval_in_working_days_counts_the_tiaoxiu(today, expected):
    from gongkai import Column
    from gongkai.rules import parse_rule
    column = Column("c", "工作动态", ("办公室",), rules=(parse_rule("每10个工作日至少1条"),), path=("x", "c"))
    matrix = Matrix("columns.yml", ("办公室",), (column,))
    published = Document("x/c/a.md", "c", "标题", "X/1", dt.datetime(2026, 9, 29), "主动公开")
    assert failures([published], today, matrix) == expected


@pytest.mark.parametrize("published,expected", [
    (D(2026, 9, 28), []),
    (D(2026, 9, 29), []),              # 20 working days after 9-01 (中秋节 on Friday 9-25)
    (D(2026, 9, 30), [("fdgk", "late", 1)]),
])
def test_twenty_working_days_from_forming_on_every_document_below(published, expected):
    documents = with_background(doc("gfxwj", published, "late", 成文日期=D(2026, 9, 1)), doc("gzdt", D(2026, 11, 1)))
    assert failures(documents, D(2026, 11, 2)) == expected


def test_a_change_date_counts_when_the_information_changed():
    changed = doc("gfxwj", D(2026, 9, 30), "changed", 成文日期=D(2026, 9, 1), 变更日期=D(2026, 9, 10))
    assert failures(with_background(changed, doc("gzdt", D(2026, 11, 1))), D(2026, 11, 2)) == []


@pytest.mark.parametrize("published,status", [
    (D(2027, 1, 4), None),            # 2026-12-04 + 20 working days: 元旦 is law, and a Friday
    (D(2027, 1, 5), "late"),
])
def test_the_issues_case_across_new_year_is_certain_without_a_2027_notice(published, status):
    document = doc("gfxwj", published, "x", 成文日期=D(2026, 12, 4))
    findings = evaluate(MATRIX, [document], D(2027, 1, 10), WorkCalendar(), 0)
    mine = [f for f in findings if f.document == document.path]
    assert [f.status for f in mine] == ([status] if status else [])
    if status:
        assert mine[0].due == D(2027, 1, 4) and mine[0].severity == "fail"


@pytest.mark.parametrize("published,status,severity", [
    (D(2027, 2, 22), None, None),               # before the earliest the limit can be
    (D(2027, 2, 23), None, None),               # on the earliest limit: on time under any 调休
    (D(2027, 2, 24), "provisional", "warn"),    # on time unless the 调休 moves the limit earlier
    (D(2027, 2, 25), "late", "fail"),           # late under any 调休
])
def test_a_verdict_that_depends_on_2027s_tiaoxiu_is_provisional(published, status, severity):
    document = doc("gfxwj", published, "x", 成文日期=D(2027, 1, 20))
    findings = [f for f in evaluate(MATRIX, [document], D(2027, 3, 1), WorkCalendar(), 0)
                if f.document == document.path]
    assert [(f.status, f.severity) for f in findings] == ([(status, severity)] if status else [])
    if status == "provisional":
        assert "2027年的调休安排" in findings[0].note and "gongkai holidays import" in findings[0].note
        assert findings[0].estimated == (2027,) and "2027-02-23 至 2027-02-24" in findings[0].note


def test_the_published_notice_settles_a_provisional_verdict(tmp_path):
    """With a (hypothetical) 2027 notice that makes 春节 8 days from 除夕 and Saturday 13 February
    and Sunday 21 February working days, the limit is 2027-02-23 and 2-24 is late."""
    holidays = tmp_path / "holidays.yml"
    holidays.write_text("2027:\n  holidays: [2027-01-01, 2027-02-05, 2027-02-08, 2027-02-09, 2027-02-10,"
                        " 2027-02-11, 2027-02-12, 2027-04-05, 2027-05-03, 2027-05-04, 2027-05-05, 2027-06-09,"
                        " 2027-09-15, 2027-10-01, 2027-10-04, 2027-10-05, 2027-10-06, 2027-10-07]\n"
                        "  workdays: [2027-02-13, 2027-02-21, 2027-04-25, 2027-09-26, 2027-10-09]\n",
                        encoding="utf-8")
    calendar = load_calendar(holidays)
    document = doc("gfxwj", D(2027, 2, 24), "x", 成文日期=D(2027, 1, 20))
    findings = [f for f in evaluate(MATRIX, [document], D(2027, 3, 1), calendar, 0) if f.document == document.path]
    assert [(f.status, f.due, f.overdue) for f in findings] == [("late", D(2027, 2, 23), 1)]
