/* test_options.c — the conf reader and the typed option tables: every option described,
 * undeclared keys refused, every mistake reported as file:line, lines of any length. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "conf.h"
#include "options.h"
#include "plugin.h"

static char conf_path[64];

static void write_conf(const char *text)
{
	int fd;
	FILE *fp;

	strcpy(conf_path, "/tmp/nw-test-conf-XXXXXX");
	fd = mkstemp(conf_path);
	assert_true(fd >= 0);
	fp = fdopen(fd, "w");
	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
}

static struct nw_conf *load(const char *text, struct nw_plugins *reg, struct nw_errors *errs)
{
	struct nw_conf *c;

	write_conf(text);
	c = nw_conf_load(conf_path, reg, errs);
	unlink(conf_path);
	return c;
}

static int has_error(const struct nw_errors *e, int line, const char *needle)
{
	char prefix[128];

	snprintf(prefix, sizeof prefix, "%s:%d: ", conf_path, line);
	for (size_t i = 0; i < e->n; i++)
		if (strncmp(e->v[i], prefix, strlen(prefix)) == 0 && strstr(e->v[i], needle))
			return 1;
	return 0;
}

static void check_table(const char *what, const struct nw_option *t)
{
	for (; t && t->name; t++) {
		if (!t->description || strlen(t->description) < 10)
			fail_msg("%s: option '%s' has no description", what, t->name);
	}
}

static void test_every_option_described(void **state)
{
	static const char *types[] = { "daemon", "feed", "story", "alert" };
	struct nw_plugins *reg = nw_plugins_new();
	const struct nw_plugin *p;
	char err[512];

	(void)state;
	for (size_t i = 0; i < 4; i++) {
		assert_non_null(nw_conf_table(types[i]));
		check_table(types[i], nw_conf_table(types[i]));
	}
	assert_int_equal(nw_plugins_get(reg, NULL, NW_PLUGIN_SOURCE, "rss", &p, err, sizeof err), 0);
	check_table("rss", p->options);
	assert_int_equal(nw_plugins_get(reg, NULL, NW_PLUGIN_NOTIFIER, "log", &p, err, sizeof err), 0);
	check_table("log", p->options);
	nw_plugins_free(reg);
}

static void test_good_conf(void **state)
{
	struct nw_plugins *reg = nw_plugins_new();
	struct nw_errors errs = { 0 };
	struct nw_conf *c;

	(void)state;
	c = load("; comment\n"
		 "[daemon]\n"
		 "database = /tmp/x.db   ; trailing comment\n"
		 "interval = 1h30m\n"
		 "per_host = 2\n"
		 "max_size = 2M\n"
		 "[feed wire]\n"
		 "url = https://example.com/feed?a=1#frag\n"
		 "interval = 90s\n"
		 "[alert me]\n"
		 "plugin = log\n"
		 "format = json\n"
		 "[story s]\n"
		 "entity.a = \"A; B\" | 샘 알트먼\n"
		 "entity.a = サム・アルトマン\n"
		 "entity.b = Microsoft | MS\n"
		 "match = a AND b\n"
		 "alert = me\n",
		 reg, &errs);
	nw_errors_print(&errs, stderr);
	assert_non_null(c);
	assert_string_equal(c->daemon.database, "/tmp/x.db");
	assert_int_equal(c->daemon.interval, 5400000);
	assert_int_equal(c->daemon.per_host, 2);
	assert_int_equal(c->daemon.max_size, 2 << 20);
	assert_int_equal(c->nfeeds, 1);
	assert_string_equal(c->feeds[0].url, "https://example.com/feed?a=1#frag");
	assert_int_equal(c->feeds[0].interval, 90000);
	assert_string_equal(c->feeds[0].plugin, "rss");
	assert_int_equal(c->stories[0].entities.n, 3);
	assert_string_equal(c->stories[0].entities.v[0].key, "a");
	assert_string_equal(c->stories[0].entities.v[0].value, "\"A; B\" | 샘 알트먼");
	assert_int_equal(c->stories[0].entities.v[1].line, 15);
	assert_int_equal(c->stories[0].alert_mask, NW_ALERT_ON_NEW | NW_ALERT_ON_UPDATE);
	assert_int_equal(c->alerts[0].retry_min, 30000);
	nw_conf_free(c);
	nw_plugins_free(reg);
}

static void test_every_mistake_reported(void **state)
{
	struct nw_plugins *reg = nw_plugins_new();
	struct nw_errors errs = { 0 };
	struct nw_conf *c;

	(void)state;
	c = load("[daemon]\n"
		 "interval = soon\n"                 /* 2: bad duration */
		 "colour = blue\n"                   /* 3: unknown key */
		 "[feed a]\n"
		 "url = ftp://example.com/x\n"       /* 5: bad scheme */
		 "interval = 0s\n"                   /* 6: below minimum */
		 "[story s]\n"
		 "entity.x = X\n"
		 "match = x AND (y\n"                /* 9: rule errors */
		 "alert = nowhere\n"                 /* 10: unknown alert */
		 "[alert z]\n"
		 "plugin = log\n"
		 "plugin = log\n"                    /* 13: twice */
		 "[bogus]\n"                         /* 14: unknown section */
		 "no equals sign here\n",            /* 15 */
		 reg, &errs);
	assert_null(c);
	nw_errors_print(&errs, stderr);
	assert_true(has_error(&errs, 2, "interval"));
	assert_true(has_error(&errs, 3, "unknown option 'colour'"));
	assert_true(has_error(&errs, 5, "ftp://"));
	assert_true(has_error(&errs, 6, "between"));
	assert_true(has_error(&errs, 10, "nowhere"));
	assert_true(has_error(&errs, 13, "twice"));
	assert_true(has_error(&errs, 14, "bogus"));
	nw_errors_free(&errs);
	nw_plugins_free(reg);
}

