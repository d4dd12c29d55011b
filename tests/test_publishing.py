"""Publishing safety: nothing non-public, unreviewed or personal reaches the site; builds are
atomic and reproducible."""

from __future__ import annotations

import gzip
import os
import subprocess
from pathlib import Path

import pytest

from gongkai.pii import Hit, is_resident_id, luhn, scan

from .conftest import build
from .files import docx_with, pdf_with, xlsx_with

COLUMN = "content/xxgk/fdgk/xzqlyx/xzcfjg"

DOC = """---
标题: {title}
索引号: 11990000MB0000002X/2026-{serial}
发布日期: {published}
公开属性: {disclosure}
决定日期: {published}
{extra}---

{body}
"""


def write_doc(project: Path, name: str, title: str = "行政处罚决定书", serial: str = "00050",
              published: str = "2026-09-04", disclosure: str = "主动公开", extra: str = "",
              body: str = "当事人：测试公司。", folder: str = COLUMN) -> Path:
    path = project / folder / name
    path.write_text(DOC.format(title=title, serial=serial, published=published, disclosure=disclosure,
                               extra=extra, body=body), encoding="utf-8")
    return path


def attach(project: Path, name: str, data: bytes | None = None, folder: str = COLUMN) -> str:
    (project / folder / "files").mkdir(exist_ok=True)
    data = pdf_with("Notice") if data is None else data
    (project / folder / "files" / name).write_bytes(data)
    return f"附件:\n  - 名称: 附件\n    文件: files/{name}\n"


def every_byte(site: Path) -> str:
    """All text of the built site, the gzipped sitemap opened, file names included."""
    parts = []
    for path in site.rglob("*"):
        parts.append(path.relative_to(site).as_posix())
        if path.is_file():
            data = path.read_bytes()
            if path.suffix == ".gz":
                data = gzip.decompress(data)
            parts.append(data.decode("utf-8", errors="ignore"))
    return "\n".join(parts).lower()


# -- only public documents reach any output -------------------------------------------------

@pytest.mark.parametrize("cores", [1, 2])  # MkDocs' loop, or forked renderers (renderers.py)
def test_canaries_never_reach_the_site(minimal, tmp_path, monkeypatch, cores):
    from gongkai import renderers

    monkeypatch.setattr(renderers, "FROM_PAGES", 0)
    monkeypatch.setenv("GONGKAI_WORKERS", str(cores))
    monkeypatch.delenv("GONGKAI_AS_OF", raising=False)
    # What is published follows the clock: pinned, or the "future" canary comes due one day
    # (it did, at midnight in Beijing on 2026-12-01, and this test failed).
    monkeypatch.setenv("GONGKAI_NOW", "2026-09-10 12:00")
    cases = {
        "request": dict(disclosure="依申请公开"),
        "secret": dict(disclosure="不予公开"),
        "draft": dict(extra="草稿: true\n"),
        "future": dict(published="2026-12-01"),  # after the clock
    }
    for serial, (name, case) in enumerate(cases.items(), 60):
        canary = f"canary-{name}-zq"
        write_doc(minimal, f"20260904-{name}.md", title=f"标题 {canary}-title", serial=f"000{serial}",
                  body=f"正文 {canary}-body", **{**case, "extra": case.get("extra", "") +
                                               attach(minimal, f"{canary}-file.pdf")})
    (minimal / COLUMN / "files" / "canary-orphan-zq.pdf").write_bytes(b"%PDF-1.4\n")
    write_doc(minimal, "20260904-public.md", serial="00070", extra=attach(minimal, "public-file.pdf"))

    result = build(minimal, tmp_path / "site")
    assert result.exit_code == 0, result.output
    assert ("个进程并行生成了" in result.output) == (cores > 1)
    text = every_byte(result.site)
    assert "canary-" not in text, [line for line in text.splitlines() if "canary-" in line][:5]
    assert "public-file.pdf" in text  # the public document's attachment is published
    assert (result.site / "sitemap.xml").is_file() and (result.site / "404.html").is_file()


