"""Rules of a final-accounts report (部门决算): table identities, balances, carry-over, completion, 自评.

The published 决算 tables round every cell from 元 on its own, so stated totals may differ from their
rows by a rounding tail: ctx.compare reports that as a warning and anything larger as an error.
"""

from __future__ import annotations

from decimal import Decimal

from generator.model.final import FINAL_INCOME_SOURCES
from generator.model.report import EXPENDITURE_KINDS, FUND_KINDS
from generator.money import ZERO, cents
from generator.rules.engine import ERROR, WARNING, rule, tolerance
from generator.rules.tables import COLUMN_ZH, count_nonzero, hierarchy_findings, row_sum_findings, total_row_findings

FINAL = ("final",)
TABLES = {  # key → (name, columns of a row)
    "income": ("收入决算表", FINAL_INCOME_SOURCES),
    "expenditure": ("支出决算表", EXPENDITURE_KINDS),
    "general_budget": ("一般公共预算财政拨款支出决算表", FUND_KINDS),
    "state_capital": ("国有资本经营预算财政拨款支出决算表", FUND_KINDS),
}


@rule("R-FA-TOTALS", ERROR, "决算表合计行、类/款小计行、行合计等于明细之和", FINAL)
def totals(ctx):
    f = ctx.figures
    for key, (zh, columns) in TABLES.items():
        yield from total_row_findings(ctx, "R-FA-TOTALS", key, zh, columns)
        yield from row_sum_findings(ctx, "R-FA-TOTALS", key, zh, columns)
        yield from hierarchy_findings(ctx, "R-FA-TOTALS", key, zh, columns)
    basic = ctx.report.tables.economic_basic
    for i, row in enumerate(basic.rows):
        children = [r.amount for r in basic.rows if len(r.code) == 5 and r.code.startswith(row.code)]
        if len(row.code) == 3 and children:
            yield from ctx.compare("R-FA-TOTALS", f"基本支出决算表 {row.code}", row.amount, sum(children, ZERO),
                                   count_nonzero(children) + 1, ("tables", "economic_basic", "rows", i, "amount"))
    for what, stated, computed, codes in (("人员经费合计", basic.stated.personnel, f.personnel_computed, ctx.profile.personnel_codes),
                                          ("公用经费合计", basic.stated.public, f.public_computed, ctx.profile.public_codes)):
        n = count_nonzero(ln["amount"] for ln in f.economic_basic.lines if ln.code[:3] in codes and ln.level == "款")
        yield from ctx.compare("R-FA-TOTALS", f"基本支出决算表{what}", stated, computed, n + 1,
                               ("tables", "economic_basic", "stated"))
    tp = ctx.report.tables.three_public
    three = f.three_public
    parts = [three.outbound, three.reception, three.vehicle_purchase, three.vehicle_operation]
    yield from ctx.compare("R-FA-TOTALS", "“三公”经费支出决算表合计", tp.total, three.total, count_nonzero(parts) + 1,
                           ("tables", "three_public", "total"))
    yield from ctx.compare("R-FA-TOTALS", "公务用车购置及运行维护费", tp.vehicle_total, three.vehicle,
                           count_nonzero(parts[2:]) + 1, ("tables", "three_public", "vehicle_total"))


@rule("R-FA-BALANCE", ERROR, "年初结转和结余＋本年收入＋使用非财政拨款结余＝本年支出＋结余分配＋年末结转和结余", FINAL)
def balance(ctx):
    f = ctx.figures
    s = ctx.report.tables.summary
    # 公开01 prints the 合计 rows of 公开02/03: as published, they must be the same figures.
    for key, stated, table in (("income_total", s.stated.income_total, f.income),
                               ("expenditure_total", s.stated.expenditure_total, f.expenditure)):
        if stated is not None and cents(stated) != cents(table.shown["total"]):
            yield ctx.finding("R-FA-BALANCE", f"收入支出决算总表“{'本年收入合计' if key == 'income_total' else '本年支出合计'}”"
                                              f" {cents(stated)} 与明细表合计 {cents(table.shown['total'])} 不一致",
                              ("tables", "summary", "stated", key))
    for label, balance, path in (("收入支出决算总表", f.summary, "summary"), ("财政拨款收入支出决算总表", f.fiscal, "fiscal_summary")):
        stated = getattr(ctx.report.tables, path).stated
        yield from ctx.compare("R-FA-BALANCE", f"{label} 收入方总计", stated.total, balance.income_side_computed, 3,
                               ("tables", path, "stated", "total"), label)
        yield from ctx.compare("R-FA-BALANCE", f"{label} 支出方总计", stated.total, balance.expenditure_side_computed, 3,
                               ("tables", path, "stated", "total"), label)
        if stated.total is None:
            yield from ctx.compare("R-FA-BALANCE", f"{label} 收入方总计与支出方总计", balance.income_side_computed,
                                   balance.expenditure_side_computed, 5, ("tables", path), label)
    fiscal_income = f.fiscal_income["total"]
    if cents(fiscal_income) != cents(f.income.shown["fiscal"]):
        yield ctx.finding("R-FA-BALANCE", f"财政拨款收入按预算类型之和 {cents(fiscal_income)} 与收入决算表财政拨款收入 "
                                          f"{cents(f.income.shown['fiscal'])} 不一致", ("tables", "summary", "fiscal_income"))


