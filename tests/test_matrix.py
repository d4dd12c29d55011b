"""The column matrix: the sample carries seed 002's 附件2; bad input gets clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from gongkai import PARTS, GongkaiError, check_folders, load_matrix

from .conftest import ROOT


@pytest.fixture(scope="module")
def sample():
    return load_matrix(ROOT / "columns.yml")


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "columns.yml"
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(path: Path) -> list[str]:
    with pytest.raises(GongkaiError) as caught:
        load_matrix(path)
    return [str(p) for p in caught.value.problems]


VALID = """\
units: [办公室, 政策法规处]
columns:
  - id: xxgk
    title: 政府信息公开
    lead: 办公室
    children:
      - {id: gkzn, title: 政府信息公开指南, part: guide, lead: 办公室}
      - {id: gkzd, title: 政府信息公开制度, part: system, lead: 办公室}
      - id: fdgk
        title: 法定主动公开内容
        part: statutory
        lead: 办公室
        children:
          - {id: xzcf, title: 行政处罚, lead: 政策法规处, requirement: 每季度不少于1次更新}
      - {id: ndbg, title: 政府信息公开工作年度报告, part: annual_report, lead: 办公室}
"""


def test_sample_matrix_holds_every_row_of_the_seed(sample):
    statutory = sample.part("statutory")
    leaves = [c for c in sample.leaves() if c.path[:len(statutory.path)] == statutory.path]
    # 附件2 has 19 first-level columns and 67 columns once merged rows are split.
    assert len(statutory.children) == 19
    assert len(leaves) == 67
    titles = {c.title for c in leaves}
    for expected in ("领导简介", "行政处罚结果", "监管执法双随机一公开", "事故快讯", "局长信箱",
                     "备案中介机构", "主题活动", "监督保障", "依申请公开", "“三公”经费情况"):
        assert expected in titles


def test_sample_keeps_units_and_requirements_verbatim(sample):
    xzcfjg = sample.get("xzcfjg")
    assert xzcfjg.lead == ("政策法规处",)
    assert xzcfjg.support == ("各执法处室",)
    assert xzcfjg.requirement == "每季度不少于1次更新 本级行政处罚进行双公示"
    assert sample.get("bmwj").requirement == "信息公开网无专门栏目公开的业务文件,1个工作日内主动公开。"
    assert sample.get("yjfk").requirement == "收集反馈意见,采纳意见予以归总,不采纳意见应予说明"
    assert sample.get("sggpdb").lead == ("监管一处", "监管二处", "监管三处")
    assert sample.get("ssjygk").requirement == "按执法计划提前3个工作日公开"


def test_sample_has_the_four_parts_under_one_section(sample):
    section = sample.section
    assert section.title == "政府信息公开"
    assert [c.part for c in section.children] == list(PARTS)
    assert [c.title for c in section.children] == list(PARTS.values())


def test_column_folders_are_the_id_path(sample):
    assert sample.get("xzcfjg").folder == "xxgk/fdgk/xzqlyx/xzcfjg"
    assert sample.by_folder("xxgk/fdgk/xzqlyx/xzcfjg").id == "xzcfjg"
    assert [c.id for c in sample.ancestors(sample.get("xzcfjg"))] == ["xxgk", "fdgk", "xzqlyx"]


def test_a_valid_small_matrix_loads(tmp_path):
    matrix = load_matrix(write(tmp_path, VALID))
    assert [c.id for c in matrix.leaves()] == ["gkzn", "gkzd", "xzcf", "ndbg"]
    assert matrix.get("xzcf").line == 14


def test_unknown_key_names_the_line_and_suggests(tmp_path):
    text = VALID.replace("requirement: 每季度", "requirment: 每季度")
    [problem] = problems_of(write(tmp_path, text))
    assert problem.startswith("columns.yml:14: 栏目中不能有 `requirment`")
    assert "是不是 `requirement`？" in problem


def test_duplicate_id_names_both_lines(tmp_path):
    text = VALID.replace("id: gkzd,", "id: gkzn,")
    [problem] = problems_of(write(tmp_path, text))
    assert problem.startswith("columns.yml:8: `id: gkzn` 已在第 7 行用过")


def test_missing_lead_unit(tmp_path):
    text = VALID.replace(", lead: 政策法规处, requirement", ", requirement")
    [problem] = problems_of(write(tmp_path, text))
    assert "columns.yml:14:" in problem and "没有牵头责任单位" in problem
    assert "加上 `lead: 单位名称`" in problem


def test_unit_not_listed_suggests_the_close_one(tmp_path):
    text = VALID.replace("lead: 政策法规处", "lead: 政策法规科")
    [problem] = problems_of(write(tmp_path, text))
    assert "“行政处罚”的牵头单位“政策法规科”不在 `units:` 中" in problem
    assert "是不是“政策法规处”？" in problem


def test_a_missing_part_is_named(tmp_path):
    text = VALID.replace("      - {id: ndbg, title: 政府信息公开工作年度报告, part: annual_report, lead: 办公室}\n", "")
    [problem] = problems_of(write(tmp_path, text))
    assert "政府信息公开栏目缺少：政府信息公开工作年度报告（part: annual_report）" in problem


def test_parts_must_be_siblings(tmp_path):
    text = VALID.replace(
        "          - {id: xzcf,",
        "          - {id: zdd, title: 制度, part: system, lead: 办公室}\n          - {id: xzcf,",
    ).replace(", part: system, lead: 办公室}\n      - id: fdgk", ", lead: 办公室}\n      - id: fdgk")
    [problem] = problems_of(write(tmp_path, text))
    assert "应在同一个上级栏目下" in problem


def test_bad_id_and_commas_in_flow_mappings(tmp_path):
    # An unquoted ASCII comma inside {…} splits the value: caught as unknown keys.
    text = VALID.replace("requirement: 每季度不少于1次更新}", "requirement: 收集反馈意见,采纳意见予以归总}")
    [problem] = problems_of(write(tmp_path, text))
    assert "columns.yml:14: 栏目中不能有 `采纳意见予以归总`" in problem
    text = VALID.replace("id: xzcf,", "id: 行政处罚,")
    [problem] = problems_of(write(tmp_path, text))
    assert "的 `id` 只能用小写字母和数字" in problem


def test_malformed_yaml_names_the_line(tmp_path):
    text = VALID.replace("    lead: 办公室\n    children:", "    lead: [办公室\n    children:", 1)
    [problem] = problems_of(write(tmp_path, text))
    assert problem.startswith("columns.yml:") and "写法有误" in problem


def test_missing_file(tmp_path):
    [problem] = problems_of(tmp_path / "columns.yml")
    assert "栏目责任分解文件不存在" in problem


def test_a_column_without_folder_and_a_folder_without_column(tmp_path):
    matrix = load_matrix(write(tmp_path, VALID))
    content = tmp_path / "content"
    for column in matrix.leaves():
        (content / column.folder).mkdir(parents=True)
    (content / "xxgk/fdgk/xzcf/files").mkdir()  # attachments: allowed
    assert check_folders(matrix, content) == []

    (content / "xxgk/gkzd").rmdir()
    (content / "xxgk/fdgk/xzqz").mkdir()
    problems = [str(p) for p in check_folders(matrix, content)]
    assert len(problems) == 2
    assert problems[0].startswith("columns.yml:8: 栏目“政府信息公开制度”（gkzd）没有文件夹 content/xxgk/gkzd/")
    assert problems[1].startswith("content/xxgk/fdgk/xzqz/: 这个文件夹不是 columns.yml 中的栏目")
    assert "在“法定主动公开内容”（fdgk）下加上 `id: xzqz` 的栏目" in problems[1]


def test_sample_folders_match_the_matrix(sample):
    assert check_folders(sample, ROOT / "content") == []
