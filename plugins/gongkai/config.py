"""Options of the gongkai MkDocs plugin (set under `plugins: - gongkai:` in mkdocs.yml)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.base import ValidationError

from .attachments import DEFAULT_MAX_MB, DEFAULT_TYPES, Policy
from .clock import parse_as_of
from .cms import BACKENDS, LOCAL_PORT
from .freshness import Settings, check_severity
from .matrix import CATEGORIES
from .publishing import Rules

#: A date may be written bare (YAML reads it as a date) or quoted.
_DATE = (str, dt.date)


class RuleSeverity(c.DictOfItems):
    """`severity`: rule kind → fail or warn; a kind that does not exist is an error."""

    def __init__(self) -> None:
        super().__init__(c.Choice(("fail", "warn")), default={})

    def run_validation(self, value: object) -> dict:
        problems = check_severity(value) if isinstance(value, dict) else []
        if problems:
            raise ValidationError("；".join(problems))
        return super().run_validation(value)


class Thresholds(c.DictOfItems):
    """`inspection`: column category → days of silence before the inspection counts it stale."""

    def __init__(self) -> None:
        super().__init__(c.Type(int), default={})

    def run_validation(self, value: object) -> dict:
        value = super().run_validation(value)
        for category, days in value.items():
            if category not in CATEGORIES:
                raise ValidationError(f"inspection 中没有“{category}”这种栏目分类：可用 {'、'.join(CATEGORIES)}")
            if days < 1:
                raise ValidationError(f"inspection 中“{category}”的天数至少为 1")
        return value


class Count(c.Type):
    """A whole number of at least 1."""

    def __init__(self, default: int) -> None:
        super().__init__(int, default=default)

    def run_validation(self, value: object) -> int:
        value = super().run_validation(value)
        if value < 1:
            raise ValidationError(f"至少为 1，不能是 {value}")
        return value


class SiteIdentity(base.Config):
    """Who runs the site: shown in every page's footer and in the monitors' meta tags."""

    organisation = c.Type(str, default="")
    """主办单位: the agency that runs the site; also the default 发布机构."""
    domain = c.Type(str, default="")
    """SiteDomain: the site's host name, e.g. yjj.example.gov.cn."""
    site_code = c.Type(str, default="")
    """政府网站标识码 (SiteIDCode), ten characters."""
    icp = c.Type(str, default="")
    """ICP备案编号."""
    police_record = c.Type(str, default="")
    """公安机关备案号."""
    address = c.Type(str, default="")
    """联系地址."""
    phone = c.Type(str, default="")
    """联系电话."""
    email = c.Type(str, default="")
    """电子邮箱."""
    conac_url = c.Type(str, default="")
    """Link behind the 党政机关网站 mark (the agency's 事业单位/党政机关 registration page)."""
    conac_image = c.Type(str, default="")
    """The official 党政机关网站 mark image, a path inside the docs dir; a text mark otherwise."""
    org_code = c.Type(str, default="")
    """The organisation code that begins each 索引号 (统一社会信用代码 or 组织机构代码)."""
    accessibility_page = c.Type(str, default="wza.md")
    """The accessibility statement (无障碍声明), linked from every page's footer; empty for none."""


class ForgedDates(base.Config):
    """The guard against back-dated documents (发布日期 well before the first commit)."""

    enabled = c.Type(bool, default=True)
    """Check 发布日期 against git history."""
    grace_days = c.Type(int, default=3)
    """How many days before its first commit a document may be dated."""
    since = c.Optional(c.Type(_DATE))
    """Check only documents first committed on or after this date (YYYY-MM-DD), e.g. after an import."""


class Editor(base.Config):
    """The web editor at /admin/ (Decap CMS, see cms.py): where it commits."""

    enabled = c.Type(bool, default=False)
    """Publish the editor at /admin/ (needs `npm ci`: Decap CMS comes from package-lock.json)."""
    backend = c.Choice(BACKENDS, default="gitlab")
    """The code host's kind: gitlab, gitea, forgejo or github."""
    repo = c.Type(str, default="")
    """The site's repository on it, e.g. yjj/gongkai-site."""
    branch = c.Type(str, default="main")
    """The branch the site is built from."""
    base_url = c.Type(str, default="")
    """The code host's address, e.g. https://git.yjj.example.gov.cn (its OAuth login page)."""
    api_root = c.Type(str, default="")
    """Its API, e.g. https://git.yjj.example.gov.cn/api/v4 (GitLab) or …/api/v1 (Gitea)."""
    app_id = c.Type(str, default="")
    """The OAuth application's id (GitLab: Applications, PKCE, scope api)."""
    review = c.Type(bool, default=True)
    """先审查后公开: a new document is a merge request until a reviewer publishes it."""
    local_port = c.Type(int, default=LOCAL_PORT)
    """decap-server's port on an editor's own machine (scripts/serve starts it there)."""


