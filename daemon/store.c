/* store.c — every SQL statement of newswatch: schema and migrations keyed on user_version,
 * WAL with synchronous=NORMAL, prepared statements kept for the life of the connection.
 * All times are unix seconds. */
#include "config.h"
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <sqlite3.h>
#include <utf8proc.h>
#include "log.h"
#include "store.h"
#include "text.h"
#include "url.h"

enum stmt_id {
	S_FEED_GET, S_FEED_ADD, S_FEED_FETCHED_OK, S_FEED_FETCHED_ERR, S_FEED_FIRST_DONE, S_FEED_MOVED, S_FEED_URL, S_FEED_SOURCE,
	S_FEED_UNCONFIGURE, S_FEED_CONFIGURED,
	S_SIGHT_GET, S_SIGHT_ADD, S_SIGHT_OF, S_SIGHT_REKEY, S_SIGHT_LISTED, S_FEED_LISTED, S_ART_BY_URL, S_ART_BY_HASH, S_ART_ADD,
	S_STORY_GET, S_STORY_ADD, S_ART_DEV, S_DEV_NUMBER, S_DEV_ADD, S_DEV_NUMBER_OF, S_HIT_ADD,
	S_ALERT_ADD, S_ALERT_NEXT, S_ALERT_OWED_NEXT, S_ALERT_REQUEUE, S_ALERT_DONE, S_ALERT_RETRY, S_ALERT_FAIL, S_ALERT_ROWS, S_ALERT_BATCH_ROWS,
	S_ALERT_SET_BATCH, S_ALERT_OVERFLOW, S_ALERT_RETRY_NOW, S_ALERT_SENT, S_ALERT_LAST, S_ALERT_CHANNELS,
	S_DEV_RECENT, S_DEV_TOUCH, S_DEV_TERMS_GET, S_DEV_TERMS_SET, S_FACT_ADD, S_FACT_DEL, S_FP_ADD, S_FP_LOAD, S_ART_LINK, S_ART_TEXT, S_ART_IN_FEED, S_FTS_ADD,
	S_FTS_ONE, S_DATA_VERSION, S_OLD_ARTICLES, S_FTS_DEL, S_SIGHT_DEL, S_FP_DEL, S_COPIES_UNMARK, S_ART_DEL,
	S_ALERTS_FORGET, S_FTS_FORGOTTEN, S_FTS_LIVE, S_FTS_WHOLE, S_FTS_MERGE,
	S_COUNT
};

/* Whether the feed of sighting s (joined as f) lists it: it did since `since`, or the feed
 * was polled since (a feed taken out of the conf is not) and its last document had it (a
 * feed's listed_at: a 304 changes nothing; NULL: no document stored since the store's
 * update to schema 10, which counts as listing all it had). A sighting's seen is when its
 * feed last listed it, to a day. Replay polls by documents only. */
#define LISTED(since) "(s.seen >= " since " OR (max(coalesce(f.last_fetch, 0), coalesce(f.listed_at, 0)) >= " since \
		      " AND (f.listed_at IS NULL OR s.seen >= f.listed_at - 86400)))"

/* A stored article's full-text index text, in SQL: for the articles the store indexes
 * itself (at start, or when the index is rebuilt) and those it forgets (deleted from the
 * index by it). nw_store_index_text is the same in C, for a new article. */
#define FTS_TEXT "nw_fts(coalesce(title, '')) || ' ' || nw_fts(coalesce(summary, '')) || ' ' || " \
		 "CASE WHEN content IS summary THEN '' ELSE nw_fts(coalesce(content, '')) END"

/* An alert's payload as it goes out: also_reported_by lists the other feeds whose reports
 * joined its development after it (copies, other outlets, other languages) up to the moment
 * of sending, 20 at most, in the order they came. */
#define ALERT_PAYLOAD                                                                                          \
	"CASE WHEN hit_id IS NULL OR NOT json_valid(payload) THEN payload ELSE "                              \
	"json_set(payload, '$.also_reported_by', json((SELECT json_group_array(name) FROM (SELECT f.name "  \
	"FROM hits h JOIN hits o ON o.development_id = h.development_id AND o.id > h.id "                   \
	"AND o.feed_id IS NOT h.feed_id JOIN feeds f ON f.id = o.feed_id WHERE h.id = alerts.hit_id "       \
	"GROUP BY f.name ORDER BY min(o.id) LIMIT 20)))) END"

static const char *const stmt_sql[S_COUNT] = {
	[S_FEED_GET] = "SELECT id, first_done, etag, last_modified, last_fetch, next_poll, last_status, "
		       "last_error, failures, url, moved_to, moved_count, source, warning, holds, paced, fail_kind, kind_since "
		       "FROM feeds WHERE name = ?1",
	[S_FEED_ADD] = "INSERT INTO feeds(name, url) VALUES (?1, ?2)",
	[S_FEED_FETCHED_OK] = "UPDATE feeds SET last_fetch = ?2, last_status = ?3, last_error = NULL, failures = 0, holds = 0, "
			      "paced = 0, fail_kind = 0, kind_since = 0, "
			      /* a 304 may leave its validators out; a 200 says what they are now */
			      "etag = CASE WHEN ?3 = 304 THEN coalesce(?4, etag) ELSE ?4 END, "
			      "last_modified = CASE WHEN ?3 = 304 THEN coalesce(?5, last_modified) ELSE ?5 END, "
			      "next_poll = ?6, warning = CASE WHEN ?3 = 304 THEN warning ELSE ?7 END WHERE id = ?1",
	[S_FEED_FETCHED_ERR] = "UPDATE feeds SET last_fetch = ?2, last_status = ?3, last_error = ?4, "
			       "failures = failures + 1, holds = holds + ?8, paced = paced + ?9, next_poll = ?6, "
			       /* a hold is not the feed's own: its kind stays; another kind starts at
				* this failure of its own */
			       "kind_since = CASE WHEN ?8 OR fail_kind = ?10 THEN kind_since ELSE failures + 1 - holds END, "
			       "fail_kind = CASE WHEN ?8 THEN fail_kind ELSE ?10 END WHERE id = ?1",
	[S_FEED_FIRST_DONE] = "UPDATE feeds SET first_done = 1 WHERE id = ?1",
	[S_FEED_MOVED] = "UPDATE feeds SET moved_count = CASE WHEN ?2 IS NULL THEN 0 WHEN moved_to IS ?2 "
			 "THEN moved_count + 1 ELSE 1 END, moved_to = ?2 WHERE id = ?1",
	/* a new address: what the old one taught (validators, a move, failures and when to
	 * poll again, a Retry-After) does not hold for it, and what it lists at its first fetch
	 * is its backlog, as a new feed's (another feed's items would all alert). A store from
	 * before addresses were kept (url NULL) cannot tell a change. */
	[S_FEED_URL] = "UPDATE feeds SET url = ?2, moved_to = NULL, moved_count = 0, etag = NULL, "
		       "last_modified = NULL, failures = 0, holds = 0, paced = 0, fail_kind = 0, kind_since = 0, "
		       "next_poll = NULL, warning = NULL, "
		       "first_done = CASE WHEN url IS NULL THEN first_done ELSE 0 END WHERE id = ?1",
	/* other options: the validators and the backlog start over; a store from before they
	 * were kept (source NULL) cannot tell a change */
	[S_FEED_SOURCE] = "UPDATE feeds SET source = ?2, etag = CASE WHEN source IS NULL THEN etag END, "
			  "last_modified = CASE WHEN source IS NULL THEN last_modified END, "
			  "first_done = CASE WHEN source IS NULL THEN first_done ELSE 0 END WHERE id = ?1",
	[S_FEED_UNCONFIGURE] = "UPDATE feeds SET configured = 0 WHERE configured",
	[S_FEED_CONFIGURED] = "UPDATE feeds SET configured = 1 WHERE name = ?1 AND NOT configured",
	[S_SIGHT_GET] = "SELECT " LISTED("?3") " FROM sightings s JOIN feeds f ON f.id = s.feed_id "
			"WHERE s.feed_id = ?1 AND s.guid = ?2",
	[S_SIGHT_ADD] = "INSERT OR IGNORE INTO sightings(feed_id, guid, article_id, seen) VALUES (?1, ?2, ?3, ?4)",
	[S_SIGHT_OF] = "SELECT guid FROM sightings WHERE article_id = ?2 AND feed_id = ?1",
	[S_SIGHT_REKEY] = "UPDATE OR IGNORE sightings SET guid = ?3, seen = ?4 WHERE feed_id = ?1 AND guid = ?2",
	[S_SIGHT_LISTED] = "UPDATE sightings SET seen = ?3 WHERE feed_id = ?1 AND guid = ?2 AND seen < ?3 - 86400",
	[S_FEED_LISTED] = "UPDATE feeds SET listed_at = max(coalesce(listed_at, ?2), ?2) WHERE id = ?1",
	[S_ART_BY_URL] = "SELECT id, link FROM articles WHERE canonical_url = ?1",
	/* the same text, dated within ?3 seconds of ?2 (as near-duplicates are: a live page's
	 * title-only entry "Live: DevDay" a year later is news again); whenever, when either
	 * is undated (?3 < 0: the item; an undated item relisted under a new GUID after the
	 * window is still the one it was) */
	[S_ART_BY_HASH] = "SELECT id, link FROM articles WHERE content_hash = ?1 "
			  "AND (?3 < 0 OR published IS NULL OR abs(published - ?2) <= ?3) ORDER BY id LIMIT 1",
	[S_ART_ADD] = "INSERT INTO articles(canonical_url, link, title, summary, content, author, language, "
		      "published, first_seen, content_hash, duplicate_of) "
		      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
	[S_STORY_GET] = "SELECT id FROM stories WHERE name = ?1",
	[S_STORY_ADD] = "INSERT INTO stories(name) VALUES (?1)",
	[S_ART_DEV] = "SELECT development_id FROM hits WHERE story_id = ?1 AND article_id = ?2 "
		      "AND development_id IS NOT NULL ORDER BY id LIMIT 1",
	[S_DEV_NUMBER] = "UPDATE stories SET developments_made = developments_made + 1 WHERE id = ?1 "
			 "RETURNING developments_made",
	[S_DEV_ADD] = "INSERT INTO developments(story_id, first_article, title, created, last_seen, concepts, entities, "
		      "facts, lang, number) VALUES (?1, ?2, ?3, ?4, ?4, ?5, ?6, ?7, ?8, ?9)",
	[S_DEV_NUMBER_OF] = "SELECT number FROM developments WHERE id = ?1",
	[S_HIT_ADD] = "INSERT INTO hits(story_id, article_id, feed_id, verdict, development_id, matched, new_facts, "
		      "alert, created, lang) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
	[S_ALERT_ADD] = "INSERT OR IGNORE INTO alerts(alert_id, channel, story, hit_id, payload, created, next_attempt) "
			"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
	[S_ALERT_NEXT] = "SELECT id, alert_id, " ALERT_PAYLOAD ", created, attempts, next_attempt, batch, owed, refused "
			 "FROM alerts WHERE channel = ?1 AND state = 'queued' AND owed IS NULL ORDER BY id LIMIT 1",
	[S_ALERT_OWED_NEXT] = "SELECT id, alert_id, " ALERT_PAYLOAD ", created, attempts, next_attempt, batch, owed, "
			      "refused FROM alerts WHERE channel = ?1 AND state = 'queued' AND owed IS NOT NULL "
			      "ORDER BY next_attempt, id LIMIT 1",
	[S_ALERT_ROWS] = "SELECT id, alert_id, " ALERT_PAYLOAD ", created, attempts, next_attempt, batch, owed, refused "
			 "FROM alerts WHERE channel = ?1 AND state = 'queued' AND batch IS NULL ORDER BY id LIMIT ?2",
	[S_ALERT_BATCH_ROWS] = "SELECT id, alert_id, " ALERT_PAYLOAD ", created, attempts, next_attempt, batch, owed, "
			       "refused FROM alerts WHERE channel = ?1 AND state = 'queued' AND batch = ?3 "
			       "ORDER BY id LIMIT ?2",
	[S_ALERT_SET_BATCH] = "UPDATE alerts SET batch = ?2 WHERE id = ?1",
	/* newswatch alert-retry: failed ones (since ?2: next_attempt is when they failed) queued
	 * again as if raised now (max_age counts afresh), their ids, batches and owed kept */
	[S_ALERT_REQUEUE] = "UPDATE alerts SET state = 'queued', created = ?3, next_attempt = ?3, sent_at = NULL, "
			    "last_error = 'queued again (newswatch alert-retry); it had: ' || coalesce(last_error, '-') "
			    "WHERE state = 'failed' AND (?1 IS NULL OR channel = ?1) AND next_attempt >= ?2",
	[S_ALERT_OVERFLOW] = "UPDATE alerts SET next_attempt = 0 WHERE channel = ?1 AND state = 'queued' "
			     "AND batch IS NULL AND attempts = 0 AND id > ?2",
	[S_ALERT_RETRY_NOW] = "UPDATE alerts SET next_attempt = ?2 WHERE channel = ?1 AND state = 'queued' "
			      "AND attempts > 0 AND next_attempt > ?2",
	/* a message counts from when it first reached anyone: a mail still owed to some of its
	 * recipients too (queued, owed set, sent_at when the others took it) */
	[S_ALERT_SENT] = "SELECT count(DISTINCT k), min(t) FROM ("
			 "SELECT coalesce(batch, alert_id) AS k, sent_at AS t FROM alerts "
			 "WHERE channel = ?1 AND state = 'sent' AND sent_at BETWEEN ?2 AND ?3 UNION ALL "
			 "SELECT coalesce(batch, alert_id), sent_at FROM alerts "
			 "WHERE channel = ?1 AND state = 'queued' AND owed IS NOT NULL AND sent_at BETWEEN ?2 AND ?3)",
	[S_ALERT_LAST] = "SELECT max(t) FROM (SELECT max(sent_at) AS t FROM alerts WHERE channel = ?1 AND state = 'sent' "
			 "AND sent_at <= ?2 UNION ALL SELECT max(sent_at) FROM alerts WHERE channel = ?1 "
			 "AND state = 'queued' AND owed IS NOT NULL AND sent_at <= ?2)",
	/* channel by channel through alerts_queue (a handful of seeks each), not a scan of an
	 * alert history that grows for as long as the daemon runs */
	[S_ALERT_CHANNELS] = "WITH RECURSIVE ch(c) AS (SELECT min(channel) FROM alerts UNION ALL "
			     "SELECT (SELECT min(channel) FROM alerts WHERE channel > c) FROM ch WHERE c IS NOT NULL) "
			     "SELECT c, (SELECT count(*) FROM alerts WHERE channel = c AND state = 'queued') FROM ch "
			     "WHERE c IS NOT NULL",
	/* ?3: the recipients refused for good on the way (NULL: none), its error as a sent alert */
	[S_ALERT_DONE] = "UPDATE alerts SET state = 'sent', sent_at = coalesce(sent_at, ?2), attempts = attempts + 1, "
			 "last_error = ?3, refused = ?3 WHERE id = ?1",
	/* ?4: the recipients it is still owed to, when it reached some of them (NULL: as it was);
	 * ?6: those refused for good on the way */
	[S_ALERT_RETRY] = "UPDATE alerts SET attempts = attempts + 1, next_attempt = ?2, last_error = ?3, "
			  "owed = coalesce(?4, owed), refused = ?6, "
			  "sent_at = CASE WHEN ?4 IS NOT NULL THEN coalesce(sent_at, ?5) ELSE sent_at END "
			  "WHERE id = ?1",
	/* next_attempt becomes when it failed (S_ALERTS_FORGET); ?3: the error it had before
	 * follows (max_age reached while it waited: the receiver's answer is what tells why),
	 * and no attempt is counted (none was made); ?5, the recipients refused for good on the
	 * way (a mail that reached some), last */
	[S_ALERT_FAIL] = "UPDATE alerts SET state = 'failed', attempts = attempts + NOT ?3, next_attempt = ?4, "
			 "refused = ?5, last_error = ?2 || CASE WHEN ?3 AND last_error IS NOT NULL "
			 "THEN '; last error: ' || last_error ELSE '' END || coalesce('; ' || ?5, '') "
			 "WHERE id = ?1 RETURNING last_error",
	[S_DEV_RECENT] = "SELECT id, concepts, entities, facts, lang, last_seen FROM developments "
			 "WHERE story_id = ?1 AND last_seen >= ?2 ORDER BY id DESC LIMIT ?3",
	[S_DEV_TOUCH] = "UPDATE developments SET last_seen = max(last_seen, ?2), concepts = concepts | ?3, "
			"facts = coalesce(?4, facts), updates = updates + ?5 WHERE id = ?1",
	[S_DEV_TERMS_GET] = "SELECT terms FROM dev_terms WHERE dev_id = ?1 AND lang = ?2",
	[S_DEV_TERMS_SET] = "INSERT INTO dev_terms(dev_id, lang, terms) VALUES (?1, ?2, ?3) "
			    "ON CONFLICT (dev_id, lang) DO UPDATE SET terms = excluded.terms",
	[S_FACT_ADD] = "INSERT OR IGNORE INTO story_facts(story_id, key) VALUES (?1, ?2)",
	[S_FACT_DEL] = "DELETE FROM story_facts WHERE story_id = ?1 AND key = ?2",
	[S_FP_ADD] = "INSERT INTO fingerprints(article_id, t, root, fp, nums, lede) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	[S_ART_LINK] = "SELECT id, link FROM articles WHERE id = ?1",
	[S_ART_IN_FEED] = "SELECT coalesce(a.duplicate_of, a.id), a.content_hash, EXISTS (SELECT 1 FROM sightings s "
			  "WHERE s.article_id = a.id AND s.feed_id = ?2) FROM articles a WHERE a.id = ?1",
	[S_ART_TEXT] = "SELECT title, CASE WHEN coalesce(content, '') <> '' THEN content ELSE summary END "
		       "FROM articles WHERE id = ?1",
	[S_FTS_ONE] = "INSERT INTO articles_fts(rowid, body) VALUES (?1, ?2)",
	[S_FTS_ADD] = "INSERT INTO articles_fts(rowid, body) SELECT id, " FTS_TEXT " "
		      "FROM articles WHERE id > (SELECT coalesce(max(rowid), 0) FROM articles_fts) ORDER BY id LIMIT ?1",
	[S_DATA_VERSION] = "PRAGMA data_version",
	/* from the article (?1, ?2) on, by first_seen and id, at most ?4 of those first seen
	 * before ?3: whether each is held, and the text the index has it by if not. Held: a hit
	 * has it, a feed lists it (LISTED), or it is the newest article (its id would be given
	 * again) */
	/* alerts sent or failed long ago — not raised long ago: one that waited weeks for its
	 * receiver and went out an hour ago counts against a rate limit, and one that failed
	 * is listed by alerts --failed — 500 at a time, oldest first */
	[S_ALERTS_FORGET] = "DELETE FROM alerts WHERE id IN (SELECT id FROM alerts WHERE state <> 'queued' "
			    "AND created < ?1 AND coalesce(sent_at, next_attempt) < ?1 ORDER BY id LIMIT 500)",
	[S_FTS_FORGOTTEN] = "UPDATE upkeep SET value = value + ?1 WHERE key = 'fts_forgotten' RETURNING value",
	[S_FTS_LIVE] = "SELECT count(*) FROM articles",
	[S_FTS_WHOLE] = "UPDATE upkeep SET value = 0 WHERE key = 'fts_forgotten'",
	[S_FTS_MERGE] = "INSERT INTO articles_fts(articles_fts, rank) VALUES ('merge', ?1)",
	[S_OLD_ARTICLES] = "SELECT id, first_seen, held, CASE WHEN held THEN NULL ELSE " FTS_TEXT " END "
			   "FROM (SELECT a.*, EXISTS (SELECT 1 FROM hits h WHERE h.article_id = a.id) OR "
			   "EXISTS (SELECT 1 FROM sightings s JOIN feeds f ON f.id = s.feed_id WHERE s.article_id = a.id "
			   "AND " LISTED("?3") ") OR a.id = (SELECT max(id) FROM articles) AS held "
			   "FROM articles a WHERE first_seen < ?3 AND (first_seen, id) > (?1, ?2) "
			   "ORDER BY first_seen, id LIMIT ?4)",
	[S_FTS_DEL] = "INSERT INTO articles_fts(articles_fts, rowid, body) VALUES ('delete', ?1, ?2)",
	[S_SIGHT_DEL] = "DELETE FROM sightings WHERE article_id = ?1",
	[S_FP_DEL] = "DELETE FROM fingerprints WHERE article_id = ?1",
	[S_COPIES_UNMARK] = "UPDATE articles SET duplicate_of = NULL WHERE duplicate_of = ?1",
	[S_ART_DEL] = "DELETE FROM articles WHERE id = ?1",
	[S_FP_LOAD] = "SELECT article_id, t, root, fp, nums, lede FROM fingerprints WHERE t >= ?1 ORDER BY article_id",
};

