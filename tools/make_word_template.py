"""Make templates/word/base.docx: the officer-editable Word base (styles, cover, page-number footer).

Run once after changing it: `.venv/bin/python tools/make_word_template.py`. Open the result in Word
to restyle it; the renderer keeps whatever styles the file holds and sets only the fonts the profile names.
"""

from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

OUT = Path(__file__).resolve().parent.parent / "templates" / "word" / "base.docx"


def field(paragraph, instr: str) -> None:
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, instr), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
            run._r.append(el)
        elif text == instr:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = f" {instr} "
            run._r.append(el)
        else:
            el = OxmlElement("w:t")
            el.text = text
            run._r.append(el)


def main() -> None:
    doc = Document()
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.top_margin, sec.bottom_margin, sec.left_margin, sec.right_margin = Mm(30), Mm(28), Mm(28), Mm(26)
    styles = doc.styles
    normal = styles["Normal"]
    normal.font.size = Pt(14)
    normal.paragraph_format.line_spacing = 1.5
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.first_line_indent = Pt(28)
    for name, size in (("Title", 26), ("Heading 1", 22), ("Heading 2", 16), ("Heading 3", 14), ("Heading 4", 14)):
        st = styles[name]
        st.font.size = Pt(size)
        st.font.bold = name in ("Title", "Heading 1", "Heading 2")
        st.font.color.rgb = RGBColor(0, 0, 0)
        st.paragraph_format.space_before = Pt(6)
        st.paragraph_format.space_after = Pt(6)
        st.paragraph_format.keep_with_next = True
        if name in ("Heading 3", "Heading 4"):
            st.paragraph_format.first_line_indent = Pt(28)
    title_ppr = styles["Title"].element.get_or_add_pPr()
    for border in title_ppr.findall(qn("w:pBdr")):
        title_ppr.remove(border)
    styles["Title"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    styles["Heading 1"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for text, size in (("{{ cover1 }}", 26), ("{{ cover2 }}", 30), ("{{ cover3 }}", 36)):
        p = doc.add_paragraph(style="Title")
        p.paragraph_format.space_before = Pt(60 if text.endswith("1 }}") else 24)
        run = p.add_run(text)
        run.font.size = Pt(size)
    footer = sec.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.paragraph_format.first_line_indent = Pt(0)
    footer.add_run("— ")
    field(footer, "PAGE")
    footer.add_run(" —")
    doc.core_properties.author = "disclosure-reports"
    OUT.parent.mkdir(parents=True, exist_ok=True)
    doc.save(OUT)
    print(OUT)


if __name__ == "__main__":
    main()
