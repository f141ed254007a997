"""Issue 12 item 5 on a real old data file: the schema-0002 fixture (made by the Steady of
202999e, whose library had no sources or revisions) takes the new words of the skills the
library rewrote, and every library skill gets its source, when today's Steady seeds it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from app.services.records import RecordService
from app.services.skill_library import library_skill_id, load_library, seed_library
from app.storage import open_store

FIXTURES = Path(__file__).parent / "fixtures"


def test_an_old_files_library_skills_are_updated_unless_the_person_edited_them(tmp_path):
    data = tmp_path / "data"
    data.mkdir(mode=0o700)
    shutil.copyfile(FIXTURES / "schema-0002.db", data / "steady.db")
    before = json.loads((FIXTURES / "schema-0002.json").read_text(encoding="utf-8"))["skills"]
    library = load_library()
    with open_store(data) as store:
        records = RecordService(store)
        box = records.get("skill", library_skill_id("box_breathing"))
        assert box.revision == 0 and box.source == ""  # as the migration left it
        records.update(box.with_changes(how_to="Four in, six out. My own way."))  # the person's edit
        seed_library(records, library)
        for record_id, old in before.items():
            now = records.get("skill", record_id)
            entry = library.skills[[s.skill.id for s in library.skills].index(record_id)]
            assert now.source == entry.skill.source, old["name"]
            if record_id == box.id:
                assert now.how_to == "Four in, six out. My own way." and now.revision == 0
            else:
                assert (now.how_to, now.revision) == (entry.skill.how_to, entry.skill.revision), old["name"]
        tipp = records.get("skill", library_skill_id("tipp"))
        assert tipp.revision == 2 and "lofexidine" in tipp.how_to
        texting = records.get("skill", library_skill_id("text_my_therapist"))
        assert "use Get help now" in texting.how_to
        assert records.count("skill") == len(library.skills)  # the new skills were added, none twice
