"""Cross-table identities of a budget: balances, per-code agreement, 基本支出 splits, 三公, codes."""

from __future__ import annotations

import re

from generator.catalog import parent_codes
from generator.model.report import FISCAL_SOURCES, FUND_KINDS
from generator.money import ZERO, cents
from generator.rules.engine import ERROR, INFO, WARNING, rule, tolerance
from generator.rules.tables import COLUMN_ZH, FUNCTION_TABLES


def _mismatch(ctx, rule_id, what, left_name, left, right_name, right, path=()):
    if cents(left) != cents(right):
        yield ctx.finding(rule_id, f"{what}：{left_name} {cents(left)} ≠ {right_name} {cents(right)}，"
                                   f"相差 {cents(left) - cents(right)}", path,
                          expected=str(cents(right)), found=str(cents(left)))


def _beyond_tail(stated, computed, details, key) -> bool:
    return abs(cents(stated) - cents(computed)) > tolerance(sum(1 for ln in details if ln[key]) + 1)


@rule("R-CROSS-BALANCE", ERROR, "收支总表收入合计＝支出合计")
def balance(ctx):
    f = ctx.figures
    yield from _mismatch(ctx, "R-CROSS-BALANCE", "收支预算总表收支不平衡", "收入合计", f.income.total["total"],
                         "支出合计", f.expenditure.total["total"], ("tables", "income"))
    yield from _mismatch(ctx, "R-CROSS-BALANCE", "财政拨款收支预算总表收支不平衡", "财政拨款收入", f.fiscal_income,
                         "财政拨款支出", f.fiscal_expenditure, ("tables", "general_budget"))


@rule("R-CROSS-INCOME", ERROR, "收入总表各来源合计＝收支总表收入行")
def income_lines(ctx):
    # The 收支总表 income lines are drawn from the 收入总表 合计 row; a stated 合计 that disagrees is
    # therefore a disagreement between the two published tables.
    stated = ctx.report.tables.income.total
    if stated is None:
        return
    f = ctx.figures
    for key in FISCAL_SOURCES + ("other", "carryover", "business"):
        value = getattr(stated, key)
        # a rounding tail between the stated 合计 and the rows is R-TOTAL-ROWS's warning (the 收支总表 then
        # prints the stated figure); more than a tail means the two published tables disagree
        if value is not None and _beyond_tail(value, f.income.total[key], f.income.details, key):
            yield ctx.finding("R-CROSS-INCOME",
                              f"{ctx.title('income')}合计行与收支预算总表收入项不一致（{COLUMN_ZH[key]}）：{cents(value)} ≠ "
                              f"{cents(f.income.total[key])}", ("tables", "income", "total", key))


@rule("R-CROSS-EXP", ERROR, "支出总表合计＝收支总表支出合计")
def expenditure_total(ctx):
    stated = ctx.report.tables.expenditure.total
    f = ctx.figures
    if stated is not None and stated.total is not None and _beyond_tail(
            stated.total, f.expenditure.total["total"], f.expenditure.details, "total"):
        yield from _mismatch(ctx, "R-CROSS-EXP", "支出预算总表合计与收支预算总表支出合计不一致", "支出预算总表合计",
                             stated.total, "收支预算总表支出合计", f.expenditure.total["total"],
                             ("tables", "expenditure", "total", "total"))
    parts = f.expenditure.total["basic"] + f.expenditure.total["project"] + f.expenditure.total["operating"] \
        + f.expenditure.total["remit_superior"] + f.expenditure.total["subsidy_subordinate"]
    yield from _mismatch(ctx, "R-CROSS-EXP", "支出合计与基本支出、项目支出等之和不一致", "支出合计",
                         f.expenditure.total["total"], "分项之和", parts, ("tables", "expenditure"))


@rule("R-CROSS-FUNC-CLASS", ERROR, "收支总表各类支出＝同口径各项之和")
def function_classes(ctx):
    # Category lines are derived per fund scope; this checks that the income table's per-code
    # totals and the expenditure table agree class by class (an all-funds class line is printed
    # from 支出总表, a fiscal class line from the fiscal tables).
    f = ctx.figures
    for line in f.categories:
        if line.fiscal > line.all_funds:
            yield ctx.finding("R-CROSS-FUNC-CLASS",
                              f"“{line.name}”财政拨款支出 {cents(line.fiscal)} 大于全部资金支出 {cents(line.all_funds)}",
                              ("tables", "general_budget"))
    for lei in sorted({ln.code[:3] for ln in f.income.details} | {ln.code[:3] for ln in f.expenditure.details}):
        inc, exp = f.income.by_prefix(lei), f.expenditure.by_prefix(lei)
        if cents(inc) != cents(exp):
            yield ctx.finding("R-CROSS-FUNC-CLASS",
                              f"{lei} {ctx.catalog.function_name(lei) or ''}：收入预算 {cents(inc)} ≠ 支出预算 {cents(exp)}",
                              ("tables", "income"), expected=str(cents(exp)), found=str(cents(inc)))
    known = {c for cat in ctx.profile.category_list(ctx.catalog) for c in cat.codes}
    for name in FUNCTION_TABLES:
        for i, row in enumerate(getattr(ctx.report.tables, name).rows):
            if row.code[:3] not in known:
                yield ctx.finding("R-CROSS-FUNC-CLASS",
                                  f"{ctx.title(name)} {row.code} 不属于收支总表列出的任何支出类别，收支总表将漏列",
                                  ("tables", name, "rows", i, "code"))


