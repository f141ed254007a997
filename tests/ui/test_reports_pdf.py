"""Both PDF reports from a real data file: key figures as real text, page numbers, page sizes,
and notes only when chosen. pdftotext (poppler-utils) reads the text; without it the text
checks are skipped and the PDF's structure (pages, MediaBox, fonts) is still checked."""

import re
import shutil
import subprocess

import pytest

from app.reports import pdf_bytes, render_pdf
from tests.services.test_reports import FIRST, LAST, NOW, fixed_services, records, reports, world  # noqa: F401 - fixtures

HAVE_PDFTOTEXT = shutil.which("pdftotext") is not None
needs_pdftotext = pytest.mark.skipif(not HAVE_PDFTOTEXT, reason="pdftotext (poppler-utils) is not installed")


def text_of(path) -> str:
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, timeout=60)
    return out.stdout.decode("utf-8")


def media_boxes(data: bytes) -> list[tuple[float, float]]:
    boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", data)
    return [(float(w), float(h)) for w, h in boxes]


def test_pdf_structure_without_tools(qapp, reports, world):
    a4 = pdf_bytes(reports.counselor(FIRST, LAST), "A4", "Alex R.")
    letter = pdf_bytes(reports.attendance(FIRST, LAST), "Letter")
    for data in (a4, letter):
        assert data.startswith(b"%PDF-") and b"/Font" in data  # text, not only pictures
    assert set(media_boxes(a4)) == {(595.0, 842.0)}  # A4 in points, rounded by Qt
    assert set(media_boxes(letter)) == {(612.0, 792.0)}
    assert b"/Image" in a4  # the charts


@needs_pdftotext
def test_counselor_pdf_text(qapp, tmp_path, reports, world):
    choices = reports.notes(FIRST, LAST)
    chosen = [n.id for n in choices if n.text == "Payday craving"]
    path = tmp_path / "summary.pdf"
    size = render_pdf(reports.counselor(FIRST, LAST, include_notes=chosen), path, "A4", "Alex R.")
    assert path.stat().st_size == size
    text = " ".join(text_of(path).split())
    for expected in ("Treatment progress summary", "Name: Alex R.", "2 Nov 2026 to 15 Nov 2026 (2 weeks)",
                     "2 attended, 1 missed, 1 excused", "67% (2 of 3; excused absences are not counted)",
                     "6 h attended of a 12 h phase target (50%)", "Support meetings attended 2",
                     "average urge 7.0 / 10 before, 3.0 / 10 after", "Box breathing 2 2 too few to tell",
                     "average mood 3.0 / 5, average sleep 7.0 hours", "Payday craving",
                     f"Generated {NOW.day} Nov 2026", "Page 1 of"):
        assert expected in text, expected
    assert "Rough night" not in text and "Ran 3 km" not in text  # not ticked


@needs_pdftotext
def test_attendance_pdf_text_and_page_sizes(qapp, tmp_path, reports, world):
    report = reports.attendance(FIRST, LAST)
    path = tmp_path / "attendance.pdf"
    render_pdf(report, path, "Letter", None)
    text = text_of(path)
    flat = " ".join(text.split())
    assert "Attendance record" in flat and "Signature" in flat and "Page 1 of 1" in flat
    assert "2 treatment sessions and 2 support meetings attended" in flat
    assert "Mon 2 Nov 2026" in flat and "18:00–21:00" in flat and "19:30–20:30" in flat
    assert "Wed 4 Nov 2026" not in flat and "Wed 11 Nov 2026" not in flat  # missed, excused
    assert "Participant: ____" in flat  # no name chosen: a line to write it on
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
        assert "612 x 792 pts (letter)" in info
        render_pdf(report, path, "A4", "Alex")
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
        assert "(A4)" in info


def test_bad_page_size(qapp, reports, world):
    with pytest.raises(ValueError):
        pdf_bytes(reports.attendance(FIRST, LAST), "A5")


def test_unwritable_folder_leaves_nothing(qapp, tmp_path, reports, world):
    from app.storage import StoreError

    with pytest.raises((OSError, StoreError)):  # files.write_file_atomically says which file, in a sentence
        render_pdf(reports.attendance(FIRST, LAST), tmp_path / "missing" / "a.pdf")
    assert not (tmp_path / "missing").exists()


# --- a chart and its caption stay on one page; fonts are subset (issue 15, item 11) -------------

_CAPTION_ENDS = ("count neither way).", "treatment-hours target.", "rolling average.", "actual against target.")


@pytest.fixture
def demo_reports(store):
    import datetime as dt

    from app.services.bundle import build_services
    from app.services.clock import FixedClock
    from app.services.demo import generate_demo

    generate_demo(store, years=1, today=dt.date(2026, 12, 7))
    return build_services(store, FixedClock(dt.datetime(2026, 12, 7, 9, 0))).reports


@pytest.mark.skipif(not (HAVE_PDFTOTEXT and shutil.which("pdfimages") and shutil.which("pdfinfo")),
                    reason="pdftotext, pdfimages and pdfinfo (poppler-utils) are not installed")
@pytest.mark.parametrize("page_size", ["A4", "Letter"])
def test_every_chart_caption_is_on_the_page_of_its_chart(qapp, tmp_path, demo_reports, page_size):
    import datetime as dt

    # A year of demo data over 12 weeks with every note: on the old layout a caption ended up at
    # the top of the next page on both sizes.
    report = demo_reports.counselor(dt.date(2026, 9, 14), dt.date(2026, 12, 6), include_notes="all")
    path = tmp_path / "summary.pdf"
    render_pdf(report, path, page_size)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info)[1])
    charts_seen = 0
    for n in range(1, pages + 1):
        text = " ".join(subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), str(path), "-"],
                                       capture_output=True, text=True, check=True).stdout.split())
        listed = subprocess.run(["pdfimages", "-list", "-f", str(n), "-l", str(n), str(path)],
                                capture_output=True, text=True, check=True).stdout.splitlines()[2:]
        images = sum(1 for line in listed if line.split()[2] == "image")
        captions = sum(text.count(end) for end in _CAPTION_ENDS)
        assert captions == images, f"page {n}: {images} charts but {captions} captions"
        charts_seen += images
    assert charts_seen >= 6


def test_fonts_are_embedded_as_subsets(qapp, reports, world):
    # Qt's PDF engine embeds only the glyphs used (QFontSubset: a "XXXXXX+" tagged FontName and a
    # TrueType program of a few dozen KB where DejaVu Sans is 760 KB); pdffonts shows "sub no"
    # because Qt leaves the tag off the Type0 font's BaseFont. This keeps it so.
    data = pdf_bytes(reports.counselor(FIRST, LAST), "A4")
    names = re.findall(rb"/FontDescriptor\s*/FontName\s*/([A-Z]{6})\+", data)
    programs = [int(n) for n in re.findall(rb"/Length1\s+(\d+)", data)]
    assert names and programs and len(names) == len(programs)
    assert max(programs) < 100_000
