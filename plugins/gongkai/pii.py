"""The personal-information guard: resident ID, mobile and bank-card numbers in what we publish.

Numbers are recognised by their structure, not just their length: an ID number needs a
real birth date and a valid check digit (GB 11643-1999), a card number a valid Luhn sum.
Masked forms (3201**********1234, 138****5678) do not match. Intended exceptions, such as
a public hotline, go in an allowlist file that is reviewed like code.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from . import yamlfile
from .errors import GongkaiError, Problem

KINDS = {"id": "居民身份证号码", "mobile": "手机号码", "card": "银行卡号"}

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
#: What may stand between the digits of one number as a person writes or hides it: spaces
#: (ideographic ones too, after NFKC), hyphens and dashes, dots, and Markdown's emphasis marks.
_SEPARATORS = " \t" + re.escape("-.\u2013\u2014\u00b7_*~`^=+")
_RUN = re.compile(rf"\d(?:[{_SEPARATORS}]{{0,3}}\d)*(?:[{_SEPARATORS}]{{0,3}}[Xx](?![A-Za-z0-9]))?")
_GROUP = re.compile(r"\d+|[Xx]")
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_TAG = re.compile(r"</?[A-Za-z][^<>\n]*>")
_ATTRIBUTE = re.compile(r"""=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
_INVISIBLE = re.compile("[\u200b-\u200f\u2060-\u2064\ufeff\u00ad]")
_MOBILE = re.compile(r"1[3-9]\d{9}")


@dataclass(frozen=True)
class Hit:
    kind: str  # id, mobile, card
    number: str  # digits only (X for an ID check digit)
    line: int  # 1-based line in the scanned text (0: unknown)

    @property
    def masked(self) -> str:
        n = self.number
        if self.kind == "mobile":
            return f"{n[:3]}****{n[-4:]}"
        return f"{n[:4]}{'*' * (len(n) - 8)}{n[-4:]}"

    def describe(self) -> str:
        return f"{KINDS[self.kind]} {self.masked}"


def _born(year: int, month: int, day: int) -> bool:
    try:
        return 1900 <= dt.date(year, month, day).year <= 2100
    except ValueError:
        return False


def is_resident_id(number: str) -> bool:
    """18 characters, a real birth date, and the right check digit (GB 11643-1999)."""
    if not re.fullmatch(r"\d{17}[\dXx]", number):
        return False
    if not _born(int(number[6:10]), int(number[10:12]), int(number[12:14])):
        return False
    total = sum(int(d) * w for d, w in zip(number[:17], _ID_WEIGHTS, strict=True))
    return "10X98765432"[total % 11] == number[17].upper()


def is_old_resident_id(number: str) -> bool:
    """The 15-digit IDs issued before 1999: a province code, a birth date in the 1900s."""
    return (len(number) == 15 and number.isdigit() and "11" <= number[:2] <= "82"
            and _born(1900 + int(number[6:8]), int(number[8:10]), int(number[10:12])))


def luhn(number: str) -> bool:
    digits = [int(d) for d in reversed(number)]
    total = sum(digits[0::2]) + sum(sum(divmod(2 * d, 10)) for d in digits[1::2])
    return total % 10 == 0


def reading_text(text: str) -> str:
    """What a reader sees of ``text`` (Markdown or HTML): no comments or tags, entities decoded,
    full-width forms and ideographic spaces as ASCII, invisible characters gone. Lines are kept,
    so what is found can be named by line."""
    text = _COMMENT.sub(lambda m: "\n" * m[0].count("\n"), text)
    text = html.unescape(_TAG.sub(_attribute_values, text))
    return _INVISIBLE.sub("", unicodedata.normalize("NFKC", text))


def _attribute_values(tag: re.Match) -> str:
    """A tag is gone from what a reader sees, but its attributes (a title, an alt text, a link)
    are still published: keep their values, apart from the text around them."""
    values = _ATTRIBUTE.findall(tag[0])
    return " " + " ".join(a or b or c for a, b, c in values) + " " if values else ""


