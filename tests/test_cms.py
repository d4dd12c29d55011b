"""The web editor's configuration (/admin/config.yml) is made from columns.yml and holds the
same rules as `gongkai validate`, so the two cannot drift apart (issue 22)."""

from __future__ import annotations

import datetime as dt
import posixpath
import re

import yaml

from gongkai import clock, cms, load_matrix
from gongkai.catalogue import IndexPattern
from gongkai.documents import DISCLOSURE, REQUIRED, VALIDITY
from gongkai.scaffold import document_text, next_index_number

from .conftest import ROOT, build

#: Titles of the sample's documents that are not published: never in the editor's files.
NOT_PUBLIC = ("行政处罚案件内部审批表", "安全生产执法检查内部工作方案")


def _config(sample_build) -> dict:
    return yaml.safe_load((sample_build.site / "admin/config.yml").read_text(encoding="utf-8"))


def _fields(collection: dict) -> dict[str, dict]:
    return {f["name"]: f for f in collection["fields"]}


def test_one_collection_per_leaf_column_in_the_matrix_order(sample_build):
    matrix = load_matrix(ROOT / "columns.yml")
    collections = _config(sample_build)["collections"]
    leaves = list(matrix.leaves())
    assert [c["name"] for c in collections] == [c.id for c in leaves]
    for collection, column in zip(collections, leaves, strict=True):
        assert collection["folder"] == f"content/{column.folder}"
        assert (ROOT / collection["folder"]).is_dir()
        assert collection["label"].endswith(column.title)
        assert column.lead_text in collection["description"]
        assert collection["media_folder"] == "files"  # the column's files/, beside its documents
    penalty = next(c for c in collections if c["name"] == "xzcfjg")
    assert penalty["label"] == "行政权力运行 · 行政处罚结果"


def test_each_form_has_the_fields_gongkai_new_writes_with_validates_rules(sample_build):
    matrix = load_matrix(ROOT / "columns.yml")
    config = _config(sample_build)
    for collection in config["collections"]:
        column = matrix.get(collection["name"])
        fields = _fields(collection)
        inherited = matrix.rules_above(column)
        draft = document_text(column, "标题", dt.date(2026, 11, 20), "X/2026-00001", "发布机构", inherited)
        written = yaml.safe_load(draft.split("---")[1]) | {"保密审查": None}  # commented out in the draft
        assert set(written) <= set(fields), (column.id, set(written) - set(fields))
        for name in REQUIRED:
            assert fields[name]["required"] is True, (column.id, name)
        for name in written:
            if name.endswith("日期"):
                assert fields[name]["widget"] == "datetime" and fields[name]["format"] == "YYYY-MM-DD"
        if column.normative:
            assert fields["有效性"]["options"] == list(VALIDITY) and fields["有效性"]["required"]
        assert fields["公开属性"]["options"] == list(DISCLOSURE)
        assert fields["公开属性"]["default"] == "主动公开"
        assert fields["草稿"]["default"] is True  # a new document is a draft until reviewed
        review = {f["name"]: f for f in fields["保密审查"]["fields"]}
        assert review["审查单位"]["options"] == list(matrix.units)
        assert review["审查日期"]["widget"] == "datetime"


def test_an_interpretation_picks_a_published_policy_by_its_path(sample_build):
    matrix = load_matrix(ROOT / "columns.yml")
    config = _config(sample_build)
    interpretation = next(c for c in config["collections"] if c["name"] == "zcjdbj")
    choices = _fields(interpretation)["解读"]["options"]
    assert choices, "no policy to pick"
    folder = matrix.get("zcjdbj").folder
    for choice in choices:
        target = posixpath.normpath(posixpath.join(folder, choice["value"]))
        assert (ROOT / "content" / target).is_file(), choice
        assert "gfxwj/" in target or "gz/" in target or "flfg/" in target or "sjwj/" in target
    assert {"label", "value"} == set(choices[0])
    # What the sample's own interpretation names is among them, written the same way.
    assert "../gfxwj/20251105-jubao-jiangli-banfa.md" in [c["value"] for c in choices]


