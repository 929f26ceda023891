/* store.h — the SQLite store, single source of truth: feeds and their fetch state, articles,
 * each feed's sightings of them, stories, developments, hits and the alert outbox. All SQL
 * lives in store.c. */
#ifndef NW_STORE_H
#define NW_STORE_H
#include <stdint.h>
#include <jansson.h>
#include "newswatch-plugin.h"

struct nw_store;

#define NW_STORE_READONLY 0x1
/* A command's writable open, beside the daemon when it runs (the store's lock held by
 * another process, nw_store_claim): the store's updates are left to that daemon. An older
 * schema is refused (-EBUSY, err naming its pid), and a full-text index made with another
 * text is not made again (minutes holding the write lock, the daemon's writes failing as
 * busy, and the index then marked as made with this text while the daemon indexes with
 * its own), with a warning. */
#define NW_STORE_BESIDE 0x2
#define NW_STORE_SCHEMA 19 /* the schema version a writable open brings a store up to */

int nw_store_open(const char *path, int flags, struct nw_store **out, char *err, size_t errlen);
/* Whether the store's path names another file than the one opened, or none: deleted or
 * replaced while open (what is written goes to a file no one will read again). */
int nw_store_replaced(const struct nw_store *st);
/* The store's schema version: NW_STORE_SCHEMA, or less for an older store opened read-only
 * (only a writable open migrates it). */
int nw_store_schema(const struct nw_store *st);
/* 1 when opening the store at path for writing will have work to do first: an update of
 * its schema, or its full-text index made again for another text (minutes on a large
 * store). Read without opening it as a store; 0 for none yet or one that cannot be read. */
int nw_store_file_stale(const char *path);
/* Claim the store at path for this process's outbox: one process at a time sends a store's
 * alerts (two would send each twice). An exclusive lock on PATH.lock, which holds the pid;
 * the descriptor returned keeps it until closed or the process ends. -EBUSY with err saying
 * so when another process has it, or another -errno. */
int nw_store_claim(const char *path, char *err, size_t errlen);
/* No checkpoint after this connection's commits (SQLite's automatic one, every 1000 pages):
 * newswatchd checkpoints on a thread of its own, since a checkpoint waits for the disk, and
 * closing the last connection checkpoints what is left. */
int nw_store_manual_checkpoints(struct nw_store *st);
/* Checkpoint after this connection's commits only once the WAL is past 64 MiB, so that a
 * burst of writes cannot grow it without end (for a connection that writes in bursts). */
int nw_store_bound_wal(struct nw_store *st);
/* Copy what the WAL holds into the database as far as readers allow, without waiting for
 * or blocking writers (SQLite's PASSIVE checkpoint). frames: the log's frames, copied: how
 * many of them are in the database now (fewer: a reader's snapshot holds the rest back);
 * both -1 when another connection's checkpoint was running. */
int nw_store_checkpoint(struct nw_store *st, int *frames, int *copied);
/* Cap the store's file at bytes (0: no cap); writes past it fail as "full", like a full disk. */
/* The store file's size in bytes (its pages: what max_database_size is compared with). */
int64_t nw_store_size(struct nw_store *st);
int nw_store_limit(struct nw_store *st, int64_t bytes);
void nw_store_close(struct nw_store *st);
const char *nw_store_errmsg(struct nw_store *st);
/* The last error was a full store (the disk, or max_database_size) */
int nw_store_full(struct nw_store *st);
int nw_store_begin(struct nw_store *st);
/* Begins unless the write lock is taken (then -EBUSY at once, without waiting); -EIO. */
int nw_store_try_begin(struct nw_store *st);
/* This connection writes in the background (the store writer's): it ends its transactions
 * early when another connection of the process waits to begin one (nw_store_others_waiting). */
void nw_store_background(struct nw_store *st);
int nw_store_others_waiting(void);
/* 0 when no transaction is open: none was begun, or SQLite rolled it back after an error
 * (a full disk, an I/O error, no memory). */
int nw_store_in_transaction(struct nw_store *st);
/* The connection's page cache, in KiB (SQLite's default: 2000). */
int nw_store_cache(struct nw_store *st, int kib);
int nw_store_commit(struct nw_store *st);
void nw_store_rollback(struct nw_store *st);

