/* profile.c — text features for near-duplicates and developments (see profile.h).
 * Everything is computed on normalised text (text.h), so full/half width, case and the
 * spacing next to CJK characters never make two reports look different. */
#include "config.h"
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "profile.h"
#include "match.h"
#include "text.h"

/* ---- the event lexicon: concept -> words in English, Korean and Japanese ---- */

struct concept {
	const char *name;
	const char *words; /* '|'-separated */
};

static const struct concept concepts[] = {
	/* "fires" is also in "incident": a recall story's "battery fires" then reads as both,
	 * which its other events outweigh; a board that fires its chief must not go unseen */
	{ "dismissal", "fired|fires|firing|ousted|ousts|ouster|oust|dismissed|dismisses|dismissal|removed|removes|sacked|sacks|"
		       "pushed out|pushes out|forced out|해임|축출|경질|퇴출|쫓겨|해고|解任|解雇|追放|更迭" },
	{ "resignation", "resigns|resigned|resignation|quits|quit|quitting|steps down|stepped down|stepping down|"
			 "departs|departure|사임|사퇴|물러나|물러난|퇴사|辞任|退社|辞職|退任|辞め" },
	{ "hiring", "hires|hired|hiring|joins|joined|joining|recruits|recruited|poached|poaches|lands at|land at|"
		    "영입|합류|채용|입사|入社|採用|合流|加わ|迎え入れ|招聘" },
	{ "return", "returns|returned|return|reinstated|reinstates|reinstatement|comeback|back as|rehires|rehired|"
		    "rehiring|rehire|brings back|brought back|bringing back|reappoints|reappointed|복귀|복직|귀환|돌아온|"
		    "돌아와|復帰|返り咲|復職" },
	{ "appointment", "appoints|appointed|names|named|interim|successor|임명|선임|임시|대행|후임|내정|任命|暫定|就任|後任|起用" },
	{ "protest", "letter|petition|signed|signatures|signatories|threaten|threatens|threatened|walkout|revolt|mutiny|"
		     "서한|연판장|서명|書簡|署名|連判" },
	{ "talks", "talks|negotiations|negotiating|negotiate|discussions|협상|논의|담판|交渉|協議|話し合" },
	{ "stake", "stake|stakes|shareholding|equity|지분|持ち分|持分|出資比率|株式の" },
	{ "restructuring", "restructuring|restructure|restructures|recapitalization|recapitalisation|"
			   "public benefit corporation|for-profit|nonprofit|non-profit|구조개편|개편|비영리|영리법인|"
			   "공익법인|再編|非営利|営利|公益法人" },
	{ "investment", "invests|invested|investment|investing|funding round|raises|raised|fundraising|"
			"!raised questions|!raises questions|!raised concerns|!raises concerns|!raised doubts|!raises doubts|"
			"!raised eyebrows|!raises eyebrows|!raised fears|!raises fears|!raised hopes|!raises hopes|"
			"!raised the question|!raises the question|!raised the possibility|!raises the possibility|투자|자금조달|"
			"유치|投資|出資|資金調達|調達" },
	{ "acquisition", "acquire|acquires|acquired|acquiring|acquisition|buy|buys|buying|bought|purchase|purchases|"
			 "purchased|takeover|merger|merges|인수|합병|품는|품어|買収|合併|買い取|取り込" },
	{ "opposition", "opposes|opposed|opposition|oppose|rejects|rejected|block|blocks|blocked|activist|반대|저지|"
			"反対|反発|阻止" },
	{ "vote", "vote|votes|voted|voting|shareholders approve|shareholders back|shareholder meeting|in favor|"
		  "in favour|주주총회|주총|표결|찬성|株主総会|議決|賛成" },
	{ "approval", "approve|approves|approved|approval|clears|cleared|clearance|승인|허가|인가|承認|認可|許可" },
	{ "completion", "completes|completed|completion|closes the|closed the|finalizes|finalises|finalized|finalised|"
			"마무리|완료|完了|成立" },
	{ "financing", "bond|bonds|debt|financing|loan|loans|회사채|채권|대출|社債|融資|借り入れ" },
	{ "legal", "sue|sues|sued|lawsuit|litigation|class action|court|ruling|소송|제소|법원|판결|訴訟|提訴|裁判|"
		   "判決" },
	{ "launch", "launch|launches|launched|liftoff|lift-off|unveils|unveiled|releases|released|debuts|출시|발사|공개|"
		    "선보|発売|打ち上げ|披露" },
	{ "success", "success|successful|succeeds|succeeded|reaches orbit|reached orbit|성공|궤도|成功|軌道" },
	{ "contract", "contract|contracts|wins order|won an order|awarded|award|수주|受注" },
	{ "regulatory", "review|reviews|reviewing|scrutiny|in-depth|antitrust|regulator|regulators|regulatory|probe|"
			"investigation|investigates|investigating|competition authority|fair trade commission|심사|"
			"조사|공정위|공정거래위원회|규제당국|審査|調査|公取委|公正取引委員会|規制当局" },
	{ "facility", "factory|plant|fab|new plant|공장|工場|新工場|射場" },
	{ "earnings", "earnings|revenue|profit|quarterly results|실적|매출|영업이익|決算|売上高|営業利益" },
	{ "agreement", "agreement|agreed|agrees|deal|pact|accord|합의|계약|협약|타결|合意|契約|提携|妥結" },
	{ "rates", "interest rate|interest rates|rate hike|rate cut|raises rates|cuts rates|금리|金利|利上げ|利下げ" },
	{ "layoffs", "layoffs|lays off|laid off|job cuts|jobs|감원|정리해고|인력감축|人員削減|削減|リストラ" },
	{ "production", "mass production|production|양산|생산|量産|生産" },
	{ "delay", "delay|delays|delayed|postpone|postpones|postponed|연기|지연|延期" },
	{ "clause", "clause|provision|조항|条項" },
	{ "recall", "recall|recalls|recalled|recalling|리콜|회수|リコール|回収" },
	{ "expansion", "widens|widened|expands|expanded|extends|extended|확대|拡大" },
	{ "incident", "fire|fires|blaze|explosion|explodes|crash|accident|injured|injury|화재|발화|폭발|사고|부상|"
		      "火災|発火|爆発|事故|けが" },
	{ "apology", "apology|apologises|apologizes|apologised|apologized|says sorry|사과|謝罪|陳謝|お詫び" },
	{ "penalty", "fine|fines|fined|penalty|penalties|과징금|벌금|課徴金|罰金|制裁金" },
	{ "cause", "defect|defects|defective|root cause|blames|결함|원인|欠陥|原因" },
	{ "resumption", "resume|resumes|resumed|resumption|restart|restarts|재개|再開" },
	{ "compensation", "compensation|compensate|compensates|reimburse|보상|배상|補償|賠償" },
	{ "strike", "strike|strikes|walkout|walk out|파업|ストライキ|スト突入|罷業" },
	{ "valuation", "valuation|valued at|기업가치|評価額|企業価値" },
};

#define NCONCEPTS (sizeof concepts / sizeof *concepts)
#define NEGATED 0x100u /* a matcher id: a "!phrase" of the concept (id & 0xff) */

struct nw_lexicon {
	struct nw_matcher *m;
	struct nw_matcher *boiler; /* boiler_strong and boiler_weak, as bytes (NW_MATCH_RAW) */
};

static int boiler_matcher(struct nw_lexicon *lx);

const char *nw_concept_name(unsigned bit)
{
	return bit < NCONCEPTS ? concepts[bit].name : "?";
}

struct nw_lexicon *nw_lexicon_new(void)
{
	struct nw_lexicon *lx = calloc(1, sizeof *lx);

	if (!lx || !(lx->m = nw_matcher_new()))
		goto fail;
	for (unsigned c = 0; c < NCONCEPTS; c++) {
		const char *p = concepts[c].words;
		while (*p) {
			const char *bar = strchr(p, '|');
			size_t len = bar ? (size_t)(bar - p) : strlen(p), nlen;
			/* "!phrase": not the concept where it stands ("raised questions" is no
			 * funding round), whatever shorter word of it the concept has */
			int neg = *p == '!';
			char *norm = nw_text_normalize(p + neg, len - (size_t)neg, &nlen);
			if (!norm)
				goto fail;
			if (nlen && nw_matcher_add(lx->m, norm, nlen, c | (neg ? NEGATED : 0)) != 0) {
				free(norm);
				goto fail;
			}
			free(norm);
			p += len + (bar != NULL);
		}
	}
	if (nw_matcher_compile(lx->m) != 0 || boiler_matcher(lx) != 0)
		goto fail;
	return lx;
fail:
	nw_lexicon_free(lx);
	return NULL;
}

void nw_lexicon_free(struct nw_lexicon *lx)
{
	if (!lx)
		return;
	nw_matcher_free(lx->m);
	nw_matcher_free(lx->boiler);
	free(lx);
}

/* ---- boilerplate ---- */

/* Phrases that mark a sentence as what an outlet appends, not the article. Those below
 * count wherever they stand. The weak ones are also words of reporting ("sued for copyright
 * infringement", "Microsoft's share on a diluted basis", "users who sign up for ChatGPT",
 * "would follow US export rules"): they count only where the sentence begins with them, as
 * a footer or a button reads ("Share on X", "(Reporting by ...)", "Follow us on X"), and as
 * whole words. The marks begin a report as well ("Copyright lawsuits against OpenAI",
 * "著作権を巡り", "저작권자 단체는"): they count only where they begin the sentence and no
 * word follows them — a year, ©, (c) or nothing ("Copyright 2023 ...", "저작권자 ©") — or
 * the sentence is a short line. */
static const char *const boiler_strong[] = {
	"originally appeared", "appeared first on", "all rights reserved", "click here", "follow us on", "(c) 20",
	"©", "ⓒ", "무단전재", "무단 전재", "재배포 금지", "재배포금지", "기사제보", "転載禁止", "無断転載",
	"続きを読む", "全文を読む", NULL };
static const char *const boiler_weak[] = {
	"read more", "continue reading", "originally published", "subscribe to", "sign up for", "follow us",
	"share this", "share on", "this story was", "reporting by", "editing by", "著作権は", "関連記事", NULL };
static const char *const boiler_mark[] = { "copyright", "저작권자", "著作権", NULL };

enum { BOILER_STRONG, BOILER_WEAK, BOILER_MARK };
#define MARK_LINE 40 /* bytes: a sentence shorter that begins with a mark is a footer whatever
		      * follows it ("Copyright Reuters.", "저작권자 연합뉴스") */

/* Every phrase in one automaton, so that a sentence is read once instead of once per phrase
 * (strstr); a phrase's id says whether it is weak. */
static int boiler_matcher(struct nw_lexicon *lx)
{
	if (!(lx->boiler = nw_matcher_new()))
		return -ENOMEM;
	nw_matcher_fold_ascii(lx->boiler); /* "Read more", "READ MORE" */
	for (int i = 0; boiler_strong[i]; i++)
		if (nw_matcher_add(lx->boiler, boiler_strong[i], strlen(boiler_strong[i]), BOILER_STRONG))
			return -ENOMEM;
	for (int i = 0; boiler_weak[i]; i++)
		if (nw_matcher_add(lx->boiler, boiler_weak[i], strlen(boiler_weak[i]), BOILER_WEAK))
			return -ENOMEM;
	for (int i = 0; boiler_mark[i]; i++)
		if (nw_matcher_add(lx->boiler, boiler_mark[i], strlen(boiler_mark[i]), BOILER_MARK))
			return -ENOMEM;
	return nw_matcher_compile(lx->boiler);
}

struct boiler_scan {
	const unsigned char *s;
	size_t len;
	size_t lead; /* where the sentence's first letter, digit or non-ASCII character is */
};

static inline int32_t utf8_next(const unsigned char *s, size_t len, size_t *i);
static int is_hangul(int32_t cp);
static int is_kana(int32_t cp);

/* The script of the character at s[i] (a letter or digit of it): 1 ASCII, 2 Hangul, 3 Han,
 * 4 Kana; 0 anything else. With back, s[i] may be any byte of the character. */
