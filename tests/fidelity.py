"""Fidelity of a generated report against a published one (the seed's extracted text).

Two measures, both shares of what the seed has that the generated text also has:

* prose clauses: the seed's narrative lines (no table rows, no TOC lines, no bare part headings), page-break
  splits joined, cut into clauses at ，。；： (full and half width), normalised; clauses shorter than
  4 characters are dropped. A clause counts as found when it is a substring of the normalised generated text.
* table amounts: every number with two decimals in the seed's tab-separated rows, with multiplicity, matched
  against the multiset of two-decimal numbers in the generated text.

Normalisation (same for both sides): NFKC (full-width letters, digits and ，；：（）％ become half-width),
the remaining CJK punctuation mapped to one form, LaTeX cells (`$\\geq 60\\%$` → `≥60%`), thousands
separators dropped, all whitespace removed.

Used by tests/test_fidelity.py; also runnable: `python tests/fidelity.py SEED DOCX PDF`.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import tempfile
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

# --------------------------------------------------------------------------- normalisation

_LATEX = [(r"\geq", "≥"), (r"\leq", "≤"), (r"\ge", "≥"), (r"\le", "≤"), (r"\%", "%"), (r"\times", "×")]
# After NFKC: map what NFKC leaves alone to one form.
_PUNCT = str.maketrans({
    "。": ".",   # ideographic full stop; NFKC already maps the half-width ｡ here
    "〔": "[", "〕": "]", "【": "[", "】": "]",
    "“": '"', "”": '"', "‘": "'", "’": "'",
    "《": "<", "》": ">",
    "—": "-", "–": "-", "－": "-",
})
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
_SPACE = re.compile(r"\s+")


def delatex(text: str) -> str:
    if "$" not in text and "\\" not in text:
        return text
    for src, dst in _LATEX:
        text = text.replace(src, dst)
    return text.replace("$", "")


def normalise(text: str, keep_space: bool = False) -> str:
    """One comparable form. keep_space keeps whitespace (as single spaces) so numbers stay apart."""
    text = unicodedata.normalize("NFKC", delatex(text)).translate(_PUNCT).replace("**", "")
    text = _THOUSANDS.sub("", text)
    return _SPACE.sub(" ", text).strip() if keep_space else _SPACE.sub("", text)


# --------------------------------------------------------------------------- the seed

# Clause boundaries, in normalised form: ，→, ；→; ：→: (NFKC) and 。→. (above). A "." between
# digits is a decimal point, a "," between digits is left from a list, not a boundary.
_CLAUSE_SPLIT = re.compile(r"[;:]|,(?!\d)|(?<!\d),|\.(?!\d)|(?<!\d)\.")
_PART_HEADING = re.compile(r"^第[一二三四五六七八九十]+部分$")
_TOC = re.compile(r"\.{4,}|…{2,}|^- \d+\.")   # leaders (000, 001) or a markdown bullet item (002's 目录)
_RULE_LINE = re.compile(r"^[-|:\s]+$")           # markdown separator residue: ------, --, |---|
_ENDS_SENTENCE = tuple("。：；！？:;!?")
# A line starting like this begins a new block (heading, numbered item, unit or note line), so it is never
# the continuation of a paragraph split at a page break.
_BLOCK_START = re.compile(r"^(第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）]"
                          r"|\d+[.、]|单位[:：]|备注[:：]|注[:：])")
MIN_CLAUSE = 4
JOIN_MIN_CHARS = 20   # a page-break split leaves a long line that stops mid-sentence; headings are short


@dataclass
class Seed:
    lines: list[str]
    narrative: list[str] = field(default_factory=list)   # joined paragraphs, raw text
    clauses: list[str] = field(default_factory=list)     # normalised, in order, duplicates kept
    amounts: Counter = field(default_factory=Counter)    # two-decimal numbers of the table rows


def is_table_row(line: str) -> bool:
    """A tab-separated row (seeds 000, 001) or a markdown pipe row (seed 002)."""
    return "\t" in line or line.lstrip().startswith("|")


def is_narrative(line: str) -> bool:
    s = line.strip()
    if not s or is_table_row(line) or _TOC.search(s) or _RULE_LINE.match(s):
        return False
    return not _PART_HEADING.match(normalise(s))


def narrative_paragraphs(lines: list[str]) -> list[str]:
    """Narrative lines, with a paragraph split by a page break (a blank line mid-sentence) joined again."""
    out: list[str] = []
    pending: str | None = None
    for line in lines:
        if not line.strip():
            continue                      # blank lines: a pending split waits for its continuation
        if not is_narrative(line):
            if pending is not None:
                out.append(pending)
                pending = None
            continue
        s = line.strip()
        if pending is not None and _BLOCK_START.match(s):
            out.append(pending)
            pending = None
        text = s if pending is None else pending + s
        if len(normalise(text)) >= JOIN_MIN_CHARS and not text.endswith(_ENDS_SENTENCE):
            pending = text                # stops mid-sentence: continues on the next narrative line
        else:
            out.append(text)
            pending = None
    if pending is not None:
        out.append(pending)
    return out


def split_clauses(text: str) -> list[str]:
    return [c for c in _CLAUSE_SPLIT.split(normalise(text)) if len(c) >= MIN_CLAUSE]


_AMOUNT = re.compile(r"(?<![\d.])\d+\.\d{2}(?![\d.])")


def amounts(text: str) -> Counter:
    """Numbers with exactly two decimals, separators dropped; whitespace keeps neighbouring cells apart."""
    return Counter(_AMOUNT.findall(normalise(text, keep_space=True)))


_MARKUP = re.compile(r"^#+\s*|</?b>|\*\*")


def demarkup(line: str) -> str:
    """Drop extraction residue that is formatting, not text: `#` heading marks, `<b>…</b>`, `**…**`."""
    return _MARKUP.sub("", line)


def read_seed(path: Path) -> Seed:
    lines = [demarkup(ln) for ln in Path(path).read_text(encoding="utf-8").splitlines()]
    seed = Seed(lines)
    seed.narrative = narrative_paragraphs(lines)
    seed.clauses = [c for para in seed.narrative for c in split_clauses(para)]
    for line in lines:
        if is_table_row(line):
            # Cells apart, so `0.00\t0.00` stays two numbers.
            seed.amounts.update(amounts(line.replace("\t", " \t ").replace("|", " | ")))
    return seed


# --------------------------------------------------------------------------- generated text

def docx_text(data: bytes) -> str:
    """Every paragraph of the body in document order, table cells included (one line each)."""
    import docx
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph

    document = docx.Document(io.BytesIO(data))
    body = document.element.body
    return "\n".join(Paragraph(p, None).text for p in body.iter(qn("w:p")))


_PAGE_NUMBER = re.compile(r"^\s*[-—–]*\s*\d{1,3}\s*[-—–]*\s*$")


def _strip_page_furniture(page: str) -> str:
    """Drop a page number printed as the first or last line of a page (`— 3 —`), so a sentence running
    over a page break is not cut by it. Only the `— n —` form: a bare number may be a table cell."""
    lines = page.splitlines()
    for idx in (-1, 0):
        while lines and not lines[idx].strip():
            lines.pop(idx)
        if lines and _PAGE_NUMBER.match(lines[idx]) and re.search(r"[-—–]", lines[idx]):
            lines.pop(idx)
    return "\n".join(lines)


def pdf_text(data: bytes) -> tuple[str, str]:
    """The PDF's text and the tool that extracted it: `pdftotext` (reading order) if installed, else pypdf."""
    if shutil.which("pdftotext"):
        with tempfile.TemporaryDirectory() as tmp:
            src = Path(tmp) / "in.pdf"
            src.write_bytes(data)
            proc = subprocess.run(["pdftotext", "-enc", "UTF-8", str(src), "-"],
                                  capture_output=True, check=False)
        if proc.returncode == 0:
            pages = proc.stdout.decode("utf-8").split("\f")
            return "\n".join(_strip_page_furniture(p) for p in pages), "pdftotext"
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return "\n".join(_strip_page_furniture(p.extract_text() or "") for p in reader.pages), "pypdf"


