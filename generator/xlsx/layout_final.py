"""What each sheet of the final-accounts (部门决算) workbook holds; the budget workbook is in layout.py.

Shared by the writer (xlsx/final_writer.py) and the reader (inputs/xlsx_final.py). Built from the same
pieces as the budget layout (Column, TableSheet, Pair, PairSheet): headers and labels are matched by
their text. Unlike the budget, a 决算 table is entered as published: 类 and 款 rows may be entered too
(they are stated subtotals, checked against their 项 rows).
"""

from __future__ import annotations

from generator.xlsx.layout import DEPARTMENT_CODE, DUTIES, GLOSSARY, NAME, ROW_TOTAL, Column, Pair, PairSheet, TableSheet, _code

NATURES = ("行政单位", "参照公务员法管理事业单位", "财政补助事业单位", "经费自理事业单位", "其他")
GRADES = ("优", "良", "中", "差")
LEVEL1 = ("产出指标", "效益指标", "满意度指标", "成本指标")
REASON = "句末不加句号"

# --- 第一部分 ----------------------------------------------------------------------------------

OVERVIEW = PairSheet("部门概况", "部门概况", (
    Pair("报告类型", ("kind",), "kind", "部门预算 或 部门决算"),
    Pair("模板配置", ("profile",), "text", "报告格式：disclosure profiles list 列出可用的"),
    Pair("年度", ("year",), "int", "决算年度，如 2024"),
    Pair("部门名称", ("department",), "text", "全称，如 三明市医疗保障局"),
    Pair("机关行政科室数（个）", ("overview", "structure", "offices"), "int", "印作“包括 N 个机关行政处（科）室”"),
    Pair("下属单位数（个）", ("overview", "structure", "subordinate_units"), "int", "印作“及 N 个下属单位”"),
    Pair("主要职责导语", ("overview", "duties", "intro"), "text", "印在“……的主要职责是：”之后，可不填"),
    Pair("主要任务概述", ("overview", "tasks", "summary"), "text",
         "印在“××年，××主要任务是：”之后，句末不加句号"),
    DEPARTMENT_CODE,
))

UNITS = TableSheet("决算单位构成", "决算单位构成", ("overview", "units"), (
    Column("单位名称", "name", "text", 36), Column("经费性质", "nature", "text", 20),
    Column("在职人数", "staff", "int", 10)),
    note="列入部门决算编制范围的每个单位一行；经费性质可从下拉列表选择，也可直接输入。")

TASKS = TableSheet("工作总结", "部门主要工作总结", ("overview", "tasks", "items"), (
    Column("序号", "#", "skip", 6, required=False), Column("标题", "title", "text", 30),
    Column("具体内容", "body", "text", 100)),
    note="每项工作一行：标题句末不加句号，报告中印作“（一）标题。具体内容”。")

# --- 第二部分 ----------------------------------------------------------------------------------

