"""The attacker's test suite: canaries planted through every path a careless or hostile editor
has, one build, and every built byte grepped for them (gzip opened, file names included).

Each attack is a function that plants its input into a copy of the minimal site and returns
the canary strings that must never be published. Attacks the build must refuse are built on
their own: the build fails with a message naming the file, never a traceback, and no site is
written. ``ATTACKS`` counts what was tried; the closing note reports it."""

from __future__ import annotations

import gzip
import os
import shutil
import zipfile
from pathlib import Path

import pytest

from .conftest import FIXTURES, build
from .files import docx_with, pdf_with, png_with, xlsx_with, zip_with

from gongkai.annual_report import skeleton

COLUMN = "content/xxgk/fdgk/xzqlyx/xzcfjg"
SERIALS = iter(range(100, 100000))

FRONT = """---
标题: {title}
索引号: 11990000MB0000002X/2026-{serial:05d}
发布日期: 2026-09-04
决定日期: 2026-09-04
公开属性: {disclosure}
{extra}---

{body}
"""


def document(site: Path, name: str, body: str = "正文。", disclosure: str = "主动公开", title: str = "行政处罚决定书",
             extra: str = "", folder: str = COLUMN) -> Path:
    path = site / folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(FRONT.format(title=title, serial=next(SERIALS), disclosure=disclosure, extra=extra, body=body),
                    encoding="utf-8")
    return path


def every_byte(site: Path) -> str:
    """All of the built site: every file's bytes (gzip opened, zip members read) and every name."""
    parts = []
    for path in site.rglob("*"):
        parts.append(path.relative_to(site).as_posix())
        if not path.is_file():
            continue
        data = path.read_bytes()
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        if data[:2] == b"PK":
            with zipfile.ZipFile(path) as archive:
                data += b"".join(archive.read(member) for member in archive.namelist())
        parts.append(data.decode("utf-8", errors="ignore"))
    return "\n".join(parts)


# -- attacks the build must survive without publishing a canary -------------------------------

def withheld_image_beside_the_column(site: Path) -> list[str]:
    (site / COLUMN / "canary-beside.png").write_bytes(b"\x89PNG canary-beside-bytes")
    document(site, "20260904-neibu1.md", "![图](canary-beside.png)", disclosure="不予公开")
    return ["canary-beside"]


def withheld_image_in_assets(site: Path) -> list[str]:
    (site / "content/assets").mkdir(exist_ok=True)
    (site / "content/assets/canary-assets.png").write_bytes(b"\x89PNG canary-assets-bytes")
    document(site, "20260904-neibu2.md", "![图](../../../../assets/canary-assets.png)", disclosure="依申请公开")
    return ["canary-assets"]


def unused_file_anywhere(site: Path) -> list[str]:
    (site / "content/assets").mkdir(exist_ok=True)
    (site / "content/assets/canary-unused.txt").write_text("canary-unused-text", encoding="utf-8")
    (site / "content/canary-root.pdf").write_bytes(b"%PDF canary-root-bytes")
    return ["canary-unused", "canary-root"]


def withheld_attachment_linked_from_html(site: Path) -> list[str]:
    (site / COLUMN / "files").mkdir(exist_ok=True)
    (site / COLUMN / "files/canary-html.pdf").write_bytes(b"%PDF canary-html-bytes")
    document(site, "20260904-neibu3.md", '<a href="files/canary-html.pdf">附件</a>', extra="草稿: true\n")
    return ["canary-html"]


def column_intro_not_public(site: Path) -> list[str]:
    (site / COLUMN / "index.md").write_text("---\n公开属性: 不予公开\n---\n\n内部说明 canary-intro-text\n",
                                            encoding="utf-8")
    return ["canary-intro"]