struct nw_feed_state {
	int64_t id;
	int first_done;       /* a fetch has succeeded before: new items are not backlog */
	char *etag, *last_modified;
	int64_t last_fetch, next_poll;
	int last_status;      /* HTTP status, or 0 */
	char *last_error;
	int64_t failures;     /* consecutive */
	int64_t holds;        /* of those, its host's holds (fetch.h: held): it was not asked */
	int64_t paced;        /* of those, its own 429s or 503s with a Retry-After (waited as asked) */
	int fail_kind;        /* of its last failure of its own: an HTTP status, or below 100 one of
			       * fetch.h's nw_fail_class (0: none, or not known) */
	int64_t kind_since;   /* the failure of its own in a row (not counting holds) from which its
			       * failures have been of that kind */
	char *url;            /* the address polled (from the conf) */
	char *moved_to;       /* where it permanently redirects to, as last seen */
	int64_t moved_count;  /* consecutive polls that saw that redirect */
	char *warning;        /* what its last document came with (a bare '&', invalid UTF-8), or NULL */
};
/* The feed's row, made if missing. url: the conf's (a change starts the feed over: no
 * validators, no move, no failures, its next fetch its backlog); source: the digest of its
 * other options (a change: no validators, the next fetch its backlog), or NULL (not known). */
int nw_store_feed(struct nw_store *st, const char *name, const char *url, const char *source,
		  struct nw_feed_state *fs);
/* The feeds the daemon's conf has, by name: the others' rows stay but count no more
 * (status, feeds). Inside a transaction. */
int nw_store_feeds_configured(struct nw_store *st, const char *const *names, size_t n);
void nw_feed_state_free(struct nw_feed_state *fs);
/* Record a fetch outcome: ok (etag/last_modified kept for the next conditional GET; error is
 * then the warning of a degraded document, or NULL) or not (error says why; held: the feed
 * was not asked, its host being held, which counts among its holds too; paced: it answered
 * 429 or 503 with a Retry-After, which counts among its paced answers too; kind: of the failure,
 * an HTTP status or an nw_fail_class, kept with the failure it started from unless held). */
int nw_store_feed_fetched(struct nw_store *st, int64_t feed_id, int ok, int held, int paced, int status,
			  int kind, const char *error, const char *etag, const char *last_modified, int64_t now, int64_t next_poll);
int nw_store_feed_first_done(struct nw_store *st, int64_t feed_id);
/* The feed's row id, or 0 when it has none yet (reads only). */
int64_t nw_store_feed_id(struct nw_store *st, const char *name);
/* The permanent redirect this poll saw (NULL: none); counts consecutive sightings. */
int nw_store_feed_moved(struct nw_store *st, int64_t feed_id, const char *moved_to);

/* 0: the feed never had guid; 1: it did and lists it (since listed_since, or in its last
 * document: the article is not forgotten); 2: it did, but the article may be forgotten. */
int nw_store_sighting_exists(struct nw_store *st, int64_t feed_id, const char *guid, int64_t listed_since);
/* The feed lists the item again: its sighting's time is now (if a day older), so that its
 * article is not forgotten. 0 or -EIO. */
int nw_store_sighting_listed(struct nw_store *st, int64_t feed_id, const char *guid, int64_t now);
/* The feed's document of now was stored (what it listed is what a 304 still lists). */
int nw_store_feed_listed(struct nw_store *st, int64_t feed_id, int64_t now);
int nw_store_sighting_add(struct nw_store *st, int64_t feed_id, const char *guid, int64_t article_id, int64_t now);
/* The feed lists again an article it had under another key (a GUID that changes at every
 * fetch): its sighting under a key the document no longer lists (listed() says 0) takes the
 * new key, so that such a feed does not add a row at every poll; when there is none, a
 * sighting is added. 0 or -errno. */
int nw_store_sighting_rekey(struct nw_store *st, int64_t feed_id, const char *guid, int64_t article_id, int64_t now,
			    int (*listed)(void *arg, const char *guid), void *arg);
/* An article by canonical URL, or by content hash among those dated within window seconds
 * of t (window < 0, the item undated, or the article undated: any): 1 found (id, its link
 * malloc'd), 0 not. */
int nw_store_article_by_url(struct nw_store *st, const char *canon, int64_t *id, char **link);
int nw_store_article_by_hash(struct nw_store *st, const char *hash, int64_t t, int64_t window, int64_t *id,
			     char **link);
