"""Checks on the built report: every number in the prose agrees with the tables and the formulas.

The prose is generated from the same figures as the tables, so these hold by construction for the
shipped templates; they guard against a city's template override that prints the wrong figure.
"""

from __future__ import annotations

import re
from decimal import Decimal

from generator.inputs.locations import Location
from generator.money import cents, percent
from generator.report.tree import Document, Heading, Paragraph, Table
from generator.rules.engine import ERROR, INFO, WARNING, Finding, rule, tolerance

AMOUNT = r"(\d[\d,]*\.\d\d)"
# 福建 `比上年增加…，增长6.27%`, 决算 `较上年决算数…`; 安徽 `比2023年预算增加…，增长4.33%` with whole amounts
# trimmed (183万元, 100%)
FIGURE = r"(\d[\d,]*(?:\.\d\d)?)"
CHANGE_RE = re.compile(FIGURE + r"万元，(?:比|较)(?:上年(?:决算数)?|\d{4}年预算)(增加|减少)" + FIGURE
                       + r"万元，(增长|下降)(\d+(?:\.\d\d)?)%")
WORDING_RE = re.compile(r"(增加)[\d,.]+万元，(下降)|(减少)[\d,.]+万元，(增长)")
ITEM_RE = re.compile(r"(\d{7})-\D+?" + AMOUNT + r"万元")
PROSE_AMOUNT_RE = re.compile(AMOUNT + r"万元")
SHARE_RE = re.compile(r"占[^，。；]*?(\d+\.\d\d)%")
DOC_KINDS = ("document",)
THREE_PUBLIC_SECTIONS = ("因公出国（境）经费", "公务接待费", "公务用车购置及运行费")  # headings, numbering aside

for _id, _sev, _title in (
    ("R-NARR-TOTAL", ERROR, "正文中的金额都来自表中或上年数"),
    ("R-NARR-ITEM", ERROR, "正文项级科目金额＝一般公共预算表"),
    ("R-NARR-PCT", WARNING, "增减百分比按上年数计算"),
    ("R-NARR-WORDING", WARNING, "增加对应增长，减少对应下降"),
    ("R-NARR-SPLIT", ERROR, "正文基本支出＝人员经费＋公用经费"),
    ("R-NARR-3GONG", ERROR, "正文三公金额＝三公表"),
    ("R-NARR-CONSIST", WARNING, "同一数字在正文中一致"),
    ("R-NARR-SUM", ERROR, "正文列举之和＝所列总数"),
    ("R-NARR-SHARE", WARNING, "占比＝部分÷总数"),
    ("R-NARR-SHARE-SUM", INFO, "同一句列举的占比各自按部分÷合计四舍五入，不凑整"),
    ("R-NARR-COUNT", ERROR, "正文中的绩效项目个数＝绩效目标表（自评表）个数"),
):
    rule(_id, _sev, _title, kinds=DOC_KINDS)(lambda ctx: ())


