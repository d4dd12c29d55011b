"""The flat fast path of yamlfile.load must read exactly what PyYAML reads, lines included."""

from __future__ import annotations

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai import yamlfile


def full(text: str):
    """PyYAML through gongkai's loader, without the fast path."""
    return yaml.load(text, Loader=yamlfile._Loader)  # noqa: S506 - a safe loader


def same(a, b) -> bool:
    """Equal values of equal types, and equal recorded lines."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return (a.line == b.line and a.key_lines == b.key_lines and list(a) == list(b)
                and all(same(a[k], b[k]) for k in a))
    return a == b


KEYS = ["标题", "索引号", "发布日期", "成文日期", "保密审查", "草稿", "title", "yes", "on", "No",
        "null", "~", "a#b", "<<", "=", "1", "2026-01-01", "-k", "k-", "?k", "é", "审查 单位", "'q'", '"d"']
SCALARS = ["示例市应急管理局", "2026-11-05", "2026-11-05 09:30", "2026-02-30", "2026-11-05T09:30:00Z",
           "示应急〔2026〕12号", "11990000MB0000001X/2026-00001", "true", "False", "yes", "off", "null",
           "~", "12", "0x1f", "1_000", "3.5", ".inf", "1:20", "-", "- a", "a: b", "a:b", "a #c", "a#c",
           "'单引号'", "'it''s'", '"双引号"', '"转义\\n"', '"半"截', "{}", "{ }", "[a]", "&anchor x",
           "*alias", "!tag x", "|", ">", "%x", "@x", "`x", "值：全角冒号", "a,b", "a, b", "  spaced  ",
           "中 文  空格", "x:", "https://example.gov.cn/a?b=c#d", ""]
FLOW = st.lists(st.tuples(st.sampled_from(KEYS), st.sampled_from(SCALARS)), max_size=3).map(
    lambda pairs: "{" + ", ".join(f"{k}: {v}" for k, v in pairs) + "}")
VALUE = st.one_of(st.sampled_from(SCALARS), FLOW, st.text(max_size=12))
LINE = st.one_of(
    st.tuples(st.sampled_from(KEYS), VALUE).map(lambda kv: f"{kv[0]}: {kv[1]}".rstrip()),
    st.tuples(st.sampled_from(KEYS), VALUE).map(lambda kv: f"{kv[0]}:{kv[1]}"),
    st.sampled_from(["", "# 注释", "  # indented comment", "  nested: value", "- item", "---", "\t",
                     "key: value\r", "key: a\u2028b", "\ufeffkey: v", "key: value # comment"]),
)


@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(LINE, max_size=8))
def test_the_fast_path_reads_what_pyyaml_reads(lines):
    text = "\n".join(lines) + "\n"
    flat = yamlfile.load_flat(text)
    if flat is None:
        return  # PyYAML reads it
    assert same(flat, full(text)), text


@settings(max_examples=1000, deadline=None)
@given(st.text(max_size=60))
def test_the_fast_path_on_arbitrary_text(text):
    flat = yamlfile.load_flat(text)
    if flat is not None:
        assert same(flat, full(text)), repr(text)


def test_typical_front_matter_takes_the_fast_path():
    text = ("标题: 示例市应急管理局关于加强防灾减灾宣传教育的公告\n索引号: 11990000MB0000001X/2026-11473\n"
            "发布日期: 2026-11-05 09:30\n发文字号: 示应急〔2026〕1473号\n"
            "保密审查: {审查单位: 办公室, 审查日期: 2026-11-05}\n公开属性: 主动公开\n草稿: false\n")
    flat = yamlfile.load_flat(text)
    assert flat is not None and same(flat, full(text))
    assert flat["保密审查"].line_of("审查日期") == 5 and flat["草稿"] is False


def test_what_the_fast_path_leaves_to_pyyaml():
    for text in ("附件:\n  - 名称: a\n    文件: files/a.pdf\n", "a: 1\na: 2\n", "a: 12\n", "a: b # c\n",
                 "a: \"x\\ny\"\n", "a: b\r\n"):
        assert yamlfile.load_flat(text) is None, text


def test_errors_still_name_the_line():
    try:
        yamlfile.load("标题: a\n标题: b\n", "content/x.md", first_line=2)
    except yamlfile.YamlProblem as error:
        assert error.problem.line == 3 and "写了两次" in error.problem.message
    else:
        raise AssertionError("a duplicate key must be an error")
