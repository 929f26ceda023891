/* conf.c — the newswatch.conf reader: INI sections `[daemon]`, `[feed NAME]`, `[story NAME]`,
 * `[alert NAME]`, lines of any length, `;`/`#` comments, repeated keys appending to lists.
 * Every key goes through a typed option table (the core's or the section's plugin's); every
 * mistake is collected as `file:line: message` and reported together. */
#include "config.h"
#include <ctype.h>
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <sys/stat.h>
#include <curl/curl.h>
#include "conf.h"
#include "nw_paths.h"
#include "story.h"
#include "url.h"

#define MS(x) ((int64_t)(x) * 1000)

static const struct nw_option daemon_options[] = {
	{ "database", NW_OPT_STRING, "/var/lib/newswatch/newswatch.db", 0, 0, NULL,
	  offsetof(struct nw_daemon_conf, database), NW_OPT_RESTART | NW_OPT_UNQUOTED,
	  "Path of the SQLite store (created if missing). A change takes a restart: a reload keeps the store open." },
	{ "max_database_size", NW_OPT_SIZE, "0", 0, (int64_t)1 << 50, NULL, offsetof(struct nw_daemon_conf, max_database_size),
	  0, "Largest the store may grow (0: no limit but the disk's); when full, new items wait and alerts are kept (the record of their delivery may take 4 MiB more)." },
	{ "plugin_dir", NW_OPT_STRING, NULL, 0, 0, NULL, offsetof(struct nw_daemon_conf, plugin_dir), NW_OPT_UNQUOTED,
	  "Folder the plugins are loaded from (default: the installed plugin folder); an absolute path." },
	{ "interval", NW_OPT_DURATION, "15m", MS(1), MS(7 * 86400), NULL,
	  offsetof(struct nw_daemon_conf, interval), 0, "Default time between two polls of a feed." },
	{ "per_host", NW_OPT_INT, "4", 1, 64, NULL, offsetof(struct nw_daemon_conf, per_host), 0,
	  "Concurrent transfers to one host at most; a redirected transfer counts against the host it is sent to." },
	{ "spacing", NW_OPT_DURATION, "0", 0, MS(3600), NULL, offsetof(struct nw_daemon_conf, spacing), 0,
	  "Least time between the starts of two transfers to one host (0: none)." },
	{ "max_transfers", NW_OPT_INT, "32", 1, 1024, NULL, offsetof(struct nw_daemon_conf, max_transfers), 0,
	  "Concurrent transfers in all at most; commands (exec feeds and alerts) at most as many besides." },
	{ "timeout", NW_OPT_DURATION, "60s", MS(1), MS(3600), NULL, offsetof(struct nw_daemon_conf, timeout), 0,
	  "Time one transfer may take in all." },
	{ "connect_timeout", NW_OPT_DURATION, "15s", MS(1), MS(600), NULL,
	  offsetof(struct nw_daemon_conf, connect_timeout), 0, "Time to connect to a server." },
	{ "low_speed_time", NW_OPT_DURATION, "30s", MS(1), MS(600), NULL,
	  offsetof(struct nw_daemon_conf, low_speed_time), 0,
	  "A transfer slower than 16 bytes/s for this long is dropped (a server that drips)." },
	{ "max_size", NW_OPT_SIZE, "16M", 1024, (int64_t)1 << 30, NULL, offsetof(struct nw_daemon_conf, max_size),
	  0, "Largest feed body accepted, counted after decompression." },
	{ "user_agent", NW_OPT_STRING, "newswatch/" PACKAGE_VERSION, 0, 0, NULL,
	  offsetof(struct nw_daemon_conf, user_agent), 0, "User-Agent header sent with every request." },
	{ "dedup_window", NW_OPT_DURATION, "14d", MS(3600), MS(365 * 86400), NULL,
	  offsetof(struct nw_daemon_conf, dedup_window), 0,
	  "Items are compared for near-duplicates with items dated this close to them." },
	{ "keep_articles", NW_OPT_DURATION, "180d", 0, MS(3650 * 86400), NULL,
	  offsetof(struct nw_daemon_conf, keep_articles), 0,
	  "Articles first seen longer ago than this that no story holds and no feed lists are deleted, with "
	  "their index entries, and so are alerts sent or failed as long ago (0: kept for ever; at least dedup_window and "
	  "2 days). Hits, developments and their articles, and queued alerts, are kept." },
	{ "dedup_threshold", NW_OPT_INT, "65", 30, 100, NULL, offsetof(struct nw_daemon_conf, dedup_threshold), 0,
	  "Percent of the shorter text's fingerprints two items must share to be copies." },
	{ NULL, 0, NULL, 0, 0, NULL, 0, 0, NULL },
};

static const struct nw_option feed_options[] = {
	{ "plugin", NW_OPT_STRING, "rss", 0, 0, NULL, offsetof(struct nw_feed_conf, plugin), 0,
	  "Source plugin that parses this feed (rss, ...)." },
	{ "url", NW_OPT_STRING, NULL, 0, 0, NULL, offsetof(struct nw_feed_conf, url), 0,
	  "Address of the feed: http:// or https:// (file:// with allow_file), one libcurl can read (a "
	  "password's ? # / and @ written %3F %23 %2F %40); required unless the plugin runs a command (exec)." },
	{ "interval", NW_OPT_DURATION, NULL, MS(1), MS(7 * 86400), NULL, offsetof(struct nw_feed_conf, interval),
	  0, "Time between two polls of this feed (default: the daemon's interval)." },
	{ "allow_file", NW_OPT_BOOL, "no", 0, 0, NULL, offsetof(struct nw_feed_conf, allow_file), 0,
	  "Allow a file:// url for this feed, of an absolute path (file:///srv/feeds/a.xml; a plain file: a FIFO, device or folder is refused at each poll)." },
	{ NULL, 0, NULL, 0, 0, NULL, 0, 0, NULL },
};

