/* test_rule.c — unit tests of daemon/rule.c (parse, precedence, errors with columns,
 * explanations) and daemon/story.c (alias lists, one automaton, match/exclude, hits). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <cmocka.h>
#include "rule.h"
#include "story.h"

/* ---- rule.c alone: terms a..e are ids 0..4 ---- */

static int res_letters(void *arg, const char *text, size_t len, int is_phrase, char *msg,
		       size_t msglen)
{
	(void)arg;
	(void)msg;
	(void)msglen;
	if (is_phrase)
		return len == 10 && !memcmp(text, "Sam Altman", 10) ? 5 : 6;
	if (len == 1 && text[0] >= 'a' && text[0] <= 'e')
		return text[0] - 'a';
	return -ENOENT;
}

struct errs {
	int n;
	int col[8];
	char msg[8][300];
};

static void on_err(void *arg, int col, const char *msg)
{
	struct errs *e = arg;

	if (e->n < 8) {
		e->col[e->n] = col;
		snprintf(e->msg[e->n], sizeof(e->msg[0]), "%s", msg);
	}
	e->n++;
}

static struct nw_rule *parse_ok(const char *src)
{
	struct nw_rule *r = NULL;
	struct errs e = { 0 };

	assert_int_equal(nw_rule_parse(src, 1, res_letters, NULL, on_err, &e, &r), 0);
	assert_int_equal(e.n, 0);
	assert_non_null(r);
	return r;
}

/* Evaluate src with the terms in `set` (letters a..e) present. */
static int eval(const char *src, const char *set)
{
	unsigned char present[7] = { 0 };
	struct nw_rule *r = parse_ok(src);
	int v;

	for (; *set; set++)
		present[*set == 'S' ? 5 : *set - 'a'] = 1;
	v = nw_rule_eval(r, present, sizeof(present));
	nw_rule_free(r);
	return v;
}

static void test_precedence(void **state)
{
	(void)state;
	/* NOT > AND > OR */
	assert_true(eval("a OR b AND c", "a"));
	assert_false(eval("(a OR b) AND c", "a"));
	assert_true(eval("a AND b OR c", "c"));
	assert_false(eval("a AND (b OR c)", "c"));
	assert_false(eval("NOT a AND b", "ab"));
	assert_true(eval("NOT a AND b", "b"));
	assert_true(eval("NOT (a AND b)", "a"));
	assert_true(eval("NOT NOT a", "a"));
	assert_true(eval("a and not b or c", "a"));
	assert_false(eval("a And Not b", "ab"));
	assert_true(eval("\"Sam Altman\" AND a", "aS"));
	assert_false(eval("\"Sam Altman\" AND a", "a"));
	assert_true(eval("((((a))))", "a"));
	/* an input method's blanks (ideographic, no-break) and full-width parentheses */
	assert_true(eval("a\u3000AND\u00a0b", "ab"));
	assert_false(eval("a\u3000AND\u3000b", "a"));
	assert_false(eval("a AND\uff08b OR c\uff09", "c"));
	assert_true(eval("a AND\uff08b OR c\uff09", "ac"));
	/* an ASCII parenthesis after such a blank is one byte */
	assert_true(eval("a AND\u3000(b OR c)", "ac"));
	assert_false(eval("a AND\u00a0(b OR c)", "a"));
}

static void test_explain(void **state)
{
	unsigned char present[7] = { 1, 0, 1 };
	struct nw_rule *r = parse_ok("a AND (b OR c) AND NOT d");
	char *x;

	(void)state;
	x = nw_rule_explain(r, present, 7, "match", "no match");
	assert_non_null(x);
	assert_string_equal(x, "a ✓ AND (b ✗ OR c ✓) AND NOT d ✗ → match");
	free(x);
	present[2] = 0;
	x = nw_rule_explain(r, present, 7, "match", "no match");
	assert_string_equal(x, "a ✓ AND (b ✗ OR c ✗) AND NOT d ✗ → no match");
	free(x);
	x = nw_rule_explain(r, present, 7, NULL, NULL);
	assert_string_equal(x, "a ✓ AND (b ✗ OR c ✗) AND NOT d ✗");
	free(x);
	nw_rule_free(r);
	r = parse_ok("NOT (a OR \"Sam Altman\")");
	x = nw_rule_explain(r, present, 7, "y", "n");
	assert_string_equal(x, "NOT (a ✓ OR \"Sam Altman\" ✗) → n");
	free(x);
	nw_rule_free(r);
}

/* A quoted phrase knows the escapes an alias knows, \" and \\, and no others: a backslash
 * before anything else is itself ("C:\Windows"), as in entity.X = "C:\Windows". */
static char phrases[4][32];
static int nphrases;

static int res_record(void *arg, const char *text, size_t len, int is_phrase, char *msg, size_t msglen)
{
	(void)arg;
	(void)msg;
	(void)msglen;
	assert_true(is_phrase);
	assert_true(nphrases < 4 && len < sizeof phrases[0]);
	memcpy(phrases[nphrases], text, len);
	phrases[nphrases][len] = '\0';
	return nphrases++;
}

