/* url.c — canonical URLs for exact-duplicate detection (url.h): the same article reached
 * through tracking links, fragments, default ports or case variants of scheme and host
 * gets one string. A small bounded parser (RFC 3986 shapes) instead of xmlParseURI, which
 * rejects many URLs found in real feeds (raw spaces, non-ASCII) and re-escapes on output.
 * Also the form of a URL that messages show, its password hidden (nw_url_shown), and the
 * one links are resolved against, without it (nw_url_without_userinfo). */
#include "config.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "newswatch-plugin.h"
#include "url.h"

#define NW_URL_MAX 8192

/* Query parameters that only track the reader; compared case-insensitively. */
static const char *const tracking[] = {
	"fbclid", "gclid", "gclsrc", "dclid", "gbraid", "wbraid", "msclkid", "mc_cid", "mc_eid",
	"igshid", "_ga", "_gl", "yclid", "ref_src", "ref_url", "spm", "twclid", "ttclid",
	"li_fat_id", "_hsenc", "_hsmi", "mkt_tok", "oly_anon_id", "oly_enc_id", "vero_id",
	"rb_clickid", "wickedid", "__twitter_impression", "ocid", "ncid", "cmpid", "xtor",
	"smid", "at_medium", "at_campaign", "at_link", "at_format", "at_ptr_name", "at_bbc_team",
	NULL
};

/* ...and these only with a value that names a feed as where the reader came from
 * (ref=rss, from=rss): "source" or "from" may also choose what a page shows. */
static const char *const feed_ref[] = { "ref", "from", "source", "src", "via", "partner", NULL };
static const char *const feed_ref_value[] = { "rss", "rss2", "atom", "feed", "rssfeed", "rss_feed", NULL };

struct buf {
	char *s;
	size_t len, cap;
};

/* Capacity is fixed up front (see nw_url_canonical; grown once for a host mapped to
 * ASCII), so appends cannot overflow. */
static void put(struct buf *b, const char *s, size_t n)
{
	if (b->len + n >= b->cap)
		n = b->cap - b->len - 1;
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static void putc_(struct buf *b, char c)
{
	put(b, &c, 1);
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c |= 0x20;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

static int unreserved(int c)
{
	return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || c == '-' ||
	       c == '.' || c == '_' || c == '~';
}

/* Percent-encoding made canonical: escapes of unreserved characters decoded, hex digits
 * upper-cased, and bytes that may not appear raw escaped: controls, space, non-ASCII and
 * "<>\^`{|}[] (what doc.c's escape_for_uri escapes in a link it resolves, so that a
 * relative link meets the same link written absolute). Output is at most three times the
 * input. */
static void put_pct(struct buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '%' && i + 2 < n && hexval((unsigned char)s[i + 1]) >= 0 &&
		    hexval((unsigned char)s[i + 2]) >= 0) {
			int v = hexval((unsigned char)s[i + 1]) * 16 + hexval((unsigned char)s[i + 2]);
			if (unreserved(v)) {
				putc_(b, (char)v);
			} else {
				char e[3] = { '%', hex[v >> 4], hex[v & 15] };
				put(b, e, 3);
			}
			i += 2;
		} else if (c <= 0x20 || c >= 0x7f || c == '%' || strchr("\"<>\\^`{|}[]", c)) {
			/* a '%' that starts no escape too: kept raw, it could start one with
			 * the characters an escape after it decodes to ("%%41" -> "%A") */
			char e[3] = { '%', hex[c >> 4], hex[c & 15] };
			put(b, e, 3);
		} else {
			putc_(b, (char)c);
		}
	}
}

/* RFC 3986 §5.2.4 on an absolute path, in place. */
static void remove_dots(char *path)
{
	char *in = path, *out = path;

	while (*in) {
		if (!strncmp(in, "/./", 3)) {
			in += 2;
		} else if (!strcmp(in, "/.")) {
			in[1] = '\0';
		} else if (!strncmp(in, "/../", 4) || !strcmp(in, "/..")) {
			if (in[3] == '/')
				in += 3;
			else {
				in += 2;
				*in = '/';
			}
			/* drop the last output segment */
			while (out > path && *--out != '/')
				;
		} else {
			/* copy one segment: "/" and up to the next "/" */
			do
				*out++ = *in++;
			while (*in && *in != '/');
		}
	}
	*out = '\0';
}

static int one_of(const char *const *list, const char *s, size_t n)
{
	for (size_t i = 0; list[i]; i++)
		if (strlen(list[i]) == n && !strncasecmp(list[i], s, n))
			return 1;
	return 0;
}

