"""The `gongkai` command: editors' and CI's tools, wiring only.

Exit codes: 0 all good; 1 problems in the content (a broken update rule, bad front
matter, a folder that is not a column); 2 a configuration or usage error (bad mkdocs.yml,
columns.yml, holiday file or date), so the check could not run.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import click

import difflib

from . import annual_report, catalogue, clock, codeowners, freshness, publishing
from .clock import BadDate, parse_as_of
from .doccache import CACHE_FOLDER, FILE_NAME, DocumentCache
from .documents import Document, load_documents
from .errors import GongkaiError
from .findings import report_text
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

    @property
    def cache(self) -> DocumentCache:
        if not self.use_cache:
            return DocumentCache.off()
        return DocumentCache(self.root / CACHE_FOLDER / FILE_NAME, self.publisher)


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

    options, site_name, docs_dir = _plugin_options(path, config_file)
    try:
        settings = settings_of(options, path.parent)
    except BadDate as error:
        fail(f"{config_file}: {error}")
    problems = freshness.check_severity(options.severity)
    if problems:
        fail(f"{config_file}: " + "; ".join(problems))
    try:
        allowlist = load_allowlist(path.parent / options.allowlist, options.allowlist)
    except GongkaiError as error:
        fail(str(error))
    content = (path.parent / docs_dir).resolve().relative_to(path.parent.resolve()).as_posix()
    return Project(path.parent, options.matrix, content, site_name,
                   options.site.organisation, settings,
                   publishing_rules(options, frozenset(allowlist)), options.index_pattern,
                   options.site.org_code, dict(options.team_handles), use_cache)


def _plugin_options(path: Path, shown_as: str) -> tuple[Any, str, str]:
    """The gongkai plugin's options, site_name and docs_dir from mkdocs.yml, read with MkDocs'
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
        fail(f"{shown_as}: the gongkai plugin is not configured under `plugins:`")
    options = GongkaiConfig(config_file_path=str(path))
    options.load_dict(found[0] or {})
    errors, _ = options.validate()
    if errors:
        fail(f"{shown_as}: " + "; ".join(f"plugins → gongkai → {key}: {error}" for key, error in errors))
    return options, str(data.get("site_name") or ""), str(data.get("docs_dir") or "docs")


def load_site(project: Project) -> tuple[Matrix, list[Document]]:
    """The matrix and every document. A bad matrix exits 2, problems in the content exit 1."""
    try:
        matrix = load_matrix(project.root / project.matrix_file, shown_as=project.matrix_file)
    except GongkaiError as error:
        fail(str(error))
    content_dir = project.root / project.content
    problems = check_folders(matrix, content_dir)
    cache = project.cache
    documents, found = load_documents(content_dir, matrix, project.publisher, cache=cache)
    cache.save()
    problems.extend(found)
    if problems:
        click.echo(str(GongkaiError(problems)), err=True)
        raise SystemExit(1)
    return matrix, documents


def _now(project: Project):
    """The moment the site is judged at (Beijing time), as the build judges it."""
    try:
        return clock.moment(project.settings.as_of)[0]
    except BadDate as error:
        fail(str(error))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--project", type=click.Path(file_okay=False, path_type=Path), default=".",
              show_default=True, help="The site's repository (where mkdocs.yml and columns.yml are).")
@click.option("--config", "config_file", default="mkdocs.yml", show_default=True,
              help="The site's MkDocs configuration, relative to the project.")
@click.option("--no-cache", is_flag=True,
              help=f"Read every document again instead of using {CACHE_FOLDER}/{FILE_NAME}.")
@click.pass_context
def main(ctx: click.Context, project: Path, config_file: str, no_cache: bool) -> None:
    """gongkai: tools for a 政府信息公开 site kept in git."""
    ctx.obj = (project, config_file, not no_cache)


@main.command()
@click.pass_obj
def validate(obj: tuple[Path, str, bool]) -> None:
    """Check columns.yml, the column folders, every document's front matter, and what the
    build will publish: review records, attachments, personal information."""
    project = load_project(*obj)
    matrix, documents = load_site(project)
    now = _now(project)
    today = now.date()
    content_dir = project.root / project.content
    verdict = publishing.gate(content_dir, publishing.site_files(content_dir), matrix, documents, now,
                              project.publishing)
    public = verdict.documents
    if verdict.problems:
        click.echo(str(GongkaiError(list(verdict.problems))), err=True)
        raise SystemExit(1)
    click.echo(f"OK: {len(list(matrix.leaves()))} columns, {len(documents)} documents "
               f"({len(public)} published on {today}, {len(documents) - len(public)} not).")


