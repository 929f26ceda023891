/* test_dedup.c — near-duplicates and developments: copies in English, Korean and Japanese
 * (new headline, boilerplate, cut short, new first sentence, an edited sentence) are found;
 * other reports of the same event and templated reports with other figures are not;
 * a story's reports become new / known / update as a reader would call them. */
#include "config.h"
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <sqlite3.h>
#include "conf.h"
#include "dedup.h"
#include "develop.h"
#include "options.h"
#include "pipeline.h"
#include "plugin.h"
#include "profile.h"
#include "store.h"

static const char *EN =
	"The board of OpenAI said on Friday that it had removed Sam Altman as chief executive after a review "
	"found he had not been consistently candid in his communications. Chief technology officer Mira Murati "
	"will serve as interim chief executive while the company searches for a permanent successor. Microsoft, "
	"which has invested about $13 billion in the company, said it remained committed to the partnership. "
	"Greg Brockman, the company's president, will step down as chairman of the board but stay in his role. "
	"The decision stunned employees and investors, who learned of it minutes before the announcement.";

static const char *KO =
	"오픈AI 이사회는 17일 샘 알트먼 최고경영자를 해임했다고 밝혔다. 이사회는 알트먼이 소통 과정에서 일관되게 솔직하지 "
	"않았다고 설명했다. 미라 무라티 최고기술책임자가 임시 CEO를 맡는다. 오픈AI에 약 130억 달러를 투자한 마이크로소프트는 "
	"협력 관계를 유지하겠다고 했다. 그렉 브로크먼 사장은 이사회 의장직에서 물러난다.";

static const char *JA =
	"米オープンAIの取締役会は17日、サム・アルトマン最高経営責任者を解任したと発表した。取締役会はアルトマン氏が意思疎通に"
	"おいて一貫して率直ではなかったと説明した。ミラ・ムラティ最高技術責任者が暫定CEOに就く。約130億ドルを出資する"
	"マイクロソフトは提携を続けるとしている。グレッグ・ブロックマン社長は取締役会議長を退く。";

static struct nw_lexicon *lx;

static int setup(void **state)
{
	(void)state;
	lx = nw_lexicon_new();
	return lx ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	nw_lexicon_free(lx);
	return 0;
}

static void profile(const char *title, const char *body, struct nw_features *f)
{
	char *clean = nw_strip_boilerplate(lx, body);
	assert_int_equal(nw_features_extract(lx, title, clean, f), 0);
	free(clean);
}

static void nums_of(const struct nw_features *f, uint32_t *nums, size_t *n)
{
	*n = 0;
	for (size_t i = 0; i < f->nnums && *n < 16; i++)
		nums[(*n)++] = nw_fact_hash(f->nums[i].key);
}

/* Index `orig` as article 1, then look `copy` up. */
static int is_copy_t(const char *orig_title, const char *orig, const char *copy_title, const char *copy)
{
	struct nw_dedup_params p = { 14 * 86400, 0.65, 3 };
	struct nw_dedup *d = nw_dedup_new(&p);
	struct nw_features a, b;
	struct nw_dedup_hit hit;
	uint32_t na[16], nb[16];
	size_t nna, nnb;
	int r;

	profile(orig_title, orig, &a);
	profile(copy_title, copy, &b);
	nums_of(&a, na, &nna);
	nums_of(&b, nb, &nnb);
	assert_int_equal(nw_dedup_add(d, 1, 1, 1000, a.fp, a.nfp, na, nna, NULL, 0), 0);
	r = nw_dedup_find(d, 2000, b.fp, b.nfp, nb, nnb, b.ntitle_nums, NULL, 0, NULL, 0, NULL, 0, &hit);
	if (r == 1)
		assert_int_equal(hit.root, 1);
	nw_features_free(&a);
	nw_features_free(&b);
	nw_dedup_free(d);
	return r;
}

static int is_copy(const char *orig, const char *copy)
{
	return is_copy_t("Original", orig, "Another headline", copy);
}

static char *join(const char *a, const char *b)
{
	char *s;
	assert_true(asprintf(&s, "%s %s", a, b) > 0);
	return s;
}

/* The first n sentences of text. */
static char *first_sentences(const char *text, int n)
{
	const char *p = text;
	for (int i = 0; i < n && p; i++) {
		const char *a = strstr(p, ". "), *b = strstr(p, "다. "), *c = strstr(p, "。");
		const char *e = a;
		if (b && (!e || b < e))
			e = b + 3;
		if (c && (!e || c < e))
			e = c + 1;
		p = e ? e + 2 - (e == c + 1 ? 2 : 0) : NULL;
		if (e == c + 1)
			p = c + 3;
	}
	return p ? strndup(text, (size_t)(p - text)) : strdup(text);
}

static void test_copies_found(void **state)
{
	char *s;

	(void)state;
	assert_int_equal(is_copy(EN, EN), 1);
	s = join(EN, "This article originally appeared on Northgate Wire. All rights reserved.");
	assert_int_equal(is_copy(EN, s), 1);
	free(s);
	s = first_sentences(EN, 2);
	assert_int_equal(is_copy(EN, s), 1);
	free(s);
	s = join("Here is what we know so far about the biggest shake-up in the industry this year.", EN);
	assert_int_equal(is_copy(EN, s), 1);
	free(s);
	/* one sentence reworded */
	{
		char *e = strdup(EN), *at = strstr(e, "The decision stunned");
		strcpy(at, "Staff and backers were shocked and heard the news only minutes earlier.");
		assert_int_equal(is_copy(EN, e), 1);
		free(e);
	}
	s = join(KO, "무단전재 및 재배포 금지.");
	assert_int_equal(is_copy(KO, s), 1);
	free(s);
	s = first_sentences(JA, 3);
	assert_int_equal(is_copy(JA, s), 1);
	free(s);
}

#define LETTER "OpenAI staff threatened on Monday to quit and join Microsoft unless the board resigns. " \
	"The letter, addressed to the directors, says the board undermined the company's mission and " \
	"asks for the return of Sam Altman and Greg Brockman. Microsoft has offered jobs to all of them, " \
	"its chief technology officer said in a post, and several senior researchers have signed. " \
	"The board has not responded to the demand, which arrived hours after Altman joined Microsoft."