/* param is "name=value" (or "name"), canonical: does it only track the reader? */
static int is_tracking(const char *param)
{
	size_t n = strcspn(param, "="), vn;
	const char *v = param + n + (param[n] == '=');

	if (n >= 4 && !strncasecmp(param, "utm_", 4))
		return 1;
	if (one_of(tracking, param, n))
		return 1;
	vn = strlen(v);
	/* a bare ?rss, or ?rss=1, marks the feed too */
	if (n == 3 && !strncasecmp(param, "rss", 3) && (!vn || (vn == 1 && *v == '1')))
		return 1;
	return one_of(feed_ref, param, n) && one_of(feed_ref_value, v, vn);
}

static int default_port(const char *scheme, const char *port, size_t n)
{
	static const struct { const char *scheme, *port; } d[] = {
		{ "http", "80" }, { "https", "443" }, { "ws", "80" }, { "wss", "443" },
		{ "ftp", "21" }, { NULL, NULL }
	};
	size_t i;

	for (i = 0; d[i].scheme; i++)
		if (!strcmp(scheme, d[i].scheme) && strlen(d[i].port) == n &&
		    !memcmp(d[i].port, port, n))
			return 1;
	return 0;
}

char *nw_url_canonical(const char *url)
{
	struct buf b = { 0 };
	char *u = NULL, *path = NULL, *idn = NULL, scheme[32];
	size_t len, i, j, n, slen;
	const char *p, *auth, *aend, *host, *hend, *port = NULL, *q, *qend;

	if (!url)
		return NULL;
	len = strnlen(url, NW_URL_MAX + 1);
	if (len > NW_URL_MAX)
		return NULL;
	/* trim C0 controls and space at both ends; drop tab and newlines anywhere */
	while (len && (unsigned char)url[0] <= 0x20) {
		url++;
		len--;
	}
	while (len && (unsigned char)url[len - 1] <= 0x20)
		len--;
	u = malloc(len + 1);
	if (!u)
		return NULL;
	for (i = j = 0; i < len; i++)
		if (url[i] != '\t' && url[i] != '\n' && url[i] != '\r')
			u[j++] = url[i];
	u[j] = '\0';
	len = j;

	/* scheme */
	for (i = 0; i < len && i < sizeof(scheme) - 1; i++) {
		char c = u[i];
		if (((c | 0x20) >= 'a' && (c | 0x20) <= 'z') ||
		    (i && ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.')))
			scheme[i] = (char)(c >= 'A' && c <= 'Z' ? c | 0x20 : c);
		else
			break;
	}
	if (!i || i >= len || u[i] != ':')
		goto fail;
	slen = i;
	scheme[slen] = '\0';
	p = u + slen + 1;

	b.cap = len * 3 + 8;
	b.s = malloc(b.cap);
	if (!b.s)
		goto fail;
	b.s[0] = '\0';
	put(&b, scheme, slen);
	putc_(&b, ':');

	if (strncmp(p, "//", 2)) {
		/* no authority: mailto:, urn:, data: ... — only the fragment goes */
		n = strcspn(p, "#");
		if (!strcmp(scheme, "http") || !strcmp(scheme, "https") || !n)
			goto fail;
		put_pct(&b, p, n);
		if (b.len > NW_URL_MAX) /* see below */
			goto fail;
		free(u);
		return b.s;
	}
	auth = p + 2;
	aend = auth + strcspn(auth, "/?#");
	put(&b, "//", 2);

	/* userinfo is kept as written */
	host = auth;
	for (p = auth; p < aend; p++)
		if (*p == '@')
			host = p + 1;
	if (host > auth)
		put(&b, auth, (size_t)(host - auth));
	if (*host == '[') {
		hend = memchr(host, ']', (size_t)(aend - host));
		if (!hend)
			goto fail;
		hend++;
		if (hend < aend && *hend != ':')
			goto fail;
	} else {
		hend = memchr(host, ':', (size_t)(aend - host));
		if (!hend)
			hend = aend;
	}
	if (hend < aend)
		port = hend + 1;
	n = (size_t)(hend - host);
	if (*host != '[' && (idn = nw_host_ascii(host, n))) {
		/* its ASCII form may be longer than three times the host as written (U+3300,
		 * 3 bytes, is xn--cckzd0a3n): room for it, or the key lost its end */
		char *grown = realloc(b.s, b.cap + strlen(idn));
		if (!grown)
			goto fail;
		b.s = grown;
		b.cap += strlen(idn);
		host = idn;
		n = strlen(idn);
	}
	while (n && host[n - 1] == '.' && *host != '[') /* "example.com." (or "..") is example.com */
		n--;
	if (!n && (!strcmp(scheme, "http") || !strcmp(scheme, "https")))
		goto fail;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)host[i];
		if (c <= 0x20 || c == 0x7f || c == '<' || c == '>' || c == '"' || c == '\\')
			goto fail;
		putc_(&b, (char)(c >= 'A' && c <= 'Z' ? c | 0x20 : c));
	}
	free(idn);
	idn = NULL;
	if (port) {
		size_t pn = (size_t)(aend - port);
		while (pn > 1 && *port == '0') { /* ":0080" is port 80 */
			port++;
			pn--;
		}
		if (pn > 5)
			goto fail;
		for (i = 0; i < pn; i++)
			if (port[i] < '0' || port[i] > '9')
				goto fail;
		if (pn && atoi(port) > 65535)
			goto fail;
		if (pn && !default_port(scheme, port, pn)) {
			putc_(&b, ':');
			put(&b, port, pn);
		}
	}

	/* path: percent-encoding made canonical, then dot segments removed */
	p = aend;
	n = strcspn(p, "?#");
	{
		struct buf pb = { .cap = n * 3 + 2 };
		pb.s = path = malloc(pb.cap);
		if (!path)
			goto fail;
		path[0] = '\0';
		if (!n || *p != '/')
			putc_(&pb, '/');
		put_pct(&pb, p, n);
		remove_dots(path);
		put(&b, path, strlen(path));
	}
	p += n;

	/* query: tracking parameters out, the others kept in order */
	if (*p == '?') {
		size_t mark = b.len;
		int any = 0;
		q = p + 1;
		qend = q + strcspn(q, "#");
		putc_(&b, '?');
		while (q < qend) {
			const char *amp = memchr(q, '&', (size_t)(qend - q));
			const char *e = amp ? amp : qend;
			if (e > q) {
				/* the name is judged once canonical: "utm%5Fsource" is utm_source
				 * (decoding never makes a '=', '&' or '#') */
				size_t start = b.len, name;
				if (any)
					putc_(&b, '&');
				name = b.len;
				put_pct(&b, q, (size_t)(e - q));
				/* "&amp;" between two parameters is '&' written as XML a second
				 * time (href="?a=1&amp;amp;b=2" in a feed): amp;b is b */
				while (q > p + 1 && !strncasecmp(b.s + name, "amp;", 4)) {
					memmove(b.s + name, b.s + name + 4, b.len - name - 3);
					b.len -= 4;
				}
				if (b.len == name || is_tracking(b.s + name)) {
					b.len = start;
					b.s[start] = '\0';
				} else {
					any = 1;
				}
			}
			q = amp ? amp + 1 : qend;
		}
		if (!any) {
			b.len = mark;
			b.s[mark] = '\0';
		}
	}
	/* a key no longer than a URL may be: its escapes can make one of 8 KiB three times as
	 * long, which canonicalised again was no URL (too long), and the key no fixed point */
	if (b.len > NW_URL_MAX)
		goto fail;
	free(path);
	free(u);
	return b.s;
fail:
	free(idn);
	free(path);
	free(b.s);
	free(u);
	return NULL;
}

