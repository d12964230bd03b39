"""Build the report tree from model + figures + profile + text templates.

The profile's outline names text templates (Jinja, rendered in a sandbox). Each renders to a
small markup, one block per line:
  `# text` part heading (new page) · `## text` section · `### text` subsection · `#### text` item
  `@page portrait|landscape` · `@table KEY` · `@performance` · `@selfeval caption|unit` · `@note text`
  · `@cover` · `@toc`
  any other non-empty line: a body paragraph.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import ChoiceLoader, FileSystemLoader, StrictUndefined, TemplateError
from jinja2.sandbox import SandboxedEnvironment

from generator.errors import ProfileError
from generator.money import ZERO, Change, cents, fmt_amount, fmt_percent
from generator.profile import TEMPLATES, Profile
from generator.report.final_tables import FinalTableBuilder
from generator.report.tables import TableBuilder, cn_number
from generator.report.tree import Cover, Document, Fonts, Heading, Page, Paragraph, Table, Toc


def environment(profile: Profile) -> SandboxedEnvironment:
    env = SandboxedEnvironment(
        loader=ChoiceLoader([FileSystemLoader(str(d)) for d in profile.text_dirs()]),
        undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
        autoescape=False,
    )
    thousands = profile.text_thousands
    env.filters["amt"] = lambda v: fmt_amount(v, thousands=thousands)
    env.filters["pct"] = fmt_percent
    env.filters["cn"] = cn_number
    env.filters["cents"] = cents
    env.globals["change"] = Change
    env.globals["ZERO"] = ZERO
    return env


def render_text(env: SandboxedEnvironment, name: str, context: dict) -> str:
    try:
        return env.get_template(f"{name}.j2").render(context)
    except TemplateError as exc:
        where = getattr(exc, "filename", None) or name
        line = getattr(exc, "lineno", None)
        raise ProfileError(f"文字模板 {where}{':' + str(line) if line else ''} 无法渲染：{exc}") from None


def build_document(loaded) -> Document:
    report, figures, profile = loaded.report, loaded.figures, loaded.profile
    env = environment(profile)
    base = {"year": report.year, "department": report.department}
    title = env.from_string(profile.title).render(base)
    builder = FinalTableBuilder if report.kind == "final" else TableBuilder
    tables = builder(figures, report, profile, TEMPLATES / "tables" / f"{report.kind}.yaml", loaded.catalog)
    specs = [{"key": s.key, "title": s.title, "label": s.label, "number": i, "cn": cn_number(i),
              "orientation": tables.orientation(s.key)} for i, s in enumerate(profile.tables, 1)]
    context = {
        **base, "report": report, "f": figures, "tables": specs, "title": title,
        "previous_year": report.year - 1, "profile": profile,
    }
    blocks: list = []
    for name in profile.outline:
        text = render_text(env, name, context)
        blocks.extend(_parse(text, name, tables, context, env, profile))
    blocks = _collapse_pages(blocks)
    fonts = Fonts(profile.fonts.title, profile.fonts.heading, profile.fonts.body, profile.fonts.table)
    doc = Document(title, blocks, fonts)
    for i, h in enumerate(doc.headings()):
        h.anchor = f"h{i}"
    return doc


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
    labels = {s["key"]: s["label"] for s in context["tables"]}
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#"):
            level = len(line) - len(line.lstrip("#"))
            if level == 1:  # a part title has a page of its own
                yield Page("portrait")
            yield Heading(level, line[level:].strip())
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
                caption = env.from_string(profile.caption).render(context, title=captions[arg])
                yield tables.build(arg, caption, labels[arg]) if labels[arg] else tables.build(arg, caption)
            elif directive == "performance":
                for project in context["report"].performance.projects:
                    caption = env.from_string(profile.performance_caption).render(context, name=project.name)
                    yield tables.performance(project, caption)
            elif directive == "selfeval":  # 附件: 专项资金绩效自评表, one per project
                caption, _, unit = arg.partition("|")
                for ev in context["f"].evaluations:
                    yield tables.self_evaluation(ev, caption.strip(), unit.strip())
            elif directive == "note":
                yield Paragraph(arg, "note")
            elif directive == "center":
                yield Paragraph(arg, "center")
            elif directive == "cover":
                yield Cover([env.from_string(s).render(context) for s in profile.cover])
            elif directive == "toc":
                yield Toc()
            else:
                raise ProfileError(f"文字模板 {name}.j2 中有未知指令“@{directive}”")
        else:
            yield Paragraph(line)


def _collapse_pages(blocks: list) -> list:
    """Consecutive page starts make one; the last one's orientation wins."""
    out: list = []
    for block in blocks:
        if isinstance(block, Page) and out and isinstance(out[-1], Page):
            out[-1] = block
        else:
            out.append(block)
    return out
