"""The `gongkai` command: editors' and CI's tools, wiring only.

Exit codes: 0 all good; 1 problems in the content (a broken update rule, bad front
matter, a folder that is not a column); 2 a configuration or usage error (bad mkdocs.yml,
columns.yml, holiday file or date), so the check could not run.
"""

from __future__ import annotations

import difflib
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import click

from . import (
    annual_report,
    catalogue,
    cliwords,
    clock,
    codeowners,
    freshness,
    publishing,
    report_figures,
    report_series,
)
from .background import spare_cores
from .clock import BadDate, parse_as_of
from .doccache import CACHE_FOLDER, FILE_NAME, DocumentCache
from .documents import Document, load_documents
from .errors import GongkaiError, Problem
from .findings import report_text, units_text
from .matrix import ATTACHMENT_FOLDER, Matrix, check_folders, load_matrix
from .monitor import build_report, report_html, report_json
from .pii import load_allowlist
from .workdays import WorkCalendar, load_calendar

USAGE_ERROR = 2


@dataclass
class Project:
    """What the commands need from the site's repository."""

    root: Path
    matrix_file: str = "columns.yml"
    content: str = "content"
    site_name: str = ""
    publisher: str = ""
    settings: freshness.Settings = freshness.Settings()
    publishing: publishing.Rules = publishing.Rules()
    index_pattern: str = "{org_code}/{year}-{serial:05d}"
    org_code: str = ""
    handles: dict = field(default_factory=dict)
    use_cache: bool = True
    uses: tuple[str, ...] = ()  # content files mkdocs.yml names (stylesheets, scripts, logo)
    catalogue: bool = True  # the build checks 索引号 only for a site with a catalogue
    freshness: bool = True  # the build checks the update rules only when this is on
    theme_dir: str = ""  # the theme's custom_dir, relative to the project
    @property
    def cache(self) -> DocumentCache:
        if not self.use_cache:
            return DocumentCache.off()
        return DocumentCache(self.root / CACHE_FOLDER / FILE_NAME, self.publisher)

    @property
    def scans(self) -> publishing.Scans:
        """What reading the files found, kept in the cache folder as the build keeps it."""
        scans = publishing.Scans()
        scans.use(self.root / CACHE_FOLDER / publishing.SCANS_FILE if self.use_cache else None)
        return scans


def fail(message: str) -> None:
    click.echo(message, err=True)
    raise SystemExit(USAGE_ERROR)


def load_project(root: Path, config_file: str, use_cache: bool = True) -> Project:
    """Read the gongkai plugin's options from mkdocs.yml, as the build does."""
    path = root / config_file
    if not path.exists():
        return Project(root, settings=freshness.Settings(holidays=root / "holidays.yml"),
                       use_cache=use_cache)
    from .config import publishing_rules, settings_of

    options, data = _plugin_options(path, config_file)
    site_name, docs_dir = str(data.get("site_name") or ""), str(data.get("docs_dir") or "docs")
    theme = data.get("theme")
    uses = publishing.configured_files([*(data.get("extra_css") or []), *(data.get("extra_javascript") or [])],
                                       theme, options.site.conac_image)
    try:
        settings = settings_of(options, path.parent)
    except BadDate as error:
        fail(f"{config_file}: {error}")
    try:
        allowlist = load_allowlist(path.parent / options.allowlist, options.allowlist)
    except GongkaiError as error:
        fail(str(error))
    content = (path.parent / docs_dir).resolve().relative_to(path.parent.resolve()).as_posix()
    return Project(path.parent, options.matrix, content, site_name,
                   options.site.organisation, settings,
                   publishing_rules(options, frozenset(allowlist)), options.index_pattern,
                   options.site.org_code, dict(options.team_handles), use_cache, tuple(uses),
                   options.catalogue, options.freshness, theme.get("custom_dir") or "" if isinstance(theme, dict) else "")


