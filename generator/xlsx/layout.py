"""What each sheet of the workbook holds: sheet names, headers and the input paths they map to.

Shared by the writer and the reader, so the two cannot drift apart. Headers are matched by their text
(spaces and a trailing note in parentheses ignored), never by column position.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.model.kinds import KIND_NAMES  # noqa: F401  (L.KIND_NAMES for the writer and readers)

GUIDE = "填表说明"
LISTS = "代码表"  # hidden: catalogue codes and names for the drop-downs and name formulas
TOTAL_LABEL = "合计"

# Column kinds: code (function code), econ (economic code), name (catalogue name, optional),
# money, int, text, nature (经费性质), op (indicator operator), skip (序号: written, never read),
# ucode (a unit code or other code kept as text, without a drop-down).
TEXT_KINDS = ("text", "nature", "op", "name")


@dataclass(frozen=True)
class Column:
    header: str
    key: str  # dotted key inside one row's dict ("funds.fiscal"); "" = the row is this value itself
    kind: str = "money"
    width: int = 14
    optional: bool = False  # a stated figure the toolkit computes anyway: may be left blank (grey)
    required: bool = True  # the header must be present
    blank_zero: bool = True  # a zero amount is written as a blank cell (declared tables keep a stated 0)


@dataclass(frozen=True)
class TableSheet:
    """Rows of a list in the input (one row per item), with an optional stated 合计 row first."""

    name: str
    title: str
    path: tuple  # where the table lives; rows at path + ("rows",) when total is set, else at path
    columns: tuple[Column, ...]
    total: str = ""  # "" (no 合计 row), "row" (dict like the rows), "scalar" (one amount),
    # "label" (rows at path + ("rows",); a row whose first column reads 合计 holds the stated totals)
    note: str = ""


@dataclass(frozen=True)
class Pair:
    label: str
    path: tuple
    kind: str = "text"
    note: str = ""
    required: bool = True  # the row must be there (a row added later is not: older workbooks lack it)


@dataclass(frozen=True)
class PairSheet:
    """One value per labelled row: 项目 | 填报内容 | 说明."""

    name: str
    title: str
    pairs: tuple[Pair, ...]
    note: str = ""


def _code(kind="code"):
    return Column("科目编码", "code", kind, 12)


NAME = Column("科目名称", "name", "name", 34, required=False)
ROW_TOTAL = Column("合计（可不填）", "total", "money", 14, optional=True)

INCOME_COLUMNS = (
    ("一般公共预算拨款收入", "general_budget"), ("政府性基金预算拨款收入", "government_fund"),
    ("国有资本经营预算拨款收入", "state_capital"), ("财政专户管理资金收入", "special_account"),
    ("事业收入", "business"), ("事业单位经营收入", "operating"), ("上级补助收入", "superior_subsidy"),
    ("附属单位上缴收入", "subordinate_remit"), ("其他收入", "other"), ("上年结转结余", "carryover"),
)
EXPENDITURE_COLUMNS = (
    ("基本支出", "basic"), ("项目支出", "project"), ("事业单位经营支出", "operating"),
    ("上缴上级支出", "remit_superior"), ("对附属单位补助支出", "subsidy_subordinate"),
)
FUND_COLUMNS = (("基本支出", "basic"), ("项目支出", "project"))


def _function_table(name, title, key, amounts, note):
    columns = (_code(), NAME, ROW_TOTAL) + tuple(Column(h, k) for h, k in amounts)
    return TableSheet(name, title, ("tables", key), columns, "row", note)


def _economic_table(name, title, key, note):
    columns = (_code("econ"), NAME, Column("金额", "amount"))
    return TableSheet(name, title, ("tables", key), columns, "scalar", note)


FUNCTION_NOTE = "按项级（7位）功能分类科目逐行填写；类、款及合计由程序计算。"
TABLES = (
    _function_table("收入预算总表", "收入预算总表", "income", INCOME_COLUMNS, FUNCTION_NOTE),
    _function_table("支出预算总表", "支出预算总表", "expenditure", EXPENDITURE_COLUMNS, FUNCTION_NOTE),
    _function_table("一般公共预算拨款支出表", "一般公共预算拨款支出预算表", "general_budget", FUND_COLUMNS,
                    FUNCTION_NOTE),
    _function_table("政府性基金预算拨款支出表", "政府性基金预算拨款支出预算表", "government_fund", FUND_COLUMNS,
                    FUNCTION_NOTE + "没有数据的空表保留表头即可。"),
    _function_table("国有资本经营预算拨款支出表", "国有资本经营预算拨款支出预算表", "state_capital", FUND_COLUMNS,
                    FUNCTION_NOTE + "没有数据的空表保留表头即可。"),
    _economic_table("一般公共预算支出经济分类表", "一般公共预算支出经济分类情况表", "economic_general_budget",
                    "按经济分类类级（3位）或款级（5位）科目填写。"),
    _economic_table("基本支出经济分类表", "一般公共预算基本支出经济分类情况表", "economic_basic",
                    "按经济分类款级（5位）科目填写；类级（3位）行可作为小计填写，程序会核对。"),
)

THREE_PUBLIC = TableSheet(
    "三公经费表", "一般公共预算“三公”经费支出预算表", ("tables", "three_public"),
    (Column("合计（可不填）", "total", optional=True), Column("因公出国（境）费用", "outbound", width=18),
     Column("公务用车购置及运行费小计（可不填）", "vehicle_total", optional=True, width=22),
     Column("公务用车购置费", "vehicle_purchase", width=16), Column("公务用车运行费", "vehicle_operation", width=16),
     Column("公务接待费", "reception")),
    note="只填一行。合计和小计由程序计算，可不填。",
)

UNITS = TableSheet("预算单位构成", "预算单位构成", ("overview", "units"), (
    Column("单位名称", "name", "text", 36), Column("经费性质", "nature", "nature", 14),
    Column("在职人数", "staff", "int", 10)),
    note="每个预算单位一行；经费性质可从下拉列表选择。")
# One row per duty; a duty with numbered sub-paragraphs (1. 2. …) takes one row per sub-paragraph,
# the duty's own text on its first row only.
DUTIES = TableSheet("主要职责", "主要职责", ("overview", "duties", "items"), (
    Column("序号", "#", "skip", 6, required=False), Column("职责内容", "text", "text", 80),
    Column("分项内容", "detail", "text", 80, required=False)),
    note="每条职责一行，报告中按（一）（二）……编号。一条职责下有分项（1. 2. ……）时，每个分项一行："
         "第一行填职责内容和第一个分项，以下各行只填分项内容。")

TASKS = TableSheet("工作任务", "主要任务", ("overview", "tasks", "items"), (
    Column("序号", "#", "skip", 6, required=False), Column("任务标题", "title", "text", 30),
    Column("具体内容", "body", "text", 100)),
    note="每项任务一行：标题句末不加句号，报告中印作“（一）标题。具体内容”。")
GLOSSARY = TableSheet("名词解释", "名词解释", ("glossary",), (
    Column("序号", "#", "skip", 6, required=False), Column("名词", "term", "text", 24),
    Column("解释", "definition", "text", 100)),
    note="每个名词一行。")
PLAN_KINDS = {"占比": "shares", "金额": "amounts"}  # 资金投入计划: each quarter's share (%) or amount (万元)
PLAN_COLUMNS = (Column("投入计划填法（占比或金额，可不填）", "plan.kind", "text", 14, required=False),
                *(Column(f"{q}季度（可不填）", f"plan.q{i}", "money", 12, optional=True, required=False)
                  for i, q in enumerate("一二三四", 1)))
PROJECT_TEXTS = (Column("主管部门（可不填）", "department", "text", 24, required=False),
                 Column("资金使用范围（可不填）", "scope", "text", 40, required=False),
                 Column("总目标（可不填）", "total_goal", "text", 60, required=False))
PROJECTS = TableSheet("绩效目标项目", "项目支出绩效目标", ("performance", "projects"), (
    Column("项目名称", "name", "text", 36), Column("项目立项的依据", "basis", "text", 40),
    Column("项目申报的可行性", "feasibility", "text", 40),
    Column("资金总额（可不填）", "funds.total", optional=True), Column("财政拨款", "funds.fiscal"),
    Column("上年结转", "funds.carryover"), Column("其他资金", "funds.other"),
    Column("项目实施期目标", "goal", "text", 60),
    Column("实施单位（可不填）", "unit", "text", 30, required=False),
    Column("单位编码（可不填）", "unit_code", "ucode", 12, required=False), *PROJECT_TEXTS, *PLAN_COLUMNS),
    note="每个项目一行；绩效指标填在“绩效目标指标”表，按项目名称对应。")
INDICATORS = TableSheet("绩效目标指标", "项目支出绩效指标", ("performance", "projects"), (
    Column("项目名称", "project", "text", 36), Column("一级指标", "level1", "text", 12),
    Column("二级指标", "level2", "text", 18), Column("三级指标", "name", "text", 50),
    Column("符号", "op", "op", 8), Column("指标值", "value", "text", 14), Column("单位", "unit", "text", 10),
    Column("指标性质（可不填）", "polarity", "text", 10, required=False),
    Column("指标明细说明（可不填）", "detail", "text", 30, required=False)),
    note="每个指标一行，按报告中的顺序；项目名称须与“绩效目标项目”表一致。指标值可以是数字（配符号和单位）或文字。")
PURPOSES = TableSheet("科目用途", "各科目用途、上年数和变动原因", ("explanations",), (
    _code(), NAME, Column("部分（可不填）", "part", "text", 12, required=False),
    Column("部分金额（可不填）", "part_amount", optional=True, width=14, required=False),
    Column("用途（主要用于……，句末不加句号）", "purpose", "text", 60),
    Column("上年预算数（可不填）", "previous", optional=True, width=16),
    Column("变动原因（可不填）", "reason", "text", 40)),
    note="一般公共预算拨款支出表中的每个项级科目一行：报告印作“主要用于……。”。分部分说明的科目每个部分一行（科目编码相同，"
         "填部分名称和用途）；部分是该表的列（基本支出、项目支出）时金额由表取数，可不填，其他部分须填金额。"
         "上年数和变动原因只在模板需要逐项比较时填写（分部分的科目填在第一行）。")
# 项目情况说明: projects of the 绩效目标表 described in words (performance.disclosed), one row per funding source;
# neighbouring rows of one 项目名称 (and 实施单位) are one project. Not in ORDER: written where the input describes
# projects and the profile's workbook has no sheet of its own for them (安徽's 公开项目说明), or lists it.
PROJECT_NOTES = TableSheet("项目情况说明", "部分项目情况说明", ("performance", "disclosed"), (
    Column("项目名称", "project", "text", 36), Column("实施单位（可不填）", "unit", "text", 24, required=False),
    Column("年度预算安排（可不填）", "amount", optional=True),
    Column("资金来源（可不填）", "source", "text", 16), Column("来源金额（可不填）", "source_amount", blank_zero=False),
    Column("用途（可不填）", "purpose", "text", 50), Column("所指的表（可不填：表的键，如 general_budget）", "table", "text", 22)),
    note="每个项目每个资金来源一行（没有资金来源的项目一行），同一项目的各行相邻、项目名称相同；年度预算安排、用途和所指的表填在第一行。"
         "项目名称须与“绩效目标项目”表一致；年度预算安排可不填（取绩效目标表的资金总额）。"
         "报告印作“（一）项目名称…万元，其中：来源…万元。主要用于……。详见…表。”")

NATURES = ("财政核拨", "财政补助", "经费自理")
OPERATORS = ("≥", "≤", "=", ">", "<")
LEVEL1 = ("产出指标", "效益指标", "满意度指标", "成本指标")

DEPARTMENT_CODE = Pair("部门编码", ("department_code",), "code", "按单位列示的表中部门行的编码，如 315；可不填", required=False)
OVERVIEW = PairSheet("部门概况", "部门概况", (
    Pair("报告类型", ("kind",), "kind", "部门预算 或 部门决算"),
    Pair("模板配置", ("profile",), "text", "报告格式：disclosure profiles list 列出可用的"),
    Pair("年度", ("year",), "int", "预算年度，如 2025"),
    Pair("部门名称", ("department",), "text", "全称，如 宁德市医疗保障局"),
    Pair("机关行政科室数（个）", ("overview", "structure", "offices"), "int", "印作“包括 N 个机关行政科室”"),
    Pair("下属单位数（个）", ("overview", "structure", "subordinate_units"), "int", "印作“及 N 个下属单位”"),
    Pair("主要职责导语", ("overview", "duties", "intro"), "text", "印在“……的主要职责是：”之后，可不填"),
    Pair("主要任务概述", ("overview", "tasks", "summary"), "text", "印在“××年，××主要任务是：”之后，句末不加句号"),
    DEPARTMENT_CODE,
))

REASONS_NOTE = "句末不加句号"
EXPLANATIONS = PairSheet("变动原因与上年数", "上年数和变动原因", (
    Pair("上年收入预算", ("explanations", "previous", "income_total"), "money", "万元"),
    Pair("上年支出预算", ("explanations", "previous", "expenditure_total"), "money", "万元"),
    Pair("上年一般公共预算拨款支出", ("explanations", "previous", "general_budget_total"), "money", "万元"),
    Pair("上年因公出国（境）费用", ("explanations", "previous", "three_public", "outbound"), "money", "万元"),
    Pair("上年公务接待费", ("explanations", "previous", "three_public", "reception"), "money", "万元"),
    Pair("上年公务用车购置费", ("explanations", "previous", "three_public", "vehicle_purchase"), "money", "万元"),
    Pair("上年公务用车运行费", ("explanations", "previous", "three_public", "vehicle_operation"), "money", "万元"),
    Pair("收入预算变动原因", ("explanations", "reasons", "income_change"), "text", REASONS_NOTE),
    Pair("支出预算变动原因", ("explanations", "reasons", "expenditure_change"), "text", REASONS_NOTE),
    Pair("一般公共预算拨款支出变动原因", ("explanations", "reasons", "general_budget_change"), "text", REASONS_NOTE),
    Pair("过紧日子说明", ("explanations", "reasons", "general_budget_austerity"), "text", "可不填；照原文印出"),
    Pair("因公出国（境）经费说明", ("explanations", "reasons", "three_public", "outbound"), "text", REASONS_NOTE),
    Pair("公务接待费说明", ("explanations", "reasons", "three_public", "reception"), "text", REASONS_NOTE),
    Pair("公务用车购置及运行费说明", ("explanations", "reasons", "three_public", "vehicle"), "text", REASONS_NOTE),
    # counts the text prints that no table shows in full; blank: counted from the tables
    Pair("设置绩效目标的项目个数（可不填）", ("explanations", "counts", "projects_with_targets"), "int",
         "多于报告印出的绩效目标表时填写；印作“共设置N个项目绩效目标”", required=False),
    Pair("设置绩效目标的项目涉及财政拨款资金（可不填）", ("explanations", "counts", "funds_with_targets"), "money",
         "万元；与上一行一同填写，印作“共涉及财政拨款资金…万元”", required=False),
    Pair("一级项目个数（可不填）", ("explanations", "counts", "first_level_projects"), "int", "个", required=False),
))

_OM = ("other_matters",)
_VEH = ("other_matters", "assets", "vehicles")
OTHER = PairSheet("其他重要事项", "其他重要事项说明", (
    Pair("机关运行经费", _OM + ("operating_costs", "amount"), "money", "万元"),
    Pair("上年机关运行经费", _OM + ("operating_costs", "previous"), "money", "万元"),
    Pair("机关运行经费变动原因", _OM + ("operating_costs", "reason"), "text", REASONS_NOTE),
    Pair("政府采购预算：货物", _OM + ("procurement", "goods"), "money", "万元"),
    Pair("政府采购预算：工程", _OM + ("procurement", "works"), "money", "万元"),
    Pair("政府采购预算：服务", _OM + ("procurement", "services"), "money", "万元"),
    Pair("政府采购预算合计（可不填）", _OM + ("procurement", "total"), "money", "程序计算；填写则核对"),
    Pair("车辆：省部级领导干部用车", _VEH + ("ministerial",), "int", "截至上年12月31日，辆"),
    Pair("车辆：机要通信用车", _VEH + ("confidential",), "int", "辆"),
    Pair("车辆：应急保障用车", _VEH + ("emergency",), "int", "辆"),
    Pair("车辆：执法执勤用车", _VEH + ("law_enforcement",), "int", "辆"),
    Pair("车辆：特种专业技术用车", _VEH + ("special",), "int", "辆"),
    Pair("车辆：其他用车", _VEH + ("other",), "int", "辆"),
    Pair("车辆合计（可不填）", _VEH + ("total",), "int", "程序计算；填写则核对"),
    Pair("单位价值100万元（含）以上设备（台、套）", _OM + ("assets", "equipment_over_1m"), "int", "截至上年12月31日"),
    Pair("本年预算安排购置车辆（辆）", _OM + ("assets", "planned_vehicles"), "int", ""),
    Pair("本年预算安排购置100万元（含）以上设备（台、套）", _OM + ("assets", "planned_equipment_over_1m"), "int", ""),
    Pair("绩效目标其他说明", ("performance", "note"), "text", "如：本部门无其他需要说明的绩效目标情况。"),
))

# Sheet order in the workbook, and what the 填表说明 sheet says about each.
ORDER = (
    (OVERVIEW, "部门名称、年度、机构设置，以及职责和任务的导语"),
    (UNITS, "预算单位构成表：单位名称、经费性质、在职人数"),
    (DUTIES, "第一部分 主要职责"),
    (TASKS, "第一部分 主要任务"),
    *((t, "第二部分 " + t.title) for t in TABLES),
    (THREE_PUBLIC, "第二部分 " + THREE_PUBLIC.title),
    (EXPLANATIONS, "第三部分 上年数和收入、支出、“三公”经费的变动原因"),
    (PURPOSES, "第三部分 各项级科目“主要用于……”的说明"),
    (OTHER, "其他重要事项：机关运行经费、政府采购、国有资产占用情况"),
    (PROJECTS, "预算绩效目标表：每个项目的依据、可行性、资金和目标"),
    (INDICATORS, "预算绩效目标表：每个项目的绩效指标"),
    (GLOSSARY, "名词解释"),
)

# Standard sheets outside ORDER (a workbook has them only where needed), with their 填表说明 line.
OPTIONAL = ((PROJECT_NOTES, "第三部分 部分项目情况说明：项目金额、资金来源、用途和所指的表"),)

_TRAILING_NOTE = re.compile(r"（[^（）]*）$")


def header_text(text) -> str:
    """Header text without spaces, with full-width parentheses."""
    return re.sub(r"\s+", "", str(text or "")).replace("(", "（").replace(")", "）")


def header_key(text) -> str:
    """Header or label text as matched: no spaces, full-width parentheses, no trailing note in them."""
    squeezed = header_text(text)
    return _TRAILING_NOTE.sub("", squeezed) or squeezed


def table_sheet(order, path: tuple) -> "TableSheet | None":
    """The sheet of `order` that holds the rows at `path` (a profile's own 公开项目说明 …), if any."""
    return next((spec for spec, _ in order if isinstance(spec, TableSheet) and spec.path == path), None)


def order_for_profile(name, profile_dirs=None, written_with: str = "") -> tuple:
    """The sheets of the workbook of the profile `name` (its `workbook:`, xlsx/sheets.py). A profile that
    cannot be found: the workbook it was written with (`written_with`, recorded in the file), else the
    standard sheets (validation reports the profile)."""
    from generator.errors import DisclosureError
    from generator.profile import load_profile
    from generator.xlsx import sheets
    try:
        return sheets.order_for(load_profile(str(name), profile_dirs))
    except DisclosureError:
        try:
            return sheets.load(sheets.find(written_with, profile_dirs or ())) if written_with else ORDER
        except DisclosureError:
            return ORDER
