/* text.c — normalisation of text for matching (SPEC §3.3, §3.5): NFKC + case fold through
 * utf8proc, separators folded to one space, and the space next to Hangul/Kana/Han dropped.
 * The same function normalises aliases and article text, so both sides always agree. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include "newswatch-plugin.h"
#include "text.h"

/* Longest input run handed to utf8proc in one piece. Real text breaks into far shorter
 * pieces at ASCII or CJK characters; only pathological runs (thousands of combining marks
 * with no starter in between) are cut here, which merely skips reordering across the cut. */
#define SEG_MAX 16384

#define NFKC_CF (UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD | \
		 UTF8PROC_IGNORE)

/*
 * ASCII punctuation policy: every printable ASCII character other than space is kept as is
 * (letters lower-cased). Aliases such as "AT&T", "OpenAI's", "C++", "U.S.", "$135B", "27%"
 * and "1,350억" need their punctuation, and stripping it buys nothing for plain aliases: the
 * Latin boundary rule only asks that the neighbour is not a letter or digit, so "OpenAI"
 * still matches "OpenAI's", "(OpenAI)" and "OpenAI,". Typographic variants are mapped to
 * their ASCII form first (’ → ', “ ” → ", dashes → -), so "OpenAI’s" meets "OpenAI's".
 * Non-ASCII punctuation (「」。、《》…), middle dots (・ · ‧ • ㆍ), other symbols (bullets,
 * arrows, emoji, U+FFFD) and all spaces and controls become a single separator space.
 * Currency, maths and modifier symbols (₩ € ± ^) are kept: they belong to numbers.
 */
static const unsigned char ascii_map[128] = {
	/* 0x00-0x1f controls, 0x20 space, 0x7f DEL: separators (0) */
	[0x21] = '!', [0x22] = '"', [0x23] = '#', [0x24] = '$', [0x25] = '%', [0x26] = '&',
	[0x27] = '\'', [0x28] = '(', [0x29] = ')', [0x2a] = '*', [0x2b] = '+', [0x2c] = ',',
	[0x2d] = '-', [0x2e] = '.', [0x2f] = '/',
	['0'] = '0', ['1'] = '1', ['2'] = '2', ['3'] = '3', ['4'] = '4',
	['5'] = '5', ['6'] = '6', ['7'] = '7', ['8'] = '8', ['9'] = '9',
	[0x3a] = ':', [0x3b] = ';', [0x3c] = '<', [0x3d] = '=', [0x3e] = '>', [0x3f] = '?',
	[0x40] = '@',
	['A'] = 'a', ['B'] = 'b', ['C'] = 'c', ['D'] = 'd', ['E'] = 'e', ['F'] = 'f', ['G'] = 'g',
	['H'] = 'h', ['I'] = 'i', ['J'] = 'j', ['K'] = 'k', ['L'] = 'l', ['M'] = 'm', ['N'] = 'n',
	['O'] = 'o', ['P'] = 'p', ['Q'] = 'q', ['R'] = 'r', ['S'] = 's', ['T'] = 't', ['U'] = 'u',
	['V'] = 'v', ['W'] = 'w', ['X'] = 'x', ['Y'] = 'y', ['Z'] = 'z',
	[0x5b] = '[', [0x5c] = '\\', [0x5d] = ']', [0x5e] = '^', [0x5f] = '_', [0x60] = '\'', /* ` typed for ' */
	['a'] = 'a', ['b'] = 'b', ['c'] = 'c', ['d'] = 'd', ['e'] = 'e', ['f'] = 'f', ['g'] = 'g',
	['h'] = 'h', ['i'] = 'i', ['j'] = 'j', ['k'] = 'k', ['l'] = 'l', ['m'] = 'm', ['n'] = 'n',
	['o'] = 'o', ['p'] = 'p', ['q'] = 'q', ['r'] = 'r', ['s'] = 's', ['t'] = 't', ['u'] = 'u',
	['v'] = 'v', ['w'] = 'w', ['x'] = 'x', ['y'] = 'y', ['z'] = 'z',
	[0x7b] = '{', [0x7c] = '|', [0x7d] = '}', [0x7e] = '~',
};