def _kind(number: str, groups: list[str]) -> str | None:
    if len(number) == 18 and is_resident_id(number):
        return "id"
    if len(number) == 15 and is_old_resident_id(number):
        return "id"
    if _MOBILE.fullmatch(number) or (len(number) == 13 and number.startswith("86") and _MOBILE.fullmatch(number[2:])):
        return "mobile"
    if 16 <= len(number) <= 19 and number.isdigit() and luhn(number) and (
            len(groups) == 1 or all(len(g) == 4 for g in groups[:-1])):
        return "card"  # written whole, or in blocks of four as on the card
    return None


def scan(text: str, allowed: Iterable[str] = ()) -> list[Hit]:
    """Every unmasked ID, mobile or bank-card number a reader of ``text`` would see, however it
    is written: full-width, split by spaces, hyphens, dots or emphasis, entity-encoded."""
    allowed = {a.upper() for a in allowed}
    hits: list[Hit] = []
    for line_number, line in enumerate(reading_text(text).split("\n"), 1):
        for run in _RUN.finditer(line):
            groups = _GROUP.findall(run[0])
            start = 0
            while start < len(groups):
                found = None
                joined = ""
                for end in range(start, len(groups)):
                    joined += groups[end]
                    if len(joined) > 19:
                        break
                    kind = _kind(joined.upper(), groups[start:end + 1])
                    if kind:
                        found = (end, kind, joined.upper())  # the longest number from here
                if found is None:
                    start += 1
                    continue
                end, kind, number = found
                digits = number[2:] if kind == "mobile" and len(number) == 13 else number
                if digits not in allowed:
                    hits.append(Hit(kind, digits, line_number))
                start = end + 1
    return hits


def load_allowlist(path: Path | None, shown_as: str | None = None) -> set[str]:
    """The reviewed exceptions: ``{number: …, reason: …}`` for a number that may be published,
    ``{file: …, sha256: …, reason: …}`` for a file whose text cannot be read (a .doc, a .rar)
    that a person has checked page by page (``file`` names it for the next reviewer; the
    sha256 is what counts); a reason is required. Numbers come back as their
    digits, files as ``sha256:<hex>``: a changed file needs a new review."""
    if path is None or not path.exists():
        return set()
    name = shown_as or path.name
    data = yamlfile.load_file(path, name)
    if data is None:
        return set()
    problems, allowed = [], set()
    if not isinstance(data, list):
        raise GongkaiError([Problem(name, 1, "允许公开的号码清单应是列表",
                                    "每项写成 `- number: \"…\"`，下一行 `  reason: …`")])
    for index, entry in enumerate(data):
        line = data.line_of(index) if isinstance(data, yamlfile.Sequence) else None
        if not isinstance(entry, dict) or not str(entry.get("reason", "")).strip():
            problems.append(Problem(name, line, "每一项都要写 `reason`（理由）",
                                    "写明为什么可以公开，例如 公开的举报热线"))
            continue
        if str(entry.get("number", "")).strip():
            digits = re.sub(r"\D", "", unicodedata.normalize("NFKC", str(entry["number"])))
            if len(digits) == 13 and digits.startswith("861"):
                digits = digits[2:]  # +86 138…: the scan names the mobile number without the country code
            allowed.add(digits + ("X" if str(entry["number"]).strip().upper().endswith("X") else ""))
        elif re.fullmatch(r"[0-9a-fA-F]{64}", str(entry.get("sha256", "")).strip()):
            allowed.add("sha256:" + str(entry["sha256"]).strip().lower())
        else:
            problems.append(Problem(name, line, "每一项写 `number`（号码），或写 `file` 和它的 `sha256`",
                                    "文件写成：`- file: …`、`sha256: …`（用 sha256sum 文件名 计算）、`reason: …`"))
    if problems:
        raise GongkaiError(problems)
    return allowed
