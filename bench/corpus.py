"""Synthetic corpora for the build benchmark.

Three kinds of corpus are written, each a folder outside the repository:

* ``make_product_corpus`` — a copy of the sample project (mkdocs.yml, columns.yml,
  holidays.yml, pii-allowlist.yml, overrides/, content/) with N synthetic documents added to
  the column folders. Every document has complete front matter (unique 索引号, 主动公开,
  保密审查, 有效性 in normative columns, every date field its column's rules count from) and
  is dated on a working day in the few weeks before the as-of date, with 成文日期, 决定日期
  etc. equal to 发布日期, so the strict build with every check on passes. Interpretations
  (解读) are paired with a synthetic policy published the same day. The body (about 2 KB)
  is assembled from sentences of the sample's public documents, so it reads like real 公文;
  sentences that the personal-information guard would flag are never used.
* ``make_plain_corpus`` — the same Markdown for plain Material for MkDocs: a hard-linked
  copy of content/ (documents that the product would not publish are left out), an
  index.md for every column folder that lacks one, and a mkdocs.yml without the gongkai
  plugin whose nav holds only the column index pages.
* ``make_hugo_corpus`` — the same Markdown for Hugo: front matter rewritten with ASCII keys
  (标题 → title, 发布日期 → date), index.md → _index.md, and a minimal layout.

Run ``python -m bench.corpus --help`` to write one product corpus by hand.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import posixpath
import random
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import yaml

from gongkai import pii
from gongkai.matrix import Column, Matrix, load_matrix
from gongkai.workdays import load_calendar

#: What of the sample project a corpus copies (the site's own files, not the product code).
PROJECT_FILES = ("mkdocs.yml", "columns.yml", "holidays.yml", "pii-allowlist.yml")
PROJECT_DIRS = ("overrides", "content")

AS_OF = dt.date(2026, 11, 20)  # the sample site's pinned as_of
WINDOW_DAYS = 42  # synthetic documents are dated in the six weeks up to AS_OF
INDEX_PREFIX = "11990000MB0000001X"
FIRST_SERIAL = 10001  # the sample uses serials below 200; 5 digits hold 89,999 documents
BODY_BYTES = 2048  # target UTF-8 size of a synthetic body
ORGANISATION = "示例市应急管理局"
PUBLIC = "主动公开"

TOPICS = ("安全生产", "行政执法", "应急管理", "防灾减灾", "综合政务")
KINDS = ("通知", "通报", "公告", "实施意见", "工作方案", "工作要点")
SUBJECTS = (
    "做好冬春季森林防火工作", "开展危险化学品安全专项整治", "加强有限空间作业安全管理",
    "开展安全生产大检查", "做好元旦春节期间安全防范工作", "加强城镇燃气安全管理",
    "开展工贸企业粉尘防爆专项检查", "做好低温雨雪冰冻灾害防范应对", "加强烟花爆竹安全监管",
    "开展安全生产月活动", "推进安全生产治本攻坚三年行动", "加强应急救援队伍建设",
    "做好汛期安全防范工作", "开展重大事故隐患排查整治", "加强建设施工领域安全监管",
    "规范安全生产行政执法行为", "开展应急预案演练", "加强防灾减灾宣传教育",
    "做好高温天气安全生产工作", "开展非煤矿山安全整治", "加强安全评价机构监督管理",
    "推进企业安全生产标准化建设", "开展消防安全集中整治", "加强自然灾害综合风险监测预警",
)
HEADINGS = ("基本情况", "主要内容", "工作措施", "有关要求", "保障措施", "工作目标", "实施步骤",
            "监督检查", "组织领导", "工作任务")
NUMERALS = "一二三四五六七八九十"
TABLE_ITEMS = ("隐患排查", "执法检查", "宣传培训", "应急演练", "专项整治", "督导检查")

_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?\r?\n)?---[ \t]*(?:\r?\n|\Z)", re.S)
#: Paragraphs with Markdown syntax (links, tables, lists, headings, HTML) are not reused.
_MARKUP = re.compile(r"[\[\]|#*`<>{}!]|^\s*(?:[-+]|\d+[.)])\s")


def split_front_matter(text: str) -> tuple[dict, str]:
    """(front matter as a dict, body); an empty dict when there is none."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    meta = yaml.load(match.group(1) or "", Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return (meta if isinstance(meta, dict) else {}), text[match.end():]


