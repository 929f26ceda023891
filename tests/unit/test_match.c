/* test_match.c — unit tests of daemon/match.c: the Aho–Corasick automaton over normalised
 * text and the SPEC §3.5 boundary rule (Latin edges need non-alnum neighbours, CJK do not). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "match.h"
#include "text.h"

#define MAXHITS 64

struct hits {
	uint32_t id[MAXHITS];
	size_t start[MAXHITS], end[MAXHITS];
	size_t n;
};

static int collect(void *arg, uint32_t id, size_t start, size_t end)
{
	struct hits *h = arg;

	if (h->n < MAXHITS) {
		h->id[h->n] = id;
		h->start[h->n] = start;
		h->end[h->n] = end;
	}
	h->n++;
	return 0;
}

/* Add an alias normalised like text. */
static void add(struct nw_matcher *m, const char *alias, uint32_t id)
{
	size_t n;
	char *s = nw_text_normalize(alias, strlen(alias), &n);

	assert_non_null(s);
	assert_int_equal(nw_matcher_add(m, s, n, id), 0);
	free(s);
}

static struct nw_matcher *build(const char *const *aliases)
{
	struct nw_matcher *m = nw_matcher_new();
	uint32_t i;

	assert_non_null(m);
	for (i = 0; aliases[i]; i++)
		add(m, aliases[i], i);
	assert_int_equal(nw_matcher_compile(m), 0);
	return m;
}

/* Normalise text, scan it, return the hits. */
static void scan(const struct nw_matcher *m, const char *text, unsigned flags, struct hits *h)
{
	size_t n;
	char *s = nw_text_normalize(text, strlen(text), &n);

	assert_non_null(s);
	memset(h, 0, sizeof(*h));
	assert_int_equal(nw_matcher_scan(m, s, n, flags, collect, h), 0);
	free(s);
}

static int found(const struct nw_matcher *m, const char *text, uint32_t id)
{
	struct hits h;
	size_t i;

	scan(m, text, 0, &h);
	for (i = 0; i < h.n && i < MAXHITS; i++)
		if (h.id[i] == id)
			return 1;
	return 0;
}

enum { OPENAI, OPENAI_KO, OPENAI_JA, MSFT, MSFT_KO, MS, MSFT_JA, ALTMAN, ALTMAN_KO,
       ALTMAN_KO2, ALTMAN_JA, ALTMAN_JA2, AI, ATT, NPAT };

static const char *const saga[] = {
	[OPENAI] = "OpenAI", [OPENAI_KO] = "오픈AI", [OPENAI_JA] = "オープンAI",
	[MSFT] = "Microsoft", [MSFT_KO] = "마이크로소프트", [MS] = "MS", [MSFT_JA] = "マイクロソフト",
	[ALTMAN] = "Sam Altman", [ALTMAN_KO] = "샘 알트먼", [ALTMAN_KO2] = "샘 알트만",
	[ALTMAN_JA] = "サム・アルトマン", [ALTMAN_JA2] = "アルトマン", [AI] = "AI", [ATT] = "AT&T",
	[NPAT] = NULL,
};

static void test_spec_traps(void **state)
{
	struct nw_matcher *m = build(saga);

	(void)state;
	assert_true(found(m, "샘알트먼 CEO 복귀", ALTMAN_KO));
	assert_true(found(m, "샘 알트먼이 복귀했다", ALTMAN_KO));
	assert_true(found(m, "サム アルトマン氏", ALTMAN_JA));
	assert_true(found(m, "サム・アルトマン氏", ALTMAN_JA));
	assert_true(found(m, "サムアルトマン氏", ALTMAN_JA));
	assert_true(found(m, "MS는 투자를 늘렸다", MS));
	assert_false(found(m, "she said so", AI));
	assert_false(found(m, "MSFT shares", MS));
	assert_true(found(m, "OpenAI의 이사회", OPENAI));
	assert_true(found(m, "ＯｐｅｎＡＩ", OPENAI));
	assert_true(found(m, "오픈 AI 이사회", OPENAI_KO));
	assert_true(found(m, "오픈AI 이사회", OPENAI_KO));
	assert_true(found(m, "마이크로소프트는 발표했다", MSFT_KO));
	assert_true(found(m, "OpenAI's board", OPENAI));
	assert_true(found(m, "OpenAI’s board", OPENAI));
	assert_false(found(m, "OpenAIs board", OPENAI));
	assert_false(found(m, "NotOpenAI board", OPENAI));
	assert_true(found(m, "AI-powered", AI));
	assert_true(found(m, "생성형AI 시장", AI));        /* Hangul neighbour is not Latin */
	assert_false(found(m, "AIé", AI));                 /* accented Latin neighbour */
	assert_true(found(m, "deal with AT&T.", ATT));
	assert_true(found(m, "sam altman said", ALTMAN));
	assert_false(found(m, "sam altmann said", ALTMAN));
	nw_matcher_free(m);
}