/* The userinfo of url: [*auth, *at) with *at the '@'; 0 when it has none. */
static int userinfo(const char *url, const char **auth, const char **at)
{
	const char *aend;

	*at = NULL;
	if (!url || !(*auth = strstr(url, "://")) || *auth != url + strcspn(url, ":/?#"))
		return 0;
	*auth += 3;
	aend = *auth + strcspn(*auth, "/?#");
	/* a password may hold a raw ? or # (no URL parser reads it then, but the address is
	 * still shown, in an old store's row or parse's error): when a ':' comes before it, the
	 * userinfo is looked for up to the path ("https://host?src=a@b" has none) */
	if (!memchr(*auth, '@', (size_t)(aend - *auth)) && *aend && *aend != '/' &&
	    memchr(*auth, ':', (size_t)(aend - *auth)))
		aend = *auth + strcspn(*auth, "/");
	for (const char *p = *auth; p < aend; p++) /* the last '@': a password may hold one raw */
		if (*p == '@')
			*at = p;
	return *at != NULL;
}

/* Parameters whose value is a credential, compared case-insensitively: shown as ***.
 * Besides these, any name ending in token, secret, signature, credential or password in any
 * case (X-Amz-Security-Token, client_secret, accessToken, clientSecret, X-Goog-Signature),
 * in a session id's session, session_id, session-id, sessionid or sessid (a servlet's
 * jsessionid, PHP's PHPSESSID: whoever has it is logged in), or in _key, -key, or Key
 * after a small letter (x-api-key, apiKey; not "monkey"). */