static const struct nw_option story_options[] = {
	{ "entity.", NW_OPT_KEYED, NULL, 0, 0, NULL, offsetof(struct nw_story_conf, entities), 0,
	  "An entity of the story and its aliases in any language, separated by |; repeat to add aliases." },
	{ "match", NW_OPT_STRING, NULL, 0, 0, NULL, offsetof(struct nw_story_conf, match), 0,
	  "Rule over entity names and \"quoted phrases\" with AND, OR, NOT and parentheses (default: any entity)." },
	{ "exclude", NW_OPT_STRING, NULL, 0, 0, NULL, offsetof(struct nw_story_conf, exclude), 0,
	  "Rule that, when it holds, keeps an item out of the story." },
	{ "alert", NW_OPT_LIST, NULL, 0, 0, NULL, offsetof(struct nw_story_conf, alert), 0,
	  "[alert] sections that receive this story's alerts." },
	{ "alert_on", NW_OPT_LIST, "new, update", 0, 0, NULL, offsetof(struct nw_story_conf, alert_on), 0,
	  "Verdicts that raise an alert: new, update." },
	{ "language", NW_OPT_LIST, NULL, 0, 0, NULL, offsetof(struct nw_story_conf, language), 0,
	  "Only items in these languages (en, ko, ja, zh; from the feed or the script) belong to the story." },
	{ "development_window", NW_OPT_DURATION, "7d", MS(3600), MS(365 * 86400), NULL,
	  offsetof(struct nw_story_conf, development_window), 0,
	  "A development with no coverage for this long is closed: later reports start a new one." },
	{ "alert_within", NW_OPT_DURATION, "7d", MS(3600), MS(3650LL * 86400), NULL,
	  offsetof(struct nw_story_conf, alert_within), 0,
	  "An item alerts only when first seen within this long of its date (published, or updated if later): "
	  "an older one (an archive piece that surfaced) is stored and matched, with no alert. Undated items may." },
	{ "development_threshold", NW_OPT_INT, "45", 5, 100, NULL,
	  offsetof(struct nw_story_conf, development_threshold), 0,
	  "Similarity (percent) from which a report joins a known development instead of opening one." },
	{ NULL, 0, NULL, 0, 0, NULL, 0, 0, NULL },
};

static const char *const alert_modes[] = { "immediate", "digest", NULL };

static const struct nw_option alert_options[] = {
	{ "plugin", NW_OPT_STRING, NULL, 0, 0, NULL, offsetof(struct nw_alert_conf, plugin), NW_OPT_REQUIRED,
	  "Notifier plugin that delivers these alerts: log, webhook, email, exec." },
	{ "retry_min", NW_OPT_DURATION, "30s", MS(1), MS(86400), NULL, offsetof(struct nw_alert_conf, retry_min), 0,
	  "First wait before a failed delivery is tried again; doubles on each failure." },
	{ "retry_max", NW_OPT_DURATION, "1h", MS(1), MS(7 * 86400), NULL,
	  offsetof(struct nw_alert_conf, retry_max), 0, "Longest wait between two delivery attempts." },
	{ "max_age", NW_OPT_DURATION, "2d", MS(1), MS(90 * 86400), NULL, offsetof(struct nw_alert_conf, max_age),
	  0, "An alert not delivered by this age is marked failed (newswatch alerts --failed); a digest's every or a rate limit's window is added." },
	{ "mode", NW_OPT_ENUM, "immediate", 0, 0, alert_modes, offsetof(struct nw_alert_conf, mode), 0,
	  "immediate: one message per alert; digest: one message every `every` listing the alerts since the last." },
	{ "every", NW_OPT_DURATION, "1h", MS(1), MS(7 * 86400), NULL, offsetof(struct nw_alert_conf, every), 0,
	  "Digest mode: a digest goes out this long after the oldest alert it holds, and at most once per this time." },
	{ "rate_limit", NW_OPT_INT, "0", 0, 100000, NULL, offsetof(struct nw_alert_conf, rate_limit), 0,
	  "At most this many messages per rate_window (0: no limit); the last one allowed carries everything "
	  "waiting as a digest, and later alerts wait for the window: folded, never dropped." },
	{ "rate_window", NW_OPT_DURATION, "1h", MS(1), MS(7 * 86400), NULL, offsetof(struct nw_alert_conf, rate_window),
	  0, "The window rate_limit counts messages in." },
	{ NULL, 0, NULL, 0, 0, NULL, 0, 0, NULL },
};

const struct nw_option *nw_conf_table(const char *type)
{
	if (strcmp(type, "daemon") == 0)
		return daemon_options;
	if (strcmp(type, "feed") == 0)
		return feed_options;
	if (strcmp(type, "story") == 0)
		return story_options;
	if (strcmp(type, "alert") == 0)
		return alert_options;
	return NULL;
}

const char *nw_conf_default_path(void)
{
	return NW_SYSCONFDIR "/newswatch/newswatch.conf";
}

int nw_conf_dump_options(struct nw_plugins *reg, const char *plugin_dir, FILE *fp)
{
	nw_opt_dump(fp, "daemon", daemon_options);
	nw_opt_dump(fp, "feed NAME", feed_options);
	nw_opt_dump(fp, "story NAME", story_options);
	nw_opt_dump(fp, "alert NAME", alert_options);
	return nw_plugins_dump(reg, plugin_dir, fp);
}

/* ---- the raw INI layer ---- */

struct raw_kv {
	char *key, *value;
	int line;
	int col; /* of the value's first character in its line */
};

struct raw_section {
	char *type, *name;
	int line;
	struct raw_kv *kv;
	size_t n;
};

struct raw_conf {
	struct raw_section *v;
	size_t n;
	int hashtag_line;  /* the first value a comment cut at "#word" (nw_conf.hashtag) */
	char hashtag[64];
};

static void raw_free(struct raw_conf *rc)
{
	for (size_t i = 0; i < rc->n; i++) {
		for (size_t j = 0; j < rc->v[i].n; j++) {
			free(rc->v[i].kv[j].key);
			free(rc->v[i].kv[j].value);
		}
		free(rc->v[i].kv);
		free(rc->v[i].type);
		free(rc->v[i].name);
	}
	free(rc->v);
}

static char *trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

/* The 1-based column, in characters, of byte off of a UTF-8 line. */
static int col_of(const char *s, size_t off)
{
	int col = 1;

	for (size_t i = 0; i < off; i++)
		col += ((unsigned char)s[i] & 0xC0) != 0x80;
	return col;
}

/* Cut a comment: `;` or `#` at the start or after white space, outside double quotes
 * (inside, \" and \\ are escapes, as in a quoted alias or phrase). */
/* Cut s at its comment; where the comment began, or NULL; *mark its ';' or '#'. */
static const char *cut_comment(char *s, char *mark)
{
	int quoted = 0;

	for (char *p = s; *p; p++) {
		if (quoted && *p == '\\' && (p[1] == '"' || p[1] == '\\'))
			p++;
		else if (*p == '"')
			quoted = !quoted;
		else if (!quoted && (*p == ';' || *p == '#') && (p == s || isspace((unsigned char)p[-1]))) {
			*mark = *p;
			*p = '\0';
			return p;
		}
	}
	return NULL;
}