static void test_non_copies(void **state)
{
	(void)state;
	/* a wire story written through: the headline leads with a figure the first version lacked */
	assert_int_equal(is_copy_t("Nearly 500 OpenAI staff threaten to quit",
				   "Nearly 500 of the company's 770 employees signed. " LETTER,
				   "More than 700 OpenAI staff now back letter",
				   "More than 700 of the company's 770 employees have signed, up from nearly 500. " LETTER),
			 0);
	/* a headline that names a figure from far down a long list of them: still a copy */
	{
		const char *results = "Revenue was $61.9 billion. Cloud made $26.8 billion and devices $4.1 billion. "
				      "Gaming brought $5.5 billion, search $3.1 billion and LinkedIn $4.4 billion. "
				      "Operating income was $30.6 billion and net income $24.7 billion. Costs rose to "
				      "$18.2 billion, capital spending to $14 billion, buybacks to $5.4 billion, "
				      "dividends to $5.6 billion and other income to $47 billion. " LETTER;
		assert_int_equal(is_copy_t("Microsoft reports quarterly results", results,
					   "Microsoft other income hits $47 billion", results), 1);
	}
	/* headline-only flashes of two events, one word apart; the same flash again is a copy */
	assert_int_equal(is_copy_t("[속보] 오픈AI, 샘 알트먼 CEO 해임", "", "[속보] 오픈AI, 샘 알트먼 CEO 복귀", ""), 0);
	assert_int_equal(is_copy_t("[속보] 오픈AI, 샘 알트먼 CEO 해임", "", "오픈AI, 샘 알트먼 CEO 해임", ""), 1);
	/* a flash, then the full story that begins with it: a report of its own */
	{
		char *flash = first_sentences(EN, 1), *full = join(EN, LETTER);
		assert_int_equal(is_copy(flash, full), 0);
		assert_int_equal(is_copy(full, flash), 1); /* the other way round: an excerpt */
		free(flash);
		free(full);
	}
	/* but a new headline that gives one of the text's own figures in other words is a copy */
	assert_int_equal(is_copy_t("OpenAI staff threaten to quit", "The deal is worth $4.2 billion. " LETTER,
				   "Staff revolt puts 4.2 billion at stake", "The deal is worth $4.2 billion. " LETTER),
			 1);
	/* the same event in another language is coverage, not a copy */
	assert_int_equal(is_copy(EN, KO), 0);
	assert_int_equal(is_copy(KO, JA), 0);
	/* another outlet's own report of the same event */
	assert_int_equal(is_copy(EN, "Sam Altman is out at OpenAI. The startup's directors ousted their chief "
				     "executive on Friday, saying he had not been candid with them, and put Mira "
				     "Murati in charge for now. Microsoft, its largest backer, was told shortly "
				     "before the public statement and said the partnership continues."), 0);
	/* a templated market report of another day: the figures are the news */
	assert_int_equal(is_copy("The KOSPI closed at 2,501.32 on Monday, up 0.54% from the previous session, as "
				 "foreign investors bought a net 312.5 billion won of shares. Trading volume reached 412 "
				 "million shares. Samsung Electronics rose 1.2% while SK hynix fell 0.8%.",
				 "The KOSPI closed at 2,488.10 on Tuesday, down 0.53% from the previous session, as "
				 "foreign investors sold a net 221.3 billion won of shares. Trading volume reached 398 "
				 "million shares. Samsung Electronics fell 0.7% while SK hynix rose 1.1%."), 0);
}

static void test_window(void **state)
{
	struct nw_dedup_params p = { 86400, 0.65, 3 };
	struct nw_dedup *d = nw_dedup_new(&p);
	struct nw_features a;
	struct nw_dedup_hit hit;

	(void)state;
	profile("t", EN, &a);
	assert_int_equal(nw_dedup_add(d, 7, 7, 0, a.fp, a.nfp, NULL, 0, NULL, 0), 0);
	assert_int_equal(nw_dedup_find(d, 3600, a.fp, a.nfp, NULL, 0, 0, NULL, 0, NULL, 0, NULL, 0, &hit), 1);
	assert_int_equal(hit.article, 7);
	assert_int_equal(nw_dedup_find(d, 3 * 86400, a.fp, a.nfp, NULL, 0, 0, NULL, 0, NULL, 0, NULL, 0, &hit), 0);
	assert_true(hit.examined > 0);
	nw_features_free(&a);
	nw_dedup_free(d);
}

/* A write-through under its kept lede ("more than 700 of the company's 770 staff" put in
 * below "500 staff", the old text after it): what it adds is not worked out with its
 * features (an item that is no copy never needs it), but when asked for, from the same
 * body; without it the text is a copy, with it a write-through of the first version. */
static void test_write_through(void **state)
{
	static const char *lede = "Employees of OpenAI threatened on Monday to quit and join Microsoft unless the board "
				  "that fired chief executive Sam Altman resigned.";
	static const char *first =
		" In a letter to the board, 500 staff said they could no longer work with directors who lacked competence.";
	static const char *added = " By Monday afternoon more than 700 of the company's 770 staff had signed it.";
	static const char *rest =
		" The board said he had not been consistently candid in his communications with it. Microsoft, which has "
		"invested billions of dollars in the startup, said it remained committed to its partnership with the company. "
		"The abrupt move stunned Silicon Valley, where Altman had become the face of the generative artificial "
		"intelligence boom after the launch of ChatGPT a year ago. OpenAI was founded in 2015 as a nonprofit "
		"research lab and later created a capped-profit arm to raise money from investors.";
	struct nw_dedup_params p = { 86400, 0.65, 3 };
	struct nw_dedup *d = nw_dedup_new(&p);
	struct nw_dedup_addition add[NW_ADDITIONS];
	struct nw_features a, b;
	struct nw_dedup_hit hit;
	char orig[2048], wt[2048];
	uint32_t na[16], nb[16];
	size_t nna, nnb, nadds, seven = NW_ADDITIONS;

	(void)state;
	snprintf(orig, sizeof orig, "%s%s%s", lede, first, rest);
	snprintf(wt, sizeof wt, "%s%s%s%s", lede, first, added, rest);
	assert_int_equal(nw_features_extract(lx, "t", orig, &a), 0);
	assert_int_equal(nw_features_extract(lx, "t", wt, &b), 0);
	nums_of(&a, na, &nna);
	nums_of(&b, nb, &nnb);
	assert_int_equal(nw_dedup_add(d, 1, 1, 0, a.fp, a.nfp, na, nna, a.lede, a.nlede), 0);
	assert_true(b.nlede > 0);
	assert_int_equal(b.nadds, 0); /* not worked out yet */
	assert_null(b.adds);
	assert_int_equal(nw_dedup_find(d, 3600, b.fp, b.nfp, nb, nnb, b.ntitle_nums, b.lede, b.nlede, b.shingles,
				       b.nshingles, NULL, 0, &hit), 1);
	assert_int_equal(nw_features_additions(&b, "another body"), 0); /* not b's: none */
	assert_int_equal(b.nadds, 0);
	assert_int_equal(nw_features_additions(&b, wt), 0);
	assert_true(b.nadds > 0 && b.nadds <= NW_ADDITIONS);
	for (size_t i = 0; i < b.nadds; i++) {
		add[i] = (struct nw_dedup_addition){ nw_fact_hash(b.adds[i].fact.key), b.adds[i].name, b.adds[i].own,
						     b.adds[i].next, b.adds[i].nown, b.adds[i].nnext };
		if (strcmp(b.adds[i].fact.key, "n:700") == 0)
			seven = i;
	}
	assert_true(seven < b.nadds);
	assert_int_equal(nw_dedup_find(d, 3600, b.fp, b.nfp, nb, nnb, b.ntitle_nums, b.lede, b.nlede, b.shingles,
				       b.nshingles, add, b.nadds, &hit), 0);
	assert_true(hit.written & (1u << seven));
	nadds = b.nadds; /* once: asked again, they stay as they are */
	assert_int_equal(nw_features_additions(&b, wt), 0);
	assert_int_equal(b.nadds, nadds);
	nw_features_free(&a);
	nw_features_free(&b);
	nw_dedup_free(d);
}

