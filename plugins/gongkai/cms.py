"""The web editor at /admin/: Decap CMS's configuration, made from the matrix, never by hand.

信息员 keep the columns current without a terminal: Decap CMS (a single-page app, served
from the site itself) shows one collection per leaf column, in the matrix's order, and a
form with the fields that column's documents need, under the same rules as `gongkai
validate` where Decap can express them. Every save is a commit to the site's repository
(through GitLab's or Gitea's API, or through decap-server on an editor's own machine); with
review on, a new document is a branch and a merge request until a reviewer publishes it.

Why Decap and not Sveltia CMS (lighter, a successor in spirit): Decap has the editorial
workflow (先审查后公开 as merge requests) on GitLab and Forgejo, which Sveltia's script marks
unsupported, and a local backend (decap-server) a test can drive; Sveltia ignores
local_backend and needs a folder picked by hand in the browser.

Nothing here reads files or knows MkDocs: the plugin gives it the matrix and the documents
the build publishes, and writes what it returns into the site.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import posixpath
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .attachments import SAFE_NAME
from .catalogue import IndexPattern
from .documents import DISCLOSURE, FIELDS, PUBLIC, VALIDITY, Document, newest_first
from .matrix import ATTACHMENT_FOLDER, Column, Matrix
from .scaffold import deadline_fields, interprets, next_index_number

FOLDER = "admin"  # the editor's address on the site: /admin/
#: The Decap CMS files the site serves, from the npm package (pinned in package-lock.json).
DECAP_PACKAGE = "node_modules/decap-cms/dist"
#: gongkai's own checkout, whose package.json pins Decap CMS too (where the site has none).
PRODUCT = Path(__file__).resolve().parents[2]
BACKENDS = ("gitlab", "gitea", "forgejo", "github")
#: Decap's Gitea backend refuses the editorial workflow (its Forgejo backend has it).
NO_REVIEW = ("gitea",)
LOCAL_PORT = 8081  # decap-server's, on the editor's own machine (scripts/serve starts it)
PREVIEW = "preview.js"  # gongkai's own script beside Decap's (editor/preview.js in the package)


@dataclass(frozen=True)
class EditorSettings:
    """Where the editor commits: the agency's own GitLab or Gitea (``base_url``), the site's
    repository and branch, and the OAuth application's id; ``review``: new documents go
    through a merge request (先审查后公开)."""

    backend: str = "gitlab"
    repo: str = ""
    branch: str = "main"
    base_url: str = ""
    api_root: str = ""
    app_id: str = ""
    review: bool = True
    local_port: int = LOCAL_PORT


def configuration(matrix: Matrix, public: Iterable[Document], content: str, settings: EditorSettings,
                  pattern: IndexPattern, publisher: str, today: dt.date, attachment_types: Iterable[str],
                  site_url: str = "") -> dict:
    """Decap CMS's config.yml, as a dict. ``public``: the documents the build publishes (the
    only ones the editor may name: a 解读's policy, the next free 索引号); ``content``: the
    content folder, relative to the repository's root."""
    backend: dict[str, object] = {"name": settings.backend, "branch": settings.branch}
    if settings.repo:
        backend["repo"] = settings.repo
    if settings.base_url:
        backend["base_url"] = settings.base_url
        backend["auth_endpoint"] = "oauth/authorize"
    if settings.api_root:
        backend["api_root"] = settings.api_root
    if settings.app_id:
        backend |= {"app_id": settings.app_id, "auth_type": "pkce"}
    backend["commit_messages"] = {
        "create": "新建 {{collection}}：{{slug}}", "update": "修改 {{collection}}：{{slug}}",
        "delete": "删除 {{collection}}：{{slug}}", "uploadMedia": "上传附件 {{path}}",
        "deleteMedia": "删除附件 {{path}}", "openAuthoring": "{{message}}",
    }
    forms = _Forms(matrix, list(public), pattern, publisher, today, tuple(attachment_types))
    config: dict[str, object] = {
        "backend": backend,
        # Used only where the editor is opened on the editor's own machine (localhost).
        "local_backend": {"url": f"http://localhost:{settings.local_port}/api/v1"},
        "locale": "zh_Hans",
        "publish_mode": "editorial_workflow" if settings.review else "simple",
        # Uploaded files keep ASCII names (the site's rule for attachments' names).
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "media_folder": f"{content}/{ATTACHMENT_FOLDER}",
        "public_folder": ATTACHMENT_FOLDER,
        "collections": [_collection(matrix, column, content, forms) for column in matrix.leaves()],
    }
    if site_url:
        config["site_url"] = config["display_url"] = site_url
    return config


