"""The generated sample report against the published one (the seed's extracted text).

Measures (see tests/fidelity.py and docs/fidelity.md): share of the seed's prose clauses found in the generated
text, share of the seed's table amounts found in it; for the DOCX and for the PDF. Also: the same input gives
the same bytes. Run with `-s` to see the percentages; they are also kept in RESULTS.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import fidelity  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SEEDS = Path(os.environ.get("DISCLOSURE_SEEDS", Path(__file__).resolve().parent / "seeds"))


@dataclass
class Case:
    """One sample and the published report it transcribes."""

    name: str
    sample: Path
    seed: Path
    prose_min: float
    amounts_min: float
    min_clauses: int  # guards the measure itself: a parsing change that drops most of the seed would pass
    min_amounts: int
    # Clauses of the published report that the generated one leaves out on purpose: clause → reason.
    # Only for the seed's own errors; misses a generator should produce belong to the templates or the input.
    allowlist: dict[str, str] = field(default_factory=dict)


CASES = {
    "ningde": Case("ningde", ROOT / "sample_inputs" / "ningde-2024-budget",
                   Path(os.environ.get("DISCLOSURE_FIDELITY_SEED", SEEDS / "000_dc53d777d3e932bd.txt")),
                   0.97, 0.995, 250, 400),
    "suzhou": Case("suzhou", ROOT / "sample_inputs" / "suzhou-2024-budget", SEEDS / "002_4c40129985d12d4c.txt",
                   0.92, 0.97, 400, 300, {
                       # validation-rules.md R-NARR-SHARE: 118.02 / 1773.19 = 6.66%; the seed plugs 6.65% (L470, L480)
                       "占6.65%": "seed plugs the share so that the four add up to 100.00; 118.02/1773.19 = 6.66%",
                       # R-NARR-PCT: last year's figure was 0, a rate is undefined (L484, L494, L516)
                       "增长100%": "nothing last year: the report says so instead of an undefined 100%",
                       # R-NARR-PCT: divided by this year's figure (L490, L492)
                       "增长31.29%": "seed divides 31.03 by this year's 99.18; against last year's 68.15 it is 45.53%",
                       "增长31.41%": "seed divides 15.67 by this year's 49.89; against last year's 34.22 it is 45.79%",
                       # R-NARR-WORDING: a decrease of 77.94 from 494.19 is 15.77%; 23.04% fits an increase (L506)
                       "下降23.04%": "seed's rate fits an increase while the words say decrease; 77.94/494.19 = 15.77%",
                       # R-NARR-PCT: 706.31 / 1392.23 = 50.73% (L562)
                       "下降50.72%": "706.31/1392.23 = 50.73% (half-up)",
                   }),
    # 部门决算 (issue 5). Every allowlisted clause is a slip of the published report (SLIPS.md in the sample).
    "sanming": Case("sanming", ROOT / "sample_inputs" / "sanming-2024-final",
                    Path(os.environ.get("DISCLOSURE_FINAL_SEED", SEEDS / "001_1e091ad5c9a7ead0.txt")),
                    0.95, 0.99, 500, 600, {
                        "人员支出4855.16万元": "公开06 人员经费合计 is 4855.17; the report prints the table's figure",
                        "实际为2100550-事业运行科目": "no code 2100550: the reason names 2101550",
                        "(二)2013299-其他组织事务支出支出2.09万元": "doubled 支出: a name ending in 支出 gets no second one",
                        "(三)2080505-机关事业单位基本养老保险缴费支出支出": "doubled 支出",
                        "(四)2080506-机关事业单位职业年金缴费支出支出220.16万元": "doubled 支出",
                        "(九)2101599-其他医疗保障管理事务支出支出1046.09万元": "doubled 支出",
                        "六、一般公共预算财政拨款基本支出决算情况说明2024年度一般公共预算财政拨款基本支出5032.25万元":
                            "公开05 基本支出 is 5032.24; the report prints the table's figure",
                        "比上年减少109.32万元38.17%": "missing 下降: the report says 减少109.32万元，下降38.17%",
                        "货物采购授予中小企业合同金额占货物支出金额的11.89%": "an amount in a percentage slot: 11.89/11.89 = 100.00%",
                    }),
}

# Filled by the tests: {"ningde": {"docx": {"prose": 0.99, ...}, "pdf": {...}}, "suzhou": {...}}.
RESULTS: dict[str, dict[str, dict[str, object]]] = {}


@pytest.fixture(scope="module", params=list(CASES))
def case(request) -> Case:
    return CASES[request.param]


_SEEDS: dict[str, fidelity.Seed] = {}


@pytest.fixture(scope="module")
def seed(case) -> fidelity.Seed:
    assert case.seed.is_file(), f"seed text not found: {case.seed} (tests/seeds/, or set DISCLOSURE_SEEDS)"
    if case.name not in _SEEDS:
        _SEEDS[case.name] = fidelity.read_seed(case.seed)
    return _SEEDS[case.name]


@pytest.fixture(scope="module")
def built(case) -> dict[str, bytes]:
    """The sample rendered once for the whole module (the PDF takes a few seconds)."""
    return fidelity.build_outputs(case.sample)


def _check(case: Case, kind: str, text: str, seed: fidelity.Seed, extractor: str) -> None:
    score = fidelity.measure(seed, text, case.allowlist)
    RESULTS.setdefault(case.name, {})[kind] = {
        "prose": score.prose, "amounts": score.amount_share, "extractor": extractor,
        "clauses": (score.clauses_found, score.clauses_total), "amount_count": (score.amounts_found, score.amounts_total),
        "missed_clauses": score.missed_clauses, "missed_amounts": dict(score.missed_amounts)}
    print(f"\n[fidelity] {case.name} {score.summary(f'{kind.upper()} ({extractor})')}")
    for clause, reason in score.allowed_clauses:
        print(f"[fidelity]   allowlisted: {clause}  ({reason})")
    for clause in score.missed_clauses:
        print(f"[fidelity]   missed: {clause}")
    assert score.prose >= case.prose_min and score.amount_share >= case.amounts_min, (
        f"{case.name} {kind.upper()} below goal (prose ≥ {case.prose_min:.0%}, amounts ≥ {case.amounts_min:.1%}): "
        f"{score.summary(kind.upper())}\n{score.missed_report()}")


def test_seed_is_read(case, seed):
    assert len(seed.clauses) > case.min_clauses, len(seed.clauses)
    assert sum(seed.amounts.values()) > case.min_amounts, sum(seed.amounts.values())


def test_docx_fidelity(case, seed, built):
    _check(case, "docx", fidelity.docx_text(built["docx"]), seed, "python-docx")


def test_pdf_fidelity(case, seed, built):
    text, extractor = fidelity.pdf_text(built["pdf"])
    _check(case, "pdf", text, seed, extractor)


def test_pdf_fidelity_pypdf(case, seed, built):
    """The same PDF through pypdf, so the result does not hang on pdftotext being installed."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(built["pdf"]))
    text = "\n".join(fidelity._strip_page_furniture(p.extract_text() or "") for p in reader.pages)
    _check(case, "pdf-pypdf", text, seed, "pypdf")


