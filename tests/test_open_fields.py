"""The model's open parts (上年数, 变动原因, 资产): a profile names its own figures and words there, with
labels; a name it does not use is a located S-KEY error, a named one left out gets its default."""

from pathlib import Path

from generator.inputs import read_input
from tests.conftest import _checker

ROOT = Path(__file__).resolve().parent.parent
SUZHOU = ROOT / "sample_inputs" / "suzhou-2024-budget"
NINGDE = ROOT / "sample_inputs" / "ningde-2024-budget"


def loaded(path, mutate=None):
    import copy

    from generator.pipeline import load_data
    data, sources = read_input(path)
    data = copy.deepcopy(data)
    if mutate:
        mutate(data)
    return load_data(data, sources, path)


def test_a_figure_the_profile_does_not_name_is_a_located_error():
    # 上年项目支出 is a figure of the 安徽 profile; the 福建 one prints no such thing
    result = loaded(NINGDE, lambda d: d["explanations"]["previous"].update(project_total="10.00"))
    found = [f for f in result.findings if f.rule == "S-KEY"]
    assert found and "project_total" in found[0].message and "fujian-budget" in found[0].message
    assert "explanations.yaml:" in str(found[0].location)


def test_a_misspelled_reason_is_an_error_in_the_profile_that_has_open_reasons():
    result = loaded(SUZHOU, lambda d: d["explanations"]["reasons"].update(project_chnage="是……"))
    assert [f.rule for f in result.findings if f.severity == "error"] == ["S-KEY"]


def test_the_samples_name_only_their_profiles_fields():
    for path in (NINGDE, SUZHOU):
        assert not [f for f in loaded(path).findings if f.rule == "S-KEY"]


def test_a_named_field_left_out_gets_its_default():
    result = loaded(SUZHOU, lambda d: d["other_matters"]["assets"].pop("planned_vehicle_cost", None))
    assert result.ok and result.report.other_matters.assets.planned_vehicle_cost == 0
    from generator.report.build import build_document
    assert "购置费0万元" in build_document(result).text() or "购置费0.00万元" in build_document(result).text()


def test_a_required_figure_left_out_is_still_required():
    result = loaded(SUZHOU, lambda d: d["explanations"]["previous"].pop("project_total"))
    assert "S-REQUIRED" in {f.rule for f in result.findings}
