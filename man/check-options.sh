#!/bin/bash
# check-options.sh — the man pages agree with the program: newswatch.conf(5) as built
# ($top_builddir/man/newswatch.conf.5) must be what man/gen-options.py makes of the current
# `newswatchd --dump-options` (naming every option that differs), every option must have a
# description, and `man --warnings -l` must be silent on newswatchd(8), newswatch(1) and
# newswatch.conf(5). Run by `make check` with top_srcdir, top_builddir and
# NEWSWATCH_PLUGIN_DIR set, like tests/integration/*.sh; exit 77 (skip) for the man -l part
# where man(1) is not installed, after the option checks.
set -u
: "${top_srcdir:?}" "${top_builddir:?}"
PY=/usr/bin/python3
NEWSWATCHD="$top_builddir/newswatchd"
GEN="$top_srcdir/man/gen-options.py"
TEMPLATE="$top_srcdir/man/newswatch.conf.5.in"
PAGE="$top_builddir/man/newswatch.conf.5"

T=$(mktemp -d /tmp/nwman.XXXXXX)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
ok() { echo "ok - $*"; }

[ -x "$NEWSWATCHD" ] || fail "$NEWSWATCHD not built"
[ -x "$PY" ] || fail "$PY not found"

"$NEWSWATCHD" --dump-options >"$T/dump" 2>"$T/dump.err" || { cat "$T/dump.err" >&2; fail "newswatchd --dump-options failed"; }

# 1. every option has a description (4th tab-separated field of an option line)
awk -F'\t' '
	/^\[/ { section = $0; next }
	/^  [^ \t]/ {
		name = substr($1, 3)
		if (NF < 4 || $4 ~ /^[ \t]*$/) { printf "%s %s\n", section, name; bad = 1 }
	}
	END { exit bad }' "$T/dump" >"$T/nodesc" || fail "options without a description: $(paste -sd, "$T/nodesc")"
grep -q '^\[alert plugin = ' "$T/dump" || fail "--dump-options lists no notifier plugin (NEWSWATCH_PLUGIN_DIR=${NEWSWATCH_PLUGIN_DIR:-unset})"
ok "every option has a description ($(grep -c $'^  [^ \t]' "$T/dump") options)"

# 2. the page as built is what the binary says
"$PY" "$GEN" --template "$TEMPLATE" <"$T/dump" >"$T/expected" || fail "gen-options.py failed"
[ -f "$PAGE" ] || fail "$PAGE not generated (the Makefile rule makes it from $TEMPLATE)"
if ! cmp -s "$T/expected" "$PAGE"; then
	# name the options whose entries differ, from the `.\" option: [SECTION] NAME` markers
	"$PY" - "$T/expected" "$PAGE" <<'PY' >&2
import re, sys
def entries(path):
    out, key, cur = {}, "(text outside the option reference)", []
    for line in open(path, encoding="utf-8", errors="replace"):
        m = re.match(r'\.\\" (option|section): (.*)', line)
        if m or line.startswith(".SH "):
            out.setdefault(key, []).extend(cur)
            key = m.group(2).strip() if m else "(text outside the option reference)"
            cur = []
            if m and m.group(1) == "section":
                key = "section " + key
            continue
        cur.append(line)
    out.setdefault(key, []).extend(cur)
    return out
want, have = entries(sys.argv[1]), entries(sys.argv[2])
for k in want:
    if k not in have:
        print("option %s: in newswatchd --dump-options, missing from the page" % k)
    elif want[k] != have[k]:
        print("option %s: the page differs from newswatchd --dump-options" % k)
for k in have:
    if k not in want:
        print("option %s: in the page, no longer in newswatchd --dump-options" % k)
PY
	diff -u "$PAGE" "$T/expected" | head -40 >&2
	fail "$PAGE is out of date with newswatchd --dump-options (rebuild it: make man/newswatch.conf.5)"
fi
ok "newswatch.conf(5) matches newswatchd --dump-options"

# 3. man -l renders every page without a warning (a UTF-8 locale: the pages have Korean
# and Japanese examples)
command -v man >/dev/null 2>&1 || { echo "SKIP: man(1) not installed (Debian package man-db)"; exit 77; }
for p in "$top_srcdir/man/newswatchd.8" "$top_srcdir/man/newswatch.1" "$PAGE"; do
	[ -f "$p" ] || fail "$p missing"
	out=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$p" 2>&1 >"$T/rendered") || fail "man -l $p failed: $out"
	[ -z "$out" ] || { echo "$out" >&2; fail "man --warnings -l $(basename "$p") warns"; }
	[ -s "$T/rendered" ] || fail "man -l $p printed nothing"
	ok "man --warnings -l $(basename "$p"): clean"
done
