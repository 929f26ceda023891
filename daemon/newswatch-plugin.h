/* newswatch-plugin.h — the one header a newswatch plugin includes: the ABI between the
 * daemon and its source plugins (bytes -> items) and notifier plugins (alert -> delivery).
 * A plugin exports exactly one symbol, `nw_plugin`, whose `abi` is checked before anything
 * else in it is touched. */
#ifndef NEWSWATCH_PLUGIN_H
#define NEWSWATCH_PLUGIN_H

#include <stddef.h>
#include <stdint.h>

/* Any change to a struct shared with plugins bumps it: the loader takes only its own number.
 * 4: struct nw_send's held (how much of a digest a message shows). 5: struct nw_doc's
 * budget, used and full (how much item text a document may make). 6: struct nw_input's
 * fetched (when, for dates written as how long ago). */
#define NW_PLUGIN_ABI 6

/* ---- typed options: one table drives parsing, defaults, validation and docs ---- */

enum nw_opt_type {
	NW_OPT_STRING,   /* char *                                                 */
	NW_OPT_INT,      /* int64_t, bounds min..max                               */
	NW_OPT_BOOL,     /* int: yes/no, true/false, on/off, 1/0                   */
	NW_OPT_DURATION, /* int64_t milliseconds: "90", "90s", "15m", "2h", "1d"   */
	NW_OPT_SIZE,     /* int64_t bytes: "512", "64k", "10M", "1G"               */
	NW_OPT_ENUM,     /* int: index into choices                                */
	NW_OPT_LIST,     /* struct nw_strlist: comma-separated, repeated keys append */
	NW_OPT_KEYED,    /* struct nw_kvlist: "prefix.KEY = value" lines, in order  */
	NW_OPT_SECRET_FILE, /* char *: the conf names a file; the context gets its content
			     * (trailing newline dropped). The file must not be readable by
			     * others; a relative name is looked up in $CREDENTIALS_DIRECTORY
			     * (systemd's LoadCredential=). Never echoed anywhere. */
};

#define NW_OPT_REQUIRED 0x1u
#define NW_OPT_SECRET 0x2u /* never echoed in errors or dumps */
/* An empty value (`key =`) is accepted, and means none (an XPath not wanted, no prefix).
 * Without it an empty value is refused, for strings as for every other type. */
#define NW_OPT_EMPTY_OK 0x4u
/* The core's only: a reload (SIGHUP) cannot change it, a restart must (see
 * nw_conf_keep_restart_only). */
#define NW_OPT_RESTART 0x8u
/* With NW_OPT_REQUIRED: init() copes with the option unset (NULL, an empty list) and then
 * says so itself ("item: required (...)") along with its other mistakes. Without it, init()
 * is not called while a required option is missing, and only the missing one is reported:
 * a bad XPath or time zone beside it waited for the next --check-config. */
#define NW_OPT_INIT_CHECKS 0x10u
/* A string whose value is never quoted (a path, a header's text): one written wholly in double
 * quotes is refused, not taken with its quotes. Values of the other types but lists and keyed
 * lists are always refused so (a number, a duration, a file). */
#define NW_OPT_UNQUOTED 0x20u

struct nw_option {
	const char *name;        /* for NW_OPT_KEYED the prefix, e.g. "entity." */
	enum nw_opt_type type;
	const char *def;         /* default as conf text; NULL: none */
	int64_t min, max;        /* bounds for INT/DURATION/SIZE (ms, bytes); min == max: none */
	const char *const *choices; /* NW_OPT_ENUM: NULL-terminated */
	size_t offset;           /* of the value in the context struct */
	unsigned flags;
	const char *description; /* one line; required (a test fails without) */
};

struct nw_strlist {
	char **v;
	size_t n;
};

struct nw_kv {
	char *key;   /* the part after the prefix */
	char *value;
	int line;    /* conf line, for messages */
};

struct nw_kvlist {
	struct nw_kv *v;
	size_t n;
};

/* ---- what a source plugin produces ---- */

#define NW_TIME_NONE INT64_MIN

struct nw_item {
	char *id;          /* GUID/id as published, or NULL */
	char *title;       /* plain text */
	char *link;        /* absolute */
	char *author;
	char *summary;     /* plain text */
	char *content;     /* plain text */
	char *language;
	int64_t published; /* unix seconds UTC, or NW_TIME_NONE */
	int64_t updated;
	struct nw_strlist categories;
};

