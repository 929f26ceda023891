/* test_webhook.c — unit tests for the webhook notifier's chat formats (slack, discord, ntfy,
 * mattermost, telegram): text from feeds cut to a service's limits stays UTF-8 (jansson
 * refuses anything else, and the alert would be retried forever or, in a Discord embed,
 * dropped and marked sent); every alert of a message is in its body. */
#define _GNU_SOURCE /* as webhook.c has it, before any header */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "../../plugins/notify_webhook/webhook.c"
#include "../../daemon/options.h"

/* A channel of format fmt at url, its options set but not initialised. */
static void setup_only(struct hook_ctx *c, const char *fmt, const char *url)
{
	char err[256] = "";

	memset(c, 0, sizeof *c);
	assert_int_equal(nw_opt_defaults(nw_plugin.options, c), 0);
	assert_int_equal(nw_opt_set(nw_opt_find(nw_plugin.options, "format"), c, "format", fmt, 0, 0, err, sizeof err), 0);
	assert_int_equal(nw_opt_set(nw_opt_find(nw_plugin.options, "url"), c, "url", url, 0, 0, err, sizeof err), 0);
}

/* A channel of format fmt, as the conf loader would set it up. */
static void setup(struct hook_ctx *c, const char *fmt)
{
	char err[256] = "";

	setup_only(c, fmt, strcmp(fmt, "ntfy") == 0 ? "https://ntfy.sh/topic" : "https://hooks.example.com/x");
	if (strcmp(fmt, "telegram") == 0) {
		c->token = strdup("tok");
		assert_int_equal(nw_opt_set(nw_opt_find(nw_plugin.options, "chat_id"), c, "chat_id", "1", 0, 0, err,
					    sizeof err),
				 0);
	}
	assert_int_equal(nw_plugin.init(c, err, sizeof err), 0);
}

/* A company, then 34 Japanese names of 5 characters (15 bytes): joined, 609 bytes; in 512
 * bytes, the 29th name would be cut after its first 2 bytes. */
static void japanese_facts(struct nw_strlist *l)
{
	static const char *const first[] = { "サム", "アルト", "ナデラ", "ブロック", "ミラ" };
	static const char *const last[] = { "マンさん", "ロさん", "ムラティ", "トマン", "スさん", "アルさん", "マイク" };
	char name[64];

	assert_int_equal(nw_strlist_add(l, "Microsoft Corporation (Redmond)"), 0); /* 31 bytes */
	for (int i = 0; i < 34; i++) {
		const char *f = first[i % 5], *g = last[i % 7];
		/* pad to 5 characters with 'ー' */
		snprintf(name, sizeof name, "%s%s", f, g);
		while (strlen(name) < 15)
			strcat(name, "ー");
		name[15] = '\0';
		assert_int_equal(nw_utf8_span(name, strlen(name)), strlen(name));
		assert_int_equal(nw_strlist_add(l, name), 0);
	}
}

static void test_join_cuts_between_characters(void **state)
{
	struct nw_strlist l = { 0 };
	char out[512], *all = NULL;
	size_t n = 0;

	(void)state;
	japanese_facts(&l);
	for (size_t i = 0; i < l.n; i++)
		assert_int_equal(nw_buf_printf(&all, &n, "%s%s", i ? ", " : "", l.v[i]), 0);
	assert_true(n > 512);
	nw_strlist_join(&l, out, sizeof out);
	assert_int_equal(strlen(out), 509); /* the 29th name's 2 bytes dropped */
	assert_int_equal(nw_utf8_span(out, strlen(out)), strlen(out)); /* old: cut inside a character */
	assert_memory_equal(out, all, strlen(out));
	free(all);
	nw_strlist_free(&l);
}

static void test_snprintf_utf8(void **state)
{
	char buf[8];

	(void)state;
	assert_int_equal(nw_snprintf_utf8(buf, sizeof buf, "%s", "ab가나"), 8);
	assert_string_equal(buf, "ab가"); /* not "ab가" and one byte of 나 */
	assert_int_equal(nw_snprintf_utf8(buf, sizeof buf, "%s", "ab가"), 5);
	assert_string_equal(buf, "ab가");
	assert_int_equal(nw_snprintf_utf8(buf, sizeof buf, "%s", "abcdefghij"), 10);
	assert_string_equal(buf, "abcdefg");
}

