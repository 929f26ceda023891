#!/bin/bash
# docs.sh — the set-up README.md and quickstart.sh describe is the one the build has: the
# build dependencies are the same list in both (with python3, which the build runs to
# generate newswatch.conf(5)).
. "$top_srcdir/tests/integration/lib.sh" || exit 99
R=$top_srcdir/README.md Q=$top_srcdir/quickstart.sh U=$top_srcdir/conf/newswatchd.service.in
M8=$top_srcdir/man/newswatchd.8

# quickstart's packages for every mode (the pkgs=( ... ) before any mode is added)
q=$(sed -n '/^pkgs=(/,/)/p' "$Q" | tr -d '()' | sed 's/^pkgs=//' | tr -s ' \n' '\n' | grep . | sort)
# README's list: the code block after "The build needs these Debian packages"
r=$(awk '/^The build needs these Debian packages/ { m = 1; next } m && /^```/ { if (m == 2) exit; m = 2; next }
	m == 2' "$R" | tr -s ' \n' '\n' | grep . | sort)
[ -n "$q" ] && [ -n "$r" ] || fail "no package list found (quickstart: '$q', README: '$r')"
[ "$q" = "$r" ] || { diff <(echo "$q") <(echo "$r"); fail "quickstart.sh and README.md list other build packages"; }
need="autoconf automake libtool pkg-config build-essential"
grep -q '/usr/bin/python3 .*gen-options.py' "$top_srcdir/Makefile.am" && need="$need python3"
for p in $need; do
	echo "$q" | grep -qx "$p" || fail "the build needs $p: not in quickstart.sh's list for the demo"
done
ok "quickstart.sh (demo) and README.md install the same build packages, python3 and autotools included"
