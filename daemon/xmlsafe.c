/* xmlsafe.c — safe XML reading shared by the source plugins (see xmlsafe.h): the policy
 * against XXE, billion laughs and network access lives here and only here, and so does the
 * order a document's encoding is read in (BOM, HTTP charset, declaration). */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* memmem */
#endif
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <libxml/HTMLparser.h>
#include "newswatch-plugin.h"
#include "xmlsafe.h"

static xmlParserInputPtr refuse_entity(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
	(void)url;
	(void)id;
	(void)ctxt;
	return NULL;
}

void nw_xml_refuse_entities(void)
{
	xmlInitParser();
	xmlSetExternalEntityLoader(refuse_entity);
}

xmlDocPtr nw_xml_read(xmlParserCtxtPtr ctxt, const char *data, size_t len, const char *url, const char *encoding)
{
	/* again before every parse, in case anything in the process replaced the loader */
	nw_xml_refuse_entities();
	ctxt->sax->warning = NULL;
	ctxt->sax->error = NULL;
	ctxt->vctxt.error = NULL;
	ctxt->vctxt.warning = NULL;
	if (len > INT_MAX)
		return NULL;
	/* no XML_PARSE_NOENT (never substitute), no DTDLOAD/DTDATTR/DTDVALID (never fetch), no
	 * XML_PARSE_HUGE (libxml2's own amplification and depth limits stay on). Bytes already
	 * known to be UTF-8 are read as such whatever the declaration says: a label libxml2 does
	 * not know (UTF-8N, written by Japanese Windows tools) would otherwise refuse the feed. */
	return xmlCtxtReadMemory(ctxt, data, (int)len, url, encoding,
				 XML_PARSE_RECOVER | XML_PARSE_NONET | XML_PARSE_NOWARNING | XML_PARSE_COMPACT |
					 (encoding && !strcmp(encoding, "UTF-8") ? XML_PARSE_IGNORE_ENC : 0));
}

/* ---- a feed document before libxml2 reads it ---- */

/* encoding="..." of the XML declaration, lower-cased. */
int nw_xml_decl_encoding(const char *d, size_t len, char *out, size_t olen)
{
	size_t lim = len < 512 ? len : 512, n = 0;
	const char *end, *e;

	if (lim < 5 || memcmp(d, "<?xml", 5))
		return 0;
	end = memchr(d, '>', lim);
	if (!end)
		return 0;
	for (e = d; e + 9 < end; e++)
		if (!memcmp(e, "encoding", 8))
			break;
	if (e + 9 >= end)
		return 0;
	e += 8;
	while (e < end && (*e == ' ' || *e == '='))
		e++;
	if (e >= end || (*e != '"' && *e != '\''))
		return 0;
	for (e++; e < end && *e != '"' && *e != '\'' && n + 1 < olen; e++)
		out[n++] = (char)tolower((unsigned char)*e);
	out[n] = '\0';
	return n > 0;
}

/* What the '&' at s[i] starts: 0 nothing (a bare '&'), 1 a character reference or a name
 * kept as is, else the length of a named reference "&name;" (name in s[i+1 .. i+len-2]). */
static size_t reference_len(const char *s, size_t i, size_t len)
{
	size_t j = i + 1, lim = i + 40 < len ? i + 40 : len;

	if (j < lim && s[j] == '#') {
		j++;
		if (j < lim && (s[j] == 'x' || s[j] == 'X')) {
			j++;
			while (j < lim && isxdigit((unsigned char)s[j]))
				j++;
		} else {
			while (j < lim && isdigit((unsigned char)s[j]))
				j++;
		}
		return j < lim && s[j] == ';' && j > i + 2 ? 1 : 0;
	}
	if (j >= lim || !(isalpha((unsigned char)s[j]) || s[j] == '_' || s[j] == ':'))
		return 0;
	while (j < lim && (isalnum((unsigned char)s[j]) || strchr("_:.-", s[j])))
		j++;
	return j < lim && s[j] == ';' ? j + 1 - i : 0;
}

/* The character reference at s[i] (reference_len() said it is one) when it must be written
 * as another, as HTML reads numbers (nw_html_codepoint: 0x80..0x9F as windows-1252; NUL,
 * surrogates and values past U+10FFFF, which libxml2 drops with an error, as U+FFFD; HTML's
 * "&#X41;", which XML does not have, as "&#65;"): its
 * length, the code point in *cp; 0 to keep it as it is. */
