"""The report data model: what an officer enters for one department and one year.

Only detail rows and words are entered; every total is derived (generator.derive). Optional `total`
fields hold totals that an input states (a pasted table); rules check them against the derived ones.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from generator.model.types import EconomicCode, FunctionCode, Money

ZERO = Decimal("0")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


# --- 第一部分 部门概况 ---------------------------------------------------------------------

class Unit(Strict):
    code: str = ""  # 单位编码 (608001), where tables by 单位 print it
    name: str = Field(min_length=1)
    nature: str = Field(min_length=1)  # 经费性质 (财政核拨 …) or 单位性质 (行政单位 …), as the profile heads it
    staff: int | None = Field(None, ge=0)  # 在职人数 (not printed by every profile)


class DutyItem(Strict):
    text: str = Field(min_length=1)
    details: list[str] = []  # numbered sub-paragraphs (1. … 2. …)


class Duties(Strict):
    intro: str = ""
    items: list[str | DutyItem] = Field(min_length=1)


class Structure(Strict):
    offices: int = Field(ge=0)
    subordinate_units: int = Field(ge=0)


class Task(Strict):
    title: str = Field(min_length=1)
    body: str = ""


class Tasks(Strict):
    summary: str = ""
    items: list[Task] = []


class Overview(Strict):
    duties: Duties
    structure: Structure | None = None  # printed by 福建 profiles (S-REQUIRED there)
    units: list[Unit] = Field(min_length=1)
    tasks: Tasks


# --- 第二部分 tables ----------------------------------------------------------------------

INCOME_SOURCES = (
    "general_budget", "government_fund", "state_capital", "special_account", "business",
    "operating", "superior_subsidy", "subordinate_remit", "other", "carryover",
    "transfer_general_budget", "transfer_government_fund",
)
UNIT_FUND_SOURCES = ("business", "operating", "superior_subsidy", "subordinate_remit", "other")  # 单位资金
FISCAL_SOURCES = ("general_budget", "government_fund", "state_capital")
EXPENDITURE_KINDS = ("basic", "project", "operating", "remit_superior", "subsidy_subordinate")
FUND_KINDS = ("basic", "project")


class IncomeAmounts(Strict):
    general_budget: Money = ZERO
    government_fund: Money = ZERO
    state_capital: Money = ZERO
    special_account: Money = ZERO
    business: Money = ZERO
    operating: Money = ZERO
    superior_subsidy: Money = ZERO
    subordinate_remit: Money = ZERO
    other: Money = ZERO
    carryover: Money = ZERO
    transfer_general_budget: Money = ZERO  # 上级转移支付（提前下达一般公共预算）
    transfer_government_fund: Money = ZERO  # 上级转移支付（提前下达政府性基金预算）


class IncomeRow(IncomeAmounts):
    code: FunctionCode
    name: str | None = None
    total: Money | None = None


class IncomeStated(Strict):
    total: Money | None = None
    general_budget: Money | None = None
    government_fund: Money | None = None
    state_capital: Money | None = None
    special_account: Money | None = None
    business: Money | None = None
    operating: Money | None = None
    superior_subsidy: Money | None = None
    subordinate_remit: Money | None = None
    other: Money | None = None
    carryover: Money | None = None
    transfer_general_budget: Money | None = None
    transfer_government_fund: Money | None = None


class IncomeTable(Strict):
    total: IncomeStated | None = None
    rows: list[IncomeRow] = []


class ExpenditureRow(Strict):
    code: FunctionCode
    name: str | None = None
    total: Money | None = None
    basic: Money = ZERO
    project: Money = ZERO
    operating: Money = ZERO
    remit_superior: Money = ZERO
    subsidy_subordinate: Money = ZERO


class ExpenditureStated(Strict):
    total: Money | None = None
    basic: Money | None = None
    project: Money | None = None
    operating: Money | None = None
    remit_superior: Money | None = None
    subsidy_subordinate: Money | None = None


class ExpenditureTable(Strict):
    total: ExpenditureStated | None = None
    rows: list[ExpenditureRow] = []


class FundRow(Strict):
    code: FunctionCode
    name: str | None = None
    total: Money | None = None
    basic: Money = ZERO
    project: Money = ZERO


class FundStated(Strict):
    total: Money | None = None
    basic: Money | None = None
    project: Money | None = None


class FundTable(Strict):
    """一般公共预算 / 政府性基金 / 国有资本经营 拨款支出: 基本 and 项目 per 项."""

    total: FundStated | None = None
    rows: list[FundRow] = []


class EconomicRow(Strict):
    code: EconomicCode
    name: str | None = None
    amount: Money = ZERO


class EconomicTable(Strict):
    total: Money | None = None
    rows: list[EconomicRow] = []


class ThreePublicAmounts(Strict):
    outbound: Money = ZERO  # 因公出国（境）费用
    reception: Money = ZERO  # 公务接待费
    vehicle_purchase: Money = ZERO  # 公务用车购置费
    vehicle_operation: Money = ZERO  # 公务用车运行费


class ThreePublic(ThreePublicAmounts):
    total: Money | None = None
    vehicle_total: Money | None = None


class BudgetTables(Strict):
    # Tables that a profile declares (templates/tables/, generator.tables) sit beside these, under their
    # own keys; the pipeline checks them against the declarations.
    model_config = ConfigDict(extra="allow", str_strip_whitespace=True)
    income: IncomeTable
    expenditure: ExpenditureTable
    general_budget: FundTable
    government_fund: FundTable = FundTable()
    state_capital: FundTable = FundTable()
    economic_general_budget: EconomicTable = EconomicTable()
    economic_basic: EconomicTable
    three_public: ThreePublic = ThreePublic()


# --- 第三部分 words and last year's figures -------------------------------------------------

class Open(Strict):
    """A part of the model where a profile adds figures or words of its own (named with their labels in
    its `required`, `texts` or `fields`; generator.model.fields checks the names and fills defaults)."""

    model_config = ConfigDict(extra="allow", str_strip_whitespace=True)


class Previous(Open):
    __pydantic_extra__: dict[str, Money | None] = Field(init=False)  # e.g. 安徽 project_total (上年项目支出)
    income_total: Money | None = None
    expenditure_total: Money | None = None
    general_budget_total: Money | None = None
    three_public: ThreePublicAmounts | None = None
    items: dict[FunctionCode, Money] = {}  # 一般公共预算 per 项, where the profile compares items


class ThreePublicReasons(Strict):
    outbound: str = ""
    reception: str = ""
    vehicle: str = ""


class Reasons(Open):
    __pydantic_extra__: dict[str, str] = Field(init=False)  # e.g. 安徽 project_change (项目支出变动原因)
    income_change: str = ""
    expenditure_change: str = ""
    general_budget_change: str = ""
    general_budget_austerity: str = ""
    three_public: ThreePublicReasons = ThreePublicReasons()
    items: dict[FunctionCode, str] = {}  # reason for the change of one 项


class ItemPart(Strict):
    """One part of a 项 explained in parts (its 基本支出 and its 项目支出 …). `part` is the part's name as
    printed; where it is a column of the profile's 项 table (`item_table`), the amount is that column's
    figure for the 项 (typed, it is checked: R-EXPL-PART-AMOUNT); any other part states its amount."""

    part: str = Field(min_length=1)
    amount: Money | None = None
    purpose: str = ""


class Counts(Open):
    """Counts the text prints that no table shows in full, and the money of the projects counted
    (R-EXPL-COUNT checks them against what the tables do show); a profile names counts of its own in
    `fields` (type: count)."""

    __pydantic_extra__: dict[str, int] = Field(init=False)
    projects_with_targets: int | None = Field(None, ge=0)  # 设置绩效目标的项目个数 (more than the tables printed)
    funds_with_targets: Money | None = None  # their 财政拨款资金 (涉及财政拨款资金…万元), stated with the count
    first_level_projects: int | None = Field(None, ge=0)  # 一级项目个数


class Explanations(Strict):
    previous: Previous = Previous()
    reasons: Reasons = Reasons()
    item_purposes: dict[FunctionCode, str | Annotated[list[ItemPart], Field(min_length=1)]] = {}  # 用途, or the 项 explained in parts
    counts: Counts = Counts()
    item_names: dict[FunctionCode, str] = {}  # a 项 as the text names it, when not from the catalogue
    project_purpose: str = ""  # 项目支出主要用于…


class OperatingCosts(Strict):
    amount: Money
    previous: Money | None = None
    reason: str = ""


class Procurement(Strict):
    goods: Money = ZERO
    works: Money = ZERO
    services: Money = ZERO
    total: Money | None = None


class Vehicles(Strict):
    ministerial: int = Field(0, ge=0)  # 省部级领导干部用车
    confidential: int = Field(0, ge=0)  # 机要通信用车
    emergency: int = Field(0, ge=0)  # 应急保障用车
    law_enforcement: int = Field(0, ge=0)  # 执法执勤用车
    special: int = Field(0, ge=0)  # 特种专业技术用车
    other: int = Field(0, ge=0)  # 其他用车
    total: int | None = Field(None, ge=0)


class Assets(Open):
    __pydantic_extra__: dict[str, Money] = Field(init=False)  # counts and costs a profile prints (安徽: 通用设备 …)
    vehicles: Vehicles = Vehicles()
    equipment_over_1m: int = Field(0, ge=0)
    planned_vehicles: int = Field(0, ge=0)
    planned_equipment_over_1m: int = Field(0, ge=0)


class OtherMatters(Strict):
    operating_costs: OperatingCosts
    procurement: Procurement = Procurement()
    assets: Assets = Assets()


# --- 绩效目标 --------------------------------------------------------------------------------

TARGET_RE = re.compile(r"^\s*(?P<op>[≥≤=><]?)\s*(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>.*?)\s*$")
# 指标方向 as a report may print it: the symbol, or its words (大于等于 …); entered either way
DIRECTIONS = {"≥": "大于等于", "≤": "小于等于", "=": "等于", ">": "大于", "<": "小于"}
DIRECTION_OF = {**{v: k for k, v in DIRECTIONS.items()}, **{k: k for k in DIRECTIONS}, ">=": "≥", "<=": "≤"}


def split_target(target: str) -> tuple[str, str, str]:
    """“≥1.7万人” → ("≥", "1.7", "万人") when the parts give back exactly the text; words stay the value."""
    match = TARGET_RE.match(target or "")
    if match and match["op"] + match["num"] + match["unit"] == target:
        return match["op"], match["num"], match["unit"]
    return "", target or "", ""


def _text(value):
    """A number typed where words are expected (目标值 95, from a workbook cell) is its digits."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (int, float, Decimal)):
        return format(Decimal(str(value)).normalize(), "f") if not isinstance(value, int) else str(value)
    return value