static void test_clip(void **state)
{
	char *s;

	(void)state;
	s = nw_utf8_clip("가나다라", 3, 0); /* characters */
	assert_string_equal(s, "가나…");
	free(s);
	s = nw_utf8_clip("가나다라", 10, 1); /* bytes, the ellipsis included */
	assert_string_equal(s, "가나…");
	free(s);
	s = nw_utf8_clip("가나", 2, 0);
	assert_string_equal(s, "가나");
	free(s);
}

/* The body of prepare() for a, as JSON (asserted to be some). */
static json_t *prepared(const char *fmt, const struct nw_alert *a, size_t *held)
{
	struct hook_ctx c;
	struct nw_send s = { 0 };
	char err[256] = "";
	json_t *o;

	setup(&c, fmt);
	assert_int_equal(nw_plugin.prepare(&c, a, &s, err, sizeof err), 0);
	assert_non_null(s.body);
	o = json_loads(s.body, 0, NULL);
	assert_non_null(o);
	if (held)
		*held = s.held;
	nw_send_free(&s);
	nw_opt_free(nw_plugin.options, &c);
	return o;
}

static void test_formats_with_japanese_facts(void **state)
{
	static const char *const fmts[] = { "slack", "discord", "ntfy", "mattermost", "telegram" };
	struct nw_strlist facts = { 0 }, also = { 0 };
	struct nw_alert a = { 0 }, items[2], d = { 0 };

	(void)state;
	japanese_facts(&facts);
	a.id = "0123456789abcdef";
	a.story = "openai-microsoft";
	a.kind = "new";
	a.title = "オープンAI、サム・アルトマン氏をCEOに復帰させると発表";
	a.link = "https://news.example.jp/a/1";
	a.source = "wire-ja";
	a.published = "2023-11-22T06:00:00Z";
	a.summary = "オープンAIは22日、サム・アルトマン氏がCEOに復帰すると発表した。";
	a.new_facts = &facts;
	a.also_reported_by = &also;
	a.json = "{}";
	items[0] = a;
	items[1] = a;
	items[1].id = "fedcba9876543210";
	d.id = "digest-1";
	d.kind = "digest";
	d.story = a.story;
	d.items = items;
	d.nitems = 2;
	d.new_facts = &also;
	d.also_reported_by = &also;
	d.json = "{}";
	for (size_t f = 0; f < sizeof fmts / sizeof *fmts; f++) {
		size_t held = 0;
		json_t *o = prepared(fmts[f], &a, NULL); /* old: no body (NW_RETRY, forever) */
		char *text = json_dumps(o, 0);
		assert_non_null(strstr(text, "サムマンさ")); /* the facts are shown */
		if (strcmp(fmts[f], "discord") == 0) /* old: the embed dropped, the alert "sent" */
			assert_int_equal(json_array_size(json_object_get(o, "embeds")), 1);
		free(text);
		json_decref(o);
		o = prepared(fmts[f], &d, &held);
		assert_true(held == 0 || held == 2);
		if (strcmp(fmts[f], "discord") == 0)
			assert_int_equal(json_array_size(json_object_get(o, "embeds")), 2);
		json_decref(o);
	}
	nw_strlist_free(&facts);
}

/* A token or header of a few KB (a JWT, a cloud access token) goes whole, not cut at 1 KB;
 * the address shown in the log has neither the path nor any user:password@. */
