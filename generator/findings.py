"""Findings as people read them: the text the CLI prints and the .校验结果.txt beside a report holds, and JSON."""

from __future__ import annotations

import json

from generator.rules import ERROR, INFO, WARNING, Finding, count

HEADINGS = {ERROR: "错误", WARNING: "警告", INFO: "提示"}


def findings_text(findings, title: str) -> str:
    lines = [title]
    for severity in (ERROR, WARNING, INFO):
        group = [f for f in findings if f.severity == severity]
        if not group:
            continue
        lines.append(f"{HEADINGS[severity]}（{len(group)}）")
        for f in group:
            lines.append(f"  [{f.rule}] {f.location}  {f.message}")
    n = count(findings)
    if n[ERROR]:
        lines.append(f"校验未通过：{n[ERROR]} 个错误，{n[WARNING]} 个警告，{n[INFO]} 个提示。")
    else:
        lines.append(f"校验通过：没有错误，{n[WARNING]} 个警告，{n[INFO]} 个提示。")
    return "\n".join(lines)


def findings_json(findings) -> str:
    return json.dumps({"summary": count(findings), "findings": [f.as_dict() for f in findings]},
                      ensure_ascii=False, indent=2)


def as_findings(dicts: list[dict]) -> list[Finding]:
    """Findings back from their as_dict() form (a BuildResult carries plain data across processes)."""
    return [Finding(**d) for d in dicts]
