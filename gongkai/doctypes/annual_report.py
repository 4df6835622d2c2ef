"""政府信息公开工作年度报告: the three tables of the 2021 national format, read from data and checked.

Row labels are those of 国办公开办函〔2021〕30号 word for word, since inspectors compare
reports side by side. Every sum the format implies is checked, and an error names the
data file, the line and the cell, so an editor can fix the number without a calculator.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from gongkai.engine.doctype import DocType
from gongkai.engine.datafile import DataReader, not_a_number
from gongkai.engine.model import Document, Site
from gongkai.problems import Report

#: columns of table 三 (申请人情况)
APPLICANTS = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")

#: table 三 rows below 三、本年度办理结果: (key, label, children)
RESULT_GROUPS: list[tuple[str, str, list[tuple[str, str]]]] = [
    ("disclosed", "（一）予以公开", []),
    ("partly_disclosed", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", []),
    ("withheld", "（三）不予公开", [
        ("state_secret", "1.属于国家秘密"), ("law_prohibited", "2.其他法律行政法规禁止公开"),
        ("three_safeties", "3.危及“三安全一稳定”"), ("third_party", "4.保护第三方合法权益"),
        ("internal_affairs", "5.属于三类内部事务信息"), ("process_info", "6.属于四类过程性信息"),
        ("enforcement_files", "7.属于行政执法案卷"), ("inquiry_matters", "8.属于行政查询事项")]),
    ("unable", "（四）无法提供", [
        ("not_held", "1.本机关不掌握相关政府信息"), ("needs_creation", "2.没有现成信息需要另行制作"),
        ("unclear", "3.补正后申请内容仍不明确")]),
    ("not_processed", "（五）不予处理", [
        ("petition", "1.信访举报投诉类申请"), ("repeated", "2.重复申请"), ("publications", "3.要求提供公开出版物"),
        ("excessive", "4.无正当理由大量反复申请"), ("confirmation", "5.要求行政机关确认或重新出具已获取信息")]),
    ("other", "（六）其他处理", [
        ("overdue_correction", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
        ("overdue_fee", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
        ("other", "3.其他")]),
]
RESULTS_LABEL, TOTAL_LABEL = "三、本年度办理结果", "（七）总计"
NEW_LABEL, CARRIED_OVER_LABEL = "一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量"
FORWARD_LABEL = "四、结转下年度继续办理"

#: table 二: (key, label, counted fields)
PROACTIVE = [("rules", "规章", ("issued", "repealed", "in_force")),
             ("normative", "行政规范性文件", ("issued", "repealed", "in_force")),
             ("licensing", "行政许可", ("decisions",)), ("penalties", "行政处罚", ("decisions",)),
             ("coercion", "行政强制", ("decisions",)), ("fees", "行政事业性收费", ("amount",))]
COUNT_LABELS = {"issued": "本年制发件数", "repealed": "本年废止件数", "in_force": "现行有效件数",
                "decisions": "本年处理决定数量", "amount": "本年收费金额（单位：万元）"}

#: table 四
REVIEW_GROUPS = [("review", "行政复议"), ("litigation_direct", "未经复议直接起诉"),
                 ("litigation_after_review", "复议后起诉")]
OUTCOMES = [("upheld", "结果维持"), ("corrected", "结果纠正"), ("other", "其他结果"), ("pending", "尚未审结"),
            ("total", "总计")]


@dataclass
class Row:
    label: str
    values: list  # seven numbers, or empty for a heading row
    level: int = 0  # indentation: 0 top row, 1 （一）…, 2 1.…
    line: int = 0


@dataclass
class AnnualReport:
    proactive: dict = field(default_factory=dict)  # key -> {field: number}
    applications: list[Row] = field(default_factory=list)  # table 三, in national order
    review: dict = field(default_factory=dict)  # group -> {outcome: number}
    source: str = ""  # the data file


class _Reader(DataReader):
    """Reads the report's values, reporting each missing or mistyped one at its own line."""

    code = "report"

    def mapping(self, data, path: tuple) -> dict | None:
        value = _get(data, path)
        if value is None:
            self.error(path, f"缺少 {'.'.join(map(str, path))}（年度报告数据的键见 docs/editor.md）")
            return None
        if not isinstance(value, dict):
            self.error(path, f"{'.'.join(map(str, path))} 应为键值对")
            return None
        return value

    def number(self, data, path: tuple, integer: bool = True):
        value = _get(data, path)
        name = ".".join(map(str, path))
        ok = isinstance(value, int) if integer else isinstance(value, (int, float))
        if not_a_number(value):
            self.error(path, f"{name} 写的是“{self.lines.texts.get(path, value)}”，不是数字，请写一个非负数字")
            return None
        if isinstance(value, bool) or not ok or value < 0:
            kind = "非负整数" if integer else "非负数字"
            self.error(path, f"{name} 应为{kind}，实为“{'缺少' if value is None else value}”")
            return None
        return value

    def seven(self, data, path: tuple) -> list | None:
        value = _get(data, path)
        name = ".".join(map(str, path))
        if not (isinstance(value, list) and len(value) == 7
                and all(isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in value)):
            self.error(path, f"{name} 应为 7 个非负整数的列表 [{', '.join(APPLICANTS)}]")
            return None
        return value