@rule("R-FA-CROSS", ERROR, "决算表之间：逐科目一般公共预算 ≤ 全部支出；基本支出＝人员经费＋公用经费", FINAL)
def cross(ctx):
    f = ctx.figures
    spent = {ln.code: ln for ln in f.expenditure.lines()}
    for ln in f.general_budget.lines(("项",)):
        all_funds = spent.get(ln.code)
        for col in ("basic", "project"):
            have = all_funds[col] if all_funds else ZERO
            if cents(ln[col]) > cents(have):
                yield ctx.finding("R-FA-CROSS", f"科目 {ln.code}“{COLUMN_ZH[col]}”：一般公共预算财政拨款 {cents(ln[col])} "
                                                f"大于支出决算表的 {cents(have)}",
                                  ("tables", "general_budget", "rows", ln.index, col))
    yield from ctx.compare("R-FA-CROSS", "一般公共预算财政拨款基本支出（人员经费＋公用经费）",
                           f.general_budget.shown["basic"], f.personnel + f.public, 3,
                           ("tables", "economic_basic", "stated"), "基本支出决算表")


@rule("R-FA-CARRY-CHAIN", WARNING, "本年年初结转和结余＝上年年末结转和结余", FINAL)
def carry_chain(ctx):
    prev = ctx.report.explanations.previous
    s = ctx.report.tables.summary
    if prev.total is not None and prev.expenditure_total is not None:
        closing = prev.total - prev.expenditure_total
        if cents(closing) != cents(s.opening_balance):
            yield ctx.finding("R-FA-CARRY-CHAIN",
                              f"年初结转和结余 {cents(s.opening_balance)} ≠ 上年总计 {cents(prev.total)} − 上年支出 "
                              f"{cents(prev.expenditure_total)} = {cents(closing)}", ("tables", "summary", "opening_balance"))
    spent = [prev.general_budget_total, prev.government_fund_total, prev.state_capital_total]
    if prev.fiscal_total is not None and all(v is not None for v in spent):
        closing = prev.fiscal_total - sum(spent, ZERO)
        opening = ctx.figures.fiscal_opening["total"]
        if cents(closing) != cents(opening):
            yield ctx.finding("R-FA-CARRY-CHAIN",
                              f"年初财政拨款结转和结余 {cents(opening)} ≠ 上年财政拨款总计 {cents(prev.fiscal_total)} − "
                              f"上年财政拨款支出 {cents(sum(spent, ZERO))} = {cents(closing)}",
                              ("tables", "fiscal_summary", "opening"))


@rule("R-FA-NONFISCAL", WARNING, "非财政拨款：年初＋收入−支出＝年末", FINAL)
def non_fiscal(ctx):
    f = ctx.figures
    s = ctx.report.tables.summary
    opening = s.opening_balance - f.fiscal_opening["total"]
    income = f.income.total["total"] - f.income.total["fiscal"]
    spent = f.expenditure.total["total"] - f.fiscal_expenditure["total"]
    closing = s.closing_balance - f.fiscal_closing["total"]
    expected = opening + income + s.use_non_fiscal_balance - spent - s.distribution
    diff = cents(closing) - cents(expected)
    if abs(diff) > tolerance(6):
        yield ctx.finding("R-FA-NONFISCAL",
                          f"非财政拨款年末结转和结余 {cents(closing)} ≠ 年初 {cents(opening)} ＋ 收入 {cents(income)} − 支出 "
                          f"{cents(spent)} = {cents(expected)}（相差 {diff}）", ("tables", "summary", "closing_balance"))


