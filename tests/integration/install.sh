#!/bin/bash
# install.sh — packaging: `make install DESTDIR=` puts every part in place; the installed
# daemon runs with the installed sample conf; the installed unit passes systemd-analyze
# verify and rates 2.0 or lower in systemd-analyze security; the installed man pages render.
. "$top_srcdir/tests/integration/lib.sh" || exit 99
D=$T/dest
make -s -C "$top_builddir" install DESTDIR="$D" >"$T/install.log" 2>&1 || { tail -20 "$T/install.log"; fail "make install"; }
for f in "$nw_bindir/newswatchd" "$nw_bindir/newswatch" "$nw_pkglibdir/src_rss.so" "$nw_pkglibdir/notify_log.so" \
	 "$nw_pkglibdir/src_exec.so" "$nw_sysconfdir/newswatch/newswatch.conf" "$nw_unitdir/newswatchd.service" \
	 "$nw_mandir/man1/newswatch.1" "$nw_mandir/man5/newswatch.conf.5" "$nw_mandir/man8/newswatchd.8"; do
	[ -e "$D$f" ] || fail "not installed: $f"
done
ls "$D$nw_pkglibdir"/*.la >/dev/null 2>&1 && fail "libtool archives installed with the plugins"
ok "make install DESTDIR: binaries, plugins, sample conf, unit, man pages"

# the installed daemon with the installed sample conf (its store moved into the test folder)
export NEWSWATCH_PLUGIN_DIR="$D$nw_pkglibdir"
"$D$nw_bindir/newswatchd" --check-config -c "$D$nw_sysconfdir/newswatch/newswatch.conf" || fail "installed conf refused"
sed "s|^database = .*|database = $T/installed.db|" "$D$nw_sysconfdir/newswatch/newswatch.conf" >"$T/run.conf"
"$D$nw_bindir/newswatchd" --once -c "$T/run.conf" 2>"$T/once.err" || { cat "$T/once.err"; fail "installed daemon --once"; }
[ "$(sqlite3 "$T/installed.db" 'PRAGMA user_version')" -ge 4 ] || fail "installed daemon made no store"
"$D$nw_bindir/newswatch" --db "$T/installed.db" status --json >/dev/null || fail "installed newswatch status"
ok "installed newswatchd runs with the installed sample conf"

if command -v systemd-analyze >/dev/null; then
	# the unit as installed, its commands pointed at the DESTDIR copies
	sed "s|$nw_bindir/|$D$nw_bindir/|g; s|$nw_sysconfdir/|$D$nw_sysconfdir/|g" \
		"$D$nw_unitdir/newswatchd.service" >"$T/newswatchd.service"
	out=$(systemd-analyze verify --man=no "$T/newswatchd.service" 2>&1)
	[ -z "$out" ] || { echo "$out"; fail "systemd-analyze verify"; }
	level=$(systemd-analyze security --offline=true "$T/newswatchd.service" 2>&1 | sed -n 's/.*exposure level for newswatchd.service: \([0-9.]*\).*/\1/p')
	[ -n "$level" ] || fail "no exposure level from systemd-analyze security"
	awk -v l="$level" 'BEGIN { exit !(l <= 2.0) }' || fail "exposure level $level > 2.0"
	ok "unit: systemd-analyze verify clean, security exposure $level"
else
	echo "# systemd-analyze not installed: unit checks skipped"
fi
if command -v man >/dev/null; then
	for p in man1/newswatch.1 man5/newswatch.conf.5 man8/newswatchd.8; do
		w=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$D$nw_mandir/$p" 2>&1 >/dev/null)
		[ -z "$w" ] || { echo "$w"; fail "man -l $p warns"; }
	done
	ok "installed man pages render without warnings"
fi