def page_not_public(site: Path) -> list[str]:
    (site / "content/neibu.md").write_text("---\n公开属性: 依申请公开\n---\n\n# 内部\n\ncanary-page-text\n",
                                           encoding="utf-8")
    (site / "content/draft.md").write_text("---\n草稿: true\n---\n\n# 草稿\n\ncanary-draftpage-text\n",
                                           encoding="utf-8")
    (site / "content/misc").mkdir(exist_ok=True)
    (site / "content/misc/README.md").write_text("---\n公开属性: 不予公开\n---\n\n# 说明\n\ncanary-readme-text\n",
                                                 encoding="utf-8")
    return ["canary-page", "canary-draftpage", "canary-readme"]


def markdown_in_files_folder(site: Path) -> list[str]:
    (site / COLUMN / "files").mkdir(exist_ok=True)
    (site / COLUMN / "files/note.md").write_text("# 内部\n\ncanary-filesmd-text\n", encoding="utf-8")
    return ["canary-filesmd"]


SURVIVED = [withheld_image_beside_the_column, withheld_image_in_assets, unused_file_anywhere,
            withheld_attachment_linked_from_html, column_intro_not_public, page_not_public,
            markdown_in_files_folder]


def test_no_canary_reaches_any_built_byte(tmp_path, monkeypatch):
    monkeypatch.delenv("GONGKAI_AS_OF", raising=False)
    site = tmp_path / "project"
    shutil.copytree(FIXTURES / "minimal", site)
    canaries = [c for attack in SURVIVED for c in attack(site)]
    # what is published still works: an image a public document embeds with raw HTML
    (site / COLUMN / "files").mkdir(exist_ok=True)
    (site / COLUMN / "files/public-map.png").write_bytes(png_with())
    document(site, "20260904-public.md", '<img src="files/public-map.png" alt="示意图">')
    result = build(site, tmp_path / "site")
    assert result.exit_code == 0, result.output
    built = every_byte(result.site)
    assert (result.site / "xxgk/fdgk/xzqlyx/xzcfjg/files/public-map.png").exists()
    leaked = [c for c in canaries if c in built]
    assert leaked == []
    assert "内部说明" not in result.html("xxgk/fdgk/xzqlyx/xzcfjg/")


# -- attacks the build must refuse, naming the file -------------------------------------------

def symlink_to_outside(site: Path, outside: Path) -> str:
    (outside / "secret.pdf").write_bytes(b"%PDF canary-outside")
    (site / COLUMN / "files").mkdir(exist_ok=True)
    os.symlink(outside / "secret.pdf", site / COLUMN / "files/secret.pdf")
    document(site, "20260904-link.md", "[附件](files/secret.pdf)")
    return "files/secret.pdf"


def symlink_to_the_environment(site: Path, outside: Path) -> str:
    (site / COLUMN / "files").mkdir(exist_ok=True)
    os.symlink("/proc/self/environ", site / COLUMN / "files/env.txt")
    return "files/env.txt"


def symlinked_folder(site: Path, outside: Path) -> str:
    (outside / "folder").mkdir()
    (outside / "folder/leak.txt").write_text("canary-folder", encoding="utf-8")
    os.symlink(outside / "folder", site / "content/shared")
    return "content/shared"


def document_as(extension: str):
    def attack(site: Path, outside: Path) -> str:
        document(site, f"20260904-secret{extension}", "canary-extension", disclosure="不予公开")
        return f"20260904-secret{extension}"
    attack.__name__ = f"document_saved_as_{extension.strip('.')}"
    return attack


def gbk_file_name(site: Path, outside: Path) -> str:
    source = (site / COLUMN / "20260903-cf.md").read_bytes().replace(b"2026-00003", b"2026-00093")
    with open(os.fsencode(site / COLUMN) + b"/" + "公告".encode("gbk") + b".md", "wb") as file:
        file.write(source)
    return "文件名不是 UTF-8 编码"


