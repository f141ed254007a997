"""Where Steady's own data files are: `app/resources/`, inside the package.

The skill library, the crisis lines, the self-check instruments and the rendered
application icons live in `app/resources/` so that a wheel, an editable install and a source checkout carry them in the same place
relative to the `app` package (pyproject.toml, `[tool.setuptools.package-data]`). Nothing
is put beside `app/` in site-packages. The top-level `resources/` folder holds only sources that
are not read at run time (the icon's SVG master, the .desktop and AppStream files).

This module is the one place that knows the folder; everything else asks it.
"""

from __future__ import annotations

from pathlib import Path

from app.domain.errors import SteadyError
from app.domain.i18n import _

RESOURCES = Path(__file__).resolve().parent.parent / "resources"


# The application icon's rendered sizes: app/resources/icons/steady-<size>.png, drawn from
# the master resources/icons/steady.svg by packaging/render_icons.py.
ICON_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)


def resource_path(*parts: str) -> Path:
    """`app/resources/<parts…>`, e.g. resource_path("skills", "library.json")."""
    return RESOURCES.joinpath(*parts)


def icon_paths() -> list[Path]:
    """The application icon's PNGs, smallest first (for the window and the tray)."""
    return [resource_path("icons", f"steady-{size}.png") for size in ICON_SIZES]


def page_icon_path(name: str) -> Path:
    """A sidebar page's monochrome SVG icon (app/resources/icons/pages/<name>.svg), drawn in
    `currentColor` so the window can colour it for the light or dark palette."""
    return resource_path("icons", "pages", f"{name}.svg")


class ResourceError(SteadyError, ValueError):
    """A resource file is missing or malformed (a packaging or editing mistake)."""


def read_json_resource(path: Path, what: str):
    """The parsed JSON of `path`; ResourceError naming `what` ("the crisis lines") if not."""
    import json

    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ResourceError(_("Steady's file of {what} is missing: {path}.").format(what=what, path=path)) from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ResourceError(_("Steady's file of {what} ({path}) cannot be read: {problem}.").format(
            what=what, path=path, problem=exc)) from None
