#!/bin/sh
# run.sh — build every fuzz target with clang's libFuzzer, ASan and UBSan (in a folder of its
# own, never touching the main build), run each in turn for SECONDS, and keep what crashed.
#
#   fuzz/run.sh [SECONDS] [TARGET...]        (default: 60 seconds, every target)
#
# Environment:
#   top_builddir   the configured build tree: where config.h is (default: the source tree)
#   FUZZ_BUILD     where objects, binaries, working corpora and logs go
#                  (default: $top_builddir/fuzz/build)
#   FUZZ_CC        the compiler (default: clang); FUZZ_CFLAGS added to its flags
#   FUZZ_JOBS      compilers run at once (default: 2)
#   FUZZ_ARGS      extra libFuzzer flags, e.g. "-fork=1 -ignore_crashes=1" to go on after a crash
#   FUZZ_NO_REGRESSIONS=1   do not replay fuzz/regressions/TARGET first (a known crash
#                  otherwise stops that target at once, until it is fixed)
#
# Each target's corpus lives in $FUZZ_BUILD/corpus/TARGET, seeded from fuzz/corpus/TARGET and
# kept between runs. Crash, leak, timeout and out-of-memory inputs are copied into
# fuzz/regressions/TARGET/ (where `make check` replays them) and listed at the end.
# Exit: 0 nothing found, 1 something crashed, 77 no libFuzzer here, 2 a build failed.
set -u

srcdir=$(cd "$(dirname "$0")/.." && pwd)
builddir=$(cd "${top_builddir:-$srcdir}" && pwd)
B=${FUZZ_BUILD:-$builddir/fuzz/build}
CC=${FUZZ_CC:-clang}
JOBS=${FUZZ_JOBS:-2}
ALL="rss jsonfeed html sitemap conf rule url normalise notify"

secs=60
case ${1:-} in
[0-9]*) secs=$1; shift ;;
esac
targets=${*:-$ALL}
for t in $targets; do
	case " $ALL " in
	*" $t "*) ;;
	*) echo "run.sh: no target '$t' (one of: $ALL)" >&2; exit 2 ;;
	esac
done

if [ ! -f "$builddir/config.h" ]; then
	echo "run.sh: no config.h in $builddir: configure first, or set top_builddir" >&2
	exit 2
fi

# ---- is libFuzzer there? ----
mkdir -p "$B" || exit 2
if ! command -v "$CC" >/dev/null 2>&1; then
	echo "run.sh: $CC not found: apt-get install clang (Debian 12: clang-14 and libclang-rt-14-dev)" >&2
	exit 77
fi
printf '#include <stdint.h>\n#include <stddef.h>\nint LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { (void)d; (void)n; return 0; }\n' \
	>"$B/probe.c"
if ! "$CC" -fsanitize=fuzzer,address,undefined "$B/probe.c" -o "$B/probe" >"$B/probe.log" 2>&1; then
	major=$("$CC" -dumpversion 2>/dev/null | cut -d. -f1)
	rt=$("$CC" -print-resource-dir 2>/dev/null)/lib/linux
	echo "run.sh: $CC cannot link a libFuzzer target (see $B/probe.log)." >&2
	echo "run.sh: libFuzzer's runtime (libclang_rt.fuzzer-*.a in $rt) is missing:" >&2
	echo "run.sh:   Debian/Ubuntu: apt-get install libclang-rt-${major:-NN}-dev" >&2
	exit 77
fi
rm -f "$B/probe" "$B/probe.c" "$B/probe.log"

# ---- build ----
PKGS="libxml-2.0 libcurl libuv sqlite3 jansson libutf8proc libidn2 libcrypto zlib"
if ! PKG_CFLAGS=$(pkg-config --cflags $PKGS) || ! PKG_LIBS=$(pkg-config --libs $PKGS); then
	echo "run.sh: pkg-config does not know one of: $PKGS" >&2
	exit 2
fi
SAN="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
CFLAGS="-std=gnu11 -g -O1 -fPIC -Wall -Wno-unused-parameter -Wno-unused-function $SAN ${FUZZ_CFLAGS:-}"
CPPFLAGS="-I$builddir -I$srcdir/daemon -DNW_SANITIZE=1 -DNW_BUILDDIR=\"$builddir\"
	-DNW_PLUGINDIR=\"$B/plugins\" -DNW_SYSCONFDIR=\"/etc\" $PKG_CFLAGS"
mkdir -p "$B/obj" "$B/plugins" "$B/corpus" "$B/artifacts" "$B/logs"