def gbk_page(site: Path, outside: Path) -> str:
    (site / "content/xxgk/gkzd/index.md").write_bytes("# 制度\n\n本栏目公开政府信息公开制度。".encode("gbk"))
    return "content/xxgk/gkzd/index.md: 文件不是 UTF-8 文本"


REFUSED = [symlink_to_outside, symlink_to_the_environment, symlinked_folder, gbk_file_name, gbk_page,
           *(document_as(e) for e in (".markdown", ".mdown", ".mkd", ".mkdn", ".MD", ".Md"))]


@pytest.mark.parametrize("attack", REFUSED, ids=lambda a: a.__name__)
def test_the_build_refuses(attack, tmp_path, monkeypatch):
    monkeypatch.delenv("GONGKAI_AS_OF", raising=False)
    site, outside = tmp_path / "project", tmp_path / "outside"
    shutil.copytree(FIXTURES / "minimal", site)
    outside.mkdir()
    named = attack(site, outside)
    result = build(site, tmp_path / "site")
    assert result.exit_code == 1
    assert named in result.output and "Traceback" not in result.output
    assert not (tmp_path / "site").exists()


ATTACKS = len(SURVIVED) + len(REFUSED)


# -- personal numbers, however written, wherever published -----------------------------------

def _mobile(n: int) -> str:
    return f"1390000{n:04d}"


def _id(serial: int) -> str:
    from gongkai.pii import _ID_WEIGHTS
    base = f"32010219900101{serial:03d}"
    return base + "10X98765432"[sum(int(d) * w for d, w in zip(base, _ID_WEIGHTS)) % 11]


def _card(n: int) -> str:
    from gongkai.pii import luhn
    base = f"62220202{n:010d}"
    return next(base + str(d) for d in range(10) if luhn(base + str(d)))


def _spaced(number: str, separator: str, sizes=(3, 4, 4)) -> str:
    parts, at = [], 0
    for size in sizes:
        parts.append(number[at:at + size])
        at += size
    return separator.join(parts)


WIDE = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")


def ofd_with(text: str, author: str = "") -> bytes:
    content = ('<ofd:Page xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Content><ofd:Layer>'
               + "".join(f'<ofd:TextObject ID="{i}"><ofd:TextCode X="{i}">{part}</ofd:TextCode></ofd:TextObject>'
                         for i, part in enumerate([text[:5], text[5:]]))
               + "</ofd:Layer></ofd:Content></ofd:Page>")
    info = (f'<ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016"><ofd:DocBody><ofd:DocInfo>'
            f"<ofd:Author>{author}</ofd:Author></ofd:DocInfo></ofd:DocBody></ofd:OFD>")
    return zip_with({"OFD.xml": info.encode(), "Doc_0/Pages/Page_0/Content.xml": content.encode()})


