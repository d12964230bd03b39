"""Chinese names of the input's fields and tables, for messages: the one place that maps an input path
(("overview", "structure", "offices")) to words an officer reads (部门概况 › 机构设置 › 内设机构数).

Table titles come from the profile where it lists the table (its own wording: 一般公共预算拨款支出预算表 in
福建, 一般公共预算支出预算表 in 安徽); TABLE_ZH is the fallback before a profile is known.
"""

from __future__ import annotations

TABLE_ZH = {
    "income": "收入预算总表", "expenditure": "支出预算总表", "general_budget": "一般公共预算拨款支出表",
    "government_fund": "政府性基金预算拨款支出表", "state_capital": "国有资本经营预算拨款支出表",
    "economic_general_budget": "一般公共预算支出经济分类表", "economic_basic": "一般公共预算基本支出经济分类表",
    "three_public": "“三公”经费支出预算表", "fiscal_income": "财政拨款收支总表", "projects": "项目支出表",
    "procurement": "政府采购支出表", "services": "政府购买服务支出表",
    "summary": "收入支出决算总表", "fiscal_summary": "财政拨款收入支出决算总表",
}
# a model table as the profile lists it, where the keys differ
PROFILE_KEY = {"fiscal_income": "fiscal_summary", "summary": "income_summary"}

SECTION_ZH = {
    "overview": "部门概况", "tables": "预算表", "explanations": "情况说明", "other_matters": "其他重要事项",
    "performance": "绩效目标", "glossary": "名词解释", "duties": "主要职责", "structure": "机构设置",
    "units": "单位构成", "tasks": "重点工作", "previous": "上年数", "reasons": "变动原因", "budget": "年初预算数",
    "operating_costs": "机关运行经费", "procurement": "政府采购", "assets": "国有资产占有使用情况",
    "vehicles": "车辆", "projects": "项目", "funds": "资金", "indicators": "绩效指标", "disclosed": "逐项公开的项目",
    "stated": "填报的合计数", "sme": "授予中小企业合同金额", "three_public_facts": "“三公”经费情况",
    "item_purposes": "项级科目用途", "item_names": "项级科目名称", "goals": "绩效目标", "problems": "问题",
    "opening": "年初结转和结余", "closing": "年末结转和结余", "fiscal": "财政拨款", "other": "其他资金",
    "carryover": "上年结转", "evaluations": "自评", "self_evaluation": "项目支出绩效自评",
    "plan": "资金投入计划", "counts": "个数",
}

