"""Click's own words (usage line, section titles, `--help`, argument errors) in Chinese.

Click marks these strings for gettext, but reads the translation from the process's locale
and a compiled catalogue; an editor's terminal is often `C.UTF-8` and setting LANGUAGE for
the whole process would also change git's messages, which gongkai reads. So the modules'
`_` and `ngettext` are replaced with a lookup in the table below: the strings are Click's
public, documented-for-translation texts, and anything not in the table stays as Click
wrote it (a test runs every command's `--help` and the common mistakes, and fails on
English left over).
"""

from __future__ import annotations

import re
import unicodedata

import click
from click import _textwrap, formatting

_click_wrap_text = formatting.wrap_text

WORDS = {
    # help
    "Usage:": "用法：",
    "Options": "选项",
    "Commands": "命令",
    "Positional arguments": "参数",
    "Show this message and exit.": "显示本帮助后退出。",
    "Show the version and exit.": "显示版本号后退出。",
    "default: {default}": "默认：{default}",
    "required": "必填",
    "env var: {var}": "环境变量：{var}",
    "(dynamic)": "（动态）",
    "deprecated": "已停用",
    # errors
    "Error: {message}": "错误：{message}",
    "Try '{command} {option}' for help.": "运行 “{command} {option}” 查看用法。",
    "Aborted!": "已中止。",
    "Missing command.": "缺少命令。",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Missing parameter": "缺少参数",
    "Missing parameter: {param_name}": "缺少参数：{param_name}",
    "No such option: {name}": "没有选项 {name}",
    "No such option {name!r}.": "没有选项 {name!r}。",
    "No such command {name!r}.": "没有命令 {name!r}。",
    "Did you mean {possibility}?": "是不是 {possibility}？",
    "(Possible options: {possibilities})": "（可能是：{possibilities}）",
    "(Did you mean one of: {possibilities}?)": "（是不是其中之一：{possibilities}？）",
    "Got unexpected extra argument ({args})": "多了参数（{args}）",
    "Invalid value: {message}": "取值不对：{message}",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的取值不对：{message}",
    "Option {name!r} requires an argument.": "选项 {name!r} 后面要写一个值。",
    "Option {name!r} requires {nargs} arguments.": "选项 {name!r} 后面要写 {nargs} 个值。",
    "Option {name!r} does not take a value.": "选项 {name!r} 后面不写值。",
    "Argument {name!r} takes {nargs} values.": "参数 {name!r} 要写 {nargs} 个值。",
    "{value!r} is not {choice}.": "{value!r} 不是 {choice}。",
    "{value!r} is not one of {choices}.": "{value!r} 不在 {choices} 之中。",
    "{value!r} is not a valid {number_type}.": "{value!r} 不是数字。",
    "{value} is not in the range {range}.": "{value} 不在 {range} 范围内。",
    "{name} {filename!r} does not exist.": "{name} {filename!r} 不存在。",
    "{name} {filename!r} is a file.": "{name} {filename!r} 是文件，这里要写文件夹。",
    "{name} {filename!r} is a directory.": "{name} {filename!r} 是文件夹，这里要写文件。",
    "{name} {filename!r} is not readable.": "{name} {filename!r} 没有读取权限。",
    "{name} {filename!r} is not writable.": "{name} {filename!r} 没有写入权限。",
    "{name} {filename!r} is not executable.": "{name} {filename!r} 不能执行。",
    "Could not open file {filename!r}: {message}": "打不开文件 {filename!r}：{message}",
    "unknown error": "未知错误",
    "file": "文件",
    "directory": "文件夹",
    "path": "路径",
}

OPTIONS_METAVAR = "[选项]"
SUBCOMMAND_METAVAR = "命令 [参数]..."


def gettext(message: str) -> str:
    return WORDS.get(message, message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """Chinese has one form: the singular's translation serves both."""
    if singular in WORDS:
        return WORDS[singular]
    return singular if count == 1 else plural


def display_width(text: str) -> int:
    """Columns a terminal gives the text: two for each Chinese character, so the help's
    option list lines up when a name such as 文件夹 stands beside --format [text|json],
    and lines wrap where the terminal would."""
    text = click.unstyle(text)
    return len(text) + sum(_wide(c) for c in text)


def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in "WF"


def _truncate(text: str, columns: int) -> str:
    """The longest start of ``text`` that fits in ``columns`` (at least one character)."""
    used = 0
    for i, char in enumerate(text):
        used += 2 if _wide(char) else 1
        if used > columns:
            return text[:max(i, 1)]
    return text


_LINE_BREAK = re.compile(r"(?<=[^\x00-\x7f])\n[ \t]*(?=\S)")


def wrap_text(text: str, *args, **kwargs) -> str:
    """Click's wrap_text, but a paragraph's lines join without the space English needs
    when the line ends in Chinese (else "解读、 保密审查"); Click's no-rewrap blocks stay as written."""
    paragraphs = re.split(r"(\n[ \t]*\n)", text)
    joined = [p if p.lstrip(" ").startswith("\b") else _LINE_BREAK.sub("", p) for p in paragraphs]
    return _click_wrap_text("".join(joined), *args, **kwargs)


class Formatter(formatting.HelpFormatter):
    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{heading}：\n")


class Context(click.Context):
    formatter_class = Formatter


def install(group: click.Group) -> None:
    """Click speaks Chinese from now on, and the commands under ``group`` name their
    options and subcommands in Chinese in the usage line."""
    from click import core, decorators, exceptions, parser, termui, types

    for module in (core, decorators, exceptions, formatting, parser, termui, types):
        if hasattr(module, "_"):
            module._ = gettext
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext
    formatting.term_len = _textwrap.term_len = display_width
    _textwrap._truncate_visible = _truncate
    # A line may break after any Chinese character, but not before closing punctuation.
    _textwrap.TextWrapper.wordsep_re = re.compile(r"([⺀-\uffff][，。；：、）》」”’！？]*|\s+|[^\s⺀-\uffff]+)")
    formatting.wrap_text = wrap_text
    _chinese(group)


def _chinese(command: click.Command) -> None:
    command.context_class = Context
    command.options_metavar = OPTIONS_METAVAR
    if isinstance(command, click.Group):
        command.subcommand_metavar = SUBCOMMAND_METAVAR
        for sub in command.commands.values():
            _chinese(sub)
