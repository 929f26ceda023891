/* notify_webhook — alerts POSTed to a web hook: newswatch's own JSON (SPEC §6, signed with
 * HMAC-SHA256 when a secret is set) or the payload a chat service documents for its incoming
 * hooks: Slack, Discord, ntfy, Mattermost, Telegram's Bot API. The plugin only shapes the
 * request; the daemon sends it on its loop and judges the answer (see newswatch-plugin.h:
 * 2xx delivered; a refusal of this message, such as 400 or 422, failed with the reply logged;
 * anything else retried, Retry-After honoured). */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* memrchr, explicit_bzero */
#endif
#include <ctype.h>
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <jansson.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include "newswatch-plugin.h"

enum { F_JSON, F_SLACK, F_DISCORD, F_NTFY, F_MATTERMOST, F_TELEGRAM };
static const char *const formats[] = { "json", "slack", "discord", "ntfy", "mattermost", "telegram", NULL };

struct hook_ctx {
	char *url;
	int format;
	char *secret;  /* secret_file's content */
	char *token;   /* token_file's content */
	char *ca_file;
	char *chat_id;
	char *username;
	struct nw_kvlist headers;
	int64_t timeout;
};

static const struct nw_option hook_options[] = {
	{ "url", NW_OPT_STRING, NULL, 0, 0, NULL, offsetof(struct hook_ctx, url), NW_OPT_REQUIRED | NW_OPT_INIT_CHECKS,
	  "Where alerts are POSTed (http:// or https://); for telegram the Bot API address (https://api.telegram.org)." },
	{ "format", NW_OPT_ENUM, "json", 0, 0, formats, offsetof(struct hook_ctx, format), 0,
	  "Payload: json (newswatch's own: newswatch.conf(5), PAYLOAD), or a service's incoming-hook format." },
	{ "secret_file", NW_OPT_SECRET_FILE, NULL, 0, 0, NULL, offsetof(struct hook_ctx, secret), 0,
	  "File holding the key of the X-Newswatch-Signature header: sha256=HMAC-SHA256 of the body, in hex." },
	{ "token_file", NW_OPT_SECRET_FILE, NULL, 0, 0, NULL, offsetof(struct hook_ctx, token), 0,
	  "File holding a token: sent as Authorization: Bearer (ntfy and others); telegram: the bot token." },
	{ "ca_file", NW_OPT_STRING, NULL, 0, 0, NULL, offsetof(struct hook_ctx, ca_file), 0,
	  "PEM file of the CA that signed the receiver's certificate (a private CA), instead of the system's; an absolute path." },
	{ "chat_id", NW_OPT_STRING, NULL, 0, 0, NULL, offsetof(struct hook_ctx, chat_id), 0,
	  "telegram: the chat the bot posts to." },
	{ "username", NW_OPT_STRING, "newswatch", 0, 0, NULL, offsetof(struct hook_ctx, username), 0,
	  "slack, discord, mattermost: the name the message is posted under." },
	{ "header.", NW_OPT_KEYED, NULL, 0, 0, NULL, offsetof(struct hook_ctx, headers), 0,
	  "header.NAME = value: an extra request header (secrets belong in token_file, not here)." },
	{ "timeout", NW_OPT_DURATION, "0", 0, 3600000, NULL, offsetof(struct hook_ctx, timeout), 0,
	  "How long one attempt may take (0: the daemon's timeout)." },
	{ NULL, 0, NULL, 0, 0, NULL, 0, 0, NULL },
};

/* ntfy: JSON publishing goes to the server's root with the topic inside. 0, -EINVAL when the
 * url names no topic, -ENOMEM. */
static int ntfy_split(const char *url, char **root, char **topic)
{
	const char *p = strstr(url, "://"), *slash, *end;

	p = p ? p + 3 : url;
	slash = strchr(p, '/');
	if (!slash)
		return -EINVAL;
	end = url + strlen(url);
	while (end > slash + 1 && end[-1] == '/')
		end--;
	{
		const char *last = end;
		while (last > slash && last[-1] != '/')
			last--;
		if (last == end)
			return -EINVAL;
		*topic = strndup(last, (size_t)(end - last));
		*root = strndup(url, (size_t)(last - url));
	}
	return *topic && *root ? 0 : -ENOMEM;
}

