"""Build the report tree from model + figures + profile + text templates.

The profile's outline names text templates (Jinja, rendered in a sandbox). Each renders to a
small markup, one block per line:
  `# text` part heading (new page) · `## text` section · `### text` subsection · `#### text` item
  (`## text || entry`: the 目录 shows `entry` instead of the heading's text)
  `@page portrait|landscape` · `@table KEY` · `@performance [key]` · `@overall caption` · `@selfeval caption|unit` · `@note text`
  · `@cover` · `@toc`
  any other non-empty line: a body paragraph.
"""

from __future__ import annotations

from decimal import Decimal

from jinja2 import ChoiceLoader, FileSystemLoader, StrictUndefined, TemplateError
from jinja2.sandbox import SandboxedEnvironment

from generator.errors import ProfileError
from generator.money import ZERO, Change, cents, fmt_amount, fmt_percent, percent
from generator.profile import Profile
from generator.report.tables import TableBuilder, cn_number
from generator.report.tree import Cover, Document, Fonts, Heading, Page, Paragraph, Table, Toc
from generator.tables.values import Values


def environment(profile: Profile) -> SandboxedEnvironment:
    env = SandboxedEnvironment(
        loader=ChoiceLoader([FileSystemLoader(str(d)) for d in profile.text_dirs()]),
        undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
        autoescape=False,
    )
    thousands, trim = profile.text_thousands, profile.text_trim_cents
    env.filters["amt"] = lambda v: _trim(fmt_amount(v, thousands=thousands), trim)
    env.filters["pct"] = lambda v: _trim(fmt_percent(v)[:-1], trim) + "%" if v is not None else ""
    env.filters["cn"] = cn_number
    env.filters["cents"] = cents
    env.globals["change"] = Change
    env.globals["share"] = percent  # part / whole × 100, 2 dp
    env.globals["ZERO"] = ZERO
    return env


def _trim(text: str, trim: bool) -> str:
    """183.00 → 183 where the profile prints whole amounts without cents (安徽); 125.50 stays."""
    return text[:-3] if trim and text.endswith(".00") else text


def _template_frame(exc: BaseException) -> tuple[str, int] | None:
    """The innermost template file and line in a rendering error's traceback (Jinja keeps them there)."""
    found, tb = None, exc.__traceback__
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name.endswith(".j2"):
            found = (name, tb.tb_lineno)
        tb = tb.tb_next
    return found


def render_text(env: SandboxedEnvironment, name: str, context: dict) -> str:
    try:
        return env.get_template(f"{name}.j2").render(context)
    except ProfileError as exc:  # e.g. a value() the declarations do not know: said with the template's line
        frame = _template_frame(exc)
        if frame is None:
            raise
        raise ProfileError(f"文字模板 {frame[0]}:{frame[1]}：{exc}") from None
    except Exception as exc:  # any failure of a (possibly city-supplied) template is a profile error
        frame = _template_frame(exc)
        where = getattr(exc, "filename", None) or (frame[0] if frame else f"{name}.j2")
        line = getattr(exc, "lineno", None) or (frame[1] if frame else None)
        raise ProfileError(f"文字模板 {where}{':' + str(line) if line else ''} 无法渲染："
                           f"{type(exc).__name__}: {exc}") from None


def build_document(loaded) -> Document:
    report, figures, profile = loaded.report, loaded.figures, loaded.profile
    env = environment(profile)
    base = {"year": report.year, "department": report.department}
    title = _string(env, profile.title, profile, "title", base)
    tables = TableBuilder(figures, report, profile, profile.layout_file(), loaded.catalog)
    tables.declared = getattr(loaded, "tables", {}) or {}
    check_tables(profile, tables.layout)
    specs = [{"key": s.key, "title": s.title, "label": s.label, "number": i, "cn": cn_number(i),
              "toc": s.toc or s.title, "explain": s.explain or s.toc or s.title,
              "orientation": tables.orientation(s.key)} for i, s in enumerate(profile.tables, 1)]
    quoted: set = set()  # figures the text looks up (figure_lookups)
    context = {
        **base, "report": report, "f": figures, "tables": specs, "title": title,
        "previous_year": report.year - 1, "profile": profile, "names": loaded.catalog.functional,
        "group": getattr(report, "department_group", "") or f"{report.department}部门",
        **figure_lookups(loaded, quoted),
    }
    blocks: list = []
    for name in profile.outline:
        text = render_text(env, name, context)
        blocks.extend(_parse(text, name, tables, context, env, profile))
    blocks = _collapse_pages(blocks)
    fonts = Fonts(profile.fonts.title, profile.fonts.heading, profile.fonts.body, profile.fonts.table)
    doc = Document(title, blocks, fonts, quoted)
    for i, h in enumerate(doc.headings()):
        h.anchor = f"h{i}"
    return doc


def figure_lookups(loaded, quoted: set) -> dict:
    """What a city's text template reads besides the model's named figures: `value("table.column[code]")`,
    any figure of a declared or model table by the declarations' references (a list adds up);
    `table("key")`, a declared table's rows (`.details()`, `.nodes`, `.total`); and `change(current,
    previous)`. So a city's own tables are explained without a figure computed in Python; the figures
    looked up go into `quoted`, which the prose checks take as known (R-NARR-TOTAL)."""
    declared = getattr(loaded, "tables", {}) or {}
    values = Values(declared, loaded.figures, "文字模板中的 value()", loaded.catalog, loaded.report)

    def value(ref):
        found = values.get(ref)
        quoted.add(cents(found))
        return found

    def change(current, previous) -> Change:
        ch = Change(Decimal(str(current)), Decimal(str(previous)))
        quoted.update({cents(ch.current), cents(ch.previous), ch.amount})
        return ch

    def table(key: str):
        if key not in declared:
            raise ProfileError(f"文字模板中的 table(“{key}”)：没有这张声明的表（{'、'.join(sorted(declared)) or '无'}）")
        return declared[key]
    return {"value": value, "table": table, "change": change}


