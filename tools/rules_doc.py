"""Write docs/rules.md from the rule registry: `.venv/bin/python tools/rules_doc.py`."""

from pathlib import Path

from generator.rules import RULES
from generator.rules.engine import SEVERITY_ZH

OUT = Path(__file__).resolve().parent.parent / "docs" / "rules.md"

CHANGED = {  # issue 13: rules that real reports showed missing or wrong
    "R-HIER-FUNC": "also checks the 合计 column of a stated 类/款 row; compares with the rows printed one level below "
                   "(按款级明细合计 / 按项级明细合计)",
    "R-TOTAL-ROWS": "a stated 合计 row is compared with its 类 rows as printed (按类级合计), not with a sum printed nowhere",
    "R-FA-TOTALS": "as R-TOTAL-ROWS and R-HIER-FUNC for the 决算 tables",
    "(all sum rules)": "one rounding tolerance: 0.005 × the rounded figures (parts and the stated one), XBRL Calculations 1.1",
    "R-NARR-SPLIT": "follows the 基本支出 figure and the 人员经费/公用经费 printed after it under the same heading, in any "
                    "section (was: only a section numbered 五); a tail within the tolerance is a warning",
    "R-NARR-3GONG": "finds the 三公 headings without their numbering",
    "R-NARR-COUNT": "new: counts of projects the text prints about 绩效目标/自评/部门评价/逐项公开 = the tables",
    "R-PERF-MONEY": "new: a disclosed project's stated 年度预算安排 = its 绩效目标表 资金总额",
    "R-PERF-QUARTER-SHARE": "new (issue 11): a project's quarterly 资金投入计划 shares add up to 100%",
    "R-PERF-QUARTER-AMOUNT": "new (issue 11): a project's (or a 整体支出 line's) quarterly 资金投入计划 amounts add up to "
                             "its 资金总额",
    "R-PERF-OVERALL-SUM": "new (issue 11): the 部门整体支出绩效目标表's stated 合计 = its five lines",
    "R-PERF-OVERALL-TABLES": "new (issue 11): its 人员+公用 = 基本支出, 部门专项+发展经费 = 项目支出 (资金总额 against the "
                             "支出预算总表, 财政资金 against the 财政拨款 tables)",
    "R-EXPL-PART-AMOUNT": "new (issue 11): a part of a 项 explained in parts that is a column of the profile's "
                          "`item_table` takes that column's figure (typed, it must agree); another part states its amount",
    "R-EXPL-PARTS-SUM": "new (issue 11): the parts of a 项 explained in parts add up to the 项",
    "R-EXPL-FUNDS": "new (issue 11): a project described in words (performance.disclosed): its funding split "
                    "(地方财政/省级/中央 …) adds up to its amount (stated, else its 绩效目标表's; R-PERF-MONEY, and S-REF "
                    "when it has no 绩效目标表, now in every format)",
    "R-EXPL-TABLE": "new (issue 11): the table it refers to (详见…) is one of the report's tables",
    "R-EXPL-COUNT": "new (issue 11): counts that are inputs: 设置绩效目标的项目个数 ≥ the 绩效目标表 printed, their "
                    "财政拨款资金 ≥ the printed tables' (= when all are printed; a larger count without it is a warning); "
                    "一级项目个数 is 0 exactly when there is no 项目支出. R-NARR-COUNT takes the input count",
    "R-TAB-SUM": "new: figures a declared table's fixed lines and footer cells name with `key` add up as its "
                 "`relations: [{sum, of}]` say (收入总计 = 本年收入合计 + 上年结转结余); located at the declaration",
    "R-CATALOG-YEAR": "new: says when no catalogue of the report's year is shipped or supplied and which year was used",
    "R-CODE-VALID": "messages name the catalogue year used; a list in the input or profile folder (catalog/YEAR/) is used",
    "S-*": "schema messages name fields by Chinese labels (rules/labels.py) and tables by the profile's titles",
    "(validate)": "renders the text templates in memory: a template error exits 2 before build; the document rules run",
}

LATER = {
    "R-PERF-NAMES": "决算“八、预算绩效情况说明”与附件出自同一项目清单（简称另填），名称不会不一致，故不单设检查",
}


def render() -> str:
    lines = [
        "# Validation rules",
        "",
        "Generated from the rule registry (`tools/rules_doc.py`); ids follow",
        "`shared/reference/validation-rules.md`. Sum rules compare a stated figure with the sum of what is printed",
        "one level below it (a 合计 row with the 类 rows, a 类 with its 款, a 款 with its 项, in every column and",
        "the 合计 column) and say which sum (按类级合计 / 按款级明细合计 / 按项级明细合计 / 按明细计算). Every",
        "printed figure was rounded to the cent on its own, so the tolerance is 0.005 × the number of rounded",
        "figures (the nonzero parts and the stated one; XBRL Calculations 1.1): within it a difference is a",
        "warning (尾差), beyond it an error. Rules of kind `document` check the built report's prose against",
        "its tables before anything is written.",
        "",
        "| id | severity | checks | applies to |",
        "|---|---|---|---|",
    ]
    for r in sorted(RULES.values(), key=lambda r: r.id):
        lines.append(f"| {r.id} | {SEVERITY_ZH[r.severity]} | {r.title} | {', '.join(r.kinds)} |")
    lines += ["", "## Changed after real reports (issue 13)", "", "| id | change |", "|---|---|"]
    lines += [f"| {k} | {v} |" for k, v in CHANGED.items()]
    lines += ["", "## Not yet implemented (other report formats)", "", "| ids | needs |", "|---|---|"]
    lines += [f"| {k} | {v} |" for k, v in LATER.items()]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    OUT.write_text(render(), encoding="utf-8")
    print(OUT)