/* Inlined where text.c asks it for every character (an exported function of a shared
 * object is not); nw_cp_is_cjk for the others. */
static inline int is_cjk(int32_t cp)
{
	if (cp < 0x1100)
		return 0;
	if (cp >= 0xac00 && cp <= 0xd7a3)     /* Hangul syllables */
		return 1;
	if (cp >= 0x4e00 && cp <= 0x9fff)     /* CJK unified ideographs */
		return 1;
	if (cp <= 0x11ff)                     /* Hangul jamo */
		return 1;
	if (cp >= 0x3040 && cp <= 0x30ff)     /* Hiragana, Katakana; not the middle dot */
		return cp != 0x30fb && cp != 0x30a0 && cp != 0x3040;
	if (cp >= 0x3130 && cp <= 0x318f)     /* Hangul compatibility jamo */
		return cp != 0x318d;
	if (cp >= 0x3400 && cp <= 0x4dbf)     /* Ext A */
		return 1;
	if (cp >= 0x31f0 && cp <= 0x31ff)     /* Katakana phonetic extensions */
		return 1;
	if (cp == 0x3005 || cp == 0x3006 || cp == 0x3007 || cp == 0x303b) /* 々 〆 〇 〻 */
		return 1;
	if (cp >= 0xa960 && cp <= 0xa97f)     /* Hangul jamo ext A */
		return 1;
	if (cp >= 0xd7b0 && cp <= 0xd7ff)     /* Hangul jamo ext B */
		return 1;
	if (cp >= 0xf900 && cp <= 0xfaff)     /* CJK compatibility ideographs */
		return 1;
	if (cp >= 0xff66 && cp <= 0xff9f)     /* half-width Katakana */
		return 1;
	if (cp >= 0xffa0 && cp <= 0xffdc)     /* half-width Hangul */
		return 1;
	if (cp >= 0x1b000 && cp <= 0x1b16f)   /* Kana supplement, ext A, small kana */
		return 1;
	if (cp >= 0x20000 && cp <= 0x3134f)   /* Ext B..G, compatibility supplement */
		return 1;
	return 0;
}

int nw_cp_is_cjk(int32_t cp)
{
	return is_cjk(cp);
}

int nw_cp_is_latin_alnum(int32_t cp)
{
	if (cp < 0x80)
		return (cp >= '0' && cp <= '9') || ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z');
	if (cp < 0x100)   /* Latin-1 letters, ª º, not × ÷ */
		return cp == 0xaa || cp == 0xba || (cp >= 0xc0 && cp != 0xd7 && cp != 0xf7);
	if (cp <= 0x02af) /* Latin Extended-A, -B, IPA */
		return 1;
	if (cp >= 0x0300 && cp <= 0x036f) /* combining accents extend the letter before */
		return 1;
	if (cp >= 0x1e00 && cp <= 0x1eff) /* Latin Extended Additional (Vietnamese) */
		return 1;
	if (cp >= 0x2c60 && cp <= 0x2c7f)
		return 1;
	if (cp >= 0xa720 && cp <= 0xa7ff)
		return 1;
	if (cp >= 0xab30 && cp <= 0xab6f)
		return 1;
	if (cp >= 0xff10 && cp <= 0xff19) /* full-width digits and letters */
		return 1;
	if ((cp >= 0xff21 && cp <= 0xff3a) || (cp >= 0xff41 && cp <= 0xff5a))
		return 1;
	return 0;
}

/* Scripts whose words touch, with no space between them, besides Han, Kana and Hangul:
 * Thai, Lao, Tibetan, Myanmar, Khmer and their neighbours; and Hebrew and Arabic, whose
 * words are spaced but take "in", "to", "and", "the" written onto them (בישראל, وترامب: a
 * name would need an alias for every one). */
static int touching_script(int32_t cp)
{
	return (cp >= 0x0590 && cp <= 0x08ff) || (cp >= 0xfb1d && cp <= 0xfdff) || (cp >= 0xfe70 && cp <= 0xfeff) ||
	       (cp >= 0x0e00 && cp <= 0x0fff) || (cp >= 0x1000 && cp <= 0x109f) || (cp >= 0x1780 && cp <= 0x17ff) ||
	       (cp >= 0x1950 && cp <= 0x19df) || (cp >= 0x1a20 && cp <= 0x1aaf) || (cp >= 0xa9e0 && cp <= 0xa9ff) ||
	       (cp >= 0xaa60 && cp <= 0xaadf);
}