def _parse(text: str, name: str, tables: TableBuilder, context: dict, env, profile: Profile):
    last = None  # the block yielded last: a note right after a table belongs to the table
    for block in _blocks(text, name, tables, context, env, profile):
        if isinstance(block, Paragraph) and block.style == "note" and isinstance(last, Table):
            last.notes.append(block.text)
            continue
        last = block
        yield block


def _blocks(text: str, name: str, tables: TableBuilder, context: dict, env, profile: Profile):
    captions = {s["key"]: s["title"] for s in context["tables"]}
    own_caption = {s.key: s.caption for s in profile.tables if s.caption}
    numbers = {s["key"]: s["number"] for s in context["tables"]}
    labels = {s["key"]: s["label"] for s in context["tables"]}
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#"):
            level = len(line) - len(line.lstrip("#"))
            if level == 1:  # a part title has a page of its own
                yield Page("portrait")
            text, _, toc = line[level:].partition(" || ")
            yield Heading(level, text.strip(), toc=toc.strip())
            if level == 1:
                yield Page("portrait")
        elif line.startswith("@"):
            directive, _, arg = line[1:].partition(" ")
            arg = arg.strip()
            if directive == "page":
                yield Page(arg or "portrait")
            elif directive == "table" and arg == "units":
                yield tables.build("units", "")
            elif directive == "table":
                if arg not in captions:
                    raise ProfileError(f"文字模板 {name}.j2 引用了未配置的表“{arg}”")
                caption = _string(env, own_caption.get(arg, profile.caption), profile, "caption",
                                  dict(context, title=captions[arg], number=numbers[arg]))
                yield tables.build(arg, caption, labels[arg])
            elif directive == "project":  # one project's table: @project <index in performance.projects>
                projects = context["report"].performance.projects
                if not arg.isdigit() or int(arg) >= len(projects):
                    raise ProfileError(f"文字模板 {name}.j2 中 @project 的参数“{arg}”不是项目序号（0–{len(projects) - 1}）")
                yield _performance(tables, env, profile, context, projects[int(arg)])
            elif directive == "performance":  # every project's 绩效目标表: @performance [declaration key]
                for project in context["report"].performance.projects:
                    yield _performance(tables, env, profile, context, project, arg or "performance")
            elif directive == "overall":  # 部门（单位）整体支出绩效目标表: @overall caption (declaration `overall`)
                overall = context["report"].performance.overall
                if overall is not None:
                    yield tables.performance(overall, arg, "overall")
            elif directive == "selfeval":  # 附件: 专项资金绩效自评表, one per project
                caption, _, unit = arg.partition("|")
                for ev in context["f"].evaluations:
                    yield tables.evaluation(ev, caption.strip(), unit.strip())
            elif directive == "note":
                yield Paragraph(arg, "note")
            elif directive == "center":
                yield Paragraph(arg, "center")
            elif directive == "cover":
                yield Cover([_string(env, s, profile, "cover", context) for s in profile.cover])
            elif directive == "toc":
                yield Toc()
            else:
                raise ProfileError(f"文字模板 {name}.j2 中有未知指令“@{directive}”")
        else:
            yield Paragraph(line)


def _performance(tables: TableBuilder, env, profile: Profile, context: dict, project,
                 key: str = "performance") -> Table:
    """One project's 绩效目标表 (the declaration `key`, rows by: project) under the profile's caption."""
    caption = _string(env, profile.performance_caption, profile, "performance_caption", dict(context, name=project.name))
    return tables.performance(project, caption, key)


def _string(env, source: str, profile: Profile, key: str, context: dict) -> str:
    """Render a template string of the profile (a caption, a cover line) with the profile's line on failure."""
    try:
        return env.from_string(source).render(context)
    except TemplateError as exc:
        raise ProfileError(f"{profile.where(key)}: 模板配置 {key} 无法渲染：{exc}") from None


def check_profile(profile: Profile) -> None:
    """What can be checked of a profile without the report: its layout file, table keys and templates."""
    from generator.report.tables import layouts
    check_tables(profile, layouts(profile.layout_file()))
    env = environment(profile)
    for name in profile.outline:
        try:
            env.get_template(f"{name}.j2")
        except TemplateError as exc:
            raise ProfileError(f"{profile.where('outline')}: 文字模板 {name}.j2 无法读取：{type(exc).__name__}: {exc}") from None


def check_tables(profile: Profile, layout: dict) -> None:
    """Every table the profile lists has a layout: reported before anything is built or rendered."""
    from generator.tables.declare import declarations
    declared = declarations(profile, layout)  # a broken declaration stops here, with its file
    for spec in profile.tables:
        if spec.key not in layout and spec.key not in declared:
            known = "、".join([k for k in layout if isinstance(layout[k], dict) and k not in ("units", "performance")]
                             + [k for k in declared if k not in layout])
            raise ProfileError(f"{profile.where('tables')}: 模板配置的表“{spec.key}”（{spec.title}）在表格样式 "
                               f"{profile.layout_file().name} 中没有定义。可用的表：{known}")


def _collapse_pages(blocks: list) -> list:
    """Consecutive page starts make one; the last one's orientation wins."""
    out: list = []
    for block in blocks:
        if isinstance(block, Page) and out and isinstance(out[-1], Page):
            out[-1] = block
        else:
            out.append(block)
    return out
