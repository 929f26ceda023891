/* fuzz_url.c — libFuzzer target: the URL canonicaliser (url.c) over arbitrary text, alone
 * and after resolution against a feed's URL (nw_url_resolve, as links from feeds are). A
 * canonical URL must be a fixed point: canonicalising it again gives it back (checked unless
 * NW_FUZZ_NO_INVARIANTS is set). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "newswatch-plugin.h"
#include "url.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int invariants(void)
{
	static int on = -1;

	if (on < 0)
		on = !getenv("NW_FUZZ_NO_INVARIANTS");
	return on;
}

static void canon(const char *u)
{
	char *c = nw_url_canonical(u), *again;

	if (!c)
		return;
	/* each byte escaped at most (3 for 1), and the host mapped to ASCII: UTS #46 may make a
	 * character several (㌀ is アパート, then Punycode), but a host is 253 bytes at most */
	if (!*c || strlen(c) > 3 * strlen(u) + 8 + 253)
		abort();
	if (invariants()) {
		again = nw_url_canonical(c);
		if (!again || strcmp(again, c)) {
			fprintf(stderr, "fuzz_url: not a fixed point:\n  in:    %s\n  once:  %s\n  twice: %s\n",
				u, c, again ? again : "(not a URL)");
			abort();
		}
		free(again);
	}
	free(c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *u = malloc(size + 1), *r;

	if (!u)
		return 0;
	memcpy(u, data, size);
	u[size] = '\0';
	canon(u);
	r = nw_url_resolve("https://News.Example.com:443/a/b/feed.xml?utm_source=rss#top", u);
	if (r) {
		canon(r);
		free(r);
	}
	free(u);
	return 0;
}