static const char *const secret_params[] = {
	"token", "access_token", "api_key", "apikey", "api-key", "key", "auth", "authorization",
	"secret", "sig", "signature", "password", "passwd", "pass", "pwd", "private_token",
	"session", "sessionid", "x-amz-signature", "x-amz-credential", NULL
};

static int secret_param(const char *name, size_t n)
{
	static const char *const ends[] = { "token", "secret", "signature", "credential", "password", "_key", "-key",
					    "session", "session_id", "session-id", "sessionid", "sessid", NULL };

	for (size_t i = 0; secret_params[i]; i++)
		if (strlen(secret_params[i]) == n && !strncasecmp(name, secret_params[i], n))
			return 1;
	for (size_t i = 0; ends[i]; i++) {
		size_t e = strlen(ends[i]);
		if (n >= e && !strncasecmp(name + n - e, ends[i], e))
			return 1;
	}
	return n > 3 && !strncmp(name + n - 3, "Key", 3) && islower((unsigned char)name[n - 4]);
}

/* The name of a parameter as a server reads it, its percent-escapes decoded (%74oken is
 * token, api%5Fkey is api_key), written to dec (n bytes at least); its length */
static size_t name_decoded(const char *p, size_t n, char *dec)
{
	size_t d = 0;

	for (size_t i = 0; i < n; i++) {
		if (p[i] == '%' && i + 2 < n && hexval((unsigned char)p[i + 1]) >= 0 &&
		    hexval((unsigned char)p[i + 2]) >= 0) {
			dec[d++] = (char)(hexval((unsigned char)p[i + 1]) * 16 + hexval((unsigned char)p[i + 2]));
			i += 2;
		} else {
			dec[d++] = p[i];
		}
	}
	return d;
}

/* Whether p (before end) is %XX for one of the characters in set. */
static int escaped(const char *p, const char *end, const char *set)
{
	int c;

	if (end - p < 3 || *p != '%' || hexval((unsigned char)p[1]) < 0 || hexval((unsigned char)p[2]) < 0)
		return 0;
	c = hexval((unsigned char)p[1]) * 16 + hexval((unsigned char)p[2]);
	return c && strchr(set, c) != NULL;
}

/* A value from v to end copied to *o, the parameters of an address percent-encoded in it
 * (?url=https%3A%2F%2Fapi.example%2Ff%3Ftoken%3Dabc, as a feed proxy or bridge takes one)
 * read as the query's are, their '?', '&', ';', '#' and '=' escaped. */
static void value_masked(const char *v, const char *end, char **o, char *dec)
{
	while (v < end) {
		const char *sep = v, *eq;

		while (sep < end && !escaped(sep, end, "?&;#"))
			sep++;
		for (eq = v; eq < sep && !escaped(eq, sep, "="); eq++)
			;
		if (eq + 3 < sep && secret_param(dec, name_decoded(v, (size_t)(eq - v), dec))) {
			memcpy(*o, v, (size_t)(eq + 3 - v));
			*o += eq + 3 - v;
			memcpy(*o, "***", 3);
			*o += 3;
		} else {
			memcpy(*o, v, (size_t)(sep - v));
			*o += sep - v;
		}
		if (sep < end) {
			memcpy(*o, sep, 3);
			*o += 3;
			sep += 3;
		}
		v = sep;
	}
}

/* One parameter at p, up to the first of stops, copied to *o, its value as *** when its
 * name is a secret's (name_decoded into dec); where it ends. In a query, a ';' or '?' ends
 * a secret's value only before another name=value ("k1;apikey=k2"): in "token=abc;def",
 * which servers read as one value, "def" is the secret. */
static const char *param_masked(const char *p, const char *stops, int in_query, char **o, char *dec)
{
	const char *amp = p + strcspn(p, stops), *eq = memchr(p, '=', (size_t)(amp - p));

	if (eq && eq + 1 < amp && secret_param(dec, name_decoded(p, (size_t)(eq - p), dec))) {
		while (in_query && (*amp == ';' || *amp == '?')) {
			const char *next = amp + 1 + strcspn(amp + 1, "&;?#=");
			if (*next == '=' && next > amp + 1)
				break;
			amp = next;
		}
		memcpy(*o, p, (size_t)(eq + 1 - p));
		*o += eq + 1 - p;
		memcpy(*o, "***", 3);
		*o += 3;
	} else if (eq) {
		memcpy(*o, p, (size_t)(eq + 1 - p));
		*o += eq + 1 - p;
		value_masked(eq + 1, amp, o, dec);
	} else {
		memcpy(*o, p, (size_t)(amp - p));
		*o += amp - p;
	}
	return amp;
}

