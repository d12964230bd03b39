"""Benchmark building many departments at once and write the "Batch" section of docs/performance.md.

    .venv/bin/python benchmarks/batch.py          # or: make bench (after benchmarks/run.py)

In one run, on the same 30 inputs (copies of the three samples under 30 department names, in a temp dir):
  (a) `disclosure build FOLDER --out A`: the batch, generator.batch.build_many with its default workers
      (one per core), DOCX and PDF for every department;
  (b) `disclosure build INPUT --out B` once per department, one after another (what a script looping over
      the CLI does), DOCX and PDF;
  (c) LibreOffice converting the 30 DOCX files of (a) to PDF in one `soffice --headless --convert-to pdf`
      call, with its own profile created by an untimed warm-up conversion first.
Each is one timed run (wall clock; CPU time and peak memory from os.wait4). (c) does less work than (a):
it only converts finished DOCX files, while (a) reads, checks and builds each input and writes both files.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import Child, cli, cpu_model, load_average, nproc, pages, run_child, version  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = [ROOT / "sample_inputs" / n for n in ("ningde-2024-budget", "sanming-2024-final", "suzhou-2024-budget")]
CITIES = {"ningde-2024-budget": "宁德市", "sanming-2024-final": "三明市", "suzhou-2024-budget": "宿州市"}
BUREAUS = ["医疗保障局", "财政局", "教育局", "民政局", "司法局", "卫生健康委员会", "生态环境局", "交通运输局",
           "农业农村局", "文化和旅游局"]
LO_PROFILE = "file:///tmp/lo-bench-batch"
SECTION = "## Batch"


def become_subreaper() -> bool:
    """Adopt orphaned descendants (Linux), so their CPU time and memory can be counted: the batch's workers
    are children of multiprocessing's fork server, which its parent does not wait for before exiting."""
    try:
        import ctypes

        return ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0) == 0   # PR_SET_CHILD_SUBREAPER
    except (OSError, AttributeError):
        return False


def run_tree(cmd: list[str], env: dict) -> Child:
    """run_child, plus every orphaned descendant reaped here: CPU summed, peak RSS the largest process's."""
    first = run_child(cmd, ROOT, env)
    cpu, peak = first.cpu, first.maxrss_mb
    while True:
        try:
            _, _, usage = os.wait4(-1, 0)
        except ChildProcessError:
            break
        cpu += usage.ru_utime + usage.ru_stime
        peak = max(peak, usage.ru_maxrss / 1024)
    return Child(first.seconds, peak, cpu)