static int script_at(const unsigned char *s, size_t len, size_t i, int back)
{
	int32_t cp;

	if (back)
		while (i > 0 && (s[i] & 0xC0) == 0x80)
			i--;
	if (s[i] < 0x80)
		return isalnum(s[i]) ? 1 : 0;
	cp = utf8_next(s, len, &i);
	return !nw_cp_is_cjk(cp) ? 0 : is_hangul(cp) ? 2 : is_kana(cp) ? 4 : 3;
}

static int on_boiler(void *arg, uint32_t id, size_t start, size_t end)
{
	const struct boiler_scan *b = arg;
	int last;

	if (id == BOILER_STRONG)
		return 1; /* one phrase is enough: stop the scan */
	/* weak: first in the sentence, and a word of its own, not the start of a longer one
	 * ("Copyrighted books", "저작권자들은", "著作権侵害") */
	if (start > b->lead)
		return 0;
	last = script_at(b->s, b->len, end - 1, 1);
	if (end < b->len && last && script_at(b->s, b->len, end, 0) == last)
		return 0; /* the start of a longer word */
	if (id == BOILER_MARK) { /* and what follows is no word (past spaces, no letter), or the
				  * sentence is a short line */
		size_t i = end;
		while (i < b->len && (b->s[i] == ' ' || b->s[i] == '\t' ||
				      (i + 2 < b->len && b->s[i] == 0xE3 && b->s[i + 1] == 0x80 && b->s[i + 2] == 0x80)))
			i += b->s[i] == 0xE3 ? 3 : 1; /* and the ideographic space */
		return i >= b->len || isdigit(b->s[i]) || !script_at(b->s, b->len, i, 0) || b->len < MARK_LINE;
	}
	return 1;
}

/* A phrase in the sentence's first 1023 bytes (what fitted the buffer of lower-cased text
 * this was once looked for in), ASCII letters in either case. */
static int is_boiler(const struct nw_lexicon *lx, const char *s, size_t len)
{
	struct boiler_scan b = { (const unsigned char *)s, len < 1023 ? len : 1023, 0 };

	/* past marks of any script: "【関連記事】", "▶ Subscribe to", "— Reporting by" */
	while (b.lead < b.len && !script_at(b.s, b.len, b.lead, 0)) {
		if (b.s[b.lead] >= 0xC0 && !(b.s[b.lead] >= 0xE0 && b.s[b.lead] < 0xF0) && b.s[b.lead] < 0xF8)
			break; /* a letter of another script (é, ж): the sentence begins there */
		b.lead++;
		while (b.lead < b.len && (b.s[b.lead] & 0xC0) == 0x80)
			b.lead++;
	}
	return nw_matcher_scan(lx->boiler, s, b.len, NW_MATCH_RAW, on_boiler, &b) != 0;
}

/* Length of the sentence starting at s: up to and including . ! ? 。 ！ ？ or a newline. */
static size_t sentence_len(const char *s)
{
	/* the bytes the checks below look at; any other byte is skipped at once */
	static const unsigned char stop[256] = { [0] = 1, ['\n'] = 1, ['.'] = 1, ['!'] = 1, ['?'] = 1,
						 [0xE3] = 1, [0xEF] = 1 };
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;

	for (;; i++) {
		unsigned char c;
		while (!stop[u[i]])
			i++;
		c = u[i];
		if (!c)
			return i;
		if (c == '\n' || ((c == '.' || c == '!' || c == '?') && (u[i + 1] == ' ' || u[i + 1] == '\0' ||
									 u[i + 1] == '\n')))
			return i + 1;
		if (c == 0xE3 && u[i + 1] == 0x80 && u[i + 2] == 0x82)
			return i + 3; /* 。 */
		if (c == 0xEF && u[i + 1] == 0xBC && (u[i + 2] == 0x81 || u[i + 2] == 0x9F))
			return i + 3; /* ！ ？ */
	}
}

char *nw_strip_boilerplate(const struct nw_lexicon *lx, const char *text)
{
	size_t len = text ? strlen(text) : 0, o = 0;
	char *out = malloc(len + 1);

	if (!out)
		return NULL;
	for (const char *p = text; p && *p;) {
		size_t n = sentence_len(p);
		if (!is_boiler(lx, p, n)) {
			memcpy(out + o, p, n);
			o += n;
		}
		p += n;
	}
	while (o && isspace((unsigned char)out[o - 1]))
		o--;
	out[o] = '\0';
	return out;
}

/* ---- an outlet's stock tail ---- */

#define TAIL_SENTENCES 8 /* of an item's sentences, the last this many are looked at */
#define TAIL_MIN 8       /* bytes: a shorter sentence ("\n", "Photo.") is neither stock nor news */

struct tail_sentence {
	size_t start, end; /* the sentence, trimmed: [start, end) */
	uint32_t h;        /* 0: too short */
};

static uint32_t fnv(const void *p, size_t n);

/* The last TAIL_SENTENCES sentences of body, in order, into v; their number. Only those
 * are trimmed and hashed; a hash reads a sentence's length and first 64 bytes (two stock
 * sentences alike in both are as good as the same, and bodies are read for it at every fetch). */
static size_t tail_sentences(const char *body, struct tail_sentence *v)
{
	size_t n, at = 0, total = 0;

	while (body[at]) {
		size_t len = sentence_len(body + at);
		struct tail_sentence *t = &v[total++ % TAIL_SENTENCES];
		len = len ? len : 1;
		t->start = at, t->end = at + len;
		at += len;
	}
	n = total < TAIL_SENTENCES ? total : TAIL_SENTENCES;
	if (total > TAIL_SENTENCES) { /* the ring into order */
		struct tail_sentence tmp[TAIL_SENTENCES];
		for (size_t i = 0; i < n; i++)
			tmp[i] = v[(total + i) % TAIL_SENTENCES];
		memcpy(v, tmp, sizeof tmp);
	}
	for (size_t i = 0; i < n; i++) {
		struct tail_sentence *t = &v[i];
		size_t s = t->start, e = t->end;
		while (s < e && isspace((unsigned char)body[s]))
			s++;
		while (e > s && isspace((unsigned char)body[e - 1]))
			e--;
		t->start = s, t->end = e;
		t->h = e - s >= TAIL_MIN ? (fnv(body + s, e - s < 64 ? e - s : 64) ^ (uint32_t)(e - s) * 2654435761u) | 1 : 0;
	}
	return n;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

int nw_footers_learn(struct nw_footers *fs, const char *const *bodies, size_t n)
{
	uint64_t *pairs = NULL; /* sentence hash << 32 | item */
	size_t np = 0;

	fs->v = NULL;
	fs->n = 0;
	if (n < 2)
		return 0;
	if (!(pairs = malloc(n * TAIL_SENTENCES * sizeof *pairs)))
		return -ENOMEM;
	for (size_t i = 0; i < n; i++) {
		struct tail_sentence t[TAIL_SENTENCES];
		size_t k = bodies[i] ? tail_sentences(bodies[i], t) : 0;
		for (size_t j = 0; j < k; j++)
			if (t[j].h)
				pairs[np++] = (uint64_t)t[j].h << 32 | (uint32_t)i;
	}
	qsort(pairs, np, sizeof *pairs, cmp_u64);
	for (size_t i = 0; i < np;) {
		size_t j = i + 1, items = 1;
		for (; j < np && pairs[j] >> 32 == pairs[i] >> 32; j++)
			items += (uint32_t)pairs[j] != (uint32_t)pairs[j - 1];
		if (items >= 2) /* sorted, as pairs are */
			pairs[fs->n++] = pairs[i] >> 32;
		i = j;
	}
	if (!fs->n) {
		free(pairs);
		return 0;
	}
	fs->v = malloc(fs->n * sizeof *fs->v);
	for (size_t i = 0; fs->v && i < fs->n; i++)
		fs->v[i] = (uint32_t)pairs[i];
	free(pairs);
	if (!fs->v) {
		fs->n = 0;
		return -ENOMEM;
	}
	return 0;
}

static int stock(const struct nw_footers *fs, uint32_t h)
{
	size_t lo = 0, hi = fs->n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (fs->v[mid] < h)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < fs->n && fs->v[lo] == h;
}

size_t nw_footer_start(const struct nw_footers *fs, const char *body)
{
	struct tail_sentence t[TAIL_SENTENCES];
	size_t len = strlen(body), n, cut = len, first_end;

	if (!fs->n || !*body)
		return len;
	for (first_end = 0; isspace((unsigned char)body[first_end]);)
		first_end++;
	first_end += sentence_len(body + first_end);
	n = tail_sentences(body, t);
	for (size_t k = n; k-- > 0;) {
		if (t[k].h && !stock(fs, t[k].h))
			break;
		if (t[k].start < first_end)
			break;
		if (t[k].h)
			cut = t[k].start;
	}
	return cut;
}

void nw_footers_free(struct nw_footers *fs)
{
	free(fs->v);
	fs->v = NULL;
	fs->n = 0;
}

/* ---- small helpers ---- */

/* The code point at s[*i] (tolerant: a bad byte is read as itself, a sequence cut short as
 * far as it goes); *i moves past it. The position is kept in a local: through the pointer,
 * every byte read would store it back. */
static inline int32_t utf8_next(const unsigned char *s, size_t len, size_t *i)
{
	size_t k = *i;
	unsigned char c = s[k++];
	int32_t cp;
	int n;

	if (c < 0x80) {
		*i = k;
		return c;
	}
	/* Hangul, Kana and Han: three bytes, decoded at once */
	if (c >= 0xE0 && c < 0xF0 && k + 1 < len && (s[k] & 0xC0) == 0x80 && (s[k + 1] & 0xC0) == 0x80) {
		*i = k + 2;
		return (c & 0x0F) << 12 | (s[k] & 0x3F) << 6 | (s[k + 1] & 0x3F);
	}
	n = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
	cp = c & (0x3F >> n);
	while (n-- > 0 && k < len && (s[k] & 0xC0) == 0x80)
		cp = (cp << 6) | (s[k++] & 0x3F);
	*i = k;
	return cp;
}

static uint32_t fnv(const void *p, size_t n)
{
	const unsigned char *b = p;
	uint32_t h = 2166136261u;

	while (n--)
		h = (h ^ *b++) * 16777619u;
	return h;
}

uint32_t nw_fact_hash(const char *key)
{
	return fnv(key, strlen(key));
}

static uint32_t mix32(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ULL;
	x ^= x >> 33;
	return (uint32_t)x;
}

struct u32vec {
	uint32_t *v;
	size_t n, cap;
};

static int vpush(struct u32vec *a, uint32_t x)
{
	if (a->n == a->cap) {
		size_t nc = a->cap ? a->cap * 2 : 64;
		uint32_t *nv = realloc(a->v, nc * sizeof *nv);
		if (!nv)
			return -ENOMEM;
		a->v = nv;
		a->cap = nc;
	}
	a->v[a->n++] = x;
	return 0;
}

/* Sorting runs twice per item on a hundred or so hashes, where qsort's comparator calls and
 * merge buffer cost more than the sort itself: an introsort on the values instead (quicksort,
 * insertion sort for short ranges, heapsort past a depth limit so that no input can make it
 * quadratic). */
static void sift_down(uint32_t *v, size_t root, size_t n)
{
	uint32_t x = v[root];

	for (size_t c; (c = 2 * root + 1) < n; root = c) {
		if (c + 1 < n && v[c + 1] > v[c])
			c++;
		if (v[c] <= x)
			break;
		v[root] = v[c];
	}
	v[root] = x;
}

static void sort_u32(uint32_t *v, size_t n, unsigned depth)
{
	while (n > 16) {
		uint32_t a, b, c, pivot, t;
		size_t i, j;

		if (depth-- == 0) {
			for (i = n / 2; i-- > 0;)
				sift_down(v, i, n);
			for (i = n - 1; i > 0; i--) {
				t = v[0], v[0] = v[i], v[i] = t;
				sift_down(v, 0, i);
			}
			return;
		}
		a = v[0], b = v[n / 2], c = v[n - 1];
		pivot = a < b ? (b < c ? b : a < c ? c : a) : (a < c ? a : b < c ? c : b);
		/* Hoare partition: v[0..j] <= pivot <= v[j+1..n-1], both sides non-empty */
		for (i = 0, j = n - 1;; i++, j--) {
			while (v[i] < pivot)
				i++;
			while (v[j] > pivot)
				j--;
			if (i >= j)
				break;
			t = v[i], v[i] = v[j], v[j] = t;
		}
		/* the smaller side by recursion, the larger in this loop: the stack stays shallow */
		if (j + 1 < n - j - 1) {
			sort_u32(v, j + 1, depth);
			v += j + 1, n -= j + 1;
		} else {
			sort_u32(v + j + 1, n - j - 1, depth);
			n = j + 1;
		}
	}
	for (size_t i = 1; i < n; i++) {
		uint32_t x = v[i];
		size_t k = i;
		for (; k > 0 && v[k - 1] > x; k--)
			v[k] = v[k - 1];
		v[k] = x;
	}
}

static void sort_unique(struct u32vec *a)
{
	size_t o = 0;
	unsigned depth = 0;

	if (!a->n)
		return;
	for (size_t n = a->n; n > 1; n >>= 1)
		depth += 2;
	sort_u32(a->v, a->n, depth);
	for (size_t i = 0; i < a->n; i++)
		if (!o || a->v[o - 1] != a->v[i])
			a->v[o++] = a->v[i];
	a->n = o;
}

size_t nw_sorted_intersect(const uint32_t *a, size_t na, const uint32_t *b, size_t nb)
{
	size_t i = 0, j = 0, n = 0;

	while (i < na && j < nb) {
		if (a[i] < b[j])
			i++;
		else if (a[i] > b[j])
			j++;
		else
			n++, i++, j++;
	}
	return n;
}

static int is_hangul(int32_t cp)
{
	return (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0x1100 && cp <= 0x11FF) || (cp >= 0x3130 && cp <= 0x318F);
}

static int is_kana(int32_t cp)
{
	return (cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0x31F0 && cp <= 0x31FF);
}

/* ---- tokens: Latin/digit words and single CJK characters ---- */

struct token {
	uint32_t h;
	uint32_t start, end; /* bytes */
	int cjk;
};

struct tokvec {
	struct token *v;
	size_t n, cap;
};

/* nw_cp_is_cjk without a call for Hangul syllables and unified ideographs, most of it */
static inline int cjk(int32_t cp)
{
	if ((cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0x4E00 && cp <= 0x9FFF))
		return 1;
	return cp >= 0x1100 && nw_cp_is_cjk(cp); /* none is below U+1100 */
}

/* nw_cp_is_latin_alnum without a call for ASCII, which most tokens are made of */
static inline int latin_alnum(int32_t cp)
{
	if (cp < 0x80)
		return (cp >= '0' && cp <= '9') || ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z');
	return nw_cp_is_latin_alnum(cp);
}

static int tokenize(const char *s, size_t len, struct tokvec *out, int *counts /* hangul, kana, han, latin */)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;

	while (i < len) {
		size_t st = i;
		int32_t cp = u[i] < 0x80 ? u[i++] : utf8_next(u, len, &i);
		struct token t = { 0 };

		if (cjk(cp)) {
			if (counts)
				counts[is_hangul(cp) ? 0 : is_kana(cp) ? 1 : 2]++;
			t.start = (uint32_t)st;
			t.end = (uint32_t)i;
			t.cjk = 1;
		} else if (latin_alnum(cp)) {
			size_t e = i;
			for (;;) {
				size_t save;
				int32_t c2;
				while (e < len && u[e] < 0x80 && latin_alnum(u[e]))
					e++;
				save = e;
				if (e >= len)
					break;
				c2 = u[e] < 0x80 ? u[e++] : utf8_next(u, len, &e);
				if (latin_alnum(c2))
					continue;
				/* keep 1,350 and 2.5 and it's in one token */
				if ((c2 == ',' || c2 == '.' || c2 == '\'') && e < len && latin_alnum(u[e]))
					continue;
				e = save;
				break;
			}
			if (counts)
				counts[3]++;
			t.start = (uint32_t)st;
			t.end = (uint32_t)e;
			i = e;
		} else {
			continue;
		}
		t.h = fnv(s + t.start, t.end - t.start);
		if (out->n == out->cap) {
			/* first guess: a token per three bytes, as CJK text has; grown if short */
			size_t nc = out->cap ? out->cap * 2 : len / 3 + 16;
			struct token *nv = realloc(out->v, nc * sizeof *nv);
			if (!nv)
				return -ENOMEM;
			out->v = nv;
			out->cap = nc;
		}
		out->v[out->n++] = t;
	}
	return 0;
}