static size_t char_reference(const char *s, size_t i, uint32_t *cp)
{
	int hex = s[i + 2] == 'x' || s[i + 2] == 'X';
	size_t j = i + (hex ? 3 : 2);
	uint32_t v = 0;

	for (; s[j] != ';'; j++) {
		int d = isdigit((unsigned char)s[j]) ? s[j] - '0' : (s[j] | 0x20) - 'a' + 10;

		if (v <= 0x10FFFF)
			v = v * (hex ? 16 : 10) + (uint32_t)d;
	}
	if (j == i + (hex ? 3 : 2))
		return 0; /* "&#x;" */
	if ((*cp = nw_html_codepoint(v)) == v && s[i + 2] != 'X') /* XML has only "&#x" */
		return 0;
	return j + 1 - i;
}

/* The position of the first c in s[i, len), or len. */
static size_t next_of(const char *s, size_t i, size_t len, char c)
{
	const char *p = i < len ? memchr(s + i, c, len - i) : NULL;

	return p ? (size_t)(p - s) : len;
}

/* An HTML element that has no end tag (<br>, <hr>, <img ...>, <wbr>) starts at s: RSS and
 * Atom have no elements of those names. */
static int void_tag(const char *s, size_t len)
{
	static const char *const names[] = { "br", "hr", "img", "wbr" };

	for (size_t k = 0; k < sizeof names / sizeof *names; k++) {
		size_t n = strlen(names[k]);
		if (len > n + 1 && !strncasecmp(s + 1, names[k], n) &&
		    (s[n + 1] == '>' || s[n + 1] == '/' || s[n + 1] == ' ' || s[n + 1] == '\t' || s[n + 1] == '\n' ||
		     s[n + 1] == '\r'))
			return 1;
	}
	return 0;
}

/* ---- raw HTML in an RSS text element ---- */

#define NAME(s, atom) { s, sizeof s - 1, atom }
static const struct {
	const char *name;
	size_t len;
	int atom; /* an Atom text construct: HTML when its type says so */
} html_elements[] = { NAME("title", 0), NAME("description", 0), NAME("summary", 0), NAME("content:encoded", 0),
		      NAME("title", 1), NAME("summary", 1), NAME("content", 1), NAME("subtitle", 1), NAME("rights", 1) };
#undef NAME
#define NW_HTML_ELEMENTS (sizeof html_elements / sizeof *html_elements)

static size_t tag_end(const char *s, size_t i, size_t end);

/* Whether the start tag s[i, gt) says type="html" (or 'html'). */
static int typed_html(const char *s, size_t i, size_t gt)
{
	const char *t = memmem(s + i, gt - i, "type=", 5);

	return t && (size_t)(t - s) + 10 < gt && (t[5] == '"' || t[5] == '\'') && !strncasecmp(t + 6, "html", 4) &&
	       t[10] == t[5];
}

/* Which element whose text is HTML has its start tag at s[i]: in RSS title, description,
 * summary, content:encoded; in Atom a text construct of type="html", which should hold its
 * markup escaped and is sometimes written raw. Its index in html_elements, or -1. */
static int html_element(const char *s, size_t i, size_t len, int atom)
{
	for (size_t k = 0; k < NW_HTML_ELEMENTS; k++) {
		size_t n = html_elements[k].len; /* a test at every '<' of every feed: no strlen */

		if (html_elements[k].atom == atom && i + n + 2 <= len && !memcmp(s + i + 1, html_elements[k].name, n) &&
		    (s[i + n + 1] == '>' || s[i + n + 1] == ' ' || s[i + n + 1] == '\t' || s[i + n + 1] == '\n' ||
		     s[i + n + 1] == '\r') &&
		    (!atom || typed_html(s, i + n + 1, tag_end(s, i + n + 1, len))))
			return (int)k;
	}
	return -1;
}

/* Where the first end tag </name> is in s[i, len), or len. */
static size_t end_tag(const char *s, size_t i, size_t len, const char *name)
{
	size_t n = strlen(name);

	for (; (i = next_of(s, i, len, '<')) < len; i++) {
		size_t k = i + 2 + n;

		if (k <= len && s[i + 1] == '/' && !memcmp(s + i + 2, name, n)) {
			while (k < len && isspace((unsigned char)s[k]))
				k++;
			if (k < len && s[k] == '>')
				return i;
		}
	}
	return len;
}

static int name_char(char c)
{
	return c && (isalnum((unsigned char)c) || (unsigned char)c >= 0x80 || strchr("_:.-", c));
}

/* Where the first '>' outside quotes is in s[i, end), or end. */
static size_t tag_end(const char *s, size_t i, size_t end)
{
	char quote = 0;

	for (; i < end && (quote || s[i] != '>'); i++)
		if (quote)
			quote = s[i] == quote ? 0 : quote;
		else if (s[i] == '"' || s[i] == '\'')
			quote = s[i];
	return i;
}