FIELD_ZH = {
    # the report
    "kind": "报告类型", "profile": "模板配置", "year": "年度", "department": "部门名称", "date": "日期",
    "department_group": "部门（含所属单位）名称",
    # 部门概况
    "intro": "导语", "items": "条目", "text": "内容", "details": "细目", "offices": "内设机构数",
    "subordinate_units": "下属单位数", "name": "名称", "nature": "单位性质", "staff": "在职人数", "title": "标题",
    "body": "内容", "summary": "概述",
    # table columns
    "code": "科目编码", "total": "合计", "amount": "金额", "general_budget": "一般公共预算拨款",
    "government_fund": "政府性基金预算拨款", "state_capital": "国有资本经营预算拨款",
    "special_account": "财政专户管理资金", "business": "事业收入", "operating": "事业单位经营收支",
    "superior_subsidy": "上级补助收入", "subordinate_remit": "附属单位上缴收入", "other": "其他",
    "carryover": "上年结转结余", "transfer_general_budget": "上级转移支付（提前下达一般公共预算）",
    "transfer_government_fund": "上级转移支付（提前下达政府性基金预算）", "basic": "基本支出", "project": "项目支出",
    "remit_superior": "上缴上级支出", "subsidy_subordinate": "对附属单位补助支出", "fiscal": "财政拨款",
    "outbound": "因公出国（境）费用", "reception": "公务接待费", "vehicle_purchase": "公务用车购置费",
    "vehicle_operation": "公务用车运行维护费", "vehicle_total": "公务用车购置及运行费", "vehicle": "公务用车购置及运行费",
    "carry_general_budget": "结转结余（一般公共预算）", "carry_government_fund": "结转结余（政府性基金预算）",
    "carry_state_capital": "结转结余（国有资本经营预算）", "unit_funds": "单位资金", "unit": "单位", "unit_code": "单位编码",
    "social_insurance": "社会保险基金预算", "goods": "货物", "works": "工程", "services": "服务",
    "level1": "一级指标", "level2": "二级指标", "level3": "三级指标", "level1_code": "一级目录编码",
    "level2_code": "二级目录编码", "level3_code": "三级目录编码", "content": "内容", "quantity": "数量",
    "carryover_general_budget": "上年结转（一般公共预算）", "carryover_government_fund": "上年结转（政府性基金预算）",
    "regular": "经常收入拨款", "non_tax": "国库管理非税收入", "clearing": "一般公共预算清算收入",
    "base_supply": "一般公共预算基数供给", "carryover_total": "上年结转合计", "current_general_budget": "本年一般公共预算拨款",
    "current_total": "本年收入合计", "personnel": "人员经费合计", "public": "公用经费合计", "income": "本年收入",
    "fiscal_income": "财政拨款收入", "use_non_fiscal_balance": "使用非财政拨款结余", "distribution": "结余分配",
    "opening_balance": "年初结转和结余", "closing_balance": "年末结转和结余", "income_total": "收入合计",
    "expenditure_total": "支出合计", "fiscal_total": "财政拨款收入支出总计", "general_budget_total": "一般公共预算拨款支出",
    "government_fund_total": "政府性基金预算拨款支出", "state_capital_total": "国有资本经营预算拨款支出",
    # 情况说明
    "current_income_total": "本年收入", "project_total": "项目支出", "procurement_total": "政府采购支出",
    "services_total": "政府购买服务支出", "income_change": "收入变动原因", "expenditure_change": "支出变动原因",
    "general_budget_change": "一般公共预算拨款支出变动原因", "general_budget_austerity": "过紧日子说明",
    "current_income_change": "本年收入变动原因", "carryover_change": "上年结转变动原因", "project_change": "项目支出变动原因",
    "procurement_change": "政府采购变动原因", "services_change": "政府购买服务变动原因", "project_purpose": "项目支出用途",
    "part": "部分", "purpose": "用途", "projects_with_targets": "设置绩效目标的项目个数",
    "first_level_projects": "一级项目个数", "funds_with_targets": "设置绩效目标的项目涉及的财政拨款资金",
    "total_change": "总变动原因", "fiscal_change": "财政拨款变动原因", "three_public": "“三公”经费",
    "outbound_groups": "组织出国团组数", "outbound_joined_groups": "参加出国团组数", "outbound_people": "出国人次",
    "vehicles_purchased": "购置公务用车数", "vehicles_held": "公务用车保有量", "reception_batches": "接待批次",
    "reception_people": "接待人次",
    # 其他重要事项
    "previous": "上年数", "reason": "变动原因", "ministerial": "省部级领导干部用车", "vice_ministerial": "副部（省）级以上领导用车",
    "principal": "主要领导干部用车", "confidential": "机要通信用车", "emergency": "应急保障用车",
    "law_enforcement": "执法执勤用车", "special": "特种专业技术用车", "retired": "离退休干部用车",
    "equipment_over_1m": "单价100万元以上设备数", "planned_vehicles": "拟购置公务用车数",
    "planned_equipment_over_1m": "拟购置单价100万元以上设备数", "general_equipment_over_500k": "单价50万元以上通用设备数",
    "special_equipment_over_1m": "单价100万元以上专用设备数", "planned_vehicle_cost": "拟购置公务用车金额",
    "planned_general_equipment": "拟购置通用设备数", "planned_general_equipment_cost": "拟购置通用设备金额",
    "planned_special_equipment": "拟购置专用设备数", "planned_special_equipment_cost": "拟购置专用设备金额",
    "other_vehicles_use": "其他用车用途", "small_micro": "授予小微企业合同金额",
    # 绩效
    "note": "说明", "basis": "立项依据", "feasibility": "可行性", "source": "项目来源", "period": "项目期",
    "goal": "实施期目标", "target": "指标值", "executor": "实施主体", "initial": "年初预算数", "full_year": "全年预算数",
    "executed": "全年执行数", "weight": "分值", "score": "得分", "actual": "实际完成值", "deviation": "偏差原因",
    "expected": "预期目标", "op": "运算符", "short_name": "简称", "department_grade": "部门评价等次", "results": "结果",
    "problem": "问题", "suggestion": "改进建议", "type": "类型", "term": "名词", "definition": "解释",
    "direction": "指标方向", "value": "目标值", "measure": "计量单位", "polarity": "指标性质", "detail": "指标明细说明",
    "shares": "各季度占比", "amounts": "各季度金额", "scope": "资金使用范围", "total_goal": "总目标",
}
# a field whose meaning depends on where it sits
PLACED_ZH = {
    ("operating_costs", "amount"): "金额", ("disclosed", "amount"): "年度预算安排", ("units", "name"): "单位名称",
    ("projects", "name"): "项目名称", ("disclosed", "project"): "项目名称", ("indicators", "name"): "三级指标",
    ("duties", "items"): "职责条目", ("tasks", "items"): "重点工作条目", ("funds", "total"): "资金总额",
    ("funds", "other"): "其他资金", ("funds", "carryover"): "上年结转", ("previous", "items"): "项级科目上年数",
    ("reasons", "items"): "项级科目变动原因", ("vehicles", "total"): "车辆总数", ("vehicles", "other"): "其他用车",
    ("units", "nature"): "单位性质", ("procurement", "total"): "政府采购合计",
    ("performance", "overall"): "部门整体支出绩效目标表", ("overall", "personnel"): "人员支出",
    ("overall", "public"): "公用支出", ("overall", "special"): "部门专项", ("overall", "development"): "发展经费",
    ("overall", "construction"): "基建项目", ("overall", "total"): "合计", ("overall", "tasks"): "年度工作任务",
    ("overall", "goal"): "年度目标", ("personnel", "fiscal"): "财政资金", ("public", "fiscal"): "财政资金",
    ("special", "fiscal"): "财政资金", ("development", "fiscal"): "财政资金", ("construction", "fiscal"): "财政资金",
    ("total", "fiscal"): "财政资金", ("personnel", "total"): "资金总额", ("public", "total"): "资金总额",
    ("special", "total"): "资金总额", ("development", "total"): "资金总额", ("construction", "total"): "资金总额",
    ("tasks", "projects"): "涉及项目", ("tasks", "fiscal"): "涉及财政资金",
}


