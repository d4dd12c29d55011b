// gongkai's additions to Decap CMS at /admin/: the preview of a document shows it as the
// site's document page does (title, the metadata block, the text, attachments), with the
// site's own styles, and says whether it would be published.
(function () {
  "use strict";
  var CMS = window.CMS, h = window.h;
  var setup = JSON.parse(document.getElementById("gk-editor").textContent);
  setup.styles.forEach(function (href) { CMS.registerPreviewStyle(href); });

  function text(value) {
    if (value === undefined || value === null || value === "") return "—";
    if (value instanceof Date) return value.toISOString().slice(0, 10);
    return String(value);
  }

  function row(label, value) {
    return h("div", { key: label }, h("dt", null, label), h("dd", null, text(value)));
  }

  function state(entry) {
    var data = entry.get("data");
    if (entry.get("slug") === "index") {  // the column's introduction: listed by Decap, not a document
      return "这是本栏目的介绍文字（index.md），不是一篇信息：不要在这里修改或保存";
    }
    var problems = [];
    if (data.get("草稿") !== false) problems.push("草稿：不会发布");
    if (data.get("公开属性") && data.get("公开属性") !== "主动公开") {
      problems.push("公开属性为“" + data.get("公开属性") + "”：不会发布");
    }
    var review = data.get("保密审查");
    if (!review || !review.get || !review.get("审查单位") || !review.get("审查日期")) {
      problems.push("尚未填写保密审查：先审查后公开");
    }
    return problems.length ? problems.join("；") : "审查后发布：网站上的样子";
  }

  function DocumentPreview(props) {
    var data = props.entry.get("data");
    var rows = [["索引号", "索引号"], ["主题分类", "主题分类"], ["发布机构", "发布机构"],
                ["成文日期", "成文日期"], ["发文字号", "发文字号"], ["发布日期", "发布日期"]];
    if (data.get("有效性")) rows.push(["有效性", "有效性"]);
    var list = data.get("附件");  // an Immutable List while editing
    var attachments = list && list.toJS ? list.toJS() : (Array.isArray(list) ? list : []);
    return h("div", { className: "md-typeset gk-preview" },
      h("p", { className: "gk-preview-state", role: "status" }, state(props.entry)),
      h("article", { className: "gk-document" },
        h("h1", null, text(data.get("标题"))),
        h("section", { className: "gk-meta", "aria-label": "文件信息" },
          h("dl", null, rows.map(function (r) { return row(r[0], data.get(r[1])); }))),
        data.get("解读") ? h("p", { className: "gk-related" }, "本文解读：" + data.get("解读")) : null,
        h("div", { className: "gk-body" }, props.widgetFor("body")),
        attachments.length ? h("section", { className: "gk-attachments" },
          h("h2", null, "附件"),
          h("ul", null, attachments.map(function (a, i) {
            return h("li", { key: i }, h("a", { href: props.getAsset(a["文件"] || "").toString() }, a["名称"] || a["文件"]));
          }))) : null));
  }

  setup.collections.forEach(function (name) { CMS.registerPreviewTemplate(name, DocumentPreview); });
})();
