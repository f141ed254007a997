"""The fast subset of the crash suite in CI: 30 SIGKILLs at random moments of writers of every
record kind, imports, backups, restores and demo runs; nothing acknowledged may be lost.
The full run is `python tests/reliability/crash.py --kills 300`."""

from tests.reliability.crash import run


def test_thirty_kills_lose_nothing_and_damage_nothing(tmp_path):
    tally = run(30, seed=13, keep=tmp_path / "crash", pace=0.5)
    assert tally.kills == 30
    assert tally.acknowledged > 0
    assert tally.ok, tally.line() + "\n" + "\n".join(tally.notes)
