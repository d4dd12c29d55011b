"""The monitoring report (更新情况监测): per unit and column, last update, next due date, status."""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterable
from html import escape
from pathlib import Path

from .documents import Document, on_site_by_column
from .findings import CALM, FAIL, STATUS_TEXT, Finding
from .inspection import Standing, counts_as_empty
from .matrix import Matrix
from .rules import Context
from .workdays import WorkCalendar


def build_report(matrix: Matrix, documents: Iterable[Document], findings: list[Finding],
                 standing: Standing, today: dt.date, calendar: WorkCalendar, horizon: int) -> dict:
    """The report as plain data (what the JSON file holds)."""
    by_column = on_site_by_column(documents, today)
    ctx = Context(today, calendar, horizon, {d.path: d for docs in by_column.values() for d in docs})
    by_finding: dict[str, list[Finding]] = defaultdict(list)
    for finding in findings:
        by_finding[finding.column].append(finding)
    left_out = matrix.left_out(set(by_column))
    rows = []
    for column in matrix.columns():
        if not column.is_leaf and not column.rules:
            continue  # a heading: its columns have rows of their own
        docs = matrix.documents_under(column, by_column)
        dues = [d for d in (r.next_due(docs, ctx) for r in column.rules) if d]
        found = by_finding[column.id]
        failed = [f.status for f in found if f.severity == FAIL]
        if column.id in left_out:
            state = "optional"
        elif counts_as_empty(column, docs) and set(failed) <= {"empty"}:
            state = "empty"  # the inspection's 空白栏目, whatever the rules say
        elif failed or found:
            state = (failed or [found[0].status])[0]
        else:
            state = "ok" if any(r.timed for r in column.rules) else "untimed"
        rows.append({
            "column": column.id, "title": column.title, "lead": list(column.lead),
            "support": list(column.support), "requirement": column.requirement,
            "rules": [r.text for r in column.rules], "documents": len(docs),
            "last_update": max((d.published_date for d in docs), default=None),
            "next_due": min(dues, default=None), "status": STATUS_TEXT[state], "calm": state in CALM,
            "findings": [f.text() for f in found],
        })
    for row in rows:
        for key in ("last_update", "next_due"):
            row[key] = row[key].isoformat() if row[key] else None
    return {"as_of": today.isoformat(), "columns": rows,
            "findings": [f.as_json() for f in findings], "inspection": standing.as_json()}


def report_json(report: dict) -> str:
    return json.dumps(report, ensure_ascii=False, indent=2) + "\n"


def report_html(report: dict, site_name: str = "") -> str:
    """A standalone, accessible HTML page: one table per lead unit."""
    groups: dict[str, list[dict]] = defaultdict(list)
    for row in report["columns"]:
        for unit in row["lead"]:
            groups[unit].append(row)
    inspection = report["inspection"]
    sections = []
    for unit, rows in sorted(groups.items()):
        body = "\n".join(
            f"<tr class=\"{'' if r['calm'] else 'bad'}\">"
            f"<th scope=\"row\">{escape(r['title'])}<br><small>{escape(r['column'])}</small></th>"
            f"<td>{escape(r['requirement'] or '—')}</td><td>{r['documents']}</td>"
            f"<td>{r['last_update'] or '—'}</td><td>{r['next_due'] or '—'}</td>"
            f"<td>{escape(r['status'])}</td></tr>" for r in rows)
        sections.append(
            f"<section><h2>{escape(unit)}</h2><div class=\"scroll\"><table><caption>{escape(unit)}牵头栏目更新情况"
            "</caption><thead><tr><th scope=\"col\">栏目</th><th scope=\"col\">更新要求</th>"
            "<th scope=\"col\">信息数</th><th scope=\"col\">最近更新</th><th scope=\"col\">下次应更新</th>"
            f"<th scope=\"col\">状态</th></tr></thead><tbody>{body}</tbody></table></div></section>")
    verdict = ("单项否决：" + "；".join(inspection["reasons"])) if inspection["vetoed"] else "未触及单项否决"
    title = f"{site_name}栏目更新情况监测" if site_name else "栏目更新情况监测"
    return f"""<!doctype html>
<html lang="zh-CN">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)}（{report['as_of']}）</title>
<style>
body{{font-family:"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;margin:1rem auto;max-width:72rem;padding:0 1rem;color:#1a1a1a;line-height:1.6}}
table{{border-collapse:collapse;width:100%}}th,td{{border:1px solid #999;padding:.3rem .5rem;text-align:left;vertical-align:top}}
thead th{{background:#eee}}tr.bad th,tr.bad td{{background:#fde8e8}}.scroll{{overflow-x:auto}}caption{{text-align:left;font-weight:bold}}
small{{color:#444}}
</style></head>
<body><main>
<h1>{escape(title)}</h1>
<p>截至 {report['as_of']}（北京时间）。不符合要求 {sum(f['severity'] == 'fail' for f in report['findings'])} 项，提醒 {sum(f['severity'] == 'warn' for f in report['findings'])} 项。</p>
<p>对照政府网站检查指标：不更新栏目 {inspection['stale_count']} 个，应更新未更新栏目 {len(inspection['overdue'])} 个，空白栏目 {len(inspection['empty'])} 个；{escape(verdict)}。</p>
{''.join(sections)}
</main></body></html>
"""


def write_site(folder: Path, report: dict, site_name: str) -> None:
    """Publish the report inside the site: index.html and monitor.json in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "index.html").write_text(report_html(report, site_name), encoding="utf-8")
    (folder / "monitor.json").write_text(report_json(report), encoding="utf-8")