static void test_long_headers_and_shown_url(void **state)
{
	struct hook_ctx c;
	struct nw_send s = { 0 };
	struct nw_alert a = { 0 };
	char err[256] = "", token[1501], value[1201], want[1300];
	const struct nw_option *h;
	int found = 0;

	(void)state;
	memset(token, 'T', sizeof token - 1);
	token[sizeof token - 1] = '\0';
	memset(value, 'v', sizeof value - 1);
	value[sizeof value - 1] = '\0';
	memset(&c, 0, sizeof c);
	assert_int_equal(nw_opt_defaults(nw_plugin.options, &c), 0);
	assert_int_equal(nw_opt_set(nw_opt_find(nw_plugin.options, "url"), &c, "url",
				    "http://alerts:S3cr3t-pw@127.0.0.1:8080/hook/secret-path?x=1", 0, 0, err, sizeof err),
			 0);
	assert_non_null(h = nw_opt_find(nw_plugin.options, "header.X-Long"));
	assert_int_equal(nw_opt_set(h, &c, "header.X-Long", value, 0, 0, err, sizeof err), 0);
	assert_int_equal(nw_plugin.init(&c, err, sizeof err), 0);
	c.token = strdup(token);
	a.id = "0123456789abcdef";
	a.story = "s";
	a.kind = "new";
	a.title = "t";
	a.json = "{}";
	assert_int_equal(nw_plugin.prepare(&c, &a, &s, err, sizeof err), 0);
	assert_string_equal(s.shown, "http://127.0.0.1:8080/\xe2\x80\xa6");
	snprintf(want, sizeof want, "X-Long: %s", value);
	for (size_t i = 0; i < s.headers.n; i++) {
		if (!strncmp(s.headers.v[i], "Authorization: Bearer ", 22)) {
			assert_int_equal(strlen(s.headers.v[i]), 22 + 1500);
			found++;
		} else if (!strncmp(s.headers.v[i], "X-Long: ", 8)) {
			assert_string_equal(s.headers.v[i], want);
			found++;
		}
	}
	assert_int_equal(found, 2);
	nw_send_free(&s);
	nw_opt_free(nw_plugin.options, &c);
}

/* A story named in Korean, longer than a heading holds: cut between characters. */
static void test_long_story_name(void **state)
{
	static const char *const fmts[] = { "slack", "discord", "ntfy", "mattermost", "telegram" };
	struct nw_strlist none = { 0 };
	struct nw_alert a = { 0 };
	char story[400] = "";
	char head[256];

	(void)state;
	while (strlen(story) + 3 < sizeof story)
		strcat(story, "오"); /* 3 bytes: 133 of them, 399 bytes */
	a.id = "0123456789abcdef";
	a.story = story;
	a.kind = "update";
	a.title = "t";
	a.new_facts = &none;
	a.also_reported_by = &none;
	a.json = "{}";
	heading(&a, head, sizeof head);
	assert_int_equal(nw_utf8_span(head, strlen(head)), strlen(head));
	for (size_t f = 0; f < sizeof fmts / sizeof *fmts; f++)
		json_decref(prepared(fmts[f], &a, NULL)); /* old: no body */
}

#define WJ "\xe2\x81\xa0" /* U+2060 WORD JOINER */

/* Mattermost: an @ in feed text mentions no one (a WORD JOINER after it); other formats
 * keep the text as it is. */
static void test_mattermost_mentions(void **state)
{
	struct nw_strlist facts = { 0 }, none = { 0 };
	struct nw_alert a = { 0 };
	json_t *o;
	const char *text;

	(void)state;
	assert_int_equal(nw_strlist_add(&facts, "@here"), 0);
	a.id = "0123456789abcdef";
	a.story = "saga";
	a.kind = "new";
	a.title = "Breaking: @channel @ALL, ask @sam.altman";
	a.source = "wire @all";
	a.new_facts = &facts;
	a.also_reported_by = &none;
	a.json = "{}";
	o = prepared("mattermost", &a, NULL);
	text = json_string_value(json_object_get(o, "text"));
	assert_non_null(text);
	assert_non_null(strstr(text, "Breaking: @" WJ "channel @" WJ "ALL, ask @" WJ "sam.altman"));
	assert_non_null(strstr(text, "wire @" WJ "all"));
	assert_non_null(strstr(text, "@" WJ "here"));
	for (const char *p = text; (p = strchr(p, '@')); p++) /* old: @channel, @ALL, @sam... */
		assert_memory_equal(p + 1, WJ, 3);
	json_decref(o);
	/* Slack's mentions are <!channel>, <@U123>: the text as it is, its < > & escaped, and
	 * each mrkdwn text verbatim, so that Slack's preprocessing does not parse the feed's
	 * "@channel" or "#general" (it did: verbatim was left false) */
	a.title = "Breaking: @channel @ALL <!channel> <@U123|sam> #general & co";
	o = prepared("slack", &a, NULL);
	{
		char *body = json_dumps(o, 0);
		json_t *blocks = json_object_get(o, "blocks"), *b, *t;
		size_t i, nmrkdwn = 0;
		assert_non_null(strstr(body, "Breaking: @channel @ALL &lt;!channel&gt; &lt;@U123|sam&gt; #general &amp; co"));
		assert_null(strstr(body, "<!"));
		assert_null(strstr(body, "<@"));
		json_array_foreach (blocks, i, b) {
			t = json_object_get(b, "text");
			if (!t)
				t = json_array_get(json_object_get(b, "elements"), 0);
			assert_string_equal(json_string_value(json_object_get(t, "type")), "mrkdwn");
			assert_true(json_is_true(json_object_get(t, "verbatim")));
			nmrkdwn++;
		}
		assert_int_equal(nmrkdwn, 2); /* the alert, and its context line */
		free(body);
	}
	json_decref(o);
	nw_strlist_free(&facts);
}

