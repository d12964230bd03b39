"""The generated 三明 2024 final accounts against the published report (seed 001), as tests/test_fidelity.py does
for the budget. Goals (issue 5): at least 95% of the seed's prose clauses and 99% of its table amounts in the
generated DOCX and PDF. Where the seed itself is wrong, the generated text is right and differs: SEED_SLIPS lists
those clauses, each with the reason; they count as missed, never as found."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import fidelity  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_inputs" / "sanming-2024-final"
SEED = Path(os.environ.get("DISCLOSURE_FINAL_SEED",
                          Path(__file__).resolve().parent / "seeds" / "001_1e091ad5c9a7ead0.txt"))
PROSE_MIN, AMOUNTS_MIN = 0.95, 0.99

# Normalised clause of the seed → why the generated report says it differently (and rightly).
SEED_SLIPS = {
    "人员支出4855.16万元": "公开06 人员经费合计 is 4855.17; the report prints the table's figure",
    "实际为2100550-事业运行科目": "mistyped code: 2100550 does not exist, the reason text names 2101550",
    "(二)2013299-其他组织事务支出支出2.09万元": "doubled word 支出支出: a name ending in 支出 gets no second 支出",
    "(三)2080505-机关事业单位基本养老保险缴费支出支出": "doubled word 支出支出",
    "(四)2080506-机关事业单位职业年金缴费支出支出220.16万元": "doubled word 支出支出",
    "(九)2101599-其他医疗保障管理事务支出支出1046.09万元": "doubled word 支出支出",
    "六、一般公共预算财政拨款基本支出决算情况说明2024年度一般公共预算财政拨款基本支出5032.25万元":
        "公开05 基本支出 is 5032.24; the report prints the table's figure",
    "比上年减少109.32万元38.17%": "missing 下降 before the percentage: the report says 减少109.32万元，下降38.17%",
    "货物采购授予中小企业合同金额占货物支出金额的11.89%": "an amount in a percentage slot: 11.89 / 11.89 = 100.00%",
}


@pytest.fixture(scope="module")
def seed() -> fidelity.Seed:
    assert SEED.is_file(), f"seed text not found: {SEED} (set DISCLOSURE_FINAL_SEED)"
    return fidelity.read_seed(SEED)


@pytest.fixture(scope="module")
def built() -> dict[str, bytes]:
    return fidelity.build_outputs(SAMPLE)


def _check(kind: str, text: str, seed: fidelity.Seed) -> None:
    score = fidelity.measure(seed, text)
    print(f"\n[fidelity] {score.summary(kind)}")
    slips = {fidelity.normalise(k) for k in SEED_SLIPS}
    unexplained = [c for c in score.missed_clauses if c not in slips]
    for clause in score.missed_clauses:
        print(f"[fidelity]   missed: {clause}{'  (seed slip)' if clause in slips else ''}")
    assert score.prose >= PROSE_MIN and score.amount_share >= AMOUNTS_MIN, score.missed_report()
    assert not unexplained, f"missed clauses that are not seed slips: {unexplained}"


def test_seed_is_read(seed):
    assert len(seed.clauses) > 500 and sum(seed.amounts.values()) > 600


def test_docx_fidelity(seed, built):
    _check("DOCX", fidelity.docx_text(built["docx"]), seed)


def test_pdf_fidelity(seed, built):
    _check("PDF", fidelity.pdf_text(built["pdf"])[0], seed)


def test_slips_are_corrected_in_the_report(built):
    text = fidelity.normalise(fidelity.docx_text(built["docx"]))
    for right in ("人员支出4855.17万元", "实际为2101550-事业运行科目", "2013299-其他组织事务支出2.09万元",
                  "比上年减少109.32万元,下降38.17%", "货物采购授予中小企业合同金额占货物支出金额的100.00%"):
        assert fidelity.normalise(right) in text, right


def test_template_instructions_are_not_printed(built):
    text = fidelity.docx_text(built["docx"]) + fidelity.pdf_text(built["pdf"])[0]
    assert "请公开空表" not in text and "本部门2024年度没有使用国有资本经营预算财政拨款安排的支出" in text


def test_pdf_has_toc_page_numbers_and_footers(built):
    """The PDF's 目录 carries real page numbers (CSS target-counter) and every page a footer number."""
    import re

    import io

    from pypdf import PdfReader

    pages = [p.extract_text() or "" for p in PdfReader(io.BytesIO(built["pdf"])).pages]
    assert re.search(r"一、部门主要职责\s*\.{5,}\s*\d+", "\n".join(pages[:3])), "no page numbers in the PDF TOC"
    assert re.search(r"—\s*5\s*—", pages[4]), "no page number in the footer of page 5"
