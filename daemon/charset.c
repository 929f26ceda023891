/* charset.c — byte-level text helpers shared by every source plugin: UTF-8 validity and
 * repair (U+FFFD as browsers do), the charset of an HTTP Content-Type, and the encodings
 * browsers really read when a feed says EUC-KR, Shift_JIS, GB2312 or ISO-8859-1. */
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE
#endif
#include <ctype.h>
#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <libxml/encoding.h>
#include "newswatch-plugin.h"

/* Called for every character of every feed and text: inlined here (nw_utf8_seq, being
 * exported from a shared object, is not). */
static inline size_t utf8_seq(const unsigned char *u, size_t i, size_t len)
{
	unsigned c = u[i];
	size_t n;

	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		n = 2;
	else if (c >= 0xE0 && c <= 0xEF)
		n = 3;
	else if (c >= 0xF0 && c <= 0xF4)
		n = 4;
	else
		return 0;
	if (i + n > len)
		return 0;
	for (size_t k = 1; k < n; k++)
		if ((u[i + k] & 0xC0) != 0x80)
			return 0;
	if ((c == 0xE0 && u[i + 1] < 0xA0) || (c == 0xED && u[i + 1] > 0x9F) ||
	    (c == 0xF0 && u[i + 1] < 0x90) || (c == 0xF4 && u[i + 1] > 0x8F))
		return 0;
	return n;
}

size_t nw_utf8_seq(const unsigned char *u, size_t i, size_t len)
{
	return utf8_seq(u, i, len);
}

size_t nw_utf8_span(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, n;

	while (i < len) {
		unsigned c = u[i];

		if (c && c < 0x80) {
			/* ASCII without NUL, eight bytes at a time: markup, Latin text, the spaces
			 * between CJK words */
			i++;
			while (len - i >= 8) {
				uint64_t w;
				memcpy(&w, u + i, 8);
				if ((w | ((w - 0x0101010101010101ULL) & ~w)) & 0x8080808080808080ULL)
					break; /* a byte >= 0x80, or a NUL */
				i += 8;
			}
			continue;
		}
		if (c >= 0xE0 && c <= 0xEF) {
			/* three bytes, as Hangul, Kana and Han are: utf8_seq's checks for them */
			if (len - i < 3 || u[i + 1] < (c == 0xE0 ? 0xA0 : 0x80) || u[i + 1] > (c == 0xED ? 0x9F : 0xBF) ||
			    (u[i + 2] & 0xC0) != 0x80)
				break;
			i += 3;
			continue;
		}
		if (!c || !(n = utf8_seq(u, i, len)))
			break;
		i += n;
	}
	return i;
}

int nw_utf8_evident(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;
	int multi = 0;

	while (i < len) {
		size_t n;
		if (u[i] < 0x80) {
			i++;
			continue;
		}
		if (!(n = utf8_seq(u, i, len)))
			return 0;
		multi = 1;
		i += n;
	}
	return multi;
}

/* How many bytes at u[i] (not a valid sequence) one U+FFFD stands for: a truncated
 * sequence counts once, as browsers do (the "maximal subpart"). */
static size_t bad_len(const unsigned char *u, size_t i, size_t len)
{
	unsigned c = u[i];
	size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2, k = 1;

	if (c < 0xC2 || c > 0xF4)
		return 1;
	for (; k < n && i + k < len; k++) {
		unsigned b = u[i + k], lo = 0x80, hi = 0xBF;

		if (k == 1 && c == 0xE0)
			lo = 0xA0;
		else if (k == 1 && c == 0xED)
			hi = 0x9F;
		else if (k == 1 && c == 0xF0)
			lo = 0x90;
		else if (k == 1 && c == 0xF4)
			hi = 0x8F;
		if (b < lo || b > hi)
			break;
	}
	return k;
}

char *nw_utf8_repair(const char *s, size_t len, size_t *outlen, int *changed)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, n, bad = 0, o = 0;
	char *out;

	*changed = 0;
	while (i < len) {
		i += nw_utf8_span(s + i, len - i);
		if (i == len)
			break;
		if (!u[i]) { /* a NUL is valid here */
			i++;
			continue;
		}
		bad++;
		i += bad_len(u, i, len);
	}
	if (!bad)
		return NULL;
	*changed = 1;
	out = malloc(len + 2 * bad + 1);
	if (!out)
		return NULL;
	for (i = 0; i < len;) {
		n = utf8_seq(u, i, len);
		if (n) {
			memcpy(out + o, s + i, n);
			o += n;
			i += n;
		} else {
			memcpy(out + o, "\xEF\xBF\xBD", 3);
			o += 3;
			i += bad_len(u, i, len);
		}
	}
	out[o] = '\0';
	*outlen = o;
	return out;
}