int nw_cp_is_word(int32_t cp)
{
	utf8proc_category_t c;

	if (cp < 0x370 || nw_cp_is_latin_alnum(cp))
		return nw_cp_is_latin_alnum(cp);
	if (is_cjk(cp) || touching_script(cp))
		return 0;
	c = utf8proc_category(cp);
	return (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_ME) ||
	       (c >= UTF8PROC_CATEGORY_ND && c <= UTF8PROC_CATEGORY_NO);
}

int nw_cp_is_word_letter(int32_t cp)
{
	utf8proc_category_t c;

	if (cp < 0x80)
		return (cp | 0x20) >= 'a' && (cp | 0x20) <= 'z';
	if (!nw_cp_is_word(cp) || (cp >= 0x300 && cp <= 0x36f))
		return 0;
	c = utf8proc_category(cp);
	return c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO;
}

/* A letter or digit of any script (a general category L* or N*). */
static int is_alnum_cat(int32_t cp)
{
	utf8proc_category_t c = utf8proc_category(cp);

	return (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO) ||
	       (c >= UTF8PROC_CATEGORY_ND && c <= UTF8PROC_CATEGORY_NO);
}

int nw_text_has_word(const char *norm, size_t len)
{
	utf8proc_int32_t cp;
	utf8proc_ssize_t n;
	size_t i = 0;

	while (i < len) {
		n = utf8proc_iterate((const utf8proc_uint8_t *)norm + i, (utf8proc_ssize_t)(len - i), &cp);
		if (n <= 0) {
			i++;
			continue;
		}
		i += (size_t)n;
		if (is_alnum_cat(cp))
			return 1;
	}
	return 0;
}

/* ---- output with separator handling ---- */

struct out {
	char *buf;
	size_t len, cap;
	int pending;   /* a separator was seen since the last character */
	int prev_cjk;  /* the last character written is Hangul/Kana/Han */
	int failed;
};

static int out_reserve(struct out *o, size_t n)
{
	size_t cap;
	char *nb;

	if (o->len + n + 1 <= o->cap)
		return 0;
	cap = o->cap ? o->cap : 64;
	while (cap < o->len + n + 1)
		cap *= 2;
	nb = realloc(o->buf, cap);
	if (!nb) {
		o->failed = 1;
		return -1;
	}
	o->buf = nb;
	o->cap = cap;
	return 0;
}

/* Write the pending space, unless a CJK character is on either side or nothing precedes. */
static inline void out_space(struct out *o, int cjk)
{
	if (o->pending) {
		if (!cjk && !o->prev_cjk && o->len)
			o->buf[o->len++] = ' ';
		o->pending = 0;
	}
}

/* Separator classes for non-ASCII code points after normalisation. */
#define K_KEEP 0
#define K_SEP 1
#define K_MARK 2 /* combining mark or medial/final jamo: needs a base before it */

static int fold_cp(int32_t cp, int32_t *to)
{
	switch (cp) {
	case 0x2018: case 0x2019: case 0x201a: case 0x201b: case 0x2032: case 0x2035:
	case 0x02bc: case 0x02b9: case 0xff07:
		*to = '\'';
		return K_KEEP;
	case 0x201c: case 0x201d: case 0x201e: case 0x201f: case 0x2033: case 0x2036:
		*to = '"';
		return K_KEEP;
	case 0x2212: case 0x2043: case 0xfe58:
		*to = '-';
		return K_KEEP;
	case 0x30a0: /* ゠, a name separator in Katakana (kana_joiners), not a dash */
		*to = '=';
		return K_KEEP;
	case 0x00b7: case 0x0387: case 0x2027: case 0x2022: case 0x2219: case 0x22c5:
	case 0x30fb: case 0xff65: case 0x318d: case 0x119e: case 0x2024: case 0x2e31:
	case 0xfffd:
		return K_SEP;
	}
	*to = cp;
	if ((cp >= 0x1160 && cp <= 0x11ff) || (cp >= 0xd7b0 && cp <= 0xd7ff))
		return K_MARK;
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_MN: case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
		return K_MARK;
	case UTF8PROC_CATEGORY_PD:
		*to = '-';
		return K_KEEP;
	case UTF8PROC_CATEGORY_ZS: case UTF8PROC_CATEGORY_ZL: case UTF8PROC_CATEGORY_ZP:
	case UTF8PROC_CATEGORY_CC: case UTF8PROC_CATEGORY_CF: case UTF8PROC_CATEGORY_CS:
	case UTF8PROC_CATEGORY_PC: case UTF8PROC_CATEGORY_PS: case UTF8PROC_CATEGORY_PE:
	case UTF8PROC_CATEGORY_PI: case UTF8PROC_CATEGORY_PF: case UTF8PROC_CATEGORY_PO:
	case UTF8PROC_CATEGORY_SO:
		return K_SEP;
	default:
		return K_KEEP;
	}
}