static void test_phrase_escapes(void **state)
{
	struct nw_rule *r = NULL;
	struct errs e = { 0 };

	(void)state;
	assert_int_equal(nw_rule_parse("\"C:\\Windows\" OR \"say \\\"hi\\\"\" OR \"a\\\\b\" OR \"\\n\"", 1, res_record,
				       NULL, on_err, &e, &r), 0);
	assert_int_equal(e.n, 0);
	assert_int_equal(nphrases, 4);
	assert_string_equal(phrases[0], "C:\\Windows");
	assert_string_equal(phrases[1], "say \"hi\"");
	assert_string_equal(phrases[2], "a\\b");
	assert_string_equal(phrases[3], "\\n");
	nw_rule_free(r);
}

/* Parse a bad rule; check the first error's column and that its message has `want`. */
static void bad(const char *src, int nerr, int col, const char *want)
{
	struct nw_rule *r = (struct nw_rule *)1;
	struct errs e = { 0 };

	assert_int_equal(nw_rule_parse(src, 1, res_letters, NULL, on_err, &e, &r), -EINVAL);
	assert_null(r);
	assert_int_equal(e.n, nerr);
	assert_int_equal(e.col[0], col);
	if (!strstr(e.msg[0], want))
		fail_msg("'%s': message '%s' lacks '%s'", src, e.msg[0], want);
}

static void test_errors(void **state)
{
	(void)state;
	bad("a AND foo", 1, 7, "unknown entity 'foo'");
	bad("foo OR a OR bar", 2, 1, "unknown entity 'foo'");
	bad("a AND (b OR c", 1, 14, "expected ')'");
	bad("a AND (b OR c", 1, 14, "column 7");
	bad("a AND", 1, 6, "end of rule");
	bad("a b", 1, 3, "expected AND, OR");
	bad("a OR OR b", 1, 6, "found OR");
	bad("(a))", 1, 4, "unmatched ')'");
	bad("", 1, 1, "empty rule");
	bad("a AND \"Sam", 1, 7, "unterminated");
	bad("a && b", 1, 3, "write AND");
	bad("a AND \"\"", 1, 7, "empty quoted phrase");
	/* columns count characters, not bytes */
	bad("\"알트먼\" AND zz", 1, 11, "unknown entity 'zz'");
	/* an input method's quotes: said so, not taken into an entity's name */
	bad("a AND \u201cSam Altman\u201d", 1, 7, "unexpected character '\u201c' (quote phrases with \")");
	bad("a AND \uff02Sam Altman\uff02", 1, 7, "unexpected character '\uff02' (quote phrases with \")");
	bad("a\u3000AND\u3000zz", 1, 7, "unknown entity 'zz'");
	/* a long token is quoted up to a whole character, not cut inside one */
	bad("a \"サム・アルトマンとマイクロソフトの提携についての発表\"", 1, 3,
	    "found '\"サム・アルトマンとマイクロソフトの提携…'");
	/* a rule that starts at column 9 of its line (match = ...): columns in the line */
	{
		struct nw_rule *r = NULL;
		struct errs e = { 0 };

		assert_int_equal(nw_rule_parse("a AND (b OR c", 9, res_letters, NULL, on_err, &e, &r), -EINVAL);
		assert_int_equal(e.col[0], 22);
		assert_non_null(strstr(e.msg[0], "at column 15"));
	}
}

static void test_limits(void **state)
{
	char deep[400];
	struct nw_rule *r;
	struct errs e = { 0 };
	size_t i;

	(void)state;
	for (i = 0; i < 100; i++)
		deep[i] = '(';
	deep[100] = 'a';
	for (i = 0; i < 100; i++)
		deep[101 + i] = ')';
	deep[201] = '\0';
	assert_int_equal(nw_rule_parse(deep, 1, res_letters, NULL, on_err, &e, &r), -EINVAL);
	assert_non_null(strstr(e.msg[0], "nested too deeply"));
}

/* ---- story.c ---- */

struct serr {
	int n;
	int line[16], col[16];
	char msg[16][400];
};

static void story_err(void *arg, int line, int col, const char *msg)
{
	struct serr *e = arg;

	if (e->n < 16) {
		e->line[e->n] = line;
		e->col[e->n] = col;
		snprintf(e->msg[e->n], sizeof(e->msg[0]), "%s", msg);
	}
	e->n++;
}

static struct nw_kv saga_kv[] = {
	{ "openai", "OpenAI | 오픈AI | オープンAI", 10 },
	{ "msft", "Microsoft | 마이크로소프트 | MS | マイクロソフト", 11 },
	{ "altman", "\"Sam Altman\" | 샘 알트먼 | 샘 알트만 | サム・アルトマン | アルトマン", 12 },
	{ "altman", "Altman", 13 }, /* repeated key appends */
};
static const struct nw_kvlist saga_ents = { saga_kv, 4 };

static struct nw_kv ai_kv[] = { { "ai", "AI | 인공지능", 30 } };
static const struct nw_kvlist ai_ents = { ai_kv, 1 };

