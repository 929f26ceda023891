/* conf.h — the running configuration: one immutable snapshot read from newswatch.conf,
 * with every section's options set through the typed tables and plugin instances made. */
#ifndef NW_CONF_H
#define NW_CONF_H
#include <stdio.h>
#include "options.h"
#include "plugin.h"

struct nw_storyset;

struct nw_daemon_conf {
	char *database;
	char *plugin_dir;
	int64_t interval;       /* ms */
	int64_t per_host;
	int64_t spacing;        /* ms between two transfers to one host; 0: none */
	int64_t max_transfers;
	int64_t timeout;        /* ms */
	int64_t connect_timeout;
	int64_t low_speed_time; /* ms below 16 bytes/s before a transfer is dropped */
	int64_t max_size;       /* bytes */
	char *user_agent;
	int64_t dedup_window;   /* ms */
	int64_t dedup_threshold; /* percent */
	int64_t max_database_size; /* bytes; 0: none */
	int64_t keep_articles;  /* ms; 0: for ever */
};

struct nw_feed_conf {
	char *name;
	int line;
	char *plugin;
	char *url;
	int64_t interval;       /* ms; 0: the daemon's */
	int allow_file;
	struct nw_plugin_inst src;
	char *source; /* a digest of the plugin and its options but url and interval (NULL for an
		       * ad-hoc feed): when it changes, what the feed was polled with before does
		       * not hold (its validators, its backlog: nw_store_feed) */
};

#define NW_ALERT_ON_NEW 0x1u
#define NW_ALERT_ON_UPDATE 0x2u

struct nw_story_conf {
	char *name;
	int line;
	struct nw_kvlist entities;
	char *match;
	char *exclude;
	int match_line, exclude_line;
	struct nw_strlist alert;    /* [alert] section names */
	struct nw_strlist alert_on;
	unsigned alert_mask;        /* NW_ALERT_ON_* from alert_on */
	struct nw_strlist language; /* languages the story is followed in; empty: all */
	int64_t development_window; /* ms */
	int64_t alert_within;       /* ms: an item dated longer ago when first seen does not alert */
	int64_t development_threshold; /* percent */
};

enum { NW_MODE_IMMEDIATE, NW_MODE_DIGEST };

struct nw_alert_conf {
	char *name;
	int line;
	char *plugin;
	int64_t retry_min, retry_max, max_age; /* ms */
	int mode;                              /* NW_MODE_* */
	int64_t every;                         /* ms between digests */
	int64_t rate_limit, rate_window;       /* messages per window (ms); 0: no limit */
	struct nw_plugin_inst inst;
	char *delivery; /* a digest of the plugin and its options: when a reload changes it, the
			 * retry the channel's next alert waits for is not waited for (the fix to
			 * the channel is tried at once) */
};

struct nw_conf {
	char *path;
	struct nw_daemon_conf daemon;
	struct nw_feed_conf *feeds;
	size_t nfeeds;
	struct nw_story_conf *stories;
	size_t nstories;
	struct nw_alert_conf *alerts;
	size_t nalerts;
	struct nw_storyset *storyset;
	/* the first value a comment cut at "#word" ("entity.tag = foo | #MeToo"), for
	 * --check-config to note (a hashtag is a likely alias); 0: none */
	int hashtag_line;
	char hashtag[64];
};

/* Whose plugins the confs read after the call set up (init(): a command looked up in PATH,
 * an XPath compiled, a file checked): the feeds', the channels', both (the default). A command
 * line tool that only reads what the conf names (test-rule, the store's queries) reads it with
 * 0, and alert-test with the channels' only: what the service's machine alone has (a scraper
 * in /usr/local/bin) is then no error for them, and those plugins are not ready to use. */
#define NW_SETUP_FEEDS 0x1u
#define NW_SETUP_ALERTS 0x2u
void nw_conf_setup_plugins(unsigned which);
/* With a name (alert-test NAME): of the channels, only [alert NAME] is set up and has its
 * secrets read; the others' and the feeds' secrets are left unread (a credential of
 * LoadCredential= for another channel is not there outside the service). NULL: all. */
void nw_conf_setup_alert(const char *name);
/* Read and check path. NULL when anything is wrong, with every error in errs. */
struct nw_conf *nw_conf_load(const char *path, struct nw_plugins *reg, struct nw_errors *errs);
void nw_conf_free(struct nw_conf *conf);
/* A configuration with the defaults and nothing else (replay and parse need no file). */
struct nw_conf *nw_conf_empty(void);
/* An ad-hoc feed with the given source plugin (replay of a file no [feed] names). */
struct nw_feed_conf *nw_conf_add_feed(struct nw_conf *conf, struct nw_plugins *reg, const char *name,
				      const char *plugin, char *err, size_t errlen);
/* For a reload: each option flagged NW_OPT_RESTART whose value in nc differs from the running
 * conf's gets the running value back, and a message in msgs naming both. How many. */
size_t nw_conf_keep_restart_only(const struct nw_conf *run, struct nw_conf *nc, struct nw_errors *msgs);
struct nw_feed_conf *nw_conf_feed(const struct nw_conf *conf, const char *name);
struct nw_alert_conf *nw_conf_alert(const struct nw_conf *conf, const char *name);
struct nw_story_conf *nw_conf_story(const struct nw_conf *conf, const char *name);
/* The core's option tables, by section type: "daemon", "feed", "story", "alert". */
const struct nw_option *nw_conf_table(const char *type);
/* --dump-options: 0, or -errno when the plugins could not all be listed (warned about). */
int nw_conf_dump_options(struct nw_plugins *reg, const char *plugin_dir, FILE *fp);
/* The [daemon] database of the conf at path, read even when the conf has errors elsewhere
 * (malloc'd; NULL when it names none, as when the mistake is there, or the file cannot be
 * read). */
char *nw_conf_database(const char *path);
/* The default conf path ($sysconfdir/newswatch/newswatch.conf). */
const char *nw_conf_default_path(void);
#endif
