"""Accepted findings: an officer may keep a figure a rule flags (an approved budget's rounding tail
beyond the tolerance), by naming the finding (rule id and where) and giving a reason.

An input writes them in accepted.yaml or the 已接受的校验结果 sheet; a service passes its own to
pipeline.load(..., accepted=[Acceptance(...)]). An accepted finding keeps its place in the list with
severity "accepted" and no longer stops `build`; an acceptance that matches no finding is a warning
(R-ACCEPT-UNUSED), one that is incomplete an error (R-ACCEPT-FORM).

`where` may be any of the names a finding has: its location as printed (`tables.yaml:16`, with or
without the folder; `收入预算总表!D7`, with or without the workbook's name), its description (the
`where` of the JSON output, e.g. `收入决算表 合计`), or the data path of the figure
(`tables.income.total`), which stays the same when the input moves between YAML and a workbook.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from typing import Iterable

from generator.inputs.locations import Location, SourceMap
from generator.rules.engine import ERROR, WARNING, Finding, rule

ACCEPTED = "accepted"
UNUSED = "R-ACCEPT-UNUSED"
FORM = "R-ACCEPT-FORM"
KINDS = ("budget", "final")
FIELDS = {"rule": "规则", "where": "位置", "reason": "理由", "by": "接受人", "at": "日期"}
REQUIRED = ("rule", "where", "reason")

rule(UNUSED, WARNING, "每条已接受的校验结果都对应本次校验的一条结果", KINDS)(lambda ctx: ())
rule(FORM, ERROR, "已接受的校验结果写明规则编号、位置和理由", KINDS)(lambda ctx: ())


@dataclass(frozen=True)
class Acceptance:
    rule: str
    where: str
    reason: str
    by: str | None = None
    at: str | None = None
    source: Location | None = field(default=None, compare=False)  # where it was written, if in the input

    def as_dict(self) -> dict:
        return {k: getattr(self, k) for k in FIELDS if getattr(self, k)}


@dataclass
class AcceptedFinding(Finding):
    """A finding that an acceptance covers: severity "accepted", `was` the severity it had."""

    was: str = ""
    acceptance: Acceptance | None = None

    def as_dict(self) -> dict:
        data = {f.name: getattr(self, f.name) for f in fields(Finding)}
        data["location"] = str(self.location)
        data = {k: v for k, v in data.items() if v not in (None, "")}
        data["accepted"] = {"severity": self.was, **(self.acceptance.as_dict() if self.acceptance else {})}
        return data


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", text or "")


def _names(f: Finding) -> set[str]:
    """Every way `where` may name this finding's place."""
    loc = f.location
    names = {str(loc), f.where}
    if loc.cell:
        names.add(loc.cell)
    if loc.file and loc.line:
        parts = loc.file.split("/")
        names |= {f"{'/'.join(parts[i:])}:{loc.line}" for i in range(len(parts))}
    return {_norm(n) for n in names if n}


def _paths(sources: SourceMap | None) -> dict[str, set[Location]]:
    """Data path → the locations of its values and of everything inside it (a row covers its cells)."""
    out: dict[str, set[Location]] = {}
    for path, loc in (sources.entries.items() if sources is not None else ()):
        for n in range(1, len(path) + 1):
            out.setdefault(_norm(".".join(str(p) for p in path[:n])), set()).add(loc)
    return out


