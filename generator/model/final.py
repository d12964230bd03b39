"""The final-accounts (部门决算) model: what an officer enters for one department's year-end accounts.

Shares 第一部分 (Overview), the glossary and the field types with the budget model. Tables take every
row as published: 类/款 rows with 项 rows under them are stated subtotals, checked and printed as stated.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import ConfigDict, Field

from generator.model.report import (
    ZERO, EconomicRow, ExpenditureTable, FundTable, Overview, Strict, Term, ThreePublic, ThreePublicAmounts,
)
from generator.model.types import FunctionCode, Money

FINAL_INCOME_SOURCES = ("fiscal", "superior_subsidy", "business", "operating", "subordinate_remit", "other")
FISCAL_KINDS = ("general_budget", "government_fund", "state_capital")


# --- 第二部分 tables ----------------------------------------------------------------------

class FiscalAmounts(Strict):
    general_budget: Money = ZERO
    government_fund: Money = ZERO
    state_capital: Money = ZERO


class SummaryStated(Strict):
    income_total: Money | None = None  # 本年收入合计
    expenditure_total: Money | None = None  # 本年支出合计
    total: Money | None = None  # 总计


class Summary(Strict):
    """公开01 figures that are not sums of table rows."""

    fiscal_income: FiscalAmounts  # 财政拨款收入 by kind
    use_non_fiscal_balance: Money = ZERO  # 使用非财政拨款结余（含专用结余）
    distribution: Money = ZERO  # 结余分配
    opening_balance: Money = ZERO  # 年初结转和结余
    closing_balance: Money = ZERO  # 年末结转和结余
    stated: SummaryStated = SummaryStated()


class FiscalSummary(Strict):
    """公开04: 年初/年末财政拨款结转和结余 by kind."""

    opening: FiscalAmounts = FiscalAmounts()
    closing: FiscalAmounts = FiscalAmounts()
    stated: SummaryStated = SummaryStated()


class FinalIncomeAmounts(Strict):
    fiscal: Money = ZERO  # 财政拨款收入
    superior_subsidy: Money = ZERO
    business: Money = ZERO
    operating: Money = ZERO
    subordinate_remit: Money = ZERO
    other: Money = ZERO


class FinalIncomeRow(FinalIncomeAmounts):
    code: FunctionCode
    name: str | None = None
    total: Money | None = None


class FinalIncomeStated(Strict):
    total: Money | None = None
    fiscal: Money | None = None
    superior_subsidy: Money | None = None
    business: Money | None = None
    operating: Money | None = None
    subordinate_remit: Money | None = None
    other: Money | None = None


class FinalIncomeTable(Strict):
    total: FinalIncomeStated | None = None
    rows: list[FinalIncomeRow] = []


class BasicStated(Strict):
    personnel: Money | None = None  # 人员经费合计
    public: Money | None = None  # 公用经费合计


class BasicTable(Strict):
    """公开06: 类 and 款 rows with a nonzero amount; the table prints the catalogue's full list."""

    stated: BasicStated = BasicStated()
    rows: list[EconomicRow] = []


class GovernmentFundRow(Strict):
    code: FunctionCode
    name: str | None = None
    opening: Money = ZERO  # 年初结转和结余
    income: Money = ZERO  # 本年收入
    basic: Money = ZERO
    project: Money = ZERO
    closing: Money = ZERO  # 年末结转和结余

    @property
    def spent(self) -> Decimal:  # 本年支出小计
        return self.basic + self.project


class GovernmentFundTable(Strict):
    rows: list[GovernmentFundRow] = []


class FinalTables(Strict):
    model_config = ConfigDict(extra="allow", str_strip_whitespace=True)  # declared tables (generator.tables)
    summary: Summary
    fiscal_summary: FiscalSummary = FiscalSummary()
    income: FinalIncomeTable
    expenditure: ExpenditureTable
    general_budget: FundTable
    economic_basic: BasicTable
    three_public: ThreePublic = ThreePublic()
    government_fund: GovernmentFundTable = GovernmentFundTable()
    state_capital: FundTable = FundTable()


# --- 第三部分 --------------------------------------------------------------------------------

class FinalPrevious(Strict):
    """上年决算数."""

    total: Money | None = None  # 收入总计 / 支出总计
    income_total: Money | None = None
    expenditure_total: Money | None = None
    fiscal_total: Money | None = None  # 财政拨款收入支出总计
    general_budget_total: Money | None = None
    government_fund_total: Money | None = None
    state_capital_total: Money | None = None
    three_public: ThreePublicAmounts | None = None
    items: dict[FunctionCode, Money] = {}


class FinalBudget(Strict):
    """全年预算数, for 完成全年预算的 x%."""

    three_public: ThreePublicAmounts | None = None


class ThreePublicFinalReasons(Strict):
    total: str = ""
    outbound: str = ""
    vehicle_purchase: str = ""
    vehicle_operation: str = ""
    reception: str = ""


class FinalReasons(Strict):
    total_change: str = ""
    fiscal_change: str = ""
    government_fund: str = ""
    state_capital: str = ""
    items: dict[FunctionCode, str] = {}
    three_public: ThreePublicFinalReasons = ThreePublicFinalReasons()


