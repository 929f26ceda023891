/* jsonfeed_parse.c — JSON Feed 1.0 and 1.1 (jsonfeed.org) bytes into a struct nw_doc with
 * jansson, shared by the jsonfeed and exec plugins (libnwfeeds). Bounded in size, nesting and
 * item count; a field of the wrong type is skipped, never trusted; invalid UTF-8 is repaired
 * with a warning. */
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE /* strdup under -std=c11 too */
#endif
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <libxml/HTMLparser.h>

#include "../../daemon/newswatch-plugin.h"
#include "jsonfeed_parse.h"

/* Feeds bigger than this are refused rather than parsed. */
#define JF_MAX_INPUT (64u << 20)
/* Nesting of arrays/objects accepted; a feed needs 4 (feed, items, item, authors/author). */
#define JF_MAX_DEPTH 64
/* Items kept per document; the rest are dropped with a warning. */
#define JF_MAX_ITEMS 10000
/* Authors and tags read per item. */
#define JF_MAX_AUTHORS 32
#define JF_MAX_TAGS 64
/* One text field is cut at this many bytes (before HTML-to-text). */
#define JF_MAX_FIELD (4u << 20)
#define JF_STR_(x) #x
#define JF_STR(x) JF_STR_(x)

/* ---- input checks ---- */

/* ---- fields ---- */

/* A string member, or NULL when absent, empty or not a string. */
static const char *str_of(const json_t *o, const char *key)
{
	const json_t *v = json_is_object(o) ? json_object_get(o, key) : NULL;
	const char *s = json_is_string(v) ? json_string_value(v) : NULL;

	return s && *s ? s : NULL;
}

static size_t capped_len(const char *s)
{
	size_t n = strnlen(s, JF_MAX_FIELD);

	/* never cut inside a UTF-8 sequence (the loop went back one byte only: a field cut in
	 * the middle of a character was then invalid, and lost whole) */
	if (n == JF_MAX_FIELD)
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	return n;
}

/* The value of the escape "\uXXXX" at s (before end), or -1. */
static long u_escape(const char *s, const char *end)
{
	long v = 0;

	if (end - s < 6 || s[0] != '\\' || s[1] != 'u')
		return -1;
	for (int i = 2; i < 6; i++) {
		int c = (unsigned char)s[i], d = c >= '0' && c <= '9' ? c - '0' : (c | 0x20) >= 'a' && (c | 0x20) <= 'f' ? (c | 0x20) - 'a' + 10 : -1;
		if (d < 0)
			return -1;
		v = v * 16 + d;
	}
	return v;
}

/* One pass over the input before jansson reads it, for what jansson would make of it:
 * - the deepest nesting of [ and { outside strings (*deep: past JF_MAX_DEPTH), checked
 *   before jansson builds, and later frees recursively, a tree from it;
 * - the lone UTF-16 surrogates of its strings, a high one (\uD83D) not followed by a low
 *   one or a low one alone, as a generator writes a text cut in the middle of an emoji:
 *   jansson refuses the whole document for one. Their count; with fix (data itself, or a
 *   copy of it), each is made \uFFFD there, as long, so that the positions of errors stay. */
static size_t json_scan(const char *data, size_t len, char *fix, int *deep)
{
	size_t n = 0;
	int in = 0, depth = 0;

	*deep = 0;
	for (size_t i = 0; i < len; i++) {
		long u, lo;
		if (!in) {
			if (data[i] == '"')
				in = 1;
			else if ((data[i] == '[' || data[i] == '{') && ++depth > JF_MAX_DEPTH)
				*deep = 1;
			else if (data[i] == ']' || data[i] == '}')
				depth--;
			continue;
		}
		if (data[i] == '"') {
			in = 0;
			continue;
		}
		if (data[i] != '\\')
			continue;
		if ((u = u_escape(data + i, data + len)) < 0) {
			i++; /* \" \\ \n...: the escaped character is not looked at */
			continue;
		}
		if (u >= 0xD800 && u <= 0xDBFF && (lo = u_escape(data + i + 6, data + len)) >= 0xDC00 && lo <= 0xDFFF) {
			i += 11; /* a pair */
			continue;
		}
		if (u >= 0xD800 && u <= 0xDFFF) {
			n++;
			if (fix)
				memcpy(fix + i, "\\uFFFD", 6);
		}
		i += 5;
	}
	return n;
}