/* err: one more mistake after those already in it ("; " between): every mistake of a
 * channel is said at once, not one per --check-config. */
static void add_err(char *err, size_t errlen, const char *one)
{
	size_t o = strlen(err);

	if (o + 2 < errlen)
		snprintf(err + o, errlen - o, "%s%s", o ? "; " : "", one);
}

static int hook_init(void *ctx, char *err, size_t errlen)
{
	struct hook_ctx *c = ctx;
	char one[256];
	int bad = 0;

	if (errlen)
		err[0] = '\0';
	/* url may be missing (NW_OPT_INIT_CHECKS): said here with the rest */
	if (!c->url)
		bad++, add_err(err, errlen, "url: required (http:// or https://)");
	else if (strncasecmp(c->url, "http://", 7) != 0 && strncasecmp(c->url, "https://", 8) != 0)
		bad++, add_err(err, errlen, "url must be http:// or https://");
	if (c->format == F_TELEGRAM && (!c->token || !c->chat_id))
		bad++, add_err(err, errlen, "format telegram needs token_file (the bot token) and chat_id");
	if (c->format == F_NTFY && c->url) { /* checked here: at send time every alert of the channel would fail */
		char *root = NULL, *topic = NULL;
		int r;
		if (strpbrk(c->url, "?#")) { /* JSON publishing posts to the root: a query would be lost */
			bad++, add_err(err, errlen, "url takes no ?query with format ntfy (for ntfy's ?auth=, give its access "
						   "token with token_file)");
		} else {
			r = ntfy_split(c->url, &root, &topic);
			free(root);
			free(topic);
			if (r == -ENOMEM) {
				snprintf(err, errlen, "out of memory");
				return -1;
			}
			if (r != 0)
				bad++, add_err(err, errlen, "url must name the topic with format ntfy (https://ntfy.sh/TOPIC)");
		}
	}
	for (size_t i = 0; i < c->headers.n; i++) {
		const char *k = c->headers.v[i].key, *v = c->headers.v[i].value;
		if (!*k || strpbrk(k, ": \t\r\n") || strpbrk(v, "\r\n")) {
			snprintf(one, sizeof one, "line %d: header.%.64s is not a valid header", c->headers.v[i].line, k);
			bad++, add_err(err, errlen, one);
		}
	}
	return bad ? -1 : 0;
}

/* ---- text helpers ---- */

static char *clip(const char *s, size_t max)
{
	return nw_utf8_clip(s, max, 0);
}

/* Feed text in Markdown (Mattermost): brackets and emphasis characters escaped, and each '@'
 * followed by a WORD JOINER (U+2060, invisible, no line break): Mattermost notifies whoever
 * a word of a post names (@channel, @all, @here, @user), even from an incoming webhook, and
 * its words end at any character but letters, digits and . - _ : @, so "@<U+2060>channel"
 * names no one (a backslash would not do: mentions are read from the unescaped text) */
static int put_md(char **buf, size_t *len, const char *s)
{
	for (; s && *s; s++)
		if (strchr("[]()*_`~\\|", *s) ? nw_buf_printf(buf, len, "\\%c", *s)
		    : *s == '@'               ? nw_buf_printf(buf, len, "@\xe2\x81\xa0")
					      : nw_buf_printf(buf, len, "%c", *s))
			return -1;
	return 0;
}

/* The host of an absolute link when it is written in Unicode or percent-escaped
 * (https://한국.kr/, https://%ED%95%9C%EA%B5%AD.kr/): *at and *n say where it is, and the
 * ASCII form a browser asks DNS for (xn--3e0b707e.kr; nw_host_ascii, as the dedup key
 * maps hosts) is returned, malloc'd. NULL for a host in ASCII already, an IPv6 literal, or one
 * libidn2 cannot map (then escaped as the rest is). */
static char *link_host_ascii(const char *s, const char **at, size_t *n)
{
	const char *p = s ? strstr(s, "://") : NULL, *h, *at_sign;
	size_t alen, hn;
	char *out;

	if (!p || strcspn(s, ":/?#") != (size_t)(p - s))
		return NULL;
	p += 3;
	alen = strcspn(p, "/?#");
	h = (at_sign = memrchr(p, '@', alen)) ? at_sign + 1 : p;
	if (*h == '[')
		return NULL;
	hn = strcspn(h, ":/?#");
	if (!(out = nw_host_ascii(h, hn)))
		return NULL;
	*at = h;
	*n = hn;
	return out;
}

