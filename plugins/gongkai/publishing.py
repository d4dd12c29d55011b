"""Publishing safety: one gate that decides every file of the site before anything is written.

Every file MkDocs would copy or render passes ``gate``: documents, ordinary pages (a column's
index.md, the home page, the accessibility statement), attachments, images and any other
file, whatever its folder or extension. A document is published when it is 主动公开, not a
`草稿`, and its 发布日期 has come; a page unless it says otherwise (公开属性, 草稿); any other
file only when something published uses it (an attachment, a link or an image of a published
document or page, a stylesheet the configuration names, a file a published stylesheet
loads). Symlinks and Markdown files MkDocs would not read as documents (.markdown, .MD …)
stop the build. Everything published is then checked: review records (先审查后公开),
attachment type, size and name, and personal numbers in the text the public will read.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import posixpath
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import pii, yamlfile
from .attachments import Policy, Unreadable, problems_with, text_of_bytes
from .doccache import code_fingerprint, digest, read_pickle, write_pickle
from .documents import (
    DISCLOSURE,
    PUBLIC,
    TEMPLATES,
    Document,
    common_slips,
    date_problem,
    is_document_file,
    parse_date,
    references,
    split_front_matter,
)
from .errors import Problem
from .matrix import ATTACHMENT_FOLDER, Matrix

log = logging.getLogger("mkdocs.plugins.gongkai")

#: The extensions MkDocs renders as Markdown (mkdocs.utils.markdown_extensions); documents
#: and pages must use `.md`, in lower case: anything else would skip the gate.
MARKDOWN_EXTENSIONS = (".md", ".markdown", ".mdown", ".mkdn", ".mkd")
#: The site's own files that hold no text to read: fonts and icons. Any other file a page,
#: a stylesheet or mkdocs.yml publishes is read for personal numbers, or reviewed by sha256.
ASSETS = (".woff", ".woff2", ".ttf", ".otf", ".eot", ".ico")
#: Files a site may have at its root without a page linking to them.
ROOT_FILES = ("robots.txt", "favicon.ico", "CNAME", "humans.txt")
_CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")\s]+)", re.I)


@dataclass(frozen=True)
class Rules:
    """What the site demands of what it publishes."""

    require_review: bool = False
    attachments: Policy = Policy()
    scan_personal_numbers: bool = True
    allowlist: frozenset[str] = frozenset()


SCANS_FILE = "scans.pickle"  # in .cache/gongkai/


class Scans:
    """What reading a file found, kept by the file's content: in a `mkdocs serve` session, and
    from one build to the next in `.cache/gongkai/` (``use``), only edited documents and
    attachments are read again (the text of PDFs alone took 1.7 s of a 5,000-document
    rebuild; scanning the documents for numbers, 3.5 s). Keyed by a digest of the bytes,
    never by size and mtime: a verdict is never taken from content that has changed."""

    def __init__(self) -> None:
        self._found: dict[tuple, object] = {}
        self._used: set[tuple] = set()
        self._file: Path | None = None
        self._changed = False
        self._known: dict[Path, bytes] = {}

    def use(self, file: Path | None) -> None:
        """Keep what is found in ``file`` too (None: in memory only), starting from what it holds."""
        if file == self._file:
            return
        self._file, self._used = file, set()
        stored = read_pickle(file) if file is not None else None
        if isinstance(stored, tuple) and len(stored) == 2 and stored[0] == _scan_context():
            self._found.update(stored[1])

    def know(self, digests: dict[Path, bytes]) -> None:
        """The digests of files just read (the documents, by the document cache): a file whose
        scan is kept is then not read again."""
        self._known = digests

    def get(self, path: Path, key: tuple, compute: Callable[[bytes], object]) -> object:
        known = self._known.get(path)
        if known is not None and (known, key) in self._found:
            self._used.add((known, key))
            return self._found[(known, key)]
        try:
            data = path.read_bytes()
        except OSError as error:
            return OSError(error.strerror)
        found_key = (digest(data), key)
        if found_key not in self._found:
            self._found[found_key] = compute(data)
            self._changed = True
        self._used.add(found_key)
        return self._found[found_key]

    def save(self) -> None:
        """Write what this build used to the cache file (what it did not use is gone from the site)."""
        if self._file is None or not (self._changed or self._used != self._found.keys()):
            return
        self._found = {key: self._found[key] for key in self._used}
        try:
            write_pickle(self._file, (_scan_context(), self._found))
        except OSError as error:
            log.debug(f"gongkai: scan cache not written: {error}")
        self._used, self._changed = set(), False


@dataclass(frozen=True)
class Page:
    """An ordinary page: a Markdown file that is not a document."""

    path: str
    disclosure: str = ""  # 公开属性, when the page says
    draft: bool = False
    links: tuple[str, ...] = ()
    published: dt.datetime | None = None  # 发布日期, when the page says

    def withheld_at(self, now: dt.datetime) -> str:
        """Why the page is not on the site at ``now``; "" when it is."""
        if self.draft:
            return "草稿（发布前删除“草稿: true”一行）"
        if self.disclosure not in ("", PUBLIC):
            return f"公开属性为“{self.disclosure}”"
        if self.published is not None and self.published > now:
            return _not_yet(self.published)
        return ""


@dataclass(frozen=True)
class Gate:
    """The decision on every file of the site."""

    published: frozenset[str]  # content-relative paths that may be built
    withheld: dict[str, str]  # the others, and why
    documents: tuple[Document, ...]  # the published documents
    problems: tuple[Problem, ...] = ()  # reasons not to build at all

    def left_out(self, shown: str) -> list[str]:
        """Each document and page not published, with why: never left out silently."""
        return [f"{shown}/{path}：{why}" for path, why in sorted(self.withheld.items()) if path.endswith(".md")]


def next_publication(documents: Iterable[Document], now: dt.datetime) -> Document | None:
    """The public document that is due next (a 发布日期 still to come)."""
    return min((d for d in documents if d.is_public and d.published > now), key=lambda d: d.published,
               default=None)


def site_files(content_dir: Path) -> list[str]:
    """The content-relative paths the gate decides, for `gongkai validate` and the build alike:
    every file but dot files and /templates/, which MkDocs skips by default."""
    found = []
    for parent, folders, names in os.walk(content_dir, followlinks=True):
        relative = Path(parent).relative_to(content_dir).as_posix()
        folders[:] = sorted(f for f in folders if not f.startswith(".")
                            and not (relative == "." and f == "templates"))
        found += [name if relative == "." else f"{relative}/{name}"
                  for name in sorted(names) if not name.startswith(".")]
    return found


def configured_files(extra: Iterable[Any], theme: Any, conac_image: str) -> list[str]:
    """Files of the content folder the site's configuration names: the extra stylesheets and
    scripts, the theme's logo and favicon, the 党政机关 mark. Published though no page links
    to them. ``extra`` and ``theme`` as MkDocs holds them or as mkdocs.yml writes them (a
    script may be ``{path: …}``, the theme a bare name), so `gongkai validate` and the
    build name the same files."""
    named = [str(getattr(item, "path", None) or (item.get("path") if isinstance(item, dict) else item) or "")
             for item in extra]
    if hasattr(theme, "get"):
        named += [str(theme.get(key) or "") for key in ("logo", "favicon")]
    named.append(conac_image)
    return [posixpath.normpath(name) for name in named if name and "://" not in name]


def gate(content_dir: Path, paths: Iterable[str], matrix: Matrix, documents: Iterable[Document],
         now: dt.datetime, rules: Rules, uses: Iterable[str] = (), scans: Scans | None = None) -> Gate:
    """Decide every file in ``paths`` (content-relative), and check what will be published.

    ``documents`` are the parsed documents; ``uses`` the files the site's configuration names
    (stylesheets, scripts, a logo): published though no page links to them."""
    shown = content_dir.name
    paths = sorted(set(paths))
    problems: list[Problem] = bad_names(paths, shown)
    problems += _symlinks(content_dir, paths, shown)
    by_path = {d.path: d for d in documents}
    public = [d for d in by_path.values() if d.is_published_at(now)]
    withheld: dict[str, str] = {}
    pages: dict[str, Page] = {}
    for path in paths:
        extension = posixpath.splitext(path)[1]
        if extension.lower() in MARKDOWN_EXTENSIONS and extension != ".md":
            problems.append(Problem(f"{shown}/{path}", None,
                                    f"文件扩展名“{extension}”：文件和页面只能用小写的 .md",
                                    f"改名为 {posixpath.splitext(posixpath.basename(path))[0]}.md"))
        elif extension == ".md" and path not in by_path:
            if ATTACHMENT_FOLDER in posixpath.dirname(path).split("/"):
                withheld[path] = "附件文件夹中的 Markdown 文件不是页面"
                continue
            column = matrix.by_folder(posixpath.dirname(path))
            if column is not None and column.is_leaf and is_document_file(path):
                withheld[path] = "有错误，未能读取（见上面的问题）"  # a document that did not parse
                continue
            page, found = read_page(content_dir, path)
            problems += found
            if page is None:
                continue
            why = page.withheld_at(now)
            if why:
                withheld[path] = why
            else:
                pages[path] = page
    published_documents = {d.path for d in public}
    for document in by_path.values():
        if document.path not in published_documents:
            withheld[document.path] = withheld_because(document)
    used = {a.path: "attachment" for d in public for a in d.attachments}
    used.update({link: "link" for d in public for link in d.links if link not in used})
    used.update({link: "link" for p in pages.values() for link in p.links if link not in used})
    used.update(dict.fromkeys(uses, "configuration"))
    used.update(dict.fromkeys(ROOT_FILES, "root"))
    present = set(paths)
    stylesheets = [p for p in used if p.endswith(".css") and p in present]
    while stylesheets:  # a published stylesheet's fonts and images
        sheet = stylesheets.pop()
        try:
            text = (content_dir / sheet).read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        for target in _CSS_URL.findall(text):
            if "://" in target or target.startswith(("/", "data:", "#")):
                continue
            target = posixpath.normpath(posixpath.join(posixpath.dirname(sheet), target.split("?")[0].split("#")[0]))
            if target not in used:
                used[target] = "configuration"
                if target.endswith(".css") and target in present:
                    stylesheets.append(target)
    static = set()
    for path in paths:
        if path.endswith(MARKDOWN_EXTENSIONS) or path in withheld:
            continue
        if path in used:
            static.add(path)
        else:
            withheld[path] = "没有已发布的信息或页面使用它"
    decided = published_documents | set(pages) | static
    if not problems:
        problems += _checks(content_dir, public, pages, static, used, rules, scans or Scans())
    return Gate(frozenset(decided), withheld, tuple(public), tuple(problems))


def theme_problems(theme_dir: Path, shown: str, rules: Rules, scans: Scans | None = None) -> list[Problem]:
    """The site's own theme folder (custom_dir): MkDocs copies its files onto the site and
    prints its templates into every page, past the gate. They are read for personal numbers
    too; one that cannot be read (but a font or an icon) must be reviewed by sha256."""
    if not rules.scan_personal_numbers or not theme_dir.is_dir():
        return []
    scans = scans or Scans()
    problems = []
    for path in site_files(theme_dir):
        file, where = theme_dir / path, f"{shown}/{path}"
        pieces = _numbers_in(scans, file, rules)
        if isinstance(pieces, Unreadable):
            if file.suffix.lower() not in ASSETS and f"sha256:{_sha256(file)}" not in rules.allowlist:
                problems.append(Problem(where, None, f"{pieces}，无法检查其中有无个人信息",
                                        f"由审核人核对后，把文件的 sha256（sha256sum {file.name}）和理由写入 pii-allowlist.yml"))
            continue
        if isinstance(pieces, (ValueError, OSError)):
            problems.append(Problem(where, None, str(pieces), "确认文件能正常打开"))
            continue
        problems += [Problem(where, None, f"文件中有个人信息（{part}）：{hit.describe()}",
                             "主题文件会出现在网站的每个页面上：删除或遮挡后再提交")
                     for part, hit in pieces]
    return problems


def utf8_name(path: str) -> bool:
    """Whether a name read from disk is UTF-8 (one saved by a GBK system holds surrogates)."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def bad_names(paths: Iterable[str], shown: str) -> list[Problem]:
    """Files whose names are not UTF-8 (saved by a GBK system): no address can be made for them."""
    problems = []
    for path in (p for p in paths if not utf8_name(p)):
        readable = path.encode("utf-8", "surrogateescape").decode("gb18030", "replace")
        problems.append(Problem(f"{shown}/{readable}", None, "文件名不是 UTF-8 编码（可能是在 GBK 系统中保存的）",
                                "把文件改名：建议只用小写字母、数字和连字符，例如 20260915-xzcfjg-012.md"))
    return problems


