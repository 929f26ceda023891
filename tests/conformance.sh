#!/bin/sh
# conformance.sh — feedparser's own well-formed feed tests against `newswatch parse --json`
# (the shared suite, SPEC §5). Skips (77) where ../shared is not beside the checkout.
shared="$top_srcdir/../shared/conformance"
if [ ! -x "$shared/feedparser-suite" ] || [ ! -x /usr/bin/python3 ]; then
	echo "SKIP: no $shared/feedparser-suite"
	exit 77
fi
exec /usr/bin/python3 "$shared/feedparser-suite" --min 97 --min-folder 95 "$shared/feedparser-tests" -- \
	"$top_builddir/newswatch" parse --json