@main.command()
@click.option("--as-of", "as_of", metavar="YYYY-MM-DD",
              help="Evaluate on this date instead of today in Asia/Shanghai (wins over GONGKAI_AS_OF).")
@click.option("--format", "output", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--report", "report_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Also write the monitoring report (monitor.html, monitor.json) into this folder.")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.pass_obj
def check(obj: tuple[Path, str, bool], as_of: str | None, output: str, report_dir: Path | None,
          files: tuple[Path, ...]) -> None:
    """Check every column's update rules without building the site.

    With FILES (as pre-commit passes them), report only the columns those files are in.
    Reads only front matter. Exit 0: every rule is met; 1: a rule is broken or the
    content has problems; 2: the check could not run.
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
        content = (project.root / project.content).resolve()
        touched = set()
        for file in files:
            try:
                folder = file.resolve().parent.relative_to(content).as_posix()
            except ValueError:
                continue
            column = matrix.by_folder(folder) or matrix.by_folder(folder.rsplit("/", 1)[0])
            if column is not None:  # and the columns above it: their rules count its documents
                touched.update(c.id for c in (column, *matrix.ancestors(column)))
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
        click.echo(report_text(result.findings, result.today))
        click.echo(result.standing.text())
    raise SystemExit(0 if result.ok else 1)


@main.group()
def report() -> None:
    """Annual reports (政府信息公开工作年度报告): one YAML data file per year."""


@report.command("check")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def report_check(file: Path) -> None:
    """Validate one report data file alone: the format's rows and every identity."""
    try:
        data = annual_report.load_report(file, file.as_posix())
    except GongkaiError as error:
        click.echo(str(error), err=True)
        raise SystemExit(1) from None
    unfinished = data.unfinished()
    click.echo(f"OK: {file} — {data.year}年报告，{data.format.name}年格式，所有勾稽关系成立。")
    if unfinished:
        click.echo("待填写：" + "、".join(unfinished))


@report.command("new")
@click.argument("year", type=int)
@click.option("--agency", default="", help="The agency's name (机关名称).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write it (default: files/ndbg-YEAR.yml in the annual-report column; - for stdout).")
@click.pass_obj
def report_new(obj: tuple[Path, str, bool], year: int, agency: str, output: Path | None) -> None:
    """Write an empty, valid report for YEAR in the right format (2019 trial format before 2021)."""
    try:
        text = annual_report.skeleton(year, agency)
    except ValueError as error:
        fail(str(error))
    if output is not None and str(output) == "-":
        click.echo(text, nl=False)
        return
    if output is None:
        project = load_project(*obj)
        try:
            matrix = load_matrix(project.root / project.matrix_file, shown_as=project.matrix_file)
        except GongkaiError as error:
            fail(str(error))
        column = matrix.part("annual_report")
        output = project.root / project.content / column.folder / ATTACHMENT_FOLDER / f"ndbg-{year}.yml"
    if output.exists():
        fail(f"{output} already exists: edit it, or remove it first")
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text, encoding="utf-8")
    click.echo(f"Wrote {output}. Fill it in, then link it from the report's document with "
               f"`年度报告数据: {ATTACHMENT_FOLDER}/{output.name}`.")


