"""The domain's own sentences in Spanish: a validation message names its field in the reader's
language (the field key stays English), and the sentences the rules make (repeat rules, goals,
reminders, milestones, the sober / without-use wording) read in Spanish once it is chosen."""

from __future__ import annotations

import datetime as dt

import pytest

from app.domain import i18n
from app.domain.coping import ago
from app.domain.errors import ValidationError
from app.domain.goals import GoalData, evaluate
from app.domain.milestones import sober_title
from app.domain.records import CopingEntry, Goal, ScheduleItem, SupportGroup, check_not_future
from app.domain.recurrence import describe_rule
from app.domain.reminders import time_left
from app.domain.searching import display_value
from app.domain import fields as F
from app.domain.wording import WITHOUT_USE, reword

WHEN = dt.datetime(2026, 12, 7, 18, 30)


@pytest.fixture
def spanish():
    i18n.use_language("es")
    assert i18n.language() == "es"


def test_a_validation_error_names_its_field_in_spanish_and_keeps_the_key(spanish):
    with pytest.raises(ValidationError) as err:
        CopingEntry(occurred_at=WHEN, urge_before=5, urge_after=11)
    assert err.value.field == "urge_after"
    assert err.value.message == "“Impulso después” debe estar entre 0 y 10."


def test_a_required_field_and_a_rule_across_fields_in_spanish(spanish):
    with pytest.raises(ValidationError) as err:
        ScheduleItem(title="", start=WHEN, end=WHEN + dt.timedelta(hours=1), timezone="America/New_York")
    assert (err.value.field, err.value.message) == ("title", "“Título” es obligatorio.")
    with pytest.raises(ValidationError) as err:
        ScheduleItem(title="Grupo", start=WHEN, end=WHEN, timezone="America/New_York")
    assert err.value.message == "“Termina” debe ser posterior a “Empieza”."
    entry = CopingEntry(occurred_at=WHEN + dt.timedelta(days=2), urge_before=3)
    with pytest.raises(ValidationError) as err:
        check_not_future(entry, WHEN)
    assert err.value.message == "“Cuándo” no puede estar en el futuro."


def test_the_same_error_stays_english_in_english():
    with pytest.raises(ValidationError) as err:
        CopingEntry(occurred_at=WHEN, urge_before=5, urge_after=11)
    assert err.value.message == "Urge after must be between 0 and 10."


def test_repeat_rules_read_in_spanish_with_the_formatting_modules_day_names(spanish):
    assert describe_rule("FREQ=WEEKLY;BYDAY=MO,WE,TH;UNTIL=20260510T235959") == \
        "Cada semana: lun, mié, jue hasta el 10 may 2026"
    assert describe_rule("FREQ=WEEKLY;INTERVAL=2;BYDAY=TH") == "Cada 2 semanas: jue"
    assert describe_rule("FREQ=MONTHLY;BYDAY=1MO;COUNT=6") == "Cada mes: el primer lun, 6 veces"
    with pytest.raises(ValidationError) as err:
        ScheduleItem(title="x", start=WHEN, end=WHEN + dt.timedelta(hours=1), timezone="UTC",
                     recurrence="FREQ=HOURLY")
    assert err.value.message == "“Se repite” debe ser cada día, cada semana, cada mes o cada año."


def test_a_meeting_day_a_table_cell_and_a_choice_read_in_spanish(spanish):
    group = SupportGroup(name="Grupo del lunes", weekday=0, start_time=dt.time(19, 0))
    assert group.when_text == "lunes 19:00"
    assert SupportGroup(name="Cita").when_text == "Con cita previa"
    kind = F.spec_named(ScheduleItem, "kind")
    assert display_value(kind, "group_therapy", {}) == "Terapia de grupo"
    assert display_value(F.spec_named(SupportGroup, "weekday"), 2, {}) == "miércoles"
    assert display_value(F.spec_named(SupportGroup, "archived"), True, {}) == "Sí"


def test_goal_reminder_and_milestone_sentences_in_spanish(spanish):
    goal = Goal(title="Reuniones", kind="meetings_per_week", target=3, period="week",
                start_date=dt.date(2026, 11, 30))
    progress = evaluate(goal, GoalData(weeks={dt.date(2026, 12, 7): 1}), dt.date(2026, 12, 9))
    assert progress.text == "1 de 3 reuniones esta semana"
    assert time_left(dt.timedelta(minutes=90)) == "en 1 hora 30 minutos"
    assert sober_title(days=30) == "30 días de sobriedad"
    assert sober_title(years=1) == "1 año de sobriedad"
    assert ago(WHEN - dt.timedelta(days=3), WHEN) == "hace 3 días"


def test_the_without_use_wording_rewords_spanish_text(spanish):
    assert reword("30 días de sobriedad", WITHOUT_USE) == "30 días sin consumir"
    assert reword("Sobriedad desde", WITHOUT_USE) == "Sin consumir desde"
    assert reword(sober_title(days=7), WITHOUT_USE) == "7 días sin consumir"
    # a string without its translation yet still follows the chosen wording
    assert reword("7 days sober", WITHOUT_USE) == "7 days without use"


def test_averages_take_the_decimal_comma_where_spanish_writes_one(spanish):
    from app.domain import formatting as fmt
    from app.domain.coping import SkillSuggestion
    from app.domain.records import CopingSkill

    suggestion = SkillSuggestion(skill=CopingSkill(name="Caminar"), uses=4, rated=3, mean_drop=2.5,
                                 last_used=WHEN, because="effective")
    assert suggestion.why(WHEN) == "impulso −2.5 en promedio"  # Mexico and the US: a decimal point
    fmt.use(fmt.style_for_locale_name("es_ES.UTF-8"))
    assert suggestion.why(WHEN) == "impulso −2,5 en promedio"
    assert "Tu impulso bajó 2,5 en promedio." in suggestion.explain(WHEN)
