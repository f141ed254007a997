"""Shared fixtures. Qt is told to draw off screen before anything can import it."""

import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Compiled bytecode, as an installed Steady has (pip and the bundle compile it). Where the
# machine says not to write any (PYTHONDONTWRITEBYTECODE, as on the CI machine), each of the
# suite's hundreds of `steady` child processes, and each test worker, compiled every module of
# Steady it imported from source again: about 0.1 s of each child's 0.2 s. It goes where Python
# puts it by default (`__pycache__`, which git ignores); the installed packages already have theirs.
if sys.dont_write_bytecode or os.environ.get("PYTHONDONTWRITEBYTECODE"):
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    sys.dont_write_bytecode = False
# Dates and times read the same on every machine: the wording tests pin the default style
# (24-hour clock, day first); the tests of other styles choose theirs.
os.environ["LC_ALL"] = "C.UTF-8"

import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _default_time_style():
    """A test that sets a 12-hour or month-first style does not pass it on to the next."""
    from app.domain import formatting, i18n

    yield
    formatting.use(formatting.DEFAULT)
    i18n.use_language("en")


@pytest.fixture
def data_dir(tmp_path):
    """A fresh, empty data folder."""
    folder = tmp_path / "data"
    folder.mkdir(mode=0o700)
    return folder


@pytest.fixture
def store(data_dir):
    from app.storage import open_store

    s = open_store(data_dir)
    yield s
    s.close()


@pytest.fixture
def services(store):
    """The services over the fresh store, wired as the window and the CLI wire them
    (app.services.bundle); `services.records`, `services.today`, …"""
    from app.services.bundle import build_services

    return build_services(store)
