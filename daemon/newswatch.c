/* newswatch.c — the command line for people: parse a feed, test rules, replay snapshots
 * through the whole pipeline, send a test alert, and read the store (status, feeds,
 * stories, timeline, hits, search, alerts) as tables or JSON. */
#include "config.h"
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <grp.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <curl/curl.h>
#include <jansson.h>
#include <libxml/parser.h>
#include <utf8proc.h>
#include <uv.h>
#include "conf.h"
#include "doc_json.h"
#include "fetch.h"
#include "log.h"
#include "outbox.h"
#include "page.h"
#include "pipeline.h"
#include "profile.h"
#include "story.h"
#include "store.h"
#include "url.h"
#include "xmlsafe.h"

struct cli {
	const char *conf_path, *db_path;
	char *store_path; /* the store a query reads */
	int conf_given, json, verbose;
	int conf_failed; /* its errors printed once */
	struct nw_plugins *plugins;
	struct nw_conf *conf;
};

static void usage(FILE *fp)
{
	fprintf(fp,
		"usage: newswatch [-c FILE | --db PATH] [--json] COMMAND [ARGS]\n"
		"commands:\n"
		"  parse [--plugin NAME] [--set KEY=VALUE]... [--base URL] FILE|URL   parse one feed and print it\n"
		"  test-rule [STORY] FILE|TEXT        which stories match, with each alias and where\n"
		"  replay [--format json|text] [--deliver] [FEED=]SNAPSHOT...   the pipeline over snapshots\n"
		"  alert-test [--print] [--digest] NAME  send a test alert through an [alert] channel\n"
		"  alert-retry [--since WHEN] [CHANNEL]   queue failed alerts again (a channel mended)\n"
		"  status [--prometheus] | feeds | stories | timeline STORY | search [--limit N] QUERY\n"
		"  hits [--story S] [--since 24h|DATE] [--limit N] | alerts [--failed|--queued|--sent] [--limit N]\n"
		"      read the store; --format json|jsonl|csv|table on each\n"
		"options (before or after the command):\n"
		"  -c, --config FILE   configuration (default %s)\n"
		"      --db PATH       the store to read or write (default: the conf's database)\n"
		"      --json          JSON output\n"
		"  -v, --verbose       debug messages\n"
		"  -h, --help          this summary (after a command too); --version\n"
		"See newswatch(1).\n",
		nw_conf_default_path());
}

/* The global options, taken after the command as well (newswatch replay --db r.db ...):
 * appended to each command's getopt table. 'B' for --db: 'd' is replay's --deliver. */
#define GLOBAL_LONGOPTS                                                                               \
	{ "config", required_argument, NULL, 'c' }, { "db", required_argument, NULL, 'B' },          \
		{ "json", no_argument, NULL, 'j' }, { "verbose", no_argument, NULL, 'v' }
#define GLOBAL_SHORTOPTS "c:v"

/* 1 when opt is a global option (taken), else 0. */
static int global_opt(struct cli *c, int opt, const char *arg)
{
	switch (opt) {
	case 'c':
		c->conf_path = arg;
		c->conf_given = 1;
		return 1;
	case 'B': c->db_path = arg; return 1;
	case 'j': c->json = 1; return 1;
	case 'v':
		c->verbose = 1;
		nw_log_init("newswatch", 1);
		return 1;
	}
	return 0;
}

/* What a command takes from the conf: what it names (the store, the stories, the feeds and
 * channels) always; with CONF_FEEDS the feeds' plugins, set up to parse; with CONF_SEND the
 * channels' plugins and their secret files. The secrets are read only for a command that may
 * send (a member of the store's group may not read them; outside the service a credential is
 * not there), and plugins set up only where a command uses them (a feed's scraper that only
 * the service's machine has is no error for test-rule on a laptop). */
#define CONF_NAMES 0u
#define CONF_FEEDS NW_SETUP_FEEDS
#define CONF_SEND NW_SETUP_ALERTS

/* required: a missing default conf is an error */
static int load_conf(struct cli *c, int required, unsigned use)
{
	struct nw_errors errs = { 0 };

	if (c->conf)
		return 0;
	if (c->conf_failed)
		return -1;
	if (!required && !c->conf_given && access(c->conf_path, R_OK) != 0)
		return 0;
	nw_opt_secrets(use & CONF_SEND ? NW_SECRETS_READ : NW_SECRETS_SKIP);
	nw_conf_setup_plugins(use);
	c->conf = nw_conf_load(c->conf_path, c->plugins, &errs);
	nw_conf_setup_plugins(NW_SETUP_FEEDS | NW_SETUP_ALERTS);
	if (!c->conf) {
		nw_errors_print(&errs, stderr);
		fprintf(stderr, "newswatch: %zu error%s in %s\n", errs.n, errs.n == 1 ? "" : "s", c->conf_path);
		nw_errors_free(&errs);
		c->conf_failed = 1;
		return -1;
	}
	return 0;
}

/* An explicit -c FILE that cannot be read is an error for every command, --db or not: a
 * query given --db read the store and exited 0, the stories and channels that FILE would
 * have named missing without a word of why (a mistyped path). Said as the conf reader says
 * it. 0, or -1. */
static int conf_given_readable(const struct cli *c)
{
	struct stat sb;
	int e = 0;

	if (!c->conf_given)
		return 0;
	if (stat(c->conf_path, &sb) != 0 || access(c->conf_path, R_OK) != 0)
		e = errno;
	else if (S_ISDIR(sb.st_mode))
		e = EISDIR;
	if (!e)
		return 0;
	fprintf(stderr, "%s: cannot open: %s\nnewswatch: 1 error in %s\n", c->conf_path, strerror(e), c->conf_path);
	return -1;
}

static char *read_file(const char *path, size_t *len, char *err, size_t errlen)
{
	FILE *fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0;

	if (!fp) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	for (;;) {
		size_t got;
		if (n + 65536 + 1 > cap) {
			char *nb = realloc(buf, cap = (cap ? cap * 2 : 131072));
			if (!nb) {
				free(buf);
				snprintf(err, errlen, "%s: out of memory", path);
				buf = NULL;
				break;
			}
			buf = nb;
		}
		got = fread(buf + n, 1, cap - n - 1, fp);
		n += got;
		if (got == 0)
			break;
	}
	if (buf && ferror(fp)) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		free(buf);
		buf = NULL;
	}
	if (fp != stdin)
		fclose(fp);
	if (buf) {
		buf[n] = '\0';
		*len = n;
	}
	return buf;
}

/* ---- fetching one URL on a private loop (parse URL) ---- */

struct fetch_one {
	struct nw_fetch_res res;
	int done;
};

static void on_fetch_one(void *arg, struct nw_fetch_res *res)
{
	struct fetch_one *fo = arg;

	fo->res = *res;
	memset(res, 0, sizeof *res); /* ownership moves to fo */
	fo->done = 1;
}

/* One transfer, or one command (req->argv), as the daemon would make it. */
static int fetch_req(struct cli *c, const struct nw_fetch_req *req, struct nw_fetch_res *out)
{
	struct nw_conf *conf = c->conf ? c->conf : nw_conf_empty();
	struct fetch_one fo = { 0 };
	struct nw_fetcher *f;
	uv_loop_t loop;

	if (!conf)
		return -ENOMEM;
	curl_global_init(CURL_GLOBAL_DEFAULT);
	uv_loop_init(&loop);
	f = nw_fetcher_new(&loop, &conf->daemon);
	if (f && nw_fetch_start(f, req, on_fetch_one, &fo) == 0)
		while (!fo.done && uv_run(&loop, UV_RUN_ONCE))
			;
	nw_fetcher_close(f);
	uv_run(&loop, UV_RUN_DEFAULT);
	uv_loop_close(&loop);
	if (conf != c->conf)
		nw_conf_free(conf);
	curl_global_cleanup();
	*out = fo.res;
	return fo.done && fo.res.ok && !fo.res.not_modified ? 0 : -EIO;
}

static int fetch_url(struct cli *c, const char *url, int allow_file, struct nw_fetch_res *out)
{
	struct nw_fetch_req req = { .url = url, .allow_file = allow_file };

	return fetch_req(c, &req, out);
}

/* ---- parse ---- */

/* The length of the scheme of s when s is a URL (SCHEME://...), else 0: a file name. */
static size_t url_scheme(const char *s)
{
	size_t n = 0;

	if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')))
		return 0;
	while ((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= 'A' && s[n] <= 'Z') || (s[n] >= '0' && s[n] <= '9') ||
	       s[n] == '+' || s[n] == '-' || s[n] == '.')
		n++;
	return strncmp(s + n, "://", 3) == 0 ? n : 0;
}

/* Whether the scheme of s (url_scheme: n bytes) is http or https, in any case. */
static int http_scheme(const char *s, size_t n)
{
	return (n == 4 && strncasecmp(s, "http", 4) == 0) || (n == 5 && strncasecmp(s, "https", 5) == 0);
}

/* --since: a moment (RFC 3339 / RFC 822) or a duration back from now (24h, 7d); NW_TIME_NONE
 * (said, naming cmd) when it is neither. */
static int64_t since_arg(const char *cmd, const char *arg, int64_t now)
{
	int64_t t, ms;

	/* 3600 was the year 3600 and 7200 seconds, 2030 a year: a bare number is neither */
	if (*arg && !arg[strspn(arg, "0123456789")]) {
		fprintf(stderr, "newswatch %s: --since '%s': a number alone is ambiguous: give a duration with its unit "
			"(%ss, 24h, 7d) or a date (2024-01-01)\n", cmd, arg, arg);
		return NW_TIME_NONE;
	}
	t = nw_date_parse(arg);
	if (t == NW_TIME_NONE && nw_parse_duration(arg, &ms) == 0)
		t = now - ms / 1000;
	if (t == NW_TIME_NONE)
		fprintf(stderr, "newswatch %s: --since '%s' is neither a date nor a duration (24h, 7d)\n", cmd, arg);
	return t;
}

/* s as the text outputs show a feed's words: one line, no control or bidi character
 * (nw_printable), in one of a few buffers that the next calls reuse. NULL stays NULL. */