/* A link as a URI: what RFC 3986 has no place for (spaces, " < > \\ ^ ` { | }, controls,
 * and the bytes of UTF-8) percent-encoded, and also what the caller names in extra; a host in
 * Unicode in its ASCII form. A feed's link may hold any of them ("/a b", "?q=a|b", "/오픈AI",
 * "https://한국.kr/"): Discord refuses an embed whose url is not "well formed", failing the
 * whole message for good, Slack's <url|text> ends at the first | or > of it, and a host
 * percent-escaped byte by byte is no host name to a validator. */
static int put_url(char **buf, size_t *len, const char *s, const char *extra)
{
	const char *host = NULL;
	size_t hn = 0;
	char *ascii = link_host_ascii(s, &host, &hn);

	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (ascii && s == host) {
			if (nw_buf_printf(buf, len, "%s", ascii))
				goto fail;
			s += hn - 1;
			continue;
		}
		if (c <= 0x20 || c >= 0x7f || strchr("\"<>\\^`{|}", c) || strchr(extra, c) ? nw_buf_printf(buf, len, "%%%02X", c)
											    : nw_buf_printf(buf, len, "%c", c))
			goto fail;
	}
	free(ascii);
	return 0;
fail:
	free(ascii);
	return -1;
}

/* Does url's host have a dot inside it, or is it an IPv6 literal? Discord takes a host
 * without one (an intranet's or a container's name, localhost) for a url that is not well
 * formed and refuses the whole message. */
static int dotted_host(const char *url)
{
	const char *p = strstr(url, "://"), *h, *at, *dot;
	size_t alen, hn;

	if (!p)
		return 0;
	p += 3;
	alen = strcspn(p, "/?#");
	h = (at = memrchr(p, '@', alen)) ? at + 1 : p;
	if (*h == '[')
		return 1;
	hn = strcspn(h, ":/?#");
	while (hn && h[hn - 1] == '.') /* the root's dot of "example." */
		hn--;
	dot = memchr(h, '.', hn);
	return dot && dot > h;
}

/* A link target in Markdown: the characters that would end or break it percent-encoded. */
static int put_md_url(char **buf, size_t *len, const char *s)
{
	return put_url(buf, len, s, "()");
}

static size_t telegram_units(const char *s, size_t n, size_t *tags);

/* "\n" and s as HTML text, in at most room characters as Telegram counts them
 * (telegram_units): cut between characters, never inside an entity, with an ellipsis. */
static int put_html_clipped(char **buf, size_t *len, const char *s, size_t room)
{
	char *e = NULL;
	size_t n = 0;

	if (room < 8)
		return 0;
	if (nw_buf_printf(&e, &n, "\n") || nw_buf_put_html(&e, &n, s && *s ? s : "(untitled)", 1)) {
		free(e);
		return -1;
	}
	if (telegram_units(e, n, NULL) > room) {
		size_t cut = 0, used = 0;
		/* whole characters and entities, in room less the ellipsis's one */
		for (size_t i = 0; i < n; cut = i) {
			unsigned char ch = (unsigned char)e[i];
			size_t step = ch >= 0xF0 ? 4 : ch >= 0xE0 ? 3 : ch >= 0xC0 ? 2 : 1, w = ch >= 0xF0 ? 2 : 1;
			if (ch == '&') {
				const char *semi = memchr(e + i, ';', n - i);
				step = semi ? (size_t)(semi - (e + i)) + 1 : n - i;
			}
			if (used + w > room - 1 || i + step > n)
				break;
			used += w;
			i += step;
		}
		n = cut;
	}
	if (nw_buf_printf(buf, len, "%.*s%s", (int)n, e, n < strlen(e) ? "\xe2\x80\xa6" : "")) {
		free(e);
		return -1;
	}
	free(e);
	return 0;
}

static size_t alerts_of(const struct nw_alert *a, const struct nw_alert **v)
{
	if (a->nitems) {
		*v = a->items;
		return a->nitems;
	}
	*v = a;
	return 1;
}

