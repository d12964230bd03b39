"""PDF renderer: WeasyPrint prints the HTML rendering; fonts are embedded and subset."""

from __future__ import annotations

import logging

from generator.render.html import render_html
from generator.report.tree import Document


def render_pdf(doc: Document) -> bytes:
    from weasyprint import HTML

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    html = HTML(string=render_html(doc), base_url=".")
    # A fixed identifier and no dates keep the bytes identical for the same input.
    return html.write_pdf(pdf_identifier=b"disclosure-reports", uncompressed_pdf=False)
