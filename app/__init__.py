"""Steady: a private, offline recovery planner."""

__version__ = "0.1.0"

# The desktop's name for Steady: the .desktop file, the AppStream metainfo and the icon in the
# hicolor theme are all named after it (resources/linux/, packaging/build.sh).
APP_ID = "io.github.steadyplanner.steady"
