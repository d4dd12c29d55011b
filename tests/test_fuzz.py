"""Random and malformed input through the loaders and the build: a clear error or a good
result, never a traceback."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai import Column, GongkaiError, Problem, load_matrix, read_document
from gongkai.documents import FIELDS
from gongkai.rules import RuleError, parse_rule
from gongkai.workdays import load_calendar

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