static void test_plugin_options_checked(void **state)
{
	struct nw_plugins *reg = nw_plugins_new();
	struct nw_errors errs = { 0 };
	struct nw_conf *c;

	(void)state;
	c = load("[alert a]\nplugin = log\nformat = yaml\nurl = x\n[alert b]\nplugin = nosuch\n", reg, &errs);
	assert_null(c);
	nw_errors_print(&errs, stderr);
	assert_true(has_error(&errs, 3, "format"));
	assert_true(has_error(&errs, 4, "unknown option 'url'"));
	assert_true(has_error(&errs, 6, "no notifier plugin 'nosuch'"));
	nw_errors_free(&errs);
	nw_plugins_free(reg);
}

/* a plugin name that is not there: the one meant said, and the plugin's options not each
 * called unknown (its error says why they are not known); a typo of the core's still is */
static void test_plugin_not_found(void **state)
{
	struct nw_plugins *reg = nw_plugins_new();
	struct nw_errors errs = { 0 };

	(void)state;
	assert_null(load("[feed a]\nplugin = htm\nurl = https://e.example/\nitem = //article\ntitle = .//h2\n"
			 "intervall = 5m\n[feed b]\nplugin = webhook\ninterval = 5m\n[alert c]\nplugin = Log\n"
			 "[alert d]\nplugin = slack\nurl = https://h.example/\n", reg, &errs));
	nw_errors_print(&errs, stderr);
	assert_true(has_error(&errs, 2, "no source plugin 'htm'"));
	assert_true(has_error(&errs, 2, "; did you mean 'html'?"));
	assert_true(has_error(&errs, 6, "unknown option 'intervall' in [feed a]; did you mean 'interval'?"));
	assert_true(has_error(&errs, 8, "'webhook' is a notifier plugin, for an [alert NAME] section"));
	assert_true(has_error(&errs, 11, "plugin name 'Log' may only hold a-z, 0-9, _ and -; did you mean 'log'?"));
	assert_true(has_error(&errs, 13, "the notifier plugins there: email, exec, log, webhook"));
	assert_int_equal(errs.n, 5);
	nw_errors_free(&errs);
	nw_plugins_free(reg);
}

/* a plugin folder that holds no plugin of the kind (plugin_dir naming the wrong folder):
 * the plugin is said to be missing, with no list of others; the hint's sort was given the
 * NULL of no names, which the sanitizers' build (-fno-sanitize-recover) aborts on */