@rule("R-CROSS-FIN", ERROR, "财政拨款收入＝财政拨款各表支出")
def fiscal(ctx):
    f = ctx.figures
    pairs = (("general_budget", "一般公共预算拨款"), ("government_fund", "政府性基金预算拨款"),
             ("state_capital", "国有资本经营预算拨款"))
    for key, zh in pairs:
        yield from _mismatch(ctx, "R-CROSS-FIN", f"{zh}收入与支出不一致", f"收入预算总表{zh}收入", f.income.total[key],
                             f"{ctx.title(key)}合计", getattr(f, key).total["total"], ("tables", key))


@rule("R-CROSS-CODE", ERROR, "逐科目：收入总表＝支出总表；一般公共预算列＝一般公共预算表")
def per_code(ctx):
    f = ctx.figures
    inc = {ln.code: ln for ln in f.income.details}
    exp = {ln.code: ln for ln in f.expenditure.details}
    gpb = {ln.code: ln for ln in f.general_budget.details}
    for i, row in enumerate(ctx.report.tables.income.rows):
        code = row.code
        if code not in inc:
            continue
        other = exp.get(code)
        if other is None or cents(inc[code]["total"]) != cents(other["total"]):
            yield ctx.finding("R-CROSS-CODE",
                              f"科目 {code}：收入预算 {cents(inc[code]['total'])} ≠ 支出预算 "
                              f"{cents(other['total']) if other else '（支出预算总表无此科目）'}",
                              ("tables", "income", "rows", i, "code"))
        g = gpb.get(code)
        gval = g["total"] if g else ZERO
        if cents(inc[code]["general_budget"]) != cents(gval):
            yield ctx.finding("R-CROSS-CODE",
                              f"科目 {code}：一般公共预算拨款收入 {cents(inc[code]['general_budget'])} ≠ "
                              f"一般公共预算拨款支出 {cents(gval)}", ("tables", "income", "rows", i, "general_budget"))
    for i, row in enumerate(ctx.report.tables.expenditure.rows):
        if row.code not in inc and row.code in exp:
            yield ctx.finding("R-CROSS-CODE", f"科目 {row.code} 只在支出预算总表中出现，收入预算总表没有",
                              ("tables", "expenditure", "rows", i, "code"))


@rule("R-CROSS-GPB-LE-EXP", ERROR, "逐科目：一般公共预算基本/项目 ≤ 全部资金基本/项目")
def gpb_within_all(ctx):
    f = ctx.figures
    exp = {ln.code: ln for ln in f.expenditure.details}
    for ln in f.general_budget.details:
        for key in FUND_KINDS:
            total = exp[ln.code][key] if ln.code in exp else ZERO
            if cents(ln[key]) > cents(total):
                yield ctx.finding("R-CROSS-GPB-LE-EXP",
                                  f"科目 {ln.code}：一般公共预算{'基本' if key == 'basic' else '项目'}支出 {cents(ln[key])} "
                                  f"大于支出预算总表的 {cents(total)}",
                                  ("tables", "general_budget", "rows", ln.index, key))


@rule("R-CROSS-BASIC", ERROR, "一般公共预算基本支出＝基本支出经济分类合计")
def basic(ctx):
    f = ctx.figures
    yield from ctx.compare("R-CROSS-BASIC", "基本支出经济分类合计（按一般公共预算表基本支出）",
                           f.economic_basic.total, f.general_budget.total["basic"],
                           sum(1 for ln in f.general_budget.details if ln["basic"]) + 1,
                           ("tables", "economic_basic"), "一般公共预算基本支出经济分类情况表 合计")


@rule("R-CROSS-ECON", ERROR, "经济分类合计＝一般公共预算支出合计")
def econ_total(ctx):
    f = ctx.figures
    if ctx.report.tables.economic_general_budget.rows:
        yield from _mismatch(ctx, "R-CROSS-ECON", "一般公共预算支出经济分类合计与一般公共预算拨款支出不一致",
                             "经济分类合计", f.economic_general_budget.total, "一般公共预算拨款支出合计",
                             f.general_budget.total["total"], ("tables", "economic_general_budget"))


