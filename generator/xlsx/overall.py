"""The workbook's sheets of the 部门（单位）整体支出绩效目标表 (performance.overall): written where the input holds
one or the profile declares one (`overall`), read where the workbook has them. Shared by writer and reader."""

from __future__ import annotations

from generator.xlsx import layout as L

OV = ("performance", "overall")
LINES = (("人员支出", "personnel"), ("公用支出", "public"), ("部门专项", "special"), ("发展经费", "development"),
         ("基建项目", "construction"), (L.TOTAL_LABEL, "total"))
TEXTS = L.PairSheet("整体支出绩效目标", "部门（单位）整体支出绩效目标表", (
    L.Pair("部门（单位）名称（可不填）", OV + ("department",), "text", "不填则印部门名称"),
    L.Pair("年度目标", OV + ("goal",), "text", "整体支出的年度绩效目标"),
))
FUNDS = L.TableSheet("整体支出预算", "整体支出绩效目标表：按支出结构的预算", OV, (
    L.Column("支出结构", "line", "text", 14),
    L.Column("资金总额", "total", "money", 14, optional=True),
    L.Column("其中：财政资金", "fiscal", "money", 14, optional=True),
    *L.PLAN_COLUMNS),
    note="每种支出结构一行；合计行可不填（程序计算；填写则核对）。投入计划填法为“占比”（%）或“金额”（万元）。")
INDICATORS = L.TableSheet("整体支出绩效指标", "整体支出绩效目标表：绩效指标", OV, (
    L.Column("年度工作任务（可不填）", "task", "text", 20, required=False),
    L.Column("涉及项目（可不填）", "projects", "text", 30, required=False),
    L.Column("涉及财政资金（可不填）", "task_fiscal", "money", 14, optional=True, required=False),
    L.Column("一级指标", "level1", "text", 12), L.Column("二级指标", "level2", "text", 16),
    L.Column("三级指标", "name", "text", 40), L.Column("符号", "op", "op", 8),
    L.Column("指标值", "value", "text", 14), L.Column("单位", "unit", "text", 10),
    L.Column("指标性质（可不填）", "polarity", "text", 10, required=False),
    L.Column("指标明细说明（可不填）", "detail", "text", 30, required=False)),
    note="每个指标一行，同一年度工作任务的指标相邻，任务、涉及项目和财政资金每行都填；不分任务的指标，任务列留空。")
SHEETS = ((TEXTS, "部门（单位）整体支出绩效目标表：部门名称和年度目标"),
          (FUNDS, "部门（单位）整体支出绩效目标表：按支出结构的资金和投入计划"),
          (INDICATORS, "部门（单位）整体支出绩效目标表：按年度工作任务的绩效指标"))


def wanted(data: dict, profile_dirs=None) -> bool:
    """The input holds a 整体表, or its profile declares one."""
    if (data.get("performance") or {}).get("overall"):
        return True
    from generator.errors import DisclosureError
    from generator.profile import load_profile
    from generator.tables.declare import declarations, read_yaml
    try:
        profile = load_profile(str(data.get("profile")), profile_dirs)
        return "overall" in declarations(profile, read_yaml(profile.layout_file()))
    except DisclosureError:
        return False


def fund_rows(data: dict) -> list[dict]:
    overall = (data.get("performance") or {}).get("overall") or {}
    rows = []
    for label, key in LINES:
        line = overall.get(key) or {}
        row = {"line": label, "total": line.get("total"), "fiscal": line.get("fiscal")}
        if key != "total" and not line:
            row.update(total=0, fiscal=0)
        plan = line.get("plan")
        if plan:
            kind = next(k for k, v in L.PLAN_KINDS.items() if plan.get(v) is not None)
            row["plan"] = {"kind": kind, **{f"q{i}": q for i, q in enumerate(plan[L.PLAN_KINDS[kind]], 1)}}
        rows.append(row)
    return rows


def indicator_rows(data: dict, split) -> list[dict]:
    overall = (data.get("performance") or {}).get("overall") or {}
    groups = [(t, t.get("indicators") or []) for t in overall.get("tasks") or []]
    groups.append(({}, overall.get("indicators") or []))
    rows = []
    for task, indicators in groups:
        for ind in indicators:
            if any(ind.get(k) is not None for k in ("direction", "value", "measure")):
                op, value, unit = ind.get("direction") or "", ind.get("value"), ind.get("measure") or ""
            else:
                op, value, unit = split(ind.get("target") or "")
            rows.append({"task": task.get("name"), "projects": task.get("projects") or None,
                         "task_fiscal": task.get("fiscal"), "level1": ind.get("level1"), "level2": ind.get("level2"),
                         "name": ind.get("name"), "op": op or None, "value": value, "unit": unit or None,
                         "polarity": ind.get("polarity"), "detail": ind.get("detail")})
    return rows