static void test_plugin_dir_without_plugins(void **state)
{
	struct nw_plugins *reg = nw_plugins_new();
	struct nw_errors errs = { 0 };
	char dir[] = "/tmp/nw-test-plugindir-XXXXXX", text[256];
	int found = 0;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(text, sizeof text, "[daemon]\nplugin_dir = %s\n[feed a]\nurl = https://e.example/\n"
		 "[alert b]\nplugin = log\n", dir);
	assert_null(load(text, reg, &errs));
	/* --dump-options over such a folder lists none (it sorted a NULL array of names too) */
	{
		FILE *fp = tmpfile();
		assert_non_null(fp);
		nw_plugins_dump(reg, dir, fp);
		fclose(fp);
	}
	rmdir(dir);
	nw_errors_print(&errs, stderr);
	for (size_t i = 0; i < errs.n; i++)
		found += strstr(errs.v[i], "no source plugin 'rss' (looked for ") != NULL ||
			 strstr(errs.v[i], "no notifier plugin 'log' (looked for ") != NULL;
	assert_int_equal(found, 2);
	for (size_t i = 0; i < errs.n; i++)
		assert_null(strstr(errs.v[i], "plugins there"));
	nw_errors_free(&errs);
	nw_plugins_free(reg);
}

/* an option written in another case, or a keyed option's prefix mistyped, gets "did you
 * mean" too, a keyed one with the name the line gave */
static void test_typo_hints(void **state)
{
	struct nw_plugins *reg = nw_plugins_new();
	struct nw_errors errs = { 0 };

	(void)state;
	assert_null(load("[feed a]\nURL = https://e.example/\n[story s]\nentity.a = A\nEntity.b = B\nentitiy.c = C\n"
			 "entity = D\nmatch = a\n[alert w]\nplugin = webhook\nurl = https://h.example/\nheadr.X-Token = 1\n"
			 "Format = slack\n", reg, &errs));
	nw_errors_print(&errs, stderr);
	assert_true(has_error(&errs, 2, "unknown option 'URL' in [feed a] (plugin rss); did you mean 'url'?"));
	assert_true(has_error(&errs, 5, "unknown option 'Entity.b' in [story s]; did you mean 'entity.b'?"));
	assert_true(has_error(&errs, 6, "unknown option 'entitiy.c' in [story s]; did you mean 'entity.c'?"));
	assert_true(has_error(&errs, 7, "unknown option 'entity' in [story s]; did you mean 'entity.NAME'?"));
	assert_true(has_error(&errs, 12, "did you mean 'header.X-Token'?"));
	assert_true(has_error(&errs, 13, "unknown option 'Format' in [alert w] (plugin webhook); did you mean 'format'?"));
	nw_errors_free(&errs);
	nw_plugins_free(reg);
}

/* a required option missing from a plugin's section does not hide the section's other
 * mistakes: the plugins whose init() copes (NW_OPT_INIT_CHECKS) say all of them at once;
 * where no plugin is set up (test-rule), the core says what is missing */
static void test_missing_required_with_others(void **state)
{
	static const char text[] = "[feed h]\nplugin = html\nurl = https://e.example/\nlink = ((\ntimezone = +25:00\n"
				   "[alert m]\nplugin = email\nfrom = not an address\n"
				   "[alert w]\nplugin = webhook\nformat = telegram\nheader.Bad Key = 1\n";
	struct nw_plugins *reg = nw_plugins_new();
	struct nw_errors errs = { 0 };

	(void)state;
	assert_null(load(text, reg, &errs));
	nw_errors_print(&errs, stderr);
	assert_true(has_error(&errs, 1, "[feed h]: item: required (an XPath selecting each item, e.g. //article); "
				"timezone: '+25:00' is not an offset like +09:00 or UTC; link: invalid XPath '(('"));
	assert_true(has_error(&errs, 6, "[alert m]: smtp: required (smtp://HOST[:PORT] or smtps://HOST[:PORT]); "
				"from: 'not an address' is not an address; to: required (the recipients' addresses)"));
	assert_true(has_error(&errs, 9, "[alert w]: url: required (http:// or https://); format telegram needs token_file "
				"(the bot token) and chat_id; line 12: header.Bad Key is not a valid header"));
	assert_int_equal(errs.n, 3);
	nw_errors_free(&errs);
	nw_conf_setup_plugins(0);
	assert_null(load(text, reg, &errs));
	nw_conf_setup_plugins(NW_SETUP_FEEDS | NW_SETUP_ALERTS);
	nw_errors_print(&errs, stderr);
	assert_true(has_error(&errs, 1, "[feed h] needs 'item'"));
	assert_true(has_error(&errs, 6, "[alert m] needs 'smtp'"));
	assert_true(has_error(&errs, 6, "[alert m] needs 'to'"));
	assert_true(has_error(&errs, 9, "[alert w] needs 'url'"));
	nw_errors_free(&errs);
	nw_plugins_free(reg);
}