def _plugin_options(path: Path, shown_as: str) -> tuple[Any, dict]:
    """The gongkai plugin's options, and the whole of mkdocs.yml, read with MkDocs'
    own YAML loader (INHERIT, !ENV) and validated by the plugin's own config class. Not the
    whole of MkDocs' load_config: validating the theme and finding every installed plugin
    was a quarter of `gongkai check` on 50,000 documents."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.exceptions import ConfigurationError
    from mkdocs.utils.yaml import yaml_load

    from .config import GongkaiConfig

    try:
        with open(path, "rb") as handle:
            data = yaml_load(handle)
    except ConfigurationError as error:
        fail(f"{shown_as}: {error}")
    except ValueError as error:  # PyYAML's own dates: `as_of: 2026-13-45` is not a YAMLError
        fail(f"{shown_as}: 无法读取（{error}）：检查其中的日期是否真实存在，例如 as_of: \"2026-11-20\"")
    plugins = data.get("plugins") or []
    entries = plugins.items() if isinstance(plugins, dict) else \
        [next(iter(p.items())) if isinstance(p, dict) else (p, {}) for p in plugins]
    found = [value for name, value in entries if name == "gongkai"]
    if not found:
        fail(f"{shown_as}：`plugins:` 中没有配置 gongkai 插件")
    options = GongkaiConfig(config_file_path=str(path))
    options.load_dict(found[0] or {})
    errors, _ = options.validate()
    if errors:
        fail(f"{shown_as}：" + "；".join(f"plugins → gongkai → {key}：{error}" for key, error in errors))
    return options, data


def read_site(project: Project) -> tuple[Matrix, list[Document], list[Problem]]:
    """The matrix, every document that could be read, and the problems of the others.
    A bad matrix exits 2."""
    try:
        matrix = load_matrix(project.root / project.matrix_file, shown_as=project.matrix_file)
    except GongkaiError as error:
        fail(str(error))
    content_dir = project.root / project.content
    problems = check_folders(matrix, content_dir)
    cache = project.cache
    # Nothing else runs in this process yet, so it may fork to parse a fresh clone faster.
    documents, found = load_documents(content_dir, matrix, project.publisher, cache=cache,
                                      workers=spare_cores() + 1)
    cache.save()
    return matrix, documents, problems + found


def load_site(project: Project, tolerant: bool = False) -> tuple[Matrix, list[Document]]:
    """The matrix and every document; problems in the content exit 1 (``tolerant``: the
    documents that could be read, and a note on the others)."""
    matrix, documents, problems = read_site(project)
    if problems and tolerant:
        click.echo(f"注意：另有 {len(problems)} 处问题（运行 gongkai validate 查看），有问题的信息没有计入。", err=True)
    elif problems:
        click.echo(str(GongkaiError(problems)), err=True)
        raise SystemExit(1)
    return matrix, documents


def _now(project: Project, publication: bool = False):
    """The moment the build would judge at (Beijing time): for what is published, the clock;
    for the update rules, the site's pinned day if it has one."""
    try:
        return clock.moment(None if publication else project.settings.as_of)[0]
    except BadDate as error:
        fail(str(error))


def _columns_of(matrix: Matrix, content_dir: Path, files: Iterable[Path]) -> set[str]:
    """The columns the files are in, and the columns above them (their rules count them too)."""
    content = content_dir.resolve()
    touched: set[str] = set()
    for file in files:
        try:
            folder = file.resolve().parent.relative_to(content).as_posix()
        except ValueError:
            continue
        column = matrix.by_folder(folder) or matrix.by_folder(folder.rsplit("/", 1)[0])
        if column is not None:
            touched.update(c.id for c in (column, *matrix.ancestors(column)))
    return touched


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--project", type=click.Path(file_okay=False, path_type=Path), default=".", metavar="文件夹",
              show_default=True, help="网站仓库所在的文件夹（mkdocs.yml 和 columns.yml 所在处）。")
@click.option("--config", "config_file", default="mkdocs.yml", show_default=True, metavar="文件",
              help="网站的 MkDocs 配置文件（相对于仓库）。")
@click.option("--no-cache", is_flag=True,
              help=f"不用 {CACHE_FOLDER}/{FILE_NAME} 中的缓存，重新读取每篇信息。")
