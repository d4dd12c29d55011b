"""Every word the `gongkai` command shows an editor is Chinese: each command's --help,
Click's usage errors, and the lines fit an 80-column terminal."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from gongkai.cli import main
from gongkai.cliwords import display_width

# What may stay in Latin letters: names the editor types or sees in files, not sentences.
NAMES = {
    "gongkai", "git", "yml", "yaml", "json", "text", "md", "html", "mkdocs", "pre", "commit",
    "codeowners", "github", "gitlab", "ci", "team_handles", "chinesecalendar", "xzcfjg",
    "yyyy", "mm", "dd", "gongkai_as_of", "monitor", "ndbg", "cache", "documents", "pickle",
    "files", "columns", "holidays", "validate", "check", "new", "unit", "report", "schedule",
    "import", "show",
}


def commands(group: click.Group, path: tuple[str, ...] = ()):
    for name, command in sorted(group.commands.items()):
        yield (*path, name)
        if isinstance(command, click.Group):
            yield from commands(command, (*path, name))


def english(text: str) -> list[str]:
    text = re.sub(r"--?[a-z][a-z-]*", " ", text)  # option names
    text = re.sub(r"'[^']*'", " ", text)  # what the editor typed, quoted back
    text = re.sub(r"\S+\.(yml|md|html|json|pickle)\b|\S*/\S*", " ", text)  # file names and paths
    return [w for w in re.findall(r"[A-Za-z_]{2,}", text) if w.lower() not in NAMES]


def invoke(*args: str) -> str:
    result = CliRunner().invoke(main, list(args), prog_name="gongkai", terminal_width=80)
    return result.output


ALL = [(), *commands(main)]


@pytest.mark.parametrize("path", ALL, ids=lambda p: " ".join(p) or "gongkai")
def test_help_is_chinese_and_fits_the_terminal(path):
    text = invoke(*path, "--help")
    assert text.startswith("用法： gongkai") and "选项：" in text and "显示本帮助后退出。" in text
    assert english(text) == [], text
    assert max(display_width(line) for line in text.splitlines()) <= 80, text
    assert "、 " not in text and "， " not in text  # a docstring's line break is no space in Chinese


@pytest.mark.parametrize("args, words", [
    (["nosuch"], "没有命令 'nosuch'"),
    (["chek"], "是不是 'check'？"),
    (["new"], "缺少参数 '栏目'"),
    (["new", "xzcfjg"], "缺少参数 '标题'"),
    (["check", "--as-of"], "选项 '--as-of' 后面要写一个值。"),
    (["check", "--format", "xml"], "'--format' 的取值不对"),
    (["check", "--nosuch"], "没有选项 '--nosuch'"),
    (["holidays", "show", "二〇二七"], "不是数字"),
    (["schedule", "--due-within", "0"], "不在 1<=x<=1440 范围内"),
])
def test_a_mistyped_command_is_told_in_chinese(args, words):
    text = invoke(*args)
    assert "错误：" in text and words in text, text
    assert english(text) == [], text


def test_the_installed_command_speaks_chinese_too():
    """The console script, as an editor runs it (not only Click's test runner)."""
    gongkai = Path(sys.executable).parent / "gongkai"
    result = subprocess.run([str(gongkai), "new"], capture_output=True, text=True)
    assert result.returncode == 2 and "错误：缺少参数 '栏目'" in result.stderr
    assert "用法： gongkai new [选项] 栏目 标题" in result.stderr


def test_the_wrapped_help_breaks_chinese_by_width_not_by_spaces():
    from gongkai.cliwords import wrap_text

    text = wrap_text("检查每篇信息的字段、索引号、解读、\n保密审查和附件，一共" + "很多" * 30 + "。", 40,
                     preserve_paragraphs=True)
    lines = text.splitlines()
    assert "解读、保密审查" in "".join(lines)
    assert all(display_width(line) <= 40 for line in lines) and len(lines) > 2
    assert not any(line.startswith(("，", "。", "、")) for line in lines)
