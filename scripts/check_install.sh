#!/usr/bin/env bash
# Proves the "Done when" of issue #2 on this machine: a fresh venv, a non-editable `pip install` of a
# clean clone of this repository, then, from another folder, the command-line contract.
#
#   scripts/check_install.sh               # install a clean `git clone` of HEAD (what a user gets)
#   scripts/check_install.sh --worktree    # install the working tree as it is (tracked + new files)
#
# Env: PYTHON (default python3, must be >= 3.11), KEEP=1 keeps the temporary folder.
# Downloads PySide6 & co. from the package index on first use (2-4 minutes; pip's cache helps later).
# Not run by the test suite: it is too slow for that.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PYTHON="${PYTHON:-python3}"
MODE="clone"
[[ "${1:-}" == "--worktree" ]] && MODE="worktree"

TMP="$(mktemp -d "${TMPDIR:-/tmp}/g60desk-install.XXXXXX")"
cleanup() { if [[ "${KEEP:-0}" == 1 ]]; then echo "kept $TMP"; else rm -rf "$TMP"; fi; }
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
step() { echo "== $*"; }

"$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' || fail "$PYTHON is older than 3.11"

step "source ($MODE) -> $TMP/src"
if [[ "$MODE" == "clone" ]]; then
    git clone --quiet --no-hardlinks "$ROOT" "$TMP/src"
    echo "   commit $(git -C "$TMP/src" rev-parse --short HEAD)"
else
    mkdir "$TMP/src"
    (cd "$ROOT" && git ls-files -z --cached --others --exclude-standard \
        | while IFS= read -r -d '' f; do [[ -e "$f" ]] && printf '%s\0' "$f"; done \
        | xargs -0 cp --parents -t "$TMP/src")
fi

step "fresh venv, pip install (not editable)"
"$PYTHON" -m venv "$TMP/venv"
VENV_PY="$TMP/venv/bin/python"
# Run pip from outside the source so nothing but the venv can be imported while building.
(cd "$TMP" && env -u PYTHONPATH "$VENV_PY" -m pip install --quiet --disable-pip-version-check "$TMP/src") \
    || fail "pip install of the source failed"

mkdir "$TMP/run" "$TMP/home"
cd "$TMP/run"
export PATH="$TMP/venv/bin:$PATH" G60DESK_HOME="$TMP/home" QT_QPA_PLATFORM=offscreen
unset PYTHONPATH

step "installed package lives in the venv and carries its resources"
"$VENV_PY" - "$ROOT" <<'EOF' || fail "the installed package is incomplete"
import sys
from pathlib import Path
import g60desk
from g60desk.resources_path import resource
root, package = Path(sys.argv[1]).resolve(), Path(g60desk.__file__).resolve().parent
assert root not in package.parents, f"g60desk imported from the source tree: {package}"
for name in ("2022.toml", "2026.toml"):
    path = resource("samples", name)
    assert path.is_file(), f"missing resource {path}"
    assert package in path.resolve().parents, f"resource outside the installed package: {path}"
import PySide6, PySide6.QtWidgets, PySide6.QtPdf   # the pinned Qt wheels install and import
print(f"   {package} (PySide6 {PySide6.__version__})")
EOF

check_info() {   # FILE DECLARED_FORMS TOTAL_FEN INDICATORS
    g60desk info "$1" --json > "$1.info.json" || fail "g60desk info $1 --json failed"
    "$VENV_PY" - "$@" <<'EOF' || fail "g60desk info $1 reports the wrong figures: $(cat "$1.info.json")"
import json, sys
path, forms, total, indicators = sys.argv[1], *map(int, sys.argv[2:])
info = json.load(open(path + ".info.json", encoding="utf-8"))
assert list(info) == ["format_version", "budget_year", "digest", "departments"], list(info)
[dept] = info["departments"]
got = (dept["declared_forms"], dept["total_fen"], dept["indicators"])
assert got == (forms, total, indicators), got
print(f"   {path}: {forms} declared forms, total_fen {total}, {indicators} indicators, digest {info['digest'][:16]}")
EOF
}

step "g60desk sample 2026 -o a.g60 && g60desk info a.g60 --json"
g60desk sample 2026 -o a.g60 > /dev/null || fail "g60desk sample 2026 failed"
check_info a.g60 6 287965000 40

step "the 2022 sample"
g60desk sample 2022 -o b.g60 > /dev/null || fail "g60desk sample 2022 failed"
check_info b.g60 2 1128000000 33

step "JSON round trip file -> JSON -> file -> JSON"
g60desk export-json a.g60 -o a.json
g60desk import-json a.json -o c.g60
g60desk export-json c.g60 -o c.json
cmp -s a.json c.json || fail "the JSON round trip is not byte-identical"
g60desk info c.g60 --json > c.info.json
"$VENV_PY" -c 'import json,sys; a,c=(json.load(open(p,encoding="utf-8"))["digest"] for p in sys.argv[1:]); assert a==c' \
    a.g60.info.json c.info.json || fail "the JSON round trip changed the digest"
echo "   byte-identical, digest kept"

step "a refused file: exit 2, one line on stderr, file untouched"
: > empty.g60
set +e
g60desk info empty.g60 --json 2> refusal.txt
status=$?
set -e
[[ $status == 2 ]] || fail "an empty file gave exit status $status, not 2"
[[ $(wc -l < refusal.txt) == 1 ]] || fail "the refusal is not one line: $(cat refusal.txt)"
[[ ! -s empty.g60 ]] || fail "the empty file was changed"
echo "   $(cat refusal.txt)"

echo "OK"