@click.version_option(package_name="gongkai", message="gongkai %(version)s", help="显示版本号后退出。")
@click.pass_context
def main(ctx: click.Context, project: Path, config_file: str, no_cache: bool) -> None:
    """gongkai：用 git 维护的政府信息公开网站的工具。

    \b
    常用：
      gongkai new 栏目 "标题"      新建一篇信息（草稿）
      gongkai validate            提交前自查（构建时不需生成页面的全部检查）
      gongkai columns --unit 单位  本单位牵头的栏目和下次应更新日期
      gongkai check               各栏目的更新要求
    """  # noqa: D301 - "\b" is Click's mark for a paragraph kept as written
    ctx.obj = (project, config_file, not no_cache)


@main.command()
@click.argument("files", nargs=-1, type=click.Path(path_type=Path), metavar="[文件]...")
@click.pass_obj
def validate(obj: tuple[Path, str, bool], files: tuple[Path, ...]) -> None:
    """提交前自查：网站构建时不需要生成页面的全部检查。

    检查 columns.yml、栏目文件夹、每篇信息的字段、索引号（格式和重复）、解读、
    保密审查、附件和个人信息，以及栏目更新要求（给出文件时只查这些文件所在的栏目，
    pre-commit 就这样调用）。通过时退出码为 0；有问题为 1，并写明文件、行号和改法。
    """
    project = load_project(*obj)
    matrix, documents, problems = read_site(project)  # told together with the rest, as the build does
    content_dir = project.root / project.content
    if project.catalogue:
        pattern = catalogue.IndexPattern(project.index_pattern, project.org_code)
        problems += catalogue.check_index_numbers(documents, pattern, project.content)
    now = _now(project, publication=True)
    scans = project.scans
    verdict = publishing.gate(content_dir, publishing.site_files(content_dir), matrix, documents, now,
                              project.publishing, project.uses, scans)
    problems += verdict.problems
    if project.theme_dir:
        problems += publishing.theme_problems(project.root / project.theme_dir, project.theme_dir,
                                              project.publishing, scans)
    scans.save()
    problems += report_series.load_reports(verdict.documents, content_dir, now.date())[1]
    findings, stops = [], []
    if project.freshness:  # as the build: the update rules only where the site checks them
        try:
            result = freshness.run(matrix, documents, content_dir, project.settings)
        except (GongkaiError, BadDate) as error:
            fail(str(error))
        touched = _columns_of(matrix, content_dir, files) if files else None
        findings = [f for f in result.failing if touched is None or f.column in touched]
        stops = result.problems
    if problems or findings or stops:
        if problems:
            click.echo(str(GongkaiError(problems)), err=True)
        for note in stops:
            click.echo(f"注意：{note}", err=True)
        if findings:
            click.echo(report_text(findings, result.today), err=True)
        raise SystemExit(1)
    click.echo(f"检查通过：{len(list(matrix.leaves()))} 个栏目，{len(documents)} 篇信息，"
               f"其中 {len(verdict.documents)} 篇将发布（{now:%Y-%m-%d %H:%M}，北京时间）。")
    for line in verdict.left_out(project.content):
        click.echo(f"  不发布：{line}")


@main.command()
@click.option("--as-of", "as_of", metavar="YYYY-MM-DD",
              help="按这一天检查，而不是今天（北京时间）；优先于 GONGKAI_AS_OF。")
@click.option("--format", "output", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="输出文字，或 JSON（供其他程序读取）。")
@click.option("--report", "report_dir", type=click.Path(file_okay=False, path_type=Path), metavar="文件夹",
              help="同时把更新情况监测报告（monitor.html、monitor.json）写入这个文件夹。")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path), metavar="[文件]...")