struct nw_doc {
	char *title, *link, *language, *description;
	const char *format; /* static string: "rss2.0", "atom1.0", ... */
	struct nw_item *items;
	size_t nitems, cap;
	char *warning;      /* set when the document was recovered from errors: why */
	/* Set by the caller (nw_doc_budget): bytes of item text the document may make, at most;
	 * 0: no bound. Internal entities, or a feed's author, language or xml:base repeated in
	 * every item, would make a feed of a megabyte gigabytes. Past it nw_doc_add_item refuses
	 * more items (NULL) and sets full: the plugin stops adding, as at its count of items. */
	size_t budget;
	size_t used;        /* bytes of the items before the last (nw_doc_add_item) */
	int full;
	/* Set by a plugin when the document ended before it did (no end tag of its root: a
	 * connection closed early, a compressed stream cut) though its start was read: the
	 * caller keeps no validators (ETag, Last-Modified) of it, so that the next poll fetches
	 * it whole rather than hearing "not modified" of the part it has. */
	int cut;
};

struct nw_input {
	const char *data;
	size_t len;
	const char *url;          /* where it came from: base for relative links; may be NULL */
	const char *content_type; /* HTTP Content-Type (charset), or NULL */
	int64_t fetched;          /* when it was fetched (Unix seconds), which "3 hours ago" counts
				   * back from; 0: not known (a snapshot replayed), such dates not read */
};

/* ---- how a source plugin shapes its request (optional) ---- */

struct nw_request {
	const char *url;          /* the feed's url (from the conf), may be NULL for a command */
	const char *const *argv;  /* set by the plugin: run this command (no shell) instead of a
				   * transfer; argv[0] is a path; the array lives in the plugin's ctx */
	int64_t timeout;          /* ms the command may run (0: the daemon's transfer timeout) */
	int64_t max_output;       /* bytes of stdout kept at most (0: the daemon's max_size) */
};

/* ---- what a notifier plugin delivers ---- */

struct nw_alert {
	const char *id;          /* stable: the receiver's idempotency key */
	const char *story;       /* a digest: the story when all its alerts share one, else NULL */
	const char *kind;        /* "new", "update", "test", "digest" */
	int64_t development;
	const char *title, *link, *source, *published, *summary;
	const struct nw_strlist *new_facts;
	const struct nw_strlist *also_reported_by;
	const char *json;        /* the SPEC §6 JSON body (a digest: {"id", "kind": "digest",
				  * "story", "count", "alerts": [...]}) */
	const struct nw_alert *items; /* a digest: the alerts it gathers, oldest first */
	size_t nitems;
};

/* Return values of deliver(): 0 delivered, NW_RETRY try again later, NW_FAIL give up. */
#define NW_RETRY 1
#define NW_FAIL 2

/* ---- how a notifier sends: it describes the message, the daemon performs it on its loop
 * (libcurl multi or a child process), so that a slow receiver never blocks anything ---- */

enum nw_send_kind {
	NW_SEND_HTTP = 1, /* url, method, headers, body */
	NW_SEND_SMTP,     /* url smtp(s)://, mail_from, rcpt, body = the whole RFC 5322 message */
	NW_SEND_COMMAND,  /* argv (no shell), body on its standard input */
};

/* Filled by prepare(); every pointer is malloc'd and freed by the daemon (nw_send_free). */
struct nw_send {
	enum nw_send_kind kind;
	char *url;
	char *shown;               /* how to name the target in messages, without secrets
				    * (NULL: the url) */
	char *method;              /* HTTP: NULL is POST */
	struct nw_strlist headers; /* HTTP: "Name: value" */
	char *body;
	size_t body_len;
	char *ca_file;             /* trust this CA (PEM) instead of the system's */
	char *mail_from;           /* SMTP */
	struct nw_strlist rcpt;
	char *username, *password;
	int tls_optional;          /* SMTP on smtp://: go on without STARTTLS if not offered */
	struct nw_strlist argv;    /* COMMAND */
	int64_t timeout;           /* ms; 0: the daemon's transfer timeout */
	size_t held;               /* a digest: how many of its alerts, from the first, the
				    * message shows (0: all). A message with limits of its own
				    * (characters, embeds) holds whole alerts while they fit, and
				    * at least the first; the daemon then sends those alone, under
				    * an id of their own, and the rest in the next message(s). */
};