#define NW_MAX_OPEN 32

struct open_tags {
	const char *name[NW_MAX_OPEN];
	size_t len[NW_MAX_OPEN], n;
};

/* Whether the raw body s[i, end) of an RSS text element is markup that XML cannot read: a tag
 * left open (<p>one<p>two), closed out of order (<ul><li>a</ul>), an attribute without
 * quotes, a '<' that starts no tag. libxml2 recovers from that by taking everything up to
 * the end of the document into the element, so every later item is lost. The tags left
 * open go in *open (innermost last). -1: leave the body as it is (a CDATA section or an
 * unclosed comment in it, or an element of the same name, which the first end tag found
 * would not close). */
static int unbalanced(const char *s, size_t i, size_t end, const char *self, size_t selflen,
		      struct open_tags *open)
{
	int bad = 0;

	open->n = 0;
	while ((i = next_of(s, i, end, '<')) < end) {
		size_t j = i + 1, k, ne, gt;
		int closing;

		if (i + 9 <= end && !memcmp(s + i, "<![CDATA[", 9)) {
			/* text, and the HTML around it still counts ("<![CDATA[x]]> and <p>raw") */
			const char *e = memmem(s + i + 9, end - i - 9, "]]>", 3);

			if (!e)
				return -1;
			i = (size_t)(e - s) + 3;
			continue;
		}
		if ((i + 4 <= end && !memcmp(s + i, "<!--", 4)) || (j < end && s[j] == '?')) {
			const char *close = s[j] == '?' ? "?>" : "-->";
			const char *e = memmem(s + j, end - j, close, strlen(close));

			if (!e)
				return -1;
			i = (size_t)(e - s) + strlen(close);
			continue;
		}
		closing = j < end && s[j] == '/';
		j += closing;
		for (k = j; k < end && name_char(s[k]); k++)
			;
		ne = k;
		if (k == j || isdigit((unsigned char)s[j]) || s[j] == '-' || s[j] == '.') {
			bad = 1; /* "<3", "a < b": not a tag */
			i++;
			continue;
		}
		gt = tag_end(s, k, end);
		if (gt >= end)
			return 1; /* a tag not ended inside the element */
		if (ne - j == selflen && !memcmp(s + j, self, selflen))
			return -1;
		if (closing) {
			size_t m = open->n;

			while (m && !(open->len[m - 1] == ne - j && !memcmp(open->name[m - 1], s + j, ne - j)))
				m--;
			if (!m || m != open->n)
				bad = 1;
			if (m) /* as HTML closes them: the tags opened inside it too */
				open->n = m - 1;
		} else {
			/* attributes as XML wants them: name="value" */
			size_t a = ne;

			while (a < gt) {
				while (a < gt && isspace((unsigned char)s[a]))
					a++;
				if (a >= gt || (s[a] == '/' && a + 1 == gt))
					break;
				for (k = a; k < gt && name_char(s[k]); k++)
					;
				while (k < gt && isspace((unsigned char)s[k]))
					k++;
				if (k == a || k >= gt || s[k] != '=') {
					bad = 1;
					break;
				}
				for (k++; k < gt && isspace((unsigned char)s[k]); k++)
					;
				if (k >= gt || (s[k] != '"' && s[k] != '\'')) {
					bad = 1;
					break;
				}
				a = next_of(s, k + 1, gt, s[k]) + 1;
			}
			/* <br>, <hr>, <img> and <wbr> are made empty elements where they stand */
			if (s[gt - 1] != '/' && !void_tag(s + i, end - i)) {
				if (open->n == NW_MAX_OPEN)
					return 1; /* deeper than any real description: wrapped, no tags closed */
				open->name[open->n] = s + j;
				open->len[open->n++] = ne - j;
			}
		}
		i = gt + 1;
	}
	return bad || open->n;
}

/* The body s[i, end) of an RSS text element as one CDATA section: RSS text is HTML, and
 * html_text reads it the same as the elements libxml2 would have made of it. The tags left
 * open are closed at its end when they are all HTML's, so that a title ("a <b>unclosed")
 * still reads as HTML and one of text ("C++ <iostream> tips") as text. */
