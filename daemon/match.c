/* match.c — Aho–Corasick over bytes of normalised text, every alias in one automaton.
 * Layout: a full DFA (failure links folded into the table) over byte classes — bytes used
 * by no pattern share class 0 — so a row is ~100 entries instead of 256 and the hot rows
 * (root and shallow states) stay in cache. Each entry holds the next state premultiplied by
 * the row width, with the top bit set when that state has output, so the inner loop is one
 * load, one add and one test per byte. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "match.h"
#include "text.h"

#define OUT_FLAG 0x80000000u
#define STATE_MASK 0x7fffffffu

struct pat {
	uint32_t id;
	uint32_t len;
	uint32_t off;      /* into bytes */
	uint8_t left, right; /* the character before / after a hit must not be a letter or
			      * digit of a spaced script (edge_checked); DIGIT_EDGE: the alias
			      * has a digit there, and a number goes on past "." or "," */
};

struct nw_matcher {
	struct pat *pats;
	size_t npats, patcap;
	char *bytes;
	size_t nbytes, bytecap;
	int compiled;
	int fold;          /* nw_matcher_fold_ascii: 'A'..'Z' share the class of 'a'..'z' */

	/* automaton */
	uint8_t cls[256];
	uint32_t ncls;
	uint32_t nstates;
	uint32_t *trans;    /* nstates * ncls */
	uint32_t *own_start, *own_n; /* per state: patterns ending exactly here (in order[]) */
	uint32_t *order;    /* pattern indices grouped by state */
	uint32_t *dict;     /* per state: next state on the failure chain with own output */
};

struct nw_matcher *nw_matcher_new(void)
{
	return calloc(1, sizeof(struct nw_matcher));
}

void nw_matcher_free(struct nw_matcher *m)
{
	if (!m)
		return;
	free(m->pats);
	free(m->bytes);
	free(m->trans);
	free(m->own_start);
	free(m->own_n);
	free(m->order);
	free(m->dict);
	free(m);
}

size_t nw_matcher_count(const struct nw_matcher *m)
{
	return m ? m->npats : 0;
}

size_t nw_matcher_states(const struct nw_matcher *m)
{
	return m && m->compiled ? m->nstates : 0;
}

/* Decode the code point at p (tolerant: malformed bytes give U+FFFD). */
static int32_t dec_at(const unsigned char *p, size_t avail)
{
	unsigned char c = p[0];
	size_t n, i;
	int32_t cp;

	if (c < 0x80)
		return c;
	if (c >= 0xc2 && c < 0xe0) {
		n = 2;
		cp = c & 0x1f;
	} else if (c >= 0xe0 && c < 0xf0) {
		n = 3;
		cp = c & 0x0f;
	} else if (c >= 0xf0 && c < 0xf5) {
		n = 4;
		cp = c & 0x07;
	} else {
		return 0xfffd;
	}
	if (avail < n)
		return 0xfffd;
	for (i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0xfffd;
		cp = (cp << 6) | (p[i] & 0x3f);
	}
	return cp;
}

/* The code point that ends just before offset pos (pos > 0). */
static int32_t dec_before(const unsigned char *t, size_t pos)
{
	size_t i = pos - 1, back = 0;

	while (i > 0 && back < 3 && (t[i] & 0xc0) == 0x80) {
		i--;
		back++;
	}
	return dec_at(t + i, pos - i);
}

static int32_t last_cp(const unsigned char *p, size_t len)
{
	return dec_before(p, len);
}

#define DIGIT_EDGE 2

/* Does the pattern have a letter of a spaced script (digits and lone accents do not count)? */
static int has_word_letter(const unsigned char *p, size_t len)
{
	size_t i = 0;

	while (i < len) {
		int32_t cp = dec_at(p + i, len - i);
		if (nw_cp_is_word_letter(cp))
			return 1;
		i++;
		while (i < len && (p[i] & 0xc0) == 0x80)
			i++;
	}
	return 0;
}

/* SPEC §3.5: a Latin-script alias matches only where the characters next to it are not
 * Latin letters or digits, whatever its own first and last characters are: "U.S." misses
 * "the U.S.S.R.", ".NET" misses "ASP.NET", "C++" misses "C++x". So do the aliases of every
 * script that puts spaces between words, Greek, Cyrillic, Indic ... ("ИИ" misses "России",
 * "AI" misses "AIя"), but Hebrew and Arabic, whose prepositions attach (nw_cp_is_word). An
 * edge that is such a letter or digit is checked in any alias ("1,350억" misses
 * "21,350억"); a Hangul, Kana or Han edge never is, so that words attach there as in Korean
 * ("생성형AI", "MS는"); any other edge (punctuation, symbols) only in an alias with such a
 * letter ("27%" still matches "27%p"). */
