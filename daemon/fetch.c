/* fetch.c — libcurl multi on libuv (see fetch.h). curl tells us which sockets to watch
 * (socket callback -> uv_poll) and when to wake it (timer callback -> uv_timer); nothing here
 * blocks. At most max_transfers easy handles exist; further requests wait in a queue. A mail
 * goes out on a thread of its own (smtp_thread): libcurl waits for the reply to its end
 * blocking, for as long as the server takes. */
#include "config.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <curl/curl.h>
#include <uv.h>
#include "fetch.h"
#include "log.h"
#include "url.h"

struct sock_ctx {
	uv_poll_t poll;
	curl_socket_t fd;
	struct nw_fetcher *f;
	struct sock_ctx *prev, *next;
};

struct xfer {
	struct nw_fetcher *f;
	CURL *easy;
	struct curl_slist *headers;
	nw_fetch_cb cb;
	void *arg;
	char *url, *etag, *last_modified;
	char *at;                 /* where it starts over, when not at url: a move from http to
				   * https on url's host, with url's user and password (moved_on) */
	int restart;              /* it stops to start over at `at` (finish) */
	int allow_file;
	size_t cap;
	int too_big;
	int error_page; /* a feed's answer was not 2xx: its body cut at ERROR_BODY_MAX (on_write) */
	int raw;        /* asked again without decoding: a Content-Encoding libcurl does not know */
	int redirects, temporary; /* redirect responses seen; any of them not 301/308 */
	int code;                 /* the status of the response whose headers are coming in */
	int32_t wait_for;         /* a redirect's host with no room: >= 0, the transfer stops
				   * and waits in the queue for that host (finish) */
	int waits;                /* how many times it did */
	struct nw_fetch_res res;
	char errbuf[CURL_ERROR_SIZE];
	const struct nw_send *send; /* an alert going out */
	struct curl_slist *rcpt;
	size_t sent;                /* bytes of send->body read by curl (SMTP upload) */
	size_t rcpts;               /* SMTP: RCPT TO commands sent so far */
	size_t rcpt_at;             /* SMTP: the recipient (1-based) whose reply comes next, or 0 */
	char reply[512];            /* SMTP: the server's latest reply, its lines on one line */
	size_t replen;
	int reply_done;             /* its last line came (the next line starts another) */
	int quit;                   /* QUIT sent: the replies after it are not kept */
	char cmd[12];               /* SMTP: the last command sent ("MAIL FROM"), or "" before
				     * the first */
	int cmd_replied;            /* its reply came (else a failure is that it never did) */
	int32_t host;               /* a feed's: its host in f->hosts, counted while it runs;
				     * -1: an alert, or no room to count it */
	struct xfer *next; /* in the wait queue or the active list */
	/* SMTP: on its thread (smtp_thread), which alone touches the transfer until it hands
	 * it back (f->mailed) */
	uv_thread_t thread;
	int threaded;
	int abort;                  /* set by the loop (atomic): the fetcher closes */
	int accepted;               /* the thread's: the server took the message (2xx to its end) */
	CURLcode mail_code;         /* curl_easy_perform's */
	struct xfer *mailed_next;
};

/* What is kept of an answer to an alert: enough to log why it was refused. */
#define SEND_REPLY_MAX 65536
/* What is kept of a feed's error page (404, 503): enough for a reason, if it gives one. */
#define ERROR_BODY_MAX 4096

struct job;

/* A host that feeds are fetched from: how many of its transfers run (per_host at most), and
 * with spacing, the earliest moment (loop ms) the next one may start. */
struct host {
	char *name;
	uint64_t next_ok;
	uint32_t active;  /* its transfers running */
	uint32_t waiting; /* its transfers queued */
	/* a 429 or 503 with a Retry-After to one of its feeds holds them all (hold_until, loop
	 * ms): a news site's 50 feeds were asked one after another while it asked for none */
	uint64_t hold_until;
	long hold_status;
	char *hold_by;    /* the address that got that answer, as messages show it */
	int held_before;  /* a hold was said in the log (the next ones are debug messages) */
};

/* The longest a host's feeds are held by its Retry-After (newswatchd's ceiling). */
#define HOLD_MAX_S (6 * 3600)

/* A command waiting for its turn (max_transfers of them run at once). */
struct job_wait {
	char **argv;                /* a source's command: a copy (its conf may go first) */
	int64_t timeout, max_output;
	const struct nw_send *send; /* an alert command: the caller's, kept until cb */
	char *label;
	nw_fetch_cb cb;
	void *arg;
	struct job_wait *next;
};

struct nw_fetcher {
	struct job *jobs; /* commands running */
	size_t njobs;
	struct job_wait *jwait_head, *jwait_tail;
	struct job_wait *jwait_sends; /* the last alert command waiting (they go first) */
	struct host *hosts;
	uint32_t nhosts, caphosts;
	uint32_t *hslots;   /* open addressing by name: index in hosts + 1, 0 free */
	uint32_t nhslots;   /* a power of two, at least twice nhosts */
	uint32_t sweep_at;  /* hosts past which the idle ones go (sweep_hosts) */
	uint32_t per_host;  /* feed transfers running at once to one host, at most */
	size_t startable;   /* queued transfers whose host has room (alerts included): none,
			     * and no queued one can start, without a scan of the queue */
	uint64_t spacing;   /* ms between two transfers to one host; 0: none */
	uv_timer_t gap_timer;
	uv_loop_t *loop;
	CURLM *multi;
	uv_timer_t timer;
	struct sock_ctx *socks;
	struct xfer *wait_head, *wait_tail, *active_list;
	size_t active, max_active;
	CURL **pool;        /* idle easy handles, for the next transfers */
	size_t npool, poolcap;
	long timeout_ms, connect_ms, low_speed_s;
	int64_t max_size;
	char *user_agent;
	int closing, open_handles;
	/* mails whose thread is done, for the loop (on_mailed) */
	uv_async_t mail_async; /* referenced only while a mail is out (a loop run to its end
				* by its owner, as the command line's, would never end) */
	uv_mutex_t mail_mu;
	struct xfer *mailed;
	size_t mails;          /* mail threads running (the loop's count) */
	struct said *said;     /* what each command said on its standard error last time */
};

/* The standard error lines a command's last run logged (hashes), by its label: a line it says
 * again at the next run is a debug message, not the same warning at every poll for ever (a
 * script's DeprecationWarning, 144 times a day at 10 minutes). */
#define ERR_LINES_MAX 20 /* a command's standard error lines logged per run, at most */
struct said {
	char *label;
	uint32_t last[ERR_LINES_MAX], now[ERR_LINES_MAX];
	size_t nlast, nnow;
	struct said *next;
};

static void check_done(struct nw_fetcher *f);
static void pump(struct nw_fetcher *f);
static void ended(struct nw_fetcher *f, struct xfer *x);
static int redirect_to(struct xfer *x, const char *value, size_t len);
static void wait_again(struct nw_fetcher *f, struct xfer *x);

/* A transfer's easy handle, done with: reset (no option may point at the transfer, which
 * goes next) and kept for the next one, unless max_transfers was lowered meanwhile. */
static void give_back(struct nw_fetcher *f, CURL *e)
{
	curl_easy_reset(e);
	if (f->npool < f->poolcap)
		f->pool[f->npool++] = e;
	else
		curl_easy_cleanup(e);
}

static void release(struct nw_fetcher *f)
{
	if (--f->open_handles > 0)
		return;
	free(f->pool);
	free(f->user_agent);
	while (f->said) {
		struct said *n = f->said->next;
		free(f->said->label);
		free(f->said);
		f->said = n;
	}
	for (uint32_t i = 0; i < f->nhosts; i++) {
		free(f->hosts[i].name);
		free(f->hosts[i].hold_by);
	}
	free(f->hosts);
	free(f->hslots);
	free(f);
}

static void on_handle_closed(uv_handle_t *h)
{
	struct nw_fetcher *f = h->data;

	if ((void *)h == (void *)&f->mail_async)
		uv_mutex_destroy(&f->mail_mu);
	else if ((void *)h != (void *)&f->timer && (void *)h != (void *)&f->gap_timer)
		free(h); /* a sock_ctx: the poll handle is its first member */
	release(f);
}

static void sock_close(struct sock_ctx *s)
{
	struct nw_fetcher *f = s->f;

	if (s->prev)
		s->prev->next = s->next;
	else
		f->socks = s->next;
	if (s->next)
		s->next->prev = s->prev;
	uv_poll_stop(&s->poll);
	s->poll.data = f;
	uv_close((uv_handle_t *)&s->poll, on_handle_closed);
}

static void on_poll(uv_poll_t *h, int status, int events)
{
	struct sock_ctx *s = (struct sock_ctx *)h;
	struct nw_fetcher *f = s->f;
	int flags = 0, running;

	/* an error on the socket (libuv stops the handle and gives no events): libcurl is told
	 * it may read and write, and finds the error itself. Told only CURL_CSELECT_ERR, it
	 * failed the transfer with "select/poll returned error" without reading the socket, so
	 * a kept-alive connection the server had closed was never retried on a fresh one, as
	 * libcurl does when it reads the reset */
	if (status < 0)
		flags = CURL_CSELECT_IN | CURL_CSELECT_OUT;
	if (events & UV_READABLE)
		flags |= CURL_CSELECT_IN;
	if (events & UV_WRITABLE)
		flags |= CURL_CSELECT_OUT;
	curl_multi_socket_action(f->multi, s->fd, flags, &running);
	check_done(f);
}

static int on_socket(CURL *easy, curl_socket_t fd, int what, void *userp, void *socketp)
{
	struct nw_fetcher *f = userp;
	struct sock_ctx *s = socketp;
	int events = 0;

	(void)easy;
	if (what == CURL_POLL_REMOVE) {
		if (s) {
			curl_multi_assign(f->multi, fd, NULL);
			sock_close(s);
		}
		return 0;
	}
	if (!s) {
		s = calloc(1, sizeof *s);
		if (!s)
			return -1;
		if (uv_poll_init_socket(f->loop, &s->poll, fd) != 0) {
			free(s);
			return -1;
		}
		f->open_handles++;
		s->fd = fd;
		s->f = f;
		s->next = f->socks;
		if (f->socks)
			f->socks->prev = s;
		f->socks = s;
		curl_multi_assign(f->multi, fd, s);
	}
	if (what == CURL_POLL_IN || what == CURL_POLL_INOUT)
		events |= UV_READABLE;
	if (what == CURL_POLL_OUT || what == CURL_POLL_INOUT)
		events |= UV_WRITABLE;
	uv_poll_start(&s->poll, events, on_poll);
	return 0;
}

static void on_timer(uv_timer_t *t)
{
	struct nw_fetcher *f = t->data;
	int running;

	curl_multi_socket_action(f->multi, CURL_SOCKET_TIMEOUT, 0, &running);
	check_done(f);
}

static int on_curl_timer(CURLM *multi, long timeout_ms, void *userp)
{
	struct nw_fetcher *f = userp;

	(void)multi;
	if (timeout_ms < 0)
		uv_timer_stop(&f->timer);
	else
		uv_timer_start(&f->timer, on_timer, (uint64_t)timeout_ms, 0);
	return 0;
}

