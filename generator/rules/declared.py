"""Relations of the declared tables, as rules: within a row, down a hierarchy, across tables.

Each relation comes from the declarations (generator.tables): 小计 groups and `relations: [{sum, of}]`
within a row; 类/款/项, 单位/部门 and 合计 down a hierarchy (every amount column, 合计 included);
`relations: [{column, equals}]` and `derive:` across tables. A rounding tail within the tolerance is a
warning, more is an error (Context.compare).
"""

from __future__ import annotations

from generator.rules.engine import ERROR, rule
from generator.tables.declare import vocabulary

# generator.tables.data imports the rule engine: the table modules are imported where the rules run, so
# that either package can be imported first.

rule("S-TABLE", ERROR, "表格与声明不符（未知的表或列）", kinds=("budget", "final"))(lambda ctx: ())


def _names(ctx, data):
    words = vocabulary(ctx.profile)
    titles = {s.key: s.title for s in ctx.profile.tables}
    titles.setdefault(data.decl.key, data.decl.description or data.decl.key)
    labels = {leaf.key: leaf.label or (words.get(leaf.key) or {}).get("label", leaf.key) for leaf in data.decl.leaves()}
    return titles.get(data.decl.key, data.decl.key), labels


def _checked(ctx):
    """The declared tables whose figures these rules check (a model table's own rules check its figures)."""
    return [(k, d) for k, d in ctx.tables.items() if not d.from_model]


def _nonzero(values) -> int:
    return sum(1 for v in values if v)


@rule("R-TAB-ROW", ERROR, "声明的表：行内合计等于各列之和", kinds=("budget", "final"))
def row_relations(ctx):
    for key, data in _checked(ctx):
        from generator.tables.data import row_sums

        title, labels = _names(ctx, data)
        sums = row_sums(data.decl, data.money)
        for node in data.nodes:
            if node.index is None:
                continue
            for column, parts in sums.items():
                if column not in node.entered:
                    continue
                stated = node.values.get(column)
                computed = sum((node[p] for p in parts), type(stated)(0))
                row = f"{node.code} {node.name}".strip()
                what = f"{title}{'“' + row + '”行' if row else ''}的“{labels.get(column, column)}”"
                yield from ctx.compare("R-TAB-ROW", what, stated, computed, _nonzero(node[p] for p in parts) + 1,
                                       data.path(node.index, column),
                                       f"{title} {node.code} {labels.get(column, column)}")
        for column, parts in sums.items():
            if column in data.stated_total:
                computed = sum((data.total.get(p, 0) for p in parts), type(data.stated_total[column])(0))
                yield from ctx.compare("R-TAB-ROW", f"{title}合计行的“{labels.get(column, column)}”",
                                       data.stated_total[column], computed, _nonzero(data.total.get(p, 0) for p in parts) + 1,
                                       ("tables", key, "total", column), f"{title} 合计 {labels.get(column, column)}")


@rule("R-TAB-HIER", ERROR, "声明的表：上级行（类、款、单位、部门、合计）等于下级之和", kinds=("budget", "final"))
def hierarchy(ctx):
    for key, data in _checked(ctx):
        title, labels = _names(ctx, data)
        children: dict[str, int] = {}
        for node in data.nodes:
            if node.parent:
                children[node.parent] = children.get(node.parent, 0) + 1
        for node in data.nodes:
            if node.detail or not node.stated:
                continue
            below = "按单位合计" if node.level == "部门" else "按下级明细合计"
            for column, stated in node.stated.items():
                yield from ctx.compare(
                    "R-TAB-HIER", f"{title}“{node.code} {node.name}”行的“{labels.get(column, column)}”（{below}）",
                    stated, node.computed.get(column, stated), children.get(node.key, 0) + 1,
                    data.path(node.index, column), f"{title} {node.code} {labels.get(column, column)}")
        for column, stated in data.stated_total.items():
            yield from ctx.compare(
                "R-TAB-HIER", f"{title}合计行的“{labels.get(column, column)}”", stated,
                data.computed_total.get(column, stated), _nonzero(n[column] for n in data.nodes if not n.parent) + 1,
                ("tables", key, "total", column), f"{title} 合计 {labels.get(column, column)}")


@rule("R-TAB-CROSS", ERROR, "声明的表：表间关系（此表某列等于彼表某列）", kinds=("budget", "final"))
def cross(ctx):
    from generator.tables.engine import derived_rows
    from generator.tables.values import Values

    values = Values(ctx.tables, ctx.figures, "表间关系", ctx.catalog, ctx.report)
    for key, data in _checked(ctx):
        title, labels = _names(ctx, data)
        for rel in data.decl.relations:
            if not rel.equals:
                continue
            label = labels.get(rel.column, rel.column)
            if rel.by == "total":
                yield from ctx.compare("R-TAB-CROSS", f"{title}合计行的“{label}”（应等于 {rel.equals}）",
                                       data.total.get(rel.column), values.get(rel.equals), 2,
                                       ("tables", key, "total", rel.column), f"{title} 合计 {label}")
                continue
            for node in data.details():
                yield from ctx.compare("R-TAB-CROSS", f"{title}“{node.code}”行的“{label}”（应等于 {rel.equals}[{node.code}]）",
                                       node[rel.column], values.get(rel.equals, node.code), 2,
                                       data.path(node.index, rel.column), f"{title} {node.code} {label}")
        derive = data.decl.derive
        if derive and derive.source in ctx.tables and any(n.index is not None for n in data.nodes):
            # the input states a table that is also computed from another: each stated figure is checked
            expected = {r["code"]: r for r in derived_rows(data.decl, ctx.tables[derive.source])}
            source_title = _names(ctx, ctx.tables[derive.source])[0]
            for node in data.details():
                row = expected.get(node.code, {})
                for column in data.money:
                    if column in row:
                        yield from ctx.compare(
                            "R-TAB-CROSS", f"{title}“{node.code}”行的“{labels.get(column, column)}”（按{source_title}计算）",
                            node[column], row[column], 2, data.path(node.index, column),
                            f"{title} {node.code} {labels.get(column, column)}")


@rule("R-TAB-SUM", ERROR, "声明的表：命名的数（合计行、总计行）等于其各项之和", kinds=("budget", "final"))
def named_sums(ctx):
    """`relations: [{sum: key, of: [keys]}]` over the figures that fixed lines and footer cells name with
    `key` (收入总计 = 本年收入合计 + 上年结转结余): each is a reference, so a wrong one in the declaration,
    or figures of the input that disagree, show as a table that does not add up."""
    from pathlib import Path

    from generator.inputs.locations import Location
    from generator.tables.values import Values

    values = Values(ctx.tables, ctx.figures, "表内关系", ctx.catalog, ctx.report)
    for spec in ctx.profile.tables:
        decl = ctx.decls.get(spec.key)
        if decl is None:
            continue
        named = decl.figures()
        for rel in decl.relations:
            if rel.sum not in named:
                continue
            label, ref = named[rel.sum]
            stated = values.get(ref)
            parts = [values.get(named[k][1]) for k in rel.of]
            basis = "按" + "＋".join(named[k][0] or k for k in rel.of)
            for found in ctx.compare("R-TAB-SUM", f"{spec.title}“{label or rel.sum}”", stated, sum(parts, type(stated)(0)),
                                     _nonzero(parts) + 1, basis=basis):
                # the declaration by its folder and name (tables/summary_nested.yaml), not a server path
                found.location = Location("/".join(Path(decl.source).parts[-2:]) if decl.source else spec.key)
                yield found
