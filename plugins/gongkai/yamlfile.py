"""YAML that remembers where each value came from.

Editors' YAML (columns.yml, front matter) is loaded with PyYAML's safe loader, with two
changes: every mapping records the line of each key, so errors can name the line; and
dates stay strings, so an impossible date like 2026-02-30 is reported by our own
checks with its line instead of raising deep inside PyYAML.
"""

from __future__ import annotations

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
                problem=f"the key “{key}” appears twice", problem_mark=key_node.start_mark
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


def load(text: str, file: str, first_line: int = 1) -> Any:
    """Parse YAML text; on a syntax error raise ``YamlProblem`` naming file and line.

    ``first_line`` is the line of ``text``'s first line in the file, for YAML that
    sits inside a larger file such as front matter.
    """
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - a safe loader
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + first_line if mark else None
        message = f"this is not valid YAML: {error.problem or error.context}"
        if error.context_mark and mark and error.context_mark.line != mark.line:
            message += f" (in the value that starts on line {error.context_mark.line + first_line})"
        raise YamlProblem(
            Problem(
                file,
                line,
                message,
                "keep one of the two entries"
                if isinstance(error, _DuplicateKey)
                else "check the indentation and quoting on this line; values with a colon "
                "followed by a space need quotes",
            )
        ) from None
    except yaml.YAMLError as error:
        raise YamlProblem(Problem(file, None, f"this is not valid YAML: {error}")) from None


def load_file(path, name: str) -> Any:
    """Read and parse a UTF-8 YAML file; raise GongkaiError naming ``name`` for any mistake."""
    try:
        text = path.read_text(encoding="utf-8-sig")  # tolerate the BOM some Windows editors write
    except UnicodeDecodeError:
        raise GongkaiError([Problem(name, None, "the file is not UTF-8 text", "save it as UTF-8")]) from None
    try:
        return load(text, name)
    except YamlProblem as error:
        raise GongkaiError([error.problem]) from None


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