/* Each entry moves the schema from version i to i + 1. */
static const char *const migrations[] = {
	"CREATE TABLE feeds ("
	"  id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, url TEXT,"
	"  first_done INTEGER NOT NULL DEFAULT 0, etag TEXT, last_modified TEXT,"
	"  last_fetch INTEGER, next_poll INTEGER, last_status INTEGER, last_error TEXT,"
	"  failures INTEGER NOT NULL DEFAULT 0);"
	"CREATE TABLE articles ("
	"  id INTEGER PRIMARY KEY, canonical_url TEXT UNIQUE, link TEXT, title TEXT, summary TEXT,"
	"  content TEXT, author TEXT, language TEXT, published INTEGER, first_seen INTEGER NOT NULL,"
	"  content_hash TEXT, duplicate_of INTEGER REFERENCES articles(id));"
	"CREATE INDEX articles_hash ON articles(content_hash);"
	"CREATE TABLE sightings ("
	"  feed_id INTEGER NOT NULL REFERENCES feeds(id), guid TEXT NOT NULL,"
	"  article_id INTEGER NOT NULL REFERENCES articles(id), seen INTEGER NOT NULL,"
	"  PRIMARY KEY (feed_id, guid)) WITHOUT ROWID;"
	"CREATE TABLE stories (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);"
	"CREATE TABLE developments ("
	"  id INTEGER PRIMARY KEY, story_id INTEGER NOT NULL REFERENCES stories(id),"
	"  first_article INTEGER REFERENCES articles(id), title TEXT, created INTEGER NOT NULL);"
	"CREATE TABLE hits ("
	"  id INTEGER PRIMARY KEY, story_id INTEGER NOT NULL REFERENCES stories(id),"
	"  article_id INTEGER NOT NULL REFERENCES articles(id), feed_id INTEGER REFERENCES feeds(id),"
	"  verdict TEXT NOT NULL, development_id INTEGER REFERENCES developments(id),"
	"  matched TEXT, new_facts TEXT, alert INTEGER NOT NULL DEFAULT 0, created INTEGER NOT NULL);"
	"CREATE INDEX hits_article ON hits(article_id, story_id);"
	"CREATE INDEX hits_story ON hits(story_id, created);"
	"CREATE TABLE alerts ("
	"  id INTEGER PRIMARY KEY, alert_id TEXT NOT NULL UNIQUE, channel TEXT NOT NULL, story TEXT,"
	"  hit_id INTEGER REFERENCES hits(id), payload TEXT NOT NULL, created INTEGER NOT NULL,"
	"  state TEXT NOT NULL DEFAULT 'queued', attempts INTEGER NOT NULL DEFAULT 0,"
	"  next_attempt INTEGER NOT NULL, last_error TEXT, sent_at INTEGER);"
	"CREATE INDEX alerts_queue ON alerts(channel, state, id);",
	/* 2: development detection and near-duplicate fingerprints */
	"ALTER TABLE developments ADD COLUMN last_seen INTEGER;"
	"ALTER TABLE developments ADD COLUMN concepts INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE developments ADD COLUMN entities TEXT;"
	"ALTER TABLE developments ADD COLUMN facts TEXT;"
	"ALTER TABLE developments ADD COLUMN lang TEXT;"
	"ALTER TABLE developments ADD COLUMN updates INTEGER NOT NULL DEFAULT 0;"
	"UPDATE developments SET last_seen = created;" /* compared again, as recent as they are */
	"ALTER TABLE hits ADD COLUMN lang TEXT;"
	"CREATE INDEX hits_development ON hits(development_id);"
	"CREATE INDEX developments_story ON developments(story_id, last_seen);"
	"CREATE TABLE dev_terms ("
	"  dev_id INTEGER NOT NULL REFERENCES developments(id), lang TEXT NOT NULL, terms BLOB,"
	"  PRIMARY KEY (dev_id, lang)) WITHOUT ROWID;"
	"CREATE TABLE story_facts ("
	"  story_id INTEGER NOT NULL REFERENCES stories(id), key TEXT NOT NULL,"
	"  PRIMARY KEY (story_id, key)) WITHOUT ROWID;"
	"CREATE TABLE fingerprints ("
	"  article_id INTEGER PRIMARY KEY REFERENCES articles(id), t INTEGER NOT NULL, root INTEGER,"
	"  fp BLOB, nums BLOB);"
	"CREATE INDEX fingerprints_t ON fingerprints(t);",
	/* 3: feed health says why a feed is degraded; permanent redirects are followed up */
	"ALTER TABLE feeds ADD COLUMN warning TEXT;"
	"ALTER TABLE feeds ADD COLUMN moved_to TEXT;"
	"ALTER TABLE feeds ADD COLUMN moved_count INTEGER NOT NULL DEFAULT 0;",
	/* 4: full-text search; CJK runs indexed as overlapping bigrams (nw_fts, until 8), so
	 * that two-character Korean and Japanese words are found too (trigrams would miss them).
	 * Filled by 10, which every store that runs this runs too. */
	"CREATE VIRTUAL TABLE articles_fts USING fts5(body, content = '', tokenize = 'unicode61');",
	/* 5: alerts sent together in one message (a digest) share a batch id, fixed at the first
	 * attempt so that every retry of it carries the same id */
	"ALTER TABLE alerts ADD COLUMN batch TEXT;"
	"CREATE INDEX alerts_sent ON alerts(channel, sent_at) WHERE state = 'sent';",
	/* 6: the full-text index is written a batch of articles at a time (writer.c): FTS5
	 * merges segments 8 at a time instead of 4 (a fifth less indexing time; a query reads
	 * a few more segments) */
	"INSERT INTO articles_fts(articles_fts, rank) VALUES ('automerge', 8);",
	/* 7: less work per new article. The index text (nw_fts) is whole tokens separated by
	 * spaces, so FTS5's ascii tokenizer only splits it (unicode61 took a third longer),
	 * and the sqlite3 shell can still read the index. Content hashes are 64 bits, and
	 * the fingerprints' index on time is gone (their table holds only the near-duplicate
	 * window and is read whole): both were B-trees that every new article wrote into at
	 * a random place. */
	"DROP INDEX fingerprints_t;"
	"DROP INDEX articles_hash;"
	"UPDATE articles SET content_hash = substr(content_hash, 1, 16) WHERE length(content_hash) > 16;"
	"CREATE INDEX articles_hash ON articles(content_hash);"
	"DROP TABLE articles_fts;"
	"CREATE VIRTUAL TABLE articles_fts USING fts5(body, content = '', tokenize = 'ascii');"
	"INSERT INTO articles_fts(articles_fts, rank) VALUES ('automerge', 8);",
	/* 8: CJK characters indexed one by one, and a query's CJK word is the phrase of its
	 * characters (fts_query): words of any length found as before, with half the distinct
	 * terms and a third fewer term-article pairs than overlapping pairs made (over the
	 * bench corpus: an index a fourth smaller, a sixth less of the writer's time). Runs
	 * that only punctuation parts get a token between them (nw_text_fts), as pairs never
	 * spanned punctuation either. The index of every older store was filled here; 10 now
	 * makes it again with FTS_TEXT, so this does nothing. */
	"SELECT 1;",
	/* 9: old articles are forgotten (keep_articles): an article's sightings and the copies
	 * marked as its copies are found by index */
	"CREATE INDEX IF NOT EXISTS sightings_article ON sightings(article_id);"
	"CREATE INDEX IF NOT EXISTS articles_copies ON articles(duplicate_of) WHERE duplicate_of IS NOT NULL;",
	/* 10: indexes find the old articles and an article's developments; a feed's listed_at is
	 * when its last document was stored (NULL until the next: all it had counts as listed
	 * while it is polled); and every article is indexed by FTS_TEXT, which it is deleted
	 * from the index by (the pipeline indexed another text until 9) */
	"CREATE INDEX IF NOT EXISTS articles_first_seen ON articles(first_seen);"
	"CREATE INDEX IF NOT EXISTS developments_first ON developments(first_article);"
	"ALTER TABLE feeds ADD COLUMN listed_at INTEGER;"
	"INSERT INTO articles_fts(articles_fts) VALUES ('delete-all');"
	"INSERT INTO articles_fts(rowid, body) SELECT id, " FTS_TEXT " FROM articles;",
	/* 11: the version of the text the full-text index was made with (nw_text_version): the
	 * index is made again when it changes */
	"CREATE TABLE IF NOT EXISTS index_text (version TEXT NOT NULL);",
	/* 12: what a feed was polled with (a digest of its plugin and options: a change resets
	 * its validators and backlog, as a change of url does), and whether the daemon's conf
	 * still has it (one removed stays, with its articles, but counts no more) */
	"ALTER TABLE feeds ADD COLUMN source TEXT;"
	"ALTER TABLE feeds ADD COLUMN configured INTEGER NOT NULL DEFAULT 1;"
	/* the queued alerts counted (the status line, every second) without a walk of every
	 * alert ever sent; how many articles left the full-text index since it was last made
	 * whole again (nw_store_fts_forgotten) */
	"CREATE INDEX IF NOT EXISTS alerts_waiting ON alerts(channel, id) WHERE state = 'queued';"
	"CREATE TABLE IF NOT EXISTS upkeep (key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;"
	"INSERT OR IGNORE INTO upkeep VALUES ('fts_forgotten', 0);",
	/* 13: a mail that reached some of its channel's recipients, the others' servers saying
	 * "later" (4xx to their RCPT TO: greylisting, a full queue), is owed to those alone: its
	 * retries go to them, one address a line (NULL: to every recipient of the channel) */
	"ALTER TABLE alerts ADD COLUMN owed TEXT;",
	/* 14: a development's number in its story (1, 2, 3 ...), which the timeline, the hits,
	 * replay and an alert's payload show: the row's id counted the developments of every
	 * story together. A story counts the numbers it gave, so that one is never given twice
	 * when old developments are forgotten. */
	"ALTER TABLE developments ADD COLUMN number INTEGER;"
	"ALTER TABLE stories ADD COLUMN developments_made INTEGER NOT NULL DEFAULT 0;"
	"UPDATE developments SET number = n.number FROM (SELECT id, row_number() OVER (PARTITION BY story_id "
	"ORDER BY id) AS number FROM developments) n WHERE n.id = developments.id;"
	"UPDATE stories SET developments_made = (SELECT coalesce(max(number), 0) FROM developments "
	"WHERE story_id = stories.id);",
	/* 15: the fingerprints of an original's first sentence (a copy keeps one: dedup.h); NULL
	 * for those indexed before, which makes no objection */
	"ALTER TABLE fingerprints ADD COLUMN lede BLOB;",
	/* 16: how many of a feed's failures in a row were its host's holds (a Retry-After for
	 * all its feeds): it was not asked, and they count neither for its backoff nor for
	 * its warnings, across restarts and runs of --once as its failures do */
	"ALTER TABLE feeds ADD COLUMN holds INTEGER NOT NULL DEFAULT 0;",
	/* 17: how many of them were the feed's own answers that said when to come back (a 429
	 * or 503 with a Retry-After): waited as asked, they do not double the wait of a
	 * failure of another kind after them, but count for its warnings */
	"ALTER TABLE feeds ADD COLUMN paced INTEGER NOT NULL DEFAULT 0;",
	/* 18: the kind of a feed's last failure of its own (an HTTP status, or below 100 a
	 * failure with none: fetch.h's nw_fail_class) and since which of its own failures in a
	 * row it has failed so: newswatchd warns when a failing feed fails differently, across
	 * restarts and runs of --once. 0 for a feed not failing, or failing since before. */
	"ALTER TABLE feeds ADD COLUMN fail_kind INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE feeds ADD COLUMN kind_since INTEGER NOT NULL DEFAULT 0;",
	/* 19: the recipients a mail reached some of refused for good (5xx to their RCPT TO), with
	 * the server and its replies: kept across its retries to those owed it, and the error of
	 * the alert once sent (NULL: none) */
	"ALTER TABLE alerts ADD COLUMN refused TEXT;",
};

