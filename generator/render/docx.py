"""DOCX renderer: the report tree laid into the Word base template (docxtpl fills its cover).

Styles, footer and cover live in templates/word/base.docx; this module only places blocks and
sets the profile's fonts (including w:eastAsia, which Word uses for Chinese text).
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime
from pathlib import Path

from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.simpletypes import ST_HpsMeasure
from docx.enum.style import WD_STYLE_TYPE
from docx.shared import Mm, Pt
from docxtpl import DocxTemplate
from jinja2.sandbox import SandboxedEnvironment

from generator.profile import TEMPLATES
from generator.report.tree import Cover, Document, Heading, Page, Paragraph, Table, Toc, place

ALIGN = {"left": "left", "right": "right", "center": "center"}   # Cell.align -> w:jc value
FIXED_TIME = datetime(2000, 1, 1)
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def set_font(obj, name: str) -> None:
    """Name one font for Latin and East Asian text; drop theme fonts that would override it."""
    obj.font.name = name
    rpr = obj.element.get_or_add_rPr() if hasattr(obj.element, "get_or_add_rPr") else obj._element.get_or_add_rPr()
    rfonts = rpr.get_or_add_rFonts()
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rfonts.attrib.pop(qn(attr), None)
    rfonts.set(qn("w:eastAsia"), name)


def _style_fonts(docx, doc: Document) -> None:
    styles = docx.styles
    set_font(styles["Normal"], doc.fonts.body)
    lang = styles["Normal"].element.get_or_add_rPr()
    el = OxmlElement("w:lang")
    el.set(qn("w:eastAsia"), "zh-CN")
    lang.append(el)
    set_font(styles["Title"], doc.fonts.title)
    set_font(styles["Heading 1"], doc.fonts.title)
    for name in ("Heading 2", "Heading 3", "Heading 4"):
        set_font(styles[name], doc.fonts.heading)
    for name, font in (("报表文字", doc.fonts.table), ("报表表头", doc.fonts.heading)):
        style = styles[name] if name in [s.name for s in styles] else styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = styles["Normal"]
        set_font(style, font)
        style.font.size = Pt(8)  # the size of an empty cell's paragraph mark; runs carry the table's size
        fmt = style.paragraph_format
        fmt.first_line_indent = Pt(0)
        fmt.line_spacing = 1.0
        fmt.space_before = fmt.space_after = Pt(0)


HEADING_STYLES = ("Heading 1", "Heading 2", "Heading 3", "Heading 4")


def _styled_paragraph(docx, style_id: str):
    """docx.add_paragraph(style=...) by style id: a lookup by name scans styles.xml on every call."""
    par = docx.add_paragraph()
    par._p.get_or_add_pPr().get_or_add_pStyle().val = style_id
    return par


def _run_font(run, name: str, size: float | None = None, bold: bool = False) -> None:
    set_font(run, name)
    if size:
        run.font.size = Pt(size)
    run.font.bold = bold or None


def _new_section(docx, orientation: str):
    section = docx.add_section(WD_SECTION.NEW_PAGE)
    portrait = orientation != "landscape"
    section.orientation = WD_ORIENT.PORTRAIT if portrait else WD_ORIENT.LANDSCAPE
    short, long_ = Mm(210), Mm(297)
    section.page_width, section.page_height = (short, long_) if portrait else (long_, short)
    margins = (Mm(30), Mm(28), Mm(28), Mm(26)) if portrait else (Mm(22), Mm(20), Mm(20), Mm(20))
    section.top_margin, section.bottom_margin, section.left_margin, section.right_margin = margins
    section.different_first_page_header_footer = False
    return section


def _toc(docx, doc: Document, toc: Toc) -> None:
    p = _styled_paragraph(docx, docx.styles["Heading 1"].style_id)
    p.add_run(toc.title)
    p.paragraph_format.space_before = Pt(0)
    # A real TOC field (Word fills in page numbers on open); its cached result lists the headings.
    par = docx.add_paragraph()
    par.paragraph_format.first_line_indent = Pt(0)
    run = par.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = ' TOC \\o "1-2" \\h \\z \\u '
    sep = OxmlElement("w:fldChar")
    sep.set(qn("w:fldCharType"), "separate")
    run._r.extend([begin, instr, sep])
    for h in doc.headings():
        if h.in_toc:
            r = par.add_run(("    " if h.level == 2 else "") + h.toc_text)
            r.add_break()
    end_run = par.add_run()
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    end_run._r.append(end)
    settings = docx.settings.element
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    settings.append(update)


def _table(docx, doc: Document, t: Table, width_mm: float, style_ids: tuple[str, str]) -> None:
    if t.caption:
        cap = docx.add_paragraph()
        cap.alignment = WD_ALIGN_PARAGRAPH.CENTER
        cap.paragraph_format.first_line_indent = Pt(0)
        cap.paragraph_format.keep_with_next = True
        _run_font(cap.add_run(t.caption), doc.fonts.heading, 15)
    if t.unit:
        unit = docx.add_paragraph()
        unit.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        unit.paragraph_format.keep_with_next = True
        _run_font(unit.add_run(t.unit), doc.fonts.table, 10.5)
    ncols = len(t.widths)
    docx.element.body._insert_tbl(parse_xml(_table_xml(t, ncols, width_mm, style_ids)))
    for note in t.notes:
        _paragraph(docx, doc, Paragraph(note, "note"))


_TBL_PR = (  # what python-docx's add_table + alignment + autofit=False + _cell_borders produce
    '<w:tblPr><w:tblW w:type="auto" w:w="0"/><w:jc w:val="center"/><w:tblLayout w:type="fixed"/>'
    '<w:tblLook w:firstColumn="1" w:firstRow="1" w:lastColumn="0" w:lastRow="0" w:noHBand="0" w:noVBand="1"'
    ' w:val="04A0"/><w:tblBorders>'
    + "".join(f'<w:{edge} w:val="single" w:sz="4" w:color="000000"/>'
              for edge in ("top", "left", "bottom", "right", "insideH", "insideV"))
    + "</w:tblBorders></w:tblPr>"
)


def escape(text: str) -> str:
    """XML text and attribute escaping (xml.sax.saxutils would import urllib and http: 15 ms at start-up)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _run_content(text: str) -> str:
    """A run's inner content as python-docx writes it: w:t, with w:tab and w:br for tabs and line breaks."""
    out = []
    for i, line in enumerate(re.split(r"[\r\n]", text)):
        if i:
            out.append("<w:br/>")
        for j, part in enumerate(line.split("\t")):
            if j:
                out.append("<w:tab/>")
            if part:
                space = ' xml:space="preserve"' if len(part.strip()) < len(part) else ""
                out.append(f"<w:t{space}>{escape(part)}</w:t>")
    return "".join(out)