static void add_cdata(struct nw_buf *b, const char *s, size_t i, size_t end, const struct open_tags *open)
{
	int html = 1;

	nw_buf_add(b, "<![CDATA[", 9);
	while (i < end) {
		/* a CDATA section in the body is its text, a comment stays as it is, "<![CDATA["
		 * in it too (unbalanced() saw each one ended) */
		const char *c = memmem(s + i, end - i, "<![CDATA[", 9), *m = memmem(s + i, end - i, "<!--", 4), *ce;
		int comment = m && (!c || m < c);
		size_t stop = c ? (size_t)(c - s) : end;

		if (comment) /* to the comment's end */
			stop = (ce = memmem(m + 4, (size_t)(s + end - (m + 4)), "-->", 3)) ? (size_t)(ce + 3 - s) : end;

		for (const char *e; (e = memmem(s + i, stop - i, "]]>", 3)); i = (size_t)(e - s) + 2) {
			nw_buf_add(b, s + i, (size_t)(e - s) + 2 - i);
			nw_buf_add(b, "]]><![CDATA[", 12); /* the '>' starts the next section */
		}
		nw_buf_add(b, s + i, stop - i);
		i = stop;
		if (comment)
			continue;
		if (!c || !(ce = memmem(c + 9, (size_t)(s + end - (c + 9)), "]]>", 3)))
			break;
		nw_buf_add(b, c + 9, (size_t)(ce - (c + 9)));
		i = (size_t)(ce - s) + 3;
	}
	for (size_t k = 0; k < open->n && html; k++) {
		char name[32];
		size_t n = open->len[k] < sizeof name ? open->len[k] : 0;

		for (size_t c = 0; c < n; c++)
			name[c] = (char)tolower((unsigned char)open->name[k][c]);
		name[n] = '\0';
		html = n && htmlTagLookup((const xmlChar *)name);
	}
	for (size_t k = open->n; html && k; k--) {
		nw_buf_add(b, "</", 2);
		nw_buf_add(b, open->name[k - 1], open->len[k - 1]);
		nw_buf_add(b, ">", 1);
	}
	nw_buf_add(b, "]]>", 3);
}

/* Whether the document's root element is Atom's <feed>: its text constructs say themselves
 * whether they are text or HTML, and are left alone. */
static int atom_root(const char *s, size_t len)
{
	size_t i = 0, j;

	while ((i = next_of(s, i, len, '<')) < len) {
		if (i + 4 <= len && !memcmp(s + i, "<!--", 4)) {
			const char *e = memmem(s + i, len - i, "-->", 3);

			if (!e)
				return 0;
			i = (size_t)(e - s) + 3;
		} else if (i + 1 < len && (s[i + 1] == '?' || s[i + 1] == '!')) {
			i++;
		} else {
			break;
		}
	}
	for (j = ++i; j < len && name_char(s[j]); j++)
		if (s[j] == ':')
			i = j + 1;
	return j - i == 4 && !memcmp(s + i, "feed", 4);
}

/* The general entities an internal subset declares, found once when the scan passes it:
 * each of a document's references is looked up in a short list, not the subset searched
 * again (a subset of a megabyte and a reference in every item). Past DECLARED_MAX of them
 * every name counts as declared, and the document keeps all its references as written. */
#define DECLARED_MAX 64
struct declared {
	size_t n;
	int all;
	struct {
		const char *p;
		size_t len;
	} v[DECLARED_MAX];
};

static void find_declared(const char *s, size_t from, size_t to, struct declared *d)
{
	const char *e = s + to;

	for (const char *p = memmem(s + from, to - from, "<!ENTITY", 8); p; p = memmem(p + 8, (size_t)(e - (p + 8)), "<!ENTITY", 8)) {
		const char *q = p + 8;
		size_t k = 0;

		while (q < e && isspace((unsigned char)*q))
			q++;
		while (q + k < e && !isspace((unsigned char)q[k]))
			k++;
		/* a parameter entity (<!ENTITY % name ...) is not one the text can refer to */
		if (!k || *q == '%' || q + k == e)
			continue;
		if (d->n == DECLARED_MAX) {
			d->all = 1;
			return;
		}
		d->v[d->n].p = q;
		d->v[d->n++].len = k;
	}
}

static int is_declared(const struct declared *d, const char *name, size_t n)
{
	for (size_t i = 0; i < d->n && !d->all; i++)
		if (d->v[i].len == n && !memcmp(d->v[i].p, name, n))
			return 1;
	return d->all;
}

/* The commonest breakage in real feeds is a bare '&' ("AT&T", query strings) or an HTML
 * entity without a DTD (&nbsp;, &copy;): libxml2's recovery drops the text. Outside CDATA
 * sections, comments and processing instructions, escape the first and turn the second
 * into character references, before parsing. Entities the document's internal subset
 * declares are its own, and kept; it does not take the HTML ones it leaves undeclared.
 * The five predefined ones (&amp; &lt; &gt; &quot; &apos;) become character references
 * too: after any error in a document (a stray control character, one bad tag) libxml2 2.9
 * drops every entity reference that follows, and with it each '&' of every later link.
 * Raw HTML that XML cannot read in an RSS title or description becomes a CDATA section.
 * NULL when nothing changed; *bare says whether a bare '&' was seen. */
