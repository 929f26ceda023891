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

# Configured again with another prefix, `make install` must install binaries that look in the
# new folders (README: quickstart.sh, then ./configure --prefix=... && make && make install):
# the folders were -D flags, and objects do not depend on the Makefile, so the second make
# rebuilt nothing and the daemon looked for its conf and plugins under the old prefix. Done
# in a copy of this build tree, objects and all (the copy's dependency files name sources by
# paths relative to it: a build outside the source tree, as distcheck's, cannot be copied).
if [ "$(cd "$top_builddir" && pwd -P)" = "$(cd "$top_srcdir" && pwd -P)" ]; then
	B=$T/tree P=$T/prefix2
	cp -a "$top_builddir/." "$B" && rm -f "$B"/tests/*.log "$B"/tests/*/*.log "$B"/tests/*/*.trs || fail "copy of the build tree"
	# the same options as this build, every folder then moved under $P (nothing outside $T)
	eval "set -- $(cd "$top_builddir" && ./config.status --config)"
	(cd "$B" && ./configure -q "$@" --prefix="$P" --exec-prefix="$P" --bindir="$P/bin" --libdir="$P/lib" \
		--sysconfdir="$P/etc" --localstatedir="$P/var" --datarootdir="$P/share" --mandir="$P/share/man" \
		--with-systemdsystemunitdir="$P/lib/systemd/system") >"$T/reconf.log" 2>&1 &&
	make -s -j2 -C "$B" install >>"$T/reconf.log" 2>&1 || { tail -20 "$T/reconf.log"; fail "reconfigure with --prefix=$P, make install"; }
	unset NEWSWATCH_PLUGIN_DIR
	"$P/bin/newswatchd" --help | grep -q "(default $P/etc/newswatch/newswatch.conf)" ||
		{ "$P/bin/newswatchd" --help; fail "reconfigured: newswatchd --help does not give the new default conf"; }
	# the default conf and the default plugin folder, as the unit's ExecStartPre runs it
	"$P/bin/newswatchd" --check-config >"$T/reconf.check" 2>&1 || { cat "$T/reconf.check"; fail "reconfigured: installed newswatchd --check-config"; }
	"$P/bin/newswatchd" --dump-options >"$T/reconf.dump" 2>"$T/reconf.dump.err" && grep -q '^\[feed plugin = rss\]' "$T/reconf.dump" ||
		{ cat "$T/reconf.dump.err"; fail "reconfigured: installed newswatchd does not find its plugins in $P/lib/newswatch"; }
	ok "configured again with another prefix: the installed daemon uses its conf and plugins"
else
	echo "# built outside the source tree: the reconfigure check needs an in-tree build to copy"
fi