static size_t on_write(char *ptr, size_t size, size_t nmemb, void *userp)
{
	struct xfer *x = userp;
	size_t all = size * nmemb, n = all;

	if (x->send && x->res.len + n > SEND_REPLY_MAX) {
		if (x->res.len >= SEND_REPLY_MAX)
			return all; /* the rest of a long reply is not kept */
		n = SEND_REPLY_MAX - x->res.len;
	}
	if (!x->send && !x->error_page) {
		long code = 0;
		/* an error page (404, 503): its status is the answer, not a body to read up to
		 * max_size (a 20 MB 404 was "body larger than max_size", its status hidden) */
		if (curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &code) == CURLE_OK && code >= 300)
			x->error_page = 1;
	}
	if (x->error_page) {
		if (x->res.len + n > ERROR_BODY_MAX)
			return 0; /* the transfer ends here: finish() takes it as the status says */
	}
	/* CURLOPT_MAXFILESIZE does not stop a decompressing transfer: count here. */
	else if (!x->send && (int64_t)(x->res.len + n) > x->f->max_size) {
		x->too_big = 1;
		return 0;
	}
	if (x->res.len + n + 1 > x->cap) {
		size_t ncap = x->cap ? x->cap : 16384;
		curl_off_t announced = -1;
		char *nd;
		/* the size the server announces, when it is believable, at once: growing by
		 * doubling copied the body over and over and faulted in fresh pages each time */
		if (!x->cap && !x->send &&
		    curl_easy_getinfo(x->easy, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &announced) == CURLE_OK &&
		    announced > (curl_off_t)ncap && announced <= (curl_off_t)x->f->max_size)
			ncap = (size_t)announced + 1;
		while (ncap < x->res.len + n + 1)
			ncap *= 2;
		nd = realloc(x->res.data, ncap);
		if (!nd)
			return 0;
		x->res.data = nd;
		x->cap = ncap;
	}
	memcpy(x->res.data + x->res.len, ptr, n);
	x->res.len += n;
	x->res.data[x->res.len] = '\0';
	return all;
}

/* SMTP: curl reads the message to upload from here. */
static size_t on_read(char *buf, size_t size, size_t nitems, void *userp)
{
	struct xfer *x = userp;
	size_t n = size * nitems, left = x->send->body_len - x->sent;

	if (n > left)
		n = left;
	memcpy(buf, x->send->body + x->sent, n);
	x->sent += n;
	return n;
}

/* SMTP: with CURLOPT_VERBOSE, libcurl shows a debug function each command it sends
 * (CURLINFO_HEADER_OUT) and each line of the server's replies (CURLINFO_HEADER_IN). From them:
 * the reply to each recipient's RCPT TO (libcurl asks for the recipients one by one, in the
 * order of the list: the n-th RCPT TO is the n-th recipient), and the server's last reply,
 * which says why it refused (libcurl's error says only "RCPT failed: 451"). */
/* The commands a reply may be owed to, as sent and as told (never with their arguments:
 * AUTH's carry the password, and so may a line of it written in parts). QUIT is not among
 * them: libcurl sends it on the way out, after what failed. */
static const char *const smtp_verbs[][2] = {
	{ "EHLO", "EHLO" },      { "HELO", "HELO" },       { "STARTTLS", "STARTTLS" }, { "AUTH", "AUTH" },
	{ "MAIL", "MAIL FROM" }, { "RCPT", "RCPT TO" }, { "DATA", "DATA" },         { "RSET", "RSET" },
};

static int on_smtp_debug(CURL *e, curl_infotype type, char *data, size_t n, void *userp)
{
	struct xfer *x = userp;
	size_t nrcpt = x->send->rcpt.n;
	int last;

	(void)e;
	if (type == CURLINFO_HEADER_OUT) {
		/* (a command written in parts is shown its first part alone: "RCPT" suffices) */
		x->rcpt_at = n >= 4 && strncasecmp(data, "RCPT", 4) == 0 ? ++x->rcpts : 0;
		x->quit = n >= 4 && strncasecmp(data, "QUIT", 4) == 0; /* its "221 Bye" says nothing */
		for (size_t i = 0; !x->quit && i < sizeof smtp_verbs / sizeof *smtp_verbs; i++)
			if (n >= strlen(smtp_verbs[i][0]) && strncasecmp(data, smtp_verbs[i][0], strlen(smtp_verbs[i][0])) == 0) {
				snprintf(x->cmd, sizeof x->cmd, "%s", smtp_verbs[i][1]);
				x->cmd_replied = 0;
			}
		return 0;
	}
	if (type != CURLINFO_HEADER_IN || x->quit)
		return 0;
	while (n && (data[n - 1] == '\n' || data[n - 1] == '\r'))
		n--;
	if (n < 3)
		return 0;
	if (x->reply_done)
		x->replen = 0;
	else if (x->replen && x->replen + 2 < sizeof x->reply)
		x->reply[x->replen++] = ' '; /* a reply's lines on one line */
	for (size_t i = 0; i < n && x->replen + 2 < sizeof x->reply; i++) {
		unsigned char c = (unsigned char)data[i];
		x->reply[x->replen++] = c < 0x20 || c == 0x7f ? ' ' : (char)c;
	}
	x->reply[x->replen] = '\0';
	last = n == 3 || data[3] != '-'; /* "250-..." goes on; "250 ..." is the reply's last line */
	x->reply_done = last;
	x->cmd_replied |= last;
	/* the reply to the message's end (the only one after all of it was read, QUIT's aside):
	 * delivered, whatever comes of QUIT */
	if (last && data[0] == '2' && x->send->body_len && x->sent >= x->send->body_len)
		x->accepted = 1;
	if (last && x->rcpt_at > 0 && x->rcpt_at <= nrcpt) {
		/* 2 taken, 4 "later"; and 552 at RCPT TO is "later" too (RFC 5321 4.5.3.1.10: a
		 * full mailbox, too many recipients), as judge() has it */
		int cls = data[0] == '2' || data[0] == '4' ? data[0] - '0' : strncmp(data, "552", 3) == 0 ? 4 : 5;
		if (!x->res.rcpt)
			x->res.rcpt = calloc(nrcpt, 1);
		if (x->res.rcpt)
			x->res.rcpt[x->rcpt_at - 1] = (unsigned char)cls;
		if (cls != 2) { /* each reply cut at 100 bytes: every recipient is named */
			size_t o = strlen(x->res.rcpt_why);
			snprintf(x->res.rcpt_why + o, sizeof x->res.rcpt_why - o, "%s%s: %.100s", o ? "; " : "",
				 x->send->rcpt.v[x->rcpt_at - 1], x->reply);
		}
		if (cls == 5) {
			size_t o = strlen(x->res.rcpt_gone);
			snprintf(x->res.rcpt_gone + o, sizeof x->res.rcpt_gone - o, "%s%s: %.100s", o ? "; " : "",
				 x->send->rcpt.v[x->rcpt_at - 1], x->reply);
		}
		x->rcpt_at = 0;
	}
	return 0;
}

/* Only white space in s[0..n) (a header's value: not NUL-terminated) */
static int blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strchr(" \t\r\n", s[i]) || !s[i])
			return 0;
	return 1;
}

/* Status lines of every response on the way, to tell a permanent move from a temporary one.
 * A redirect counts with its Location: a 302 without one sent the transfer nowhere (it was
 * said as "redirected to" the feed's own address). */
static size_t on_header(char *buf, size_t size, size_t nitems, void *userp)
{
	struct xfer *x = userp;
	size_t n = size * nitems;

	if (n > 12 && memcmp(buf, "HTTP/", 5) == 0) {
		const char *sp = memchr(buf, ' ', n);
		int code = sp ? atoi(sp + 1) : 0;
		x->code = code == 301 || code == 302 || code == 303 || code == 307 || code == 308 ? code : 0;
	} else if (x->code && n > 9 && strncasecmp(buf, "Location:", 9) == 0 && !blank(buf + 9, n - 9)) {
		x->redirects++;
		x->temporary |= x->code != 301 && x->code != 308;
		x->code = 0; /* one Location a response */
		if (redirect_to(x, buf + 9, n - 9))
			return 0; /* stopped here: it waits for room on the host it is sent to */
	}
	return n;
}

/* A Last-Modified later than now (a server's clock ahead, a file dated in the future) is no
 * validator: sent back as If-Modified-Since, a server that compares dates answers 304 until
 * that date comes, and the feed is silent. Five minutes of skew are allowed. */
#define LAST_MODIFIED_SKEW_S 300

static int future_date(const char *http_date)
{
	time_t t = curl_getdate(http_date, NULL);

	return t != -1 && t > time(NULL) + LAST_MODIFIED_SKEW_S;
}

static char *header_value(CURL *easy, const char *name)
{
	struct curl_header *h;

	if (curl_easy_header(easy, name, 0, CURLH_HEADER, -1, &h) == CURLHE_OK && h->value)
		return strdup(h->value);
	return NULL;
}

/* An answer's Age (RFC 9111 5.1): the seconds a cache has kept it; 0 when there is none or
 * it is not a number of seconds. */
static long long cached_age(CURL *easy)
{
	char *v = header_value(easy, "Age"), *end;
	long long age = v ? strtoll(v, &end, 10) : 0;

	if (v && (end == v || end[strspn(end, " \t")] || age < 0))
		age = 0;
	free(v);
	return age;
}

static int same_part(CURLU *a, CURLU *b, CURLUPart part)
{
	char *pa = NULL, *pb = NULL;
	int same = curl_url_get(a, part, &pa, CURLU_DEFAULT_PORT) == CURLUE_OK &&
		   curl_url_get(b, part, &pb, CURLU_DEFAULT_PORT) == CURLUE_OK && strcasecmp(pa, pb) == 0;

	curl_free(pa);
	curl_free(pb);
	return same;
}

static int scheme_is(CURLU *u, const char *scheme)
{
	char *s = NULL;
	int is = curl_url_get(u, CURLUPART_SCHEME, &s, 0) == CURLUE_OK && strcasecmp(s, scheme) == 0;

	curl_free(s);
	return is;
}

/* Whether the user and password of an address go on to the one it sends a transfer to: the
 * same scheme, host and port (libcurl sends them on to no other), or the same host from http
 * to https — a site that moved to https wants them there too (they went in the clear to
 * that host already), and without them each poll was answered 401. */
static int login_goes_on(CURLU *from, CURLU *to)
{
	return same_part(from, to, CURLUPART_HOST) &&
	       ((same_part(from, to, CURLUPART_SCHEME) && same_part(from, to, CURLUPART_PORT)) ||
		(scheme_is(from, "http") && scheme_is(to, "https")));
}

/* `to` (malloc'd) with the user and password of `asked`, when that has them, `to` has none
 * and they go on to it (login_goes_on); NULL otherwise. */
static char *with_login(const char *asked, const char *to)
{
	CURLU *a = curl_url(), *e = curl_url();
	char *out = NULL, *user = NULL, *pass = NULL, *eu = NULL;
	int ok = a && e && curl_url_set(a, CURLUPART_URL, asked, 0) == CURLUE_OK &&
		 curl_url_set(e, CURLUPART_URL, to, 0) == CURLUE_OK &&
		 curl_url_get(a, CURLUPART_USER, &user, 0) == CURLUE_OK &&
		 curl_url_get(e, CURLUPART_USER, &eu, 0) == CURLUE_NO_USER && login_goes_on(a, e);

	if (ok && curl_url_set(e, CURLUPART_USER, user, 0) == CURLUE_OK &&
	    (curl_url_get(a, CURLUPART_PASSWORD, &pass, 0) != CURLUE_OK ||
	     curl_url_set(e, CURLUPART_PASSWORD, pass, 0) == CURLUE_OK)) {
		char *u = NULL;
		if (curl_url_get(e, CURLUPART_URL, &u, 0) == CURLUE_OK)
			out = strdup(u);
		curl_free(u);
	}
	curl_free(user);
	curl_free(pass);
	curl_free(eu);
	curl_url_cleanup(a);
	curl_url_cleanup(e);
	return out;
}

/* The address (malloc'd) a feed's transfer starts over at, with its user and password, when
 * a redirect takes it from http to https on its own host: libcurl does not send them on
 * across the change of scheme. Only while the transfer is still where libcurl sends them
 * (at has the scheme, host and port of asked): once a redirect took it to another host, or
 * port, they go no further from there. NULL when it goes on as it is. */
