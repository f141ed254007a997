"""Where Steady's own data files (`resources/`) are, in a checkout and in an install.

`resources/` sits beside the `app` package. The wheel carries the files it needs
(pyproject.toml, `[tool.setuptools.package-data]`, as `../resources/...`), so they land
beside `app/` in site-packages too and this one path finds them in both places.
"""

from __future__ import annotations

from pathlib import Path

from app.domain.errors import SteadyError

RESOURCES = Path(__file__).resolve().parent.parent.parent / "resources"


def resource_path(*parts: str) -> Path:
    """`resources/<parts…>`, e.g. resource_path("skills", "library.json")."""
    return RESOURCES.joinpath(*parts)


class ResourceError(SteadyError, ValueError):
    """A resource file is missing or malformed (a packaging or editing mistake)."""


def read_json_resource(path: Path, what: str):
    """The parsed JSON of `path`; ResourceError naming `what` ("the crisis lines") if not."""
    import json

    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ResourceError(f"Steady's file of {what} is missing: {path}.") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ResourceError(f"Steady's file of {what} ({path}) cannot be read: {exc}.") from None