@rule("R-FA-GF", ERROR, "政府性基金决算表：年末＝年初＋本年收入−本年支出", FINAL)
def government_fund(ctx):
    for i, row in enumerate(ctx.report.tables.government_fund.rows):
        expected = row.opening + row.income - row.spent
        yield from ctx.compare("R-FA-GF", f"政府性基金决算表 {row.code} 年末结转和结余", row.closing, expected, 4,
                               ("tables", "government_fund", "rows", i, "closing"))


@rule("R-FA-COMPLETION", WARNING, "“三公”经费决算不超过全年预算", FINAL)
def completion(ctx):
    budget = ctx.report.explanations.budget.three_public
    if budget is None:
        return
    tp = ctx.figures.three_public
    for key, zh in (("outbound", "因公出国（境）费"), ("reception", "公务接待费"), ("vehicle_purchase", "公务用车购置费"),
                    ("vehicle_operation", "公务用车运行维护费")):
        actual, planned = getattr(tp, key), getattr(budget, key)
        if cents(actual) > cents(planned):
            yield ctx.finding("R-FA-COMPLETION", f"{zh}决算 {cents(actual)} 超过全年预算 {cents(planned)}"
                                                 + ("（未安排预算，完成率无从计算）" if planned == 0 else ""),
                              ("explanations", "budget", "three_public", key))


@rule("R-ASSET-VEHICLE", WARNING, "公务用车保有量不超过车辆总数", FINAL)
def vehicles(ctx):
    held = ctx.report.explanations.three_public_facts.vehicles_held
    total = ctx.report.other_matters.assets.vehicles.total
    if held > total:
        yield ctx.finding("R-ASSET-VEHICLE", f"公务用车保有量 {held} 辆多于国有资产中的车辆总数 {total} 辆",
                          ("explanations", "three_public_facts", "vehicles_held"))


@rule("R-PERF-RATE", WARNING, "自评表全年执行数不超过全年预算数", FINAL)
def perf_rate(ctx):
    for i, project in enumerate(ctx.report.performance.projects):
        for key, zh in (("fiscal", "当年财政拨款"), ("other", "其他资金"), ("carryover", "上年结转资金")):
            line = getattr(project.funds, key)
            if cents(line.executed) > cents(line.full_year):
                yield ctx.finding("R-PERF-RATE", f"“{project.name}”{zh}全年执行数 {cents(line.executed)} 大于全年预算数 "
                                                 f"{cents(line.full_year)}（执行率超过100%）",
                                  ("performance", "projects", i, "funds", key))


@rule("R-PERF-SCORE", WARNING, "自评表分值合计100，得分不超过分值", FINAL)
def perf_score(ctx):
    for i, ev in enumerate(ctx.figures.evaluations):
        name = ev.project.name
        if ev.weight != Decimal(100):
            yield ctx.finding("R-PERF-SCORE", f"“{name}”资金分值与各指标分值合计为 {ev.weight}，应为100",
                              ("performance", "projects", i, "indicators"))
        parts = [("资金", ev.project.funds.weight, ev.project.funds.score, ("funds", "score"))]
        parts += [(ind.name, ind.weight, ind.score, ("indicators", j, "score")) for j, ind in enumerate(ev.project.indicators)]
        for label, weight, score, path in parts:
            if score > weight:
                yield ctx.finding("R-PERF-SCORE", f"“{name}”{label}得分 {score} 超过分值 {weight}",
                                  ("performance", "projects", i) + path)


@rule("R-PERF-TEXT", WARNING, "自评表每个问题都有改进建议", FINAL)
def perf_text(ctx):
    for i, project in enumerate(ctx.report.performance.projects):
        if not project.problems:
            yield ctx.finding("R-PERF-TEXT", f"“{project.name}”没有填写问题与建议", ("performance", "projects", i))
        for j, pr in enumerate(project.problems):
            if pr.problem.strip() == pr.suggestion.strip():
                yield ctx.finding("R-PERF-TEXT", f"“{project.name}”第{j + 1}条的改进建议与存在问题相同",
                                  ("performance", "projects", i, "problems", j))