def _get(data, path: tuple):
    for key in path:
        if not isinstance(data, dict) or key not in data:
            return None
        data = data[key]
    return data


def read(doc: Document, report: Report) -> AnnualReport | None:
    """The report's tables from its data file, with every arithmetic rule of the format checked."""
    if not isinstance(doc.data, dict):
        return None
    r = _Reader(doc, report)
    data = doc.data
    result = AnnualReport(source=r.where)
    for key, _label, counted in PROACTIVE:
        if r.mapping(data, ("proactive", key)) is not None:
            result.proactive[key] = {f: r.number(data, ("proactive", key, f), integer=(f != "amount"))
                                     for f in counted}
    result.applications = _applications(data, r)
    for group, label in REVIEW_GROUPS:
        if r.mapping(data, ("review_litigation", group)) is None:
            continue
        values = {o: r.number(data, ("review_litigation", group, o)) for o, _ in OUTCOMES}
        result.review[group] = values
        parts = [values[o] for o, _ in OUTCOMES[:4]]
        if None not in parts and values["total"] is not None and sum(parts) != values["total"]:
            r.error(("review_litigation", group, "total"),
                    f"四、{label} 的“总计”应为 {sum(parts)}（维持、纠正、其他、尚未审结之和），实为 {values['total']}")
    return result


def _applications(data, r: _Reader) -> list[Row]:
    rows: list[Row] = []

    def add(path: tuple, label: str, level: int, within: str = "") -> list | None:
        values = r.seven(data, ("applications",) + path)
        rows.append(Row(label, values or [], level, r.lines.line("applications", *path)))
        if values and sum(values[:6]) != values[6]:
            r.error(("applications",) + path,
                    f"{within}{label} 的“总计”列应为 {sum(values[:6])}（前六列之和），实为 {values[6]}")
        return values

    new = add(("new",), NEW_LABEL, 0)
    carried_over = add(("carried_over",), CARRIED_OVER_LABEL, 0)
    rows.append(Row(RESULTS_LABEL, [], 0, r.lines.line("applications", "results")))
    parts: list = []
    for key, label, children in RESULT_GROUPS:
        if not children:
            parts.append(add(("results", key), label, 1, RESULTS_LABEL + " "))
            continue
        rows.append(Row(label, [], 1, r.lines.line("applications", "results", key)))
        parts.extend(add(("results", key, child), child_label, 2, f"{RESULTS_LABEL} {label} ")
                     for child, child_label in children)
    total = add(("results", "total"), TOTAL_LABEL, 1, RESULTS_LABEL + " ")
    forward = add(("carried_forward",), FORWARD_LABEL, 0)
    if total and None not in parts:
        for c, name in enumerate(APPLICANTS):
            expected = sum(p[c] for p in parts)
            if expected != total[c]:
                r.error(("applications", "results", "total"),
                        f"{RESULTS_LABEL} {TOTAL_LABEL} 的“{name}”列应为 {expected}（各项之和），实为 {total[c]}")
    if new and carried_over and total and forward:
        for c, name in enumerate(APPLICANTS):
            received, done = new[c] + carried_over[c], total[c] + forward[c]
            if received != done:
                r.error(("applications", "carried_forward"),
                        f"“{name}”列：本年新收 + 上年结转 = {received}，而办理结果总计 + 结转下年度继续办理 = {done}，"
                        "两者应相等")
    return rows


