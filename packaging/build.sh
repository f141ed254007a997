#!/usr/bin/env bash
# Build Steady's Linux bundles from a clean clone:
#   dist/steady/                              the one-folder bundle (run dist/steady/steady)
#   dist/steady_<version>_<arch>.deb          installs to /opt/steady, /usr/bin/steady, menu entry, icons
#   dist/steady-<version>-linux-<arch>.tar.gz the same one-folder bundle, to unpack anywhere
#
#   bash packaging/build.sh
#
# Needs python3 (3.10+) with venv, dpkg-deb and the network access pip normally has. Builds
# in build/packaging/ (a fresh virtual environment with Steady and PyInstaller) and leaves
# the results in dist/. desktop-file-validate and appstreamcli check the shipped desktop
# files when they are installed (Debian: desktop-file-utils, appstream).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
APP_ID=io.github.steadyplanner.steady
VERSION=$(sed -n 's/^__version__ = "\(.*\)"$/\1/p' app/__init__.py)
ARCH=$(dpkg --print-architecture 2>/dev/null || uname -m)
WORK=$ROOT/build/packaging
DIST=$ROOT/dist
FOLDER=$DIST/steady              # the one-folder bundle PyInstaller makes
say() { printf 'build: %s\n' "$*"; }

rm -rf "$WORK" "$FOLDER"
mkdir -p "$WORK" "$DIST"

say "a build environment with Steady and PyInstaller ($WORK/venv)"
python3 -m venv "$WORK/venv"
# The translations first: the .po sources compiled into the .mo files the package ships
# (a no-op when they are current, which tests/test_translations.py checks for every commit).
"$WORK/venv/bin/pip" install -q "polib>=1.2"
"$WORK/venv/bin/python" "$ROOT/packaging/i18n.py" compile
"$WORK/venv/bin/pip" install -q "$ROOT" "pyinstaller>=6.10,<7"

say "the one-folder bundle (PyInstaller, packaging/steady.spec)"
(cd "$WORK" && "$WORK/venv/bin/pyinstaller" --noconfirm --clean --log-level WARN \
    --distpath "$DIST" --workpath "$WORK/pyinstaller" "$ROOT/packaging/steady.spec")
cp LICENSE "$FOLDER/LICENSE"
"$FOLDER/steady" --version >/dev/null   # the frozen program starts at all

# Every library in the bundle must find what it links to, inside the bundle or on the system.
# The only exceptions are optional: Qt's GTK platform theme (GTK 3) and its Wayland plug-ins
# (libwayland-cursor, libwayland-egl), each loaded only on a desktop that has those libraries
# anyway (Qt falls back to X11 and its own look without them); the .deb recommends them.
OPTIONAL='^(libgtk-3\.so|libgdk-3\.so|libwayland-cursor\.so|libwayland-egl\.so)'
LIBDIRS=$(find "$FOLDER" -name '*.so*' -printf '%h\n' | sort -u | paste -sd:)
ELFS=$WORK/elfs
find "$FOLDER" -type f \( -name '*.so*' -o -name steady \) -exec sh -c 'head -c4 "$1" | grep -q ELF' _ {} \; -print > "$ELFS"
MISSING=$(while IFS= read -r elf; do
    LD_LIBRARY_PATH=$LIBDIRS ldd "$elf" 2>/dev/null | sed -n 's/^[[:space:]]*\([^ ]*\) => not found$/\1/p'
done < "$ELFS" | sort -u | grep -Ev "$OPTIONAL" || true)
[ -z "$MISSING" ] || { say "the bundle links to libraries it does not carry: $MISSING"; exit 1; }

say "the tarball"
TARBALL=$DIST/steady-$VERSION-linux-$ARCH.tar.gz
tar -C "$DIST" --owner=0 --group=0 --numeric-owner -czf "$TARBALL" steady

command -v dpkg-deb >/dev/null || { say "no dpkg-deb: the .deb is skipped (Debian/Ubuntu: apt-get install dpkg)"; exit 0; }

say "the .deb"
STAGE=$WORK/deb
rm -rf "$STAGE"
mkdir -p "$STAGE/DEBIAN" "$STAGE/opt" "$STAGE/usr/bin" "$STAGE/usr/share/applications" \
    "$STAGE/usr/share/metainfo" "$STAGE/usr/share/doc/steady" "$STAGE/usr/share/icons/hicolor/scalable/apps"
cp -a "$FOLDER" "$STAGE/opt/steady"
ln -s /opt/steady/steady "$STAGE/usr/bin/steady"
install -m 0644 "resources/linux/$APP_ID.desktop" "$STAGE/usr/share/applications/"
install -m 0644 "resources/linux/$APP_ID.metainfo.xml" "$STAGE/usr/share/metainfo/"
install -m 0644 resources/icons/steady.svg "$STAGE/usr/share/icons/hicolor/scalable/apps/$APP_ID.svg"
for png in app/resources/icons/steady-*.png; do
    size=${png##*steady-}; size=${size%.png}
    install -D -m 0644 "$png" "$STAGE/usr/share/icons/hicolor/${size}x${size}/apps/$APP_ID.png"
done
install -m 0644 packaging/linux/copyright "$STAGE/usr/share/doc/steady/copyright"

# Depends: the system libraries the bundle loads but does not carry (libc, OpenGL/EGL,
# fontconfig, the X11/xcb and Wayland client libraries Qt's platform plug-ins need…), found
# with ldd from every ELF file in the bundle and named by the Debian packages that own them.
: > "$WORK/needed"
while IFS= read -r elf; do
    LD_LIBRARY_PATH=$LIBDIRS ldd "$elf" 2>/dev/null \
        | sed -n 's/^.* => \(\/[^ ]*\) (0x.*$/\1/p' | grep -v "^$FOLDER/" >> "$WORK/needed" || true
done < "$ELFS"
DEPENDS=$(sort -u "$WORK/needed" | while IFS= read -r lib; do
    dpkg -S "$(readlink -f "$lib")" 2>/dev/null || dpkg -S "$lib" 2>/dev/null || true
done | cut -d: -f1 | sort -u | paste -sd, | sed 's/,/, /g')
[ -n "$DEPENDS" ] || { say "could not work out the .deb's dependencies (is this Debian or Ubuntu?)"; exit 1; }

INSTALLED_KB=$(du -sk --exclude=DEBIAN "$STAGE" | cut -f1)
sed -e "s/@VERSION@/$VERSION/" -e "s/@ARCH@/$ARCH/" -e "s/@DEPENDS@/$DEPENDS/" \
    -e "s/@INSTALLED_KB@/$INSTALLED_KB/" packaging/linux/control.in > "$STAGE/DEBIAN/control"
DEB=$DIST/steady_${VERSION}_$ARCH.deb
dpkg-deb --root-owner-group -Zxz --build "$STAGE" "$DEB" >/dev/null

if command -v desktop-file-validate >/dev/null; then
    desktop-file-validate "$STAGE/usr/share/applications/$APP_ID.desktop"
    say "desktop-file-validate: ok"
fi
if command -v appstreamcli >/dev/null; then
    appstreamcli validate --no-net --pedantic "$STAGE/usr/share/metainfo/$APP_ID.metainfo.xml"
fi

say "bundle $(du -sh "$FOLDER" | cut -f1)  tarball $(du -h "$TARBALL" | cut -f1)  .deb $(du -h "$DEB" | cut -f1)"
say "Depends: $DEPENDS"
say "done: $DEB, $TARBALL, $FOLDER"
