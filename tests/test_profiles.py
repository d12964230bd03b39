"""Profile errors are reported with file and line before anything is rendered (exit 2, nothing written),
and city templates run in the Jinja sandbox: they cannot run code or read files."""

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from generator.cli import app
from tests.conftest import SAMPLE

runner = CliRunner()

CITY = """name: test-city
extends: fujian-budget
description: 测试城市
"""


@pytest.fixture
def city(tmp_path):
    """The 宁德 sample using a profile of its own in <input>/profiles/."""
    target = tmp_path / "nd"
    shutil.copytree(SAMPLE, target)
    report = target / "report.yaml"
    report.write_text(report.read_text(encoding="utf-8").replace("fujian-budget", "test-city"), encoding="utf-8")
    (target / "profiles").mkdir()
    return target


def build(city, tmp_path, profile_text, templates=None):
    (city / "profiles" / "test-city.yaml").write_text(profile_text, encoding="utf-8")
    for name, text in (templates or {}).items():
        folder = city / "profiles" / "text" / "budget"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(city), "--out", str(out), "--to", "html"])
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result, out


def test_city_profile_builds(city, tmp_path):
    result, out = build(city, tmp_path, CITY)
    assert result.exit_code == 0, result.output
    assert any(out.iterdir())


@pytest.mark.parametrize("text,expect", [
    (CITY + "tables:\n  - {key: income_summery, title: 收支预算总表}\n", ["test-city.yaml:5", "income_summery"]),
    (CITY + "colour: red\n", ["test-city.yaml:4", "未知的键", "colour"]),
    (CITY.replace("fujian-budget", "test-city"), ["extends 形成循环", "test-city.yaml:2"]),
    (CITY.replace("fujian-budget", "no-such-province"), ["test-city.yaml:2", "no-such-province"]),
    (CITY + "zero: [1, 2]\n", ["test-city.yaml:4", "zero"]),
    (CITY + 'title: "{{ year }"\n', ["test-city.yaml:4", "title"]),
])
def test_profile_errors_are_located(city, tmp_path, text, expect):
    result, out = build(city, tmp_path, text)
    assert result.exit_code == 2, result.output
    for part in expect:
        assert part in result.output, (part, result.output)
    assert not out.exists()


@pytest.mark.parametrize("template,expect", [
    ("{{ report.no_such_field }}\n", ["part4.j2:1", "no_such_field"]),
    ("{% for x in %}\n", ["part4.j2", "TemplateSyntaxError"]),
    ("ok\n{{ 1 / 0 }}\n", ["part4.j2:2", "ZeroDivisionError"]),
    ("{{ ''.__class__.__mro__[1].__subclasses__() }}\n", ["part4.j2:1", "unsafe"]),
    ("{{ report.__class__.__init__.__globals__ }}\n", ["part4.j2:1"]),
    ("{{ f.income.lines.__func__.__globals__['__builtins__'] }}\n", ["part4.j2:1"]),
    ("{% include '/etc/passwd' %}\n", ["part4.j2", "/etc/passwd"]),
    ("{% include '../../../../../../etc/hostname' %}\n", ["part4.j2"]),
])
def test_templates_are_sandboxed(city, tmp_path, template, expect):
    result, out = build(city, tmp_path, CITY, {"part4.j2": template})
    assert result.exit_code == 2, result.output
    assert "模板" in result.output
    for part in expect:
        assert part in result.output, (part, result.output)
    assert "root:" not in result.output  # nothing of the file was read
    assert not out.exists()


def test_profiles_list_shows_shipped_and_own(tmp_path):
    (tmp_path / "my.yaml").write_text(CITY.replace("test-city", "my"), encoding="utf-8")
    result = runner.invoke(app, ["profiles", "list", "--profiles", str(tmp_path)])
    assert result.exit_code == 0
    for name in ("fujian-budget", "fujian-final", "anhui-budget", "my"):
        assert name in result.output
    shown = runner.invoke(app, ["profiles", "show", "anhui-budget"])
    assert shown.exit_code == 0 and "项目支出表" in shown.output and "政府购买服务支出表" in shown.output


def test_toc_entry_can_differ_from_the_heading():
    """安徽: the heading says 表1, the 目录 names the table in full (`## text || entry` in a text template)."""
    from generator.pipeline import load
    from generator.render.html import render_html
    from generator.report.build import build_document

    doc = build_document(load(Path(__file__).resolve().parents[1] / "sample_inputs" / "suzhou-2024-budget"))
    first = next(h for h in doc.headings() if h.text == "表1")
    assert first.toc_text == "1.宿州市医疗保障局部门2024年财政拨款收支总表"
    html = render_html(doc)
    assert f'<a href="#{first.anchor}">1.宿州市医疗保障局部门2024年财政拨款收支总表</a>' in html
    assert f'id="{first.anchor}">表1</h2>' in html