static void out_cp(struct out *o, int32_t cp)
{
	int32_t to;
	int cjk;

	if (cp < 0x80) {
		unsigned char c = ascii_map[cp];
		if (!c) {
			o->pending = 1;
			return;
		}
		if (out_reserve(o, 2))
			return;
		out_space(o, 0);
		o->buf[o->len++] = (char)c;
		o->prev_cjk = 0;
		return;
	}
	switch (fold_cp(cp, &to)) {
	case K_SEP:
		o->pending = 1;
		return;
	case K_MARK:
		/* A mark after a separator has lost its base; kept, it could meet a new base
		 * once a space next to CJK is dropped, and normalising twice would differ. */
		if (o->pending || !o->len)
			return;
		break;
	}
	if (out_reserve(o, 5))
		return;
	cjk = is_cjk(to);
	out_space(o, cjk);
	o->len += (size_t)utf8proc_encode_char(to, (utf8proc_uint8_t *)o->buf + o->len);
	o->prev_cjk = cjk;
}

/* Hiragana or Katakana (with ー) as its three bytes of UTF-8, at p. */
static int kana_at(const unsigned char *p)
{
	int32_t cp;

	if (p[0] != 0xe3 || (p[1] & 0xc0) != 0x80 || (p[2] & 0xc0) != 0x80)
		return 0;
	cp = 0x3000 | (p[1] & 0x3f) << 6 | (p[2] & 0x3f);
	return (cp >= 0x3041 && cp <= 0x3096) || (cp >= 0x30a1 && cp <= 0x30fa) || cp == 0x30fc ||
	       (cp >= 0x31f0 && cp <= 0x31ff);
}

/* Japanese writes a foreign name's parts apart with ・ or with ＝ / ゠ (サム＝アルトマン,
 * ジャン＝リュック). ・ is a separator, and the space it leaves next to Kana is dropped;
 * '=' (which ＝ and ゠ have become) between two Kana is dropped alike, so that all the
 * spellings meet. Elsewhere '=' is kept. Done on the output, where the spaces next to
 * Kana are gone already. Returns the new length. */
static size_t kana_joiners(char *buf, size_t len)
{
	unsigned char *b = (unsigned char *)buf;
	char *eq = memchr(buf, '=', len);
	size_t i, k;

	if (!eq)
		return len;
	for (i = k = (size_t)(eq - buf); i < len; i++) {
		if (b[i] == '=' && k >= 3 && i + 4 <= len &&
		    kana_at(b + k - 3) && kana_at(b + i + 1))
			continue;
		b[k++] = b[i];
	}
	return k;
}

/* ---- input ---- */