class ThreePublicFacts(Strict):
    outbound_groups: int = Field(0, ge=0)  # 本部门组织的出国团组
    outbound_joined_groups: int = Field(0, ge=0)  # 参加其他部门出国团组
    outbound_people: int = Field(0, ge=0)  # 因公出国（境）累计人次
    vehicles_purchased: int = Field(0, ge=0)
    vehicles_held: int = Field(0, ge=0)  # 公务用车保有量
    reception_batches: int = Field(0, ge=0)
    reception_people: int = Field(0, ge=0)


class FinalExplanations(Strict):
    previous: FinalPrevious = FinalPrevious()
    budget: FinalBudget = FinalBudget()
    reasons: FinalReasons = FinalReasons()
    three_public_facts: ThreePublicFacts = ThreePublicFacts()


# --- 其他重要事项 ------------------------------------------------------------------------------

class OperatingCostsFinal(Strict):
    amount: Money
    previous: Money | None = None
    reason: str = ""


class ProcurementKinds(Strict):
    goods: Money = ZERO
    works: Money = ZERO
    services: Money = ZERO


class ProcurementFinal(ProcurementKinds):
    sme: ProcurementKinds = ProcurementKinds()  # 授予中小企业合同金额
    small_micro: Money = ZERO  # 其中授予小微企业合同金额


class VehiclesFinal(Strict):
    vice_ministerial: int = Field(0, ge=0)  # 副部（省）级以上领导用车
    principal: int = Field(0, ge=0)  # 主要领导干部用车
    confidential: int = Field(0, ge=0)  # 机要通信用车
    emergency: int = Field(0, ge=0)  # 应急保障用车
    law_enforcement: int = Field(0, ge=0)  # 执法执勤用车
    special: int = Field(0, ge=0)  # 特种专业技术用车
    retired: int = Field(0, ge=0)  # 离退休干部用车
    other: int = Field(0, ge=0)  # 其他用车

    @property
    def total(self) -> int:
        return sum(getattr(self, k) for k in type(self).model_fields)


class AssetsFinal(Strict):
    vehicles: VehiclesFinal = VehiclesFinal()
    other_vehicles_use: str = ""  # 其他用车主要是…
    equipment_over_1m: int = Field(0, ge=0)


class FinalOtherMatters(Strict):
    operating_costs: OperatingCostsFinal
    procurement: ProcurementFinal = ProcurementFinal()
    assets: AssetsFinal = AssetsFinal()


# --- 绩效自评 --------------------------------------------------------------------------------

class FundsLine(Strict):
    initial: Money = ZERO  # 年初预算数
    full_year: Money = ZERO  # 全年预算数
    executed: Money = ZERO  # 全年执行数


class SelfEvalFunds(Strict):
    fiscal: FundsLine = FundsLine()  # 当年财政拨款
    other: FundsLine = FundsLine()
    carryover: FundsLine = FundsLine()  # 上年结转资金
    weight: Decimal = Field(Decimal(10), ge=0)  # 分值
    score: Decimal = Field(Decimal(10), ge=0)  # 得分

    def line(self, key: str) -> Decimal:
        return sum((getattr(getattr(self, k), key) for k in ("fiscal", "other", "carryover")), ZERO)


class Goal(Strict):
    expected: str = ""  # 预期目标
    actual: str = ""  # 实际完成情况


class EvalIndicator(Strict):
    level1: str = Field(min_length=1)
    level2: str = Field(min_length=1)
    name: str = Field(min_length=1)
    op: str = ""  # ≥ ≤ = > <
    target: str = ""  # 目标值
    unit: str = ""  # 人, 百分比, 定性 …
    actual: str = ""  # 实际完成值
    weight: Decimal = Field(ge=0)  # 指标分值
    score: Decimal = Field(ge=0)  # 自评得分
    deviation: str = ""  # 偏差原因分析及改进措施

    @property
    def met(self) -> bool:
        return self.score >= self.weight


class Problem(Strict):
    type: str = Field(min_length=1)  # 问题类型
    problem: str = Field(min_length=1)
    suggestion: str = Field(min_length=1)


class SelfEvalProject(Strict):
    name: str = Field(min_length=1)  # 专项名称
    short_name: str = ""  # as named in 预算绩效情况说明
    department: str = ""  # 主管部门
    unit: str = ""  # 实施单位
    summary: str = ""  # 项目概况
    results: str = ""  # 主要成效
    funds: SelfEvalFunds
    goals: list[Goal] = []
    indicators: list[EvalIndicator] = Field(min_length=1)
    department_grade: Literal["优", "良", "中", "差", ""] = ""  # 部门评价结果等次
    problems: list[Problem] = []


class SelfEvaluation(Strict):
    projects: list[SelfEvalProject] = []


# --- the report --------------------------------------------------------------------------

class FinalReport(Strict):
    kind: Literal["final"]
    profile: str = Field(min_length=1)
    year: int = Field(ge=2000, le=2100)
    department: str = Field(min_length=1)
    department_code: str = ""  # 部门编码, where tables by 单位 print the department's row
    overview: Overview
    tables: FinalTables
    explanations: FinalExplanations = FinalExplanations()
    other_matters: FinalOtherMatters
    performance: SelfEvaluation = SelfEvaluation()
    glossary: list[Term] = []
