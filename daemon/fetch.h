/* fetch.h — getting a feed's bytes on the libuv loop: HTTP(S) transfers through libcurl's
 * multi interface driven by its socket and timer callbacks (a bounded pool of easy handles,
 * conditional GET, size cap), or a command's standard output (a source plugin's request). */
#ifndef NW_FETCH_H
#define NW_FETCH_H
#include <stddef.h>
#include <stdint.h>
#include <uv.h>
#include "conf.h"
#include "newswatch-plugin.h"

struct nw_fetch_req {
	const char *url;
	const char *etag, *last_modified; /* for a conditional GET; may be NULL */
	int allow_file;
	const char *const *argv;  /* instead of url: run this command (no shell), read its stdout */
	int64_t timeout;          /* ms for the command (0: the daemon's timeout) */
	int64_t max_output;       /* bytes of its stdout at most (0: the daemon's max_size) */
	const struct nw_send *send; /* instead: send an alert (HTTP, SMTP or a command with the
				     * body on stdin); goes before queued feeds, kept alive by the
				     * caller until the callback */
	const char *label;        /* a command: whose it is ("feed NAME"), for the lines of its
				   * standard error in the log (NULL: the program's name) */
};

/* What kind of failure it was when no HTTP status says it: newswatchd warns when a feed's
 * failures change kind (an HTTP status, or one of these). Stored (feeds.fail_kind), below
 * the HTTP statuses: the values stay as they are. */
enum nw_fail_class {
	NW_FAIL_NONE,     /* a usable answer, or an HTTP status that says what was wrong */
	NW_FAIL_OTHER,    /* not started, not a file, another libcurl error */
	NW_FAIL_RESOLVE,  /* its host name not resolved */
	NW_FAIL_CONNECT,  /* the connection refused or not made */
	NW_FAIL_TIMEOUT,  /* no whole answer in time, or a command killed after its timeout */
	NW_FAIL_BROKEN,   /* the connection closed or reset before the whole answer */
	NW_FAIL_TLS,      /* the TLS handshake or the server's certificate */
	NW_FAIL_TOO_BIG,  /* the body, its headers or a command's output past its cap */
	NW_FAIL_REDIRECT, /* a redirect not followed (another scheme, too many) */
	NW_FAIL_COMMAND,  /* a command's exit status, a signal, or its output unread */
	NW_FAIL_DOCUMENT, /* (newswatchd's) a usable answer whose document could not be read */
	NW_FAIL_STORE,    /* (newswatchd's) a usable answer that could not be stored */
};

struct nw_fetch_res {
	int ok;                 /* a usable answer: 2xx with a body, or 304 */
	int not_modified;       /* 304 */
	long status;            /* HTTP status, 0 when none */
	char *data;             /* the body, NUL-terminated; owned by the result */
	size_t len;
	char *content_type, *etag, *last_modified, *effective_url;
	int64_t retry_after;    /* seconds asked for by 429/503, 0 if none */
	int transient;          /* a failure likely to pass soon: the connection refused, reset
				 * or timed out, or an HTTP 500, 502 or 504 (not 429 or 503:
				 * the server asked for less) */
	int unreachable;        /* no server answered: its name not resolved, the connection
				 * refused or not made in time (this machine's network may be down) */
	char *moved_to;         /* every redirect on the way was permanent (301/308): the new address */
	int held;               /* not asked: its host answered another feed's transfer 429 or
				 * 503 with a Retry-After that has not passed (retry_after: the
				 * seconds left; status: that answer's) */
	char error[512];        /* why it failed, naming the URL */
	int fail_class;         /* enum nw_fail_class: of a failure that has no HTTP status to
				 * say it (0: its status does) */
	int answered;           /* a sent alert got an answer (an HTTP status, an SMTP reply, an
				 * exit status), as opposed to no connection or a time-out */
	int body_read;          /* SMTP: the whole message had gone out when the answer came
				 * (a refusal is then of the message, not of the channel's login
				 * or addresses) */
	int rcpt_refused;       /* SMTP: every recipient was refused (RCPT TO) */
	unsigned char *rcpt;    /* SMTP: per recipient of the send (its rcpt.v[i]), the class of
				 * the server's reply to its RCPT TO: 2 taken, 4 refused for now,
				 * 5 refused; 0 not asked. NULL when none was asked. */
	char rcpt_why[1024];    /* SMTP: the recipients refused, with the server's replies
				 * ("b@example.org: 451 4.7.1 greylisted; ...") */
	char rcpt_gone[1024];   /* SMTP: of those, the ones refused for good (class 5), so */
};

typedef void (*nw_fetch_cb)(void *arg, struct nw_fetch_res *res);

struct nw_fetcher;
/* The limits come from dc, read now. NULL on failure. */
struct nw_fetcher *nw_fetcher_new(uv_loop_t *loop, const struct nw_daemon_conf *dc);
/* Take dc's limits again (a reload): they apply to the transfers that start from now on.
 * 0, or -ENOMEM with the old ones kept. */
int nw_fetcher_configure(struct nw_fetcher *f, const struct nw_daemon_conf *dc);
/* The hosts it keeps counts for (those of running and queued transfers, and a few hundred
 * more at most) */
size_t nw_fetcher_hosts(const struct nw_fetcher *f);
/* Start what waits, if the limits now allow (after nw_fetcher_configure, once the caller is
 * ready for the callbacks of transfers that fail to start). */
void nw_fetcher_kick(struct nw_fetcher *f);
/* Queue a transfer; cb is called exactly once, from the loop, unless start fails (-errno). */
int nw_fetch_start(struct nw_fetcher *f, const struct nw_fetch_req *req, nw_fetch_cb cb, void *arg);
/* Abort everything in flight (callbacks are not called, but for a mail the server already
 * took: its callback says it was sent, for the outbox to record it) and close the handles;
 * the fetcher is freed once they are closed. */
void nw_fetcher_close(struct nw_fetcher *f);
size_t nw_fetcher_active(const struct nw_fetcher *f);
void nw_fetch_res_free(struct nw_fetch_res *res);
#endif
