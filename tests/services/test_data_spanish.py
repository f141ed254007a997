"""The data files and the demo in Spanish: the skill library, the crisis lines, the self-check
instruments (the published Spanish wording, scored exactly as the English), and demo data made
while Spanish is in use. conftest.py switches back to English after every test."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from app.domain import i18n
from app.domain.assessments import score
from app.services.assessments import instruments
from app.services.crisis import steady_countries
from app.services.data_text import TRANSLATED_FIELDS
from app.services.resources import resource_path
from app.services.skill_library import default_library, fingerprint

ROOT = Path(__file__).resolve().parents[2]


def test_the_translated_fields_are_the_ones_the_catalogue_collects():
    areas = json.loads((ROOT / "resources" / "locale" / "areas.json").read_text(encoding="utf-8"))
    listed = areas["areas"]["data"]["json"]
    expected = {}
    for resource, (context, keys) in TRANSLATED_FIELDS.items():
        expected[f"app/resources/{resource}"] = {"context": context, "keys": list(keys)} if context else list(keys)
    assert listed == expected
    for resource in TRANSLATED_FIELDS:
        assert resource_path(*resource.split("/")).is_file(), resource


def test_english_is_the_files_own_words():
    raw = json.loads(resource_path("skills", "library.json").read_text(encoding="utf-8"))
    first = raw["skills"][0]
    skill = default_library().by_key(first["key"])
    assert (skill.name, skill.how_to) == (first["name"], first["how_to"])


def test_a_skill_comes_back_in_spanish_and_english_again_after():
    english = default_library().by_key("urge_surfing")
    i18n.use_language("es")
    spanish = default_library().by_key("urge_surfing")
    assert spanish.name == "Surfear el impulso"
    assert spanish.how_to.startswith("Imagina el impulso como una ola")
    assert spanish.source.startswith("MBRP (prevención de recaídas basada en mindfulness)")
    assert (spanish.id, spanish.category, spanish.revision) == (english.id, english.category, english.revision)
    # A copy seeded in English still counts as Steady's words once Spanish is in use.
    entry = next(e for e in default_library().skills if e.key == "urge_surfing")
    assert entry.has_shipped_words(english) and fingerprint(english) != fingerprint(spanish)
    i18n.use_language("en")
    assert default_library().by_key("urge_surfing").name == "Urge surfing"


def test_every_skill_reads_spanish_with_its_own_name(tmp_path):
    english = {e.key: e.skill for e in default_library().skills}
    i18n.use_language("es")
    spanish = {e.key: e.skill for e in default_library().skills}
    assert spanish.keys() == english.keys()
    changed = [k for k in spanish if spanish[k].how_to != english[k].how_to]
    assert changed == list(spanish)  # every how-to is translated
    assert len({s.name.casefold() for s in spanish.values()}) == len(spanish)


def test_a_crisis_line_description_comes_back_in_spanish_with_the_same_number():
    english = {line.key: line for line in steady_countries()["US"].lines}
    i18n.use_language("es")
    us = steady_countries()["US"]
    lines = {line.key: line for line in us.lines}
    assert us.name == "Estados Unidos"
    assert lines["988"].name == "Línea 988 de Prevención del Suicidio y Crisis"
    assert "marca 2" in lines["988"].purpose and "AYUDA" in lines["988"].purpose
    assert lines["911"].purpose.startswith("Policía, bomberos o ambulancia")
    for key, line in lines.items():
        assert (line.number, line.calls, line.texts, line.kind, line.source_url) == (
            english[key].number, english[key].calls, english[key].texts, english[key].kind, english[key].source_url)
    # Every country and line Steady ships is there in Spanish too, with the same numbers.
    i18n.use_language("en")
    numbers = {c: [line.number for line in country.lines] for c, country in steady_countries().items()}
    i18n.use_language("es")
    assert {c: [line.number for line in country.lines] for c, country in steady_countries().items()} == numbers


def test_the_988_spanish_service_is_sourced_in_the_file():
    raw = json.loads(resource_path("crisis_lines.json").read_text(encoding="utf-8"))
    line = next(x for x in raw["countries"]["US"]["lines"] if x["key"] == "988")
    assert line["source_es"]["url"].startswith("https://988lifeline.org/")
    assert "AYUDA" in line["source_es"]["says"] and "press 2" in line["source_es"]["says"]


PUBLISHED_ITEM = {  # one published Spanish item per instrument, word for word
    "phq9": (9, "Pensamientos de que estaría mejor muerto(a) o de lastimarse de alguna manera"),
    "gad7": (2, "No ha sido capaz de parar o controlar su preocupación"),
    "who5": (1, "Me he sentido alegre y de buen humor"),
    "auditc": (3, "¿Con qué frecuencia toma 6 o más bebidas alcohólicas en un solo día?"),
}


@pytest.mark.parametrize("key", ["phq9", "gad7", "who5", "auditc"])
def test_each_instrument_in_spanish_has_the_english_items_answers_and_scoring(key):
    english = instruments()[key]
    i18n.use_language("es")
    spanish = instruments()[key]
    assert spanish is not english and spanish.name == english.name
    assert len(spanish.items) == len(english.items)
    for es_item, en_item in zip(spanish.items, english.items, strict=True):
        assert es_item.number == en_item.number and es_item.text != en_item.text
        assert [o.value for o in es_item.options] == [o.value for o in en_item.options]
        assert all(es.label != en.label or es.label.isdigit() for es, en in zip(es_item.options, en_item.options,
                                                                                 strict=True))
    assert (spanish.multiplier, spanish.minimum, spanish.maximum, spanish.safety_item, spanish.higher_is_better) == (
        english.multiplier, english.minimum, english.maximum, english.safety_item, english.higher_is_better)
    assert [(b.low, b.high, b.key) for b in spanish.bands] == [(b.low, b.high, b.key) for b in english.bands]
    number, text = PUBLISHED_ITEM[key]
    assert spanish.items[number - 1].text == text
    answers = tuple(item.options[-1].value for item in spanish.items)
    assert score(spanish, answers).score == score(english, answers).score
    assert score(spanish, answers).band.key == score(english, answers).band.key
    raw = json.loads(resource_path("instruments", f"{key}.json").read_text(encoding="utf-8"))
    assert "Spanish" in raw["source_es"] and "https://" in raw["source_es"]


def test_the_published_wording_of_one_questionnaire_is_not_borrowed_by_another():
    i18n.use_language("es")
    audit = instruments()["auditc"]
    labels = [o.label for o in audit.items[2].options]
    assert labels == ["Nunca", "Menos de una vez al mes", "Mensualmente", "Semanalmente", "A diario o casi a diario"]
    assert [o.label for o in instruments()["phq9"].items[0].options][0] == "Ningún día"
    assert [o.label for o in instruments()["who5"].items[0].options][-1] == "Nunca"


def test_demo_data_made_in_spanish_reads_spanish_with_the_same_story(tmp_path):
    from app.services.demo import generate_demo
    from app.storage import open_store

    today = dt.date(2026, 12, 7)
    folders = {}
    for language in ("en", "es"):
        i18n.use_language(language)
        folder = tmp_path / language
        folder.mkdir(mode=0o700)
        store = open_store(folder)
        try:
            summary = generate_demo(store, years=1, seed=3, today=today)
            folders[language] = {
                "summary": summary.describe(),
                "schedule": sorted((s.id, s.title) for s in store.schedule.list()),
                "goals": sorted((g.id, g.title) for g in store.goals.list()),
                "skills": sorted((s.id, s.name) for s in store.skills.list()),
                "checkins": sorted((c.id, c.day, c.mood, c.notes) for c in store.checkins.list()),
                "plan": sorted((p.id, p.text) for p in store.plan.list()),
                "groups": sorted((g.id, g.name) for g in store.groups.list()),
            }
        finally:
            store.close()
    en, es = folders["en"], folders["es"]
    es_titles = {title for _id, title in es["schedule"]}
    assert "Terapia familiar" in es_titles and "Consejería individual con J. Alvarez" in es_titles
    assert "Family therapy" not in es_titles
    assert "Ir a 3 reuniones a la semana" in {title for _id, title in es["goals"]}
    assert "Respiración cuadrada" in {name for _id, name in es["skills"]}
    assert "Libro Grande, martes por la noche" in {name for _id, name in es["groups"]}
    assert any(text == "Diez respiraciones lentas y luego un vaso de agua fría" for _id, text in es["plan"])
    assert "Bebí en la boda de mi primo." in {c[3] for c in es["checkins"]}
    assert es["summary"].startswith("Datos de demostración del ") and "registros" in es["summary"]
    # The same story: the same records (ids, days, numbers), only the words differ.
    for part in ("schedule", "goals", "skills", "plan", "groups"):
        assert [row[0] for row in es[part]] == [row[0] for row in en[part]], part
    assert [c[:3] for c in es["checkins"]] == [c[:3] for c in en["checkins"]]
    english_titles = {title for _id, title in en["schedule"]} | {t for _id, t in en["goals"]}
    spanish_titles = es_titles | {t for _id, t in es["goals"]}
    assert not english_titles & spanish_titles - {"Riverside Recovery Center, 40 Mill Road"}


def test_about_credits_read_spanish():
    from app.services.credits import credits

    i18n.use_language("es")
    c = credits()
    assert ("Qt y PySide6 (Qt for Python)", "la ventana", "LGPL v3") in c.software
    assert "Autocompasión — Neff" in c.skill_sources
    assert any(i.licence.startswith("Libre reproducción") for i in c.instruments)


def test_the_spanish_guide_has_the_english_guides_structure_and_anchors():
    import re

    english_path = resource_path("help", "guide.html")
    english = english_path.read_text(encoding="utf-8")
    spanish = resource_path("help", "guide.es.html").read_text(encoding="utf-8")

    def shape(html: str) -> dict[str, object]:
        return {
            "anchors": re.findall(r'<a name="([^"]+)"', html),
            "links": re.findall(r'<a href="([^"]+)"', html),
            "tags": [t for t in re.findall(r"<(/?[a-z0-9]+)[ >]", html) if t not in ("a", "/a")],
            "keys": sorted(re.findall(r"\b(?:Ctrl|F1|Ctrl\+Shift)\+?[0-9A-Z]?\b", html.replace("Mayús", "Shift"))),
        }

    assert shape(spanish) == shape(english)
    assert "Te damos la bienvenida a Steady" in spanish and "Ayuda ahora" in spanish
    assert i18n.localized_resource(english_path) == english_path
    i18n.use_language("es")
    assert i18n.localized_resource(english_path).name == "guide.es.html"


def test_get_help_now_names_the_persons_people_and_the_note_in_spanish(store):
    from app.domain.crisis import SENDS_NOTHING
    from app.domain.records import SupportContact
    from app.services.crisis import CrisisService
    from app.services.records import RecordService

    records = RecordService(store)
    records.add(SupportContact(name="Dave R.", role="sponsor", phone="555-0142", emergency=True))
    service = CrisisService(records, environ={"LANG": "en_US.UTF-8"})
    assert service.help_now().contacts[0].role == "Sponsor"
    i18n.use_language("es")
    panel = service.help_now()
    assert panel.contacts[0].role == i18n._("Sponsor") != "Sponsor"
    assert panel.sends_nothing == i18n._(SENDS_NOTHING) != SENDS_NOTHING
    assert panel.country_name == "Estados Unidos"
    assert panel.lines[0].name == "Línea 988 de Prevención del Suicidio y Crisis"