static char *https_move(const char *asked, const char *at, const char *to)
{
	CURLU *a = curl_url(), *h = curl_url(), *t = curl_url();
	int move = a && h && t && curl_url_set(a, CURLUPART_URL, asked, 0) == CURLUE_OK &&
		   curl_url_set(h, CURLUPART_URL, at, 0) == CURLUE_OK &&
		   curl_url_set(t, CURLUPART_URL, to, 0) == CURLUE_OK && scheme_is(a, "http") && scheme_is(t, "https") &&
		   same_part(a, h, CURLUPART_SCHEME) && same_part(a, h, CURLUPART_HOST) && same_part(a, h, CURLUPART_PORT);

	curl_url_cleanup(a);
	curl_url_cleanup(h);
	curl_url_cleanup(t);
	return move ? with_login(asked, to) : NULL;
}

/* Where a feed moved for good, as it is to be asked for from now on: with the user and
 * password of the address asked when they went on to the new one (login_goes_on), since it
 * needs them there. malloc'd, or NULL. */
static char *moved_url(const char *asked, const char *effective)
{
	char *out = with_login(asked, effective);

	return out ? out : strdup(effective);
}

static void xfer_free(struct xfer *x)
{
	curl_slist_free_all(x->headers);
	curl_slist_free_all(x->rcpt);
	free(x->url);
	free(x->at);
	free(x->etag);
	free(x->last_modified);
	nw_fetch_res_free(&x->res);
	free(x);
}

void nw_fetch_res_free(struct nw_fetch_res *res)
{
	free(res->data);
	free(res->rcpt);
	free(res->content_type);
	free(res->etag);
	free(res->last_modified);
	free(res->effective_url);
	free(res->moved_to);
	memset(res, 0, sizeof *res);
}

/* Whether a transfer that started at `start` sent its user and password on to `at`, where
 * it ended: libcurl sends them on a redirect to the scheme, host and port it started at only
 * (a move to https on its host starts over there: https_move). */
static int login_sent_to(const char *start, const char *at)
{
	CURLU *a = curl_url(), *b = curl_url();
	int sent = a && b && curl_url_set(a, CURLUPART_URL, start, 0) == CURLUE_OK &&
		   curl_url_set(b, CURLUPART_URL, at, 0) == CURLUE_OK && same_part(a, b, CURLUPART_SCHEME) &&
		   same_part(a, b, CURLUPART_HOST) && same_part(a, b, CURLUPART_PORT);

	curl_url_cleanup(a);
	curl_url_cleanup(b);
	return sent;
}

/* What a feed's answer that stays the same for months means, and what to do about it: a bare
 * "HTTP 410" in `newswatch feeds` and the log did not say the feed was gone for good. url:
 * the feed's address; start: where the transfer started (url, or its https_move); effective:
 * the address that answered, after redirects. */
static const char *status_says(long status, const char *url, const char *start, int redirects, const char *effective)
{
	const char *at = strstr(url, "://"), *end;
	int login, elsewhere = redirects && effective && !login_sent_to(start, effective);

	at = at ? at + 3 : url;
	end = at + strcspn(at, "/?#");
	login = memchr(at, '@', (size_t)(end - at)) != NULL;
	switch (status) {
	case 401:
		/* a redirect to another host or port: those of the url, if any, did not go there */
		if (elsewhere && login)
			return ": the server there wants a user name and password, and those in the url are not sent on "
			       "to another host or port: give the address it was redirected to as the url, with them";
		if (elsewhere)
			return ": the server there wants a user name and password: give the address it was redirected "
			       "to as the url, with user:password@ (a login is not sent on to another host or port)";
		if (login)
			return ": the user name or password in the url is refused";
		return ": the server wants a user name and password (user:password@ in the url)";
	case 403:
		return ": the server refuses it (a login wanted, or this client's address or User-Agent blocked)";
	case 404:
		if (redirects) /* (it did not move "without a redirect") */
			return ": no feed at the address it was sent to: check the url";
		return ": no feed at this address (wrong, or moved without a redirect): check the url";
	case 410: /* (its backoff: newswatchd.c, wait_ceiling) */
		return ": the server says the feed is gone for good: remove it from the conf, or give it its new url (until then it is asked less and less often, down to once a day)";
	}
	return "";
}

/* A 429 with a Retry-After: the host's feeds are not asked until it has passed (at most
 * HOLD_MAX_S), as the one that got it is not; the first time it is said in the log. A 429
 * is about this client, on the whole host; a 503 is often one service's behind a shared
 * front (one path down for maintenance), so it holds its own feed only. */
static void hold_host(struct nw_fetcher *f, struct host *h, const struct nw_fetch_res *r, const char *shown)
{
	uint64_t now = uv_now(f->loop);
	int64_t s = r->retry_after < HOLD_MAX_S ? r->retry_after : HOLD_MAX_S;
	char *by;

	if (now + (uint64_t)s * 1000 <= h->hold_until || !(by = strdup(shown)))
		return;
	if (h->hold_until <= now) {
		if (h->held_before)
			log_debug("host %s: HTTP %ld with Retry-After %lld s to %s: its feeds wait", h->name, r->status,
				  (long long)r->retry_after, shown);
		else
			log_info("host %s: HTTP %ld with Retry-After %lld s to %s: its other feeds are not asked for "
				 "%lld s either", h->name, r->status, (long long)r->retry_after, shown, (long long)s);
	}
	free(h->hold_by);
	h->hold_by = by;
	h->hold_until = now + (uint64_t)s * 1000;
	h->hold_status = r->status;
	h->held_before = 1;
}

/* SMTP: a command left without its reply, the connection closed or the time up (libcurl
 * says "response reading failed (errno: 115)" or "Operation timed out after 15001
 * milliseconds with 0 bytes received", and the last reply it had was to another command):
 * r->error says which reply never came, and from what server. The end of a message left so
 * is ambiguous (the server may have delivered it): said so. 1 when it was that. */
static int smtp_unanswered(struct xfer *x, CURLcode code, struct nw_fetch_res *r, const char *shown)
{
	int closed = code == CURLE_RECV_ERROR || code == CURLE_GOT_NOTHING || code == CURLE_SEND_ERROR;
	curl_off_t connected = 0;

	if (!closed && code != CURLE_OPERATION_TIMEDOUT)
		return 0;
	if (r->body_read && x->send->body_len && r->status == 354) /* the go-ahead: the message went after it */
		snprintf(r->error, sizeof r->error, "%s: the connection closed before the server answered the end of the "
			 "message (it may have been delivered: it goes again under the same Message-ID)", shown);
	else if (*x->cmd && !x->cmd_replied)
		snprintf(r->error, sizeof r->error, "%s: %s with no reply to %s", shown,
			 closed ? "the connection closed" : "timed out", x->cmd);
	else if (!*x->cmd && r->status == 0 && curl_easy_getinfo(x->easy, CURLINFO_CONNECT_TIME_T, &connected) == CURLE_OK &&
		 connected > 0) {
		if (closed)
			snprintf(r->error, sizeof r->error, "%s: connected, but the server closed the connection without a "
				 "greeting", shown);
		else /* libcurl's connect timeout runs until the greeting */
			snprintf(r->error, sizeof r->error, "%s: connected, but the server sent no greeting in %ld s", shown,
				 (x->f->connect_ms + 999) / 1000);
	} else
		return 0;
	return 1;
}

/* A transfer's failure by kind (fetch.h): what newswatchd tells apart in its warnings */
static int fail_class(CURLcode code, int too_big, int redirected)
{
	switch (code) {
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_RESOLVE_PROXY:
		return NW_FAIL_RESOLVE;
	case CURLE_COULDNT_CONNECT:
		return NW_FAIL_CONNECT;
	case CURLE_OPERATION_TIMEDOUT:
		return NW_FAIL_TIMEOUT;
	case CURLE_SEND_ERROR:
	case CURLE_RECV_ERROR:
	case CURLE_GOT_NOTHING:
	case CURLE_PARTIAL_FILE:
		return too_big ? NW_FAIL_TOO_BIG : NW_FAIL_BROKEN;
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_CIPHER:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_ISSUER_ERROR:
	case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
	case CURLE_SSL_INVALIDCERTSTATUS:
		return NW_FAIL_TLS;
	case CURLE_FILESIZE_EXCEEDED:
		return NW_FAIL_TOO_BIG;
	case CURLE_TOO_MANY_REDIRECTS:
		return NW_FAIL_REDIRECT;
	case CURLE_UNSUPPORTED_PROTOCOL:
		return redirected ? NW_FAIL_REDIRECT : NW_FAIL_OTHER;
	default:
		return too_big ? NW_FAIL_TOO_BIG : NW_FAIL_OTHER;
	}
}

