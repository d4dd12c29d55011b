"""The `gongkai` command: editors' and CI's tools, wiring only.

Exit codes: 0 all good, 1 problems in the content, 2 configuration or usage error.
"""

from __future__ import annotations

from pathlib import Path

import click

from .documents import load_documents
from .errors import GongkaiError
from .matrix import check_folders, load_matrix


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--project", type=click.Path(file_okay=False, path_type=Path), default=".",
              show_default=True, help="The site's repository (where columns.yml is).")
@click.pass_context
def main(ctx: click.Context, project: Path) -> None:
    """gongkai: tools for a 政府信息公开 site kept in git."""
    ctx.obj = project


@main.command()
@click.option("--matrix", default="columns.yml", show_default=True, help="The column matrix.")
@click.option("--content", default="content", show_default=True, help="The content folder.")
@click.pass_obj
def validate(project: Path, matrix: str, content: str) -> None:
    """Check columns.yml, the column folders and every document's front matter."""
    try:
        columns = load_matrix(project / matrix, shown_as=matrix)
    except GongkaiError as error:
        click.echo(str(error), err=True)
        raise SystemExit(2) from None
    content_dir = project / content
    problems = check_folders(columns, content_dir)
    documents, found = load_documents(content_dir, columns)
    problems.extend(found)
    if problems:
        click.echo(str(GongkaiError(problems)), err=True)
        raise SystemExit(1)
    public = sum(d.is_public for d in documents)
    click.echo(f"OK: {len(list(columns.leaves()))} columns, {len(documents)} documents "
               f"({public} 主动公开, {len(documents) - public} not published).")