/* Length of the valid UTF-8 sequence at p (1..4), or 0 if the byte there is not one. */
static inline size_t utf8_valid_len(const unsigned char *p, const unsigned char *end)
{
	unsigned char c = p[0];
	size_t avail = (size_t)(end - p);

	if (c < 0x80)
		return 1;
	if (c < 0xc2)
		return 0;
	if (c < 0xe0)
		return (avail >= 2 && (p[1] & 0xc0) == 0x80) ? 2 : 0;
	if (c < 0xf0) {
		if (avail < 3 || (p[1] & 0xc0) != 0x80 || (p[2] & 0xc0) != 0x80)
			return 0;
		if (c == 0xe0 && p[1] < 0xa0)  /* overlong */
			return 0;
		if (c == 0xed && p[1] >= 0xa0) /* surrogates */
			return 0;
		return 3;
	}
	if (c < 0xf5) {
		if (avail < 4 || (p[1] & 0xc0) != 0x80 || (p[2] & 0xc0) != 0x80 ||
		    (p[3] & 0xc0) != 0x80)
			return 0;
		if (c == 0xf0 && p[1] < 0x90)
			return 0;
		if (c == 0xf4 && p[1] >= 0x90)
			return 0;
		return 4;
	}
	return 0;
}

/* Returns s if it is valid UTF-8 without NUL bytes, else a malloc'd copy where each invalid
 * byte became U+FFFD and each NUL a space (utf8proc is then never handed bad input). */
static const char *sanitize(const char *s, size_t len, size_t *newlen, char **owned)
{
	const unsigned char *p, *end = (const unsigned char *)s + len, *bad;
	unsigned char *copy, *q;
	size_t n = nw_utf8_span(s, len); /* the valid, NUL-free part */

	*owned = NULL;
	*newlen = len;
	if (n == len)
		return s;
	bad = (const unsigned char *)s + n;
	if (len > (SIZE_MAX - 1) / 3)
		return NULL;
	copy = malloc(len * 3 + 1);
	if (!copy)
		return NULL;
	memcpy(copy, s, n);
	q = copy + n;
	p = bad;
	while (p < end) {
		if (*p && *p < 0x80) {
			*q++ = *p++;
			continue;
		}
		if (!*p) {
			*q++ = ' ';
			p++;
			continue;
		}
		n = utf8_valid_len(p, end);
		if (n) {
			memcpy(q, p, n);
			q += n;
			p += n;
		} else {
			*q++ = 0xef; *q++ = 0xbf; *q++ = 0xbd;
			p++;
		}
	}
	*newlen = (size_t)(q - copy);
	*owned = (char *)copy;
	return (const char *)copy;
}

/* Decode one code point of valid UTF-8. */
static inline int32_t dec(const unsigned char *p, size_t *n)
{
	unsigned char c = p[0];

	if (c < 0x80) {
		*n = 1;
		return c;
	}
	if (c < 0xe0) {
		*n = 2;
		return ((c & 0x1f) << 6) | (p[1] & 0x3f);
	}
	if (c < 0xf0) {
		*n = 3;
		return ((c & 0x0f) << 12) | ((p[1] & 0x3f) << 6) | (p[2] & 0x3f);
	}
	*n = 4;
	return ((c & 0x07) << 18) | ((p[1] & 0x3f) << 12) | ((p[2] & 0x3f) << 6) | (p[3] & 0x3f);
}

/* Code points that NFKC + case fold leave unchanged, that have combining class 0 and are
 * never the second half of a composition: 1 for a CJK character, 2 for a separator. A
 * boundary before such a character, or before ASCII, is a safe place to cut the text
 * into independently normalised pieces. */
static inline int fast_class(int32_t cp)
{
	if (cp >= 0xac00 && cp <= 0xd7a3)
		return 1;
	if (cp >= 0x4e00 && cp <= 0x9fff)
		return 1;
	if (cp >= 0x3400 && cp <= 0x4dbf)
		return 1;
	if ((cp >= 0x3041 && cp <= 0x3096) || (cp >= 0x30a1 && cp <= 0x30fa) || cp == 0x30fc)
		return 1;
	switch (cp) {
	case 0x3001: case 0x3002: case 0x3008: case 0x3009: case 0x300a: case 0x300b:
	case 0x300c: case 0x300d: case 0x300e: case 0x300f: case 0x3010: case 0x3011:
	case 0x30fb: case 0x00b7: case 0x2022: case 0x2027:
		return 2;
	}
	return 0;
}

/* Is the boundary before p safe (see fast_class)? */
static inline int safe_before(const unsigned char *p, const unsigned char *end)
{
	size_t n;

	if (p >= end || *p < 0x80)
		return 1;
	return fast_class(dec(p, &n)) != 0;
}

