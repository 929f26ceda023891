/* fuzz_rule.c — libFuzzer target: the story rule language (rule.c) over arbitrary text with
 * fixed entities (parse, evaluate on several sets of found terms, explain), then the same
 * text as the `match` rule of a story compiled for matching (story.c: phrases normalised
 * into the automaton) classifying a fixed title and body. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "rule.h"
#include "story.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const entities[] = { "openai", "msft", "altman", "오픈AI", "x.y-z_1", NULL };
#define NENT 5
#define NPHRASE 4

static int resolve(void *arg, const char *text, size_t len, int is_phrase, char *msg, size_t msglen)
{
	(void)arg;
	if (is_phrase) {
		if (len > 200) {
			snprintf(msg, msglen, "phrase too long");
			return -E2BIG;
		}
		return NENT + (int)(len % NPHRASE);
	}
	for (int i = 0; entities[i]; i++)
		if (strlen(entities[i]) == len && !strncasecmp(entities[i], text, len))
			return i;
	return -ENOENT; /* msg left empty: the parser names the entity */
}

static void on_err(void *arg, int col, const char *msg)
{
	if (col < 1 || !msg || !*msg)
		abort();
	++*(int *)arg;
}

static void on_story_err(void *arg, int line, int col, const char *msg)
{
	(void)line;
	if (col < 0 || !msg || !*msg)
		abort();
	++*(int *)arg;
}

static void rule_only(const char *src, uint32_t seed)
{
	struct nw_rule *r = NULL;
	unsigned char present[NENT + NPHRASE + 2];
	int nerr = 0, rc = nw_rule_parse(src, 1, resolve, NULL, on_err, &nerr, &r);

	if (rc == 0) {
		if (!r || nerr)
			abort();
		for (int round = 0; round < 4; round++) {
			char *e;

			for (size_t i = 0; i < sizeof(present); i++)
				present[i] = round == 0 ? 0 : round == 1 ? 1 : (seed >> (i % 32)) & 1;
			seed = seed * 1103515245u + 12345u;
			(void)nw_rule_eval(r, present, round == 3 ? 2 : sizeof(present));
			e = nw_rule_explain(r, present, sizeof(present), round & 1 ? NULL : "match",
					    "no match");
			if (!e)
				abort();
			free(e);
		}
		nw_rule_free(r);
	} else if (r || (rc == -EINVAL && !nerr)) {
		abort(); /* -EINVAL always comes with a reported error */
	}
}

static void in_story(const char *src)
{
	static const struct nw_kv kv[] = {
		{ (char *)"openai", (char *)"OpenAI | 오픈AI | 오픈 AI | オープンAI", 2 },
		{ (char *)"msft", (char *)"Microsoft | 마이크로소프트 | MS | マイクロソフト", 3 },
		{ (char *)"altman", (char *)"\"Sam Altman\" | 샘 알트먼 | サム・アルトマン", 4 },
	};
	static const struct nw_kvlist ents = { (struct nw_kv *)kv, 3 };
	struct nw_story_def def = { "fuzz", &ents, src, 5, "\"stock price\" OR NOT openai", 6, 0, 0, NULL };
	struct nw_classification c = { 0 };
	struct nw_storyset *set;
	int nerr = 0;

	set = nw_storyset_compile(&def, 1, on_story_err, &nerr);
	if (!set) {
		if (!nerr)
			abort();
		return;
	}
	if (nw_storyset_classify(set, "샘 알트먼, 마이크로소프트 합류: Sam Altman joins MS",
				 "OpenAI's board and the stock price of Microsoft; サム・アルトマン氏",
				 &c) == 0)
		nw_classification_free(&c);
	nw_storyset_free(set);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *src = malloc(size + 1);
	uint32_t seed = 2166136261u;

	if (!src)
		return 0;
	memcpy(src, data, size);
	src[size] = '\0';
	for (size_t i = 0; i < size; i++)
		seed = (seed ^ data[i]) * 16777619u;
	rule_only(src, seed);
	in_story(src);
	free(src);
	return 0;
}