static struct nw_storyset *saga_set(const char *exclude)
{
	struct nw_story_def defs[] = {
		{ "openai-microsoft", &saga_ents, "openai AND (msft OR altman)", 14, exclude, 15, 0, 0, NULL },
		{ "ai", &ai_ents, NULL, 0, NULL, 0, 0, 0, NULL },
	};
	struct serr e = { 0 };
	struct nw_storyset *set = nw_storyset_compile(defs, 2, story_err, &e);

	if (e.n)
		fail_msg("unexpected error: line %d col %d: %s", e.line[0], e.col[0], e.msg[0]);
	assert_non_null(set);
	return set;
}

static const struct nw_alias_hit *find_hit(const struct nw_story_match *m, const char *entity,
					   int field)
{
	size_t i;

	for (i = 0; i < m->nhits; i++)
		if (!strcmp(m->hits[i].entity, entity) && m->hits[i].field == field)
			return &m->hits[i];
	return NULL;
}

static void test_story_classify(void **state)
{
	struct nw_storyset *set = saga_set(NULL);
	struct nw_classification c;
	const struct nw_alias_hit *h;

	(void)state;
	assert_int_equal(nw_storyset_count(set), 2);
	assert_string_equal(nw_storyset_name(set, 0), "openai-microsoft");
	assert_string_equal(nw_storyset_name(set, 1), "ai");
	assert_null(nw_storyset_name(set, 2));

	assert_int_equal(nw_storyset_classify(set, "오픈 AI 이사회, 샘알트먼 복귀",
					      "She said ＯｐｅｎＡＩ의 계획은...", &c), 0);
	assert_int_equal(c.n, 2);
	assert_string_equal(c.v[0].story, "openai-microsoft");
	assert_true(c.v[0].matched);
	assert_false(c.v[0].excluded);
	assert_int_equal(c.v[0].entities.n, 2);
	assert_string_equal(c.v[0].entities.v[0], "altman");
	assert_string_equal(c.v[0].entities.v[1], "openai");
	h = find_hit(&c.v[0], "altman", 0);
	assert_non_null(h);
	assert_string_equal(h->alias, "샘 알트먼");
	assert_memory_equal(c.norm_title + h->start, "샘알트먼", h->end - h->start);
	h = find_hit(&c.v[0], "openai", 1);
	assert_non_null(h);
	assert_string_equal(h->alias, "OpenAI");
	assert_memory_equal(c.norm_body + h->start, "openai", 6);
	assert_string_equal(c.v[0].explain, "openai ✓ AND (msft ✗ OR altman ✓) → match");
	/* "AI" of the ai story: inside "오픈ai" (Hangul before it) yes, inside "said" no */
	assert_true(c.v[1].matched);
	h = find_hit(&c.v[1], "ai", 1);
	assert_null(h);
	assert_non_null(find_hit(&c.v[1], "ai", 0));
	nw_classification_free(&c);

	/* MS는 matches, "said" alone does not make the ai story match */
	assert_int_equal(nw_storyset_classify(set, "MS는 OpenAI에 투자", "she said", &c), 0);
	assert_true(c.v[0].matched);
	assert_string_equal(c.v[0].entities.v[0], "msft");
	assert_string_equal(c.v[0].entities.v[1], "openai");
	assert_false(c.v[1].matched);
	assert_string_equal(c.v[1].explain, "ai ✗ → no match");
	nw_classification_free(&c);

	/* altman alone is not enough; NULL fields are fine */
	assert_int_equal(nw_storyset_classify(set, "サム アルトマン氏", NULL, &c), 0);
	assert_false(c.v[0].matched);
	assert_int_equal(c.v[0].entities.n, 1);
	assert_string_equal(c.norm_title, "サムアルトマン氏");
	assert_string_equal(c.norm_body, "");
	nw_classification_free(&c);
	nw_storyset_free(set);
}

static void test_story_exclude(void **state)
{
	struct nw_storyset *set = saga_set("\"stock tips\" OR NOT msft");
	struct nw_classification c;

	(void)state;
	assert_int_equal(nw_storyset_classify(set, "OpenAI and Microsoft: stock tips", "", &c), 0);
	assert_false(c.v[0].matched);
	assert_true(c.v[0].excluded);
	assert_string_equal(c.v[0].explain,
			    "openai ✓ AND (msft ✓ OR altman ✗) → match; "
			    "exclude: \"stock tips\" ✓ OR NOT msft ✓ → excluded");
	assert_non_null(find_hit(&c.v[0], "stock tips", 0));
	nw_classification_free(&c);

	assert_int_equal(nw_storyset_classify(set, "OpenAI and 마이크로소프트는", "", &c), 0);
	assert_true(c.v[0].matched);
	assert_false(c.v[0].excluded);
	nw_classification_free(&c);

	/* Sam Altman without Microsoft: the match rule holds, the exclude vetoes */
	assert_int_equal(nw_storyset_classify(set, "Sam Altman returns to OpenAI", "", &c), 0);
	assert_false(c.v[0].matched);
	assert_true(c.v[0].excluded);
	nw_classification_free(&c);
	nw_storyset_free(set);
}