/* a value in quotes, as in a shell, where the quotes would be part of it (a path, the
 * User-Agent, a number, a duration, a choice) is refused with the line to write; where
 * quotes mean something (a phrase, an alias) it is read as before */
static void test_quoted_values(void **state)
{
	struct nw_plugins *reg = nw_plugins_new();
	struct nw_errors errs = { 0 };
	struct nw_conf *c;

	(void)state;
	assert_null(load("[daemon]\ndatabase = \"/tmp/x.db\"\nuser_agent = \"MyBot/1.0\"\ninterval = \"15m\"\n"
			 "per_host = \"2\"\n[alert m]\nplugin = log\nmode = \"digest\"\n", reg, &errs));
	nw_errors_print(&errs, stderr);
	assert_true(has_error(&errs, 2, "database: no quotes around the value (they would be taken as part of it): "
				"write database = /tmp/x.db"));
	/* a User-Agent in quotes was sent with them, and worked: a conf that has one still loads
	 * after an upgrade (it went to every server as written for years) */
	assert_false(has_error(&errs, 3, "user_agent"));
	assert_true(has_error(&errs, 4, "write interval = 15m"));
	assert_true(has_error(&errs, 5, "write per_host = 2"));
	assert_true(has_error(&errs, 8, "write mode = digest"));
	assert_int_equal(errs.n, 4);
	nw_errors_free(&errs);
	c = load("[daemon]\ndatabase = /tmp/x.db\n[story s]\nentity.a = \"Sam Altman\"\nmatch = \"Sam Altman\"\n", reg, &errs);
	nw_errors_print(&errs, stderr);
	assert_non_null(c);
	assert_string_equal(c->stories[0].entities.v[0].value, "\"Sam Altman\"");
	nw_conf_free(c);
	nw_plugins_free(reg);
}

static void test_long_lines(void **state)
{
	struct nw_plugins *reg = nw_plugins_new();
	struct nw_errors errs = { 0 };
	size_t n = 900, cap = n * 64 + 256;
	char *text = malloc(cap), *p;
	struct nw_conf *c;

	(void)state;
	p = text + sprintf(text, "[story long]\nentity.many = ");
	for (size_t i = 0; i < n; i++)
		p += sprintf(p, "%salias%zu-with-a-long-name-so-the-line-is-long", i ? " | " : "", i);
	sprintf(p, "\nmatch = many\n");
	assert_true(strlen(text) > 40000);
	c = load(text, reg, &errs);
	nw_errors_print(&errs, stderr);
	assert_non_null(c);
	assert_int_equal(strlen(c->stories[0].entities.v[0].value), strlen(strstr(text, "alias0")) - strlen("\nmatch = many\n"));
	nw_conf_free(c);
	free(text);
	nw_plugins_free(reg);
}

