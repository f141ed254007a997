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