static int edge_checked(int32_t edge, int word)
{
	if (nw_cp_is_word(edge))
		return 1 | (edge >= '0' && edge <= '9' ? DIGIT_EDGE : 0);
	return word && !nw_cp_is_cjk(edge);
}

/* A number goes on past a decimal point or a thousands separator: "27%" misses "0.27%",
 * "$1" misses "$1.5 billion" and "$1,000", "GPT-4" misses "GPT-4.5"; "GPT-4." ends one. */
static int digit_before(const unsigned char *t, size_t start)
{
	return start >= 2 && (t[start - 1] == '.' || t[start - 1] == ',') && t[start - 2] >= '0' && t[start - 2] <= '9';
}

static int digit_after(const unsigned char *t, size_t end, size_t len)
{
	return end + 1 < len && (t[end] == '.' || t[end] == ',') && t[end + 1] >= '0' && t[end + 1] <= '9';
}

int nw_matcher_add(struct nw_matcher *m, const char *pat, size_t len, uint32_t id)
{
	const unsigned char *u = (const unsigned char *)pat;
	int word;

	struct pat *p;

	if (!m || !pat || !len || len > NW_MATCH_MAX_PATLEN || m->compiled)
		return -EINVAL;
	if (m->npats >= NW_MATCH_MAX_PATTERNS)
		return -E2BIG;
	if (m->npats == m->patcap) {
		size_t cap = m->patcap ? m->patcap * 2 : 64;
		struct pat *np = realloc(m->pats, cap * sizeof(*np));
		if (!np)
			return -ENOMEM;
		m->pats = np;
		m->patcap = cap;
	}
	if (m->nbytes + len > m->bytecap) {
		size_t cap = m->bytecap ? m->bytecap : 1024;
		while (cap < m->nbytes + len)
			cap *= 2;
		char *nb = realloc(m->bytes, cap);
		if (!nb)
			return -ENOMEM;
		m->bytes = nb;
		m->bytecap = cap;
	}
	memcpy(m->bytes + m->nbytes, pat, len);
	p = &m->pats[m->npats++];
	p->id = id;
	p->len = (uint32_t)len;
	p->off = (uint32_t)m->nbytes;
	word = has_word_letter(u, len);
	p->left = (uint8_t)edge_checked(dec_at(u, len), word);
	p->right = (uint8_t)edge_checked(last_cp(u, len), word);
	m->nbytes += len;
	return 0;
}

int nw_matcher_fold_ascii(struct nw_matcher *m)
{
	if (!m || m->compiled)
		return -EINVAL;
	m->fold = 1;
	return 0;
}

static unsigned char fold_byte(const struct nw_matcher *m, unsigned char c)
{
	return m->fold && c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c;
}