def test_the_editors_files_name_nothing_that_is_not_published(sample_build):
    for path in (sample_build.site / "admin").iterdir():
        if path.suffix in (".yml", ".html"):
            text = path.read_text(encoding="utf-8")
            for title in NOT_PUBLIC:
                assert title not in text, (path.name, title)


def test_patterns_hold_the_sites_rules(sample_build):
    fields = _fields(next(c for c in _config(sample_build)["collections"] if c["name"] == "xzcfjg"))
    number = re.compile(fields["索引号"]["pattern"][0].replace("(?<", "(?P<"))
    assert number.match("11990000MB0000001X/2026-00012")
    assert not number.match("11990000MB0000001X/2026-12")
    pattern = IndexPattern("{org_code}/{year}-{serial:05d}", "11990000MB0000001X")
    from gongkai.cli import load_project, load_site  # the documents as `gongkai new` sees them

    _, documents = load_site(load_project(ROOT, "mkdocs.yml"), tolerant=True)
    public = [d for d in documents if d.is_public]
    year = clock.moment()[0].year  # the build's year, in Beijing
    assert fields["索引号"]["default"] == next_index_number(public, pattern, year)
    attachment = next(f for f in fields["附件"]["fields"] if f["name"] == "文件")
    name = re.compile(attachment["pattern"][0])
    assert name.search("files/xzcf-jueding-060.pdf") and name.search("files/a_1.docx")
    for wrong in ("files/处罚决定书.pdf", "files/A.PDF", "files/run.exe", "files/-x.pdf"):
        assert not name.search(wrong), wrong


def test_the_editor_page_escapes_what_it_embeds():
    page = cms.page('局</script><script>alert(1)</script>', ["../a.css"], ["xzcfjg"])
    assert "<script>alert(1)" not in page
    assert "&lt;/script&gt;" in page  # the title
    setup = re.search(r'<script type="application/json" id="gk-editor">(.*?)</script>', page, re.S)
    assert setup and "</" not in setup[1]


def test_no_editor_unless_it_is_turned_on(minimal, tmp_path):
    result = build(minimal, tmp_path / "site")
    assert result.exit_code == 0, result.output
    assert not (result.site / "admin").exists()


def test_a_missing_decap_is_a_clear_error(minimal, tmp_path, monkeypatch):
    config = minimal / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "  - gongkai:\n", "  - gongkai:\n      editor:\n        enabled: true\n"), encoding="utf-8")
    monkeypatch.setattr(cms, "PRODUCT", tmp_path / "no-product")
    result = build(minimal, tmp_path / "site")
    assert result.exit_code != 0
    assert "网页编辑器（editor）需要 Decap CMS" in result.output and "npm ci" in result.output
    assert "Traceback" not in result.output


def test_gitea_with_review_is_refused_in_chinese(minimal, tmp_path):
    """Decap's Gitea backend throws on the editorial workflow: the build says so first."""
    config = minimal / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "  - gongkai:\n", "  - gongkai:\n      editor:\n        enabled: true\n        backend: gitea\n"),
        encoding="utf-8")
    result = build(minimal, tmp_path / "site")
    assert result.exit_code != 0
    assert "gitea 后端不支持审核流程" in result.output and "review: false" in result.output


def test_content_at_the_editors_address_is_refused(minimal, tmp_path):
    config = minimal / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "  - gongkai:\n", "  - gongkai:\n      editor:\n        enabled: true\n"), encoding="utf-8")
    (minimal / "content/admin").mkdir()
    (minimal / "content/admin/index.md").write_text("# 旧后台\n", encoding="utf-8")
    result = build(minimal, tmp_path / "site")
    assert result.exit_code != 0
    assert "网页编辑器在网站的 /admin/" in result.output and "admin/index.md" in result.output
