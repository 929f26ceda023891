/* match-bench.c — throughput of the text path (issue 4 item 5): normalisation MB/s
 * (nw_text_normalize), matching MB/s of normalised text through one automaton of 500 aliases
 * (nw_matcher_scan), and full classification items/s of 1 KB items over 20 stories
 * (nw_storyset_classify). Built and run by bench/run; not part of `make check`.
 *
 *   match-bench [--mb N] [--json FILE]
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "match.h"
#include "story.h"
#include "text.h"

#define NSTORIES 20
#define NENT 5            /* entities per story */
#define NALIAS 5          /* aliases per entity: 20 * 5 * 5 = 500 aliases */
#define ITEM_BYTES 1024   /* classification items */
#define MIN_SECONDS 1.0   /* each measurement repeats until it has run this long */

static uint64_t rng_state = 0x9E3779B97F4A7C15ull;

static uint32_t rnd(uint32_t n)
{
	/* xorshift64*: deterministic, so every run measures the same text */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (uint32_t)((rng_state * 2685821657736338717ull) >> 32) % n;
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

struct buf {
	char *p;
	size_t len, cap;
};

static void put(struct buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->p = realloc(b->p, b->cap);
		if (!b->p) {
			perror("match-bench");
			exit(1);
		}
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = 0;
}

static void puts_(struct buf *b, const char *s)
{
	put(b, s, strlen(s));
}


/* ---- vocabulary: everyday news text in three languages ---- */

static const char *const ko_words[] = {
	"정부는", "업계", "관계자는", "반도체", "수출", "전망을", "발표했다.", "인공지능", "규제",
	"방안을", "검토하고", "있다고", "밝혔다.", "데이터센터", "투자", "계획을", "공개했다.",
	"전기차", "배터리", "공급망", "기준금리", "동결", "배경을", "설명했다.", "부동산", "시장",
	"안정", "대책을", "내놓았다.", "클라우드", "서비스", "요금", "인상", "청년", "일자리",
	"정책", "스타트업", "지원", "예산", "개인정보", "보호", "지침", "해외", "진출", "전략",
	"탄소", "중립", "목표", "디지털", "전환", "분기", "실적", "1,350억", "원", "27%", "증가했다.",
	"이날", "지난주", "하반기", "국회는", "연구진은", "소비자", "단체는", "노동조합은", "서울시는",
};
static const char *const ja_words[] = {
	"政府は", "半導体の", "輸出見通しを", "発表した。", "人工知能の", "規制案を", "検討している",
	"と明らかにした。", "データセンターへの", "投資計画を", "公表した。", "電気自動車の", "電池",
	"供給網", "金利", "据え置き", "の背景を", "説明した。", "住宅市場の", "安定策を", "打ち出した。",
	"クラウド", "サービスの", "料金を", "若者の", "雇用対策", "新興企業の", "支援予算", "個人情報",
	"保護の", "指針", "海外展開の", "戦略", "脱炭素の", "目標", "デジタル化の", "工程表", "四半期",
	"決算", "１３５億ドル", "２７％", "増加した。", "同日", "先週", "今年後半に", "国会は",
	"研究チームは", "消費者団体は", "労働組合は", "東京都は", "「", "」", "、",
};
static const char *const en_words[] = {
	"The", "government", "announced", "a", "draft", "rule", "on", "artificial", "intelligence",
	"said", "it", "was", "reviewing", "its", "chip", "export", "outlook.", "Industry",
	"officials", "stressed", "the", "data-centre", "investment", "plan", "for", "electric-vehicle",
	"battery", "supply", "chain.", "Regulators", "held", "rates", "citing", "housing", "market",
	"measures,", "cloud", "service", "pricing", "and", "youth", "employment.", "Analysts",
	"expect", "$135B", "in", "revenue,", "up", "27%", "from", "last", "year.", "Lawmakers",
	"backed", "privacy", "guidelines", "while", "unions", "criticised", "hiring", "plans.",
	"AIDS", "said.", "MSFT", "Amsterdam", "FAIR", "(Reuters)", "—", "’s",
};

#define NWORDS(a) (sizeof(a) / sizeof((a)[0]))

/* ---- synthetic aliases: names in Hangul, Katakana and Latin ---- */

static const char *const hangul[] = { "가", "나", "다", "라", "마", "바", "사", "아", "자", "차",
	"카", "타", "파", "하", "민", "준", "서", "윤", "현", "지", "영", "호", "진", "수", "트", "크",
	"스", "프", "로", "소", "먼", "알", "샘", "오", "픈" };
static const char *const kana[] = { "ア", "イ", "ウ", "エ", "オ", "カ", "キ", "ク", "ケ", "コ",
	"サ", "シ", "ス", "セ", "ソ", "タ", "チ", "ツ", "テ", "ト", "ナ", "ニ", "マ", "ミ", "ム",
	"ラ", "リ", "ル", "レ", "ロ", "ン", "ー", "フ", "ト" };
static const char *const latin_syl[] = { "al", "tor", "vin", "ka", "mer", "son", "lex", "dra",
	"no", "vi", "qua", "zen", "tri", "bel", "cor", "das", "fen", "gro", "hal", "jur", "mon",
	"pix", "rus", "tek" };

static char *make_alias(int kind)
{
	struct buf b = { 0 };
	int i, n;

	switch (kind) {
	case 0: /* Korean: 3-5 syllables, sometimes two words (spacing variants) */
		n = 3 + rnd(3);
		for (i = 0; i < n; i++) {
			if (i == 2 && rnd(3) == 0)
				puts_(&b, " ");
			puts_(&b, hangul[rnd(NWORDS(hangul))]);
		}
		break;
	case 1: /* Japanese: 3-6 katakana, sometimes with a middle dot */
		n = 3 + rnd(4);
		for (i = 0; i < n; i++) {
			if (i == 3 && rnd(3) == 0)
				puts_(&b, "・");
			puts_(&b, kana[rnd(NWORDS(kana))]);
		}
		break;
	case 2: /* English: one or two capitalised words */
	default:
		n = 2 + rnd(2);
		for (i = 0; i < n; i++)
			puts_(&b, latin_syl[rnd(NWORDS(latin_syl))]);
		b.p[0] = (char)(b.p[0] - 'a' + 'A');
		if (rnd(2)) {
			size_t at = b.len;
			puts_(&b, " ");
			n = 2 + rnd(2);
			for (i = 0; i < n; i++)
				puts_(&b, latin_syl[rnd(NWORDS(latin_syl))]);
			b.p[at + 1] = (char)(b.p[at + 1] - 'a' + 'A');
		}
		break;
	}
	return b.p;
}

static char *aliases[NSTORIES * NENT * NALIAS];
static size_t naliases;

/* Text of about `bytes` bytes in runs of one language, with an alias about every 2 KB. */
static void gen_text(struct buf *out, size_t bytes)
{
	while (out->len < bytes) {
		int lang = (int)rnd(3), n = 20 + (int)rnd(60), i;
		for (i = 0; i < n; i++) {
			if (rnd(300) == 0) {
				puts_(out, aliases[rnd((uint32_t)naliases)]);
				puts_(out, lang == 0 ? "는 " : lang == 1 ? "は" : " ");
				continue;
			}
			if (lang == 0) {
				puts_(out, ko_words[rnd(NWORDS(ko_words))]);
				puts_(out, " ");
			} else if (lang == 1) {
				puts_(out, ja_words[rnd(NWORDS(ja_words))]);
			} else {
				puts_(out, en_words[rnd(NWORDS(en_words))]);
				puts_(out, " ");
			}
		}
		puts_(out, lang == 1 ? "。\n" : "\n");
	}
}

/* Split points near every `size` bytes, on a line or space boundary (valid UTF-8 pieces). */
static size_t split(const char *p, size_t len, size_t size, size_t **cuts)
{
	size_t n = 0, cap = len / size + 2, at = 0;

	*cuts = malloc(cap * sizeof(**cuts));
	(*cuts)[n++] = 0;
	while (at < len) {
		size_t next = at + size;
		if (next >= len) {
			next = len;
		} else {
			while (next < len && p[next] != ' ' && p[next] != '\n')
				next++;
			if (next < len)
				next++;
		}
		if (n == cap)
			*cuts = realloc(*cuts, (cap *= 2) * sizeof(**cuts));
		(*cuts)[n++] = next;
		at = next;
	}
	return n - 1; /* pieces: [cuts[i], cuts[i+1]) */
}

static int count_hit(void *arg, uint32_t id, size_t start, size_t end)
{
	(*(size_t *)arg)++;
	return 0;
}

static void story_err(void *arg, int line, int col, const char *msg)
{
	fprintf(stderr, "match-bench: story rule: line %d col %d: %s\n", line, col, msg);
}

int main(int argc, char **argv)
{
	size_t mb = 20, i, j, k, npieces, *cuts, hits = 0, nitems;
	const char *json = NULL;
	struct buf text = { 0 }, norm = { 0 };
	double t0, t, best_norm = 1e9, best_scan = 1e9, best_cls = 1e9, elapsed;
	int reps;
	static struct nw_kv kvs[NSTORIES][NENT];
	static struct nw_kvlist kvl[NSTORIES];
	static struct nw_story_def defs[NSTORIES];
	static char names[NSTORIES][NENT][16], snames[NSTORIES][16], rules[NSTORIES][128];
	struct nw_matcher *m;
	struct nw_storyset *set;
	size_t matched_items = 0, cls_hits = 0;

	for (i = 1; i < (size_t)argc; i++) {
		if (!strcmp(argv[i], "--mb") && i + 1 < (size_t)argc)
			mb = strtoul(argv[++i], NULL, 10);
		else if (!strcmp(argv[i], "--json") && i + 1 < (size_t)argc)
			json = argv[++i];
		else {
			fprintf(stderr, "usage: match-bench [--mb N] [--json FILE]\n");
			return 2;
		}
	}
	if (mb < 1 || mb > 1024) {
		fprintf(stderr, "match-bench: --mb 1..1024\n");
		return 2;
	}

	/* 20 stories x 5 entities x 5 aliases, mixed scripts in every entity */
	for (i = 0; i < NSTORIES; i++) {
		for (j = 0; j < NENT; j++) {
			struct buf v = { 0 };
			for (k = 0; k < NALIAS; k++) {
				char *a = make_alias((int)((i + j + k) % 3));
				aliases[naliases++] = a;
				if (k)
					puts_(&v, " | ");
				puts_(&v, a);
			}
			snprintf(names[i][j], sizeof(names[i][j]), "e%zu", j);
			kvs[i][j] = (struct nw_kv){ .key = names[i][j], .value = v.p, .line = (int)(i * 10 + j + 1) };
		}
		kvl[i] = (struct nw_kvlist){ .v = kvs[i], .n = NENT };
		snprintf(snames[i], sizeof(snames[i]), "story%02zu", i);
		/* a mix of rule shapes; every fourth story uses the default (any entity) */
		if (i % 4 == 3)
			rules[i][0] = 0;
		else if (i % 4 == 0)
			snprintf(rules[i], sizeof(rules[i]), "e0 AND (e1 OR e2) AND NOT e4");
		else if (i % 4 == 1)
			snprintf(rules[i], sizeof(rules[i]), "(e0 OR e1) AND (e2 OR e3)");
		else
			snprintf(rules[i], sizeof(rules[i]), "e0 OR e1 OR e2 OR e3 OR e4");
		defs[i] = (struct nw_story_def){ .name = snames[i], .entities = &kvl[i],
						 .match = rules[i][0] ? rules[i] : NULL,
						 .match_line = (int)(i * 10) };
	}

	gen_text(&text, mb << 20);
	printf("match-bench: %.1f MB of mixed ko/ja/en text, %zu stories, %zu aliases\n",
	       text.len / 1048576.0, (size_t)NSTORIES, naliases);

	/* (a) normalisation, in ~1 KB pieces as the pipeline normalises fields */
	npieces = split(text.p, text.len, ITEM_BYTES, &cuts);
	for (i = 0; i < npieces; i++) { /* untimed pass: the normalised text for (b) */
		size_t ol;
		char *o = nw_text_normalize(text.p + cuts[i], cuts[i + 1] - cuts[i], &ol);
		if (!o) {
			fprintf(stderr, "match-bench: nw_text_normalize failed\n");
			return 1;
		}
		put(&norm, o, ol);
		put(&norm, " ", 1);
		free(o);
	}
	elapsed = 0;
	for (reps = 0; reps < 3 || elapsed < MIN_SECONDS; reps++) {
		t0 = now();
		for (i = 0; i < npieces; i++) {
			size_t ol;
			free(nw_text_normalize(text.p + cuts[i], cuts[i + 1] - cuts[i], &ol));
		}
		t = now() - t0;
		elapsed += t;
		if (t < best_norm)
			best_norm = t;
	}
	printf("  (a) normalise  %8.1f MB/s   (%zu pieces of ~%d B, best of %d passes)\n",
	       text.len / 1048576.0 / best_norm, npieces, ITEM_BYTES, reps);

	/* (b) one automaton of the 500 aliases over the normalised text */
	m = nw_matcher_new();
	for (i = 0; i < naliases; i++) {
		size_t nl;
		char *na = nw_text_normalize(aliases[i], strlen(aliases[i]), &nl);
		int r = nw_matcher_add(m, na, nl, (uint32_t)i);
		if (r) {
			fprintf(stderr, "match-bench: nw_matcher_add(%s): %s\n", aliases[i], strerror(-r));
			return 1;
		}
		free(na);
	}
	t0 = now();
	if (nw_matcher_compile(m)) {
		fprintf(stderr, "match-bench: nw_matcher_compile failed\n");
		return 1;
	}
	t = now() - t0;
	printf("      automaton: %zu patterns, %zu states, compiled in %.1f ms\n", nw_matcher_count(m),
	       nw_matcher_states(m), t * 1e3);
	elapsed = 0;
	for (reps = 0; reps < 3 || elapsed < MIN_SECONDS; reps++) {
		size_t h = 0;
		t0 = now();
		if (nw_matcher_scan(m, norm.p, norm.len, 0, count_hit, &h) != 0) {
			fprintf(stderr, "match-bench: nw_matcher_scan failed\n");
			return 1;
		}
		t = now() - t0;
		elapsed += t;
		if (t < best_scan)
			best_scan = t;
		hits = h;
	}
	printf("  (b) match      %8.1f MB/s   (%.1f MB normalised, %zu hits, best of %d passes)\n",
	       norm.len / 1048576.0 / best_scan, norm.len / 1048576.0, hits, reps);
	nw_matcher_free(m);

	/* (c) full classification of 1 KB items: title = first line, body = the rest */
	set = nw_storyset_compile(defs, NSTORIES, story_err, NULL);
	if (!set) {
		fprintf(stderr, "match-bench: nw_storyset_compile failed\n");
		return 1;
	}
	nitems = npieces;
	elapsed = 0;
	for (reps = 0; reps < 2 || elapsed < MIN_SECONDS; reps++) {
		size_t mi = 0, ch = 0;
		t0 = now();
		for (i = 0; i < nitems; i++) {
			char item[ITEM_BYTES * 2 + 64], *title, *body;
			size_t len = cuts[i + 1] - cuts[i];
			struct nw_classification c;
			if (len > sizeof(item) - 1)
				len = sizeof(item) - 1;
			memcpy(item, text.p + cuts[i], len);
			item[len] = 0;
			/* a title of about 60 bytes, cut at a space */
			title = item;
			body = strchr(item + (len > 60 ? 60 : len), ' ');
			if (body)
				*body++ = 0;
			if (nw_storyset_classify(set, title, body, &c)) {
				fprintf(stderr, "match-bench: nw_storyset_classify failed\n");
				return 1;
			}
			for (j = 0; j < c.n; j++) {
				mi += c.v[j].matched != 0;
				ch += c.v[j].nhits;
			}
			nw_classification_free(&c);
		}
		t = now() - t0;
		elapsed += t;
		if (t < best_cls)
			best_cls = t;
		matched_items = mi;
		cls_hits = ch;
	}
	printf("  (c) classify   %8.0f items/s (%zu items of ~%d B, %zu story matches, %zu alias hits, "
	       "best of %d passes)\n", nitems / best_cls, nitems, ITEM_BYTES, matched_items, cls_hits, reps);
	nw_storyset_free(set);

	if (json) {
		FILE *fp = fopen(json, "w");
		if (!fp) {
			perror(json);
			return 1;
		}
		fprintf(fp, "{\"text_mb\": %.2f, \"stories\": %d, \"aliases\": %zu,\n"
			" \"normalize_mb_s\": %.1f, \"match_mb_s\": %.1f, \"match_hits\": %zu,\n"
			" \"classify_items_s\": %.0f, \"classify_item_bytes\": %d, \"classify_items\": %zu,"
			" \"classify_story_matches\": %zu}\n",
			text.len / 1048576.0, NSTORIES, naliases, text.len / 1048576.0 / best_norm,
			norm.len / 1048576.0 / best_scan, hits, nitems / best_cls, ITEM_BYTES, nitems,
			matched_items);
		fclose(fp);
	}
	for (i = 0; i < naliases; i++)
		free(aliases[i]);
	for (i = 0; i < NSTORIES; i++)
		for (j = 0; j < NENT; j++)
			free(kvs[i][j].value);
	free(cuts);
	free(text.p);
	free(norm.p);
	return 0;
}