_Static_assert(sizeof migrations / sizeof *migrations == NW_STORE_SCHEMA, "NW_STORE_SCHEMA is the last migration");

struct nw_store {
	int64_t since; /* lower bound on time for the queries that take one */
	int rfc3339;   /* the queries' times as RFC 3339 (2023-11-20T07:53:00Z), not 2023-11-20 07:53:00 */
	sqlite3 *db;
	sqlite3_stmt *stmt[S_COUNT];
	int64_t busy_since; /* ms, when the current wait for a lock began */
	int background;     /* gives way: ends its transactions early when another waits */
	int schema;         /* the store's schema version (read-only: as found) */
	int no_wait;        /* nw_store_try_begin: a lock that is taken is not waited for */
	char *path;         /* as opened (nw_store_replaced) */
	dev_t dev;          /* the file it opened, when a file */
	ino_t ino;
};

/* The connections of one process (the loop's and the store writer's) take the write lock
 * in turn. One that finds it taken waits on wl_cv, which every commit and rollback here
 * signals, instead of sleeping in SQLite's busy handler for up to 100 ms at a time; a lock
 * held by another process is tried again every few milliseconds, for 5 s in all. */
static pthread_mutex_t wl_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wl_cv = PTHREAD_COND_INITIALIZER;
static unsigned wl_waiting; /* foreground connections waiting to begin a transaction */

#define BUSY_TIMEOUT_MS 5000
#define WAL_BOUND (64LL << 20) /* bytes: nw_store_bound_wal, journal_size_limit */

static int64_t mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void wl_released(void)
{
	pthread_mutex_lock(&wl_mu);
	pthread_cond_broadcast(&wl_cv);
	pthread_mutex_unlock(&wl_mu);
}

static int on_busy(void *arg, int count)
{
	struct nw_store *st = arg;
	int64_t now = mono_ms();
	struct timespec until;
	long ms = count < 10 ? 2 : 10;

	if (st->no_wait)
		return 0;
	if (count == 0)
		st->busy_since = now;
	else if (now - st->busy_since >= BUSY_TIMEOUT_MS)
		return 0;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_nsec += ms * 1000000L;
	until.tv_sec += until.tv_nsec / 1000000000L;
	until.tv_nsec %= 1000000000L;
	pthread_mutex_lock(&wl_mu);
	pthread_cond_timedwait(&wl_cv, &wl_mu, &until);
	pthread_mutex_unlock(&wl_mu);
	return 1;
}

int nw_store_full(struct nw_store *st)
{
	return (sqlite3_extended_errcode(st->db) & 0xff) == SQLITE_FULL;
}

const char *nw_store_errmsg(struct nw_store *st)
{
	if (nw_store_full(st))
		return "the store is full (the disk, or [daemon] max_database_size): new items are not stored "
		       "until there is room; queued alerts are kept and delivered";
	return sqlite3_errmsg(st->db);
}

int nw_store_manual_checkpoints(struct nw_store *st)
{
	return sqlite3_exec(st->db, "PRAGMA wal_autocheckpoint = 0", NULL, NULL, NULL) == SQLITE_OK ? 0 : -EIO;
}

static int64_t page_size(struct nw_store *st)
{
	sqlite3_stmt *s;
	int64_t page = 4096;

	if (sqlite3_prepare_v2(st->db, "PRAGMA page_size", -1, &s, NULL) == SQLITE_OK) {
		if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_int64(s, 0) > 0)
			page = sqlite3_column_int64(s, 0);
		sqlite3_finalize(s);
	}
	return page;
}

/* A busy writer outruns the checkpoints of another connection: each copies what was
 * committed when it began, the writer has committed more by the time it ends, and the log
 * can start over only once all of it is in the database, so in a burst (a first cycle) it
 * grew without end, 222 MB for a store of 82 MB, gigabytes at 10,000 feeds. So a
 * connection that writes in bursts checkpoints itself, after the commit that takes the log
 * past WAL_BOUND: the other connection's checkpoints have copied most of it, and the log
 * starts over with the next transaction (and journal_size_limit cuts the file back). */
int nw_store_bound_wal(struct nw_store *st)
{
	return sqlite3_wal_autocheckpoint(st->db, (int)(WAL_BOUND / page_size(st))) == SQLITE_OK ? 0 : -EIO;
}