# -- review before publishing --------------------------------------------------------------

def require_review(project: Path) -> None:
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "      per_page: 2\n", "      per_page: 2\n      require_review: true\n"), encoding="utf-8")


def test_review_is_required_when_configured(minimal, tmp_path):
    require_review(minimal)
    result = build(minimal, tmp_path / "site")
    assert result.exit_code == 1
    assert "content/xxgk/fdgk/xzqlyx/xzcfjg/20260901-cf.md:1: 没有保密审查记录" \
        in result.output
    assert "不予公开" not in result.output  # the withheld document needs no review


def test_a_reviewed_site_builds_and_review_must_come_first(minimal, tmp_path):
    require_review(minimal)
    for md in (minimal / "content").rglob("2026*.md"):
        text = md.read_text(encoding="utf-8")
        md.write_text(text.replace("公开属性:", "保密审查: {审查单位: 办公室, 审查日期: 2026-01-01}\n公开属性:", 1),
                      encoding="utf-8")
    assert build(minimal, tmp_path / "site").exit_code == 0
    write_doc(minimal, "20260904-late-review.md", extra="保密审查: {审查单位: 办公室, 审查日期: 2026-09-05}\n")
    result = build(minimal, tmp_path / "site2")
    assert result.exit_code == 1
    assert "20260904-late-review.md:7: 审查日期 2026-09-05 晚于发布日期 2026-09-04" in result.output


# -- personal information ----------------------------------------------------------------

@pytest.mark.parametrize("text,expected", [
    ("身份证号码 11010519491231002X", [Hit("id", "11010519491231002X", 1)]),
    ("身份证号码 110105194912310021", []),                 # wrong check digit
    ("身份证号码 110105194913310020", []),                 # no 13th month
    ("身份证号码 1101**********002X", []),                  # masked
    ("联系电话：\n138-1234-5678", [Hit("mobile", "13812345678", 2)]),
    ("联系电话：138****5678、0999-12345678", []),           # masked mobile, landline
    ("卡号 6222 0212 3456 7890 128", [Hit("card", "6222021234567890128", 1)]),
    ("编号 6222021234567890121", []),                       # fails Luhn
    ("索引号 11990000MB0000001X/2026-00012", []),
])
def test_personal_numbers_are_recognised_by_structure(text, expected):
    assert scan(text) == expected


def test_masking_and_checks():
    assert Hit("id", "11010519491231002X", 1).masked == "1101**********002X"
    assert Hit("mobile", "13812345678", 1).masked == "138****5678"
    assert is_resident_id("11010519491231002X") and not is_resident_id("11010519491231002Y")
    assert luhn("6222021234567890128") and not luhn("6222021234567890121")
    assert scan("热线 13812345678", allowed={"13812345678"}) == []


def test_an_id_number_in_a_document_fails_masked(minimal, tmp_path):
    write_doc(minimal, "20260904-pii.md", body="当事人：张三，身份证号码 11010519491231002X。")
    result = build(minimal, tmp_path / "site")
    assert result.exit_code == 1
    assert ("content/xxgk/fdgk/xzqlyx/xzcfjg/20260904-pii.md:9: 有个人信息："
            "居民身份证号码 1101**********002X") in result.output
    assert "11010519491231002X" not in result.output


def test_the_allowlist_lets_a_reviewed_number_through(minimal, tmp_path):
    write_doc(minimal, "20260904-hotline.md", body="举报电话：13812345678（24小时）")
    assert build(minimal, tmp_path / "site").exit_code == 1
    (minimal / "pii-allowlist.yml").write_text(
        '- number: "138-1234-5678"\n  reason: 公开的24小时举报电话\n', encoding="utf-8")
    assert build(minimal, tmp_path / "site2").exit_code == 0
    (minimal / "pii-allowlist.yml").write_text(  # as the public is told to dial it
        '- number: "+86 138 1234 5678"\n  reason: 公开的24小时举报电话\n', encoding="utf-8")
    assert build(minimal, tmp_path / "site4").exit_code == 0
    (minimal / "pii-allowlist.yml").write_text('- number: "13812345678"\n', encoding="utf-8")
    result = build(minimal, tmp_path / "site3")
    assert "pii-allowlist.yml:1: 每一项都要写 `reason`（理由）" in result.output


