#!/bin/bash
# docs.sh — the set-up README.md and quickstart.sh describe is the one the build and the unit
# have: the build dependencies are the same list in both (with python3, which the build runs
# to generate newswatch.conf(5)), the conf path README names is where its install command
# puts the conf, and the sandbox's effects on an admin are documented where the unit has them.
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

# README's install command, and the conf path it then names
cfg=$(sed -n '/^## Install/,/^## /p' "$R" | grep -m1 '\./configure')
[ -n "$cfg" ] || fail "no ./configure line under ## Install"
sysconfdir=/usr/local/etc
prefix=$(echo "$cfg" | sed -n 's/.*--prefix=\([^ ]*\).*/\1/p')
[ -n "$prefix" ] && sysconfdir=$prefix/etc
s=$(echo "$cfg" | sed -n 's/.*--sysconfdir=\([^ ]*\).*/\1/p')
[ -n "$s" ] && sysconfdir=$s
named=$(sed -n 's/^There is one file, `\([^`]*\)`.*/\1/p' "$R")
[ "$named" = "$sysconfdir/newswatch/newswatch.conf" ] ||
	fail "README names the conf '$named', but its install command ($cfg) puts it in $sysconfdir/newswatch"
ok "README's conf path ($named) is where its install command puts it"

# the sandbox: what an admin runs into is documented in newswatchd(8) and README
if grep -q '^ProtectSystem=strict' "$U"; then
	grep -q 'ReadWritePaths=' "$M8" || fail "newswatchd.8 does not say a store elsewhere needs ReadWritePaths="
	grep -q 'ReadWritePaths=' "$R" || fail "README does not say a store elsewhere needs ReadWritePaths="
fi
if grep -q '^MemoryDenyWriteExecute=yes' "$U"; then
	grep -q 'JIT' "$M8" || fail "newswatchd.8 does not say exec plugins cannot use a JIT (MemoryDenyWriteExecute=)"
fi
if grep -q '^ProtectHome=yes' "$U"; then
	grep -q 'ProtectHome=yes' "$M8" || fail "newswatchd.8 does not say exec plugins cannot see /home (ProtectHome=)"
fi
ok "the sandbox's effects (ReadWritePaths=, ProtectHome=, no JIT) are documented"

# what an admin cannot see from the conf: how a failing feed is polled, what --once skips,
# and that proxies come from the environment, which the unit does not pass on by itself
grep -q '^\.SS "Polling, failures and redirects"' "$M8" || fail "newswatchd.8 has no section on polling, failures and redirects"
for w in 'up to 6 hours' 'Retry\\-After' 'not followed to plain http' 'After 3 failures in a row at the new address' \
	'alice:\*\*\*@host' 'but not waited for' 'https_proxy' 'no_proxy' 'Environment="https_proxy='; do
	grep -q "$w" "$M8" || fail "newswatchd.8 does not say '$w'"
done
ok "newswatchd.8 documents backoff, Retry-After, redirects and moves, --once's schedule and proxies (Environment=)"

# every man page names this version (in its .TH line)
v=$("$top_builddir/newswatch" --version | awk '{print $2}')
for m in man/newswatch.1 man/newswatchd.8 man/newswatch.conf.5.in; do
	grep -q "^\.TH .* \"newswatch $v\"" "$top_srcdir/$m" || fail "$m: its .TH line does not name newswatch $v"
done
ok "the man pages name newswatch $v"