_T = ("tables",)
_S = ("tables", "summary")
_F = ("tables", "fiscal_summary")
STATED = "表中印出的数；可不填，填写则核对"
SUMMARY = PairSheet("总表数字", "收入支出决算总表、财政拨款收入支出决算总表等表中不由明细行相加的数字", (
    Pair("一般公共预算财政拨款收入", _S + ("fiscal_income", "general_budget"), "money", "公开01表 一、"),
    Pair("政府性基金预算财政拨款收入", _S + ("fiscal_income", "government_fund"), "money", "公开01表 二、"),
    Pair("国有资本经营预算财政拨款收入", _S + ("fiscal_income", "state_capital"), "money", "公开01表 三、"),
    Pair("使用非财政拨款结余（含专用结余）", _S + ("use_non_fiscal_balance",), "money", "公开01表"),
    Pair("结余分配", _S + ("distribution",), "money", "公开01表"),
    Pair("年初结转和结余", _S + ("opening_balance",), "money", "公开01表；应等于上年的年末结转和结余"),
    Pair("年末结转和结余", _S + ("closing_balance",), "money", "公开01表"),
    Pair("本年收入合计（可不填）", _S + ("stated", "income_total"), "money", "公开01表；" + STATED),
    Pair("本年支出合计（可不填）", _S + ("stated", "expenditure_total"), "money", "公开01表；" + STATED),
    Pair("总计（可不填）", _S + ("stated", "total"), "money", "公开01表；" + STATED),
    Pair("年初财政拨款结转和结余：一般公共预算", _F + ("opening", "general_budget"), "money", "公开04表"),
    Pair("年初财政拨款结转和结余：政府性基金预算", _F + ("opening", "government_fund"), "money", "公开04表"),
    Pair("年初财政拨款结转和结余：国有资本经营预算", _F + ("opening", "state_capital"), "money", "公开04表"),
    Pair("年末财政拨款结转和结余：一般公共预算", _F + ("closing", "general_budget"), "money", "公开04表"),
    Pair("年末财政拨款结转和结余：政府性基金预算", _F + ("closing", "government_fund"), "money", "公开04表"),
    Pair("年末财政拨款结转和结余：国有资本经营预算", _F + ("closing", "state_capital"), "money", "公开04表"),
    Pair("财政拨款本年收入合计（可不填）", _F + ("stated", "income_total"), "money", "公开04表；" + STATED),
    Pair("财政拨款本年支出合计（可不填）", _F + ("stated", "expenditure_total"), "money", "公开04表；" + STATED),
    Pair("财政拨款总计（可不填）", _F + ("stated", "total"), "money", "公开04表；" + STATED),
    Pair("人员经费合计（可不填）", _T + ("economic_basic", "stated", "personnel"), "money", "公开06表；" + STATED),
    Pair("公用经费合计（可不填）", _T + ("economic_basic", "stated", "public"), "money", "公开06表；" + STATED),
), note="金额留空即为 0；“可不填”的数由程序计算，填写表中印出的数则按印出的数公开并核对尾差")

FUNCTION_NOTE = "按表中印出的行逐行填写：类（3位）、款（5位）行可以填写（程序核对），也可只填项级（7位）行；合计行可不填。"
INCOME_COLUMNS = (
    ("财政拨款收入", "fiscal"), ("上级补助收入", "superior_subsidy"), ("事业收入", "business"),
    ("经营收入", "operating"), ("附属单位上缴收入", "subordinate_remit"), ("其他收入", "other"),
)
EXPENDITURE_COLUMNS = (
    ("基本支出", "basic"), ("项目支出", "project"), ("上缴上级支出", "remit_superior"),
    ("经营支出", "operating"), ("对附属单位补助支出", "subsidy_subordinate"),
)
FUND_COLUMNS = (("基本支出", "basic"), ("项目支出", "project"))


def _function_table(name, title, key, amounts, note=FUNCTION_NOTE):
    columns = (_code(), NAME, ROW_TOTAL) + tuple(Column(h, k) for h, k in amounts)
    return TableSheet(name, title, _T + (key,), columns, "row", note)


INCOME = _function_table("收入决算表", "收入决算表（公开02表）", "income", INCOME_COLUMNS)
EXPENDITURE = _function_table("支出决算表", "支出决算表（公开03表）", "expenditure", EXPENDITURE_COLUMNS)
GENERAL_BUDGET = _function_table("一般公共预算财政拨款支出表", "一般公共预算财政拨款支出决算表（公开05表）",
                                 "general_budget", FUND_COLUMNS)
BASIC = TableSheet("基本支出决算表", "一般公共预算财政拨款基本支出决算表（公开06表）", _T + ("economic_basic", "rows"), (
    _code("econ"), NAME, Column("金额", "amount")),
    note="按经济分类填写金额不为 0 的类（3位）和款（5位）行，按表中顺序；表中其余各行由程序按目录印为 0.00。"
         "人员经费合计和公用经费合计填在“总表数字”表。")
THREE_PUBLIC = TableSheet("三公经费决算表", "一般公共预算财政拨款“三公”经费支出决算表（公开07表）", _T + ("three_public",), (
    Column("合计（可不填）", "total", optional=True), Column("因公出国（境）费", "outbound", width=18),
    Column("公务用车购置及运行维护费（可不填）", "vehicle_total", optional=True, width=24),
    Column("公务用车购置费", "vehicle_purchase", width=16), Column("公务用车运行维护费", "vehicle_operation", width=18),
    Column("公务接待费", "reception")),
    note="只填一行决算数。合计和公务用车小计由程序计算，可不填（填写则按填写的数公开并核对）。"
         "全年预算数和上年决算数填在“上年决算数与变动原因”表。")