static void test_units(void **state)
{
	int64_t v;
	int b;

	(void)state;
	assert_int_equal(nw_parse_duration("15m", &v), 0);
	assert_int_equal(v, 900000);
	assert_int_equal(nw_parse_duration("2h 30m", &v), 0);
	assert_int_equal(v, 9000000);
	assert_int_equal(nw_parse_duration("250ms", &v), 0);
	assert_int_equal(v, 250);
	assert_int_equal(nw_parse_duration("30", &v), 0);
	assert_int_equal(v, 30000);
	/* a space before the unit, as newswatch.conf(5) writes "1h 30m" */
	assert_int_equal(nw_parse_duration("15 min", &v), 0);
	assert_int_equal(v, 900000);
	assert_int_equal(nw_parse_duration("1 h 30 m", &v), 0);
	assert_int_equal(v, 5400000);
	assert_int_equal(nw_parse_size("64 k", &v), 0);
	assert_int_equal(v, 65536);
	/* as the options' own descriptions write sizes ("4 MiB"), and as other tools do */
	assert_int_equal(nw_parse_size("4 MiB", &v), 0);
	assert_int_equal(v, 4 << 20);
	assert_int_equal(nw_parse_size("512KiB", &v), 0);
	assert_int_equal(v, 512 << 10);
	assert_int_equal(nw_parse_size("1gib", &v), 0);
	assert_int_equal(v, 1 << 30);
	assert_int_not_equal(nw_parse_size("4 Mi", &v), 0);
	assert_int_not_equal(nw_parse_duration("10 parsecs", &v), 0);
	assert_int_not_equal(nw_parse_duration("15 minutes", &v), 0);
	assert_int_not_equal(nw_parse_duration("", &v), 0);
	assert_int_not_equal(nw_parse_duration("-5s", &v), 0);
	/* each part fits, their sum would overflow int64_t */
	assert_int_equal(nw_parse_duration("100000000000d 100000000000d", &v), -ERANGE);
	assert_int_equal(nw_parse_duration("99999999999999999999999999s", &v), -ERANGE);
	/* decimal only, and every part of several with its unit: 1h30 is not 1h 30s */
	assert_int_equal(nw_parse_duration("1e3", &v), -EINVAL);
	assert_int_equal(nw_parse_duration("0x10", &v), -EINVAL);
	assert_int_equal(nw_parse_duration("inf", &v), -EINVAL);
	assert_int_equal(nw_parse_duration("1h30", &v), -EINVAL);
	/* M: minutes or months? (6M was 6 minutes); m, MIN and MS are no doubt */
	assert_int_equal(nw_parse_duration("6M", &v), -EDOM);
	assert_int_equal(nw_parse_duration("1h 6 M", &v), -EDOM);
	assert_int_equal(nw_parse_duration("6m", &v), 0);
	assert_int_equal(v, 360000);
	assert_int_equal(nw_parse_duration("6MIN", &v), 0);
	assert_int_equal(v, 360000);
	assert_int_equal(nw_parse_duration("6MS", &v), 0);
	assert_int_equal(v, 6);
	assert_int_equal(nw_parse_duration("1.5h", &v), 0);
	assert_int_equal(v, 5400000);
	assert_int_equal(nw_parse_duration(".5s", &v), 0);
	assert_int_equal(v, 500);
	assert_int_equal(nw_parse_duration(".s", &v), -EINVAL);
	assert_int_equal(nw_parse_size("8000000000G 8000000000G", &v), -ERANGE);
	assert_int_equal(nw_parse_size("64k", &v), 0);
	assert_int_equal(v, 65536);
	assert_int_equal(nw_parse_bool("On", &b), 0);
	assert_int_equal(b, 1);
	assert_int_not_equal(nw_parse_bool("maybe", &b), 0);
}

