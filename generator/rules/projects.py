"""Rules of the tables some profiles add (安徽): 项目支出表, 政府采购支出表, 政府购买服务支出表, 表1 income split."""

from __future__ import annotations

from generator.money import cents
from generator.rules.engine import ERROR, WARNING, rule


def _rows(ctx, key: str):
    """The rows of a declared table (安徽 项目支出表 …), or none where the profile has no such table."""
    data = ctx.tables.get(key)
    return data.details() if data is not None else []


@rule("R-CROSS-PROJ", ERROR, "项目支出表合计＝支出总表项目支出；本年＋结转财政拨款＝一般公共预算项目支出", kinds=("budget",))
def project_table(ctx):
    # the table's own arithmetic (row 合计, 合计 row) is R-TAB-ROW / R-TAB-HIER: it is a declared table
    if not _rows(ctx, "projects"):
        return
    f, shown = ctx.figures, ctx.figures.extra.projects.shown
    checks = (
        ("项目支出表合计", shown["total"], "支出预算总表项目支出", f.expenditure.shown["project"]),
        ("项目支出表本年财政拨款＋财政拨款结转结余（一般公共预算）",
         shown["general_budget"] + shown["carry_general_budget"], "一般公共预算支出表项目支出",
         f.general_budget.shown["project"]),
    )
    for left_zh, left, right_zh, right in checks:
        diff = cents(left) - cents(right)
        if diff:
            yield ctx.finding("R-CROSS-PROJ", f"{left_zh} {cents(left)} ≠ {right_zh} {cents(right)}，相差 {diff}",
                              ("tables", "projects"), expected=str(cents(right)), found=str(cents(left)))


@rule("R-CROSS-CARRY", ERROR, "项目支出表结转结余＝财政拨款收支总表上年结转；表1收支平衡", kinds=("budget",))
def carry(ctx):
    # the 表1 income lines' own sums (上年结转, 本年收入, 收入总计) are declared relations: R-TAB-ROW
    fiscal = ctx.figures.extra.fiscal
    if fiscal is None or not _rows(ctx, "projects"):
        return
    p = ctx.figures.extra.projects.total  # the rows' sums
    for key, zh in (("carry_general_budget", "一般公共预算"), ("carry_government_fund", "政府性基金预算")):
        carried, stated = p[key], fiscal[key.replace("carry_", "carryover_")]
        if cents(carried) != cents(stated):
            yield ctx.finding("R-CROSS-CARRY", f"项目支出表财政拨款结转结余（{zh}）{cents(carried)} ≠ 财政拨款收支总表"
                                               f"上年结转（{zh}拨款）{cents(stated)}", ("tables", "fiscal_income"),
                              expected=str(cents(stated)), found=str(cents(carried)))
    spent = ctx.figures.fiscal_expenditure_shown
    if cents(fiscal["total"]) != cents(spent):
        yield ctx.finding("R-CROSS-CARRY", f"财政拨款收支总表收入总计 {cents(fiscal['total'])} ≠ 支出总计 {cents(spent)}",
                          ("tables", "fiscal_income", "total"))


@rule("R-CROSS-PROC-TABLE", ERROR, "政府采购支出表按品类＝政府采购预算（货物、工程、服务）", kinds=("budget",))
def procurement_table(ctx):
    rows = _rows(ctx, "procurement")
    if not rows:
        return
    pr = ctx.figures.extra.procurement
    om = ctx.report.other_matters.procurement
    for kind, zh in (("goods", "货物"), ("works", "工程"), ("services", "服务")):
        if any(r.text.get("kind") for r in rows) and cents(pr.by_kind[kind]) != cents(getattr(om, kind)):
            yield ctx.finding("R-CROSS-PROC-TABLE", f"政府采购支出表中{zh}类项目合计 {cents(pr.by_kind[kind])} ≠ "
                                                    f"政府采购情况中的{zh}预算 {cents(getattr(om, kind))}",
                              ("other_matters", "procurement", kind))
    services = ctx.figures.extra.services_total
    if _rows(ctx, "services") and cents(services) > cents(pr.shown) + cents(om.services) and om.services:
        yield ctx.finding("R-CROSS-PROC-TABLE", f"政府购买服务支出 {cents(services)} 大于政府采购服务预算与采购合计",
                          ("tables", "services"))