def date_of(value: object) -> dt.date | None:
    """A front-matter date (YYYY-MM-DD, optionally with HH:MM) as a date."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    match = re.match(r"^(\d{4})-(\d{2})-(\d{2})", str(value or "").strip())
    if not match:
        return None
    try:
        return dt.date(*map(int, match.groups()))
    except ValueError:
        return None


def is_published(meta: dict, as_of: dt.date) -> bool:
    """Whether the product publishes a document with this front matter on ``as_of``."""
    published = date_of(meta.get("发布日期"))
    return (meta.get("公开属性") == PUBLIC and meta.get("草稿") is not True
            and published is not None and published <= as_of)


def copy_project(repo: Path, dest: Path) -> None:
    """Copy the sample project's site files (not the product's code) into ``dest``."""
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    for name in PROJECT_FILES:
        if (repo / name).exists():
            shutil.copy2(repo / name, dest / name)
    for name in PROJECT_DIRS:
        if (repo / name).exists():
            shutil.copytree(repo / name, dest / name)


# -- text ---------------------------------------------------------------------------------

def sentence_pool(content: Path, as_of: dt.date = AS_OF) -> list[str]:
    """Sentences of the sample's published documents, without Markdown and personal numbers."""
    sentences: set[str] = set()
    for path in sorted(content.rglob("*.md")):
        meta, body = split_front_matter(path.read_text(encoding="utf-8-sig"))
        if not meta or not is_published(meta, as_of):
            continue
        for block in re.split(r"\n\s*\n", body):
            block = " ".join(line.strip() for line in block.strip().splitlines())
            if not block or _MARKUP.search(block):
                continue
            for sentence in re.findall(r"[^。]+。", block):
                sentence = sentence.strip()
                if len(sentence) >= 12 and not pii.scan(sentence):
                    sentences.add(sentence)
    if not sentences:
        raise SystemExit(f"no usable sentences in {content}")
    return sorted(sentences)


def chinese_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def make_body(rng: random.Random, pool: list[str], units: list[str], day: dt.date,
              with_table: bool) -> str:
    """About BODY_BYTES of 公文: an opening paragraph, numbered sections, a signature."""

    def paragraph(count: int) -> str:
        return "".join(rng.choice(pool) for _ in range(count))

    parts = [paragraph(rng.randint(2, 3))]
    size = len(parts[0].encode())
    headings = rng.sample(HEADINGS, 4)
    if with_table:
        rows = ["| 序号 | 工作事项 | 责任单位 | 完成时限 |", "| --- | --- | --- | --- |"]
        for number in range(1, 4):
            rows.append(f"| {number} | {rng.choice(TABLE_ITEMS)} | {rng.choice(units)} | "
                        f"{chinese_date(day + dt.timedelta(days=30 * number))}前 |")
        parts.append("\n".join(rows))
        size += len(parts[-1].encode())
    for number, heading in enumerate(headings):
        if size >= BODY_BYTES - 200:
            break
        parts.append(f"## {NUMERALS[number]}、{heading}")
        for _ in range(2):
            if size >= BODY_BYTES - 200:
                break
            parts.append(paragraph(rng.randint(2, 3)))
            size += len(parts[-1].encode())
    parts.append(f"{ORGANISATION}\n\n{chinese_date(day)}")
    return "\n\n".join(parts) + "\n"


# -- documents -----------------------------------------------------------------------------

@dataclass
class Planned:
    """One synthetic document before it is written."""

    column: Column
    serial: int
    day: dt.date
    policy: str | None = None  # for an interpretation: the policy it explains

    @property
    def path(self) -> str:
        """Relative to the content folder (posix)."""
        return f"{self.column.folder}/{self.day:%Y%m%d}-bench-{self.serial:05d}.md"


def policy_column(matrix: Matrix) -> Column:
    """Where the policies that interpretations (解读) explain are put."""
    leaves = list(matrix.leaves())
    return (matrix.get("gfxwj") or next((c for c in leaves if c.normative), None)
            or next(c for c in leaves if all(r.kind == "periodic" for r in c.rules)))


def yaml_value(value: str) -> str:
    """A string as a YAML scalar (JSON strings are YAML)."""
    return json.dumps(value, ensure_ascii=False)