int nw_store_cache(struct nw_store *st, int kib)
{
	char sql[48];

	snprintf(sql, sizeof sql, "PRAGMA cache_size = -%d", kib);
	return sqlite3_exec(st->db, sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : -EIO;
}

int nw_store_checkpoint(struct nw_store *st, int *frames, int *copied)
{
	int rc = sqlite3_wal_checkpoint_v2(st->db, NULL, SQLITE_CHECKPOINT_PASSIVE, frames, copied);

	if (rc == SQLITE_BUSY) /* another connection's checkpoint runs: nothing known of the log */
		*frames = *copied = -1;
	return rc == SQLITE_OK || rc == SQLITE_BUSY ? 0 : -EIO;
}

int64_t nw_store_size(struct nw_store *st)
{
	sqlite3_stmt *s;
	int64_t pages = 0;

	if (sqlite3_prepare_v2(st->db, "PRAGMA page_count", -1, &s, NULL) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
		pages = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return pages * page_size(st);
}

int nw_store_limit(struct nw_store *st, int64_t bytes)
{
	int64_t page = page_size(st), pages;
	char sql[80];

	/* 0: no cap of ours (SQLite's default maximum); below the current size: the current size */
	pages = bytes > 0 ? bytes / page : 4294967294LL;
	snprintf(sql, sizeof sql, "PRAGMA max_page_count = %lld", (long long)(pages > 0 ? pages : 1));
	return sqlite3_exec(st->db, sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : -EIO;
}

/* Text for the full-text index (and for queries): normalised as for matching, then
 * nw_text_fts. malloc'd. */
static char *fts_text(const char *in, size_t inlen)
{
	size_t nlen;
	char *norm = nw_text_normalize(in, inlen, &nlen), *out;

	if (!norm)
		return NULL;
	if ((out = malloc(nw_text_fts_size(nlen))))
		out[nw_text_fts(norm, nlen, out)] = '\0';
	free(norm);
	return out;
}

static void sql_fts(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const unsigned char *t = sqlite3_value_text(argv[0]);
	char *r;

	(void)argc;
	if (!t) {
		sqlite3_result_null(ctx);
		return;
	}
	r = fts_text((const char *)t, (size_t)sqlite3_value_bytes(argv[0]));
	if (!r) {
		sqlite3_result_error_nomem(ctx);
		return;
	}
	sqlite3_result_text(ctx, r, -1, free);
}

/* nw_url_shown(url): a feed's address as the command line shows it, its password and
 * query tokens hidden. */
static void sql_url_shown(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const unsigned char *t = sqlite3_value_text(argv[0]);
	/* "u:p@" shows as "u:***@", "?key=v" as "?key=***" */
	size_t n = 2 * (size_t)sqlite3_value_bytes(argv[0]) + 4;
	char *r;

	(void)argc;
	if (!t) {
		sqlite3_result_null(ctx);
		return;
	}
	if (!(r = malloc(n))) {
		sqlite3_result_error_nomem(ctx);
		return;
	}
	sqlite3_result_text(ctx, nw_url_shown_whole((const char *)t, r, n), -1, free);
}

/* nw_time(t): a unix time as the command line shows it, in UTC: RFC 3339 for JSON
 * (nw_store_set_rfc3339), YYYY-MM-DD HH:MM:SS otherwise; NULL stays NULL. */
static void sql_time(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const struct nw_store *st = sqlite3_user_data(ctx);
	time_t t;
	struct tm tm;
	char buf[64];

	(void)argc;
	if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
		sqlite3_result_null(ctx);
		return;
	}
	t = (time_t)sqlite3_value_int64(argv[0]);
	if (!gmtime_r(&t, &tm) || !strftime(buf, sizeof buf, st->rfc3339 ? "%Y-%m-%dT%H:%M:%SZ" : "%Y-%m-%d %H:%M:%S", &tm)) {
		sqlite3_result_null(ctx);
		return;
	}
	sqlite3_result_text(ctx, buf, -1, SQLITE_TRANSIENT);
}

/* Words of a query at most: a query of thousands (a pasted article) took minutes. */
#define FTS_QUERY_WORDS 64

/* Every blank of s made a space, in place (as many bytes): the ideographic space a Japanese
 * or Chinese input method types between words, a no-break space pasted from a page, CR, VT,
 * FF. They part a query's words as a space does; within a word, normalised to a space and
 * dropped next to CJK, they made one phrase of two words ("アルトマン　復帰" found only
 * アルトマン復帰 in a row, "Altman\u00a0Sam" only Altman followed by Sam). */
static void blanks_to_spaces(char *s)
{
	utf8proc_int32_t cp;
	utf8proc_ssize_t n;

	for (size_t i = 0; s[i]; i += (size_t)n) {
		if ((n = utf8proc_iterate((const utf8proc_uint8_t *)s + i, -1, &cp)) < 1) {
			n = 1; /* a stray byte: fts_text replaces it */
			continue;
		}
		if (cp == '\r' || cp == '\v' || cp == '\f' ||
		    (cp > 0x7f && (cp == 0x85 || utf8proc_category(cp) == UTF8PROC_CATEGORY_ZS ||
				   utf8proc_category(cp) == UTF8PROC_CATEGORY_ZL ||
				   utf8proc_category(cp) == UTF8PROC_CATEGORY_ZP)))
			memset(s + i, ' ', (size_t)n);
	}
}

/* A user's query as an FTS5 query: each word (as written) a quoted phrase of its tokens
 * (a CJK word: of its characters), all words required; a word again adds nothing, and
 * words past FTS_QUERY_WORDS are not looked for. */
/* Whether FTS5's ascii tokenizer finds a token in t: a letter or digit, or any character
 * past ASCII (a phrase of none, "!!", matches no row, and made a query of it alone find
 * nothing instead of being no query) */
static int fts_token(const char *t)
{
	for (const unsigned char *p = (const unsigned char *)t; *p; p++)
		if (*p >= 0x80 || (*p >= '0' && *p <= '9') || ((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z'))
			return 1;
	return 0;
}

static char *fts_query(const char *q)
{
	size_t cap = strlen(q) * 8 + 16, o = 0, words = 0;
	char *out = malloc(cap), *copy = strdup(q), *save = NULL;

	if (!out || !copy) {
		free(out);
		free(copy);
		return NULL;
	}
	blanks_to_spaces(copy);
	for (char *w = strtok_r(copy, " \t\n", &save); w; w = strtok_r(NULL, " \t\n", &save)) {
		char *t = fts_text(w, strlen(w));
		size_t tl;
		if (!t)
			continue;
		tl = strlen(t);
		while (tl && t[tl - 1] == ' ')
			t[--tl] = '\0';
		if (!fts_token(t)) { /* "!!", what normalisation left of "—": no word to find */
			free(t);
			continue;
		}
		if (o + tl * 2 + 8 >= cap || words == FTS_QUERY_WORDS) {
			free(t);
			break;
		}
		{
			size_t start = o + (o ? 1 : 0), end;
			if (o)
				out[o++] = ' ';
			out[o++] = '"';
			for (size_t k = 0; k < tl; k++) {
				if (t[k] == '"')
					out[o++] = '"';
				out[o++] = t[k];
			}
			out[o++] = '"';
			out[o] = '\0';
			end = o;
			/* the same phrase earlier in the query: taken back */
			for (const char *p = out; (p = strstr(p, out + start)) && p < out + start; p++)
				if ((p == out || p[-1] == ' ') && (p[end - start] == ' ')) {
					o = start ? start - 1 : 0;
					break;
				}
			words += o == end;
		}
		free(t);
	}
	out[o] = '\0';
	free(copy);
	return out;
}

/* The schema version a database says it has (PRAGMA user_version), or -1 when it cannot be
 * read. */
static int user_version(sqlite3 *db)
{
	sqlite3_stmt *s;
	int v = -1;

	if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &s, NULL) == SQLITE_OK) {
		v = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int(s, 0) : 0;
		sqlite3_finalize(s);
	}
	return v;
}

static int migrate(struct nw_store *st, char *err, size_t errlen)
{
	int version = user_version(st->db), from = version;
	const int latest = NW_STORE_SCHEMA;

	if (version < 0)
		goto fail;
	if (version > latest) {
		snprintf(err, errlen, "the store has schema version %d, newer than this newswatch (%d)", version, latest);
		return -EPROTO;
	}
	/* a store from an older newswatch: say so first, since a migration that rebuilds the
	 * full-text index takes minutes on a store of millions of articles */
	if (version > 0 && version < latest)
		log_info("store: updating from schema %d to %d", version, latest);
	/* a new store is made in one transaction: a reader meanwhile (newswatch status as the
	 * daemon first starts) sees none or all of it, not a store of schema 6 */
	if (version == 0) {
		if (sqlite3_exec(st->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
			goto fail;
		if ((version = user_version(st->db)) != 0) { /* another process made it first */
			sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
			if (version < 0)
				goto fail;
			from = version;
		}
	}
	for (; version < latest; version++) {
		char pragma[64];
		int now_at;
		if (from == 0) {
			; /* in the one transaction */
		} else if (sqlite3_exec(st->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK) {
			goto fail;
		} else if ((now_at = user_version(st->db)) > version) {
			/* another process opening the store at the same time may have done this step */
			sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
			version = now_at - 1;
			continue;
		}
		snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", version + 1);
		if (sqlite3_exec(st->db, migrations[version], NULL, NULL, NULL) != SQLITE_OK ||
		    sqlite3_exec(st->db, pragma, NULL, NULL, NULL) != SQLITE_OK) {
			snprintf(err, errlen, "schema migration to version %d: %s", version + 1, sqlite3_errmsg(st->db));
			sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
			return -EIO;
		}
		/* a store that was at schema 10 had its index made by that newswatch's text, which
		 * nothing recorded: named, so that index_text_current makes it again (without, it
		 * was taken for today's, and words whose text changed were never found) */
		if (version + 1 == 11 && from == 10 &&
		    sqlite3_exec(st->db, "INSERT INTO index_text VALUES ('the text of schema 10')", NULL, NULL, NULL) !=
			    SQLITE_OK) {
			snprintf(err, errlen, "schema migration to version 11: %s", sqlite3_errmsg(st->db));
			sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
			return -EIO;
		}
		if (from != 0 && sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
			goto fail;
	}
	if (from == 0 && sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		goto fail;
	return 0;
fail:
	snprintf(err, errlen, "%s", sqlite3_errmsg(st->db));
	return -EIO;
}

/* Set once, before SQLite is first used: no count of the memory SQLite holds (nothing reads
 * it, and keeping it took a global mutex around every allocation of every thread). */
static void configure_sqlite(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

/* Whether the file to be written is a newswatch store, or empty (a new one): another
 * program's database named by mistake is refused before anything in it changes (it was given
 * newswatch's tables and switched to WAL, for good). A store has no tables before schema 1,
 * and feeds and articles from then on. 0, or -1 with err set. */
static int foreign(struct nw_store *st, const char *path, char *err, size_t errlen)
{
	sqlite3_stmt *s = NULL;
	int version = user_version(st->db), ours = 0, others = 0, rc;
	char first[64] = "";

	rc = version < 0 ? SQLITE_ERROR
			 : sqlite3_prepare_v2(st->db, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name",
					      -1, &s, NULL);
	while (rc == SQLITE_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(s, 0);
		if (name && (!strcmp(name, "feeds") || !strcmp(name, "articles")))
			ours++;
		else if (name && !others++)
			snprintf(first, sizeof first, "%s", name);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		snprintf(err, errlen, "%s: %s", path, sqlite3_errmsg(st->db));
		return -1;
	}
	if ((version == 0 && (ours || others)) || (version > 0 && ours < 2)) {
		snprintf(err, errlen, "%s: not a newswatch store (%s%s%s%s): name another file", path,
			 version ? "schema version set, but no feeds and articles" : "it holds tables",
			 *first ? (version ? "; tables such as " : " such as ") : "", first,
			 version ? "" : ", and no newswatch schema");
		return -1;
	}
	return 0;
}

/* Whether a store opened read-only can be read, and if not, why in words a user can act on. */
static int readable(struct nw_store *st, const char *path, char *err, size_t errlen)
{
	sqlite3_stmt *s = NULL;
	char wal[4096];
	int rc = sqlite3_prepare_v2(st->db, "SELECT 1 FROM feeds, articles", -1, &s, NULL);

	sqlite3_finalize(s);
	if (rc == SQLITE_OK)
		return 0;
	snprintf(wal, sizeof wal, "%s-wal", path);
	if ((sqlite3_errcode(st->db) & 0xff) == SQLITE_READONLY || (sqlite3_errcode(st->db) & 0xff) == SQLITE_CANTOPEN)
		snprintf(err, errlen,
			 "%s: %s (%s; its folder is not writable by this user: run newswatchd once, which leaves them, "
			 "or run this as the store's owner)",
			 path, sqlite3_errmsg(st->db),
			 access(wal, F_OK) == 0 ? "its -wal or -shm file is not readable"
						: "its -wal and -shm files are missing");
	else if ((sqlite3_errcode(st->db) & 0xff) == SQLITE_BUSY || (sqlite3_errcode(st->db) & 0xff) == SQLITE_LOCKED)
		snprintf(err, errlen, "%s: %s (another process holds it locked, longer than 5 s: try again; "
			 "fuser shows which)", path, sqlite3_errmsg(st->db));
	else
		snprintf(err, errlen, "%s: %s (not a newswatch store, or not initialised yet)", path, sqlite3_errmsg(st->db));
	return -1;
}

/* The index text version the store's index was made with ("" for none yet): 0, or -1. */
static int index_text_of(sqlite3 *db, char *buf, size_t len)
{
	sqlite3_stmt *s;
	int r = -1;

	*buf = '\0';
	if (sqlite3_prepare_v2(db, "SELECT version FROM index_text", -1, &s, NULL) != SQLITE_OK)
		return -1;
	if ((r = sqlite3_step(s)) == SQLITE_ROW)
		snprintf(buf, len, "%s", (const char *)sqlite3_column_text(s, 0));
	r = r == SQLITE_ROW || r == SQLITE_DONE ? 0 : -1;
	sqlite3_finalize(s);
	return r;
}

/* After the migrations: an index made with another text than today's (utf8proc's Unicode
 * data or text.c changed) is made again, or searches would miss words and articles could
 * not be deleted from it. A store without a version has today's (a new one, or one whose
 * index migration 10 made). */
static int index_text_current(struct nw_store *st, const char *path, long daemon, char *err, size_t errlen)
{
	char was[128], now[128], *sql;
	int rc;

	nw_text_version(now, sizeof now);
	if (index_text_of(st->db, was, sizeof was))
		goto fail;
	if (strcmp(was, now) == 0)
		return 0;
	if (daemon) { /* NW_STORE_BESIDE */
		log_warnx("store %s: its full-text index was made with another text (%s) than this newswatch's (%s), "
			  "and newswatchd (pid %ld) runs on it: left as it is, for newswatchd to make again when it "
			  "next starts (systemctl restart newswatchd; until then searches may miss words)",
			  path, *was ? was : "none recorded", now, daemon);
		return 0;
	}
	if (*was)
		log_info("store: the full-text index is made again: its text changes (%s, was %s)", now, was);
	/* made whole: nothing forgotten is left in it to merge away (upkeep) */
	sql = sqlite3_mprintf("BEGIN IMMEDIATE; %s DELETE FROM index_text; INSERT INTO index_text VALUES (%Q); COMMIT;",
			      *was ? "INSERT INTO articles_fts(articles_fts) VALUES ('delete-all'); "
				     "INSERT INTO articles_fts(rowid, body) SELECT id, " FTS_TEXT " FROM articles; "
				     "UPDATE upkeep SET value = 0 WHERE key = 'fts_forgotten';"
				   : "",
			      now);
	rc = sql ? sqlite3_exec(st->db, sql, NULL, NULL, NULL) : SQLITE_NOMEM;
	sqlite3_free(sql);
	if (rc == SQLITE_OK)
		return 0;
	sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
fail:
	snprintf(err, errlen, "full-text index: %s", sqlite3_errmsg(st->db));
	return -EIO;
}

/* The pid of the process that holds the store's lock (nw_store_claim: a newswatchd), 1 when
 * one holds it but its pid cannot be read, 0 when none does. The lock is tried shared and let
 * go at once: a newswatchd starting in that instant would be refused as a second one. */
static long lock_holder(const char *path)
{
	char lock[4096], pid[32] = "";
	ssize_t n;
	long holder = 0;
	int fd;

	if ((size_t)snprintf(lock, sizeof lock, "%s.lock", path) >= sizeof lock ||
	    (fd = open(lock, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY)) < 0)
		return 0;
	if (flock(fd, LOCK_SH | LOCK_NB) == 0)
		flock(fd, LOCK_UN);
	else if (errno == EWOULDBLOCK) {
		if ((n = pread(fd, pid, sizeof pid - 1, 0)) > 0)
			holder = strtol(pid, NULL, 10);
		if (holder <= 0)
			holder = 1;
	}
	close(fd);
	return holder;
}

int nw_store_file_stale(const char *path)
{
	sqlite3 *db = NULL;
	char was[128], now[128];
	int v, stale = 0;

	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK && (v = user_version(db)) > 0) {
		nw_text_version(now, sizeof now);
		stale = v < NW_STORE_SCHEMA || (index_text_of(db, was, sizeof was) == 0 && *was && strcmp(was, now));
	}
	sqlite3_close(db);
	return stale;
}

/* Why a file of the store (what, the store's path or its .lock) could not be made, when its
 * folder is the cause (it does not exist, or this user cannot write in it), in words a user
 * can act on; what's own error (e) otherwise. */
static void cannot_create(const char *path, const char *what, int e, char *err, size_t errlen)
{
	char dir[4096];
	const char *slash = strrchr(path, '/');
	struct stat sb;

	if (slash && slash != path && (size_t)(slash - path) < sizeof dir)
		snprintf(dir, sizeof dir, "%.*s", (int)(slash - path), path);
	else
		snprintf(dir, sizeof dir, "%s", slash ? "/" : ".");
	if ((e == ENOENT || e == ENOTDIR || e == EACCES) && stat(dir, &sb) != 0) {
		int missing = errno == ENOENT;
		snprintf(err, errlen, "%s: its folder %s: %s%s%s%s", path, dir, strerror(errno),
			 missing ? " (under systemd the unit's StateDirectory= makes /var/lib/newswatch; by hand: mkdir -p "
				 : "", missing ? dir : "", missing ? ")" : "");
	} else if (e == EACCES && access(dir, W_OK | X_OK) != 0) {
		struct passwd *pw = getpwuid(sb.st_uid);
		snprintf(err, errlen, "%s: this user cannot create files in its folder %s%s%s%s", path, dir,
			 pw ? " (it is " : "", pw ? pw->pw_name : "",
			 pw ? "'s: run this as its owner, or choose a folder this user can write in)" : "");
	} else {
		snprintf(err, errlen, "%s: %s", what, strerror(e));
	}
}

int nw_store_open(const char *path, int flags, struct nw_store **out, char *err, size_t errlen)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	struct nw_store *st;
	int ro = flags & NW_STORE_READONLY, v;
	long daemon = 0; /* NW_STORE_BESIDE: the pid of the newswatchd running on the store */
	int r = -EIO;

	pthread_once(&once, configure_sqlite);
	{
		struct stat sb; /* SQLite says "disk I/O error" at the first read of a folder */
		if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode)) {
			snprintf(err, errlen, "%s: is a folder, not a store (the store is a file, such as %s/newswatch.db)",
				 path, path);
			return -EISDIR;
		}
	}
	if (!(st = calloc(1, sizeof *st)))
		return -ENOMEM;
	/* a store is not a symbolic link: the folder is the service user's, and root (--once,
	 * alert-retry, a migration) writes what it opens there — a link planted to a file of
	 * root's would have it created or overwritten with feeds' words (the lock file is
	 * opened O_NOFOLLOW for the same reason). Its folders may be links (/var/lib on another
	 * disk): SQLITE_OPEN_NOFOLLOW refuses those too, so the name is looked at again once
	 * it is open, instead. */
	{
		struct stat lb;
		if (*path && strncmp(path, "file:", 5) && lstat(path, &lb) == 0 && S_ISLNK(lb.st_mode)) {
			snprintf(err, errlen, "%s: is a symbolic link, which is not followed (name the store by the "
				 "path of the file itself)", path);
			free(st);
			return -ELOOP;
		}
	}
	/* a new store is made 0640 (less what the umask takes), whatever the umask lets: it holds
	 * the feeds' addresses with their passwords, and is its group's to read (the unit's
	 * UMask=0027 gives as much; outside systemd a umask of 022 gave 0644). SQLite gives the
	 * -wal and -shm the database's mode. */
	if (!ro && *path && strcmp(path, ":memory:") && strncmp(path, "file:", 5)) {
		int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
		if (fd >= 0)
			close(fd);
		else if (errno != EEXIST) { /* SQLite would only say "unable to open database file" */
			cannot_create(path, path, errno, err, errlen);
			goto fail;
		}
	}
	/* a connection is used by one thread at a time (the loop, the writer, or the checkpoint
	 * work, one after the other): no mutex around each call (SQLite's multi-thread mode) */
	if (sqlite3_open_v2(path, &st->db,
			    (ro ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
				    SQLITE_OPEN_NOMUTEX,
			    NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", path, st->db ? sqlite3_errmsg(st->db) : "cannot open");
		goto fail;
	}
	{
		struct stat lb;
		if (*path && strncmp(path, "file:", 5) && lstat(path, &lb) == 0 && S_ISLNK(lb.st_mode)) {
			snprintf(err, errlen, "%s: is a symbolic link, which is not followed (name the store by the "
				 "path of the file itself)", path);
			r = -ELOOP;
			goto fail;
		}
	}
	sqlite3_busy_handler(st->db, on_busy, st);
	sqlite3_extended_result_codes(st->db, 1);
	sqlite3_create_function(st->db, "nw_fts", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, sql_fts, NULL, NULL);
	sqlite3_create_function(st->db, "nw_time", 1, SQLITE_UTF8, st, sql_time, NULL, NULL);
	sqlite3_create_function(st->db, "nw_url_shown", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, sql_url_shown,
				NULL, NULL);
	if (ro) {
		if ((st->schema = user_version(st->db)) < 0)
			st->schema = NW_STORE_SCHEMA; /* unknown: no warning for it */
	} else {
		/* a file this user may read but not write is opened read-only by SQLite, without
		 * a word: a daemon would run, store nothing and warn at every poll (a backup
		 * restored by root with cp, owned by root, mode 0644) */
		if (sqlite3_db_readonly(st->db, "main") == 1) {
			struct stat sb;
			struct passwd *pw = stat(path, &sb) == 0 ? getpwuid(sb.st_uid) : NULL;
			snprintf(err, errlen, "%s: this user cannot write it%s%s%s", path, pw ? " (its owner is " : "",
				 pw ? pw->pw_name : "", pw ? ": chown it to the user newswatchd runs as)" : "");
			r = -EACCES;
			goto fail;
		}
		if (foreign(st, path, err, errlen)) {
			r = -EPROTO;
			goto fail;
		}
		if (flags & NW_STORE_BESIDE)
			daemon = lock_holder(path);
		/* a new store gets 16 KiB pages (an existing one keeps its own): an article is
		 * a couple of KiB, and a fourth of the page writes are as many fewer system calls
		 * (a first cycle of 1000x30 in 8% less time than with 4 KiB, 32 and 64 KiB slower) */
		sqlite3_exec(st->db, "PRAGMA page_size = 16384", NULL, NULL, NULL);
		/* journal_size_limit: when the WAL starts over after a burst of writes took it
		 * past WAL_BOUND (nw_store_bound_wal), it is cut back to that size */
		char sql[200];

		snprintf(sql, sizeof sql,
			 "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; "
			 "PRAGMA foreign_keys = ON; PRAGMA journal_size_limit = %lld;",
			 (long long)WAL_BOUND);
		if (sqlite3_exec(st->db, sql, NULL, NULL, NULL) != SQLITE_OK) {
			snprintf(err, errlen, "%s: %s", path, sqlite3_errmsg(st->db));
			goto fail;
		}
		/* the write-ahead log and its index stay when the last connection closes (the log
		 * cut to nothing): a reader in the store's group cannot create them in the
		 * service's folder, so without them it could not open the store while the daemon
		 * is stopped */
		{
			int persist = 1;
			sqlite3_file_control(st->db, "main", SQLITE_FCNTL_PERSIST_WAL, &persist);
		}
		/* a command beside a running newswatchd (an upgrade installed, the daemon not yet
		 * restarted): the update is the daemon's, as it starts */
		if (daemon && (v = user_version(st->db)) > 0 && v < NW_STORE_SCHEMA) {
			snprintf(err, errlen, "%s: has schema %d, older than this newswatch's (%d), and newswatchd "
				 "(pid %ld) runs on it: restart it (systemctl restart newswatchd), which updates the "
				 "store as it starts, then run this again", path, v, NW_STORE_SCHEMA, daemon);
			r = -EBUSY;
			goto fail;
		}
		if ((r = migrate(st, err, errlen)) != 0 ||
		    (r = index_text_current(st, path, daemon, err, errlen)) != 0) {
			char msg[512];
			snprintf(msg, sizeof msg, "%s", err);
			snprintf(err, errlen, "%s: %s", path, msg);
			goto fail;
		}
		st->schema = NW_STORE_SCHEMA;
	}
	if (ro && readable(st, path, err, errlen))
		goto fail;
	for (int i = 0; i < S_COUNT; i++) {
		if (sqlite3_prepare_v3(st->db, stmt_sql[i], -1, SQLITE_PREPARE_PERSISTENT, &st->stmt[i], NULL) !=
			    SQLITE_OK &&
		    !ro) { /* read-only, a store of an older schema is read too: what it lacks fails when used */
			snprintf(err, errlen, "%s: %s", path, sqlite3_errmsg(st->db));
			r = -EIO;
			goto fail;
		}
	}
	{
		struct stat sb;
		if (*path && strncmp(path, "file:", 5) && strcmp(path, ":memory:") && stat(path, &sb) == 0 &&
		    !(st->path = strdup(path))) {
			r = -ENOMEM;
			goto fail;
		}
		if (st->path) {
			st->dev = sb.st_dev;
			st->ino = sb.st_ino;
		}
	}
	*out = st;
	return 0;
fail:
	nw_store_close(st);
	return r;
}

int nw_store_replaced(const struct nw_store *st)
{
	struct stat sb;

	if (!st->path)
		return 0;
	if (stat(st->path, &sb) != 0)
		return errno == ENOENT || errno == ENOTDIR;
	return sb.st_dev != st->dev || sb.st_ino != st->ino;
}

int nw_store_claim(const char *path, char *err, size_t errlen)
{
	char lock[4096], pid[32] = "";
	struct stat lb, sb;
	ssize_t n;
	int fd, e;

	if ((size_t)snprintf(lock, sizeof lock, "%s.lock", path) >= sizeof lock) {
		snprintf(err, errlen, "%s: path too long", path);
		return -ENAMETOOLONG;
	}
	/* never through a link, never anything but a plain file of its own: the folder is the
	 * service user's, and root writes (and chowns) what it opens here */
	if ((fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY, 0640)) < 0) {
		e = errno;
		if (e == ELOOP)
			snprintf(err, errlen, "%s: a symbolic link, not followed: remove it", lock);
		else
			cannot_create(path, lock, e, err, errlen);
		return -e;
	}
	if (fstat(fd, &lb) != 0 || !S_ISREG(lb.st_mode) || lb.st_nlink != 1) {
		close(fd);
		snprintf(err, errlen, "%s: not a plain file of its own (a link?): remove it", lock);
		return -EPERM;
	}
	/* root running a --once beside the service: a lock file it creates gets the store's
	 * owner, as SQLite gives its -wal and -shm files, or the service could not open it */
	if (geteuid() == 0 && lb.st_uid == 0 && stat(path, &sb) == 0 && sb.st_uid != 0 &&
	    fchown(fd, sb.st_uid, sb.st_gid) != 0)
		log_warnx("%s: cannot give it the owner of %s: %s", lock, path, strerror(errno));
	if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		e = errno;
		if ((n = pread(fd, pid, sizeof pid - 1, 0)) > 0)
			pid[strcspn(pid, "\n")] = '\0';
		close(fd);
		if (e != EWOULDBLOCK) {
			snprintf(err, errlen, "%s: %s", lock, strerror(e));
			return -e;
		}
		snprintf(err, errlen, "%s is in use by another newswatchd or newswatch replay --deliver%s%s%s "
			 "(one process at a time sends a store's alerts)", path, *pid ? " (pid " : "", pid, *pid ? ")" : "");
		return -EBUSY;
	}
	if (ftruncate(fd, 0) == 0)
		dprintf(fd, "%ld\n", (long)getpid());
	return fd;
}

int nw_store_schema(const struct nw_store *st)
{
	return st->schema;
}

void nw_store_close(struct nw_store *st)
{
	if (!st)
		return;
	for (int i = 0; i < S_COUNT; i++)
		sqlite3_finalize(st->stmt[i]);
	sqlite3_close(st->db);
	free(st->path);
	free(st);
}

int nw_store_begin(struct nw_store *st)
{
	int rc;

	if (st->background)
		return sqlite3_exec(st->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) == SQLITE_OK ? 0 : -EIO;
	pthread_mutex_lock(&wl_mu);
	wl_waiting++;
	pthread_mutex_unlock(&wl_mu);
	rc = sqlite3_exec(st->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
	pthread_mutex_lock(&wl_mu);
	wl_waiting--;
	pthread_mutex_unlock(&wl_mu);
	return rc == SQLITE_OK ? 0 : -EIO;
}

int nw_store_try_begin(struct nw_store *st)
{
	int rc;

	st->no_wait = 1;
	rc = sqlite3_exec(st->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
	st->no_wait = 0;
	return rc == SQLITE_OK ? 0 : (sqlite3_errcode(st->db) & 0xff) == SQLITE_BUSY ? -EBUSY : -EIO;
}

void nw_store_background(struct nw_store *st)
{
	st->background = 1;
}

int nw_store_others_waiting(void)
{
	unsigned n;

	pthread_mutex_lock(&wl_mu);
	n = wl_waiting;
	pthread_mutex_unlock(&wl_mu);
	return n > 0;
}

int nw_store_in_transaction(struct nw_store *st)
{
	return !sqlite3_get_autocommit(st->db);
}

int nw_store_commit(struct nw_store *st)
{
	int rc = sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL);

	wl_released();
	return rc == SQLITE_OK ? 0 : -EIO;
}

void nw_store_rollback(struct nw_store *st)
{
	if (!sqlite3_get_autocommit(st->db))
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	wl_released();
}

/* Bind helpers: ?1.. in order; NULL strings bind NULL. */
static sqlite3_stmt *prep(struct nw_store *st, enum stmt_id id)
{
	sqlite3_stmt *s = st->stmt[id];

	/* NULL: a read-only store of an older schema lacks what it needs; SQLite's bind and
	 * step calls then fail with SQLITE_MISUSE (clear_bindings would crash) */
	if (s) {
		sqlite3_reset(s);
		sqlite3_clear_bindings(s);
	}
	return s;
}

static void bind_text(sqlite3_stmt *s, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(s, i);
}

static void bind_time(sqlite3_stmt *s, int i, int64_t v)
{
	if (v == NW_TIME_NONE)
		sqlite3_bind_null(s, i);
	else
		sqlite3_bind_int64(s, i, v);
}

static int done(sqlite3_stmt *s)
{
	int rc = sqlite3_step(s);

	sqlite3_reset(s);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : -EIO;
}

static char *col_dup(sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);

	return t ? strdup((const char *)t) : NULL;
}

int nw_store_feed(struct nw_store *st, const char *name, const char *url, const char *source,
		  struct nw_feed_state *fs)
{
	sqlite3_stmt *s;
	int known, changed;

	memset(fs, 0, sizeof *fs);
	for (int attempt = 0; attempt < 2; attempt++) {
		s = prep(st, S_FEED_GET);
		bind_text(s, 1, name);
		if (sqlite3_step(s) == SQLITE_ROW) {
			fs->id = sqlite3_column_int64(s, 0);
			fs->first_done = sqlite3_column_int(s, 1);
			fs->etag = col_dup(s, 2);
			fs->last_modified = col_dup(s, 3);
			fs->last_fetch = sqlite3_column_int64(s, 4);
			fs->next_poll = sqlite3_column_int64(s, 5);
			fs->last_status = sqlite3_column_int(s, 6);
			fs->last_error = col_dup(s, 7);
			fs->failures = sqlite3_column_int64(s, 8);
			fs->url = col_dup(s, 9);
			fs->moved_to = col_dup(s, 10);
			fs->moved_count = sqlite3_column_int64(s, 11);
			fs->warning = col_dup(s, 13);
			fs->holds = sqlite3_column_int64(s, 14);
			fs->paced = sqlite3_column_int64(s, 15);
			fs->fail_kind = sqlite3_column_int(s, 16);
			fs->kind_since = sqlite3_column_int64(s, 17);
			known = sqlite3_column_type(s, 12) != SQLITE_NULL;
			changed = source && (!known || strcmp((const char *)sqlite3_column_text(s, 12), source) != 0);
			sqlite3_reset(s);
			if (changed) {
				sqlite3_stmt *u = prep(st, S_FEED_SOURCE);
				sqlite3_bind_int64(u, 1, fs->id);
				bind_text(u, 2, source);
				if (done(u))
					return -EIO;
				if (known) {
					free(fs->etag);
					free(fs->last_modified);
					fs->etag = fs->last_modified = NULL;
					fs->first_done = 0;
				}
			}
			/* the admin changed the feed's address: forget what the old one taught us */
			if (url && (!fs->url || strcmp(fs->url, url) != 0)) {
				sqlite3_stmt *u = prep(st, S_FEED_URL);
				sqlite3_bind_int64(u, 1, fs->id);
				bind_text(u, 2, url);
				if (done(u))
					return -EIO;
				if (fs->url)
					fs->first_done = 0;
				free(fs->url);
				free(fs->moved_to);
				free(fs->etag);
				free(fs->last_modified);
				free(fs->warning);
				fs->url = strdup(url);
				fs->moved_to = fs->etag = fs->last_modified = fs->warning = NULL;
				fs->moved_count = fs->failures = fs->holds = fs->paced = fs->next_poll = 0;
				fs->fail_kind = 0;
				fs->kind_since = 0;
			}
			return 0;
		}
		sqlite3_reset(s);
		s = prep(st, S_FEED_ADD);
		bind_text(s, 1, name);
		bind_text(s, 2, url);
		if (done(s))
			return -EIO;
	}
	return -EIO;
}

int nw_store_feeds_configured(struct nw_store *st, const char *const *names, size_t n)
{
	if (done(prep(st, S_FEED_UNCONFIGURE)))
		return -EIO;
	for (size_t i = 0; i < n; i++) {
		sqlite3_stmt *s = prep(st, S_FEED_CONFIGURED);
		bind_text(s, 1, names[i]);
		if (done(s))
			return -EIO;
	}
	return 0;
}

int64_t nw_store_feed_id(struct nw_store *st, const char *name)
{
	sqlite3_stmt *s = prep(st, S_FEED_GET);
	int64_t id = 0;

	bind_text(s, 1, name);
	if (sqlite3_step(s) == SQLITE_ROW)
		id = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	return id;
}

void nw_feed_state_free(struct nw_feed_state *fs)
{
	free(fs->url);
	free(fs->moved_to);
	free(fs->etag);
	free(fs->last_modified);
	free(fs->last_error);
	free(fs->warning);
	memset(fs, 0, sizeof *fs);
}

int nw_store_feed_fetched(struct nw_store *st, int64_t feed_id, int ok, int held, int paced, int status,
			  int kind, const char *error, const char *etag, const char *last_modified, int64_t now, int64_t next_poll)
{
	sqlite3_stmt *s = prep(st, ok ? S_FEED_FETCHED_OK : S_FEED_FETCHED_ERR);

	if (ok)
		bind_text(s, 7, error); /* on success: the warning of a degraded document, or NULL */
	sqlite3_bind_int64(s, 1, feed_id);
	sqlite3_bind_int64(s, 2, now);
	sqlite3_bind_int(s, 3, status);
	if (ok) {
		bind_text(s, 4, etag);
		bind_text(s, 5, last_modified);
	} else {
		bind_text(s, 4, error);
		sqlite3_bind_int(s, 8, held != 0);
		sqlite3_bind_int(s, 9, paced != 0);
		sqlite3_bind_int(s, 10, kind);
	}
	sqlite3_bind_int64(s, 6, next_poll);
	return done(s);
}

int nw_store_feed_moved(struct nw_store *st, int64_t feed_id, const char *moved_to)
{
	sqlite3_stmt *s = prep(st, S_FEED_MOVED);

	sqlite3_bind_int64(s, 1, feed_id);
	bind_text(s, 2, moved_to);
	return done(s);
}

int nw_store_feed_first_done(struct nw_store *st, int64_t feed_id)
{
	sqlite3_stmt *s = prep(st, S_FEED_FIRST_DONE);

	sqlite3_bind_int64(s, 1, feed_id);
	return done(s);
}

int nw_store_sighting_exists(struct nw_store *st, int64_t feed_id, const char *guid, int64_t listed_since)
{
	sqlite3_stmt *s = prep(st, S_SIGHT_GET);
	int found = 0;

	sqlite3_bind_int64(s, 1, feed_id);
	bind_text(s, 2, guid);
	sqlite3_bind_int64(s, 3, listed_since);
	if (sqlite3_step(s) == SQLITE_ROW)
		found = sqlite3_column_int(s, 0) ? 1 : 2;
	sqlite3_reset(s);
	return found;
}

int nw_store_sighting_listed(struct nw_store *st, int64_t feed_id, const char *guid, int64_t now)
{
	sqlite3_stmt *s = prep(st, S_SIGHT_LISTED);

	sqlite3_bind_int64(s, 1, feed_id);
	bind_text(s, 2, guid);
	sqlite3_bind_int64(s, 3, now);
	return done(s);
}

int nw_store_feed_listed(struct nw_store *st, int64_t feed_id, int64_t now)
{
	sqlite3_stmt *s = prep(st, S_FEED_LISTED);

	sqlite3_bind_int64(s, 1, feed_id);
	sqlite3_bind_int64(s, 2, now);
	return done(s);
}

int nw_store_sighting_add(struct nw_store *st, int64_t feed_id, const char *guid, int64_t article_id, int64_t now)
{
	sqlite3_stmt *s = prep(st, S_SIGHT_ADD);

	sqlite3_bind_int64(s, 1, feed_id);
	bind_text(s, 2, guid);
	sqlite3_bind_int64(s, 3, article_id);
	sqlite3_bind_int64(s, 4, now);
	return done(s);
}

int nw_store_sighting_rekey(struct nw_store *st, int64_t feed_id, const char *guid, int64_t article_id, int64_t now,
			    int (*listed)(void *arg, const char *guid), void *arg)
{
	sqlite3_stmt *s = prep(st, S_SIGHT_OF);
	char *old = NULL;
	int rc;

	sqlite3_bind_int64(s, 1, feed_id);
	sqlite3_bind_int64(s, 2, article_id);
	while (!old && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *g = (const char *)sqlite3_column_text(s, 0);
		if (g && !listed(arg, g) && !(old = strdup(g))) {
			sqlite3_reset(s);
			return -ENOMEM;
		}
	}
	sqlite3_reset(s);
	if (!old && rc != SQLITE_DONE)
		return -EIO;
	if (old) {
		s = prep(st, S_SIGHT_REKEY);
		sqlite3_bind_int64(s, 1, feed_id);
		bind_text(s, 2, old);
		bind_text(s, 3, guid);
		sqlite3_bind_int64(s, 4, now);
		rc = done(s);
		free(old);
		if (rc)
			return -EIO;
		if (sqlite3_changes(st->db) > 0)
			return 0;
	}
	return nw_store_sighting_add(st, feed_id, guid, article_id, now) ? -EIO : 0;
}

/* The article statement s finds (its key bound): its id and link; 1 found, 0 not. */
static int article_row(sqlite3_stmt *s, int64_t *aid, char **link)
{
	int found = sqlite3_step(s) == SQLITE_ROW;

	if (found) {
		*aid = sqlite3_column_int64(s, 0);
		if (link)
			*link = col_dup(s, 1);
	}
	sqlite3_reset(s);
	return found;
}

int nw_store_article_by_url(struct nw_store *st, const char *canon, int64_t *id, char **link)
{
	sqlite3_stmt *s;

	if (!canon)
		return 0;
	s = prep(st, S_ART_BY_URL);
	bind_text(s, 1, canon);
	return article_row(s, id, link);
}

int nw_store_article_by_hash(struct nw_store *st, const char *hash, int64_t t, int64_t window, int64_t *id,
			     char **link)
{
	sqlite3_stmt *s;

	if (!hash)
		return 0;
	s = prep(st, S_ART_BY_HASH);
	bind_text(s, 1, hash);
	sqlite3_bind_int64(s, 2, t);
	sqlite3_bind_int64(s, 3, window);
	return article_row(s, id, link);
}

int nw_store_article_link(struct nw_store *st, int64_t id, char **link)
{
	sqlite3_stmt *s = prep(st, S_ART_LINK);
	int found;

	sqlite3_bind_int64(s, 1, id);
	found = sqlite3_step(s) == SQLITE_ROW;
	if (found)
		*link = col_dup(s, 1);
	sqlite3_reset(s);
	return found;
}

int nw_store_article_in_feed(struct nw_store *st, int64_t id, int64_t feed_id, int64_t *root, char **hash)
{
	sqlite3_stmt *s = prep(st, S_ART_IN_FEED);
	int in = 0;

	*root = id;
	*hash = NULL;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, feed_id);
	if (sqlite3_step(s) == SQLITE_ROW) {
		*root = sqlite3_column_int64(s, 0);
		*hash = col_dup(s, 1);
		in = sqlite3_column_int(s, 2);
	}
	sqlite3_reset(s);
	return in;
}

int nw_store_article_text(struct nw_store *st, int64_t id, char **title, char **body)
{
	sqlite3_stmt *s = prep(st, S_ART_TEXT);
	int found;

	*title = *body = NULL;
	sqlite3_bind_int64(s, 1, id);
	found = sqlite3_step(s) == SQLITE_ROW;
	if (found) {
		*title = col_dup(s, 0);
		*body = col_dup(s, 1);
	}
	sqlite3_reset(s);
	return found;
}

int nw_store_article_add(struct nw_store *st, const struct nw_item *it, const char *canon, const char *hash,
			 int64_t duplicate_of, int64_t now, int64_t *id)
{
	sqlite3_stmt *s = prep(st, S_ART_ADD);

	bind_text(s, 1, canon);
	bind_text(s, 2, it->link);
	bind_text(s, 3, it->title);
	bind_text(s, 4, it->summary);
	bind_text(s, 5, it->content);
	bind_text(s, 6, it->author);
	bind_text(s, 7, it->language);
	bind_time(s, 8, it->published != NW_TIME_NONE ? it->published : it->updated);
	sqlite3_bind_int64(s, 9, now);
	bind_text(s, 10, hash);
	if (duplicate_of > 0)
		sqlite3_bind_int64(s, 11, duplicate_of);
	if (done(s))
		return -EIO;
	*id = sqlite3_last_insert_rowid(st->db);
	return 0;
}

int nw_store_fts_add(struct nw_store *st, int64_t article, const char *text, size_t len)
{
	sqlite3_stmt *s = prep(st, S_FTS_ONE);

	sqlite3_bind_int64(s, 1, article);
	sqlite3_bind_text64(s, 2, text ? text : "", text ? len : 0, SQLITE_STATIC, SQLITE_UTF8);
	return done(s) ? -EIO : 0;
}

char *nw_store_index_text_norm(const struct nw_normfield f[3], size_t *len)
{
	/* as FTS_TEXT: each field's text, a space between (fields are made apart: a CJK run at
	 * the end of one and another at the start of the next are not parted by a token) */
	char *text = malloc(nw_text_fts_size(f[0].len) + nw_text_fts_size(f[1].len) + nw_text_fts_size(f[2].len)), *fit;
	size_t o = 0;

	if (!text)
		return NULL;
	for (int i = 0; i < 3; i++) {
		o += nw_text_fts(f[i].text, f[i].len, text + o);
		if (i < 2)
			text[o++] = ' ';
	}
	text[o] = '\0';
	*len = o;
	/* a new article's is held until the writer indexes it: a third of the worst case */
	return (fit = realloc(text, o + 1)) ? fit : text;
}

char *nw_store_index_text(const char *title, const char *summary, const char *content, size_t *len)
{
	int same = content == summary || (content && summary && strcmp(content, summary) == 0);
	const char *raw[3] = { title, summary, same ? NULL : content };
	struct nw_normfield f[3] = { { NULL, 0 } };
	char *text = NULL;
	int i;

	for (i = 0; i < 3; i++)
		if (!(f[i].text = nw_text_normalize(raw[i] ? raw[i] : "", raw[i] ? strlen(raw[i]) : 0, &f[i].len)))
			break;
	if (i == 3)
		text = nw_store_index_text_norm(f, len);
	for (i = 0; i < 3; i++)
		free((char *)f[i].text);
	return text;
}

int nw_store_fts_index(struct nw_store *st, int64_t max_rows, int64_t *indexed)
{
	sqlite3_stmt *s = prep(st, S_FTS_ADD);
	int r;

	*indexed = 0;
	if (nw_store_begin(st))
		return -EIO;
	sqlite3_bind_int64(s, 1, max_rows);
	r = done(s);
	if (r == 0)
		*indexed = sqlite3_changes(st->db);
	if (r || nw_store_commit(st)) {
		nw_store_rollback(st);
		return -EIO;
	}
	return 0;
}

int nw_store_story(struct nw_store *st, const char *name, int64_t *id)
{
	for (int attempt = 0; attempt < 2; attempt++) {
		sqlite3_stmt *s = prep(st, S_STORY_GET);
		bind_text(s, 1, name);
		if (sqlite3_step(s) == SQLITE_ROW) {
			*id = sqlite3_column_int64(s, 0);
			sqlite3_reset(s);
			return 0;
		}
		sqlite3_reset(s);
		s = prep(st, S_STORY_ADD);
		bind_text(s, 1, name);
		if (done(s))
			return -EIO;
	}
	return -EIO;
}

int nw_store_article_development(struct nw_store *st, int64_t story_id, int64_t article_id, int64_t *dev)
{
	sqlite3_stmt *s = prep(st, S_ART_DEV);
	int found;

	sqlite3_bind_int64(s, 1, story_id);
	sqlite3_bind_int64(s, 2, article_id);
	found = sqlite3_step(s) == SQLITE_ROW;
	if (found)
		*dev = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	return found;
}

int nw_store_development_add(struct nw_store *st, int64_t story_id, int64_t article_id, const char *title,
			     int64_t when, const struct nw_dev_row *row, int64_t *id)
{
	sqlite3_stmt *s = prep(st, S_DEV_NUMBER);
	int64_t number = 0;

	sqlite3_bind_int64(s, 1, story_id);
	if (sqlite3_step(s) == SQLITE_ROW)
		number = sqlite3_column_int64(s, 0);
	if (done(s) || !number)
		return -EIO;
	s = prep(st, S_DEV_ADD);

	sqlite3_bind_int64(s, 1, story_id);
	sqlite3_bind_int64(s, 2, article_id);
	bind_text(s, 3, title);
	sqlite3_bind_int64(s, 4, when);
	sqlite3_bind_int64(s, 5, (int64_t)row->concepts);
	bind_text(s, 6, row->entities);
	bind_text(s, 7, row->facts);
	bind_text(s, 8, row->lang);
	sqlite3_bind_int64(s, 9, number);
	if (done(s))
		return -EIO;
	*id = sqlite3_last_insert_rowid(st->db);
	return 0;
}

int64_t nw_store_development_number(struct nw_store *st, int64_t id)
{
	sqlite3_stmt *s = prep(st, S_DEV_NUMBER_OF);
	int64_t number = 0;

	sqlite3_bind_int64(s, 1, id);
	if (sqlite3_step(s) == SQLITE_ROW)
		number = sqlite3_column_int64(s, 0);
	return done(s) ? 0 : number;
}

int nw_store_devs_recent(struct nw_store *st, int64_t story_id, int64_t since, size_t limit, struct nw_dev_row **rows,
			 size_t *n)
{
	sqlite3_stmt *s = prep(st, S_DEV_RECENT);
	int rc;

	*rows = NULL;
	*n = 0;
	sqlite3_bind_int64(s, 1, story_id);
	sqlite3_bind_int64(s, 2, since);
	sqlite3_bind_int64(s, 3, (int64_t)limit);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct nw_dev_row *nv = realloc(*rows, (*n + 1) * sizeof *nv), *r;
		if (!nv) {
			sqlite3_reset(s);
			nw_dev_rows_free(*rows, *n);
			*rows = NULL;
			*n = 0;
			return -ENOMEM;
		}
		*rows = nv;
		r = &nv[(*n)++];
		memset(r, 0, sizeof *r);
		r->id = sqlite3_column_int64(s, 0);
		r->concepts = (uint64_t)sqlite3_column_int64(s, 1);
		r->entities = col_dup(s, 2);
		r->facts = col_dup(s, 3);
		r->lang = col_dup(s, 4);
		r->last_seen = sqlite3_column_int64(s, 5);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		nw_dev_rows_free(*rows, *n);
		*rows = NULL;
		*n = 0;
		return -EIO;
	}
	return 0;
}

void nw_dev_rows_free(struct nw_dev_row *rows, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(rows[i].entities);
		free(rows[i].facts);
		free(rows[i].lang);
	}
	free(rows);
}

int nw_store_dev_touch(struct nw_store *st, int64_t dev, int64_t last_seen, uint64_t concepts, const char *facts,
		       int update)
{
	sqlite3_stmt *s = prep(st, S_DEV_TOUCH);

	sqlite3_bind_int64(s, 1, dev);
	sqlite3_bind_int64(s, 2, last_seen);
	sqlite3_bind_int64(s, 3, (int64_t)concepts);
	bind_text(s, 4, facts);
	sqlite3_bind_int(s, 5, update);
	return done(s);
}

int nw_store_dev_terms(struct nw_store *st, int64_t dev, const char *lang, uint32_t **terms, size_t *n)
{
	sqlite3_stmt *s = prep(st, S_DEV_TERMS_GET);
	int rc, r = 0;

	*terms = NULL;
	*n = 0;
	sqlite3_bind_int64(s, 1, dev);
	bind_text(s, 2, lang);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int bytes = sqlite3_column_bytes(s, 0);
		const void *b = sqlite3_column_blob(s, 0);
		if (b && bytes > 0) {
			if ((*terms = malloc((size_t)bytes))) {
				memcpy(*terms, b, (size_t)bytes);
				*n = (size_t)bytes / sizeof **terms;
			} else {
				r = -ENOMEM;
			}
		}
	} else if (rc != SQLITE_DONE) {
		r = -EIO;
	}
	sqlite3_reset(s);
	return r;
}

int nw_store_dev_terms_set(struct nw_store *st, int64_t dev, const char *lang, const uint32_t *terms, size_t n)
{
	sqlite3_stmt *s = prep(st, S_DEV_TERMS_SET);

	sqlite3_bind_int64(s, 1, dev);
	bind_text(s, 2, lang);
	sqlite3_bind_blob(s, 3, terms, (int)(n * sizeof *terms), SQLITE_TRANSIENT);
	return done(s);
}

int64_t nw_store_data_version(struct nw_store *st)
{
	sqlite3_stmt *s = prep(st, S_DATA_VERSION);
	int64_t v = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : -1;

	sqlite3_reset(s);
	return v;
}

int nw_store_story_fact_add(struct nw_store *st, int64_t story_id, const char *key)
{
	sqlite3_stmt *s = prep(st, S_FACT_ADD);
	int rc;

	sqlite3_bind_int64(s, 1, story_id);
	bind_text(s, 2, key);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return -EIO;
	return sqlite3_changes(st->db) > 0;
}

int nw_store_story_fact_del(struct nw_store *st, int64_t story_id, const char *key)
{
	sqlite3_stmt *s = prep(st, S_FACT_DEL);
	int rc;

	sqlite3_bind_int64(s, 1, story_id);
	bind_text(s, 2, key);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : -EIO;
}

int nw_store_fp_add(struct nw_store *st, int64_t article, int64_t t, int64_t root, const uint32_t *fp, size_t nfp,
		    const uint32_t *nums, size_t nnums, const uint32_t *lede, size_t nlede)
{
	sqlite3_stmt *s = prep(st, S_FP_ADD);

	if (nlede)
		sqlite3_bind_blob(s, 6, lede, (int)(nlede * sizeof *lede), SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(s, 6);
	sqlite3_bind_int64(s, 1, article);
	sqlite3_bind_int64(s, 2, t);
	sqlite3_bind_int64(s, 3, root);
	sqlite3_bind_blob(s, 4, fp, (int)(nfp * sizeof *fp), SQLITE_TRANSIENT);
	sqlite3_bind_blob(s, 5, nums, (int)(nnums * sizeof *nums), SQLITE_TRANSIENT);
	return done(s);
}

int nw_store_fp_prune(struct nw_store *st, int64_t before)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(st->db, "DELETE FROM fingerprints WHERE t < ?1", -1, &s, NULL) != SQLITE_OK)
		return -EIO;
	sqlite3_bind_int64(s, 1, before);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : -EIO;
}

