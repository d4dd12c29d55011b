"""Build benchmark of gongkai against plain Material for MkDocs and Hugo.

Run it from the repository root with ``scripts/bench`` (``scripts/bench --help`` lists the
options; ``scripts/bench --quick`` is a smoke test with small sizes). ``bench.corpus``
writes the synthetic corpora, ``bench.run`` measures the builds, prints the table and the
ratios against the goals, writes the JSON results and profiles the product build.
Everything is written under a temporary folder (``--out``), never into the repository.
"""
