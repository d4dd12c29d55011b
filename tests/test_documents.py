"""Documents' front matter: parsed into typed values, bad input named by file and line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from gongkai import Column, load_documents, load_matrix, read_document
from gongkai.documents import newest_first, split_front_matter

from .conftest import ROOT

COLUMN = Column("xzcfjg", "行政处罚结果", ("政策法规处",), path=("xxgk", "xzcfjg"))
NORMATIVE = Column("gfxwj", "规范性文件", ("政策法规处",), normative=True, path=("xxgk", "gfxwj"))

GOOD = """\
---
标题: 行政处罚决定书
索引号: 11990000MB0000001X/2026-00015
发布机构: 示例市应急管理局
主题分类: 行政执法
成文日期: 2026-09-01
发布日期: 2026-09-02 09:30
发文字号: （示）应急罚〔2026〕15号
公开属性: 主动公开
---

当事人：示例化工有限公司。
"""


def write(tmp_path: Path, text: str, name: str = "20260902-cf.md", column: Column = COLUMN) -> Path:
    folder = tmp_path / "content" / column.folder
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def read(tmp_path: Path, text: str, column: Column = COLUMN):
    path = write(tmp_path, text, column=column)
    return read_document(path, tmp_path / "content", column, "默认机构")


def messages(tmp_path: Path, text: str, column: Column = COLUMN) -> list[str]:
    document, problems = read(tmp_path, text, column)
    assert document is None
    return [str(p) for p in problems]


def test_a_good_document(tmp_path):
    document, problems = read(tmp_path, GOOD)
    assert problems == []
    assert document.title == "行政处罚决定书"
    assert document.path == "xxgk/xzcfjg/20260902-cf.md"
    assert document.column == "xzcfjg"
    assert document.published == dt.datetime(2026, 9, 2, 9, 30)
    assert document.written == dt.date(2026, 9, 1)
    assert document.doc_number == "（示）应急罚〔2026〕15号"
    assert document.is_public


def test_publisher_defaults_to_the_site(tmp_path):
    document, _ = read(tmp_path, GOOD.replace("发布机构: 示例市应急管理局\n", ""))
    assert document.publisher == "默认机构"


def test_impossible_date_names_file_and_line(tmp_path):
    [problem] = messages(tmp_path, GOOD.replace("成文日期: 2026-09-01", "成文日期: 2026-02-30"))
    assert problem.startswith("content/xxgk/xzcfjg/20260902-cf.md:6: “成文日期: 2026-02-30”不是真实的日期（2月没有30日）")


def test_date_in_another_form(tmp_path):
    [problem] = messages(tmp_path, GOOD.replace("发布日期: 2026-09-02 09:30", "发布日期: 2026年9月2日"))
    assert ":7: “发布日期: 2026年9月2日”的写法不对" in problem and "`发布日期: 2026-09-02`" in problem


def test_unknown_disclosure_attribute(tmp_path):
    [problem] = messages(tmp_path, GOOD.replace("公开属性: 主动公开", "公开属性: 公开"))
    assert ":9: 公开属性“公开”不是可用的值" in problem
    assert "主动公开、依申请公开 或 不予公开" in problem


def test_missing_required_fields(tmp_path):
    text = GOOD.replace("标题: 行政处罚决定书\n", "").replace("公开属性: 主动公开\n", "")
    problems = messages(tmp_path, text)
    assert any("缺少必填字段“标题”" in p for p in problems)
    assert any("缺少必填字段“公开属性”" in p for p in problems)


def test_unknown_field_suggests_the_right_one(tmp_path):
    [problem] = messages(tmp_path, GOOD.replace("发文字号:", "发文字号码:"))
    assert ":8: 没有“发文字号码”这个字段" in problem and "是不是“发文字号”？" in problem


def test_published_before_written(tmp_path):
    [problem] = messages(tmp_path, GOOD.replace("成文日期: 2026-09-01", "成文日期: 2026-09-05"))
    assert "发布日期 2026-09-02 早于成文日期 2026-09-05" in problem


def test_normative_documents_need_validity(tmp_path):
    [problem] = messages(tmp_path, GOOD, column=NORMATIVE)
    assert "栏目是规范性文件，必须填写“有效性”" in problem
    document, problems = read(tmp_path, GOOD.replace("公开属性", "有效性: 废止\n公开属性"), NORMATIVE)
    assert problems == [] and document.validity == "废止"
    [problem] = messages(tmp_path, GOOD.replace("公开属性", "有效性: 作废\n公开属性"), NORMATIVE)
    assert "有效性“作废”不是可用的值" in problem


def test_attachments_must_exist(tmp_path):
    text = GOOD.replace("公开属性: 主动公开", "公开属性: 主动公开\n附件:\n  - 名称: 决定书\n    文件: files/jueding.pdf")
    [problem] = messages(tmp_path, text)
    assert ":11: “附件”中的文件不存在：files/jueding.pdf" in problem
    pdf = tmp_path / "content/xxgk/xzcfjg/files/jueding.pdf"
    pdf.parent.mkdir()
    pdf.write_bytes(b"%PDF-1.4\n")
    document, problems = read(tmp_path, text)
    assert problems == []
    assert [(a.name, a.path) for a in document.attachments] == [("决定书", "xxgk/xzcfjg/files/jueding.pdf")]


def test_attachment_outside_content_is_refused(tmp_path):
    text = GOOD.replace("公开属性: 主动公开", "公开属性: 主动公开\n附件: [../../../../etc/passwd]")
    [problem] = messages(tmp_path, text)
    assert "指向网站内容文件夹之外" in problem


def test_no_front_matter_and_bad_yaml(tmp_path):
    [problem] = messages(tmp_path, "当事人：某公司。\n")
    assert problem.startswith("content/xxgk/xzcfjg/20260902-cf.md:1: 文件开头没有字段块")
    [problem] = messages(tmp_path, GOOD.replace("标题: 行政处罚决定书", "标题: [行政处罚决定书"))
    assert ":3: 这一行的写法有误" in problem and "所在的值从第 2 行开始" in problem


def test_split_front_matter_keeps_the_body():
    yaml_text, body, line = split_front_matter(GOOD)
    assert yaml_text.startswith("标题:") and body.strip() == "当事人：示例化工有限公司。" and line == 2
    assert split_front_matter("no front matter") == (None, "no front matter", 0)


def test_interpretation_links_to_its_policy(tmp_path):
    content = tmp_path / "content"
    matrix_file = tmp_path / "columns.yml"
    matrix_file.write_text(
        "units: [办公室]\ncolumns:\n  - id: xxgk\n    title: 政府信息公开\n    lead: 办公室\n    children:\n"
        "      - {id: gkzn, title: 指南, part: guide, lead: 办公室}\n"
        "      - {id: gkzd, title: 制度, part: system, lead: 办公室}\n"
        "      - id: fdgk\n        title: 法定\n        part: statutory\n        lead: 办公室\n        children:\n"
        "          - {id: wj, title: 文件, lead: 办公室}\n          - {id: jd, title: 解读, lead: 办公室}\n"
        "      - {id: ndbg, title: 年报, part: annual_report, lead: 办公室}\n", encoding="utf-8")
    matrix = load_matrix(matrix_file)
    policy = write(tmp_path, GOOD, "policy.md", matrix.get("wj"))
    write(tmp_path, GOOD.replace("公开属性", "解读: ../wj/policy.md\n公开属性"), "jd.md", matrix.get("jd"))
    documents, problems = load_documents(content, matrix)
    assert problems == []
    assert {d.path: d.interprets for d in documents}["xxgk/fdgk/jd/jd.md"] == "xxgk/fdgk/wj/policy.md"

    policy.write_text(GOOD.replace("主动公开", "依申请公开"), encoding="utf-8")
    documents, problems = load_documents(content, matrix)
    assert "所解读的政策（xxgk/fdgk/wj/policy.md）是“依申请公开”" in str(problems[0])


def test_newest_first():
    def doc(day: int, serial: str):
        from gongkai import Document
        return Document("p", "c", "t", f"X/2026-{serial}", dt.datetime(2026, 1, day), "主动公开")
    ordered = newest_first([doc(1, "00001"), doc(3, "00002"), doc(3, "00003")])
    assert [d.index_number for d in ordered] == ["X/2026-00003", "X/2026-00002", "X/2026-00001"]


def test_the_sample_content_is_valid():
    matrix = load_matrix(ROOT / "columns.yml")
    documents, problems = load_documents(ROOT / "content", matrix)
    assert problems == []
    public = [d for d in documents if d.is_public]
    assert len(public) >= 60
    assert {d.disclosure for d in documents} == {"主动公开", "依申请公开", "不予公开"}
    assert any(d.validity for d in public) and any(d.interprets for d in public)
    assert any(d.attachments for d in public)
    assert any(d.column == "xzcfjg" for d in public)
    used = {d.column for d in public}
    empty = [c.id for c in matrix.leaves() if c.id not in used]
    assert 0 < len(empty) < len(list(matrix.leaves())) / 4  # most columns have documents


@pytest.mark.parametrize("per_page,pages", [(20, 2), (25, 1), (1, 25)])
def test_pagination(per_page, pages):
    from gongkai import Document, paginate
    documents = [Document(f"d{i}", "c", "t", f"X/2026-{i:05d}", dt.datetime(2026, 1, 1 + i % 28), "主动公开")
                 for i in range(25)]
    listing = paginate(documents, per_page)
    assert len(listing) == pages
    assert sum(len(p.documents) for p in listing) == 25
    assert listing[0].previous is None and listing[-1].next is None
    flat = [d for p in listing for d in p.documents]
    assert flat == newest_first(documents)


def test_an_empty_column_has_one_page():
    from gongkai import paginate
    [page] = paginate([], 20)
    assert page.documents == () and page.count == 1
