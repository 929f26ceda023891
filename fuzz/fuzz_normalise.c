/* fuzz_normalise.c — libFuzzer target: the text normaliser and the full-text index's text
 * (text.c), HTML to text (html.c), UTF-8 repair (charset.c), and boilerplate stripping and
 * feature extraction (profile.c: tokens, figures, fingerprints) over arbitrary bytes, each
 * output checked against what its header promises (valid UTF-8, lengths) and the normaliser
 * for being idempotent, which matching relies on (unless NW_FUZZ_NO_INVARIANTS is set). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "newswatch-plugin.h"
#include "profile.h"
#include "text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int invariants(void)
{
	static int on = -1;

	if (on < 0)
		on = !getenv("NW_FUZZ_NO_INVARIANTS");
	return on;
}

static int valid_utf8(const char *s, size_t len)
{
	size_t n;
	int changed;
	char *fixed = nw_utf8_repair(s, len, &n, &changed);

	free(fixed);
	return !changed;
}

static void normalise(const char *s, size_t len)
{
	size_t n = 0, n2 = 0;
	char *out = nw_text_normalize(s, len, &n), *again;

	if (!out)
		abort(); /* NULL only when out of memory */
	if (strlen(out) != n || !valid_utf8(out, n))
		abort();
	{ /* the index's text: within the size text.h promises, valid UTF-8, no NUL */
		char *f = malloc(nw_text_fts_size(n));
		size_t fl;
		if (!f)
			abort();
		fl = nw_text_fts(out, n, f);
		if (fl >= nw_text_fts_size(n) || memchr(f, '\0', fl) || !valid_utf8(f, fl))
			abort();
		free(f);
	}
	if (invariants()) {
		again = nw_text_normalize(out, n, &n2);
		if (!again)
			abort();
		if (n2 != n || memcmp(again, out, n)) {
			fprintf(stderr, "fuzz_normalise: not idempotent:\n  once:  [%s]\n  twice: [%s]\n", out,
				again);
			abort();
		}
		free(again);
	}
	free(out);
}

/* Text as a feed's item gives it: up to the first newline the title, the rest the body. */
static void features(const char *s, size_t len)
{
	static struct nw_lexicon *lx;
	const char *nl = memchr(s, '\n', len);
	char *text = malloc(len + 1), *title, *body, *stripped;
	struct nw_features f;

	if (!lx && !(lx = nw_lexicon_new()))
		abort();
	if (!text)
		abort();
	memcpy(text, s, len);
	text[len] = '\0'; /* a NUL inside ends the text, as it would in an item */
	title = text;
	body = nl ? text + (nl - s) + 1 : NULL;
	if (nl)
		text[nl - s] = '\0';
	if (!(stripped = nw_strip_boilerplate(lx, body)))
		abort();
	if (strlen(stripped) > (body ? strlen(body) : 0))
		abort(); /* stripping only removes */
	if (nw_features_extract(lx, title, stripped, &f))
		abort();
	/* what a write-through adds (worked out for a text found a copy), and its facts joined
	 * as written; a name's sound, bounded */
	if (nw_features_additions(&f, stripped) || f.nadds > NW_ADDITIONS)
		abort();
	for (size_t i = 0; i < f.nadds; i++)
		if (f.adds[i].nown > NW_ADD_FP || f.adds[i].nnext > NW_ADD_FP)
			abort();
	if (nw_features_add_written(&f, 0xFFFFFFFFu))
		abort();
	{
		char sound[8];
		if (nw_name_sound(title, sound, sizeof sound) >= sizeof sound || strlen(sound) >= sizeof sound)
			abort();
	}
	nw_features_free(&f);
	free(stripped);
	free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	size_t n;
	int changed;
	char *t;

	normalise(s, size);
	features(s, size);

	t = nw_utf8_repair(s, size, &n, &changed);
	if (changed) {
		if (!t || t[n] != '\0' || !valid_utf8(t, n))
			abort();
	} else if (t) {
		abort();
	}
	free(t);

	t = nw_html_to_text(s, size);
	if (t) {
		normalise(t, strlen(t));
		free(t);
	}
	return 0;
}