char *nw_xml_fix_amps(const char *s, size_t len, size_t *outlen, int *bare, int *oom)
{
	struct nw_buf b = { 0 };
	size_t i = 0, start = 0;
	int found = 0;
	struct declared declared = { .n = 0 }; /* the entities of the DOCTYPE's internal subset */
	size_t slash_at = SIZE_MAX; /* where a void element's '>' wants a '/' before it */
	size_t wrap_at = SIZE_MAX, wrap_end = 0; /* an RSS element's body to make CDATA */
	int rss = !atom_root(s, len), el;
	size_t end_at[NW_HTML_ELEMENTS] = { 0 }; /* where each one's next end tag is */
	struct open_tags open = { .n = 0 }; /* the tags left open in the body to wrap */
	/* where the next '<' and '&' are, kept until passed */
	size_t next_lt = next_of(s, 0, len, '<'), next_amp = next_of(s, 0, len, '&');

	while (i < len) {
		const char *end = NULL, *close = NULL;

		/* on to the next '<' or '&' at memchr's pace (a byte at a time was 3% of the
		 * loop's time in a busy cycle) */
		if (next_lt < i)
			next_lt = next_of(s, i, len, '<');
		if (next_amp < i)
			next_amp = next_of(s, i, len, '&');
		i = next_lt < next_amp ? next_lt : next_amp;
		/* a void element's '>' inside the body about to be made CDATA (a '<' in its quoted
		 * attribute began an element there): the body is kept as it is, and writing its '/'
		 * first would leave start past where the body begins */
		if (wrap_at < slash_at && slash_at < wrap_end)
			slash_at = SIZE_MAX;
		if (slash_at <= i) { /* the '/' of a void element, once its '&'s are behind */
			found = 1;
			nw_buf_add(&b, s + start, slash_at - start);
			nw_buf_add(&b, "/", 1);
			start = slash_at;
			slash_at = SIZE_MAX;
		}
		if (wrap_at <= i) { /* the body, once the '&'s of its start tag are behind */
			found = 1;
			nw_buf_add(&b, s + start, wrap_at - start);
			add_cdata(&b, s, wrap_at, wrap_end, &open); /* the tags unbalanced() found open */
			start = i = wrap_end;
			wrap_at = SIZE_MAX;
			continue;
		}
		if (i >= len)
			break;
		if (s[i] == '<' && i + 9 <= len && !memcmp(s + i, "<!DOCTYPE", 9)) {
			/* the declaration and its internal subset as they are: an entity's value is
			 * expanded where it is declared, so a character reference there would make
			 * "AT&amp;T &lt;Corp&gt;" a value that is not well-formed */
			char quote = 0;
			int subset = 0;
			size_t j = i + 9;

			for (; j < len; j++) {
				if (quote) {
					quote = s[j] == quote ? 0 : quote;
				} else if (s[j] == '"' || s[j] == '\'') {
					quote = s[j];
				} else if (s[j] == '[') {
					subset = 1;
				} else if (s[j] == ']') {
					subset = 0;
				} else if (s[j] == '>' && !subset) {
					break;
				}
			}
			find_declared(s, i, j < len ? j + 1 : len, &declared);
			i = j < len ? j + 1 : len;
			continue;
		}
		if (s[i] == '<' && (el = html_element(s, i, len, !rss)) >= 0) {
			const char *name = html_elements[el].name;
			size_t n = html_elements[el].len, gt = tag_end(s, i + n + 1, len);

			/* the first end tag of its name ends it (unbalanced() leaves alone a body with
			 * an element of the same name in it); found once for all the start tags
			 * before it, so a document of start tags alone is still read in linear time */
			if (gt < len && s[gt - 1] != '/' && gt + 1 > end_at[el])
				end_at[el] = end_tag(s, gt + 1, len, name);
			if (gt < len && s[gt - 1] != '/' && end_at[el] < len &&
			    unbalanced(s, gt + 1, end_at[el], name, n, &open) > 0) {
				wrap_at = gt + 1;
				wrap_end = end_at[el];
			}
			i++;
			continue;
		}
		if (s[i] == '<' && void_tag(s + i, len - i)) {
			/* raw HTML in a description: <br> never closed would swallow the items after
			 * it; written <br/> as XML wants it */
			size_t j = tag_end(s, i + 1, len), n = 1, k;

			while (i + n < len && isalnum((unsigned char)s[i + n]))
				n++;
			/* ... unless its end tag follows (XHTML's <br></br>, <img ...></img>) */
			for (k = j + 1; k < len && (s[k] == ' ' || s[k] == '\t' || s[k] == '\n' || s[k] == '\r'); k++)
				;
			if (j < len && s[j - 1] != '/' &&
			    !(k + n + 1 < len && s[k] == '<' && s[k + 1] == '/' && !memcmp(s + k + 2, s + i + 1, n - 1) &&
			      (s[k + n + 1] == '>' || s[k + n + 1] == ' ' || s[k + n + 1] == '\t' || s[k + n + 1] == '\n' ||
			       s[k + n + 1] == '\r')))
				slash_at = j; /* written when the scan passes it: '&'s in its attributes first */
			i++;
			continue;
		}
		if (s[i] == '<' && i + 9 <= len && !memcmp(s + i, "<![CDATA[", 9))
			close = "]]>";
		else if (s[i] == '<' && i + 4 <= len && !memcmp(s + i, "<!--", 4))
			close = "-->";
		else if (s[i] == '<' && i + 2 <= len && s[i + 1] == '?')
			close = "?>";
		if (close) {
			size_t cl = strlen(close);

			for (size_t j = next_of(s, i + 2, len, close[0]); j + cl <= len;
			     j = next_of(s, j + 1, len, close[0]))
				if (!memcmp(s + j, close, cl)) {
					end = s + j + cl;
					break;
				}
			i = end ? (size_t)(end - s) : len;
			continue;
		}
		if (s[i] == '&') {
			size_t r = reference_len(s, i, len);
			uint32_t cp;
			size_t rl = r == 1 ? char_reference(s, i, &cp) : 0;

			if (rl) {
				char num[16];

				found = 1;
				nw_buf_add(&b, s + start, i - start);
				snprintf(num, sizeof num, "&#%u;", (unsigned)cp);
				nw_buf_add(&b, num, strlen(num));
				start = i += rl;
				continue;
			}
			if (!r) {
				found = *bare = 1;
				nw_buf_add(&b, s + start, i - start);
				nw_buf_add(&b, "&#38;", 5);
				start = i + 1;
			} else if (r > 1) {
				static const char *const predefined[][2] = { { "amp", "&#38;" }, { "lt", "&#60;" },
									     { "gt", "&#62;" }, { "quot", "&#34;" },
									     { "apos", "&#39;" } };
				char name[40], num[16];
				uint32_t h;
				size_t k;

				memcpy(name, s + i + 1, r - 2);
				name[r - 2] = '\0';
				for (k = 0; k < 5 && strcmp(name, predefined[k][0]); k++)
					;
				if (k < 5) { /* as a character reference: read after an error too */
					found = 1;
					nw_buf_add(&b, s + start, i - start);
					nw_buf_add(&b, predefined[k][1], strlen(predefined[k][1]));
					start = i + r;
				} else if (!is_declared(&declared, name, r - 2)) {
					found = 1;
					nw_buf_add(&b, s + start, i - start);
					h = nw_html_entity(name);
					if (h) {
						snprintf(num, sizeof(num), "&#%u;", (unsigned)h);
						nw_buf_add(&b, num, strlen(num));
						start = i + r;
					} else {
						nw_buf_add(&b, "&#38;", 5);
						start = i + 1;
						*bare = 1;
					}
				}
				i += r;
				continue;
			}
		}
		i++;
	}
	if (!found)
		return NULL;
	nw_buf_add(&b, s + start, len - start);
	if (b.oom) {
		free(b.p);
		*oom = 1;
		return NULL;
	}
	*outlen = b.len;
	return b.p;
}