def personal_numbers(site: Path) -> list[str]:
    """Every way a number was written or hidden; returns each one's masked form, which the build
    (and `gongkai validate`) must name."""
    body, masks = [], []

    def mobile(text_of, n):
        number = _mobile(n)
        body.append(text_of(number))
        masks.append(f"{number[:3]}****{number[-4:]}")

    for n, text_of in enumerate([
        lambda m: m,                                             # as it is
        lambda m: m.translate(WIDE),                             # full-width digits
        lambda m: _spaced(m, " "), lambda m: _spaced(m, "-"), lambda m: _spaced(m, "."),
        lambda m: _spaced(m, "–"), lambda m: _spaced(m, "\u3000"), lambda m: _spaced(m, " ", (4, 4, 3)),
        lambda m: "+86 " + _spaced(m, " "), lambda m: "+86" + m, lambda m: "(+86)" + _spaced(m, "-"),
        lambda m: "".join(f"&#{ord(c)};" for c in m),            # HTML entities
        lambda m: "".join(f"&#x{ord(c):x};" for c in m),
        lambda m: f"{m[:3]}**{m[3:7]}**{m[7:]}",                 # bold splitting the digits
        lambda m: f"{m[:3]}<span>{m[3:7]}</span>{m[7:]}",        # markup splitting them
        lambda m: "\u200b".join(m),                              # zero-width spaces
        lambda m: f'<span title="{m}">悬停可见</span>',           # in an attribute
        lambda m: f"[联系我们](tel:{m})",                          # in a link
        lambda m: f"说明 {{: title=\"{m}\" }}",                   # attr_list
        lambda m: f"| 姓名 | 电话 |\n|---|---|\n| 张三 | {_spaced(m, ' ')} |\n",  # in a table
    ], 1):
        mobile(text_of, n)
    for n, text_of in enumerate([lambda i: i, lambda i: _spaced(i, " ", (6, 8, 4)), lambda i: i.translate(WIDE),
                                 lambda i: i.lower()], 1):
        number = _id(n)
        body.append(text_of(number))
        masks.append(f"{number[:4]}{'*' * 10}{number[-4:]}")
    old = "320102900101123"  # a 15-digit ID from before 1999
    body.append(old)
    masks.append(f"{old[:4]}{'*' * 7}{old[-4:]}")
    for n, text_of in enumerate([lambda c: c, lambda c: _spaced(c, " ", (4, 4, 4, 4, 3))], 1):
        number = _card(n)
        body.append(text_of(number))
        masks.append(f"{number[:4]}{'*' * 11}{number[-4:]}")

    def planted(n):  # a number for one place, and its mask
        number = _mobile(100 + n)
        masks.append(f"{number[:3]}****{number[-4:]}")
        return number

    (site / COLUMN / "files").mkdir(exist_ok=True)
    attachments = {
        "runs.docx": docx_with([*(lambda m: [m[:5], m[5:8], m[8:]])(planted(1))]),
        "author.docx": docx_with(["正文"], author=planted(2)),
        "header.docx": docx_with(["正文"], header=planted(3)),
        "table.docx": docx_with(["正文"], table=planted(4)),
        "number.xlsx": xlsx_with([int(planted(5))]),
        "rich.xlsx": xlsx_with([], rich=(lambda m: [m[:6], m[6:]])(planted(6))),
        "author.xlsx": xlsx_with(["表"], author=planted(7)),
        "author.pdf": pdf_with("Notice", author=planted(8)),
        "text.pdf": pdf_with("Tel " + planted(9)),
        "list.csv": f"姓名,电话\n张三,{planted(10)}\n".encode("gb18030"),
        "inner.zip": zip_with({"a/list.txt": planted(11).encode()}),
        "docs.zip": zip_with({"b.docx": docx_with([planted(12)])}),
        "scan.ofd": ofd_with(planted(13), author=planted(14)),
        "photo.png": png_with(planted(15)),
    }
    for name, data in attachments.items():
        (site / COLUMN / "files" / name).write_bytes(data)
    listed = "".join(f"  - 名称: 附件{n}\n    文件: files/{name}\n" for n, name in enumerate(attachments) if name != "list.csv")
    body.append("[名单](files/list.csv)")  # linked from the body, not listed under 附件
    document(site, "20260904-pii.md", "\n\n".join(body), title=f"标题 {_spaced(planted(16), ' ')}",
             extra=f"内容概述: 联系 {planted(17)}\n附件:\n{listed}")
    (site / COLUMN / "index.md").write_text(f"本栏目联系人 {planted(18)}\n", encoding="utf-8")
    (site / "content/lianxi.md").write_text(f"# 联系我们\n\n值班 {planted(19)}\n", encoding="utf-8")
    report = skeleton(2025, "测试").replace("（待填写）", f"联系人 {planted(20)}")
    (site / "content/xxgk/ndbg/files").mkdir(exist_ok=True)
    (site / "content/xxgk/ndbg/files/ndbg-2025.yml").write_text(report, encoding="utf-8")
    ndbg = site / "content/xxgk/ndbg/20260120-ndbg-2025.md"
    ndbg.write_text(ndbg.read_text(encoding="utf-8").replace(
        "公开属性: 主动公开", "公开属性: 主动公开\n年度报告数据: files/ndbg-2025.yml"), encoding="utf-8")
    return masks