static void test_story_quoted_aliases(void **state)
{
	static struct nw_kv kv[] = {
		{ "pipe", "\"a|b\" | \"  spaced \\\"quote\\\"  \" | plain", 5 },
	};
	static const struct nw_kvlist ents = { kv, 1 };
	struct nw_story_def def = { "q", &ents, NULL, 0, NULL, 0, 0, 0, NULL };
	struct serr e = { 0 };
	struct nw_storyset *set = nw_storyset_compile(&def, 1, story_err, &e);
	struct nw_classification c;

	(void)state;
	assert_int_equal(e.n, 0);
	assert_non_null(set);
	assert_int_equal(nw_storyset_classify(set, "x a|b y", NULL, &c), 0);
	assert_true(c.v[0].matched);
	assert_string_equal(c.v[0].hits[0].alias, "a|b");
	nw_classification_free(&c);
	assert_int_equal(nw_storyset_classify(set, "he was spaced \"quote\" there", NULL, &c), 0);
	assert_true(c.v[0].matched);
	assert_string_equal(c.v[0].hits[0].alias, "  spaced \"quote\"  ");
	nw_classification_free(&c);
	assert_int_equal(nw_storyset_classify(set, "a b", NULL, &c), 0);
	assert_false(c.v[0].matched);
	nw_classification_free(&c);
	nw_storyset_free(set);
}

static int has_err(const struct serr *e, int line, int col, const char *want)
{
	int i;

	for (i = 0; i < e->n && i < 16; i++)
		if (e->line[i] == line && e->col[i] == col && strstr(e->msg[i], want))
			return 1;
	return 0;
}

static int has_msg(const struct serr *e, int line, const char *want)
{
	for (int i = 0; i < e->n && i < 16; i++)
		if (e->line[i] == line && strstr(e->msg[i], want))
			return 1;
	return 0;
}

static void test_story_errors(void **state)
{
	static struct nw_kv kv1[] = {
		{ "a", "x | | y", 3 },
		{ "b", "x |", 4 },
		{ "c", "\"open", 5 },
		{ "d", "・", 6 },
		{ "e", "\"q\" z", 7 },
		{ "and", "z", 8 },
	};
	static const struct nw_kvlist ents1 = { kv1, 6 };
	static struct nw_kv kv2[] = { { "ok", "fine", 20 } };
	static const struct nw_kvlist ents2 = { kv2, 1 };
	struct nw_story_def defs[] = {
		{ "s1", &ents1, "a AND", 9, "nope", 10, 0, 0, NULL },
		{ "s2", &ents2, "ok OR (missing", 21, NULL, 0, 0, 0, NULL },
		{ "s3", NULL, NULL, 30, NULL, 0, 0, 0, NULL },
	};
	struct serr e = { 0 };
	struct nw_storyset *set = nw_storyset_compile(defs, 3, story_err, &e);

	(void)state;
	assert_null(set);
	assert_true(has_err(&e, 3, 5, "empty alias"));
	assert_true(has_err(&e, 4, 4, "empty alias"));
	assert_true(has_err(&e, 5, 1, "unterminated quoted alias"));
	assert_true(has_err(&e, 6, 1, "nothing left to match"));
	assert_true(has_err(&e, 7, 5, "expected '|'"));
	assert_true(has_err(&e, 8, 0, "cannot be used in a rule"));
	assert_true(has_err(&e, 9, 6, "end of rule"));
	assert_true(has_err(&e, 10, 1, "unknown entity 'nope'"));
	assert_true(has_err(&e, 21, 15, "expected ')'"));
	assert_true(has_err(&e, 21, 8, "story 's2': unknown entity 'missing' (known: ok)"));
	assert_true(has_err(&e, 30, 0, "story 's3': no entity.NAME = aliases line"));
	assert_int_equal(e.n, 11);
}

/* An alias or phrase of punctuation or symbols only would match nearly every article. */
static void test_story_punctuation_aliases(void **state)
{
	static struct nw_kv kv[] = {
		{ "a", "OpenAI | - | —", 3 },
		{ "b", "? | ' | ...", 4 },
		{ "c", "C++ | .NET | ① | ™ | 27% | 오픈AI", 5 },
	};
	static const struct nw_kvlist ents = { kv, 3 };
	struct nw_story_def def = { "p", &ents, "a AND \"--\" AND c", 6, NULL, 0, 0, 0, NULL };
	struct serr e = { 0 };
	struct nw_storyset *set = nw_storyset_compile(&def, 1, story_err, &e);

	(void)state;
	assert_null(set);
	assert_true(has_err(&e, 3, 10, "alias '-' of entity 'a' has no letter or digit"));
	assert_true(has_err(&e, 3, 14, "alias '—' of entity 'a' has no letter or digit"));
	assert_true(has_err(&e, 4, 1, "alias '?' of entity 'b' has no letter or digit"));
	assert_true(has_err(&e, 4, 5, "alias ''' of entity 'b' has no letter or digit"));
	assert_true(has_err(&e, 4, 9, "alias '...' of entity 'b' has no letter or digit"));
	assert_true(has_err(&e, 6, 7, "phrase \"--\" has no letter or digit"));
	/* every alias of c has a letter or digit */
	assert_int_equal(e.n, 6);
}