@click.pass_obj
def check(obj: tuple[Path, str, bool], as_of: str | None, output: str, report_dir: Path | None,
          files: tuple[Path, ...]) -> None:
    """检查各栏目的更新要求，不生成网站（只读信息的字段）。

    给出文件时只报告这些文件所在的栏目（及其上级栏目）。退出码：0 全部符合；
    1 有栏目不符合要求或内容有问题；2 无法检查（配置或日期写错）。
    """
    project = load_project(*obj)
    settings, environ = project.settings, None
    if as_of:
        try:
            settings = replace(settings, as_of=parse_as_of(as_of, "--as-of"))
        except BadDate as error:
            fail(str(error))
        environ = {}  # the explicit option wins over the environment
    matrix, documents = load_site(project)
    try:
        result = freshness.run(matrix, documents, project.root / project.content, settings, environ)
    except (GongkaiError, BadDate) as error:
        fail(str(error))
    if files:
        touched = _columns_of(matrix, project.root / project.content, files)
        result = replace(result, findings=[f for f in result.findings if f.column in touched])

    if report_dir is not None:
        report = build_report(matrix, result.documents, result.findings, result.standing, result.today,
                              result.calendar, settings.horizon)
        report_dir.mkdir(parents=True, exist_ok=True)
        (report_dir / "monitor.json").write_text(report_json(report), encoding="utf-8")
        (report_dir / "monitor.html").write_text(report_html(report, project.site_name), encoding="utf-8")

    if output == "json":
        click.echo(json.dumps({
            "as_of": result.today.isoformat(), "as_of_source": result.today_source,
            "ok": result.ok, "findings": [f.as_json() for f in result.findings],
            "inspection": result.standing.as_json(), "notes": result.notes, "problems": result.problems,
        }, ensure_ascii=False, indent=2))
    else:
        for note in [*result.problems, *result.notes]:
            click.echo(f"注意：{note}", err=True)
        click.echo(report_text(result.findings, result.today, result.standing.flagged))
        click.echo(result.standing.text())
    raise SystemExit(0 if result.ok else 1)


@main.group()
def report() -> None:
    """年度报告（政府信息公开工作年度报告）：每年一个 YAML 数据文件。"""


@report.command("check")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path), metavar="数据文件")
@click.pass_obj
def report_check(obj: tuple[Path, str, bool], file: Path) -> None:
    """核对一份年度报告数据文件，同网站构建时一样。

    查格式中的各项、全部勾稽关系、有没有未写完的部分，和网站上其他年度的报告是否衔接
    （上年结转、现行有效件数）、标题中的年份；再把表二同网站上的信息统计出的数比较，
    不一致的列出供核对（不影响退出码）。
    """
    project = load_project(*obj)
    today = _now(project, publication=True).date()
    shown = file.as_posix()
    try:
        report = annual_report.load_report(file, shown, today)
    except GongkaiError as error:
        click.echo(str(error), err=True)
        raise SystemExit(1) from None
    content_dir = project.root / project.content
    inside = file.resolve().is_relative_to(content_dir.resolve())
    site = _site_documents(project) if inside else None  # another site's reports are not its years
    problems: list[Problem] = []
    if site is not None:
        matrix, documents = site
        entries, notes = _other_reports(documents, content_dir, file, today)
        citing = [d for d in documents if d.report_data and _same(content_dir / d.report_data, file)]
        if not citing:
            notes.append("还没有信息引用这个数据文件：在年度报告那篇信息的字段中写 "
                         "`年度报告数据: files/文件名`（路径相对于那篇信息）")
        mine = [(f"{project.content}/{d.path}", d.title, report) for d in citing] or [(shown, "", report)]
        names = {shown, *(name for name, _, _ in mine)}
        # Only what concerns this file: its own title and year, and its place among the others.
        problems = [p for p in report_series.check_series(entries + mine)
                    if p.file in names or shown in p.message]
        for note in notes:
            click.echo(f"注意：{note}", err=True)
    if problems:
        click.echo(str(GongkaiError(problems)), err=True)
        raise SystemExit(1)
    neighbours = sorted({r.year for _, _, r in entries} & {report.year - 1, report.year + 1}) if site else []
    click.echo(f"核对通过：{file}——{report.year}年报告，{report.format.label}，各项齐全，"
               "所有勾稽关系成立" + (f"，与网站上{'、'.join(map(str, neighbours))}年的报告衔接。"
                                   if neighbours else "。"))
    if site is None:
        click.echo(f"（这个文件不在网站的 {content_dir} 文件夹中，或没有找到网站的 {project.matrix_file}："
                   "只核对了这个文件本身，没有核对与其他年度的衔接和网站上的信息）")
        return
    figures = report_figures.count(matrix, documents, report.year, report.agency or project.publisher)
    different = report_figures.differences(report, figures)
    if different:
        click.echo("请核对：表二与网站上的信息统计不一致（可能是网站上的信息不全，不影响发布）：")
        click.echo("\n".join(f"  {line}" for line in different))
    elif any(f.complete for f in figures.figures):
        click.echo("表二与网站上的信息统计一致。")
    for f in figures.figures:
        if not f.complete:
            click.echo(f"  没有比较 {f.row} {f.column}：{f.caveat}（网站上：{f.source}）")
    for note in figures.notes:
        click.echo(f"  注意：{note}")