def apply_acceptances(findings: Iterable[Finding], acceptances: Iterable[Acceptance],
                      sources: SourceMap | None = None, pending: Iterable[str] = ()) -> list[Finding]:
    """The findings with every accepted one marked, then one warning per acceptance that matched none.

    sources: lets `where` be a data path. pending: rule ids not checked yet (the document rules before
    the report is built); an acceptance of one of them is not reported as unused.
    """
    acceptances = list(acceptances)
    paths = _paths(sources)
    used: set[int] = set()
    out: list[Finding] = []
    for f in findings:
        if f.rule == UNUSED:
            continue  # recomputed below, so that the function can be applied again
        if isinstance(f, AcceptedFinding):
            out.append(f)
            used |= {i for i, a in enumerate(acceptances) if a == f.acceptance}
            continue
        names = _names(f)
        for i, a in enumerate(acceptances):
            where = _norm(a.where)
            if a.rule.upper() == f.rule and (where in names or f.location in paths.get(where, ())):
                used.add(i)
                values = {x.name: getattr(f, x.name) for x in fields(Finding)}
                values["severity"] = ACCEPTED
                f = AcceptedFinding(**values, was=f.severity, acceptance=a)
                break
        out.append(f)
    pending = set(pending)
    for i, a in enumerate(acceptances):
        if i in used or a.rule.upper() in pending:
            continue
        out.append(Finding(UNUSED, WARNING,
                           f"已接受的校验结果“[{a.rule}] {a.where}”没有对应的校验结果：规则编号或位置写错了，"
                           "或问题已经改正（可删去这一条）",
                           a.source or Location("（调用方提供）"), where=f"{a.rule} {a.where}"))
    return out


def read_acceptances(items, sources: SourceMap, at: tuple = ("accepted",)) -> tuple[list[Acceptance], list[Finding]]:
    """Acceptances from an input's plain data (a list of {rule, where, reason, by, at}), and an R-ACCEPT-FORM
    error for each entry that cannot be one."""
    if items is None:
        return [], []
    if not isinstance(items, list):
        return [], [Finding(FORM, ERROR, "已接受的校验结果应是一个列表，每条写明 rule、where、reason",
                            sources.get(at), "accepted")]
    out, problems = [], []
    for i, item in enumerate(items):
        loc = sources.get(at + (i,))
        if not isinstance(item, dict):
            problems.append(Finding(FORM, ERROR, "每条已接受的校验结果应写明 rule（规则）、where（位置）和 reason（理由）",
                                    loc, f"accepted.{i}"))
            continue
        unknown = [k for k in item if k not in FIELDS]
        missing = [FIELDS[k] for k in REQUIRED if not isinstance(item.get(k), str) or not item[k].strip()]
        if unknown or missing:
            what = (f"缺少{'、'.join(missing)}" if missing else "") + \
                   (("；" if missing else "") + f"未知字段“{'”“'.join(map(str, unknown))}”" if unknown else "")
            problems.append(Finding(FORM, ERROR, f"已接受的校验结果{what}（理由必须写明）", loc, f"accepted.{i}"))
            continue
        extra = {k: str(item[k]) for k in ("by", "at") if item.get(k) not in (None, "")}
        out.append(Acceptance(item["rule"].strip().upper(), item["where"].strip(), item["reason"].strip(),
                              **extra, source=loc))
    return out, problems


def portable(acceptance: Acceptance, sources: SourceMap) -> Acceptance:
    """The acceptance with a location of this input (`tables.yaml:16`, `表!D7`) written as the data path
    at that place, which means the same figure in the other format (used by `convert`)."""
    where = _norm(acceptance.where)
    if where in _paths(sources):
        return acceptance
    # A container is located at its first value, so several paths share a place: take what the
    # innermost ones there have in common (a YAML line's row, a workbook cell's own figure).
    here = [path for path, loc in sources.entries.items() if path and where in _names(Finding("", "", "", loc))]
    inner = [p for p in here if not any(len(q) > len(p) and q[:len(p)] == p for q in here)]
    if not inner:
        return acceptance
    best = inner[0]
    for p in inner[1:]:
        n = 0
        while n < min(len(best), len(p)) and best[n] == p[n]:
            n += 1
        best = best[:n]
    if not best:
        return acceptance
    values = {k: getattr(acceptance, k) for k in FIELDS}
    values["where"] = ".".join(str(p) for p in best)
    return Acceptance(**values, source=acceptance.source)