static int raw_read(const char *path, struct raw_conf *rc, struct nw_errors *errs)
{
	struct raw_section *cur = NULL;
	int bad_header = 0; /* the keys under a header reported as bad are not reported again */
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	size_t bad;
	int lineno = 0;
	FILE *fp = fopen(path, "r");

	if (!fp) {
		nw_errors_add(errs, path, 0, "cannot open: %s", strerror(errno));
		return -errno;
	}
	{ /* fopen() opens a folder (-c /etc/newswatch): its read fails as "1: read error" */
		struct stat sb;
		if (fstat(fileno(fp), &sb) == 0 && S_ISDIR(sb.st_mode)) {
			nw_errors_add(errs, path, 0, "is a folder, not a file: name the conf file in it (-c %s/newswatch.conf)",
				      path);
			fclose(fp);
			return -EISDIR;
		}
	}
	while ((len = getline(&line, &cap, fp)) >= 0) {
		char *s, *eq;
		lineno++;
		/* saved as "Unicode" on Windows (Notepad, PowerShell's Out-File): every line would be
		 * a "NUL byte in line" or "not UTF-8", and none says why */
		if (lineno == 1 && len >= 2 && (((unsigned char)line[0] == 0xFF && (unsigned char)line[1] == 0xFE) ||
						((unsigned char)line[0] == 0xFE && (unsigned char)line[1] == 0xFF) ||
						(line[0] && !line[1]) || (!line[0] && line[1]))) {
			/* without a byte order mark, iconv must be told which end comes first */
			const char *enc = (unsigned char)line[0] < 0xFE ? (line[0] ? "UTF-16LE" : "UTF-16BE")
					  : len >= 4 && !line[2] && !line[3] ? "UTF-32" : "UTF-16";
			nw_errors_add(errs, path, lineno, "the file is %s, not UTF-8 (saved as \"Unicode\" on Windows?): "
				      "convert it, e.g. iconv -f %s -t UTF-8", enc, enc);
			free(line);
			fclose(fp);
			return -EINVAL;
		}
		if (memchr(line, '\0', (size_t)len)) {
			nw_errors_add(errs, path, lineno, "NUL byte in line");
			if (line[strspn(line, " \t")] == '[') { /* a header: its keys are not the last section's */
				cur = NULL;
				bad_header = 1;
			}
			continue;
		}
		/* aliases saved in a legacy encoding (CP949, Shift_JIS) would never match */
		if ((ssize_t)(bad = nw_utf8_span(line, (size_t)len)) < len) {
			nw_errors_add(errs, path, lineno, "not UTF-8 (byte 0x%02X at column %d); save the file as UTF-8",
				      (unsigned char)line[bad], col_of(line, bad));
			if (line[strspn(line, " \t")] == '[') { /* a header: its keys are not the last section's */
				cur = NULL;
				bad_header = 1;
			}
			continue;
		}
		if (lineno == 1 && (unsigned char)line[0] == 0xEF && (unsigned char)line[1] == 0xBB &&
		    (unsigned char)line[2] == 0xBF)
			memmove(line, line + 3, strlen(line + 3) + 1);
		{
			/* "entity.tag = foo | #MeToo": a comment, as documented, but a hashtag is a
			 * likely alias: --check-config notes the first such cut in a value */
			char mark = 0;
			const char *c = cut_comment(line, &mark);
			if (c && mark == '#' && !rc->hashtag_line && strchr(line, '=') &&
			    (isalnum((unsigned char)c[1]) || (unsigned char)c[1] >= 0x80)) {
				size_t n = 0;
				while (c[1 + n] && !isspace((unsigned char)c[1 + n]) && n + 2 < sizeof rc->hashtag)
					n++;
				while (n && ((unsigned char)c[1 + n] & 0xC0) == 0x80) /* a whole character */
					n--;
				snprintf(rc->hashtag, sizeof rc->hashtag, "#%.*s", (int)n, c + 1);
				rc->hashtag_line = lineno;
			}
		}
		s = trim(line);
		if (!*s)
			continue;
		if (*s == '[') {
			char *end = strchr(s, ']'), *type, *name;
			struct raw_section *nv;
			if (!end || trim(end + 1)[0]) {
				nw_errors_add(errs, path, lineno, "malformed section header '%s'", s);
				cur = NULL;
				bad_header = 1;
				continue;
			}
			*end = '\0';
			type = trim(s + 1);
			name = type;
			while (*name && !isspace((unsigned char)*name))
				name++;
			if (*name)
				*name++ = '\0';
			name = trim(name);
			if (!nw_conf_table(type)) {
				nw_errors_add(errs, path, lineno,
					      "unknown section type '%s' (daemon, feed, story or alert)", type);
				cur = NULL;
				bad_header = 1;
				continue;
			}
			if (strcmp(type, "daemon") == 0 ? *name != '\0' : *name == '\0') {
				nw_errors_add(errs, path, lineno, strcmp(type, "daemon") == 0 ?
					      "[daemon] takes no name" : "[%s] needs a name: [%s NAME]", type, type);
				cur = NULL;
				bad_header = 1;
				continue;
			}
			for (const char *c = name; *c; c++) {
				if (isspace((unsigned char)*c) || *c == '=' || *c == ',') {
					nw_errors_add(errs, path, lineno, "section name '%s' may not hold spaces, '=' or ','", name);
					break;
				}
			}
			for (size_t i = 0; i < rc->n; i++) {
				if (strcmp(rc->v[i].type, type) == 0 && strcmp(rc->v[i].name, name) == 0) {
					nw_errors_add(errs, path, lineno, "[%s%s%s] already defined at line %d", type,
						      *name ? " " : "", name, rc->v[i].line);
					break;
				}
			}
			nv = realloc(rc->v, (rc->n + 1) * sizeof *nv);
			if (!nv)
				goto nomem;
			rc->v = nv;
			cur = &rc->v[rc->n++];
			bad_header = 0;
			memset(cur, 0, sizeof *cur);
			cur->type = strdup(type);
			cur->name = strdup(name);
			cur->line = lineno;
			if (!cur->type || !cur->name)
				goto nomem;
			continue;
		}
		eq = strchr(s, '=');
		if (!eq) {
			nw_errors_add(errs, path, lineno, "expected 'key = value', got '%.60s'", s);
			continue;
		}
		*eq = '\0';
		if (!*trim(s)) {
			nw_errors_add(errs, path, lineno, "missing key before '='");
			continue;
		}
		if (!cur) {
			if (!bad_header)
				nw_errors_add(errs, path, lineno, "'%s' outside any section", trim(s));
			continue;
		}
		{
			struct raw_kv *nv = realloc(cur->kv, (cur->n + 1) * sizeof *nv);
			char *value = trim(eq + 1);
			if (!nv)
				goto nomem;
			cur->kv = nv;
			nv[cur->n].key = strdup(trim(s));
			nv[cur->n].value = strdup(value);
			nv[cur->n].line = lineno;
			nv[cur->n].col = col_of(line, (size_t)(value - line));
			cur->n++;
			if (!nv[cur->n - 1].key || !nv[cur->n - 1].value)
				goto nomem;
		}
	}
	{
		int e = errno;
		free(line);
		/* getline ends at a failure too (ENOMEM: a line too long for the memory it may
		 * take), without ferror: every line after it was lost without a word */
		if (ferror(fp) || !feof(fp)) {
			nw_errors_add(errs, path, lineno + 1, "read error: %s", strerror(e ? e : EIO));
			fclose(fp);
			return e == ENOMEM ? -ENOMEM : -EIO;
		}
	}
	fclose(fp);
	return 0;
nomem:
	free(line);
	fclose(fp);
	nw_errors_add(errs, path, lineno, "out of memory");
	return -ENOMEM;
}