static const char *shown(const char *s)
{
	static char *pool[8];
	static unsigned next;
	char **slot = &pool[next++ % 8];

	free(*slot);
	*slot = NULL;
	if (!s)
		return NULL;
	if (!(*slot = strdup(s)))
		return "?";
	nw_printable(*slot);
	return *slot;
}

static void print_doc_text(const struct nw_doc *doc)
{
	char date[32];

	printf("%s (%s)\n", doc->title ? shown(doc->title) : "(untitled feed)", doc->format ? doc->format : "?");
	if (doc->link)
		printf("  %s\n", shown(doc->link));
	if (doc->warning)
		printf("  warning: %s\n", shown(doc->warning));
	printf("  %zu item%s\n\n", doc->nitems, doc->nitems == 1 ? "" : "s");
	for (size_t i = 0; i < doc->nitems; i++) {
		const struct nw_item *it = &doc->items[i];
		int64_t t = it->published != NW_TIME_NONE ? it->published : it->updated;
		if (t != NW_TIME_NONE)
			nw_date_format(t, date, sizeof date);
		else
			snprintf(date, sizeof date, "%-20s", "(no date)");
		printf("%s  %s\n%22s%s\n", date, it->title ? shown(it->title) : "(untitled)", "", it->link ? shown(it->link) : "");
	}
}

static int cmd_parse(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = { { "plugin", required_argument, NULL, 'p' },
					      { "set", required_argument, NULL, 's' },
					      { "base", required_argument, NULL, 'b' },
					      GLOBAL_LONGOPTS, { NULL, 0, NULL, 0 } };
	const char *plugin = "rss", *src, *base_opt = NULL;
	const struct nw_plugin *p;
	struct nw_plugin_inst inst = { 0 };
	struct nw_doc doc = { 0 };
	struct nw_fetch_res res = { 0 };
	char **sets = calloc((size_t)argc + 1, sizeof *sets), err[1024] = "";
	size_t nsets = 0, len = 0, n;
	char *data = NULL;
	int64_t mtime = 0; /* a FILE's, when it was saved */
	int opt, is_url = 0, file_url = 0, cmd = 0, rc = 2; /* wrong usage, until the document is read */

	optind = 0; /* 0, not 1: getopt starts over, options after operands too (main parsed with "+") */
	while ((opt = getopt_long(argc, argv, GLOBAL_SHORTOPTS, opts, NULL)) != -1) {
		if (opt == 'p')
			plugin = optarg;
		else if (opt == 's')
			sets[nsets++] = optarg;
		else if (opt == 'b')
			base_opt = optarg;
		else if (!global_opt(c, opt, optarg))
			goto out;
	}
	/* no FILE|URL: a plugin that makes its own request (exec: its command) */
	if (optind < argc - 1 || (optind == argc && nsets == 0)) {
		fprintf(stderr, "usage: newswatch parse [--plugin NAME] [--set KEY=VALUE]... [--base URL] FILE|URL\n"
				"       newswatch parse --plugin exec --set command=... (the command's output)\n");
		goto out;
	}
	if (base_opt && !http_scheme(base_opt, url_scheme(base_opt))) {
		fprintf(stderr, "newswatch parse: --base %s: an http:// or https:// address, the feed's\n", base_opt);
		goto out;
	}
	src = optind < argc ? argv[optind] : NULL;
	/* a scheme is any case (RFC 3986); file:// as a feed's url with allow_file = yes; a URL
	 * of another scheme is no file name either (it was read as one: "No such file") */
	if (src && (n = url_scheme(src)) && access(src, F_OK) != 0) {
		if (n == 4 && strncasecmp(src, "file", 4) == 0)
			file_url = 1;
		else if (!http_scheme(src, n)) {
			fprintf(stderr, "newswatch parse: %s: unsupported scheme '%.*s' (http://, https://, file:// "
				"or a file name)\n", src, (int)n, src);
			goto out;
		}
		is_url = 1;
	}
	/* the conf's plugin_dir, user_agent, timeouts and size cap, when there is one */
	if (load_conf(c, 0, CONF_NAMES))
		goto out;
	if (nw_plugins_get(c->plugins, c->conf ? c->conf->daemon.plugin_dir : NULL, NW_PLUGIN_SOURCE, plugin, &p, err,
			   sizeof err) || nw_plugin_inst_new(&inst, p)) {
		fprintf(stderr, "newswatch: %s\n", *err ? err : "cannot set up the plugin");
		goto out;
	}
	for (size_t i = 0; i < nsets; i++) {
		char *eq = strchr(sets[i], '=');
		const struct nw_option *o;
		if (eq)
			*eq = '\0';
		o = eq ? nw_opt_find(p->options, sets[i]) : NULL;
		if (!o) {
			fprintf(stderr, "newswatch: --set %s: %s\n", sets[i],
				eq ? "no such option for this plugin (see newswatchd --dump-options)" : "expected KEY=VALUE");
			goto out;
		}
		if (nw_opt_set(o, inst.ctx, sets[i], eq + 1, 0, 1, err, sizeof err)) {
			fprintf(stderr, "newswatch: --set: %s\n", err);
			goto out;
		}
	}
	if (p->init && p->init(inst.ctx, err, sizeof err)) {
		fprintf(stderr, "newswatch: plugin %s: %s\n", plugin, err);
		goto out;
	}
	inst.ready = 1;
	rc = 1; /* from here, the document could not be fetched or parsed */
	if (!src) { /* the plugin's own request: a command's output, as the daemon runs it */
		struct nw_request pr = { NULL, NULL, 0, 0 };
		struct nw_fetch_req req = { 0 };
		if (!p->request || p->request(inst.ctx, &pr, err, sizeof err) != 0 || !pr.argv) {
			fprintf(stderr, "newswatch parse: plugin %s: %s\n", plugin,
				*err ? err : "it reads a FILE or URL: give one");
			rc = 2;
			goto out;
		}
		req.argv = pr.argv;
		req.timeout = pr.timeout;
		req.max_output = pr.max_output;
		req.label = "parse";
		src = pr.argv[0];
		if (fetch_req(c, &req, &res)) {
			fprintf(stderr, "newswatch: %s\n", *res.error ? res.error : src);
			goto out;
		}
		cmd = 1; /* the output is in res (no address to resolve links against) */
	} else if (is_url) {
		if (fetch_url(c, src, file_url, &res)) {
			fprintf(stderr, "newswatch: %s\n", *res.error ? res.error : src);
			goto out;
		}
	} else if (!(data = read_file(src, &len, err, sizeof err))) {
		fprintf(stderr, "newswatch: %s\n", err);
		goto out;
	} else {
		struct stat sb;
		mtime = stat(src, &sb) == 0 ? (int64_t)sb.st_mtime : 0;
	}
	{
		/* links resolve against the address without its password, as in the daemon */
		char *base = nw_url_without_userinfo(base_opt ? base_opt : data || cmd ? NULL : res.effective_url ? res.effective_url : src);
		struct nw_input in = { data ? data : res.data, data ? len : res.len, base, data ? NULL : res.content_type,
				       data ? mtime : (int64_t)time(NULL) }; /* a saved page: when it was saved */
		int failed;

		doc.budget = nw_doc_budget(in.len);
		failed = p->parse(inst.ctx, &in, &doc, err, sizeof err);
		if (!failed)
			nw_doc_finish(&doc, base);
		free(base);
		if (failed) {
			/* a page served in its place, said as the daemon says it (not of the html
			 * source's failures: a page is what it reads) */
			char shown[1024], *page = strcmp(p->name, "html") ? nw_page_in_place(in.data, in.len, in.content_type)
									  : NULL;
			fprintf(stderr, "newswatch: %s: %s%s\n", nw_url_shown(src, shown, sizeof shown),
				*err ? err : "cannot parse", page ? page : "");
			free(page);
			goto out;
		}
	}
	if (doc.warning)
		fprintf(stderr, "newswatch: %s: warning: %s\n", src, doc.warning);
	if (c->json) {
		json_t *j = nw_doc_to_json(&doc);
		char *s = j ? json_dumps(j, JSON_INDENT(1) | JSON_PRESERVE_ORDER) : NULL;
		if (s)
			printf("%s\n", s);
		free(s);
		json_decref(j);
	} else {
		print_doc_text(&doc);
	}
	rc = 0;
out:
	nw_doc_free(&doc);
	nw_fetch_res_free(&res);
	nw_plugin_inst_free(&inst);
	free(data);
	free(sets);
	return rc;
}

/* ---- test-rule ---- */

static void print_snippet(const char *text, size_t start, size_t end)
{
	size_t a = start > 24 ? start - 24 : 0, b = end + 24;
	size_t len = strlen(text);

	if (b > len)
		b = len;
	while (a > 0 && (text[a] & 0xC0) == 0x80)
		a--;
	while (b < len && (text[b] & 0xC0) == 0x80)
		b++;
	printf("%s%.*s[%.*s]%.*s%s", a ? "…" : "", (int)(start - a), text + a, (int)(end - start), text + start,
	       (int)(b - end), text + end, b < len ? "…" : "");
}

/* A saved page or text file in another encoding than UTF-8 (a Korean page in EUC-KR, a
 * Japanese one in Shift_JIS), as a feed's plugin reads it: a UTF-16 BOM, else the charset its
 * <meta> or XML declaration names in its first 64 KiB, converted; with none, said (its
 * invalid bytes are replaced, and aliases cannot match them). Takes text; returns it or its
 * conversion. */
