"""Build the final-accounts tables (公开01–09, 绩效自评表) from derived figures and templates/tables/final.yaml."""

from __future__ import annotations

from decimal import Decimal

from generator.money import fmt_amount, fmt_percent
from generator.report.tables import TableBuilder
from generator.report.tree import Cell, Table
from generator.tables.projects import merged


class FinalTableBuilder(TableBuilder):
    def _label(self, text: str) -> Cell:
        return Cell(text, align="center", bold=True)

    # --- 附件一 专项资金绩效自评表 ---------------------------------------------------------------

    def self_evaluation(self, ev, caption: str, unit: str) -> Table:
        spec = self.layout["self_evaluation"]
        p = ev.project

        def amt(value):
            return fmt_amount(value, thousands=False)

        def rate(value):
            return fmt_percent(value).rstrip("%") if value is not None else "—"
        dep_l, unit_l = spec["department"]
        funds_label, *fund_heads = spec["funds"]
        goals_label, expected_l, actual_l = spec["goals"]
        ind_label, *ind_heads = spec["indicators"]
        prob_label, *prob_heads = spec["problems"]
        body = [
            [self._label(spec["name"]), Cell(p.name, colspan=8)],
            [self._label(dep_l), Cell(p.department, colspan=3), self._label(unit_l), Cell(p.unit, colspan=4)],
            [self._label(spec["summary"]), Cell(p.summary, colspan=8)],
            [self._label(spec["results"]), Cell(p.results, colspan=8)],
            [Cell(funds_label, rowspan=5, align="center", bold=True), Cell("", colspan=2)]
            + [Cell(h, align="center", bold=True) for h in fund_heads],
        ]
        for k, label in spec["fund_lines"]:
            line = ev.total_line if k == "total" else getattr(p.funds, k).model_dump()
            total = k == "total"
            body.append([Cell(label, colspan=2)] + [Cell(amt(line[c]), align="right")
                                                    for c in ("initial", "full_year", "executed")]
                        + [Cell(_num(p.funds.weight) if total else spec["no_weight"], align="center"),
                           Cell(rate(ev.total_rate if total else ev.rate(getattr(p.funds, k))), align="right"),
                           Cell(_num(p.funds.score) if total else "", align="center")])
        body.append([Cell(goals_label, rowspan=1 + len(p.goals), align="center", bold=True),
                     Cell(expected_l, colspan=4, align="center", bold=True),
                     Cell(actual_l, colspan=4, align="center", bold=True)])
        for g in p.goals:
            body.append([Cell(g.expected, colspan=4), Cell(g.actual, colspan=4)])
        body.append([Cell(ind_label, rowspan=1 + len(p.indicators), align="center", bold=True)]
                    + [Cell(h, align="center", bold=True) for h in ind_heads])
        for lead, ind in zip(merged_levels(p.indicators), p.indicators):
            body.append(lead + [Cell(ind.name), Cell(f"{ind.op}{ind.target}{ind.unit}", align="center"),
                                Cell(ind.actual, align="center"), Cell(_num(ind.weight), align="center"),
                                Cell(_num(ind.score), align="center"), Cell(ind.deviation)])
        body.append([Cell(spec["score"], colspan=6, align="center", bold=True),
                     Cell(_num(ev.weight), align="center"), Cell(_num(ev.score), align="center"), Cell("")])
        body.append([self._label(spec["grade"]),
                     Cell(f"{ev.grade} ({spec['grade_rules'][ev.grade]})", colspan=8)])
        body.append([Cell(prob_label, rowspan=1 + len(p.problems), align="center", bold=True),
                     Cell(prob_heads[0], align="center", bold=True), Cell(prob_heads[1], colspan=4, align="center", bold=True),
                     Cell(prob_heads[2], colspan=3, align="center", bold=True)])
        for pr in p.problems:
            body.append([Cell(pr.type, align="center"), Cell(pr.problem, colspan=4), Cell(pr.suggestion, colspan=3)])
        return Table("self_evaluation", caption, [], body, spec["widths"], unit=unit, font_size=spec["font_size"])


def _num(value: Decimal) -> str:
    """A score as printed: 10, 7.5."""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def merged_levels(indicators) -> list[list[Cell]]:
    """The leading 一级/二级 cells of each indicator row: a label spans the run of rows that share it."""
    texts = [[ind.level1, ind.level2] for ind in indicators]
    return [[Cell(text, rowspan=n, align="center") for text, n in zip(row, span) if n]
            for row, span in zip(texts, merged(texts, [True, True]))]