class Indicator(Strict):
    """One 三级指标. Its target is entered as one text (`target: ≥95%`) or in parts (direction, value, measure);
    either way both forms print: `target` the one cell, the parts their own columns (generator.tables.projects)."""

    level1: str = Field(min_length=1)  # 一级指标
    level2: str = Field(min_length=1)  # 二级指标
    name: str = Field(min_length=1)  # 三级指标
    target: str = ""  # as printed in one cell: direction + value + unit, or words
    direction: str | None = None  # 指标方向: ≥ ≤ = > < (or 大于等于 … as words)
    value: str | None = None  # 目标值: a number or words
    measure: str | None = None  # 计量单位
    polarity: str | None = None  # 指标性质: 正向 / 反向
    detail: str | None = None  # 指标明细说明

    @field_validator("value", "measure", "detail", mode="before")
    @classmethod
    def _as_text(cls, value):
        return _text(value)

    @field_validator("direction")
    @classmethod
    def _direction(cls, value):
        if value is None or value == "":
            return None
        if value not in DIRECTION_OF:
            raise ValueError(f"指标方向应为 {'、'.join(DIRECTIONS)} 或 {'、'.join(DIRECTIONS.values())}，不是“{value}”")
        return DIRECTION_OF[value]

    @field_validator("polarity")
    @classmethod
    def _polarity(cls, value):
        if value not in (None, "", "正向", "反向"):
            raise ValueError(f"指标性质应为 正向 或 反向，不是“{value}”")
        return value or None

    @model_validator(mode="after")
    def _one_target(self):
        """The one-cell text and the parts say the same: entered one way, the other is filled for printing."""
        stated = self.direction is not None or self.value is not None or self.measure is not None
        if stated:
            joined = f"{self.direction or ''}{self.value or ''}{self.measure or ''}"
            if self.target and self.target != joined:
                raise ValueError(f"目标“{self.target}”与指标方向、目标值、计量单位（{joined}）不一致")
            if not self.target:
                self.target = joined
            if split_target(self.target) == (self.direction or "", self.value or "", self.measure or ""):
                # one form of the model: parts that the text gives back are not kept twice (convert compares)
                self.direction = self.value = self.measure = None
        return self

    def parts(self) -> tuple[str, str, str]:
        """(direction, value, unit) as printed in their own columns."""
        if self.direction is not None or self.value is not None or self.measure is not None:
            return self.direction or "", self.value or "", self.measure or ""
        return split_target(self.target)

    @property
    def parsed(self) -> tuple[str, Decimal | None, str]:
        """(operator, value, unit); value is None for a qualitative target."""
        match = TARGET_RE.match(self.target)
        if not match:
            return "", None, self.target
        return match["op"], Decimal(match["num"]), match["unit"]