static void finish(struct nw_fetcher *f, struct xfer *x, CURLcode code)
{
	struct nw_fetch_res *r = &x->res;
	char *s = NULL, buf[1024], buf2[1024];
	/* a feed's address as its messages give it: no password (the log, last_error) */
	const char *shown = nw_url_shown(x->url, buf, sizeof buf);

	/* "Content-Encoding: UTF-8" (a storage service's metadata set wrong) on a feed that is
	 * not encoded at all: asked for once more, its body taken as it comes, as a browser or
	 * curl without --compressed reads it, instead of failing at every poll */
	if (!x->send && !x->raw && code == CURLE_BAD_CONTENT_ENCODING && strstr(x->errbuf, "Unrecognized")) {
		x->raw = x->restart = 1;
		log_info("%s: an unknown Content-Encoding: asked again, its body read as it comes", shown);
	}
	if (x->wait_for >= 0 || x->restart) {
		wait_again(f, x);
		return;
	}
	if (x->error_page && code == CURLE_WRITE_ERROR)
		code = CURLE_OK; /* an error page's body, cut by on_write: its status is what counts */
	curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &r->status);
	curl_easy_getinfo(x->easy, CURLINFO_EFFECTIVE_URL, &s);
	r->effective_url = s ? strdup(s) : NULL;
	s = NULL;
	curl_easy_getinfo(x->easy, CURLINFO_CONTENT_TYPE, &s);
	r->content_type = s ? strdup(s) : NULL;
	/* a Retry-After of a 429 or 503 only (a 500's or a 404's asks for nothing fetch.h's
	 * callers would honour), and of that answer itself: CURLINFO_RETRY_AFTER keeps one a
	 * redirect on the way gave (a 302's day of Retry-After put a 503 off for 6 hours) */
	if (r->status == 429 || r->status == 503) {
		char *v = header_value(x->easy, "Retry-After"), *end;
		int over = 0;

		if (v) {
			long long sec = strtoll(v, &end, 10), asked = 0;
			time_t at;
			/* a date is of the server's clock: counted from its Date (RFC 9110 10.2.3),
			 * so that a clock 3 hours ahead does not put the feed off 3 hours more */
			char *dv = header_value(x->easy, "Date");
			time_t date = dv ? curl_getdate(dv, NULL) : -1;

			free(dv);
			if (date == -1)
				date = time(NULL);
			/* 0, or a date not after the answer's: come back at once, a wait that is
			 * over (below), not an answer without a Retry-After, which doubles */
			if (end != v && !end[strspn(end, " \t")] && sec >= 0)
				asked = sec > 0 ? sec : -1;
			else if (end == v && (at = curl_getdate(v, NULL)) != -1)
				asked = at > date ? (long long)(at - date) : -1;
			free(v);
			if (asked < 0) {
				r->retry_after = 1;
				over = 1;
			} else if (asked > 0) {
				/* an answer a cache kept for Age seconds: its wait began that long
				 * ago (a CDN's copy of a 429 with an hour's Retry-After, 50 minutes
				 * old, leaves 10 minutes); one already over asks for no more wait
				 * than the least (1 s here, the feed's interval in newswatchd) */
				long long age = cached_age(x->easy);
				r->retry_after = asked > age ? asked - age : 1;
				over = asked <= age;
				if (age > 0)
					log_debug("%s: HTTP %ld with Retry-After %lld s from a cache, %lld s old: %lld s left",
						  shown, r->status, asked, age, (long long)r->retry_after);
			}
		}
		/* (a wait that is over holds none of the host's other feeds) */
		if (r->retry_after > 0 && !over && r->status == 429 && !x->send && x->host >= 0)
			hold_host(f, &f->hosts[x->host], r, shown);
	}
	if (code == CURLE_OK && strncasecmp(x->url, "file:", 5) == 0)
		r->status = 200;
	if (x->send) {
		if (x->send->shown)
			shown = x->send->shown;
		r->answered = r->status > 0;
		r->body_read = x->send->kind == NW_SEND_SMTP && x->sent >= x->send->body_len;
		/* libcurl's words for it (smtp.c: "RCPT failed: %d") */
		r->rcpt_refused = x->send->kind == NW_SEND_SMTP && strstr(x->errbuf, "RCPT failed") != NULL;
		if (x->send->kind == NW_SEND_SMTP && x->replen && !r->data && (r->data = strdup(x->reply)))
			r->len = x->replen; /* the server's words, for the log (reply_text) */
		/* the message went out: every recipient was asked, and has its reply; if one has
		 * none, the replies were not paired right (nothing is known of each) */
		if (r->rcpt && x->send->body_len && x->sent >= x->send->body_len && memchr(r->rcpt, 0, x->send->rcpt.n)) {
			free(r->rcpt);
			r->rcpt = NULL;
		}
		if (x->send->kind == NW_SEND_SMTP)
			r->ok = code == CURLE_OK;
		else
			r->ok = code == CURLE_OK && r->status >= 200 && r->status < 300;
		if (code == CURLE_OPERATION_TIMEDOUT && r->body_read && x->send->body_len) {
			/* the last reply was the go-ahead for the message (354), not an answer to it */
			long ms = x->send->timeout > 0 ? (long)x->send->timeout : f->timeout_ms;
			snprintf(r->error, sizeof r->error, "%s: no reply to the end of the message in %ld s "
				 "(it may have been delivered: it goes again under the same Message-ID)", shown,
				 (ms + 999) / 1000);
			free(r->data);
			r->data = NULL;
			r->len = 0;
		} else if (x->send->kind == NW_SEND_SMTP && smtp_unanswered(x, code, r, shown)) {
			free(r->data); /* the last reply was to another command: not why it failed */
			r->data = NULL;
			r->len = 0;
		} else if (code != CURLE_OK && x->send->kind == NW_SEND_SMTP && r->status > 0)
			snprintf(r->error, sizeof r->error, "%s: %s (last reply %ld)", shown,
				 *x->errbuf ? x->errbuf : curl_easy_strerror(code), r->status);
		else if (code != CURLE_OK)
			snprintf(r->error, sizeof r->error, "%s: %s", shown, *x->errbuf ? x->errbuf : curl_easy_strerror(code));
		else if (!r->ok)
			snprintf(r->error, sizeof r->error, "%s: HTTP %ld", shown, r->status);
	} else if (code != CURLE_OK) {
		if (x->too_big || code == CURLE_FILESIZE_EXCEEDED)
			snprintf(r->error, sizeof r->error, "%s: body larger than max_size (%lld bytes)", shown,
				 (long long)f->max_size);
		else if (code == CURLE_UNSUPPORTED_PROTOCOL && x->redirects && r->effective_url) /* where it was sent */
			snprintf(r->error, sizeof r->error, "%s: redirected to %s, not followed (%s)", shown,
				 nw_url_shown(r->effective_url, buf2, sizeof buf2),
				 strncasecmp(r->effective_url, "http:", 5) == 0 ? "from https to http" : "only http and https are");
		else if (code == CURLE_OUT_OF_MEMORY && r->status > 0 && !*x->errbuf) /* libcurl's word for it */
			snprintf(r->error, sizeof r->error, "%s: the answer's headers are too large", shown);
		else
			snprintf(r->error, sizeof r->error, "%s: %s", shown, *x->errbuf ? x->errbuf : curl_easy_strerror(code));
		r->fail_class = fail_class(code, x->too_big || strstr(x->errbuf, "Too large") ||
						     (code == CURLE_OUT_OF_MEMORY && r->status > 0 && !*x->errbuf),
					   x->redirects && r->effective_url);
		r->unreachable = code == CURLE_COULDNT_RESOLVE_HOST || code == CURLE_COULDNT_RESOLVE_PROXY ||
				 code == CURLE_COULDNT_CONNECT || (code == CURLE_OPERATION_TIMEDOUT && r->status == 0);
		r->transient = !x->too_big && !strstr(x->errbuf, "Too large") && /* headers: the server's way */
			       (code == CURLE_COULDNT_CONNECT || code == CURLE_OPERATION_TIMEDOUT || code == CURLE_SEND_ERROR ||
				code == CURLE_RECV_ERROR || code == CURLE_GOT_NOTHING || code == CURLE_PARTIAL_FILE);
	} else if (r->status == 304 && !x->etag && (!x->last_modified || future_date(x->last_modified))) {
		/* nothing was asked for conditionally (a first poll, validators dropped): a 304 is
		 * no answer, and taken as one the feed looked healthy for ever without an item */
		snprintf(r->error, sizeof r->error, "%s: HTTP 304 to a request that was not conditional", shown);
	} else if (r->status == 304) {
		r->ok = r->not_modified = 1;
	} else if (r->status >= 200 && r->status < 300) {
		r->ok = 1;
		r->etag = header_value(x->easy, "ETag");
		r->last_modified = header_value(x->easy, "Last-Modified");
		if (r->last_modified && future_date(r->last_modified)) {
			free(r->last_modified);
			r->last_modified = NULL;
		}
		if (!r->data) {
			r->data = strdup("");
			r->len = 0;
		}
	} else {
		int sent = x->redirects && r->effective_url; /* and where it was sent */

		snprintf(r->error, sizeof r->error, "%s: HTTP %ld%s%s%s%s", shown, r->status, sent ? " (redirected to " : "",
			 sent ? nw_url_shown(r->effective_url, buf2, sizeof buf2) : "", sent ? ")" : "",
			 status_says(r->status, x->url, x->at ? x->at : x->url, x->redirects, r->effective_url));
		r->transient = r->status == 500 || r->status == 502 || r->status == 504;
	}
	if (!x->send && r->ok && x->redirects && !x->temporary && r->effective_url)
		r->moved_to = moved_url(x->url, r->effective_url);
	curl_multi_remove_handle(f->multi, x->easy);
	give_back(f, x->easy);
	x->easy = NULL;
	f->active--;
	ended(f, x);
	x->cb(x->arg, r);
	xfer_free(x);
}

static void check_done(struct nw_fetcher *f)
{
	CURLMsg *m;
	int left;

	while ((m = curl_multi_info_read(f->multi, &left))) {
		struct xfer *x = NULL, **pp;
		if (m->msg != CURLMSG_DONE)
			continue;
		curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&x);
		for (pp = &f->active_list; *pp; pp = &(*pp)->next) {
			if (*pp == x) {
				*pp = x->next;
				break;
			}
		}
		finish(f, x, m->data.result);
	}
	pump(f);
}

/* An alert: POST (or PUT) to a web hook, or a mail through SMTP. No redirects followed:
 * a hook that moved is a configuration to fix, and a POST must not become a GET. */
/* Every descriptor of the process past standard error made close-on-exec: what a library
 * opened without it (libcurl's socketpair) is not handed to the programs the daemon runs. */
static void cloexec_all(void)
{
	DIR *dir = opendir("/proc/self/fd");
	struct dirent *e;

	if (!dir)
		return;
	while ((e = readdir(dir))) {
		char *end;
		long fd = strtol(e->d_name, &end, 10);
		int fl;
		if (*end || end == e->d_name || fd <= 2 || fd == dirfd(dir))
			continue;
		if ((fl = fcntl((int)fd, F_GETFD)) >= 0 && !(fl & FD_CLOEXEC))
			fcntl((int)fd, F_SETFD, fl | FD_CLOEXEC);
	}
	closedir(dir);
}

/* libcurl 7.88 opens its sockets without FD_CLOEXEC: a command started meanwhile (a source
 * plugin's program, an alert command) would inherit every live connection and keep it open */
static curl_socket_t open_socket(void *arg, curlsocktype purpose, struct curl_sockaddr *a)
{
	(void)arg;
	(void)purpose;
	return socket(a->family, a->socktype | SOCK_CLOEXEC, a->protocol);
}

/* What every transfer sets, a feed's or an alert's. */
static void setup_common(struct xfer *x)
{
	CURL *e = x->easy;

	curl_easy_setopt(e, CURLOPT_URL, x->at ? x->at : x->url);
	curl_easy_setopt(e, CURLOPT_PRIVATE, x);
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, x->errbuf);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_OPENSOCKETFUNCTION, open_socket);
	/* a name lookup that hangs (a resolver that never answers) is left to its thread when
	 * the transfer times out or is dropped: libcurl otherwise joins that thread on the loop,
	 * which then stops (no poll, no watchdog, no SIGTERM) until getaddrinfo gives up */
	curl_easy_setopt(e, CURLOPT_QUICK_EXIT, 1L);
}

/* SMTP: libcurl 7.88 (smtp_done) waits for the server's reply to the end of a message with
 * a blocking loop of its own, up to the send's timeout (10 minutes by default, as RFC 5321
 * gives a server): on the loop, that stopped every feed, alert, signal and watchdog ping
 * for as long. So a mail goes out with curl_easy_perform on a thread of its own, and comes
 * back to the loop through f->mail_async; the fetcher's closing stops it within a second. */
static int on_mail_progress(void *p, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow)
{
	struct xfer *x = p;

	(void)dltotal, (void)dlnow, (void)ultotal, (void)ulnow;
	/* taken: the wait for the reply to QUIT (up to 2 minutes, libcurl's response timeout,
	 * with the connection never reused) is not waited; the mail is recorded at once */
	return x->accepted || __atomic_load_n(&x->abort, __ATOMIC_RELAXED);
}

static void smtp_thread(void *arg)
{
	struct xfer *x = arg;
	struct nw_fetcher *f = x->f;

	x->mail_code = curl_easy_perform(x->easy);
	if (x->accepted) /* an abort after it was taken (on_mail_progress) is no failure */
		x->mail_code = CURLE_OK;
	uv_mutex_lock(&f->mail_mu);
	x->mailed_next = f->mailed;
	f->mailed = x;
	uv_mutex_unlock(&f->mail_mu);
	uv_async_send(&f->mail_async);
}

/* Back on the loop: the mails whose thread is done are finished as transfers are. */
static void on_mailed(uv_async_t *a)
{
	struct nw_fetcher *f = a->data;
	struct xfer *x;

	uv_mutex_lock(&f->mail_mu);
	x = f->mailed;
	f->mailed = NULL;
	uv_mutex_unlock(&f->mail_mu);
	while (x) {
		struct xfer *next = x->mailed_next, **pp;
		uv_thread_join(&x->thread);
		x->threaded = 0;
		if (--f->mails == 0)
			uv_unref((uv_handle_t *)&f->mail_async);
		for (pp = &f->active_list; *pp; pp = &(*pp)->next)
			if (*pp == x) {
				*pp = x->next;
				break;
			}
		finish(f, x, x->mail_code);
		x = next;
	}
	pump(f);
}

