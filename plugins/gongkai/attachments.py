"""Attachments: what may be published (type, size, a URL-safe name), and the text inside them.

The text is read so the personal-information guard sees what the public can: the text and the
metadata (author, comments, form fields) of PDF (pypdf), DOCX (python-docx), XLSX (openpyxl),
OFD, CSV and text files, every file inside a ZIP, and the text metadata of images (Pillow; the
pixels are not read). A type with no reader (.doc, .wps, .et, .rar …) cannot be checked:
``Unreadable``, and the gate refuses it unless a reviewer has recorded it in the allowlist.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

DEFAULT_TYPES = ("pdf", "ofd", "doc", "docx", "wps", "xls", "xlsx", "et", "csv", "zip", "rar",
                 "jpg", "jpeg", "png", "gif")
DEFAULT_MAX_MB = 50
SAFE_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]*$")


@dataclass(frozen=True)
class Policy:
    types: tuple[str, ...] = DEFAULT_TYPES
    max_mb: float = DEFAULT_MAX_MB


def problems_with(path: Path, policy: Policy) -> list[str]:
    """What is wrong with publishing this file; empty when nothing is."""
    problems = []
    name = path.name
    extension = path.suffix.lower().lstrip(".")
    if not SAFE_NAME.match(name):
        problems.append(f"文件名“{name}”不能直接用在网址中：只用小写字母、数字、连字符和点"
                        "（例如 2026-jueding-12.pdf），中文名称写在“名称”字段里")
    if extension not in policy.types:
        problems.append(f"不能发布 .{extension or '（无扩展名）'} 类型的文件："
                        f"允许的类型是 {'、'.join(policy.types)}")
    size = path.stat().st_size
    if size > policy.max_mb * 1024 * 1024:
        problems.append(f"文件有 {size / 1024 / 1024:.1f} MB，超过 {policy.max_mb:g} MB 的上限")
    return problems


class Unreadable(ValueError):
    """A file whose text gongkai cannot read (a .doc, a .rar): it cannot be checked."""


#: The most a compressed file may unpack to, and how deep archives may nest: beyond that it
#: cannot be checked (a zip bomb would otherwise stop the build).
ARCHIVE_LIMITS = {"members": 2000, "bytes": 500 * 1024 * 1024, "depth": 3}
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def text_of_bytes(name: str, data: bytes, depth: int = 0) -> list[tuple[str, str]]:
    """(where, text) pieces of everything a reader of the file ``name`` can see or look up: its
    text, and the metadata it carries (author, title, comments). Raises Unreadable for a type
    with no reader, ValueError for a file of a readable type that does not open."""
    kind = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    reader = _READERS.get(kind)
    if reader is None:
        raise Unreadable(f"无法读取 .{kind or '（无扩展名）'} 文件中的文字")
    try:
        return reader(data, depth)
    except Unreadable:
        raise
    except Exception as error:  # the parsers raise many kinds; all mean "cannot be read"
        raise ValueError(f"文件打不开，无法读取其中的文字（{type(error).__name__}: {error}）") from None


def _properties(where: str, values: Iterable[tuple[str, object]]) -> list[tuple[str, str]]:
    return [(f"{where}：{key}", str(value)) for key, value in values if value not in (None, "")]


def _pdf(data: bytes, depth: int) -> list[tuple[str, str]]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    pieces = [(f"第{n}页", page.extract_text() or "") for n, page in enumerate(reader.pages, 1)]
    pieces += _properties("文件属性", (reader.metadata or {}).items())
    for n, page in enumerate(reader.pages, 1):  # notes and form fields a viewer shows
        for annotation in page.get("/Annots") or []:
            contents = annotation.get_object().get("/Contents")
            if contents:
                pieces.append((f"第{n}页批注", str(contents)))
    pieces += _properties("表单", ((k, v.get("/V")) for k, v in (reader.get_fields() or {}).items()))
    return pieces


def _docx(data: bytes, depth: int) -> list[tuple[str, str]]:
    import docx

    document = docx.Document(io.BytesIO(data))

    def table_text(table) -> Iterable[str]:
        for row in table.rows:
            for cell in row.cells:
                yield from (p.text for p in cell.paragraphs)
                for inner in cell.tables:
                    yield from table_text(inner)

    body = [p.text for p in document.paragraphs]
    for table in document.tables:
        body += list(table_text(table))
    pieces = [("正文", "\n".join(body))]
    for number, section in enumerate(document.sections, 1):
        for part, where in ((section.header, "页眉"), (section.footer, "页脚"),
                            (section.first_page_header, "首页页眉"), (section.first_page_footer, "首页页脚"),
                            (section.even_page_header, "偶数页页眉"), (section.even_page_footer, "偶数页页脚")):
            pieces.append((f"第{number}节{where}", "\n".join(p.text for p in part.paragraphs)))
    core = document.core_properties
    pieces += _properties("文件属性", [("作者", core.author), ("最后修改者", core.last_modified_by),
                                     ("标题", core.title), ("主题", core.subject), ("关键词", core.keywords),
                                     ("备注", core.comments), ("类别", core.category)])
    # What python-docx does not expose: comments, footnotes, endnotes, text boxes; a paragraph's
    # runs joined, so a number split across runs is whole again.
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for member in archive.namelist():
            if member in ("word/comments.xml", "word/footnotes.xml", "word/endnotes.xml", "word/document.xml"):
                root = ElementTree.fromstring(archive.read(member))
                scope = root.iter(f"{_W}txbxContent") if member == "word/document.xml" else [root]
                lines = ["".join(t.text or "" for t in p.iter(f"{_W}t"))
                         for box in scope for p in box.iter(f"{_W}p")]
                pieces.append((member, "\n".join(lines)))
    return pieces


def _xlsx(data: bytes, depth: int) -> list[tuple[str, str]]:
    import openpyxl

    workbook = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    pieces = []
    for sheet in workbook.worksheets:
        cells = []
        for row in sheet.iter_rows():
            for cell in row:
                value = cell.value
                if isinstance(value, float) and value.is_integer():
                    value = int(value)
                if value is not None:
                    cells.append(str(value))
                if cell.comment is not None:
                    cells.append(cell.comment.text)
        pieces.append((f"工作表“{sheet.title}”", "\n".join([sheet.title, *cells])))
    props = workbook.properties
    pieces += _properties("文件属性", [("作者", props.creator), ("最后修改者", props.lastModifiedBy),
                                     ("标题", props.title), ("主题", props.subject), ("关键词", props.keywords),
                                     ("备注", props.description), ("类别", props.category)])
    return pieces


def _plain(data: bytes, depth: int) -> list[tuple[str, str]]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return [("文本", data.decode(encoding))]
        except UnicodeDecodeError:
            continue
    raise ValueError("文本既不是 UTF-8 也不是 GB18030 编码")


def _ofd(data: bytes, depth: int) -> list[tuple[str, str]]:
    """OFD (GB/T 33190): zipped XML; a page's text is in TextObject/TextCode."""
    pieces = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for member in sorted(archive.namelist()):
            if not member.lower().endswith(".xml"):
                continue
            root = ElementTree.fromstring(archive.read(member))
            lines, text_line, last_y = [], [], None
            for element in root.iter():
                if element.tag.endswith("TextObject"):
                    # A line of a page is often many TextObjects side by side: join those on
                    # one line (the same y of their Boundary), so a number split across them is whole.
                    boundary = (element.get("Boundary") or "").split()
                    y = boundary[1] if len(boundary) > 1 else last_y
                    if y != last_y and text_line:
                        lines.append("".join(text_line))
                        text_line = []
                    text_line.append("".join(element.itertext()))
                    last_y = y
                elif not list(element) and element.text and element.text.strip() \
                        and not element.tag.endswith("TextCode"):
                    lines.append(element.text.strip())
            lines.append("".join(text_line))
            pieces.append((member, "\n".join(lines)))
    return pieces