static char *file_to_utf8(const char *path, char *text, size_t *len)
{
	const unsigned char *u = (const unsigned char *)text;
	char label[64] = "";
	size_t lim = *len < 65536 ? *len : 65536, bad = 0, n;
	const char *enc;
	char *out;

	if (*len >= 2 && ((u[0] == 0xFE && u[1] == 0xFF) || (u[0] == 0xFF && u[1] == 0xFE)))
		snprintf(label, sizeof label, "%s", u[0] == 0xFE ? "UTF-16BE" : "UTF-16LE");
	else if (nw_utf8_span(text, *len) == *len)
		return text;
	/* an XML document (a saved feed) by its declaration, whatever a <meta> in its CDATA
	 * says; a page as the html source reads it: a <meta> (none in a comment, nor a keywords
	 * meta's word "charset"), else the declaration's. The first "charset" or "encoding"
	 * anywhere, in a comment or the text, was taken. */
	if (!label[0]) {
		size_t lead = 0;
		while (lead < lim && isspace((unsigned char)text[lead]))
			lead++;
		if (!nw_xml_decl_encoding(text + lead, *len - lead, label, sizeof label))
			nw_html_meta_charset(text, *len, lim, label, sizeof label);
	}
	if (!label[0]) {
		fprintf(stderr, "newswatch test-rule: %s is not UTF-8 and names no charset: its invalid bytes are replaced "
				"(save it as UTF-8, or with its <meta charset>)\n", path);
		return text;
	}
	enc = nw_charset_superset(label) ? nw_charset_superset(label) : label;
	if (!strcasecmp(enc, "utf-8") || !strcasecmp(enc, "utf8"))
		return text;
	if (u[0] == 0xFE || u[0] == 0xFF) /* the BOM itself is not text */
		out = nw_charset_to_utf8(enc, text + 2, *len - 2, &n, &bad);
	else
		out = nw_charset_to_utf8(enc, text, *len, &n, &bad);
	if (!out) {
		fprintf(stderr, "newswatch test-rule: %s: cannot read charset '%s': read as UTF-8\n", path, label);
		return text;
	}
	free(text);
	*len = n;
	return out;
}

/* The root element's name when text is a feed (RSS, Atom, RDF): after a BOM, blanks, the
 * XML declaration, comments, a DOCTYPE and processing instructions. NULL otherwise. */