/* Where the XML starts when something else comes first (a PHP warning, blank lines, a
 * byte-order junk): at "<?xml", else at the feed's root element; 0 when it starts at once. */
static const char *find_bytes(const char *s, size_t len, const char *what)
{
	size_t n = strlen(what);

	for (size_t i = 0; i + n <= len; i++)
		if (s[i] == what[0] && !memcmp(s + i, what, n))
			return s + i;
	return NULL;
}

size_t nw_xml_junk_len(const char *s, size_t len)
{
	static const char *const roots[] = { "<rss", "<feed", "<rdf:RDF", "<RDF", "<channel", "<urlset", "<sitemapindex",
					     NULL };
	size_t lim = len < 65536 ? len : 65536, best = SIZE_MAX;
	const char *hit;

	size_t ws = 0;

	if (len >= 5 && !memcmp(s, "<?xml", 5))
		return 0;
	while (ws < lim && (s[ws] == ' ' || s[ws] == '\t' || s[ws] == '\r' || s[ws] == '\n'))
		ws++;
	/* a document that begins as XML does (after white space) keeps its prologue */
	if (ws < lim && (find_bytes(s + ws, lim - ws, "<!DOCTYPE") == s + ws ||
			 find_bytes(s + ws, lim - ws, "<!--") == s + ws))
		return ws;
	for (int i = 0; roots[i]; i++)
		if (find_bytes(s + ws, lim - ws, roots[i]) == s + ws)
			return ws;
	if ((hit = find_bytes(s, lim, "<?xml")))
		return (size_t)(hit - s);
	for (int i = 0; roots[i]; i++)
		if ((hit = find_bytes(s, lim, roots[i])) && (size_t)(hit - s) < best)
			best = (size_t)(hit - s);
	return best == SIZE_MAX ? 0 : best;
}