class Plan(Strict):
    """资金投入计划 by quarter: shares (%, adding up to 100) or amounts (万元, adding up to the 预算资金)."""

    shares: list[Decimal] | None = Field(None, min_length=4, max_length=4)  # 一季度 … 四季度
    amounts: list[Money] | None = Field(None, min_length=4, max_length=4)

    @model_validator(mode="after")
    def _one_kind(self):
        if (self.shares is None) == (self.amounts is None):
            raise ValueError("投入计划填 shares（各季度占比 %）或 amounts（各季度金额）之一")
        return self

    @property
    def q(self) -> list[Decimal]:
        return list(self.shares if self.shares is not None else self.amounts)

    @property
    def text(self) -> str:
        """In one cell, as 整体支出 tables print it: 第一季度30%;第二季度60%;… (amounts in 万元)."""
        parts = []
        for n, value in zip("一二三四", self.q):
            if self.shares is not None:
                shown = f"{value:f}"
                shown = (shown.rstrip("0").rstrip(".") if "." in shown else shown) + "%"
            else:
                shown = f"{value:.2f}万元"
            parts.append(f"第{n}季度{shown}")
        return ";".join(parts)


class ProjectFunds(Strict):
    total: Money | None = None  # 资金总额 as stated; derived otherwise
    fiscal: Money = ZERO  # 财政拨款
    carryover: Money = ZERO  # 上年结转
    other: Money = ZERO  # 其他资金

    @property
    def amount(self) -> Decimal:
        """资金总额 as printed: the stated figure, else the sum (R-PERF-ROW checks the two agree)."""
        return self.total if self.total is not None else self.fiscal + self.carryover + self.other