static const char *feed_root(const char *text)
{
	static const char *const roots[] = { "rss", "feed", "rdf:RDF", "RDF", "channel" };
	const char *p = text;

	if (strncmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3;
	for (;;) {
		const char *end;
		p += strspn(p, " \t\r\n");
		if (strncmp(p, "<!--", 4) == 0) {
			end = strstr(p + 4, "-->");
		} else if (strncmp(p, "<!", 2) == 0) {
			/* a DOCTYPE's internal subset ([<!ENTITY nbsp "&#160;">]) has '>' of its own */
			const char *gt = strchr(p + 2, '>'), *sub = strchr(p + 2, '[');
			end = sub && gt && sub < gt && (sub = strchr(sub, ']')) ? strchr(sub, '>') : gt;
		} else if (strncmp(p, "<?", 2) == 0) {
			end = strchr(p + 2, '>');
		} else {
			break;
		}
		if (!end)
			return NULL;
		p = end + (*end == '-' ? 3 : 1);
	}
	if (*p++ != '<')
		return NULL;
	for (size_t i = 0; i < sizeof roots / sizeof *roots; i++) {
		size_t n = strlen(roots[i]);
		if (strncmp(p, roots[i], n) == 0 && (!p[n] || strchr(" \t\r\n/>", p[n])))
			return roots[i];
	}
	return NULL;
}

/* test-rule's reading of one argument a as a global option, as getopt_long would read it:
 * --config[=F], --db[=F], --json, --verbose or an unambiguous prefix of one; -v, -c F, -cF,
 * -vcF. Returns 'c' or 'B' (arg the value, or NULL when it is the next argument), -1 when a
 * bundle of -v only was taken, 0 when a is no option (a TEXT: "-5% for OpenAI"). */
static int test_rule_opt(struct cli *c, const char *a, const char **arg)
{
	static const struct { const char *name; int opt; } longs[] = {
		{ "config", 'c' }, { "db", 'B' }, { "json", 'j' }, { "verbose", 'v' },
	};

	*arg = NULL;
	if (a[0] != '-' || !a[1])
		return 0;
	if (a[1] == '-') {
		const char *name = a + 2, *eq = strchr(name, '=');
		size_t n = eq ? (size_t)(eq - name) : strlen(name);
		int found = 0, hits = 0;
		if (!n)
			return 0;
		for (size_t i = 0; i < sizeof longs / sizeof *longs; i++)
			if (strncmp(longs[i].name, name, n) == 0) {
				found = longs[i].opt;
				hits++;
				if (strlen(longs[i].name) == n) {
					hits = 1;
					break;
				}
			}
		if (hits != 1 || (eq && found != 'c' && found != 'B'))
			return 0;
		if (found == 'c' || found == 'B') {
			*arg = eq ? eq + 1 : NULL;
			return found;
		}
		global_opt(c, found, NULL);
		return -1;
	}
	for (const char *p = a + 1; *p; p++) /* a bundle: v's, then perhaps c and its value */
		if (*p == 'c')
			break;
		else if (*p != 'v')
			return 0;
	for (const char *p = a + 1; *p; p++) {
		if (*p == 'c') {
			*arg = p[1] ? p + 1 : NULL;
			return 'c';
		}
		global_opt(c, 'v', NULL);
	}
	return -1;
}

static int cmd_test_rule(struct cli *c, int argc, char **argv)
{
	const char *only = NULL, *src;
	struct nw_classification cls = { 0 };
	struct nw_features feat = { 0 };
	struct nw_lexicon *lx;
	const char *lang = "";
	char err[512], *text;
	size_t len;
	int any = 0, nops = 0, dashdash = 0, from_file;
	const char *ops[2];
	json_t *out;

	/* the global options, wherever they stand; not getopt: a TEXT is often a headline that
	 * begins with a dash ("-5% for OpenAI", "--- Breaking"), taken as is as it always was
	 * (only one that is itself such an option needs a -- before it) */
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *arg = NULL;
		int opt = 0;
		if (!dashdash && strcmp(a, "--") == 0) {
			dashdash = 1;
			continue;
		}
		if (!dashdash)
			opt = test_rule_opt(c, a, &arg);
		if (opt && (opt == 'c' || opt == 'B') && !arg) {
			if (i + 1 >= argc)
				goto usage;
			arg = argv[++i];
		}
		if (opt > 0)
			global_opt(c, opt, arg);
		if (opt)
			continue;
		if (nops == 2)
			goto usage;
		ops[nops++] = a;
	}
	if (nops < 1) {
usage:
		fprintf(stderr, "usage: newswatch test-rule [STORY] FILE|TEXT\n");
		return 2;
	}
	if (load_conf(c, 1, CONF_NAMES))
		return 2;
	/* nothing to match against: not "no story matched" (exit 1), a conf that needs one */
	if (nw_storyset_count(c->conf->storyset) == 0) {
		fprintf(stderr, "newswatch test-rule: no [story] in %s: nothing to test the text against\n", c->conf->path);
		return 2;
	}
	if (nops == 2)
		only = ops[0];
	src = ops[nops - 1];
	if (only) {
		size_t i;
		for (i = 0; i < nw_storyset_count(c->conf->storyset); i++)
			if (strcmp(nw_storyset_name(c->conf->storyset, i), only) == 0)
				break;
		if (i == nw_storyset_count(c->conf->storyset)) {
			fprintf(stderr, "newswatch: no [story %s] in %s\n", only, c->conf->path);
			return 2;
		}
	}
	{
		struct stat sb;
		/* "-": the standard input, as parse reads it */
		if ((from_file = strcmp(src, "-") == 0 || (stat(src, &sb) == 0 && S_ISREG(sb.st_mode)))) {
			if (!(text = read_file(src, &len, err, sizeof err))) {
				fprintf(stderr, "newswatch: %s\n", err);
				return 2;
			}
			text = file_to_utf8(src, text, &len);
			/* a feed is not one article: read as a page, its items' titles are left out
			 * and the words of all its items taken together, which match where no item
			 * does (OpenAI in the first, Microsoft in the third) */
			if (feed_root(text))
				fprintf(stderr, "newswatch test-rule: warning: %s is a feed (<%s>), not an article: it is "
						"read as one page (its items' titles left out, the words of all its "
						"items together), not as newswatchd reads it; newswatch%s%s replay %s "
						"runs each item through the stories\n",
					src, feed_root(text), c->conf_given ? " -c " : "", c->conf_given ? c->conf_path : "",
					src);
		} else {
			text = strdup(src);
		}
	}
	/* read as feed text is: a file as an item's body, markup stripped and entities decoded;
	 * a TEXT as a headline, which is HTML only when it looks like it ("Ask <OpenAI>
	 * anything" is words in brackets) */
	if (text) {
		char *plain = from_file || nw_looks_like_html(text) ? nw_html_to_text(text, strlen(text))
								     : nw_collapse_ws(text, strlen(text));
		free(text);
		text = plain;
	}
	/* and a file, as an item's body is, without the sentences outlets append (a copyright
	 * line, "Read more"): what the daemon would not match, neither does this. A TEXT is
	 * taken as a headline is, whole. */
	lx = nw_lexicon_new();
	if (text && lx && from_file) {
		char *kept = nw_strip_boilerplate(lx, text);
		if (kept && strlen(kept) + 8 < strlen(text))
			fprintf(stderr, "newswatch test-rule: %zu of the text's %zu bytes are an outlet's boilerplate "
					"(a copyright line, \"Read more\"): not matched, as in newswatchd\n",
				strlen(text) - strlen(kept), strlen(text));
		free(text);
		text = kept;
	}
	if (!lx || !text || nw_storyset_classify(c->conf->storyset, NULL, text, &cls) || !(out = json_array())) {
		nw_classification_free(&cls);
		nw_lexicon_free(lx);
		free(text);
		return 2;
	}
	/* a story followed in some languages only: the text's script tells its language, as
	 * for an item whose feed does not say */
	if (nw_features_extract(lx, NULL, text, &feat) == 0)
		lang = feat.lang;
	for (size_t i = 0; i < cls.n; i++) {
		const struct nw_story_match *m = &cls.v[i];
		const struct nw_story_conf *sc = nw_conf_story(c->conf, m->story);
		json_t *hits = json_array();
		int off = m->matched && sc && !nw_story_language_ok(sc, NULL, lang);
		char why[160] = "";
		if (only && strcmp(m->story, only) != 0)
			continue;
		any |= m->matched && !off;
		if (off) {
			size_t o = (size_t)snprintf(why, sizeof why, "the text is in %s; the story follows ", lang);
			for (size_t l = 0; l < sc->language.n && o < sizeof why; l++)
				o += (size_t)snprintf(why + o, sizeof why - o, "%s%s", l ? ", " : "", sc->language.v[l]);
		}
		if (!c->json) {
			if (off)
				printf("%s: no match (language: %s)\n", m->story, why);
			else
				printf("%s: %s\n", m->story,
				       m->matched ? "MATCH" : m->excluded ? "no match (excluded)" : "no match");
			if (m->explain)
				printf("  rule: %s\n", m->explain);
		}
		for (size_t h = 0; h < m->nhits; h++) {
			const struct nw_alias_hit *ah = &m->hits[h];
			const char *ftext = ah->field == 0 ? cls.norm_title : cls.norm_body;
			if (!c->json) {
				printf("  %s = \"%s\" at %s bytes %zu-%zu: ", ah->entity, ah->alias,
				       ah->field == 0 ? "title" : "text", ah->start, ah->end);
				if (ftext)
					print_snippet(ftext, ah->start, ah->end);
				printf("\n");
			}
			json_array_append_new(hits, json_pack("{s:s, s:s, s:s, s:I, s:I}", "entity", ah->entity, "alias",
							      ah->alias, "field", ah->field == 0 ? "title" : "text", "start",
							      (json_int_t)ah->start, "end", (json_int_t)ah->end));
		}
		json_array_append_new(out, json_pack("{s:s, s:b, s:b, s:s, s:o}", "story", m->story, "matched",
						     m->matched && !off, "excluded", m->excluded, "explain",
						     m->explain ? m->explain : "", "aliases", hits));
		if (off)
			json_object_set_new(json_array_get(out, json_array_size(out) - 1), "language", json_string(why));
	}
	if (c->json) {
		char *s = json_dumps(out, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
		printf("%s\n", s);
		free(s);
	}
	json_decref(out);
	nw_classification_free(&cls);
	nw_features_free(&feat);
	nw_lexicon_free(lx);
	free(text);
	return any ? 0 : 1;
}

/* ---- replay ---- */

struct replay_out {
	int text;
	size_t items, dups, alerts;
};

static int utf8_width(const char *s, size_t max_bytes);

static void replay_report(void *arg, json_t *obj)
{
	struct replay_out *ro = arg;
	json_t *stories = json_object_get(obj, "stories"), *s;
	const char *dup = json_string_value(json_object_get(obj, "duplicate_of"));
	size_t i;

	ro->items++;
	ro->dups += dup != NULL;
	json_array_foreach(stories, i, s)
		ro->alerts += json_is_true(json_object_get(s, "alert"));
	if (!ro->text) {
		char *line = json_dumps(obj, JSON_COMPACT | JSON_PRESERVE_ORDER);
		if (line)
			printf("%s\n", line);
		free(line);
		return;
	}
	{ /* the feed's name in 10 columns (a CJK character takes two) */
		const char *feed = json_string_value(json_object_get(obj, "feed")), *title;
		int pad = 10 - utf8_width(feed ? feed : "", SIZE_MAX);
		title = json_string_value(json_object_get(obj, "title"));
		printf("  %s%*s %s\n", feed ? shown(feed) : "", pad > 0 ? pad : 0, "", title ? shown(title) : "");
	}
	if (dup)
		printf("  %10s   ↳ duplicate of %s\n", "", shown(dup));
	json_array_foreach(stories, i, s) {
		const char *verdict = json_string_value(json_object_get(s, "verdict"));
		json_t *m = json_object_get(s, "matched"), *e;
		size_t k;
		printf("  %10s   %s [%s] %s development #%lld  matched:", "",
		       json_is_true(json_object_get(s, "alert")) ? "🔔" : "·",
		       json_string_value(json_object_get(s, "story")), verdict,
		       (long long)json_integer_value(json_object_get(s, "development")));
		json_array_foreach(m, k, e)
			printf(" %s", shown(json_string_value(e)));
		printf("\n");
	}
}

/* The moment a snapshot is taken as fetched: its newest item's date. Items dated after now
 * are left out while others are not: they are misdated (as the wall clock, such an item made
 * every other item of the snapshot stale). A snapshot dated after now throughout is taken at
 * its own dates (a corpus set in a year to come: replay follows the items, not the clock). */
static int64_t snapshot_time(const struct nw_doc *doc, int64_t prev)
{
	int64_t past = NW_TIME_NONE, ahead = NW_TIME_NONE, wall = (int64_t)time(NULL);

	for (size_t i = 0; i < doc->nitems; i++) {
		int64_t it = doc->items[i].published != NW_TIME_NONE ? doc->items[i].published : doc->items[i].updated;
		int64_t *t = it <= wall ? &past : &ahead;
		if (it != NW_TIME_NONE && (*t == NW_TIME_NONE || it > *t))
			*t = it;
	}
	return past != NW_TIME_NONE ? past : ahead != NW_TIME_NONE ? ahead : prev;
}

/* Where a replay argument's PATH begins: after FEED= when the text before the first '=' is
 * a feed's name (no '/' in it: "snap/date=2024/wire.xml" is a bare path), else at 0. */
static const char *snapshot_path(const char *spec)
{
	const char *eq = strchr(spec, '=');

	return eq && !memchr(spec, '/', (size_t)(eq - spec)) ? eq + 1 : spec;
}

/* One replay argument, [FEED=]PATH: its feed (an ad-hoc rss one when the conf has none of
 * that name, named after the file without FEED=) and the snapshot parsed. quiet: errors and
 * warnings not printed (a look ahead; the snapshot is read again in its turn, so one that
 * can be read once only, stdin or a pipe, is not read then). 0, or -1. */
static int load_snapshot(struct cli *c, const char *spec, struct nw_feed_conf **fc, const char **path,
			 struct nw_doc *doc, int quiet)
{
	const char *eq, *base;
	char *name, *data, *dot, *url, err[1024];
	size_t len;
	int r;

	*path = snapshot_path(spec);
	eq = *path != spec ? *path - 1 : NULL;
	if (quiet) {
		struct stat sb;
		if (strcmp(*path, "-") == 0 || stat(*path, &sb) != 0 || !S_ISREG(sb.st_mode))
			return -1;
	}
	base = strrchr(*path, '/') ? strrchr(*path, '/') + 1 : *path;
	if (!(name = eq ? strndup(spec, (size_t)(eq - spec)) : strdup(base)))
		return -1;
	if (!eq && (dot = strrchr(name, '.')))
		*dot = '\0';
	{ /* a name, or a file's, in another encoding (été.xml in Latin-1): its bytes replaced,
	   * as the output is JSON, which has no place for them */
		size_t n;
		int changed = 0;
		char *fixed = nw_utf8_repair(name, strlen(name), &n, &changed);

		if (changed && !fixed) {
			free(name);
			return -1;
		}
		if (fixed) {
			free(name);
			name = fixed;
		}
	}
	*fc = nw_conf_feed(c->conf, name);
	if (!*fc)
		*fc = nw_conf_add_feed(c->conf, c->plugins, name, "rss", err, sizeof err);
	free(name);
	if (!*fc || !(data = read_file(*path, &len, err, sizeof err))) {
		if (!quiet)
			fprintf(stderr, "newswatch replay: %s\n", err);
		return -1;
	}
	url = nw_url_without_userinfo((*fc)->url); /* as in the daemon */
	{
		/* fetched 0: "3 hours ago" is not read, since a replay follows the items' own
		 * dates, never the clock */
		struct nw_input in = { data, len, url ? url : (*fc)->url, NULL, 0 };
		doc->budget = nw_doc_budget(len);
		r = (*fc)->src.p->parse((*fc)->src.ctx, &in, doc, err, sizeof err);
		if (!r)
			nw_doc_finish(doc, in.url);
	}
	free(url);
	free(data);
	if (r) {
		if (!quiet)
			fprintf(stderr, "newswatch replay: %s: %s\n", *path, err);
		nw_doc_free(doc);
		return -1;
	}
	if (doc->warning && !quiet)
		fprintf(stderr, "newswatch replay: %s: warning: %s\n", *path, doc->warning);
	return 0;
}

/* The daemon's sending machinery on a loop of our own: replay --deliver and alert-test
 * send through the same outbox, fetcher and plugins as newswatchd. */
struct sender {
	uv_loop_t loop;
	struct nw_fetcher *f;
	struct nw_outbox *ob;
};

static int sender_open(struct sender *s, struct nw_store *st, const struct nw_conf *conf)
{
	memset(s, 0, sizeof *s);
	signal(SIGPIPE, SIG_IGN); /* an alert command that does not read its input */
	curl_global_init(CURL_GLOBAL_DEFAULT);
	uv_loop_init(&s->loop);
	if (!(s->f = nw_fetcher_new(&s->loop, &conf->daemon)) || !(s->ob = nw_outbox_new(&s->loop, st, s->f))) {
		fprintf(stderr, "newswatch: cannot set up sending\n");
		return -ENOMEM;
	}
	nw_outbox_set_conf(s->ob, conf);
	return 0;
}

/* Send what is due and wait for the answers (a message to retry stays queued). */
static void sender_flush(struct sender *s)
{
	nw_outbox_kick(s->ob);
	while (nw_outbox_busy(s->ob) && uv_run(&s->loop, UV_RUN_ONCE))
		;
}

static void sender_close(struct sender *s)
{
	nw_outbox_stopping(s->ob); /* a mail taken as the fetcher closes: recorded, no more sent */
	nw_fetcher_close(s->f);
	if (s->ob)
		nw_outbox_close(s->ob);
	uv_run(&s->loop, UV_RUN_DEFAULT);
	uv_loop_close(&s->loop);
	curl_global_cleanup();
}

/* replay's scratch store (no --db): a folder of its own under $TMPDIR, removed at the end,
 * and at SIGINT, SIGTERM, SIGHUP or SIGPIPE, after which the signal ends the process as it
 * would */
static char scratch_dir[PATH_MAX];
static char scratch_files[4][PATH_MAX + 16]; /* the store, its -wal, -shm and .lock */

static void scratch_remove(void)
{
	for (size_t i = 0; i < sizeof scratch_files / sizeof *scratch_files; i++)
		if (*scratch_files[i])
			unlink(scratch_files[i]);
	if (*scratch_dir)
		rmdir(scratch_dir);
}

static void scratch_on_signal(int sig)
{
	scratch_remove(); /* unlink and rmdir: async-signal-safe */
	signal(sig, SIG_DFL);
	raise(sig);
}

/* What replay printed, out before its alerts are sent. SIGPIPE is ignored while they are
 * (sender_open: a command that does not read its input): a reader that is gone (replay
 * --deliver | head) ends the command as the signal would have, quietly, its scratch store
 * removed; it went on through every snapshot, with "Broken pipe" and exit 1 at the end. */
static void stdout_flush(void)
{
	if (fflush(stdout) == EOF && errno == EPIPE) {
		scratch_remove();
		signal(SIGPIPE, SIG_DFL);
		raise(SIGPIPE);
	}
}

/* The scratch store's path, or NULL (said why). */
static const char *scratch_make(void)
{
	static const char *const suffix[] = { "", "-wal", "-shm", ".lock" };
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGPIPE }; /* (replay | head: SIGPIPE) */
	const char *tmp = getenv("TMPDIR");
	struct sigaction sa;

	if (!tmp || !*tmp)
		tmp = "/tmp";
	if ((size_t)snprintf(scratch_dir, sizeof scratch_dir, "%s/newswatch-replay-XXXXXX", tmp) >= sizeof scratch_dir) {
		*scratch_dir = '\0';
		fprintf(stderr, "newswatch replay: scratch store: $TMPDIR is too long\n");
		return NULL;
	}
	if (!mkdtemp(scratch_dir)) {
		fprintf(stderr, "newswatch replay: scratch store in %s: %s (set TMPDIR, or give --db)\n", tmp,
			strerror(errno));
		*scratch_dir = '\0';
		return NULL;
	}
	for (size_t i = 0; i < sizeof suffix / sizeof *suffix; i++)
		snprintf(scratch_files[i], sizeof scratch_files[i], "%s/replay.db%s", scratch_dir, suffix[i]);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = scratch_on_signal;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++) {
		struct sigaction old;
		/* a signal the caller ignores (nohup) stays ignored */
		if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler != SIG_IGN)
			sigaction(sigs[i], &sa, NULL);
	}
	return scratch_files[0];
}