# Everything a header change could affect is rebuilt: headers are few and small.
newest_header=$(ls -t "$builddir/config.h" "$srcdir"/daemon/*.h "$srcdir"/plugins/*/*.h \
	"$srcdir"/fuzz/*.h 2>/dev/null | head -n 1)
# (sh has no local variables: each function's names start with its own prefix)
stale() { # stale OUT SRC...: OUT missing or older than a source or the newest header
	st_out=$1
	shift
	[ -e "$st_out" ] || return 0
	for st_src in "$@" "$newest_header"; do
		[ "$st_src" -nt "$st_out" ] && return 0
	done
	return 1
}

# compile OBJ SRC [FLAG...]: in the background, at most $JOBS at a time
pids=""
failed=0
compile() {
	c_obj=$1
	c_src=$2
	shift 2
	# and the sources it includes: a harness includes its plugin's (fuzz_html.c, html.c),
	# whose change left the harness as it was, still fuzzing the old code
	c_inc=$(sed -n 's|^#include "\(.*\.c\)"$|\1|p' "$c_src" | sed "s|^|$(dirname "$c_src")/|")
	# shellcheck disable=SC2086 # a list of paths without blanks
	stale "$c_obj" "$c_src" $c_inc || return 0
	while [ "$(echo $pids | wc -w)" -ge "$JOBS" ]; do
		wait_one
	done
	echo "  CC     ${c_src#"$srcdir"/}"
	# shellcheck disable=SC2086
	$CC $CPPFLAGS $CFLAGS "$@" -c "$c_src" -o "$c_obj" 2>"$c_obj.log" &
	pids="$pids $!:$c_obj"
}
wait_one() {
	w_first=$(echo $pids | cut -d' ' -f1)
	w_pid=${w_first%%:*}
	w_obj=${w_first#*:}
	pids=$(echo $pids | cut -s -d' ' -f2-)
	if ! wait "$w_pid"; then
		cat "$w_obj.log" >&2
		rm -f "$w_obj"
		failed=1
	fi
}
wait_all() {
	while [ -n "$(echo $pids)" ]; do
		wait_one
	done
}

echo "run.sh: building in $B with $CC"
# the core and the helpers: the .c files of libnwcore and libnwutil, as Makefile.am lists them
am_var() { # am_var VAR: the value of VAR in Makefile.am (continuation lines joined)
	sed -e ':a' -e '/\\$/{N;s/\\\n/ /;ba' -e '}' "$srcdir/Makefile.am" |
		sed -n "s/^$1 *+*= *//p" | tr ' \t' '\n\n' | grep -v '^$'
}
util_sources=$(am_var libnwutil_la_SOURCES | grep '\.c$')
core_sources=$(am_var libnwcore_la_SOURCES | grep '\.c$')
feeds_sources=$(am_var libnwfeeds_la_SOURCES | grep '\.c$')
plugins=$(am_var pkglib_LTLIBRARIES | sed -n 's|^plugins/\(.*\)\.la$|\1|p')
if [ -z "$util_sources" ] || [ -z "$core_sources" ] || [ -z "$plugins" ]; then
	echo "run.sh: libnwutil_la_SOURCES, libnwcore_la_SOURCES or pkglib_LTLIBRARIES not found in" \
		"$srcdir/Makefile.am" >&2
	exit 2
fi
objname() { # objname SRC: the object of a source file in $B/obj
	echo "$B/obj/$(echo "$1" | sed -e 's|^daemon/||' -e 's|/|_|g' -e 's/\.c$/.o/')"
}
core_objs=""
for src in $util_sources $core_sources; do
	compile "$(objname "$src")" "$srcdir/$src" -fsanitize=fuzzer-no-link
	core_objs="$core_objs $(objname "$src")"
done
util_objs=""
for src in $util_sources; do
	util_objs="$util_objs $(objname "$src")"
done
# the plugins, for the conf target's registry: each its own .so, as the daemon loads them
for p in $plugins; do
	for src in $(am_var "plugins_${p}_la_SOURCES" | grep '\.c$') $feeds_sources; do
		compile "$(objname "$src")" "$srcdir/$src" -fsanitize=fuzzer-no-link
	done
done
wait_all
[ $failed = 0 ] || { echo "run.sh: build failed" >&2; exit 2; }

lib=$B/libnwfuzz.a
if stale "$lib" $core_objs; then
	rm -f "$lib"
	ar rcs "$lib" $core_objs || exit 2
