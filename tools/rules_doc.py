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
        "`shared/reference/validation-rules.md`. Sum rules report a rounding tail (≤ tail(n) = 0.01 × ⌊(n+1)/2⌋)",
        "as a warning and a larger difference as an error. Rules of kind `document` check the built report's",
        "prose against its tables before anything is written.",
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