def withheld_because(document: Document) -> str:
    """Why a document is not on the site, in the editor's words."""
    if document.draft:
        return "草稿（发布前删除“草稿: true”一行）"
    if document.disclosure != PUBLIC:
        return f"公开属性为“{document.disclosure}”"
    return _not_yet(document.published)


def _not_yet(moment: dt.datetime) -> str:
    return f"发布日期 {f'{moment:%Y-%m-%d %H:%M}'.removesuffix(' 00:00')} 还没到"


def read_page(content_dir: Path, path: str) -> tuple[Page | None, list[Problem]]:
    """An ordinary page's disclosure, draft mark, 发布日期 and links. Its front matter is read
    as strictly as a document's: a slip that hid 公开属性 would publish the page."""
    name = f"{content_dir.name}/{path}"
    try:
        text = (content_dir / path).read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        return None, [Problem(name, None, "文件不是 UTF-8 文本", "用 UTF-8 编码另存该文件（记事本：另存为 → 编码选 UTF-8）")]
    except OSError as error:
        return None, [Problem(name, None, f"无法读取（{error.strerror}）", "检查文件是否存在、是否有读取权限")]
    front, body, first_line = split_front_matter(text)
    if front is None:
        return Page(path, links=references(body, posixpath.dirname(path))), []
    problems, front = common_slips(front, name, first_line)
    try:
        meta = yamlfile.load(front, name, first_line)
    except yamlfile.YamlProblem as error:
        return None, [*problems, error.problem]
    if meta is None:
        meta = yamlfile.Mapping()
        meta.line, meta.key_lines = first_line, {}
    if not isinstance(meta, yamlfile.Mapping):
        return None, [*problems, Problem(name, first_line, "字段块的每一行应是“字段: 值”", "例如 `公开属性: 主动公开`")]
    yamlfile.shift_lines(meta, first_line - 1)
    disclosure = str(meta.get("公开属性") or "").strip()
    if disclosure and disclosure not in DISCLOSURE:
        problems.append(Problem(name, meta.line_of("公开属性"), f"“公开属性: {disclosure}”不是 {'、'.join(DISCLOSURE)} 之一",
                                "写“公开属性: 主动公开”，或删除这一行（不写公开属性的页面照常发布）"))
    draft = meta.get("草稿", False)
    if not isinstance(draft, bool):
        problems.append(Problem(name, meta.line_of("草稿"), f"“草稿: {draft}”只能写 true 或 false",
                                "不发布就写 `草稿: true`，要发布就删除这一行"))
    published = None
    if meta.get("发布日期") not in (None, ""):
        published = parse_date(meta["发布日期"], with_time=True)
        if published is None:
            problems.append(Problem(name, meta.line_of("发布日期"), *date_problem("发布日期", meta["发布日期"], True)))
    template = meta.get("template")
    if template is not None and template not in TEMPLATES:
        problems.append(Problem(name, meta.line_of("template"), f"不能指定模板“{template}”（网站的模板由 gongkai 决定）",
                                "删除 template 这一行"))
    if problems:
        return None, problems
    return Page(path, disclosure, draft, references(body, posixpath.dirname(path)), published), []