/* What came of it, judged by the daemon. Only a refusal of this one message fails it for
 * good; a refusal of the channel (its address, credentials or server) would meet every alert
 * of the channel, so it is retried with backoff until max_age, like no answer. HTTP: 2xx
 * delivered; 4xx failed for good (400, 413, 415, 422 ...) except 401, 403, 404, 407, 408,
 * 410 and 429, which are retried, as are no answer, 3xx (not followed) and 5xx (Retry-After
 * honoured); a digest refused with 413 is sent again in halves. SMTP: accepted delivered; a
 * 5xx once the server had the whole message, or a 552 (too big) before it but for a
 * recipient, refused for good; anything else retried, a 5xx to the greeting, the login, MAIL
 * FROM or the RCPT TO of every recipient (the channel's server, credentials or addresses)
 * included; a recipient refused among accepted ones is skipped (5xx), or sent the
 * mail again at the next attempt (4xx). COMMAND: exit 0 delivered,
 * else retried. */

enum nw_plugin_kind { NW_PLUGIN_SOURCE = 1, NW_PLUGIN_NOTIFIER = 2 };

struct nw_plugin {
	uint32_t abi;                    /* NW_PLUGIN_ABI */
	enum nw_plugin_kind kind;
	const char *name;
	const char *description;
	const struct nw_option *options; /* terminated by an entry with name == NULL */
	size_t ctx_size;                 /* per-instance context, options stored at their offsets */
	/* After options are set. Return 0 or -errno with a message in err that starts with the
	 * name of the option at fault ("url must be ...", "timezone: ..."): the conf error then
	 * names that option's line. May be NULL. */
	int (*init)(void *ctx, char *err, size_t errlen);
	void (*fini)(void *ctx);         /* may be NULL; option values are freed by the core */
	/* Source: turn bytes into a document. 0 ok (doc->warning set if degraded), -errno on
	 * failure with a message in err. Must not touch the network or local files. */
	int (*parse)(void *ctx, const struct nw_input *in, struct nw_doc *doc, char *err, size_t errlen);
	/* Notifier: deliver one alert right now (local and quick, e.g. log). Either this or
	 * prepare(). 0, NW_RETRY or NW_FAIL. */
	int (*deliver)(void *ctx, const struct nw_alert *alert, char *err, size_t errlen);
	/* Source, optional: shape the request before each poll (e.g. run a command: set argv).
	 * 0, or -errno with a message in err. */
	int (*request)(void *ctx, struct nw_request *req, char *err, size_t errlen);
	/* Notifier: describe how to send one alert (the daemon sends it); for a digest too long
	 * for one message, say in send->held how many of its alerts the message shows. 0, or
	 * NW_FAIL with a message in err when the alert cannot be expressed. */
	int (*prepare)(void *ctx, const struct nw_alert *alert, struct nw_send *send, char *err, size_t errlen);
};

/* ---- helpers plugins may use (daemon/doc.c, html.c, date.c: linked into each plugin) ---- */

/* NULL when memory ran out, or (doc->full set) the document's budget is spent. */
struct nw_item *nw_doc_add_item(struct nw_doc *doc);
/* The budget of a document parsed from len bytes: four times as much text, and 4 MiB (a
 * legacy encoding's text is at most twice as long in UTF-8; entities a little more). */
size_t nw_doc_budget(size_t len);
/* The caller's, after a parse: a document whose budget was spent says so in its warning, the
 * warning is made printable (it may quote the feed: a version, an encoding label), and a link
 * that is not http(s) is dropped (javascript:, data:), and so is one still relative when the
 * document had an address to resolve it against (base; NULL: none). */
void nw_doc_finish(struct nw_doc *doc, const char *base);
/* s made one line of text, in place: new lines, U+2028, U+2029 and tabs become spaces, other control
 * characters (C0, DEL, C1) '?', and so does a bidi embedding, override or isolate (U+202A-E,
 * U+2066-9: s may get shorter). What a feed or a server wrote (an encoding label, a title)
 * must not start a line of the log (under systemd, "<0>" there is an emergency of the
 * journal), drive a terminal (ESC, BEL) or show the rest of a line reversed. Every log
 * message goes through it, and so do the cells of newswatch's tables. */
