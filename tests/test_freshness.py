"""The freshness check end to end: builds that fail on stale columns, the CLI, git history."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from gongkai.cli import main

from .conftest import build

STALE_LINE = ("[逾期未更新] 行政处罚结果（xzcfjg）｜规则：每季度至少1条｜最近更新：2026-09-03｜"
              "应更新日期：2026-12-03｜逾期 88 天｜牵头单位：政策法规处")


def check(project: Path, *args: str, env: dict | None = None):
    return CliRunner().invoke(main, ["--project", str(project), "check", *args], env=env or {})


@pytest.fixture
def no_as_of_env(monkeypatch):
    monkeypatch.delenv("GONGKAI_AS_OF", raising=False)


def test_a_fresh_site_builds_and_says_which_date_it_used(minimal, tmp_path, no_as_of_env):
    result = build(minimal, tmp_path / "site")
    assert result.exit_code == 0, result.output
    assert "按 mkdocs.yml 中固定的日期 as_of: 2026-09-10 检查栏目更新" in result.output
    assert "未触及单项否决" in result.output


def test_a_stale_site_fails_with_one_line_per_finding_grouped_by_unit(minimal, tmp_path, monkeypatch):
    monkeypatch.setenv("GONGKAI_AS_OF", "2027-03-01")  # the environment wins over mkdocs.yml
    result = build(minimal, tmp_path / "site")
    assert result.exit_code == 1
    out = result.output
    assert "按 GONGKAI_AS_OF=2027-03-01 检查栏目更新" in out
    assert "栏目更新检查（截至 2027-03-01）：3 项不符合要求" in out
    assert f"政策法规处：\n  {STALE_LINE}" in out
    assert ("[逾期未更新] 政府信息公开工作年度报告（ndbg）｜规则：每年1月31日前发布上一年度｜最近更新：2026-01-20｜"
            "应更新日期：2027-01-31｜逾期 29 天｜牵头单位：办公室") in out
    assert "[逾期未更新] 行政强制（xzqz）" in out
    assert "2027年的节假日安排尚未收录" in out  # loud, and no crash
    assert "Traceback" not in out
    assert not (tmp_path / "site").exists()


def test_a_kind_set_to_warn_does_not_fail(minimal, tmp_path, monkeypatch):
    monkeypatch.setenv("GONGKAI_AS_OF", "2026-12-20")
    config = minimal / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "      per_page: 2\n", "      per_page: 2\n      severity: {periodic: warn}\n"), encoding="utf-8")
    result = build(minimal, tmp_path / "site")
    assert result.exit_code == 0, result.output
    assert "提醒（不影响构建）" in result.output and "[逾期未更新] 行政处罚结果（xzcfjg）" in result.output


def test_a_late_penalty_decision_fails(minimal, tmp_path, no_as_of_env):
    document = minimal / "content/xxgk/fdgk/xzqlyx/xzcfjg/20260903-cf.md"
    document.write_text(document.read_text(encoding="utf-8").replace("决定日期: 2026-09-03", "决定日期: 2026-08-20"),
                        encoding="utf-8")
    result = build(minimal, tmp_path / "site")
    assert result.exit_code == 1
    assert ("[发布超期] 行政处罚结果（xzcfjg）｜规则：决定日期后7个工作日内｜"
            "文件：xxgk/fdgk/xzqlyx/xzcfjg/20260903-cf.md｜最近更新：2026-09-03｜应更新日期：2026-08-31｜"
            "逾期 3 个工作日") in result.output


def test_an_empty_column_that_must_not_be_empty_fails(minimal, tmp_path, no_as_of_env):
    matrix = minimal / "columns.yml"
    matrix.write_text(matrix.read_text(encoding="utf-8").replace(
        "{id: gkzd, title: 政府信息公开制度, part: system, lead: 办公室}",
        "{id: gkzd, title: 政府信息公开制度, part: system, lead: 办公室, rules: [不得为空]}"), encoding="utf-8")
    result = build(minimal, tmp_path / "site")
    assert result.exit_code == 1
    assert "[空白] 政府信息公开制度（gkzd）｜规则：不得为空" in result.output


def test_a_bad_rule_fails_the_build_naming_the_line(minimal, tmp_path, no_as_of_env):
    matrix = minimal / "columns.yml"
    matrix.write_text(matrix.read_text(encoding="utf-8").replace("rules: [每半年至少1条]", "rules: [每半年更新一下]"),
                      encoding="utf-8")
    result = build(minimal, tmp_path / "site")
    assert result.exit_code == 1
    assert "columns.yml:29: 栏目“行政强制”：看不懂规则“每半年更新一下”" in result.output
    assert "是不是“每半年更新”？" in result.output


def test_the_monitoring_report_is_published_only_when_asked(minimal, tmp_path, no_as_of_env):
    result = build(minimal, tmp_path / "site")
    assert not (result.site / "gongkai").exists()
    config = minimal / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "      per_page: 2\n", "      per_page: 2\n      monitor_report: true\n"), encoding="utf-8")
    result = build(minimal, tmp_path / "site2")
    assert result.exit_code == 0, result.output
    html = (result.site / "gongkai/monitor/index.html").read_text(encoding="utf-8")
    assert "<caption>政策法规处牵头栏目更新情况</caption>" in html and "行政处罚结果" in html
    report = json.loads((result.site / "gongkai/monitor/monitor.json").read_text(encoding="utf-8"))
    row = next(r for r in report["columns"] if r["column"] == "xzcfjg")
    assert row["last_update"] == "2026-09-03" and row["next_due"] == "2026-12-03" and row["status"] == "正常"


# -- the CLI ------------------------------------------------------------------------

def test_check_exit_codes_and_text(minimal, no_as_of_env):
    clean = check(minimal)
    assert clean.exit_code == 0, clean.output
    assert "栏目更新检查（截至 2026-09-10）：没有栏目违反更新要求；对照检查指标也没有不更新栏目和空白栏目。" in clean.output
    assert "结论：未触及单项否决" in clean.output
    stale = check(minimal, "--as-of", "2027-03-01")
    assert stale.exit_code == 1
    assert STALE_LINE in stale.output
    assert check(minimal, "--as-of", "2027-02-30").exit_code == 2


def test_check_as_of_wins_over_the_environment_which_wins_over_config(minimal):
    assert check(minimal, env={"GONGKAI_AS_OF": "2027-03-01"}).exit_code == 1
    assert check(minimal, "--as-of", "2026-09-10", env={"GONGKAI_AS_OF": "2027-03-01"}).exit_code == 0


def test_check_json(minimal, no_as_of_env):
    result = check(minimal, "--as-of", "2027-03-01", "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.output[result.output.index("{"):])
    assert data["as_of"] == "2027-03-01" and data["ok"] is False
    finding = next(f for f in data["findings"] if f["column"] == "xzcfjg")
    assert finding == {
        "column": "xzcfjg", "title": "行政处罚结果", "lead": ["政策法规处"], "rule": "每季度至少1条",
        "kind": "periodic", "status": "overdue", "status_text": "逾期未更新", "severity": "fail",
        "last_update": "2026-09-03", "due": "2026-12-03", "overdue": 88, "days": "calendar",
        "document": "", "note": "", "estimated": []}
    assert data["inspection"]["vetoed"] is False
    assert any("2027" in note for note in data["notes"])


def test_check_writes_the_monitoring_report(minimal, tmp_path, no_as_of_env):
    result = check(minimal, "--report", str(tmp_path / "report"))
    assert result.exit_code == 0
    assert '<html lang="zh-CN">' in (tmp_path / "report/monitor.html").read_text(encoding="utf-8")
    assert json.loads((tmp_path / "report/monitor.json").read_text(encoding="utf-8"))["as_of"] == "2026-09-10"


def test_check_reports_a_broken_configuration_with_exit_2(minimal, no_as_of_env):
    config = minimal / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("per_page: 2", "per_page: 2\n      severity: {weekly: warn}"),
                      encoding="utf-8")
    result = check(minimal)
    assert result.exit_code == 2 and "severity 中没有 `weekly` 这种规则" in result.output


def test_inspection_standing_counts_empty_columns(minimal, no_as_of_env):
    for folder in ("xzcfjg", "xzqz"):
        for md in (minimal / f"content/xxgk/fdgk/xzqlyx/{folder}").glob("2026*.md"):
            md.unlink()
    result = check(minimal, "--format", "json")
    data = json.loads(result.output[result.output.index("{"):])
    assert data["inspection"]["empty"] == ["行政处罚结果", "行政强制"]


# -- forged dates and git history ----------------------------------------------------

def git(cwd: Path, *args: str, date: str = "2026-11-01T10:00:00+08:00") -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date,
           "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"}
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)


@pytest.fixture
def repository(minimal):
    """The minimal project as a git repository, imported on 2026-09-04; later commits are checked."""
    config = minimal / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("since: 2026-11-25", "since: 2026-09-05"),
                      encoding="utf-8")
    git(minimal, "init", "-q", "-b", "main")
    git(minimal, "add", ".")
    git(minimal, "commit", "-qm", "site", date="2026-09-04T10:00:00+08:00")
    return minimal


def test_no_forged_dates_in_a_timely_history(repository, no_as_of_env):
    assert check(repository).exit_code == 0


def add_decision(repository: Path, day: str, serial: str, committed: str, extra: str = "") -> str:
    """A copy of the fixture's penalty decision dated ``day``, committed at ``committed``; its name."""
    folder = repository / "content/xxgk/fdgk/xzqlyx/xzcfjg"
    text = (folder / "20260903-cf.md").read_text(encoding="utf-8")
    name = f"{day.replace('-', '')}-cf.md"
    (folder / name).write_text(text.replace("2026-00003", serial).replace("2026-09-03", day)
                               .replace("公开属性:", extra + "公开属性:"), encoding="utf-8")
    git(repository, "add", ".")
    git(repository, "commit", "-qm", name, date=committed)
    return name