int nw_store_old_articles(struct nw_store *st, int64_t after_t, int64_t after_id, int64_t before,
			  struct nw_old_article *v, size_t max, size_t *n)
{
	sqlite3_stmt *s = prep(st, S_OLD_ARTICLES);
	int rc, r = 0;

	*n = 0;
	sqlite3_bind_int64(s, 1, after_t);
	sqlite3_bind_int64(s, 2, after_id);
	sqlite3_bind_int64(s, 3, before);
	sqlite3_bind_int64(s, 4, (int64_t)max);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct nw_old_article *a = &v[(*n)++];

		a->id = sqlite3_column_int64(s, 0);
		a->first_seen = sqlite3_column_int64(s, 1);
		a->held = sqlite3_column_int(s, 2);
		a->ftslen = (size_t)sqlite3_column_bytes(s, 3);
		a->fts = NULL;
		if (!a->held && !(a->fts = col_dup(s, 3))) {
			r = -ENOMEM;
			break;
		}
	}
	if (!r && rc != SQLITE_DONE)
		r = -EIO;
	sqlite3_reset(s);
	if (r) {
		nw_old_articles_free(v, *n);
		*n = 0;
	}
	return r;
}

void nw_old_articles_free(struct nw_old_article *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i].fts);
}

int nw_store_alerts_forget(struct nw_store *st, int64_t before, int64_t *n)
{
	sqlite3_stmt *s = prep(st, S_ALERTS_FORGET);

	*n = 0;
	sqlite3_bind_int64(s, 1, before);
	if (done(s))
		return -EIO;
	*n = sqlite3_changes(st->db);
	return 0;
}