def unreadable_attachments(site: Path) -> list[str]:
    (site / COLUMN / "files").mkdir(exist_ok=True)
    names = ["old.doc", "old.wps", "old.et", "pack.rar", "locked.zip"]
    for name in names[:-1]:
        (site / COLUMN / "files" / name).write_bytes(b"\xd0\xcf\x11\xe0 binary")
    (site / COLUMN / "files/locked.zip").write_bytes(zip_with({"x.doc": b"\xd0\xcf\x11\xe0"}))
    listed = "".join(f"  - 名称: 附件{n}\n    文件: files/{name}\n" for n, name in enumerate(names))
    document(site, "20260904-old.md", "见附件。", extra=f"附件:\n{listed}")
    return [f"files/{name}" for name in names]


def test_every_personal_number_is_found_by_the_build_and_by_validate_alike(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from gongkai.cli import main

    monkeypatch.delenv("GONGKAI_AS_OF", raising=False)
    site = tmp_path / "project"
    shutil.copytree(FIXTURES / "minimal", site)
    masks = personal_numbers(site)
    refused = unreadable_attachments(site)
    result = build(site, tmp_path / "site")
    validated = CliRunner().invoke(main, ["--project", str(site), "validate"])
    assert result.exit_code == 1 and validated.exit_code == 1
    for output in (result.output, validated.output):
        missed = [m for m in masks if m not in output]
        assert missed == [], f"{len(missed)} of {len(masks)} not found: {missed}"
        assert [r for r in refused if f"{r}：无法读取" not in output and f"{r}：压缩包" not in output] == []
        assert "Traceback" not in output
    assert not (tmp_path / "site").exists()
    global PII_VARIANTS
    PII_VARIANTS = len(masks) + len(refused)


def test_a_reviewed_unreadable_file_is_published(tmp_path, monkeypatch):
    import hashlib
    monkeypatch.delenv("GONGKAI_AS_OF", raising=False)
    site = tmp_path / "project"
    shutil.copytree(FIXTURES / "minimal", site)
    (site / COLUMN / "files").mkdir(exist_ok=True)
    data = b"\xd0\xcf\x11\xe0 a reviewed .doc"
    (site / COLUMN / "files/old.doc").write_bytes(data)
    document(site, "20260904-old.md", "见附件。", extra="附件:\n  - 名称: 附件\n    文件: files/old.doc\n")
    assert build(site, tmp_path / "site").exit_code == 1
    (site / "pii-allowlist.yml").write_text(
        f"- file: {COLUMN}/files/old.doc\n  sha256: {hashlib.sha256(data).hexdigest()}\n"
        "  reason: 办公室逐页审核，无个人信息\n", encoding="utf-8")
    assert build(site, tmp_path / "site2").exit_code == 0
    (site / COLUMN / "files/old.doc").write_bytes(data + b" changed")  # a new version needs a new review
    assert build(site, tmp_path / "site3").exit_code == 1


PII_VARIANTS = 45  # set by the test above: the number of planted variants


# -- robust builds ----------------------------------------------------------------------------

def test_a_second_build_into_the_same_site_is_refused_clearly(minimal, tmp_path):
    import fcntl
    site = tmp_path / "site"
    holder = open(tmp_path / ".site.lock", "a+")  # another build holds the site
    fcntl.flock(holder, fcntl.LOCK_EX | fcntl.LOCK_NB)
    holder.write("4242")
    holder.flush()
    try:
        result = build(minimal, site)
    finally:
        holder.close()
    assert result.exit_code == 1 and "另一个构建正在写入" in result.output and "4242" in result.output
    assert "Traceback" not in result.output
    assert build(minimal, site).exit_code == 0  # the lock is gone with its holder


def test_what_a_killed_build_left_is_cleaned_up(minimal, tmp_path):
    left = tmp_path / ".site.building-99999"
    left.mkdir()
    (left / "half.html").write_text("canary-half", encoding="utf-8")
    (tmp_path / ".site.old-99998").mkdir()
    result = build(minimal, tmp_path / "site")
    assert result.exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".site.")) == []


