"""Explanations keyed by what they explain: a 项 explained in parts (amounts from the 项 table's columns or
typed, adding up to the 项), projects of the 绩效目标表 described in words (a funding split that adds up,
the amount of its 绩效目标表, a table of the report), counts the text prints that are inputs. Each check
fires located at the line of the input that holds the wrong figure, and is silent when the figures agree."""

import shutil

import pytest

from generator.pipeline import dry_run, load
from tests.conftest import SAMPLE

# 2101501 行政运行 (1676.48) explained as 人员经费 and 公用经费 (not columns of the 一般公共预算拨款支出表: typed);
# 2101502 一般行政管理事务 as its 项目支出 part (a column: the amount comes from the table)
PARTS = '''  "2101501":
    - {part: 人员经费, amount: 1496.48, purpose: 在职人员基本工资、津贴补贴等支出}
    - {part: 公用经费, amount: 180.00, purpose: 办公、印刷、水电等日常运转支出}
  "2101502":
    - {part: 项目支出, purpose: 医保经办机构的业务工作经费}
'''
NOTES = '''disclosed:
  - project: 提前下达2024年中央财政城乡医疗救助补助资金
    funds: {中央资金: 5699.00}
    purpose: 资助困难群众参加城乡居民医保和医疗救助
    table: general_budget
  - project: 城乡医疗救助县级财政兜底资金
    amount: 5500.00
    funds: {地方财政资金: 3300.00, 省级资金: 2200.00}
    purpose: 城乡医疗救助县级兜底保障
'''
COUNTS = '''counts:
  projects_with_targets: 11
  funds_with_targets: 200845.72
  first_level_projects: 3
'''


