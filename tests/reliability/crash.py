"""SIGKILL Steady at random moments and prove nothing acknowledged is lost.

    python tests/reliability/crash.py --kills 300 [--seed S] [--keep DIR]

Starts, one at a time, real `steady` processes against one data folder: writers that add
records of every kind (printing each id only after its transaction committed, as `steady add`
does), Steady-export and calendar imports, backups, restores (of a backup of the current
state, so the records expected stay the same whichever way a killed restore ends) and demo
runs into fresh folders. Each is SIGKILLed after a random delay (or allowed to finish). After
every kill the folder must open, pass `PRAGMA integrity_check`, and still hold every record
whose id was acknowledged; an import must be all there or not there at all. The last line is

    kills K, acknowledged writes A, lost L, integrity failures F, refused opens R

and the exit status is non-zero unless L, F and R are all 0. `run(kills, seed)` is the same as
a function (the CI subset in test_crash.py calls it with 30 kills, each at half the delay:
`pace` 0.5, so more of them land while the work is under way and the subset takes half as long).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# A writer adds records of every kind in a loop, one `steady add` each (in one process, as the
# CLI runs them), and prints "KIND ID" once `steady add` has printed the id, i.e. committed.
_WRITER = textwrap.dedent("""
    import contextlib, io, random, sys
    from app import cli
    data, seed = sys.argv[1], int(sys.argv[2])
    refs = dict(arg.split("=", 1) for arg in sys.argv[3:])
    rnd = random.Random(seed)
    def day():
        return f"{rnd.randint(1950, 2019)}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}"
    adds = [
        ("coping", lambda: ["--urge-before", str(rnd.randint(0, 10)), "--situation", "crash test"]),
        ("checkin", lambda: ["--day", day(), "--mood", "3", "--craving", "1"]),
        ("selfcare", lambda: ["--category", "exercise", "--minutes", "30"]),
        ("attendance", lambda: ["--group", refs["group"], "--status", "attended"]),
        ("schedule", lambda: ["--title", "Group", "--start", "2026-01-05 10:00", "--recurrence", "FREQ=WEEKLY"]),
        ("skill", lambda: ["--name", f"Skill {rnd.random()}"]),
        ("group", lambda: ["--name", f"Meeting {rnd.random()}"]),
        ("program", lambda: ["--name", "Program", "--start-date", day()]),
        ("phase", lambda: ["--program", refs["program"], "--name", "Phase", "--start-date", day()]),
        ("sobriety", lambda: ["--start-date", day()]),
        ("goal", lambda: ["--title", "Meetings", "--kind", "meetings_per_week", "--period", "week", "--target", "3"]),
        ("milestone", lambda: ["--title", "Step", "--goal", refs["goal"]]),
        ("contact", lambda: ["--name", "Sam"]),
    ]
    while True:
        kind, make = rnd.choice(adds)
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = cli.main(["--data-dir", data, "add", kind, *make()])
        if code == 0:
            sys.stdout.write(f"{kind} {out.getvalue().strip()}\\n")
            sys.stdout.flush()