static int cmd_replay(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = { { "format", required_argument, NULL, 'f' },
					      { "deliver", no_argument, NULL, 'd' }, GLOBAL_LONGOPTS, { NULL, 0, NULL, 0 } };
	static const char usage_line[] = "usage: newswatch replay [--format json|text] [--deliver] [FEED=]SNAPSHOT...\n";
	struct replay_out ro = { 0 };
	int deliver = 0, sending = 0;
	struct sender snd;
	struct nw_store *st = NULL;
	struct nw_pipeline *pl = NULL;
	char err[1024];
	const char *db;
	int64_t now = 0;
	int opt, rc = 1, claim = -1;

	optind = 0; /* 0, not 1: getopt starts over, options after operands too (main parsed with "+") */
	while ((opt = getopt_long(argc, argv, GLOBAL_SHORTOPTS, opts, NULL)) != -1) {
		if (opt == 'f') {
			if (strcmp(optarg, "text") != 0 && strcmp(optarg, "json") != 0) {
				fprintf(stderr, "newswatch replay: --format is json or text, not '%s'\n", optarg);
				return 2;
			}
			ro.text = strcmp(optarg, "text") == 0;
		} else if (opt == 'd') {
			deliver = 1;
		} else if (!global_opt(c, opt, optarg)) {
			fputs(usage_line, stderr);
			return 2;
		}
	}
	if (optind >= argc) {
		fputs(usage_line, stderr);
		return 2;
	}
	for (int i = optind; i < argc; i++)
		if (snapshot_path(argv[i]) == argv[i] + 1 || !*snapshot_path(argv[i])) {
			fprintf(stderr, "newswatch replay: '%s': %s\n", argv[i],
				argv[i][0] == '=' ? "FEED= names no feed" : "no snapshot after FEED=");
			fputs(usage_line, stderr);
			return 2;
		}
	if (c->json && ro.text) { /* two outputs asked for: neither taken in silence */
		fprintf(stderr, "newswatch replay: --json and --format text are two outputs: give one\n");
		return 2;
	}
	if (deliver && !ro.text) {
		fprintf(stderr, "newswatch replay: --deliver goes with --format text (JSON output is the replay objects only)\n");
		return 2;
	}
	db = c->db_path;
	if (load_conf(c, 0, CONF_FEEDS | (deliver ? CONF_SEND : 0)))
		return 2;
	if (!c->conf && !(c->conf = nw_conf_empty()))
		return 2;
	if (!db && !(db = scratch_make()))
		return 2;
	/* sending: the store's queued alerts too, so not beside a daemon that sends them */
	if (deliver && (claim = nw_store_claim(db, err, sizeof err)) < 0) {
		fprintf(stderr, "newswatch replay: store: %s\n", err);
		goto out;
	}
	/* beside a running newswatchd (not --deliver, which would have been refused): the
	 * store's updates are the daemon's (NW_STORE_BESIDE) */
	if (nw_store_open(db, claim >= 0 ? 0 : NW_STORE_BESIDE, &st, err, sizeof err)) {
		fprintf(stderr, "newswatch replay: store: %s\n", err);
		rc = 2; /* a store that cannot be opened, as for the queries (newswatch(1)) */
		goto out;
	}
	if (!(pl = nw_pipeline_new(st, c->conf, 0, err, sizeof err))) {
		fprintf(stderr, "newswatch replay: %s\n", err);
		goto out;
	}
	if (deliver) {
		sending = 1;
		if (sender_open(&snd, st, c->conf))
			goto out;
	} else /* not now, and not by a daemon later on this store */
		nw_pipeline_no_outbox(pl);
	for (int i = optind; i < argc; i++) {
		const char *path;
		struct nw_feed_conf *fc;
		struct nw_pipeline_stats ps;
		struct nw_doc doc = { 0 };
		int r;

		if (load_snapshot(c, argv[i], &fc, &path, &doc, 0))
			goto out;
		if (!(now = snapshot_time(&doc, now)) && doc.nitems) {
			/* items with no date and none dated before them: they are taken as fetched
			 * when the next dated snapshot was (at 1970 they were too far from every
			 * later item to be their original: the copies alerted again), else now */
			char *name = strdup(fc->name);
			for (int j = i + 1; j < argc && !now; j++) {
				struct nw_feed_conf *fj;
				const char *pj;
				struct nw_doc dj = { 0 };
				if (load_snapshot(c, argv[j], &fj, &pj, &dj, 1) == 0)
					now = snapshot_time(&dj, 0);
				nw_doc_free(&dj);
			}
			if (!now)
				now = (int64_t)time(NULL);
			/* the look ahead may have added feeds: the conf's array moved */
			fc = name ? nw_conf_feed(c->conf, name) : NULL;
			free(name);
			if (!fc) {
				fprintf(stderr, "newswatch replay: out of memory\n");
				nw_doc_free(&doc);
				goto out;
			}
		}
		if (ro.text) {
			char when[32] = "(no date)";
			if (now)
				nw_date_format(now, when, sizeof when);
			printf("\n%s  %s: %zu item%s\n", when, path, doc.nitems, doc.nitems == 1 ? "" : "s");
		}
		r = nw_pipeline_run(pl, st, c->conf, fc, &doc, now, replay_report, &ro, &ps, err, sizeof err);
		if (r)
			fprintf(stderr, "newswatch replay: %s: %s\n", path, err);
		nw_doc_free(&doc);
		if (r)
			goto out;
		if (deliver) { /* through the outbox to the conf's channels, as the daemon would */
			stdout_flush();
			sender_flush(&snd);
		}
	}
	{ /* articles of a store from before the pipeline indexed them itself (newswatchd does
	   * the same at start) */
		int64_t n;
		if (nw_store_fts_index(st, -1, &n) != 0)
			fprintf(stderr, "newswatch replay: full-text index: %s\n", nw_store_errmsg(st));
	}
	if (ro.text || c->verbose)
		fprintf(ro.text ? stdout : stderr, "\nreplayed %d snapshots: %zu new items, %zu duplicates, %zu alerts\n",
			argc - optind, ro.items, ro.dups, ro.alerts);
	rc = 0;
out:
	if (sending)
		sender_close(&snd);
	nw_pipeline_free(pl);
	nw_store_close(st);
	if (claim >= 0)
		close(claim);
	if (db == scratch_files[0])
		scratch_remove();
	return rc;
}

/* ---- alert-test ---- */

struct test_result {
	int done, result;
	char err[1024];
};

static void on_test_sent(void *arg, int result, const char *err)
{
	struct test_result *t = arg;

	t->done = 1;
	t->result = result;
	snprintf(t->err, sizeof t->err, "%s", err ? err : "");
}

/* --print: what the channel would send, as text. */
static void print_send(const struct nw_send *s)
{
	switch (s->kind) {
	case NW_SEND_HTTP:
		printf("%s %s\n", s->method ? s->method : "POST", s->shown ? s->shown : s->url);
		for (size_t i = 0; i < s->headers.n; i++) /* a token is a secret: not shown */
			printf("%s\n", strncasecmp(s->headers.v[i], "Authorization:", 14) == 0
						? "Authorization: (hidden: the content of token_file)"
						: s->headers.v[i]);
		break;
	case NW_SEND_SMTP:
		printf("SMTP %s\nMAIL FROM:<%s>\n", s->shown ? s->shown : s->url, s->mail_from ? s->mail_from : "");
		for (size_t i = 0; i < s->rcpt.n; i++)
			printf("RCPT TO:<%s>\n", s->rcpt.v[i]);
		break;
	case NW_SEND_COMMAND:
		printf("COMMAND");
		for (size_t i = 0; i < s->argv.n; i++)
			printf(" %s", s->argv.v[i]);
		printf("\n");
		break;
	default:
		return; /* delivered by the plugin itself, already printed */
	}
	printf("\n");
	if (s->body)
		fwrite(s->body, 1, s->body_len, stdout);
	if (s->body_len && s->body[s->body_len - 1] != '\n')
		printf("\n");
}

