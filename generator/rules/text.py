"""Inputs the wording needs: required figures and texts, references, coverage, text lint."""

from __future__ import annotations

import re

from pydantic import BaseModel

from generator.money import ZERO, cents
from generator.rules.engine import ERROR, INFO, WARNING, rule

INSTRUCTION_RE = re.compile(r"请公开空表|并说明“|填报说明|此处填写|（请填写|请在此")
DOUBLED_RE = re.compile(r"(支出支出|经费经费|[，。、；：]{2,}|（）|\(\))")
MISSING = object()


def lookup(obj, dotted: str):
    for part in dotted.split("."):
        if isinstance(obj, dict):
            obj = obj.get(part, MISSING)
        else:
            obj = getattr(obj, part, MISSING)
        if obj is MISSING or obj is None:
            return MISSING
    return obj


def _strings(obj, path=()):
    """Every free-text string of the model, with its input path."""
    if isinstance(obj, str):
        yield path, obj
    elif isinstance(obj, dict):
        for k, v in obj.items():
            yield from _strings(v, path + (k,))
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            yield from _strings(v, path + (i,))
    elif isinstance(obj, BaseModel):
        for name in type(obj).model_fields:
            yield from _strings(getattr(obj, name), path + (name,))


@rule("S-REQUIRED", ERROR, "模板需要的数字都已填报", kinds=("budget", "final"))
def required(ctx):
    for dotted, zh in ctx.profile.required.items():
        if lookup(ctx.report, dotted) is MISSING:
            parts = tuple(dotted.split("."))
            yield ctx.finding("S-REQUIRED", f"缺少“{zh}”：报告要与上年比较，必须填写", parts[:-1],
                              where=dotted)


@rule("S-TEXT", WARNING, "需要的文字已填写，不含模板说明文字", kinds=("budget", "final"))
def texts(ctx):
    for dotted, zh in ctx.profile.texts.items():
        value = lookup(ctx.report, dotted)
        if value is MISSING or not str(value).strip():
            yield ctx.finding("S-TEXT", f"“{zh}”没有填写，报告中该处会缺少说明", tuple(dotted.split("."))[:-1],
                              where=dotted)
    for path, text in _strings(ctx.report):
        if INSTRUCTION_RE.search(text):
            yield ctx.finding("S-TEXT", f"文字中含有模板说明，不应公开：“{text[:30]}…”", path)


@rule("S-REF", ERROR, "说明所指的科目在表中存在", kinds=("budget", "final"))
def references(ctx):
    codes = {ln.code for ln in ctx.figures.general_budget.details}
    expl = ctx.report.explanations
    for field, zh in (("item_purposes", "用途说明"),):
        for code in getattr(expl, field, {}):
            if code not in codes:
                yield ctx.finding("S-REF", f"{zh}写了科目 {code}，但一般公共预算拨款支出表中没有该科目",
                                  ("explanations", field, code))
    for code in expl.previous.items:
        if code not in codes:
            yield ctx.finding("S-REF", f"上年数写了科目 {code}，但一般公共预算拨款支出表中没有该科目",
                              ("explanations", "previous", "items", code))
    for code in expl.reasons.items:
        if code not in codes:
            yield ctx.finding("S-REF", f"变动原因写了科目 {code}，但一般公共预算拨款支出表中没有该科目",
                              ("explanations", "reasons", "items", code))


@rule("R-NARR-COVERAGE", WARNING, "一般公共预算每个非零项级科目都有说明", kinds=("budget", "final"))
def coverage(ctx):
    expl = ctx.report.explanations
    if ctx.report.kind == "final":  # a 决算 explains each item's change
        texts, zh = expl.reasons.items, "变动原因（主要原因是…）"
    else:  # a 预算 prints what the profile names: 用途 (福建) or the change and its reason (安徽)
        texts, zh = lookup(expl, ctx.profile.item_text), ctx.profile.item_text_name
    for ln in ctx.figures.general_budget.nonzero():
        if texts is MISSING or not _said(texts.get(ln.code, "")):
            yield ctx.finding("R-NARR-COVERAGE", f"科目 {ln.code} {ln.name} 没有填写{zh}",
                              ("tables", "general_budget", "rows", ln.index))