@main.command()
@click.argument("column_id")
@click.argument("title")
@click.option("--slug", "file_slug", help="The file name after the date (default: the title's pinyin initials).")
@click.pass_obj
def new(obj: tuple[Path, str, bool], column_id: str, title: str, file_slug: str | None) -> None:
    """Write a new draft document into COLUMN_ID's folder, with complete front matter."""
    from . import scaffold  # pypinyin takes a second to import: only this command needs it
    project = load_project(*obj)
    matrix, documents = load_site(project)
    column = matrix.get(column_id)
    if column is None or not column.is_leaf:
        names = {c.id: c.title for c in matrix.leaves()}
        close = difflib.get_close_matches(column_id, list(names), n=5, cutoff=0.4)
        close += [i for i, t in names.items() if column_id in t and i not in close]
        hint = "；".join(f"{i}（{names[i]}）" for i in close[:5]) or "run `gongkai columns` for the list"
        fail(f"“{column_id}” is not a column that holds documents. Did you mean: {hint}")
    try:
        today, _ = clock.today()
    except BadDate as error:
        fail(str(error))
    pattern = catalogue.IndexPattern(project.index_pattern, project.org_code)
    number = scaffold.next_index_number(documents, pattern, today.year)
    name = f"{today:%Y%m%d}-{scaffold.slug(file_slug or title)}.md"
    target = project.root / project.content / column.folder / name
    if target.exists():
        fail(f"{target} already exists: give another --slug")
    inherited = [r for above in matrix.ancestors(column) for r in above.rules]
    target.write_text(scaffold.document_text(column, title, today, number, project.publisher, inherited),
                      encoding="utf-8")
    click.echo(f"Wrote {target.relative_to(project.root)} ({number}), a draft in “{column.title}”.")


@main.command()
@click.option("--unit", help="Only the columns this unit leads (牵头责任单位).")
@click.option("--as-of", "as_of", metavar="YYYY-MM-DD", help="Judge the dates on this day.")
@click.pass_obj
def columns(obj: tuple[Path, str, bool], unit: str | None, as_of: str | None) -> None:
    """List the columns with their lead unit, last update and next due date."""
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
        fail(f"no column is led by “{unit}”; units: {'、'.join(matrix.units)}")
    click.echo(f"栏目（截至 {result.today}）")
    for r in rows:
        click.echo(f"{r['column']:<8} {r['title']}｜牵头：{'、'.join(r['lead'])}｜最近更新：{r['last_update'] or '无'}"
                   f"｜下次应更新：{r['next_due'] or '—'}｜{r['status']}")


@main.command("codeowners")
@click.option("--check", is_flag=True, help="Exit 1 when the files are not up to date (for CI).")
@click.pass_obj
def codeowners_command(obj: tuple[Path, str, bool], check: bool) -> None:
    """Write .github/CODEOWNERS and .gitlab/CODEOWNERS from the matrix and team_handles."""
    project = load_project(*obj)
    try:
        matrix = load_matrix(project.root / project.matrix_file, shown_as=project.matrix_file)
    except GongkaiError as error:
        fail(str(error))
    text, missing = codeowners.render(matrix, project.handles, project.content)
    if missing:
        click.echo("No team handle for: " + "、".join(missing) + " (their folders have no owner; "
                   "add them to the plugin's team_handles)", err=True)
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
        click.echo(f"Wrote {target.relative_to(project.root)}")
    if stale:
        click.echo(f"Out of date: {', '.join(stale)}. Run `gongkai codeowners` and commit the result.", err=True)
        raise SystemExit(1)


@main.group()
def holidays() -> None:
    """节假日安排：导入国务院办公厅的放假通知，查看某年的法定节假日和调休。"""


@holidays.command("import")
@click.argument("source", default="-", metavar="[通知文件]")
@click.option("--year", type=int, help="通知的年份（通知文字中读不出年份时用）。")
@click.option("--dry-run", is_flag=True, help="只显示读出的安排，不写入 holidays.yml。")
@click.option("--replace", is_flag=True, help="holidays.yml 中已有该年时替换它。")
@click.pass_obj
def holidays_import(obj: tuple[Path, str, bool], source: str, year: int | None, dry_run: bool,
                    replace: bool) -> None:
    """读取国务院办公厅关于某年部分节假日安排的通知（文件，或 - 表示粘贴到标准输入），
    把放假日和调休上班日写入 holidays.yml，并显示读出的内容。"""
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
@click.argument("year", type=int)
@click.pass_obj
def holidays_show(obj: tuple[Path, str, bool], year: int) -> None:
    """显示某年的法定节假日，以及工作日按哪份通知计算（尚无通知时，调休的可能安排）。"""
    from . import holidays as law

    if not 1949 <= year <= 2200:
        fail(f"{year}年不在可以计算的范围（1949—2200）内")
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
    now = _now(project)
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