/* The index at scale: 4000 articles of 60 fingerprints of their own (240,000, so the table
 * grows many times) and 5 that each shares with two neighbours. Each is
 * found by its own fingerprints after all the growing; one that shares only the common ones
 * is no copy; the lookup counts each stored article once. */
static void test_many(void **state)
{
	struct nw_dedup_params p = { 14 * 86400, 0.65, 3 };
	struct nw_dedup *d = nw_dedup_new(&p);
	struct nw_dedup_hit hit;
	uint32_t v[65];

	(void)state;
	for (uint32_t a = 0; a < 4000; a++) {
		for (uint32_t i = 0; i < 60; i++)
			v[i] = (a * 60 + i) * 2654435761u + 7;
		for (uint32_t i = 0; i < 5; i++)
			v[60 + i] = 0xC0FFEE00u + (a / 3) * 8 + i; /* shared by three neighbours */
		assert_int_equal(nw_dedup_add(d, 1 + a, 1 + a, 0, v, 65, NULL, 0, NULL, 0), 0);
	}
	assert_int_equal(nw_dedup_size(d), 4000);
	/* 246,670 distinct fingerprints (240,000 + 1334 x 5): slots of 8 bytes at least 3/8 full
	 * (with 16 at least 1/4 it was 8 MiB), the articles' records, the shared ones' postings */
	assert_true(nw_dedup_bytes(d) <= (size_t)246670 * 22 + 4096 * 88 + 300000);
	for (uint32_t a = 0; a < 4000; a += 37) {
		for (uint32_t i = 0; i < 60; i++)
			v[i] = (a * 60 + i) * 2654435761u + 7;
		assert_int_equal(nw_dedup_find(d, 0, v, 60, NULL, 0, 0, NULL, 0, NULL, 0, NULL, 0, &hit), 1);
		assert_int_equal(hit.article, 1 + a);
		assert_true(hit.containment == 1.0);
		assert_int_equal(hit.candidates, 1);
		for (uint32_t i = 0; i < 5; i++)
			v[60 + i] = 0xC0FFEE00u + (a / 3) * 8 + i;
		assert_int_equal(nw_dedup_find(d, 0, v, 65, NULL, 0, 0, NULL, 0, NULL, 0, NULL, 0, &hit), 1);
		assert_int_equal(hit.article, 1 + a);
		assert_int_equal(hit.candidates, 3);
	}
	for (uint32_t i = 0; i < 5; i++)
		v[i] = 0xC0FFEE00u + 9 * 8 + i;
	for (uint32_t i = 5; i < 60; i++)
		v[i] = 0xBAD00000u + i; /* nothing stored has these */
	assert_int_equal(nw_dedup_find(d, 0, v, 60, NULL, 0, 0, NULL, 0, NULL, 0, NULL, 0, &hit), 0);
	assert_int_equal(hit.candidates, 3); /* articles 28, 29 and 30 (27 / 3 = 9) have the five */
	assert_int_equal(hit.examined, 15);
	/* built again with room made for as many: the same table at once, the same answers */
	{
		struct nw_dedup *d2 = nw_dedup_new(&p);
		size_t before;
		assert_int_equal(nw_dedup_keys(d), 246670);
		assert_int_equal(nw_dedup_reserve(d2, nw_dedup_keys(d)), 0);
		before = nw_dedup_bytes(d2);
		assert_true(before >= (size_t)246670 * 8 * 4 / 3);
		for (uint32_t a = 0; a < 4000; a++) {
			for (uint32_t i = 0; i < 60; i++)
				v[i] = (a * 60 + i) * 2654435761u + 7;
			for (uint32_t i = 0; i < 5; i++)
				v[60 + i] = 0xC0FFEE00u + (a / 3) * 8 + i;
			assert_int_equal(nw_dedup_add(d2, 1 + a, 1 + a, 0, v, 65, NULL, 0, NULL, 0), 0);
		}
		assert_int_equal(nw_dedup_keys(d2), 246670);
		assert_true(nw_dedup_bytes(d2) <= nw_dedup_bytes(d)); /* the table grew no more (d has lookups' scratch too) */
		for (uint32_t i = 0; i < 60; i++)
			v[i] = (1234 * 60 + i) * 2654435761u + 7;
		assert_int_equal(nw_dedup_find(d2, 0, v, 60, NULL, 0, 0, NULL, 0, NULL, 0, NULL, 0, &hit), 1);
		assert_int_equal(hit.article, 1235);
		nw_dedup_free(d2);
	}
	nw_dedup_free(d);
}

/* A stock footer (stop-listed after 16 articles) leaves few usable fingerprints in a query:
 * containment is taken over the stored article's own usable ones, not scaled up by the
 * query's share of stock phrases. Before, a query sharing 4 of a short article's 20
 * fingerprints measured 4 / (20 x 20/100) = 1.0 and was folded into it. An article with the
 * same footer (added after it was stocked) is still found. */