@rule("R-PERF-PROJ", WARNING, "绩效目标表资金总额＝项目支出表中该项目的一行", kinds=("budget",))
def perf_in_project_table(ctx):
    rows = _rows(ctx, "projects")
    if not rows:
        return
    for i, project in enumerate(ctx.report.performance.projects):
        same = [r for r in rows if r.name == project.name]
        if not same:
            yield ctx.finding("R-PERF-PROJ", f"绩效目标表的项目“{project.name}”不在项目支出表中",
                              ("performance", "projects", i, "name"))
            continue
        totals = {cents(r["total"]) for r in same}
        if cents(project.funds.amount) not in totals:
            yield ctx.finding("R-PERF-PROJ", f"“{project.name}”绩效目标表资金总额 {cents(project.funds.amount)} 与项目支出表"
                                             f"中该项目的金额（{'、'.join(str(t) for t in sorted(totals))}）都不相等",
                              ("performance", "projects", i, "funds"))


@rule("R-PERF-DISCLOSE", WARNING, "500万元以上的项目逐项公开；没有时自选1–2个", kinds=("budget",))
def disclosed(ctx):
    perf = ctx.report.performance
    for i, d in enumerate(perf.disclosed):  # a project described in words is one of the 绩效目标表, in any format
        if not any(d.describes(p) for p in perf.projects):
            yield ctx.finding("S-REF", f"逐项说明的项目“{d.project}”{('（' + d.unit + '）') if d.unit else ''}"
                                       f"在绩效目标项目中找不到（名称须与绩效目标表一致）", ("performance", "disclosed", i, "project"))
    if "projects" not in {spec.key for spec in ctx.profile.tables}:
        return  # the 500万元 rule is a format's with a 项目支出表 (安徽)
    named = {(d.project, d.unit) for d in perf.disclosed}
    big = [p for p in perf.projects if p.funds.amount >= 500]
    for p in big:
        if (p.name, p.unit) not in named and (p.name, "") not in named:
            yield ctx.finding("R-PERF-DISCLOSE", f"项目“{p.name}”预算 {cents(p.funds.amount)} 万元，在500万元以上，应逐项公开"
                                                 f"项目情况及绩效目标表", ("performance", "disclosed"))
    if not big and perf.projects and not 1 <= len(perf.disclosed) <= 2:
        yield ctx.finding("R-PERF-DISCLOSE", f"没有500万元以上的项目时，应自选1–2个项目逐项公开，现为 {len(perf.disclosed)} 个",
                          ("performance", "disclosed"))


@rule("R-PERF-MONEY", ERROR, "逐项说明的年度预算安排＝该项目绩效目标表的资金总额", kinds=("budget",))
def disclosed_money(ctx):
    """A project described in words prints its 年度预算安排; stated apart from its 绩效目标表, the two may differ."""
    perf = ctx.report.performance
    for i, d in enumerate(perf.disclosed):
        if d.amount is None:
            continue  # the text prints the table's 资金总额
        same = [p for p in perf.projects if d.describes(p)]
        if same and cents(d.amount) not in {cents(p.funds.amount) for p in same}:
            table = cents(same[0].funds.amount)
            yield ctx.finding("R-PERF-MONEY", f"逐项说明中“{d.project}”的年度预算安排 {cents(d.amount)} 万元，绩效目标表资金总额为 "
                                              f"{table} 万元，相差 {cents(d.amount) - table}",
                              ("performance", "disclosed", i, "amount"), expected=str(table), found=str(cents(d.amount)))