/* A symbol expanded by NFKC into letters or digits does not hide the word next to it. */
static void test_symbols_next_to_aliases(void **state)
{
	struct nw_matcher *m = build(saga);

	(void)state;
	assert_true(found(m, "OpenAI™ unveils", OPENAI));
	assert_true(found(m, "Microsoft™ Copilot", MSFT));
	assert_true(found(m, "①MS 지분 27% 확보", MS));
	assert_true(found(m, "OpenAI¹ said", OPENAI));
	assert_true(found(m, "Ⓡ OpenAIⓇ", OPENAI));
	assert_true(found(m, "OpenAI® unveils", OPENAI));
	/* the symbol's own letters are a word of their own, not part of the next one */
	assert_false(found(m, "ⓐⓘ", AI));
	nw_matcher_free(m);
}

/* A Latin-script alias has no Latin letter or digit next to it, whatever its edges are. */
static void test_latin_alias_punctuation_edges(void **state)
{
	static const char *const pats[] = { "U.S.", ".NET", "C++", "1,350억", "27%", "오픈AI",
					    "AI칩", "$135B", NULL };
	struct nw_matcher *m = build(pats);

	(void)state;
	assert_false(found(m, "the U.S.S.R. collapsed", 0));
	assert_true(found(m, "the U.S. and China", 0));
	assert_true(found(m, "U.S.-China talks", 0));
	assert_true(found(m, "(U.S.)", 0));
	assert_true(found(m, "U.S.의 제재", 0));
	assert_false(found(m, "ASP.NET Core", 1));
	assert_true(found(m, "the .NET runtime", 1));
	assert_true(found(m, "(.NET)", 1));
	assert_false(found(m, "C++x is new", 2));
	assert_false(found(m, "C++17", 2));
	assert_true(found(m, "C++ and Rust", 2));
	assert_true(found(m, "C++로 작성", 2));
	/* no Latin letter: only its digit edge is checked */
	assert_true(found(m, "1,350억원", 3));
	assert_false(found(m, "21,350억원", 3));
	assert_true(found(m, "27%p 올라", 4));
	/* a Hangul edge still attaches */
	assert_true(found(m, "생성형오픈AI는", 5));
	assert_false(found(m, "오픈AIs", 5));
	assert_true(found(m, "국산AI칩은", 6));
	assert_false(found(m, "US$135B", 7));
	assert_true(found(m, "raised $135B.", 7));
	nw_matcher_free(m);
}

/* Every script that puts spaces between its words has the edges Latin has: a Cyrillic or
 * Greek alias inside a word is no match ("ИИ", Russian for AI, in "России"), nor a Latin one
 * against a Cyrillic letter; Thai, like Hangul, attaches. A number goes on past a decimal
 * point or a thousands separator. */
static void test_spaced_scripts_and_numbers(void **state)
{
	static const char *const pats[] = { "ии", "путин", "αι", "ai", "27%", "$1", "gpt-4", "ไทย", "1,350억",
					    "ישראל", "ترامب", NULL };
	struct nw_matcher *m = build(pats);

	(void)state;
	assert_false(found(m, "новости россии", 0));
	assert_true(found(m, "про ии сегодня", 0));
	assert_false(found(m, "распутин", 1));
	assert_true(found(m, "путин сказал", 1));
	assert_true(found(m, "«путин»", 1));
	assert_false(found(m, "και", 2));
	assert_false(found(m, "aiя", 3));
	assert_false(found(m, "aiτ", 3));
	assert_true(found(m, "ai-driven", 3));
	assert_true(found(m, "ai는", 3));
	assert_false(found(m, "a stake of 0.27% here", 4));
	assert_true(found(m, "a stake of 27% here", 4));
	assert_true(found(m, "up 27%.", 4));
	assert_false(found(m, "$1.5 billion", 5));
	assert_false(found(m, "$1,000", 5));
	assert_true(found(m, "$1 billion", 5));
	assert_true(found(m, "it cost $1.", 5));
	assert_false(found(m, "gpt-4.5 is out", 6));
	assert_true(found(m, "gpt-4. then", 6));
	assert_true(found(m, "gpt-4, gpt-5", 6));
	assert_true(found(m, "ประเทศไทยวันนี้", 7));
	assert_false(found(m, "3.1,350억", 8));
	/* Hebrew and Arabic write "in", "to", "and" onto the word: they attach, as Hangul does */
	assert_true(found(m, "בישראל", 9));
	assert_true(found(m, "وترامب", 10));
	assert_true(found(m, "بترامب قال", 10));
	nw_matcher_free(m);
}