/* ---- sections through the option tables ---- */

/* The option of the tables closest to key, if it is close (a typo), into buf: NULL otherwise.
 * Case does not count (URL is url). A keyed option (entity.X) is compared by its prefix, and
 * offered with the key's name (entitiy.x: entity.x; entity.: entity.NAME). */
static const char *nearest_option(const char *key, const struct nw_option *a, const struct nw_option *b, char *buf,
				  size_t len)
{
	const struct nw_option *tables[2] = { a, b };
	const char *dot = strchr(key, '.');
	char lower[40], prefix[40];
	int bd = nw_typo_limit(key), found = 0;
	size_t k;

	for (k = 0; key[k] && k + 1 < sizeof lower; k++)
		lower[k] = (char)tolower((unsigned char)key[k]);
	lower[k] = '\0';
	/* "entitiy.x" as "entitiy.", "entity" as "entity." */
	snprintf(prefix, sizeof prefix, "%.*s.", dot ? (int)(dot - key) : (int)strlen(lower), lower);
	for (int t = 0; t < 2; t++)
		for (const struct nw_option *o = tables[t]; o && o->name; o++) {
			int d = nw_edit_distance(o->type == NW_OPT_KEYED ? prefix : lower, o->name);
			if (d < bd) {
				bd = d;
				found = 1;
				if (o->type == NW_OPT_KEYED)
					snprintf(buf, len, "%s%s", o->name, dot && dot[1] ? dot + 1 : "NAME");
				else
					snprintf(buf, len, "%s", o->name);
			}
		}
	return found ? buf : NULL;
}

/* Set every key of a section: the core table first, then the plugin's (may be NULL).
 * Nonzero when the plugin's options are not all there (a required one missing, or out of
 * memory): its init() must not run then, plugins count on what their table requires, but
 * for an option flagged NW_OPT_INIT_CHECKS when will_init (the init() to come says it is
 * missing, with the section's other mistakes). */
static int apply_section(const char *path, const struct raw_section *sec, const struct nw_option *core,
			 void *core_ctx, const struct nw_plugin_inst *inst, int will_init, struct nw_errors *errs)
{
	const struct nw_option *ptable = inst && inst->p ? inst->p->options : NULL;
	size_t nc = nw_opt_count(core), np = nw_opt_count(ptable);
	/* seen[i]: the line option i was set at; -line when its value was refused (said there:
	 * not "needs" too). deferred[i]: the line of its empty value, which init() will say */
	int *seen = calloc(2 * (nc + np + 1), sizeof *seen), *deferred = seen + nc + np + 1, missing = 0;

	if (!seen) {
		nw_errors_add(errs, path, sec->line, "out of memory");
		return -ENOMEM;
	}
	for (size_t i = 0; i < sec->n; i++) {
		const struct raw_kv *kv = &sec->kv[i];
		const struct nw_option *o = nw_opt_find(core, kv->key);
		void *ctx = core_ctx;
		size_t idx;
		char err[512];

		if (o) {
			idx = (size_t)(o - core);
		} else if ((o = nw_opt_find(ptable, kv->key))) {
			idx = nc + (size_t)(o - ptable);
			ctx = inst->ctx;
		} else {
			char nearbuf[128], hint[192] = "";
			const char *near = nearest_option(kv->key, core, ptable, nearbuf, sizeof nearbuf);
			/* the section's plugin could not be loaded (said at its plugin line): which keys
			 * are its options is not known, so a key is said only as a typo of the core's */
			if (inst && !inst->p && !near)
				continue;
			if (near)
				snprintf(hint, sizeof hint, "; did you mean '%s'?", near);
			if (inst && inst->p)
				nw_errors_add(errs, path, kv->line, "unknown option '%s' in [%s %s] (plugin %s)%s", kv->key,
					      sec->type, sec->name, inst->p->name, hint);
			else
				nw_errors_add(errs, path, kv->line, "unknown option '%s' in [%s%s%s]%s", kv->key, sec->type,
					      *sec->name ? " " : "", sec->name, hint);
			continue;
		}
		if (seen[idx] > 0 && o->type != NW_OPT_LIST && o->type != NW_OPT_KEYED) {
			nw_errors_add(errs, path, kv->line, "'%s' given twice in [%s%s%s] (first at line %d)", kv->key,
				      sec->type, *sec->name ? " " : "", sec->name, seen[idx]);
			continue;
		}
		if (nw_opt_set(o, ctx, kv->key, kv->value, kv->line, seen[idx] > 0, err, sizeof err)) {
			if (!seen[idx])
				seen[idx] = -kv->line;
			/* `item =`: the init() to come says "item: required (...)" at this line, with
			 * the section's other mistakes */
			if (!*kv->value && will_init && idx >= nc && (o->flags & NW_OPT_REQUIRED) &&
			    (o->flags & NW_OPT_INIT_CHECKS))
				deferred[idx] = kv->line;
			else
				nw_errors_add(errs, path, kv->line, "%s", err);
			continue;
		}
		seen[idx] = kv->line;
		deferred[idx] = 0;
	}
	for (size_t i = 0; i < nc + np; i++) {
		const struct nw_option *o = i < nc ? &core[i] : &ptable[i - nc];
		if ((o->flags & NW_OPT_REQUIRED) && seen[i] <= 0) {
			if (will_init && i >= nc && (o->flags & NW_OPT_INIT_CHECKS))
				continue;
			if (!seen[i]) /* (a value refused was said at its line) */
				nw_errors_add(errs, path, sec->line, "[%s%s%s] needs '%s'", sec->type,
					      *sec->name ? " " : "", sec->name, o->name);
			missing += i >= nc;
		}
	}
	/* no init() after all (another required option missing): the empty values said here */
	for (size_t i = nc; missing && i < nc + np; i++)
		if (deferred[i])
			nw_errors_add(errs, path, deferred[i], "'%s' has no value", ptable[i - nc].name);
	free(seen);
	return missing;
}

static const char *raw_get(const struct raw_section *sec, const char *key, int *line)
{
	for (size_t i = 0; i < sec->n; i++) {
		if (strcmp(sec->kv[i].key, key) == 0) {
			if (line)
				*line = sec->kv[i].line;
			return sec->kv[i].value;
		}
	}
	return NULL;
}

/* Where a mistake about key is reported: the line of key in sec, else the section's own
 * (0 without a section). */
static int key_line(const struct raw_section *sec, const char *key)
{
	int line = sec ? sec->line : 0;

	if (sec)
		raw_get(sec, key, &line);
	return line;
}

