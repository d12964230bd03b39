"""Read the final-accounts (部门决算) workbook (sheets in xlsx/layout_final.py) into FinalReport-shaped data.

The budget reader's machinery (header matching, cell text, locations) does the work; this module only
knows which sheet holds which part of a FinalReport.
"""

from __future__ import annotations

import re

from generator.errors import InputError
from generator.inputs.xlsx_reader import KINDS, _Book, _Reader, _Sheet
from generator.xlsx import layout as L
from generator.xlsx import layout_final as F

FINAL_ONLY = tuple(spec.name for spec, _ in F.ORDER if spec.name not in {s.name for s, _ in L.ORDER})
BUDGET_ONLY = tuple(spec.name for spec, _ in L.ORDER if spec.name not in {s.name for s, _ in F.ORDER})
SKIPPED_LABELS = ("栏次", "行次")  # numbering rows of a pasted 决算 table


def workbook_kind(book: _Book) -> str:
    """“budget” or “final”: from 部门概况!报告类型, else from the sheets the workbook has."""
    names = {re.sub(r"\s+", "", n) for n in book.formulas.sheetnames}
    by_sheets = {"final": any(n in names for n in FINAL_ONLY), "budget": any(n in names for n in BUDGET_ONLY)}
    try:
        sheet = book.sheet(L.OVERVIEW.name)
        head, cols = sheet.header((L.Column("项目", "label", "text"), L.Column("填报内容", "value", "text")))
    except InputError:
        sheet = None  # the reader reports what is wrong with the sheet
    for row in range(head + 1, sheet.max_row + 1) if sheet else ():
        if L.header_key(sheet.text(row, cols["label"])) != "报告类型":
            continue
        text = sheet.text(row, cols["value"]) or ""
        kind = KINDS.get(text) or ("final" if "决算" in text else "budget" if "预算" in text else "")
        other = "budget" if kind == "final" else "final"
        if kind and by_sheets[other] and not by_sheets[kind]:
            raise InputError(f"报告类型填的是“{L.KIND_NAMES[kind]}”，但工作簿是{L.KIND_NAMES[other]}的表样："
                             f"请把报告类型改为“{L.KIND_NAMES[other]}”", str(sheet.loc(row, cols["value"])))
        if kind:
            return kind
        break
    return "final" if by_sheets["final"] else "budget"


class FinalReader(_Reader):
    def read(self) -> dict:
        for path in (("overview", "duties"), ("overview", "structure"), ("overview", "tasks"),
                     ("tables", "summary"), ("tables", "three_public"), ("other_matters", "operating_costs"),
                     ("performance",)):
            target = self.data
            for part in path:
                target = target.setdefault(part, {})
        self.pairs(F.OVERVIEW)
        self.data.setdefault("kind", "final")  # 报告类型 left blank: the sheets say which kind this is
        self.records(F.UNITS)
        self.duties()
        self.records(F.TASKS)
        self.pairs(F.SUMMARY)
        for spec in F.TABLES:
            self.table(spec)
        self.records(F.BASIC)
        self.three_public(F.THREE_PUBLIC)
        self.pairs(F.EXPLANATIONS)
        self.items()
        self.pairs(F.OTHER)
        self.projects()
        self.linked(F.GOALS, "goals")
        self.linked(F.INDICATORS, "indicators")
        self.linked(F.PROBLEMS, "problems")
        self.records(F.GLOSSARY)
        self.declared({L.GUIDE} | {spec.name for spec, _ in F.ORDER})
        return self.data

    def rows(self, sheet: _Sheet, spec: L.TableSheet):
        """As for the budget, and a pasted 决算 table's total row labelled “类” is its 合计 row."""
        head, out = super().rows(sheet, spec)
        kept = []
        for row, cells in out:
            code = cells.get("code")
            if code and code[0] in SKIPPED_LABELS:
                continue
            if code and code[0] == "类" and L.header_key(cells.get("name", (None, 0))[0]) in ("", L.TOTAL_LABEL):
                cells["code"] = (L.TOTAL_LABEL, code[1])
            kept.append((row, cells))
        return head, kept

    def items(self) -> None:
        """科目变动原因: per code, 上年决算数 → previous.items, 变动原因 → reasons.items."""
        spec = F.ITEMS
        sheet = self.book.sheet(spec.name)
        head, rows = self.rows(sheet, spec)
        exp = self.data.setdefault("explanations", {})
        where = {"previous": ("previous", "items"), "reason": ("reasons", "items")}
        for sub in where.values():
            self.note(("explanations",) + sub, sheet.loc(head, 1))
        for row, cells in rows:
            code = cells["code"][0] or ""
            for key, sub in where.items():
                text, col = cells[key]
                if text is None:
                    continue
                self.note(("explanations",) + sub + (code,), sheet.loc(row, col))
                target = exp
                for part in sub:
                    target = target.setdefault(part, {})
                target[code] = text

    def projects(self) -> None:
        spec = F.PROJECTS
        sheet = self.book.sheet(spec.name)
        _, rows = self.rows(sheet, spec)
        items = []
        for row, cells in rows:
            item = self.record(sheet, spec.path + (len(items),), row, cells)
            item.setdefault("funds", {})
            item.setdefault("indicators", [])  # none on the 自评指标 sheet: the model says so, at this row
            items.append(item)
        self.put(spec.path, items)

    def linked(self, spec: L.TableSheet, key: str) -> None:
        """Rows tied to a project of 绩效自评项目 by its name (a merged name covers every row it spans)."""
        sheet = self.book.sheet(spec.name)
        _, rows = self.rows(sheet, spec)
        projects = self.data["performance"].get("projects", [])
        index: dict = {}
        for i, project in enumerate(projects):
            index.setdefault(project.get("name"), i)
        for row, cells in rows:
            name, name_col = cells.pop("project")
            if name is None or name not in index:
                raise InputError(f"项目“{name or ''}”不在“{F.PROJECTS.name}”表中：请先在该表填写项目，名称须一致",
                                 str(sheet.loc(row, name_col)))
            p = index[name]
            items = projects[p].setdefault(key, [])
            items.append(self.record(sheet, ("performance", "projects", p, key, len(items)), row, cells))