def normative_counts(documents: list[Document], year: int) -> dict[str, int] | None:
    """行政规范性文件 issued, repealed and in force for `year`, computed from the site's own documents.

    issued: `written` in the year; repealed: 废止 with its end date in the year; in force:
    written by 31 December and not ended by then. A document's end date is its `expires`,
    else (废止 and 失效) the publication date of the document replacing it, else its own date.
    None when a document's dates could not be read: its own error says so, and counts without
    them would question figures that may be right.
    """
    year_end = f"{year}-12-31"
    counts = {"issued": 0, "repealed": 0, "in_force": 0}
    for doc in documents:
        if doc.meta.get("type") != "normative":
            continue
        if any(f"{key}:invalid" in doc.lines for key in ("written", "expires", "validity")):
            return None
        written = doc.meta.get("written")
        if not written:
            continue
        ended = end_date(doc)
        if ended == UNKNOWN:
            return None
        if written[:4] == str(year):
            counts["issued"] += 1
        if doc.meta.get("validity") == "废止" and ended and ended[:4] == str(year):
            counts["repealed"] += 1
        if written <= year_end and (ended is None or ended > year_end):
            counts["in_force"] += 1
    return counts


#: what `end_date` answers when a date it depends on could not be read
UNKNOWN = "unknown"


def end_date(doc: Document) -> str | None:
    """The date a normative document stopped (or will stop) being in force, `YYYY-MM-DD`; None while in force."""
    if doc.meta.get("expires"):
        return doc.meta["expires"]
    if doc.meta.get("validity") in ("废止", "失效"):
        dates = [d.meta.get("date") for d in doc.replaced_by] or [doc.meta.get("date")]
        return min(d[:10] for d in dates) if all(dates) else UNKNOWN
    return None


def compare_with_site(doc: Document, figures: AnnualReport, documents: list[Document], report: Report) -> None:
    """The report's 行政规范性文件 counts should agree with what the site itself publishes."""
    stated = figures.proactive.get("normative")
    year = doc.meta.get("fiscal_year")
    if not stated or not year:
        return
    computed = normative_counts(documents, year)
    if computed is None:
        return
    for key in ("issued", "repealed", "in_force"):
        if stated.get(key) is not None and stated[key] != computed[key]:
            report.warning(figures.source, doc.data_lines.line("proactive", "normative", key),
                           f"二、主动公开政府信息情况 行政规范性文件“{COUNT_LABELS[key]}”填的是 {stated[key]}，"
                           f"而本站规范性文件栏目按 {year} 年统计为 {computed[key]}（统计规则见 docs/editor.md），请核对",
                           "report-normative-count")


def check_site(site: Site, report: Report) -> None:
    for doc in site.of_type(TYPE.name):
        if isinstance(doc.figures, AnnualReport):
            compare_with_site(doc, doc.figures, site.documents, report)


def skeleton() -> str:
    """The data file of a new report: every row of the three tables, at zero (the sums then hold)."""
    zeros = "[0, 0, 0, 0, 0, 0, 0]"
    lines = ["# 政府信息公开工作年度报告数据（国办公开办函〔2021〕30号格式），数字都是 0，请按本年度实际填写",
             "proactive:                      # 二、主动公开政府信息情况"]
    lines += [f"  {key}: {{{', '.join(f'{f}: 0' for f in counted)}}}  # {label}" for key, label, counted in PROACTIVE]
    lines += ["applications:                   # 三、收到和处理政府信息公开申请情况；每行 7 个数："
              + "、".join(APPLICANTS), f"  new: {zeros}  # {NEW_LABEL}", f"  carried_over: {zeros}  # {CARRIED_OVER_LABEL}",
              f"  results:  # {RESULTS_LABEL}"]
    for key, label, children in RESULT_GROUPS:
        lines += [f"    {key}: {zeros}  # {label}"] if not children else [f"    {key}:  # {label}"] + [
            f"      {child}: {zeros}  # {child_label}" for child, child_label in children]
    lines += [f"    total: {zeros}  # {TOTAL_LABEL}", f"  carried_forward: {zeros}  # {FORWARD_LABEL}",
              "review_litigation:              # 四、政府信息公开行政复议、行政诉讼情况"]
    lines += [f"  {group}: {{{', '.join(f'{o}: 0' for o, _ in OUTCOMES)}}}  # {label}" for group, label in REVIEW_GROUPS]
    return "\n".join(lines) + "\n"


TYPE = DocType("report", "年度报告",
               column={"path": "zfxxgknb", "name": "政府信息公开年报", "column_type": "信息公开年报",
                       "description": "历年政府信息公开工作年度报告"},
               required=("fiscal_year", "data"), hints={"fiscal_year": "{last_year}   # 年度：年度报告报告的是上一年"},
               read_figures=read, check_site=check_site, interpretable=False,
               data_skeleton=skeleton, body_template="types/report.html")