def _symlinks(content_dir: Path, paths: list[str], shown: str) -> list[Problem]:
    """Every symlink on the way to a file: MkDocs follows them, out of the repository too."""
    problems, checked = [], {}
    for path in paths:
        parts = path.split("/")
        for depth in range(1, len(parts) + 1):
            relative = "/".join(parts[:depth])
            if relative not in checked:
                checked[relative] = os.path.islink(content_dir / relative)
                if checked[relative]:
                    problems.append(Problem(f"{shown}/{relative}", None,
                                            "这是符号链接（symlink）：网站不发布链接，只发布仓库中的文件",
                                            "把文件本身放进仓库，或删除这个链接"))
            if checked[relative]:
                break
    return problems


def _checks(content_dir: Path, public: list[Document], pages: dict[str, Page], static: set[str],
            used: dict[str, str], rules: Rules, scans: Scans) -> list[Problem]:
    """Every reason not to publish what the gate chose."""
    shown = content_dir.name
    found: list[Problem] = []
    for document in public:
        if rules.require_review and not document.review_date:
            found.append(Problem(f"{shown}/{document.path}", 1, "没有保密审查记录",
                                 "先审查后公开：审查后加上 `保密审查: {审查单位: 办公室, 审查日期: 2026-03-10}`"))
    if rules.scan_personal_numbers:
        sources = [d.path for d in public] + list(pages) + [d.report_data for d in public if d.report_data]
        for path in sources:
            hits = scans.get(content_dir / path, ("pii", rules.allowlist),
                             lambda data: pii.scan(data.decode("utf-8-sig", "replace"), rules.allowlist))
            for hit in hits if isinstance(hits, list) else []:
                found.append(Problem(f"{shown}/{path}", hit.line, f"有个人信息：{hit.describe()}",
                                     "遮挡后再发布（例如 138****5678）；确需公开的，经审核后连同理由写入 pii-allowlist.yml"))
    lines = {a.path: (d.path, a.line) for d in public for a in d.attachments}
    for path in sorted(static):
        # The site's own files (stylesheets, scripts, robots.txt) are no attachments: their
        # type and size are the site's business. What they say is still read for numbers.
        own = used.get(path) in ("configuration", "root")
        file = content_dir / path
        owner, line = lines.get(path, (path, None))
        if not file.is_file():
            continue  # a link to a missing file: MkDocs reports it
        for message in [] if own else problems_with(file, rules.attachments):
            found.append(Problem(f"{shown}/{owner}", line, f"附件 {path}：{message}"))
        if not rules.scan_personal_numbers:
            continue
        pieces = _numbers_in(scans, file, rules)
        if isinstance(pieces, Unreadable):
            if not (own and file.suffix.lower() in ASSETS) and f"sha256:{_sha256(file)}" not in rules.allowlist:
                found.append(Problem(f"{shown}/{owner}", line, f"附件 {path}：{pieces}，无法检查其中有无个人信息",
                                     "转为 PDF、DOCX 或 XLSX 再发布；或由审核人逐页核对后，把文件的 sha256 "
                                     f"（sha256sum {file.name}）和理由写入 pii-allowlist.yml"))
            continue
        if isinstance(pieces, (ValueError, OSError)):
            found.append(Problem(f"{shown}/{owner}", line, f"附件 {path}：{pieces}",
                                 "确认文件能正常打开，或转为 PDF 再发布"))
            continue
        for where, hit in pieces:
            found.append(Problem(f"{shown}/{path}", None,
                                 f"{'文件' if own else '附件'}中有个人信息（{where}）：{hit.describe()}",
                                 "发布遮挡后的版本；确需公开的，经审核后连同理由写入 pii-allowlist.yml"))
    return found


def _numbers_in(scans: Scans, file: Path, rules: Rules) -> list[tuple[str, pii.Hit]] | Exception:
    """The personal numbers in a file's text, each with where it is, or why it cannot be read.
    What is kept is the numbers, not the text (which can be large)."""

    def numbers(data: bytes) -> list[tuple[str, pii.Hit]] | ValueError:
        pieces = _text_or_error(file.name, data)
        if isinstance(pieces, ValueError):
            return pieces
        return [(where, hit) for where, text in pieces for hit in pii.scan(text, rules.allowlist)]

    return scans.get(file, ("numbers", file.suffix.lower(), rules.allowlist), numbers)  # type: ignore[return-value]


def _scan_context() -> tuple:
    """What the kept scans depend on besides the bytes: the code that reads and scans."""
    return (1, code_fingerprint("pii.py", "attachments.py", "publishing.py"))


def _sha256(file: Path) -> str:
    return hashlib.sha256(file.read_bytes()).hexdigest()


def _text_or_error(name: str, data: bytes) -> list[tuple[str, str]] | ValueError:
    try:
        return text_of_bytes(name, data)
    except ValueError as error:  # Unreadable included: the caller tells them apart
        return error