def _site_documents(project: Project) -> tuple[Matrix, list[Document]] | None:
    """The site's matrix and the documents that could be read (as `validate` reads them),
    or None outside a site."""
    if not (project.root / project.matrix_file).is_file():
        return None
    matrix, documents, _ = read_site(project)
    return matrix, documents


def _same(a: Path, b: Path) -> bool:
    return a.resolve() == b.resolve()


def _other_reports(documents: list[Document], content_dir: Path, file: Path, today) -> tuple[list, list[str]]:
    """The site's other annual reports (drafts aside) as report_series entries, and notes on
    those that cannot be read."""
    entries, notes = [], []
    for d in documents:
        if not d.report_data or d.draft or _same(content_dir / d.report_data, file):
            continue
        shown = f"{content_dir.name}/{d.report_data}"
        try:
            entries.append((f"{content_dir.name}/{d.path}", d.title,
                            annual_report.load_report(content_dir / d.report_data, shown, today)))
        except GongkaiError:
            notes.append(f"{shown} 本身有问题（gongkai report check {shown} 查看），没有用来核对衔接")
    return entries, notes


@report.command("new")
@click.argument("year", type=int, metavar="年份")
@click.option("--agency", default=None, metavar="名称", help="机关名称（默认：mkdocs.yml 中网站的主办单位）。")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), metavar="文件",
              help="写到哪里（默认：年度报告栏目的 files/ndbg-年份.yml；- 表示输出到屏幕）。")
@click.pass_obj
def report_new(obj: tuple[Path, str, bool], year: int, agency: str | None, output: Path | None) -> None:
    """为这一年写一份年度报告数据文件（2021年起用2021年格式，之前用2019年试行格式）。

    表二中网站能统计的数（规范性文件的制发、废止、现行有效件数，一篇一个决定的栏目的
    处理决定数量）由网站上的信息预填，并说明每个数从哪里来；其余各数为 0，
    各节文字为“（待填写）”，写完之前不能发布。
    """
    project = load_project(*obj)
    if year < annual_report.FIRST_YEAR:
        fail(f"年度报告格式从 {annual_report.FIRST_YEAR} 年的报告开始，没有 {year} 年的格式")
    agency = project.publisher if agency is None else agency
    site = _site_documents(project)
    figures = report_figures.count(*site, year, agency) if site else None
    text = annual_report.skeleton(year, agency, figures.active() if figures else None,
                                  figures.comments() if figures and figures.figures else None)
    if output is not None and str(output) == "-":
        click.echo(text, nl=False)
        return
    column_dir = None
    if site is not None:
        column_dir = project.root / project.content / site[0].part("annual_report").folder
    if output is None:
        if column_dir is None:
            fail(f"没有找到网站的 {project.matrix_file}：用 -o 文件 指定写到哪里，或 -o - 输出到屏幕")
        output = column_dir / ATTACHMENT_FOLDER / f"ndbg-{year}.yml"
    if output.exists():
        fail(f"{output} 已经存在：直接编辑它，或先删除")
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text, encoding="utf-8")
    click.echo(f"已写入 {output}。")
    if figures is not None:
        for line in figures.comments()[1:] if figures.figures else figures.notes:
            click.echo(line if line.startswith("  ") else f"  {line}")
    today = _now(project, publication=True).date()
    if year >= today.year:
        click.echo(f"注意：{year}年还没有过完，这份报告要到{year + 1}年1月才能发布；发布前重新核对表二的数。")
    click.echo(f"填写各节和表三、表四，运行 gongkai report check {output} 核对，然后{_link_hint(output, column_dir)}")


