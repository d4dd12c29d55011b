"""YAML that remembers where each value came from.

Editors' YAML (columns.yml, front matter) is loaded with PyYAML's safe loader, with two
changes: every mapping records the line of each key, so errors can name the line; and
dates stay strings, so an impossible date like 2026-02-30 is reported by our own
checks with its line instead of raising deep inside PyYAML.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import yaml

from .errors import GongkaiError, Problem

try:  # the C parser is several times faster on large sites
    _Base = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Base = yaml.SafeLoader


class Mapping(dict):
    """A dict that knows the line of each key (1-based) and of itself."""

    line: int = 0
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class Sequence(list):
    """A list that knows the line of each item (1-based) and of itself."""

    line: int = 0
    item_lines: list[int]

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if index < len(self.item_lines) else self.line


class _Loader(_Base):
    pass


class _DuplicateKey(yaml.MarkedYAMLError):
    pass


# Keep dates as strings: drop the timestamp resolver.
_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> Mapping:
    loader.flatten_mapping(node)
    mapping = Mapping()
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str):
            key = str(key)
        if key in mapping:
            raise _DuplicateKey(
                problem=f"“{key}”写了两次", problem_mark=key_node.start_mark
            )
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_lines[key] = key_node.start_mark.line + 1
    return mapping


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> Sequence:
    sequence = Sequence(loader.construct_object(child, deep=True) for child in node.value)
    sequence.line = node.start_mark.line + 1
    sequence.item_lines = [child.start_mark.line + 1 for child in node.value]
    return sequence


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


class _TextLoader(_Loader):
    """Numbers stay text too: YAML 1.1 reads `010` as 8, `1:30` as 90 and `0x1B` as 27, so
    files of figures (annual reports) read every number themselves, in base 10."""


_TextLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers
            if tag not in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")]
    for first, resolvers in _Loader.yaml_implicit_resolvers.items()
}


def load(text: str, file: str, first_line: int = 1, numbers_as_text: bool = False) -> Any:
    """Parse YAML text; on a syntax error raise ``YamlProblem`` naming file and line.

    ``first_line`` is the line of ``text``'s first line in the file, for YAML that
    sits inside a larger file such as front matter. With ``numbers_as_text``, plain
    scalars that YAML would read as numbers stay strings (see ``_TextLoader``).
    """
    flat = None if numbers_as_text else load_flat(text)
    if flat is not None:
        return flat
    try:
        return yaml.load(text, Loader=_TextLoader if numbers_as_text else _Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + first_line if mark else None
        message = f"这一行的写法有误（YAML：{error.problem or error.context}）"
        if isinstance(error, _DuplicateKey):
            message = f"字段重复：{error.problem}"
        if error.context_mark and mark and error.context_mark.line != mark.line:
            message += f"（所在的值从第 {error.context_mark.line + first_line} 行开始）"
        raise YamlProblem(
            Problem(
                file,
                line,
                message,
                "两处只保留一处"
                if isinstance(error, _DuplicateKey)
                else "检查这一行的缩进和引号；冒号用半角“: ”（冒号后有空格）；"
                "值里含有“: ”或以引号开头时，整个值用引号括起来",
            )
        ) from None
    except yaml.YAMLError as error:
        raise YamlProblem(Problem(file, None, f"文件写法有误（YAML：{error}）",
                                  "检查缩进和引号；冒号用半角“: ”（冒号后有空格）")) from None


def load_file(path, name: str, numbers_as_text: bool = False) -> Any:
    """Read and parse a UTF-8 YAML file; raise GongkaiError naming ``name`` for any mistake."""
    try:
        text = path.read_text(encoding="utf-8-sig")  # tolerate the BOM some Windows editors write
    except UnicodeDecodeError:
        raise GongkaiError([Problem(name, None, "文件不是 UTF-8 文本", "用 UTF-8 编码另存该文件")]) from None
    try:
        return load(text, name, numbers_as_text=numbers_as_text)
    except YamlProblem as error:
        raise GongkaiError([error.problem]) from None


# -- the fast path ---------------------------------------------------------------------
#
# Even with libyaml, PyYAML spends about 300 µs on a document's ten lines of front matter:
# 15 s for a 50,000-document site, where `gongkai check` should take 2. Almost all front
# matter is flat `key: value` lines (and the one-line `{审查单位: …, 审查日期: …}`), which
# `load_flat` reads directly, resolving each scalar with PyYAML's own resolver. Anything
# else, including every error, returns None and goes to PyYAML; a property test checks
# that both give the same values, types and lines.

_RESOLVER = _Loader("")
_STR, _BOOL = "tag:yaml.org,2002:str", "tag:yaml.org,2002:bool"
_BOOLS = {"yes": True, "true": True, "on": True, "no": False, "false": False, "off": False}
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@` ")
_IMPLICIT = _Loader.yaml_implicit_resolvers  # first character → resolvers
_FLOW_PLAIN = re.compile(r"[^\s:#'\"{}\[\],&*!|>%@`?-](?:[^:#\t,\[\]{}]|:(?=[^\s,\[\]{}])|(?<=\S)#)*")
_KEY = re.compile(r"[^\s:#'\"{}\[\],&*!|>%@`?-][^\s:]*")
# Tabs, carriage returns and the characters YAML treats as line breaks or rejects.
_UNPRINTABLE = re.compile("[^\x0a\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")
_NOT_FLAT = object()
_seen: dict[str, Any] = {}  # scalar text → value; units, dates and flags repeat across a site


def load_flat(text: str) -> Mapping | None:
    """Flat `key: value` YAML as a Mapping with lines, or None when PyYAML must read it."""
    if _UNPRINTABLE.search(text):
        return None
    mapping = Mapping()
    mapping.key_lines = lines = {}
    for number, line in enumerate(text.split("\n"), 1):
        stripped = line.strip()
        if not stripped or stripped[0] == "#":
            continue  # blank lines and comments
        key, colon, rest = line.partition(":")
        if not colon or (rest and rest[0] != " ") or not _KEY.fullmatch(key):
            return None
        key = _memo(key, _plain)
        value = _value(rest.strip(" "), number)
        if key is _NOT_FLAT or value is _NOT_FLAT or not isinstance(key, str) or key in mapping:
            return None
        if not lines:
            mapping.line = number
        mapping[key], lines[key] = value, number
    return mapping or None


def _value(text: str, line: int) -> Any:
    if not text:
        return None
    if text[0] != "{":
        return _memo(text, _plain)
    pairs = _seen.get(text)
    if pairs is None:
        pairs = _flow_pairs(text)
        _remember(text, pairs)
    if pairs is _NOT_FLAT:
        return _NOT_FLAT
    flow = Mapping(pairs)
    flow.line, flow.key_lines = line, dict.fromkeys(flow, line)
    return flow


def _flow_pairs(text: str) -> list | object:
    """The (key, value) pairs of a one-line `{a: b, c: d}` of plain or simply quoted scalars."""
    inner = text[1:-1].strip() if text[-1] == "}" else "{"
    pairs: list[tuple[str, Any]] = []
    for item in inner.split(",") if inner else ():
        key, colon, value = item.strip().partition(": ")
        key, value = _scalar(key, _flow_plain), _scalar(value.strip(" "), _flow_plain)
        if not colon or _NOT_FLAT in (key, value) or not isinstance(key, str) \
                or key in dict(pairs):
            return _NOT_FLAT
        pairs.append((key, value))
    return pairs


def _plain(text: str) -> bool:
    """A block-context plain scalar (what `_FLOW_PLAIN` says, less the flow rules)."""
    return (text[0] not in _INDICATORS and ": " not in text and " #" not in text
            and text[-1] not in ": ")


def _flow_plain(text: str) -> bool:
    return _FLOW_PLAIN.fullmatch(text) is not None


def _memo(text: str, plain: Callable[[str], bool]) -> Any:
    value = _seen.get(text, _seen)
    if value is _seen:
        value = _scalar(text, plain)
        _remember(text, value)
    return value


def _remember(text: str, value: Any) -> None:
    if len(_seen) > 100_000:
        _seen.clear()
    _seen[text] = value


def _scalar(text: str, plain: Callable[[str], bool]) -> Any:
    """One scalar: quoted without escapes, or plain and resolved as PyYAML resolves it."""
    if len(text) >= 2 and text[0] == text[-1] == '"' and '"' not in text[1:-1] \
            and "\\" not in text:
        return text[1:-1]
    if len(text) >= 2 and text[0] == text[-1] == "'" and "'" not in text[1:-1]:
        return text[1:-1]
    if not text or not plain(text) or text[-1] == " ":
        return _NOT_FLAT
    if text[0] not in _IMPLICIT and None not in _IMPLICIT:
        return text  # no implicit type starts with this character: a string
    tag = _RESOLVER.resolve(yaml.ScalarNode, text, (True, False))
    if tag == _STR:
        return text
    if tag == _BOOL and text.lower() in _BOOLS:
        return _BOOLS[text.lower()]
    return _NOT_FLAT  # numbers and nulls are rare in front matter: PyYAML reads them


class YamlProblem(Exception):
    """A YAML syntax error, as a Problem."""

    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


def shift_lines(value: Any, offset: int) -> None:
    """Move every recorded line by ``offset`` (for YAML embedded in a larger file)."""
    if isinstance(value, Mapping):
        value.line += offset
        value.key_lines = {k: v + offset for k, v in value.key_lines.items()}
        for item in value.values():
            shift_lines(item, offset)
    elif isinstance(value, list):
        if isinstance(value, Sequence):
            value.line += offset
            value.item_lines = [line + offset for line in value.item_lines]
        for item in value:
            shift_lines(item, offset)