def _collection(matrix: Matrix, column: Column, content: str, forms: _Forms) -> dict:
    group = " · ".join(c.title for c in matrix.ancestors(column)[2:])  # below 政府信息公开 and its part
    description = f"牵头单位：{column.lead_text}"
    if column.support:
        description += f"；配合单位：{'、'.join(column.support)}"
    if column.requirement:
        description += f"；更新要求：{column.requirement}"
    return {
        "name": column.id,
        "label": f"{group} · {column.title}" if group else column.title,
        "label_singular": "信息",
        "description": description,
        "folder": f"{content}/{column.folder}",
        "create": True,
        "extension": "md",
        "format": "yaml-frontmatter",
        # The editor's guide's file names: 发布日期, column, then the time it was made (unique).
        "slug": f"{{{{fields.发布日期 | date('YYYYMMDD')}}}}-{column.id}-{{{{hour}}}}{{{{minute}}}}{{{{second}}}}",
        "identifier_field": "标题",
        # The column's own index.md (its introduction, no fields) shows as what it is.
        "summary": "{{发布日期 | default('栏目说明')}}｜{{标题 | default('本栏目的介绍文字（index.md），不是一篇信息')}}",
        "sortable_fields": [{"field": "发布日期", "default_sort": "desc"}, "标题", "索引号"],
        "media_folder": ATTACHMENT_FOLDER,  # the column's files/, beside its documents
        "public_folder": ATTACHMENT_FOLDER,
        "fields": forms.fields(column),
    }


@dataclass
class _Forms:
    """The fields of each column's form; what every form shares is worked out once."""

    matrix: Matrix
    public: list[Document]
    pattern: IndexPattern
    publisher: str
    today: dt.date
    attachment_types: tuple[str, ...]

    def __post_init__(self) -> None:
        self.next_number = next_index_number(self.public, self.pattern, self.today.year)
        # The columns whose documents a 解读 may name: normative and 政策文件 columns, but not
        # the columns of interpretations (an interpretation rule, or named 解读, as 政策解读（上级） is).
        self.policy_columns = {c.id: c for c in self.matrix.leaves()
                               if (c.normative or c.category == "政策文件") and "解读" not in c.title
                               and not interprets(c, self.matrix.rules_above(c))}
        self.number_rule = [self.pattern.regex().pattern.replace("(?P<", "(?<"),  # JavaScript's named groups
                            f"索引号应写成 {self.pattern.example(self.today.year)} 这样（本站的格式）"]

    def fields(self, column: Column) -> list[dict]:
        inherited = self.matrix.rules_above(column)
        types = "、".join(self.attachment_types)
        fields = [
            _text("标题", required=True),
            _text("索引号", required=True, default=self.next_number, pattern=list(self.number_rule)),
            _text("发布机构", default=self.publisher),
            _text("主题分类"),
            _date("成文日期", required=True),
            _date("发布日期", required=True),
            *(_date(name, required=True, hint=f"{FIELDS.get(name, '')}本栏目的时限从这一天起算".lstrip())
              for name in deadline_fields(column, inherited)),
            _text("发文字号"),
        ]
        if column.normative:
            fields.append(_choice("有效性", VALIDITY, required=True, default="有效"))
        if interprets(column, inherited):
            fields.append(_choice("解读", self.policies(column), required=True,
                                  hint="选择本篇解读的政策文件（只列出网站上已公开的政策）"))
        fields += [
            _choice("公开属性", DISCLOSURE, required=True, default=PUBLIC),
            {"label": "附件", "name": "附件", "widget": "list", "required": False, "hint": FIELDS["附件"],
             "summary": "{{fields.名称}}",
             "fields": [_text("名称", required=True),
                        {"label": "文件", "name": "文件", "widget": "file", "required": True,
                         "hint": f"允许的类型：{types}；文件名只用小写英文字母、数字、连字符",
                         "pattern": [_attachment_pattern(self.attachment_types),
                                     f"附件的文件名只能用小写英文字母、数字、点和连字符，类型为 {types}：改名后重新上传"]}]},
            {"label": "保密审查", "name": "保密审查", "widget": "object", "required": False,
             "hint": "先审查后公开：审查后填写，再取消“草稿”",
             "fields": [_choice("审查单位", self.matrix.units, required=True), _date("审查日期", required=True)]},
            {"label": "草稿", "name": "草稿", "widget": "boolean", "default": True, "required": False,
             "hint": "草稿不会发布；保密审查后取消勾选"},
            _text("内容概述", widget="text"),
            _text("逾期说明", widget="text"),
            _text("补录说明", widget="text"),
            {"label": "正文", "name": "body", "widget": "markdown"},
        ]
        return fields

    def policies(self, column: Column) -> list[dict[str, str]]:
        """The published policies a 解读 in ``column`` may name (see ``policy_columns``), newest
        first, each as the path the field holds: relative to the interpretation's folder."""
        return [{"label": f"{d.title}（{self.policy_columns[d.column].title}，{d.published_date}）",
                 "value": posixpath.relpath(d.path, column.folder)}
                for d in newest_first(d for d in self.public if d.column in self.policy_columns)]