/* A story matched by a quoted phrase says so: the phrase is listed with the entities. */
static void test_story_phrase_listed(void **state)
{
	static struct nw_kv kv[] = { { "ai", "AI | 인공지능", 3 }, { "gpu", "GPU", 4 } };
	static const struct nw_kvlist ents = { kv, 2 };
	struct nw_story_def def = { "p", &ents, "\"Stock Tips\" OR \"ai\" OR gpu", 5, NULL, 0, 0, 0, NULL };
	struct serr e = { 0 };
	struct nw_storyset *set = nw_storyset_compile(&def, 1, story_err, &e);
	struct nw_classification c;

	(void)state;
	assert_int_equal(e.n, 0);
	assert_non_null(set);
	assert_int_equal(nw_storyset_classify(set, "Today's stock tips", NULL, &c), 0);
	assert_true(c.v[0].matched);
	assert_int_equal(c.v[0].entities.n, 1);
	assert_string_equal(c.v[0].entities.v[0], "Stock Tips");  /* as written in the rule */
	nw_classification_free(&c);
	/* a phrase written like an entity's name is listed once; entities and phrases sorted */
	assert_int_equal(nw_storyset_classify(set, "AI stock tips", "GPU", &c), 0);
	assert_true(c.v[0].matched);
	assert_int_equal(c.v[0].entities.n, 3);
	assert_string_equal(c.v[0].entities.v[0], "Stock Tips");
	assert_string_equal(c.v[0].entities.v[1], "ai");
	assert_string_equal(c.v[0].entities.v[2], "gpu");
	nw_classification_free(&c);
	assert_int_equal(nw_storyset_classify(set, "nothing", NULL, &c), 0);
	assert_false(c.v[0].matched);
	assert_int_equal(c.v[0].entities.n, 0);
	nw_classification_free(&c);
	nw_storyset_free(set);
}

/* A story without match and more entities than a rule may name terms (1024 allowed): any
 * of them matches (the rule was written out as text and parsed: "rule too long"). */
static void test_story_many_entities(void **state)
{
	enum { N = 600 };
	static struct nw_kv kv[N];
	static char keys[N][16], vals[N][16];
	static const struct nw_kvlist ents = { kv, N };
	struct nw_story_def def = { "many", &ents, NULL, 0, NULL, 0, 0, 0, NULL };
	struct serr e = { 0 };
	struct nw_storyset *set;
	struct nw_classification c;
	char *x;

	(void)state;
	for (int i = 0; i < N; i++) {
		snprintf(keys[i], sizeof keys[i], "company_%03d", i);
		snprintf(vals[i], sizeof vals[i], "Alias%d", i);
		kv[i] = (struct nw_kv){ keys[i], vals[i], 10 + i };
	}
	set = nw_storyset_compile(&def, 1, story_err, &e);
	if (e.n)
		fail_msg("unexpected error: line %d col %d: %s", e.line[0], e.col[0], e.msg[0]);
	assert_non_null(set);
	assert_int_equal(nw_storyset_classify(set, "news of Alias599 today", NULL, &c), 0);
	assert_true(c.v[0].matched);
	assert_int_equal(c.v[0].entities.n, 1);
	assert_string_equal(c.v[0].entities.v[0], "company_599");
	x = c.v[0].explain;
	assert_non_null(strstr(x, "company_000 ✗ OR company_001 ✗"));
	assert_non_null(strstr(x, "company_599 ✓ → match"));
	assert_null(strchr(x, '(')); /* one OR of them all, shown as written */
	nw_classification_free(&c);
	assert_int_equal(nw_storyset_classify(set, "Alias", NULL, &c), 0);
	assert_false(c.v[0].matched);
	nw_classification_free(&c);
	nw_storyset_free(set);
}

/* An entity's aliases count over all of its lines; an alias or phrase too long once
 * normalised says so, quoting its start. */
static void test_story_alias_limits(void **state)
{
	static char many[700 * 8], big[200 * 3 + 1], phrase[1300];
	static struct nw_kv kv[3];
	static const struct nw_kvlist ents = { kv, 3 };
	char match[1400];
	struct nw_story_def def = { "lim", &ents, match, 9, NULL, 0, 0, 0, NULL };
	struct serr e = { 0 };
	struct nw_storyset *set;
	size_t o = 0;

	(void)state;
	for (int i = 0; i < 600; i++)
		o += (size_t)snprintf(many + o, sizeof many - o, "%sa%d", i ? "|" : "", i);
	for (int i = 0; i < 150; i++) /* U+FDFA: one character, 18 once NFKC'd */
		memcpy(big + 3 * i, "\xef\xb7\xba", 3);
	kv[0] = (struct nw_kv){ "e", many, 3 };
	kv[1] = (struct nw_kv){ "e", many, 4 }; /* 1200 aliases in all */
	kv[2] = (struct nw_kv){ "f", big, 5 };
	memset(phrase, 'w', 1100);
	phrase[1100] = '\0';
	snprintf(match, sizeof match, "e OR f OR \"%s\"", phrase);
	set = nw_storyset_compile(&def, 1, story_err, &e);
	assert_null(set);
	assert_true(has_msg(&e, 4, "too many aliases in entity 'e' (max 1000"));
	assert_true(has_msg(&e, 5, "alias '"));
	assert_true(has_msg(&e, 5, "…' of entity 'f' is longer than 1024 bytes once normalised"));
	assert_true(has_msg(&e, 9, "phrase \"wwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwww…\" is longer than 1024 bytes"));
	assert_int_equal(e.n, 3);
}