static void test_stock_footer(void **state)
{
	struct nw_dedup_params p = { 14 * 86400, 0.65, 3 };
	struct nw_dedup *d = nw_dedup_new(&p);
	struct nw_dedup_hit hit;
	uint32_t shortdoc[20], v[90], q[100];
	size_t k = 0;

	(void)state;
	for (int i = 0; i < 20; i++)
		shortdoc[i] = 1000 + (uint32_t)i;
	assert_int_equal(nw_dedup_add(d, 1, 1, 0, shortdoc, 20, NULL, 0, NULL, 0), 0);
	for (int a = 0; a < 18; a++) { /* 18 articles of one outlet: 80 footer fingerprints each */
		for (int i = 0; i < 80; i++)
			v[i] = 5000 + (uint32_t)i;
		for (int i = 0; i < 10; i++)
			v[80 + i] = 90000 + (uint32_t)(a * 100 + i);
		assert_int_equal(nw_dedup_add(d, 100 + a, 100 + a, 0, v, 90, NULL, 0, NULL, 0), 0);
	}
	for (int i = 0; i < 4; i++)
		q[k++] = 1000 + (uint32_t)i; /* 4 of the short article's */
	for (int i = 0; i < 16; i++)
		q[k++] = 7000 + (uint32_t)i; /* its own */
	for (int i = 0; i < 80; i++)
		q[k++] = 5000 + (uint32_t)i; /* the footer */
	assert_int_equal(nw_dedup_find(d, 3600, q, k, NULL, 0, 0, NULL, 0, NULL, 0, NULL, 0, &hit), 0);
	/* a light edit of the last of the outlet's articles (its 10 own, 1 changed): a copy */
	for (int i = 0; i < 10; i++)
		q[i] = 90000 + 17 * 100 + (uint32_t)i;
	q[9] = 424242;
	for (int i = 0; i < 80; i++)
		q[10 + i] = 5000 + (uint32_t)i;
	assert_int_equal(nw_dedup_find(d, 3600, q, 90, NULL, 0, 0, NULL, 0, NULL, 0, NULL, 0, &hit), 1);
	assert_int_equal(hit.article, 117);
	assert_true(hit.containment <= 1.0);
	nw_dedup_free(d);
}

/* An outlet's stock tail, learnt from one document: what ends two items or more. */
static void test_footers(void **state)
{
	const char *bodies[] = {
		"米オープンAIは17日、アルトマンCEOを解任した。東都新報デジタルでは速報をアプリでお届けしています。"
		"有料会員になると全ての記事をお読みいただけます。",
		"オープンAIの取締役会は声明を出した。理由は明らかにしていない。東都新報デジタルでは速報をアプリでお届けしています。"
		"有料会員になると全ての記事をお読みいただけます。\n",
		"東都新報デジタルでは速報をアプリでお届けしています。有料会員になると全ての記事をお読みいただけます。",
		"A story of its own. It ends differently.",
		NULL,
	};
	struct nw_footers fs;
	const char *tail = "東都新報デジタルでは速報をアプリでお届けしています。";

	(void)state;
	assert_int_equal(nw_footers_learn(&fs, bodies, 5), 0);
	assert_int_equal(fs.n, 2);
	assert_int_equal(nw_footer_start(&fs, bodies[0]), (size_t)(strstr(bodies[0], tail) - bodies[0]));
	assert_int_equal(nw_footer_start(&fs, bodies[1]), (size_t)(strstr(bodies[1], tail) - bodies[1]));
	/* never the first sentence: an item that is all stock keeps it */
	assert_int_equal(nw_footer_start(&fs, bodies[2]), strlen(tail));
	assert_int_equal(nw_footer_start(&fs, bodies[3]), strlen(bodies[3]));
	/* only the tail: a stock sentence followed by news is news */
	assert_int_equal(nw_footer_start(&fs, "Lede here. 有料会員になると全ての記事をお読みいただけます。 But then news."),
			 strlen("Lede here. 有料会員になると全ての記事をお読みいただけます。 But then news."));
	nw_footers_free(&fs);
	/* a body that starts with white space keeps its first sentence too */
	{
		const char *b2[] = { "\nDownload our app for more news.", "\nDownload our app for more news." };
		struct nw_footers f2;
		assert_int_equal(nw_footers_learn(&f2, b2, 2), 0);
		assert_int_equal(f2.n, 1);
		assert_int_equal(nw_footer_start(&f2, b2[0]), strlen(b2[0]));
		nw_footers_free(&f2);
	}
	/* one item teaches nothing */
	assert_int_equal(nw_footers_learn(&fs, bodies, 1), 0);
	assert_int_equal(fs.n, 0);
	nw_footers_free(&fs);
}

static int has_fact(const struct nw_features *f, const char *key)
{
	for (size_t i = 0; i < f->nfacts; i++)
		if (strcmp(f->facts[i].key, key) == 0)
			return 1;
	return 0;
}

static const struct nw_fact *fact_of(const struct nw_features *f, const char *key)
{
	for (size_t i = 0; i < f->nfacts; i++)
		if (strcmp(f->facts[i].key, key) == 0)
			return &f->facts[i];
	return NULL;
}