/* safe_before, keeping what it decoded (the character at *kp: its fast class and length),
 * so that the next character, whose boundary this was, is not decoded again */
static inline int safe_before_kept(const unsigned char *p, const unsigned char *end, const unsigned char **kp,
				   int *kfc, size_t *kn)
{
	if (p >= end || *p < 0x80)
		return 1;
	*kp = p;
	*kfc = fast_class(dec(p, kn));
	return *kfc != 0;
}

/* A symbol or superscript whose compatibility form is letters or digits (™ → tm, ① → 1,
 * ¹ → 1, ⓐ → a, ⑴ → (1), ㎏ → kg). NFKC glues that form to the word next to it ("OpenAI™"
 * would become "openaitm", and the Latin boundary rule would see a letter after "openai"),
 * so such a character is normalised as a piece of its own and a separator kept between its
 * form and its neighbours (slow_segment). Letters in other forms (full width, ligatures,
 * mathematical fonts) stay letters of their word. None of these has a combining class or
 * composes with what is before it, so the text may be cut on either side of one. */
static int detached(int32_t cp)
{
	const utf8proc_property_t *pr;

	if (cp < 0xa0)
		return 0;
	pr = utf8proc_get_property(cp);
	switch (pr->decomp_type) {
	case 0: /* none, or canonical */
		return 0;
	case UTF8PROC_DECOMP_TYPE_SUPER: case UTF8PROC_DECOMP_TYPE_CIRCLE:
		return 1;
	case UTF8PROC_DECOMP_TYPE_SUB: /* part of its word: CO₂ is CO2, H₂O H2O */
		return 0;
	}
	return pr->category == UTF8PROC_CATEGORY_SO || pr->category == UTF8PROC_CATEGORY_NO;
}

struct work {
	utf8proc_int32_t *cps;
	size_t cap;
};

/* Full case folding turns the Turkish dotted capital İ into "i" + U+0307 (combining dot
 * above), so that "İstanbul" would not meet "Istanbul" or "istanbul". An i has its dot:
 * a dot above in the combining sequence of an i is dropped, before composition, so that
 * "İ́" is "í" as "í" is (and normalising again changes nothing). Marks after the i other
 * than that dot are kept. Returns the new count. */
static utf8proc_ssize_t drop_i_dots(utf8proc_int32_t *cps, utf8proc_ssize_t n)
{
	utf8proc_ssize_t i, k = 0;
	int after_i = 0;

	for (i = 0; i < n; i++) {
		utf8proc_int32_t cp = cps[i];
		if (cp == 0x307 && after_i)
			continue;
		if (utf8proc_get_property(cp)->combining_class == 0)
			after_i = cp == 'i';
		cps[k++] = cp;
	}
	return k;
}

/* Characters compatibility decomposition would make something else of than their look-alikes:
 * the acute accent ´ (a space and a combining accent) typed for an apostrophe
 * ("McDonald´s"), and the full-width tilde ～ (a tilde) that CP932 converters give where
 * Shift_JIS converters give the wave dash 〜 (a dash): "10～20" is "10〜20". */
static utf8proc_int32_t lookalike(utf8proc_int32_t cp, void *data)
{
	(void)data;
	return cp == 0x00b4 ? '\'' : cp == 0xff5e ? 0x301c : cp;
}

/* Normalise one piece through utf8proc and feed the result to the output. A detached
 * piece (one character, see detached()) gets a separator on each side where its form
 * begins or ends with a letter or digit: "OpenAI™ x" is "openai tm x", as "OpenAI ™ x". */
