"""PDF renderer: WeasyPrint prints the HTML rendering; fonts are embedded and subset."""

from __future__ import annotations

import logging
import os
import re
import subprocess
import sys

from generator.render.html import render_html
from generator.report.tree import Document


def render_pdf(doc: Document) -> bytes:
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    html = _html_class()(string=render_html(doc), base_url=".")
    return html.write_pdf(**PDF_OPTIONS)


# A fixed identifier and no dates keep the bytes identical for the same input. Compressed: uncompressed
# streams would save ~0.1 s of zlib but make the sample's PDF 3.5 MB instead of 0.8 MB.
PDF_OPTIONS = {"pdf_identifier": b"disclosure-reports", "uncompressed_pdf": False}


# WeasyPrint's user-agent stylesheet gives every element six pseudo-elements (::marker, ::footnote-call,
# ::footnote-marker, ::note-call, ::note-marker, ::note-callback) whose styles it computes one by one: 85% of
# the ~15,000 computed styles of the sample (0.3 s). Our HTML has no footnotes or notes (float: footnote), so
# those five rules go; ::marker is kept for li, the sheet's only list item. Without them the sample's PDF is
# byte-identical and its styles are computed 3-4x faster. If WeasyPrint's sheet differs from what this
# expects, it is used as it is.
_UNUSED_PSEUDO = re.compile(
    r"^::(footnote-call|footnote-marker|note-call|note-marker|note-callback) \{[^\n]*\}$", re.M)
_MARKER = re.compile(r"^::marker \{", re.M)
_html_cls = None


def _html_class():
    """weasyprint.HTML with the user-agent stylesheet trimmed as above (built once per process)."""
    global _html_cls
    if _html_cls is None:
        weasyprint = _weasyprint()
        try:
            from weasyprint.css.counters import CounterStyle
            from weasyprint.html import UA
        except ImportError:   # another WeasyPrint layout: use it as it is
            UA = ""
        ua, removed = _UNUSED_PSEUDO.subn("", UA)
        ua, markers = _MARKER.subn("li::marker {", ua)
        if (removed, markers) != (5, 1) or not hasattr(weasyprint.HTML, "_ua_stylesheets"):
            _html_cls = weasyprint.HTML
        else:
            sheet = weasyprint.CSS(string=ua, counter_style=CounterStyle())   # the counters are in HTML's own copy

            class ReportHTML(weasyprint.HTML):
                def _ua_stylesheets(self, forms=False):
                    return [sheet, *super()._ua_stylesheets(forms)[1:]]   # keep the forms sheet when asked

            _html_cls = ReportHTML
    return _html_cls


def _weasyprint():
    """Import WeasyPrint, answering its library look-ups from one `ldconfig -p`.

    WeasyPrint's text/ffi.py tries several spellings of each library it needs (Windows and macOS names
    first); cffi hands each name that dlopen cannot load straight away to ctypes.util.find_library, which
    on Linux runs `ldconfig -p`, then gcc, then ld for it: some 50 subprocesses, 0.15-0.4 s of every
    PDF build. While WeasyPrint is imported, find_library reads the ldconfig cache once instead (its own
    first step; the gcc/ld fallbacks only find libraries that are not installed in the loader's path).
    """
    if "weasyprint" in sys.modules or not sys.platform.startswith("linux"):
        import weasyprint
        return weasyprint
    import ctypes.util

    sonames = _ldconfig_sonames()
    original = ctypes.util.find_library
    if sonames is not None:
        def find_library(name: str) -> str | None:
            pattern = re.compile(r"lib%s\.[^\s]+" % re.escape(name))   # as ctypes.util._findSoname_ldconfig
            return next((s for s in sonames if pattern.fullmatch(s)), None)
        ctypes.util.find_library = find_library
    try:
        import weasyprint
    finally:
        ctypes.util.find_library = original
    return weasyprint


def _ldconfig_sonames() -> list[str] | None:
    """The sonames in the dynamic loader's cache, or None when ldconfig cannot be asked."""
    for exe in ("/sbin/ldconfig", "/usr/sbin/ldconfig", "ldconfig"):
        try:
            out = subprocess.run([exe, "-p"], capture_output=True, env={**os.environ, "LC_ALL": "C", "LANG": "C"},
                                 timeout=10, check=True).stdout
        except (OSError, subprocess.SubprocessError):
            continue
        return [line.split()[0] for line in out.decode("utf-8", "replace").splitlines()[1:] if line.strip()]
    return None
