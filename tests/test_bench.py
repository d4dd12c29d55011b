"""The benchmark's corpus is a valid site: the benchmark measures what editors would build.

The full benchmark takes half an hour and runs by hand (scripts/bench); this keeps its
corpus generator working with the product, which it once silently stopped doing.
"""

from __future__ import annotations

from click.testing import CliRunner

from bench import corpus
from gongkai.cli import main

from .conftest import ROOT


def test_the_product_corpus_validates_and_checks(tmp_path):
    project = tmp_path / "product-40"
    written = corpus.make_product_corpus(ROOT, project, 40)
    assert len(written) == 40
    env = {"GONGKAI_AS_OF": corpus.AS_OF.isoformat()}
    validated = CliRunner().invoke(main, ["--project", str(project), "--no-cache", "validate"], env=env)
    assert validated.exit_code == 0, validated.output
    checked = CliRunner().invoke(main, ["--project", str(project), "--no-cache", "check"], env=env)
    assert checked.exit_code == 0, checked.output