int nw_store_article_link(struct nw_store *st, int64_t id, char **link);
/* Whether feed feed_id has listed article id (1, else 0), with the article's original (its
 * own id when it is one) and content hash (malloc'd, or NULL). */
int nw_store_article_in_feed(struct nw_store *st, int64_t id, int64_t feed_id, int64_t *root, char **hash);
/* An article's title and body (its content, else its summary) as stored, malloc'd (either
 * may be NULL): 1 found, 0 not. */
int nw_store_article_text(struct nw_store *st, int64_t id, char **title, char **body);
/* Add up to max_rows (< 0: all) articles not yet in the full-text index to it, in one transaction
 * (off the per-item path: FTS5 merges once per batch, not once per feed). */
int nw_store_fts_index(struct nw_store *st, int64_t max_rows, int64_t *indexed);
/* One article's full-text entry: text (len bytes) from nw_store_index_text. */
int nw_store_fts_add(struct nw_store *st, int64_t article, const char *text, size_t len);
/* The text an article is indexed by, and deleted from the index by: its title, summary and
 * content (unless the same as the summary) normalised as for matching, as tokens. The same
 * as the store makes for the articles it indexes itself. malloc'd; NULL: out of memory. */
char *nw_store_index_text(const char *title, const char *summary, const char *content, size_t *len);
/* The same from the three fields normalised already (nw_text_normalize): title, summary,
 * and content ("" when the same as the summary). */
struct nw_normfield {
	const char *text;
	size_t len;
};
char *nw_store_index_text_norm(const struct nw_normfield f[3], size_t *len);
int nw_store_article_add(struct nw_store *st, const struct nw_item *it, const char *canon, const char *hash,
			 int64_t duplicate_of, int64_t now, int64_t *id);

int nw_store_story(struct nw_store *st, const char *name, int64_t *id);
/* The development an article's hit on a story belongs to: 1 found, 0 none. */
int nw_store_article_development(struct nw_store *st, int64_t story_id, int64_t article_id, int64_t *dev);
/* A development's features, as stored: what later reports are compared with. */
struct nw_dev_row {
	int64_t id;
	uint64_t concepts;  /* event concept bits (profile.h) */
	char *entities;     /* JSON array of the story's entity names */
	char *facts;        /* JSON array of fact keys */
	char *lang;         /* language of the first report */
	int64_t last_seen;  /* its latest report */
};
int nw_store_development_add(struct nw_store *st, int64_t story_id, int64_t article_id, const char *title,
			     int64_t when, const struct nw_dev_row *row, int64_t *id);
/* A development's number in its story (1, 2, 3 ...), as the command line and alerts show it;
 * 0 when the store cannot say. */
int64_t nw_store_development_number(struct nw_store *st, int64_t id);
/* The story's developments seen since `since`, newest first (at most limit). */
int nw_store_devs_recent(struct nw_store *st, int64_t story_id, int64_t since, size_t limit, struct nw_dev_row **rows,
			 size_t *n);
void nw_dev_rows_free(struct nw_dev_row *rows, size_t n);
/* Coverage or an update seen at last_seen: concepts are OR'ed in, facts replaced if not NULL. */
int nw_store_dev_touch(struct nw_store *st, int64_t dev, int64_t last_seen, uint64_t concepts, const char *facts,
		       int update);
/* A development's salient terms in one language (sorted uint32 hashes; none: NULL, 0).
 * 0, -ENOMEM or -EIO. */
int nw_store_dev_terms(struct nw_store *st, int64_t dev, const char *lang, uint32_t **terms, size_t *n);
int nw_store_dev_terms_set(struct nw_store *st, int64_t dev, const char *lang, const uint32_t *terms, size_t n);
/* Changes with every commit of another connection (or process) to the store: what this one
 * holds in memory of the store may be out of date. -1 on an error. */
int64_t nw_store_data_version(struct nw_store *st);
/* A fact key joins a story's set: 1 when it is new to the story, 0 when known, or -EIO. */
int nw_store_story_fact_add(struct nw_store *st, int64_t story_id, const char *key);
/* ... and leaves it again (a fact the same transaction added, after all no news): 0 or -EIO. */
int nw_store_story_fact_del(struct nw_store *st, int64_t story_id, const char *key);
/* Near-duplicate fingerprints, kept so the index can be rebuilt at start. */
int nw_store_fp_add(struct nw_store *st, int64_t article, int64_t t, int64_t root, const uint32_t *fp, size_t nfp,
		    const uint32_t *nums, size_t nnums, const uint32_t *lede, size_t nlede);
