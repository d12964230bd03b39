"""Table arithmetic: stated totals, row sums, 类/款/项 hierarchies, empty tables."""

from __future__ import annotations

from generator.derive.figures import stated_subtotals
from generator.model.report import EXPENDITURE_KINDS, FUND_KINDS, INCOME_SOURCES
from generator.money import ZERO
from generator.rules.engine import ERROR, WARNING, rule

TABLE_ZH = {
    "income": "收入预算总表", "expenditure": "支出预算总表", "general_budget": "一般公共预算拨款支出表",
    "government_fund": "政府性基金预算拨款支出表", "state_capital": "国有资本经营预算拨款支出表",
    "economic_general_budget": "一般公共预算支出经济分类表", "economic_basic": "一般公共预算基本支出经济分类表",
}
COLUMN_ZH = {
    "total": "合计", "general_budget": "一般公共预算拨款收入", "government_fund": "政府性基金预算拨款收入",
    "state_capital": "国有资本经营预算拨款收入", "special_account": "财政专户管理资金收入", "business": "事业收入",
    "operating": "经营收支", "superior_subsidy": "上级补助收入", "subordinate_remit": "附属单位上缴收入",
    "other": "其他收入", "carryover": "上年结转结余", "basic": "基本支出", "project": "项目支出",
    "remit_superior": "上缴上级支出", "subsidy_subordinate": "对附属单位补助支出", "amount": "预算数",
    "fiscal": "财政拨款收入",
    "transfer_general_budget": "上级转移支付（提前下达一般公共预算）",
    "transfer_government_fund": "上级转移支付（提前下达政府性基金预算）",
}
FUNCTION_TABLES = {
    "income": INCOME_SOURCES, "expenditure": EXPENDITURE_KINDS, "general_budget": FUND_KINDS,
    "government_fund": FUND_KINDS, "state_capital": FUND_KINDS,
}


def count_nonzero(values) -> int:
    return sum(1 for v in values if v)


@rule("R-TOTAL-ROWS", ERROR, "合计行等于明细之和")
def total_rows(ctx):
    f = ctx.figures
    for name, keys in FUNCTION_TABLES.items():
        table = getattr(ctx.report.tables, name)
        stated = table.total
        if stated is None:
            continue
        computed = getattr(f, name)
        for key in ("total",) + keys:
            value = getattr(stated, key, None)
            yield from ctx.compare(
                "R-TOTAL-ROWS", f"{TABLE_ZH[name]}合计行“{COLUMN_ZH[key]}”", value, computed.total[key],
                count_nonzero(ln[key] for ln in computed.details) + 1, ("tables", name, "total", key),
                f"{TABLE_ZH[name]} 合计 {COLUMN_ZH[key]}")
    for name in ("economic_general_budget", "economic_basic"):
        table = getattr(ctx.report.tables, name)
        econ = getattr(f, name)
        yield from ctx.compare(
            "R-TOTAL-ROWS", f"{TABLE_ZH[name]}合计", table.total, econ.total,
            count_nonzero(ln["amount"] for ln in econ.lines if ln.level == "类") + 1, ("tables", name, "total"),
            f"{TABLE_ZH[name]} 合计")


def row_sum_findings(ctx, rule_id: str, name: str, zh: str, keys: tuple[str, ...]):
    """A row's stated 合计 against the sum of its columns (tables.<name>.rows)."""
    for i, row in enumerate(getattr(ctx.report.tables, name).rows):
        parts = [getattr(row, k) for k in keys]
        yield from ctx.compare(rule_id, f"{zh} {row.code} 行的合计", row.total, sum(parts, ZERO),
                               count_nonzero(parts) + 1, ("tables", name, "rows", i, "total"), f"{zh} {row.code}")


def hierarchy_findings(ctx, rule_id: str, name: str, zh: str, keys: tuple[str, ...]):
    """Each stated 类/款 row against the sum of the rows one level below it, column by column."""
    rows = getattr(ctx.report.tables, name).rows
    for i in sorted(stated_subtotals(rows)):
        row = rows[i]
        children = [r for r in rows if r.code.startswith(row.code) and len(r.code) == len(row.code) + 2]
        for key in keys:
            parts = [getattr(r, key) for r in children]
            yield from ctx.compare(rule_id, f"{zh} {row.code}“{COLUMN_ZH[key]}”", getattr(row, key), sum(parts, ZERO),
                                   count_nonzero(parts) + 1, ("tables", name, "rows", i, key), f"{zh} {row.code}")


@rule("R-ROW-SUM", ERROR, "行内合计等于各列之和")
def row_sums(ctx):
    for name, keys in FUNCTION_TABLES.items():
        yield from row_sum_findings(ctx, "R-ROW-SUM", name, TABLE_ZH[name], keys)


@rule("R-HIER-FUNC", ERROR, "功能分类 类＝Σ款＝Σ项")
def function_hierarchy(ctx):
    for name, keys in FUNCTION_TABLES.items():
        yield from hierarchy_findings(ctx, "R-HIER-FUNC", name, TABLE_ZH[name], keys)


@rule("R-HIER-ECON", ERROR, "经济分类 类＝Σ款")
def economic_hierarchy(ctx):
    for name in ("economic_general_budget", "economic_basic"):
        rows = getattr(ctx.report.tables, name).rows
        for i, row in enumerate(rows):
            if len(row.code) != 3:
                continue
            children = [r.amount for r in rows if len(r.code) == 5 and r.code.startswith(row.code)]
            if children:
                yield from ctx.compare(
                    "R-HIER-ECON", f"{TABLE_ZH[name]} {row.code}", row.amount, sum(children, ZERO),
                    count_nonzero(children) + 1, ("tables", name, "rows", i, "amount"), f"{TABLE_ZH[name]} {row.code}")


@rule("R-BLANK-SUBTOTAL", WARNING, "零显示为空时，有非零明细的小计不能为空")
def blank_subtotal(ctx):
    if ctx.profile.zero != "":
        return
    for name, keys in FUNCTION_TABLES.items():
        rows = getattr(ctx.report.tables, name).rows
        for i in sorted(stated_subtotals(rows)):
            row = rows[i]
            for key in keys:
                children = [getattr(r, key) for r in rows if r != row and r.code.startswith(row.code)]
                if getattr(row, key) == 0 and any(children):
                    yield ctx.finding("R-BLANK-SUBTOTAL",
                                      f"{TABLE_ZH[name]} {row.code}“{COLUMN_ZH[key]}”为空，但其明细不为零",
                                      ("tables", name, "rows", i, key))


@rule("R-EMPTY-TABLE", ERROR, "空表不含全零行或模板说明行")
def empty_table(ctx):
    for name in ("government_fund", "state_capital"):
        for i, row in enumerate(getattr(ctx.report.tables, name).rows):
            if not any(getattr(row, k) for k in FUND_KINDS) and not row.total:
                yield ctx.finding(
                    "R-EMPTY-TABLE",
                    f"{TABLE_ZH[name]}第{i + 1}行全为零：没有支出时不填任何行，报告会自动加上“没有…安排的支出”的备注",
                    ("tables", name, "rows", i))
