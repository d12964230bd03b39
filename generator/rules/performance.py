"""Rules of the 绩效目标表's own figures: the quarterly 资金投入计划 (shares or amounts) of a project."""

from __future__ import annotations

from decimal import Decimal

from generator.money import ZERO
from generator.rules.engine import ERROR, rule

HUNDRED = Decimal(100)


@rule("R-PERF-QUARTER-SHARE", ERROR, "资金投入计划各季度占比合计100%")
def plan_shares(ctx):
    for i, project in enumerate(ctx.report.performance.projects):
        plan = project.plan
        if plan is None or plan.shares is None:
            continue
        yield from ctx.compare("R-PERF-QUARTER-SHARE", f"“{project.name}”资金投入计划占比合计（%）", HUNDRED,
                               sum(plan.shares, ZERO), len(plan.shares) + 1,
                               ("performance", "projects", i, "plan", "shares"), basis="按各季度占比相加")


@rule("R-PERF-QUARTER-AMOUNT", ERROR, "资金投入计划各季度金额合计＝项目资金总额")
def plan_amounts(ctx):
    for i, project in enumerate(ctx.report.performance.projects):
        plan = project.plan
        if plan is None or plan.amounts is None:
            continue
        yield from ctx.compare("R-PERF-QUARTER-AMOUNT", f"“{project.name}”资金总额", project.funds.amount,
                               sum(plan.amounts, ZERO), len(plan.amounts) + 1,
                               ("performance", "projects", i, "plan", "amounts"), basis="按资金投入计划各季度金额相加")