typedef int (*nw_fp_fn)(void *arg, int64_t article, int64_t t, int64_t root, const void *fp, size_t nfp,
			const void *nums, size_t nnums, const void *lede, size_t nlede);
int nw_store_fp_load(struct nw_store *st, int64_t since, nw_fp_fn fn, void *arg);
/* Forget the fingerprints of articles dated before `before` (outside any window). */
int nw_store_fp_prune(struct nw_store *st, int64_t before);
/* Old articles, to forget: after the article (after_t, after_id) in the order of first_seen
 * and id, at most max of those first seen before `before` into v (*n of them; free them
 * with nw_old_articles_free): each held (a hit has it, a feed lists it, or it is the newest)
 * or not, and then with the text the full-text index has it by. 0, -ENOMEM or -EIO. */
struct nw_old_article {
	int64_t id, first_seen;
	int held;
	char *fts;
	size_t ftslen;
};
int nw_store_old_articles(struct nw_store *st, int64_t after_t, int64_t after_id, int64_t before,
			  struct nw_old_article *v, size_t max, size_t *n);
void nw_old_articles_free(struct nw_old_article *v, size_t n);
/* Forget the articles of v that are not held: each one's full-text entries (deleted by its
 * fts), sightings, fingerprints and row; copies of it are no longer marked as copies. In the
 * caller's transaction, which it rolls back on an error: an article half forgotten (gone
 * from the index, still stored) would be deleted from the index again, which a contentless
 * index cannot tell. An article whose text the index refuses (a text made otherwise than it
 * was indexed with, and longer) goes without its index entries: *kept counts them. 0 or
 * -EIO. */
int nw_store_articles_forget(struct nw_store *st, struct nw_old_article *v, size_t n, size_t *kept);
/* Alerts sent or failed before `before`: up to 500 of them deleted, oldest first; *n how many. */
int nw_store_alerts_forget(struct nw_store *st, int64_t before, int64_t *n);
/* n more articles left the full-text index (0: none, to ask): *due (the articles it holds, at
 * least 1) when it should be made whole again: nw_store_fts_merge, step after step, each in
 * a transaction of its own, then nw_store_fts_whole, which starts the count over. */
int nw_store_fts_forgotten(struct nw_store *st, int64_t n, int64_t *due);
/* One step of merging the full-text index whole (about `pages` of it written): first (the
 * segments of every level merged as one, a negative step) or a step of the merge begun;
 * *worked 0 once there is nothing left to merge. */
int nw_store_fts_merge(struct nw_store *st, int first, int pages, int *worked);
int nw_store_fts_whole(struct nw_store *st);
int nw_store_hit_add(struct nw_store *st, int64_t story_id, int64_t article_id, int64_t feed_id,
		     const char *verdict, int64_t development, const char *matched_json, const char *facts_json,
		     int alert, int64_t now, const char *lang, int64_t *id);

/* ---- the outbox ---- */
/* 0: queued; 1: an alert of that id was queued before (nothing added); -errno. */
int nw_store_alert_add(struct nw_store *st, const char *alert_id, const char *channel, const char *story,
		       int64_t hit_id, const char *payload, int64_t now);

struct nw_outbox_row {
	int64_t rowid;
	char *alert_id, *payload;
	int64_t created, attempts, next_attempt;
	char *batch; /* the id of the message it goes out in, written before the first attempt:
		      * a digest's, or its own when it goes alone; NULL before */
	char *owed;  /* a mail that reached some recipients: those it is still owed to, one
		      * a line; NULL: every recipient of the channel */
	char *refused; /* and those refused for good on the way, with the server and its
			* replies ("smtp://...: not delivered to 1 of 3 recipients, refused for
			* good: a@example.org: 550 ..."; "; " between attempts); NULL: none */
};
/* The oldest queued alert of a channel, due or not, but for those owed to some recipients
 * only; with owed, of those the one due first. 1 found, 0 none, -1 store error. */
int nw_store_alert_next(struct nw_store *st, const char *channel, int owed, struct nw_outbox_row *row);
/* Every channel that has alerts queued, by name: fn(arg, channel, how many), until fn
 * returns non-zero (which is returned). 0, or -1 on a store error. */