fi
printf '{ global: nw_plugin; local: *; };\n' >"$B/plugin.ver"
for p in $plugins; do
	objs=""
	for src in $(am_var "plugins_${p}_la_SOURCES" | grep '\.c$'); do
		objs="$objs $(objname "$src")"
	done
	if am_var "plugins_${p}_la_LIBADD" | grep -q '^libnwfeeds\.la$'; then
		for src in $feeds_sources; do
			objs="$objs $(objname "$src")"
		done
	fi
	# shellcheck disable=SC2086
	stale "$B/plugins/$p.so" $objs $util_objs || continue
	echo "  CCLD   plugins/$p.so"
	# a module exporting nw_plugin only, as libtool's -export-symbols-regex makes it
	# shellcheck disable=SC2086
	$CC -shared $SAN -fsanitize=fuzzer-no-link -Wl,--version-script="$B/plugin.ver" $objs \
		$util_objs $PKG_LIBS -o "$B/plugins/$p.so" || failed=1
done

for t in $targets; do
	extra=""
	[ "$t" = conf ] || [ "$t" = notify ] && extra="-DFUZZ_PLUGIN_DIR=\"$B/plugins\""
	compile "$B/obj/fuzz_$t.o" "$srcdir/fuzz/fuzz_$t.c" -fsanitize=fuzzer-no-link $extra
done
wait_all
for t in $targets; do
	[ $failed = 0 ] || break
	stale "$B/fuzz_$t" "$B/obj/fuzz_$t.o" "$lib" || continue
	echo "  CCLD   fuzz_$t"
	# shellcheck disable=SC2086
	$CC $SAN -fsanitize=fuzzer "$B/obj/fuzz_$t.o" "$lib" $PKG_LIBS -lm -o "$B/fuzz_$t" || failed=1
done
[ $failed = 0 ] || { echo "run.sh: build failed" >&2; exit 2; }

# ---- run, one target at a time ----
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export NEWSWATCH_PLUGIN_DIR=$B/plugins
found=""
summary=""
for t in $targets; do
	corpus=$B/corpus/$t
	art=$B/artifacts/$t
	reg=$srcdir/fuzz/regressions/$t
	log=$B/logs/$t.log
	mkdir -p "$corpus" "$art" "$reg"
	# seeds in (the working corpus keeps what earlier runs found)
	if [ -d "$srcdir/fuzz/corpus/$t" ]; then
		for f in "$srcdir/fuzz/corpus/$t"/*; do
			[ -f "$f" ] && cp -p "$f" "$corpus/seed-$(basename "$f")"
		done
	fi
	dirs="$corpus"
	if [ -z "${FUZZ_NO_REGRESSIONS:-}" ] && [ -n "$(ls "$reg")" ]; then
		dirs="$dirs $reg"
	fi
	rm -f "$art"/crash-* "$art"/leak-* "$art"/timeout-* "$art"/oom-* "$art"/slow-unit-*
	echo "run.sh: fuzz_$t for ${secs}s (log: $log)"
	# shellcheck disable=SC2086
	"$B/fuzz_$t" -max_total_time="$secs" -timeout=25 -print_final_stats=1 \
		-artifact_prefix="$art/" ${FUZZ_ARGS:-} $dirs >"$log" 2>&1
	rc=$?
	last=$(grep -E '^#[0-9]+' "$log" | tail -n 1)
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
	cov=$(echo "$last" | sed -n 's/.*cov: \([0-9]*\).*/\1/p')
	ft=$(echo "$last" | sed -n 's/.*ft: \([0-9]*\).*/\1/p')
	corp=$(echo "$last" | sed -n 's/.*corp: \([0-9]*\/[0-9A-Za-z]*\).*/\1/p')
	line=$(printf '%-10s execs %-9s exec/s %-6s cov %-6s ft %-6s corpus %s' "$t" "${execs:-?}" \
		"${rate:-?}" "${cov:-?}" "${ft:-?}" "${corp:-?}")
	new=""
	for a in "$art"/crash-* "$art"/leak-* "$art"/timeout-* "$art"/oom-*; do
		[ -f "$a" ] || continue
		dup=""
		for r in "$reg"/*; do
			[ -f "$r" ] && cmp -s "$a" "$r" && dup=$r && break
		done
		if [ -n "$dup" ]; then
			new="$new ${dup#"$srcdir"/}(known)"
		else
			cp "$a" "$reg/" && new="$new fuzz/regressions/$t/$(basename "$a")"
		fi
	done
	if [ -n "$new" ] || { [ $rc != 0 ] && ! grep -q '^Done [0-9]* runs' "$log"; }; then
		[ -n "$new" ] || new=" (exit $rc, no input kept: see $log)"
		line="$line  FOUND:$new"
		found="$found $t"
	fi
	echo "$line"
	summary="$summary$line
"
done

echo
echo "run.sh: ${secs}s per target; logs in $B/logs"
printf '%s' "$summary"
if [ -n "$found" ]; then
	echo "run.sh: found something in:$found (inputs in fuzz/regressions/TARGET, details in the logs)"
	exit 1
fi
exit 0