/* The line of the `key = a, b` line in sec that holds list element item (repeated list keys
 * append), else the section's. */
static int item_line(const struct raw_section *sec, const char *key, const char *item)
{
	size_t ilen = strlen(item);

	for (size_t i = 0; i < sec->n; i++) {
		if (strcmp(sec->kv[i].key, key) != 0)
			continue;
		for (const char *p = sec->kv[i].value;; ) {
			const char *end = p + strcspn(p, ","), *e = end;
			while (p < e && isspace((unsigned char)*p))
				p++;
			while (e > p && isspace((unsigned char)e[-1]))
				e--;
			if ((size_t)(e - p) == ilen && strncmp(p, item, ilen) == 0)
				return sec->kv[i].line;
			if (!*end)
				break;
			p = end + 1;
		}
	}
	return sec->line;
}

static void *grow(void *v, size_t n, size_t size)
{
	void *nv = realloc(v, (n + 1) * size);

	if (nv)
		memset((char *)nv + n * size, 0, size);
	return nv;
}

static int make_inst(const char *path, int line, struct nw_plugins *reg, const char *dir,
		     enum nw_plugin_kind kind, const char *plugin, const char *section, struct nw_plugin_inst *inst,
		     struct nw_errors *errs)
{
	const struct nw_plugin *p;
	char err[1024];

	if (nw_plugins_get(reg, dir, kind, plugin, &p, err, sizeof err)) {
		nw_errors_add(errs, path, line, "[%s]: %s", section, err);
		return -ENOENT;
	}
	if (nw_plugin_inst_new(inst, p)) {
		nw_errors_add(errs, path, line, "[%s]: plugin %s: bad option defaults", section, plugin);
		return -EINVAL;
	}
	return 0;
}

static unsigned setup_plugins = NW_SETUP_FEEDS | NW_SETUP_ALERTS; /* nw_conf_setup_plugins */

void nw_conf_setup_plugins(unsigned which)
{
	setup_plugins = which;
}

static const char *setup_alert; /* nw_conf_setup_alert */

void nw_conf_setup_alert(const char *name)
{
	setup_alert = name;
}

/* A plugin's init() names the option at fault first ("url must be ...", "timezone: ..."):
 * the message goes to that option's line. sec may be NULL (an ad-hoc feed). */
static void init_inst(const char *path, const struct raw_section *sec, const char *section,
		      struct nw_plugin_inst *inst, struct nw_errors *errs)
{
	char err[1024] = "", key[128];

	if (!inst->ctx)
		return;
	if (inst->p->init && inst->p->init(inst->ctx, err, sizeof err)) {
		snprintf(key, sizeof key, "%.*s", (int)strcspn(err, ": "), err);
		nw_errors_add(errs, path, key_line(sec, key), "[%s]: %s", section,
			      *err ? err : "plugin refused its options");
		return;
	}
	inst->ready = 1;
}

/* What a feed's items are made with: its plugin and every option but url and interval, in
 * the order of their names (a line moved is no change), as 16 hex digits of FNV-1a. */
static int by_key(const void *a, const void *b)
{
	const struct raw_kv *x = *(const struct raw_kv *const *)a, *y = *(const struct raw_kv *const *)b;
	int c = strcmp(x->key, y->key);

	return c ? c : x->line - y->line; /* a repeated key: its values in order */
}

/* What a feed is polled with but its address and its interval (nw_feed_conf.source) */
static int source_key(const char *key)
{
	return strcmp(key, "url") && strcmp(key, "interval") && strcmp(key, "plugin");
}

/* How a channel delivers: its plugin's options, not when or how often (nw_alert_conf.delivery) */
static int delivery_key(const char *key)
{
	return !nw_opt_find(alert_options, key);
}

/* FNV-1a over s, its NUL too: "ab","c" is not "a","bc" */
static uint64_t fnv_str(uint64_t h, const char *s)
{
	for (const unsigned char *c = (const unsigned char *)(s ? s : "");; c++) {
		h = (h ^ *c) * 1099511628211ull;
		if (!*c)
			return h;
	}
}

/* A digest of a section's plugin and the options keep() takes, in any order; with secrets
 * (a channel's instance), the content of its secret files too: a password or token put right
 * in the same file changes how it delivers (that digest stays in memory: nothing of a secret
 * goes to the store). NULL: out of memory. */
static char *section_digest(const char *plugin, const struct raw_section *sec, int (*keep)(const char *key),
			    const struct nw_plugin_inst *secrets)
{
	const struct raw_kv **v = malloc((sec->n + 1) * sizeof *v);
	uint64_t h = 14695981039346656037ull;
	size_t n = 0;
	char *out;

	if (!v)
		return NULL;
	for (size_t i = 0; i < sec->n; i++)
		if (keep(sec->kv[i].key))
			v[n++] = &sec->kv[i];
	qsort(v, n, sizeof *v, by_key);
	for (size_t i = 0; i <= n; i++)
		h = fnv_str(fnv_str(h, i ? v[i - 1]->key : "plugin"), i ? v[i - 1]->value : plugin);
	free(v);
	for (const struct nw_option *o = secrets && secrets->p && secrets->ctx ? secrets->p->options : NULL; o && o->name;
	     o++)
		if (o->type == NW_OPT_SECRET_FILE)
			h = fnv_str(h, *(char *const *)((const char *)secrets->ctx + o->offset));
	if ((out = malloc(17)))
		snprintf(out, 17, "%016llx", (unsigned long long)h);
	return out;
}

/* url_line: the line of its url, 0 for none */
static int check_feed_url(const char *path, struct nw_feed_conf *f, int url_line, struct nw_errors *errs)
{
	if (!f->url) {
		if (!f->src.p || f->src.p->request)
			return 0; /* the plugin makes its own request (a command), or could not be loaded (said) */
		if (url_line)
			return -EINVAL; /* `url =`: "has no value", said at its line */
		nw_errors_add(errs, path, f->line, "[feed %s] needs 'url'", f->name);
		return -EINVAL;
	}
	if (strncasecmp(f->url, "http://", 7) == 0 || strncasecmp(f->url, "https://", 8) == 0) {
		/* what libcurl will not fetch is said here, not at every poll, and without the
		 * address: a password with a raw ? # or / in it is not found as one to hide */
		CURLU *u = curl_url();
		CURLUcode rc = u ? curl_url_set(u, CURLUPART_URL, f->url, 0) : CURLUE_OUT_OF_MEMORY;
		curl_url_cleanup(u);
		if (rc == CURLUE_OK)
			return 0;
		nw_errors_add(errs, path, url_line, "[feed %s]: url is not an address libcurl can fetch (%s%s)", f->name,
			      curl_url_strerror(rc),
			      strchr(f->url, '@') ? "; in a password, write ? # / and @ as %3F %23 %2F %40" : "");
		return -EINVAL;
	}
	if (strncasecmp(f->url, "file://", 7) == 0) {
		const char *p = f->url + 7;
		if (!strncasecmp(p, "localhost/", 10))
			p += 9;
		if (*p != '/') { /* file://feed.xml: a host, which libcurl refuses at every poll */
			nw_errors_add(errs, path, url_line, "[feed %s]: a file:// url names an absolute path: file:///path/to/feed.xml",
				      f->name);
			return -EINVAL;
		}
		if (f->allow_file)
			return 0;
		nw_errors_add(errs, path, url_line, "[feed %s]: file:// url needs 'allow_file = yes'", f->name);
		return -EINVAL;
	}
	{
		char shown[1024];
		nw_errors_add(errs, path, url_line, "[feed %s]: url '%s' is not http:// or https://", f->name,
			      nw_url_shown(f->url, shown, sizeof shown));
	}
	return -EINVAL;
}