/* Winnowing (Schleimer et al.): hash every k-token shingle, keep the minimum of each window
 * of w shingles. Two texts sharing a run of w + k - 1 tokens share a fingerprint, whatever
 * surrounds it: copies cut short or with a new first sentence still meet their original. */
static uint32_t shingle(const struct tokvec *t, size_t i, int k)
{
	uint64_t h = 0x9E3779B97F4A7C15ULL;

	for (int j = 0; j < k; j++)
		h = (h ^ t->v[i + (size_t)j].h) * 0x100000001B3ULL;
	return mix32(h);
}

/* (and every shingle into *all when it is not NULL, in the text's order) */
static int winnow_all(const struct tokvec *t, int k, int w, struct u32vec *fp, struct u32vec *all)
{
	size_t ns = t->n >= (size_t)k ? t->n - (size_t)k + 1 : 0;
	uint32_t *sh;
	size_t last = SIZE_MAX;

	if (ns == 0)
		return 0;
	sh = malloc(ns * sizeof *sh);
	if (!sh)
		return -ENOMEM;
	for (size_t i = 0; i < ns; i++)
		sh[i] = shingle(t, i, k);
	if (ns <= (size_t)w) { /* short text: its smallest shingles */
		for (size_t i = 0; i < ns; i++)
			if (vpush(fp, sh[i])) {
				free(sh);
				return -ENOMEM;
			}
		goto done;
	}
	/* the rightmost minimum of each window; it stays the minimum while it is in the window
	 * unless the shingle coming in is as small, so the window is searched again only when
	 * its minimum has left it */
	for (size_t i = 0, m = SIZE_MAX; i + (size_t)w <= ns; i++) {
		size_t in = i + (size_t)w - 1;
		if (m == SIZE_MAX || m < i) {
			m = i;
			for (size_t j = i + 1; j <= in; j++)
				if (sh[j] <= sh[m])
					m = j;
		} else if (sh[in] <= sh[m]) {
			m = in;
		}
		if (m != last) {
			if (vpush(fp, sh[m])) {
				free(sh);
				return -ENOMEM;
			}
			last = m;
		}
	}
done:
	if (all) {
		all->v = sh;
		all->n = all->cap = ns;
	} else {
		free(sh);
	}
	return 0;
}

/* ---- numbers with units ---- */

/* The word tables are tried in turn at every figure: most words differ at the first byte,
 * which is looked at before the word's length is. */
static int starts(const char *s, const char *end, const char *w)
{
	size_t n;

	if (s >= end || *s != *w)
		return 0;
	n = strlen(w);
	return (size_t)(end - s) >= n && memcmp(s, w, n) == 0;
}

/* A Latin word ends at p (so "5g" or "4o" are not numbers with units). */
static int word_ends(const char *p, const char *end)
{
	return p >= end || !isalnum((unsigned char)*p);
}

struct unit_word {
	const char *w;
	double scale;
	const char *cls; /* NULL: keep the class so far */
	int latin;       /* must end a Latin word */
};

static const struct unit_word scales[] = {
	{ "trillion", 1e12, NULL, 1 }, { "tn", 1e12, NULL, 1 }, { "billion", 1e9, NULL, 1 }, { "bn", 1e9, NULL, 1 },
	{ "b", 1e9, NULL, 1 }, { "million", 1e6, NULL, 1 }, { "mn", 1e6, NULL, 1 }, { "m", 1e6, NULL, 1 },
	{ "thousand", 1e3, NULL, 1 }, { "k", 1e3, NULL, 1 }, { "천억", 1e11, NULL, 0 }, { "천만", 1e7, NULL, 0 },
	{ "千億", 1e11, NULL, 0 }, { "千万", 1e7, NULL, 0 }, { "조", 1e12, NULL, 0 }, { "억", 1e8, NULL, 0 },
	{ "만", 1e4, NULL, 0 }, { "천", 1e3, NULL, 0 }, { "兆", 1e12, NULL, 0 }, { "億", 1e8, NULL, 0 },
	{ "万", 1e4, NULL, 0 }, { "千", 1e3, NULL, 0 }, { NULL, 0, NULL, 0 } };

static const struct unit_word units[] = {
	{ "%", 1, "pct", 0 }, { "percent", 1, "pct", 1 }, { "per cent", 1, "pct", 1 }, { "퍼센트", 1, "pct", 0 },
	{ "パーセント", 1, "pct", 0 }, { "달러", 1, "usd", 0 }, { "dollars", 1, "usd", 1 }, { "usd", 1, "usd", 1 },
	{ "ドル", 1, "usd", 0 }, { "원", 1, "krw", 0 }, { "won", 1, "krw", 1 }, { "krw", 1, "krw", 1 },
	{ "円", 1, "jpy", 0 }, { "엔", 1, "jpy", 0 }, { "yen", 1, "jpy", 1 }, { "jpy", 1, "jpy", 1 },
	{ "유로", 1, "eur", 0 }, { "ユーロ", 1, "eur", 0 }, { "euros", 1, "eur", 1 }, { "eur", 1, "eur", 1 },
	{ "명", 1, "n", 0 }, { "人", 1, "n", 0 }, { "people", 1, "n", 1 }, { "employees", 1, "n", 1 },
	{ "staff", 1, "n", 1 }, { "workers", 1, "n", 1 }, { "staffers", 1, "n", 1 }, { NULL, 0, NULL, 0 } };

/* Date and time parts: a number followed by one of these is not a fact. */
static const char *const not_facts[] = { "년", "年", "월", "月", "일", "日", "시", "時", "분", "分", "초", "秒", ":",
					 "st", "nd", "rd", "th", "am", "pm", "세", "歳", "years", "year", "months",
					 "month", "weeks", "week", "days", "day", "hours", "hour", "minutes",
					 "seconds", NULL };

static int add_fact(struct nw_fact **v, size_t *n, const char *key, const char *text, size_t tlen)
{
	struct nw_fact *nv;
	size_t klen;

	for (size_t i = 0; i < *n; i++)
		if (strcmp((*v)[i].key, key) == 0)
			return 0;
	if (*n >= 256)
		return 0;
	/* room for 4, then doubled: the array is full when n is 4, 8, 16... */
	if (*n == 0 || (*n >= 4 && !(*n & (*n - 1)))) {
		if (!(nv = realloc(*v, (*n ? 2 * *n : 4) * sizeof *nv)))
			return -ENOMEM;
		*v = nv;
	}
	nv = *v;
	klen = strnlen(key, sizeof nv[*n].key - 1);
	memcpy(nv[*n].key, key, klen);
	nv[*n].key[klen] = '\0';
	if (tlen >= sizeof nv[*n].text)
		tlen = sizeof nv[*n].text - 1;
	memcpy(nv[*n].text, text, tlen);
	nv[*n].text[tlen] = '\0';
	nv[*n].in_title = 0;
	nv[*n].written = 0;
	nv[*n].person = 0;
	(*n)++;
	return 0;
}

static int after_month(const char *s, const char *p);

/* key = "cls:%.4g" of x. Most figures are whole (700, 6.235e+11), and printf's floating
 * point formatting costs more than all the rest of reading a figure: a whole x below 1e15
 * is written here from its integer value, to the same text (4 significant digits, a tie
 * rounded to even, the exponent form from 1e+04 on); any other x goes to snprintf. */
