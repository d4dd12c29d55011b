"""The personal-information guard: resident ID, mobile and bank-card numbers in what we publish.

Numbers are recognised by their structure, not just their length: an ID number needs a
real birth date and a valid check digit (GB 11643-1999), a card number a valid Luhn sum.
Masked forms (3201**********1234, 138****5678) do not match. Intended exceptions, such as
a public hotline, go in an allowlist file that is reviewed like code.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from . import yamlfile
from .errors import GongkaiError, Problem

KINDS = {"id": "居民身份证号码", "mobile": "手机号码", "card": "银行卡号"}

_ID = re.compile(r"(?<![0-9A-Za-z])(\d{17}[\dXx])(?![0-9A-Za-z])")
_MOBILE = re.compile(r"(?<![\d])(1[3-9]\d)[- ]?(\d{4})[- ]?(\d{4})(?![\d])")
_CARD = re.compile(r"(?<![\d])(\d{4}(?:[ -]?\d{4}){3}(?:[ -]?\d{1,3})?)(?![\d])")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


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


def is_resident_id(number: str) -> bool:
    """18 characters, a real birth date, and the right check digit."""
    if not re.fullmatch(r"\d{17}[\dXx]", number):
        return False
    try:
        born = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return False
    if not 1900 <= born.year <= 2100:
        return False
    total = sum(int(d) * w for d, w in zip(number[:17], _ID_WEIGHTS))
    return "10X98765432"[total % 11] == number[17].upper()


def luhn(number: str) -> bool:
    digits = [int(d) for d in reversed(number)]
    total = sum(digits[0::2]) + sum(sum(divmod(2 * d, 10)) for d in digits[1::2])
    return total % 10 == 0


def scan(text: str, allowed: Iterable[str] = ()) -> list[Hit]:
    """Every unmasked ID, mobile or bank-card number in ``text``, with its line."""
    allowed = set(allowed)
    hits: list[Hit] = []
    taken: list[tuple[int, int]] = []

    def line_at(offset: int) -> int:
        return text.count("\n", 0, offset) + 1

    def add(kind: str, number: str, start: int, end: int) -> None:
        if number.upper() not in allowed and number not in allowed:
            hits.append(Hit(kind, number, line_at(start)))
        taken.append((start, end))

    for match in _ID.finditer(text):
        if is_resident_id(match[1]):
            add("id", match[1].upper(), match.start(), match.end())
    for match in _MOBILE.finditer(text):
        add("mobile", "".join(match.groups()), match.start(), match.end())
    for match in _CARD.finditer(text):
        if any(s < match.end() and match.start() < e for s, e in taken):
            continue
        number = re.sub(r"\D", "", match[1])
        if 16 <= len(number) <= 19 and luhn(number):
            add("card", number, match.start(), match.end())
    return sorted(hits, key=lambda h: h.line)


def load_allowlist(path: Path | None, shown_as: str | None = None) -> set[str]:
    """The reviewed exceptions: a list of ``{number: …, reason: …}``; a reason is required."""
    if path is None or not path.exists():
        return set()
    name = shown_as or path.name
    data = yamlfile.load_file(path, name)
    if data is None:
        return set()
    problems, numbers = [], set()
    if not isinstance(data, list):
        raise GongkaiError([Problem(name, 1, "the allowlist must be a list of entries",
                                    "write each as `- number: \"…\"` with `reason: …`")])
    for index, entry in enumerate(data):
        line = data.line_of(index) if isinstance(data, yamlfile.Sequence) else None
        if not isinstance(entry, dict) or not str(entry.get("number", "")).strip() \
                or not str(entry.get("reason", "")).strip():
            problems.append(Problem(name, line, "each entry needs a `number` and a `reason`",
                                    "say why this number may be published, e.g. 公开的举报热线"))
            continue
        numbers.add(re.sub(r"[\s-]", "", str(entry["number"])).upper())
    if problems:
        raise GongkaiError(problems)
    return numbers
