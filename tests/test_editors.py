"""The editor's day: slips named in Chinese, one check before commit that is the build's check,
and one truth about every column's state."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from gongkai import load_matrix, read_document
from gongkai.cli import main

from .conftest import build

COLUMN = "content/xxgk/fdgk/xzqlyx/xzcfjg"
GOOD = """---
标题: 行政处罚决定书
索引号: 11990000MB0000002X/2026-00050
发布日期: 2026-09-04
决定日期: 2026-09-04
公开属性: 主动公开
---

正文。
"""


def problems_of(minimal: Path, text: str) -> list[str]:
    path = minimal / COLUMN / "20260904-x.md"
    path.write_text(text, encoding="utf-8")
    matrix = load_matrix(minimal / "columns.yml")
    _, problems = read_document(path, minimal / "content", matrix.get("xzcfjg"))
    return [str(p) for p in problems]


@pytest.mark.parametrize("old,new,expected", [
    ("标题: 行政处罚决定书", "标题：行政处罚决定书", ":2: “标题”后面是全角冒号“：”\n    → 改成半角冒号加一个空格：`标题: 行政处罚决定书`"),
    ("标题: 行政处罚决定书", '标题: "行政处罚决定书”', ":2: “标题”的值以半角引号开头，却没有以同样的引号结尾"),
    ("发布日期: 2026-09-04", "发布日期: 2026/9/4", ":4: “发布日期: 2026/9/4”的写法不对\n    → 日期写成“年-月-日”，月和日都写两位：`发布日期: 2026-09-04`"),
    ("发布日期: 2026-09-04", "发布日期: 2026年9月4日", "`发布日期: 2026-09-04`"),
    ("发布日期: 2026-09-04", "发布日期: 2026-9-4", "`发布日期: 2026-09-04`"),
    ("发布日期: 2026-09-04", "发布日期: 2026-09-31", "“发布日期: 2026-09-31”不是真实的日期（9月没有31日）"),
    ("决定日期: 2026-09-04", "决定日期: 2026-09-04 10:00", ":5: “决定日期”只写日期，不写时间"),
    ("公开属性: 主动公开", "公开属性: 主动公开\n发布时间: 2026-09-04", "没有“发布时间”这个字段\n    → 是不是“发布日期”？"),
    ("公开属性: 主动公开", "公开属性: 主动公开\n文号: 测应急罚〔2026〕9号", "没有“文号”这个字段\n    → 是不是“发文字号”？"),
])
def test_common_slips_get_their_own_message(minimal, old, new, expected):
    found = "\n".join(problems_of(minimal, GOOD.replace(old, new)))
    assert expected in found
    assert not re.search(r"[A-Za-z]{4,} [a-z]{3,}", found.replace("YAML", "")), found  # no English for editors


def test_every_slip_of_a_file_is_told_in_one_round_in_line_order(minimal):
    """A full-width colon does not hide the file's other mistakes; the field written by
    another name is not also reported missing."""
    text = (GOOD.replace("标题: 行政处罚决定书", "标题：行政处罚决定书")
            .replace("发布日期: 2026-09-04", "发布时间: 2026-09-04").replace("决定日期: 2026-09-04", "决定日期: 2026/9/4"))
    found = problems_of(minimal, text)
    assert [p.split(": ", 1)[0].rsplit(":", 1)[1] for p in found] == ["2", "4", "5"], found
    assert "全角冒号" in found[0] and "是不是“发布日期”" in found[1] and "`决定日期: 2026-09-04`" in found[2]
    assert not any("缺少必填字段" in p for p in found)


def run(minimal: Path, *args: str, env: dict | None = None):
    return CliRunner().invoke(main, ["--project", str(minimal), *args], env=env or {})


def _write(minimal: Path, name: str, text: str) -> None:
    (minimal / COLUMN / name).write_text(text, encoding="utf-8")


# Every way the build's checks fail that needs no rendering: validate must fail with the same words.
BREAKAGES = {
    "a duplicated 索引号": (lambda m: _write(m, "20260904-dup.md", GOOD.replace("2026-00050", "2026-00001")),
                          "已被 content/xxgk/fdgk/xzqlyx/xzcfjg/20260901-cf.md 使用"),
    "a malformed 索引号": (lambda m: _write(m, "20260904-bad.md", GOOD.replace("2026-00050", "2026-50")),
                         "不符合本站的格式"),
    "an impossible date": (lambda m: _write(m, "20260904-bad.md", GOOD.replace("发布日期: 2026-09-04", "发布日期: 2026-02-30")),
                           "不是真实的日期（2月没有30日）"),
    "a missing attachment": (lambda m: _write(m, "20260904-bad.md", GOOD.replace(
        "公开属性: 主动公开", "公开属性: 主动公开\n附件:\n  - 名称: 附件\n    文件: files/nope.pdf")), "中的文件不存在"),
    "a personal number": (lambda m: _write(m, "20260904-bad.md", GOOD.replace("正文。", "联系 13912345678")),
                          "有个人信息：手机号码 139****5678"),
    "a missing review": (lambda m: (m / "mkdocs.yml").write_text((m / "mkdocs.yml").read_text(encoding="utf-8").replace(
        "      per_page: 2\n", "      per_page: 2\n      require_review: true\n"), encoding="utf-8"), "没有保密审查记录"),
    "an interpretation of nothing": (lambda m: _write(m, "20260904-bad.md", GOOD.replace(
        "公开属性: 主动公开", "公开属性: 主动公开\n解读: 20260909-nope.md")), "“解读”中的文件不存在"),
    "a folder that is no column": (lambda m: (m / "content/xxgk/fdgk/xzqlyx/xzxk").mkdir(), "这个文件夹不是 columns.yml 中的栏目"),
    "a symlink": (lambda m: (m / COLUMN / "link.md").symlink_to(m / COLUMN / "20260901-cf.md"), "这是符号链接"),
    "a .markdown file": (lambda m: _write(m, "20260904-bad.markdown", GOOD), "文件和页面只能用小写的 .md"),
    "a page not in UTF-8": (lambda m: (m / "content/xxgk/gkzd/index.md").write_bytes("# 制度".encode("gbk")), "文件不是 UTF-8 文本"),
    "a stale column": (lambda m: None, "[逾期未更新] 行政处罚结果（xzcfjg）"),
    "a personal number in a script mkdocs.yml names": (lambda m: _configure_script(m), "手机号码 139****5678"),
    "a page hiding 公开属性 behind a full-width colon": (lambda m: (m / "content/neibu.md").write_text(
        "---\n公开属性：不予公开\n---\n\n内部\n", encoding="utf-8"), "content/neibu.md:2: “公开属性”后面是全角冒号"),
    "a page's draft mark that is no true or false": (lambda m: (m / "content/neibu.md").write_text(
        "---\n草稿: 是\n---\n\n内部\n", encoding="utf-8"), "“草稿: 是”只能写 true 或 false"),
    "a page choosing Material's redirect template": (lambda m: (m / "content/go.md").write_text(
        "---\ntemplate: redirect.html\nlocation: javascript:alert(1)\n---\n", encoding="utf-8"),
        "不能指定模板“redirect.html”"),
    "a personal number in a README.md beside index.md": (lambda m: (m / "content/xxgk/gkzd/README.md").write_text(
        "# 说明\n\n联系 13912345678\n", encoding="utf-8"), "content/xxgk/gkzd/README.md:3: 有个人信息"),
    "an unreadable file behind a stylesheet's url()": (lambda m: _configure_stylesheet(m), "无法读取 .rar 文件中的文字"),
    "an annual report's data that does not add up": (lambda m: _report_with(m, "年度: 二〇二五"), "ndbg-2025.yml"),
    "a personal number in the theme folder": (lambda m: _theme_file(m), "overrides/partials/footer-note.html"),
    "a personal number in robots.txt": (lambda m: (m / "content/robots.txt").write_text(
        "# 联系 13912345678\nUser-agent: *\n", encoding="utf-8"), "文件中有个人信息"),
}


def _report_with(project: Path, slip: str) -> None:
    """The 2025 report document names a data file with ``slip`` in it."""
    from gongkai.annual_report import skeleton

    data = project / "content/xxgk/ndbg/files/ndbg-2025.yml"
    data.parent.mkdir(exist_ok=True)
    data.write_text(skeleton(2025, "测试市应急管理局").replace("年度: 2025", slip), encoding="utf-8")
    page = project / "content/xxgk/ndbg/20260120-ndbg-2025.md"
    page.write_text(page.read_text(encoding="utf-8").replace(
        "公开属性: 主动公开", "公开属性: 主动公开\n年度报告数据: files/ndbg-2025.yml"), encoding="utf-8")


def _theme_file(project: Path) -> None:
    """A template in the site's custom_dir, which MkDocs prints into every page past the gate."""
    (project / "overrides/partials").mkdir(parents=True)
    (project / "overrides/partials/footer-note.html").write_text("<p>值班 13912345678</p>\n", encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "  name: material\n", "  name: material\n  custom_dir: overrides\n", 1), encoding="utf-8")


