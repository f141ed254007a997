#!/usr/bin/env bash
# Install the .deb that packaging/build.sh made, start it on a year of demo data, remove it.
#
#   sudo bash packaging/check_deb.sh dist/steady_<version>_<arch>.deb
#
# Exits 0 only if: dpkg -i installs it; /usr/bin/steady, the menu entry, the icons and the
# AppStream file are where the desktop looks for them; `steady demo` writes a year of data and
# `/usr/bin/steady --smoke` opens the window on it (first paint, data, charts) and exits 0;
# dpkg -r removes every file it installed. Without a display it draws off screen.
set -euo pipefail
DEB=${1:?usage: sudo bash packaging/check_deb.sh dist/steady_<version>_<arch>.deb}
APP_ID=io.github.steadyplanner.steady
[ "$(id -u)" = 0 ] || { echo "check_deb: run as root (dpkg -i)" >&2; exit 2; }
if dpkg -s steady >/dev/null 2>&1; then echo "check_deb: steady is already installed; remove it first" >&2; exit 2; fi
say() { printf 'check_deb: %s\n' "$*"; }
DATA=$(mktemp -d)
trap 'rm -rf "$DATA"' EXIT
[ -n "${DISPLAY:-}" ] || export QT_QPA_PLATFORM=offscreen

dpkg -i "$DEB"
for f in /usr/bin/steady /opt/steady/steady "/usr/share/applications/$APP_ID.desktop" \
         "/usr/share/metainfo/$APP_ID.metainfo.xml" "/usr/share/icons/hicolor/16x16/apps/$APP_ID.png" \
         "/usr/share/icons/hicolor/256x256/apps/$APP_ID.png" "/usr/share/icons/hicolor/scalable/apps/$APP_ID.svg"; do
    [ -e "$f" ] || { say "missing after install: $f"; exit 1; }
done
[ "$(readlink /usr/bin/steady)" = /opt/steady/steady ] || { say "/usr/bin/steady does not point to /opt/steady/steady"; exit 1; }
/usr/bin/steady --version
/usr/bin/steady --data-dir "$DATA" demo --years 1
/usr/bin/steady --data-dir "$DATA" --smoke
say "--smoke exited 0"
# The translations travel with the bundle: Steady's catalogues and Qt's own (qtbase_es.qm).
LANG=es_ES.UTF-8 /usr/bin/steady --help | grep -q '^uso: steady' || { say "steady --help is not in Spanish with LANG=es_ES.UTF-8"; exit 1; }
[ -e /opt/steady/_internal/PySide6/Qt/translations/qtbase_es.qm ] || { say "Qt's Spanish catalogue is missing"; exit 1; }
say "Spanish: steady --help and Qt's catalogue"
FILES=$(dpkg -L steady | grep -v '^/\.$' | grep -Ev '^/(usr|usr/bin|usr/share|usr/share/[^/]+|opt|usr/share/icons/hicolor(/[^/]+(/apps)?)?)$')
dpkg -r steady
LEFT=$(while IFS= read -r f; do [ -e "$f" ] || [ -L "$f" ] && echo "$f"; done <<< "$FILES" || true)
[ -z "$LEFT" ] || { say "left behind after dpkg -r:"; echo "$LEFT"; exit 1; }
[ ! -e /opt/steady ] || { say "/opt/steady is still there after dpkg -r"; exit 1; }
say "dpkg -r removed all $(wc -l <<< "$FILES") files and folders"