static int setup_send(struct nw_fetcher *f, struct xfer *x)
{
	const struct nw_send *s = x->send;
	CURL *e = x->easy;

	setup_common(x);
	curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, s->timeout > 0 ? (long)s->timeout : f->timeout_ms);
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, f->connect_ms);
	curl_easy_setopt(e, CURLOPT_USERAGENT, f->user_agent);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_write);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, x);
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 2L);
	if (s->ca_file) { /* instead of the system's: its folder of CAs too (libcurl's CAPATH) */
		curl_easy_setopt(e, CURLOPT_CAINFO, s->ca_file);
		curl_easy_setopt(e, CURLOPT_CAPATH, NULL);
	}
	if (s->kind == NW_SEND_SMTP) {
		curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
		curl_easy_setopt(e, CURLOPT_USE_SSL, s->tls_optional ? (long)CURLUSESSL_TRY : (long)CURLUSESSL_ALL);
		curl_easy_setopt(e, CURLOPT_MAIL_FROM, s->mail_from);
		for (size_t i = 0; i < s->rcpt.n; i++)
			x->rcpt = curl_slist_append(x->rcpt, s->rcpt.v[i]);
		curl_easy_setopt(e, CURLOPT_MAIL_RCPT, x->rcpt);
		/* a recipient the server refuses (550 to its RCPT TO) is skipped, and the others
		 * get the mail; refused all, the transfer fails "RCPT failed" as before. The
		 * option's name has three L's before libcurl 8.2 (Debian 12: 7.88) */
#if LIBCURL_VERSION_NUM >= 0x080200
		curl_easy_setopt(e, CURLOPT_MAIL_RCPT_ALLOWFAILS, 1L);
#else
		curl_easy_setopt(e, CURLOPT_MAIL_RCPT_ALLLOWFAILS, 1L);
#endif
		curl_easy_setopt(e, CURLOPT_DEBUGFUNCTION, on_smtp_debug);
		curl_easy_setopt(e, CURLOPT_DEBUGDATA, x);
		curl_easy_setopt(e, CURLOPT_VERBOSE, 1L);
		if (s->username)
			curl_easy_setopt(e, CURLOPT_USERNAME, s->username);
		if (s->password)
			curl_easy_setopt(e, CURLOPT_PASSWORD, s->password);
		curl_easy_setopt(e, CURLOPT_UPLOAD, 1L);
		curl_easy_setopt(e, CURLOPT_READFUNCTION, on_read);
		curl_easy_setopt(e, CURLOPT_READDATA, x);
		curl_easy_setopt(e, CURLOPT_INFILESIZE_LARGE, (curl_off_t)s->body_len);
		/* a connection is never used for a second mail: one that timed out waiting for the
		 * reply to a message's end is kept by libcurl 7.88, and that late reply was then
		 * read as the answer to the next mail's commands (one pair off all along) */
		curl_easy_setopt(e, CURLOPT_FORBID_REUSE, 1L);
		/* libcurl checks this at least once a second, its wait for that reply included */
		curl_easy_setopt(e, CURLOPT_NOPROGRESS, 0L);
		curl_easy_setopt(e, CURLOPT_XFERINFOFUNCTION, on_mail_progress);
		curl_easy_setopt(e, CURLOPT_XFERINFODATA, x);
		x->threaded = uv_thread_create(&x->thread, smtp_thread, x) == 0;
		if (x->threaded && f->mails++ == 0)
			uv_ref((uv_handle_t *)&f->mail_async);
		return x->threaded ? 0 : -EIO;
	} else {
		curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
		curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
		curl_easy_setopt(e, CURLOPT_POST, 1L);
		curl_easy_setopt(e, CURLOPT_POSTFIELDS, s->body ? s->body : "");
		curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)s->body_len);
		if (s->method && strcmp(s->method, "POST") != 0)
			curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, s->method);
		x->headers = curl_slist_append(x->headers, "Expect:"); /* no 100-continue round trip */
		for (size_t i = 0; i < s->headers.n; i++)
			x->headers = curl_slist_append(x->headers, s->headers.v[i]);
		curl_easy_setopt(e, CURLOPT_HTTPHEADER, x->headers);
	}
	return curl_multi_add_handle(f->multi, e) == CURLM_OK ? 0 : -EIO;
}

/* A request header "name: value", whatever the value's length (an ETag of kilobytes cut
 * short would never match: the feed fetched whole at every poll). */
static void add_header(struct xfer *x, const char *name, const char *value)
{
	char *h = NULL;
	size_t len = 0;

	if (nw_buf_printf(&h, &len, "%s: %s", name, value) == 0)
		x->headers = curl_slist_append(x->headers, h);
	free(h);
}

static int setup(struct nw_fetcher *f, struct xfer *x)
{
	CURL *e = x->easy;

	if (x->send)
		return setup_send(f, x);

	setup_common(x);
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, x->allow_file ? "http,https,file" : "http,https");
	/* a feed asked for over https is never followed to plain http: what it reads, and a
	 * password in its URL, would travel in the clear (and the move would be recorded) */
	curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR,
			 strncasecmp(x->at ? x->at : x->url, "https:", 6) == 0 ? "https" : "http,https");
	curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(e, CURLOPT_MAXREDIRS, x->redirects < 5 ? 5L - x->redirects : 0L); /* 5 in all */
	if (x->raw) { /* (finish) no Accept-Encoding, nothing decoded */
		curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, NULL);
		curl_easy_setopt(e, CURLOPT_HTTP_CONTENT_DECODING, 0L);
	} else {
		curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
	}
	curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, f->timeout_ms);
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, f->connect_ms);
	curl_easy_setopt(e, CURLOPT_LOW_SPEED_LIMIT, 16L);
	curl_easy_setopt(e, CURLOPT_LOW_SPEED_TIME, f->low_speed_s);
	curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(e, CURLOPT_HEADERDATA, x);
	curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)f->max_size);
	curl_easy_setopt(e, CURLOPT_USERAGENT, f->user_agent);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_write);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, x);
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 2L);
	if (x->etag)
		add_header(x, "If-None-Match", x->etag);
	if (x->last_modified && !future_date(x->last_modified)) /* one stored before it was refused */
		add_header(x, "If-Modified-Since", x->last_modified);
	if (x->headers)
		curl_easy_setopt(e, CURLOPT_HTTPHEADER, x->headers);
	return curl_multi_add_handle(f->multi, e) == CURLM_OK ? 0 : -EIO;
}

/* hosts kept before idle ones are swept, at least (and twice those kept by the last sweep) */
#define HOSTS_SWEPT 256

static uint32_t host_hash(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

/* The index of hosts by name, n slots (a power of two), every host placed again. */
static int place_hosts(struct nw_fetcher *f, uint32_t n)
{
	uint32_t *ns = calloc(n, sizeof *ns), i;

	if (!ns)
		return -1;
	for (uint32_t k = 0; k < f->nhosts; k++) {
		for (i = host_hash(f->hosts[k].name) & (n - 1); ns[i]; i = (i + 1) & (n - 1))
			;
		ns[i] = k + 1;
	}
	free(f->hslots);
	f->hslots = ns;
	f->nhslots = n;
	return 0;
}

/* Hosts no transfer runs at, waits for or is sent on to, and whose spacing has passed, go:
 * a host is had again as soon as a transfer needs it. The table otherwise kept every host a
 * feed or a redirect ever named (feeds sent on to a name made for each request: a host a
 * poll), and those of feeds long gone from the conf. Transfers hold their host's index:
 * theirs are mapped to the new places. */
static void sweep_hosts(struct nw_fetcher *f)
{
	uint64_t now = uv_now(f->loop);
	uint32_t *map = malloc((f->nhosts ? f->nhosts : 1) * sizeof *map), n = 0, slots = 64;
	struct xfer *lists[2] = { f->wait_head, f->active_list };

	if (!map)
		return;
	for (uint32_t k = 0; k < f->nhosts; k++) {
		const struct host *h = &f->hosts[k];
		map[k] = h->active || h->waiting || (f->spacing && h->next_ok > now) || h->hold_until > now ? 0 : UINT32_MAX;
	}
	for (int l = 0; l < 2; l++)
		for (struct xfer *x = lists[l]; x; x = x->next) {
			if (x->host >= 0)
				map[x->host] = 0;
			if (x->wait_for >= 0)
				map[x->wait_for] = 0;
		}
	for (uint32_t k = 0; k < f->nhosts; k++) {
		if (map[k] == UINT32_MAX) {
			free(f->hosts[k].name);
			free(f->hosts[k].hold_by);
			continue;
		}
		f->hosts[n] = f->hosts[k];
		map[k] = n++;
	}
	for (int l = 0; l < 2; l++)
		for (struct xfer *x = lists[l]; x; x = x->next) {
			if (x->host >= 0)
				x->host = (int32_t)map[x->host];
			if (x->wait_for >= 0)
				x->wait_for = (int32_t)map[x->wait_for];
		}
	free(map);
	f->nhosts = n;
	if (f->caphosts > 64 && f->caphosts > 4 * n) { /* the memory of the many goes back */
		uint32_t cap = n * 2 > 32 ? n * 2 : 32;
		struct host *nh = realloc(f->hosts, cap * sizeof *nh);
		if (nh) {
			f->hosts = nh;
			f->caphosts = cap;
		}
	}
	while (slots < 2 * (n + 1))
		slots *= 2;
	if (place_hosts(f, slots)) { /* no memory for a smaller index: the old one, placed again */
		uint32_t i;
		memset(f->hslots, 0, f->nhslots * sizeof *f->hslots);
		for (uint32_t k = 0; k < f->nhosts; k++) {
			for (i = host_hash(f->hosts[k].name) & (f->nhslots - 1); f->hslots[i]; i = (i + 1) & (f->nhslots - 1))
				;
			f->hslots[i] = k + 1;
		}
	}
}

/* The index of a URL's host in f->hosts, added if new; -1 when there is no memory for it
 * (its transfers then go uncounted). */
static int32_t host_of(struct nw_fetcher *f, const char *url)
{
	char name[256];
	uint32_t i;

	nw_url_host(url, name, sizeof name);
	if (!*name) /* file://: no host to spare */
		return -1;
	if (f->nhosts >= HOSTS_SWEPT && f->nhosts >= f->sweep_at) {
		sweep_hosts(f);
		f->sweep_at = 2 * f->nhosts;
	}
	if ((f->nhosts + 1) * 2 > f->nhslots && place_hosts(f, f->nhslots ? f->nhslots * 2 : 64))
		return -1; /* grow the index, and place every host again */
	for (i = host_hash(name) & (f->nhslots - 1); f->hslots[i]; i = (i + 1) & (f->nhslots - 1))
		if (strcmp(f->hosts[f->hslots[i] - 1].name, name) == 0)
			return (int32_t)(f->hslots[i] - 1);
	if (f->nhosts == f->caphosts) {
		uint32_t n = f->caphosts ? f->caphosts * 2 : 32;
		struct host *nh = realloc(f->hosts, n * sizeof *nh);
		if (!nh)
			return -1;
		f->hosts = nh;
		f->caphosts = n;
	}
	memset(&f->hosts[f->nhosts], 0, sizeof f->hosts[f->nhosts]);
	if (!(f->hosts[f->nhosts].name = strdup(name)))
		return -1;
	f->hslots[i] = f->nhosts + 1;
	return (int32_t)f->nhosts++;
}

static void on_gap_timer(uv_timer_t *t)
{
	pump(t->data);
}

/* ---- the queue: a transfer waits until its host has room (per_host) ---- */

static struct host *host_at(struct nw_fetcher *f, const struct xfer *x)
{
	return x->host >= 0 ? &f->hosts[x->host] : NULL;
}

static int has_room(const struct nw_fetcher *f, const struct host *h)
{
	return !h || h->active < f->per_host;
}

static void queued(struct nw_fetcher *f, struct xfer *x)
{
	struct host *h = host_at(f, x);

	if (h)
		h->waiting++;
	f->startable += has_room(f, h);
}

/* x leaves the queue and runs */
static void started(struct nw_fetcher *f, struct xfer *x)
{
	struct host *h = host_at(f, x);

	f->startable--; /* it could start, so it was counted */
	if (!h)
		return;
	h->waiting--;
	if (++h->active == f->per_host) /* full now: the rest of its queue waits */
		f->startable -= h->waiting;
}

/* x has run (or could not start) */
static void ended(struct nw_fetcher *f, struct xfer *x)
{
	struct host *h = host_at(f, x);

	if (h && h->active-- == f->per_host) /* room again: its queue may start */
		f->startable += h->waiting;
}

/* Where a redirect sends a feed's transfer is where per_host counts it from then on: feeds of
 * several hosts sent on to one would otherwise all go there at once, and wait inside libcurl
 * (CURLMOPT_MAX_HOST_CONNECTIONS) with their time-out running, to fail as if that host could
 * not be resolved. value: the Location header's. With room there, the transfer goes on,
 * counted against that host; with none (or spacing to wait), 1: it is stopped, and goes back
 * to the queue to start again when that host has room (finish). 0 also when the target is not
 * known (libcurl then refuses the redirect itself) or is the same host. */
static int redirect_to(struct xfer *x, const char *value, size_t len)
{
	struct nw_fetcher *f = x->f;
	char *loc, *at = NULL, *to = NULL;
	CURLU *u;
	int32_t h2 = -1;
	struct host *h;

	while (len && (*value == ' ' || *value == '\t'))
		value++, len--;
	while (len && (value[len - 1] == '\r' || value[len - 1] == '\n' || value[len - 1] == ' '))
		len--;
	if (!len || !(loc = strndup(value, len)))
		return 0;
	if ((u = curl_url()) && curl_easy_getinfo(x->easy, CURLINFO_EFFECTIVE_URL, &at) == CURLE_OK && at &&
	    curl_url_set(u, CURLUPART_URL, at, 0) == CURLUE_OK &&
	    curl_url_set(u, CURLUPART_URL, loc, CURLU_NON_SUPPORT_SCHEME) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_URL, &to, 0) == CURLUE_OK) {
		h2 = host_of(f, to);
		/* a move to https on the feed's host: the transfer stops, to start over there with
		 * the password (once: from https it is never sent back to http), if the 5
		 * redirects allow it one more */
		x->restart = !x->send && !x->at && x->redirects <= 5 && (x->at = https_move(x->url, at, to));
	}
	curl_free(to);
	curl_url_cleanup(u);
	free(loc);
	if (x->restart)
		return 1;
	if (h2 < 0 || h2 == x->host)
		return 0;
	h = &f->hosts[h2];
	/* (a host that asked for a wait: it fails at once in the queue, as its own feeds) */
	if (h->hold_until > uv_now(f->loop) ||
	    ((!has_room(f, h) || (f->spacing && h->next_ok > uv_now(f->loop))) && x->waits < 3)) {
		x->wait_for = h2; /* a target that changes at every try goes on after three waits */
		return 1;
	}
	ended(f, x);
	x->host = h2;
	if (++h->active == f->per_host)
		f->startable -= h->waiting;
	if (f->spacing)
		h->next_ok = uv_now(f->loop) + f->spacing;
	return 0;
}