def write(tmp_path, change=None):
    """The sample with 2101501/2101502 explained in parts and counts (explanations.yaml), two projects
    described in words (performance.yaml); `change` (old, new) edits the file that holds `old`."""
    folder = tmp_path / "input"
    shutil.copytree(SAMPLE, folder)
    path = folder / "explanations.yaml"
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines(keepends=True)
             if not ln.startswith(('  "2101501":', '  "2101502":'))]
    path.write_text("".join(lines) + PARTS + COUNTS, encoding="utf-8")
    perf = folder / "performance.yaml"
    perf.write_text(perf.read_text(encoding="utf-8") + NOTES, encoding="utf-8")
    if change:
        old, new = change
        file = next(f for f in (path, perf) if old in f.read_text(encoding="utf-8"))
        file.write_text(file.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    return folder


def line_of(folder, words) -> str:
    for name in ("explanations.yaml", "performance.yaml"):
        text = (folder / name).read_text(encoding="utf-8").splitlines()
        found = [i for i, ln in enumerate(text, 1) if words in ln]
        if found:
            return f"{name}:{found[0]}"
    raise AssertionError(words)


def ours(findings):
    return [f for f in findings if f.rule.startswith(("R-EXPL", "S-", "R-NARR"))]


def test_explanations_that_agree_are_silent_and_print_their_parts(tmp_path):
    loaded = load(write(tmp_path))
    doc = dry_run(loaded)
    assert ours(loaded.findings) == []
    text = doc.text()
    assert ("2101501-行政运行1,676.48万元。其中：人员经费1,496.48万元，主要用于在职人员基本工资、津贴补贴等支出；"
            "公用经费180.00万元，主要用于办公、印刷、水电等日常运转支出。") in text
    assert "2101502-一般行政管理事务1,002.72万元。其中：项目支出1,002.72万元，主要用于医保经办机构的业务工作经费。" in text
    notes = loaded.figures.notes
    assert [str(n.amount) for n in notes] == ["5699.00", "5500.00"]  # the first from its 绩效目标表
    assert notes[0].table["cn"] == "五" and notes[1].table is None


CASES = [  # (rule, change to explanations.yaml, words of the line it points at, words of the message)
    ("R-EXPL-PART-AMOUNT", ("{part: 项目支出, purpose", "{part: 项目支出, amount: 1000.72, purpose"), "项目支出",
     "一般公共预算拨款支出预算表该科目项目支出为 1002.72"),
    ("R-EXPL-PART-AMOUNT", ("公用经费, amount: 180.00,", "公用经费,"), "{part: 公用经费", "须填写金额"),
    ("R-EXPL-PARTS-SUM", ("amount: 1496.48", "amount: 1490.48"), "{part: 人员经费", "应为 1676.48，相差 -6.00"),
    ("R-EXPL-FUNDS", ("省级资金: 2200.00", "省级资金: 2210.00"), "省级资金", "合计填报为 5510.00，按项目金额应为 5500.00"),
    ("R-EXPL-FUNDS", ("funds: {中央资金: 5699.00}", "funds: {中央资金: 5600.00}"), "中央资金", "按项目金额应为 5699.00"),
    ("R-PERF-MONEY", ("amount: 5500.00", "amount: 5000.00"), "amount: 5000.00", "绩效目标表资金总额为 5500.00"),
    ("S-REF", ("project: 城乡医疗救助县级财政兜底资金", "project: 城乡医疗救助县级兜底资金"),
     "project: 城乡医疗救助县级兜底资金", "在绩效目标项目中找不到"),
    ("R-EXPL-TABLE", ("table: general_budget", "table: general_budget_items"), "table:", "general_budget_items"),
    ("R-EXPL-COUNT", ("projects_with_targets: 11", "projects_with_targets: 10"), "projects_with_targets",
     "印出了 11 个项目"),
    ("R-EXPL-COUNT", ("first_level_projects: 3", "first_level_projects: 0"), "first_level_projects", "项目支出为 200845.72"),
    ("R-EXPL-COUNT", ("funds_with_targets: 200845.72", "funds_with_targets: 200000.00"), "funds_with_targets",
     "财政拨款合计为 200845.72"),
]


@pytest.mark.parametrize("rule_id,change,at,words", CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_each_check_fires_located(tmp_path, rule_id, change, at, words):
    folder = write(tmp_path, change)
    found = [f for f in load(folder).findings if f.rule == rule_id]
    assert len(found) == 1 and found[0].severity == "error", ours(load(folder).findings)
    assert words in found[0].message
    assert str(found[0].location).endswith(line_of(folder, at))


def test_a_count_that_is_an_input_is_what_the_text_prints_and_checks(tmp_path):
    """More projects have targets than the report prints tables for: the text prints the inputs, and the
    prose check (R-NARR-COUNT) takes the count as stated, not the number of tables."""
    folder = write(tmp_path, ("projects_with_targets: 11\n  funds_with_targets: 200845.72",
                              "projects_with_targets: 15\n  funds_with_targets: 210000.00"))
    loaded = load(folder)
    doc = dry_run(loaded)
    assert "共设置15个项目绩效目标，共涉及财政拨款资金210,000.00万元。" in doc.text()
    assert not [f for f in loaded.findings if f.rule in ("R-NARR-COUNT", "R-EXPL-COUNT", "R-NARR-TOTAL")]


def test_a_larger_count_without_its_money_is_a_warning(tmp_path):
    folder = write(tmp_path, ("projects_with_targets: 11\n  funds_with_targets: 200845.72",
                              "projects_with_targets: 15"))
    found = [f for f in load(folder).findings if f.rule == "R-EXPL-COUNT"]
    assert [f.severity for f in found] == ["warning"] and "funds_with_targets" in found[0].message


def test_a_part_of_an_unknown_shape_is_a_located_schema_error(tmp_path):
    folder = write(tmp_path, ("{part: 项目支出, purpose", "{part: 项目支出, amout: 1, purpose"))
    found = [f for f in load(folder).findings if f.severity == "error"]
    assert found and found[0].rule.startswith("S-") and "explanations.yaml:" in str(found[0].location)


def test_a_table_without_the_named_part_column_needs_the_amount(tmp_path):
    """The parts are matched by the 项 table's column labels: 基本支出 is a column of the 一般公共预算拨款
    支出表, 人员经费 is not."""
    folder = write(tmp_path, ("{part: 人员经费, amount: 1496.48,", "{part: 基本支出,"))
    folder_ok = load(folder)
    found = [f for f in folder_ok.findings if f.rule.startswith("R-EXPL")]
    # 基本支出 is the whole 1676.48 here, so with 公用经费 the parts exceed the 项
    assert [f.rule for f in found] == ["R-EXPL-PARTS-SUM"] and "应为 1676.48" in found[0].message


def test_a_wrong_amount_in_a_part_is_one_message_not_one_per_branch(tmp_path):
    """A 项's 用途 is one text or a list of parts: a wrong amount in a part is reported once, in the list's
    terms, without pydantic's branch names (constrained-str, list[ItemPart])."""
    folder = write(tmp_path, ("amount: 1496.48", "amount: 14x6.48"))
    found = [f for f in load(folder).findings if f.severity == "error"]
    assert [f.rule for f in found] == ["S-AMOUNT"]
    assert "科目 2101501 › 第1项 › 金额：“14x6.48”不是金额" in found[0].message
    assert "constrained" not in found[0].message and "ItemPart" not in found[0].message