/* FTS5 deletes an article from a contentless index by adding its words marked deleted, and
 * the space of both goes only when a merge meets them, which the biggest, oldest segments
 * seldom see: a store that forgets as much as it takes grew its index by the intake (82% of
 * it dead after 170 days of 200 feeds). Once as many articles left it as the store holds,
 * it is due to be made whole again. */
#define FTS_WHOLE_LEAST 256

int nw_store_fts_forgotten(struct nw_store *st, int64_t n, int64_t *due)
{
	sqlite3_stmt *s = prep(st, S_FTS_FORGOTTEN);
	int64_t since = 0, live = 0;
	int rc;

	*due = 0;
	sqlite3_bind_int64(s, 1, n);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		since = sqlite3_column_int64(s, 0);
	while (rc == SQLITE_ROW)
		rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return -EIO;
	if (since < FTS_WHOLE_LEAST)
		return 0;
	s = prep(st, S_FTS_LIVE);
	if (sqlite3_step(s) == SQLITE_ROW)
		live = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	if (since >= live)
		*due = live > 0 ? live : 1;
	return 0;
}

/* FTS5's 'merge' with a negative number puts the segments of every level on one and merges
 * them, as 'optimize' does, but about that many pages at a time; a positive one goes on with
 * a merge begun (or merges a level's segments that are many). The words of deleted articles
 * go when the merge that meets them makes the oldest segment. A step that found nothing to
 * merge writes the index's structure record alone: one change. */