def _zip(data: bytes, depth: int) -> list[tuple[str, str]]:
    if depth >= ARCHIVE_LIMITS["depth"]:
        raise Unreadable("压缩包嵌套过深，无法检查")
    pieces = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = [m for m in archive.infolist() if not m.is_dir()]
        if len(members) > ARCHIVE_LIMITS["members"] or \
                sum(m.file_size for m in members) > ARCHIVE_LIMITS["bytes"]:
            raise Unreadable("压缩包中的文件过多或过大，无法检查")
        for member in members:
            if member.flag_bits & 0x1:
                raise Unreadable(f"压缩包中的 {member.filename} 已加密，无法检查")
            pieces.append(("压缩包中的文件名", member.filename))
            inner = text_of_bytes(member.filename, archive.read(member), depth + 1)
            pieces += [(f"压缩包中的 {member.filename}：{where}", text) for where, text in inner]
    return pieces


def _image(data: bytes, depth: int) -> list[tuple[str, str]]:
    """An image's text metadata (EXIF, PNG text, comments); its pixels are not read."""
    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        values = [(str(key), value) for key, value in image.info.items()
                  if isinstance(value, (str, bytes)) and key not in ("icc_profile", "exif")]
        exif = image.getexif()
        values += [(str(tag), value) for tag, value in exif.items() if isinstance(value, (str, bytes))]
        values += [(str(tag), value) for tag, value in exif.get_ifd(0x8769).items()
                   if isinstance(value, (str, bytes))]
    return [(f"图片元数据：{key}", value.decode("utf-8", "replace") if isinstance(value, bytes) else value)
            for key, value in values]


_READERS = {"pdf": _pdf, "docx": _docx, "xlsx": _xlsx, "ofd": _ofd, "zip": _zip,
            "csv": _plain, "txt": _plain, "md": _plain, "html": _plain, "htm": _plain, "xml": _plain,
            "json": _plain, "yml": _plain, "yaml": _plain, "js": _plain, "css": _plain, "svg": _plain,
            "jpg": _image, "jpeg": _image, "png": _image, "gif": _image}