/* A channel's addresses (a webhook's url, a mail server's smtp) as libcurl will parse them
 * at every delivery, and its ca_file readable when the channel is set up to send: said
 * here, with the line, not at each alert. */
static void check_alert_addresses(const char *path, const struct raw_section *sec, const char *label, int sending,
				  struct nw_errors *errs)
{
	static const char *const keys[] = { "url", "smtp" };
	const char *v;

	for (size_t k = 0; k < sizeof keys / sizeof *keys; k++) {
		CURLU *u;
		CURLUcode rc;
		if (!(v = raw_get(sec, keys[k], NULL)) || !strstr(v, "://"))
			continue; /* none, or not an address (the plugin says what it wants) */
		u = curl_url();
		rc = u ? curl_url_set(u, CURLUPART_URL, v, CURLU_NON_SUPPORT_SCHEME) : CURLUE_OUT_OF_MEMORY;
		curl_url_cleanup(u);
		if (rc != CURLUE_OK)
			nw_errors_add(errs, path, key_line(sec, keys[k]), "[%s]: %s is not an address libcurl can use (%s)",
				      label, keys[k], curl_url_strerror(rc));
	}
	/* relative: to the working directory, which is / under systemd, so that a path that
	 * works in a shell fails in the service at the first alert */
	if (sending && (v = raw_get(sec, "ca_file", NULL)) && *v && *v != '/')
		nw_errors_add(errs, path, key_line(sec, "ca_file"),
			      "[%s]: ca_file %s is a relative path (the daemon runs in /): give an absolute one", label, v);
	else if (sending && v && *v && access(v, R_OK) != 0)
		nw_errors_add(errs, path, key_line(sec, "ca_file"), "[%s]: ca_file %s: %s", label, v, strerror(errno));
}

struct story_err_ctx {
	const char *path;
	struct nw_errors *errs;
};

static void story_err(void *arg, int line, int col, const char *msg)
{
	struct story_err_ctx *c = arg;

	if (col > 0)
		nw_errors_add(c->errs, c->path, line, "column %d: %s", col, msg);
	else
		nw_errors_add(c->errs, c->path, line, "%s", msg);
}

static int col_at(const int *col, int nlines, int line)
{
	return line > 0 && line <= nlines && col[line] ? col[line] : 1;
}

/* rc: the file's lines (NULL for none), so that rule and alias messages give columns in
 * the line rather than in the value. */
static int compile_stories(struct nw_conf *conf, const struct raw_conf *rc, struct nw_errors *errs)
{
	struct nw_story_def *defs = calloc(conf->nstories + 1, sizeof *defs);
	struct story_err_ctx ec = { conf->path, errs };
	int *col = NULL, nlines = 0; /* col[line]: where that line's value starts */
	size_t nent = 0;
	int *ecols;

	for (size_t i = 0; rc && i < rc->n; i++)
		for (size_t j = 0; j < rc->v[i].n; j++)
			nlines = rc->v[i].kv[j].line > nlines ? rc->v[i].kv[j].line : nlines;
	for (size_t i = 0; i < conf->nstories; i++)
		nent += conf->stories[i].entities.n;
	col = calloc((size_t)nlines + 1, sizeof *col);
	ecols = calloc(nent + 1, sizeof *ecols);
	if (!defs || !col || !ecols) {
		free(defs);
		free(col);
		free(ecols);
		return -ENOMEM;
	}
	for (size_t i = 0; rc && i < rc->n; i++)
		for (size_t j = 0; j < rc->v[i].n; j++)
			col[rc->v[i].kv[j].line] = rc->v[i].kv[j].col;
	nent = 0;
	for (size_t i = 0; i < conf->nstories; i++) {
		struct nw_story_conf *s = &conf->stories[i];
		defs[i].name = s->name;
		defs[i].line = s->line;
		defs[i].entities = &s->entities;
		defs[i].entity_cols = ecols + nent;
		for (size_t k = 0; k < s->entities.n; k++)
			ecols[nent++] = col_at(col, nlines, s->entities.v[k].line);
		defs[i].match = s->match;
		defs[i].match_line = s->match_line ? s->match_line : s->line;
		defs[i].match_col = col_at(col, nlines, s->match_line);
		defs[i].exclude = s->exclude;
		defs[i].exclude_line = s->exclude_line ? s->exclude_line : s->line;
		defs[i].exclude_col = col_at(col, nlines, s->exclude_line);
	}
	conf->storyset = nw_storyset_compile(defs, conf->nstories, story_err, &ec);
	free(ecols);
	free(col);
	free(defs);
	return conf->storyset ? 0 : -EINVAL;
}

/* The language code a story's language value that is none may have meant: its ISO 639-2
 * code (kor), its name in English or its own (Korean, 한국어), a region's tag (ko-KR), a
 * country's code (kr), or a typo of a name; NULL when none. A typo of a two-letter code is
 * not guessed: "cn" is one letter from "en", "es" too. */
static const char *language_near(const char *v)
{
	static const struct { const char *word, *code; } names[] = {
		{ "eng", "en" }, { "english", "en" }, { "kor", "ko" }, { "korean", "ko" }, { "kr", "ko" },
		{ "한국어", "ko" }, { "jpn", "ja" }, { "japanese", "ja" }, { "jp", "ja" }, { "日本語", "ja" },
		{ "zho", "zh" }, { "chi", "zh" }, { "chinese", "zh" }, { "cn", "zh" }, { "tw", "zh" },
		{ "中文", "zh" }, { "中国語", "zh" }, { "중국어", "zh" }, { "일본어", "ja" }, { "영어", "en" },
	};
	static const char *const long_names[] = { "english", "korean", "japanese", "chinese", NULL };
	static const char *const codes[] = { "en", "ko", "ja", "zh", NULL };
	const char *near;

	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		if (!strcasecmp(v, names[i].word))
			return names[i].code;
	for (int k = 0; codes[k]; k++) /* ko-KR, zh_TW */
		if (!strncasecmp(v, codes[k], 2) && (v[2] == '-' || v[2] == '_'))
			return codes[k];
	if ((near = nw_nearest_word(v, long_names)))
		for (size_t i = 0; i < sizeof names / sizeof *names; i++)
			if (!strcmp(near, names[i].word))
				return names[i].code;
	return NULL;
}