static int cmd_alert_test(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = { { "print", no_argument, NULL, 'p' }, { "digest", no_argument, NULL, 'g' },
					      GLOBAL_LONGOPTS, { NULL, 0, NULL, 0 } };
	const struct nw_alert_conf *ac;
	struct test_result t = { 0 };
	struct sender snd;
	int opt, print = 0, digest = 0, bad = 0;

	optind = 0; /* 0, not 1: getopt starts over, options after operands too (main parsed with "+") */
	while (!bad && (opt = getopt_long(argc, argv, GLOBAL_SHORTOPTS, opts, NULL)) != -1) {
		if (opt == 'p')
			print = 1;
		else if (opt == 'g')
			digest = 1;
		else
			bad = !global_opt(c, opt, optarg); /* (getopt past argv's end went on for ever) */
	}
	if (bad || optind != argc - 1) {
		fprintf(stderr, "usage: newswatch alert-test [--print] [--digest] NAME\n");
		return 2;
	}
	nw_conf_setup_alert(argv[optind]); /* the other channels' secrets are not needed */
	bad = load_conf(c, 1, CONF_SEND) != 0;
	nw_conf_setup_alert(NULL);
	if (bad)
		return 2;
	if (!(ac = nw_conf_alert(c->conf, argv[optind]))) {
		fprintf(stderr, "newswatch: no [alert %s] in %s\n", argv[optind], c->conf->path);
		return 2;
	}
	if (print) { /* the sample alert as this channel would send it: nothing leaves */
		struct nw_send s;
		char err[1024] = "";
		if (nw_outbox_sample(ac, digest, &s, err, sizeof err)) {
			fprintf(stderr, "newswatch: [alert %s]: %s\n", ac->name, *err ? err : "cannot format");
			return 1;
		}
		print_send(&s);
		nw_send_free(&s);
		return 0;
	}
	if (sender_open(&snd, NULL, c->conf))
		return 1;
	if (nw_outbox_test(snd.ob, ac, digest, on_test_sent, &t) == 0)
		while (!t.done && uv_run(&snd.loop, UV_RUN_ONCE))
			;
	sender_close(&snd);
	if (!t.done || t.result) {
		fprintf(stderr, "newswatch: [alert %s]: %s\n", ac->name, *t.err ? t.err : "not delivered");
		return 1;
	}
	fprintf(stderr, "newswatch: test alert delivered through [alert %s]\n", ac->name);
	return 0;
}

/* ---- alert-retry ---- */

static int cmd_alert_retry(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = { { "since", required_argument, NULL, 'i' }, GLOBAL_LONGOPTS,
					      { NULL, 0, NULL, 0 } };
	const char *channel = NULL, *db;
	struct nw_store *st = NULL;
	char err[1024];
	int64_t since = 0, n = 0, now = (int64_t)time(NULL);
	int opt, bad = 0, rc = 1;

	optind = 0; /* 0, not 1: getopt starts over, options after operands too (main parsed with "+") */
	while (!bad && (opt = getopt_long(argc, argv, GLOBAL_SHORTOPTS, opts, NULL)) != -1) {
		if (opt == 'i') {
			if ((since = since_arg("alert-retry", optarg, now)) == NW_TIME_NONE)
				return 2;
		} else
			bad = !global_opt(c, opt, optarg);
	}
	if (bad || optind < argc - 1) {
		fprintf(stderr, "usage: newswatch alert-retry [--since WHEN] [CHANNEL]\n");
		return 2;
	}
	channel = optind < argc ? argv[optind] : NULL;
	if (conf_given_readable(c))
		return 2;
	/* the conf: the store (without --db), and its channels (a name mistyped) */
	if (load_conf(c, !c->db_path, CONF_NAMES) && !c->db_path)
		return 2;
	if (!(db = c->db_path ? c->db_path : c->conf ? c->conf->daemon.database : NULL))
		return 2;
	if (access(db, F_OK) != 0) { /* not made here (nw_store_open would: an empty store, "0 queued") */
		fprintf(stderr, "newswatch alert-retry: store %s: %s\n", db, strerror(errno));
		return 2;
	}
	/* run beside the daemon, as a rule: the store's updates are the daemon's */
	if (nw_store_open(db, NW_STORE_BESIDE, &st, err, sizeof err)) {
		fprintf(stderr, "newswatch alert-retry: store: %s\n", err);
		return 2;
	}
	if (nw_store_begin(st) || nw_store_alert_requeue(st, channel, since, now, &n)) {
		fprintf(stderr, "newswatch alert-retry: %s: %s\n", db, nw_store_errmsg(st));
		nw_store_rollback(st);
		goto out;
	}
	/* a channel of neither the conf nor the store is a mistake; one the conf no longer has
	 * may still have failed alerts, which wait for a channel of that name to come back */
	if (channel && c->conf && !nw_conf_alert(c->conf, channel)) {
		if (!n) {
			fprintf(stderr, "newswatch alert-retry: no [alert %s] in %s, and no failed alert of it\n", channel,
				c->conf->path);
			nw_store_rollback(st);
			rc = 2;
			goto out;
		}
		fprintf(stderr, "newswatch alert-retry: warning: %s has no [alert %s]: its alerts wait until a channel "
			"of that name comes back\n", c->conf->path, channel);
	}
	if (nw_store_commit(st)) {
		fprintf(stderr, "newswatch alert-retry: %s: %s\n", db, nw_store_errmsg(st));
		nw_store_rollback(st);
		goto out;
	}
	printf("%lld failed alert%s%s%s%s queued again%s\n", (long long)n, n == 1 ? "" : "s", channel ? " of [alert " : "",
	       channel ? channel : "", channel ? "]" : "",
	       n ? ": the daemon sends them after its next poll (at once: systemctl reload newswatchd)" : "");
	rc = 0;
out:
	nw_store_close(st);
	return rc;
}

/* ---- the store queries ---- */

/* arg is an option of opts (or -c) that takes the next argument as its value */
static int takes_value(const struct option *opts, const char *arg)
{
	if (strcmp(arg, "-c") == 0)
		return 1;
	for (; arg[0] == '-' && arg[1] == '-' && opts->name; opts++)
		if (opts->has_arg == required_argument && strcmp(arg + 2, opts->name) == 0)
			return 1;
	return 0;
}

/* The columns of the character at s (utf8proc's East Asian width: Hangul, Kana, Han and
 * full-width forms 2, combining marks 0, ’ “ — … 1), and its length in *n. */
/* The columns of the character at s, with the marks, joiners and modifiers that make one
 * with it (a grapheme cluster: 👩‍👩‍👧 is one emoji of two columns, not three; é written
 * as e and a combining accent one of one); *n its bytes. */
static int char_width(const char *s, size_t *n)
{
	const utf8proc_uint8_t *u = (const utf8proc_uint8_t *)s;
	utf8proc_int32_t cp, next, state = 0;
	utf8proc_ssize_t len = utf8proc_iterate(u, -1, &cp), more;
	int w;

	if (len < 1) { /* a stray byte: one column, as a terminal shows its replacement */
		*n = 1;
		return 1;
	}
	w = utf8proc_charwidth(cp);
	while (u[len] && (more = utf8proc_iterate(u + len, -1, &next)) > 0 &&
	       !utf8proc_grapheme_break_stateful(cp, next, &state)) {
		if (utf8proc_charwidth(next) > w)
			w = utf8proc_charwidth(next);
		cp = next;
		len += more;
	}
	*n = (size_t)len;
	return w;
}

static int utf8_width(const char *s, size_t max_bytes)
{
	int w = 0;
	size_t n;

	for (size_t i = 0; s[i] && i < max_bytes; i += n)
		w += char_width(s + i, &n);
	return w;
}

static char *cell(json_t *v)
{
	char *s;

	if (json_is_string(v)) { /* a feed's warning, a title: one line, and no terminal control */
		if ((s = strdup(json_string_value(v))))
			nw_printable(s);
		return s;
	}
	if (json_is_null(v) || !v)
		return strdup("-");
	s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
	return s ? s : strdup("?");
}

/* Cut to at most max display columns, on a character boundary, with an ellipsis where it
 * was cut (two links alike in their first columns must not look the same). s is malloc'd;
 * returns it, or what replaced it. */
static char *clip(char *s, int max)
{
	int w = 0;
	size_t n, cut = 0;
	char *t;

	if (utf8_width(s, SIZE_MAX) <= max)
		return s;
	for (size_t i = 0; s[i]; i += n) {
		w += char_width(s + i, &n);
		if (w > max - 1)
			break;
		cut = i + n;
	}
	if (!(t = realloc(s, cut + sizeof "\u2026")))
		return s;
	memcpy(t + cut, "\u2026", sizeof "\u2026");
	return t;
}

/* A table's column is cut at 60 columns, but addresses, which are whole so that they can be
 * opened, and an alert's error (its last column): cut, it named the server and hid which
 * recipient refused the mail, and what the server said */
static int column_max(const char *key)
{
	static const char *const whole[] = { "link", "url", "moved_to", "error" };

	for (size_t i = 0; i < sizeof whole / sizeof *whole; i++)
		if (strcmp(key, whole[i]) == 0)
			return INT_MAX;
	return 60;
}

static void print_table(json_t *rows)
{
	json_t *first = json_array_get(rows, 0), *row, *v;
	const char *key;
	size_t ncol = json_object_size(first), i, c;
	int *width;

	if (!first) {
		printf("(nothing)\n");
		return;
	}
	width = calloc(ncol, sizeof *width);
	c = 0;
	json_object_foreach(first, key, v)
		width[c++] = utf8_width(key, SIZE_MAX);
	/* the columns are the first row's, looked up by name in each (never more than ncol) */
	json_array_foreach(rows, i, row) {
		c = 0;
		json_object_foreach(first, key, v) {
			char *s = cell(json_object_get(row, key));
			int w;
			s = clip(s, column_max(key));
			w = utf8_width(s, SIZE_MAX);
			if (w > width[c])
				width[c] = w;
			c++;
			free(s);
		}
	}
	c = 0;
	json_object_foreach(first, key, v) {
		printf("%s%-*s", c ? "  " : "", c + 1 < ncol ? width[c] : 0, key);
		c++;
	}
	printf("\n");
	json_array_foreach(rows, i, row) {
		c = 0;
		json_object_foreach(first, key, v) {
			char *s = cell(json_object_get(row, key));
			s = clip(s, column_max(key));
			printf("%s%s", c ? "  " : "", s);
			if (c + 1 < ncol)
				printf("%*s", width[c] - utf8_width(s, SIZE_MAX), "");
			c++;
			free(s);
		}
		printf("\n");
	}
	free(width);
}

