#!/bin/sh
# regress.sh — `make check`: every fuzz target, built with fuzz/regress.c in place of libFuzzer
# (fuzz/regress_NAME), replays its seed corpus (fuzz/corpus/NAME) and every input that once
# crashed it (fuzz/regressions/NAME). One line per target; a crash fails the test and shows
# the input and the report. Exit 0 pass, 77 skip (no target built), 1 fail.
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
top_builddir=${top_builddir:-$top_srcdir}
# the conf target loads the plugins of the build tree, as the other tests do
NEWSWATCH_PLUGIN_DIR=${NEWSWATCH_PLUGIN_DIR:-$top_builddir/plugins/.libs}
export NEWSWATCH_PLUGIN_DIR

tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

status=0
ran=0
for t in rss jsonfeed html sitemap conf rule url normalise notify; do
	bin=$top_builddir/fuzz/regress_$t
	if [ ! -x "$bin" ]; then
		echo "SKIP: $t: $bin not built"
		continue
	fi
	dirs=""
	for d in corpus regressions; do
		[ -d "$top_srcdir/fuzz/$d/$t" ] && dirs="$dirs $top_srcdir/fuzz/$d/$t"
	done
	if [ -z "$dirs" ]; then
		echo "FAIL: $t: neither fuzz/corpus/$t nor fuzz/regressions/$t in $top_srcdir"
		status=1
		continue
	fi
	ran=$((ran + 1))
	# shellcheck disable=SC2086
	"$bin" $dirs >"$tmp/out" 2>"$tmp/err"
	rc=$?
	count=$(sed -n 's/.*: \([0-9]*\) inputs ran$/\1/p' "$tmp/out")
	if [ $rc = 0 ]; then
		echo "PASS: $t: ${count:-?} inputs ($(ls "$top_srcdir/fuzz/regressions/$t" 2>/dev/null | wc -l) regressions)"
	else
		last=$(grep '^regress: ' "$tmp/err" | tail -n 1 | sed 's/^regress: //')
		echo "FAIL: $t: exit $rc on ${last:-?}"
		tail -n 40 "$tmp/err" | sed 's/^/  /'
		status=1
	fi
done
[ $ran = 0 ] && exit 77
exit $status