/* ---- which encoding: the same for every XML source ---- */

/* Whether a document the HTTP charset calls `http` is in the encoding its declaration names
 * (`decl`) instead: a server's default label (Apache's charset=iso-8859-1, or utf-8) over a
 * Korean or Japanese feed made every Hangul or Kanji mojibake or U+FFFD. So it is when the
 * bytes are not what the HTTP label says (not UTF-8; Latin-1 is always "valid", so: any byte
 * past ASCII under a Latin label) and the declared double-byte encoding reads them all; *out
 * is then what it read them as (the caller's to free), not made twice. */
static int declared_instead(const char *http, const char *decl, const char *data, size_t len, char **out,
			    size_t *outlen)
{
	const char *d = nw_charset_superset(decl), *h = nw_charset_superset(http);
	int utf8 = !strcmp(http, "utf-8") || !strcmp(http, "utf8");
	size_t n = 0, bad = 0;
	char *conv;

	if (!d || !strcmp(d, "CP1252") || !strcmp(d, "CP1254") || !strcmp(d, "CP874") ||
	    !(utf8 || (h && !strcmp(h, "CP1252")) || !strcmp(http, "windows-1252") || !strcmp(http, "cp1252")))
		return 0; /* only a double-byte declaration, over UTF-8 or Latin-1 served */
	if (utf8) {
		if (nw_utf8_span(data, len) == len)
			return 0;
	} else {
		size_t i = 0;

		while (i < len && !((unsigned char)data[i] & 0x80))
			i++;
		if (i == len)
			return 0;
	}
	if (!(conv = nw_charset_to_utf8(d, data, len, &n, &bad)))
		return 0;
	if (bad) {
		free(conv);
		return 0;
	}
	*out = conv;
	*outlen = n;
	return 1;
}

