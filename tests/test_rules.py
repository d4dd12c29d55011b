"""Every rule kind at its boundaries: the last allowed day passes, the next fails."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai import Column, Document, GongkaiError, load_matrix
from gongkai.freshness import evaluate
from gongkai.matrix import Matrix
from gongkai.rules import (Deadline, Interpretation, NotEmpty, NoTimeLimit, OptionalColumn, Periodic, RuleError,
                           Yearly, add_months, parse_rule)
from gongkai.workdays import WorkCalendar

D = dt.date


def doc(published: dt.date, column: str = "c", path: str = "", **extra) -> Document:
    dates = {k: v for k, v in extra.items() if k.endswith("日期")}
    rest = {k: v for k, v in extra.items() if not k.endswith("日期")}
    return Document(path or f"x/{column}/{published}.md", column, "标题", f"X/{published}", dt.datetime.combine(published, dt.time()),
                    "主动公开", dates=dates, **rest)


def judge(rule_text: str, documents: list[Document], today: dt.date, horizon: int = 0,
          calendar: WorkCalendar | None = None):
    column = Column("c", "测试栏目", ("办公室",), rules=(parse_rule(rule_text),), path=("x", "c"))
    return evaluate(Matrix("columns.yml", ("办公室",), (column,)), documents, today,
                    calendar or WorkCalendar(), horizon)


def statuses(findings) -> list[tuple[str, int | None]]:
    return [(f.status, f.overdue) for f in findings if f.severity == "fail"]


@pytest.mark.parametrize("rule,published,today,expected", [
    ("每月至少1条", D(2026, 10, 15), D(2026, 11, 15), []),                      # last allowed day
    ("每月至少1条", D(2026, 10, 15), D(2026, 11, 16), [("overdue", 1)]),
    ("每月至少1条", D(2026, 1, 31), D(2026, 2, 28), []),                        # month end clamps
    ("每月至少1条", D(2026, 1, 31), D(2026, 3, 1), [("overdue", 1)]),
    ("每季度至少1条", D(2026, 8, 20), D(2026, 11, 20), []),
    ("每季度至少1条", D(2026, 8, 20), D(2026, 11, 21), [("overdue", 1)]),
    ("每半年至少1条", D(2026, 5, 20), D(2026, 11, 20), []),
    ("每半年至少1条", D(2026, 5, 20), D(2026, 11, 21), [("overdue", 1)]),
    ("每年至少1条", D(2025, 12, 31), D(2026, 12, 31), []),
    ("每年至少1条", D(2025, 12, 31), D(2027, 1, 1), [("overdue", 1)]),
])
def test_periodic_rolling(rule, published, today, expected):
    assert statuses(judge(rule, [doc(published)], today)) == expected


def test_periodic_needs_n_items():
    documents = [doc(D(2026, 11, 1)), doc(D(2026, 9, 1))]
    assert statuses(judge("每季度至少2条", documents, D(2026, 12, 1))) == []
    assert statuses(judge("每季度至少2条", documents, D(2026, 12, 2))) == [("overdue", 1)]


@pytest.mark.parametrize("dates,today,expected", [
    ([D(2026, 8, 1)], D(2026, 10, 15), []),                                  # Q3 had one
    ([D(2026, 5, 1)], D(2026, 10, 15), [("overdue", 15)]),                   # Q3 had none: since 9-30
    ([D(2026, 5, 1), D(2026, 10, 1)], D(2026, 10, 15), [("overdue", 15)]),   # Q4's does not make up Q3
    ([D(2026, 9, 30)], D(2026, 12, 31), []),           # last day of Q4: Q3 was fine, Q4 not over yet
    ([D(2026, 9, 30)], D(2027, 1, 1), [("overdue", 1)]),  # Q4 ended with nothing in it
])
def test_periodic_calendar_quarters(dates, today, expected):
    assert statuses(judge("每个自然季度至少1条", [doc(d) for d in dates], today)) == expected


def test_due_soon_is_a_warning_within_the_horizon():
    findings = judge("每月至少1条", [doc(D(2026, 10, 20))], D(2026, 11, 16), horizon=5)
    assert [(f.status, f.severity, f.due) for f in findings] == [("due_soon", "warn", D(2026, 11, 20))]
    assert judge("每月至少1条", [doc(D(2026, 10, 20))], D(2026, 11, 10), horizon=5) == []


@pytest.mark.parametrize("rule,fields,published,expected", [
    # 1 working day after 成文日期, across the National Day holiday
    ("成文日期后1个工作日内", {"成文日期": D(2026, 9, 30)}, D(2026, 10, 8), []),
    ("成文日期后1个工作日内", {"成文日期": D(2026, 9, 30)}, D(2026, 10, 9), [("late", 1)]),
    # onto the make-up Saturday 2026-10-10
    ("成文日期后1个工作日内", {"成文日期": D(2026, 10, 9)}, D(2026, 10, 10), []),
    ("成文日期后1个工作日内", {"成文日期": D(2026, 10, 9)}, D(2026, 10, 12), [("late", 1)]),
    # 双公示: 7 working days after the decision
    ("决定日期后7个工作日内", {"决定日期": D(2026, 9, 28)}, D(2026, 10, 13), []),
    ("决定日期后7个工作日内", {"决定日期": D(2026, 9, 28)}, D(2026, 10, 14), [("late", 1)]),
    # calendar days
    ("批复日期后20日内", {"批复日期": D(2026, 9, 1)}, D(2026, 9, 21), []),
    ("批复日期后20日内", {"批复日期": D(2026, 9, 1)}, D(2026, 9, 22), [("late", 1)]),
    # same day
    ("事故发生日期当日", {"事故发生日期": D(2026, 10, 1)}, D(2026, 10, 1), []),
    ("事故发生日期当日", {"事故发生日期": D(2026, 10, 1)}, D(2026, 10, 2), [("late", 1)]),
    # at least 3 working days before: 10-12 minus 3 working days is 10-08 (10-10 is a working Saturday)
    ("执法日期前至少3个工作日", {"执法日期": D(2026, 10, 12)}, D(2026, 10, 8), []),
    ("执法日期前至少3个工作日", {"执法日期": D(2026, 10, 12)}, D(2026, 10, 9), [("late", 1)]),
    # a field the document lacks
    ("决定日期后7个工作日内", {}, D(2026, 10, 9), [("missing_date", None)]),
])
def test_per_document_deadlines(rule, fields, published, expected):
    assert statuses(judge(rule, [doc(published, **fields)], D(2026, 11, 30))) == expected


def test_a_late_document_with_its_reason_on_record_passes():
    late = doc(D(2026, 10, 9), 成文日期=D(2026, 9, 30), late_reason="系统故障，延迟发布")
    assert judge("成文日期后1个工作日内", [late], D(2026, 11, 30)) == []


def test_deadlines_across_the_end_of_2026(tmp_path):
    published = doc(D(2027, 1, 4), 成文日期=D(2026, 12, 31))
    # No 2027 notice, but 元旦 is law: Friday 2027-01-01 is a holiday and, falling on a Friday,
    # joins the weekend without 调休 under the State Council's principle; Monday is on time.
    assert judge("成文日期后1个工作日内", [published], D(2027, 1, 10)) == []
    holidays = tmp_path / "holidays.yml"
    holidays.write_text("2027:\n  holidays: [2027-01-01]\n", encoding="utf-8")
    from gongkai.workdays import load_calendar
    assert judge("成文日期后1个工作日内", [published], D(2027, 1, 10), calendar=load_calendar(holidays)) == []
    # A notice that made Saturday 2 January a working day would make Monday late: the notice wins.
    holidays.write_text("2027:\n  holidays: [2027-01-01]\n  workdays: [2027-01-02]\n", encoding="utf-8")
    assert statuses(judge("成文日期后1个工作日内", [published], D(2027, 1, 10),
                          calendar=load_calendar(holidays))) == [("late", 1)]


@pytest.mark.parametrize("rule,interpretation_day,expected", [
    ("与所解读政策同日", D(2026, 9, 30), []),
    ("与所解读政策同日", D(2026, 10, 8), [("late", 1)]),
    ("所解读政策发布后1个工作日内", D(2026, 10, 8), []),
    ("所解读政策发布后1个工作日内", D(2026, 10, 9), [("late", 1)]),
])
def test_interpretations(rule, interpretation_day, expected):
    policy = doc(D(2026, 9, 30), column="p", path="x/p/policy.md")
    interpretation = doc(interpretation_day, interprets="x/p/policy.md")
    assert statuses(judge(rule, [policy, interpretation], D(2026, 11, 30))) == expected
    orphan = doc(interpretation_day)
    assert statuses(judge(rule, [orphan], D(2026, 11, 30))) == [("missing_policy", None)]


@pytest.mark.parametrize("published,today,expected", [
    ([D(2026, 1, 31)], D(2026, 3, 1), []),                        # on the last allowed day
    ([D(2026, 2, 1)], D(2026, 3, 1), [("late", 1)]),              # one day late
    ([D(2025, 1, 20)], D(2026, 2, 1), [("overdue", 1)]),          # this year's report missing
    ([D(2025, 1, 20)], D(2026, 1, 31), []),                       # not due yet
])
def test_yearly_report(published, today, expected):
    documents = [doc(d) for d in published]
    assert statuses(judge("每年1月31日前发布上一年度", documents, today)) == expected


def test_yearly_due_soon():
    findings = judge("每年1月31日前发布上一年度", [doc(D(2025, 1, 20))], D(2026, 1, 26), horizon=5)
    assert [(f.status, f.due) for f in findings] == [("due_soon", D(2026, 1, 31))]


def test_never_empty_and_empty_periodic():
    assert statuses(judge("不得为空", [], D(2026, 11, 30))) == [("empty", None)]
    assert statuses(judge("不得为空", [doc(D(2020, 1, 1))], D(2026, 11, 30))) == []
    assert statuses(judge("每月至少1条", [], D(2026, 11, 30))) == [("empty", None)]


def test_documents_dated_in_the_future_do_not_count():
    assert statuses(judge("每月至少1条", [doc(D(2026, 12, 5))], D(2026, 11, 30))) == [("empty", None)]


def test_severity_can_turn_a_kind_into_warnings():
    column = Column("c", "测试栏目", ("办公室",), rules=(parse_rule("每月至少1条"),), path=("x", "c"))
    findings = evaluate(Matrix("columns.yml", ("办公室",), (column,)), [], D(2026, 11, 30),
                        severity={"periodic": "warn"})
    assert [(f.status, f.severity) for f in findings] == [("empty", "warn")]


@pytest.mark.parametrize("text,expected", [
    ("每季度至少1条", Periodic("每季度至少1条", 1, 3, "month")),
    ("每个自然季度至少2条", Periodic("每个自然季度至少2条", 2, 3, "month", True)),
    ("每半年不少于1次更新", Periodic("每半年不少于1次更新", 1, 6, "month")),
    ("每月至少一条", Periodic("每月至少一条", 1, 1, "month")),
    ("每６个月至少１条", Periodic("每６个月至少１条", 1, 6, "month")),
    ("每两周至少一条", Periodic("每两周至少一条", 1, 14, "day")),
    ("每12个日历日至少1条", Periodic("每12个日历日至少1条", 1, 12, "day")),
    ("每十个工作日至少更新1次", Periodic("每十个工作日至少更新1次", 1, 10, "workday")),
    ("政策文件类一级栏目6个月内须有更新", Periodic("政策文件类一级栏目6个月内须有更新", 1, 6, "month")),
    ("及时更新,最迟1年内必须有更新", Periodic("及时更新,最迟1年内必须有更新", 1, 12, "month")),
    ("及时更新，最迟1年内必须有更新", Periodic("及时更新，最迟1年内必须有更新", 1, 12, "month")),
    ("最大更新间隔不得超过12个日历日", Periodic("最大更新间隔不得超过12个日历日", 1, 12, "day")),
    ("尽量做到每日更新", Periodic("尽量做到每日更新", 1, 1, "day", advisory=True)),
    ("成文日期后1个工作日内", Deadline("成文日期后1个工作日内", "成文日期", 1, True, False)),
    ("信息形成或变更之日起20个工作日内公开",
     Deadline("信息形成或变更之日起20个工作日内公开", "成文日期", 20, True, False, "变更日期")),
    ("决定日期后20日内", Deadline("决定日期后20日内", "决定日期", 20, False, False)),
    ("事故发生日期当日", Deadline("事故发生日期当日", "事故发生日期", 0, False, False)),
    ("执法日期前至少3个工作日", Deadline("执法日期前至少3个工作日", "执法日期", 3, True, True)),
    ("与所解读政策同日", Interpretation("与所解读政策同日", 0)),
    ("所解读政策发布后3个工作日内", Interpretation("所解读政策发布后3个工作日内", 3)),
    ("每年1月31日前发布上一年度", Yearly("每年1月31日前发布上一年度", 1, 31)),
    ("每年一月三十一日前公布上一年度政府信息公开工作年度报告",
     Yearly("每年一月三十一日前公布上一年度政府信息公开工作年度报告", 1, 31)),
    ("不得为空", NotEmpty("不得为空")),
    ("根据相关文件要求及时发布", NoTimeLimit("根据相关文件要求及时发布")),
    ("没有相关统计数据的部门可不设置本栏目", OptionalColumn("没有相关统计数据的部门可不设置本栏目")),
])
def test_parse(text, expected):
    assert parse_rule(text) == expected


@pytest.mark.parametrize("text,message,hint", [
    ("每周至少0条", "条数须在 1 到 1000 之间", ""),
    ("每年2月30日前发布上一年度", "2月30日不是每年都有的日期", "1月31日"),
    ("每年2月29日前发布上一年度", "2月29日不是每年都有的日期", "写作 2月28日"),
    ("发布日期后1个工作日内", "期限不能从发布日期起算", ""),
    ("决定日期后99999999日内", "期限不能超过 366 天", ""),
    ("成文日期后300个工作日内", "期限不能超过 250 个工作日", ""),
    ("每1000个月至少1条", "间隔须在 1 到 60 个月之间", ""),
    ("每0个月至少1条", "间隔须在 1 到 60 个月之间", ""),
    ("及时更新", "看不懂规则“及时更新”", ""),
    ("每月最少要有1条信息", "看不懂规则", "是不是“每月至少1条”"),
    ("成文日期後1個工作日內", "看不懂规则", "是不是“成文日期后1个工作日内”"),
    ("对审批结果进行双公示", "看不懂规则", "是不是“决定日期后7个工作日内”"),
    ("尽量不得为空x", "看不懂规则", "不得为空"),
    ("尽量根据相关文件要求及时发布", "“尽量”没有意义", ""),
    (3, "规则应是一行文字", ""),
])
def test_rules_that_are_refused_say_why_and_what_to_write(text, message, hint):
    with pytest.raises(RuleError) as caught:
        parse_rule(text)
    assert message in str(caught.value)
    assert hint in caught.value.hint


def test_a_bad_rule_in_columns_yml_names_the_column_and_line(tmp_path):
    from .test_matrix import VALID
    path = tmp_path / "columns.yml"
    path.write_text(VALID.replace("requirement: 每季度不少于1次更新}",
                                  "requirement: 每季度不少于1次更新,\n              rules: [每季度至少1条, 每月最少要有1条信息]}"),
                    encoding="utf-8")
    with pytest.raises(GongkaiError) as caught:
        load_matrix(path)
    [problem] = caught.value.problems
    assert str(problem).startswith("columns.yml:15: 栏目“行政处罚”：看不懂规则“每月最少要有1条信息”")
    assert problem.hint == "是不是“每月至少1条”？"  # the one suggestion, not every form after it
    with pytest.raises(RuleError) as unread:
        parse_rule("看情况")
    assert unread.value.hint.startswith("可用的写法：每季度至少1条；")  # no suggestion: every form


def test_add_months_clamps():
    assert add_months(D(2026, 1, 31), 1) == D(2026, 2, 28)
    assert add_months(D(2024, 1, 31), 1) == D(2024, 2, 29)
    assert add_months(D(2026, 11, 30), 3) == D(2027, 2, 28)


def test_every_sample_rule_parses():
    from .conftest import ROOT
    matrix = load_matrix(ROOT / "columns.yml")
    kinds = {type(r).__name__ for c in matrix.columns() for r in c.rules}
    assert kinds == {"Periodic", "Deadline", "Interpretation", "Yearly", "NotEmpty"}
    assert len(list(matrix.leaves())) - sum(bool(c.rules) for c in matrix.leaves()) == 3


def test_the_readme_lists_every_form_with_its_example():
    from gongkai.rules import FORMS

    from .conftest import ROOT
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for form, example, meaning in FORMS:
        assert f"| `{form}` | {example} | {meaning} |" in readme, form
        assert parse_rule(form)
