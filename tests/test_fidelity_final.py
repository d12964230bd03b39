"""The 三明 2024 final accounts (issue 5) beyond the shared fidelity measure (tests/test_fidelity.py, case
`sanming`): the seed's slips come out right, the template's instructions are never printed, and the PDF has its
目录 page numbers and footers."""

from __future__ import annotations

import io
import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import fidelity  # noqa: E402

SAMPLE = Path(__file__).resolve().parents[1] / "sample_inputs" / "sanming-2024-final"


@pytest.fixture(scope="module")
def built() -> dict[str, bytes]:
    return fidelity.build_outputs(SAMPLE)


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
    from pypdf import PdfReader

    pages = [p.extract_text() or "" for p in PdfReader(io.BytesIO(built["pdf"])).pages]
    assert re.search(r"一、部门主要职责\s*\.{5,}\s*\d+", "\n".join(pages[:3])), "no page numbers in the PDF TOC"
    assert re.search(r"—\s*5\s*—", pages[4]), "no page number in the footer of page 5"