def _configure(project: Path, setting: str) -> None:
    """mkdocs.yml with ``setting`` (top-level YAML lines) added before `plugins:`."""
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("plugins:\n", setting + "plugins:\n", 1),
                      encoding="utf-8")


def _configure_stylesheet(project: Path) -> None:
    """A stylesheet mkdocs.yml names, pointing at a file no page links to."""
    (project / "content/css").mkdir()
    (project / "content/css/extra.css").write_text("body { background: url(../xxgk/mingdan.rar); }\n", encoding="utf-8")
    (project / "content/xxgk/mingdan.rar").write_bytes(b"Rar!\x1a\x07\x00 13912345678")
    _configure(project, "extra_css:\n  - css/extra.css\n")


def _configure_script(project: Path) -> None:
    """A script no page links to, published because mkdocs.yml names it (`{path: …}` form)."""
    (project / "content/js").mkdir()
    (project / "content/js/contact.js").write_text('var tel = "13912345678";\n', encoding="utf-8")
    _configure(project, "extra_javascript:\n  - path: js/contact.js\n    defer: true\n")


@pytest.mark.parametrize("name", BREAKAGES)
def test_validate_fails_where_the_build_fails_with_the_same_words(name, minimal, tmp_path, monkeypatch):
    breakage, words = BREAKAGES[name]
    monkeypatch.delenv("GONGKAI_AS_OF", raising=False)
    if name == "a stale column":
        monkeypatch.setenv("GONGKAI_AS_OF", "2027-03-01")
    breakage(minimal)
    validated = run(minimal, "validate", env={"GONGKAI_AS_OF": "2027-03-01"} if name == "a stale column" else None)
    built = build(minimal, tmp_path / "site")
    assert validated.exit_code == 1 and built.exit_code == 1, (validated.output, built.output)
    assert words in validated.output and words in built.output
    assert "Traceback" not in validated.output + built.output