static void slow_segment(struct out *o, struct work *w, const unsigned char *p, size_t n,
			 int apart)
{
	utf8proc_ssize_t r, i;

	for (;;) {
		r = utf8proc_decompose_custom(p, (utf8proc_ssize_t)n, w->cps, (utf8proc_ssize_t)w->cap, NFKC_CF,
					      lookalike, NULL);
		if (r < 0) { /* cannot happen on sanitised input; stay safe anyway */
			o->pending = 1;
			return;
		}
		if ((size_t)r <= w->cap)
			break;
		size_t cap = w->cap ? w->cap : 64;
		while (cap < (size_t)r)
			cap *= 2;
		utf8proc_int32_t *nc = realloc(w->cps, cap * sizeof(*nc));
		if (!nc) {
			o->failed = 1;
			return;
		}
		w->cps = nc;
		w->cap = cap;
	}
	r = drop_i_dots(w->cps, r);
	r = utf8proc_normalize_utf32(w->cps, r, NFKC_CF);
	if (r < 0) {
		o->pending = 1;
		return;
	}
	if (apart && r && is_alnum_cat(w->cps[0]))
		o->pending = 1;
	for (i = 0; i < r && !o->failed; i++)
		out_cp(o, w->cps[i]);
	if (apart && r && is_alnum_cat(w->cps[r - 1]))
		o->pending = 1;
}

char *nw_text_normalize(const char *s, size_t len, size_t *outlen)
{
	struct out o = { 0 };
	struct work w = { 0 };
	const unsigned char *p, *end, *kp = NULL;
	char *owned;
	size_t n, kn = 0;
	int kfc = 0;

	if (!s)
		len = 0;
	if (len)
		s = sanitize(s, len, &len, &owned);
	else
		owned = NULL;
	if (len && !s)
		return NULL;
	/* NFKC rarely grows text; the buffer grows after a slow piece if it does. */
	if (out_reserve(&o, len + 1))
		goto fail;
	p = (const unsigned char *)s;
	end = p + len;
	while (p < end && !o.failed) {
		unsigned char c = *p;

		if (c < 0x80 && (p + 1 == end || p[1] < 0x80 || safe_before_kept(p + 1, end, &kp, &kfc, &kn))) {
			unsigned char m = ascii_map[c];
			if (!m) {
				o.pending = 1;
			} else {
				out_space(&o, 0);
				o.buf[o.len++] = (char)m;
				o.prev_cjk = 0;
			}
			p++;
			/* then the ASCII characters that are not separators and have ASCII after
			 * them: each is its map's byte (nothing pending, no CJK before it) */
			if (m)
				while (end - p >= 2 && p[1] < 0x80 && p[0] < 0x80 && (m = ascii_map[p[0]]))
					o.buf[o.len++] = (char)m, p++;
			continue;
		}
		if (c >= 0x80) {
			int fc;
			if (p == kp)
				fc = kfc, n = kn;
			else
				fc = fast_class(dec(p, &n));
			if (fc && safe_before_kept(p + n, end, &kp, &kfc, &kn)) {
				if (fc == 2) {
					o.pending = 1;
				} else {
					char *d;
					/* the fast path reuses input bytes: output never outgrows
					 * the reservation for the input except after slow pieces */
					if (out_reserve(&o, n))
						break;
					out_space(&o, 1);
					/* three bytes (all the fast class's CJK is) without a call */
					d = o.buf + o.len;
					if (n == 3)
						d[0] = (char)p[0], d[1] = (char)p[1], d[2] = (char)p[2];
					else
						memcpy(d, p, n);
					o.len += n;
					o.prev_cjk = 1;
				}
				p += n;
				continue;
			}
		}
		/* slow piece: from here to the next safe boundary, or a detached character
		 * alone */
		const unsigned char *q = p;
		int apart = detached(dec(q, &n));
		q += n;
		while (!apart && q < end && !safe_before(q, end) && (size_t)(q - p) < SEG_MAX) {
			if (detached(dec(q, &n)))
				break;
			q += n;
		}
		slow_segment(&o, &w, p, (size_t)(q - p), apart);
		p = q;
		/* keep room for the rest: the fast paths write at most one byte per input
		 * byte, plus one for a space left pending by this piece */
		if (out_reserve(&o, (size_t)(end - p) + 1))
			break;
	}
	if (o.failed || out_reserve(&o, 1))
		goto fail;
	o.len = kana_joiners(o.buf, o.len);
	o.buf[o.len] = '\0';
	free(w.cps);
	free(owned);
	if (outlen)
		*outlen = o.len;
	return o.buf;
fail:
	free(w.cps);
	free(owned);
	free(o.buf);
	return NULL;
}