def _link_hint(output: Path, column_dir: Path | None) -> str:
    """How the report document names its data file, from where it was written."""
    if column_dir is None:
        return "在年度报告那篇信息的字段中写 `年度报告数据: 路径`（路径相对于那篇信息）。"
    relative = os.path.relpath(output.resolve(), column_dir.resolve()).replace(os.sep, "/")
    if relative.startswith("../"):
        return (f"把它移到年度报告栏目的 {ATTACHMENT_FOLDER}/ 文件夹（{column_dir}/{ATTACHMENT_FOLDER}/）"
                f"下，再在那篇信息的字段中写 `年度报告数据: {ATTACHMENT_FOLDER}/{output.name}`。")
    return f"在年度报告那篇信息的字段中写 `年度报告数据: {relative}`（路径相对于那篇信息）。"


@main.command()
@click.argument("column_id", metavar="栏目")
@click.argument("title", metavar="标题")
@click.option("--slug", "file_slug", metavar="名称", help="文件名中日期之后的部分（默认：栏目编号和序号，例如 xzcfjg-012）。")
@click.pass_obj
def new(obj: tuple[Path, str, bool], column_id: str, title: str, file_slug: str | None) -> None:
    """在栏目的文件夹中新建一篇信息（草稿），写好本栏目需要的全部字段和下一个索引号。

    栏目写 columns.yml 中的编号，例如 xzcfjg（行政处罚结果）；写错时列出相近的栏目。
    """
    from . import scaffold
    project = load_project(*obj)
    matrix, documents = load_site(project, tolerant=True)  # another file's mistake must not stop new work
    column = matrix.get(column_id)
    if column is None or not column.is_leaf:
        names = {c.id: c.title for c in matrix.leaves()}
        close = difflib.get_close_matches(column_id, list(names), n=5, cutoff=0.4)
        close += [i for i, t in names.items() if column_id in t and i not in close]
        hint = "；".join(f"{i}（{names[i]}）" for i in close[:5]) or "运行 `gongkai columns` 查看全部栏目"
        why = "有下级栏目，不能直接放信息" if column is not None else "不是 columns.yml 中的栏目编号"
        fail(f"“{column_id}”{why}。是不是：{hint}")
    today = _now(project, publication=True).date()
    pattern = catalogue.IndexPattern(project.index_pattern, project.org_code)
    number = scaffold.next_index_number(documents, pattern, today.year)
    name = f"{today:%Y%m%d}-{scaffold.slug(file_slug) if file_slug else scaffold.file_part(column, number, pattern)}.md"
    target = project.root / project.content / column.folder / name
    if target.exists():
        fail(f"{target.relative_to(project.root)} 已经存在：用 --slug 换一个文件名")
    target.write_text(scaffold.document_text(column, title, today, number, project.publisher,
                                             matrix.rules_above(column)),
                      encoding="utf-8")
    click.echo(f"已新建 {target.relative_to(project.root)}（索引号 {number}），在“{column.title}”栏目中，是草稿。\n"
               "下一步：写好正文和字段；保密审查后删除“草稿: true”一行、填写“保密审查”；"
               "运行 gongkai validate 自查，再提交。")


@main.command()
@click.option("--unit", metavar="单位", help="只列出这个单位牵头的栏目（单位名称照 columns.yml 写）。")
@click.option("--as-of", "as_of", metavar="YYYY-MM-DD", help="按这一天判断。")
@click.pass_obj
def columns(obj: tuple[Path, str, bool], unit: str | None, as_of: str | None) -> None:
    """列出各栏目的牵头单位、最近更新、下次应更新日期和状态（与 gongkai check、网站构建一致）。"""
    project = load_project(*obj)
    matrix, documents = load_site(project)
    settings = project.settings
    try:
        if as_of:
            settings = replace(settings, as_of=parse_as_of(as_of, "--as-of"))
        result = freshness.run(matrix, documents, project.root / project.content, settings,
                               {} if as_of else None)
    except (GongkaiError, BadDate) as error:
        fail(str(error))
    report = build_report(matrix, result.documents, result.findings, result.standing, result.today,
                          result.calendar, settings.horizon)
    rows = [r for r in report["columns"] if not unit or unit in r["lead"]]
    if unit and not rows:
        fail(f"没有由“{unit}”牵头的栏目。单位有：{units_text(matrix.units)}")
    click.echo(f"栏目（截至 {result.today}，北京时间）")
    for r in rows:
        click.echo(f"{r['column']:<8} {r['title']}｜牵头：{units_text(r['lead'])}｜最近更新：{r['last_update'] or '无'}"
                   f"｜下次应更新：{r['next_due'] or '—'}｜{r['status']}")


