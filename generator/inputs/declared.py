"""The declared tables of an input (`tables.<key>`, generator.tables) as `convert` carries them.

Typed against the profile's declarations, so that a YAML folder and a workbook hold the same figures
however they were typed (22, 22.0 and 22.00 are one amount; a code is text). A blank value, an empty row
and a table without rows or total hold nothing: they are left out. A table that does not type cleanly
(an unknown column, a wrong amount) is kept as entered.
"""

from __future__ import annotations

from generator.inputs.locations import SourceMap


def declared_data(report, profile, sources: SourceMap | None = None):
    """(typed tables, findings, undeclared keys): key → {rows, total} for each declared table that
    types cleanly; the problems of the others as located findings; keys the profile does not declare."""
    from generator.tables.data import input_tables, read_rows
    from generator.tables.declare import vocabulary

    extra = dict(report.tables.model_extra or {})
    if profile is None:
        return {}, [], list(extra)
    decls = {d.key: d for d in input_tables(profile)}
    words = vocabulary(profile)
    sources = sources or SourceMap()
    typed, findings, unknown = {}, [], []
    for key, raw in extra.items():
        if key not in decls:
            unknown.append(key)
            continue
        rows, total, problems = read_rows(decls[key], raw, words, sources, ("tables", key))
        if problems:
            findings += problems
            continue
        rows = [kept for kept in ({k: v for k, v in row.items() if v not in (None, "")} for row in rows) if kept]
        total = {k: v for k, v in total.items() if v is not None}
        typed[key] = {"rows": rows, **({"total": total} if total else {})}
    return typed, findings, unknown


def comparable(report, profile):
    """The report as convert compares a written copy with it: declared tables typed, empty ones left out."""
    typed, _, _ = declared_data(report, profile)
    extra = dict(report.tables.model_extra or {})
    tables = {k: v for k, v in {**extra, **typed}.items() if k not in typed or v["rows"] or v.get("total")}
    plain = report.tables.model_copy()
    plain.__pydantic_extra__ = {}
    return report.model_copy(update={"tables": plain}), tables
