/* fuzz_notify.c — libFuzzer target: the notifiers shaping an alert whose text comes from
 * feeds (hostile): every webhook format, email and exec, for one alert and for a digest.
 * Beyond not crashing, each makes a message, and what it sends stays well formed: a webhook
 * body is JSON (a Discord embed per alert), a mail is 7-bit with CRLF lines of at most 998
 * bytes and no header a title could add.
 * Input: lines (title, link, source, published, summary, story, kind, then facts); an odd
 * length makes a digest of two. The channels come from a fixed conf, with the plugins in
 * $NEWSWATCH_PLUGIN_DIR (loaded once). */
#include "config.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <jansson.h>
#include "conf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct nw_conf *conf;
static struct nw_plugins *reg; /* kept: the conf's plugins live in it */

static void teardown(void)
{
	nw_conf_free(conf);
	nw_plugins_free(reg);
}

static void setup(void)
{
	static const char *const body =
		"[alert json]\nplugin = webhook\nurl = https://hooks.example.com/x\nsecret_file = %s/secret\n"
		"[alert slack]\nplugin = webhook\nformat = slack\nurl = https://hooks.slack.com/services/T/B/X\n"
		"[alert discord]\nplugin = webhook\nformat = discord\nurl = https://discord.com/api/webhooks/1/a\n"
		"[alert ntfy]\nplugin = webhook\nformat = ntfy\nurl = https://ntfy.sh/topic\n"
		"[alert mattermost]\nplugin = webhook\nformat = mattermost\nurl = https://chat.example.com/hooks/x\n"
		"[alert telegram]\nplugin = webhook\nformat = telegram\nurl = https://api.telegram.org\n"
		"token_file = %s/secret\nchat_id = 1\n"
		"[alert email]\nplugin = email\nsmtp = smtp://mail.example.com\nfrom = nw <nw@example.com>\n"
		"to = a@example.com, b@example.com\n"
		"[alert exec]\nplugin = exec\ncommand = /bin/cat\n";
	char dir[] = "/tmp/nwfuzz.notify.XXXXXX", path[128];
	struct nw_errors errs = { 0 };
	FILE *fp;

#ifdef FUZZ_PLUGIN_DIR
	setenv("NEWSWATCH_PLUGIN_DIR", FUZZ_PLUGIN_DIR, 0);
#endif
	if (!mkdtemp(dir))
		abort();
	snprintf(path, sizeof path, "%s/secret", dir);
	if (!(fp = fopen(path, "w")) || fputs("k3y\n", fp) < 0 || fclose(fp) || chmod(path, 0600))
		abort();
	snprintf(path, sizeof path, "%s/notify.conf", dir);
	if (!(fp = fopen(path, "w")) || fprintf(fp, body, dir, dir) < 0 || fclose(fp))
		abort();
	reg = nw_plugins_new();
	conf = nw_conf_load(path, reg, &errs);
	if (!conf) {
		nw_errors_print(&errs, stderr);
		abort();
	}
	atexit(teardown);
	snprintf(path, sizeof path, "%s/secret", dir);
	unlink(path);
	snprintf(path, sizeof path, "%s/notify.conf", dir);
	unlink(path);
	rmdir(dir);
}

/* The input as valid UTF-8 lines (feeds' text reaches the notifiers repaired). */
static char *text_of(const uint8_t *data, size_t size)
{
	size_t n = 0;
	int ch = 0;
	char *t, *r;

	t = malloc(size + 1);
	if (!t)
		abort();
	memcpy(t, data, size);
	t[size] = '\0';
	r = nw_utf8_repair(t, size, &n, &ch);
	if (r) {
		free(t);
		t = r;
	}
	return t;
}