static void check_story(struct nw_conf *conf, struct nw_story_conf *s, const struct raw_section *sec,
			struct nw_errors *errs)
{
	/* (a story without entity lines is said where its rules are compiled, once) */
	/* a story tried alone (test-rule, setting up no plugin) needs no channel: README's
	 * example story says alert = team, with no [alert team] in a file of its own */
	for (size_t i = 0; setup_plugins && i < s->alert.n; i++)
		if (!nw_conf_alert(conf, s->alert.v[i]))
			nw_errors_add(errs, conf->path, item_line(sec, "alert", s->alert.v[i]),
				      "[story %s]: alert '%s' names no [alert %s] section",
				      s->name, s->alert.v[i], s->alert.v[i]);
	for (size_t i = 0; i < s->language.n; i++) {
		static const char *const known[] = { "en", "ko", "ja", "zh", NULL };
		const char *v = s->language.v[i], *near;
		int ok = 0;
		char hint[64] = "";
		for (int k = 0; known[k]; k++)
			ok |= strcasecmp(v, known[k]) == 0;
		if (ok)
			continue;
		if ((near = language_near(v)))
			snprintf(hint, sizeof hint, "; did you mean '%s'?", near);
		nw_errors_add(errs, conf->path, item_line(sec, "language", v),
			      "[story %s]: language '%s' is not one of en, ko, ja, zh%s", s->name, v, hint);
	}
	s->alert_mask = 0;
	for (size_t i = 0; i < s->alert_on.n; i++) {
		static const char *const verdicts[] = { "new", "update", NULL };
		static const char *const development[] = { "development", "developments", NULL };
		const char *v = s->alert_on.v[i], *near, *hint = "";
		char buf[64];
		if (strcasecmp(v, "new") == 0) {
			s->alert_mask |= NW_ALERT_ON_NEW;
			continue;
		}
		if (strcasecmp(v, "update") == 0) {
			s->alert_mask |= NW_ALERT_ON_UPDATE;
			continue;
		}
		if (strcasecmp(v, "known") == 0) {
			hint = " (known never alerts)";
		} else if ((near = nw_nearest_word(v, verdicts))) {
			snprintf(buf, sizeof buf, "; did you mean '%s'?", near);
			hint = buf;
		} else if (nw_nearest_word(v, development)) {
			hint = " (the verdicts: new, a first report of a development; update, new facts on a known one)";
		}
		nw_errors_add(errs, conf->path, item_line(sec, "alert_on", v), "[story %s]: alert_on '%s' is not new or update%s",
			      s->name, v, hint);
	}
}

char *nw_conf_database(const char *path)
{
	struct raw_conf rc = { 0 };
	struct nw_errors errs = { 0 };
	const char *v = NULL;
	char *db = NULL;

	if (raw_read(path, &rc, &errs) == 0) {
		for (size_t i = 0; i < rc.n && !v; i++)
			if (strcmp(rc.v[i].type, "daemon") == 0)
				v = raw_get(&rc.v[i], "database", NULL);
		/* only a value written there: a conf whose [daemon] has the mistake ("databse",
		 * a broken header) must not send a query to the default store (on a host of the
		 * service, the production one) */
		db = v ? strdup(v) : NULL;
	}
	raw_free(&rc);
	nw_errors_free(&errs);
	return db;
}

struct nw_conf *nw_conf_load(const char *path, struct nw_plugins *reg, struct nw_errors *errs)
{
	struct raw_conf rc = { 0 };
	struct nw_conf *conf = calloc(1, sizeof *conf);
	size_t nerr0 = errs->n;
	const struct raw_section *daemon = NULL;
	enum nw_secrets was = NW_SECRETS_READ; /* while a section's secrets are skipped */
	int skipping = 0;

	if (!conf || !(conf->path = strdup(path))) {
		free(conf);
		nw_errors_add(errs, path, 0, "out of memory");
		return NULL;
	}
	if (nw_opt_defaults(daemon_options, &conf->daemon))
		nw_errors_add(errs, path, 0, "internal: bad daemon defaults");
	if (raw_read(path, &rc, errs) == -ENOMEM)
		goto out;
	conf->hashtag_line = rc.hashtag_line;
	memcpy(conf->hashtag, rc.hashtag, sizeof conf->hashtag);
	for (size_t i = 0; i < rc.n; i++)
		if (strcmp(rc.v[i].type, "daemon") == 0 && !daemon)
			daemon = &rc.v[i];
	if (daemon)
		apply_section(path, daemon, daemon_options, &conf->daemon, NULL, 0, errs);