def test_an_unwritable_place_for_the_site_is_a_message(minimal, tmp_path):
    result = build(minimal, Path("/proc/gongkai-nowhere/site"))
    assert result.exit_code == 1 and "无法在 /proc/gongkai-nowhere 中写入网站" in result.output
    assert "Traceback" not in result.output


def test_workers_end_with_their_build_even_when_it_is_killed(tmp_path):
    import signal
    import subprocess
    import sys
    import time
    script = (
        "import os, sys, time\n"
        "os.environ['GONGKAI_WORKERS'] = '1'\n"
        "from gongkai.background import Background\n"
        "b = Background(); f = b.submit(time.sleep, 120)\n"
        "time.sleep(1.5)\n"
        "print(' '.join(str(p) for p in b._pool._processes), flush=True)\n"
        "time.sleep(120)\n")
    build_process = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    workers = [int(p) for p in build_process.stdout.readline().split()]
    assert workers
    build_process.send_signal(signal.SIGKILL)
    build_process.wait()
    deadline = time.time() + 10
    while time.time() < deadline and any(_alive(p) for p in workers):
        time.sleep(0.2)
    assert not any(_alive(p) for p in workers), "a worker outlived its killed build"


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split()[2] != "Z"
    except FileNotFoundError:
        return False


def test_catalogue_cells_that_look_like_formulas_are_neutralised():
    from gongkai.catalogue import to_csv, SCHEMA
    row = {key: "" for key, *_ in SCHEMA}
    row.update(title='=HYPERLINK("http://evil","点击")', summary="+1+1", publisher="-2", topic="@SUM(A1)")
    text = to_csv([row])
    assert "'=HYPERLINK" in text and ",'+1+1," in text and ",'-2," in text and ",'@SUM(A1)," in text


def test_an_impossible_as_of_date_is_a_message(minimal, tmp_path, monkeypatch):
    from click.testing import CliRunner

    from gongkai.cli import main

    monkeypatch.delenv("GONGKAI_AS_OF", raising=False)
    config = minimal / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("as_of: 2026-09-10", "as_of: 2026-13-45"),
                      encoding="utf-8")
    checked = CliRunner().invoke(main, ["--project", str(minimal), "check"])
    assert checked.exit_code == 2 and "month must be in 1..12" in checked.output
    assert checked.exception is None or isinstance(checked.exception, SystemExit)
    config.write_text(config.read_text(encoding="utf-8").replace("as_of: 2026-13-45", 'as_of: "2026-13-45"'),
                      encoding="utf-8")
    built = build(minimal, tmp_path / "site")
    assert built.exit_code == 1 and "“2026-13-45”不是真实的日期" in built.output
    assert "Traceback" not in built.output


@pytest.mark.parametrize("src", ["https://evil.example/x.png", "//evil.example/x.png", "\\\\evil.example/x.png",
                                 "/\\evil.example/x.png", "/\t/evil.example/x.png", " \x01//evil.example/x.png",
                                 "java\nscript:alert(1)", "HTTPS://evil.example/x.png"])
def test_an_image_from_another_host_is_dropped_however_the_address_is_written(src):
    """Browsers drop tabs and newlines in a URL and read a backslash as a slash."""
    from gongkai.sanitizer import clean

    cleaned = clean(f'<img src="{src}" alt="图"><img src="files/map.png" alt="本站">')
    assert "evil" not in cleaned and "script" not in cleaned and 'src="files/map.png"' in cleaned
