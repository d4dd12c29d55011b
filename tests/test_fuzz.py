"""Random and malformed input through the loaders and the build: a clear error or a good
result, never a traceback."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai import Column, Document, GongkaiError, Problem, load_matrix, read_document
from gongkai.documents import FIELDS
from gongkai.freshness import evaluate
from gongkai.inspection import standing
from gongkai.matrix import Matrix
from gongkai.monitor import build_report
from gongkai.rules import Context, RuleError, parse_rule
from gongkai.workdays import WorkCalendar, load_calendar

from .conftest import FIXTURES, build

COLUMN = Column("c", "栏目", ("办公室",), normative=True, path=("x", "c"))

scalars = st.one_of(st.text(max_size=30), st.integers(), st.booleans(), st.none(),
                    st.floats(allow_nan=False, allow_infinity=False),
                    st.dates().map(str), st.sampled_from(["2026-02-30", "2026-13-01", "主动公开", "有效"]))
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                       st.dictionaries(st.text(max_size=5), inner, max_size=3)),
                      max_leaves=6)
keys = st.one_of(st.sampled_from([*FIELDS, "决定日期", "template", "名称", "文件"]), st.text(max_size=8))
front_matter = st.dictionaries(keys, values, max_size=12)


def check_problems(problems) -> None:
    for problem in problems:
        assert isinstance(problem, Problem) and problem.file and problem.message


def document_result(text: str):
    with tempfile.TemporaryDirectory() as folder:
        content = Path(folder) / "content"
        (content / "x/c").mkdir(parents=True)
        path = content / "x/c/doc.md"
        path.write_text(text, encoding="utf-8")
        return read_document(path, content, COLUMN)


@settings(max_examples=300, deadline=None)
@given(front_matter)
def test_random_front_matter(data):
    text = "---\n" + yaml.safe_dump(data, allow_unicode=True) + "---\n正文"
    document, problems = document_result(text)
    assert (document is None) == bool(problems)
    check_problems(problems)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_random_text_as_front_matter(text):
    document, problems = document_result("---\n" + text + "\n---\n正文")
    assert (document is None) == bool(problems)
    check_problems(problems)


columns = st.recursive(
    st.fixed_dictionaries({"id": st.one_of(st.from_regex(r"[a-z]{1,4}", fullmatch=True), scalars),
                           "title": scalars, "lead": st.one_of(st.just("办公室"), scalars)},
                          optional={"part": st.sampled_from(["guide", "system", "statutory", "annual_report", "x"]),
                                    "rules": st.lists(st.one_of(st.text(max_size=15), st.just("每月至少1条")), max_size=3),
                                    "support": values, "normative": scalars, "category": scalars}),
    lambda inner: st.fixed_dictionaries({"id": st.from_regex(r"[a-z]{1,4}", fullmatch=True),
                                         "title": st.just("上级"), "lead": st.just("办公室"),
                                         "children": st.lists(inner, min_size=1, max_size=4)}),
    max_leaves=8)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.fixed_dictionaries({"units": st.just(["办公室"]), "columns": st.lists(columns, max_size=3)}),
                 front_matter))
def test_random_matrices(data):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "columns.yml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        try:
            load_matrix(path)
        except GongkaiError as error:
            check_problems(error.problems)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_random_text_as_matrix_and_holidays(text):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "f.yml"
        path.write_text(text, encoding="utf-8")
        for load in (load_matrix, load_calendar):
            try:
                load(path)
            except GongkaiError as error:
                check_problems(error.problems)


@settings(max_examples=500, deadline=None)
@given(st.one_of(st.text(max_size=40), st.from_regex(r"每(个自然)?(月|季度|半年|年)至少\d{1,3}条", fullmatch=True),
                 st.from_regex(r"\w{0,4}日期(后|前至少)\d{1,4}(个工作日内?|日内?)", fullmatch=True),
                 st.from_regex(r"每年\d{1,2}月\d{1,2}日前发布上一年度", fullmatch=True)))
def test_random_rule_text(text):
    try:
        parse_rule(text)
    except RuleError as error:
        assert str(error)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(front_matter)
def test_random_front_matter_through_a_real_build(data):
    with tempfile.TemporaryDirectory() as folder:
        project = Path(folder) / "project"
        shutil.copytree(FIXTURES / "minimal", project)
        text = "---\n" + yaml.safe_dump(data, allow_unicode=True) + "---\n正文"
        (project / "content/xxgk/fdgk/xzqlyx/xzcfjg/20260904-fuzz.md").write_text(text, encoding="utf-8")
        result = build(project, Path(folder) / "site")
        assert result.exit_code in (0, 1)
        assert "Traceback" not in result.output
        if result.exit_code == 1:
            assert "20260904-fuzz.md" in result.output


numbers = st.one_of(st.integers(0, 40).map(str), st.integers(0, 10**9).map(str),
                    st.sampled_from(["一", "两", "十二", "二十", "三十一", "一百", "１２", "〇"]))
units = st.sampled_from(["月", "个月", "季度", "半年", "年", "周", "日", "天", "个日历日", "个工作日", "工作日"])
rule_texts = st.one_of(
    st.text(max_size=40),
    st.builds("{}每{}{}至少{}条".format, st.sampled_from(["", "尽量", "尽量做到"]), numbers, units, numbers),
    st.builds("每个自然{}不少于{}次更新".format, st.sampled_from(["月", "季度", "半年", "年"]), numbers),
    st.builds("{}{}内须有更新".format, numbers, units),
    st.builds("最大更新间隔不得超过{}{}".format, numbers, units),
    st.builds("{}日期{}{}{}".format, st.sampled_from(["成文", "决定", "上级发布", "发布", "执法"]),
              st.sampled_from(["后", "前至少"]), numbers, st.sampled_from(["个工作日内", "日内", "个工作日", "日"])),
    st.builds("信息形成或变更之日起{}个工作日内公开".format, numbers),
    st.builds("所解读政策发布后{}个工作日内".format, numbers),
    st.builds("每年{}月{}日前发布上一年度".format, numbers, numbers),
    st.sampled_from(["不得为空", "根据相关文件要求及时发布", "没有相关统计数据的部门可不设置本栏目",
                     "事故发生日期当日", "与所解读政策同日", "及时更新，最迟1年内必须有更新"]),
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rule_texts, st.dates(min_value=dt.date(2004, 1, 1), max_value=dt.date(2035, 12, 31)),
       st.lists(st.tuples(st.integers(-900, 0), st.integers(-400, 400), st.booleans()), max_size=4))
def test_any_rule_text_judged_on_any_day_from_2004_to_2035(text, today, offsets):
    """A rule either does not load (RuleError, in Chinese, with a hint) or judges any documents
    on any day: no ValueError, OverflowError or other traceback, whatever the year's notice."""
    try:
        rule = parse_rule(text)
    except RuleError as error:
        assert str(error) and re.search(r"[\u4e00-\u9fff]", str(error))
        return
    column = Column("c", "栏目", ("办公室",), rules=(rule,), path=("x", "c"))
    documents = []
    for n, (age, shift, interprets) in enumerate(offsets):
        published = today + dt.timedelta(days=age)
        other = published + dt.timedelta(days=shift)
        documents.append(Document(f"x/c/{n}.md", "c", "标题", f"X/{n}", dt.datetime.combine(published, dt.time()),
                                  "主动公开", dates={"成文日期": other, "决定日期": other, "上级发布日期": other,
                                                     "执法日期": other, "变更日期": other},
                                  interprets="x/c/0.md" if interprets and n else ""))
    matrix = Matrix("columns.yml", ("办公室",), (column,))
    calendar = WorkCalendar()
    findings = evaluate(matrix, documents, today, calendar, horizon=5)
    for finding in findings:
        assert finding.text()
    ctx = Context(today, calendar, 5, {d.path: d for d in documents})
    rule.next_due(documents, ctx)
    build_report(matrix, documents, findings, standing(matrix, documents, findings, today), today, calendar, 5)
