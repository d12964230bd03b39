"""Checks on the built report: silent on the sample, firing when a template prints a wrong figure."""

import copy

import pytest

from generator.pipeline import load
from generator.report.build import build_document
from generator.report.tree import Paragraph
from generator.rules import RULES
from generator.rules.prose import check_document
from tests.conftest import SAMPLE


@pytest.fixture(scope="module")
def built():
    loaded = load(SAMPLE)
    return loaded, build_document(loaded)


def edit(doc, old, new):
    doc = copy.deepcopy(doc)
    hits = [b for b in doc.blocks if isinstance(b, Paragraph) and old in b.text]
    assert hits, old
    hits[0].text = hits[0].text.replace(old, new, 1)
    return doc


def add(doc, after_heading, text):
    doc = copy.deepcopy(doc)
    i = next(i for i, b in enumerate(doc.blocks) if getattr(b, "text", None) == after_heading)
    doc.blocks.insert(i + 1, Paragraph(text))
    return doc


def test_sample_is_silent(built):
    loaded, doc = built
    assert check_document(doc, loaded.figures, loaded.report) == []


CASES = [
    ("R-NARR-TOTAL", lambda d: edit(d, "收入预算为207,172.81万元", "收入预算为207,172.18万元")),
    ("R-NARR-ITEM", lambda d: edit(d, "行政单位离退休127.66万元", "行政单位离退休127.67万元")),
    ("R-NARR-PCT", lambda d: edit(d, "增长6.27%", "增长6.72%")),
    ("R-NARR-WORDING", lambda d: edit(d, "12,220.83万元，增长6.27%", "12,220.83万元，下降6.27%")),
    ("R-NARR-SPLIT", lambda d: edit(d, "人员经费6,005.43万元", "人员经费6,005.44万元")),
    ("R-NARR-3GONG", lambda d: edit(d, "预算安排21.00万元", "预算安排22.00万元")),
    ("R-NARR-CONSIST", lambda d: add(d, "一、预算收支总体情况", "部门收入预算为207,150.81万元。")),
    ("R-NARR-SUM", lambda d: edit(d, "收入预算为207,172.81万元", "收入预算为207,150.81万元")),
    ("R-NARR-SHARE", lambda d: add(d, "一、预算收支总体情况", "卫生健康支出占全部支出的120.00%。")),
    # 宿州 L470: 118.02 / 1773.19 = 6.66%, printed 6.65% so that the four add up to 100.00%
    ("R-NARR-SHARE-SUM", lambda d: add(d, "一、预算收支总体情况", "一般公共服务支出125.50万元，占7.08%；社会保障和就业支出"
                                   "402.17万元，占22.68%；卫生健康支出1127.50万元，占63.59%；住房保障支出118.02万元，占6.65%。")),
    ("R-NARR-COUNT", lambda d: edit(d, "共设置11个项目绩效目标", "共设置12个项目绩效目标")),
]


@pytest.mark.parametrize("rule_id,broken", CASES, ids=[c[0] for c in CASES])
def test_prose_rule_fires(built, rule_id, broken):
    loaded, doc = built
    findings = check_document(broken(doc), loaded.figures, loaded.report)
    assert rule_id in {f.rule for f in findings}, [(f.rule, f.message) for f in findings]


def test_every_document_rule_has_a_case():
    doc_rules = {r.id for r in RULES.values() if r.kinds == ("document",)}
    assert doc_rules == {c[0] for c in CASES}


@pytest.fixture(scope="module")
def suzhou():
    from pathlib import Path
    loaded = load(Path(__file__).resolve().parent.parent / "sample_inputs" / "suzhou-2024-budget")
    return loaded, build_document(loaded)


def test_anhui_sample_is_silent(suzhou):
    loaded, doc = suzhou
    assert check_document(doc, loaded.figures, loaded.report) == []


@pytest.mark.parametrize("old,new,rule_id", [
    ("增加31.03万元，增长45.53%", "增加31.03万元，增长31.29%", "R-NARR-PCT"),        # the seed's slip (L490)
    ("减少77.94万元，下降15.77%", "减少77.94万元，下降23.04%", "R-NARR-PCT"),        # the seed's slip (L506)
    ("预算增加73.55万元，增长4.33%", "预算增加73.55万元，下降4.33%", "R-NARR-WORDING"),
    ("支出预算1774.62万元", "支出预算1774.26万元", "R-NARR-TOTAL"),
])
def test_anhui_prose_checks_fire(suzhou, old, new, rule_id):
    loaded, doc = suzhou
    findings = check_document(edit(doc, old, new), loaded.figures, loaded.report)
    assert rule_id in {f.rule for f in findings}, [(f.rule, f.message) for f in findings]


# --- prose checks follow the figures a sentence prints, not the template's numbering --------------------------