def table_title(profile, key: str) -> str:
    """A table's title as the profile prints it, else the usual name."""
    wanted = PROFILE_KEY.get(key, key)
    for spec in getattr(profile, "tables", None) or ():
        if spec.key == wanted:
            return spec.title
    return TABLE_ZH.get(key, key)


def _label(parent, part) -> str:
    if isinstance(part, int):
        return f"第{part + 1}{'行' if parent == 'rows' else '项'}"
    if (parent, part) in PLACED_ZH:
        return PLACED_ZH[(parent, part)]
    if parent in ("item_purposes", "item_names", "items") and str(part).isdigit():
        return f"科目 {part}"
    return SECTION_ZH.get(part) or FIELD_ZH.get(part) or str(part)


def path_labels(loc, profile=None) -> list[str]:
    """(\"tables\", \"income\", \"rows\", 0, \"code\") → [\"收入预算总表\", \"第1行\", \"科目编码\"]."""
    out, parent = [], None
    loc = tuple(loc)
    for i, part in enumerate(loc):
        if parent == "tables" and i == 1:
            out[-1:] = [table_title(profile, str(part))]  # the table's title stands for 预算表 › key
        elif part == "rows":
            pass  # 第N行 says it
        else:
            out.append(_label(parent, part))
        parent = part
    return out


def describe(loc, profile=None) -> str:
    """The place of a field in words: 部门概况 › 机构设置 › 内设机构数."""
    return " › ".join(path_labels(loc, profile))


def field_name(loc, profile=None) -> tuple[str, str]:
    """(the field's own label, where it sits): (“内设机构数”, “部门概况 › 机构设置”)."""
    labels = path_labels(loc, profile)
    if not labels:
        return "", ""
    return labels[-1], " › ".join(labels[:-1])