int nw_http_charset(const char *ct, char *out, size_t len)
{
	const char *c = ct;
	size_t n = 0;

	while (c && *c && strncasecmp(c, "charset=", 8))
		c++;
	if (!c || !*c)
		return 0;
	c += 8;
	if (*c == '"' || *c == '\'')
		c++;
	while (*c && !strchr("\"'; \t", *c) && n + 1 < len)
		out[n++] = (char)tolower((unsigned char)*c++);
	out[n] = '\0';
	return n > 0;
}

int nw_html_meta_charset(const char *d, size_t len, size_t sniff, char *out, size_t olen)
{
	size_t lim = len < sniff ? len : sniff;

	for (size_t i = 0; i + 5 < lim; i++) {
		size_t end;
		const char *c;

		if (d[i] != '<')
			continue;
		if (!memcmp(d + i, "<!--", 4)) {
			for (i += 4; i + 2 < lim && memcmp(d + i, "-->", 3); i++)
				;
			if (i + 2 >= lim)
				return 0; /* the rest is in the comment */
			i += 2;
			continue;
		}
		if (strncasecmp(d + i + 1, "meta", 4) || !(isspace((unsigned char)d[i + 5]) || d[i + 5] == '/'))
			continue;
		for (end = i; end < lim && d[end] != '>'; end++)
			;
		for (c = d + i + 5; c + 7 < d + end; c++) {
			size_t n = 0;

			if (strncasecmp(c, "charset", 7))
				continue;
			c += 7;
			while (c < d + end && isspace((unsigned char)*c))
				c++;
			if (c >= d + end || *c != '=') {
				c--;
				continue;
			}
			for (c++; c < d + end && isspace((unsigned char)*c); c++)
				;
			if (c < d + end && (*c == '"' || *c == '\''))
				c++;
			while (c < d + end && !strchr("\"'; \t\r\n/>", *c) && n + 1 < olen)
				out[n++] = (char)tolower((unsigned char)*c++);
			out[n] = '\0';
			/* a <meta> read as ASCII is in no UTF-16 or UTF-32, whatever it says (a
			 * template's utf-16 over an ASCII page): UTF-8, as the HTML standard's
			 * prescan takes it, not the bytes read in pairs */
			if (n && (!strncmp(out, "utf-16", 6) || !strncmp(out, "utf-32", 6) || !strncmp(out, "utf16", 5) ||
				  !strncmp(out, "utf32", 5)))
				snprintf(out, olen, "utf-8");
			if (n)
				return 1;
			break;
		}
	}
	return 0;
}

const char *nw_charset_superset(const char *label)
{
	static const struct {
		const char *label, *as;
	} m[] = { /* after the WHATWG Encoding Standard's labels */
		{ "euc-kr", "CP949" }, { "x-euc-kr", "CP949" }, { "euc_kr", "CP949" },
		{ "ks_c_5601-1987", "CP949" }, { "ks_c_5601-1989", "CP949" }, { "ksc5601", "CP949" },
		{ "ksc_5601", "CP949" }, { "korean", "CP949" }, { "windows-949", "CP949" },
		{ "cseuckr", "CP949" }, { "csksc56011987", "CP949" }, { "iso-ir-149", "CP949" },
		{ "gb18030", "GB18030" }, { "gb2312", "GB18030" }, { "gb_2312", "GB18030" },
		{ "gb_2312-80", "GB18030" }, { "gbk", "GB18030" },
		{ "x-gbk", "GB18030" }, { "chinese", "GB18030" }, { "csgb2312", "GB18030" },
		{ "csiso58gb231280", "GB18030" }, { "iso-ir-58", "GB18030" },
		{ "shift_jis", "CP932" }, { "shift-jis", "CP932" }, { "x-sjis", "CP932" }, { "sjis", "CP932" },
		{ "ms_kanji", "CP932" }, { "csshiftjis", "CP932" }, { "windows-31j", "CP932" }, { "ms932", "CP932" },
		{ "euc-jp", "EUC-JP-MS" }, { "x-euc-jp", "EUC-JP-MS" }, { "cseucpkdfmtjapanese", "EUC-JP-MS" },
		{ "big5", "BIG5-HKSCS" }, { "x-big5", "BIG5-HKSCS" }, { "cn-big5", "BIG5-HKSCS" },
		{ "csbig5", "BIG5-HKSCS" }, { "big5-hkscs", "BIG5-HKSCS" }, { "x-x-big5", "BIG5-HKSCS" },
		{ "iso-8859-1", "CP1252" }, { "us-ascii", "CP1252" }, { "latin1", "CP1252" },
		{ "iso8859-1", "CP1252" }, { "ascii", "CP1252" }, { "ansi_x3.4-1968", "CP1252" },
		{ "cp819", "CP1252" }, { "csisolatin1", "CP1252" }, { "ibm819", "CP1252" },
		{ "iso-ir-100", "CP1252" }, { "iso88591", "CP1252" }, { "iso_8859-1", "CP1252" },
		{ "iso_8859-1:1987", "CP1252" }, { "l1", "CP1252" }, { "x-cp1252", "CP1252" },
		{ "iso-8859-9", "CP1254" }, { "iso8859-9", "CP1254" }, { "iso88599", "CP1254" },
		{ "iso_8859-9", "CP1254" }, { "iso_8859-9:1989", "CP1254" }, { "iso-ir-148", "CP1254" },
		{ "latin5", "CP1254" }, { "l5", "CP1254" }, { "csisolatin5", "CP1254" }, { "x-cp1254", "CP1254" },
		{ "tis-620", "CP874" }, { "iso-8859-11", "CP874" }, { "iso8859-11", "CP874" },
		{ "iso885911", "CP874" }, { "dos-874", "CP874" }, { "windows-874", "CP874" },
	};

	for (size_t i = 0; i < sizeof(m) / sizeof(m[0]); i++)
		if (!strcasecmp(label, m[i].label)) {
			xmlCharEncodingHandlerPtr h = xmlFindCharEncodingHandler(m[i].as);

			if (h) {
				xmlCharEncCloseFunc(h);
				return m[i].as;
			}
		}
	return NULL;
}