/* A \u0000 in a string (JSON_ALLOW_NUL) made a space: the fields are read as C strings, and
 * a title "a\u0000b" was "a". */
static int nuls_to_spaces(json_t *v)
{
	const char *k;
	json_t *x;
	size_t i;

	if (json_is_string(v) && strlen(json_string_value(v)) != json_string_length(v)) {
		size_t n = json_string_length(v);
		char *c = malloc(n ? n : 1);
		int r;
		if (!c)
			return -1;
		memcpy(c, json_string_value(v), n);
		for (size_t j = 0; j < n; j++)
			if (!c[j])
				c[j] = ' ';
		r = json_string_setn(v, c, n);
		free(c);
		return r;
	}
	if (json_is_object(v))
		json_object_foreach(v, k, x)
			if (nuls_to_spaces(x))
				return -1;
	if (json_is_array(v))
		json_array_foreach(v, i, x)
			if (nuls_to_spaces(x))
				return -1;
	return 0;
}

/* The character reference or entity ("&#8217;", "&#x2019;", "&rsquo;") at s, ';' required:
 * its length, with the code point in *cp (numbers as HTML reads them: nw_html_codepoint);
 * 0 when s starts none (a bare '&' stays text). */
static size_t reference_at(const char *s, uint32_t *cp)
{
	size_t i = 1;

	if (s[1] == '#') {
		int hex = s[2] == 'x' || s[2] == 'X';
		uint32_t v = 0;
		size_t digits = 0;

		for (i = hex ? 3 : 2;; i++, digits++) {
			int d = s[i] >= '0' && s[i] <= '9' ? s[i] - '0'
				: hex && (s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'f' ? (s[i] | 0x20) - 'a' + 10
				: -1;

			if (d < 0)
				break;
			if (v <= 0x10FFFF)
				v = v * (hex ? 16 : 10) + (uint32_t)d;
		}
		if (!digits || s[i] != ';')
			return 0;
		*cp = nw_html_codepoint(v);
		return i + 1;
	} else {
		char name[33];
		uint32_t h;

		while (i <= 32 && (((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z') || (s[i] >= '0' && s[i] <= '9')))
			i++;
		if (i == 1 || s[i] != ';')
			return 0;
		memcpy(name, s + 1, i - 1);
		name[i - 1] = '\0';
		if (!(h = nw_html_entity(name))) /* HTML4's and HTML5's (&colon; &NewLine;) */
			return 0;
		*cp = h;
		return i + 1;
	}
}

/* s with character references and HTML's named entities decoded, and nothing else: a
 * plain-text member is not markup, so a '<' in it stays. NULL when out of memory. */
static char *decode_entities(const char *s, size_t len)
{
	struct nw_buf b = { 0 };
	const char *p = s, *end = s + len, *amp;

	nw_buf_add(&b, "", 0);
	while ((amp = memchr(p, '&', (size_t)(end - p)))) {
		uint32_t cp;
		size_t n = reference_at(amp, &cp);

		/* a reference cut by the field's cap is left as it is */
		if (n && amp + n > end)
			n = 0;
		nw_buf_add(&b, p, (size_t)(amp - p) + (n ? 0 : 1));
		if (n)
			nw_buf_add_utf8(&b, cp);
		p = amp + (n ? n : 1);
	}
	nw_buf_add(&b, p, (size_t)(end - p));
	return nw_buf_take(&b);
}

/* Plain-text members (title, summary, content_text): white space collapsed; NULL if empty. */
static char *plain(const char *s)
{
	char *t;

	if (!s)
		return NULL;
	t = nw_collapse_ws(s, capped_len(s));
	if (t && !*t) {
		free(t);
		t = NULL;
	}
	return t;
}

/* Title and summary are plain text, but publishers (WordPress's JSON Feed plugin among
 * them) write HTML's entities in them: "AT&amp;T&#8217;s". Decoded, then as plain(). */
static char *plain_decoded(const char *s)
{
	char *d, *t;

	if (!s)
		return NULL;
	d = decode_entities(s, capped_len(s));
	if (!d)
		return NULL;
	t = plain(d);
	free(d);
	return t;
}

static char *html_text(const char *s)
{
	char *t;

	if (!s)
		return NULL;
	t = nw_html_to_text(s, capped_len(s));
	if (t && !*t) {
		free(t);
		t = NULL;
	}
	return t;
}

/* An id may be published as a number although the spec says string: keep its text. */
static char *id_of(const json_t *item)
{
	const json_t *v = json_object_get(item, "id");
	char buf[64];

	if (json_is_string(v))
		return json_string_length(v) ? strndup(json_string_value(v), capped_len(json_string_value(v)))
					     : NULL;
	if (json_is_integer(v)) {
		snprintf(buf, sizeof(buf), "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		return strdup(buf);
	}
	if (json_is_real(v)) {
		snprintf(buf, sizeof(buf), "%.17g", json_real_value(v));
		return strdup(buf);
	}
	return NULL;
}

static int64_t date_of(const json_t *o, const char *key)
{
	const char *s = str_of(o, key);

	return s ? nw_date_parse(s) : NW_TIME_NONE;
}

/* Link members are resolved against base (the feed's URL). */
static char *url_of(const json_t *o, const char *key, const char *base)
{
	const char *s = str_of(o, key);
	char *t, *u;

	if (!s)
		return NULL;
	t = nw_collapse_ws(s, capped_len(s));
	if (!t || !*t) {
		free(t);
		return NULL;
	}
	u = nw_url_resolve(base, t);
	free(t);
	return u;
}

/* Author names: "authors" (1.1, an array of objects) or else "author" (1.0, one object),
 * joined with ", ". NULL when there is no name. */
static char *authors_of(const json_t *o)
{
	const json_t *a = json_object_get(o, "authors");
	size_t n = json_is_array(a) ? json_array_size(a) : 0, len = 0;
	char *out = NULL;

	if (!n) {
		/* 1.0's single author; 1.1 deprecates it but it still appears */
		a = json_object_get(o, "author");
		n = json_is_object(a) ? 1 : 0;
	}
	for (size_t i = 0; i < n && i < JF_MAX_AUTHORS; i++) {
		const json_t *au = json_is_array(a) ? json_array_get(a, i) : a;
		char *name = plain(str_of(au, "name")), *p;
		size_t nl;

		if (!name)
			continue;
		nl = strlen(name);
		p = realloc(out, len + nl + 3);
		if (!p) {
			free(name);
			break;
		}
		out = p;
		if (len) {
			memcpy(out + len, ", ", 2);
			len += 2;
		}
		memcpy(out + len, name, nl + 1);
		len += nl;
		free(name);
	}
	return out;
}

/* 0, or -ENOMEM. */
static int tags_of(const json_t *item, struct nw_strlist *l)
{
	const json_t *tags = json_object_get(item, "tags");
	size_t i;
	json_t *v;

	if (!json_is_array(tags))
		return 0;
	json_array_foreach(tags, i, v) {
		char *t;

		if (i >= JF_MAX_TAGS)
			break;
		t = plain(json_is_string(v) ? json_string_value(v) : NULL);
		if (!t)
			continue;
		if (nw_strlist_add(l, t)) {
			free(t);
			return -ENOMEM;
		}
		free(t);
	}
	return 0;
}

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

/* One item into it. 0, or -ENOMEM. */
static int read_item(const json_t *j, struct nw_item *it, const char *base,
		     const char *feed_author, const char *feed_lang)
{
	const char *html = str_of(j, "content_html"), *text = str_of(j, "content_text");

	it->id = id_of(j);
	it->title = plain_decoded(str_of(j, "title"));
	it->link = url_of(j, "url", base);
	if (!it->link)
		it->link = url_of(j, "external_url", base);
	it->content = html ? html_text(html) : NULL;
	if (!it->content)
		it->content = plain(text);
	it->summary = plain_decoded(str_of(j, "summary"));
	it->published = date_of(j, "date_published");
	it->updated = date_of(j, "date_modified");
	/* the spec: an item without authors has the feed's */
	it->author = authors_of(j);
	if (!it->author)
		it->author = dup_or_null(feed_author);
	it->language = plain(str_of(j, "language"));
	if (!it->language)
		it->language = dup_or_null(feed_lang);
	return tags_of(j, &it->categories);
}

static const char *version_format(const char *v)
{
	static const struct {
		const char *url, *format;
	} known[] = {
		{ "https://jsonfeed.org/version/1", "json1.0" },
		{ "http://jsonfeed.org/version/1", "json1.0" },
		{ "https://jsonfeed.org/version/1.0", "json1.0" },
		{ "https://jsonfeed.org/version/1.1", "json1.1" },
		{ "http://jsonfeed.org/version/1.1", "json1.1" },
	};
	size_t n;

	if (!v)
		return NULL;
	n = strlen(v);
	while (n && v[n - 1] == '/')
		n--;
	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (strlen(known[i].url) == n && !strncmp(v, known[i].url, n))
			return known[i].format;
	return NULL;
}

/* ---- the entry point ---- */

int nw_jsonfeed_parse(const struct nw_input *in, struct nw_doc *doc, char *err, size_t errlen)
{
	const char *data = in->data, *version, *feed_url;
	size_t len = in->len, i, nitems = 0;
	char *fixed = NULL, *base = NULL, *feed_author = NULL, *feed_lang = NULL;
	size_t n;
	int deep;
	char warning[256] = "";
	json_error_t jerr;
	json_t *root = NULL, *items, *v;
	int changed, rc = 0;

	if (!data || !len) {
		snprintf(err, errlen, "empty document");
		return -EINVAL;
	}
	if (len > JF_MAX_INPUT) {
		snprintf(err, errlen, "document too large (%zu bytes)", len);
		return -EFBIG;
	}
	if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3)) {
		data += 3;
		len -= 3;
	}
	if (len >= 2 && (data[0] == '\0' || data[1] == '\0')) {
		snprintf(err, errlen, "not JSON: UTF-16/32 is not supported, JSON Feed is UTF-8");
		return -EBADMSG;
	}
	fixed = nw_utf8_repair(data, len, &len, &changed);
	if (changed && !fixed) {
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	if (fixed) {
		data = fixed;
		snprintf(warning, sizeof(warning), "invalid UTF-8 replaced");
	}
	n = json_scan(data, len, NULL, &deep);
	if (deep) {
		rc = -EBADMSG;
		snprintf(err, errlen, "not a JSON Feed: nested deeper than %d levels", JF_MAX_DEPTH);
		goto out;
	}
	if (n) {
		if (!fixed && !(fixed = malloc(len ? len : 1))) {
			snprintf(err, errlen, "out of memory");
			return -ENOMEM;
		}
		if (data != fixed)
			memcpy(fixed, data, len);
		data = fixed;
		json_scan(data, len, fixed, &deep);
		if (!warning[0])
			snprintf(warning, sizeof(warning), "%zu lone UTF-16 surrogate escape%s replaced by U+FFFD", n,
				 n == 1 ? "" : "s");
	}
	/* JSON_ALLOW_NUL: a \u0000 inside a string is the feed's oddity, not a reason to lose it */
	/* no EOF check: junk after the feed object (a truncated footer, a second copy) is
	 * reported, not fatal */
	root = json_loadb(data, len, JSON_ALLOW_NUL | JSON_DISABLE_EOF_CHECK, &jerr);
	/* a number past 2^63 (an id such as 123456789012345678901234: jansson's "too big
	 * integer") is kept as the text it is, in quotes, and the document read again: it lost
	 * the whole feed. A handful at most: a feed of many such is read as far as that. */
	for (int big = 0; !root && big < 16 && strncmp(jerr.text, "too big ", 8) == 0; big++) {
		size_t end = (size_t)jerr.position, start = end;
		char *q;
		while (start > 0 && strchr("0123456789+-.eE", data[start - 1]))
			start--;
		if (start == end || end > len || !(q = malloc(len + 3)))
			break;
		memcpy(q, data, start);
		q[start] = '"';
		memcpy(q + start + 1, data + start, end - start);
		q[end + 1] = '"';
		memcpy(q + end + 2, data + end, len - end);
		free(fixed);
		data = fixed = q;
		len += 2;
		root = json_loadb(data, len, JSON_ALLOW_NUL | JSON_DISABLE_EOF_CHECK, &jerr);
	}
	if (root && nuls_to_spaces(root)) {
		rc = -ENOMEM;
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	if (!root) {
		rc = -EBADMSG;
		snprintf(err, errlen, "not JSON: line %d column %d: %s", jerr.line, jerr.column,
			 jerr.text);
		goto out;
	}
	for (size_t k = (size_t)jerr.position; k < len; k++)
		if (!strchr(" \t\r\n", data[k])) {
			if (!warning[0])
				snprintf(warning, sizeof(warning), "data after the JSON object ignored");
			break;
		}
	if (!json_is_object(root)) {
		rc = -EPROTO;
		snprintf(err, errlen, "not a JSON Feed (top level is not an object)");
		goto out;
	}
	version = str_of(root, "version");
	items = json_object_get(root, "items");
	doc->format = version_format(version);
	if (!doc->format) {
		/* without a version we know, a feed still has to look like one */
		if (!json_is_array(items) || (version && strstr(version, "jsonfeed.org") == NULL)) {
			rc = -EPROTO;
			snprintf(err, errlen, "not a JSON Feed (version %s%.80s%s)", version ? "\"" : "",
				 version ? version : "missing", version ? "\"" : "");
			goto out;
		}
		doc->format = "json";
		if (!warning[0])
			snprintf(warning, sizeof(warning), "unknown JSON Feed version %s%.80s%s",
				 version ? "\"" : "", version ? version : "(none)", version ? "\"" : "");
	}

	/* relative links: against where the feed came from, else where it says it lives */
	feed_url = str_of(root, "feed_url");
	if (in->url || feed_url) {
		base = in->url ? strdup(in->url) : nw_url_resolve(NULL, feed_url);
		if (!base)
			goto oom;
	}
	doc->title = plain_decoded(str_of(root, "title"));
	doc->description = plain(str_of(root, "description"));
	doc->language = plain(str_of(root, "language"));
	doc->link = url_of(root, "home_page_url", base);
	feed_author = authors_of(root);
	feed_lang = dup_or_null(doc->language);

	if (!json_is_array(items)) {
		if (items && !warning[0])
			snprintf(warning, sizeof(warning), "\"items\" is not an array");
		else if (!items && !warning[0])
			snprintf(warning, sizeof(warning), "no \"items\"");
		goto done;
	}
	json_array_foreach(items, i, v) {
		struct nw_item *it;

		if (!json_is_object(v))
			continue;
		if (nitems >= JF_MAX_ITEMS) {
			if (!warning[0])
				snprintf(warning, sizeof(warning),
					 "more than " JF_STR(JF_MAX_ITEMS) " items, the rest dropped");
			break;
		}
		it = nw_doc_add_item(doc);
		if (!it && doc->full)
			break; /* said by the caller (nw_doc_finish) */
		if (!it)
			goto oom;
		nitems++;
		if (read_item(v, it, base, feed_author, feed_lang))
			goto oom;
		if (!it->id && !it->link && !it->title && !it->content && !it->summary) {
			/* nothing that names or says anything: not an item */
			nw_item_free(it);
			doc->nitems--;
			nitems--;
		}
	}
done:
	if (warning[0]) {
		free(doc->warning);
		doc->warning = strdup(warning);
	}
	goto out;
oom:
	rc = -ENOMEM;
	snprintf(err, errlen, "out of memory");
out:
	json_decref(root);
	free(fixed);
	free(base);
	free(feed_author);
	free(feed_lang);
	return rc;
}