/* A match rule that holds with nothing found would match every article: an error; an
 * exclude rule may (exclude = NOT korea). */
static void test_story_rule_of_nothing(void **state)
{
	static struct nw_kv kv[] = { { "a", "OpenAI", 3 }, { "b", "Korea", 4 } };
	static const struct nw_kvlist ents = { kv, 2 };
	struct nw_story_def bad = { "n", &ents, "NOT a", 5, NULL, 0, 9, 0, NULL };
	struct nw_story_def bad2 = { "n", &ents, "a OR NOT (a OR b)", 5, NULL, 0, 9, 0, NULL };
	struct nw_story_def ok = { "n", &ents, "a AND NOT b", 5, "NOT b", 6, 9, 11, NULL };
	struct serr e = { 0 };
	struct nw_storyset *set;

	(void)state;
	assert_null(nw_storyset_compile(&bad, 1, story_err, &e));
	assert_true(has_err(&e, 5, 9, "story 'n': the match rule holds when none of its terms is found"));
	assert_null(nw_storyset_compile(&bad2, 1, story_err, &e));
	assert_int_equal(e.n, 2);
	set = nw_storyset_compile(&ok, 1, story_err, &e);
	assert_non_null(set);
	assert_int_equal(e.n, 2);
	nw_storyset_free(set);
}

/* A quoted phrase only the exclude rule names is not listed as what matched. */
static void test_story_exclude_phrase_not_listed(void **state)
{
	static struct nw_kv kv[] = { { "oa", "OpenAI", 3 } };
	static const struct nw_kvlist ents = { kv, 1 };
	struct nw_story_def def = { "x", &ents, "oa OR \"launch\"", 4, "\"sponsored\" AND \"zzz\"", 5, 0, 0, NULL };
	struct serr e = { 0 };
	struct nw_storyset *set = nw_storyset_compile(&def, 1, story_err, &e);
	struct nw_classification c;

	(void)state;
	assert_int_equal(e.n, 0);
	assert_int_equal(nw_storyset_classify(set, "OpenAI sponsored hackathon launch", NULL, &c), 0);
	assert_true(c.v[0].matched);
	assert_int_equal(c.v[0].entities.n, 2);
	assert_string_equal(c.v[0].entities.v[0], "launch");
	assert_string_equal(c.v[0].entities.v[1], "oa");
	nw_classification_free(&c);
	nw_storyset_free(set);
}

/* Aliases of a term alike once normalised find one hit at a place, not one each. */
static void test_story_alike_aliases_one_hit(void **state)
{
	static struct nw_kv kv[] = { { "altman", "샘 알트먼 | 샘알트먼 | Altman", 3 }, { "oa", "오픈AI | 오픈 AI", 4 } };
	static const struct nw_kvlist ents = { kv, 2 };
	struct nw_story_def def = { "d", &ents, "oa AND altman", 5, NULL, 0, 0, 0, NULL };
	struct serr e = { 0 };
	struct nw_storyset *set = nw_storyset_compile(&def, 1, story_err, &e);
	struct nw_classification c;

	(void)state;
	assert_int_equal(e.n, 0);
	assert_int_equal(nw_storyset_classify(set, "샘알트먼, 오픈 AI로", "샘 알트먼 Altman", &c), 0);
	assert_true(c.v[0].matched);
	assert_int_equal(c.v[0].nhits, 4); /* altman and oa in the title, altman twice in the text */
	nw_classification_free(&c);
	nw_storyset_free(set);
}

/* What a Japanese or Chinese input method, or a word processor's smart quotes, type for the
 * alias list's own characters: the full-width bar separates aliases as | does, and its
 * blanks are blanks; an alias in quotes other than ASCII double quotes (which are kept, and
 * would have to be in the text too) is an error. */