def test_validate_passes_where_the_build_passes(minimal, tmp_path):
    assert run(minimal, "validate").exit_code == 0
    assert build(minimal, tmp_path / "site").exit_code == 0


def test_columns_check_and_build_tell_one_state(minimal, tmp_path, monkeypatch):
    monkeypatch.delenv("GONGKAI_AS_OF", raising=False)
    for md in (minimal / "content/xxgk/fdgk/xzqlyx/xzqz").glob("2026*.md"):
        md.unlink()  # 行政强制 is now empty: 空白 for all three
    columns = run(minimal, "columns")
    checked = run(minimal, "check")
    built = build(minimal, tmp_path / "site")
    assert re.search(r"xzqz +行政强制｜.*｜空白", columns.output), columns.output
    assert "行政处罚结果｜" in columns.output and "｜正常" in columns.output
    for output in (checked.output, built.output):
        assert "空白栏目：1 个（行政强制）" in output
        assert "没有栏目违反更新要求" not in output or "但对照检查指标有空白栏目 1 个" in output
        assert "全部栏目符合更新要求" not in output


def test_units_are_shown_as_the_matrix_names_them(minimal):
    matrix = minimal / "columns.yml"
    matrix.write_text(matrix.read_text(encoding="utf-8")
                      .replace("units: [办公室, 政策法规处, 各执法处室]", "units: [办公室, 政策法规处, 各执法处室, 各承办处室、单位]")
                      .replace("                title: 行政强制\n                lead: 政策法规处",
                               "                title: 行政强制\n                lead: [政策法规处, 各承办处室、单位]"),
                      encoding="utf-8")
    shown = run(minimal, "columns", "--unit", "各承办处室、单位")
    assert shown.exit_code == 0, shown.output
    assert "牵头：政策法规处；各承办处室、单位" in shown.output  # two units, one of them with a 、 in its name
    assert run(minimal, "columns", "--unit", "各承办处室").exit_code == 2  # not a unit of its own