/* A feed's link with a space, a | and <>, and a summary with a Markdown link: Discord gets
 * a well-formed url (it refused the whole message for good: "Not a well formed URL") and the
 * summary's link as text; Slack's <url|text> holds the whole link, percent-encoded. */
static void test_links_and_markdown(void **state)
{
	struct nw_strlist none = { 0 };
	struct nw_alert a = { 0 };
	json_t *o, *e;
	const char *url, *desc, *text;
	char err[256] = "";
	struct hook_ctx c;

	(void)state;
	a.id = "0123456789abcdef";
	a.story = "saga";
	a.kind = "new";
	a.title = "OpenAI *stake* _news_";
	a.link = "https://example.com/a b/search?q=a|b&x=<y>/오픈AI";
	a.summary = "see [here](https://evil.example/p) for ~~more~~";
	a.source = "wire";
	a.new_facts = &none;
	a.also_reported_by = &none;
	a.json = "{}";
	o = prepared("discord", &a, NULL);
	e = json_array_get(json_object_get(o, "embeds"), 0);
	url = json_string_value(json_object_get(e, "url"));
	desc = json_string_value(json_object_get(e, "description"));
	assert_non_null(url);
	assert_string_equal(url, "https://example.com/a%20b/search?q=a%7Cb&x=%3Cy%3E/%EC%98%A4%ED%94%88AI");
	assert_non_null(desc);
	assert_non_null(strstr(desc, "see \\[here\\]\\(https://evil.example/p\\) for \\~\\~more"));
	json_decref(o);
	o = prepared("slack", &a, NULL);
	text = json_string_value(json_object_get(json_object_get(json_array_get(json_object_get(o, "blocks"), 0), "text"), "text"));
	assert_non_null(text);
	assert_non_null(strstr(text, "<https://example.com/a%20b/search?q=a%7Cb&amp;x=%3Cy%3E/%EC%98%A4%ED%94%88AI|OpenAI"));
	json_decref(o);
	/* ntfy's ?auth= would be lost (JSON publishing posts to the root): refused at load */
	setup_only(&c, "ntfy", "https://ntfy.example.com/alerts?auth=QmFz");
	assert_int_not_equal(nw_plugin.init(&c, err, sizeof err), 0);
	assert_non_null(strstr(err, "no ?query with format ntfy"));
	nw_opt_free(nw_plugin.options, &c);
}

/* A Korean site's link with its host in Hangul, as written or percent-escaped (a feed
 * escapes its links, or the previous put_url did): Discord's embed url, Slack's <url|text>
 * and Mattermost's [text](url) carry the host as DNS has it (xn--3e0b707e.kr), the path
 * percent-encoded; the host was "%ED%95%9C%EA%B5%AD.kr", which is no host name to a URL
 * validator. A host libidn2 cannot map stays escaped; an IPv6 literal and a port are kept. */