int nw_store_alert_channels(struct nw_store *st, int (*fn)(void *arg, const char *channel, int64_t n), void *arg);
/* A channel's queued alerts, oldest first, at most max: those of digest batch, or with batch
 * NULL those in none. The count (rows in *rows, free each and the array), or -1. */
int nw_store_alert_rows(struct nw_store *st, const char *channel, const char *batch, size_t max,
			struct nw_outbox_row **rows);
int nw_store_alert_set_batch(struct nw_store *st, int64_t rowid, const char *batch);
/* The failed alerts of channel (NULL: of every channel) that failed at since or later, queued
 * again as raised at now, under their ids; *n: how many. 0 or -1. */
int nw_store_alert_requeue(struct nw_store *st, const char *channel, int64_t since, int64_t now, int64_t *n);
/* The alerts of a digest channel waiting, not tried, past the row id after (what a digest
 * could not hold when it formed): due at once (next_attempt 0), not a whole `every` later.
 * In the caller's transaction. 0 or -1. */
int nw_store_alert_overflow(struct nw_store *st, const char *channel, int64_t after);
/* The alerts of a channel waiting for a retry: due now (the channel's delivery changed).
 * 0 or -1. */
int nw_store_alert_retry_now(struct nw_store *st, const char *channel, int64_t now);
/* Messages (an alert alone or a digest) a channel sent from since to now, the time of the
 * first of them, and the time of its last message up to now (0: none). Sends recorded as
 * later than now (the clock has been set back since) are not counted. 0 or -1. */
int nw_store_alert_sent(struct nw_store *st, const char *channel, int64_t since, int64_t now, int64_t *count,
			int64_t *earliest, int64_t *last);
void nw_outbox_row_free(struct nw_outbox_row *row);
/* refused: the recipients refused for good on the way (nw_outbox_row.refused), which become
 * the sent alert's error; NULL: none, and no error */
int nw_store_alert_done(struct nw_store *st, int64_t rowid, const char *refused, int64_t now);
/* owed: the recipients it is still owed to, one a line (NULL: as it was); with owed, its
 * sent_at becomes now, unless set (when the others took it: a rate limit counts it);
 * refused: as for nw_store_alert_done, kept for when it is sent */
int nw_store_alert_retry(struct nw_store *st, int64_t rowid, int64_t next, const char *error, const char *owed,
			 const char *refused, int64_t now);
/* error, followed by the alert's last error before it when keep_last (max_age reached as it
 * waited: no attempt is counted), then by refused (as for nw_store_alert_done; NULL: none);
 * *recorded (if not NULL, and still NULL) becomes a copy of the error recorded, to free */
int nw_store_alert_fail(struct nw_store *st, int64_t rowid, const char *error, int keep_last, const char *refused,
			int64_t now, char **recorded);

/* ---- queries for the command line: each returns a JSON array of row objects ---- */
json_t *nw_store_status(struct nw_store *st);
/* Queries that take a time bound (hits) keep rows from this unix time on (default 0). */
void nw_store_set_since(struct nw_store *st, int64_t since);
/* The queries' times as RFC 3339 in UTC (2023-11-20T07:53:00Z: JSON, for scripts, as parse
 * and replay give them), or else as YYYY-MM-DD HH:MM:SS in UTC (tables, CSV). */
void nw_store_set_rfc3339(struct nw_store *st, int on);
/* The daemon's live counters for systemd's STATUS=. */
int nw_store_health(struct nw_store *st, int64_t now, int64_t *feeds, int64_t *due, int64_t *failing,
		    int64_t *queued);
/* what: feeds, stories, timeline (arg: the story), hits (arg: a story or NULL), search (arg:
 * the words), alerts (arg: a state or NULL), story (arg: a name; one row if it is stored). */
json_t *nw_store_query(struct nw_store *st, const char *what, const char *arg, int64_t limit);
/* 1 when words (a search's query) has a word to look for once normalised, 0 when it has
 * none (blanks of any kind, punctuation alone), -ENOMEM. */
int nw_store_search_has_words(const char *words);
/* The column names of that query, as a JSON array (a CSV header for no rows). */
json_t *nw_store_query_columns(struct nw_store *st, const char *what);
#endif
