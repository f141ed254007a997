"""The services speak Spanish when Spanish is chosen: their refusals, the kind names the
pages and the CLI show, and the sentences the Progress page and the reports print."""

import datetime as dt

import pytest

from app.domain import formatting as fmt
from app.domain import i18n
from app.domain.errors import ValidationError
from app.domain.records import CheckIn, CopingEntry, CopingSkill
from app.services import settings
from app.services.clock import FixedClock
from app.services.goals import status_label
from app.services.bundle import build_services
from app.services.insights import specs
from app.services.kinds import KINDS
from app.services.readiness import describe, step_down
from app.storage import open_store

NOW = dt.datetime(2026, 12, 7, 12, 0)


@pytest.fixture
def services(tmp_path):
    store = open_store(tmp_path / "data")
    yield build_services(store, FixedClock(NOW))
    store.close()


def test_a_refusal_of_the_record_service_is_spanish(services):
    records = services.records
    records.add(CheckIn(day=NOW.date(), mood=3, craving=2))
    i18n.use_language("es")
    with pytest.raises(ValidationError) as err:
        records.add(CheckIn(day=NOW.date(), mood=4, craving=1))
    assert err.value.message == f"Ya hay un chequeo para el {fmt.date(NOW.date())}; mejor edita ese."
    assert "dic" in err.value.message  # the date is Spanish too

    skill = records.add(CopingSkill(name="Respiración", category="mindfulness"))
    records.add(CopingEntry(occurred_at=NOW, urge_before=5, skill_ids=(skill.id,)))
    with pytest.raises(ValidationError) as err:
        records.delete(skill)
    assert err.value.message == ("Este registro (habilidad de afrontamiento) está en uso por 1 registro más, así que "
                                 "no se puede eliminar. Mejor archívalo para que tu historial lo conserve.")


def test_kind_names_follow_the_language_and_keep_their_keys():
    coping = KINDS["coping"]
    assert (coping.singular, coping.nouns, coping.plural) == ("coping entry", "Coping entries", "Coping log")
    i18n.use_language("es")
    assert (coping.singular, coping.nouns, coping.plural) == (
        "registro de afrontamiento", "Registros de afrontamiento", "Registro de afrontamiento")
    assert KINDS["group"].nouns == "Reuniones" and KINDS["checkin"].singular == "chequeo"
    assert coping.name == "coping" and coping.repo == "coping"  # what machines read stays English
    i18n.use_language("en")
    assert coping.singular == "coping entry"


def test_the_readiness_rows_and_the_session_prep_are_spanish(services):
    i18n.use_language("es")
    rows = describe(step_down(services.store, services.schedule, NOW.date()), fmt.date)
    assert rows[0] == ("Esta fase", "No hay una fase del programa para este día (Agenda ▸ Programa añade una).")
    assert rows[1][0] == "Las últimas 4 semanas" and "semanas completas, de lunes a domingo" in rows[1][1]
    assert ("Fase siguiente", "no hay ninguna después de esta") in rows
    prep = services.reports.session_prep()
    assert prep.lines == (
        "Tratamiento: asististe a 0 sesiones (faltaste a 0; justificadas: 0); 0 reuniones de apoyo.",
        "Ningún chequeo en estos siete días.", "Ningún impulso anotado en estos siete días.",
        "Ninguna autoevaluación en estos siete días.", "No hay metas.")


def test_settings_reminders_and_insight_titles_are_spanish(services):
    i18n.use_language("es")
    with pytest.raises(ValidationError) as err:
        settings.set_setting(services.store, "colour", "blue")
    assert err.value.message.startswith("“colour” no es un ajuste que Steady conozca; los ajustes son crisis.country")
    services.reminders.set_self_check_enabled(True)
    title, text = services.reminders.self_check_due()
    assert title == "Una autoevaluación, cuando estés listo/a"
    assert text.startswith("Cuando tengas cinco minutos tranquilos")
    assert specs()["sleep_craving"].title == "Ganas de consumir después de una noche corta"
    assert status_label("on track") == "en camino"  # the status itself stays an English key
