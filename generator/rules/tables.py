"""Table arithmetic: stated totals, row sums, 类/款/项 hierarchies, empty tables."""

from __future__ import annotations

from generator.derive.figures import stated_subtotals
from generator.model.report import EXPENDITURE_KINDS, FUND_KINDS, INCOME_SOURCES
from generator.money import ZERO
from generator.rules.engine import ERROR, WARNING, rule

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


LEVEL_BASIS = {3: "按类级合计", 5: "按款级明细合计", 7: "按项级明细合计"}


def printed(row, key: str, keys: tuple[str, ...]):
    """A row's figure as the table prints it: its stated 合计, else the sum of its columns."""
    if key != "total":
        return getattr(row, key)
    return row.total if row.total is not None else sum((getattr(row, k) for k in keys), ZERO)


def class_level(classified) -> tuple[dict[str, dict], str]:
    """The 类 figures of a classified table as printed (stated 类 rows where given, sums elsewhere), and
    which sum that is: a stated 合计 is compared with what is printed one level below it."""
    lei = {code: values for code, values in classified.rollups().items() if len(code) == 3}
    lei.update({ln.code: ln.values for ln in classified.details if len(ln.code) == 3})
    stated = any(len(code) == 3 for code in classified.stated)
    return lei, (LEVEL_BASIS[3] if stated else LEVEL_BASIS[7])


def total_row_findings(ctx, rule_id: str, name: str, zh: str, keys: tuple[str, ...]):
    """A table's stated 合计 row, column by column, against the sum of its 类 rows as printed."""
    stated = getattr(ctx.report.tables, name).total
    if stated is None:
        return
    lei, basis = class_level(getattr(ctx.figures, name))
    for key in ("total",) + keys:
        parts = [values.get(key, ZERO) for values in lei.values()]
        yield from ctx.compare(rule_id, f"{zh}合计行“{COLUMN_ZH[key]}”", getattr(stated, key, None), sum(parts, ZERO),
                               count_nonzero(parts) + 1, ("tables", name, "total", key), f"{zh} 合计 {COLUMN_ZH[key]}",
                               basis)


@rule("R-TOTAL-ROWS", ERROR, "合计行等于下一级（类级）合计，容差随舍入项数增长")
def total_rows(ctx):
    f = ctx.figures
    for name, keys in FUNCTION_TABLES.items():
        yield from total_row_findings(ctx, "R-TOTAL-ROWS", name, ctx.title(name), keys)
    for name in ("economic_general_budget", "economic_basic"):
        table = getattr(ctx.report.tables, name)
        econ = getattr(f, name)
        yield from ctx.compare(
            "R-TOTAL-ROWS", f"{ctx.title(name)}合计", table.total, econ.total,
            count_nonzero(ln["amount"] for ln in econ.lines if ln.level == "类") + 1, ("tables", name, "total"),
            f"{ctx.title(name)} 合计", LEVEL_BASIS[3])


def row_sum_findings(ctx, rule_id: str, name: str, zh: str, keys: tuple[str, ...]):
    """A row's stated 合计 against the sum of its columns (tables.<name>.rows)."""
    for i, row in enumerate(getattr(ctx.report.tables, name).rows):
        parts = [getattr(row, k) for k in keys]
        yield from ctx.compare(rule_id, f"{zh} {row.code} 行的合计", row.total, sum(parts, ZERO),
                               count_nonzero(parts) + 1, ("tables", name, "rows", i, "total"), f"{zh} {row.code}")


def printed_children(rows, i: int) -> list:
    """The rows printed one level below rows[i]: those under its code with no other entered row between."""
    code = rows[i].code
    under = [r for r in rows if r.code != code and r.code.startswith(code)]
    return [r for r in under if not any(o is not r and r.code.startswith(o.code) and len(o.code) < len(r.code)
                                        for o in under)]


def hierarchy_findings(ctx, rule_id: str, name: str, zh: str, keys: tuple[str, ...]):
    """Each stated 类/款 row against the sum of the rows printed one level below it, column by column and in
    its 合计 column (where the row states one)."""
    rows = getattr(ctx.report.tables, name).rows
    for i in sorted(stated_subtotals(rows)):
        row = rows[i]
        children = printed_children(rows, i)
        basis = LEVEL_BASIS.get(len(children[0].code), "按明细合计")
        for key in ("total",) + keys:
            if key == "total" and row.total is None:
                continue  # an unstated 合计 is printed as the sum of the row's columns (checked above)
            parts = [printed(r, key, keys) for r in children]
            yield from ctx.compare(rule_id, f"{zh} {row.code}“{COLUMN_ZH[key]}”", getattr(row, key), sum(parts, ZERO),
                                   count_nonzero(parts) + 1, ("tables", name, "rows", i, key), f"{zh} {row.code}",
                                   basis)


@rule("R-ROW-SUM", ERROR, "行内合计等于各列之和")
def row_sums(ctx):
    for name, keys in FUNCTION_TABLES.items():
        yield from row_sum_findings(ctx, "R-ROW-SUM", name, ctx.title(name), keys)


@rule("R-HIER-FUNC", ERROR, "功能分类 类＝Σ款、款＝Σ项，各列及合计列")
def function_hierarchy(ctx):
    for name, keys in FUNCTION_TABLES.items():
        yield from hierarchy_findings(ctx, "R-HIER-FUNC", name, ctx.title(name), keys)


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
                    "R-HIER-ECON", f"{ctx.title(name)} {row.code}", row.amount, sum(children, ZERO),
                    count_nonzero(children) + 1, ("tables", name, "rows", i, "amount"), f"{ctx.title(name)} {row.code}",
                    LEVEL_BASIS[5])


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
                                      f"{ctx.title(name)} {row.code}“{COLUMN_ZH[key]}”为空，但其明细不为零",
                                      ("tables", name, "rows", i, key))


@rule("R-EMPTY-TABLE", ERROR, "空表不含全零行或模板说明行")
def empty_table(ctx):
    for name in ("government_fund", "state_capital"):
        for i, row in enumerate(getattr(ctx.report.tables, name).rows):
            if not any(getattr(row, k) for k in FUND_KINDS) and not row.total:
                yield ctx.finding(
                    "R-EMPTY-TABLE",
                    f"{ctx.title(name)}第{i + 1}行全为零：没有支出时不填任何行，报告会自动加上“没有…安排的支出”的备注",
                    ("tables", name, "rows", i))