static void test_story_ime_alias_delimiters(void **state)
{
	static struct nw_kv kv[] = {
		{ "jp", "サム・アルトマン｜アルトマン　｜　\"Sam Altman\"", 3 },
		{ "site", "\"ニュース｜日経\"｜ｘＡＩ", 4 },
		/* the other blanks a rule takes: an em space, a narrow no-break space (pasted) */
		{ "en", "\"Sam Altman\"\xE2\x80\x83|\xE2\x80\xAFNadella\xE2\x80\x83", 5 },
	};
	static const struct nw_kvlist ents = { kv, 3 };
	struct nw_story_def def = { "j", &ents, NULL, 0, NULL, 0, 0, 0, NULL };
	static struct nw_kv bad_kv[] = {
		{ "q", "“Sam Altman” | ＂OpenAI＂ | 'MS' | OpenAI’s | ‘90s | \"'AI'\"", 7 },
	};
	static const struct nw_kvlist bad_ents = { bad_kv, 1 };
	struct nw_story_def bad = { "b", &bad_ents, NULL, 0, NULL, 0, 0, 0, NULL };
	struct serr e = { 0 };
	struct nw_storyset *set = nw_storyset_compile(&def, 1, story_err, &e);
	struct nw_classification c;

	(void)state;
	assert_int_equal(e.n, 0);
	assert_non_null(set);
	assert_int_equal(nw_storyset_classify(set, "アルトマン氏が来日", NULL, &c), 0);
	assert_true(c.v[0].matched);
	assert_string_equal(c.v[0].hits[c.v[0].nhits - 1].alias, "アルトマン");
	nw_classification_free(&c);
	assert_int_equal(nw_storyset_classify(set, "Sam Altman said", NULL, &c), 0);
	assert_true(c.v[0].matched);
	assert_string_equal(c.v[0].hits[0].alias, "Sam Altman");
	nw_classification_free(&c);
	assert_int_equal(nw_storyset_classify(set, "xAI raises; ニュース|日経", NULL, &c), 0);
	assert_int_equal(c.v[0].nhits, 2);
	assert_string_equal(c.v[0].hits[0].alias, "ｘＡＩ");
	assert_string_equal(c.v[0].hits[1].alias, "ニュース｜日経");
	nw_classification_free(&c);
	assert_int_equal(nw_storyset_classify(set, "Nadella said", NULL, &c), 0);
	assert_true(c.v[0].matched);
	assert_string_equal(c.v[0].hits[0].alias, "Nadella");
	nw_classification_free(&c);
	nw_storyset_free(set);

	assert_null(nw_storyset_compile(&bad, 1, story_err, &e));
	assert_true(has_err(&e, 7, 1, "alias '“Sam Altman”' of entity 'q' is in quotes"));
	assert_true(has_err(&e, 7, 16, "alias '＂OpenAI＂' of entity 'q' is in quotes"));
	assert_true(has_err(&e, 7, 27, "alias ''MS'' of entity 'q' is in quotes"));
	/* an apostrophe in or before a word is no quote, nor are quotes inside ASCII ones */
	assert_int_equal(e.n, 3);
}

/* A message quotes a character as written, whole: not the first byte of its UTF-8, which
 * made the line invalid UTF-8 (journalctl shows such a line as "[blob data]"); a long story
 * name is cut between characters too. */
static void test_story_error_quotes_whole_character(void **state)
{
	static struct nw_kv kv[] = { { "x", "\"Sam Altman\" サム", 3 }, { "y", "\"MS\"é", 4 } };
	static const struct nw_kvlist ents = { kv, 2 };
	struct nw_story_def def = { "w", &ents, NULL, 0, NULL, 0, 0, 0, NULL };
	struct nw_story_def longname = { "오픈AI와마이크로소프트의제휴와샘알트먼의복귀에관한보도를모두따라가는이야기", &ents,
					 NULL, 0, NULL, 0, 0, 0, NULL };
	struct serr e = { 0 };

	(void)state;
	assert_null(nw_storyset_compile(&def, 1, story_err, &e));
	assert_true(has_err(&e, 3, 14, "expected '|' after quoted alias, found 'サ'"));
	assert_true(has_err(&e, 4, 5, "expected '|' after quoted alias, found 'é'"));
	assert_int_equal(e.n, 2);
	assert_null(nw_storyset_compile(&longname, 1, story_err, &e));
	assert_int_equal(e.n, 4);
	assert_int_equal(nw_utf8_span(e.msg[2], strlen(e.msg[2])), strlen(e.msg[2]));
	assert_non_null(strstr(e.msg[2], "story '오픈AI와마이크로소프트의제휴와샘알트먼의복귀에관한보도를모두따라가…': expected '|'"));
}

/* An unknown name's message lists the story's entities as far as it has room, cut between
 * two of them and said to be cut, not inside a Korean name's character. */
static void test_story_unknown_entity_long_list(void **state)
{
	static const char *const last[] = { "가", "나", "다", "라", "마", "바", "사", "아", "자", "차",
					    "카", "타", "파", "하", "거", "너", "더", "러", "머", "버" };
	struct nw_kv kv[20];
	char names[20][32];
	struct nw_kvlist ents = { kv, 20 };
	struct nw_story_def def = { "k", &ents, "마이크로소프트", 30, NULL, 0, 9, 0, NULL };
	struct serr e = { 0 };
	const char *msg;

	(void)state;
	for (int i = 0; i < 20; i++) {
		snprintf(names[i], sizeof names[i], "마이크로%s", last[i]);
		kv[i] = (struct nw_kv){ names[i], "OpenAI", 3 + i };
	}
	assert_null(nw_storyset_compile(&def, 1, story_err, &e));
	assert_int_equal(e.n, 1);
	msg = e.msg[0];
	assert_non_null(strstr(msg, "unknown entity '마이크로소프트' (known: 마이크로가, 마이크로나, "));
	assert_int_equal(nw_utf8_span(msg, strlen(msg)), strlen(msg));
	assert_true(strlen(msg) > 5 && !strcmp(msg + strlen(msg) - 6, ", …)"));
}

/* An alias list written with the comma of Japanese or Chinese (、 ，) instead of | is one
 * alias, which normalised is the names run together ("サムアルトマンアルトマン"): an error;
 * quoted, such an alias is taken as written. */