@rule("R-ECON-GE-BASIC", ERROR, "经济分类各类 ≥ 基本支出同类")
def econ_ge_basic(ctx):
    f = ctx.figures
    if not ctx.report.tables.economic_general_budget.rows:
        return
    for ln in f.economic_basic.lines:
        if ln.level != "类":
            continue
        allfund = f.economic_general_budget.amount(ln.code)
        if cents(ln["amount"]) > cents(allfund):
            yield ctx.finding("R-ECON-GE-BASIC",
                              f"经济分类 {ln.code} {ln.name}：基本支出 {cents(ln['amount'])} 大于一般公共预算支出 {cents(allfund)}",
                              ("tables", "economic_general_budget"))


@rule("R-BASIC-SPLIT", WARNING, "基本支出＝人员经费＋公用经费")
def basic_split(ctx):
    f = ctx.figures
    counted = set(ctx.profile.personnel_codes) | set(ctx.profile.public_codes)
    for ln in f.economic_basic.lines:
        if ln.level == "类" and ln.code not in counted and ln["amount"]:
            yield ctx.finding("R-BASIC-SPLIT",
                              f"基本支出中 {ln.code} {ln.name} {cents(ln['amount'])} 既不算人员经费也不算公用经费，"
                              f"人员经费＋公用经费将小于基本支出", ("tables", "economic_basic"))


@rule("R-CROSS-PROC", ERROR, "政府采购合计＝货物＋工程＋服务")
def procurement(ctx):
    p = ctx.report.other_matters.procurement
    parts = [p.goods, p.works, p.services]
    yield from ctx.compare("R-CROSS-PROC", "政府采购预算总额", p.total, sum(parts, ZERO),
                           sum(1 for x in parts if x) + 1, ("other_matters", "procurement", "total"), "政府采购情况")


@rule("R-3GONG-SUM", ERROR, "三公合计＝出国＋接待＋公务用车")
def three_public_sum(ctx):
    tp = ctx.report.tables.three_public
    f = ctx.figures.three_public
    parts = [f.outbound, f.reception, f.vehicle_purchase, f.vehicle_operation]
    yield from ctx.compare("R-3GONG-SUM", "“三公”经费合计", tp.total, f.total, sum(1 for x in parts if x) + 1,
                           ("tables", "three_public", "total"), "“三公”经费支出预算表 合计")
    yield from ctx.compare("R-3GONG-SUM", "公务用车购置及运行费", tp.vehicle_total, f.vehicle,
                           sum(1 for x in parts[2:] if x) + 1, ("tables", "three_public", "vehicle_total"),
                           "“三公”经费支出预算表 公务用车购置及运行费")


THREE_PUBLIC_ECON = (("30212", "outbound", "因公出国（境）费用"), ("30217", "reception", "公务接待费"),
                     ("30231", "vehicle_operation", "公务用车运行维护费"), ("31013", "vehicle_purchase", "公务用车购置"))


@rule("R-3GONG-BASIC", ERROR, "基本支出中的三公科目不超过三公经费")
def three_public_basic(ctx):
    f = ctx.figures
    if "three_public" not in {spec.key for spec in ctx.profile.tables}:
        return  # the profile publishes no “三公” table (安徽)
    for code, key, zh in THREE_PUBLIC_ECON:
        basic = f.economic_basic.amount(code)
        limit = getattr(f.three_public, key)
        if cents(basic) > cents(limit):
            yield ctx.finding("R-3GONG-BASIC", f"基本支出 {code} {zh} {cents(basic)} 大于“三公”经费表中的 {cents(limit)}",
                              ("tables", "three_public", key))
        elif cents(basic) < cents(limit) and basic:
            yield ctx.finding("R-3GONG-BASIC", f"基本支出 {code} {zh} {cents(basic)} 小于“三公”经费表中的 "
                                               f"{cents(limit)}（其余应由项目支出安排）",
                              ("tables", "three_public", key), severity=INFO)


@rule("R-OPS-LE-PUBLIC", WARNING, "机关运行经费不超过公用经费")
def operating_costs(ctx):
    ops = ctx.report.other_matters.operating_costs.amount
    if cents(ops) > cents(ctx.figures.public):
        yield ctx.finding("R-OPS-LE-PUBLIC", f"机关运行经费 {cents(ops)} 大于公用经费 {cents(ctx.figures.public)}",
                          ("other_matters", "operating_costs", "amount"))


@rule("R-COMPLETE", WARNING, "模板要求的表都已填报")
def complete(ctx):
    given = ctx.report.tables.model_fields_set | set(ctx.report.tables.model_extra or {})
    for spec in ctx.profile.tables:
        source = {"income_summary": "income", "fiscal_summary": "general_budget"}.get(spec.key, spec.key)
        if spec.key in ctx.tables and ctx.tables[spec.key].computed:
            continue  # a declared table computed from other tables needs no input of its own
        if spec.mandatory and source not in given:
            yield ctx.finding("R-COMPLETE", f"缺少必须公开的“{spec.title}”的数据", ("tables",),
                              where=f"tables.{source}")