static void test_idn_link_host(void **state)
{
	static const char *const links[][2] = {
		{ "https://한국.kr/뉴스?q=1", "https://xn--3e0b707e.kr/%EB%89%B4%EC%8A%A4?q=1" },
		{ "https://%ED%95%9C%EA%B5%AD.kr:8443/x", "https://xn--3e0b707e.kr:8443/x" },
		{ "http://user@ニュース。jp/", "http://user@xn--zck9awe6d.jp/" },
		{ "https://[2001:db8::1]/오픈", "https://[2001:db8::1]/%EC%98%A4%ED%94%88" },
		{ "https://a\xc3.kr/", "https://a%C3.kr/" }, /* not UTF-8: escaped as before */
	};
	struct nw_strlist none = { 0 };
	struct nw_alert a = { 0 };
	char want[256];

	(void)state;
	a.id = "0123456789abcdef";
	a.story = "saga";
	a.kind = "new";
	a.title = "오픈AI";
	a.source = "wire";
	a.new_facts = &none;
	a.also_reported_by = &none;
	a.json = "{}";
	for (size_t i = 0; i < sizeof links / sizeof *links; i++) {
		json_t *o, *e;
		const char *url, *text;
		a.link = links[i][0];
		o = prepared("discord", &a, NULL);
		e = json_array_get(json_object_get(o, "embeds"), 0);
		url = json_string_value(json_object_get(e, "url"));
		assert_non_null(url);
		assert_string_equal(url, links[i][1]);
		json_decref(o);
		o = prepared("slack", &a, NULL);
		text = json_string_value(
		    json_object_get(json_object_get(json_array_get(json_object_get(o, "blocks"), 0), "text"), "text"));
		snprintf(want, sizeof want, "<%s|오픈AI>", links[i][1]);
		assert_non_null(text);
		assert_non_null(strstr(text, want));
		json_decref(o);
		o = prepared("mattermost", &a, NULL);
		text = json_string_value(json_object_get(o, "text"));
		snprintf(want, sizeof want, "[오픈AI](%s)", links[i][1]);
		assert_non_null(text);
		assert_non_null(strstr(text, want));
		json_decref(o);
	}
}

/* A link to a host without a dot (a self-hosted bridge's http://rsshub:1200/..., an
 * intranet's http://wiki/..., localhost): Discord refuses such an embed url as "Not a well
 * formed URL", and with it the whole message, for good; the embed goes without it, its title
 * and text shown. A host with a dot, or an IPv6 literal, keeps it. */
static void test_discord_link_without_domain(void **state)
{
	static const char *const links[][2] = {
		{ "http://rsshub:1200/telegram/channel/x", NULL },
		{ "http://localhost/feed/1", NULL },
		{ "http://user@wiki./p?a=b.c", NULL },
		{ "https://example.com/x", "https://example.com/x" },
		{ "http://192.0.2.7:8080/x", "http://192.0.2.7:8080/x" },
		{ "http://[2001:db8::1]/x", "http://[2001:db8::1]/x" },
	};
	struct nw_strlist none = { 0 };
	struct nw_alert a = { 0 };

	(void)state;
	a.id = "0123456789abcdef";
	a.story = "saga";
	a.kind = "new";
	a.title = "오픈AI";
	a.source = "wire";
	a.new_facts = &none;
	a.also_reported_by = &none;
	a.json = "{}";
	for (size_t i = 0; i < sizeof links / sizeof *links; i++) {
		json_t *o, *e, *url;
		a.link = links[i][0];
		o = prepared("discord", &a, NULL);
		e = json_array_get(json_object_get(o, "embeds"), 0);
		assert_string_equal(json_string_value(json_object_get(e, "title")), "오픈AI");
		url = json_object_get(e, "url");
		if (links[i][1])
			assert_string_equal(json_string_value(url), links[i][1]);
		else
			assert_true(!url || json_is_null(url)); /* "url": null, as for an alert without a link */
		json_decref(o);
	}
}

/* A digest of n alerts, each with a 40-character Korean title, a link and, when facts is
 * given, a fact; *held gets how many the Telegram message holds, and the message's text. */