static const char *heading(const struct nw_alert *a, char *buf, size_t len)
{
	if (a->nitems)
		nw_snprintf_utf8(buf, len, "newswatch digest: %zu alert%s%s%s", a->nitems, a->nitems == 1 ? "" : "s",
				 a->story ? " in " : "", a->story ? a->story : "");
	else
		nw_snprintf_utf8(buf, len, "%s in %s", nw_alert_kind_label(a->kind), a->story ? a->story : "?");
	return buf;
}

/* ---- formats ----
 * Each returns the body, and in *held how many alerts of a digest it shows (0: all). */

/* Characters (code points) in s. */
/* A digest in a message of limited text: its alerts are added whole while the text stays
 * within max (characters, or bytes), never cut in the middle; the first is always kept (and
 * cut, if it alone is too long). The plugin says how many it holds (nw_send.held) and the
 * daemon sends the others in the next message, so none is marked sent without being shown. */
/* How a message's length is counted: in characters of its text, in bytes, or as Telegram
 * counts a message sent with parse_mode HTML (the text its tags leave, in UTF-16 units). */
enum { FIT_CHARS, FIT_BYTES, FIT_TELEGRAM };

struct fit {
	size_t max, used, held;
	int unit;
	size_t max_tags, tags; /* FIT_TELEGRAM: formatting entities (opening tags) */
};

/* The length Telegram gives s[0..n) of HTML as nw_buf_put_html writes it: a tag counts
 * nothing, an entity (&amp;) one, a character outside the BMP two (UTF-16), another one.
 * *tags, when given, gets the number of opening tags, each of which is one of Telegram's
 * message entities. */
static size_t telegram_units(const char *s, size_t n, size_t *tags)
{
	size_t u = 0, t = 0;

	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];
		if (ch == '<') {
			if (i + 1 < n && s[i + 1] != '/')
				t++;
			while (i < n && s[i] != '>')
				i++;
		} else if (ch == '&') {
			while (i < n && s[i] != ';')
				i++;
			u++;
		} else if ((ch & 0xC0) != 0x80) {
			u += ch >= 0xF0 ? 2 : 1;
		}
	}
	if (tags)
		*tags = t;
	return u;
}

/* After alert i's text was added at text[mark..*len]: 1 if it stays, 0 if it did not fit
 * and was taken off again (the digest ends there). */
static int fit_keep(struct fit *f, char *text, size_t *len, size_t mark, size_t i)
{
	size_t add, tags = 0;

	switch (f->unit) {
	case FIT_BYTES: add = *len - mark; break;
	case FIT_TELEGRAM: add = telegram_units(text + mark, *len - mark, &tags); break;
	default: add = nw_utf8_chars(text + mark); break;
	}
	if (i > 0 && (f->used + add > f->max || (f->max_tags && f->tags + tags > f->max_tags))) {
		text[mark] = '\0';
		*len = mark;
		return 0;
	}
	f->used += add;
	f->tags += tags;
	f->held++;
	return 1;
}