int nw_matcher_compile(struct nw_matcher *m)
{
	uint32_t *goto_, *fail = NULL, *queue = NULL, *term = NULL, *next = NULL;
	uint8_t *hasout = NULL;
	size_t maxstates, i, c;
	uint32_t ns, ncls = 1, head, tail;
	int rc = -ENOMEM;

	if (!m)
		return -EINVAL;
	if (m->compiled)
		return 0;
	{
		uint8_t used[256] = { 0 };
		for (i = 0; i < m->nbytes; i++)
			used[fold_byte(m, (unsigned char)m->bytes[i])] = 1;
		for (c = 0; c < 256; c++)
			ncls += used[c];
		if (ncls > 256) { /* every byte value used: identity classes */
			ncls = 256;
			for (c = 0; c < 256; c++)
				m->cls[c] = (uint8_t)c;
		} else {
			uint32_t k = 1;
			for (c = 0; c < 256; c++)
				m->cls[c] = used[c] ? (uint8_t)k++ : 0;
		}
		/* an upper-case letter reads as its lower case: the automaton never tells them
		 * apart, whichever of the two a pattern or the text has */
		for (c = 'A'; m->fold && c <= 'Z'; c++)
			m->cls[c] = m->cls[c + 32];
	}
	maxstates = m->nbytes + 1;
	if (maxstates > STATE_MASK / ncls)
		return -E2BIG;

	goto_ = calloc(maxstates * ncls, sizeof(*goto_));
	term = malloc(maxstates * sizeof(*term));
	next = malloc((m->npats ? m->npats : 1) * sizeof(*next));
	if (!goto_ || !term || !next)
		goto out;
	memset(term, 0xff, maxstates * sizeof(*term));

	/* trie; goto_ entry 0 means "no child" (the root is never a child) */
	ns = 1;
	for (i = 0; i < m->npats; i++) {
		const unsigned char *b = (const unsigned char *)m->bytes + m->pats[i].off;
		uint32_t s = 0, k;
		for (k = 0; k < m->pats[i].len; k++) {
			uint32_t *slot = &goto_[(size_t)s * ncls + m->cls[b[k]]];
			if (!*slot)
				*slot = ns++;
			s = *slot;
		}
		/* keep patterns in insertion order per state */
		next[i] = UINT32_MAX;
		if (term[s] == UINT32_MAX) {
			term[s] = (uint32_t)i;
		} else {
			uint32_t j = term[s];
			while (next[j] != UINT32_MAX)
				j = next[j];
			next[j] = (uint32_t)i;
		}
	}

	fail = calloc(ns, sizeof(*fail));
	queue = malloc(ns * sizeof(*queue));
	m->dict = calloc(ns, sizeof(*m->dict));
	hasout = calloc(ns, 1);
	m->own_start = calloc(ns, sizeof(*m->own_start));
	m->own_n = calloc(ns, sizeof(*m->own_n));
	m->order = malloc((m->npats ? m->npats : 1) * sizeof(*m->order));
	if (!fail || !queue || !m->dict || !hasout || !m->own_start || !m->own_n || !m->order)
		goto out;

	/* breadth first: failure links, then the full DFA row of each state */
	head = tail = 0;
	for (c = 0; c < ncls; c++) {
		uint32_t t = goto_[c];
		if (t) {
			fail[t] = 0;
			queue[tail++] = t;
		}
	}
	while (head < tail) {
		uint32_t s = queue[head++];
		uint32_t *row = &goto_[(size_t)s * ncls];
		const uint32_t *frow = &goto_[(size_t)fail[s] * ncls];
		for (c = 0; c < ncls; c++) {
			if (row[c]) {
				fail[row[c]] = frow[c];
				queue[tail++] = row[c];
			} else {
				row[c] = frow[c];
			}
		}
		m->dict[s] = term[fail[s]] != UINT32_MAX ? fail[s] : m->dict[fail[s]];
		hasout[s] = term[s] != UINT32_MAX || m->dict[s] != 0;
	}

	/* own outputs, flattened */
	{
		uint32_t k = 0, s;
		for (s = 0; s < ns; s++) {
			uint32_t j;
			m->own_start[s] = k;
			for (j = term[s]; j != UINT32_MAX; j = next[j])
				m->order[k++] = j;
			m->own_n[s] = k - m->own_start[s];
		}
	}

	/* premultiply and flag */
	for (i = 0; i < (size_t)ns * ncls; i++) {
		uint32_t t = goto_[i];
		goto_[i] = t * ncls | (hasout[t] ? OUT_FLAG : 0);
	}
	m->trans = realloc(goto_, (size_t)ns * ncls * sizeof(*goto_));
	if (!m->trans)
		m->trans = goto_;
	goto_ = NULL;
	m->ncls = ncls;
	m->nstates = ns;
	m->compiled = 1;
	rc = 0;
out:
	free(goto_);
	free(fail);
	free(queue);
	free(term);
	free(next);
	free(hasout);
	if (rc) {
		free(m->dict);
		free(m->own_start);
		free(m->own_n);
		free(m->order);
		m->dict = m->own_start = m->own_n = m->order = NULL;
	}
	return rc;
}

static int report(const struct nw_matcher *m, uint32_t s, const unsigned char *t, size_t len,
		  size_t end, unsigned flags, nw_match_fn fn, void *arg)
{
	int rc;

	while (s) {
		uint32_t k, n = m->own_n[s], base = m->own_start[s];
		for (k = 0; k < n; k++) {
			const struct pat *p = &m->pats[m->order[base + k]];
			size_t start = end - p->len;
			if (!(flags & NW_MATCH_RAW)) {
				if (p->left && start > 0 &&
				    (nw_cp_is_word(dec_before(t, start)) || ((p->left & DIGIT_EDGE) && digit_before(t, start))))
					continue;
				if (p->right && end < len &&
				    (nw_cp_is_word(dec_at(t + end, len - end)) ||
				     ((p->right & DIGIT_EDGE) && digit_after(t, end, len))))
					continue;
			}
			rc = fn(arg, p->id, start, end);
			if (rc)
				return rc;
		}
		s = m->dict[s];
	}
	return 0;
}

int nw_matcher_scan(const struct nw_matcher *m, const char *text, size_t len, unsigned flags,
		    nw_match_fn fn, void *arg)
{
	const unsigned char *t = (const unsigned char *)text;
	const uint32_t *trans;
	const uint8_t *cls;
	uint32_t x = 0, ncls;
	size_t i;
	int rc;

	if (!m || !m->compiled || !fn || (!text && len))
		return -EINVAL;
	trans = m->trans;
	cls = m->cls;
	ncls = m->ncls;
	for (i = 0; i < len; i++) {
		x = trans[(x & STATE_MASK) + cls[t[i]]];
		if (x & OUT_FLAG) {
			rc = report(m, (x & STATE_MASK) / ncls, t, len, i + 1, flags, fn, arg);
			if (rc)
				return rc;
		}
	}
	return 0;
}
