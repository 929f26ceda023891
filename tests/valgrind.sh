#!/bin/bash
# valgrind.sh — every cmocka unit test under valgrind memcheck: no invalid access, no
# uninitialised use, no definite or indirect leak. Skipped (77) in a sanitizer build, where
# valgrind cannot run, and where valgrind is not installed.
[ -n "${nw_sanitizers:-}" ] && { echo "SKIP: built with sanitizers"; exit 77; }
command -v valgrind >/dev/null || { echo "SKIP: no valgrind"; exit 77; }
rc=0 n=0
for t in "$top_builddir"/tests/unit/test_*; do
	case $t in *.c | *.o | *.log | *.trs) continue ;; esac
	[ -x "$t" ] && [ -f "$t" ] || continue
	n=$((n + 1))
	if valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect \
		--suppressions="$top_srcdir/tests/valgrind.supp" \
		"$t" >"$t.valgrind" 2>&1; then
		echo "ok - $(basename "$t"): memcheck clean"
	else
		echo "FAIL: $(basename "$t") under valgrind:"; tail -n 30 "$t.valgrind"; rc=1
	fi
done
[ "$n" -gt 0 ] || { echo "FAIL: no unit test binaries under $top_builddir/tests/unit"; exit 1; }
exit $rc
