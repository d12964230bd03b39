"""The validation engine: rules are registered functions that yield findings; a run collects them all."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Callable, Iterable, Iterator

from generator.inputs.locations import Location, SourceMap
from generator.money import cents
from generator.rules.labels import table_title

ERROR, WARNING, INFO = "error", "warning", "info"
SEVERITY_ZH = {ERROR: "错误", WARNING: "警告", INFO: "提示"}


@dataclass
class Finding:
    rule: str
    severity: str
    message: str
    location: Location
    where: str = ""  # table / row / column, or section, in words
    expected: str | None = None
    found: str | None = None
    diff: str | None = None
    tolerance: str | None = None

    def as_dict(self) -> dict:
        data = asdict(self)
        data["location"] = str(self.location)
        return {k: v for k, v in data.items() if v not in (None, "")}


@dataclass
class Rule:
    id: str
    severity: str  # the rule's usual severity; sum rules pick warning or error per finding
    title: str
    check: Callable[["Context"], Iterable[Finding]]
    kinds: tuple[str, ...] = ("budget",)


RULES: dict[str, Rule] = {}


def rule(rule_id: str, severity: str, title: str, kinds=("budget",)):
    def register(func):
        RULES[rule_id] = Rule(rule_id, severity, title, func, tuple(kinds))
        return func
    return register


HALF_CENT = Decimal("0.005")


def tolerance(items: int) -> Decimal:
    """How far a stated figure may lie from the sum of its printed parts when every one of the `items`
    figures (the parts and the stated figure) was rounded to the cent on its own: each carries up to half
    a cent, so the intervals overlap while |stated − sum| ≤ 0.005 × items (XBRL Calculations 1.1)."""
    return HALF_CENT * items


@dataclass
class Context:
    report: object  # model.report.Report
    figures: object  # derive.figures.Figures
    catalog: object
    profile: object
    sources: SourceMap
    findings: list[Finding] = field(default_factory=list)
    tables: dict = field(default_factory=dict)  # declared tables: key → generator.tables.data.TableData
    decls: dict = field(default_factory=dict)  # the profile's declarations: key → generator.tables.declare.TableDecl

    def title(self, key: str) -> str:
        """A table's title as the profile prints it (labels.table_title)."""
        return table_title(self.profile, key)

    def loc(self, *path) -> Location:
        return self.sources.get(tuple(path))

    def finding(self, rule_id: str, message: str, path=(), severity: str | None = None, **extra) -> Finding:
        return Finding(rule_id, severity or RULES[rule_id].severity, message, self.loc(*path), **extra)

    def compare(self, rule_id: str, what: str, stated: Decimal | None, computed: Decimal, addends: int,
                path=(), where: str = "", basis: str = "按明细计算") -> Iterator[Finding]:
        """A stated sum against the computed one: a rounding tail is a warning, more is an error.

        `addends` counts the independently rounded figures, the stated one included (see tolerance);
        `basis` says in the message which sum the figure was compared with (按类级合计 …)."""
        if stated is None:
            return
        diff = cents(stated) - cents(computed)
        if diff == 0:
            return
        tol = tolerance(addends).normalize()
        severity = WARNING if abs(diff) <= tol else ERROR
        kind = "尾差" if severity == WARNING else "不符"
        yield Finding(
            rule_id, severity,
            f"{what}填报为 {cents(stated)}，{basis}应为 {cents(computed)}，相差 {diff}（{kind}，容差 {tol}）",
            self.loc(*path), where, str(cents(computed)), str(cents(stated)), str(diff), str(tol),
        )


def run_rules(ctx: Context, kind: str) -> list[Finding]:
    for r in RULES.values():
        if kind in r.kinds:
            ctx.findings.extend(r.check(ctx))
    return ctx.findings


def count(findings: Iterable[Finding]) -> dict[str, int]:
    out = {ERROR: 0, WARNING: 0, INFO: 0}
    for f in findings:
        out[f.severity] = out.get(f.severity, 0) + 1  # and "accepted" (rules/accept.py) when there are any
    return out