/* The bytes one U+FFFD stands for at a sequence iconv refused, as the WHATWG decoders count
 * them: in a double-byte encoding, a lead byte and a trail byte that is not ASCII are one bad
 * character (skipping the lead alone read the trail as the next lead, and the text stayed out
 * of step, "가나다라" after one bad pair read as "“〕ご帽"); an ASCII byte after a lead is
 * read again, as itself. */
static size_t bad_pair(const char *as, const unsigned char *in, size_t inl)
{
	unsigned c = in[0];
	int lead;

	if (!as || inl < 2 || in[1] < 0x80)
		return 1;
	if (!strcmp(as, "CP932"))
		lead = (c >= 0x81 && c <= 0x9F) || (c >= 0xE0 && c <= 0xFC);
	else if (!strcmp(as, "EUC-JP-MS")) /* 0x8F: JIS X 0212, three bytes */
		return c == 0x8F ? (inl >= 3 && in[2] >= 0x80 ? 3 : 2) : c == 0x8E || (c >= 0xA1 && c <= 0xFE) ? 2 : 1;
	else if (!strcmp(as, "CP949") || !strcmp(as, "GB18030") || !strcmp(as, "BIG5-HKSCS"))
		lead = c >= 0x81 && c <= 0xFE;
	else
		lead = 0;
	return lead ? 2 : 1;
}

char *nw_charset_to_utf8(const char *enc, const char *s, size_t len, size_t *outlen, size_t *bad)
{
	const char *as = nw_charset_superset(enc);
	iconv_t cd = iconv_open("UTF-8", as ? as : enc);
	size_t cap = len + len / 2 + 64, o = 0;
	char *out, *in = (char *)s;
	size_t inl = len;

	*bad = 0;
	if (cd == (iconv_t)-1)
		return NULL;
	if (!(out = malloc(cap))) {
		iconv_close(cd);
		return NULL;
	}
	for (;;) {
		char *op;
		size_t ol, r;

		if (cap - o < 16) { /* room for what iconv writes, a U+FFFD and the NUL */
			char *n = realloc(out, cap *= 2);
			if (!n) {
				free(out);
				iconv_close(cd);
				return NULL;
			}
			out = n;
		}
		op = out + o;
		ol = cap - o - 4;
		r = iconv(cd, inl ? &in : NULL, inl ? &inl : NULL, &op, &ol);
		o = (size_t)(op - out);
		if (r != (size_t)-1 && !inl)
			break;
		if (r == (size_t)-1 && errno == E2BIG)
			continue; /* less room left than a character: the test above grows it */
		if (r == (size_t)-1 && errno != EILSEQ && errno != EINVAL)
			break;
		/* a byte the encoding has no character for, or a character cut at the end: one
		 * U+FFFD, and on after it (the room for it is kept free). Big5's euro sign, which
		 * the WHATWG's Big5 has and glibc's BIG5-HKSCS lacks, is itself. */
		if (!inl)
			break;
		{
			size_t skip = bad_pair(as, (const unsigned char *)in, inl);
			int euro = skip == 2 && !strcmp(as, "BIG5-HKSCS") && (unsigned char)in[0] == 0xA3 &&
				   (unsigned char)in[1] == 0xE1;

			memcpy(out + o, euro ? "\xE2\x82\xAC" : "\xEF\xBF\xBD", 3);
			o += 3;
			*bad += !euro;
			in += skip; /* the shift state stays: ISO-2022-JP goes on in the character set it was in */
			inl -= skip;
		}
	}
	iconv_close(cd);
	out[o] = '\0';
	*outlen = o;
	return out;
}

uint32_t nw_html_codepoint(uint32_t v)
{
	static const uint16_t cp1252[32] = {
		0x20AC, 0x81,   0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
		0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D,   0x017D, 0x8F,
		0x90,   0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
		0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D,   0x017E, 0x0178,
	};

	if (!v || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		return 0xFFFD;
	return v >= 0x80 && v <= 0x9F ? cp1252[v - 0x80] : v;
}