def renumber(doc, old, new):
    doc = copy.deepcopy(doc)
    from generator.report.tree import Heading
    hits = [b for b in doc.blocks if isinstance(b, Heading) and b.text == old]
    assert hits, old
    hits[0].text = new
    return doc


@pytest.mark.parametrize("heading", ["六、一般公共预算拨款基本支出情况", "（五）一般公共预算拨款基本支出情况",
                                     "一般公共预算拨款基本支出情况"])
def test_split_is_checked_under_any_numbering(built, heading):
    loaded, doc = built
    doc = renumber(doc, "五、一般公共预算拨款基本支出情况", heading)
    assert check_document(doc, loaded.figures, loaded.report) == []
    broken = edit(doc, "人员经费6,005.43万元", "人员经费6,105.43万元")
    hits = [f for f in check_document(broken, loaded.figures, loaded.report) if f.rule == "R-NARR-SPLIT"]
    assert [f.severity for f in hits] == ["error"] and heading in str(hits[0].location)


def test_split_within_a_tail_is_a_warning(built):
    loaded, doc = built
    hits = [f for f in check_document(edit(doc, "人员经费6,005.43万元", "人员经费6,005.44万元"), loaded.figures,
                                      loaded.report) if f.rule == "R-NARR-SPLIT"]
    assert [f.severity for f in hits] == ["warning"] and "相差 -0.01" in hits[0].message


def test_split_in_one_sentence_is_checked(suzhou):
    # 安徽 prints 基本支出, 人员经费 and 公用经费 in one sentence of a section numbered 三
    loaded, doc = suzhou
    broken = edit(doc, "其中，人员经费905.71万元", "其中，人员经费915.71万元")
    assert "R-NARR-SPLIT" in {f.rule for f in check_document(broken, loaded.figures, loaded.report)}


def test_split_is_checked_in_final_accounts():
    # the 决算 template numbers it 六; the sample prints the tables' own cells (their tail is R-FA-CROSS's)
    from tests.conftest import FINAL_SAMPLE
    loaded = load(FINAL_SAMPLE)
    doc = build_document(loaded)
    assert check_document(doc, loaded.figures, loaded.report) == []
    broken = edit(doc, "（二）公用经费177.08万元", "（二）公用经费187.08万元")
    assert "R-NARR-SPLIT" in {f.rule for f in check_document(broken, loaded.figures, loaded.report)}


def test_a_split_under_another_heading_is_not_paired_with_an_earlier_basic_figure(built):
    # 一、 prints the all-funds 基本支出 6,327.09; figures printed under the next heading do not split it
    loaded, doc = built
    doc = add(doc, "二、一般公共预算拨款支出情况", "人员经费6,005.43万元，公用经费299.66万元。")
    assert "R-NARR-SPLIT" not in {f.rule for f in check_document(doc, loaded.figures, loaded.report)}


@pytest.mark.parametrize("heading", ["2. 公务接待费", "二、公务接待费", "公务接待费"])
def test_three_public_is_checked_under_any_numbering(built, heading):
    loaded, doc = built
    doc = renumber(doc, "（二）公务接待费", heading)
    assert check_document(doc, loaded.figures, loaded.report) == []
    broken = edit(doc, "预算安排21.00万元", "预算安排22.00万元")
    assert "R-NARR-3GONG" in {f.rule for f in check_document(broken, loaded.figures, loaded.report)}


@pytest.mark.parametrize("old,new", [("部门8个项目实行了绩效目标管理", "部门9个项目实行了绩效目标管理"),
                                     ("选择2个项目公开", "选择3个项目公开")])
def test_anhui_project_counts_are_checked(suzhou, old, new):
    loaded, doc = suzhou
    hits = [f for f in check_document(edit(doc, old, new), loaded.figures, loaded.report) if f.rule == "R-NARR-COUNT"]
    assert hits and hits[0].severity == "error"


def test_final_project_counts_are_checked():
    from tests.conftest import FINAL_SAMPLE
    loaded = load(FINAL_SAMPLE)
    doc = build_document(loaded)
    for old, new in (("对2024年度2个项目实施单位自评", "对2024年度3个项目实施单位自评"), ("对2个项目实施部门评价", "对1个项目实施部门评价")):
        hits = [f for f in check_document(edit(doc, old, new), loaded.figures, loaded.report) if f.rule == "R-NARR-COUNT"]
        assert hits, old


def test_a_count_the_officer_writes_about_other_projects_is_not_checked(built):
    # 宁德's reasons say "…等6个项目年初预算支出较上年增加": a count of its own, not of the 绩效目标表
    loaded, doc = built
    assert "等6个项目年初预算支出较上年增加" in doc.text()
    assert "R-NARR-COUNT" not in {f.rule for f in check_document(doc, loaded.figures, loaded.report)}
