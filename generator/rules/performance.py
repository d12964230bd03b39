"""Rules of the 绩效目标表's own figures: quarterly 资金投入计划 (shares or amounts) of a project or of a line of
the 部门整体支出绩效目标表, and that table's money against its 合计 and against the budget tables."""

from __future__ import annotations

from decimal import Decimal

from generator.money import ZERO
from generator.rules.engine import ERROR, rule

HUNDRED = Decimal(100)


@rule("R-PERF-QUARTER-SHARE", ERROR, "资金投入计划各季度占比合计100%")
def plan_shares(ctx):
    for what, called, plan, _, path in _plans(ctx):
        if plan.shares is not None:
            yield from ctx.compare("R-PERF-QUARTER-SHARE", f"{what}{called}占比合计（%）", HUNDRED,
                                   sum(plan.shares, ZERO), len(plan.shares) + 1, path + ("shares",), basis="按各季度占比相加")


@rule("R-PERF-QUARTER-AMOUNT", ERROR, "资金投入计划各季度金额合计＝项目资金总额")
def plan_amounts(ctx):
    for what, called, plan, amount, path in _plans(ctx):
        if plan.amounts is not None:
            yield from ctx.compare("R-PERF-QUARTER-AMOUNT", f"{what}资金总额", amount, sum(plan.amounts, ZERO),
                                   len(plan.amounts) + 1, path + ("amounts",), basis=f"按{called}各季度金额相加")


def _plans(ctx):
    """(what, what its plan is called, plan, the amount it plans, path) of every project and every 整体支出
    line with a 投入计划: the two quarterly checks read them alike."""
    for i, project in enumerate(ctx.report.performance.projects):
        if project.plan is not None:
            yield (f"“{project.name}”", "资金投入计划", project.plan, project.funds.amount,
                   ("performance", "projects", i, "plan"))
    for what, plan, amount, path in _overall_plans(ctx):
        yield what, "投入计划", plan, amount, path


LINES_ZH = {"personnel": "人员支出", "public": "公用支出", "special": "部门专项", "development": "发展经费",
            "construction": "基建项目"}
OVERALL = ("performance", "overall")


def _overall_plans(ctx):
    """(what, plan, amount, path) of every 整体支出 line with a 投入计划."""
    overall = ctx.report.performance.overall
    if overall is None:
        return
    for key, zh in {**LINES_ZH, "total": "合计"}.items():
        line = overall.sum_line if key == "total" else getattr(overall, key)
        if line.plan is not None:
            yield f"整体支出绩效目标表{zh}", line.plan, line.total, OVERALL + (key, "plan")


@rule("R-PERF-OVERALL-SUM", ERROR, "整体支出绩效目标表：合计＝人员支出＋公用支出＋部门专项＋发展经费＋基建项目")
def overall_sum(ctx):
    overall = ctx.report.performance.overall
    if overall is None or overall.total is None:
        return
    for column, zh in (("total", "资金总额"), ("fiscal", "财政资金")):
        parts = [getattr(getattr(overall, k), column) for k in LINES_ZH]
        yield from ctx.compare("R-PERF-OVERALL-SUM", f"整体支出绩效目标表合计{zh}", getattr(overall.total, column),
                               sum(parts, ZERO), sum(1 for p in parts if p) + 1, OVERALL + ("total", column))


@rule("R-PERF-OVERALL-TABLES", ERROR, "整体支出绩效目标表：人员＋公用＝基本支出，部门专项＋发展经费＝项目支出（资金总额对支出总表，财政资金对财政拨款支出表）")
def overall_tables(ctx):
    overall = ctx.report.performance.overall
    if overall is None:
        return
    f = ctx.figures
    fiscal = [f.general_budget, f.government_fund, f.state_capital]
    for kind, keys, zh in (("basic", ("personnel", "public"), "基本支出"), ("project", ("special", "development"), "项目支出")):
        names = "＋".join(LINES_ZH[k] for k in keys)
        checks = (("total", "资金总额", f.expenditure.shown[kind], "支出预算总表"),
                  ("fiscal", "财政资金", sum((t.shown[kind] for t in fiscal), ZERO), "财政拨款支出表"))
        for column, czh, table, tzh in checks:
            parts = [getattr(getattr(overall, k), column) for k in keys]
            yield from ctx.compare("R-PERF-OVERALL-TABLES", f"{tzh}{zh}", table, sum(parts, ZERO), len(parts) + 1,
                                   OVERALL + (keys[0], column), basis=f"按整体支出绩效目标表{names}（{czh}）")
