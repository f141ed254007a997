"""PDF reports: the counselor summary and the attendance record, laid out with Qt's rich text
(real, selectable text) on A4 or Letter pages, charts drawn by app.ui.charts."""

from .pdf import PAGE_SIZES, ReportError, SavedPdf, page_count, pdf_bytes, render_pdf, write_pdf

__all__ = ["PAGE_SIZES", "ReportError", "SavedPdf", "page_count", "pdf_bytes", "render_pdf", "write_pdf"]
