"""The workbook of the 安徽 profile: the same kinds of sheets as layout.py, with the words, figures and
columns that profile needs (its declared tables — 表1 income, 项目支出表, 政府采购表, 政府购买服务表 — get
their sheets from the declarations: xlsx/declared.py).

`layout.order_for(table keys)` picks this set when a profile lists one of ANHUI_KEYS.
"""

from __future__ import annotations

from generator.xlsx import layout as L
from generator.xlsx.layout import Column, Pair, PairSheet, TableSheet

ANHUI_KEYS = {"projects", "procurement", "services"}
OPT = dict(optional=True)

OVERVIEW = PairSheet("部门概况", "部门概况", (
    Pair("报告类型", ("kind",), "kind", "部门预算 或 部门决算"),
    Pair("模板配置", ("profile",), "text", "报告格式，如 anhui-budget"),
    Pair("年度", ("year",), "int", "预算年度，如 2025"),
    Pair("部门名称", ("department",), "text", "全称，如 宿州市医疗保障局"),
    Pair("封面日期", ("date",), "text", "印在封面，如 2024年2月"),
    Pair("部门（含所属单位）称谓", ("department_group",), "text", "部分表名中的称谓，如 宿州市医疗保障部门；可不填"),
    Pair("主要职责导语", ("overview", "duties", "intro"), "text", "可不填"),
    Pair("主要任务概述", ("overview", "tasks", "summary"), "text", "可不填"),
    L.DEPARTMENT_CODE,
))

UNITS = TableSheet("预算单位构成", "预算单位构成", ("overview", "units"), (
    Column("单位名称", "name", "text", 40), Column("单位性质", "nature", "text", 26),
    Column("在职人数", "staff", "int", 10, required=False)),
    note="每个预算单位一行，报告中按序号列出；单位性质如 行政单位、参照公务员法管理的事业单位、公益一类事业单位。")

INCOME_COLUMNS = L.INCOME_COLUMNS + (
    ("上级转移支付：提前下达一般公共预算", "transfer_general_budget"),
    ("上级转移支付：提前下达政府性基金预算", "transfer_government_fund"),
)
TABLES = (L._function_table("收入预算总表", "部门收入预算表", "income", INCOME_COLUMNS, L.FUNCTION_NOTE),) + L.TABLES[1:]

_PREV, _RS = ("explanations", "previous"), ("explanations", "reasons")
EXPLANATIONS = PairSheet("变动原因与上年数", "上年数和变动原因", (
    Pair("上年收入预算", _PREV + ("income_total",), "money", "万元"),
    Pair("上年本年收入预算", _PREV + ("current_income_total",), "money", "万元"),
    Pair("上年上年结转结余", _PREV + ("carryover_total",), "money", "万元"),
    Pair("上年支出预算", _PREV + ("expenditure_total",), "money", "万元"),
    Pair("上年一般公共预算支出", _PREV + ("general_budget_total",), "money", "万元"),
    Pair("上年项目支出", _PREV + ("project_total",), "money", "万元"),
    Pair("上年政府采购支出", _PREV + ("procurement_total",), "money", "万元"),
    Pair("上年政府购买服务支出", _PREV + ("services_total",), "money", "万元"),
    Pair("收入预算变动原因", _RS + ("income_change",), "text", L.REASONS_NOTE),
    Pair("本年收入变动原因", _RS + ("current_income_change",), "text", "印在“增长/下降原因主要”之后，如“是……”"),
    Pair("上年结转结余变动原因", _RS + ("carryover_change",), "text", "同上"),
    Pair("支出预算变动原因", _RS + ("expenditure_change",), "text", "同上"),
    Pair("一般公共预算支出变动原因", _RS + ("general_budget_change",), "text", "印在“主要原因是”之后"),
    Pair("项目支出变动原因", _RS + ("project_change",), "text", "印在“增长/下降原因主要”之后"),
    Pair("政府采购支出变动原因", _RS + ("procurement_change",), "text", "同上"),
    Pair("政府购买服务支出变动原因", _RS + ("services_change",), "text", "同上"),
    Pair("项目支出主要用途", ("explanations", "project_purpose"), "text", "印在“项目支出……主要用于”之后"),
))

PURPOSES = TableSheet("科目用途", "各科目上年数和变动原因", ("explanations",), (
    L._code(), L.NAME, Column("用途（可不填）", "purpose", "text", 40),
    Column("上年预算数", "previous", optional=True, width=14),
    Column("变动原因（印在“增长/下降原因主要”之后）", "reason", "text", 50),
    Column("说明中的科目全称（可不填）", "title", "text", 50, required=False)),
    note="一般公共预算支出表中的每个项级科目一行。科目全称不填时按目录印作“类(类)款(款)项(项)”。")