/* full with the values of its secret parameters (secret_param) replaced with ***: in its
 * path (a servlet's ;jsessionid=), its query and its fragment (an OAuth implicit grant's
 * #access_token=..., a web app's #/feed?token=...); malloc'd; full itself when it has none
 * to hide, NULL when out of memory. A '?' inside a value is read as the start of a nested
 * query (?next=/f?token=x, ?a=b?token=x): the server takes what follows it for the value,
 * which holds a credential all the same. */
static char *query_masked(char *full)
{
	const char *auth = strstr(full, "://");
	char *path = auth ? (char *)auth + 3 + strcspn(auth + 3, "/?#") : full;
	char *q = path + strcspn(path, "?#"), *semi = memchr(path, ';', (size_t)(q - path)), *out, *o, *dec;
	const char *p, *end;
	size_t n;

	if (!*q && !semi)
		return full;
	n = strlen(full);
	end = full + n;
	out = malloc(2 * n + 4); /* "k=v" grows by 2 at most: k=*** */
	dec = malloc(n + 1);
	if (!out || !dec) {
		free(out);
		free(dec);
		free(full);
		return NULL;
	}
	p = semi ? semi : q;
	memcpy(out, full, (size_t)(p - full));
	o = out + (p - full);
	while (p < q) { /* at a ';' of the path */
		const char *next;

		*o++ = *p++;
		p = param_masked(p, ";/?#", 0, &o, dec);
		next = p + strcspn(p, ";?#"); /* the path's next parameter */
		memcpy(o, p, (size_t)(next - p));
		o += next - p;
		p = next;
	}
	if (p < end) /* the '?' or '#' */
		*o++ = *p++;
	while (p < end) {
		p = param_masked(p, "&;?#", 1, &o, dec);
		if (p < end) /* the '&', ';', '?' or '#' */
			*o++ = *p++;
	}
	*o = '\0';
	free(dec);
	free(full);
	return out;
}

/* An address longer than this is shown cut in its middle, so that a message about it
 * still says what happened (a 60,000-byte query took all of it) */
#define SHOWN_MAX 240

static const char *shown(const char *url, char *buf, size_t len, int cut)
{
	const char *auth, *at, *colon;
	char *full = NULL;
	size_t n;
	int r;

	if (!len)
		return buf;
	if (!userinfo(url, &auth, &at)) {
		r = asprintf(&full, "%s", url ? url : "");
	} else {
		colon = memchr(auth, ':', (size_t)(at - auth));
		n = colon ? (size_t)(colon + 1 - auth) : 0; /* the user name is kept, not a bare token */
		r = asprintf(&full, "%.*s%.*s***%s", (int)(auth - url), url, (int)n, auth, at);
	}
	if (r < 0 || !(full = query_masked(full))) {
		*buf = '\0';
		return buf;
	}
	if ((n = strlen(full)) > SHOWN_MAX && cut) {
		size_t head = SHOWN_MAX - 60, tail = 40;
		while (head && ((unsigned char)full[head] & 0xC0) == 0x80) /* whole characters */
			head--;
		while (tail < n && ((unsigned char)full[n - tail] & 0xC0) == 0x80)
			tail++;
		snprintf(buf, len, "%.*s\u2026%s", (int)head, full, full + n - tail);
	} else {
		snprintf(buf, len, "%s", full);
	}
	free(full);
	return buf;
}

const char *nw_url_shown(const char *url, char *buf, size_t len)
{
	return shown(url, buf, len, 1);
}

const char *nw_url_shown_whole(const char *url, char *buf, size_t len)
{
	return shown(url, buf, len, 0);
}

char *nw_url_without_userinfo(const char *url)
{
	const char *auth, *at;
	char *out;

	if (!userinfo(url, &auth, &at))
		return url ? strdup(url) : NULL;
	if (asprintf(&out, "%.*s%s", (int)(auth - url), url, at + 1) < 0)
		return NULL;
	return out;
}

void nw_url_host(const char *url, char *buf, size_t len)
{
	const char *p = strstr(url, "://"), *e;
	size_t n = 0;

	p = p ? p + 3 : url;
	if ((e = strchr(p, '@')) && e < p + strcspn(p, "/"))
		p = e + 1; /* user:password@ */
	for (e = p; *e && *e != '/' && (*e != ':' || *p == '[') && *e != '?' && *e != '#' && n + 1 < len; e++) {
		buf[n++] = (char)(*e >= 'A' && *e <= 'Z' ? *e + 32 : *e);
		if (*e == ']') /* an IPv6 literal, [::1]: its colons are not the port's */
			break;
	}
	buf[n] = '\0';
}