class Project(Strict):
    name: str = Field(min_length=1)
    unit_code: str | None = None  # 单位编码 of the 实施单位, where a table of all projects prints it
    basis: str = ""  # 项目立项的依据
    feasibility: str = ""  # 项目申报的可行性
    unit: str = ""  # 实施单位 (安徽)
    source: str = ""  # 项目来源 (安徽)
    period: str = ""  # 项目期 (安徽), 实施期限
    department: str | None = None  # 主管部门, where each project's table prints its own
    scope: str | None = None  # 资金使用范围
    funds: ProjectFunds
    total_goal: str | None = None  # 总目标, where the table prints it beside the 年度目标
    goal: str = ""  # 项目实施期目标 (年度目标)
    plan: Plan | None = None  # 资金投入计划 by quarter (R-PERF-QUARTER-SHARE, R-PERF-QUARTER-AMOUNT)
    indicators: list[Indicator] = Field(min_length=1)


class Disclosure(Strict):
    """A project of the 绩效目标表 described in words before or after its table (安徽 十二(一) prints the
    words fields; 部分项目情况说明 elsewhere prints the amount, funding split, purpose and a reference)."""

    project: str = Field(min_length=1)  # name of a project in performance.projects
    unit: str = ""  # its 实施单位, where two projects share a name
    summary: str = ""  # 项目概述
    basis: str = ""  # 立项依据
    executor: str = ""  # 实施主体
    period: str = ""  # 起止时间
    content: str = ""  # 项目内容
    amount: Money | None = None  # 年度预算安排, as stated (else the project's 资金总额; R-PERF-MONEY)
    funds: dict[str, Money] = {}  # the funding split as printed: 地方财政资金 … → amount (R-EXPL-FUNDS)
    purpose: str = ""  # 主要用于…
    table: str = ""  # the key of the report's table it refers to: 详见… (R-EXPL-TABLE)

    def describes(self, project: "Project") -> bool:
        """The 绩效目标表 project this describes: by name, and by 实施单位 where one is given."""
        return project.name == self.project and (not self.unit or project.unit == self.unit)


