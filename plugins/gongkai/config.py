"""Options of the gongkai MkDocs plugin (set under `plugins: - gongkai:` in mkdocs.yml)."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c


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


class GongkaiConfig(base.Config):
    """Options of the gongkai plugin."""

    enabled = c.Type(bool, default=True)
    """Turn the plugin off, e.g. for a quick preview of plain pages."""
    matrix = c.Type(str, default="columns.yml")
    """The column matrix, relative to mkdocs.yml."""
    per_page = c.Type(int, default=20)
    """Documents per page of a column's list."""
    column_type = c.Type(str, default="信息公开")
    """ColumnType meta tag of column and document pages."""
    site = c.SubConfig(SiteIdentity)
    """The site's identity."""