static void test_out_of_range(void **state)
{
	struct nw_plugins *reg = nw_plugins_new();
	struct nw_errors errs = { 0 };

	(void)state;
	assert_null(load("[daemon]\ninterval = 100000000000d 100000000000d\nmax_size = 99999999999999999999999G\n", reg, &errs));
	nw_errors_print(&errs, stderr);
	assert_true(has_error(&errs, 2, "interval: '100000000000d 100000000000d' is out of range (1s to 7d)"));
	assert_true(has_error(&errs, 3, "max_size: '99999999999999999999999G' is out of range"));
	assert_int_equal(errs.n, 2);
	nw_errors_free(&errs);
	/* keep_articles = 6M meant half a year, and was six minutes (kept as dedup_window) */
	assert_null(load("[daemon]\nkeep_articles = 6M\nmax_size = 6M\n", reg, &errs));
	nw_errors_print(&errs, stderr);
	assert_true(has_error(&errs, 2, "keep_articles: '6M': M is minutes or months? write m for minutes; months are no "
				"unit (180d is about six)"));
	assert_int_equal(errs.n, 1);
	nw_errors_free(&errs);
	/* where no month fits (at most a week), M is the minutes it always was: a conf of
	 * interval = 15M loaded before M was refused, and must after it; max_age, which a
	 * month fits, is still asked */
	{
		struct nw_conf *c = load("[daemon]\ninterval = 15M\ntimeout = 1M 30s\n[alert a]\nplugin = log\n"
					 "every = 30M\nretry_min = 2 M\nmax_age = 1M\n", reg, &errs);
		nw_errors_print(&errs, stderr);
		assert_null(c);
		assert_true(has_error(&errs, 8, "max_age: '1M': M is minutes or months?"));
		assert_int_equal(errs.n, 1);
		nw_errors_free(&errs);
		c = load("[daemon]\ninterval = 15M\ntimeout = 1M 30s\n[alert a]\nplugin = log\nevery = 30M\n"
			 "retry_min = 2 M\nretry_max = 10MIN\n", reg, &errs);
		nw_errors_print(&errs, stderr);
		assert_non_null(c);
		assert_int_equal(c->daemon.interval, 15 * 60000);
		assert_int_equal(c->daemon.timeout, 90000);
		assert_int_equal(c->alerts[0].every, 30 * 60000);
		assert_int_equal(c->alerts[0].retry_min, 2 * 60000);
		assert_int_equal(c->alerts[0].retry_max, 10 * 60000);
		nw_conf_free(c);
	}
	nw_plugins_free(reg);
}

/* `key =` is refused for every option not flagged NW_OPT_EMPTY_OK: an empty database would
 * be a temporary store, lost at exit */
static void test_empty_values(void **state)
{
	struct nw_plugins *reg = nw_plugins_new();
	struct nw_errors errs = { 0 };
	static const char *const types[] = { "daemon", "feed", "story", "alert" };

	(void)state;
	assert_null(load("[daemon]\n"
			 "database =\n"                /* 2 */
			 "user_agent =   ; none\n"     /* 3 */
			 "plugin_dir =\n"              /* 4 */
			 "[feed f]\n"
			 "url =\n"                     /* 6 */
			 "[story s]\n"
			 "entity.x = X\n"
			 "match =\n"                   /* 9 */
			 "[alert a]\n"
			 "plugin = webhook\n"
			 "url =\n",                    /* 12 */
			 reg, &errs));
	nw_errors_print(&errs, stderr);
	assert_true(has_error(&errs, 2, "'database' has no value"));
	assert_true(has_error(&errs, 3, "'user_agent' has no value"));
	assert_true(has_error(&errs, 4, "'plugin_dir' has no value"));
	assert_true(has_error(&errs, 6, "'url' has no value"));
	assert_true(has_error(&errs, 9, "'match' has no value"));
	/* a webhook's url is checked by its init(), with the channel's other mistakes */
	assert_true(has_error(&errs, 12, "[alert a]: url: required"));
	/* one error for each: not "needs 'url'" too */
	assert_int_equal(errs.n, 6);
	nw_errors_free(&errs);
	/* no core option takes an empty value */
	for (size_t i = 0; i < 4; i++)
		for (const struct nw_option *o = nw_conf_table(types[i]); o->name; o++)
			assert_false(o->flags & NW_OPT_EMPTY_OK);
	nw_plugins_free(reg);
}

/* \" inside a quoted alias does not end the quotes: the ';' after it is no comment */
static void test_quote_escape(void **state)
{
	struct nw_plugins *reg = nw_plugins_new();
	struct nw_errors errs = { 0 };
	struct nw_conf *c;

	(void)state;
	c = load("[story s]\n"
		 "entity.x = \"say \\\" ; hi\" | \"a\\\\\" ; a comment\n"
		 "match = \"no \\\" ; way\" OR x # a comment\n",
		 reg, &errs);
	nw_errors_print(&errs, stderr);
	assert_non_null(c);
	assert_string_equal(c->stories[0].entities.v[0].value, "\"say \\\" ; hi\" | \"a\\\\\"");
	assert_string_equal(c->stories[0].match, "\"no \\\" ; way\" OR x");
	nw_conf_free(c);
	nw_plugins_free(reg);
}

