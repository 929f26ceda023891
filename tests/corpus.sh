#!/bin/bash
# corpus.sh — the yardstick: `newswatch replay` over the labelled multilingual corpus in
# tests/data/corpus/ (every outlet first seen empty), scored against labels.tsv by
# tests/score.py. Floors: story-match F1 >= 0.95 (issue 4); duplicates precision >= 0.98 and
# recall >= 0.90, new developments precision >= 0.85 and recall >= 0.90 (issue 5). The third
# corpus, tests/data/saga (the OpenAI / Microsoft story as it was reported), is held to the
# same floors; its README says what it still gets wrong.
# Run by `make check` (automake test: top_srcdir and top_builddir in the environment).
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
export top_srcdir top_builddir
. "$top_srcdir/tests/integration/lib.sh" || exit 99
cd "$top_srcdir"
[ -x "$NEWSWATCH" ] || fail "no $NEWSWATCH (build first)"
# two corpora of different stories (an acquisition saga; a product recall and a strike)
for C in tests/data/corpus tests/data/heldout tests/data/saga; do
	mapfile -t snaps < <(grep -v '^[[:space:]]*\(#\|$\)' "$C/replay.list")
	[ "${#snaps[@]}" -gt 0 ] || fail "empty $C/replay.list"
	rm -f "$T/corpus.db"*
	"$NEWSWATCH" -c "$C/corpus.conf" --db "$T/corpus.db" replay "${snaps[@]}" >"$T/out.jsonl" 2>"$T/err" \
		|| { cat "$T/err" >&2; fail "$C: replay failed"; }
	echo "== $C"
	$PY "$top_srcdir/tests/score.py" --labels "$C/labels.tsv" --replay "$T/out.jsonl" \
		--min-match-f1 0.95 --min-dup-p 0.98 --min-dup-r 0.90 --min-dev-p 0.85 --min-dev-r 0.90 \
		${CORPUS_SCORE_ARGS:-} || fail "$C: score below the floor"
	ok "$C: match F1, duplicate and new-development precision and recall at or above their floors"
done
