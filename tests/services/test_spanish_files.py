"""Files in Spanish: the sentences a person reads about a file (import warnings, refusals, what
was exported) are Spanish once it is chosen, and the files themselves are not: every export of
the same data is byte for byte the same in English and in Spanish (JSON, CSV, xlsx, ICS, vCard),
column headers, keys, kind labels and all."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from app.domain import i18n
from app.domain.errors import ValidationError
from app.domain.records import Milestone, ScheduleChange, SupportContact
from app.services import transfer as T
from app.services.demo import generate_demo
from app.services.ics_export import export_ics
from app.services.ics_import import plan_import
from app.services.meeting_guide import apply_meetings, plan_meetings, summary_text
from app.services.spreadsheet import xlsx_bytes
from app.services.vcard import vcards
from app.storage import open_store

NOW = dt.datetime(2026, 1, 15, 12, tzinfo=dt.timezone.utc)
TODAY = dt.date(2026, 1, 15)


def _every_export(store) -> dict[str, bytes]:
    files = {"steady.json": T.export_json(store, now=NOW), "steady.xlsx": xlsx_bytes(store),
             "steady.ics": export_ics(store, now=NOW), "contacts.vcf": vcards(store.contacts.list())}
    files.update(T.csv_files(store))
    return files


def test_every_export_is_byte_identical_in_english_and_in_spanish(tmp_path):
    with open_store(tmp_path / "data") as store:
        generate_demo(store, years=1, today=TODAY)  # the data is made once, in English
        item = next(i for i in store.schedule.list() if i.recurrence)
        with store.transaction():
            store.changes.add(ScheduleChange(item_id=item.id, original_start=item.start + dt.timedelta(days=7),
                                             cancelled=True))
            store.contacts.add(SupportContact(name="Ana", role="sponsor", phone="555-0101", emergency=True))
            store.milestones.add(Milestone(title="30 days sober", kind="sober_days", reached_on=TODAY))
        english = _every_export(store)
        i18n.use_language("es")
        spanish = _every_export(store)
    assert sorted(spanish) == sorted(english)
    for name, data in english.items():
        assert spanish[name] == data, f"{name} differs between English and Spanish"
    # the files really hold labels a translation would have changed
    assert b"CATEGORIES:Group therapy" in english["steady.ics"].replace(b"\r\n ", b"")
    assert b"ROLE:Sponsor" in english["contacts.vcf"]
    assert english["checkin.csv"].decode("utf-8-sig").startswith("id,day,mood,craving")


def test_a_calendar_import_warns_in_spanish(store, spanish):
    data = (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"
            b"BEGIN:VEVENT\r\nUID:ok@x\r\nSUMMARY:Grupo\r\nDTSTART:20260310T180000Z\r\nDTEND:20260310T190000Z\r\n"
            b"END:VEVENT\r\n"
            b"BEGIN:VEVENT\r\nUID:nostart@x\r\nSUMMARY:Sin hora\r\nEND:VEVENT\r\n"
            b"BEGIN:VTODO\r\nUID:todo@x\r\nSUMMARY:Comprar pan\r\nEND:VTODO\r\n"
            b"END:VCALENDAR\r\n")
    plan = plan_import(store, data, zone="America/New_York", source="grupo.ics")
    assert "Se omitió “Sin hora” (UID nostart@x): no tiene hora de inicio (DTSTART)." in plan.warnings
    assert ("Se omitió “Comprar pan” (UID todo@x): es una tarea pendiente (VTODO), y Steady solo importa "
            "eventos.") in plan.warnings
    with pytest.raises(ValidationError) as err:
        plan_import(store, b"\x00\x01binary", zone="America/New_York")
    assert err.value.field == "file"
    assert err.value.message == "Este no es un archivo de calendario (tiene datos binarios, no texto iCalendar)."


def test_a_meeting_list_import_warns_in_spanish(store, spanish):
    feed = [{"slug": "ok", "name": "Grupo del lunes", "day": 1, "time": "19:00"},
            {"slug": "day-9", "name": "Día nueve", "day": 9, "time": "19:00"},
            {"slug": "late", "name": "Tarde", "day": 1, "time": "25:00"}]
    plan = plan_meetings(store, json.dumps(feed).encode())
    assert "Se omitió Reunión “Día nueve” (day-9): su día 9 no es de 0 (domingo) a 6 (sábado)." in plan.warnings
    assert "Se omitió Reunión “Tarde” (late): su hora “25:00” no es una hora como 19:30 o 7:30 PM." in plan.warnings
    assert summary_text(plan) == "1 por añadir, 0 por actualizar, 0 sin cambios, 2 omitidas"


def test_a_meeting_list_imported_again_in_spanish_finds_nothing_changed(services):
    """What an import writes into the data file does not depend on the language: notes keep
    their English headings and the approximate-address mark, so no meeting reads as changed."""
    feed = json.dumps([{"slug": "sat", "name": "Saturday Serenity", "day": 6, "time": "10:00",
                        "formatted_address": "San Jose, CA, USA", "location_notes": "Side door",
                        "updated": "2024-01-31 10:00:00", "types": ["O", "D"]}]).encode()
    store = services.records.store
    apply_meetings(store, services.records, plan_meetings(store, feed))
    i18n.use_language("es")
    again = plan_meetings(store, feed)
    assert [c.action for c in again.candidates] == ["same"]
    assert summary_text(again) == "0 por añadir, 0 por actualizar, 1 sin cambios, 0 omitidas"


def test_a_damaged_export_is_refused_in_spanish(store, spanish):
    with pytest.raises(ValidationError) as err:
        T.plan_json_import(store, b'{"format": "steady-export", "version": 1, "records": []}')
    assert err.value.message == 'El archivo está dañado: "records" no es un objeto.'
    with pytest.raises(ValidationError) as err:
        T.plan_json_import(store, b"{not json", source="copia.json")
    assert err.value.message.startswith("copia.json no es JSON válido (línea 1, columna 2: ")


@pytest.fixture
def spanish():
    i18n.use_language("es")
