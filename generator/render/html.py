"""HTML renderer: the report tree laid out with Jinja + CSS (the PDF is printed from it)."""

from __future__ import annotations

from jinja2 import Environment, FileSystemLoader, select_autoescape

from generator.profile import TEMPLATES
from generator.report.tree import Cover, Document, Heading, Page, Paragraph, Table, Toc

KINDS = {Cover: "cover", Toc: "toc", Heading: "heading", Paragraph: "paragraph", Table: "table"}


def _sections(doc: Document) -> list[dict]:
    sections = [{"orientation": "portrait", "blocks": []}]
    for block in doc.blocks:
        if isinstance(block, Page):
            if sections[-1]["blocks"]:
                sections.append({"orientation": block.orientation, "blocks": []})
            else:
                sections[-1]["orientation"] = block.orientation
            continue
        item = {"kind": KINDS[type(block)], "block": block}
        if isinstance(block, Table):
            total = sum(block.widths)
            item["widths"] = [round(w / total * 100, 2) for w in block.widths]
        sections[-1]["blocks"].append(item)
    return [s for s in sections if s["blocks"]]


def render_html(doc: Document) -> str:
    env = Environment(loader=FileSystemLoader(str(TEMPLATES / "html")), autoescape=select_autoescape(["j2", "html"]),
                      trim_blocks=True, lstrip_blocks=True)
    css = (TEMPLATES / "html" / "report.css").read_text(encoding="utf-8")
    toc = [h for h in doc.headings() if h.in_toc]
    return env.get_template("report.html.j2").render(doc=doc, sections=_sections(doc), toc=toc, css=css)