def office_file(kind: str, text: str) -> bytes:
    return docx_with([text]) if kind == "docx" else xlsx_with([text])


@pytest.mark.parametrize("name,data,kind", [
    ("contacts.docx", office_file("docx", "联系人手机 13912345678"), "手机号码 139****5678"),
    ("list.xlsx", office_file("xlsx", "11010519491231002X"), "居民身份证号码 1101**********002X"),
    ("scan.pdf", pdf_with("Tel 13912345678"), "手机号码 139****5678"),
])
def test_personal_numbers_inside_attachments(minimal, tmp_path, name, data, kind):
    write_doc(minimal, "20260904-att.md", extra=attach(minimal, name, data))
    result = build(minimal, tmp_path / "site")
    assert result.exit_code == 1
    assert f"content/xxgk/fdgk/xzqlyx/xzcfjg/files/{name}: 附件中有个人信息" in result.output
    assert kind in result.output


def test_an_unreadable_attachment_is_named(minimal, tmp_path):
    write_doc(minimal, "20260904-att.md", extra=attach(minimal, "broken.docx", b"not a zip"))
    result = build(minimal, tmp_path / "site")
    assert result.exit_code == 1 and "附件 xxgk/fdgk/xzqlyx/xzcfjg/files/broken.docx：文件打不开" in result.output


# -- attachments -------------------------------------------------------------------------

@pytest.mark.parametrize("name,config,message", [
    ("处罚决定书.pdf", "", "不能直接用在网址中"),
    ("jue ding.pdf", "", "不能直接用在网址中"),
    ("tool.exe", "", "不能发布 .exe 类型的文件"),
    ("big.pdf", "      attachment_max_mb: 0.001\n", "超过 0.001 MB 的上限"),
])
def test_attachment_policy(minimal, tmp_path, name, config, message):
    project_config = minimal / "mkdocs.yml"
    project_config.write_text(project_config.read_text(encoding="utf-8").replace(
        "      per_page: 2\n", "      per_page: 2\n" + config), encoding="utf-8")
    write_doc(minimal, "20260904-att.md", extra=attach(minimal, name, pdf_with("x" * 2048)))
    result = build(minimal, tmp_path / "site")
    assert result.exit_code == 1
    assert "20260904-att.md:8: 附件" in result.output and message in result.output


# -- atomic and reproducible builds ----------------------------------------------------------

def snapshot(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_a_failed_build_leaves_the_previous_site_untouched(minimal, tmp_path):
    site = tmp_path / "site"
    assert build(minimal, site).exit_code == 0
    before = snapshot(site)
    write_doc(minimal, "20260904-bad.md", published="2026-02-30")  # a content error
    assert build(minimal, site).exit_code == 1
    assert snapshot(site) == before
    write_doc(minimal, "20260904-bad.md", body="见[不存在的文件](missing.md)。")  # a --strict warning
    result = build(minimal, site)
    assert result.exit_code == 1 and "strict mode" in result.output
    assert snapshot(site) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".site")] == []


def test_a_good_build_replaces_the_site(minimal, tmp_path):
    site = tmp_path / "site"
    assert build(minimal, site).exit_code == 0
    (site / "stale.html").write_text("old", encoding="utf-8")
    assert build(minimal, site).exit_code == 0
    assert not (site / "stale.html").exists()