static size_t chars(const char *s)
{
	size_t n = 0;

	for (; s && *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

/* A body is JSON, within the limits its service refuses a message over, showing its n
 * alerts (a Discord embed each). */
static void check_json(const char *channel, const char *body, size_t n)
{
	json_error_t e;
	json_t *o = json_loads(body, JSON_DISABLE_EOF_CHECK, &e), *v;
	size_t i, total = 0;

	if (!o) {
		fprintf(stderr, "fuzz_notify: [alert %s] body is not JSON: %s\n%s\n", channel, e.text, body);
		abort();
	}
	if (strcmp(channel, "discord") == 0) {
		json_t *embeds = json_object_get(o, "embeds");
		if (json_array_size(embeds) != n) {
			fprintf(stderr, "fuzz_notify: discord: %zu embeds for %zu alerts\n", json_array_size(embeds), n);
			abort();
		}
		json_array_foreach(embeds, i, v) {
			total += chars(json_string_value(json_object_get(v, "title")));
			total += chars(json_string_value(json_object_get(v, "description")));
			total += chars(json_string_value(json_object_get(json_object_get(v, "footer"), "text")));
			if (chars(json_string_value(json_object_get(v, "title"))) > 256)
				abort();
		}
		if (total > 6000) {
			fprintf(stderr, "fuzz_notify: discord embeds hold %zu characters (6000 at most)\n", total);
			abort();
		}
	} else if (strcmp(channel, "telegram") == 0) {
		/* Telegram counts what the HTML shows, in UTF-16 units (4096 at most), and reads no
		 * more than 100 formatting entities */
		const char *t = json_string_value(json_object_get(o, "text"));
		size_t units = 0, tags = 0;
		for (; t && *t; t++) {
			if (*t == '<') {
				tags += t[1] != '/';
				t = strchr(t, '>');
				if (!t)
					abort(); /* an open tag: Telegram refuses the message */
			} else if (*t == '&') {
				t = strchr(t, ';');
				if (!t)
					abort();
				units++;
			} else if (((unsigned char)*t & 0xC0) != 0x80) {
				units += (unsigned char)*t >= 0xF0 ? 2 : 1;
			}
		}
		if (units > 4096 || tags > 100) {
			fprintf(stderr, "fuzz_notify: telegram text of %zu units, %zu entities\n", units, tags);
			abort();
		}
	} else if (strcmp(channel, "slack") == 0) {
		json_array_foreach(json_object_get(o, "blocks"), i, v)
			if (chars(json_string_value(json_object_get(json_object_get(v, "text"), "text"))) > 3000)
				abort();
	}
	json_decref(o);
}

static void check_mail(const struct nw_send *s)
{
	static const char *const names[] = { "Date", "From", "To", "Subject", "Message-ID", "In-Reply-To",
					     "References", "MIME-Version", "Auto-Submitted", "X-Newswatch-Id",
					     "Content-Type", NULL };
	const char *b = s->body, *end = b + s->body_len, *l;
	int in_headers = 1;

	for (size_t i = 0; i < s->body_len; i++) {
		unsigned char c = (unsigned char)b[i];
		if (c >= 0x80 || c == 0 || (c == '\n' && (i == 0 || b[i - 1] != '\r'))) {
			fprintf(stderr, "fuzz_notify: mail byte %zu is 0x%02x: not 7-bit CRLF text\n", i, c);
			abort();
		}
	}
	for (l = b; l < end;) {
		const char *e = memchr(l, '\n', (size_t)(end - l));
		size_t len = e ? (size_t)(e - l) - 1 : (size_t)(end - l);
		if (len > 998) {
			fprintf(stderr, "fuzz_notify: a mail line of %zu bytes\n", len);
			abort();
		}
		if (in_headers && len == 0) {
			in_headers = 0;
		} else if (in_headers && *l != ' ' && *l != '\t') {
			/* a header line: one of ours, never one a title or a fact could add */
			int known = 0;
			for (int k = 0; names[k]; k++) {
				size_t n = strlen(names[k]);
				known |= len > n && strncmp(l, names[k], n) == 0 && l[n] == ':';
			}
			if (!known) {
				fprintf(stderr, "fuzz_notify: unexpected header line: %.*s\n", (int)len, l);
				abort();
			}
		}
		l = e ? e + 1 : end;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct nw_strlist facts = { 0 }, also = { 0 };
	struct nw_alert a = { 0 }, items[2], digest = { 0 };
	char *text, *p, *field[7] = { 0 }, *json;
	json_t *o, *arr;
	int nf = 0;

	if (!conf)
		setup();
	text = text_of(data, size);
	for (p = text; p && nf < 7; nf++) {
		field[nf] = p;
		p = strchr(p, '\n');
		if (p)
			*p++ = '\0';
	}
	while (p && *p) {
		char *e = strchr(p, '\n');
		if (e)
			*e++ = '\0';
		if (facts.n < 8)
			nw_strlist_add(&facts, p);
		else if (also.n < 8)
			nw_strlist_add(&also, p);
		p = e;
	}
	a.id = "0123456789abcdef0123456789abcdef";
	a.title = field[0];
	a.link = field[1];
	a.source = field[2];
	a.published = field[3];
	a.summary = field[4];
	a.story = field[5] ? field[5] : "story";
	a.kind = field[6] ? field[6] : "new";
	a.development = 7;
	a.new_facts = &facts;
	a.also_reported_by = &also;
	o = json_pack("{s:s, s:s?, s:s?, s:s?, s:s?}", "id", a.id, "story", a.story, "kind", a.kind, "title", a.title,
		      "link", a.link);
	json = o ? json_dumps(o, JSON_COMPACT) : NULL;
	if (!json)
		abort(); /* valid UTF-8 always makes JSON */
	a.json = json;
	items[0] = a;
	items[1] = a;
	items[1].id = "fedcba9876543210fedcba9876543210";
	digest.id = "digest-0123";
	digest.kind = "digest";
	digest.story = a.story;
	digest.items = items;
	digest.nitems = 2;
	digest.new_facts = &facts;
	digest.also_reported_by = &also;
	arr = json_pack("{s:s, s:s, s:i, s:[O, O]}", "id", digest.id, "kind", "digest", "count", 2, "alerts", o, o);
	digest.json = arr ? json_dumps(arr, JSON_COMPACT) : NULL;
	if (!digest.json)
		abort();
	for (size_t c = 0; c < conf->nalerts; c++) {
		const struct nw_alert_conf *ac = &conf->alerts[c];
		struct nw_send s = { 0 };
		char err[512] = "";
		int r = ac->inst.p->prepare(ac->inst.ctx, size & 1 ? &digest : &a, &s, err, sizeof err);

		if (r != 0) { /* feeds' text, valid UTF-8, always makes a message */
			fprintf(stderr, "fuzz_notify: [alert %s] prepare: %d: %s\n", ac->name, r, err);
			abort();
		}
		if (r == 0) {
			if (!s.body || strlen(s.body) != s.body_len)
				abort(); /* a body is text of its stated length */
			if (s.kind == NW_SEND_HTTP)
				check_json(ac->name, s.body, size & 1 ? 2 : 1);
			else if (s.kind == NW_SEND_SMTP)
				check_mail(&s);
		}
		nw_send_free(&s);
	}
	json_decref(o);
	json_decref(arr);
	free(json);
	free((char *)digest.json);
	nw_strlist_free(&facts);
	nw_strlist_free(&also);
	free(text);
	return 0;
}