static void fact_key(char *key, size_t size, const char *cls, double x)
{
	char m[32];
	size_t o = 0, cl;
	uint64_t q, pow = 1;
	int ndig = 1, e;

	if (!(x >= 0 && x < 1e15) || signbit(x) || x != (double)(uint64_t)x) {
		snprintf(key, size, "%s:%.4g", cls, x);
		return;
	}
	q = (uint64_t)x;
	for (uint64_t t = q; t >= 10; t /= 10)
		ndig++, pow *= 10;
	if (ndig <= 4) { /* the integer as it is */
		char d[4];
		int nd = 0;
		do
			d[nd++] = (char)('0' + q % 10);
		while (q /= 10);
		while (nd)
			m[o++] = d[--nd];
	} else { /* d.ddde+XX, trailing zeros dropped */
		uint64_t r, unit = pow / 1000, lead;
		r = q % unit;
		q /= unit;
		if (r > unit / 2 || (r == unit / 2 && (q & 1)))
			q++;
		e = ndig - 1;
		if (q == 10000)
			q = 1000, e++;
		lead = q / 1000, q %= 1000;
		m[o++] = (char)('0' + lead);
		if (q) {
			m[o++] = '.';
			for (unsigned div = 100; q; div /= 10) {
				m[o++] = (char)('0' + q / div);
				q %= div;
			}
		}
		m[o++] = 'e', m[o++] = '+';
		m[o++] = (char)('0' + e / 10), m[o++] = (char)('0' + e % 10);
	}
	m[o] = '\0';
	cl = strlen(cls);
	if (cl + 1 + o >= size) {
		snprintf(key, size, "%s:%s", cls, m);
		return;
	}
	memcpy(key, cls, cl);
	key[cl] = ':';
	memcpy(key + cl + 1, m, o + 1);
}

/* Korean and Japanese write large numbers in groups: 3억1000만 (310,000,000), 14만5000
 * (145,000), 3만8천 (38,000), 8万9800 (89,800). After the first group (*v × *scale), read
 * the following ones, each with a smaller scale or none; fold all into *v with scale 1. */
static const char *cjk_compound(const char *q, const char *end, double *v, double *scale)
{
	static const struct {
		const char *w;
		double scale;
	} cjk[] = { { "천억", 1e11 }, { "천만", 1e7 }, { "千億", 1e11 }, { "千万", 1e7 }, { "조", 1e12 },
		    { "억", 1e8 }, { "만", 1e4 }, { "천", 1e3 }, { "兆", 1e12 }, { "億", 1e8 }, { "万", 1e4 },
		    { "千", 1e3 }, { NULL, 0 } };
	double total = *v * *scale, last = *scale;

	while (q < end && isdigit((unsigned char)*q)) {
		const char *r = q;
		double g = 0, gs = 1;
		int k;
		while (r < end && (isdigit((unsigned char)*r) || (*r == ',' && r + 1 < end && isdigit((unsigned char)r[1])))) {
			if (*r != ',')
				g = g * 10 + (*r - '0');
			r++;
		}
		for (k = 0; cjk[k].w; k++)
			if (starts(r, end, cjk[k].w))
				break;
		if (cjk[k].w) {
			if (cjk[k].scale >= last && total < 1e4 && cjk[k].scale >= 1e4) {
				/* thousands written out inside a larger unit: 1천350억 is 1350억 */
				total = (total + g) * cjk[k].scale;
				last = cjk[k].scale;
				q = r + strlen(cjk[k].w);
				continue;
			}
			if (cjk[k].scale >= last)
				break; /* not a smaller group: another number */
			gs = cjk[k].scale;
			r += strlen(cjk[k].w);
		} else if (g >= last) {
			break; /* trailing digits must fit under the last group */
		}
		total += g * gs;
		last = gs;
		q = r;
		if (gs == 1)
			break;
	}
	*v = total;
	*scale = 1;
	return q;
}
static int before_month(const char *p, const char *end);

/* A sum of money (its class is a currency)? */
static int money(const char *cls)
{
	return *cls && strcmp(cls, "n") != 0 && strcmp(cls, "pct") != 0;
}

/* Does the figure at st convert the one that ended at last into another currency or unit,
 * in brackets ("1천350억달러(약 193조원)", "1350億ドル(約20兆円)", "$135 billion (about
 * £100 billion)")? A conversion is the same fact again, and no news where it is new. */
static int conversion(const char *last, const char *st, const char *end)
{
	static const char *const about[] = { "약", "約", "approximately", "approx.", "about", "roughly", "around",
					     "~", "≈", NULL };
	const char *q = last;

	if (!last)
		return 0;
	while (q < st && *q == ' ')
		q++;
	if (q >= st || *q != '(')
		return 0;
	q++;
	while (q < st && *q == ' ')
		q++;
	for (int i = 0; about[i]; i++)
		if (starts(q, end, about[i])) {
			q += strlen(about[i]);
			break;
		}
	while (q < st && *q == ' ')
		q++;
	return q == st;
}

/* Salient numbers of normalised text s: amounts, percentages, counts; not years, dates,
 * times or small plain numbers; conversions only with all (the copy checks compare every
 * figure a text gives: a headline may round a conversion). */
static int extract_numbers(const char *s, size_t len, int all, struct nw_fact **out, size_t *nout)
{
	const char *end = s + len, *last = NULL, *last_cls = ""; /* where the last figure ended, its class */

	for (const char *p = s; p < end; p++) {
		const char *st = p, *q;
		const char *cls = "n";
		double v, scale = 1;
		char num[64], key[48];
		size_t nl = 0;
		int has_unit = 0, frac = 0;

		if (*p < '0' || *p > '9') /* isdigit, without the locale's table */
			continue;
		if (p > s && (isalnum((unsigned char)p[-1]) || p[-1] == '-'))
			continue;
		if (p - s >= 2 && (p[-1] == '.' || p[-1] == ',') && isdigit((unsigned char)p[-2]))
			continue;
		if (after_month(s, p))
			continue; /* a date: "Oct. 20" */
		{
			const char *d = p;
			while (d < end && (isdigit((unsigned char)*d)))
				d++;
			if (d < end && *d == ' ' && before_month(d + 1, end))
				continue; /* a date: "18 September" */
		}
		if (p > s && p[-1] == '$') {
			st = p - 1, cls = "usd";
			if (st - 2 >= s && memcmp(st - 2, "us", 2) == 0)
				st -= 2;
		} else if (p - s >= 3 && (starts(p - 3, end, "€") || starts(p - 3, end, "₩"))) {
			st = p - 3, cls = starts(p - 3, end, "€") ? "eur" : "krw";
		} else if (p - s >= 2 && (starts(p - 2, end, "£") || starts(p - 2, end, "¥"))) {
			st = p - 2, cls = starts(p - 2, end, "£") ? "gbp" : "jpy";
		}
		for (q = p; q < end && nl < sizeof num - 1; q++) {
			if (isdigit((unsigned char)*q))
				num[nl++] = *q;
			else if (*q == ',' && q + 1 < end && isdigit((unsigned char)q[1]))
				;
			else if (*q == '.' && !frac && q + 1 < end && isdigit((unsigned char)q[1]))
				num[nl++] = '.', frac = 1;
			else
				break;
		}
		num[nl] = '\0';
		v = strtod(num, NULL);
		p = q - 1;
		if (q < end && *q == ' ')
			q++;
		for (int i = 0; not_facts[i]; i++)
			if (starts(q, end, not_facts[i]) && (!isalpha((unsigned char)not_facts[i][0]) ||
							      word_ends(q + strlen(not_facts[i]), end)))
				goto next;
		for (int i = 0; scales[i].w; i++) {
			size_t wl;
			if (starts(q, end, scales[i].w) &&
			    (wl = strlen(scales[i].w), !scales[i].latin || word_ends(q + wl, end))) {
				scale = scales[i].scale;
				q += wl;
				has_unit = 1;
				if (!scales[i].latin)
					q = cjk_compound(q, end, &v, &scale);
				if (q < end && *q == ' ')
					q++;
				break;
			}
		}
		for (int i = 0; units[i].w; i++) {
			size_t wl;
			if (starts(q, end, units[i].w) &&
			    (wl = strlen(units[i].w), !units[i].latin || word_ends(q + wl, end))) {
				cls = units[i].cls;
				q += wl;
				has_unit = 1;
				break;
			}
		}
		if (q > p + 1 && q[-1] == ' ')
			q--;
		if (!has_unit && q < end && isalpha((unsigned char)*q))
			continue; /* "5g", "4o" */
		if (strcmp(cls, "n") == 0 && scale == 1 && !frac && (v < 10 || (v >= 1900 && v <= 2100)) &&
		    !has_unit)
			continue; /* small plain numbers and years are not facts */
		if (strcmp(cls, "n") == 0 && v < 10 && scale == 1)
			continue;
		if (all || !money(cls) || !money(last_cls) || strcmp(cls, last_cls) == 0 || !conversion(last, st, end)) {
			fact_key(key, sizeof key, cls, v * scale);
			if (add_fact(out, nout, key, st, (size_t)((q > p + 1 ? q : p + 1) - st)))
				return -ENOMEM;
		}
		last = q > p + 1 ? q : p + 1;
		last_cls = cls;
		if (q > p + 1)
			p = q - 1; /* past the whole figure, its later groups included */
next:;
	}
	return 0;
}

/* ---- salient terms and names ---- */

static const char *const stopwords[] = {
	"about", "after", "again", "against", "also", "amid", "among", "been", "before", "being", "between", "both",
	"could", "does", "during", "each", "from", "have", "having", "here", "into", "its", "just", "last", "many",
	"more", "most", "much", "next", "only", "other", "over", "said", "says", "same", "some", "such", "than", "that",
	"their", "them", "then", "there", "these", "they", "this", "those", "through", "under", "until", "very", "were",
	"what", "when", "where", "which", "while", "will", "with", "would", "year", "years", "week", "monday",
	"tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today", "yesterday", "according", "told",
	"statement", "people", "company", "companies", "report", "reported", "reports", "news", "new", "first",
	"january", "february", "march", "april", "june", "july", "august", "september", "october", "november",
	"december", NULL };

static const char *const month_names[] = { "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep",
					     "sept", "oct", "nov", "dec", "january", "february", "march", "april",
					     "june", "july", "august", "september", "october", "november", "december",
					     NULL };

/* A month name starting at p: "18 September". */
static int before_month(const char *p, const char *end)
{
	size_t n = 0;

	while (p + n < end && isalpha((unsigned char)p[n]))
		n++;
	if (n < 3 || n > 9) /* no month's name is shorter or longer */
		return 0;
	for (int i = 0; month_names[i]; i++)
		if (n == strlen(month_names[i]) && strncasecmp(p, month_names[i], n) == 0)
			return 1;
	return 0;
}

/* A month name (or its abbreviation) just before position p: "Oct. 20", "September 18". */
static int after_month(const char *s, const char *p)
{
	const char *const *months = month_names;
	const char *e = p, *b;

	while (e > s && (e[-1] == ' ' || e[-1] == '.'))
		e--;
	b = e;
	while (b > s && isalpha((unsigned char)b[-1]))
		b--;
	if (e - b < 3 || e - b > 9) /* most figures: no word at all */
		return 0;
	for (int i = 0; months[i]; i++)
		if ((size_t)(e - b) == strlen(months[i]) && strncasecmp(b, months[i], (size_t)(e - b)) == 0)
			return 1;
	return 0;
}

static int is_stopword(const char *w, size_t n)
{
	for (int i = 0; stopwords[i]; i++)
		if (strlen(stopwords[i]) == n && memcmp(stopwords[i], w, n) == 0)
			return 1;
	return 0;
}

/* Terms of normalised text: Latin words of 4+ letters that are not stop words, and CJK
 * character bigrams within a run. */
/* A light English stemmer: enough that "resigns", "resigned" and "resign" or "employee"
 * and "employees" meet. Returns the stem's length. */
