/* dedup-bench.c — the near-duplicate index at scale: N articles (default 1,000,000) of
 * ~90 words drawn from a Zipf vocabulary are profiled and indexed; then copies (cut short,
 * a new first sentence, a sentence reworded) and fresh articles are looked up. Reports
 * index build rate, µs per lookup, postings and candidates examined per lookup, recall on
 * copies and false positives on fresh articles. Build: see bench/run (or the line below).
 *   gcc -O2 -Idaemon -I. bench/dedup-bench.c daemon/dedup.c daemon/profile.c daemon/match.c \
 *       daemon/text.c $(pkg-config --cflags --libs libutf8proc) -lm -o dedup-bench */
#include "config.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "dedup.h"
#include "profile.h"

#define VOCAB 50000

static char *words[VOCAB];
static double *cdf;
static uint64_t rng = 88172645463325252ULL;

static uint64_t xr(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static const char *zipf_word(void)
{
	double u = (double)(xr() % 1000000007) / 1000000007.0;
	size_t lo = 0, hi = VOCAB - 1;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (cdf[mid] < u)
			lo = mid + 1;
		else
			hi = mid;
	}
	return words[lo];
}

static void make_vocab(void)
{
	double sum = 0;

	cdf = malloc(VOCAB * sizeof *cdf);
	for (int i = 0; i < VOCAB; i++) {
		int len = 3 + (int)(xr() % 8);
		words[i] = malloc((size_t)len + 1);
		for (int k = 0; k < len; k++)
			words[i][k] = (char)('a' + xr() % 26);
		words[i][len] = '\0';
		sum += 1.0 / pow(i + 1, 1.05);
		cdf[i] = sum;
	}
	for (int i = 0; i < VOCAB; i++)
		cdf[i] /= sum;
}

/* An article of `sentences` sentences of 10-20 words. */
static char *article(int sentences)
{
	size_t cap = 4096, n = 0;
	char *s = malloc(cap);

	for (int k = 0; k < sentences; k++) {
		int w = 10 + (int)(xr() % 11);
		for (int i = 0; i < w; i++) {
			const char *x = zipf_word();
			size_t l = strlen(x);
			if (n + l + 4 >= cap)
				s = realloc(s, cap *= 2);
			memcpy(s + n, x, l);
			n += l;
			s[n++] = i == w - 1 ? '.' : ' ';
			if (i == w - 1)
				s[n++] = ' ';
		}
	}
	s[n] = '\0';
	return s;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	size_t n = argc > 1 ? strtoul(argv[1], NULL, 10) : 1000000, q = argc > 2 ? strtoul(argv[2], NULL, 10) : 20000;
	struct nw_dedup_params p = { 14 * 86400, 0.65, 3 };
	struct nw_dedup *d = nw_dedup_new(&p);
	struct nw_lexicon *lx = nw_lexicon_new();
	char **keep = calloc(q, sizeof *keep);
	double t0, tprof = 0, tlook = 0;
	size_t examined = 0, candidates = 0, found_copies = 0, false_pos = 0, copies = 0, fresh = 0, fps = 0;

	make_vocab();
	t0 = now_s();
	for (size_t i = 0; i < n; i++) {
		char *a = article(6);
		struct nw_features f;
		nw_features_extract(lx, "t", a, &f);
		fps += f.nfp;
		nw_dedup_add(d, (int64_t)i + 1, (int64_t)i + 1, (int64_t)(i % 86400), f.fp, f.nfp, NULL, 0, f.lede, f.nlede);
		nw_features_free(&f);
		if (i % (n / q + 1) == 0 && copies < q)
			keep[copies++] = a;
		else
			free(a);
	}
	tprof = now_s() - t0;
	fprintf(stderr, "indexed %zu articles (%.1f fingerprints each) in %.1f s: %.0f articles/s\n", n,
		(double)fps / (double)n, tprof, (double)n / tprof);
	for (size_t k = 0; k < 2 * copies; k++) {
		char *text;
		struct nw_features f;
		struct nw_dedup_hit hit;
		double ts;
		int is_copy = k % 2 == 0;
		if (is_copy) {
			char *src = keep[k / 2], *cut;
			switch ((k / 2) % 3) {
			case 0: /* cut to the first three sentences */
				cut = src;
				for (int s = 0; s < 3 && cut; s++)
					cut = strstr(cut, ". ") ? strstr(cut, ". ") + 2 : NULL;
				text = cut ? strndup(src, (size_t)(cut - src)) : strdup(src);
				break;
			case 1: /* a new first sentence in front */
				if (asprintf(&text, "Here is something new before the copy. %s", src) < 0)
					text = strdup(src);
				break;
			default: { /* the last sentence reworded */
				char *last = strrchr(src, '.'), *prev;
				*last = '\0';
				prev = strrchr(src, '.');
				*last = '.';
				text = prev ? strndup(src, (size_t)(prev - src) + 2) : strdup(src);
				text = realloc(text, strlen(text) + 64);
				strcat(text, "and then something else was said instead.");
			}
			}
		} else {
			text = article(6);
		}
		nw_features_extract(lx, "t", text, &f);
		ts = now_s();
		int r = nw_dedup_find(d, 43200, f.fp, f.nfp, NULL, 0, 0, f.lede, f.nlede, f.shingles, f.nshingles, NULL, 0, &hit);
		tlook += now_s() - ts;
		examined += hit.examined;
		candidates += hit.candidates;
		if (is_copy) {
			found_copies += r == 1;
		} else {
			false_pos += r == 1;
			fresh++;
		}
		nw_features_free(&f);
		free(text);
	}
	printf("{\"stored\": %zu, \"lookups\": %zu, \"us_per_lookup\": %.2f, \"lookups_per_s\": %.0f, "
	       "\"postings_examined_per_lookup\": %.1f, \"candidates_per_lookup\": %.1f, \"copy_recall\": %.3f, "
	       "\"false_positive_rate\": %.4f, \"index_articles_per_s\": %.0f}\n",
	       n, 2 * copies, 1e6 * tlook / (double)(2 * copies), (double)(2 * copies) / tlook,
	       (double)examined / (double)(2 * copies), (double)candidates / (double)(2 * copies),
	       (double)found_copies / (double)copies, (double)false_pos / (double)fresh, (double)n / tprof);
	for (size_t k = 0; k < copies; k++)
		free(keep[k]);
	free(keep);
	nw_dedup_free(d);
	nw_lexicon_free(lx);
	return 0;
}
