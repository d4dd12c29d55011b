"""The document cache: unchanged files are not parsed again, and nothing stale gets through."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from gongkai import doccache, documents, load_documents, load_matrix
from gongkai.background import Background, Prefetched
from gongkai.doccache import DocumentCache

FOLDER = "xxgk/fdgk/xzqlyx/xzcfjg"


def load(project: Path, publisher: str = "测试市应急管理局"):
    cache = DocumentCache(project / ".cache" / "documents.pickle", publisher)
    loaded = load_documents(project / "content", load_matrix(project / "columns.yml"), publisher, cache=cache)
    cache.save()
    return loaded


@pytest.fixture
def parses(monkeypatch):
    """The documents that were parsed (not taken from the cache)."""
    seen: list[str] = []
    original = documents.read_document

    def counting(file, *args, **kwargs):
        seen.append(Path(file).name)
        return original(file, *args, **kwargs)

    monkeypatch.setattr(documents, "read_document", counting)
    return seen


def test_a_second_load_parses_no_document_and_gives_the_same_documents(minimal, parses):
    first, problems = load(minimal)
    assert problems == [] and len(first) >= 3 and parses
    parses.clear()
    second, problems = load(minimal)
    assert problems == [] and parses == []
    assert second == first


def test_an_edited_document_is_parsed_again(minimal, parses):
    load(minimal)
    file = minimal / "content" / FOLDER / "20260901-cf.md"
    file.write_text(file.read_text(encoding="utf-8").replace("行政处罚决定书（", "更正后的行政处罚决定书（"),
                    encoding="utf-8")
    parses.clear()
    documents_, _ = load(minimal)
    assert parses == ["20260901-cf.md"]
    assert any(d.title.startswith("更正后的") for d in documents_)


def test_a_disclosure_flipped_in_place_is_never_taken_from_the_cache(minimal):
    """主动公开 → 不予公开 has the same length in UTF-8; with the mtime put back, only the bytes
    tell the change. The cache must not publish the old parse."""
    before, _ = load(minimal)
    file = minimal / "content" / FOLDER / "20260901-cf.md"
    stat = file.stat()
    text = file.read_text(encoding="utf-8")
    file.write_text(text.replace("公开属性: 主动公开", "公开属性: 不予公开"), encoding="utf-8")
    os.utime(file, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert file.stat().st_size == stat.st_size and file.stat().st_mtime_ns == stat.st_mtime_ns
    after, _ = load(minimal)
    flipped = next(d for d in after if d.path.endswith("20260901-cf.md"))
    assert flipped.disclosure == "不予公开" and not flipped.is_public


def test_a_fresh_clone_does_not_parse_again(minimal, parses):
    load(minimal)
    for file in (minimal / "content" / FOLDER).glob("*.md"):
        os.utime(file, ns=(1, 1))  # git checkout: new mtimes, same bytes
    parses.clear()
    documents_, problems = load(minimal)
    assert problems == [] and parses == []


def test_an_error_in_a_cached_document_is_still_reported(minimal):
    load(minimal)
    file = minimal / "content" / FOLDER / "20260901-cf.md"
    file.write_text(file.read_text(encoding="utf-8").replace("发布日期: 2026-09-01", "发布日期: 2026-02-30"),
                    encoding="utf-8")
    _, problems = load(minimal)
    assert [p.message for p in problems] == ["“发布日期: 2026-02-30”不是真实的日期（2月没有30日）"]
    _, problems = load(minimal)  # a document with problems is never cached
    assert len(problems) == 1


def test_a_deleted_attachment_is_reported_though_its_document_is_cached(minimal):
    documents_, _ = load(minimal)
    with_attachment = next(d for d in documents_ if d.attachments)
    (minimal / "content" / with_attachment.attachments[0].path).unlink()
    _, problems = load(minimal)
    assert any("中的文件不存在" in p.message for p in problems)


def test_a_changed_publisher_or_a_damaged_cache_starts_over(minimal, parses):
    load(minimal)
    parses.clear()
    documents_, _ = load(minimal, publisher="另一个机构")
    assert parses
    (minimal / ".cache" / "documents.pickle").write_bytes(b"not a pickle")
    parses.clear()
    again, problems = load(minimal, publisher="另一个机构")
    assert problems == [] and parses and again == documents_


def test_background_work_gives_the_same_answers_in_a_worker_and_here(monkeypatch):
    keys = [f"k{i}" for i in range(7)]
    for workers in ("1", "0"):
        monkeypatch.setenv("GONGKAI_WORKERS", workers)
        background = Background()
        try:
            values = Prefetched(background, doccache_digests, keys, batch=3)
            assert [values.get(k) for k in reversed(keys)] == doccache_digests(keys)[::-1]
            assert values.get("unknown") == doccache_digests(["unknown"])[0]
        finally:
            background.close()


def test_few_qr_codes_are_made_here_without_waiting_for_the_worker(monkeypatch):
    """A build that reuses most pages asks for a few codes: made in this process, on demand,
    while the worker builds the search index; many go to the worker."""
    from gongkai import qrcodes

    monkeypatch.setenv("GONGKAI_WORKERS", "1")
    sent = []
    monkeypatch.setattr(Background, "submit", lambda self, *args: sent.append(len(args[1])))
    few = {f"{n}/": True for n in range(qrcodes.IN_PROCESS)}
    codes = qrcodes.PageCodes({})
    codes.queue(Background(), "https://example.gov.cn/", few)
    assert codes.get("https://example.gov.cn/3/") == qrcodes.qr_code("https://example.gov.cn/3/") and sent == []
    qrcodes.PageCodes({}).queue(Background(), "https://example.gov.cn/", {**few, "more/": True, "kept/": False})
    assert sum(sent) == qrcodes.IN_PROCESS + 1  # not the page MkDocs does not render


def test_qr_codes_are_kept_for_the_next_build(tmp_path, monkeypatch):
    """A build in a fresh process makes only the codes of new addresses: the others are read
    from .cache/gongkai/, made with the same settings and the same segno."""
    from gongkai import qrcodes

    site, urls = "https://example.gov.cn/", {"a/": True, "b/": False}
    first = qrcodes.PageCodes({}, tmp_path)
    first.queue(Background(), site, urls)
    made = first.get(site + "a/")
    first.keep()
    assert (tmp_path / qrcodes.FILE).is_file()
    monkeypatch.setattr(qrcodes, "qr_codes", lambda addresses: pytest.fail(f"made again: {addresses}"))
    later = qrcodes.PageCodes({}, tmp_path)
    later.queue(Background(), site, {**urls, "c/": False})
    assert later.get(site + "a/") == made and later.made == {}
    later.keep()  # nothing new: not written again
    monkeypatch.setattr(qrcodes, "_FORMAT", (*qrcodes._FORMAT, "other"))  # another segno, say
    assert qrcodes.PageCodes({}, tmp_path).known == {}
    doccache.write_pickle(tmp_path / qrcodes.FILE, (qrcodes._FORMAT, ["damaged"]))
    assert qrcodes.PageCodes({}, tmp_path).known == {}


def doccache_digests(keys: list[str]) -> list[bytes]:
    return [doccache.digest(k.encode()) for k in keys]


def test_a_fresh_clone_parsed_in_forked_workers_gives_what_one_process_gives(minimal, monkeypatch):
    """`gongkai check` parses a fresh clone on every core: the same documents and problems, in
    the same order, and a cache that makes the next load parse nothing."""
    folder = minimal / "content" / FOLDER
    good = (folder / "20260901-cf.md").read_text(encoding="utf-8")
    for n in range(40):  # enough documents for several chunks, two of them broken
        text = good.replace("行政处罚决定书（", f"第{n}号行政处罚决定书（")
        if n in (7, 31):
            text = text.replace("公开属性: 主动公开", "公开属性: 看情况")
        (folder / f"20260801-x{n:02d}.md").write_text(text, encoding="utf-8")
    matrix = load_matrix(minimal / "columns.yml")
    serial = load_documents(minimal / "content", matrix, "测试市应急管理局")
    monkeypatch.setattr(documents, "PARALLEL_FROM", 0)
    parsed_by = minimal / "parsed-by.txt"  # each parse writes the process it ran in
    original = documents.read_document

    def noting(*args, **kwargs):
        with parsed_by.open("a") as out:
            out.write(f"{os.getpid()}\n")
        return original(*args, **kwargs)

    monkeypatch.setattr(documents, "read_document", noting)
    cache = DocumentCache(minimal / ".cache" / "documents.pickle", "测试市应急管理局")
    forked = load_documents(minimal / "content", matrix, "测试市应急管理局", cache=cache, workers=2)
    cache.save()
    pids = parsed_by.read_text().split()
    assert len(pids) == len(serial[0]) + 2 and str(os.getpid()) not in pids  # all in workers
    assert forked == serial
    assert len(serial[1]) == 2 and all("看情况" in str(p) for p in serial[1])
    parsed_by.unlink()
    again = DocumentCache(minimal / ".cache" / "documents.pickle", "测试市应急管理局")
    assert load_documents(minimal / "content", matrix, "测试市应急管理局", cache=again, workers=2) == serial
    assert len(parsed_by.read_text().split()) == 2  # only the two with problems (never cached)
