"""Findings as people read them: the text the CLI prints and the .校验结果.txt beside a report holds, and JSON."""

from __future__ import annotations

import json

from generator.rules import ERROR, INFO, WARNING, Finding, count
from generator.rules.accept import ACCEPTED

HEADINGS = {ERROR: "错误", WARNING: "警告", INFO: "提示", ACCEPTED: "已接受"}


def findings_text(findings, title: str) -> str:
    lines = [title]
    for severity in (ERROR, WARNING, INFO, ACCEPTED):
        group = [f for f in findings if f.severity == severity]
        if not group:
            continue
        lines.append(f"{HEADINGS[severity]}（{len(group)}）")
        for f in group:
            lines.append(f"  [{f.rule}] {f.location}  {f.message}")
            if severity == ACCEPTED:
                a = f.acceptance
                who = "，".join(x for x in (a.by, a.at) if x)
                lines.append(f"      原为{HEADINGS[f.was]}，已接受：{a.reason}" + (f"（{who}）" if who else ""))
    n = count(findings)
    accepted = f"，{n[ACCEPTED]} 个已接受" if n.get(ACCEPTED) else ""
    if n[ERROR]:
        lines.append(f"校验未通过：{n[ERROR]} 个错误，{n[WARNING]} 个警告，{n[INFO]} 个提示{accepted}。")
    else:
        lines.append(f"校验通过：没有错误，{n[WARNING]} 个警告，{n[INFO]} 个提示{accepted}。")
    return "\n".join(lines)


def findings_json(findings, catalog=None) -> str:
    data = {"summary": count(findings), "findings": [f.as_dict() for f in findings]}
    if catalog is not None:  # which catalogue year the codes were checked against
        data["catalog"] = {"year": catalog.year, "report_year": catalog.report_year, "described": catalog.described,
                           "supplied": [str(p) for p in catalog.supplied]}
    return json.dumps(data, ensure_ascii=False, indent=2)


def heading(input, catalog=None) -> str:
    """The heading of a findings list: the input, and the catalogue its codes were checked against."""
    title = f"校验 {input}"
    if catalog is not None:
        title += f"\n科目目录：{catalog.described}"
    return title


def as_findings(dicts: list[dict]) -> list[Finding]:
    """Findings back from their as_dict() form (a BuildResult carries plain data across processes)."""
    from generator.rules.accept import FIELDS, Acceptance, AcceptedFinding

    out: list[Finding] = []
    for d in dicts:
        d = dict(d)
        accepted = d.pop("accepted", None)
        if accepted is None:
            out.append(Finding(**d))
            continue
        acceptance = Acceptance(**{k: v for k, v in accepted.items() if k in FIELDS})
        out.append(AcceptedFinding(**d, was=accepted.get("severity", ""), acceptance=acceptance))
    return out