def front_matter(doc: Planned, rng: random.Random, calendar, interprets: str | None) -> str:
    """Complete front matter: what the column's rules, require_review and normative need."""
    day = doc.day.isoformat()
    lines = [
        f"标题: {yaml_value(f'{ORGANISATION}关于{rng.choice(SUBJECTS)}的{rng.choice(KINDS)}')}",
        f"索引号: {INDEX_PREFIX}/{doc.day.year}-{doc.serial:05d}",
        f"发布机构: {ORGANISATION}",
        f"主题分类: {rng.choice(TOPICS)}",
        f"成文日期: {day}",
        f"发布日期: {day}",
        f"发文字号: 示应急〔{doc.day.year}〕{doc.serial - FIRST_SERIAL + 1}号",
    ]
    if doc.column.normative:
        lines.append("有效性: 有效")
    for rule in doc.column.rules:
        field = getattr(rule, "field", None)
        if rule.kind != "deadline" or not field or field == "成文日期":
            continue
        if getattr(rule, "before", False):
            # "执法日期前至少3个工作日": the date lies that many working days (+1 for a
            # weekend start) after publication.
            lines.append(f"{field}: {calendar.limits(doc.day, rule.days + 1)[1].isoformat()}")
        else:
            lines.append(f"{field}: {day}")  # counted from the day of publication: on time
    if interprets:
        lines.append(f"解读: {posixpath.relpath(interprets, doc.column.folder)}")
    lines.append(f"保密审查: {{审查单位: 办公室, 审查日期: {day}}}")
    lines.append(f"公开属性: {PUBLIC}")
    return "---\n" + "\n".join(lines) + "\n---\n\n"