/* The Prometheus text format: one gauge per count of `status`. */
static void print_prometheus(json_t *status)
{
	const char *k;
	json_t *v;

	json_object_foreach(status, k, v) {
		printf("# HELP newswatch_%s %s in the store.\n# TYPE newswatch_%s gauge\nnewswatch_%s %lld\n", k, k, k, k,
		       (long long)json_integer_value(v));
	}
}

/* A field, quoted when RFC 4180 wants it. A text that a spreadsheet would take for a
 * formula (= + - @, a tab or CR first: a feed's title "=HYPERLINK(...)") gets a ' before it,
 * as OWASP advises for CSV meant for spreadsheets; numbers are written as they are. */
static void csv_field(const char *s, int text)
{
	int guard = text && strchr("=+-@\t\r", *s) && *s;

	if (!guard && !strpbrk(s, ",\"\n\r")) {
		fputs(s, stdout);
		return;
	}
	putchar('"');
	if (guard)
		putchar('\'');
	for (; *s; s++) {
		if (*s == '"')
			putchar('"');
		putchar(*s);
	}
	putchar('"');
}

/* Export: JSON Lines (one object a line) or CSV (RFC 4180, a header line first). */
static void print_rows(json_t *rows, int csv)
{
	json_t *row, *v;
	const char *k;
	size_t i;

	if (json_is_object(rows)) {
		json_t *a = json_array();
		json_array_append(a, rows);
		print_rows(a, csv);
		json_decref(a);
		return;
	}
	json_array_foreach(rows, i, row) {
		int first = 1;
		if (!csv) {
			char *line = json_dumps(row, JSON_COMPACT | JSON_PRESERVE_ORDER);
			printf("%s\n", line ? line : "{}");
			free(line);
			continue;
		}
		if (i == 0) {
			json_object_foreach(row, k, v) {
				printf("%s", first ? "" : ",");
				csv_field(k, 0);
				first = 0;
			}
			printf("\n");
			first = 1;
		}
		json_object_foreach(json_array_get(rows, 0), k, v) { /* the header's columns, by name */
			json_t *x = json_object_get(row, k);
			char *c = cell(x);
			printf("%s", first ? "" : ",");
			csv_field(!x || json_is_null(x) ? "" : c, json_is_string(x));
			free(c);
			first = 0;
		}
		printf("\n");
	}
}

static int open_store_ro(struct cli *c, struct nw_store **st)
{
	char err[1024];
	const char *db = c->db_path;

	if (conf_given_readable(c))
		return -1;
	if (!db && load_conf(c, 1, CONF_NAMES) == 0) {
		db = c->conf->daemon.database;
	} else if (!db) {
		/* a mistake elsewhere in the conf (an unknown key in a [feed]) does not keep a
		 * query from the store: it reads the database option alone */
		if (access(c->conf_path, R_OK) != 0 || !(c->store_path = nw_conf_database(c->conf_path)))
			return -1;
		db = c->store_path;
		fprintf(stderr, "newswatch: warning: reading the store %s all the same (the database option of %s)\n",
			db, c->conf_path);
	}
	if (!c->store_path && !(c->store_path = strdup(db))) {
		fprintf(stderr, "newswatch: out of memory\n");
		return -1;
	}
	if (access(db, R_OK) != 0) {
		int e = errno;
		struct stat sb;
		struct group *g = e == EACCES && stat(db, &sb) == 0 && (sb.st_mode & S_IRGRP) ? getgrgid(sb.st_gid) : NULL;
		fprintf(stderr, "newswatch: store %s: %s\n", db, strerror(e));
		if (e == ENOENT) /* nothing stored yet */
			fprintf(stderr, "newswatch: newswatchd makes it when it first starts (newswatchd --once polls every "
				"feed once and stops)\n");
		else if (g && g->gr_gid == 0) /* made by root outside the service: not a group to join */
			fprintf(stderr, "newswatch: it was made by root, not by the service: give it to the service's user "
				"(sudo chown newswatch:newswatch %s*), or read it as root\n", db);
		else if (g && g->gr_name) /* the service's store is its group's to read (README) */
			fprintf(stderr, "newswatch: it is readable by group %s: sudo usermod -aG %s \"$USER\", then log in "
				"again\n", g->gr_name, g->gr_name);
		return -1;
	}
	if (nw_store_open(db, NW_STORE_READONLY, st, err, sizeof err)) {
		fprintf(stderr, "newswatch: store: %s\n", err);
		return -1;
	}
	/* after an upgrade, until the daemon has opened the store: answers from the old schema
	 * (searches for CJK words, for one, find nothing in an index of character pairs) */
	if (nw_store_schema(*st) < NW_STORE_SCHEMA)
		fprintf(stderr,
			"newswatch: warning: store %s has schema %d, this newswatch %d: newswatchd (or "
			"newswatch replay) updates it when it next opens it; until then answers may be incomplete\n",
			db, nw_store_schema(*st), NW_STORE_SCHEMA);
	/* a newer newswatchd's store, read by the command line of this one: what it shows may
	 * not be all there is, or what it says */
	else if (nw_store_schema(*st) > NW_STORE_SCHEMA)
		fprintf(stderr,
			"newswatch: warning: store %s has schema %d, newer than this newswatch (%d): answers may be "
			"incomplete; use the newswatch of the newswatchd that writes it\n",
			db, nw_store_schema(*st), NW_STORE_SCHEMA);
	/* its full-text index made with another text (newswatch or libutf8proc upgraded since) */
	else if (nw_store_file_stale(db))
		fprintf(stderr,
			"newswatch: warning: store %s: its full-text index was made with another text than this "
			"newswatch's: newswatchd (or newswatch replay) makes it again when it next opens it; until "
			"then searches may miss words\n", db);
	return 0;
}

/* A story of the store's (one with a hit), or of the conf's when there is one: 1, 0, or -1
 * when the store could not be read. */
static int known_story(struct cli *c, struct nw_store *st, const char *name)
{
	json_t *rows = nw_store_query(st, "story", name, 1);
	int known = json_array_size(rows) > 0;

	if (!rows)
		return -1;
	json_decref(rows);
	if (!known && load_conf(c, 0, CONF_NAMES) == 0 && c->conf)
		for (size_t i = 0; i < nw_storyset_count(c->conf->storyset); i++)
			known |= strcmp(nw_storyset_name(c->conf->storyset, i), name) == 0;
	return known;
}

static int cmp_story_row(const void *a, const void *b)
{
	return strcmp(json_string_value(json_object_get(*(json_t *const *)a, "story")),
		      json_string_value(json_object_get(*(json_t *const *)b, "story")));
}

/* The conf's stories that have no hit yet, added to the answer of stories (rows of 0 hits,
 * in name order) or status (the count): the store has a story from its first hit on, while
 * feeds are in it from the daemon's start. 0, or -1 when the store could not be read. */
static int add_conf_stories(struct cli *c, struct nw_store *st, const char *cmd, json_t *res)
{
	size_t n = nw_storyset_count(c->conf->storyset), added = 0;

	for (size_t i = 0; i < n; i++) {
		const char *name = nw_storyset_name(c->conf->storyset, i);
		json_t *rows = nw_store_query(st, "story", name, 1);
		int known = json_array_size(rows) > 0;
		if (!rows)
			return -1;
		json_decref(rows);
		if (known)
			continue;
		added++;
		if (json_is_array(res))
			json_array_append_new(res, json_pack("{s:s, s:i, s:i, s:n}", "story", name, "hits", 0,
							     "developments", 0, "last_hit"));
	}
	if (json_is_object(res)) {
		json_int_t had = json_integer_value(json_object_get(res, "stories"));
		json_object_set_new(res, "stories", json_integer(had + (json_int_t)added));
	} else if (added) {
		size_t m = json_array_size(res);
		json_t **v = malloc(m * sizeof *v);
		if (!v)
			return -1;
		for (size_t i = 0; i < m; i++)
			v[i] = json_incref(json_array_get(res, i));
		qsort(v, m, sizeof *v, cmp_story_row);
		json_array_clear(res);
		for (size_t i = 0; i < m; i++)
			json_array_append_new(res, v[i]);
		free(v);
	}
	return 0;
}