static char *telegram_digest(size_t n, struct nw_strlist *facts, size_t *held)
{
	static struct nw_alert items[150];
	static char links[150][40];
	struct nw_strlist none = { 0 };
	struct nw_alert d = { 0 };
	static char title[200];
	char *text;
	json_t *o;

	assert_true(n <= 150);
	title[0] = '\0';
	for (int i = 0; i < 40; i++)
		strcat(title, "알"); /* 40 characters, 120 bytes */
	for (size_t i = 0; i < n; i++) {
		memset(&items[i], 0, sizeof items[i]);
		snprintf(links[i], sizeof links[i], "https://news.example.kr/a/%zu", i);
		items[i].id = "0123456789abcdef";
		items[i].story = "saga";
		items[i].kind = "new";
		items[i].title = title;
		items[i].link = links[i];
		items[i].source = "연합뉴스";
		items[i].new_facts = facts ? facts : &none;
		items[i].also_reported_by = &none;
		items[i].json = "{}";
	}
	d.id = "digest-1";
	d.kind = "digest";
	d.story = "saga";
	d.items = items;
	d.nitems = n;
	d.new_facts = &none;
	d.also_reported_by = &none;
	d.json = "{}";
	o = prepared("telegram", &d, held);
	text = strdup(json_string_value(json_object_get(o, "text")));
	json_decref(o);
	return text;
}

/* Telegram counts a message's length in the characters its HTML shows (4096 at most), not in
 * bytes of markup: a Korean digest holds what fits in that (it held 21 of 60), and
 * no more than 100 formatting entities, past which Telegram ignores a message's markup. */
static void test_telegram_counts_characters(void **state)
{
	struct nw_strlist facts = { 0 };
	size_t held = 0, tags = 0;
	char *text;

	(void)state;
	text = telegram_digest(60, NULL, &held);
	assert_int_equal(held, 60); /* old: 21 */
	assert_true(strlen(text) > 4096); /* in bytes, past Telegram's limit... */
	assert_true(telegram_units(text, strlen(text), &tags) <= 4000); /* ...in characters, within */
	assert_int_equal(tags, 61);
	free(text);
	text = telegram_digest(100, NULL, &held);
	assert_int_equal(held, 79); /* 50 characters an alert, the heading first */
	assert_true(telegram_units(text, strlen(text), NULL) <= 4000);
	free(text);
	/* a fact each: two entities an alert (the link, "New:"), the heading one */
	assert_int_equal(nw_strlist_add(&facts, "27%"), 0);
	text = telegram_digest(60, &facts, &held);
	assert_int_equal(held, 49);
	assert_int_equal(telegram_units(text, strlen(text), &tags) <= 4000, 1);
	assert_int_equal(tags, 99);
	free(text);
	nw_strlist_free(&facts);
}

/* An alert whose title alone is past Telegram's limit: its title, clipped to what the limit
 * leaves in characters (it was clipped in bytes: a Korean title to a third of that). */
static void test_telegram_long_title(void **state)
{
	struct nw_strlist none = { 0 };
	struct nw_alert a = { 0 };
	char *title = malloc(5000 * 3 + 1);
	const char *text;
	size_t units;
	json_t *o;

	(void)state;
	assert_non_null(title);
	title[0] = '\0';
	for (int i = 0; i < 5000; i++)
		memcpy(title + 3 * i, "\xea\xb0\x80", 4); /* 가 */
	a.id = "0123456789abcdef";
	a.story = "saga";
	a.kind = "new";
	a.title = title;
	a.link = "https://news.example.kr/a/1";
	a.source = "연합뉴스";
	a.new_facts = &none;
	a.also_reported_by = &none;
	a.json = "{}";
	o = prepared("telegram", &a, NULL);
	text = json_string_value(json_object_get(o, "text"));
	assert_non_null(text);
	units = telegram_units(text, strlen(text), NULL);
	assert_true(units <= 4000);
	assert_true(units >= 3950); /* old: about a third of it */
	assert_non_null(strstr(text, "\xea\xb0\x80\xe2\x80\xa6")); /* cut after a whole 가, then … */
	json_decref(o);
	free(title);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_join_cuts_between_characters),
		cmocka_unit_test(test_snprintf_utf8),
		cmocka_unit_test(test_clip),
		cmocka_unit_test(test_formats_with_japanese_facts),
		cmocka_unit_test(test_long_story_name),
		cmocka_unit_test(test_mattermost_mentions),
		cmocka_unit_test(test_long_headers_and_shown_url),
		cmocka_unit_test(test_links_and_markdown),
		cmocka_unit_test(test_idn_link_host),
		cmocka_unit_test(test_discord_link_without_domain),
		cmocka_unit_test(test_telegram_counts_characters),
		cmocka_unit_test(test_telegram_long_title),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