static void test_story_ideographic_comma_list(void **state)
{
	static struct nw_kv kv[] = {
		{ "ja", "サム・アルトマン、アルトマン | オープンAI", 3 },
		{ "zh", "微软，微軟", 4 },
		{ "ok", "\"日米、協議\" | 1,350억 | \"Samsung Electronics Co., Ltd.\"", 5 },
	};
	static const struct nw_kvlist ents = { kv, 3 };
	struct nw_story_def def = { "c", &ents, NULL, 0, NULL, 0, 0, 0, NULL };
	struct serr e = { 0 };

	(void)state;
	assert_null(nw_storyset_compile(&def, 1, story_err, &e));
	assert_true(has_err(&e, 3, 1, "alias 'サム・アルトマン、アルトマン' of entity 'ja' holds '、'"));
	assert_true(has_err(&e, 4, 1, "alias '微软，微軟' of entity 'zh' holds '，'"));
	assert_int_equal(e.n, 2);
}

/* A long list written with 、 (40 names, 717 bytes) is quoted in its first 40 characters
 * and said to be cut: quoted whole, the message was cut at 600 bytes, inside a character
 * (journalctl shows such a line as '[blob data]'), and lost what it says to do. */
static void test_story_long_comma_list_quoted_whole(void **state)
{
	static char list[1024];
	static struct nw_kv kv[] = { { "ja", list, 3 } };
	static const struct nw_kvlist ents = { kv, 1 };
	struct nw_story_def def = { "c", &ents, NULL, 0, NULL, 0, 0, 0, NULL };
	struct serr e = { 0 };

	(void)state;
	list[0] = '\0';
	for (int i = 0; i < 40; i++)
		strcat(list, i ? "、アルトマン" : "アルトマン");
	assert_null(nw_storyset_compile(&def, 1, story_err, &e));
	assert_int_equal(e.n, 1);
	assert_int_equal(nw_utf8_span(e.msg[0], strlen(e.msg[0])), strlen(e.msg[0]));
	assert_true(has_err(&e, 3, 1, "alias 'アルトマン、アルトマン、アルトマン、アルトマン、アルトマン、アルトマン、アルトマ…' "
				      "of entity 'ja' holds '、': aliases are separated by | (quote it to keep it one alias)"));
}

/* An ASCII comma in an unquoted alias is allowed (numbers and company names hold one), but
 * a list written with it for '|' is one alias no text has: the compile keeps a note of it,
 * with its line and column, for --check-config; a comma in a number or in quotes is none. */
static void test_story_ascii_comma_note(void **state)
{
	static struct nw_kv kv[] = {
		{ "openai", "OpenAI, 오픈AI | オープンAI", 7 },
		{ "ok", "1,350억 | \"Samsung Electronics Co., Ltd.\" | 삼성", 8 },
		{ "co", "Samsung Electronics Co.,Ltd", 9 },
	};
	static const struct nw_kvlist ents = { kv, 3 };
	static const int cols[] = { 17, 13, 13 };
	struct nw_story_def def = { "c", &ents, NULL, 0, NULL, 0, 0, 0, cols };
	struct serr e = { 0 };
	struct nw_storyset *set;
	const char *note;
	int line = 0, col = 0;

	(void)state;
	set = nw_storyset_compile(&def, 1, story_err, &e);
	assert_non_null(set); /* not an error */
	assert_int_equal(e.n, 0);
	note = nw_storyset_note(set, 0, &line, &col);
	assert_non_null(note);
	assert_string_equal(note, "story 'c': alias 'OpenAI, 오픈AI' of entity 'openai' holds a comma: it is one alias, "
				  "which a text must hold as written; aliases are separated by | (quote it to say it is "
				  "one name)");
	assert_int_equal(line, 7);
	assert_int_equal(col, 17);
	note = nw_storyset_note(set, 1, &line, &col);
	assert_non_null(note);
	assert_non_null(strstr(note, "alias 'Samsung Electronics Co.,Ltd' of entity 'co'"));
	assert_int_equal(line, 9);
	assert_null(nw_storyset_note(set, 2, &line, &col));
	nw_storyset_free(set);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_precedence),
		cmocka_unit_test(test_explain),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_story_classify),
		cmocka_unit_test(test_story_exclude),
		cmocka_unit_test(test_story_quoted_aliases),
		cmocka_unit_test(test_story_errors),
		cmocka_unit_test(test_story_punctuation_aliases),
		cmocka_unit_test(test_story_phrase_listed),
		cmocka_unit_test(test_phrase_escapes),
		cmocka_unit_test(test_story_many_entities),
		cmocka_unit_test(test_story_alias_limits),
		cmocka_unit_test(test_story_exclude_phrase_not_listed),
		cmocka_unit_test(test_story_alike_aliases_one_hit),
		cmocka_unit_test(test_story_rule_of_nothing),
		cmocka_unit_test(test_story_ime_alias_delimiters),
		cmocka_unit_test(test_story_error_quotes_whole_character),
		cmocka_unit_test(test_story_unknown_entity_long_list),
		cmocka_unit_test(test_story_ideographic_comma_list),
		cmocka_unit_test(test_story_ascii_comma_note),
		cmocka_unit_test(test_story_long_comma_list_quoted_whole),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