def test_two_builds_of_one_commit_are_byte_identical(minimal, tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@e", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@e", "GIT_COMMITTER_DATE": "2026-09-09T10:00:00+08:00"}
    for args in (["init", "-q"], ["add", "."], ["commit", "-qm", "site"]):
        subprocess.run(["git", *args], cwd=minimal, env=env, check=True, capture_output=True)
    first, second = build(minimal, tmp_path / "a"), build(minimal, tmp_path / "b")
    assert first.exit_code == second.exit_code == 0
    assert snapshot(first.site) == snapshot(second.site)
    assert "<lastmod>2026-09-09</lastmod>" in (first.site / "sitemap.xml").read_text(encoding="utf-8")
    assert "SOURCE_DATE_EPOCH" not in os.environ  # restored after the build


# -- publication time -------------------------------------------------------------------------

def test_a_publication_time_is_kept_to_the_minute_beijing_time(minimal, tmp_path, monkeypatch):
    from click.testing import CliRunner

    from gongkai.cli import main

    timed = write_doc(minimal, "20260910-timed.md", title="定时发布 canary-timed-zq", serial="00090",
                      published="2026-09-10 18:30")
    timed.write_text(timed.read_text(encoding="utf-8").replace("决定日期: 2026-09-10 18:30", "决定日期: 2026-09-10"),
                     encoding="utf-8")
    monkeypatch.setenv("GONGKAI_AS_OF", "2026-09-10 18:29")
    early = build(minimal, tmp_path / "early")
    assert early.exit_code == 0, early.output
    assert "canary-timed-zq" not in every_byte(early.site)
    assert "下一篇定时发布：2026-09-10 18:30（北京时间）" in early.output
    schedule = CliRunner().invoke(main, ["--project", str(minimal), "schedule", "--due-within", "20"])
    assert schedule.exit_code == 1 and "2026-09-10 18:30" in schedule.output
    monkeypatch.setenv("GONGKAI_AS_OF", "2026-09-10 18:30")
    due = build(minimal, tmp_path / "due")
    assert due.exit_code == 0 and "canary-timed-zq" in every_byte(due.site)
    assert CliRunner().invoke(main, ["--project", str(minimal), "schedule", "--due-within", "20"]).exit_code == 0


def test_the_clock_is_beijing_time_to_the_minute():
    import datetime as dt

    from gongkai import clock

    utc = dt.timezone.utc
    assert clock.moment(None, {}, dt.datetime(2026, 11, 29, 16, 0, 30, tzinfo=utc))[0] == dt.datetime(2026, 11, 30, 0, 0)
    assert clock.moment("2026-11-30", {})[0] == dt.datetime(2026, 11, 30, 23, 59, 59)  # a date: the whole day
    assert clock.moment(None, {"GONGKAI_AS_OF": "2026-11-30 09:15"})[0] == dt.datetime(2026, 11, 30, 9, 15)


def test_scans_are_kept_between_builds_by_content(tmp_path):
    """What reading a file found is kept in .cache/ for the next process, by the file's bytes:
    an unchanged attachment is not read again, an edited one always is."""
    from gongkai.publishing import Rules, Scans, _numbers_in

    cache, attachment = tmp_path / "scans.pickle", tmp_path / "附件.pdf"
    attachment.write_bytes(pdf_with("联系电话 13812345678"))
    first = Scans()
    first.use(cache)
    found = _numbers_in(first, attachment, Rules())
    assert [hit.number for _, hit in found] == ["13812345678"]
    first.save()

    def never(data: bytes) -> object:
        raise AssertionError("read again")

    later = Scans()
    later.use(cache)
    assert later.get(attachment, ("numbers", ".pdf", frozenset()), never) == found
    attachment.write_bytes(pdf_with("联系电话 138****5678"))
    assert _numbers_in(later, attachment, Rules()) == []
    allowed = Rules(allowlist=frozenset({"13812345678"}))  # another allowlist: scanned again
    attachment.write_bytes(pdf_with("联系电话 13812345678"))
    assert _numbers_in(later, attachment, allowed) == []