@main.command("codeowners")
@click.option("--check", is_flag=True, help="只检查：文件不是最新时退出码为 1（供 CI 使用）。")
@click.pass_obj
def codeowners_command(obj: tuple[Path, str, bool], check: bool) -> None:
    """按 columns.yml 和插件的 team_handles 生成 .github/CODEOWNERS 和 .gitlab/CODEOWNERS。"""
    project = load_project(*obj)
    try:
        matrix = load_matrix(project.root / project.matrix_file, shown_as=project.matrix_file)
    except GongkaiError as error:
        fail(str(error))
    text, missing = codeowners.render(matrix, project.handles, project.content)
    if missing:
        click.echo("这些单位没有对应的团队账号：" + "、".join(missing) + "（它们的栏目文件夹没有审核人；"
                   "请在 mkdocs.yml 插件的 team_handles 中补上）", err=True)
    stale = []
    for target in (project.root / ".github/CODEOWNERS", project.root / ".gitlab/CODEOWNERS"):
        current = target.read_text(encoding="utf-8") if target.exists() else None
        if current == text:
            continue
        if check:
            stale.append(str(target.relative_to(project.root)))
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        click.echo(f"已写入 {target.relative_to(project.root)}")
    if stale:
        click.echo(f"不是最新：{'、'.join(stale)}。运行 `gongkai codeowners` 并提交生成的文件。", err=True)
        raise SystemExit(1)


@main.group()
def holidays() -> None:
    """节假日安排：导入国务院办公厅的放假通知，查看某年的法定节假日和调休。"""


@holidays.command("import")
@click.argument("source", default="-", metavar="[通知文件]")
@click.option("--year", type=int, metavar="年份", help="通知的年份（通知文字中读不出年份时用）。")
@click.option("--dry-run", is_flag=True, help="只显示读出的安排，不写入 holidays.yml。")
@click.option("--replace", is_flag=True, help="holidays.yml 中已有该年时替换它。")
@click.pass_obj
def holidays_import(obj: tuple[Path, str, bool], source: str, year: int | None, dry_run: bool,
                    replace: bool) -> None:
    """读取国务院办公厅的节假日安排通知，把放假日和调休上班日写入 holidays.yml。

    通知文件可以是保存下来的通知全文；写 - 或不写时，把通知粘贴到标准输入。写入前显示读出的内容。
    """
    from . import notices

    project = load_project(*obj)
    target = project.settings.holidays or project.root / "holidays.yml"
    shown = "通知（标准输入）" if source == "-" else source
    try:
        with click.open_file(source, encoding="utf-8-sig") as stream:
            text = stream.read()
    except (OSError, UnicodeDecodeError) as error:
        fail(f"{shown}：无法读取（{getattr(error, 'strerror', None) or '不是 UTF-8 文本'}）")
    try:
        notice = notices.read_notice(text, year, shown)
    except GongkaiError as error:
        fail(str(error))
    click.echo(f"读出：{notice.source}")
    for line in notices.summary(notice):
        click.echo(f"  {line}")
    click.echo(f"holidays.yml 中记为：放假的工作日 {len(notice.holidays)} 天，调休上班的周末 {len(notice.workdays)} 天。")
    _compare_with_package(notice)
    if dry_run:
        click.echo("（--dry-run：未写入）")
        return
    existing = target.read_text(encoding="utf-8-sig") if target.exists() else ""
    try:
        updated = notices.with_notice(existing, notice, replace)
    except ValueError as error:
        fail(f"{error}：核对无误后加 --replace 替换")
    target.write_text(updated, encoding="utf-8")
    try:
        load_calendar(target, target.name)  # what was written must load: never leave a broken file
    except GongkaiError as error:
        target.write_text(existing, encoding="utf-8")
        fail(f"写入后无法读取，已恢复原文件：{error}")
    click.echo(f"已写入 {target.name}：之后的构建和 gongkai check 按此通知计算{notice.year}年的工作日。"
               "请提交该文件。")