static size_t stem(const char *w, size_t n)
{
	if (n > 4 && w[n - 2] == '\'' && w[n - 1] == 's')
		n -= 2;
	if (n > 5 && memcmp(w + n - 3, "ing", 3) == 0)
		return n - 3;
	if (n > 5 && memcmp(w + n - 2, "ed", 2) == 0)
		return n - 2;
	if (n > 4 && memcmp(w + n - 3, "ies", 3) == 0)
		return n - 2; /* "companies" and "company" both become "compan" */
	if (n > 4 && w[n - 1] == 'y')
		return n - 1;
	if (n > 4 && w[n - 1] == 's' && w[n - 2] != 's')
		return n - 1;
	if (n > 4 && w[n - 1] == 'e')
		return n - 1;
	return n;
}

static int extract_terms(const char *s, const struct tokvec *t, struct u32vec *terms)
{
	for (size_t i = 0; i < t->n; i++) {
		const struct token *a = &t->v[i];
		if (!a->cjk) {
			size_t n = a->end - a->start;
			if (n >= 4 && !isdigit((unsigned char)s[a->start]) && !is_stopword(s + a->start, n))
				if (vpush(terms, fnv(s + a->start, stem(s + a->start, n))))
					return -ENOMEM;
		} else if (i + 1 < t->n && t->v[i + 1].cjk && t->v[i + 1].start == a->end) {
			if (vpush(terms, fnv(s + a->start, t->v[i + 1].end - a->start)))
				return -ENOMEM;
		}
	}
	return 0;
}

/* Names in plain (not normalised) text: capitalised Latin words that do not start a
 * sentence, and katakana runs of three or more characters. */
/* Does the headline say it is analysis or opinion, in the kicker outlets put before it:
 * "Analysis: ...", "EXPLAINER-...", "[뉴스 분석] ...", "【解説】...", "解説：..."? What such a
 * piece reports is what the story already had. */
static int analysis_kicker(const char *title)
{
	static const char *const words[] = { "analysis", "explainer", "opinion", "commentary", "column", "editorial",
					     "breakingviews", "분석", "해설", "사설", "칼럼", "시론", "解説", "分析",
					     "社説", "コラム", "論説", NULL };
	char kick[64];
	size_t n = 0, i = 0;

	while (title[i] == ' ')
		i++;
	if (title[i] == '[' || strncmp(title + i, "【", 3) == 0) {
		const char *s = title + i + (title[i] == '[' ? 1 : 3), *e = s;
		while (*e && *e != ']' && strncmp(e, "】", 3) != 0 && e - s < 40)
			e++;
		if (*e != ']' && strncmp(e, "】", 3) != 0)
			return 0;
		n = (size_t)(e - s);
		memcpy(kick, s, n);
	} else {
		const char *s = title + i;
		size_t k = strcspn(s, ":-|");
		size_t w = strncmp(s, "解説", 6) == 0 || strncmp(s, "分析", 6) == 0 || strncmp(s, "社説", 6) == 0 ? 6 : 0;
		if (w && (s[w] == ':' || strncmp(s + w, "：", 3) == 0 || s[w] == ' '))
			k = w;
		else if (!s[k] || k > 24)
			return 0;
		/* "ANALYSIS-Microsoft ...", but not "Opinion-poll shows ..." */
		for (size_t j = 0; !w && s[k] == '-' && j < k; j++)
			if (islower((unsigned char)s[j]))
				return 0;
		n = k;
		memcpy(kick, s, n);
	}
	kick[n] = '\0';
	for (int w = 0; words[w]; w++)
		if (strcasestr(kick, words[w]))
			return 1;
	return 0;
}

/* Is the headline (up to the first newline) in Title Case, as English analysis and feature
 * headlines often are ("Five Days That Shook Silicon Valley")? Then its capitals say nothing
 * of names. min_upper words of four letters or more after the first (three, for that), none
 * of them lower-case. */
static size_t title_case_len(const unsigned char *u, size_t len, int min_upper)
{
	size_t end = 0, i = 0;
	int upper = 0, lower = 0, first = 1;

	for (; end < len && u[end] != '\n'; end++)
		if (u[end] >= 0xE3 && u[end] <= 0xED)
			return 0; /* Kana, Han, Hangul (their lead bytes): such a headline has no case */
	while (i < end) {
		size_t w = i;
		if (!isalpha(u[i])) {
			i++;
			continue;
		}
		while (w < end && (isalpha(u[w]) || u[w] == '\''))
			w++;
		if (!first && w - i >= 4) {
			upper += isupper(u[i]) != 0;
			lower += islower(u[i]) != 0;
		}
		first = 0;
		i = w;
	}
	return upper >= min_upper && !lower ? end : 0;
}

/* ---- people: a name written with a title or honorific ---- */

/* Korean titles after a name, and the particles that may follow them ("브록먼 의장도"). A
 * byline's 기자 (reporter) is no news: not here. */
static const char *const ko_titles[] = { "최고기술책임자", "최고경영자", "공동창업자", "공동 창업자", "위원장",
					 "부사장", "대통령", "창업자", "의장", "회장", "대표", "사장", "장관",
					 "총리", "이사", "교수", "CEO", "CTO", "씨", NULL };
static const char *const ko_particles[] = { "에게", "에서", "께서", "으로", "은", "는", "이", "가", "을", "를",
					    "의", "도", "과", "와", "로", "에", "만", NULL };
static const char *const ja_titles[] = { "最高経営責任者", "最高技術責任者", "副社長", "会長", "社長", "議長",
					 "首相", "大統領", "さん", "CEO", "氏", NULL };
/* Words that come before a title and are no one's name: "임시 CEO", "이사회 의장", "재무 장관"; a
 * company's kind ("솔덴전자 대표") is told by its ending below. */
static const char *const ko_not_names[] = { "임시", "공동", "신임", "전임", "현직", "전직", "초대", "당시", "이사회",
					    "회사", "재무", "대표", "정상", "각국", "미국", "한국", "일본", "중국",
					    "영국", "본사", "대행", "직무대행", "사외", "상임", "비상임", "명예", "최고",
					    "총괄", "수석", "부문", "설계부문", "창업자", "사장", "회장", "의장", NULL };
static const char *const ko_org_endings[] = { "전자", "그룹", "부문", "본부", "위원회", "이사회", "은행", "증권",
					      "반도체", "시스템즈", "재단", "대학", "대학교", "정부", "회사", "부처",
					      NULL };

static int word_in(const char *w, size_t n, const char *const *list)
{
	for (int i = 0; list[i]; i++)
		if (strlen(list[i]) == n && memcmp(list[i], w, n) == 0)
			return 1;
	return 0;
}

/* The length of the list's entry that s starts with (the list longest first), or 0. */
static size_t starts_with(const char *s, const char *const *list)
{
	for (int i = 0; list[i]; i++)
		if (strncmp(s, list[i], strlen(list[i])) == 0)
			return strlen(list[i]);
	return 0;
}

/* Is s[i] the end of a Korean word: the text's end, or no Hangul syllable there? */
static int ko_word_end(const unsigned char *s, size_t len, size_t i)
{
	size_t k = i;

	return i >= len || !is_hangul(utf8_next(s, len, &k));
}

/* A Korean title at s[i] that ends its word, with a particle after it or none. */
static int ko_title_at(const unsigned char *s, size_t len, size_t i)
{
	size_t t = starts_with((const char *)s + i, ko_titles), p;

	if (!t)
		return 0;
	i += t;
	if (s[i - 1] < 0x80) /* CEO, CTO: "CEOs" is another word */
		return i >= len || !isalpha(s[i]);
	if (ko_word_end(s, len, i))
		return 1;
	if (strncmp((const char *)s + i, "직", 3) == 0) /* 의장직 (the post) */
		i += 3;
	if (ko_word_end(s, len, i))
		return 1;
	p = starts_with((const char *)s + i, ko_particles);
	return p && ko_word_end(s, len, i + p);
}

/* A parenthesised Latin form of the name just before p: "브로크먼(Greg Brockman) 사장". Its
 * last word, lower-cased, keys the name as the Latin extractor keys it (so that both meet);
 * returns where the parenthesis ends, or p when there is none. */
static size_t latin_form(const unsigned char *s, size_t len, size_t p, char *low, size_t lown)
{
	size_t q = p, open = 0, w = 0, k;

	if (q < len && s[q] == '(')
		open = 1;
	else if (q + 2 < len && memcmp(s + q, "（", 3) == 0)
		open = 3;
	else
		return p;
	q += open;
	for (k = q; k < len && k - q < 40 && (isalpha(s[k]) || s[k] == ' ' || s[k] == '-' || s[k] == '\''); k++)
		if (isalpha(s[k]) && (k == q || !isalpha(s[k - 1])))
			w = k;
	if (k == q || k >= len || k - q >= 40 || !isupper(s[w]))
		return p;
	if (!(s[k] == ')' || (k + 2 < len && memcmp(s + k, "）", 3) == 0)))
		return p;
	{
		size_t n = 0;
		while (w + n < len && isalpha(s[w + n]) && n + 1 < lown) {
			low[n] = (char)tolower(s[w + n]);
			n++;
		}
		low[n] = '\0';
		if (n < 4)
			return p;
	}
	return k + (s[k] == ')' ? 1 : 3);
}

/* Marks the fact of key a person's, found in the headline or not. */
static void mark_person(struct nw_fact *v, size_t n, const char *key, int in_title)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i].key, key) == 0) {
			v[i].person = 1;
			v[i].in_title |= in_title;
		}
}

/* A Hangul word s[st, e) directly before a title ("브록먼 의장도", "그레그 브로크먼(Greg Brockman)
 * 사장"): the name of a person, keyed by itself (the surname of a Western name, which the
 * Latin extractor also keys alone), or by its Latin form when the text gives it. */
static int ko_person(const unsigned char *s, size_t len, size_t st, size_t e, int in_title,
		     struct nw_fact **out, size_t *nout)
{
	char key[48], low[40] = "";
	size_t n = e - st, q, syl = n / 3;
	const char *w = (const char *)s + st;

	if (syl < 2 || syl > 5 || word_in(w, n, ko_not_names))
		return 0;
	for (int i = 0; ko_org_endings[i]; i++) {
		size_t k = strlen(ko_org_endings[i]);
		if (n >= k && memcmp(w + n - k, ko_org_endings[i], k) == 0)
			return 0;
	}
	/* a word ending in a particle is no name before its title ("스타트업의 CEO"), but for
	 * the subject's: "무라티가 최고기술책임자로" is Murati */
	if (word_in(w + n - 3, 3, ko_particles)) {
		if ((strncmp(w + n - 3, "이", 3) != 0 && strncmp(w + n - 3, "가", 3) != 0) || syl < 3)
			return 0;
		n -= 3;
	}
	q = latin_form(s, len, e, low, sizeof low);
	if (q < len && s[q] == ' ')
		q++;
	else if (q < len && s[q] >= 0x80) /* 재무장관: a title is a word of its own */
		return 0;
	if (!ko_title_at(s, len, q))
		return 0;
	if (*low)
		snprintf(key, sizeof key, "name:%s", low);
	else
		snprintf(key, sizeof key, "name:%.*s", (int)n, w);
	if (add_fact(out, nout, key, w, n))
		return -ENOMEM;
	mark_person(*out, *nout, key, in_title);
	return 0;
}

/* A katakana name s[st, e) directly before a Japanese title: "ラマンCEO", "ブロックマン社長も". */
static int ja_person(const unsigned char *s, size_t len, size_t st, size_t e, int in_title,
		     struct nw_fact **out, size_t *nout)
{
	char key[48], low[40] = "";
	size_t q = latin_form(s, len, e, low, sizeof low);

	if (e - st < 6 || e - st >= 40 || !starts_with((const char *)s + q, ja_titles))
		return 0;
	if (*low)
		snprintf(key, sizeof key, "name:%s", low);
	else
		snprintf(key, sizeof key, "name:%.*s", (int)(e - st), (const char *)s + st);
	if (add_fact(out, nout, key, (const char *)s + st, e - st))
		return -ENOMEM;
	mark_person(*out, *nout, key, in_title);
	return 0;
}

/* English titles, words of their own, a longer one before a title it begins with; the
 * abbreviations and honorifics as written (Ms, not MS; Dr, not DR). */