/* aliases saved in CP949 (샘 알트먼) would never match: refused, naming the line */
static void test_not_utf8(void **state)
{
	struct nw_plugins *reg = nw_plugins_new();
	struct nw_errors errs = { 0 };

	(void)state;
	assert_null(load("[story s]\n"
			 "entity.x = \xbb\xf9 \xbe\xcb\xc6\xae\xb8\xd5\n"
			 "entity.y = 알트먼 | \xed\xa0\x80\n", /* a surrogate: not UTF-8 either */
			 reg, &errs));
	nw_errors_print(&errs, stderr);
	assert_true(has_error(&errs, 2, "not UTF-8 (byte 0xBB at column 12)"));
	assert_true(has_error(&errs, 3, "not UTF-8 (byte 0xED at column 18)"));
	nw_errors_free(&errs);
	/* a header that is not UTF-8: its keys are not put in the section before it */
	assert_null(load("[daemon]\ndatabase = /tmp/x.db\n[story \xbf\xc0\xc7\xc2]\nentity.x = a\nmatch = x\n", reg,
			 &errs));
	nw_errors_print(&errs, stderr);
	assert_true(has_error(&errs, 3, "not UTF-8"));
	assert_int_equal(errs.n, 1);
	nw_errors_free(&errs);
	nw_plugins_free(reg);
}

/* a conf saved as "Unicode" on Windows (UTF-16, with or without its byte order mark, or
 * UTF-32) is one error that says so, not a "NUL byte in line" for every line; a folder
 * named as the conf is said to be one */
static void test_not_utf8_whole_file(void **state)
{
	static const struct {
		const char *bytes;
		size_t len;
		const char *want;
	} files[] = {
		{ "\xff\xfe[\0d\0a\0e\0m\0o\0n\0]\0\n\0x\0 \0=\0 \0y\0\n\0", 32,
		  "the file is UTF-16, not UTF-8 (saved as \"Unicode\" on Windows?): convert it, e.g. iconv -f UTF-16 -t UTF-8" },
		{ "\xfe\xff\0[\0d\0a\0e\0m\0o\0n\0]\0\n", 20, "iconv -f UTF-16 -t UTF-8" },
		{ "[\0d\0a\0e\0m\0o\0n\0]\0\n\0x\0 \0=\0 \0y\0\n\0", 30, "iconv -f UTF-16LE -t UTF-8" },
		{ "\0[\0d\0a\0e\0m\0o\0n\0]\0\n", 18, "iconv -f UTF-16BE -t UTF-8" },
		{ "\xff\xfe\0\0[\0\0\0]\0\0\0\n\0\0\0", 16, "iconv -f UTF-32 -t UTF-8" },
	};
	struct nw_plugins *reg = nw_plugins_new();
	struct nw_errors errs = { 0 };
	char dir[] = "/tmp/nw-test-confdir-XXXXXX";

	(void)state;
	for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
		int fd;
		strcpy(conf_path, "/tmp/nw-test-conf-XXXXXX");
		assert_true((fd = mkstemp(conf_path)) >= 0);
		assert_int_equal(write(fd, files[i].bytes, files[i].len), (ssize_t)files[i].len);
		close(fd);
		assert_null(nw_conf_load(conf_path, reg, &errs));
		unlink(conf_path);
		nw_errors_print(&errs, stderr);
		assert_true(has_error(&errs, 1, files[i].want));
		assert_int_equal(errs.n, 1);
		nw_errors_free(&errs);
	}
	assert_non_null(mkdtemp(dir));
	assert_null(nw_conf_load(dir, reg, &errs));
	rmdir(dir);
	nw_errors_print(&errs, stderr);
	assert_int_equal(errs.n, 1);
	assert_non_null(strstr(errs.v[0], ": is a folder, not a file: name the conf file in it (-c "));
	nw_errors_free(&errs);
	nw_plugins_free(reg);
}