static char *body_slack(const struct hook_ctx *c, const struct nw_alert *a, size_t *held)
{
	const struct nw_alert *v;
	size_t n = alerts_of(a, &v), len = 0;
	char *text = NULL, head[256], *out, *clipped;
	struct fit fit = { .max = 2990 }; /* a section's text holds 3000 characters */
	json_t *o, *blocks;

	if (nw_buf_printf(&text, &len, "*%s*", heading(a, head, sizeof head)))
		return NULL;
	fit.used = nw_utf8_chars(text);
	for (size_t i = 0; i < n; i++) {
		/* a title of its own length at most, so that the cut of the whole (clip, below)
		 * comes after the link's markup is closed, not inside it */
		char facts[512], *link = NULL, *title = clip(v[i].title ? v[i].title : "(untitled)", 400);
		size_t mark = len, llen = 0;
		int bad;
		nw_strlist_join(v[i].new_facts, facts, sizeof facts);
		bad = !title || nw_buf_printf(&text, &len, "\n%s", n > 1 ? "• " : "") ||
		    (v[i].link && (nw_buf_printf(&text, &len, "<") || put_url(&link, &llen, v[i].link, "") ||
				   nw_buf_put_html(&text, &len, link, 0) || nw_buf_printf(&text, &len, "|"))) ||
		    nw_buf_put_html(&text, &len, title, 0) ||
		    (v[i].link && nw_buf_printf(&text, &len, ">")) ||
		    nw_buf_printf(&text, &len, "%s", n > 1 ? " — " : "\n") ||
		    nw_buf_put_html(&text, &len, v[i].source ? v[i].source : "", 0) ||
		    (*facts && (nw_buf_printf(&text, &len, n > 1 ? " · new: " : "\nNew: ") ||
				nw_buf_put_html(&text, &len, facts, 0)));
		free(title);
		free(link);
		if (bad) {
			free(text);
			return NULL;
		}
		if (!fit_keep(&fit, text, &len, mark, i))
			break;
	}
	*held = a->nitems ? fit.held : 0;
	clipped = clip(text, fit.max);
	free(text);
	if (!clipped)
		return NULL;
	/* verbatim: Slack's preprocessing of mrkdwn (on by default) links what it takes for
	 * channel names and parses "certain mentions" in the text; a feed's "@channel" or
	 * "#general" is its words, and the markup that is ours is written out (<url|text>) */
	blocks = json_pack("[{s:s, s:{s:s, s:s, s:b}}]", "type", "section", "text", "type", "mrkdwn", "text", clipped,
			   "verbatim", 1);
	free(clipped);
	if (n == 1 && blocks) {
		char ctx[512];
		nw_snprintf_utf8(ctx, sizeof ctx, "%s%s%s · id %s", a->published ? a->published : "",
				 a->published ? " · " : "", a->source ? a->source : "", a->id ? a->id : "");
		if (json_array_append_new(blocks, json_pack("{s:s, s:[{s:s, s:s, s:b}]}", "type", "context", "elements",
							    "type", "mrkdwn", "text", ctx, "verbatim", 1))) {
			json_decref(blocks);
			return NULL;
		}
	}
	if (!blocks)
		return NULL;
	o = json_pack("{s:s, s:s, s:o}", "username", c->username, "text", heading(a, head, sizeof head), "blocks", blocks);
	out = o ? json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
	json_decref(o);
	return out;
}

static char *body_discord(const struct hook_ctx *c, const struct nw_alert *a, size_t *held)
{
	const struct nw_alert *v;
	size_t n = alerts_of(a, &v), shown = n < 10 ? n : 10, budget;
	char head[256], content[400], *out;
	json_t *embeds = json_array(), *o;

	if (!embeds)
		return NULL;

	/* Discord: 10 embeds per message, title 256 and description 4096 characters, and 6000
	 * characters in all the embeds together (a message over it is refused for good): the
	 * descriptions share what the titles and footers leave */
	snprintf(content, sizeof content, "**%s**", heading(a, head, sizeof head));
	*held = a->nitems ? shown : 0; /* the rest go in the next message */
	budget = 5800 / shown;
	for (size_t i = 0; i < shown; i++) {
		char facts[512], *title = clip(v[i].title ? v[i].title : "(untitled)", 256), *desc = NULL, *url = NULL;
		char *footer = clip(v[i].source ? v[i].source : "newswatch", 200);
		size_t len = 0, ulen = 0, used = nw_utf8_chars(title) + nw_utf8_chars(footer);
		json_t *e;
		nw_strlist_join(v[i].new_facts, facts, sizeof facts);
		/* the summary is the feed's text, not Markdown: "[here](https://elsewhere)" in it
		 * would show as a link to anywhere */
		if (!title || !footer || put_md(&desc, &len, v[i].summary ? v[i].summary : "") ||
		    nw_buf_printf(&desc, &len, "%s", *facts ? (v[i].summary ? "\n\n**New:** " : "**New:** ") : "") ||
		    put_md(&desc, &len, facts) || (v[i].link && put_url(&url, &ulen, v[i].link, ""))) {
			free(title);
			free(footer);
			free(desc);
			free(url);
			json_decref(embeds);
			return NULL;
		}
		/* Discord refuses a url of a couple of thousand, or one whose host is no domain
		 * name with a dot (http://rsshub:1200/..., http://localhost/...): the embed goes
		 * without, its alert shown */
		if (url && (ulen > 1500 || !dotted_host(url))) {
			free(url);
			url = NULL;
		}
		{
			size_t room = budget > used + 1 ? budget - used - 1 : 0;
			char *d = room ? clip(desc, room < 4000 ? room : 4000) : NULL;
			free(desc);
			desc = d;
		}
		e = json_pack("{s:s?, s:s?, s:s?, s:{s:s}}", "title", title, "url", url, "description",
			      desc && *desc ? desc : NULL, "footer", "text", footer);
		free(title);
		free(footer);
		free(desc);
		free(url);
		if (e && v[i].published && json_object_set_new(e, "timestamp", json_string(v[i].published))) {
			json_decref(e);
			e = NULL;
		}
		/* an embed that cannot be made fails the message: dropped, its alert would be
		 * marked sent without being shown */
		if (!e || json_array_append_new(embeds, e)) {
			json_decref(embeds);
			return NULL;
		}
	}
	o = json_pack("{s:s, s:s, s:o, s:{s:[]}}", "username", c->username, "content", content, "embeds", embeds,
		      "allowed_mentions", "parse");
	out = o ? json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
	json_decref(o);
	return out;
}