/* People named with a title, in Korean and Japanese; and the sound that ties their spellings. */
static void test_people(void **state)
{
	struct nw_features f;
	const struct nw_fact *x;
	char a[32], b[32];

	(void)state;
	/* (the facts are the headline's and the lede's: two sentences) */
	profile("오픈AI 이사회, 브록먼 의장도 해임", "(서울=다온통신) 홍길동 기자 = 이사회 의장과 임시 CEO를 바꿨고, "
		"무라티가 최고기술책임자로 남았다. 재무장관 출신 솔덴전자 강태윤 대표도 왔다.", &f);
	assert_non_null(x = fact_of(&f, "name:브록먼"));
	assert_true(x->person && x->in_title);
	assert_null(fact_of(&f, "name:홍길동"));   /* a byline */
	assert_null(fact_of(&f, "name:이사회"));   /* the board */
	assert_null(fact_of(&f, "name:임시"));
	assert_null(fact_of(&f, "name:재무"));     /* 재무장관: one word */
	assert_null(fact_of(&f, "name:솔덴전자")); /* a company */
	assert_non_null(x = fact_of(&f, "name:무라티")); /* the subject's 가 goes */
	assert_true(x->person && !x->in_title);
	assert_non_null(fact_of(&f, "name:강태윤"));
	nw_features_free(&f);
	/* a Latin form in brackets keys the name as the Latin extractor does */
	profile("그레그 브로크먼(Greg Brockman) 사장 사임", "", &f);
	assert_non_null(x = fact_of(&f, "name:brockman"));
	assert_true(x->person);
	nw_features_free(&f);
	profile("ブロックマン社長も退社", "ケストレルのラマンCEOが就任。エネルギー政策は変わらない。", &f);
	assert_true((x = fact_of(&f, "name:ブロックマン")) && x->person && x->in_title);
	assert_true((x = fact_of(&f, "name:ラマン")) && x->person);
	assert_true((x = fact_of(&f, "name:エネルギー")) && !x->person); /* a loanword */
	nw_features_free(&f);
	/* one sound for a name's spellings in three scripts; another name's differs */
	assert_int_equal(nw_name_sound("brockman", a, sizeof a), 5);
	assert_string_equal(a, "PLKMN");
	const char *same[] = { "브로크먼", "브록먼", "ブロックマン", "Brockman" };
	for (size_t i = 0; i < 4; i++) {
		nw_name_sound(same[i], b, sizeof b);
		assert_string_equal(a, b);
	}
	nw_name_sound("altman", a, sizeof a);
	nw_name_sound("アルトマン", b, sizeof b);
	assert_string_equal(a, b);
	nw_name_sound("올트먼", b, sizeof b);
	assert_string_equal(a, b);
	nw_name_sound("라만", b, sizeof b);
	assert_string_not_equal(a, b);
	assert_int_equal(nw_name_sound("altman", a, 3), 2); /* bounded */
	assert_string_equal(a, "LT");

	/* English: a Latin name with its title before or after it, keyed by its last word as the
	 * Latin extractor keys it; none of a byline's, a place's, a product's or a company's */
	profile("OpenAI board removes Brockman as chairman too",
		"The board, after dismissing chief executive Sam Altman, said co-founder Ilya Sutskever stayed.", &f);
	assert_true((x = fact_of(&f, "name:brockman")) && x->person && x->in_title);
	assert_true((x = fact_of(&f, "name:altman")) && x->person && !x->in_title);
	assert_true((x = fact_of(&f, "name:sutskever")) && x->person);
	assert_true(!(x = fact_of(&f, "name:ilya")) || !x->person); /* the name's last word only */
	nw_features_free(&f);
	static const struct {
		const char *title, *body, *key;
		int person;
	} en[] = {
		{ "Chairman Greg Brockman quits", "", "name:brockman", 1 },
		{ "Chairman Greg Brockman quits", "", "name:greg", 0 },
		{ "Board fires CEO Sam Altman", "", "name:altman", 1 },
		{ "Biden meets Xi", "President Joe Biden met him.", "name:biden", 1 },
		{ "Board stays", "Mr. Toner stayed.", "name:toner", 1 }, /* a sentence's first word, by the fact */
		{ "Nadella speaks", "Nadella, the chief executive, said nothing.", "name:nadella", 1 },
		{ "Nadella speaks", "It said Satya Nadella, Microsoft's chief executive of ten years, agreed.",
		  "name:nadella", 1 },
		{ "Staff rehired", "Reporting by Jane Doe; Editing by Mark Potter.", "name:jane", 0 }, /* a byline */
		{ "Staff rehired", "By Jane Doe, in Washington.", "name:jane", 0 },
		{ "Staff rehired", "Reporting by Jane Doe; Editing by Mark Potter.", "name:potter", 0 },
		{ "Staff rehired", "They met at the President Hotel in Seoul.", "name:hotel", 0 }, /* a place */
		{ "Staff rehired", "They met at the President Hotel in Seoul.", "name:president", 0 },
		{ "Staff rehired", "Altman attended the Economic Cooperation CEO Summit.", "name:summit", 0 },
		{ "Staff rehired", "They watched the Director's Cut of Dune.", "name:cut", 0 }, /* a possessive */
		{ "Staff rehired", "It said Microsoft's Satya Nadella agreed.", "name:nadella", 0 }, /* a company's */
		{ "Staff rehired", "In Washington, the president said little.", "name:washington", 0 },
		{ "Staff rehired", "The board said Smith, the secretary of the board, spoke.", "name:smith", 1 },
		{ "OpenAI Chairman Resigns", "", "name:resigns", 0 }, /* capitals say nothing there */
	};
	for (size_t i = 0; i < sizeof en / sizeof *en; i++) {
		profile(en[i].title, en[i].body, &f);
		x = fact_of(&f, en[i].key);
		if ((x && x->person) != !!en[i].person)
			fail_msg("%s / %s: %s %s a person", en[i].title, en[i].body, en[i].key,
				 en[i].person ? "is not" : "is");
		nw_features_free(&f);
	}
}