def test_a_back_dated_document_is_reported(repository, no_as_of_env):
    # committed at 00:30 on 9 September in Shanghai (still 8 September in UTC): 5 days after its date
    add_decision(repository, "2026-09-04", "2026-00008", "2026-09-08T16:30:00+00:00")
    result = check(repository)
    assert result.exit_code == 1
    assert ("[发布日期早于提交日期] 行政处罚结果（xzcfjg）｜规则：发布日期不早于首次提交 3 天以上｜"
            "文件：xxgk/fdgk/xzqlyx/xzcfjg/20260904-cf.md｜最近更新：2026-09-04｜"
            "首次提交于 2026-09-09，发布日期早 5 天") in result.output


def test_a_document_added_long_after_it_was_published_says_why(repository, no_as_of_env):
    """Adding an old 规范性文件 the site lacked is not back-dating, when 补录说明 says so."""
    add_decision(repository, "2025-03-10", "2025-00008", "2026-09-08T10:00:00+08:00")
    assert "发布日期早 547 天" in check(repository).output
    name = add_decision(repository, "2025-03-10", "2025-00008", "2026-09-08T11:00:00+08:00",
                        "补录说明: 原网站已发布，迁移时补录\n")
    result = check(repository)
    assert name not in result.output, result.output


def test_within_the_grace_days_is_fine(repository, no_as_of_env):
    add_decision(repository, "2026-09-05", "2026-00008", "2026-09-08T10:00:00+08:00")
    assert check(repository).exit_code == 0


