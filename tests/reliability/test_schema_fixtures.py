"""Issue 13 (suite): a data file of every released schema version (committed fixtures, made by
fixtures/make_fixture.py with that version's own code) opens in today's Steady, which migrates
it, and every record still says exactly what it said: the same ids, the same values."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from app.storage import open_store

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.mark.parametrize("stem", sorted(p.stem for p in FIXTURES.glob("schema-*.db")))
def test_an_old_data_file_upgrades_with_identical_content(tmp_path, stem):
    data = tmp_path / "data"
    data.mkdir(mode=0o700)
    shutil.copyfile(FIXTURES / f"{stem}.db", data / "steady.db")
    before = json.loads((FIXTURES / f"{stem}.json").read_text(encoding="utf-8"))
    with open_store(data) as store:
        assert store.integrity_problems() == []
        repos = store.repositories()
        changed = []
        for name, records in before.items():
            now = {r.id: r.to_plain() for r in repos[name].list()}
            missing = sorted(set(records) - set(now))
            assert not missing, f"{name}: {len(missing)} records lost in the upgrade"
            for record_id, old in records.items():
                new = now[record_id]
                for key, value in old.items():
                    if new.get(key) != value:
                        changed.append((name, record_id, key, value, new.get(key)))
        assert changed == []
    # the upgrade kept a copy of the file as it was
    assert list((data / "backups").glob("steady-before-migration-*.db"))
    # and a second open changes nothing more
    with open_store(data) as store:
        assert store.integrity_problems() == []