int nw_store_fts_merge(struct nw_store *st, int first, int pages, int *worked)
{
	sqlite3_stmt *s = prep(st, S_FTS_MERGE);
	int64_t before = sqlite3_total_changes64(st->db);

	sqlite3_bind_int(s, 1, first ? -pages : pages);
	if (done(s))
		return -EIO;
	*worked = sqlite3_total_changes64(st->db) - before > 1;
	return 0;
}

int nw_store_fts_whole(struct nw_store *st)
{
	return done(prep(st, S_FTS_WHOLE)) ? -EIO : 0;
}

int nw_store_articles_forget(struct nw_store *st, struct nw_old_article *v, size_t n, size_t *kept)
{
	static const enum stmt_id steps[] = { S_SIGHT_DEL, S_FP_DEL, S_COPIES_UNMARK, S_ART_DEL };
	size_t i;

	*kept = 0;
	/* the rows first: a full store then has the pages they held for the index's deletions
	 * (which write entries of their own until segments merge) */
	for (i = 0; i < n; i++)
		for (size_t k = 0; !v[i].held && k < sizeof steps / sizeof *steps; k++) {
			sqlite3_stmt *s = prep(st, steps[k]);

			sqlite3_bind_int64(s, 1, v[i].id);
			if (done(s))
				return -EIO;
		}
	/* one savepoint for the index's deletions (FTS5 writes its pending terms out at each):
	 * a text the index refuses (FTS5 finds its counts would go below zero: not what the
	 * article was indexed with) is left out, and the rest done again without it; its words
	 * stay in the index, where a search no longer finds it (rowids are never given again) */
	if (sqlite3_exec(st->db, "SAVEPOINT fts", NULL, NULL, NULL) != SQLITE_OK)
		return -EIO;
	for (i = 0; i < n; i++) {
		sqlite3_stmt *s;

		if (v[i].held || !v[i].fts)
			continue;
		s = prep(st, S_FTS_DEL);
		sqlite3_bind_int64(s, 1, v[i].id);
		sqlite3_bind_text64(s, 2, v[i].fts, v[i].ftslen, SQLITE_STATIC, SQLITE_UTF8);
		if (!done(s))
			continue;
		if ((sqlite3_errcode(st->db) & 0xff) != SQLITE_CORRUPT ||
		    sqlite3_exec(st->db, "ROLLBACK TO fts", NULL, NULL, NULL) != SQLITE_OK)
			return -EIO;
		free(v[i].fts);
		v[i].fts = NULL;
		++*kept;
		i = (size_t)-1; /* again from the first */
	}
	return sqlite3_exec(st->db, "RELEASE fts", NULL, NULL, NULL) == SQLITE_OK ? 0 : -EIO;
}

int nw_store_fp_load(struct nw_store *st, int64_t since, nw_fp_fn fn, void *arg)
{
	sqlite3_stmt *s = prep(st, S_FP_LOAD);
	int rc, r = 0;

	sqlite3_bind_int64(s, 1, since);
	while (r == 0 && (rc = sqlite3_step(s)) == SQLITE_ROW)
		r = fn(arg, sqlite3_column_int64(s, 0), sqlite3_column_int64(s, 1), sqlite3_column_int64(s, 2),
		       sqlite3_column_blob(s, 3), (size_t)sqlite3_column_bytes(s, 3) / sizeof(uint32_t),
		       sqlite3_column_blob(s, 4), (size_t)sqlite3_column_bytes(s, 4) / sizeof(uint32_t),
		       sqlite3_column_blob(s, 5), (size_t)sqlite3_column_bytes(s, 5) / sizeof(uint32_t));
	sqlite3_reset(s);
	return r;
}

int nw_store_hit_add(struct nw_store *st, int64_t story_id, int64_t article_id, int64_t feed_id,
		     const char *verdict, int64_t development, const char *matched_json, const char *facts_json,
		     int alert, int64_t now, const char *lang, int64_t *id)
{
	sqlite3_stmt *s = prep(st, S_HIT_ADD);

	bind_text(s, 10, lang);
	sqlite3_bind_int64(s, 1, story_id);
	sqlite3_bind_int64(s, 2, article_id);
	sqlite3_bind_int64(s, 3, feed_id);
	bind_text(s, 4, verdict);
	if (development > 0)
		sqlite3_bind_int64(s, 5, development);
	bind_text(s, 6, matched_json);
	bind_text(s, 7, facts_json);
	sqlite3_bind_int(s, 8, alert);
	sqlite3_bind_int64(s, 9, now);
	if (done(s))
		return -EIO;
	*id = sqlite3_last_insert_rowid(st->db);
	return 0;
}

int nw_store_alert_add(struct nw_store *st, const char *alert_id, const char *channel, const char *story,
		       int64_t hit_id, const char *payload, int64_t now)
{
	sqlite3_stmt *s = prep(st, S_ALERT_ADD);
	int r;

	bind_text(s, 1, alert_id);
	bind_text(s, 2, channel);
	bind_text(s, 3, story);
	if (hit_id > 0)
		sqlite3_bind_int64(s, 4, hit_id);
	bind_text(s, 5, payload);
	sqlite3_bind_int64(s, 6, now);
	if ((r = done(s)) != 0)
		return r;
	return sqlite3_changes(st->db) == 0; /* 1: that id was queued before */
}

static int read_row(sqlite3_stmt *s, struct nw_outbox_row *row)
{
	row->rowid = sqlite3_column_int64(s, 0);
	row->alert_id = col_dup(s, 1);
	row->payload = col_dup(s, 2);
	row->created = sqlite3_column_int64(s, 3);
	row->attempts = sqlite3_column_int64(s, 4);
	row->next_attempt = sqlite3_column_int64(s, 5);
	row->batch = col_dup(s, 6);
	row->owed = col_dup(s, 7);
	row->refused = col_dup(s, 8);
	return row->alert_id && row->payload ? 0 : -ENOMEM;
}

int nw_store_alert_next(struct nw_store *st, const char *channel, int owed, struct nw_outbox_row *row)
{
	sqlite3_stmt *s = prep(st, owed ? S_ALERT_OWED_NEXT : S_ALERT_NEXT);
	int r = 0;

	if (!s)
		return -1;
	bind_text(s, 1, channel);
	switch (sqlite3_step(s)) {
	case SQLITE_ROW: r = read_row(s, row) == 0 ? 1 : -1; break;
	case SQLITE_DONE: break;
	default: r = -1;
	}
	sqlite3_reset(s);
	if (r < 0)
		nw_outbox_row_free(row);
	return r;
}

int nw_store_alert_channels(struct nw_store *st, int (*fn)(void *arg, const char *channel, int64_t n), void *arg)
{
	sqlite3_stmt *s = prep(st, S_ALERT_CHANNELS);
	int rc, r = 0;

	if (!s)
		return -1;
	/* the walk meets every channel with alerts: those with none queued are skipped */
	while (r == 0 && (rc = sqlite3_step(s)) == SQLITE_ROW)
		if (sqlite3_column_int64(s, 1) > 0)
			r = fn(arg, (const char *)sqlite3_column_text(s, 0), sqlite3_column_int64(s, 1));
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		r = -1;
	sqlite3_reset(s);
	return r;
}

int nw_store_alert_rows(struct nw_store *st, const char *channel, const char *batch, size_t max,
			struct nw_outbox_row **rows)
{
	sqlite3_stmt *s = prep(st, batch ? S_ALERT_BATCH_ROWS : S_ALERT_ROWS);
	struct nw_outbox_row *v;
	int n = 0, rc;

	*rows = NULL;
	if (!s || !(v = calloc(max ? max : 1, sizeof *v)))
		return -1;
	bind_text(s, 1, channel);
	sqlite3_bind_int64(s, 2, (sqlite3_int64)max);
	if (batch)
		bind_text(s, 3, batch);
	while ((size_t)n < max && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (read_row(s, &v[n]) != 0) {
			nw_outbox_row_free(&v[n]);
			break;
		}
		n++;
	}
	sqlite3_reset(s);
	*rows = v;
	return n;
}

int nw_store_alert_requeue(struct nw_store *st, const char *channel, int64_t since, int64_t now, int64_t *n)
{
	sqlite3_stmt *s = prep(st, S_ALERT_REQUEUE);

	*n = 0;
	if (!s)
		return -1;
	bind_text(s, 1, channel);
	sqlite3_bind_int64(s, 2, since);
	sqlite3_bind_int64(s, 3, now);
	if (done(s))
		return -1;
	*n = sqlite3_changes(st->db);
	return 0;
}

int nw_store_alert_set_batch(struct nw_store *st, int64_t rowid, const char *batch)
{
	sqlite3_stmt *s = prep(st, S_ALERT_SET_BATCH);

	sqlite3_bind_int64(s, 1, rowid);
	bind_text(s, 2, batch);
	return done(s);
}

int nw_store_alert_overflow(struct nw_store *st, const char *channel, int64_t after)
{
	sqlite3_stmt *s = prep(st, S_ALERT_OVERFLOW);

	bind_text(s, 1, channel);
	sqlite3_bind_int64(s, 2, after);
	return done(s);
}

int nw_store_alert_retry_now(struct nw_store *st, const char *channel, int64_t now)
{
	sqlite3_stmt *s = prep(st, S_ALERT_RETRY_NOW);

	bind_text(s, 1, channel);
	sqlite3_bind_int64(s, 2, now);
	return done(s);
}