def _table_xml(t: Table, ncols: int, width_mm: float, style_ids: tuple[str, str]) -> str:
    """One w:tbl as a string, parsed once: per-cell python-docx calls (and cell.merge) cost ~40x more.

    Spans are written as Word stores them: gridSpan on the first cell of a horizontal span, vMerge
    "restart" on the top cell and a continuation cell (vMerge, one empty paragraph) in each row below.
    """
    rows = t.header + t.body
    total = sum(t.widths)
    twips = [Mm(width_mm * w / total).twips for w in t.widths]
    size = ST_HpsMeasure.convert_to_xml(Pt(t.font_size))
    styles = [escape(s) for s in style_ids]
    slots: list[list[str | None]] = [[None] * ncols for _ in rows]   # tc XML of each grid slot
    last = len(rows) - 1 if t.notes else -1  # the last row keeps with the table's notes below it
    for r, c, cell in place(rows, ncols):
        header = r < len(t.header)
        width = sum(twips[c:c + cell.colspan])
        span = f'<w:gridSpan w:val="{cell.colspan}"/>' if cell.colspan > 1 else ""
        bold = "<w:b/>" if cell.bold and not header else ""
        align = "center" if header else ALIGN[cell.align]
        keep = "<w:keepNext/>" if r == last else ""
        para = (f'<w:p><w:pPr><w:pStyle w:val="{styles[header]}"/>{keep}<w:jc w:val="{align}"/></w:pPr>'
                f'<w:r><w:rPr>{bold}<w:sz w:val="{size}"/></w:rPr>{_run_content(cell.text)}</w:r></w:p>')
        merge = '<w:vMerge w:val="restart"/>' if cell.rowspan > 1 else ""
        slots[r][c] = f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{width}"/>{span}{merge}</w:tcPr>{para}</w:tc>'
        for dr in range(1, cell.rowspan):
            slots[r + dr][c] = (f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{width}"/>{span}<w:vMerge/></w:tcPr>'
                                "<w:p/></w:tc>")
        for dr in range(cell.rowspan):
            for dc in range(1, cell.colspan):
                slots[r + dr][c + dc] = ""
    parts = [f"<w:tbl {nsdecls('w')}>", _TBL_PR, "<w:tblGrid>"]
    parts += [f'<w:gridCol w:w="{w}"/>' for w in twips]
    parts.append("</w:tblGrid>")
    empty = [f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{w}"/></w:tcPr><w:p/></w:tc>' for w in twips]
    for r, row in enumerate(slots):
        head = '<w:tblHeader w:val="true"/>' if r < len(t.header) else ""
        parts.append(f'<w:tr><w:trPr>{head}<w:cantSplit w:val="true"/></w:trPr>')
        parts += [empty[c] if tc is None else tc for c, tc in enumerate(row)]
        parts.append("</w:tr>")
    parts.append("</w:tbl>")
    return "".join(parts)


def _paragraph(docx, doc: Document, p: Paragraph) -> None:
    par = docx.add_paragraph()
    run = par.add_run(p.text)
    if p.style == "note":
        par.paragraph_format.first_line_indent = Pt(0)
        run.font.size = Pt(11)
    elif p.style == "center":
        par.alignment = WD_ALIGN_PARAGRAPH.CENTER
        par.paragraph_format.first_line_indent = Pt(0)


def render_docx(doc: Document, template: Path | None = None) -> bytes:
    tpl = DocxTemplate(str(template or TEMPLATES / "word" / "base.docx"))
    cover = next((b for b in doc.blocks if isinstance(b, Cover)), Cover(["", "", ""]))
    lines = (cover.lines + ["", "", ""])[:3]
    # A city's profile may bring its own Word template: its Jinja runs sandboxed, like the text templates.
    tpl.render({"cover1": lines[0], "cover2": lines[1], "cover3": lines[2]},
               jinja_env=SandboxedEnvironment(autoescape=True), autoescape=True)
    docx = tpl.docx
    _style_fonts(docx, doc)
    docx.sections[0].different_first_page_header_footer = True
    width = {"portrait": 210 - 28 - 26, "landscape": 297 - 40}
    orientation = "portrait"
    heading_ids = [docx.styles[name].style_id for name in HEADING_STYLES]
    table_ids = (docx.styles["报表文字"].style_id, docx.styles["报表表头"].style_id)   # body cells, header cells
    for block in doc.blocks:
        if isinstance(block, Cover):
            continue
        if isinstance(block, Page):
            orientation = block.orientation
            _new_section(docx, orientation)
        elif isinstance(block, Toc):
            _toc(docx, doc, block)
        elif isinstance(block, Heading):
            par = _styled_paragraph(docx, heading_ids[min(block.level, 4) - 1])
            if block.level == 1:
                par.paragraph_format.space_before = Pt(200)
            par.add_run(block.text)
        elif isinstance(block, Paragraph):
            _paragraph(docx, doc, block)
        elif isinstance(block, Table):
            _table(docx, doc, block, width[orientation], table_ids)
    props = docx.core_properties
    props.title = doc.title
    props.author = "disclosure-reports"
    props.created = props.modified = props.last_printed = FIXED_TIME
    props.revision = 1
    buf = io.BytesIO()
    docx.save(buf)
    return _fixed_zip(buf.getvalue())


def _fixed_zip(data: bytes) -> bytes:
    """Rewrite the package with fixed entry times so the same input gives the same bytes."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()
