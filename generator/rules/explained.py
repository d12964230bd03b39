"""Rules of the explanations keyed by what they explain (generator.derive.explained): the parts of a 项
explained in parts against the 项, a project described in words against its own funding split and the
table it refers to (its amount against its 绩效目标表: R-PERF-MONEY), and the counts the text prints
against what the tables show."""

from __future__ import annotations

from generator.money import ZERO, cents
from generator.rules.engine import ERROR, WARNING, rule

ITEMS = ("explanations", "item_purposes")
NOTES = ("performance", "disclosed")
COUNTS = ("explanations", "counts")


@rule("R-EXPL-PART-AMOUNT", ERROR, "分部分说明的项级科目：各部分金额与表中该列一致，不是表中列的部分须填写金额")
def part_amounts(ctx):
    for code, ex in ctx.figures.explained.items():
        title = ctx.title(ex.table)
        for i, part in enumerate(ex.parts):
            path = ITEMS + (code, i)
            if part.column is None and part.typed is None:
                yield ctx.finding("R-EXPL-PART-AMOUNT", f"科目 {code} 的说明部分“{part.name}”不是{title}的列，"
                                  f"须填写金额（amount）", path + ("part",))
            elif part.figure is not None and part.typed is not None and cents(part.typed) != cents(part.figure):
                yield ctx.finding("R-EXPL-PART-AMOUNT", f"科目 {code} 的说明部分“{part.name}”填报为 {cents(part.typed)}，"
                                  f"{title}该科目{part.name}为 {cents(part.figure)}，相差 {cents(part.typed - part.figure)}"
                                  f"（可不填金额，由表取数）", path + ("amount",))


@rule("R-EXPL-PARTS-SUM", ERROR, "分部分说明的项级科目：各部分金额之和＝该科目金额")
def parts_sum(ctx):
    for code, ex in ctx.figures.explained.items():
        if any(p.column is None and p.typed is None for p in ex.parts):
            continue  # a part without its amount: R-EXPL-PART-AMOUNT says so
        names = "＋".join(p.name for p in ex.parts)
        yield from ctx.compare("R-EXPL-PARTS-SUM", f"科目 {code} 说明的各部分（{names}）合计",
                               sum((p.amount for p in ex.parts), ZERO), ex.amount, len(ex.parts) + 1, ITEMS + (code,),
                               basis=f"按{ctx.title(ex.table)}中该科目的金额")


@rule("R-EXPL-FUNDS", ERROR, "项目情况说明：各资金来源之和＝项目金额")
def funds(ctx):
    for note in ctx.figures.notes:
        if note.funds and (note.project is not None or note.typed is not None):  # else S-REF
            names = "＋".join(name for name, _ in note.funds)
            yield from ctx.compare("R-EXPL-FUNDS", f"“{note.name}”的资金来源（{names}）合计",
                                   sum((v for _, v in note.funds), ZERO), note.amount, len(note.funds) + 1,
                                   NOTES + (note.index, "funds"), basis="按项目金额")


@rule("R-EXPL-TABLE", ERROR, "项目情况说明所指的表在报告中")
def tables(ctx):
    keys = [s.key for s in ctx.profile.tables]
    for i, d in enumerate(ctx.report.performance.disclosed):
        if d.table and d.table not in keys:
            yield ctx.finding("R-EXPL-TABLE", f"项目情况说明“{d.project}”所指的表“{d.table}”不在报告中"
                              f"（报告的表：{'、'.join(keys)}）", NOTES + (i, "table"))


@rule("R-EXPL-COUNT", ERROR, "作为数据填写的项目个数和资金与表相符")
def counts(ctx):
    stated = ctx.report.explanations.counts
    printed, funds = len(ctx.report.performance.projects), ctx.report.performance.fiscal
    count = stated.projects_with_targets
    if count is not None and count < printed:
        yield ctx.finding("R-EXPL-COUNT", f"设置绩效目标的项目个数填报为 {count}，但报告印出了 {printed} 个项目的绩效目标表",
                          COUNTS + ("projects_with_targets",))
    money = stated.funds_with_targets
    if money is not None and (cents(money) < cents(funds) or count == printed and cents(money) != cents(funds)):
        yield ctx.finding("R-EXPL-COUNT", f"设置绩效目标的项目涉及财政拨款资金填报为 {cents(money)}，印出的 {printed} 个"
                          f"绩效目标表的财政拨款合计为 {cents(funds)}", COUNTS + ("funds_with_targets",))
    elif money is None and count is not None and count > printed:
        yield ctx.finding("R-EXPL-COUNT", f"设置绩效目标的项目有 {count} 个，多于印出的 {printed} 个绩效目标表：请同时填写"
                          f"它们涉及的财政拨款资金（funds_with_targets），否则正文按印出的表计算", COUNTS + ("projects_with_targets",),
                          severity=WARNING)
    first = stated.first_level_projects
    project = ctx.figures.expenditure.total["project"]
    if first is not None and (first == 0) != (project == 0):
        have = f"项目支出为 {cents(project)}" if project else "没有项目支出"
        yield ctx.finding("R-EXPL-COUNT", f"一级项目个数填报为 {first}，但{ctx.title('expenditure')}{have}",
                          COUNTS + ("first_level_projects",))