static const char *const en_titles[] = { "chief executive officer", "chief technology officer", "chief executive",
					 "prime minister", "board member", "co-founder", "cofounder", "chairwoman",
					 "chairman", "secretary", "president", "director", "minister", "founder",
					 "chair", NULL };
static const char *const en_abbrevs[] = { "CEO", "CTO", NULL };
static const char *const en_honorifics[] = { "Mrs", "Mr", "Ms", "Dr", NULL };
/* Words between a name and its title: "Altman, the chief executive", "Brockman as its
 * interim chairman" (and a possessive: "Altman, OpenAI's chief executive") */
static const char *const en_between[] = { "the", "its", "his", "her", "their", "a", "an", "former", "interim",
					  "acting", "new", "then", "outgoing", "vice", "deputy", "founding", "board",
					  NULL };
/* A capitalised word after a title that makes it a place's or a thing's: "President Hotel",
 * "Chairman Cup" */
static const char *const en_not_people[] = { "hotel", "hotels", "inn", "resort", "plaza", "street", "avenue", "road",
					     "square", "park", "palace", "tower", "building", "hall", "centre", "center",
					     "club", "cup", "cut", "edition", "series", "award", "awards", "prize",
					     "school", "college", "university", "house", "bridge", "station", "airport",
					     "theatre", "theater", "suite", "bank", "group", "fund", "office", "council",
					     "committee", "board", "cabinet", "party", "mode", "version", "trophy", "summit",
					     "conference", "forum", "foundation", "institute", "museum", NULL };
/* Words before a name that make it a place: "In Washington, the president said" */
static const char *const en_places[] = { "in", "at", "from", "to", "on", "near", NULL };

static int en_word_in(const unsigned char *w, size_t n, const char *const *list)
{
	for (int i = 0; list[i]; i++)
		if (strlen(list[i]) == n && strncasecmp(list[i], (const char *)w, n) == 0)
			return 1;
	return 0;
}

/* Does a title end at s[e] (e: just past it), a word of its own: not "vice-chairmanship",
 * not "Director's"? An honorific may have its full stop ("Mr."). */
static int en_title_ends(const unsigned char *s, size_t e)
{
	/* (most words end in none of the titles' last letters) */
	if (!e || !strchr("rRnNyYeEtTOs.", s[e - 1]))
		return 0;
	for (int k = s[e - 1] == '.' ? 2 : 0; k < 3; k++) {
		const char *const *list = k == 0 ? en_titles : k == 1 ? en_abbrevs : en_honorifics;
		size_t end = k == 2 && e && s[e - 1] == '.' ? e - 1 : e;
		for (int i = 0; list[i]; i++) {
			size_t n = strlen(list[i]);
			if (end < n || (end > n && (isalnum(s[end - n - 1]) || s[end - n - 1] == '\'')))
				continue;
			if (k ? memcmp(s + end - n, list[i], n) == 0 : strncasecmp((const char *)s + end - n, list[i], n) == 0)
				return 1;
		}
	}
	return 0;
}

/* The length of a title (not an honorific: they come before a name) at s[p] that ends its
 * word, or 0 */
static size_t en_title_at(const unsigned char *s, size_t len, size_t p)
{
	for (int k = 0; k < 2; k++)
		for (int i = 0; (k ? en_abbrevs : en_titles)[i]; i++) {
			const char *t = (k ? en_abbrevs : en_titles)[i];
			size_t n = strlen(t);
			if (p + n > len || (k ? memcmp(s + p, t, n) : strncasecmp((const char *)s + p, t, n)) != 0)
				continue;
			if (p + n < len && (isalnum(s[p + n]) || s[p + n] == '\'' || s[p + n] == '-'))
				continue;
			return n;
		}
	return 0;
}

/* Is s[b, e) a word as a name is written: a capital, then small letters (or hyphens)? */
static int en_name_shape(const unsigned char *s, size_t b, size_t e)
{
	if (e - b < 2 || e - b >= 40 || !isupper(s[b]) || !islower(s[b + 1]))
		return 0;
	for (size_t k = b + 2; k < e; k++)
		if (!islower(s[k]) && s[k] != '-')
			return 0;
	return 1;
}

/* Are the words of s[b, e), name-shaped, none a place's, a thing's or a stop word? */
static int en_name_words(const unsigned char *s, size_t b, size_t e)
{
	char low[40];

	while (b < e) {
		size_t w = b;
		while (w < e && s[w] != ' ')
			w++;
		for (size_t k = b; k < w; k++)
			low[k - b] = (char)tolower(s[k]);
		if (is_stopword(low, w - b) || en_word_in(s + b, w - b, en_not_people))
			return 0;
		b = w + 1;
	}
	return 1;
}

/* A Latin name s[st, e), the last word of a run of them, written with a title before it
 * ("chairman Greg Brockman", "CEO Sam Altman", "Mr. Altman") or after it ("Brockman as
 * chairman", "Altman, the chief executive, said", "Altman, OpenAI's chief executive of"): a
 * person, keyed as the Latin extractor keys a name (its last word), added here when that
 * skipped it (a sentence's first word, a short one). Not "President Hotel", "Director's
 * Cut", "Microsoft's Satya Nadella", nor "In Washington, the president said". */
static int en_person(const unsigned char *s, size_t len, size_t st, size_t e, int in_title,
		     struct nw_fact **out, size_t *nout)
{
	size_t p = st, q, t, words = 0;
	int titled = 0;
	char key[48], low[40];

	if (!en_name_shape(s, st, e))
		return 0;
	/* the last word of the name: "Greg" of "chairman Greg Brockman" is not keyed */
	if (e + 2 < len && s[e] == ' ' && isupper(s[e + 1])) {
		size_t f = e + 1;
		while (f < len && (isalpha(s[f]) || s[f] == '-'))
			f++;
		if (en_name_shape(s, e + 1, f))
			return 0;
	}
	/* a title before it, over the name's other words */
	while (!titled && p >= 2 && s[p - 1] == ' ') {
		size_t b = p - 1;
		if (en_title_ends(s, b)) {
			titled = 1;
			break;
		}
		while (b > 0 && (isalpha(s[b - 1]) || s[b - 1] == '-'))
			b--;
		if (words++ >= 2 || (b && !(s[b - 1] == ' ' || s[b - 1] == '\n' || s[b - 1] == '(' || s[b - 1] == '"')) ||
		    !en_name_shape(s, b, p - 1))
			break;
		p = b;
	}
	/* or after it: " as chairman", ", the chief executive," */
	if (!titled && e + 4 < len && (memcmp(s + e, " as ", 4) == 0 || memcmp(s + e, ", ", 2) == 0)) {
		int comma = s[e] == ',';
		size_t b = p;
		if (comma && b >= 2 && s[b - 1] == ' ') { /* a place's preposition before the name */
			size_t a = b - 1;
			while (a > 0 && isalpha(s[a - 1]))
				a--;
			if (en_word_in(s + a, b - 1 - a, en_places))
				return 0;
		}
		q = e + (comma ? 2 : 4);
		for (int k = 0; k < 3; k++) {
			size_t w = q;
			while (w < len && (isalnum(s[w]) || s[w] == '-'))
				w++;
			if (w > q && en_word_in(s + q, w - q, en_between) && w < len && s[w] == ' ')
				q = w + 1;
			else if (w > q && w + 2 < len && s[w] == '\'' && s[w + 1] == 's' && s[w + 2] == ' ')
				q = w + 3;
			else if (w > q && w + 4 < len && memcmp(s + w, "’s ", 5) == 0)
				q = w + 5;
			else
				break;
		}
		t = en_title_at(s, len, q);
		if (t && comma) { /* an apposition ends there, or goes on with whose title it is */
			static const char *const ends[] = { ",", ".", ";", ")", "\n", " of ", " at ", " and ", " who ",
							    " for ", NULL };
			q += t;
			if (q < len && !starts_with((const char *)s + q, ends))
				t = 0;
		}
		titled = t != 0;
	}
	if (!titled || en_title_ends(s, e) || !en_name_words(s, p, e))
		return 0;
	for (size_t k = 0; k < e - st; k++)
		low[k] = (char)tolower(s[st + k]);
	low[e - st] = '\0';
	snprintf(key, sizeof key, "name:%s", low);
	if (add_fact(out, nout, key, (const char *)s + st, e - st))
		return -ENOMEM;
	mark_person(*out, *nout, key, in_title);
	return 0;
}

static void sound_put(char *out, size_t n, size_t *k, char c)
{
	if (c == '.' || (*k && out[*k - 1] == c)) /* a vowel; a consonant doubled */
		return;
	if (*k + 1 < n)
		out[(*k)++] = c;
}

static int latin_vowel(int c)
{
	return c && strchr("aeiouy", c) != NULL;
}

size_t nw_name_sound(const char *name, char *out, size_t n)
{
	/* Hangul initials and finals, katakana from ァ (U+30A1) to ヺ (U+30FA); '*' is ツ, ts */
	static const char ko_initial[] = "KKNTTLMPPSS.JJJKTPH", ko_final[] = ".KKKNNNTLLLLLLLLMPPTTNTTKTPH",
			  kana[] = "..........KKKKKKKKKKSSSJSSSSSSTTJJ.*STTTTNNNNNHPPHPPPPPHPPHPPMMMMM......LLLLL.....NPKKPPPP";
	const unsigned char *s = (const unsigned char *)name;
	size_t len = strlen(name), i = 0, k = 0;

	if (!n)
		return 0;
	while (i < len) {
		int32_t cp = utf8_next(s, len, &i);
		int c = cp < 0x80 ? tolower((int)cp) : 0, next = i < len && s[i] < 0x80 ? tolower(s[i]) : 0;
		if (cp >= 0xAC00 && cp <= 0xD7A3) {
			int x = (int)(cp - 0xAC00), l = x / 588, v = x % 588 / 28, t = x % 28;
			if (v == 18 && (l == 14 || l == 12)) /* 츠, 즈: ts, z */
				sound_put(out, n, &k, l == 14 ? 'T' : 'S');
			if (v == 18 && l == 14)
				sound_put(out, n, &k, 'S');
			else if (!(v == 18 && l == 12))
				sound_put(out, n, &k, ko_initial[l]);
			sound_put(out, n, &k, ko_final[t]);
		} else if (cp >= 0x30A1 && cp <= 0x30FA) {
			char x = kana[cp - 0x30A1];
			if (x == '*') {
				sound_put(out, n, &k, 'T');
				x = 'S';
			}
			sound_put(out, n, &k, x);
		} else if (!isalpha(c) || latin_vowel(c) || c == 'w') {
			continue;
		} else if (c == 'c' && next == 'h') {
			sound_put(out, n, &k, 'J'), i++;
		} else if (c == 'c') {
			sound_put(out, n, &k, next && strchr("eiy", next) ? 'S' : 'K');
			i += next == 'k';
		} else if ((c == 's' || c == 't' || c == 'p') && next == 'h') {
			sound_put(out, n, &k, c == 's' ? 'S' : c == 't' ? 'T' : 'P'), i++;
		} else if (c == 'g' && next == 'h') {
			i++;
		} else if (c == 'n' && next == 'g' && !latin_vowel(i + 1 < len ? tolower(s[i + 1]) : 0)) {
			sound_put(out, n, &k, 'N'), i++;
		} else if (c == 'r' || c == 'h') { /* heard before a vowel only */
			if (latin_vowel(next))
				sound_put(out, n, &k, c == 'r' ? 'L' : 'H');
		} else if (c == 'x') {
			sound_put(out, n, &k, 'K'), sound_put(out, n, &k, 'S');
		} else {
			static const char from[] = "bvfdkqgjzlmnst", to[] = "PPPTKKKJSLMNST";
			const char *p = strchr(from, c);
			if (p)
				sound_put(out, n, &k, to[p - from]);
		}
	}
	out[k] = '\0';
	return k;
}