def test_a_shallow_clone_stops_check_and_build_alike_not_crashed_on(repository, tmp_path, no_as_of_env):
    """The forged-date guard cannot run on a shallow clone: both say so and fail, so a CI set
    up without the full history is told instead of publishing unchecked."""
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repository}", str(clone)],
                   check=True, capture_output=True)
    result = check(clone)
    assert result.exit_code == 1
    assert "浅克隆（shallow clone）" in result.output and "fetch-depth: 0" in result.output
    built = build(clone, tmp_path / "site")
    assert built.exit_code == 1 and "fetch-depth: 0" in built.output and "Traceback" not in built.output


def test_ci_templates_build_on_push_and_daily_at_0030_china_time():
    import yaml

    from .conftest import ROOT
    github = yaml.safe_load((ROOT / ".github/workflows/site.yml").read_text(encoding="utf-8"))
    triggers = github.get("on", github.get(True))
    assert "push" in triggers
    minute, hour, *_ = triggers["schedule"][0]["cron"].split()
    assert (int(hour) + 8) % 24 == 0 and int(minute) == 30  # UTC+8
    steps = github["jobs"]["site"]["steps"]
    assert steps[0]["with"]["fetch-depth"] == 0
    crons = [entry["cron"] for entry in triggers["schedule"]]
    assert "*/15 * * * *" in crons  # 定时发布: a quarter-hourly look for documents just due
    due = next(s for s in steps if s.get("id") == "due")
    assert "gongkai schedule --due-within 20" in due["run"]
    assert all("steps.due.outputs.build" in s["if"] for s in steps if "mkdocs build" in s.get("run", ""))
    assert any("gongkai check" in s.get("run", "") for s in steps)
    assert any(s.get("uses", "").startswith("actions/upload-artifact") and s.get("if", "").startswith("always()")
               for s in steps)
    assert any(s.get("uses", "").startswith("actions/cache") and s["with"]["path"] == ".cache/gongkai"
               for s in steps)
    gitlab = yaml.safe_load((ROOT / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    assert gitlab["variables"]["GIT_DEPTH"] == "0"
    assert gitlab["site"]["cache"]["paths"] == [".cache/gongkai/"]
    # Pages are copied from the cache onto the site: a branch never writes the main branch's.
    assert "$CI_COMMIT_REF_SLUG" in gitlab["site"]["cache"]["key"]
    assert any("schedule" in rule["if"] for rule in gitlab["site"]["rules"])
    assert gitlab["site"]["artifacts"]["when"] == "always"
    assert any("gongkai schedule --due-within 20" in line for line in gitlab["site"]["script"])
