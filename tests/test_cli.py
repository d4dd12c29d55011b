"""The `gongkai` command's exit codes and messages."""

from __future__ import annotations

from click.testing import CliRunner

from gongkai.cli import main


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_validate_a_good_project(minimal):
    result = run("--project", str(minimal), "validate")
    assert result.exit_code == 0, result.output
    assert "检查通过：5 个栏目，6 篇信息，其中 5 篇将发布" in result.output
    assert "不发布：content/xxgk/fdgk/xzqlyx/xzcfjg/20260905-neibu.md：公开属性为“不予公开”" in result.output


def test_validate_reports_content_problems_with_exit_1(minimal):
    document = minimal / "content/xxgk/fdgk/xzqlyx/xzcfjg/20260901-cf.md"
    document.write_text(document.read_text(encoding="utf-8").replace("公开属性: 主动公开", "公开属性: 公开"),
                        encoding="utf-8")
    result = run("--project", str(minimal), "validate")
    assert result.exit_code == 1
    assert "content/xxgk/fdgk/xzqlyx/xzcfjg/20260901-cf.md:10: 公开属性“公开”不是可用的值" in result.output


def test_validate_a_broken_matrix_exits_2(minimal):
    (minimal / "columns.yml").write_text("units: [办公室\n", encoding="utf-8")
    result = run("--project", str(minimal), "validate")
    assert result.exit_code == 2
    assert "columns.yml:" in result.output and "写法有误" in result.output
    assert "Traceback" not in result.output