static void test_dotted_capital_i_meets_i(void **state)
{
	static const char *const pats[] = { "Istanbul", "İstanbul", NULL };
	struct nw_matcher *m = build(pats);

	(void)state;
	assert_true(found(m, "İstanbul'da", 0));
	assert_true(found(m, "İSTANBUL", 0));
	assert_true(found(m, "Istanbul", 1));
	assert_true(found(m, "istanbul", 1));
	assert_true(found(m, "İstanbul", 1));
	nw_matcher_free(m);
}

static void test_kana_name_separators_meet(void **state)
{
	static const char *const pats[] = { "サム・アルトマン", "ジャン＝リュック", "a=b", NULL };
	struct nw_matcher *m = build(pats);

	(void)state;
	assert_true(found(m, "サム＝アルトマン氏", 0));
	assert_true(found(m, "サム゠アルトマン氏", 0));
	assert_true(found(m, "ジャン・リュック", 1));
	assert_true(found(m, "ジャン゠リュック", 1));
	assert_true(found(m, "if a=b then", 2));
	assert_false(found(m, "if ab then", 2));
	nw_matcher_free(m);
}

static void test_offsets_and_overlaps(void **state)
{
	static const char *const pats[] = { "he", "she", "his", "hers", NULL };
	struct nw_matcher *m = build(pats);
	struct hits h;

	(void)state;
	/* raw byte matches, classic example: "ushers" holds she, he, hers */
	scan(m, "ushers", NW_MATCH_RAW, &h);
	assert_int_equal(h.n, 3);
	assert_int_equal(h.id[0], 1); /* she [1,4), longest first at the same end */
	assert_int_equal(h.start[0], 1);
	assert_int_equal(h.end[0], 4);
	assert_int_equal(h.id[1], 0); /* he [2,4) */
	assert_int_equal(h.start[1], 2);
	assert_int_equal(h.id[2], 3); /* hers [2,6) */
	assert_int_equal(h.end[2], 6);
	/* with the boundary rule none of them stands alone in "ushers" */
	scan(m, "ushers", 0, &h);
	assert_int_equal(h.n, 0);
	scan(m, "he, she; his & hers", 0, &h);
	assert_int_equal(h.n, 4);
	nw_matcher_free(m);
}

static void test_cjk_offsets(void **state)
{
	static const char *const pats[] = { "알트먼", "샘 알트먼", NULL };
	struct nw_matcher *m = build(pats);
	struct hits h;

	(void)state;
	scan(m, "ceo 샘 알트먼이", 0, &h);   /* normalised: "ceo샘알트먼이" */
	assert_int_equal(h.n, 2);
	assert_int_equal(h.id[0], 1);
	assert_int_equal(h.start[0], 3);
	assert_int_equal(h.end[0], 3 + 12);
	assert_int_equal(h.id[1], 0);
	assert_int_equal(h.start[1], 6);
	nw_matcher_free(m);
}

static void test_duplicates_and_stop(void **state)
{
	struct nw_matcher *m = nw_matcher_new();
	struct hits h;

	(void)state;
	add(m, "openai", 7);
	add(m, "OpenAI", 9);   /* same bytes, another id */
	assert_int_equal(nw_matcher_add(m, "", 0, 1), -EINVAL);
	assert_int_equal(nw_matcher_count(m), 2);
	assert_int_equal(nw_matcher_scan(m, "x", 1, 0, collect, &h), -EINVAL); /* not compiled */
	assert_int_equal(nw_matcher_compile(m), 0);
	assert_int_equal(nw_matcher_add(m, "late", 4, 1), -EINVAL);
	scan(m, "OpenAI", 0, &h);
	assert_int_equal(h.n, 2);
	assert_true((h.id[0] == 7 && h.id[1] == 9) || (h.id[0] == 9 && h.id[1] == 7));
	nw_matcher_free(m);
}

static int stop_at_first(void *arg, uint32_t id, size_t start, size_t end)
{
	(void)start;
	(void)end;
	*(uint32_t *)arg = id;
	return 42;
}

static void test_callback_stops(void **state)
{
	static const char *const pats[] = { "a", NULL };
	struct nw_matcher *m = build(pats);
	uint32_t got = 99;

	(void)state;
	assert_int_equal(nw_matcher_scan(m, "a a a", 5, 0, stop_at_first, &got), 42);
	assert_int_equal(got, 0);
	nw_matcher_free(m);
}