/* a bad section header is reported once, not again for every key under it */
static void test_bad_header_once(void **state)
{
	struct nw_plugins *reg = nw_plugins_new();
	struct nw_errors errs = { 0 };

	(void)state;
	assert_null(load("[Feed x]\nurl = https://example.com/\ninterval = 5m\n", reg, &errs));
	nw_errors_print(&errs, stderr);
	assert_true(has_error(&errs, 1, "unknown section type 'Feed'"));
	assert_int_equal(errs.n, 1);
	nw_errors_free(&errs);
	/* a key before any section still is one */
	assert_null(load("url = https://example.com/\n[daemon]\n", reg, &errs));
	assert_true(has_error(&errs, 1, "'url' outside any section"));
	assert_int_equal(errs.n, 1);
	nw_errors_free(&errs);
	nw_plugins_free(reg);
}

/* a mistake found once the section is read (a list element, a url, two options that
 * disagree, a plugin's own check) is reported at the line of the option at fault */
static void test_mistake_at_key_line(void **state)
{
	struct nw_plugins *reg = nw_plugins_new();
	struct nw_errors errs = { 0 };

	(void)state;
	assert_null(load("[alert w]\n"
			 "plugin = webhook\n"
			 "format = json\n"
			 "url = ftp://example.com/hook\n"   /* 4: webhook's init */
			 "[alert r]\n"
			 "plugin = log\n"
			 "retry_max = 1m\n"
			 "retry_min = 1h\n"                 /* 8 */
			 "[story s]\n"
			 "entity.x = X\n"
			 "alert = w\n"
			 "alert = r, nope\n"                /* 12 */
			 "language = en\n"
			 "language = xx\n"                  /* 14 */
			 "alert_on = new\n"
			 "alert_on = known\n"               /* 16 */
			 "[feed f]\n"
			 "url = file:///tmp/x.xml\n"        /* 18 */
			 "[feed h]\n"
			 "plugin = html\n"
			 "url = https://example.com/\n"
			 "item = //article\n"
			 "timezone = Mars\n",               /* 23: html's init */
			 reg, &errs));
	nw_errors_print(&errs, stderr);
	assert_true(has_error(&errs, 4, "url must be http"));
	assert_true(has_error(&errs, 8, "retry_min is above retry_max"));
	assert_true(has_error(&errs, 12, "alert 'nope'"));
	assert_true(has_error(&errs, 14, "language 'xx'"));
	assert_true(has_error(&errs, 16, "alert_on 'known'"));
	assert_true(has_error(&errs, 18, "allow_file"));
	assert_true(has_error(&errs, 23, "timezone: 'Mars'"));
	assert_int_equal(errs.n, 7);
	nw_errors_free(&errs);
	nw_plugins_free(reg);
}

/* rule and alias messages give the column in the line, not in the value */
static void test_columns_in_line(void **state)
{
	struct nw_plugins *reg = nw_plugins_new();
	struct nw_errors errs = { 0 };

	(void)state;
	assert_null(load("[story s]\n"
			 "entity.x = X | \"open\n"
			 "match   =   (x OR b\n"
			 "exclude = 샘 \"\n",
			 reg, &errs));
	nw_errors_print(&errs, stderr);
	assert_true(has_error(&errs, 2, "column 16: story 's': unterminated quoted alias"));
	assert_true(has_error(&errs, 3, "column 19: story 's': unknown entity 'b'"));
	assert_true(has_error(&errs, 3, "column 20: story 's': expected ')' to close '(' at column 13"));
	assert_true(has_error(&errs, 4, "column 13: "));
	nw_errors_free(&errs);
	nw_plugins_free(reg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_option_described), cmocka_unit_test(test_good_conf),
		cmocka_unit_test(test_every_mistake_reported), cmocka_unit_test(test_plugin_options_checked),
		cmocka_unit_test(test_plugin_not_found),
		cmocka_unit_test(test_plugin_dir_without_plugins),
		cmocka_unit_test(test_typo_hints),
		cmocka_unit_test(test_missing_required_with_others),
		cmocka_unit_test(test_quoted_values),
		cmocka_unit_test(test_long_lines), cmocka_unit_test(test_units),
		cmocka_unit_test(test_out_of_range), cmocka_unit_test(test_empty_values),
		cmocka_unit_test(test_quote_escape), cmocka_unit_test(test_not_utf8),
		cmocka_unit_test(test_not_utf8_whole_file),
		cmocka_unit_test(test_bad_header_once), cmocka_unit_test(test_mistake_at_key_line),
		cmocka_unit_test(test_columns_in_line),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
