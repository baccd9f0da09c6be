#!/usr/bin/env bash
# Package the one-folder bundle (installers/build.py -> dist/g60desk/) as a .deb for Debian-family systems
# (Debian, Ubuntu, UOS, Kylin):
#
#   installers/linux/build_deb.sh [BUNDLE_DIR] [OUT_DIR]     # defaults: dist/g60desk, dist
#
# The package installs
#   /opt/g60desk/                          the bundle (g60desk + _internal/), untouched
#   /usr/bin/g60desk -> /opt/g60desk/g60desk    the command line (and the window) on PATH
#   /usr/share/applications/g60desk.desktop     menu entry "g60desk 绩效目标申报", opens .g60 files
#   /usr/share/mime/packages/g60desk.xml        the type application/x-g60desk (*.g60, and by content)
#   /usr/share/icons/hicolor/256x256/apps/g60desk.png
# No maintainer scripts: the triggers of shared-mime-info, desktop-file-utils and hicolor-icon-theme
# refresh the MIME, menu and icon caches whenever files land in those folders.
#
# Depends is computed, not guessed: libc6 (>= the newest GLIBC_x.y symbol any bundled ELF file needs —
# that is the glibc of the build machine, roughly) plus the few system libraries the bundle does not carry
# (OpenGL/EGL and libxcb are left to the system on purpose, as PyInstaller does).
# Needs dpkg-deb; fakeroot and objdump (binutils) when present. Env VERSION overrides the version.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
BUNDLE="$(cd "${1:-$ROOT/dist/g60desk}" && pwd)"
OUT="$(mkdir -p "${2:-$(dirname "$BUNDLE")}" && cd "${2:-$(dirname "$BUNDLE")}" && pwd)"

[[ -x "$BUNDLE/g60desk" ]] || { echo "no bundle at $BUNDLE: run installers/build.py first" >&2; exit 1; }
if [[ -z "${VERSION:-}" ]]; then
    VERSION="$(sed -n '1s/^g60desk //p' "$BUNDLE/BUILD-INFO.txt" 2>/dev/null || true)"
fi
[[ -n "${VERSION:-}" ]] || { echo "unknown version: no BUILD-INFO.txt in $BUNDLE; set VERSION=" >&2; exit 1; }
ARCH="$(dpkg --print-architecture)"

# ---- glibc floor: the newest GLIBC_ symbol version any bundled ELF file asks for ------------------------
glibc_floor() {
    if command -v objdump >/dev/null; then
        find "$BUNDLE" -type f \( -name '*.so*' -o -perm -u+x \) -print0 \
            | xargs -0 objdump -T 2>/dev/null | grep -o 'GLIBC_[0-9][0-9.]*' | sed 's/GLIBC_//' | sort -uV | tail -1
    else   # no binutils: assume the build machine's glibc, which is what the bundle was linked against
        ldd --version | head -1 | grep -o '[0-9]\+\.[0-9]\+$'
    fi
}
GLIBC="$(glibc_floor)"

# ---- system libraries the bundle relies on (resolved outside it), as Debian package names --------------
system_packages() {
    local libs
    libs="$(find "$BUNDLE" -type f \( -name '*.so*' -o -perm -u+x \) -print0 \
        | LD_LIBRARY_PATH="$BUNDLE/_internal" xargs -0 -n 20 ldd 2>/dev/null \
        | awk '$2 == "=>" && $3 ~ /^\// {print $3}' | grep -v "^$BUNDLE/" | sort -u)"
    for lib in $libs; do
        case "$(basename "$lib")" in
            libc.so*|libm.so*|libdl.so*|libpthread.so*|librt.so*|libresolv.so*|ld-linux*) continue ;;  # libc6
        esac
        dpkg -S "$(readlink -f "$lib")" 2>/dev/null || dpkg -S "$lib" 2>/dev/null || true
    done | cut -d: -f1 | sed 's/,.*//' | sort -u
}
DEPENDS="libc6 (>= $GLIBC)"
for pkg in $(system_packages); do
    case "$pkg" in libc6|libwayland-*) continue ;; esac      # wayland: only for the optional wayland plugin
    DEPENDS="$DEPENDS, $pkg"
done

# ---- stage the tree -----------------------------------------------------------------------------------
STAGE="$(mktemp -d "${TMPDIR:-/tmp}/g60desk-deb.XXXXXX")"
trap 'rm -rf "$STAGE"' EXIT
umask 022
PKG="$STAGE/g60desk"
mkdir -p "$PKG/DEBIAN" "$PKG/opt" "$PKG/usr/bin" "$PKG/usr/share/applications" "$PKG/usr/share/mime/packages" \
         "$PKG/usr/share/icons/hicolor/256x256/apps" "$PKG/usr/share/doc/g60desk"
cp -a "$BUNDLE" "$PKG/opt/g60desk"
ln -s /opt/g60desk/g60desk "$PKG/usr/bin/g60desk"
install -m 644 "$HERE/g60desk.desktop" "$PKG/usr/share/applications/g60desk.desktop"
install -m 644 "$HERE/g60desk-mime.xml" "$PKG/usr/share/mime/packages/g60desk.xml"
install -m 644 "$ROOT/installers/g60desk.png" "$PKG/usr/share/icons/hicolor/256x256/apps/g60desk.png"
cat > "$PKG/usr/share/doc/g60desk/copyright" <<'EOF'
g60desk — 项目支出绩效目标申报. Licence: MIT.
The program folder /opt/g60desk bundles Python, Qt for Python (PySide6, LGPLv3), reportlab, openpyxl,
sqlite-utils and their dependencies under their own licences, and the font WenQuanYi Micro Hei
(Apache License 2.0, /opt/g60desk/_internal/g60desk/resources/fonts/).
EOF
chmod -R u+rwX,go+rX,go-w "$PKG"

INSTALLED_KB="$(du -sk --exclude=DEBIAN "$PKG" | cut -f1)"
cat > "$PKG/DEBIAN/control" <<EOF
Package: g60desk
Version: $VERSION
Architecture: $ARCH
Maintainer: g60desk maintainers <g60desk@localhost>
Installed-Size: $INSTALLED_KB
Depends: $DEPENDS
Section: misc
Priority: optional
Description: 项目支出绩效目标申报 (project performance-target declarations)
 g60desk is an offline desktop program in which a clerk of a budget unit fills
 in the project performance-target declaration forms, checks them, prints the
 signed copies and exports the .g60 file for the finance bureau. Everything it
 needs is in /opt/g60desk: it never uses the network.
EOF

DEB="$OUT/g60desk_${VERSION}_${ARCH}.deb"
FAKEROOT=""
command -v fakeroot >/dev/null && FAKEROOT=fakeroot
# xz, not zstd: older dpkg (UOS 20, Kylin V10) cannot read zstd members
$FAKEROOT dpkg-deb -Zxz --root-owner-group --build "$PKG" "$DEB" >/dev/null
echo "built $DEB ($(du -h "$DEB" | cut -f1), installed $((INSTALLED_KB / 1024)) MiB)"
echo "Depends: $DEPENDS"
