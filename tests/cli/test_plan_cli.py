"""`steady plan show|add|remove` and `steady export --format vcf` (read back with vobject)."""

import json

import vobject

from .helpers import run

SECTIONS = ("warning_signs", "cope_alone", "distractions", "ask_for_help", "professionals",
            "safer_surroundings", "reasons", "high_risk", "early_signs", "if_then", "keep_steady",
            "after_lapse")


def show(folder):
    code, out, err = run(folder, "plan", "show", "--format", "json")
    assert code == 0, err
    return {s["section"]: s for s in json.loads(out)}


def test_add_show_remove_round_trip_for_every_section(tmp_path):
    folder = tmp_path / "d"
    ids = {}
    for key in SECTIONS:
        code, out, err = run(folder, "plan", "add", key, f"My line for {key}")
        assert code == 0, err
        ids[key] = out.strip()
    sections = show(folder)
    assert list(sections) == list(SECTIONS)
    assert sections["reasons"]["plan"] == "safety" and sections["after_lapse"]["plan"] == "relapse"
    for key in SECTIONS:
        assert [(i["id"], i["text"]) for i in sections[key]["items"]] == [(ids[key], f"My line for {key}")]
    code, out, _ = run(folder, "plan", "show")
    assert code == 0 and "SAFETY PLAN" in out and "RELAPSE-PREVENTION PLAN" in out
    assert "My warning signs (warning_signs)" in out and ids["reasons"][:8] in out
    for key in SECTIONS:
        code, out, err = run(folder, "plan", "remove", ids[key][:8])
        assert code == 0, err
        assert f"My line for {key}" in out
    assert all(not s["items"] for s in show(folder).values())


def test_a_line_can_name_a_contact_and_bad_input_is_one_sentence(tmp_path):
    folder = tmp_path / "d"
    code, contact_id, _ = run(folder, "add", "contact", "--name", "Sam", "--role", "sponsor", "--phone", "555-0100")
    assert code == 0
    code, out, err = run(folder, "plan", "add", "ask_for_help", "Sam, my sponsor", "--contact", "Sam")
    assert code == 0, err
    assert show(folder)["ask_for_help"]["items"][0]["contact_id"] == contact_id.strip()
    code, _, err = run(folder, "plan", "add", "wishes", "x")
    assert code == 3 and "no plan section" in err and "Traceback" not in err
    code, _, err = run(folder, "plan", "remove", "deadbeef")
    assert code == 3 and "no plan line" in err
    code, _, err = run(folder, "plan", "add", "reasons")
    assert code == 2


def test_vcf_export_parses_into_the_same_contacts(tmp_path):
    folder = tmp_path / "d"
    people = [("Sam Rivera", "sponsor", "+1 555 0100", "sam@example.com", "yes"),
              ("Dr. Lee; clinic, 2nd floor", "doctor", "555-0199", "", "no"),
              ("Zoë Ünal", "friend", "", "zoe@example.org", "no")]
    for name, role, phone, email, crisis in people:
        args = ["add", "contact", "--name", name, "--role", role, "--emergency", crisis]
        if phone:
            args += ["--phone", phone]
        if email:
            args += ["--email", email]
        assert run(folder, *args)[0] == 0
    target = tmp_path / "network.vcf"
    code, out, err = run(folder, "export", "--format", "vcf", "--output", str(target))
    assert code == 0, err
    assert "3 contacts" in out
    data = target.read_bytes()
    assert b"\r\nVERSION:3.0\r\n" in data and b"\nNOTE" not in data
    cards = list(vobject.readComponents(data.decode("utf-8")))
    assert len(cards) == 3
    got = {}
    for c in cards:
        tel = c.contents.get("tel", [])
        email = c.contents.get("email", [])
        if tel:
            assert tel[0].params["TYPE"] == ["VOICE"]
        if email:
            assert email[0].params["TYPE"] == ["INTERNET"]
        got[c.fn.value] = (c.role.value, tel[0].value if tel else "", email[0].value if email else "")
    assert got == {
        "Sam Rivera": ("Sponsor", "+1 555 0100", "sam@example.com"),
        "Dr. Lee; clinic, 2nd floor": ("Doctor / prescriber", "555-0199", ""),
        "Zoë Ünal": ("Friend", "", "zoe@example.org"),
    }
    # The same data gives the same bytes.
    assert run(folder, "export", "--format", "vcf", "--output", str(tmp_path / "again.vcf"))[0] == 0
    assert (tmp_path / "again.vcf").read_bytes() == data