def _num(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def _paragraphs(doc: Document):
    """(section, text) of the generated explanations. Parts the officer writes in words (部门概况,
    附件) may cite any figure, so only a part titled …情况说明 is checked when the document has one."""
    section, part = "", ""
    explained = any(isinstance(b, Heading) and b.level == 1 and "情况说明" in b.text for b in doc.blocks)
    for block in doc.blocks:
        if isinstance(block, Heading):
            section = block.text
            if block.level == 1:
                part = block.text
        elif isinstance(block, Paragraph) and (not explained or "情况说明" in part):
            yield section, block.text


def _finding(rule_id, severity, message, section, text) -> Finding:
    return Finding(rule_id, severity, message, Location("报告正文", cell=f"{section}"), where=text[:40])


def _figures(figures, report) -> set[Decimal]:
    """Amounts the prose may print besides table cells: changes, last year's figures, splits, other matters."""
    known = {cents(c.amount) for c in figures.changes.values()} | {cents(c.previous) for c in figures.changes.values()}
    known |= {cents(figures.personnel), cents(figures.public), cents(figures.three_public.vehicle)}
    for name in ("project_funds", "evaluation_funds", "three_public_total"):
        if hasattr(figures, name):
            known.add(cents(getattr(figures, name)))
    om = report.other_matters
    pr = om.procurement
    known |= {cents(om.operating_costs.amount), cents(pr.goods), cents(pr.works), cents(pr.services),
              cents(pr.goods + pr.works + pr.services)}
    for value in getattr(figures, "procurement", {}).values():
        if value is not None:
            known.add(cents(value))
    for balance in (getattr(figures, "summary", None), getattr(figures, "fiscal", None)):
        if balance is not None:
            known |= {cents(balance.income), cents(balance.expenditure), cents(balance.income_side),
                      cents(balance.expenditure_side)}
    for explained in getattr(figures, "explained", {}).values():  # a 项 explained in parts (each checked)
        known |= {cents(part.amount) for part in explained.parts}
    for note in getattr(figures, "notes", []):  # projects described in words (checked: R-EXPL-*)
        known |= {cents(note.amount)} | {cents(value) for _, value in note.funds}
    extra = getattr(figures, "extra", None)
    if extra is not None:  # figures of the 安徽 tables and their explanations
        known |= {cents(extra.current_income), cents(extra.carryover), cents(extra.services_total),
                  cents(extra.procurement.shown)}
        known |= {cents(v) for v in extra.projects.shown.values()}
        known |= {cents(v) for v in extra.procurement.total.values()}
    return known


LISTED_SHARE_RE = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*万元，占\s*(\d+(?:\.\d+)?)\s*%")


def _listed_shares(section: str, text: str) -> list[Finding]:
    """Shares listed in one sentence that cover the whole (they add up to about 100%): each must be its part
    ÷ the parts' sum, rounded on its own. A share bent so that the list adds up to exactly 100 is reported."""
    out = []
    for sentence in re.split(r"。", text):
        pairs = [(_num(a), Decimal(p)) for a, p in LISTED_SHARE_RE.findall(sentence)]
        total = sum((a for a, _ in pairs), Decimal(0))
        if len(pairs) < 2 or not total or abs(sum(p for _, p in pairs) - 100) > 1:
            continue
        for amount, share in pairs:
            places = -share.as_tuple().exponent
            expected = (amount / total * 100).quantize(Decimal(1).scaleb(-places), rounding="ROUND_HALF_UP")
            if expected != share:
                out.append(_finding("R-NARR-SHARE-SUM", INFO, f"占比 {share}%：{amount} ÷ {total} 应为 {expected}%"
                                                              f"（列举的占比被凑成合计 100%？）", section, sentence))
    return out


def check_document(doc: Document, figures, report) -> list[Finding]:
    out: list[Finding] = []
    cells: set[Decimal] = set()
    titles: dict[str, str] = {}  # table key → its caption as this report prints it (messages name tables so)
    for block in doc.blocks:
        if isinstance(block, Table):
            titles.setdefault(block.key, block.caption)
            for row in block.body:
                for cell in row:
                    if re.fullmatch(r"[\d,]+\.\d\d", cell.text):
                        cells.add(_num(cell.text))
    known = cells | _figures(figures, report) | set(getattr(doc, "quoted", ()))
    gpb = {ln.code: cents(ln["total"]) for ln in figures.general_budget.details}
    seen: dict[str, Decimal] = {}
    splits: list[dict] = []  # one per 基本支出 figure, with the 人员经费/公用经费 printed after it
    last_section = None
    for section, text in _paragraphs(doc):
        if section != last_section and splits and not splits[-1].get("closed"):
            splits[-1]["closed"] = True  # a new heading ends the statement of a split
        last_section = section
        for m in PROSE_AMOUNT_RE.finditer(text):
            if _num(m.group(1)) not in known:
                out.append(_finding("R-NARR-TOTAL", ERROR, f"正文金额 {m.group(1)} 万元在表中和上年数中都找不到", section, text))
        for m in ITEM_RE.finditer(text):
            code, amount = m.group(1), _num(m.group(2))
            if code in gpb and gpb[code] != amount:
                out.append(_finding("R-NARR-ITEM", ERROR, f"正文 {code} 为 {amount} 万元，{titles.get('general_budget') or '一般公共预算表'}为 {gpb[code]} 万元",
                                    section, text))
        for m in CHANGE_RE.finditer(text):
            current, direction, delta, rate = _num(m.group(1)), m.group(2), _num(m.group(3)), _num(m.group(5))
            previous = current - delta if direction == "增加" else current + delta
            expected = percent(delta, previous) if previous else None
            if expected is not None and cents(expected) != cents(rate):
                out.append(_finding("R-NARR-PCT", WARNING, f"“{m.group(0)}”：按上年数 {previous} 计算应为 {expected}%",
                                    section, text))
        if WORDING_RE.search(text):
            out.append(_finding("R-NARR-WORDING", WARNING, "增减用词不一致（增加…下降／减少…增长）", section, text))
        _split_figures(text, section, splits)
        for key, value in (("一般公共预算拨款支出", figures.general_budget.shown["total"]),
                           ("收入预算为", figures.income.shown["total"]), ("相应安排支出预算", figures.expenditure.shown["total"])):
            m = re.search(key + AMOUNT + "万元", text)
            if m:
                seen_value = _num(m.group(1))
                if key in seen and seen[key] != seen_value:
                    out.append(_finding("R-NARR-CONSIST", WARNING, f"“{key}”前后不一致：{seen[key]} 与 {seen_value}", section, text))
                seen.setdefault(key, seen_value)
                if seen_value != cents(value):
                    out.append(_finding("R-NARR-SUM", ERROR, f"“{key}{seen_value}万元”与表中合计 {cents(value)} 不一致",
                                        section, text))
        if _unnumbered(section) in THREE_PUBLIC_SECTIONS:
            for m in re.finditer(r"预算安排" + AMOUNT + "万元", text):
                tp = figures.three_public
                if _num(m.group(1)) not in {cents(tp.outbound), cents(tp.reception), cents(tp.vehicle)}:
                    out.append(_finding("R-NARR-3GONG", ERROR, f"三公说明中的 {m.group(1)} 万元与{titles.get('three_public') or '三公表'}不一致", section, text))
        for m in SHARE_RE.finditer(text):
            if Decimal(m.group(1)) > 100:
                out.append(_finding("R-NARR-SHARE", WARNING, f"占比 {m.group(1)}% 超过 100%", section, text))
        out += _listed_shares(section, text)
        out += _project_counts(section, text, report)
    out += _split_findings(splits, figures)
    return out


def _split_findings(splits: list[dict], figures) -> list[Finding]:
    """R-NARR-SPLIT: each 基本支出 the text splits into 人员经费 ＋ 公用经费 adds up. Where the text prints the
    tables' own cells, a tail between them is the tables' (R-CROSS-BASIC / R-FA-CROSS report it); otherwise a
    tail within the rounding tolerance of the three figures is a warning, more is an error."""
    cells = {figures.general_budget.total["basic"], figures.general_budget.shown["basic"]}
    cells = {cents(c) for c in cells}
    out = []
    for split in splits:
        if not {"基本支出", "人员经费", "公用经费"} <= split.keys():
            continue
        basic, personnel, public = split["基本支出"], split["人员经费"], split["公用经费"]
        diff = basic - personnel - public
        if not diff:
            continue
        if basic in cells and personnel == cents(figures.personnel) and public == cents(figures.public):
            continue
        severity = WARNING if abs(diff) <= tolerance(3) else ERROR
        out.append(_finding("R-NARR-SPLIT", severity, f"正文基本支出 {basic} ≠ 人员经费 {personnel} ＋ 公用经费 {public}，"
                                                      f"相差 {diff}", split["section"], split["text"]))
    return out


# the counts a sentence about performance prints, by what it counts (the officer's own "等6个项目…" is not one)
COUNT_RE = re.compile(r"(\d+)个项目(?:的)?(绩效目标|实行了绩效目标管理|实施单位自评|实施部门评价)|选择(\d+)个项目公开")


def _project_counts(section: str, text: str, report) -> list[Finding]:
    """R-NARR-COUNT: a count of projects in the text against the tables it counts: the 绩效目标表 (预算), the
    自评表 and the graded ones (决算), the projects described one by one (安徽)."""
    perf = getattr(report, "performance", None)
    projects = list(getattr(perf, "projects", []) or [])
    stated = getattr(getattr(getattr(report, "explanations", None), "counts", None), "projects_with_targets", None)
    targets = (len(projects), "绩效目标表") if stated is None else (stated, "填报的设置绩效目标的项目个数")
    counts = {
        "绩效目标": targets, "实行了绩效目标管理": targets,
        "实施单位自评": (len(projects), "项目支出绩效自评表"),
        "实施部门评价": (sum(1 for p in projects if getattr(p, "department_grade", "")), "有部门评价等次的项目"),
        "公开": (len(getattr(perf, "disclosed", []) or []), "逐项公开的项目"),
    }
    out = []
    for m in COUNT_RE.finditer(text):
        stated, what = (int(m.group(1)), m.group(2)) if m.group(1) else (int(m.group(3)), "公开")
        expected, zh = counts[what]
        if stated != expected:
            out.append(_finding("R-NARR-COUNT", ERROR, f"正文“{m.group(0)}”为 {stated} 个，{zh}有 {expected} 个",
                                section, text))
    return out


SPLIT_RE = re.compile(r"(基本支出|人员经费|公用经费)" + FIGURE + "万元")


def _split_figures(text: str, section: str, splits: list[dict]) -> None:
    """Follow the figures a sentence prints, wherever the template puts them: a 基本支出 figure opens a
    statement, the 人员经费 and 公用经费 printed after it under the same heading complete it."""
    for m in SPLIT_RE.finditer(text):
        label, value = m.group(1), _num(m.group(2))
        if label == "基本支出":
            splits.append({"基本支出": value, "section": section, "text": text})
        elif splits and not splits[-1].get("closed"):
            splits[-1].setdefault(label, value)


NUMBERING_RE = re.compile(r"^\s*[（(]?[一二三四五六七八九十百\d]+[)）、.．]\s*")


def _unnumbered(section: str) -> str:
    """A heading without its numbering: （一）因公出国（境）经费 → 因公出国（境）经费."""
    return NUMBERING_RE.sub("", section)