	/* alerts before stories, so that a story's `alert` can be checked */
	for (int pass = 0; pass < 3; pass++) {
		static const char *order[] = { "alert", "feed", "story" };
		for (size_t i = 0; i < rc.n; i++) {
			const struct raw_section *sec = &rc.v[i];
			char label[300];
			int missing;
			if (strcmp(sec->type, order[pass]) != 0)
				continue;
			snprintf(label, sizeof label, "%s %s", sec->type, sec->name);
			/* alert-test NAME: no other section's secrets read (nw_conf_setup_alert) */
			int other = setup_alert && (pass != 0 || strcmp(sec->name, setup_alert) != 0);
			if (other) {
				was = nw_opt_secrets_swap(NW_SECRETS_SKIP);
				skipping = 1;
			}
			if (pass == 0) {
				struct nw_alert_conf *a;
				const char *plugin = raw_get(sec, "plugin", NULL);
				if (!(conf->alerts = grow(conf->alerts, conf->nalerts, sizeof *a)))
					goto nomem;
				a = &conf->alerts[conf->nalerts++];
				a->name = strdup(sec->name);
				a->line = sec->line;
				nw_opt_defaults(alert_options, a);
				if (plugin && *plugin)
					make_inst(path, key_line(sec, "plugin"), reg, conf->daemon.plugin_dir,
						  NW_PLUGIN_NOTIFIER, plugin, label, &a->inst, errs);
				missing = apply_section(path, sec, alert_options, a, &a->inst,
							(setup_plugins & NW_SETUP_ALERTS) && !other, errs);
				if (!(a->delivery = section_digest(plugin ? plugin : "", sec, delivery_key, &a->inst)))
					goto nomem;
				if (a->retry_min > a->retry_max)
					nw_errors_add(errs, path, raw_get(sec, "retry_min", NULL) ? key_line(sec, "retry_min")
						      : key_line(sec, "retry_max"), "[%s]: retry_min is above retry_max", label);
				if (!missing && (setup_plugins & NW_SETUP_ALERTS) && !other)
					init_inst(path, sec, label, &a->inst, errs);
				check_alert_addresses(path, sec, label, (setup_plugins & NW_SETUP_ALERTS) && !other, errs);
			} else if (pass == 1) {
				struct nw_feed_conf *f;
				const char *plugin = raw_get(sec, "plugin", NULL);
				if (!(conf->feeds = grow(conf->feeds, conf->nfeeds, sizeof *f)))
					goto nomem;
				f = &conf->feeds[conf->nfeeds++];
				f->name = strdup(sec->name);
				f->line = sec->line;
				nw_opt_defaults(feed_options, f);
				make_inst(path, key_line(sec, "plugin"), reg, conf->daemon.plugin_dir, NW_PLUGIN_SOURCE,
					  plugin && *plugin ? plugin : f->plugin, label, &f->src, errs);
				missing = apply_section(path, sec, feed_options, f, &f->src, (setup_plugins & NW_SETUP_FEEDS) != 0,
							errs);
				if (!(f->source = section_digest(plugin && *plugin ? plugin : f->plugin, sec, source_key, NULL)))
					goto nomem;
				check_feed_url(path, f, raw_get(sec, "url", NULL) ? key_line(sec, "url") : 0, errs);
				if (!missing && (setup_plugins & NW_SETUP_FEEDS))
					init_inst(path, sec, label, &f->src, errs);
			} else {
				struct nw_story_conf *s;
				if (!(conf->stories = grow(conf->stories, conf->nstories, sizeof *s)))
					goto nomem;
				s = &conf->stories[conf->nstories++];
				s->name = strdup(sec->name);
				s->line = sec->line;
				nw_opt_defaults(story_options, s);
				apply_section(path, sec, story_options, s, NULL, 0, errs);
				raw_get(sec, "match", &s->match_line);
				raw_get(sec, "exclude", &s->exclude_line);
				check_story(conf, s, sec, errs);
			}
			if (skipping) {
				nw_opt_secrets_swap(was);
				skipping = 0;
			}
		}
	}
	/* rule mistakes are reported together with every other mistake */
	compile_stories(conf, &rc, errs);
out:
	if (skipping) /* a goto nomem from a section whose secrets were skipped */
		nw_opt_secrets_swap(was);
	raw_free(&rc);
	if (errs->n != nerr0) {
		nw_conf_free(conf);
		return NULL;
	}
	return conf;
nomem:
	nw_errors_add(errs, path, 0, "out of memory");
	goto out;
}

struct nw_conf *nw_conf_empty(void)
{
	struct nw_errors errs = { 0 };
	struct nw_conf *conf = calloc(1, sizeof *conf);

	if (!conf || !(conf->path = strdup("(no configuration)")) || nw_opt_defaults(daemon_options, &conf->daemon) ||
	    compile_stories(conf, NULL, &errs) != 0) {
		nw_errors_free(&errs);
		nw_conf_free(conf);
		return NULL;
	}
	return conf;
}

struct nw_feed_conf *nw_conf_add_feed(struct nw_conf *conf, struct nw_plugins *reg, const char *name,
				      const char *plugin, char *err, size_t errlen)
{
	struct nw_errors errs = { 0 };
	struct nw_feed_conf *f;
	char label[300];

	if (!(conf->feeds = grow(conf->feeds, conf->nfeeds, sizeof *f))) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	f = &conf->feeds[conf->nfeeds++];
	f->name = strdup(name);
	nw_opt_defaults(feed_options, f);
	snprintf(label, sizeof label, "feed %s", name);
	if (make_inst(conf->path, 0, reg, conf->daemon.plugin_dir, NW_PLUGIN_SOURCE, plugin, label, &f->src, &errs) == 0)
		init_inst(conf->path, NULL, label, &f->src, &errs);
	if (errs.n) {
		snprintf(err, errlen, "%s", errs.v[0]);
		nw_errors_free(&errs);
		return NULL;
	}
	return f;
}

size_t nw_conf_keep_restart_only(const struct nw_conf *run, struct nw_conf *nc, struct nw_errors *msgs)
{
	size_t n = 0;

	for (const struct nw_option *o = daemon_options; o->name; o++) {
		char **was = (char **)((char *)&run->daemon + o->offset);
		char **now = (char **)((char *)&nc->daemon + o->offset);
		const char *a = *was ? *was : "(none)", *b = *now ? *now : "(none)";
		char *keep = NULL;

		/* strings: the only type flagged so far */
		if (!(o->flags & NW_OPT_RESTART) || o->type != NW_OPT_STRING || !strcmp(a, b))
			continue;
		nw_errors_add(msgs, nc->path, 0, "%s changed from %s to %s: that takes a restart "
			      "(systemctl restart newswatchd); still using %s", o->name, a, b, a);
		if (!*was || (keep = strdup(*was))) {
			free(*now);
			*now = keep;
		}
		n++;
	}
	return n;
}

struct nw_feed_conf *nw_conf_feed(const struct nw_conf *conf, const char *name)
{
	for (size_t i = 0; i < conf->nfeeds; i++)
		if (strcmp(conf->feeds[i].name, name) == 0)
			return &conf->feeds[i];
	return NULL;
}

struct nw_alert_conf *nw_conf_alert(const struct nw_conf *conf, const char *name)
{
	for (size_t i = 0; i < conf->nalerts; i++)
		if (strcmp(conf->alerts[i].name, name) == 0)
			return &conf->alerts[i];
	return NULL;
}

struct nw_story_conf *nw_conf_story(const struct nw_conf *conf, const char *name)
{
	for (size_t i = 0; i < conf->nstories; i++)
		if (strcmp(conf->stories[i].name, name) == 0)
			return &conf->stories[i];
	return NULL;
}

void nw_conf_free(struct nw_conf *conf)
{
	if (!conf)
		return;
	for (size_t i = 0; i < conf->nfeeds; i++) {
		nw_plugin_inst_free(&conf->feeds[i].src);
		nw_opt_free(feed_options, &conf->feeds[i]);
		free(conf->feeds[i].name);
		free(conf->feeds[i].source);
	}
	for (size_t i = 0; i < conf->nstories; i++) {
		nw_opt_free(story_options, &conf->stories[i]);
		free(conf->stories[i].name);
	}
	for (size_t i = 0; i < conf->nalerts; i++) {
		nw_plugin_inst_free(&conf->alerts[i].inst);
		nw_opt_free(alert_options, &conf->alerts[i]);
		free(conf->alerts[i].name);
		free(conf->alerts[i].delivery);
	}
	free(conf->feeds);
	free(conf->stories);
	free(conf->alerts);
	if (conf->storyset)
		nw_storyset_free(conf->storyset);
	nw_opt_free(daemon_options, &conf->daemon);
	free(conf->path);
	free(conf);
}