@rule("R-CODE-VALID", WARNING, "科目编码在目录中，名称与目录一致")
def codes(ctx):
    cat = ctx.catalog
    for name in FUNCTION_TABLES:
        for i, row in enumerate(getattr(ctx.report.tables, name).rows):
            official = cat.function_name(row.code)
            if official is None:
                yield ctx.finding("R-CODE-VALID", f"{ctx.title(name)}：科目编码 {row.code} 不在{cat.described}的支出功能分类中",
                                  ("tables", name, "rows", i, "code"))
            elif row.name and row.name != official:
                yield ctx.finding("R-CODE-VALID", f"{ctx.title(name)}：科目 {row.code} 名称“{row.name}”与 {cat.year} 年目录名称“{official}”不一致",
                                  ("tables", name, "rows", i, "name"))
            for parent in parent_codes(row.code):
                if official is not None and cat.function_name(parent) is None:
                    yield ctx.finding("R-CODE-VALID", f"科目 {row.code} 的上级科目 {parent} 不在{cat.described}中",
                                      ("tables", name, "rows", i, "code"))
    yield from _item_names(ctx)
    for name in ("economic_general_budget", "economic_basic"):
        for i, row in enumerate(getattr(ctx.report.tables, name).rows):
            official = cat.economic_name(row.code)
            if official is None:
                yield ctx.finding("R-CODE-VALID", f"{ctx.title(name)}：经济分类编码 {row.code} 不在{cat.described}中",
                                  ("tables", name, "rows", i, "code"))
            elif row.name and _loose(row.name) != _loose(official):
                yield ctx.finding("R-CODE-VALID", f"{ctx.title(name)}：经济分类 {row.code} 名称“{row.name}”与 {cat.year} 年目录名称“{official}”不一致",
                                  ("tables", name, "rows", i, "name"))


ITEM_NAME_RE = re.compile(r"^(?P<lei>.+?)[(（]类[)）](?P<kuan>.+?)[(（]款[)）](?P<xiang>.+?)[(（]项[)）]$")


def _item_names(ctx):
    """A 项 named in the text by 类/款/项 (explanations.item_names) against the catalogue (R-CODE-VALID)."""
    for code, text in ctx.report.explanations.item_names.items():
        m = ITEM_NAME_RE.match(text.strip())
        if not m:
            continue
        for part, level, key in ((m["lei"], "类", code[:3]), (m["kuan"], "款", code[:5]), (m["xiang"], "项", code)):
            official = ctx.catalog.function_name(key)
            if official and _loose(part) != _loose(official):
                yield ctx.finding("R-CODE-VALID", f"说明中科目 {code} 的{level}名“{part}”与 {ctx.catalog.year} 年目录中 {key}“{official}”不一致",
                                  ("explanations", "item_names", code))


def _loose(name: str) -> str:
    return name.replace("(", "（").replace(")", "）").replace(" ", "")


@rule("R-NAME-CONSIST", WARNING, "单位名称前后一致", kinds=("budget", "final"))
def names(ctx):
    seen: dict[str, int] = {}
    for i, unit in enumerate(ctx.report.overview.units):
        key = "".join(ch for ch in unit.name if ch.isalnum())
        if key in seen:
            yield ctx.finding("R-NAME-CONSIST", f"单位“{unit.name}”与第{seen[key] + 1}个单位重复或仅差空格标点",
                              ("overview", "units", i, "name"))
        seen.setdefault(key, i)
    structure = ctx.report.overview.structure
    if structure is not None and structure.subordinate_units + 1 != len(ctx.report.overview.units) and structure.subordinate_units:
        yield ctx.finding("R-NAME-CONSIST",
                          f"部门概况说有 {structure.subordinate_units} 个下属单位，单位构成表列了 "
                          f"{len(ctx.report.overview.units)} 个单位（应为本级＋下属单位）",
                          ("overview", "structure", "subordinate_units"))


@rule("R-CATALOG-YEAR", INFO, "科目按本年度的目录检查；没有该年目录时说明按哪一年检查", kinds=("budget", "final"))
def catalog_year(ctx):
    cat = ctx.catalog
    if not cat.own_year:
        yield ctx.finding("R-CATALOG-YEAR", f"本报告为 {cat.report_year} 年，随工具提供的和输入中都没有该年的科目目录，科目编码和名称"
                                            f"按最近的 {cat.year} 年目录检查：此后更名或撤销的科目可能被误报。可用 disclosure catalog "
                                            f"import 导入 {cat.report_year} 年的科目目录", ("year",))