class OverallFunds(Strict):
    """One line of the 整体支出 budget block (人员支出 …): 资金总额, 其中：财政资金, 投入计划."""

    total: Money = ZERO
    fiscal: Money = ZERO
    plan: Plan | None = None


class OverallTask(Strict):
    """A 年度工作任务 with its indicators, the projects it involves and their 财政资金."""

    name: str = Field(min_length=1)
    projects: str = ""  # 涉及项目
    fiscal: Money | None = None  # 涉及财政资金
    indicators: list[Indicator] = Field(min_length=1)


class TaskIndicator:
    """An indicator with its task's cells, one row of a table grouped by 年度工作任务."""

    def __init__(self, task: OverallTask, indicator: Indicator):
        self.task, self.projects, self.fiscal = task.name, task.projects, task.fiscal
        self.indicator = indicator

    def __getattr__(self, name):
        return getattr(self.indicator, name)


OVERALL_LINES = ("personnel", "public", "special", "development", "construction")


class Overall(Strict):
    """部门（单位）整体支出绩效目标表: the budget by 支出结构, the 年度目标, indicators by 年度工作任务 (or a list)."""

    department: str = ""  # 部门（单位）名称 as printed; default the report's department
    personnel: OverallFunds = OverallFunds()  # 人员支出
    public: OverallFunds = OverallFunds()  # 公用支出
    special: OverallFunds = OverallFunds()  # 部门专项
    development: OverallFunds = OverallFunds()  # 发展经费
    construction: OverallFunds = OverallFunds()  # 基建项目
    total: OverallFunds | None = None  # 合计 as stated (R-PERF-OVERALL-SUM); computed otherwise
    goal: str = ""  # 年度目标
    tasks: list[OverallTask] = []
    indicators: list[Indicator] = []  # the list form: 一级/二级/三级 … without tasks

    @property
    def sum_line(self) -> OverallFunds:
        """合计 as printed: the stated one, else the lines added up (a stated plan is kept)."""
        computed = OverallFunds(total=sum((getattr(self, k).total for k in OVERALL_LINES), ZERO),
                                fiscal=sum((getattr(self, k).fiscal for k in OVERALL_LINES), ZERO))
        if self.total is None:
            return computed
        return self.total

    @property
    def task_rows(self) -> list[TaskIndicator]:
        return [TaskIndicator(t, ind) for t in self.tasks for ind in t.indicators]


class Performance(Strict):
    note: str = ""
    department: str = ""  # 主管部门及代码, e.g. [608]宿州市医疗保障局 (安徽)
    projects: list[Project] = []
    disclosed: list[Disclosure] = []
    overall: Overall | None = None  # 部门（单位）整体支出绩效目标表, where the profile prints one

    @property
    def fiscal(self) -> Decimal:
        """The 财政拨款 of the projects whose 绩效目标表 the report prints."""
        return sum((p.funds.fiscal for p in self.projects), ZERO)


class Term(Strict):
    term: str = Field(min_length=1)
    definition: str = Field(min_length=1)


# --- the report --------------------------------------------------------------------------

class Report(Strict):
    kind: Literal["budget", "final"]
    profile: str = Field(min_length=1)
    year: int = Field(ge=2000, le=2100)
    department: str = Field(min_length=1)
    department_code: str = ""  # 部门编码 (608), where tables by 单位 print the department's row
    date: str = ""  # printed on the cover where the profile has a date line, e.g. 2024年2月
    department_group: str = ""  # the department with its units, where captions name it so (宿州市医疗保障部门)
    overview: Overview
    tables: BudgetTables
    explanations: Explanations = Explanations()
    other_matters: OtherMatters
    performance: Performance = Performance()
    glossary: list[Term] = []