/* A code point outside CJK runs as the full-text index takes it. FTS5's ascii tokenizer
 * splits at ASCII punctuation and space only, and reads every non-ASCII byte as part of a
 * word, so what it must not join to a word is turned into a space here: non-ASCII symbols
 * and punctuation (₩ € ± …). A Latin letter loses its diacritics (as unicode61's
 * remove_diacritics did), so that "cafe" finds "café". Writes at most n bytes. */
static size_t fts_cp(int32_t cp, const char *src, size_t n, char *out)
{
	utf8proc_int32_t base[4];
	utf8proc_uint8_t tmp[16];
	utf8proc_ssize_t r;
	int bound = 0;
	size_t len = 0;

	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_MN:
	case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME: case UTF8PROC_CATEGORY_ND:
	case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO: case UTF8PROC_CATEGORY_CO:
		break;
	default:
		out[0] = ' ';
		return 1;
	}
	if ((cp >= 0xc0 && cp <= 0x24f) || (cp >= 0x1e00 && cp <= 0x1eff)) {
		r = utf8proc_decompose_char(cp, base, 4, UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK, &bound);
		for (utf8proc_ssize_t k = 0; k < r && r <= 4; k++)
			len += (size_t)utf8proc_encode_char(base[k], tmp + len);
		if (r >= 1 && r <= 4 && len <= n) {
			memcpy(out, tmp, len);
			return len;
		}
	}
	memcpy(out, src, n);
	return n;
}

/* Between two CJK runs that nothing but punctuation or symbols part ("다. 시"): a token no
 * query word ends or starts with (U+E000, private use), so that the characters on either
 * side are not next to each other in the index and a phrase cannot match across. */
#define FTS_BARRIER "\xEE\x80\x80"

size_t nw_text_fts(const char *norm, size_t nlen, char *out)
{
	const unsigned char *u = (const unsigned char *)norm;
	size_t o = 0, i = 0;
	int after_run = 0; /* a CJK run ended, and no word since */

	while (i < nlen) {
		size_t run = 0, j = i, n = 1;
		int32_t cp = u[i];

		if (cp < 0x80) { /* ASCII: the tokenizer splits and folds it */
			if ((cp >= '0' && cp <= '9') || ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z'))
				after_run = 0;
			out[o++] = norm[i++];
			continue;
		}
		/* a CJK run: each character a token of its own */
		while (j < nlen) {
			size_t k = j;
			n = 1;
			cp = u[k];
			if (cp >= 0xE0 && cp < 0xF0 && k + 3 <= nlen) { /* most CJK: at once */
				n = 3;
				cp = (cp & 0x0F) << 12 | (u[k + 1] & 0x3F) << 6 | (u[k + 2] & 0x3F);
			} else {
				if (cp >= 0xF0) n = 4, cp &= 0x07;
				else if (cp >= 0xE0) n = 3, cp &= 0x0F;
				else if (cp >= 0xC0) n = 2, cp &= 0x1F;
				for (size_t m = 1; m < n && k + m < nlen; m++)
					cp = (cp << 6) | (u[k + m] & 0x3F);
				if (k + n > nlen)
					n = nlen - k;
			}
			if (!is_cjk(cp))
				break;
			if (!run && after_run) {
				memcpy(out + o, " " FTS_BARRIER, 4);
				o += 4;
			}
			if (o)
				out[o++] = ' ';
			memcpy(out + o, norm + j, n);
			o += n;
			run++;
			j += n;
		}
		if (run) {
			i = j;
			out[o++] = ' ';
			after_run = 1;
			continue;
		}
		/* another non-ASCII character (cp, n bytes, decoded above): a letter of a word,
		 * or a space for a symbol */
		{
			size_t w = fts_cp(cp, norm + i, n, out + o);
			if (w != 1 || out[o] != ' ')
				after_run = 0;
			o += w;
		}
		i += n;
	}
	return o;
}

/* Bump when what nw_text_normalize or nw_text_fts makes of some text changes. (4: 815b7ea
 * changed what ´ ` and ～ become and kept 3, so a store indexed between 90ec534 and it was
 * taken for current.) */
#define NW_TEXT_REVISION 4

void nw_text_version(char *buf, size_t len)
{
	snprintf(buf, len, "unicode %s, text %d", utf8proc_unicode_version(), NW_TEXT_REVISION);
}