def _text(name: str, required: bool = False, default: str = "", widget: str = "string",
          pattern: list[str] | None = None) -> dict:
    field: dict[str, object] = {"label": name, "name": name, "widget": widget, "required": required,
                                "hint": FIELDS.get(name, "")}
    if default:
        field["default"] = default
    if pattern:
        field["pattern"] = pattern
    return field


def _date(name: str, required: bool = False, hint: str = "") -> dict:
    return {"label": name, "name": name, "widget": "datetime", "required": required,
            "format": "YYYY-MM-DD", "date_format": "YYYY-MM-DD", "time_format": False,
            "hint": hint or FIELDS.get(name, "")}


def _choice(name: str, options: Iterable, required: bool = False, default: str = "", hint: str = "") -> dict:
    field: dict[str, object] = {"label": name, "name": name, "widget": "select", "required": required,
                                "options": list(options), "hint": hint or FIELDS.get(name, "")}
    if default:
        field["default"] = default
    return field


def _attachment_pattern(types: Iterable[str]) -> str:
    """A JavaScript regex for an uploaded attachment's value: the name `gongkai validate` wants
    (``attachments.SAFE_NAME``) with an allowed type (the folder is the column's files/, which
    the collection sets)."""
    name = SAFE_NAME.pattern.removeprefix("^").removesuffix("$")
    return rf"(^|/)(?={name}$)[^/]*\.({'|'.join(sorted(set(types)))})$"


def decap_files(project: Path) -> Path | None:
    """Where Decap CMS's dist/ is: installed by `npm ci` in the site's project, or else in
    gongkai's own checkout; None when neither has it."""
    for root in (project, PRODUCT):
        if (root / DECAP_PACKAGE / "decap-cms.js").is_file():
            return root / DECAP_PACKAGE
    return None


def page(site_name: str, styles: Iterable[str], collections: Iterable[str]) -> str:
    """/admin/index.html: Decap CMS, its configuration beside it, and gongkai's preview
    (``styles``: the site's stylesheets, relative to /admin/; ``collections``: their names)."""
    title = html.escape(f"{site_name} 网页编辑器")
    setup = json.dumps({"styles": list(styles), "collections": list(collections)}, ensure_ascii=False)
    setup = setup.replace("<", "\\u003c")  # inside <script>: no "</script>" can end it early
    return f"""<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>{title}</title>
<link rel="icon" href="../assets/images/favicon.png">
<link href="config.yml" type="text/yaml" rel="cms-config-url">
<style>
/* Decap's grey "返回主页" on its login page has a contrast of 3.4:1; GB/T 37668 asks 4.5:1. */
body [class*="-ButtonText"] {{ color: #4a5160; }}
</style>
</head>
<body>
<script type="application/json" id="gk-editor">{setup}</script>
<script src="decap-cms.js"></script>
<script src="{PREVIEW}"></script>
</body>
</html>
"""


def served(name: str) -> bool:
    """Whether a file of Decap CMS's dist/ goes on the site: the app, its chunks, its WebAssembly
    and its licence notice (not the source maps, nor the second build named cms.js)."""
    return name == "decap-cms.js" or name.endswith((".decap-cms.js", ".wasm")) or name == "decap-cms.js.LICENSE.txt"
