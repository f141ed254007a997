"""PDF reports: the counselor summary and the attendance record, laid out with Qt's rich text
(real, selectable text) on A4 or Letter pages, charts drawn by app.ui.charts."""

from .pdf import PAGE_SIZES, pdf_bytes, render_pdf

__all__ = ["PAGE_SIZES", "pdf_bytes", "render_pdf"]