""")

_KIND_REPO = {"coping": "coping", "checkin": "checkins", "selfcare": "selfcare", "attendance": "attendance",
              "schedule": "schedule", "skill": "skills", "group": "groups", "program": "programs",
              "phase": "phases", "sobriety": "sobriety", "goal": "goals", "milestone": "milestones",
              "contact": "contacts"}


@dataclass
class Tally:
    kills: int = 0
    acknowledged: int = 0
    lost: int = 0
    integrity: int = 0
    refused: int = 0
    notes: list[str] = field(default_factory=list)

    def line(self) -> str:
        return (f"kills {self.kills}, acknowledged writes {self.acknowledged}, lost {self.lost}, "
                f"integrity failures {self.integrity}, refused opens {self.refused}")

    @property
    def ok(self) -> bool:
        return self.lost == 0 and self.integrity == 0 and self.refused == 0


def _env() -> dict[str, str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "QT_QPA_PLATFORM": "offscreen"}
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def _steady(data: Path, *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "app", "--data-dir", str(data), *args], cwd=ROOT,
                          env=_env(), capture_output=True, text=True, timeout=timeout)


def _start(argv: list[str]) -> subprocess.Popen:
    return subprocess.Popen(argv, cwd=ROOT, env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, start_new_session=True)


def _kill_after(proc: subprocess.Popen, delay: float) -> tuple[bool, str]:
    """SIGKILL `proc` after `delay` seconds unless it ended first. Returns (killed, stdout)."""
    try:
        out, _ = proc.communicate(timeout=delay)
        return False, out
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, _ = proc.communicate()
        return True, out


class Harness:
    def __init__(self, root: Path, seed: int, pace: float = 1.0):
        self.root = root
        self.rnd = random.Random(seed)
        self.pace = pace  # kill delays are scaled by this (the CI subset kills twice as soon)
        self.data = root / "data"
        self.tally = Tally()
        self.expected: dict[str, str] = {}  # id -> kind
        self.refs = self._setup()
        self.template = self._export_template()

    # --- set-up ---------------------------------------------------------------------------------

    def _add(self, kind: str, *args: str) -> str:
        proc = _steady(self.data, "add", kind, *args)
        if proc.returncode != 0:
            raise SystemExit(f"set-up failed: steady add {kind}: {proc.stderr.strip()}")
        record_id = proc.stdout.strip()
        self.expected[record_id] = kind
        return record_id

    def _setup(self) -> dict[str, str]:
        return {"group": self._add("group", "--name", "Tuesday group"),
                "program": self._add("program", "--name", "IOP", "--start-date", "2025-01-06"),
                "goal": self._add("goal", "--title", "Three meetings", "--kind", "meetings_per_week",
                                  "--period", "week", "--target", "3")}

    def _export_template(self) -> str:
        """A small Steady export of its own, whose ids are replaced by fresh ones per import."""
        source = self.root / "template-data"
        for args in (("coping", "--urge-before", "4"), ("checkin", "--day", "1949-03-01", "--mood", "2",
                                                          "--craving", "0"),
                     ("contact", "--name", "Alex"), ("selfcare", "--category", "sleep", "--minutes", "60")):
            proc = _steady(source, "add", *args)
            assert proc.returncode == 0, proc.stderr
        out = self.root / "template.json"
        proc = _steady(source, "export", "--format", "json", "--output", str(out))
        assert proc.returncode == 0, proc.stderr
        return out.read_text(encoding="utf-8")

    # --- operations -----------------------------------------------------------------------------

    def delay(self, low: float, high: float) -> float:
        """A random moment to kill at, in seconds, from the operation's own range."""
        return self.rnd.uniform(low, high) * self.pace

    def op_writer(self) -> None:
        argv = [sys.executable, "-c", _WRITER, str(self.data), str(self.rnd.randrange(1 << 30)),
                *(f"{k}={v}" for k, v in self.refs.items())]
        killed, out = _kill_after(_start(argv), self.delay(0.3, 4.0))
        for line in out.splitlines():
            kind, _, record_id = line.partition(" ")
            if record_id and len(record_id) == 36:  # a whole line: the id was printed in full
                self.expected[record_id] = kind
                self.tally.acknowledged += 1
        self._after(killed, "writer")

    def op_import_json(self) -> None:
        text = self.template
        data = json.loads(text)
        ids = {r["id"] for section in data.values() if isinstance(section, list)
               for r in section if isinstance(r, dict) and "id" in r}
        fresh = {old: str(uuid.uuid4()) for old in ids}
        for old, new in fresh.items():
            text = text.replace(old, new)
        # the check-in's day must be new too
        day = f"19{self.rnd.randint(10, 49)}-{self.rnd.randint(1, 12):02d}-{self.rnd.randint(1, 28):02d}"
        text = text.replace("1949-03-01", day)
        path = self.root / "import.json"
        path.write_text(text, encoding="utf-8")
        proc = _start([sys.executable, "-m", "app", "--data-dir", str(self.data), "import", str(path)])
        killed, _ = _kill_after(proc, self.delay(0.2, 2.5))
        finished_ok = not killed and proc.returncode == 0
        self._after(killed, "import", all_or_nothing=set(fresh.values()), acknowledged=finished_ok)

    def op_import_ics(self) -> None:
        uid = uuid.uuid4().hex
        path = self.root / "import.ics"
        path.write_text(
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//crash//test//EN\r\nBEGIN:VEVENT\r\n"
            f"UID:{uid}@crash\r\nDTSTAMP:20260101T000000Z\r\nDTSTART:20260105T090000\r\n"
            "DTEND:20260105T170000\r\nSUMMARY:Shift\r\nRRULE:FREQ=WEEKLY;BYDAY=MO,TU\r\n"
            "END:VEVENT\r\nEND:VCALENDAR\r\n", encoding="utf-8")
        proc = _start([sys.executable, "-m", "app", "--data-dir", str(self.data), "import", str(path)])
        killed, _ = _kill_after(proc, self.delay(0.2, 2.5))
        if not killed and proc.returncode == 0:
            from app.storage import open_store

            try:
                with open_store(self.data, create=False) as store:
                    item = store.calendar_links.item_for_uid(f"{uid}@crash")
            except Exception:  # noqa: BLE001 - counted by _after below
                item = None
            if item:
                self.expected[item] = "schedule"
                self.tally.acknowledged += 1
        self._after(killed, "calendar import")

    def op_backup(self) -> None:
        proc = _start([sys.executable, "-m", "app", "--data-dir", str(self.data), "backup"])
        killed, _ = _kill_after(proc, self.delay(0.1, 2.0))
        self._after(killed, "backup")

    def op_restore(self) -> None:
        copy = self.root / "current-copy.db"
        made = _steady(self.data, "backup", "--output", str(copy))
        if made.returncode != 0:
            self.tally.notes.append(f"backup before a restore failed: {made.stderr.strip()}")
            return
        proc = _start([sys.executable, "-m", "app", "--data-dir", str(self.data), "restore", str(copy)])
        killed, _ = _kill_after(proc, self.delay(0.1, 2.5))
        self._after(killed, "restore")

    def op_demo(self) -> None:
        folder = self.root / f"demo-{self.tally.kills}"
        proc = _start([sys.executable, "-m", "app", "--data-dir", str(folder), "demo", "--years", "1"])
        killed, _ = _kill_after(proc, self.delay(0.2, 3.0))
        if killed:
            self.tally.kills += 1
        if (folder / "steady.db").exists():
            self._check(folder, {}, "demo")
        shutil.rmtree(folder, ignore_errors=True)

    # --- checks ---------------------------------------------------------------------------------

    def _after(self, killed: bool, what: str, all_or_nothing: set[str] | None = None,
               acknowledged: bool = False) -> None:
        if killed:
            self.tally.kills += 1
        present = self._check(self.data, self.expected, what, extra=all_or_nothing)
        if all_or_nothing and present is not None:
            found = len(all_or_nothing & present)
            if found not in (0, len(all_or_nothing)):
                self.tally.integrity += 1
                self.tally.notes.append(f"{what}: {found} of {len(all_or_nothing)} records (not all or none)")
            elif found:
                for record_id in all_or_nothing:
                    self.expected[record_id] = "?"
                self.tally.acknowledged += len(all_or_nothing) if acknowledged else 0
            elif acknowledged:
                self.tally.lost += len(all_or_nothing)
                self.tally.notes.append(f"{what}: acknowledged but missing")

    def _check(self, folder: Path, expected: dict[str, str], what: str,
               extra: set[str] | None = None) -> set[str] | None:
        from app.storage import StoreError, open_store

        try:
            store = open_store(folder, create=False)
        except StoreError as exc:
            self.tally.refused += 1
            self.tally.notes.append(f"after {what}: refused: {exc.message}")
            return None
        try:
            problems = store.integrity_problems()
            if problems:
                self.tally.integrity += 1
                self.tally.notes.append(f"after {what}: {problems[:3]}")
            ids: set[str] = set()
            for name in set(_KIND_REPO.values()):
                ids |= {r[0] for r in store.db.execute(f"SELECT id FROM {getattr(store, name).table}")}
            missing = [i for i in expected if i not in ids]
            if missing:
                self.tally.lost += len(missing)
                self.tally.notes.append(f"after {what}: {len(missing)} acknowledged records missing")
                for i in missing:
                    expected.pop(i, None)
            return ids & (extra or set()) if extra is not None else ids
        finally:
            store.close()

    def run(self, kills: int, stop_on_failure: bool = False) -> Tally:
        ops = [(self.op_writer, 6), (self.op_import_json, 2), (self.op_import_ics, 1), (self.op_backup, 2),
               (self.op_restore, 2), (self.op_demo, 1)]
        population = [op for op, weight in ops for _ in range(weight)]
        guard = kills * 6 + 20
        while self.tally.kills < kills and guard > 0:
            guard -= 1
            self.rnd.choice(population)()
            if stop_on_failure and not self.tally.ok:
                break
        return self.tally


def run(kills: int, seed: int = 0, keep: Path | None = None, stop_on_failure: bool = False,
        pace: float = 1.0) -> Tally:
    root = Path(keep) if keep else Path(tempfile.mkdtemp(prefix="steady-crash-"))
    root.mkdir(parents=True, exist_ok=True)
    try:
        return Harness(root, seed, pace).run(kills, stop_on_failure)
    finally:
        if keep is None:
            shutil.rmtree(root, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kills", type=int, default=30)
    parser.add_argument("--seed", type=int, default=int(time.time()))
    parser.add_argument("--keep", type=Path, default=None, help="work in this folder and leave it for a look")
    parser.add_argument("--stop", action="store_true", help="stop at the first failure (with --keep, to look at it)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    tally = run(args.kills, args.seed, args.keep, args.stop)
    for note in tally.notes[:50]:
        print(note)
    print(f"seed {args.seed}, {time.perf_counter() - started:.0f} s")
    print(tally.line())
    return 0 if tally.ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