/* x, stopped by redirect_to, waits in the queue again (first in it: it had its turn),
 * counted against the host it was sent to; it starts over from its own address — or, moved
 * to https with its password (restart), from there, the redirects so far counted. */
static void wait_again(struct nw_fetcher *f, struct xfer *x)
{
	int moved_on = x->restart;

	curl_multi_remove_handle(f->multi, x->easy);
	give_back(f, x->easy);
	x->easy = NULL;
	f->active--;
	ended(f, x);
	nw_fetch_res_free(&x->res);
	curl_slist_free_all(x->headers);
	x->headers = NULL;
	x->cap = 0;
	x->code = x->restart = 0;
	x->error_page = x->too_big = 0; /* of the answer before: the next is read afresh */
	x->errbuf[0] = '\0';
	if (!moved_on) {
		x->redirects = x->temporary = 0;
		x->host = x->wait_for;
		x->waits++;
	}
	x->wait_for = -1;
	x->next = f->wait_head;
	f->wait_head = x;
	if (!f->wait_tail)
		f->wait_tail = x;
	queued(f, x);
}

/* The first queued transfer that may start now: an alert, or a feed whose host runs fewer
 * than per_host transfers and, with spacing, has waited long enough (the timer is then set
 * for the earliest host that has not). */
static struct xfer *next_startable(struct nw_fetcher *f)
{
	struct xfer **pp, *x, *prev = NULL;
	uint64_t now = uv_now(f->loop), wake = UINT64_MAX;

	if (!f->startable) /* every host with something queued is full: no scan (10,000 feeds
			    * on one host would cost a scan of all that wait per start) */
		return NULL;
	for (pp = &f->wait_head; (x = *pp); prev = x, pp = &x->next) {
		struct host *h = host_at(f, x);
		int held = h && h->hold_until > now; /* it goes, to fail at once (pump) */
		if (!has_room(f, h))
			continue; /* one of its transfers ending will start this one */
		if (h && !held && f->spacing && h->next_ok > now) {
			if (h->next_ok < wake)
				wake = h->next_ok;
			continue;
		}
		if (h && !held)
			h->next_ok = now + f->spacing;
		started(f, x);
		*pp = x->next;
		if (f->wait_tail == x)
			f->wait_tail = prev;
		return x;
	}
	/* (and sooner than it was set for, when this host's turn comes before the one it waits
	 * for: a transfer waited a whole spacing more for another host's) */
	if (wake != UINT64_MAX &&
	    (!uv_is_active((uv_handle_t *)&f->gap_timer) || wake - now < uv_timer_get_due_in(&f->gap_timer)))
		uv_timer_start(&f->gap_timer, on_gap_timer, wake - now, 0);
	return NULL;
}

/* A file:// feed's file is one libcurl can read without blocking: not a FIFO with no
 * writer, a device or a folder (open() of a FIFO waits, on the loop, for a writer: every
 * feed and signal with it). 0, or -1 with why. A file that is not there is libcurl's to say. */
static int plain_file(const char *url, const char **why)
{
	CURLU *u = curl_url();
	char *path = NULL;
	struct stat sb;
	int r = 0;

	if (u && curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_PATH, &path, CURLU_URLDECODE) == CURLUE_OK && stat(path, &sb) == 0 &&
	    !S_ISREG(sb.st_mode)) {
		*why = S_ISDIR(sb.st_mode) ? "a folder" : S_ISFIFO(sb.st_mode) ? "a FIFO" : "a device or socket";
		r = -1;
	}
	curl_free(path);
	curl_url_cleanup(u);
	return r;
}

/* Start queued transfers while there is room in the pool; one that cannot start (its
 * easy handle not set up, a file:// feed's file not one to read) fails at once. */
static void pump(struct nw_fetcher *f)
{
	struct xfer *x;

	while (!f->closing && f->wait_head && f->active < f->max_active && (x = next_startable(f))) {
		const char *why = NULL;
		char shown[1024];
		struct host *h = host_at(f, x);
		uint64_t now = uv_now(f->loop);

		x->next = NULL;
		if (!x->send && h && h->hold_until > now) {
			x->res.held = 1;
			x->res.status = h->hold_status;
			x->res.retry_after = (int64_t)((h->hold_until - now + 999) / 1000);
			snprintf(x->res.error, sizeof x->res.error, "%s: not asked: %s answered HTTP %ld with a Retry-After "
				 "to %s; its feeds wait %lld s more", nw_url_shown(x->url, shown, sizeof shown), h->name,
				 h->hold_status, h->hold_by ? h->hold_by : "another feed", (long long)x->res.retry_after);
		} else if (!x->send && strncasecmp(x->url, "file:", 5) == 0 && plain_file(x->url, &why) != 0) {
			snprintf(x->res.error, sizeof x->res.error, "%s: is %s, not a file",
				 nw_url_shown(x->url, shown, sizeof shown), why);
			x->res.fail_class = NW_FAIL_OTHER;
		} else {
			x->easy = f->npool ? f->pool[--f->npool] : curl_easy_init();
			if (x->easy && setup(f, x) == 0) {
				x->next = f->active_list;
				f->active_list = x;
				f->active++;
				continue;
			}
			snprintf(x->res.error, sizeof x->res.error, "%s: cannot start transfer",
				 x->send && x->send->shown ? x->send->shown : nw_url_shown(x->url, shown, sizeof shown));
			x->res.fail_class = NW_FAIL_OTHER;
			if (x->easy)
				give_back(f, x->easy);
			x->easy = NULL;
		}
		ended(f, x);
		x->cb(x->arg, &x->res);
		xfer_free(x);
	}
}

/* ---- commands: a source plugin's program, its stdout read like a transfer's body ---- */

struct job {
	uv_process_t proc;
	uv_pipe_t out;
	uv_pipe_t in;     /* an alert command: the alert on its stdin */
	uv_write_t wreq;
	char *input;      /* what is written to it (a copy: the caller's may go first) */
	int has_in;
	int is_send;
	uv_timer_t timer;
	struct nw_fetcher *f;
	nw_fetch_cb cb;
	void *arg;
	char *name;
	struct nw_fetch_res res;
	size_t cap;
	int64_t max_output;
	int64_t exit_status;
	int term_signal;
	int exited, eof, timed_out, too_big, reported, cancelled;
	int read_error;   /* reading its output failed (not the end of it): a libuv error code */
	uv_pipe_t err;    /* its standard error (an alert command's standard output too), logged
			   * line by line under its label */
	int has_err, err_eof;
	int grace;        /* exited: exit_grace is due */
	char *label;
	struct said *said; /* what the command of this label said last time (err_line) */
	char errline[512];
	size_t errlen, err_lines;
	char errraw[4096];
	int open; /* handles not yet closed */
	int open_counted; /* counted in the fetcher's open handles */
	struct job *next;
};

static void job_closed(uv_handle_t *h)
{
	struct job *j = h->data;
	struct nw_fetcher *f = j->f;
	int counted = j->open_counted;

	if (--j->open > 0)
		return;
	nw_fetch_res_free(&j->res);
	free(j->name);
	free(j->label);
	free(j->input);
	free(j);
	if (counted)
		release(f); /* a running command keeps the fetcher alive */
}

static void job_unlink(struct job *j)
{
	for (struct job **pp = &j->f->jobs; *pp; pp = &(*pp)->next) {
		if (*pp == j) {
			*pp = j->next;
			j->f->njobs--;
			return;
		}
	}
}

static int start_job(struct nw_fetcher *f, const struct nw_fetch_req *req, nw_fetch_cb cb, void *arg);
static void job_finish(struct job *j);
static void err_stop(struct job *j);

static void job_wait_free(struct job_wait *w)
{
	for (size_t i = 0; w->argv && w->argv[i]; i++)
		free(w->argv[i]);
	free(w->argv);
	free(w->label);
	free(w);
}

/* Start the commands that wait, while fewer than max_transfers run. */
static void job_next(struct nw_fetcher *f)
{
	struct job_wait *w;

	while (!f->closing && f->njobs < f->max_active && (w = f->jwait_head)) {
		struct nw_fetch_req req = { .argv = (const char *const *)w->argv, .timeout = w->timeout,
					    .max_output = w->max_output, .send = w->send, .label = w->label };
		if (!(f->jwait_head = w->next))
			f->jwait_tail = NULL;
		if (f->jwait_sends == w)
			f->jwait_sends = NULL;
		if (start_job(f, &req, w->cb, w->arg) != 0) {
			struct nw_fetch_res res = { 0 };
			snprintf(res.error, sizeof res.error, "command %s: out of memory",
				 w->argv ? w->argv[0] : w->send->argv.n ? w->send->argv.v[0] : "?");
			res.fail_class = NW_FAIL_OTHER;
			w->cb(w->arg, &res);
		}
		job_wait_free(w);
	}
}