static int extract_names(const char *raw, struct nw_fact **out, size_t *nout)
{
	const unsigned char *u = (const unsigned char *)raw;
	size_t len = strlen(raw), i = 0, skip = title_case_len(u, len, 3), tlen = strcspn(raw, "\n");
	/* a headline whose every longer word is capitalised ("OpenAI Chairman Resigns") does not
	 * say which word after a title is a name */
	size_t pskip = title_case_len(u, len, 1);
	int sentence_start = 1;

	if (!raw[tlen]) /* a sentence of the body (additions): no headline */
		tlen = 0;

	while (i < len) {
		size_t st = i;
		int32_t cp = utf8_next(u, len, &i);
		if (cp >= 'A' && cp <= 'Z') {
			size_t e = i;
			char key[48];
			while (e < len && (isalpha(u[e]) || u[e] == '-'))
				e++;
			if (!sentence_start && st >= skip && e - st >= 4 && e - st < 40 && islower(u[st + 1])) {
				char low[40];
				for (size_t k = 0; k < e - st; k++)
					low[k] = (char)tolower(u[st + k]);
				low[e - st] = '\0';
				if (!is_stopword(low, e - st)) {
					snprintf(key, sizeof key, "name:%s", low);
					if (add_fact(out, nout, key, raw + st, e - st))
						return -ENOMEM;
				}
			}
			if (st >= pskip && en_person(u, len, st, e, st < tlen, out, nout))
				return -ENOMEM;
			i = e;
			sentence_start = 0;
		} else if (cp >= 0x30A1 && cp <= 0x30FA) {
			size_t e = i, nk = 1;
			char key[48];
			while (e < len) {
				size_t save = e;
				int32_t c2 = utf8_next(u, len, &e);
				if (!((c2 >= 0x30A1 && c2 <= 0x30FA) || c2 == 0x30FC)) {
					e = save;
					break;
				}
				nk++;
			}
			if (nk >= 3 && e - st < 40) {
				snprintf(key, sizeof key, "name:%.*s", (int)(e - st), raw + st);
				if (add_fact(out, nout, key, raw + st, e - st))
					return -ENOMEM;
			}
			if (ja_person(u, len, st, e, st < tlen, out, nout))
				return -ENOMEM;
			i = e;
			sentence_start = 0;
		} else if (cp >= 0xAC00 && cp <= 0xD7A3) {
			size_t e = i;
			while (e < len) {
				size_t save = e;
				int32_t c2 = utf8_next(u, len, &e);
				if (!(c2 >= 0xAC00 && c2 <= 0xD7A3)) {
					e = save;
					break;
				}
			}
			if (ko_person(u, len, st, e, st < tlen, out, nout))
				return -ENOMEM;
			i = e;
			sentence_start = 0;
		} else if (cp == '.' || cp == '!' || cp == '?' || cp == 0x3002 || cp == '\n') {
			sentence_start = 1;
		} else if (cp != ' ' && cp != '"' && cp != '\'' && cp != '(' && cp != 0x201C) {
			sentence_start = 0;
		}
	}
	return 0;
}

/* The concepts of a text: a word of one counts unless a negated phrase of the same concept
 * begins where it does (the matcher reports them in no set order: all are gathered first). */
#define CONCEPT_HITS 64
struct concept_scan {
	size_t n;
	struct {
		uint32_t id;
		size_t start, end;
	} v[CONCEPT_HITS];
	uint64_t overflow; /* the concepts of hits past CONCEPT_HITS, counted as they come */
};

static int on_concept(void *arg, uint32_t id, size_t start, size_t end)
{
	struct concept_scan *cs = arg;

	if (cs->n < CONCEPT_HITS) {
		cs->v[cs->n].id = id;
		cs->v[cs->n].end = end;
		cs->v[cs->n++].start = start;
	} else if (!(id & NEGATED)) {
		cs->overflow |= 1ULL << id;
	}
	return 0;
}

/* The concepts of s; *group: those that one word gives with another ("fires": a dismissal
 * or an incident), *twins: of them, those no other word gives (nw_features.twins). */
static uint64_t concepts_of(const struct nw_lexicon *lx, const char *s, size_t len, uint64_t *twins, uint64_t *group)
{
	struct concept_scan cs = { 0 };
	uint64_t out;

	uint64_t alone = 0; /* concepts a word gives by itself */

	nw_matcher_scan(lx->m, s, len, 0, on_concept, &cs);
	out = cs.overflow;
	*twins = 0;
	for (size_t i = 0; i < cs.n; i++) {
		size_t k;
		int twin = 0;
		if (cs.v[i].id & NEGATED)
			continue;
		for (k = 0; k < cs.n && !(cs.v[k].id == (cs.v[i].id | NEGATED) && cs.v[k].start == cs.v[i].start); k++)
			;
		if (k < cs.n)
			continue;
		out |= 1ULL << cs.v[i].id;
		for (k = 0; k < cs.n; k++)
			twin |= !(cs.v[k].id & NEGATED) && cs.v[k].id != cs.v[i].id && cs.v[k].start == cs.v[i].start &&
				cs.v[k].end == cs.v[i].end;
		if (twin)
			*twins |= 1ULL << cs.v[i].id;
		else
			alone |= 1ULL << cs.v[i].id;
	}
	/* "fires ... explosion": the incident is named by a word of its own too, an event;
	 * *group keeps every concept of the twin words, *twins those only they give */
	*group = *twins;
	*twins &= ~alone;
	return out;
}

/* The lede: the first two sentences of the body, at most 400 bytes. */
static size_t lede_len(const char *body)
{
	size_t n = 0;

	for (int s = 0; s < 2 && body[n]; s++)
		n += sentence_len(body + n);
	return n < 400 ? n : 400;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x > y) - (x < y);
}

/* f->lede: some of the fingerprints of fp (sorted) that are shingles of the body's first
 * sentence — of as many first sentences as make min tokens (a byline or a dateline alone is
 * no lede). The sentences are found in the body as written (normalised, 。 is gone between
 * Han and Kana), and counted in tokens, which are the same there. Winnowing keeps, of every
 * run of w + k - 1 tokens two texts share, a fingerprint of that run in both: a text with
 * the whole of another's first sentence has one of these. */
/* A photo's credit: the caption it ends, which two outlets running one wire story choose
 * each their own ("... REUTERS/Carlos Barria", "(Photo by ... /Getty Images)",
 * "写真は... （ロイター／...）", "(사진=연합뉴스)") and so is no lede. */
static const char *const credits[] = {
	"reuters/", "getty images", "ap photo", "afp photo", "afp via", "file photo", "photo by", "photo:",
	"(photo", "photograph:", "epa-efe", "/ afp", "bloomberg via", "사진=", "사진 =", "(사진", "[사진", "写真は",
	"写真：", "撮影", "＝共同", "=共同", "ロイター／", NULL,
};

/* Where the lede begins: after the last photo credit in the body's first 400 bytes, and the
 * bracket that closes it (a caption's "... REUTERS/Carlos Barria/File Photo", or "(Photo by
 * Justin Sullivan/Getty Images)" runs into the first sentence: text made of HTML has no
 * line break left to tell them apart); 0 without one. */
static size_t after_caption(const char *body)
{
	char low[401];
	size_t n = strnlen(body, 400), at = 0;

	for (size_t i = 0; i < n; i++)
		low[i] = (char)tolower((unsigned char)body[i]);
	low[n] = '\0';
	for (const char *const *c = credits; *c; c++) {
		size_t cl = strlen(*c);
		for (const char *p = strstr(low, *c); p; p = strstr(p + 1, *c))
			if ((size_t)(p - low) + cl > at)
				at = (size_t)(p - low) + cl;
	}
	if (!at)
		return 0;
	for (size_t i = at; i < n && i < at + 48; i++) {
		if (body[i] == ')' || body[i] == ']')
			return i + 1;
		if (!strncmp(body + i, "）", 3) || !strncmp(body + i, "】", 3))
			return i + 3;
	}
	return at;
}

/* Where the lede begins after a wire's dateline in the 160 bytes from `from`: "SAN
 * FRANCISCO, Nov 17 (Reuters) - ", "SEOUL, Nov. 17 (Yonhap) -- ", "(AP) — ", "(서울=연합뉴스)
 * 홍길동 기자 = ", "【ロンドン共同】". A write-through keeps its wire's dateline over a new
 * lede, and two stories of one city and day share it: it is no lede. `from` without one. */
static size_t after_dateline(const char *body, size_t from)
{
	static const char *const ends[] = { ") - ", ") -- ", ") \xe2\x80\x94 ", ") \xe2\x80\x93 ", "\xea\xb8\xb0\xec\x9e\x90 = ",
					    "\xea\xb8\xb0\xec\x9e\x90= ", "\xe3\x80\x91", NULL }; /* — – 기자 = 】 */
	char head[161];
	size_t n = strnlen(body + from, 160), best = 0;

	memcpy(head, body + from, n);
	head[n] = '\0';
	for (const char *const *e = ends; *e; e++) {
		const char *p = strstr(head, *e);
		if (p && (!best || (size_t)(p - head) + strlen(*e) < best))
			best = (size_t)(p - head) + strlen(*e);
	}
	return from + best;
}

/* The tokens of s[0, n) (tokenize's, counted). */
static size_t tokens_in(const char *s, size_t n, struct tokvec *scratch)
{
	scratch->n = 0;
	return tokenize(s, n, scratch, NULL) ? 0 : scratch->n;
}

static void lede_fp(const char *body, const struct tokvec *t, int k, size_t min, const struct u32vec *fp,
		    struct nw_features *f, size_t *lede_end, size_t *lede_tok)
{
	struct tokvec head = { 0 };
	size_t end = after_dateline(body, after_caption(body)), skip = end ? tokens_in(body, end, &head) : 0, nt;

	/* sentence by sentence (no token spans a sentence's end) */
	for (nt = skip; body[end] && nt - skip < min;) {
		size_t len = sentence_len(body + end);
		nt += tokens_in(body + end, len, &head);
		end += len;
	}
	free(head.v);
	if (nt > t->n)
		nt = t->n;
	*lede_end = end;
	*lede_tok = nt;
	uint32_t *rest = NULL; /* the shingles after the lede, made when first needed */
	size_t nrest = 0;

	for (size_t i = skip; i + (size_t)k <= nt && f->nlede < NW_LEDE_FP; i++) {
		uint32_t h = shingle(t, i, k);
		int dup = 0;
		if (!bsearch(&h, fp->v, fp->n, sizeof h, cmp_u32))
			continue;
		for (size_t j = 0; j < f->nlede && !dup; j++)
			dup = f->lede[j] == h;
		/* a phrase the text says again further on (a name: "OpenAI" in "About OpenAI")
		 * is not its lede's own */
		if (!rest && nt + (size_t)k <= t->n) {
			if (!(rest = malloc((t->n - nt - (size_t)k + 1) * sizeof *rest))) {
				f->nlede = 0; /* no lede: no objection made */
				break;
			}
			for (size_t j = nt; j + (size_t)k <= t->n; j++)
				rest[nrest++] = shingle(t, j, k);
		}
		for (size_t j = 0; j < nrest && !dup; j++)
			dup = rest[j] == h;
		if (!dup)
			f->lede[f->nlede++] = h;
	}
	free(rest);
}

/* Whether s[0, n) has a photo's credit (credits[]): a caption, in the body's middle too.
 * Its first 511 bytes are read, in any case. */
static int credited(const char *s, size_t n)
{
	n = n < 511 ? n : 511;
	for (const char *const *c = credits; *c; c++) {
		size_t cl = strlen(*c), j;
		for (size_t i = 0; i + cl <= n; i++) {
			for (j = 0; j < cl && (char)tolower((unsigned char)s[i + j]) == (*c)[j]; j++)
				;
			if (j == cl)
				return 1;
		}
	}
	return 0;
}

/* Whether text (a name as written) is in body outside [at, at + len), as a word. */
static int said_elsewhere(const char *body, size_t at, size_t len, const char *text)
{
	size_t tl = strlen(text);

	for (const char *p = strstr(body, text); p; p = strstr(p + 1, text)) {
		size_t o = (size_t)(p - body);
		if (o >= at && o < at + len)
			continue;
		if ((o == 0 || !isalnum((unsigned char)p[-1])) && !isalnum((unsigned char)p[tl]))
			return 1;
	}
	return 0;
}