static char *body_ntfy(const struct hook_ctx *c, const struct nw_alert *a, const char *topic, size_t *held)
{
	const struct nw_alert *v;
	size_t n = alerts_of(a, &v), len = 0;
	char *msg = NULL, head[256], *out, *clipped;
	struct fit fit = { .max = 3900, .unit = FIT_BYTES }; /* ntfy keeps 4096 bytes of message as text */
	json_t *o;

	(void)c;
	for (size_t i = 0; i < n; i++) {
		char facts[512];
		size_t mark = len;
		nw_strlist_join(v[i].new_facts, facts, sizeof facts);
		if (nw_buf_printf(&msg, &len, "%s%s%s%s%s%s%s", i ? "\n" : "", n > 1 ? "• " : "",
				  v[i].title ? v[i].title : "(untitled)", v[i].source ? " — " : "", v[i].source ? v[i].source : "",
				  *facts ? "\nNew: " : "", facts))
			return NULL;
		if (n > 1 && v[i].link && nw_buf_printf(&msg, &len, "\n  %s", v[i].link))
			return NULL;
		if (!fit_keep(&fit, msg, &len, mark, i))
			break;
	}
	*held = a->nitems ? fit.held : 0;
	clipped = nw_utf8_clip(msg, fit.max, 1);
	free(msg);
	if (!clipped)
		return NULL;
	o = json_pack("{s:s, s:s, s:s, s:[s, s]}", "topic", topic, "title", heading(a, head, sizeof head), "message",
		      clipped, "tags", "newspaper", a->kind ? a->kind : "alert");
	free(clipped);
	if (o && n == 1 && a->link && json_object_set_new(o, "click", json_string(a->link))) {
		json_decref(o);
		return NULL;
	}
	out = o ? json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
	json_decref(o);
	return out;
}

static char *body_mattermost(const struct hook_ctx *c, const struct nw_alert *a, size_t *held)
{
	const struct nw_alert *v;
	size_t n = alerts_of(a, &v), len = 0;
	char *text = NULL, head[256], *out, *clipped;
	struct fit fit = { .max = 15000 }; /* Mattermost posts hold 16383 characters */
	json_t *o;

	if (nw_buf_printf(&text, &len, "#### %s", heading(a, head, sizeof head)))
		return NULL;
	fit.used = nw_utf8_chars(text);
	for (size_t i = 0; i < n; i++) {
		char facts[512];
		size_t mark = len;
		nw_strlist_join(v[i].new_facts, facts, sizeof facts);
		if (nw_buf_printf(&text, &len, "\n%s", n > 1 ? "- " : "") ||
		    (v[i].link ? nw_buf_printf(&text, &len, "[") : 0) ||
		    put_md(&text, &len, v[i].title ? v[i].title : "(untitled)") ||
		    (v[i].link ? nw_buf_printf(&text, &len, "](") || put_md_url(&text, &len, v[i].link) ||
				     nw_buf_printf(&text, &len, ")")
			       : 0) ||
		    nw_buf_printf(&text, &len, " — ") || put_md(&text, &len, v[i].source ? v[i].source : "") ||
		    (*facts && (nw_buf_printf(&text, &len, n > 1 ? " · **New:** " : "\n**New:** ") ||
				put_md(&text, &len, facts))))
			return NULL;
		if (!fit_keep(&fit, text, &len, mark, i))
			break;
	}
	*held = a->nitems ? fit.held : 0;
	clipped = clip(text, fit.max);
	free(text);
	if (!clipped)
		return NULL;
	o = json_pack("{s:s, s:s}", "username", c->username, "text", clipped);
	free(clipped);
	out = o ? json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
	json_decref(o);
	return out;
}