/* A command when max_transfers run already: it waits, with a copy of what it needs. */
static int queue_job(struct nw_fetcher *f, const struct nw_fetch_req *req, nw_fetch_cb cb, void *arg)
{
	struct job_wait *w = calloc(1, sizeof *w);
	size_t n = 0;

	if (!w)
		return -ENOMEM;
	if (req->argv) {
		while (req->argv[n])
			n++;
		if (!(w->argv = calloc(n + 1, sizeof *w->argv))) {
			free(w);
			return -ENOMEM;
		}
		for (size_t i = 0; i < n; i++) {
			if (!(w->argv[i] = strdup(req->argv[i]))) {
				job_wait_free(w);
				return -ENOMEM;
			}
		}
	}
	w->timeout = req->timeout;
	w->max_output = req->max_output;
	w->send = req->send;
	if (req->label && !(w->label = strdup(req->label))) {
		job_wait_free(w);
		return -ENOMEM;
	}
	w->cb = cb;
	w->arg = arg;
	if (w->send) { /* an alert does not wait behind feeds: after the alerts waiting */
		struct job_wait **at = f->jwait_sends ? &f->jwait_sends->next : &f->jwait_head;
		w->next = *at;
		*at = w;
		f->jwait_sends = w;
		if (!w->next)
			f->jwait_tail = w;
	} else {
		if (f->jwait_tail)
			f->jwait_tail->next = w;
		else
			f->jwait_head = w;
		f->jwait_tail = w;
	}
	return 0;
}

/* The command has exited, but something it left behind (a child in the background) still
 * holds its standard output or error: a second more for the last of it, then no more
 * waiting (the command did its part; its success must not turn into a time-out). All it
 * wrote before it exited is in the pipe by then. */
static void job_alloc(uv_handle_t *h, size_t hint, uv_buf_t *buf);
static void job_read(uv_stream_t *s, ssize_t n, const uv_buf_t *buf);

static void exit_grace(uv_timer_t *t)
{
	struct job *j = t->data;
	uv_os_fd_t fd;

	/* what is still in the pipe is read first: the loop may have been busy for the whole
	 * second, its read callback not called yet (timers come before I/O in a turn) */
	if (!j->eof && uv_fileno((uv_handle_t *)&j->out, &fd) == 0) {
		while (!j->eof && !j->reported) {
			uv_buf_t buf;
			ssize_t n;
			job_alloc((uv_handle_t *)&j->out, 65536, &buf);
			if (!buf.base)
				break;
			n = read(fd, buf.base, buf.len);
			if (n <= 0)
				break; /* EAGAIN: a child holds it, nothing more in it now; or its end */
			job_read((uv_stream_t *)&j->out, n, &buf);
		}
	}
	if (j->reported)
		return; /* the output went past max_output: reported */
	if (!j->eof) {
		uv_read_stop((uv_stream_t *)&j->out);
		j->eof = 1;
	}
	err_stop(j);
	job_finish(j);
}

/* Both the exit and the end of its output are in: report once, then close. */
static void job_finish(struct job *j)
{
	struct nw_fetch_res *r = &j->res;

	if (!j->exited || j->reported)
		return;
	if (!j->eof || (j->has_err && !j->err_eof)) {
		if (!j->grace) {
			j->grace = 1;
			uv_timer_start(&j->timer, exit_grace, 1000, 0);
		}
		return;
	}
	j->reported = 1;
	uv_timer_stop(&j->timer);
	if (j->timed_out)
		snprintf(r->error, sizeof r->error, "command %s: killed after the timeout", j->name);
	else if (j->too_big)
		snprintf(r->error, sizeof r->error, "command %s: output larger than %lld bytes", j->name,
			 (long long)j->max_output);
	else if (j->read_error && !j->is_send)
		snprintf(r->error, sizeof r->error, "command %s: reading its output: %s", j->name,
			 uv_strerror(j->read_error));
	else if (j->term_signal)
		snprintf(r->error, sizeof r->error, "command %s: killed by signal %d", j->name, j->term_signal);
	else if (j->exit_status != 0)
		snprintf(r->error, sizeof r->error, "command %s: exit status %lld", j->name, (long long)j->exit_status);
	if (*r->error)
		r->fail_class = j->timed_out ? NW_FAIL_TIMEOUT : j->too_big ? NW_FAIL_TOO_BIG : NW_FAIL_COMMAND;
	if (j->is_send) {
		r->answered = !j->timed_out && !j->term_signal;
		r->status = j->exit_status;
		r->ok = r->answered && j->exit_status == 0;
	} else if (!*r->error) {
		r->ok = 1;
		r->status = 200;
		if (!r->data)
			r->data = strdup("");
	}
	/* what the command left running in its process group (a child in the background) goes
	 * with it: SIGKILL for one that still held its output past the grace, SIGTERM for the
	 * others. Left, they piled up, one at every poll, until the unit's TasksMax. */
	if (j->proc.pid > 0)
		kill(-j->proc.pid, j->grace ? SIGKILL : SIGTERM);
	if (j->said) { /* what this run said is what the next is compared with */
		memcpy(j->said->last, j->said->now, j->said->nnow * sizeof *j->said->now);
		j->said->nlast = j->said->nnow;
	}
	job_unlink(j);
	if (!j->cancelled)
		j->cb(j->arg, r);
	job_next(j->f);
	uv_close((uv_handle_t *)&j->proc, job_closed);
	if (!uv_is_closing((uv_handle_t *)&j->out))
		uv_close((uv_handle_t *)&j->out, job_closed);
	if (j->has_in && !uv_is_closing((uv_handle_t *)&j->in))
		uv_close((uv_handle_t *)&j->in, job_closed);
	if (j->has_err)
		uv_close((uv_handle_t *)&j->err, job_closed);
	uv_close((uv_handle_t *)&j->timer, job_closed);
}

static void job_written(uv_write_t *w, int status)
{
	struct job *j = w->data;

	(void)status; /* a command that does not read its input is its business */
	if (!uv_is_closing((uv_handle_t *)&j->in))
		uv_close((uv_handle_t *)&j->in, job_closed);
}

static void job_exit(uv_process_t *p, int64_t status, int sig)
{
	struct job *j = p->data;

	j->exited = 1;
	j->exit_status = status;
	j->term_signal = sig;
	job_finish(j);
}

static void job_alloc(uv_handle_t *h, size_t hint, uv_buf_t *buf)
{
	struct job *j = h->data;
	size_t want = j->res.len + 65536 + 1;

	(void)hint;
	if (want > j->cap) {
		char *nd = realloc(j->res.data, want);
		if (!nd) {
			buf->base = NULL;
			buf->len = 0;
			return;
		}
		j->res.data = nd;
		j->cap = want;
	}
	buf->base = j->res.data + j->res.len;
	buf->len = 65536;
}

/* The command and whatever it started (its own process group): a child left holding the
 * pipe open must not keep us waiting. */
static void job_kill(struct job *j)
{
	if (j->proc.pid > 0)
		kill(-j->proc.pid, SIGKILL);
	uv_process_kill(&j->proc, SIGKILL);
	if (!j->eof) {
		uv_read_stop((uv_stream_t *)&j->out);
		j->eof = 1;
	}
	err_stop(j);
}

/* The record of what the command of label said, made at its first line (NULL: no memory). */
static struct said *said_of(struct nw_fetcher *f, const char *label)
{
	struct said *sd;

	for (sd = f->said; sd; sd = sd->next)
		if (strcmp(sd->label, label) == 0)
			return sd;
	if (!(sd = calloc(1, sizeof *sd)) || !(sd->label = strdup(label))) {
		free(sd);
		return NULL;
	}
	sd->next = f->said;
	f->said = sd;
	return sd;
}

