"""The data file's refusals are one clear sentence in the reader's language."""

import sqlite3

import pytest

from app.domain import i18n
from app.storage import DB_FILE_NAME, StoreError, open_store
from app.storage.errors import translate


def test_a_file_that_is_not_steady_data_is_refused_in_spanish(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir(mode=0o700)
    path = folder / DB_FILE_NAME
    path.write_text("a shopping list, not a database\n" * 200, encoding="utf-8")
    i18n.use_language("es")
    with pytest.raises(StoreError) as err:
        open_store(folder)
    assert err.value.message == (
        f"El archivo {path} no es un archivo de datos de Steady (no es una base de datos SQLite). Steady no lo "
        "cambió. Restaura una copia de seguridad de la carpeta de copias de seguridad que está a su lado, o abre "
        "Steady con otro --data-dir.")
    assert err.value.reason == "foreign"


def test_a_busy_data_file_is_explained_in_spanish_and_english(tmp_path):
    path = tmp_path / DB_FILE_NAME
    busy = sqlite3.OperationalError("database is locked")
    assert translate(busy, path).message == (
        f"The data file {path} is in use by another Steady window or command; close it and try again.")
    i18n.use_language("es")
    told = translate(busy, path)
    assert told.message == (f"El archivo de datos {path} está en uso por otra ventana o comando de Steady; "
                            "ciérralo e inténtalo de nuevo.")
    assert told.reason == "locked"
