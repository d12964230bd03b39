"""docs/customizing.md works as written: its shell blocks run in order, then the result is checked."""

import io
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "customizing.md"


SECOND = "# Second walkthrough"


def blocks(second: bool = False) -> list[str]:
    """The shell blocks of the first walkthrough, or of the second (tables a city declares)."""
    first, _, rest = DOC.read_text(encoding="utf-8").partition(SECOND)
    return re.findall(r"```sh\n(.*?)```", rest if second else first, flags=re.S)


def test_walkthrough_runs_as_written(tmp_path):
    for name in ("sample_inputs", "templates"):
        (tmp_path / name).symlink_to(ROOT / name)
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    steps = blocks()
    assert len(steps) >= 4
    for step in steps:
        proc = subprocess.run(["bash", "-euo", "pipefail", "-c", step], cwd=tmp_path, env=env,
                              capture_output=True, text=True, timeout=300)
        assert proc.returncode == 0, f"step failed:\n{step}\n{proc.stdout}\n{proc.stderr}"
    out = tmp_path / "out-fuan"
    html = (out / "2024年度宁德市医疗保障局部门预算.html").read_text(encoding="utf-8")
    first, second = html.index("一、财政拨款收支预算总表"), html.index("二、部门收支预算总表")
    assert first < second
    assert "从预算单位构成看，福安市本级部门预算中，" in html

    import docx
    document = docx.Document(io.BytesIO((out / "2024年度宁德市医疗保障局部门预算.docx").read_bytes()))
    from docx.oxml.ns import qn
    fonts = document.styles["Normal"].element.rPr.rFonts
    assert fonts.get(qn("w:eastAsia")) == "宋体"
    # the city's files live in its own folder; nothing was added to the shipped templates
    assert not list((ROOT / "templates").rglob("*fuan*"))
    assert (tmp_path / "my-report" / "profiles" / "word" / "fuan.docx").is_file()
