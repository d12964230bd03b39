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
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import fidelity  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_inputs" / "ningde-2024-budget"
SEED = Path(os.environ.get("DISCLOSURE_FIDELITY_SEED", "/work/shared/seeds/000_dc53d777d3e932bd.txt"))

PROSE_MIN = 0.97
AMOUNTS_MIN = 0.995

# Clauses of the published report that the generated one leaves out on purpose: normalised or raw clause
# text → reason. Keep it small; every entry needs a reason. Misses that a generator should produce do not
# belong here: they are for the templates or the input to fix.
ALLOWLIST: dict[str, str] = {}

# Filled by the tests: {"docx": {"prose": 0.99, "amounts": 1.0, ...}, "pdf": {...}}.
RESULTS: dict[str, dict[str, object]] = {}


@pytest.fixture(scope="module")
def seed() -> fidelity.Seed:
    if not SEED.is_file():
        pytest.skip(f"seed text not found: {SEED} (set DISCLOSURE_FIDELITY_SEED)")
    return fidelity.read_seed(SEED)


@pytest.fixture(scope="module")
def built() -> dict[str, bytes]:
    """The sample rendered once for the whole module (the PDF takes a few seconds)."""
    return fidelity.build_outputs(SAMPLE)


def _check(kind: str, text: str, seed: fidelity.Seed, extractor: str) -> None:
    score = fidelity.measure(seed, text, ALLOWLIST)
    RESULTS[kind] = {"prose": score.prose, "amounts": score.amount_share, "extractor": extractor,
                     "clauses": (score.clauses_found, score.clauses_total),
                     "amount_count": (score.amounts_found, score.amounts_total),
                     "missed_clauses": score.missed_clauses, "missed_amounts": dict(score.missed_amounts)}
    print(f"\n[fidelity] {score.summary(f'{kind.upper()} ({extractor})')}")
    for clause, reason in score.allowed_clauses:
        print(f"[fidelity]   allowlisted: {clause}  ({reason})")
    for clause in score.missed_clauses:
        print(f"[fidelity]   missed: {clause}")
    assert score.prose >= PROSE_MIN and score.amount_share >= AMOUNTS_MIN, (
        f"{kind.upper()} below goal (prose ≥ {PROSE_MIN:.0%}, amounts ≥ {AMOUNTS_MIN:.1%}): "
        f"{score.summary(kind.upper())}\n{score.missed_report()}")


def test_seed_is_read(seed):
    # Guards the measure itself: a change in the seed parsing that drops most of it would pass trivially.
    assert len(seed.clauses) > 250, len(seed.clauses)
    assert sum(seed.amounts.values()) > 400, sum(seed.amounts.values())


def test_docx_fidelity(seed, built):
    _check("docx", fidelity.docx_text(built["docx"]), seed, "python-docx")


def test_pdf_fidelity(seed, built):
    text, extractor = fidelity.pdf_text(built["pdf"])
    _check("pdf", text, seed, extractor)


def test_pdf_fidelity_pypdf(seed, built):
    """The same PDF through pypdf, so the result does not hang on pdftotext being installed."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(built["pdf"]))
    text = "\n".join(fidelity._strip_page_furniture(p.extract_text() or "") for p in reader.pages)
    _check("pdf-pypdf", text, seed, "pypdf")


_BUILD = textwrap.dedent("""
    import sys
    from pathlib import Path
    from generator.pipeline import load
    from generator.report.build import build_document
    from generator.render.docx import render_docx
    from generator.render.pdf import render_pdf
    doc = build_document(load(Path(sys.argv[1])))
    Path(sys.argv[2]).write_bytes(render_docx(doc))
    Path(sys.argv[3]).write_bytes(render_pdf(doc))
""")


def test_deterministic(built, tmp_path):
    """A second build, in a fresh process with another hash seed (so set and dict order may differ),
    at another time: the same bytes."""
    docx, pdf = tmp_path / "again.docx", tmp_path / "again.pdf"
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    subprocess.run([sys.executable, "-c", _BUILD, str(SAMPLE), str(docx), str(pdf)],
                   check=True, cwd=ROOT, env=env, timeout=120)
    assert docx.read_bytes() == built["docx"], "DOCX differs between two builds of the same input"
    assert pdf.read_bytes() == built["pdf"], "PDF differs between two builds of the same input"