def test_long_lines_fold_at_75_octets_without_splitting_characters():
    from app.domain.records import SupportContact
    from app.services.vcard import card

    data = card(SupportContact(name="Ω" * 120, role="friend"))
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))
    parsed = vobject.readOne(data.decode("utf-8"))
    assert parsed.fn.value == "Ω" * 120


def _pdftotext(path) -> str:
    import subprocess

    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, timeout=60)
    return " ".join(out.stdout.decode("utf-8").split())


def _pages(path) -> int:
    import re
    import subprocess

    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True, timeout=60).stdout.decode()
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))


def test_safety_plan_and_wallet_card_pdfs_show_the_entries_and_lines(tmp_path, monkeypatch):
    import pytest

    if not __import__("shutil").which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    folder = tmp_path / "d"
    assert run(folder, "settings", "set", "crisis.country", "US")[0] == 0
    assert run(folder, "add", "contact", "--name", "Sam Rivera", "--role", "sponsor", "--phone", "555-0100",
               "--emergency", "yes")[0] == 0
    lines = {"warning_signs": "I stop answering my phone", "cope_alone": "Ten slow breaths then a cold shower",
             "distractions": "Go to the library on Main Street", "ask_for_help": "Sam, my sponsor",
             "reasons": "My daughter Maya", "high_risk": "Friday evenings after payday",
             "after_lapse": "Tell Sam within the day"}
    for key, text in lines.items():
        assert run(folder, "plan", "add", key, text)[0] == 0
    plan_pdf, card_pdf = tmp_path / "plan.pdf", tmp_path / "card.pdf"
    code, out, err = run(folder, "report", "safety-plan", "--output", str(plan_pdf), "--name", "Alex")
    assert code == 0, err
    assert "safety plan" in out
    text = _pdftotext(plan_pdf)
    for expected in (*lines.values(), "My safety plan — Alex", "Sam Rivera", "555-0100", "988",
                     "Relapse-prevention plan", "sends nothing"):
        assert expected in text, expected
    assert _pages(plan_pdf) == 1
    code, out, err = run(folder, "report", "safety-plan", "--wallet-card", "--output", str(card_pdf))
    assert code == 0, err
    text = _pdftotext(card_pdf)
    for expected in ("Ten slow breaths then a cold shower", "Go to the library", "Sam, my sponsor",
                     "Sam Rivera", "555-0100", "988", "My daughter Maya", "fold along the dashed lines"):
        assert expected in text, expected
    assert _pages(card_pdf) == 1


def test_a_long_plan_still_fits_one_page(tmp_path):
    import shutil

    import pytest

    if not shutil.which("pdfinfo"):
        pytest.skip("poppler-utils is not installed")
    folder = tmp_path / "d"
    for key in SECTIONS:
        for n in range(12):
            assert run(folder, "plan", "add", key, f"{key} line {n}: " + "a fairly long sentence " * 3)[0] == 0
    target = tmp_path / "long.pdf"
    assert run(folder, "report", "safety-plan", "--output", str(target))[0] == 0
    assert _pages(target) == 1
    assert "more in Steady" in _pdftotext(target)


def test_wallet_card_only_with_the_safety_plan(tmp_path):
    code, _, err = run(tmp_path / "d", "report", "counselor", "--wallet-card", "--output", str(tmp_path / "x.pdf"))
    assert code == 3 and "--wallet-card" in err