static void test_many_patterns(void **state)
{
	struct nw_matcher *m = nw_matcher_new();
	char name[32], text[4096];
	struct hits h;
	uint32_t i;
	size_t len = 0;

	(void)state;
	for (i = 0; i < 500; i++) {
		snprintf(name, sizeof(name), "entity%u", i);
		add(m, name, i);
	}
	add(m, "엔티티", 500);
	assert_int_equal(nw_matcher_compile(m), 0);
	assert_true(nw_matcher_states(m) > 500);
	/* every 50th pattern in the text, plus prefixes that must not match */
	for (i = 0; i < 500; i += 50)
		len += (size_t)snprintf(text + len, sizeof(text) - len, "entity%u entity%ux ", i, i);
	len += (size_t)snprintf(text + len, sizeof(text) - len, "엔티티들");
	memset(&h, 0, sizeof(h));
	assert_int_equal(nw_matcher_scan(m, text, len, 0, collect, &h), 0);
	assert_int_equal(h.n, 10 + 1);
	for (i = 0; i < 10; i++)
		assert_int_equal(h.id[i], i * 50);
	assert_int_equal(h.id[10], 500);
	nw_matcher_free(m);
}

/* nw_matcher_fold_ascii: ASCII letters in either case, in patterns and text; nothing else
 * folded (É is not é); only before compile. */
static void test_fold_ascii(void **state)
{
	struct nw_matcher *m = nw_matcher_new();
	struct hits h = { 0 };
	static const char text[] = "READ More, Click HERE or click here. \xc3\x89t\xc3\xa9 (C) 2024";

	(void)state;
	assert_int_equal(nw_matcher_fold_ascii(m), 0);
	assert_int_equal(nw_matcher_add(m, "read more", 9, 1), 0);
	assert_int_equal(nw_matcher_add(m, "CLICK here", 10, 2), 0);
	assert_int_equal(nw_matcher_add(m, "\xc3\xa9t\xc3\xa9", 6, 3), 0); /* été */
	assert_int_equal(nw_matcher_add(m, "(c) 20", 6, 4), 0);
	assert_int_equal(nw_matcher_compile(m), 0);
	assert_int_equal(nw_matcher_fold_ascii(m), -EINVAL);
	assert_int_equal(nw_matcher_scan(m, text, strlen(text), NW_MATCH_RAW, collect, &h), 0);
	assert_int_equal(h.n, 4);
	assert_int_equal(h.id[0], 1);
	assert_int_equal(h.start[0], 0);
	assert_int_equal(h.id[1], 2);
	assert_int_equal(h.id[2], 2);
	assert_int_equal(h.id[3], 4); /* not "Été" */
	nw_matcher_free(m);
	/* without the fold, case counts */
	m = nw_matcher_new();
	assert_int_equal(nw_matcher_add(m, "read more", 9, 1), 0);
	assert_int_equal(nw_matcher_compile(m), 0);
	memset(&h, 0, sizeof(h));
	assert_int_equal(nw_matcher_scan(m, text, strlen(text), NW_MATCH_RAW, collect, &h), 0);
	assert_int_equal(h.n, 0);
	nw_matcher_free(m);
}

static void test_empty_matcher_and_garbage(void **state)
{
	struct nw_matcher *m = nw_matcher_new();
	static const unsigned char junk[] = { 0xff, 0x80, 'a', 'i', 0xc3, 0x00, 0xe2, 0x82 };
	struct hits h = { 0 };

	(void)state;
	assert_int_equal(nw_matcher_compile(m), 0);
	assert_int_equal(nw_matcher_scan(m, "anything", 8, 0, collect, &h), 0);
	assert_int_equal(h.n, 0);
	nw_matcher_free(m);
	/* raw bytes that are not UTF-8 at all: must not crash nor read out of bounds */
	m = nw_matcher_new();
	assert_int_equal(nw_matcher_add(m, "ai", 2, 1), 0);
	assert_int_equal(nw_matcher_compile(m), 0);
	assert_int_equal(nw_matcher_scan(m, (const char *)junk, sizeof(junk), 0, collect, &h), 0);
	assert_int_equal(h.n, 1);
	nw_matcher_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_spec_traps),
		cmocka_unit_test(test_symbols_next_to_aliases),
		cmocka_unit_test(test_latin_alias_punctuation_edges),
		cmocka_unit_test(test_spaced_scripts_and_numbers),
		cmocka_unit_test(test_dotted_capital_i_meets_i),
		cmocka_unit_test(test_kana_name_separators_meet),
		cmocka_unit_test(test_offsets_and_overlaps),
		cmocka_unit_test(test_cjk_offsets),
		cmocka_unit_test(test_duplicates_and_stop),
		cmocka_unit_test(test_callback_stops),
		cmocka_unit_test(test_many_patterns),
		cmocka_unit_test(test_fold_ascii),
		cmocka_unit_test(test_empty_matcher_and_garbage),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