static void test_profile(void **state)
{
	struct nw_features f;
	char *s;

	(void)state;
	profile("Microsoft to hold 27% of OpenAI valued at $135 billion", "In 2025, GPT-4 was old news.", &f);
	assert_true(has_fact(&f, "pct:27"));
	assert_true(has_fact(&f, "usd:1.35e+11"));
	assert_false(has_fact(&f, "n:2025"));
	assert_false(has_fact(&f, "n:4"));
	assert_string_equal(f.lang, "en");
	nw_features_free(&f);
	profile("MS, 오픈AI 지분 27% 확보…1,350억 달러 규모", "직원 700명이 서명했다. 2023년 11월 20일.", &f);
	assert_true(has_fact(&f, "pct:27"));
	assert_true(has_fact(&f, "usd:1.35e+11")); /* 1,350억 달러 = $135 billion */
	assert_true(has_fact(&f, "n:700"));
	assert_false(has_fact(&f, "n:11"));
	assert_string_equal(f.lang, "ko");
	assert_true(f.concepts != 0);
	nw_features_free(&f);
	/* numbers written in groups equal their Western forms */
	profile("볼타 집단소송 청구액 3억1000만달러, 리콜 14만5000대", "価格は8万9800円。5조6천억원 규모.", &f);
	assert_true(has_fact(&f, "usd:3.1e+08"));  /* = $310 million */
	assert_true(has_fact(&f, "n:1.45e+05"));   /* = 145,000 */
	assert_false(has_fact(&f, "n:5000"));      /* not read again as a number of its own */
	nw_features_free(&f);
	/* thousands written out inside a larger unit */
	profile("MS 지분 가치 1천350억달러, 2천500만명", "本文。", &f);
	assert_true(has_fact(&f, "usd:1.35e+11")); /* 1천350억달러 = $135 billion */
	assert_true(has_fact(&f, "n:2.5e+07"));
	assert_false(has_fact(&f, "usd:3.5e+10"));
	nw_features_free(&f);
	/* a conversion in brackets is the same fact again: not news, but the copy checks keep it */
	profile("MS 지분 가치 1천350억달러(약 193조원)", "価値は約1350億ドル（約20兆円）。Worth $135 billion (about £100 billion).", &f);
	assert_true(has_fact(&f, "usd:1.35e+11"));
	assert_false(has_fact(&f, "krw:1.93e+14"));
	assert_false(has_fact(&f, "jpy:2e+13"));
	assert_false(has_fact(&f, "gbp:1e+11"));
	{
		int kept = 0;
		for (size_t i = 0; i < f.nnums; i++)
			kept += strcmp(f.nums[i].key, "krw:1.93e+14") == 0;
		assert_int_equal(kept, 1);
	}
	nw_features_free(&f);
	/* a kicker that marks analysis or opinion */
	{
		static const struct {
			const char *title;
			int analysis;
		} kick[] = { { "Analysis: Microsoft emerges from the OpenAI crisis", 1 },
			     { "ANALYSIS-Microsoft emerges from the OpenAI crisis", 1 },
			     { "[뉴스 분석] 오픈AI·MS, 동맹에서 거래로", 1 },
			     { "【解説】オープンAI再編、何が変わるのか", 1 },
			     { "解説：オープンAI再編、マイクロソフトは何を得たか", 1 },
			     { "Opinion-poll shows OpenAI trusted less", 0 },
			     { "Microsoft-backed OpenAI fires Altman", 0 },
			     { "[속보] 오픈AI, 샘 알트먼 CEO 해임", 0 },
			     { "Five Days That Shook Silicon Valley", 0 } };
		for (size_t i = 0; i < sizeof kick / sizeof *kick; i++) {
			profile(kick[i].title, "OpenAI and Microsoft.", &f);
			if (f.analysis != kick[i].analysis)
				fail_msg("%s: analysis %d", kick[i].title, f.analysis);
			nw_features_free(&f);
		}
	}
	/* a share in brackets after a count converts nothing */
	profile("t", "OpenAI has 770 employees (95%) who signed. Costs $10 million (up 20%).", &f);
	assert_true(has_fact(&f, "pct:95"));
	assert_true(has_fact(&f, "pct:20"));
	nw_features_free(&f);
	/* a span of time is no figure, in any language ("90日" never was) */
	profile("Review to last 90 days", "It may take 120 days.", &f);
	assert_false(has_fact(&f, "n:90"));
	assert_false(has_fact(&f, "n:120"));
	nw_features_free(&f);
	profile("Volta owners seek $310 million", "It sold 89,800 yen units.", &f);
	assert_true(has_fact(&f, "usd:3.1e+08"));
	nw_features_free(&f);
	profile("t", "価格は8万9800円。規模は5조6천억원.", &f);
	assert_true(has_fact(&f, "jpy:8.98e+04") || f.nnums > 0);
	nw_features_free(&f);
	profile("オープンAI、アルトマンCEOを解任", "取締役会が発表した。", &f);
	assert_string_equal(f.lang, "ja");
	assert_string_equal(nw_concept_name((unsigned)__builtin_ctzll(f.concepts)), "dismissal");
	nw_features_free(&f);
	/* a body of kanji and figures only: the title's kana tell Japanese from Chinese */
	profile("オープンAI、理事会が緊急会合", "OpenAI 理事会 緊急会合 11月17日", &f);
	assert_string_equal(f.lang, "ja");
	nw_features_free(&f);
	profile("开放人工智能董事会紧急会议", "OpenAI 理事会 緊急会合 11月17日", &f);
	assert_string_equal(f.lang, "zh");
	nw_features_free(&f);
	/* a Taiwanese headline's の is not Japanese; nor is a long body without kana */
	profile("台積電の新廠動工", "台積電今日在高雄舉行新廠動土典禮，預計明年量產。", &f);
	assert_string_equal(f.lang, "zh");
	nw_features_free(&f);
	profile("オープンAI、理事会が緊急会合",
		"开放人工智能公司董事会周五宣布解除首席执行官职务，称其在与董事会沟通中不够坦诚，首席技术官将出任临时首席执行官。",
		&f);
	assert_string_equal(f.lang, "zh");
	nw_features_free(&f);
	s = nw_strip_boilerplate(lx, "Real news here. This article originally appeared on Wire. © 2023 Wire.");
	assert_string_equal(s, "Real news here.");
	free(s);
	/* ASCII letters in either case; a Korean line; a phrase only on the first 1023 bytes of
	 * a sentence counts */
	s = nw_strip_boilerplate(lx, "Profits rose. CLICK HERE to Subscribe.\n무단 전재 및 재배포 금지\nThe end.");
	assert_string_equal(s, "Profits rose.\nThe end."); /* the newline is a sentence of its own */
	free(s);
	/* words of reporting that are also footers' words: only a sentence that begins with
	 * them is a footer */
	s = nw_strip_boilerplate(lx, "The Times sued OpenAI and Microsoft for copyright infringement. "
				     "Microsoft's share on a diluted basis is about 27%. Users who sign up for "
				     "ChatGPT pay $20. Copyrighted books were used, it says. (Reporting by Ann Lee; "
				     "Editing by Bo Kim)\nCopyright 2023 Wire.\nShare on X\nRead more: OpenAI's board");
	assert_string_equal(s, "The Times sued OpenAI and Microsoft for copyright infringement. Microsoft's share on "
			       "a diluted basis is about 27%. Users who sign up for ChatGPT pay $20. Copyrighted books "
			       "were used, it says.");
	free(s);
	/* a footer's phrase after a mark of any script still begins the sentence */
	s = nw_strip_boilerplate(lx, "本文。【関連記事】オープンAI、新CEO\n▶ Subscribe to our newsletter.\n— Reporting by Jane Doe\n"
				     "\u3000Copyright 2023 X.\n“Read more” below.");
	assert_string_equal(s, "本文。");
	free(s);
	s = nw_strip_boilerplate(lx, "ニューヨーク・タイムズはオープンAIを著作権侵害で提訴した。著作権は東邦経済新聞社に帰属します。"
				     "\n저작권자들은 오픈AI를 고소했다.\n<저작권자 ⓒ 누리통신, 무단전재 및 재배포 금지>");
	assert_string_equal(s, "ニューヨーク・タイムズはオープンAIを著作権侵害で提訴した。\n저작권자들은 오픈AI를 고소했다.");
	free(s);
	/* a mark of a footer that also begins reports: a footer only with no word after it;
	 * a weak phrase that is also words of a report, only at the start */
	s = nw_strip_boilerplate(lx, "Copyright lawsuits against OpenAI are piling up. Microsoft said OpenAI would "
				     "follow US export rules. 著作権を巡り、米紙がオープンAIを提訴した。"
				     "\n저작권자 단체는 오픈AI를 고소했다.\nCopyright (c) 2023 Wire.\nCopyright: Wire\n"
				     "COPYRIGHT © X\n저작권자 © 누리통신\n저작권자(c)누리\n著作権　2023\nFollow us on X.\n"
				     "Copyright Reuters.\nCopyright by Yonhap News.\nFor more news, follow us on X.");
	assert_string_equal(s, "Copyright lawsuits against OpenAI are piling up. Microsoft said OpenAI would follow US "
			       "export rules. 著作権を巡り、米紙がオープンAIを提訴した。\n저작권자 단체는 오픈AI를 고소했다.");
	free(s);
	{
		char long_sentence[1100 + 32];
		memset(long_sentence, 'x', 1100);
		memcpy(long_sentence + 1010, "click here", 10); /* ends at byte 1020: seen */
		strcpy(long_sentence + 1100, ".");
		s = nw_strip_boilerplate(lx, long_sentence);
		assert_string_equal(s, "");
		free(s);
		memset(long_sentence, 'x', 1100);
		memcpy(long_sentence + 1015, "click here", 10); /* ends at byte 1025: not seen */
		s = nw_strip_boilerplate(lx, long_sentence);
		assert_int_equal(strlen(s), 1101);
		free(s);
	}
}