/* Up to NW_ADD_FP of the fingerprints fp (sorted) among the shingles starting in [from, to). */
static uint8_t fps_in(const struct tokvec *t, int k, size_t from, size_t to, const uint32_t *fp, size_t nfp,
		      uint32_t *out)
{
	uint8_t n = 0;

	for (size_t i = from; i < to && i + (size_t)k <= t->n && n < NW_ADD_FP; i++) {
		uint32_t h = shingle(t, i, k);
		if (bsearch(&h, fp, nfp, sizeof h, cmp_u32))
			out[n++] = h;
	}
	return n;
}

/* f->adds: the figures and Latin names of the body's sentences from byte `at` (token tok,
 * the lede's end), each with where its sentence sits (struct nw_addition). A sentence with
 * a photo's credit, or before one, is a caption: skipped. A name the body gives elsewhere
 * is the story's, not the sentence's news. The figures are read in the normalised body nb
 * (t's tokens are its), the names in the body as written (each sentence ended in place by
 * a NUL while they are, then given back its byte). */
static int additions(char *body, size_t at, size_t tok, const char *nb, size_t lbody, const struct tokvec *t, int k,
		     const uint32_t *fp, size_t nfp, struct nw_features *f)
{
	struct tokvec scratch = { 0 };
	int r = 0;

	while (body[at] && tok < t->n && f->nadds < NW_ADDITIONS && !r) {
		size_t len = sentence_len(body + at), nextlen = body[at + len] ? sentence_len(body + at + len) : 0;
		size_t te = tok + tokens_in(body + at, len, &scratch), nnum;
		struct nw_fact *v = NULL;
		size_t nv = 0;
		char save;
		if (te > t->n)
			te = t->n;
		if (te == tok || credited(body + at, len + nextlen))
			goto next;
		{
			size_t bs = t->v[tok].start, be = te < t->n ? t->v[te].start : lbody;
			r = extract_numbers(nb + bs, be > bs ? be - bs : 0, 0, &v, &nv);
		}
		nnum = nv;
		save = body[at + len];
		body[at + len] = '\0';
		if (!r)
			r = extract_names(body + at, &v, &nv);
		body[at + len] = save;
		for (size_t i = 0; i < nv && !r && f->nadds < NW_ADDITIONS; i++) {
			struct nw_addition *a;
			int name = i >= nnum;
			if (name && ((unsigned char)v[i].key[5] >= 0x80 || said_elsewhere(body, at, len, v[i].text)))
				continue;
			if (!f->adds && !(f->adds = calloc(NW_ADDITIONS, sizeof *f->adds))) {
				r = -ENOMEM;
				break;
			}
			a = &f->adds[f->nadds++];
			a->fact = v[i];
			a->name = name;
			a->nown = fps_in(t, k, tok >= (size_t)k - 1 ? tok - ((size_t)k - 1) : 0, te, fp, nfp, a->own);
			a->nnext = fps_in(t, k, te, te + 4 * NW_ADD_FP * (size_t)k, fp, nfp, a->next);
		}
		free(v);
next:
		tok = te;
		at += len;
	}
	free(scratch.v);
	return r;
}

int nw_features_additions(struct nw_features *f, const char *body)
{
	struct tokvec t = { 0 };
	char *own = NULL, *nb = NULL;
	size_t lbody;
	int r = -ENOMEM;

	/* none to work out (no lede of the body), worked out already, or another body */
	if (!f->add_k || strlen(body) != f->blen)
		return 0;
	if ((own = strdup(body)) && (nb = nw_text_normalize(own, f->blen, &lbody)) && !tokenize(nb, lbody, &t, NULL))
		r = additions(own, f->add_at, f->add_tok, nb, lbody, &t, f->add_k, f->fp, f->nfp, f);
	if (!r)
		f->add_k = 0;
	else
		f->nadds = 0; /* (none rather than some) */
	free(t.v);
	free(nb);
	free(own);
	return r;
}

/* raw normalised: pre when the caller has it, else normalised here into *own (freed by
 * the caller). NULL when out of memory. */
static const char *normalised(const char *pre, size_t prelen, const char *raw, char **own, size_t *len)
{
	if (pre) {
		*len = prelen;
		return pre;
	}
	return *own = nw_text_normalize(raw, strlen(raw), len);
}

int nw_features_extract_for(const struct nw_lexicon *lx, const char *title, const char *body,
			    const struct nw_normtext *nt, int full, struct nw_features *f)
{
	char *head = NULL, *nhead = NULL, *nbody = NULL, *ntitle = NULL;
	const char *nb, *ntl;
	size_t lhead, lbody, ll, tl, ltitle = 0;
	struct tokvec th = { 0 }, tb = { 0 };
	struct u32vec fp = { 0 }, terms = { 0 };
	int counts[4] = { 0 }, r = -ENOMEM;

	memset(f, 0, sizeof *f);
	title = title ? title : "";
	body = body ? body : "";
	ll = lede_len(body); /* within body: no NUL before ll */
	tl = strlen(title);
	if (!(head = malloc(tl + 1 + ll + 1)))
		goto out;
	memcpy(head, title, tl);
	head[tl] = '\n';
	memcpy(head + tl + 1, body, ll);
	head[tl + 1 + ll] = '\0';
	if (!(nhead = nw_text_normalize(head, tl + 1 + ll, &lhead)))
		goto out;
	if (!(nb = normalised(nt ? nt->body : NULL, nt ? nt->blen : 0, body, &nbody, &lbody)))
		goto out;
	if (tokenize(nb, lbody, &tb, counts))
		goto out;
	/* the title and lede's tokens: for fingerprints when the body is short (or empty, when
	 * they also tell the language) and for terms; most items need neither */
	if ((tb.n < 24 || full) && tokenize(nhead, lhead, &th, lbody ? NULL : counts))
		goto out;
	/* the script decides the language: particles and kana are telling — the title's too,
	 * when a short body has neither (a Japanese report whose body is a line of kanji and
	 * figures reads as Chinese by itself: a story with language = ja dropped it). A longer
	 * body without kana is not Japanese; nor is a title with a kana or so among its Han (a
	 * Taiwanese headline's の, as in 台積電の新廠動工). */
	if (lbody && !counts[0] && !counts[1] && counts[2] && counts[2] < 40) {
		int hc[4] = { 0 };
		struct tokvec tv = { 0 };
		int e = tokenize(nhead, lhead, &tv, hc);
		free(tv.v);
		if (e)
			goto out;
		if (hc[0] >= 2 && hc[0] * 5 >= hc[2])
			counts[0] += hc[0];
		if (hc[1] >= 2 && hc[1] * 5 >= hc[2])
			counts[1] += hc[1];
	}
	if (counts[0] && counts[0] >= counts[1])
		strcpy(f->lang, "ko");
	else if (counts[1])
		strcpy(f->lang, "ja");
	else if (counts[2] > counts[3])
		strcpy(f->lang, "zh");
	else
		strcpy(f->lang, "en");
	/* fingerprints of the body (a new headline is not a new article); of the title too when
	 * the body is short. CJK text is shingled by characters, so its shingles are longer. */
	{
		int cjk = counts[0] + counts[1] + counts[2] > counts[3];
		const struct tokvec *src = tb.n >= 24 ? &tb : &th;
		struct u32vec all = { 0 };
		if (winnow_all(src, cjk ? 5 : 3, 8, &fp, src == &tb ? &all : NULL))
			goto out;
		sort_unique(&fp);
		if (src == &tb) {
			lede_fp(body, &tb, cjk ? 5 : 3, cjk ? 20 : 12, &fp, f, &f->add_at, &f->add_tok);
			/* its additions only when asked for (nw_features_additions): a text that
			 * is a copy but for them is rare, and working them out for every item
			 * cost a fifth more of a cycle's work */
			if (f->nlede) {
				f->add_k = cjk ? 5 : 3;
				f->blen = strlen(body);
			}
		}
		/* kept as their low 16 bits (an original's lede is looked for among them: one in
		 * 65,536 per shingle matches by chance), half the memory, while the item waits */
		if (all.n && (f->shingles = malloc(all.n * sizeof *f->shingles))) {
			for (size_t i = 0; i < all.n; i++)
				f->shingles[i] = (uint16_t)all.v[i];
			f->nshingles = all.n;
		}
		free(all.v);
	}
	if (!(ntl = normalised(nt ? nt->title : NULL, nt ? nt->tlen : 0, title, &ntitle, &ltitle)))
		goto out;
	/* what only development detection reads: for an item that matched a story */
	if (!full)
		goto dedup;
	f->analysis = analysis_kicker(title);
	if (extract_terms(nhead, &th, &terms))
		goto out;
	sort_unique(&terms);
	/* the headline says what happened; the lede also recalls what happened before, so
	 * it counts only when the headline names no event */
	f->concepts = concepts_of(lx, ntl, ltitle, &f->twins, &f->twin_group);
	if (!f->concepts)
		f->concepts = concepts_of(lx, nhead, lhead, &f->twins, &f->twin_group);
	{
		/* figures of the headline are marked: an update leads with its new figure */
		if (extract_numbers(ntl, ltitle, 0, &f->facts, &f->nfacts))
			goto out;
		for (size_t i = 0; i < f->nfacts; i++)
			f->facts[i].in_title = 1;
	}
	if (extract_numbers(nhead, lhead, 0, &f->facts, &f->nfacts) || extract_names(head, &f->facts, &f->nfacts))
		goto out;
dedup: /* the figures near-duplicate detection compares, the headline's first */
	if (extract_numbers(ntl, ltitle, 1, &f->nums, &f->nnums))
		goto out;
	f->ntitle_nums = f->nnums;
	if (extract_numbers(nb, lbody, 1, &f->nums, &f->nnums) || extract_numbers(nhead, lhead, 1, &f->nums, &f->nnums))
		goto out;
	/* a headline figure the text also gives, in other words ('5조6천억' for 5조6천억원), is
	 * the text's: it leaves the headline's part */
	for (size_t i = 0; i < f->ntitle_nums;) {
		const char *v = strchr(f->nums[i].key, ':');
		int restated = 0;
		for (size_t j = f->ntitle_nums; v && j < f->nnums && !restated; j++) {
			const char *w = strchr(f->nums[j].key, ':');
			restated = w && strcmp(v, w) == 0;
		}
		if (restated) {
			struct nw_fact x = f->nums[i];
			f->nums[i] = f->nums[--f->ntitle_nums];
			f->nums[f->ntitle_nums] = x;
		} else {
			i++;
		}
	}
	f->fp = fp.v, f->nfp = fp.n, fp.v = NULL;
	f->terms = terms.v, f->nterms = terms.n, terms.v = NULL;
	r = 0;
out:
	if (r) { /* (what was made of f goes with it) */
		free(f->shingles);
		f->shingles = NULL;
		f->nshingles = 0;
	}
	free(head);
	free(nhead);
	free(nbody);
	free(ntitle);
	free(th.v);
	free(tb.v);
	free(fp.v);
	free(terms.v);
	if (r)
		nw_features_free(f);
	return r;
}

void nw_features_free(struct nw_features *f)
{
	free(f->fp);
	free(f->shingles);
	free(f->terms);
	free(f->facts);
	free(f->nums);
	free(f->adds);
	memset(f, 0, sizeof *f);
}

int nw_features_add_written(struct nw_features *f, uint32_t mask)
{
	for (size_t i = 0; i < f->nadds && i < 32; i++) {
		size_t j;
		if (!(mask & (1u << i)))
			continue;
		for (j = 0; j < f->nfacts && strcmp(f->facts[j].key, f->adds[i].fact.key) != 0; j++)
			;
		if (j == f->nfacts) {
			const struct nw_fact *a = &f->adds[i].fact;
			if (add_fact(&f->facts, &f->nfacts, a->key, a->text, strlen(a->text)))
				return -ENOMEM;
			if (j == f->nfacts)
				continue; /* (full) */
		}
		f->facts[j].written = 1;
	}
	return 0;
}

int nw_features_extract(const struct nw_lexicon *lx, const char *title, const char *body, struct nw_features *f)
{
	return nw_features_extract_for(lx, title, body, NULL, 1, f);
}