class GongkaiConfig(base.Config):
    """Options of the gongkai plugin."""

    enabled = c.Type(bool, default=True)
    """Turn the plugin off, e.g. for a quick preview of plain pages."""
    matrix = c.Type(str, default="columns.yml")
    """The column matrix, relative to mkdocs.yml."""
    per_page = Count(default=20)
    """Documents per page of a column's list (at least 1)."""
    column_type = c.Type(str, default="信息公开")
    """ColumnType meta tag of column and document pages."""
    site = c.SubConfig(SiteIdentity)
    """The site's identity."""

    freshness = c.Type(bool, default=True)
    """Fail the build when a column breaks its update rules."""
    as_of = c.Optional(c.Type(_DATE))
    """Evaluate the rules on this date (YYYY-MM-DD) instead of today; GONGKAI_AS_OF wins."""
    horizon = c.Type(int, default=5)
    """Columns due within this many working days are reported as warnings."""
    severity = RuleSeverity()
    """Per rule kind (periodic, deadline, interpretation, yearly, not_empty, forged_date): fail or warn."""
    holidays = c.Type(str, default="holidays.yml")
    """Working-day overrides (years the chinesecalendar package does not cover), relative to mkdocs.yml."""
    forged_dates = c.SubConfig(ForgedDates)
    """The forged-date guard."""
    inspection = Thresholds()
    """Days of silence per column category before the inspection counts it stale (local rules)."""
    monitor_report = c.Type(bool, default=False)
    """Publish the monitoring report (更新情况监测) inside the site, at gongkai/monitor/."""

    require_review = c.Type(bool, default=False)
    """Every published document must record its confidentiality review (保密审查)."""
    personal_information = c.Type(bool, default=True)
    """Fail on unmasked ID, mobile and bank-card numbers in documents and attachments."""
    allowlist = c.Type(str, default="pii-allowlist.yml")
    """Reviewed exceptions to the personal-information guard, relative to mkdocs.yml."""
    attachment_types = c.Type(list, default=list(DEFAULT_TYPES))
    """File types (extensions) that may be published as attachments."""
    attachment_max_mb = c.Type((int, float), default=DEFAULT_MAX_MB)
    """Largest attachment, in MB."""
    catalogue = c.Type(bool, default=True)
    """Publish the disclosure catalogue (政府信息公开目录) and its CSV/JSON open data."""
    index_pattern = c.Type(str, default="{org_code}/{year}-{serial:05d}")
    """The form of a 索引号; {org_code} is site.org_code, {serial:05d} a zero-padded number."""
    team_handles = c.DictOfItems(c.Type(str), default={})
    """Lead unit → code-host team handle (e.g. 办公室: "@agency/bgs"), for `gongkai codeowners`."""
    feeds = c.Type(bool, default=True)
    """Publish Atom feeds of new documents: feed.xml for the site and for each column."""
    qr_code = c.Type(bool, default=True)
    """A QR code of each page's address in the footer (扫码在手机上浏览)."""
    search = c.Type(bool, default=True)
    """Chinese full-text search (jieba, an index split by term): a results page at search/ and a box on every page."""
    search_synonyms = c.DictOfItems(c.ListOfItems(c.Type(str)), default={})
    """The site's own abbreviations for search, each with its full forms (e.g. 安委办: [安全生产委员会办公室])."""
    cache = c.Type(bool, default=True)
    """Keep parsed documents and search terms in .cache/gongkai/ and read only changed files next time."""
    atomic = c.Type(bool, default=True)
    """Build into a temporary folder and move it into place only when the whole build succeeds."""
    editor = c.SubConfig(Editor)
    """The web editor for 信息员 at /admin/."""


def settings_of(config: GongkaiConfig, project: Path) -> Settings:
    """The freshness check's settings from the plugin's options (``project``: mkdocs.yml's folder).

    Raises clock.BadDate for a date that is not YYYY-MM-DD.
    """
    since = config.forged_dates.since
    if isinstance(since, str):
        since = parse_as_of(since, "forged_dates.since")
    return Settings(
        as_of=config.as_of, horizon=config.horizon, severity=dict(config.severity),
        holidays=project / config.holidays, forged_dates=config.forged_dates.enabled,
        forged_grace_days=config.forged_dates.grace_days, forged_since=since,
        thresholds=dict(config.inspection))


def publishing_rules(config: GongkaiConfig, allowlist: frozenset[str]) -> Rules:
    types = tuple(str(t).lower().lstrip(".") for t in config.attachment_types)
    return Rules(config.require_review, Policy(types, float(config.attachment_max_mb)),
                 config.personal_information, allowlist)
