"""PDF reports: the counselor summary and the attendance record, laid out with Qt's rich text
(real, selectable text) on A4 or Letter pages, charts drawn by app.ui.charts (the one
package that imports matplotlib).

It uses Qt (QtGui, no widgets) but is not part of the window: the window's report dialog and
the `steady report` command both use it, and the command line imports it only for that
command (see tests/test_architecture.py)."""

from .pdf import PAGE_SIZES, ReportError, SavedPdf, page_count, pdf_bytes, render_pdf, write_pdf

__all__ = ["PAGE_SIZES", "ReportError", "SavedPdf", "page_count", "pdf_bytes", "render_pdf", "write_pdf"]
