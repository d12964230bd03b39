"""Which model a report's data is: 部门预算 (budget) or 部门决算 (final)."""

from __future__ import annotations

from generator.model.final import FinalReport
from generator.model.report import Report

MODELS = {"budget": Report, "final": FinalReport}
KIND_NAMES = {"budget": "部门预算", "final": "部门决算"}  # as a report, a workbook and a message name the kind


def model_for(data) -> type[Report] | type[FinalReport]:
    kind = data.get("kind") if isinstance(data, dict) else None
    return MODELS.get(kind if isinstance(kind, str) else "", Report)