def _said(text) -> bool:
    """A 项's words: one text, or the parts of a 项 explained in parts (each with its purpose)."""
    if isinstance(text, list):
        return bool(text) and all(part.purpose.strip() for part in text)
    return bool(text.strip())


@rule("R-NARR-DELTA-SUM", WARNING, "各项上年数之和＝上年总数", kinds=("budget", "final"))
def delta_sum(ctx):
    prev = ctx.report.explanations.previous
    if not prev.items or prev.general_budget_total is None:
        return
    total = sum(prev.items.values(), ZERO)
    if cents(total) != cents(prev.general_budget_total):
        yield ctx.finding("R-NARR-DELTA-SUM",
                          f"各项级科目上年数之和 {cents(total)} 与上年一般公共预算拨款支出 {cents(prev.general_budget_total)} "
                          f"不一致：各项增减之和将与总增减不符", ("explanations", "previous", "items"))


@rule("R-TEXT-LINT", WARNING, "文字无重复词尾、重复标点", kinds=("budget", "final"))
def lint(ctx):
    for path, text in _strings(ctx.report):
        match = DOUBLED_RE.search(text)
        if match:
            yield ctx.finding("R-TEXT-LINT", f"文字中有重复：“{match.group(0)}”（…{text[max(0, match.start() - 8):match.end() + 8]}…）",
                              path)


@rule("R-PERF-ROW", ERROR, "项目资金总额＝财政拨款＋上年结转＋其他资金")
def perf_row(ctx):
    for i, project in enumerate(ctx.report.performance.projects):
        f = project.funds
        parts = [f.fiscal, f.carryover, f.other]
        yield from ctx.compare("R-PERF-ROW", f"“{project.name}”资金总额", f.total, sum(parts, ZERO),
                               sum(1 for p in parts if p) + 1, ("performance", "projects", i, "funds", "total"))


@rule("R-PERF-SUM", WARNING, "绩效目标项目资金之和＝项目支出")
def perf_sum(ctx):
    projects = ctx.report.performance.projects
    if not projects:
        return
    if "projects" in ctx.tables and ctx.tables["projects"].details():  # with a 项目支出表 (安徽): its 本年财政拨款
        total = ctx.report.performance.fiscal
        spending, what = ctx.figures.extra.projects.shown["fiscal"], "项目支出表本年财政拨款"
    else:
        total = sum((p.funds.amount for p in projects), ZERO)
        spending, what = ctx.figures.general_budget.total["project"], "一般公共预算项目支出"
    if cents(total) != cents(spending):
        yield ctx.finding("R-PERF-SUM", f"{len(projects)}个绩效目标表的资金之和 {cents(total)} ≠ {what} "
                                        f"{cents(spending)}（是否漏填了项目？）", ("performance", "projects"))


@rule("R-PERF-COUNT", WARNING, "绩效目标表与项目一一对应")
def perf_count(ctx):
    seen = {}
    for i, project in enumerate(ctx.report.performance.projects):
        key = (project.name, project.unit)  # one name may be carried out by several units (安徽)
        if key in seen:
            differs = ctx.report.performance.projects[seen[key]] != project
            rid = "R-PERF-REPEAT" if differs else "R-PERF-COUNT"
            yield ctx.finding(rid, f"项目“{project.name}”的绩效目标表出现两次" + ("且内容不同" if differs else ""),
                              ("performance", "projects", i, "name"))
        seen.setdefault(key, i)


rule("R-PERF-REPEAT", WARNING, "重复出现的绩效目标表内容相同")(lambda ctx: ())


@rule("R-PERF-COST", INFO, "成本指标（万元）＝资金总额")
def perf_cost(ctx):
    for i, project in enumerate(ctx.report.performance.projects):
        costs = [ind for ind in project.indicators if ind.level1 == "成本指标" and ind.parsed[2] == "万元"]
        if not costs:
            continue
        total = project.funds.amount
        stated = sum((ind.parsed[1] for ind in costs), ZERO)
        if cents(stated) != cents(total):
            yield ctx.finding("R-PERF-COST", f"“{project.name}”成本指标合计 {cents(stated)} 万元 ≠ 资金总额 {cents(total)} 万元",
                              ("performance", "projects", i, "indicators"))