static char *body_telegram(const struct hook_ctx *c, const struct nw_alert *a, size_t *held)
{
	const struct nw_alert *v;
	size_t n = alerts_of(a, &v), len = 0;
	char *text = NULL, head[256], *out, *clipped;
	/* 4096 characters at most, as Telegram counts them (telegram_units); and at most 100
	 * formatting entities, beyond which Telegram ignores the rest of a message's markup */
	struct fit fit = { .max = 4000, .unit = FIT_TELEGRAM, .max_tags = 100 };
	size_t head_end;
	json_t *o;

	if (nw_buf_printf(&text, &len, "<b>") || nw_buf_put_html(&text, &len, heading(a, head, sizeof head), 1) ||
	    nw_buf_printf(&text, &len, "</b>"))
		return NULL;
	head_end = len;
	fit.used = telegram_units(text, len, &fit.tags);
	for (size_t i = 0; i < n; i++) {
		char facts[512];
		size_t mark = len;
		nw_strlist_join(v[i].new_facts, facts, sizeof facts);
		if (nw_buf_printf(&text, &len, "\n%s", n > 1 ? "• " : "") ||
		    (v[i].link && (nw_buf_printf(&text, &len, "<a href=\"") || nw_buf_put_html(&text, &len, v[i].link, 1) ||
				   nw_buf_printf(&text, &len, "\">"))) ||
		    nw_buf_put_html(&text, &len, v[i].title ? v[i].title : "(untitled)", 1) ||
		    (v[i].link && nw_buf_printf(&text, &len, "</a>")) || nw_buf_printf(&text, &len, " — ") ||
		    nw_buf_put_html(&text, &len, v[i].source ? v[i].source : "", 1) ||
		    (*facts && (nw_buf_printf(&text, &len, "\n<i>New:</i> ") || nw_buf_put_html(&text, &len, facts, 1))))
			return NULL;
		if (!fit_keep(&fit, text, &len, mark, i))
			break;
	}
	*held = a->nitems ? fit.held : 0;
	/* a first alert too long alone: a cut inside a tag would be refused, so it loses its
	 * last lines rather than its markup: cut at the last line that fits; when not even its
	 * first line does (a feed's title of pages), its title alone, clipped, without the link */
	if (fit.used > fit.max) { /* (fit.used: the units of all kept) */
		size_t cut = 0, used = 0;
		for (size_t i = 0, from = 0; i < len; i++) /* the last line end within the limit */
			if (text[i] == '\n') {
				used += telegram_units(text + from, i - from, NULL);
				if (used > fit.max)
					break;
				cut = i;
				from = i;
			}
		text[cut] = '\0';
		len = cut;
		if (cut <= head_end && put_html_clipped(&text, &len, v[0].title, fit.max - telegram_units(text, len, NULL))) {
			free(text);
			return NULL;
		}
	}
	clipped = text;
	o = json_pack("{s:s, s:s, s:s, s:b}", "chat_id", c->chat_id, "text", clipped, "parse_mode", "HTML",
		      "disable_web_page_preview", n > 1);
	free(clipped);
	out = o ? json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
	json_decref(o);
	return out;
}

/* The receiver's address without its path, which for chat services is the credential, and
 * without any user:password@. */
static char *shown_url(const char *url)
{
	const char *p = strstr(url, "://"), *at;
	size_t n, scheme;
	char *s;

	p = p ? p + 3 : url;
	scheme = (size_t)(p - url);
	n = strcspn(p, "/?#");
	if ((at = memrchr(p, '@', n))) { /* the last '@' before the path ends the userinfo */
		n -= (size_t)(at + 1 - p);
		p = at + 1;
	}
	s = malloc(scheme + n + 5);
	if (!s)
		return NULL;
	memcpy(s, url, scheme);
	memcpy(s + scheme, p, n);
	memcpy(s + scheme + n, "/\xe2\x80\xa6", 5); /* "/…" */
	return s;
}