def test_another_files_mistake_does_not_stop_new_work(minimal):
    _write(minimal, "20260904-broken.md", GOOD.replace("标题: 行政处罚决定书", "标题：行政处罚决定书"))
    result = run(minimal, "new", "xzcfjg", "行政处罚决定书", env={"GONGKAI_NOW": "2026-09-10 09:00"})
    assert result.exit_code == 0, result.output
    assert "已新建 content/xxgk/fdgk/xzqlyx/xzcfjg/20260910-xzcfjg-" in result.output
    assert "另有 1 处问题（运行 gongkai validate 查看）" in result.output
    assert run(minimal, "validate").exit_code == 1  # the mistake is still told where it counts


def test_validate_tells_every_kind_of_problem_in_one_round_as_the_build_does(minimal, tmp_path):
    _write(minimal, "20260904-bad.md", GOOD.replace("发布日期: 2026-09-04", "发布日期: 2026-02-30"))
    _write(minimal, "20260904-dup.md", GOOD.replace("2026-00050", "2026-00001"))
    validated, built = run(minimal, "validate"), build(minimal, tmp_path / "site")
    for output in (validated.output, built.output):
        assert "不是真实的日期" in output and "已被 content/xxgk/fdgk/xzqlyx/xzcfjg/20260901-cf.md 使用" in output


def test_a_page_with_a_future_date_waits_for_it(minimal, tmp_path):
    (minimal / "content/later.md").write_text("---\n发布日期: 2099-01-01\n---\n\n以后\n", encoding="utf-8")
    validated, built = run(minimal, "validate"), build(minimal, tmp_path / "site")
    assert validated.exit_code == 0 and built.exit_code == 0, validated.output + built.output
    for output in (validated.output, built.output):
        assert "content/later.md：发布日期 2099-01-01 还没到" in output
    assert not (built.site / "later").exists()


def test_validate_leaves_the_update_rules_to_a_site_that_turns_them_off(minimal, tmp_path, monkeypatch):
    config = minimal / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("      per_page: 2\n", "      per_page: 2\n      freshness: false\n"),
                      encoding="utf-8")
    monkeypatch.setenv("GONGKAI_AS_OF", "2027-03-01")  # every column overdue, were they checked
    validated, built = run(minimal, "validate", env={"GONGKAI_AS_OF": "2027-03-01"}), build(minimal, tmp_path / "site")
    assert validated.exit_code == 0 and built.exit_code == 0, validated.output + built.output


def test_a_broken_link_is_told_in_chinese_with_its_file(minimal, tmp_path):
    _write(minimal, "20260904-link.md", GOOD.replace("正文。", "见[处罚依据](yiju.md)和[附件](files/nope.pdf)。"))
    built = build(minimal, tmp_path / "site")
    assert built.exit_code == 1  # --strict: MkDocs' warning still counts
    assert "content/xxgk/fdgk/xzqlyx/xzcfjg/20260904-link.md: 链接“yiju.md”指向的文件不存在" in built.output
    assert "检查文件名和路径" in built.output and "Doc file" not in built.output
