/* page.c — an HTML page served where a feed was (see page.h): told from a feed by its
 * markup, and named by its own <title>, read in its charset. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* memmem, strcasestr */
#endif
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "newswatch-plugin.h"
#include "page.h"
#include "xmlsafe.h"

#define PAGE_TITLE_MAX 100 /* bytes of the title shown, at most */

/* Whether the n bytes at s are name, in any case, followed by a character that ends a name. */
static int name_is(const char *s, size_t n, const char *name)
{
	size_t k = strlen(name);

	return n > k && !strncasecmp(s, name, k) && (isspace((unsigned char)s[k]) || s[k] == '>' || s[k] == '/');
}

/* 1 when the document of len bytes at d is an HTML page, 0 when it is something else, -1
 * when its start does not say. Its first markup past an XML declaration, processing
 * instructions and comments decides: a DOCTYPE (html, or rss...), then the root element's
 * name (html; rss, feed, RDF, channel: a feed, whatever it was served as). A feed served as
 * text/html (a misconfigured server: common) that failed to parse for its own reasons was
 * said to be 'an HTML page in its place', titled with its channel's title. */
static int page_by_markup(const char *d, size_t len)
{
	static const char *const feeds[] = { "rss", "feed", "RDF", "channel", NULL };
	const char *end = d + len, *e;

	while (d < end) {
		while (d < end && isspace((unsigned char)*d))
			d++;
		if (d == end)
			return -1;
		if (*d == '{' || *d == '[')
			return 0; /* JSON (a JSON Feed) */
		if (*d != '<' || end - d < 2)
			return -1;
		if (d[1] == '?' || (end - d >= 4 && !memcmp(d, "<!--", 4))) {
			e = d[1] == '?' ? memmem(d, (size_t)(end - d), "?>", 2) : memmem(d + 4, (size_t)(end - d - 4), "-->", 3);
			if (!e)
				return -1;
			d = e + (d[1] == '?' ? 2 : 3);
			continue;
		}
		if (end - d >= 9 && !strncasecmp(d, "<!doctype", 9)) {
			d += 9;
			while (d < end && isspace((unsigned char)*d))
				d++;
			return name_is(d, (size_t)(end - d), "html") ? 1 : 0;
		}
		d++;
		/* its local name (<atom:feed>, <rdf:RDF>, <html:html>) */
		for (e = d; e < end && !isspace((unsigned char)*e) && *e != '>' && *e != '/'; e++)
			if (*e == ':')
				d = e + 1;
		if (name_is(d, (size_t)(end - d), "html"))
			return 1;
		for (size_t i = 0; feeds[i]; i++)
			if (name_is(d, (size_t)(end - d), feeds[i]))
				return 0;
		return -1;
	}
	return -1;
}

/* How far into a page its <meta> charset is looked for (as browsers: 1024 bytes). */
#define PAGE_SNIFF 1024

/* The len bytes of a page's text at s as plain UTF-8 text (malloc'd), read in the page's
 * charset: its Content-Type's, else a <meta> charset (<meta charset="x">, or http-equiv's
 * content="text/html; charset=x") in the first PAGE_SNIFF bytes of head. The title of a
 * Japanese site's block page in Shift_JIS (or a Korean one's in EUC-KR) was shown as the
 * U+FFFD its bytes are as UTF-8. */
static char *page_text(const char *s, size_t len, const char *ct, const char *head)
{
	char label[64] = "", *conv = NULL, *text;
	size_t clen, bad;

	if (!nw_http_charset(ct, label, sizeof label)) /* a <meta> that says UTF-16 is UTF-8 */
		nw_html_meta_charset(head, strlen(head), PAGE_SNIFF, label, sizeof label);
	if (*label && strcmp(label, "utf-8") && strcmp(label, "utf8") && strcmp(label, "us-ascii"))
		conv = nw_charset_to_utf8(label, s, len, &clen, &bad);
	text = conv ? nw_html_to_text(conv, clen) : nw_html_to_text(s, len);
	free(conv);
	return text;
}

/* The content of the page's <title> in the NUL-terminated page s: its start, its length in
 * *len; NULL when it has none that ends. One in a comment or a script (a template's old
 * <title> commented out, document.title written by a script) is not the page's: the first
 * string "<title" was shown. */
static const char *find_title(const char *s, size_t *len)
{
	const char *e;

	while ((s = strchr(s, '<'))) {
		size_t n = strnlen(s + 1, 8);
		if (!strncmp(s, "<!--", 4)) {
			if (!(e = strstr(s + 4, "-->")))
				return NULL;
			s = e + 3;
		} else if (name_is(s + 1, n, "script") || name_is(s + 1, n, "style")) {
			if (!(e = strcasestr(s + 1, tolower((unsigned char)s[2]) == 'c' ? "</script" : "</style")))
				return NULL;
			s = e + 1;
		} else if (name_is(s + 1, n, "title")) {
			if (!(s = strchr(s, '>')) || !(e = strcasestr(++s, "</title")))
				return NULL;
			*len = (size_t)(e - s);
			return s;
		} else {
			s++;
		}
	}
	return NULL;
}

char *nw_page_in_place(const char *d, size_t len, const char *ct)
{
	const char *t;
	size_t n;
	char *title = NULL, *out = NULL, *head;
	int page, cut = 0;

	if (!d || !len)
		return strdup("");
	if (len > 65536)
		len = 65536;
	if (len >= 3 && !memcmp(d, "\xEF\xBB\xBF", 3))
		d += 3, len -= 3;
	while (len && isspace((unsigned char)*d))
		d++, len--;
	/* the document's own start first, then where the feed parsers start reading past what
	 * came before the XML (a PHP warning, served as text/html as PHP's output is); the
	 * Content-Type when neither says. A feed after such a warning that failed to parse was
	 * 'an HTML page in its place', titled with its channel's title. */
	if ((page = page_by_markup(d, len)) < 0 && (n = nw_xml_junk_len(d, len)) > 0)
		page = page_by_markup(d + n, len - n);
	if (page < 0)
		page = ct && (!strncasecmp(ct, "text/html", 9) || !strncasecmp(ct, "application/xhtml", 17));
	if (!page)
		return strdup("");
	if (!(head = strndup(d, len)))
		return NULL;
	if ((t = find_title(head, &n)))
		title = page_text(t, n < 4 * PAGE_TITLE_MAX ? n : 4 * PAGE_TITLE_MAX, ct, head);
	free(head);
	/* cut on a character's start, the "..." said after it (written into the title, it went
	 * up to 2 bytes past the end of one of 101 or 102 bytes) */
	if (title && (n = strlen(title)) > PAGE_TITLE_MAX) {
		title[nw_utf8_prefix(title, n, PAGE_TITLE_MAX)] = '\0';
		cut = 1;
	}
	if (title && *title) {
		size_t sz = strlen(title) + 64;
		if ((out = malloc(sz)))
			snprintf(out, sz, "; an HTML page in its place, titled '%s%s'", title, cut ? "..." : "");
	} else {
		out = strdup("; an HTML page in its place");
	}
	free(title);
	return out;
}