_BUILT: dict[Path, dict[str, bytes]] = {}


def build_outputs(sample: Path) -> dict[str, bytes]:
    """A sample input built to DOCX and PDF in memory, once per test session (it must validate without errors)."""
    if sample not in _BUILT:
        _BUILT[sample] = _build(sample)
    return _BUILT[sample]


def _build(sample: Path) -> dict[str, bytes]:
    from generator.pipeline import load
    from generator.render.docx import render_docx
    from generator.render.pdf import render_pdf
    from generator.report.build import build_document

    loaded = load(sample)
    assert loaded.ok, [str(f) for f in loaded.findings]
    doc = build_document(loaded)
    return {"docx": render_docx(doc, loaded.profile.word_template_file()), "pdf": render_pdf(doc)}


# --------------------------------------------------------------------------- measuring

@dataclass
class Score:
    clauses_total: int
    clauses_found: int
    missed_clauses: list[str]
    allowed_clauses: list[tuple[str, str]]     # (clause, reason): missing on purpose, counted as found
    amounts_total: int
    amounts_found: int
    missed_amounts: Counter

    @property
    def prose(self) -> float:
        return self.clauses_found / self.clauses_total if self.clauses_total else 1.0

    @property
    def amount_share(self) -> float:
        return self.amounts_found / self.amounts_total if self.amounts_total else 1.0

    def summary(self, label: str) -> str:
        return (f"{label}: prose {self.prose:.2%} ({self.clauses_found}/{self.clauses_total} clauses"
                f"{f', {len(self.allowed_clauses)} allowlisted' if self.allowed_clauses else ''}), "
                f"amounts {self.amount_share:.2%} ({self.amounts_found}/{self.amounts_total})")

    def missed_report(self) -> str:
        lines = [f"missed clauses ({len(self.missed_clauses)}):"]
        lines += [f"  - {c}" for c in self.missed_clauses]
        if self.missed_amounts:
            lines.append(f"missed amounts ({sum(self.missed_amounts.values())}):")
            lines += [f"  - {a} ×{n}" for a, n in sorted(self.missed_amounts.items())]
        return "\n".join(lines)


def measure(seed: Seed, generated: str, allowlist: dict[str, str] | None = None) -> Score:
    """allowlist: normalised clause → reason, for known deliberate differences."""
    allowlist = {normalise(k): v for k, v in (allowlist or {}).items()}
    text = normalise(generated)
    missed, allowed = [], []
    found = 0
    for clause in seed.clauses:
        if clause in text:
            found += 1
        elif clause in allowlist:
            found += 1
            allowed.append((clause, allowlist[clause]))
        else:
            missed.append(clause)
    have = amounts(generated)
    missed_amounts = seed.amounts - have
    total = sum(seed.amounts.values())
    return Score(len(seed.clauses), found, missed, allowed,
                 total, total - sum(missed_amounts.values()), missed_amounts)


if __name__ == "__main__":  # pragma: no cover
    import sys

    seed_path, docx_path, pdf_path = map(Path, sys.argv[1:4])
    s = read_seed(seed_path)
    for label, gen in (("DOCX", docx_text(docx_path.read_bytes())), ("PDF", pdf_text(pdf_path.read_bytes())[0])):
        score = measure(s, gen)
        print(score.summary(label))
        print(score.missed_report())