void nw_printable(char *s);
void nw_doc_free(struct nw_doc *doc);
void nw_item_free(struct nw_item *item);
int nw_strlist_add(struct nw_strlist *l, const char *s);
void nw_strlist_free(struct nw_strlist *l);

/* HTML (or XHTML fragment) to plain text: markup stripped, script/style dropped, entities
 * decoded, white space collapsed. Returns malloc'd text (never NULL on success). */
char *nw_html_to_text(const char *html, size_t len);
/* Whether an HTML element (its name, in any case) holds no text a reader sees (script,
 * style, head, a ruby's reading...), and whether it parts words (a block, a cell, br, img,
 * a button...), as nw_html_to_text reads them: for a plugin that walks a page's tree. */
int nw_html_element_hidden(const char *name);
int nw_html_element_breaks(const char *name);
/* Whether a title is HTML (as feedparser decides): a closing tag or an entity reference in
 * it, and every tag and entity one of HTML's. "C++ <iostream> tips", "x<y and a>b" and
 * "<Exclusive> Altman returns" are text, whose '<' must not be taken for a tag. */
int nw_looks_like_html(const char *s);
/* The code point of HTML's named character reference `name` (without '&' and ';'): HTML4's
 * and HTML5's (&NewLine;, &colon;, &bullet;), those of one code point; 0 if none. */
uint32_t nw_html_entity(const char *name);
/* Collapse runs of white space to one space and trim; returns malloc'd text. */
char *nw_collapse_ws(const char *s, size_t len);
/* Parse RFC 822/1123, RFC 3339/W3CDTF and common variants; NW_TIME_NONE if not a date. */
int64_t nw_date_parse(const char *s);
/* The same, but a time that names no zone ("2026-11-24 10:00:00") is at `minutes` east of UTC
 * (the feed's own time: 540 for a Korean or Japanese one) rather than UTC; a day alone
 * ("2026-11-24") is that day, as nw_date_parse reads it. */
int64_t nw_date_parse_local(const char *s, int minutes);
/* Format unix seconds as RFC 3339 UTC ("2023-11-20T07:53:00Z") into buf (>= 21 bytes). */
void nw_date_format(int64_t t, char *buf, size_t len);
/* A host (n bytes at host) written in Unicode or percent-encoded (https://한국.kr,
 * https://%ED%95%9C%EA%B5%AD.kr) in the ASCII form a browser asks DNS for (https://xn--3e0b707e.kr): libidn2's UTS #46
 * mapping (NFKC, lower case, the ideographic full stops as '.', full-width letters) and
 * Punycode for each label of non-ASCII. malloc'd; NULL when it is not such a host (left as
 * written then: a '/', a space, invalid UTF-8, a label longer than 63 bytes), or out of
 * memory. */
char *nw_host_ascii(const char *host, size_t n);
/* Resolve ref against base (either may be NULL); malloc'd absolute URL or a copy of ref. */
char *nw_url_resolve(const char *base, const char *ref);

/* A growing text buffer: appends past max (0: no bound) are dropped; out of memory sticks
 * (oom) and later appends do nothing. Start it as { 0 } or { .max = N }. */
struct nw_buf {
	char *p;
	size_t len, cap, max;
	int oom;
};
void nw_buf_add(struct nw_buf *b, const char *s, size_t n);
/* One code point (below U+110000) as UTF-8. */
void nw_buf_add_utf8(struct nw_buf *b, uint32_t cp);
/* The text (the caller frees it; "" when nothing was added), or NULL when memory ran out. */
char *nw_buf_take(struct nw_buf *b);

void nw_send_free(struct nw_send *send);
/* A command line from the conf as an argv, without a shell: split on white space, "double
 * quotes" group (\" and \\ inside them); the program (the first word) is an absolute path or
 * a name found in PATH now. *argv is NULL-terminated, one malloc'd block (free(*argv));
 * argv[0] is the program's absolute path. 0, or -errno with "command: ..." in err. */
int nw_command_argv(const char *cmd, char ***argv, size_t *argc, char *err, size_t errlen);
/* Append printf-style text to a growing malloc'd buffer (*buf, *len); -1 when out of memory
 * (the buffer is then freed and NULL). */
