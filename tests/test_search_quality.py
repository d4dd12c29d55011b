"""Search quality measured, not asserted by example: the judged queries of
tests/fixtures/search-queries.yml run in Chromium on the sample site, as people type them.

Prints precision@1, recall@5 (of min(5, relevant)), MRR and no-answer accuracy per class,
and fails when they drop below the goals of the search issue.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from urllib.parse import quote, urlsplit

import pytest
import yaml

from .conftest import FIXTURES

QUERIES = yaml.safe_load((FIXTURES / "search-queries.yml").read_text(encoding="utf-8"))
#: The day the queries were judged on ("去年" is 2025); the browser's clock is set to it.
JUDGED_ON = dt.datetime(2026, 11, 30, 10, 0)


def run_queries(browser, site_url: str) -> list[dict]:
    """Each query with what the results page showed: the result addresses, best first, and
    whether they are full matches or a labelled partial match."""
    page = browser.new_page()
    page.clock.set_fixed_time(JUDGED_ON)
    root = urlsplit(site_url).path
    outcomes = []
    for query in QUERIES:
        page.goto(f"{site_url}search/?q={quote(query['q'])}")
        page.wait_for_function("""() => {
            const s = document.querySelector('[data-gk-page-status]').textContent;
            return s && !s.includes('正在搜索') && !s.includes('请输入');
        }""", timeout=20000)
        links = page.locator(".gk-search__results .gk-search__title").evaluate_all(
            "links => links.map(a => new URL(a.href).pathname)")
        partial = page.locator(".gk-search__results--partial").count() > 0
        outcomes.append({**query, "found": [link[len(root):] for link in links], "partial": partial,
                         "status": page.inner_text("[data-gk-page-status]")})
    page.close()
    return outcomes


def metrics(outcomes: list[dict]) -> dict[str, dict[str, float]]:
    """Per class and overall: precision@1, recall@5, MRR over answerable queries; how many
    answerable queries showed nothing; no-answer accuracy (nothing shown, or only a labelled
    partial match)."""
    groups: dict[str, list[dict]] = defaultdict(list)
    for outcome in outcomes:
        groups[outcome["class"]].append(outcome)
        groups["all"].append(outcome)
    table = {}
    for name, group in groups.items():
        answerable = [o for o in group if o["relevant"]]
        none = [o for o in group if not o["relevant"]]
        row: dict[str, float] = {"queries": len(group)}
        if answerable:
            def rank(o: dict) -> int | None:
                return next((i for i, url in enumerate(o["found"], 1) if url in o["relevant"]), None)

            row["p@1"] = sum(bool(o["found"]) and o["found"][0] in o["relevant"] for o in answerable) / len(answerable)
            row["recall@5"] = sum(len(set(o["found"][:5]) & set(o["relevant"])) / min(5, len(o["relevant"]))
                                  for o in answerable) / len(answerable)
            row["mrr"] = sum(1 / rank(o) if rank(o) else 0 for o in answerable) / len(answerable)
            row["empty"] = sum(not o["found"] for o in answerable)
        if none:
            row["no-answer"] = sum(not o["found"] or o["partial"] for o in none) / len(none)
        table[name] = row
    return table


def report(table: dict[str, dict[str, float]]) -> str:
    lines = [f"{'class':<14}{'n':>4}{'p@1':>7}{'r@5':>7}{'MRR':>7}{'empty':>7}{'none ok':>9}"]
    for name, row in sorted(table.items(), key=lambda kv: (kv[0] == "all", kv[0])):
        cell = lambda key, f="{:.2f}": f.format(row[key]) if key in row else "-"  # noqa: E731
        lines.append(f"{name:<14}{row['queries']:>4.0f}{cell('p@1'):>7}{cell('recall@5'):>7}{cell('mrr'):>7}"
                     f"{cell('empty', '{:.0f}'):>7}{cell('no-answer'):>9}")
    return "\n".join(lines)


@pytest.fixture(scope="module")
def outcomes(browser, site_url):
    return run_queries(browser, site_url)


def test_at_least_sixty_judged_queries_in_every_class():
    classes = {q["class"] for q in QUERIES}
    assert len(QUERIES) >= 60
    assert classes >= {"number", "name", "topic", "subword", "question", "traditional", "typo",
                       "abbreviation", "year", "none"}


def test_search_finds_what_people_mean(outcomes):
    table = metrics(outcomes)
    print("\n" + report(table))
    misses = [f"{o['q']}: {o['found'][:3]} ({o['status']})" for o in outcomes
              if o["relevant"] and (not o["found"] or o["found"][0] not in o["relevant"])]
    overall = table["all"]
    assert overall["p@1"] >= 0.9, "\n".join(misses)
    assert overall["recall@5"] >= 0.9, "\n".join(misses)
    assert overall["empty"] == 0, [o["q"] for o in outcomes if o["relevant"] and not o["found"]]
    assert table["none"]["no-answer"] == 1.0, [(o["q"], o["found"][:3]) for o in outcomes
                                                if not o["relevant"] and o["found"] and not o["partial"]]