static int cmd_query(struct cli *c, const char *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "story", required_argument, NULL, 's' }, { "limit", required_argument, NULL, 'l' },
		{ "failed", no_argument, NULL, 'F' }, { "queued", no_argument, NULL, 'Q' },
		{ "sent", no_argument, NULL, 'S' }, { "since", required_argument, NULL, 'i' },
		{ "format", required_argument, NULL, 'f' }, { "prometheus", no_argument, NULL, 'P' },
		GLOBAL_LONGOPTS, { NULL, 0, NULL, 0 } };
	/* which command takes which option (--json and --format: all) */
	static const struct {
		int opt;
		const char *cmds;
	} takes[] = { { 's', " hits " }, { 'i', " hits " }, { 'l', " hits search alerts " },
		      { 'F', " alerts " }, { 'Q', " alerts " }, { 'S', " alerts " }, { 'P', " status " } };
	struct nw_store *st = NULL;
	const char *arg = NULL, *format = NULL, *state = NULL;
	int64_t limit = 50, since = 0;
	json_t *res;
	int opt, known = 1, rc = 2, prometheus = 0;
	char pad[32], *words = NULL;

	snprintf(pad, sizeof pad, " %s ", cmd);
	/* search -5% stake, search -AI, search --- 오픈AI: a word that begins with a dash but
	 * no option's letter (-c, -v, -h) is a word of the query, not options "5" and "%" (a
	 * space before it is no change to the query, and keeps getopt from it); --limit and
	 * the other long options stay options */
	if (strcmp(cmd, "search") == 0)
		for (int i = 1; i < argc && strcmp(argv[i], "--"); i++) {
			const char *a = argv[i];
			char *w;
			if (a[0] != '-' || (a[1] && strchr(GLOBAL_SHORTOPTS "h", a[1]) && a[1] != ':') ||
			    (a[1] == '-' && (isalpha((unsigned char)a[2]) || !a[2])))
				continue;
			if (i > 1 && takes_value(opts, argv[i - 1]))
				continue; /* an option's value: its error is the option's */
			if (!(w = malloc(strlen(a) + 2)))
				return 1;
			w[0] = ' ';
			strcpy(w + 1, a);
			argv[i] = w; /* lives until the command ends, as argv does */
		}
	optind = 0; /* 0, not 1: getopt starts over, options after operands too (main parsed with "+") */
	while ((opt = getopt_long(argc, argv, GLOBAL_SHORTOPTS, opts, NULL)) != -1) {
		if (global_opt(c, opt, optarg))
			continue;
		for (size_t i = 0; i < sizeof takes / sizeof *takes; i++) {
			if (takes[i].opt == opt && !strstr(takes[i].cmds, pad)) {
				size_t o = 0;
				while (opts[o].val != opt)
					o++;
				fprintf(stderr, "newswatch %s: --%s is not an option of %s (see newswatch(1))\n", cmd,
					opts[o].name, cmd);
				return 2;
			}
		}
		switch (opt) {
		case 's': arg = optarg; break;
		case 'l': {
			char *end;
			errno = 0;
			limit = strtoll(optarg, &end, 10);
			if (errno || end == optarg || *end || limit < 1) {
				fprintf(stderr, "newswatch %s: --limit '%s' is not a positive whole number\n", cmd, optarg);
				return 2;
			}
			break;
		}
		case 'F':
		case 'Q':
		case 'S': {
			const char *want = opt == 'F' ? "failed" : opt == 'Q' ? "queued" : "sent";
			if (state && strcmp(state, want) != 0) {
				fprintf(stderr, "newswatch alerts: one of --failed, --queued and --sent\n");
				return 2;
			}
			arg = state = want;
			break;
		}
		case 'f':
			if (strcmp(optarg, "jsonl") && strcmp(optarg, "csv") && strcmp(optarg, "json") &&
			    strcmp(optarg, "table")) {
				fprintf(stderr, "newswatch %s: --format is json, jsonl, csv or table, not '%s'\n", cmd, optarg);
				return 2;
			}
			format = optarg;
			break;
		case 'P': prometheus = 1; break;
		case 'i':
			if ((since = since_arg(cmd, optarg, (int64_t)time(NULL))) == NW_TIME_NONE)
				return 2;
			break;
		default: return 2;
		}
	}
	/* two outputs asked for: said, not one of them taken in silence (the man page gives
	 * neither precedence over the other) */
	if ((prometheus || format) && c->json && (!format || strcmp(format, "json") != 0)) {
		fprintf(stderr, "newswatch %s: --json and --%s%s are two outputs: give one\n", cmd,
			prometheus ? "prometheus" : "format ", prometheus ? "" : format);
		return 2;
	}
	if (prometheus && format) {
		fprintf(stderr, "newswatch %s: --prometheus and --format %s are two outputs: give one\n", cmd, format);
		return 2;
	}
	if (prometheus)
		format = "prometheus";
	if (strcmp(cmd, "search") == 0) {
		/* newswatch search openai microsoft: the words of every argument, as one query */
		size_t len = 0;
		if (optind == argc) {
			fprintf(stderr, "usage: newswatch search QUERY\n");
			return 2;
		}
		for (int i = optind; i < argc; i++)
			len += strlen(argv[i]) + 1;
		if (!(words = malloc(len)))
			return 1;
		*words = '\0';
		for (int i = optind; i < argc; i++)
			strcat(strcat(words, i > optind ? " " : ""), argv[i]);
		arg = words;
		/* search '', an ideographic space, '!!': nothing to look for, whatever the blank */
		int has = nw_store_search_has_words(words);
		if (has <= 0) {
			if (has == 0)
				fprintf(stderr, "usage: newswatch search QUERY (no word in '%s')\n", words);
			free(words);
			return has < 0 ? 1 : 2;
		}
	} else if (strcmp(cmd, "timeline") == 0) {
		if (optind != argc - 1) {
			fprintf(stderr, "usage: newswatch timeline STORY\n");
			return 2;
		}
		arg = argv[optind];
	} else if (optind != argc) {
		fprintf(stderr, "newswatch %s: unexpected argument '%s'\n", cmd, argv[optind]);
		return 2;
	}
	if (open_store_ro(c, &st))
		goto out;
	/* a story's name mistyped is an error, not a story without hits */
	if (arg && (strcmp(cmd, "timeline") == 0 || strcmp(cmd, "hits") == 0) && (known = known_story(c, st, arg)) != 1) {
		if (known < 0)
			fprintf(stderr, "newswatch %s: %s\n", cmd, nw_store_errmsg(st));
		else
			fprintf(stderr, "newswatch %s: no story '%s' in %s%s%s\n", cmd, arg, c->store_path,
				c->conf ? " or " : "", c->conf ? c->conf->path : "");
		rc = known < 0 ? 1 : 2;
		goto out;
	}
	nw_store_set_since(st, since);
	/* JSON's times are RFC 3339, as parse's and replay's: a zone a script cannot miss */
	nw_store_set_rfc3339(st, c->json || (format && (strcmp(format, "json") == 0 || strcmp(format, "jsonl") == 0)));
	res = strcmp(cmd, "status") == 0 ? nw_store_status(st) : nw_store_query(st, cmd, arg, limit);
	/* with a conf (-c, or the one that gave the store), its stories without hits as well;
	 * a conf with errors has none to give (they were printed) */
	if (res && (strcmp(cmd, "stories") == 0 || strcmp(cmd, "status") == 0) && c->conf_given)
		load_conf(c, 1, CONF_NAMES);
	if (res && c->conf && (strcmp(cmd, "stories") == 0 || strcmp(cmd, "status") == 0) &&
	    add_conf_stories(c, st, cmd, res)) {
		json_decref(res);
		res = NULL;
	}
	if (!res) {
		fprintf(stderr, "newswatch %s: %s\n", cmd, nw_store_errmsg(st));
		rc = 1;
		goto out;
	}
	if (format && strcmp(format, "prometheus") == 0) {
		print_prometheus(res);
	} else if (format && strcmp(format, "csv") == 0 && json_array_size(res) == 0 && !json_is_object(res)) {
		json_t *names = nw_store_query_columns(st, cmd); /* the header line alone */
		size_t i;
		json_t *v;
		json_array_foreach(names, i, v) {
			printf("%s", i ? "," : "");
			csv_field(json_string_value(v), 0);
		}
		printf("\n");
		json_decref(names);
	} else if (format && (strcmp(format, "jsonl") == 0 || strcmp(format, "csv") == 0)) {
		print_rows(res, strcmp(format, "csv") == 0);
	} else if (c->json || (format && strcmp(format, "json") == 0)) {
		char *s = json_dumps(res, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
		printf("%s\n", s);
		free(s);
	} else if (json_is_object(res)) {
		const char *k;
		json_t *v;
		json_object_foreach(res, k, v)
			printf("%-14s %lld\n", k, (long long)json_integer_value(v));
	} else {
		print_table(res);
	}
	json_decref(res);
	rc = 0;
out:
	nw_store_close(st);
	free(words);
	return rc;
}

/* Output that did not all reach standard output (a full disk, a pipe closed early while
 * SIGPIPE is ignored) makes the command fail: its answer is incomplete (gnulib's
 * close_stdout). */
static int output_done(int rc)
{
	return nw_stdout_done("newswatch", rc);
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "config", required_argument, NULL, 'c' }, { "db", required_argument, NULL, 'd' },
		{ "json", no_argument, NULL, 'j' }, { "verbose", no_argument, NULL, 'v' },
		{ "version", no_argument, NULL, 'V' }, { "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 } };
	static const char *const queries[] = { "status", "feeds", "stories", "timeline", "hits", "search", "alerts", NULL };
	struct cli c = { 0 };
	const char *cmd;
	char prog[64];
	int opt, rc = 2;

	c.conf_path = nw_conf_default_path();
	while ((opt = getopt_long(argc, argv, "+c:vh", longopts, NULL)) != -1) {
		switch (opt) {
		case 'c': c.conf_path = optarg; c.conf_given = 1; break;
		case 'd': c.db_path = optarg; break;
		case 'j': c.json = 1; break;
		case 'v': c.verbose = 1; break;
		case 'V': printf("newswatch %s\n", PACKAGE_VERSION); return output_done(0);
		case 'h': usage(stdout); return output_done(0);
		default: usage(stderr); return 2;
		}
	}
	if (optind >= argc) {
		usage(stderr);
		return 2;
	}
	nw_log_init("newswatch", c.verbose);
	xmlInitParser();
	c.plugins = nw_plugins_new();
	cmd = argv[optind];
	argc -= optind;
	argv += optind;
	/* getopt's own messages (an unknown option after the command) name the command */
	snprintf(prog, sizeof prog, "newswatch %s", cmd);
	argv[0] = prog;
	for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) { /* newswatch CMD --help */
			usage(stdout);
			rc = 0;
			goto done;
		}
	if (strcmp(cmd, "parse") == 0)
		rc = cmd_parse(&c, argc, argv);
	else if (strcmp(cmd, "test-rule") == 0)
		rc = cmd_test_rule(&c, argc, argv);
	else if (strcmp(cmd, "replay") == 0)
		rc = cmd_replay(&c, argc, argv);
	else if (strcmp(cmd, "alert-test") == 0)
		rc = cmd_alert_test(&c, argc, argv);
	else if (strcmp(cmd, "alert-retry") == 0)
		rc = cmd_alert_retry(&c, argc, argv);
	else {
		int known = 0;
		for (int i = 0; queries[i]; i++)
			known |= strcmp(cmd, queries[i]) == 0;
		if (known)
			rc = cmd_query(&c, cmd, argc, argv);
		else {
			static const char *const others[] = { "parse", "test-rule", "replay", "alert-test", "alert-retry", NULL };
			const char *near = NULL;
			int bd = nw_typo_limit(cmd);
			for (int t = 0; t < 2; t++)
				for (const char *const *n = t ? others : queries; *n; n++) {
					int d = nw_edit_distance(cmd, *n);
					if (d < bd)
						bd = d, near = *n;
				}
			if (near)
				fprintf(stderr, "newswatch: unknown command '%s'; did you mean '%s'?\n", cmd, near);
			else {
				fprintf(stderr, "newswatch: unknown command '%s'\n", cmd);
				usage(stderr);
			}
		}
	}
done:
	nw_conf_free(c.conf);
	free(c.store_path);
	nw_plugins_free(c.plugins);
	xmlCleanupParser();
	return output_done(rc);
}
