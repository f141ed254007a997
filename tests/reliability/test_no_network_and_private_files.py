"""Nothing leaves the machine, and everything Steady makes is the person's alone.

One session of real processes, each a `python -m app …` whose Python refuses internet
sockets (a `sitecustomize.py` on PYTHONPATH replaces `socket.socket` and `getaddrinfo`,
writes every attempt to a file and refuses it) and runs under `umask 000`, the most
permissive a shell can set: five years of demo data, records carrying a marker, every
export format, every import format, the three reports, backups and a restore, `check`, and
the window itself (`--smoke`: first paint, the data, the charts). Then:

* every process exited 0 and nothing tried to reach the network (no socket, no name
  lookup, and no network module loaded: http.client, urllib.request, ssl, QtNetwork…);
* every file and folder in the data folder and everything written to the output folder is
  0600 / 0700, whatever the umask;
* the marker is nowhere it should not be: not in the per-computer settings file, not in
  matplotlib's cache, not in a file left in the temporary folder (there is none of Steady's).

HOME, XDG_CONFIG_HOME, XDG_CACHE_HOME and TMPDIR point into the test's own folder, so the
walk sees exactly what these processes wrote.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MARKER = "NetMkr-4f1c-words-nobody-else-reads"

GUARD = r'''
"""Refuse internet sockets in this Python, and write down every attempt (Steady's no-network test)."""
import atexit
import os
import socket
import sys

_LOG = os.environ["STEADY_NET_LOG"]
_REAL = socket.socket
_INTERNET = {int(socket.AF_INET), int(socket.AF_INET6)}
_NETWORK_MODULES = ("http.client", "urllib.request", "ssl", "ftplib", "smtplib", "requests", "urllib3",
                    "PySide6.QtNetwork", "PySide6.QtWebEngineCore", "asyncio.base_events")


def _note(what):
    with open(_LOG, "a", encoding="utf-8") as fh:
        fh.write(f"{os.getpid()} {' '.join(sys.argv[1:4])}: {what}\n")


class GuardedSocket(_REAL):
    def __init__(self, family=-1, type=-1, proto=-1, fileno=None):
        if fileno is None and (family == -1 or int(family) in _INTERNET):
            _note(f"socket(family={family!r})")
            raise PermissionError("no internet sockets in Steady's no-network test")
        super().__init__(family, type, proto, fileno)


def _refuse_lookup(host, *args, **kwargs):
    _note(f"getaddrinfo({host!r})")
    raise socket.gaierror(socket.EAI_FAIL, "no name lookups in Steady's no-network test")


socket.socket = GuardedSocket
socket.SocketType = GuardedSocket
socket.getaddrinfo = _refuse_lookup
socket.gethostbyname = _refuse_lookup


@atexit.register
def _modules_loaded():
    for name in _NETWORK_MODULES:
        if name in sys.modules:
            _note(f"imported {name}")
'''

MEETINGS = [{"name": "Tuesday Night Hope", "slug": "tuesday-night-hope", "day": 2, "time": "19:00",
             "types": ["O", "ONL"], "conference_url": "https://zoom.example/j/123456789",
             "notes": "Doors open 18:45"}]


class Session:
    def __init__(self, base: Path):
        self.base = base
        self.data = base / "data"
        self.out = base / "out"
        self.home = base / "home"
        self.tmp = base / "tmp"
        self.guard = base / "guard"
        self.net_log = base / "net.log"
        self.runs: list[tuple[list[str], subprocess.CompletedProcess]] = []
        for folder in (self.home, self.tmp, self.guard):
            folder.mkdir(mode=0o700)
        self.out.mkdir(mode=0o777)
        (self.guard / "sitecustomize.py").write_text(GUARD, encoding="utf-8")
        self.env = {key: value for key, value in os.environ.items()
                    if not key.startswith(("STEADY_", "PYTEST_", "DBUS_"))}
        self.env.update({
            "PYTHONPATH": os.pathsep.join([str(self.guard), str(ROOT)]),
            "STEADY_NET_LOG": str(self.net_log),
            "HOME": str(self.home),
            "XDG_CONFIG_HOME": str(self.home / ".config"),
            "XDG_CACHE_HOME": str(self.home / ".cache"),
            "XDG_DATA_HOME": str(self.home / ".local" / "share"),
            "TMPDIR": str(self.tmp),
            "QT_QPA_PLATFORM": "offscreen",
        })
        self.env.pop("MPLCONFIGDIR", None)

    def run(self, *args: str | Path, data: Path | None = None) -> subprocess.CompletedProcess:
        argv = [sys.executable, "-m", "app", "--data-dir", str(data or self.data), *map(str, args)]
        done = subprocess.run(argv, env=self.env, cwd=self.base, capture_output=True, text=True, timeout=300,
                              umask=0)
        self.runs.append((argv[5:], done))
        return done


@pytest.fixture(scope="module")
def session(tmp_path_factory) -> Session:
    s = Session(tmp_path_factory.mktemp("nonet"))
    s.run("demo", "--years", "5")
    s.run("add", "coping", "--situation", f"Payday {MARKER}", "--urge-before", "6", "--notes", MARKER)
    s.run("add", "checkin", "--mood", "3", "--craving", "4", "--notes", f"Hard evening {MARKER}")
    s.run("add", "contact", "--name", f"Dana {MARKER}", "--phone", "555-0101")
    s.run("list", "coping")
    s.run("list", "checkin")
    for fmt, name in (("json", "all.json"), ("csv", "csv"), ("xlsx", "all.xlsx"), ("ics", "schedule.ics"),
                      ("vcf", "people.vcf")):
        s.run("export", "--format", fmt, "--output", s.out / name)
    meetings = s.base / "meetings.json"
    meetings.write_text(json.dumps(MEETINGS), encoding="utf-8")
    fresh = s.base / "fresh"
    s.run("import", s.out / "all.json", data=fresh)
    s.run("import", s.out / "schedule.ics", "--kind", "work")
    s.run("import", meetings)
    for kind, name in (("counselor", "counselor.pdf"), ("attendance", "attendance.pdf"),
                       ("safety-plan", "plan.pdf")):
        s.run("report", kind, "--output", s.out / name)
    s.run("backup")
    s.run("backup", "--output", s.out / "copy.db")
    s.run("restore", s.out / "copy.db")
    s.run("check")
    s.run("--smoke")
    s.run("insights")
    return s


def test_every_command_and_the_window_ran_with_no_network_attempt(session):
    failed = [(" ".join(args), done.returncode, done.stderr[-400:]) for args, done in session.runs
              if done.returncode != 0]
    assert failed == []
    smoke = next(done for args, done in session.runs if args == ["--smoke"])
    assert "data-ready-ms" in smoke.stdout and "charts-ready-ms" in smoke.stdout
    attempts = session.net_log.read_text(encoding="utf-8") if session.net_log.exists() else ""
    assert attempts == ""


def test_the_guard_does_refuse_and_record_a_socket(session, tmp_path):
    """The guard itself works: a process that does try is refused and written down."""
    log = tmp_path / "attempts.log"
    env = {**session.env, "STEADY_NET_LOG": str(log)}
    done = subprocess.run([sys.executable, "-c", "import socket; socket.create_connection(('192.0.2.1', 80), 1)"],
                          env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode != 0
    assert "getaddrinfo('192.0.2.1')" in log.read_text(encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", "import socket; socket.socket(socket.AF_INET6)"],
                          env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode != 0 and "socket(family=<AddressFamily.AF_INET6" in log.read_text(encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", "import socket; socket.socket(socket.AF_UNIX).close()"],
                          env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0  # a local socket is not the network


def _walk(folder: Path):
    for path in [folder, *folder.rglob("*")]:
        yield path, stat.S_IMODE(path.lstat().st_mode), path.is_dir()


def test_every_file_and_folder_steady_made_is_private_even_under_umask_000(session):
    wrong = []
    for top in (session.data, session.base / "fresh"):
        for path, mode, is_dir in _walk(top):
            if path.is_symlink():
                continue
            if mode != (0o700 if is_dir else 0o600):
                wrong.append(f"{path.relative_to(session.base)} {oct(mode)}")
    for path, mode, _is_dir in _walk(session.out):
        if path == session.out:
            continue  # the test made it, 0777
        if mode & 0o077:
            wrong.append(f"{path.relative_to(session.base)} {oct(mode)}")
    assert wrong == []
    names = {p.name for p in session.data.rglob("*")}
    assert "steady.db" in names and "backups" in names
    # Temporary files were written in the data folder (never the shared one) and removed.
    assert [n for n in names if n.endswith(".tmp")] == []


def test_the_marker_is_only_in_the_data_file_and_what_the_person_exported(session):
    assert MARKER.encode() in (session.out / "all.json").read_bytes()  # the marker did go in
    # The per-computer settings file, matplotlib's cache and the temporary folder hold none of it.
    leaks = []
    for top in (session.home, session.tmp):
        for path in top.rglob("*"):
            if path.is_file() and MARKER.encode() in path.read_bytes():
                leaks.append(str(path.relative_to(session.base)))
    assert leaks == []
    # Steady leaves nothing of its own in the temporary folder.
    assert [p.name for p in session.tmp.iterdir() if "steady" in p.name.lower()] == []
    # matplotlib did run (the window drew its charts) and keeps only its font list.
    caches = [p for p in session.home.rglob("*") if "matplotlib" in str(p) and p.is_file()]
    assert caches and all(p.name.startswith("fontlist") and p.suffix == ".json" for p in caches)
    # The error log (if any) has no marker either.
    for log in session.data.rglob("*.log"):
        assert MARKER not in log.read_text(encoding="utf-8", errors="replace")