def make_inputs(folder: Path, n: int) -> list[Path]:
    """n departments: the samples in turn, each under its own department name (so each its own report)."""
    made = []
    for i in range(n):
        sample = SAMPLES[i % len(SAMPLES)]
        name = CITIES[sample.name] + BUREAUS[(i // len(SAMPLES)) % len(BUREAUS)]
        if i >= len(SAMPLES) * len(BUREAUS):
            name += f"{i // (len(SAMPLES) * len(BUREAUS)) + 1}"
        target = folder / f"{i + 1:02d}-{sample.name}"
        shutil.copytree(sample, target)
        report = target / "report.yaml"
        text, count = re.subn(r"(?m)^department: \S+", f"department: {name}", report.read_text(encoding="utf-8"))
        assert count == 1, report
        report.write_text(text, encoding="utf-8")
        made.append(target)
    return made


def outputs(folder: Path, suffix: str) -> list[Path]:
    return sorted(folder.glob(f"*{suffix}"))


def expect(folder: Path, suffix: str, n: int) -> None:
    found = len(outputs(folder, suffix))
    if found != n:
        raise SystemExit(f"expected {n} {suffix} files in {folder}, found {found}")


def per_dept(seconds: float, n: int) -> str:
    return f"{seconds / n:.2f} s"


def per_min(seconds: float, n: int) -> str:
    return f"{n / seconds * 60:.1f}"


def write_section(path: Path, section: str) -> None:
    """Replace the Batch section of performance.md (benchmarks/run.py writes the rest and keeps this one)."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Performance\n"
    at = text.find(f"\n{SECTION}\n")
    if at >= 0:
        nxt = text.find("\n## ", at + len(SECTION) + 2)
        text = text[:at] + (text[nxt:] if nxt >= 0 else "\n")
    path.write_text(text.rstrip("\n") + "\n\n" + section, encoding="utf-8")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--departments", type=int, default=30)
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "performance.md")
    ap.add_argument("--no-soffice", action="store_true", help="skip the LibreOffice comparison")
    args = ap.parse_args()
    n = args.departments
    exe = cli()
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    soffice = None if args.no_soffice else shutil.which("soffice")
    workers = nproc()
    if not become_subreaper():
        print("note: cannot adopt orphaned processes; the batch's CPU time and memory will be undercounted")
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as tmp:
        tmp = Path(tmp)
        inputs = make_inputs(tmp / "inputs", n)
        load_before = load_average()

        print(f"(a) batch: {n} departments …", flush=True)
        a = run_tree(exe + ["build", str(tmp / "inputs"), "--out", str(tmp / "a")], env)
        expect(tmp / "a", ".pdf", n)
        expect(tmp / "a", ".docx", n)

        print(f"(b) the CLI once per department …", flush=True)
        t0 = time.perf_counter()
        singles = [run_child(exe + ["build", str(p), "--out", str(tmp / "b")], ROOT, env) for p in inputs]
        b = Child(time.perf_counter() - t0, max(c.maxrss_mb for c in singles), sum(c.cpu for c in singles))
        expect(tmp / "b", ".pdf", n)

        c = lo_line = lo_pages = None
        if soffice:
            print("(c) LibreOffice, one call …", flush=True)
            docx = tmp / "docx"
            docx.mkdir()
            for i, path in enumerate(outputs(tmp / "a", ".docx"), 1):
                shutil.copyfile(path, docx / f"d{i:02d}.docx")   # ASCII names for soffice's command line
            base = [soffice, f"-env:UserInstallation={LO_PROFILE}", "--headless", "--norestore", "--convert-to",
                    "pdf"]
            run_child(base + ["--outdir", str(tmp / "warm"), str(docx / "d01.docx")], ROOT)   # creates the profile
            c = run_child(base + ["--outdir", str(tmp / "c")] + [str(p) for p in sorted(docx.iterdir())], ROOT)
            expect(tmp / "c", ".pdf", n)
            lo_line = version([soffice, "--version"])
            lo_pages = (f"{pages(tmp / 'c' / 'd01.pdf')} pages for the first DOCX (ours: "
                        f"{pages(outputs(tmp / 'a', '.pdf')[0])})")
        load_after = load_average()

    rows = [("(a) `disclosure build FOLDER` (batch, default workers)", a),
            ("(b) `disclosure build INPUT` × " + str(n) + ", one after another", b)]
    if c is not None:
        rows.append(("(c) LibreOffice: the " + str(n) + " DOCX of (a) → PDF in one `soffice` call", c))
    table = ["| run | wall time | per department | departments / min | CPU (user+sys) | peak RSS of one process |",
             "|---|---|---|---|---|---|"]
    table += [f"| {name} | {x.seconds:.1f} s | {per_dept(x.seconds, n)} | {per_min(x.seconds, n)} | {x.cpu:.1f} s"
              f" | {x.maxrss_mb:.0f} MB |" for name, x in rows]
    lines = [
        SECTION,
        "",
        f"{n} departments (copies of the three samples in turn, 宁德 and 宿州 budgets and 三明 final accounts,"
        " each under its own department name), DOCX and PDF for each. One run,"
        f" written by `benchmarks/batch.py` on {dt.date.today().isoformat()}; {workers} CPUs, so the batch ran"
        f" {workers} workers.",
        "",
        *table,
        "",
        f"- Batch speed-up over the CLI one by one: **{b.seconds / a.seconds:.2f}×** in wall time"
        f" ({b.cpu / a.cpu:.2f}× less CPU: each worker imports the toolkit and WeasyPrint once, not once per"
        " department).",
    ]
    if c is not None:
        faster = (f"the batch, doing the whole job, finished {c.seconds / a.seconds:.2f}× faster"
                  if c.seconds >= a.seconds else
                  f"that conversion alone was {a.seconds / c.seconds:.2f}× faster than the batch's whole job")
        lines.append(
            f"- LibreOffice only converts finished DOCX files ({per_dept(c.seconds, n)} per document, one file"
            f" after another in one `soffice` process); {faster} (reading, checking and building each input,"
            f" then writing its DOCX and its PDF). Layout differs a little: {lo_pages}.")
        lines.append(
            f"- CPU per department: batch {a.cpu / n:.2f} s for the whole job, LibreOffice {c.cpu / n:.2f} s for the"
            f" conversion alone. `soffice` converts on one core, the batch uses {workers}; on a busy machine the"
            " CPU column is the steadier comparison (wall time above CPU time is time spent waiting for a core).")
    lines += [
        "- Wall times include waiting for a CPU while other work runs on the machine: load average"
        f" {load_before} before, {load_after} after.",
        f"- Machine: {cpu_model()}, `nproc` = {workers}; {platform.platform()}; Python"
        f" {platform.python_version()}; LibreOffice: {lo_line or 'not measured'}.",
        "- Rerun: `.venv/bin/python benchmarks/batch.py [--departments N] [--no-soffice]` (also run by"
        " `make bench`).",
        "",
    ]
    section = "\n".join(lines)
    write_section(args.out, section)
    print("\n".join(table))
    print(f"\nwritten: {args.out} ({SECTION})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