int nw_buf_printf(char **buf, size_t *len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Append s with &, < and > (and " when quotes) written as HTML entities. 0 or -1. */
int nw_buf_put_html(char **buf, size_t *len, const char *s, int quotes);
/* How a verdict reads in a message: "New development", "Update", "Test alert", "Digest". */
const char *nw_alert_kind_label(const char *kind);
/* The strings of l joined with ", " into out, cut to len between characters (UTF-8). */
void nw_strlist_join(const struct nw_strlist *l, char *out, size_t len);
/* snprintf, but a cut (the text longer than len) falls between characters of UTF-8 text: a
 * character cut short at the end is dropped. Returns what snprintf returns. */
int nw_snprintf_utf8(char *buf, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* How much of s (len bytes) fits in max bytes cut between characters: len when it all fits,
 * else at most max, back to the start of the character max falls in. */
size_t nw_utf8_prefix(const char *s, size_t len, size_t max);
/* Characters (code points) of UTF-8 text (NULL: 0). */
size_t nw_utf8_chars(const char *s);
/* s (NULL: ""), or when longer than max characters (code points; with bytes set, max bytes)
 * its first characters and an ellipsis, within max; never cut inside a character.
 * malloc'd; NULL when out of memory. */
char *nw_utf8_clip(const char *s, size_t max, int bytes);

/* ---- encodings (daemon/charset.c) ---- */

/* Length of the valid UTF-8 sequence at u[i], or 0 when there is none. */
size_t nw_utf8_seq(const unsigned char *u, size_t i, size_t len);
/* Length of the longest prefix of s made of valid UTF-8 sequences and no NUL byte: len when
 * all of s is valid text. */
size_t nw_utf8_span(const char *s, size_t len);
/* Whether all of s is valid UTF-8 with at least one multi-byte character: text a label
 * calls something else is UTF-8 all the same (single-byte and East Asian encodings almost
 * never form valid UTF-8). */
int nw_utf8_evident(const char *s, size_t len);
/* A copy with invalid UTF-8 replaced by U+FFFD (a truncated sequence once, as browsers do);
 * NULL with *changed = 0 when s is valid, NULL with *changed = 1 when out of memory. */
char *nw_utf8_repair(const char *s, size_t len, size_t *outlen, int *changed);
/* The charset= of an HTTP Content-Type, lower-cased, into out: 1 found, 0 none. */
int nw_http_charset(const char *content_type, char *out, size_t len);
/* The charset a page's <meta> names in its first sniff bytes (of len at d), lower-cased into
 * out: <meta charset="x">, or http-equiv's content="text/html; charset=x"), as browsers look
 * for it: "charset" followed by '=' (a keywords meta's content="news, charset, ..." names
 * none), <meta as the whole tag name, and none in a comment (a template's old <meta
 * charset="utf-8"> left in one is not the page's). One that says UTF-16 or UTF-32 is
 * "utf-8": a <meta> that could be read as ASCII is in neither (the HTML standard's prescan).
 * 1 found, 0 none. */
int nw_html_meta_charset(const char *d, size_t len, size_t sniff, char *out, size_t olen);
/* The encoding browsers read a label as (EUC-KR as CP949, Shift_JIS as CP932, GB2312 and
 * GBK as GB18030, EUC-JP as EUC-JP-MS, Big5 as Big5-HKSCS, ISO-8859-1 as windows-1252) when
 * libxml2 has it; NULL for other labels. */
const char *nw_charset_superset(const char *label);
/* s (len bytes in enc, a label read as nw_charset_superset reads it, else an iconv name)
 * as UTF-8, NUL-terminated, each byte that does not
 * decode (or a character cut at the end) one U+FFFD, as browsers read (iconv, and libxml2
 * through it, stop at the first); *bad: how many. NULL if enc is unknown, or out of memory. */
char *nw_charset_to_utf8(const char *enc, const char *s, size_t len, size_t *outlen, size_t *bad);
/* The character a numeric reference (&#N;) stands for, as HTML reads numbers: NUL,
 * surrogates and values past U+10FFFF are U+FFFD, and 0x80..0x9F are windows-1252's
 * characters, which is what a feed that writes &#146; means, not C1 controls. */
uint32_t nw_html_codepoint(uint32_t v);

#endif