GOVERNMENT_FUND = TableSheet("政府性基金决算表", "政府性基金预算财政拨款收入支出决算表（公开08表）", _T + ("government_fund",), (
    _code(), NAME, Column("年初结转和结余", "opening"), Column("本年收入", "income"), Column("基本支出", "basic"),
    Column("项目支出", "project"), Column("年末结转和结余", "closing")),
    note=FUNCTION_NOTE.replace("合计行可不填。", "本年支出小计由程序计算。没有数据的空表保留表头即可。"))
STATE_CAPITAL = _function_table("国有资本经营决算表", "国有资本经营预算财政拨款支出决算表（公开09表）", "state_capital",
                                FUND_COLUMNS, FUNCTION_NOTE + "没有数据的空表保留表头即可。")
# Function-classification tables: `path` is the table itself ({total?, rows}); 合计 row when total="row".
TABLES = (INCOME, EXPENDITURE, GENERAL_BUDGET, GOVERNMENT_FUND, STATE_CAPITAL)

# --- 第三部分 ----------------------------------------------------------------------------------

_P = ("explanations", "previous")
_B = ("explanations", "budget", "three_public")
_R = ("explanations", "reasons")
_N = ("explanations", "three_public_facts")
EXPLANATIONS = PairSheet("上年决算数与变动原因", "上年决算数、“三公”经费全年预算数和变动原因", (
    Pair("上年收入支出总计", _P + ("total",), "money", "上年决算，万元"),
    Pair("上年本年收入合计", _P + ("income_total",), "money", "上年决算，万元"),
    Pair("上年本年支出合计", _P + ("expenditure_total",), "money", "上年决算，万元"),
    Pair("上年财政拨款收入支出总计", _P + ("fiscal_total",), "money", "上年决算，万元"),
    Pair("上年一般公共预算财政拨款支出", _P + ("general_budget_total",), "money", "上年决算，万元"),
    Pair("上年政府性基金预算财政拨款支出", _P + ("government_fund_total",), "money", "上年决算，万元"),
    Pair("上年国有资本经营预算财政拨款支出", _P + ("state_capital_total",), "money", "上年决算，万元"),
    Pair("上年因公出国（境）费", _P + ("three_public", "outbound"), "money", "上年决算，万元"),
    Pair("上年公务用车购置费", _P + ("three_public", "vehicle_purchase"), "money", "上年决算，万元"),
    Pair("上年公务用车运行维护费", _P + ("three_public", "vehicle_operation"), "money", "上年决算，万元"),
    Pair("上年公务接待费", _P + ("three_public", "reception"), "money", "上年决算，万元"),
    Pair("全年预算：因公出国（境）费", _B + ("outbound",), "money", "本年“三公”经费全年预算数，万元"),
    Pair("全年预算：公务用车购置费", _B + ("vehicle_purchase",), "money", "万元"),
    Pair("全年预算：公务用车运行维护费", _B + ("vehicle_operation",), "money", "万元"),
    Pair("全年预算：公务接待费", _B + ("reception",), "money", "万元"),
    Pair("收入支出总计变动原因", _R + ("total_change",), "text", REASON),
    Pair("财政拨款收支变动原因", _R + ("fiscal_change",), "text", REASON),
    Pair("政府性基金预算支出说明", _R + ("government_fund",), "text", "如：本部门××年度没有使用政府性基金预算拨款安排的支出"),
    Pair("国有资本经营预算支出说明", _R + ("state_capital",), "text", "如：本部门××年度没有使用国有资本经营预算拨款安排的支出"),
    Pair("“三公”经费变动原因", _R + ("three_public", "total"), "text", REASON),
    Pair("因公出国（境）费说明", _R + ("three_public", "outbound"), "text", REASON),
    Pair("公务用车购置费说明", _R + ("three_public", "vehicle_purchase"), "text", REASON),
    Pair("公务用车运行维护费说明", _R + ("three_public", "vehicle_operation"), "text", REASON),
    Pair("公务接待费说明", _R + ("three_public", "reception"), "text", REASON),
    Pair("本部门组织的出国团组（个）", _N + ("outbound_groups",), "int", ""),
    Pair("参加其他部门出国团组（个）", _N + ("outbound_joined_groups",), "int", ""),
    Pair("因公出国（境）累计人次", _N + ("outbound_people",), "int", ""),
    Pair("公务用车购置数（辆）", _N + ("vehicles_purchased",), "int", ""),
    Pair("公务用车保有量（辆）", _N + ("vehicles_held",), "int", "截至本年12月31日"),
    Pair("公务接待批次", _N + ("reception_batches",), "int", ""),
    Pair("公务接待人次", _N + ("reception_people",), "int", ""),
), note="上年“三公”经费四项或全年预算四项，填了任一项则其余空格为 0；全部留空则视为未填写")