/* "name: prefix value" of any length (a token may be a few KB) onto h; a secret's copy wiped. */
static int add_header(struct nw_strlist *h, const char *name, const char *prefix, const char *value, int secret)
{
	char *line = NULL;
	size_t len = 0;
	int r;

	if (nw_buf_printf(&line, &len, "%s: %s%s", name, prefix, value))
		return -1;
	r = nw_strlist_add(h, line);
	if (secret)
		explicit_bzero(line, len);
	free(line);
	return r;
}

static int hmac_header(const struct hook_ctx *c, const char *body, size_t len, struct nw_strlist *h)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	char line[160];
	size_t o;

	if (!HMAC(EVP_sha256(), c->secret, (int)strlen(c->secret), (const unsigned char *)body, len, md, &mdlen))
		return -1;
	o = (size_t)snprintf(line, sizeof line, "X-Newswatch-Signature: sha256=");
	for (unsigned i = 0; i < mdlen && o + 3 < sizeof line; i++)
		o += (size_t)snprintf(line + o, sizeof line - o, "%02x", md[i]);
	return nw_strlist_add(h, line);
}

static int hook_prepare(void *ctx, const struct nw_alert *a, struct nw_send *s, char *err, size_t errlen)
{
	struct hook_ctx *c = ctx;
	char *topic = NULL;

	s->kind = NW_SEND_HTTP;
	s->timeout = c->timeout;
	switch (c->format) {
	case F_JSON: s->body = strdup(a->json); break;
	case F_SLACK: s->body = body_slack(c, a, &s->held); break;
	case F_DISCORD: s->body = body_discord(c, a, &s->held); break;
	case F_MATTERMOST: s->body = body_mattermost(c, a, &s->held); break;
	case F_TELEGRAM: s->body = body_telegram(c, a, &s->held); break;
	case F_NTFY:
		if (ntfy_split(c->url, &s->url, &topic) != 0) { /* the url was checked: out of memory */
			free(topic);
			return NW_RETRY;
		}
		s->body = body_ntfy(c, a, topic, &s->held);
		free(topic);
		break;
	}
	if (!s->body) {
		snprintf(err, errlen, "cannot format the alert as %s", formats[c->format]);
		return NW_RETRY;
	}
	s->body_len = strlen(s->body);
	if (c->format == F_TELEGRAM) {
		size_t n = strlen(c->url);
		while (n && c->url[n - 1] == '/')
			n--;
		size_t len = 0;
		nw_buf_printf(&s->url, &len, "%.*s/bot%s/sendMessage", (int)n, c->url, c->token); /* NULL: no memory */
	} else if (!s->url) {
		s->url = strdup(c->url);
	}
	s->shown = shown_url(c->url);
	s->ca_file = c->ca_file ? strdup(c->ca_file) : NULL;
	if (nw_strlist_add(&s->headers, "Content-Type: application/json; charset=utf-8"))
		return NW_RETRY;
	if (a->id && (add_header(&s->headers, "Idempotency-Key", "", a->id, 0) ||
		      add_header(&s->headers, "X-Newswatch-Id", "", a->id, 0)))
		return NW_RETRY;
	if (c->token && c->format != F_TELEGRAM && add_header(&s->headers, "Authorization", "Bearer ", c->token, 1))
		return NW_RETRY;
	for (size_t i = 0; i < c->headers.n; i++)
		if (add_header(&s->headers, c->headers.v[i].key, "", c->headers.v[i].value, 1))
			return NW_RETRY;
	if (c->secret && hmac_header(c, s->body, s->body_len, &s->headers))
		return NW_RETRY;
	return s->url && s->shown ? 0 : NW_RETRY;
}

const struct nw_plugin nw_plugin = {
	.abi = NW_PLUGIN_ABI,
	.kind = NW_PLUGIN_NOTIFIER,
	.name = "webhook",
	.description = "POST alerts to a web hook: newswatch JSON (HMAC-signed), Slack, Discord, ntfy, Mattermost, Telegram.",
	.options = hook_options,
	.ctx_size = sizeof(struct hook_ctx),
	.init = hook_init,
	.prepare = hook_prepare,
};