int nw_store_alert_sent(struct nw_store *st, const char *channel, int64_t since, int64_t now, int64_t *count,
			int64_t *earliest, int64_t *last)
{
	sqlite3_stmt *s = prep(st, S_ALERT_SENT);
	int r = 0;

	*count = *earliest = *last = 0;
	bind_text(s, 1, channel);
	sqlite3_bind_int64(s, 2, since);
	sqlite3_bind_int64(s, 3, now);
	if (sqlite3_step(s) == SQLITE_ROW) {
		*count = sqlite3_column_int64(s, 0);
		*earliest = sqlite3_column_int64(s, 1);
	} else
		r = -1;
	sqlite3_reset(s);
	s = prep(st, S_ALERT_LAST);
	bind_text(s, 1, channel);
	sqlite3_bind_int64(s, 2, now);
	if (sqlite3_step(s) == SQLITE_ROW)
		*last = sqlite3_column_int64(s, 0);
	else
		r = -1;
	sqlite3_reset(s);
	return r;
}

void nw_outbox_row_free(struct nw_outbox_row *row)
{
	free(row->alert_id);
	free(row->payload);
	free(row->batch);
	free(row->owed);
	free(row->refused);
	memset(row, 0, sizeof *row);
}

int nw_store_alert_done(struct nw_store *st, int64_t rowid, const char *refused, int64_t now)
{
	sqlite3_stmt *s = prep(st, S_ALERT_DONE);

	sqlite3_bind_int64(s, 1, rowid);
	sqlite3_bind_int64(s, 2, now);
	bind_text(s, 3, refused);
	return done(s);
}

int nw_store_alert_retry(struct nw_store *st, int64_t rowid, int64_t next, const char *error, const char *owed,
			 const char *refused, int64_t now)
{
	sqlite3_stmt *s = prep(st, S_ALERT_RETRY);

	sqlite3_bind_int64(s, 1, rowid);
	sqlite3_bind_int64(s, 2, next);
	bind_text(s, 3, error);
	bind_text(s, 4, owed);
	sqlite3_bind_int64(s, 5, now);
	bind_text(s, 6, refused);
	return done(s);
}

int nw_store_alert_fail(struct nw_store *st, int64_t rowid, const char *error, int keep_last, const char *refused,
			int64_t now, char **recorded)
{
	sqlite3_stmt *s = prep(st, S_ALERT_FAIL);
	int rc;

	sqlite3_bind_int64(s, 1, rowid);
	bind_text(s, 2, error);
	sqlite3_bind_int(s, 3, keep_last);
	sqlite3_bind_int64(s, 4, now);
	bind_text(s, 5, refused);
	rc = sqlite3_step(s); /* the change is made whole at the first step (RETURNING) */
	if (recorded && rc == SQLITE_ROW && !*recorded)
		*recorded = col_dup(s, 0);
	sqlite3_reset(s);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : -EIO;
}

/* ---- queries for the command line ---- */

static json_t *rows_json(struct nw_store *st, const char *sql, const char *arg, int64_t limit)
{
	json_t *arr = json_array();
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK) {
		json_decref(arr);
		return NULL;
	}
	for (int i = 1; i <= sqlite3_bind_parameter_count(s); i++) {
		const char *name = sqlite3_bind_parameter_name(s, i);
		if (name && strcmp(name, ":limit") == 0)
			sqlite3_bind_int64(s, i, limit > 0 ? limit : -1);
		else if (name && strcmp(name, ":since") == 0)
			sqlite3_bind_int64(s, i, st->since);
		else
			bind_text(s, i, arg);
	}
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		json_t *row = json_object();
		for (int c = 0; c < sqlite3_column_count(s); c++) {
			const char *name = sqlite3_column_name(s, c);
			switch (sqlite3_column_type(s, c)) {
			case SQLITE_INTEGER:
				json_object_set_new(row, name, json_integer(sqlite3_column_int64(s, c)));
				break;
			case SQLITE_FLOAT:
				json_object_set_new(row, name, json_real(sqlite3_column_double(s, c)));
				break;
			case SQLITE_NULL:
				json_object_set_new(row, name, json_null());
				break;
			default: {
				const char *t = (const char *)sqlite3_column_text(s, c);
				/* columns stored as JSON text come back as JSON */
				json_t *j = NULL;
				if (t && (t[0] == '[' || t[0] == '{') &&
				    (strcmp(name, "matched") == 0 || strcmp(name, "new_facts") == 0 || strcmp(name, "facts") == 0))
					j = json_loads(t, 0, NULL);
				if (!j && !(j = json_string(t ? t : "")) && t) {
					/* text that is not UTF-8 (stored by an older build): shown with
					 * U+FFFD, not left out of the row */
					int changed;
					size_t fl;
					char *fixed = nw_utf8_repair(t, strlen(t), &fl, &changed);
					j = fixed ? json_string(fixed) : NULL;
					free(fixed);
				}
				json_object_set_new(row, name, j ? j : json_null());
			}
			}
		}
		json_array_append_new(arr, row);
	}
	/* a store that is damaged, or busy past the wait, is an error, not fewer rows */
	if (rc != SQLITE_DONE) {
		json_decref(arr);
		arr = NULL;
	}
	sqlite3_finalize(s);
	return arr;
}

void nw_store_set_since(struct nw_store *st, int64_t since)
{
	st->since = since;
}

void nw_store_set_rfc3339(struct nw_store *st, int on)
{
	st->rfc3339 = on;
}

int nw_store_health(struct nw_store *st, int64_t now, int64_t *feeds, int64_t *due, int64_t *failing,
		    int64_t *queued)
{
	sqlite3_stmt *s;
	int r = -EIO;

	if (sqlite3_prepare_v2(st->db, "SELECT count(*), coalesce(sum(failures > 0), 0), "
				       "coalesce(sum(next_poll IS NULL OR next_poll <= ?1), 0), "
				       "(SELECT count(*) FROM alerts INDEXED BY alerts_waiting WHERE state = 'queued') "
				       "FROM feeds WHERE configured",
			       -1, &s, NULL) != SQLITE_OK)
		return -EIO;
	sqlite3_bind_int64(s, 1, now);
	if (sqlite3_step(s) == SQLITE_ROW) {
		*feeds = sqlite3_column_int64(s, 0);
		*failing = sqlite3_column_int64(s, 1);
		*due = sqlite3_column_int64(s, 2);
		*queued = sqlite3_column_int64(s, 3);
		r = 0;
	}
	sqlite3_finalize(s);
	return r;
}

#define TIMELINE_SQL(number)                                                                                   \
	"SELECT " number " AS development, nw_time(d.created) AS first_report, " \
	"(SELECT f.name FROM hits h JOIN feeds f ON f.id = h.feed_id WHERE h.development_id = d.id " \
	"ORDER BY h.id LIMIT 1) AS source, d.title, " \
	"(SELECT json_group_array(x.f) FROM (SELECT DISTINCT j.value AS f FROM hits h, " \
	"json_each(h.new_facts) j WHERE h.development_id = d.id AND h.verdict != 'known' " \
	"ORDER BY h.id) x) AS facts, " \
	"(SELECT count(*) FROM hits h WHERE h.development_id = d.id) AS reports, " \
	"(SELECT count(DISTINCT h.feed_id) FROM hits h WHERE h.development_id = d.id) AS outlets, " \
	"(SELECT group_concat(l, ',') FROM (SELECT DISTINCT h.lang AS l FROM hits h " \
	"WHERE h.development_id = d.id AND h.lang IS NOT NULL ORDER BY h.lang)) AS languages, " \
	"(SELECT count(*) FROM hits h WHERE h.development_id = d.id AND h.verdict = 'update') AS updates, " \
	"a.link FROM developments d JOIN stories s ON s.id = d.story_id " \
	"LEFT JOIN articles a ON a.id = d.first_article WHERE s.name = ?1 ORDER BY d.created, d.id"

#define HITS_SQL(number)                                                                                       \
	"SELECT h.id, s.name AS story, h.verdict, " \
	number " AS development, " \
	"nw_time(h.created) AS seen, a.title, a.link, h.matched " \
	"FROM hits h JOIN stories s ON s.id = h.story_id JOIN articles a ON a.id = h.article_id " \
	"WHERE (?1 IS NULL OR s.name = ?1) AND h.created >= :since ORDER BY h.id DESC LIMIT :limit"

#define STATUS_REST                                                                                            \
	" (SELECT count(*) FROM articles) AS items,"                                                           \
	" (SELECT count(*) FROM articles WHERE duplicate_of IS NOT NULL) AS duplicates,"                        \
	" (SELECT count(*) FROM stories) AS stories,"                                                          \
	" (SELECT count(*) FROM hits) AS hits,"                                                                \
	" (SELECT count(*) FROM developments) AS developments,"                                                \
	" (SELECT count(*) FROM alerts WHERE state = 'queued') AS alerts_queued,"                              \
	" (SELECT count(*) FROM alerts WHERE state = 'sent') AS alerts_sent,"                                  \
	" (SELECT count(*) FROM alerts WHERE state = 'failed') AS alerts_failed"

json_t *nw_store_status(struct nw_store *st)
{
	/* the feeds the daemon's conf has (a store of before 12 counts all) */
	json_t *rows = rows_json(st, st->schema >= 12 ?
		"SELECT (SELECT count(*) FROM feeds WHERE configured) AS feeds,"
		" (SELECT count(*) FROM feeds WHERE failures > 0 AND configured) AS feeds_failing," STATUS_REST :
		"SELECT (SELECT count(*) FROM feeds) AS feeds,"
		" (SELECT count(*) FROM feeds WHERE failures > 0) AS feeds_failing," STATUS_REST, NULL, 0);
	json_t *obj = rows ? json_incref(json_array_get(rows, 0)) : NULL;

	json_decref(rows);
	return obj;
}
#define SEARCH_RECENT "5000"

/* why: without the feed's own address in front, which its column has (cut at 60 columns in a
 * table, the reason was lost behind it); status: null when no server answered (a connection
 * refused, a command's feed), not 0 */
#define FEEDS_SQL(where)                                                                                       \
	"SELECT name, CASE WHEN failures > 0 THEN 'failing' WHEN warning IS NOT NULL "                         \
	"THEN 'degraded' ELSE 'ok' END AS health, nw_url_shown(url) AS url, nullif(last_status, 0) AS status, failures, "  \
	"nw_time(last_fetch) AS last_fetch, nw_time(next_poll) AS next_poll, "      \
	"(SELECT count(*) FROM sightings WHERE feed_id = feeds.id) AS items, "                                 \
	"coalesce(CASE WHEN substr(last_error, 1, length(nw_url_shown(url)) + 2) = nw_url_shown(url) || ': ' "  \
	"THEN substr(last_error, length(nw_url_shown(url)) + 3) ELSE last_error END, warning) AS why, "         \
	"nw_url_shown(moved_to) AS moved_to FROM feeds " where " ORDER BY name"

/* The command line's queries, by name. */
static const struct {
	const char *what, *sql;
} queries[] = {
	{ "story", "SELECT name FROM stories WHERE name = ?1" },
	/* the feeds of the daemon's conf; a store of before 12 knows only all it ever had */
	{ "feeds", FEEDS_SQL("WHERE configured") },
	{ "feeds@11", FEEDS_SQL("") },
	{ "stories", "SELECT s.name AS story, (SELECT count(*) FROM hits WHERE story_id = s.id) AS hits, "
		     "(SELECT count(*) FROM developments WHERE story_id = s.id) AS developments, "
		     "(SELECT nw_time(max(created)) FROM hits WHERE story_id = s.id) AS last_hit "
		     "FROM stories s ORDER BY s.name" },
	{ "timeline", TIMELINE_SQL("d.number") },
	{ "timeline@13", TIMELINE_SQL("d.id") }, /* a store of before 14: the row's id */
	{ "hits", HITS_SQL("(SELECT number FROM developments WHERE id = h.development_id)") },
	{ "hits@13", HITS_SQL("h.development_id") },
	/* the best matches among the newest SEARCH_RECENT: ranking every match of a common word
	 * (540,000 in a store of 1.6 M articles) took 1.2 s, these 0.18 s */
	/* published: the article's own date, null when it gives none (its first sighting is no
	 * publication date) */
	{ "search", "SELECT a.id, nw_time(a.published) AS published, "
		    "a.title, a.link FROM (SELECT rowid, rank FROM articles_fts WHERE articles_fts MATCH ?1 "
		    "ORDER BY rowid DESC LIMIT " SEARCH_RECENT ") f JOIN articles a ON a.id = f.rowid "
		    "ORDER BY f.rank LIMIT :limit" },
	{ "alerts", "SELECT alert_id AS id, channel, story, state, attempts, "
		    "nw_time(created) AS created, nw_time(sent_at) AS sent, "
		    "last_error AS error FROM alerts WHERE ?1 IS NULL OR state = ?1 ORDER BY alerts.id DESC LIMIT :limit" },
};

/* the query named what, as this store's schema has it */
static const char *query_for(const struct nw_store *st, const char *what)
{
	if (strcmp(what, "feeds") == 0 && st->schema < 12)
		return "feeds@11";
	if (st->schema < 14)
		return strcmp(what, "timeline") == 0 ? "timeline@13" : strcmp(what, "hits") == 0 ? "hits@13" : what;
	return what;
}

json_t *nw_store_query(struct nw_store *st, const char *what, const char *arg, int64_t limit)
{
	what = query_for(st, what);
	for (size_t i = 0; i < sizeof queries / sizeof *queries; i++) {
		if (strcmp(queries[i].what, what) != 0)
			continue;
		if (strcmp(what, "search") == 0) { /* the words as an FTS5 query */
			char *fq = fts_query(arg ? arg : "");
			json_t *r = fq && *fq ? rows_json(st, queries[i].sql, fq, limit) : json_array();
			free(fq);
			return r;
		}
		return rows_json(st, queries[i].sql, arg, limit);
	}
	return NULL;
}

int nw_store_search_has_words(const char *words)
{
	char *fq = fts_query(words ? words : "");
	int r = fq ? *fq != '\0' : -ENOMEM;

	free(fq);
	return r;
}

json_t *nw_store_query_columns(struct nw_store *st, const char *what)
{
	what = query_for(st, what);
	for (size_t i = 0; i < sizeof queries / sizeof *queries; i++) {
		sqlite3_stmt *s;
		json_t *names;
		if (strcmp(queries[i].what, what) != 0)
			continue;
		if (sqlite3_prepare_v2(st->db, queries[i].sql, -1, &s, NULL) != SQLITE_OK)
			return NULL;
		names = json_array();
		for (int c = 0; c < sqlite3_column_count(s); c++)
			json_array_append_new(names, json_string(sqlite3_column_name(s, c)));
		sqlite3_finalize(s);
		return names;
	}
	return NULL;
}
