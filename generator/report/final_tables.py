"""Build the final-accounts tables (公开01–09, 绩效自评表) from derived figures and templates/tables/final.yaml."""

from __future__ import annotations

from decimal import Decimal

from generator.money import fmt_amount, fmt_percent
from generator.report.tables import TableBuilder, cn_number, merged_levels
from generator.report.tree import Cell, Table


class FinalTableBuilder(TableBuilder):
    def _label(self, text: str) -> Cell:
        return Cell(text, align="center", bold=True)

    def _fiscal_summary(self, key, spec):
        f = self.f
        kinds = ("general_budget", "government_fund", "state_capital")
        left = [(f"{cn_number(i)}、{label}", f.fiscal_income[k]) for i, (k, label) in enumerate(spec["income_lines"], 1)]
        rows = []
        for i, c in enumerate(f.categories):
            a = left[i] if i < len(left) else None
            rows.append([Cell(a[0]) if a else Cell(""), self.num(a[1]) if a else Cell(""),
                         Cell(f"{cn_number(i + 1)}、{c['name']}"), self.num(c["fiscal"])]
                        + [self.num(c[k]) for k in kinds])
        foot = spec["footer"]
        rows.append([self._label(foot["income"][0]), self.num(f.fiscal.income), self._label(foot["income"][1]),
                     self.num(f.fiscal.expenditure)] + [self.num(f.fiscal_expenditure[k]) for k in kinds])
        rows.append([Cell(foot["balance"][0]), self.num(f.fiscal_opening["total"]), Cell(foot["balance"][1]),
                     self.num(f.fiscal_closing["total"])] + [self.num(f.fiscal_closing[k]) for k in kinds])
        for i, (k, label) in enumerate(spec["income_lines"], 1):
            rows.append([Cell(f"{cn_number(i)}、{label}"), self.num(f.fiscal_opening[k])] + [Cell("")] * 5)
        # Per fund column: 本年支出 + 年末. The 总计 column is printed as stated; the 一般公共预算 column
        # takes its rounding tail so that the columns still add up across.
        other = {k: f.fiscal_expenditure[k] + f.fiscal_closing[k] for k in kinds[1:]}
        columns = [f.fiscal.expenditure_side - other["government_fund"] - other["state_capital"],
                   other["government_fund"], other["state_capital"]]
        rows.append([self._label(foot["total"][0]), self.num(f.fiscal.income_side), self._label(foot["total"][1]),
                     self.num(f.fiscal.expenditure_side)] + [self.num(v) for v in columns])
        return rows

    def _economic_basic(self, key, spec):
        econ = self.f.economic_basic
        personnel = [c for c in self.catalog.economic if c[:3] in self.profile.personnel_codes]
        public = [c for c in self.catalog.economic if c[:3] in self.profile.public_codes]
        half = len(public) // 2
        blocks = [personnel, public[:half], public[half:]]
        amounts = {ln.code: ln["amount"] for ln in econ.lines}  # 类 rows as published
        rows = []
        for i in range(max(len(b) for b in blocks)):
            row: list[Cell] = []
            for block in blocks:
                if i < len(block):
                    code = block[i]
                    row += [Cell(code), Cell(self.catalog.economic_name(code) or ""),
                            self.num(amounts.get(code, Decimal(0)))]
                else:
                    row += [Cell(""), Cell(""), Cell("")]
            rows.append(row)
        p_label, q_label = spec["footer"]
        rows.append([Cell(p_label, colspan=2, align="center", bold=True), self.num(self.f.personnel),
                     Cell(q_label, colspan=5, align="center", bold=True), self.num(self.f.public)])
        return rows

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