ITEMS = TableSheet("科目变动原因", "一般公共预算财政拨款支出各项目的上年决算数和变动原因", ("explanations",), (
    _code(), NAME, Column("上年决算数", "previous", width=16), Column("变动原因", "reason", "text", 60)),
    note="一般公共预算财政拨款支出决算表中的每个项级科目一行：上年决算数和变动原因（句末不加句号）。")

# --- 其他重要事项 -------------------------------------------------------------------------------

_OM = ("other_matters",)
_PR = ("other_matters", "procurement")
_VEH = ("other_matters", "assets", "vehicles")
OTHER = PairSheet("其他重要事项", "其他重要事项说明", (
    Pair("机关运行经费", _OM + ("operating_costs", "amount"), "money", "万元"),
    Pair("上年机关运行经费", _OM + ("operating_costs", "previous"), "money", "万元"),
    Pair("机关运行经费变动原因", _OM + ("operating_costs", "reason"), "text", REASON),
    Pair("政府采购支出：货物", _PR + ("goods",), "money", "万元"),
    Pair("政府采购支出：工程", _PR + ("works",), "money", "万元"),
    Pair("政府采购支出：服务", _PR + ("services",), "money", "万元"),
    Pair("授予中小企业合同金额：货物", _PR + ("sme", "goods"), "money", "万元；占比由程序计算"),
    Pair("授予中小企业合同金额：工程", _PR + ("sme", "works"), "money", "万元"),
    Pair("授予中小企业合同金额：服务", _PR + ("sme", "services"), "money", "万元"),
    Pair("其中授予小微企业合同金额", _PR + ("small_micro",), "money", "万元"),
    Pair("车辆：副部（省）级以上领导用车", _VEH + ("vice_ministerial",), "int", "截至本年12月31日，辆"),
    Pair("车辆：主要领导干部用车", _VEH + ("principal",), "int", "辆"),
    Pair("车辆：机要通信用车", _VEH + ("confidential",), "int", "辆"),
    Pair("车辆：应急保障用车", _VEH + ("emergency",), "int", "辆"),
    Pair("车辆：执法执勤用车", _VEH + ("law_enforcement",), "int", "辆"),
    Pair("车辆：特种专业技术用车", _VEH + ("special",), "int", "辆"),
    Pair("车辆：离退休干部用车", _VEH + ("retired",), "int", "辆"),
    Pair("车辆：其他用车", _VEH + ("other",), "int", "辆；车辆合计由程序计算"),
    Pair("其他用车主要用途", _OM + ("assets", "other_vehicles_use"), "text", "印在“其他用车主要是”之后，句末不加标点"),
    Pair("单位价值100万元以上设备（台、套）", _OM + ("assets", "equipment_over_1m"), "int", "不含车辆，截至本年12月31日"),
))

# --- 绩效自评 -----------------------------------------------------------------------------------

_PROJECT_NAME = Column("项目名称", "project", "text", 36)
PROJECTS = TableSheet("绩效自评项目", "项目支出绩效自评表：项目和资金", ("performance", "projects"), (
    Column("项目名称", "name", "text", 36), Column("情况说明中的简称", "short_name", "text", 20, required=False),
    Column("主管部门", "department", "text", 20), Column("实施单位", "unit", "text", 24),
    Column("项目概况", "summary", "text", 60), Column("主要成效", "results", "text", 60),
    Column("当年财政拨款：年初预算数", "funds.fiscal.initial", width=14),
    Column("当年财政拨款：全年预算数", "funds.fiscal.full_year", width=14),
    Column("当年财政拨款：全年执行数", "funds.fiscal.executed", width=14),
    Column("其他资金：年初预算数", "funds.other.initial", width=14),
    Column("其他资金：全年预算数", "funds.other.full_year", width=14),
    Column("其他资金：全年执行数", "funds.other.executed", width=14),
    Column("上年结转资金：年初预算数", "funds.carryover.initial", width=14),
    Column("上年结转资金：全年预算数", "funds.carryover.full_year", width=14),
    Column("上年结转资金：全年执行数", "funds.carryover.executed", width=14),
    Column("资金分值", "funds.weight", "num", 10), Column("资金得分", "funds.score", "num", 10),
    Column("部门评价等次", "department_grade", "text", 12)),
    note="每个自评项目一行；年度目标、自评指标、问题与建议填在后面三张表，按项目名称对应。"
         "资金分值和得分留空即为 10；执行率、总分和评价等级由程序计算。")