static uint32_t line_hash(const char *s)
{
	uint32_t h = 2166136261u; /* FNV-1a */

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static void err_line(struct job *j)
{
	const char *who = j->label ? j->label : j->name;

	j->errline[j->errlen] = '\0';
	if (j->errlen && j->err_lines < ERR_LINES_MAX) {
		struct said *sd = j->said;
		uint32_t h = line_hash(j->errline);
		int again = 0;
		for (size_t i = 0; sd && i < sd->nlast && !again; i++)
			again = sd->last[i] == h;
		if (sd && sd->nnow < ERR_LINES_MAX)
			sd->now[sd->nnow++] = h;
		if (again)
			log_debug("%s: %s (as at its last run)", who, j->errline);
		else
			log_warnx("%s: %s", who, j->errline);
	} else if (j->errlen && j->err_lines == ERR_LINES_MAX) {
		log_warnx("%s: more on its standard error, not logged", who);
	}
	j->err_lines += j->errlen > 0;
	j->errlen = 0;
}

/* No more reading of its standard error: what came without an end of line is logged. */
static void err_stop(struct job *j)
{
	if (!j->has_err || j->err_eof)
		return;
	uv_read_stop((uv_stream_t *)&j->err);
	err_line(j);
	j->err_eof = 1;
}

static void err_alloc(uv_handle_t *h, size_t hint, uv_buf_t *buf)
{
	struct job *j = h->data;

	(void)hint;
	*buf = uv_buf_init(j->errraw, sizeof j->errraw);
}

static void err_read(uv_stream_t *s, ssize_t n, const uv_buf_t *buf)
{
	struct job *j = s->data;

	for (ssize_t i = 0; i < n; i++) {
		char c = buf->base[i];
		if (c == '\n' || j->errlen + 1 == sizeof j->errline)
			err_line(j);
		if (c != '\n' && c != '\r') /* control characters (escapes, NULs) are not for the log */
			j->errline[j->errlen++] = (unsigned char)c < 0x20 || c == 0x7f ? '?' : c;
	}
	if (n >= 0)
		return;
	err_stop(j); /* its end: the last line too, if it had no end of line */
	job_finish(j);
}

static void job_read(uv_stream_t *s, ssize_t n, const uv_buf_t *buf)
{
	struct job *j = s->data;

	(void)buf;
	if (n > 0) {
		j->res.len += (size_t)n;
		j->res.data[j->res.len] = '\0';
		if ((int64_t)j->res.len > j->max_output && !j->too_big) {
			j->too_big = 1; /* the cap holds: stop reading and stop the program */
			job_kill(j);
			job_finish(j);
		}
		return;
	}
	if (n == 0)
		return;
	if (n != UV_EOF) /* out of memory (job_alloc), or the pipe broke: the output is cut */
		j->read_error = (int)n;
	uv_read_stop(s);
	j->eof = 1;
	job_finish(j);
}

static void job_timeout(uv_timer_t *t)
{
	struct job *j = t->data;

	j->timed_out = 1;
	job_kill(j);
	job_finish(j);
}

static int start_job(struct nw_fetcher *f, const struct nw_fetch_req *req, nw_fetch_cb cb, void *arg)
{
	struct job *j = calloc(1, sizeof *j);
	uv_process_options_t o = { 0 };
	uv_stdio_container_t stdio[3];
	uv_file errfd[2] = { -1, -1 };
	int r;

	if (!j)
		return -ENOMEM;
	const struct nw_send *snd = req->send;
	char **args = NULL;
	int64_t timeout = req->timeout;

	j->f = f;
	j->cb = cb;
	j->arg = arg;
	if (snd) { /* an alert command: argv from the notifier, the alert on its stdin */
		if (!snd->argv.n || !(args = calloc(snd->argv.n + 1, sizeof *args)) ||
		    !(j->input = malloc(snd->body_len + 1))) {
			free(args);
			free(j);
			return -ENOMEM;
		}
		for (size_t i = 0; i < snd->argv.n; i++)
			args[i] = snd->argv.v[i];
		memcpy(j->input, snd->body ? snd->body : "", snd->body_len);
		j->is_send = 1;
		timeout = snd->timeout;
	}
	j->name = strdup(snd ? args[0] : req->argv[0]);
	j->label = req->label ? strdup(req->label) : NULL;
	if (j->label && (j->said = said_of(f, j->label)))
		j->said->nnow = 0;
	j->max_output = req->max_output > 0 ? req->max_output : f->max_size;
	j->proc.data = j->out.data = j->timer.data = j->in.data = j->wreq.data = j->err.data = j;
	uv_pipe_init(f->loop, &j->out, 0);
	uv_timer_init(f->loop, &j->timer);
	j->open = 2;
	if (snd) {
		uv_pipe_init(f->loop, &j->in, 0);
		j->has_in = 1;
		j->open = 3;
		stdio[0].flags = UV_CREATE_PIPE | UV_READABLE_PIPE;
		stdio[0].data.stream = (uv_stream_t *)&j->in;
		j->eof = 1;
	} else {
		stdio[0].flags = UV_IGNORE;
		stdio[1].flags = UV_CREATE_PIPE | UV_WRITABLE_PIPE;
		stdio[1].data.stream = (uv_stream_t *)&j->out;
	}
	/* its complaints (and what an alert command says) go to our log, a line at a time under
	 * its label; without a pipe for them, to our standard error as they are */
	if (uv_pipe(errfd, 0, 0) == 0) {
		uv_pipe_init(f->loop, &j->err, 0);
		j->has_err = 1;
		j->open++;
		if (uv_pipe_open(&j->err, errfd[0]) != 0) {
			close(errfd[0]);
			close(errfd[1]);
			errfd[1] = -1;
			j->err_eof = 1; /* nothing to read */
		}
	}
	stdio[2].flags = UV_INHERIT_FD;
	stdio[2].data.fd = errfd[1] >= 0 ? errfd[1] : 2;
	if (snd)
		stdio[1] = stdio[2];
	o.file = snd ? args[0] : req->argv[0];
	o.args = snd ? args : (char **)req->argv;
	o.stdio = stdio;
	o.stdio_count = 3;
	o.exit_cb = job_exit;
	o.flags = UV_PROCESS_DETACHED; /* its own process group, so all of it can be stopped */
	r = uv_spawn(f->loop, &j->proc, &o);
	free(args);
	if (errfd[1] >= 0)
		close(errfd[1]); /* the command's end: it has its own copy */
	if (r != 0) {
		/* a failed spawn fires no callback: the handles are closed here */
		snprintf(j->res.error, sizeof j->res.error, "command %s: %s", j->name, uv_strerror(r));
		j->res.fail_class = NW_FAIL_COMMAND;
		cb(arg, &j->res);
		/* libuv keeps even a process handle that failed to spawn: it is closed too */
		j->open++;
		uv_close((uv_handle_t *)&j->proc, job_closed);
		uv_close((uv_handle_t *)&j->out, job_closed);
		uv_close((uv_handle_t *)&j->timer, job_closed);
		if (j->has_in)
			uv_close((uv_handle_t *)&j->in, job_closed);
		if (j->has_err)
			uv_close((uv_handle_t *)&j->err, job_closed);
		return 0;
	}
	j->open++;
	j->open_counted = 1;
	f->open_handles++;
	if (snd) {
		uv_buf_t b = uv_buf_init(j->input, (unsigned)snd->body_len);
		if (uv_write(&j->wreq, (uv_stream_t *)&j->in, &b, 1, job_written) != 0)
			uv_close((uv_handle_t *)&j->in, job_closed);
	} else {
		uv_read_start((uv_stream_t *)&j->out, job_alloc, job_read);
	}
	if (j->has_err && !j->err_eof)
		uv_read_start((uv_stream_t *)&j->err, err_alloc, err_read);
	uv_timer_start(&j->timer, job_timeout, (uint64_t)(timeout > 0 ? timeout : f->timeout_ms), 0);
	j->next = f->jobs;
	f->jobs = j;
	f->njobs++;
	return 0;
}

struct nw_fetcher *nw_fetcher_new(uv_loop_t *loop, const struct nw_daemon_conf *dc)
{
	struct nw_fetcher *f = calloc(1, sizeof *f);

	if (!f)
		return NULL;
	f->loop = loop;
	f->multi = curl_multi_init();
	/* and its multi handle's wake-up socketpair so too (no opensocket callback for that
	 * one): every exec feed's program and exec notifier inherited it */
	if (f->multi)
		cloexec_all();
	if (!f->multi || nw_fetcher_configure(f, dc) != 0 || uv_timer_init(loop, &f->timer) != 0) {
		if (f->multi)
			curl_multi_cleanup(f->multi);
		free(f->pool);
		free(f->user_agent);
		free(f);
		return NULL;
	}
	uv_timer_init(loop, &f->gap_timer);
	uv_mutex_init(&f->mail_mu);
	uv_async_init(loop, &f->mail_async, on_mailed);
	uv_unref((uv_handle_t *)&f->mail_async);
	f->open_handles = 3; /* the timers and the async */
	f->timer.data = f;
	f->gap_timer.data = f;
	f->mail_async.data = f;
	curl_multi_setopt(f->multi, CURLMOPT_SOCKETFUNCTION, on_socket);
	curl_multi_setopt(f->multi, CURLMOPT_SOCKETDATA, f);
	curl_multi_setopt(f->multi, CURLMOPT_TIMERFUNCTION, on_curl_timer);
	curl_multi_setopt(f->multi, CURLMOPT_TIMERDATA, f);
	return f;
}

int nw_fetcher_configure(struct nw_fetcher *f, const struct nw_daemon_conf *dc)
{
	size_t max_active = (size_t)dc->max_transfers;
	char *ua = strdup(dc->user_agent ? dc->user_agent : "newswatch/" PACKAGE_VERSION);
	CURL **np;

	if (!ua)
		return -ENOMEM;
	while (f->npool > max_active + 1) /* fewer transfers: fewer idle handles kept */
		curl_easy_cleanup(f->pool[--f->npool]);
	if (!(np = realloc(f->pool, (max_active + 1) * sizeof *np))) {
		free(ua);
		return -ENOMEM;
	}
	f->pool = np;
	f->poolcap = max_active + 1;
	free(f->user_agent); /* libcurl keeps copies of the strings it is given */
	f->user_agent = ua;
	f->max_active = max_active;
	f->timeout_ms = (long)dc->timeout;
	f->connect_ms = (long)dc->connect_timeout;
	/* whole seconds for libcurl, rounded up: 0 would turn the drip guard off (the option's
	 * least is 1s; 1500ms is 2 s, not 1) */
	f->low_speed_s = (long)((dc->low_speed_time + 999) / 1000);
	if (f->low_speed_s < 1)
		f->low_speed_s = 1;
	f->max_size = dc->max_size;
	f->spacing = (uint64_t)dc->spacing;
	if (f->per_host != (uint32_t)dc->per_host) { /* which hosts have room: counted again */
		f->per_host = (uint32_t)dc->per_host;
		f->startable = 0;
		for (struct xfer *x = f->wait_head; x; x = x->next)
			f->startable += has_room(f, host_at(f, x));
	}
	/* per_host counts transfers (next_startable), which over HTTP/2 share one connection;
	 * the connections are held to it too, alerts' included */
	curl_multi_setopt(f->multi, CURLMOPT_MAX_HOST_CONNECTIONS, (long)dc->per_host);
	curl_multi_setopt(f->multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, (long)dc->max_transfers);
	return 0; /* more room is used as transfers start or end (no callback from here) */
}

void nw_fetcher_kick(struct nw_fetcher *f)
{
	pump(f);
	job_next(f);
}

size_t nw_fetcher_hosts(const struct nw_fetcher *f)
{
	return f->nhosts;
}

int nw_fetch_start(struct nw_fetcher *f, const struct nw_fetch_req *req, nw_fetch_cb cb, void *arg)
{
	struct xfer *x;

	if (f->closing)
		return -ECANCELED;
	if (req->argv || (req->send && req->send->kind == NW_SEND_COMMAND)) /* commands: at most
										 * max_transfers at once */
		return f->njobs < f->max_active && !f->jwait_head ? start_job(f, req, cb, arg)
								  : queue_job(f, req, cb, arg);
	x = calloc(1, sizeof *x);
	if (!x)
		return -ENOMEM;
	x->f = f;
	x->cb = cb;
	x->arg = arg;
	x->allow_file = req->allow_file;
	x->send = req->send;
	x->wait_for = -1;
	x->url = strdup(req->send ? req->send->url : req->url);
	x->host = x->send || !x->url ? -1 : host_of(f, x->url);
	x->etag = req->etag ? strdup(req->etag) : NULL;
	x->last_modified = req->last_modified ? strdup(req->last_modified) : NULL;
	if (!x->url) {
		free(x);
		return -ENOMEM;
	}
	if (x->send) { /* an alert does not wait behind a cycle's feeds */
		x->next = f->wait_head;
		f->wait_head = x;
		if (!f->wait_tail)
			f->wait_tail = x;
	} else {
		if (f->wait_tail)
			f->wait_tail->next = x;
		else
			f->wait_head = x;
		f->wait_tail = x;
	}
	queued(f, x);
	pump(f);
	return 0;
}

size_t nw_fetcher_active(const struct nw_fetcher *f)
{
	size_t n = f->active;

	for (struct xfer *x = f->wait_head; x; x = x->next)
		n++;
	return n;
}

void nw_fetcher_close(struct nw_fetcher *f)
{
	struct xfer *x;

	if (!f || f->closing)
		return;
	f->closing = 1;
	/* commands still running are killed, those waiting dropped; no callback is called (one
	 * that has exited, held only by its standard error, is done with now) */
	for (struct job *j = f->jobs, *next; j; j = next) {
		next = j->next;
		j->cancelled = 1;
		job_kill(j);
		job_finish(j);
	}
	while (f->jwait_head) {
		struct job_wait *w = f->jwait_head;
		f->jwait_head = w->next;
		job_wait_free(w);
	}
	f->jwait_tail = f->jwait_sends = NULL;
	while ((x = f->wait_head)) {
		f->wait_head = x->next;
		xfer_free(x);
	}
	/* a mail still going out is stopped (within a second: on_mail_progress) and waited for;
	 * unrecorded as sent, it goes again at the next start, under the same id */
	for (x = f->active_list; x; x = x->next)
		if (x->threaded)
			__atomic_store_n(&x->abort, 1, __ATOMIC_RELAXED);
	for (x = f->active_list; x; x = x->next)
		if (x->threaded) {
			uv_thread_join(&x->thread);
			x->threaded = 0;
		}
	/* a mail the server took (its thread done, or stopped only in its QUIT) is said so, for
	 * the outbox to record it: sent again at the next start, it would come twice */
	for (struct xfer **pp = &f->active_list; (x = *pp);) {
		if (x->send && x->send->kind == NW_SEND_SMTP && x->accepted) {
			*pp = x->next;
			finish(f, x, CURLE_OK);
		} else {
			pp = &x->next;
		}
	}
	while ((x = f->active_list)) {
		f->active_list = x->next;
		curl_multi_remove_handle(f->multi, x->easy);
		curl_easy_cleanup(x->easy);
		xfer_free(x);
	}
	f->mailed = NULL; /* those were in the active list too, freed above */
	for (size_t i = 0; i < f->npool; i++)
		curl_easy_cleanup(f->pool[i]);
	f->npool = 0;
	curl_multi_cleanup(f->multi);
	f->multi = NULL;
	while (f->socks)
		sock_close(f->socks);
	uv_timer_stop(&f->timer);
	uv_close((uv_handle_t *)&f->timer, on_handle_closed);
	uv_timer_stop(&f->gap_timer);
	uv_close((uv_handle_t *)&f->gap_timer, on_handle_closed);
	uv_close((uv_handle_t *)&f->mail_async, on_handle_closed);
}