_OM, _AS = ("other_matters",), ("other_matters", "assets")
OTHER = PairSheet("其他重要事项", "其他重要事项说明", (
    Pair("机关运行经费", _OM + ("operating_costs", "amount"), "money", "万元"),
    Pair("上年机关运行经费", _OM + ("operating_costs", "previous"), "money", "万元"),
    Pair("机关运行经费变动原因", _OM + ("operating_costs", "reason"), "text", "印在“增长主要原因是”之后"),
    Pair("政府采购预算：货物", _OM + ("procurement", "goods"), "money", "万元"),
    Pair("政府采购预算：工程", _OM + ("procurement", "works"), "money", "万元"),
    Pair("政府采购预算：服务", _OM + ("procurement", "services"), "money", "万元"),
    Pair("政府采购预算合计（可不填）", _OM + ("procurement", "total"), "money", "程序计算；填写则核对"),
    Pair("车辆（辆）", _AS + ("vehicles", "other"), "int", "截至上年12月31日"),
    Pair("车辆合计（可不填）", _AS + ("vehicles", "total"), "int", "程序计算；填写则核对"),
    Pair("单位价值50万元以上的通用设备（台、套）", _AS + ("general_equipment_over_500k",), "int", "截至上年12月31日"),
    Pair("单位价值100万元以上的专用设备（台、套）", _AS + ("special_equipment_over_1m",), "int", "截至上年12月31日"),
    Pair("本年安排购置公务用车（辆）", _AS + ("planned_vehicles",), "int", ""),
    Pair("本年公务用车购置费", _AS + ("planned_vehicle_cost",), "money", "万元"),
    Pair("本年安排购置50万元以上通用设备（台、套）", _AS + ("planned_general_equipment",), "int", ""),
    Pair("本年50万元以上通用设备购置费", _AS + ("planned_general_equipment_cost",), "money", "万元"),
    Pair("本年安排购置100万元以上专用设备（台、套）", _AS + ("planned_special_equipment",), "int", ""),
    Pair("本年100万元以上专用设备购置费", _AS + ("planned_special_equipment_cost",), "money", "万元"),
    Pair("主管部门及代码", ("performance", "department"), "text", "绩效目标表中印出，如 [608]宿州市医疗保障局"),
    Pair("绩效目标其他说明", ("performance", "note"), "text", "可不填"),
))

PROJECTS = TableSheet("绩效目标项目", "项目支出绩效目标", ("performance", "projects"), (
    Column("项目名称", "name", "text", 36), Column("实施单位", "unit", "text", 30),
    Column("项目来源", "source", "text", 14), Column("项目期", "period", "text", 8),
    Column("资金总额（可不填）", "funds.total", **OPT), Column("财政拨款", "funds.fiscal"),
    Column("上年结转", "funds.carryover"), Column("其他资金", "funds.other"),
    Column("年度目标", "goal", "text", 60), Column("项目立项的依据（可不填）", "basis", "text", 30, required=False),
    Column("项目申报的可行性（可不填）", "feasibility", "text", 30, required=False)),
    note="每个项目一行；绩效指标填在“绩效目标指标”表，按项目名称和实施单位对应。")

INDICATORS = TableSheet("绩效目标指标", "项目支出绩效指标", ("performance", "projects"), (
    Column("项目名称", "project", "text", 36), Column("实施单位", "project_unit", "text", 26, required=False),
    Column("一级指标", "level1", "text", 12), Column("二级指标", "level2", "text", 16),
    Column("三级指标", "name", "text", 50), Column("符号", "op", "op", 8), Column("指标值", "value", "text", 14),
    Column("单位", "unit", "text", 10)),
    note="每个指标一行，按报告中的顺序；项目名称（和实施单位）须与“绩效目标项目”表一致。")

DISCLOSED = TableSheet("公开项目说明", "其他重要事项：项目及绩效目标情况", ("performance", "disclosed"), (
    Column("项目名称", "project", "text", 30), Column("实施单位", "unit", "text", 26),
    Column("项目概述", "summary", "text", 50), Column("立项依据", "basis", "text", 40),
    Column("实施主体", "executor", "text", 24), Column("起止时间", "period", "text", 20),
    Column("项目内容", "content", "text", 50), Column("年度预算安排（可不填）", "amount", **OPT)),
    note="逐项文字说明并附绩效目标表的项目，每个一行；项目名称（和实施单位）须与“绩效目标项目”表一致。")

ORDER = (
    (OVERVIEW, "部门名称、年度、封面日期"),
    (UNITS, "部门预算构成表：单位名称、单位性质"),
    (L.DUTIES, "第一部分 主要职责"),
    (L.TASKS, "第一部分 主要工作任务（印作“一是……”）"),
    *((t, "第二部分 " + t.title) for t in TABLES),
    (EXPLANATIONS, "第三部分 上年数和变动原因"),
    (PURPOSES, "第三部分 各项级科目的上年数和变动原因"),
    (OTHER, "其他重要事项：机关运行经费、政府采购、国有资产、主管部门"),
    (PROJECTS, "项目支出绩效目标表：每个项目的单位、来源、资金和年度目标"),
    (INDICATORS, "项目支出绩效目标表：每个项目的绩效指标"),
    (DISCLOSED, "其他重要事项：逐项说明的项目"),
    (L.GLOSSARY, "名词解释"),
)