/* Developments through a real store. */
static void test_developments(void **state)
{
	char path[] = "/tmp/nw-test-dev-XXXXXX", err[256];
	struct nw_store *st;
	struct nw_dev_params p = { 7 * 86400, 0.45 };
	struct nw_strlist ents = { 0 };
	struct nw_story_match m = { 0 };
	struct nw_devcache *dc = nw_devcache_new();
	int64_t story, t = 1700000000;
	int fd = mkstemp(path);
	struct {
		const char *title, *body, *verdict;
		int dev; /* expected development: index of the report that opened it; -1 any */
		const char *fact; /* an update's first new fact */
	} reports[] = {
		{ "OpenAI board fires Sam Altman", "The board removed its chief executive on Friday.", "new", 0, NULL },
		{ "오픈AI 이사회, 샘 알트먼 해임", "오픈AI 이사회가 알트먼 CEO를 해임했다.", "known", 0, NULL },
		{ "オープンAI、アルトマンCEOを解任", "取締役会が解任を発表した。", "known", 0, NULL },
		{ "Microsoft hires Sam Altman to lead new AI team", "Microsoft said it hired Altman.", "new", 3, NULL },
		{ "Nearly 500 OpenAI staff sign letter threatening to quit", "About 500 employees signed a letter.",
		  "new", 4, NULL },
		{ "More than 700 OpenAI staff now back the letter", "The letter now has 700 signatures.", "update", 4,
		  "700" },
		{ "직원 700명, 이사회 사퇴 요구 서한에 서명", "오픈AI 직원 700명이 서한에 서명했다.", "known", 4, NULL },
		/* a headline whose figures are all a development's is that development, though it
		 * quotes a word of another event ("unless Altman returns") */
		{ "오픈AI 직원 500명→700명 \"알트먼 복귀 안 하면 떠난다\"", "서한 서명자가 하루 만에 늘었다.", "known", 4, NULL },
		/* a development first reported without figures takes its first ones, from the lede
		 * too, as an update */
		{ "OpenAI completes restructuring into a public benefit corporation",
		  "OpenAI finished its overhaul on Tuesday.", "new", 8, NULL },
		{ "OpenAI restructuring complete: what its backer gets",
		  "Microsoft will hold a stake of about 27% in the restructured OpenAI.", "update", 8, "27%" },
		/* analysis reports what the story had, though it names a new event and name */
		{ "Analysis: after the walkout threat, Nadella holds the cards",
		  "Satya Nadella may have won the week, whatever the board decides.", "known", -1, NULL },
		/* a Title Case headline names no one; the story's own names are no news */
		{ "Five Days That Shook Silicon Valley: Lessons From the OpenAI Saga",
		  "What a week for Sam Altman and for Microsoft, the largest backer of OpenAI.", "known", -1, NULL },
	};
	int64_t devs[16] = { 0 };
	struct nw_alias_hit hits[] = { { "altman", "Sam Altman", 0, 0, 0 }, { "openai", "OpenAI", 0, 0, 0 },
				       { "msft", "Microsoft", 0, 0, 0 } };

	(void)state;
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(nw_store_open(path, 0, &st, err, sizeof err), 0);
	assert_int_equal(nw_store_story(st, "saga", &story), 0);
	nw_strlist_add(&ents, "altman");
	nw_strlist_add(&ents, "openai");
	m.entities = ents;
	m.hits = hits;
	m.nhits = 3;
	for (size_t i = 0; i < sizeof reports / sizeof *reports; i++) {
		struct nw_features f;
		struct nw_dev_result r;
		struct nw_item it = { .title = (char *)reports[i].title, .published = NW_TIME_NONE,
				      .updated = NW_TIME_NONE };
		int64_t article;
		assert_int_equal(nw_store_article_add(st, &it, NULL, NULL, 0, t, &article), 0);
		profile(reports[i].title, reports[i].body, &f);
		/* every other report finds the developments in the cache, the rest in the store
		 * (as after a rollback): the verdicts are the same either way */
		if (i % 2)
			nw_devcache_clear(dc);
		assert_int_equal(nw_develop(dc, st, story, &p, article, reports[i].title, &f, &m,
					    t + (int64_t)i * 3600, &r), 0);
		if (strcmp(r.verdict, reports[i].verdict) != 0)
			fail_msg("report %zu (%s): verdict %s, want %s", i, reports[i].title, r.verdict, reports[i].verdict);
		devs[i] = r.dev;
		if (reports[i].dev >= 0)
			assert_int_equal(r.dev, devs[reports[i].dev]);
		if (strcmp(r.verdict, "update") == 0)
			assert_string_equal(json_string_value(json_array_get(r.new_facts, 0)), reports[i].fact);
		json_decref(r.new_facts);
		nw_features_free(&f);
	}
	nw_strlist_free(&ents);
	nw_devcache_free(dc);
	nw_store_close(st);
	unlink(path);
}