def plan(matrix: Matrix, count: int, days: list[dt.date], rng: random.Random) -> list[Planned]:
    """``count`` documents spread evenly over the leaf columns, each on one of ``days``."""
    leaves = list(matrix.leaves())
    planned: list[Planned] = []
    serial = FIRST_SERIAL
    for position, column in enumerate(leaves):
        for _ in range(count // len(leaves) + (position < count % len(leaves))):
            planned.append(Planned(column, serial, rng.choice(days)))
            serial += 1
    # Interpretations need a policy published the same day: pair each with a synthetic one.
    needs_policy = [p for p in planned if any(r.kind == "interpretation" for r in p.column.rules)]
    if needs_policy:
        home = policy_column(matrix)
        policies = [p for p in planned if p.column.id == home.id]
        if not policies:
            policies = [Planned(home, serial, rng.choice(days))]
            planned.append(policies[0])
        for number, doc in enumerate(needs_policy):
            doc.day = policies[number % len(policies)].day
            doc.policy = policies[number % len(policies)].path
    return planned


def make_product_corpus(repo: Path, dest: Path, count: int, *, as_of: dt.date = AS_OF,
                        window_days: int = WINDOW_DAYS, seed: int = 2026) -> list[str]:
    """Copy the sample project to ``dest`` and add ``count`` documents; return their paths."""
    copy_project(repo, dest)
    content = dest / "content"
    matrix = load_matrix(dest / "columns.yml")
    calendar = load_calendar(dest / "holidays.yml")
    days = [as_of - dt.timedelta(days=n) for n in range(window_days)]
    days = [d for d in days if calendar.is_workday(d)]
    rng = random.Random(seed)
    pool = sentence_pool(repo / "content", as_of)
    units = list(matrix.units)
    paths = []
    for doc in plan(matrix, count, days, rng):
        text = front_matter(doc, rng, calendar, doc.policy)
        text += make_body(rng, pool, units, doc.day, with_table=doc.serial % 5 == 0)
        target = content / doc.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        paths.append(doc.path)
    return paths


# -- the same Markdown for plain Material and Hugo ---------------------------------------------

def _copy_published(content: Path, dest: Path, as_of: dt.date) -> None:
    """Hard-link copy of content/ without the documents the product would not publish."""
    shutil.copytree(content, dest, copy_function=os.link)
    for path in dest.rglob("*.md"):
        if path.name == "index.md":
            continue
        meta, _ = split_front_matter(path.read_text(encoding="utf-8-sig"))
        if meta and not is_published(meta, as_of):
            path.unlink()


def _nav(column: Column) -> dict:
    """The column's nav entry: its index page, then its sub-columns (never documents)."""
    index = f"{column.folder}/index.md"
    if column.is_leaf:
        return {column.title: index}
    return {column.title: [index, *(_nav(c) for c in column.children)]}


def make_plain_corpus(product: Path, dest: Path, as_of: dt.date = AS_OF) -> None:
    """The product corpus's Markdown as a plain Material site (no gongkai plugin)."""
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    _copy_published(product / "content", dest / "content", as_of)
    matrix = load_matrix(product / "columns.yml")
    for column in matrix.columns():
        index = dest / "content" / column.folder / "index.md"
        if not index.exists():
            index.parent.mkdir(parents=True, exist_ok=True)
            index.write_text(f"# {column.title}\n\n{column.requirement}\n", encoding="utf-8")
    site = yaml.safe_load((product / "mkdocs.yml").read_text(encoding="utf-8"))
    nav = [{"首页": "index.md"}, *(_nav(root) for root in matrix.roots)]
    if (dest / "content" / "wza.md").exists():
        nav.append({"无障碍声明": "wza.md"})
    config = {
        "site_name": site.get("site_name", ORGANISATION),
        "site_url": site.get("site_url", ""),
        "docs_dir": "content",
        "theme": {"name": "material", "language": "zh", "font": False,
                  "features": ["navigation.indexes", "navigation.top", "navigation.footer"]},
        "markdown_extensions": site.get("markdown_extensions", ["tables"]),
        # The product's config has no search plugin; keep the plain build to the same work.
        "plugins": [],
        "nav": nav,
    }
    (dest / "mkdocs.yml").write_text(
        "# Plain Material for MkDocs over the benchmark corpus (written by bench/corpus.py).\n"
        + yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")


HUGO_CONFIG = """\
# Hugo over the benchmark corpus (written by bench/corpus.py).
baseURL = "https://yjj.example.gov.cn/"
languageCode = "zh-cn"
title = "示例市应急管理局"
hasCJKLanguage = true
paginate = 20
buildFuture = true   # what the product withholds is marked draft instead
disableKinds = ["taxonomy", "term", "RSS"]

[markup.goldmark.renderer]
unsafe = true        # the content uses md_in_html
"""

HUGO_LAYOUTS = {
    "baseof.html": """\
<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} - {{ .Site.Title }}</title>
</head>
<body>
<header><a href="{{ "/" | relURL }}">{{ .Site.Title }}</a></header>
<main>{{ block "main" . }}{{ end }}</main>
</body>
</html>
""",
    "single.html": """\
{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
<p><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2006-01-02" }}</time></p>
{{ .Content }}
</article>
{{ end }}
""",
    "list.html": """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ .Content }}
<ul>
{{ range .Paginator.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <time>{{ .Date.Format "2006-01-02" }}</time></li>
{{ end }}</ul>
{{ template "_internal/pagination.html" . }}
{{ end }}
""",
}


def make_hugo_corpus(product: Path, dest: Path, as_of: dt.date = AS_OF) -> None:
    """The product corpus's Markdown as a Hugo site with ASCII front matter and a minimal layout."""
    if dest.exists():
        shutil.rmtree(dest)
    (dest / "layouts" / "_default").mkdir(parents=True)
    (dest / "config.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    for name, text in HUGO_LAYOUTS.items():
        (dest / "layouts" / "_default" / name).write_text(text, encoding="utf-8")
    matrix = load_matrix(product / "columns.yml")
    source, target = product / "content", dest / "content"
    for path in sorted(source.rglob("*.md")):
        relative = path.relative_to(source)
        meta, body = split_front_matter(path.read_text(encoding="utf-8-sig"))
        folder = relative.parent.as_posix()
        if path.name == "index.md":
            # A section (branch bundle) in Hugo; a leaf "index.md" would swallow its folder.
            column = matrix.by_folder(folder)
            heading = re.match(r"#\s+(.+)", body.lstrip())
            title = column.title if column else heading[1] if heading else ORGANISATION
            out, fields = target / relative.parent / "_index.md", {"title": title}
        else:
            heading = re.match(r"#\s+(.+)", body.lstrip())
            fields = {"title": str(meta.get("标题") or (heading[1] if heading else path.stem))}
            published = meta.get("发布日期")
            if published:
                fields["date"] = str(published).replace(" ", "T")
            if meta and not is_published(meta, as_of):
                fields["draft"] = True  # the product withholds it
            out = target / relative
        out.parent.mkdir(parents=True, exist_ok=True)
        head = "".join(f"{key}: {json.dumps(value, ensure_ascii=False)}\n" for key, value in fields.items())
        out.write_text(f"---\n{head}---\n\n{body}", encoding="utf-8")
    # Every folder on a column's path must be a section, or Hugo flattens it.
    for column in matrix.columns():
        index = target / column.folder / "_index.md"
        if not index.exists():
            index.parent.mkdir(parents=True, exist_ok=True)
            index.write_text(f"---\ntitle: {json.dumps(column.title, ensure_ascii=False)}\n---\n",
                             encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Write one product corpus (sample project + N documents).")
    parser.add_argument("dest", type=Path)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--repo", type=Path, default=Path(__file__).resolve().parent.parent)
    args = parser.parse_args(argv)
    paths = make_product_corpus(args.repo, args.dest, args.count)
    print(f"{len(paths)} documents added to {args.dest}")


if __name__ == "__main__":
    main()