def test_allowlist_is_needed(case, seed, built):
    """Every allowlisted clause is really in the seed and really absent from the generated text."""
    text = fidelity.normalise(fidelity.docx_text(built["docx"]))
    for clause in case.allowlist:
        norm = fidelity.normalise(clause)
        assert norm in seed.clauses, clause
        assert norm not in text, f"allowlisted but generated: {clause}"


_BUILD = textwrap.dedent("""
    import sys
    from pathlib import Path
    from generator.pipeline import load
    from generator.report.build import build_document
    from generator.render.docx import render_docx
    from generator.render.pdf import render_pdf
    loaded = load(Path(sys.argv[1]))
    doc = build_document(loaded)
    Path(sys.argv[2]).write_bytes(render_docx(doc, loaded.profile.word_template_file()))
    Path(sys.argv[3]).write_bytes(render_pdf(doc))
""")


def test_deterministic(case, built, tmp_path):
    """A second build, in a fresh process with another hash seed (so set and dict order may differ),
    at another time: the same bytes."""
    docx, pdf = tmp_path / "again.docx", tmp_path / "again.pdf"
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    subprocess.run([sys.executable, "-c", _BUILD, str(case.sample), str(docx), str(pdf)],
                   check=True, cwd=ROOT, env=env, timeout=120)
    assert docx.read_bytes() == built["docx"], "DOCX differs between two builds of the same input"
    assert pdf.read_bytes() == built["pdf"], "PDF differs between two builds of the same input"