int nw_xml_decode(const char *data, size_t len, const char *content_type, struct nw_xml_text *t)
{
	const unsigned char *u = (const unsigned char *)data;
	char *enc = t->label;
	size_t skip = 0, read_len = 0;
	char *read_as = NULL; /* the document as declared_instead() read it */
	int utf8 = 1, from_http;
	/* a UTF-16 BOM, or a NUL in the first two bytes: UTF-16 or UTF-32 */
	int wide = len >= 2 && ((u[0] == 0xFE && u[1] == 0xFF) || (u[0] == 0xFF && u[1] == 0xFE) || !u[0] || !u[1]);
	int bom = !wide && len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF;

	memset(t, 0, sizeof *t);
	if (wide) {
		/* decoded here, from what the BOM or the NULs say (a declaration of another
		 * encoding after a UTF-16 BOM is wrong), and then read as any UTF-8 document: the
		 * repairs of nw_xml_fix_amps need '&' and '<' to be their bytes */
		const char *from;
		size_t k = 0;

		if (len >= 4 && !memcmp(u, "\xFF\xFE\0\0", 4))
			from = "UTF-32LE", k = 4;
		else if (len >= 4 && !memcmp(u, "\0\0\xFE\xFF", 4))
			from = "UTF-32BE", k = 4;
		else if (u[0] == 0xFF && u[1] == 0xFE)
			from = "UTF-16LE", k = 2;
		else if (u[0] == 0xFE && u[1] == 0xFF)
			from = "UTF-16BE", k = 2;
		else if (len >= 4 && !u[0] && !u[1] && !u[2])
			from = "UTF-32BE";
		else if (len >= 4 && u[0] && !u[1] && !u[2] && !u[3])
			from = "UTF-32LE";
		else
			from = !u[0] ? "UTF-16BE" : "UTF-16LE";
		t->buf = nw_charset_to_utf8(from, data + k, len - k, &len, &t->bad);
		if (!t->buf)
			return -ENOMEM;
		if (t->bad)
			snprintf(t->note, sizeof t->note, "%zu sequence%s not %s replaced", t->bad,
				 t->bad == 1 ? "" : "s", from);
		data = t->buf;
		u = (const unsigned char *)data;
	}
	t->ascii = 1;
	/* where the XML starts: after a UTF-8 BOM, and after blank lines or a PHP warning (its
	 * declaration is there) */
	{
		size_t k = bom ? 3 : 0;

		skip = k + nw_xml_junk_len(data + k, len - k);
		while (k < skip && (data[k] == ' ' || data[k] == '\t' || data[k] == '\r' || data[k] == '\n'))
			k++;
		t->junk = k < skip ? skip - (bom ? 3 : 0) : 0; /* not the BOM, not white space alone */
	}
	/* a BOM (or the NULs of UTF-16) wins, then the HTTP charset, then the XML declaration */
	if (bom || wide) {
		utf8 = 1;
	} else if ((from_http = nw_http_charset(content_type, enc, sizeof t->label)) ||
		   nw_xml_decl_encoding(data + skip, len - skip, enc, sizeof t->label)) {
		char decl[sizeof t->label];

		if (from_http && nw_xml_decl_encoding(data + skip, len - skip, decl, sizeof decl) && strcmp(decl, enc) &&
		    declared_instead(enc, decl, data + skip, len - skip, &read_as, &read_len)) {
			snprintf(t->note, sizeof t->note, "served as %.30s but %.30s as declared, read as declared", enc, decl);
			memcpy(enc, decl, sizeof decl);
		}
		if (!strncmp(enc, "utf-16", 6) || !strncmp(enc, "utf-32", 6) || !strncmp(enc, "ucs", 3)) {
			/* no BOM and no NUL in the first bytes: not UTF-16 or -32 whatever the label
			 * says (one copied from a template); read as UTF-8 */
			snprintf(t->note, sizeof t->note, "labelled %s but 8-bit, read as UTF-8", enc);
		} else if (strcmp(enc, "utf-8") && strcmp(enc, "utf8")) {
			utf8 = 0;
			if (!strncmp(enc, "utf-7", 5) || !strncmp(enc, "ebcdic", 6) || !strncmp(enc, "cp037", 5))
				t->ascii = 0;
			t->encoding = nw_charset_superset(enc);
			if (!t->encoding && nw_http_charset(content_type, enc, sizeof t->label))
				t->encoding = enc;
			if (t->ascii && nw_utf8_evident(data, len)) {
				/* mislabelled: the bytes are UTF-8 whatever the label says */
				snprintf(t->note, sizeof t->note, "labelled %s but UTF-8, read as UTF-8", enc);
				utf8 = 1;
				t->encoding = NULL;
			}
		}
	}
	if (utf8)
		enc[0] = '\0';
	if (t->ascii) {
		data += skip;
		len -= skip;
	}
	t->data = data;
	t->len = len;
	if (!utf8 && t->ascii && enc[0]) {
		/* decoded here, where a byte the encoding lacks (a description cut mid-character by
		 * a CMS) is one U+FFFD: libxml2 stops there, and the rest of the document is lost */
		size_t ulen = read_len;
		char *conv = read_as ? read_as : nw_charset_to_utf8(enc, data, len, &ulen, &t->bad);

		read_as = NULL; /* (t->buf now, or it was NULL) */
		if (conv) {
			t->data = t->buf = conv;
			t->len = ulen;
			t->encoding = "UTF-8";
			if (t->bad)
				snprintf(t->note, sizeof t->note, "%zu sequence%s not %s replaced", t->bad,
					 t->bad == 1 ? "" : "s", enc);
		} else {
			/* a label iconv does not know (x-foo), which libxml2 would refuse the whole
			 * document for: UTF-8, the likeliest, with any invalid bytes replaced */
			t->bad = 0;
			snprintf(t->note, sizeof t->note, "unknown encoding %s, read as UTF-8", enc);
			utf8 = 1;
			enc[0] = '\0';
		}
	}
	if (utf8) {
		/* libxml2 would otherwise stop, or fall back to Latin-1, halfway through a document
		 * with one bad byte */
		size_t ulen = len;
		char *fixed = nw_utf8_repair(data, len, &ulen, &t->repaired);

		if (!fixed && t->repaired) {
			free(t->buf);
			t->buf = NULL;
			free(read_as);
			return -ENOMEM;
		}
		if (fixed) {
			free(t->buf); /* what UTF-16 was decoded to */
			t->data = t->buf = fixed;
			t->len = ulen;
		}
		t->encoding = "UTF-8";
	}
	free(read_as); /* the declared encoding's reading, not used (the bytes were UTF-8) */
	return 0;
}
