"""Real files for the tests, made with the same libraries that read them: PDF, DOCX, XLSX,
PNG and ZIP, each with text or metadata to plant."""

from __future__ import annotations

import io
import zipfile


def pdf_with(text: str, author: str = "") -> bytes:
    """A minimal one-page PDF showing ``text`` (ASCII) in Helvetica, with an optional /Author."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    if author:
        objects.append(b"<< /Author (%s) >>" % author.encode())
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    info = b" /Info 6 0 R" if author else b""
    out += b"trailer\n<< /Size %d /Root 1 0 R%s >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, info, xref)
    return bytes(out)


def docx_with(runs: list[str] = (), author: str = "", header: str = "", table: str = "") -> bytes:
    """A DOCX whose first paragraph is ``runs`` (one run each: a number may be split across them)."""
    import docx

    document = docx.Document()
    paragraph = document.add_paragraph()
    for run in runs:
        paragraph.add_run(run)
    if table:
        document.add_table(rows=1, cols=1).cell(0, 0).text = table
    if header:
        document.sections[0].header.paragraphs[0].text = header
    document.core_properties.author = author
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def xlsx_with(cells: list[object] = (), author: str = "", rich: list[str] = ()) -> bytes:
    """An XLSX with ``cells`` in column A and, if given, one cell of rich-text ``rich`` runs."""
    import openpyxl
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row, value in enumerate(cells, 1):
        sheet.cell(row=row, column=1, value=value)
    if rich:
        sheet.cell(row=len(cells) + 1, column=1,
                   value=CellRichText(*[TextBlock(InlineFont(b=i % 2 == 0), part) for i, part in enumerate(rich)]))
    workbook.properties.creator = author
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def png_with(text: str = "") -> bytes:
    """A small PNG, with ``text`` in a tEXt chunk (metadata a viewer shows)."""
    from PIL import Image, PngImagePlugin

    info = PngImagePlugin.PngInfo()
    if text:
        info.add_text("Comment", text)
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, "PNG", pnginfo=info)
    return buffer.getvalue()


def zip_with(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()