def _compare_with_package(notice) -> None:
    """Say whether chinesecalendar, where it knows the year, agrees."""
    import datetime as dt

    import chinese_calendar

    try:
        chinese_calendar.is_workday(dt.date(notice.year, 6, 1))
    except NotImplementedError:
        return
    imported = WorkCalendar(frozenset(notice.holidays), frozenset(notice.workdays), frozenset({notice.year}))
    day, differ = dt.date(notice.year, 1, 1), []
    while day.year == notice.year:
        if imported.is_workday(day) != chinese_calendar.is_workday(day):
            differ.append(day.isoformat())
        day += dt.timedelta(days=1)
    if differ:
        click.echo(f"与 chinesecalendar 收录的{notice.year}年安排不同的日期：{'、'.join(differ)}"
                   "（holidays.yml 优先）")
    else:
        click.echo(f"与 chinesecalendar 收录的{notice.year}年安排一致。")


@holidays.command("show")
@click.argument("year", type=int, metavar="年份")
@click.pass_obj
def holidays_show(obj: tuple[Path, str, bool], year: int) -> None:
    """显示某年的法定节假日，以及工作日按哪份通知计算（尚无通知时，调休的可能安排）。"""
    from . import holidays as law

    if year not in clock.YEARS:
        fail(f"{year}年不在可以计算的范围（{clock.YEARS[0]}—{clock.YEARS[-1]}）内")
    project = load_project(*obj)
    try:
        calendar = load_calendar(project.settings.holidays, project.settings.holidays.name
                                 if project.settings.holidays else None)
    except GongkaiError as error:
        fail(str(error))
    if year in calendar.notice_years:
        click.echo(f"{year}年：按 holidays.yml 中导入的通知计算工作日。")
    elif calendar.covers(year):
        click.echo(f"{year}年：按 chinesecalendar 收录的国务院办公厅通知计算工作日。")
    else:
        click.echo(f"{year}年：通知尚未导入。法定节假日依法计算；调休按国务院办公厅的放假原则估算，"
                   "取决于调休的结论标为“待定”。")
    for festival in law.statutory(year):
        days = "、".join(f"{d:%m-%d}" for d in festival.days)
        click.echo(f"  {festival.name}：法定假日 {days}")
    if not calendar.covers(year):
        click.echo("可能的放假安排（依据国办发明电〔2024〕12号的原则）：")
        for holiday in law.arrangements(year):
            runs = "；".join(f"{r.start:%m-%d}至{r.end:%m-%d}" for r in holiday.runs)
            click.echo(f"  {'、'.join(holiday.names)}：{runs}")


@main.command()
@click.option("--due-within", "within", type=click.IntRange(1, 24 * 60), metavar="分钟",
              help="有信息在最近这么多分钟内到了发布时间时退出码为 0，否则为 1（供定时任务决定是否重新构建）。")
@click.pass_obj
def schedule(obj: tuple[Path, str, bool], within: int | None) -> None:
    """定时发布：下一篇发布日期带时间、尚未到时的信息；网站要在那时重新构建才会发布它。"""
    import datetime as dt

    project = load_project(*obj)
    _, documents = load_site(project)
    now = _now(project, publication=True)
    due = publishing.next_publication(documents, now)
    if due is None:
        click.echo(f"没有定时发布的信息（截至 {now:%Y-%m-%d %H:%M}，北京时间）。")
    else:
        click.echo(f"下一篇定时发布：{due.published:%Y-%m-%d %H:%M}（北京时间）“{due.title}”（{due.path}）")
    if within is not None:
        since = now - dt.timedelta(minutes=within)
        became = [d for d in documents if d.is_public and since < d.published <= now]
        for document in became:
            click.echo(f"刚到发布时间：{document.published:%Y-%m-%d %H:%M}“{document.title}”")
        raise SystemExit(0 if became else 1)


cliwords.install(main)  # after every command is defined: their usage lines too
