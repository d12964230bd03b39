"""Write docs/rules.md from the rule registry: `.venv/bin/python tools/rules_doc.py`."""

from pathlib import Path

from generator.rules import RULES
from generator.rules.engine import SEVERITY_ZH

OUT = Path(__file__).resolve().parent.parent / "docs" / "rules.md"

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
    lines += ["", "## Not yet implemented (other report formats)", "", "| ids | needs |", "|---|---|"]
    lines += [f"| {k} | {v} |" for k, v in LATER.items()]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    OUT.write_text(render(), encoding="utf-8")
    print(OUT)
