#!/bin/bash
# bench.sh — the benchmark harness still builds and runs, each of its three parts at a small
# size (bench/README.md). No timing is asserted here: figures belong to bench/run itself. Its
# micro-benchmarks compile daemon sources of their own choosing, so a function moved to
# another file broke them without any other test noticing.
. "$top_srcdir/tests/integration/lib.sh" || exit 99
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || skip "nginx not installed"
export NEWSWATCH_BUILD=$top_builddir NEWSWATCH_SRC=$top_srcdir NW_BENCH_RESULTS=$T/last.json

run() { # run NAME ARGS...: bench/run ARGS, its output in $T/NAME.out
	local name=$1 rc=0; shift
	timeout -k 5 300 "$top_srcdir/bench/run" "$@" >"$T/$name.out" 2>&1 || rc=$?
	[ $rc = 0 ] || { tail -n 20 "$T/$name.out" >&2; fail "bench/run $*: exit $rc"; }
}

run match match --mb 1
grep -q '^text path (1 MB, 20 stories, 500 aliases): normalise [0-9.]* MB/s, match [0-9.]* MB/s' "$T/match.out" ||
	{ cat "$T/match.out" >&2; fail "bench/run match: no figures"; }
ok "bench/run match builds match-bench and reports its figures"

run dedup dedup --stored 3000
grep -q '^near-duplicate index: 3,000 stored articles' "$T/dedup.out" &&
	grep -q 'copies found 1.000' "$T/dedup.out" || { cat "$T/dedup.out" >&2; fail "bench/run dedup: no figures"; }
ok "bench/run dedup builds dedup-bench, which finds every copy among 3,000 articles"

run feeds feeds --feeds 20 --items 5 --no-peers
grep -q '^met    first cycle: articles stored == feeds x items  \[100\]' "$T/feeds.out" &&
	grep -q "^met    re-poll: every feed answered 304" "$T/feeds.out" || { cat "$T/feeds.out" >&2; fail "bench/run feeds"; }
$PY -c 'import json, sys; d = json.load(open(sys.argv[1])); assert any(r["tool"] == "newswatch" for r in d["runs"])' \
	"$T/last.json" || fail "bench/run feeds: no results in NW_BENCH_RESULTS"
ok "bench/run feeds serves 20 feeds x 5 items with nginx, stores all 100 and gets 304 on the re-poll"
