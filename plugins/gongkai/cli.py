"""The `gongkai` command: editors' and CI's tools, wiring only.

Exit codes: 0 all good; 1 problems in the content (a broken update rule, bad front
matter, a folder that is not a column); 2 a configuration or usage error (bad mkdocs.yml,
columns.yml, holiday file or date), so the check could not run.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, replace
from pathlib import Path

import click

from . import annual_report, clock, freshness, publishing
from .clock import BadDate, parse_as_of
from .documents import Document, load_documents
from .errors import GongkaiError
from .findings import report_text
from .matrix import ATTACHMENT_FOLDER, Matrix, check_folders, load_matrix
from .monitor import build_report, report_html, report_json
from .pii import load_allowlist

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


def fail(message: str) -> None:
    click.echo(message, err=True)
    raise SystemExit(USAGE_ERROR)


def load_project(root: Path, config_file: str) -> Project:
    """Read the gongkai plugin's options from mkdocs.yml, as the build does."""
    path = root / config_file
    if not path.exists():
        return Project(root, settings=freshness.Settings(holidays=root / "holidays.yml"))
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.config import load_config
    from mkdocs.exceptions import ConfigurationError

    from .config import publishing_rules, settings_of

    try:
        config = load_config(str(path))
    except ConfigurationError as error:
        fail(f"{config_file}: {error}")
    plugin = config.plugins.get("gongkai")
    if plugin is None:
        fail(f"{config_file}: the gongkai plugin is not configured under `plugins:`")
    options = plugin.config
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
    content = Path(config.docs_dir).resolve().relative_to(path.parent.resolve()).as_posix()
    return Project(path.parent, options.matrix, content, config.site_name,
                   options.site.organisation, settings,
                   publishing_rules(options, frozenset(allowlist)))


def load_site(project: Project) -> tuple[Matrix, list[Document]]:
    """The matrix and every document. A bad matrix exits 2, problems in the content exit 1."""
    try:
        matrix = load_matrix(project.root / project.matrix_file, shown_as=project.matrix_file)
    except GongkaiError as error:
        fail(str(error))
    content_dir = project.root / project.content
    problems = check_folders(matrix, content_dir)
    documents, found = load_documents(content_dir, matrix, project.publisher)
    problems.extend(found)
    if problems:
        click.echo(str(GongkaiError(problems)), err=True)
        raise SystemExit(1)
    return matrix, documents


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--project", type=click.Path(file_okay=False, path_type=Path), default=".",
              show_default=True, help="The site's repository (where mkdocs.yml and columns.yml are).")
@click.option("--config", "config_file", default="mkdocs.yml", show_default=True,
              help="The site's MkDocs configuration, relative to the project.")
@click.pass_context
def main(ctx: click.Context, project: Path, config_file: str) -> None:
    """gongkai: tools for a 政府信息公开 site kept in git."""
    ctx.obj = (project, config_file)


@main.command()
@click.pass_obj
def validate(obj: tuple[Path, str]) -> None:
    """Check columns.yml, the column folders, every document's front matter, and what the
    build will publish: review records, attachments, personal information."""
    project = load_project(*obj)
    matrix, documents = load_site(project)
    try:
        today, _ = clock.today(project.settings.as_of)
    except BadDate as error:
        fail(str(error))
    public = publishing.published(documents, today)
    problems = publishing.problems(public, project.root / project.content, project.publishing)
    if problems:
        click.echo(str(GongkaiError(problems)), err=True)
        raise SystemExit(1)
    click.echo(f"OK: {len(list(matrix.leaves()))} columns, {len(documents)} documents "
               f"({len(public)} published on {today}, {len(documents) - len(public)} not).")


@main.command()
@click.option("--as-of", "as_of", metavar="YYYY-MM-DD",
              help="Evaluate on this date instead of today in Asia/Shanghai (wins over GONGKAI_AS_OF).")
@click.option("--format", "output", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--report", "report_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Also write the monitoring report (monitor.html, monitor.json) into this folder.")
@click.pass_obj
def check(obj: tuple[Path, str], as_of: str | None, output: str, report_dir: Path | None) -> None:
    """Check every column's update rules without building the site.

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

    if report_dir is not None:
        report = build_report(matrix, documents, result.findings, result.standing, result.today,
                              result.calendar, settings.horizon)
        report_dir.mkdir(parents=True, exist_ok=True)
        (report_dir / "monitor.json").write_text(report_json(report), encoding="utf-8")
        (report_dir / "monitor.html").write_text(report_html(report, project.site_name), encoding="utf-8")

    if output == "json":
        click.echo(json.dumps({
            "as_of": result.today.isoformat(), "as_of_source": result.today_source,
            "ok": not result.failing, "findings": [f.as_json() for f in result.findings],
            "inspection": result.standing.as_json(), "notes": result.notes,
        }, ensure_ascii=False, indent=2))
    else:
        for note in result.notes:
            click.echo(f"注意：{note}", err=True)
        click.echo(report_text(result.findings, result.today))
        click.echo(result.standing.text())
    raise SystemExit(1 if result.failing else 0)


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
def report_new(obj: tuple[Path, str], year: int, agency: str, output: Path | None) -> None:
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