GOALS = TableSheet("年度目标", "项目支出绩效自评表：年度总体目标", ("performance", "projects"), (
    _PROJECT_NAME, Column("预期目标", "expected", "text", 60), Column("实际完成情况", "actual", "text", 60)),
    note="每条年度总体目标一行；项目名称须与“绩效自评项目”表一致。")
INDICATORS = TableSheet("自评指标", "项目支出绩效自评表：绩效指标", ("performance", "projects"), (
    _PROJECT_NAME, Column("一级指标", "level1", "text", 12), Column("二级指标", "level2", "text", 16),
    Column("三级指标", "name", "text", 30), Column("符号", "op", "op", 8),
    Column("年度指标值", "target", "text", 12), Column("单位", "unit", "text", 10),
    Column("实际完成值", "actual", "text", 12), Column("分值", "weight", "num", 8),
    Column("得分", "score", "num", 8), Column("偏差原因分析及改进措施", "deviation", "text", 40, required=False)),
    note="每个指标一行，按自评表中的顺序；项目名称须与“绩效自评项目”表一致。每个项目至少一个指标。")
PROBLEMS = TableSheet("问题与建议", "项目支出绩效自评：存在的问题和改进措施", ("performance", "projects"), (
    _PROJECT_NAME, Column("问题类型", "type", "text", 16), Column("存在问题", "problem", "text", 60),
    Column("改进措施", "suggestion", "text", 60)),
    note="每个问题一行；项目名称须与“绩效自评项目”表一致。")

# Sheet order in the workbook, and what the 填表说明 sheet says about each.
ORDER = (
    (OVERVIEW, "部门名称、年度、机构设置，以及职责和工作总结的导语"),
    (UNITS, "第一部分 决算单位构成：单位名称、经费性质、在职人数"),
    (DUTIES, "第一部分 主要职责（含分项）"),
    (TASKS, "第一部分 部门主要工作总结"),
    (SUMMARY, "第二部分 公开01表、公开04表和公开06表中不由明细行相加的数字"),
    (INCOME, "第二部分 公开02表 收入决算表"),
    (EXPENDITURE, "第二部分 公开03表 支出决算表"),
    (GENERAL_BUDGET, "第二部分 公开05表 一般公共预算财政拨款支出决算表"),
    (BASIC, "第二部分 公开06表 一般公共预算财政拨款基本支出决算表（经济分类）"),
    (THREE_PUBLIC, "第二部分 公开07表 “三公”经费支出决算表"),
    (GOVERNMENT_FUND, "第二部分 公开08表 政府性基金预算财政拨款收入支出决算表"),
    (STATE_CAPITAL, "第二部分 公开09表 国有资本经营预算财政拨款支出决算表"),
    (EXPLANATIONS, "第三部分 上年决算数、“三公”经费全年预算数、变动原因和“三公”经费的数量"),
    (ITEMS, "第三部分 一般公共预算财政拨款支出各项级科目的上年决算数和变动原因"),
    (OTHER, "其他重要事项：机关运行经费、政府采购、国有资产占用情况"),
    (PROJECTS, "第五部分 项目支出绩效自评表：项目概况、资金、分值、评价等次"),
    (GOALS, "第五部分 项目支出绩效自评表：年度总体目标"),
    (INDICATORS, "第五部分 项目支出绩效自评表：绩效指标"),
    (PROBLEMS, "第五部分 绩效自评：问题和改进措施"),
    (GLOSSARY, "第四部分 名词解释"),
)