/* One report through connection st and cache dc: its verdict and development. */
static void report_on(struct nw_store *st, struct nw_devcache *dc, int64_t story, const struct nw_strlist *ents,
		      const char *title, const char *body, int64_t t, struct nw_dev_result *r)
{
	struct nw_dev_params p = { 7 * 86400, 0.45 };
	struct nw_item it = { .title = (char *)title, .published = NW_TIME_NONE, .updated = NW_TIME_NONE };
	struct nw_features f;
	struct nw_story_match m = { .entities = *ents };
	int64_t article;

	assert_int_equal(nw_store_article_add(st, &it, NULL, NULL, 0, t, &article), 0);
	profile(title, body, &f);
	assert_int_equal(nw_develop(dc, st, story, &p, article, title, &f, &m, t, r), 0);
	json_decref(r->new_facts);
	nw_features_free(&f);
}

/* A development another process added (a second connection, as a replay into a live store
 * would) is a candidate for the next report: the cache of the first is read again. */
static void test_developments_other_writer(void **state)
{
	char path[] = "/tmp/nw-test-dev2-XXXXXX", err[256];
	struct nw_store *a, *b;
	struct nw_devcache *da = nw_devcache_new(), *db = nw_devcache_new();
	struct nw_strlist ents = { 0 };
	struct nw_dev_result r1, r2, r3;
	int64_t story, t = 1700000000;
	int fd = mkstemp(path);
	const char *hire = "Microsoft hires Sam Altman to lead new AI team", *hired = "Microsoft said it hired Altman.";

	(void)state;
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(nw_store_open(path, 0, &a, err, sizeof err), 0);
	assert_int_equal(nw_store_open(path, 0, &b, err, sizeof err), 0);
	assert_int_equal(nw_store_story(a, "saga", &story), 0);
	nw_strlist_add(&ents, "altman");
	nw_strlist_add(&ents, "openai");
	report_on(a, da, story, &ents, "OpenAI board fires Sam Altman", "The board removed its chief executive.", t,
		  &r1);
	assert_string_equal(r1.verdict, "new");
	report_on(b, db, story, &ents, hire, hired, t + 3600, &r2);
	assert_string_equal(r2.verdict, "new");
	report_on(a, da, story, &ents, hire, hired, t + 7200, &r3);
	assert_string_equal(r3.verdict, "known");
	assert_int_equal(r3.dev, r2.dev);
	nw_strlist_free(&ents);
	nw_devcache_free(da);
	nw_devcache_free(db);
	nw_store_close(b);
	nw_store_close(a);
	unlink(path);
}

static int64_t fingerprints(const char *path)
{
	sqlite3 *db;
	sqlite3_stmt *s;
	int64_t n = -1;

	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT count(*) FROM fingerprints", -1, &s, NULL), SQLITE_OK);
	if (sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	sqlite3_close(db);
	return n;
}

/* A daemon started with its clock a year ahead, set right by NTP minutes later: the
 * fingerprints older than dedup_window (14 days) are pruned at once, not only once the
 * clock has caught up with the wrong time it last pruned at (a year of growth). */
static void test_clock_set_back(void **state)
{
	char path[] = "/tmp/nw-test-clock-XXXXXX", conf_path[64], err[512];
	int fd = mkstemp(path);
	const int64_t now = 1700000000, ahead = now + 365 * 86400;
	struct nw_plugins *reg = nw_plugins_new();
	struct nw_errors errs = { 0 };
	struct nw_conf *conf;
	struct nw_store *st;
	struct nw_pipeline *pl;
	struct nw_pipeline_stats stats;
	FILE *fp;

	(void)state;
	assert_true(fd >= 0);
	close(fd);
	snprintf(conf_path, sizeof conf_path, "%s.conf", path);
	assert_non_null(fp = fopen(conf_path, "w"));
	fprintf(fp, "[daemon]\ndatabase = %s\n[feed wire]\nurl = http://example.invalid/feed.xml\n", path);
	fclose(fp);
	conf = nw_conf_load(conf_path, reg, &errs);
	if (!conf) {
		nw_errors_print(&errs, stderr);
		fail_msg("conf");
	}
	assert_int_equal(nw_store_open(path, 0, &st, err, sizeof err), 0);
	assert_non_null(pl = nw_pipeline_new(st, conf, ahead, err, sizeof err));
	for (int i = 0; i < 2; i++) {
		/* a report 30 days old, fetched at the clock's wrong time, then at the right one */
		struct nw_item it = { .id = i ? "b" : "a", .link = i ? "https://x.example.com/b" : "https://x.example.com/a",
				      .title = i ? "Harbour cranes stand idle after a strike" : "A port opens a third terminal",
				      .summary = i ? "Dockers walked out on Monday over pay; ships queue outside the harbour."
						   : "The port authority opened its third container terminal on Friday.",
				      .published = now - 30 * 86400, .updated = NW_TIME_NONE };
		struct nw_doc doc = { .items = &it, .nitems = 1 };
		if (nw_pipeline_run(pl, st, conf, nw_conf_feed(conf, "wire"), &doc, i ? now : ahead, NULL, NULL, &stats,
				    err, sizeof err))
			fail_msg("run %d: %s", i, err);
		/* the first: pruned before, its own stays; the second: the first's is pruned */
		if (fingerprints(path) != 1)
			fail_msg("after run %d: %lld fingerprints, want 1", i, (long long)fingerprints(path));
	}
	nw_pipeline_free(pl);
	nw_store_close(st);
	nw_conf_free(conf);
	nw_errors_free(&errs);
	nw_plugins_free(reg);
	unlink(conf_path);
	unlink(path);
	/* the WAL and its index stay when a store closes */
	snprintf(conf_path, sizeof conf_path, "%s-wal", path);
	unlink(conf_path);
	snprintf(conf_path, sizeof conf_path, "%s-shm", path);
	unlink(conf_path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_copies_found), cmocka_unit_test(test_non_copies), cmocka_unit_test(test_window),
		cmocka_unit_test(test_write_through), cmocka_unit_test(test_many), cmocka_unit_test(test_stock_footer), cmocka_unit_test(test_footers),
		cmocka_unit_test(test_profile), cmocka_unit_test(test_people), cmocka_unit_test(test_developments),
		cmocka_unit_test(test_developments_other_writer), cmocka_unit_test(test_clock_set_back),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
