/* notify_email — alerts as mail through SMTP (libcurl, driven by the daemon's loop): STARTTLS
 * required on smtp:// unless told otherwise, TLS from the start on smtps://, AUTH with the
 * password from password_file. Each mail is MIME multipart/alternative (plain text and
 * HTML, UTF-8, base64) with an RFC 2047 subject, a Date, a Message-ID made of the alert id
 * (a resend is recognisably the same mail), and In-Reply-To/References naming the story's
 * thread, so a mail client shows one conversation per story. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <openssl/evp.h>
#include "newswatch-plugin.h"

#define SMTP_FINAL_REPLY_MS 600000 /* RFC 5321 4.5.3.2.6: the reply to the end of the data */

struct mail_ctx {
	char *smtp;
	char *from;
	struct nw_strlist to;
	char *username;
	char *password;
	int starttls; /* 0 required, 1 optional */
	char *ca_file;
	char *subject_prefix;
	int64_t timeout;
	/* derived */
	char *envelope_from; /* the bare address */
	char *domain;        /* for Message-IDs */
	struct nw_strlist rcpt_shown; /* to's recipients as given ("홍길동 <hong@example.org>") */
	struct nw_strlist rcpt;       /* and their bare addresses, for RCPT TO */
};

static const char *const starttls_modes[] = { "required", "optional", NULL };

static const struct nw_option mail_options[] = {
	{ "smtp", NW_OPT_STRING, NULL, 0, 0, NULL, offsetof(struct mail_ctx, smtp), NW_OPT_REQUIRED | NW_OPT_INIT_CHECKS,
	  "Mail server: smtp://host:587 (STARTTLS) or smtps://host:465 (TLS from the start)." },
	{ "from", NW_OPT_STRING, NULL, 0, 0, NULL, offsetof(struct mail_ctx, from), NW_OPT_REQUIRED | NW_OPT_INIT_CHECKS,
	  "Sender address (\"newswatch <nw@example.com>\" or a bare address)." },
	{ "to", NW_OPT_LIST, NULL, 0, 0, NULL, offsetof(struct mail_ctx, to), NW_OPT_REQUIRED | NW_OPT_INIT_CHECKS,
	  "Recipients, comma-separated or on repeated lines: addresses, or \"Name <address>\" (a name in any script; in double quotes if it has a comma). One the server refuses for good (5xx at RCPT TO) is skipped and the others get the mail; one told to try later (4xx) gets it at a retry; all refused, it is retried." },
	{ "username", NW_OPT_STRING, NULL, 0, 0, NULL, offsetof(struct mail_ctx, username), 0,
	  "SMTP AUTH user (default: the sender address, when password_file is set)." },
	{ "password_file", NW_OPT_SECRET_FILE, NULL, 0, 0, NULL, offsetof(struct mail_ctx, password), 0,
	  "File holding the SMTP AUTH password (not readable by others; or a LoadCredential= name)." },
	{ "starttls", NW_OPT_ENUM, "required", 0, 0, starttls_modes, offsetof(struct mail_ctx, starttls), 0,
	  "smtp://: required (refuse to send in clear) or optional (use STARTTLS when offered; not with password_file, which would then go in clear to a server, or anyone in between, that offers no STARTTLS)." },
	{ "ca_file", NW_OPT_STRING, NULL, 0, 0, NULL, offsetof(struct mail_ctx, ca_file), 0,
	  "PEM file of the CA that signed the server's certificate (a private CA), instead of the system's; an absolute path." },
	{ "subject_prefix", NW_OPT_STRING, "[newswatch]", 0, 0, NULL, offsetof(struct mail_ctx, subject_prefix), NW_OPT_EMPTY_OK,
	  "Put before every subject (left empty: nothing)." },
	{ "timeout", NW_OPT_DURATION, "0", 0, 3600000, NULL, offsetof(struct mail_ctx, timeout), 0,
	  "How long one attempt may take (0: 10 minutes, the time RFC 5321 gives a server to answer the end of a message; a connection not made fails sooner, at connect_timeout)." },
	{ NULL, 0, NULL, 0, 0, NULL, 0, 0, NULL },
};

static char *bare_address(const char *s)
{
	const char *lt = strrchr(s, '<'), *gt;

	if (lt && (gt = strchr(lt, '>')))
		return strndup(lt + 1, (size_t)(gt - lt - 1));
	while (*s == ' ')
		s++;
	return strdup(s);
}

static int has_8bit(const char *s);

static int valid_address(const char *a)
{
	const char *at = strchr(a, '@');

	return at && at != a && at[1] && !strpbrk(a, " \t\r\n<>,\"");
}

/* err: one more mistake after those already in it ("; " between): every mistake of a
 * channel is said at once, not one per --check-config. */
static void add_err(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void add_err(char *err, size_t errlen, const char *fmt, ...)
{
	size_t o = strlen(err);
	va_list ap;

	if (o + 3 >= errlen)
		return;
	if (o) {
		memcpy(err + o, "; ", 3);
		o += 2;
	}
	va_start(ap, fmt);
	vsnprintf(err + o, errlen - o, fmt, ap);
	va_end(ap);
}

static size_t quotes(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		if (*s == '\\' && s[1])
			s++;
		else
			n += *s == '"';
	return n;
}

/* to's recipients as given, and their bare addresses. The conf reader cut the list at every
 * comma, "Kim, Cheolsu" <kim@example.org> too: a piece that leaves a double quote open is
 * joined again with the next. -1 out of memory. */
static int recipients(struct mail_ctx *c)
{
	for (size_t i = 0; i < c->to.n; i++) {
		char *given = NULL, *addr;
		size_t len = 0;
		int r;

		if (nw_buf_printf(&given, &len, "%s", c->to.v[i]))
			return -1;
		while (quotes(given) % 2 && i + 1 < c->to.n)
			if (nw_buf_printf(&given, &len, ", %s", c->to.v[++i]))
				return -1;
		if (!(addr = bare_address(given))) {
			free(given);
			return -1;
		}
		r = nw_strlist_add(&c->rcpt_shown, given) || nw_strlist_add(&c->rcpt, addr);
		free(given);
		free(addr);
		if (r)
			return -1;
	}
	return 0;
}

static int mail_init(void *ctx, char *err, size_t errlen)
{
	struct mail_ctx *c = ctx;
	const char *host;
	int bad = 0;

	if (errlen)
		err[0] = '\0';
	/* the required ones may be missing (NW_OPT_INIT_CHECKS): said here with the rest */
	if (!c->smtp) {
		bad++, add_err(err, errlen, "smtp: required (smtp://HOST[:PORT] or smtps://HOST[:PORT])");
	} else if (strncasecmp(c->smtp, "smtp://", 7) != 0 && strncasecmp(c->smtp, "smtps://", 8) != 0) {
		bad++, add_err(err, errlen, "smtp must be smtp://HOST[:PORT] or smtps://HOST[:PORT]");
	} else {
		host = strstr(c->smtp, "://") + 3;
		if (strchr(host, '@') && strchr(host, '@') < host + strcspn(host, "/"))
			bad++, add_err(err, errlen, "smtp: no credentials in the address; use username and password_file");
	}
	/* refused, not warned about: stripping STARTTLS from a server's answer is all it takes
	 * to read the password, and a warning at start-up is seen once, if ever */
	if (c->starttls == 1 && c->password && c->smtp && strncasecmp(c->smtp, "smtp://", 7) == 0)
		bad++, add_err(err, errlen, "starttls = optional would send the password in clear to a server that offers no "
				     "STARTTLS; with password_file, use starttls = required or smtps://");
	if (!c->from)
		bad++, add_err(err, errlen, "from: required (the sender's address)");
	else if (strpbrk(c->from, "\r\n") || !(c->envelope_from = bare_address(c->from)) || !valid_address(c->envelope_from))
		bad++, add_err(err, errlen, "from: '%s' is not an address", c->from);
	else if (quotes(c->from) % 2)
		bad++, add_err(err, errlen, "from: '%s': a double quote is not closed", c->from);
	/* an address in other characters than ASCII needs SMTPUTF8 (RFC 6531), which is not
	 * used: refused here, not by a server at every alert (a display name may be any text) */
	else if (has_8bit(c->envelope_from))
		bad++, add_err(err, errlen, "from: '%s': an address in ASCII only (internationalised addresses need SMTPUTF8, "
				     "which newswatch does not use); a name before it may be in any script",
			c->envelope_from);
	if (!c->to.n)
		bad++, add_err(err, errlen, "to: required (the recipients' addresses)");
	if (recipients(c))
		goto nomem;
	for (size_t i = 0; i < c->rcpt.n; i++) {
		const char *given = c->rcpt_shown.v[i], *addr = c->rcpt.v[i], *lt = strrchr(given, '<');
		if (!valid_address(addr) || strpbrk(given, "\r\n") || (lt && given[strlen(given) - 1] != '>'))
			bad++, add_err(err, errlen, "to: '%s' is not an address", given);
		/* its pieces up to the list's end were joined to close it, and the mailbox left is
		 * the last one's: '"Bob <bob@example.org>, Carol <carol@example.org>' went to Carol
		 * alone, and '"A\\" <a@example.org>' showed a To no reader finds an address in */
		else if (quotes(given) % 2)
			bad++, add_err(err, errlen, "to: '%s': a double quote is not closed", given);
		else if (has_8bit(addr))
			bad++, add_err(err, errlen, "to: '%s': an address in ASCII only (internationalised addresses need "
					     "SMTPUTF8, which newswatch does not use); a name before it may be in any script",
				addr);
	}
	if (bad)
		goto fail;
	if (!(c->domain = strdup(strchr(c->envelope_from, '@') + 1)))
		goto nomem;
	return 0;
nomem:
	snprintf(err, errlen, "out of memory");
fail: /* fini() runs only for an instance whose init succeeded */
	free(c->envelope_from);
	c->envelope_from = NULL;
	nw_strlist_free(&c->rcpt_shown);
	nw_strlist_free(&c->rcpt);
	return -1;
}

static void mail_fini(void *ctx)
{
	struct mail_ctx *c = ctx;

	free(c->envelope_from);
	free(c->domain);
	nw_strlist_free(&c->rcpt_shown);
	nw_strlist_free(&c->rcpt);
}

/* ---- MIME ---- */

static int has_8bit(const char *s)
{
	for (; s && *s; s++)
		if ((unsigned char)*s >= 0x80)
			return 1;
	return 0;
}

/* base64 of len bytes, in lines of 76 with CRLF. */
static int put_base64(char **buf, size_t *blen, const unsigned char *p, size_t len)
{
	char line[80];

	for (size_t i = 0; i < len; i += 57) {
		size_t n = len - i < 57 ? len - i : 57;
		EVP_EncodeBlock((unsigned char *)line, p + i, (int)n);
		if (nw_buf_printf(buf, blen, "%s\r\n", line))
			return -1;
	}
	return 0;
}

/* A header value in RFC 2047 encoded words (UTF-8, base64), each of at most 75 characters,
 * never splitting a character, folded onto continuation lines. */
static int put_encoded_words(char **buf, size_t *blen, const char *s)
{
	size_t len = strlen(s), i = 0;
	int first = 1;

	while (i < len) {
		size_t n = 0;
		char word[80];
		/* 39 bytes of UTF-8 -> 52 of base64 + 12 of =?UTF-8?B?...?= */
		while (i + n < len) {
			size_t c = 1;
			while (i + n + c < len && ((unsigned char)s[i + n + c] & 0xC0) == 0x80)
				c++;
			if (n + c > 39)
				break;
			n += c;
		}
		if (!n)
			n = 1;
		EVP_EncodeBlock((unsigned char *)word, (const unsigned char *)s + i, (int)n);
		if (nw_buf_printf(buf, blen, "%s=?UTF-8?B?%s?=", first ? "" : "\r\n ", word))
			return -1;
		first = 0;
		i += n;
	}
	return 0;
}

/* An unstructured header's ASCII value after a name of col characters ("Subject: " is 9),
 * folded before a space where a line would pass 78 characters (RFC 5322 2.1.1, 2.2.3): a
 * reader unfolds it by removing the CRLF, the space kept. A word longer than a line stays
 * whole (the caller keeps the value under 998). */
static int put_folded(char **buf, size_t *blen, const char *s, size_t col)
{
	while (*s) {
		size_t word = strcspn(s + 1, " ") + 1; /* a space and the word after it, or the first word */
		if (*s == ' ' && col + word > 78 && col > 1) {
			if (nw_buf_printf(buf, blen, "\r\n"))
				return -1;
			col = 0;
		}
		if (nw_buf_printf(buf, blen, "%.*s", (int)word, s))
			return -1;
		col += word;
		s += word;
	}
	return 0;
}

/* The display name given[0, n) as a reader has it: without its double quotes and the
 * backslash of each quoted pair, when it is quoted as a whole. */
static char *name_text(const char *given, size_t n)
{
	char *name;
	size_t k = 0;

	if (n < 2 || given[0] != '"' || given[n - 1] != '"')
		return strndup(given, n);
	if (!(name = malloc(n)))
		return NULL;
	for (size_t i = 1; i + 1 < n; i++) {
		if (given[i] == '\\' && i + 2 < n)
			i++;
		name[k++] = given[i];
	}
	name[k] = '\0';
	return name;
}

/* A mailbox of From or To as the conf gives it (addr: its bare address); a display name in
 * other characters than ASCII in encoded words before the address (it was dropped, the bare
 * address left), and so is an ASCII one that would take the mailbox past a line of 78
 * characters: encoded words fold, and a name of 1,000 characters as written made a line past
 * the 998 that RFC 5322 allows (aiosmtpd, as it comes, answers it "500 Line too long"). */
static int put_mailbox(char **buf, size_t *blen, const char *given, const char *addr)
{
	const char *lt = strrchr(given, '<');
	size_t n, width;
	char *name;
	int r;

	if (!lt)
		return nw_buf_printf(buf, blen, "%s", has_8bit(given) ? addr : given);
	n = (size_t)(lt - given);
	while (n && (given[n - 1] == ' ' || given[n - 1] == '\t'))
		n--;
	/* "From: " (the longest start), the name quoted, " <", the address, ">" and a comma */
	width = 6 + 2 + n + 2 + strlen(addr) + 2;
	for (size_t i = 0; i < n; i++)
		width += given[i] == '"' || given[i] == '\\';
	if (width > 78)
		goto encoded;
	if (!has_8bit(given) && (n < 2 || given[0] != '"' || given[n - 1] != '"') &&
	    strcspn(given, "()<>[]:;@\\,.\"") < n) {
		/* Alerts, Newswatch <nw@example.org>: two mailboxes to a reader, the first
		 * without a domain (a strict server refuses the mail), unless quoted */
		if (nw_buf_printf(buf, blen, "\""))
			return -1;
		for (size_t i = 0; i < n; i++)
			if (nw_buf_printf(buf, blen, "%s%c", given[i] == '"' || given[i] == '\\' ? "\\" : "",
					  given[i]))
				return -1;
		return nw_buf_printf(buf, blen, "\" <%s>", addr);
	}
	if (!has_8bit(given))
		return nw_buf_printf(buf, blen, "%s", given);
encoded:
	if (!(name = name_text(given, n)))
		return -1;
	r = (*name ? put_encoded_words(buf, blen, name) : 0) ||
	    nw_buf_printf(buf, blen, "%s<%s>", *name ? " " : "", addr);
	free(name);
	return r;
}

static int text_alert(char **t, size_t *tl, const struct nw_alert *a, int digest)
{
	char facts[600], also[600];

	nw_strlist_join(a->new_facts, facts, sizeof facts);
	nw_strlist_join(a->also_reported_by, also, sizeof also);
	if (digest && nw_buf_printf(t, tl, "* %s: %s — %s\r\n", nw_alert_kind_label(a->kind), a->story ? a->story : "?",
				    a->title ? a->title : "(untitled)"))
		return -1;
	if (!digest && nw_buf_printf(t, tl, "%s in %s\r\n\r\n%s\r\n", nw_alert_kind_label(a->kind), a->story ? a->story : "?",
				     a->title ? a->title : "(untitled)"))
		return -1;
	if ((a->link && nw_buf_printf(t, tl, "%s%s\r\n", digest ? "  " : "", a->link)) ||
	    nw_buf_printf(t, tl, "%sSource: %s%s%s\r\n", digest ? "  " : "\r\n", a->source ? a->source : "?",
			  a->published ? ", " : "", a->published ? a->published : "") ||
	    (*facts && nw_buf_printf(t, tl, "%sNew: %s\r\n", digest ? "  " : "", facts)) ||
	    (*also && nw_buf_printf(t, tl, "%sAlso reported by: %s\r\n", digest ? "  " : "", also)) ||
	    (!digest && a->summary && nw_buf_printf(t, tl, "\r\n%s\r\n", a->summary)) ||
	    (digest && nw_buf_printf(t, tl, "\r\n")))
		return -1;
	return 0;
}

static int html_alert(char **h, size_t *hl, const struct nw_alert *a, int digest)
{
	char facts[600], also[600];

	nw_strlist_join(a->new_facts, facts, sizeof facts);
	nw_strlist_join(a->also_reported_by, also, sizeof also);
	if (nw_buf_printf(h, hl, digest ? "<li><p><small>" : "<p><small>") || nw_buf_put_html(h, hl, nw_alert_kind_label(a->kind), 1) ||
	    nw_buf_printf(h, hl, " in ") || nw_buf_put_html(h, hl, a->story ? a->story : "?", 1) ||
	    nw_buf_printf(h, hl, "</small><br>\r\n<b>"))
		return -1;
	if (a->link && (nw_buf_printf(h, hl, "<a href=\"") || nw_buf_put_html(h, hl, a->link, 1) || nw_buf_printf(h, hl, "\">")))
		return -1;
	if (nw_buf_put_html(h, hl, a->title ? a->title : "(untitled)", 1) || (a->link && nw_buf_printf(h, hl, "</a>")) ||
	    nw_buf_printf(h, hl, "</b><br>\r\n<small>") || nw_buf_put_html(h, hl, a->source ? a->source : "?", 1) ||
	    (a->published && (nw_buf_printf(h, hl, ", ") || nw_buf_put_html(h, hl, a->published, 1))) ||
	    nw_buf_printf(h, hl, "</small></p>\r\n"))
		return -1;
	if (*facts && (nw_buf_printf(h, hl, "<p><b>New:</b> ") || nw_buf_put_html(h, hl, facts, 1) || nw_buf_printf(h, hl, "</p>\r\n")))
		return -1;
	if (*also && (nw_buf_printf(h, hl, "<p><small>Also reported by: ") || nw_buf_put_html(h, hl, also, 1) ||
		      nw_buf_printf(h, hl, "</small></p>\r\n")))
		return -1;
	if (!digest && a->summary &&
	    (nw_buf_printf(h, hl, "<p>") || nw_buf_put_html(h, hl, a->summary, 1) || nw_buf_printf(h, hl, "</p>\r\n")))
		return -1;
	return digest ? nw_buf_printf(h, hl, "</li>\r\n") : 0;
}

/* Something safe inside a Message-ID from a story name: an ASCII name as it is (what is not
 * a letter, digit, '.', '-' or '_' as '-'); a name with other characters as the hex of its
 * SHA-256 (128 bits), since those characters would all be '-' and 오픈AI and 구글AI share
 * one thread. */
static void id_part(const char *s, char *out, size_t len)
{
	size_t o = 0;

	if (has_8bit(s)) {
		unsigned char md[EVP_MAX_MD_SIZE];
		unsigned int mdlen = 0;
		static const char hx[] = "0123456789abcdef";

		if (!EVP_Digest(s, strlen(s), md, &mdlen, EVP_sha256(), NULL))
			mdlen = 0;
		for (unsigned i = 0; i < mdlen && i < 16 && o + 2 < len; i++) {
			out[o++] = hx[md[i] >> 4];
			out[o++] = hx[md[i] & 15];
		}
		out[o] = '\0';
		return;
	}
	for (; s && *s && o + 1 < len; s++)
		out[o++] = (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
				   *s == '.' || *s == '-' || *s == '_'
			   ? *s
			   : '-';
	out[o] = '\0';
}

static void rfc5322_date(time_t t, char *buf, size_t len)
{
	static const char *const days[] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
	static const char *const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
					      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	struct tm tm;

	gmtime_r(&t, &tm);
	snprintf(buf, len, "%s, %02d %s %04d %02d:%02d:%02d +0000", days[tm.tm_wday], tm.tm_mday, months[tm.tm_mon],
		 tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

#define SUBJECT_TITLE_MAX 200 /* characters of the title in a subject */

static char *compose(const struct mail_ctx *c, const struct nw_alert *a, size_t *outlen)
{
	const struct nw_alert *v = a->nitems ? a->items : a;
	size_t n = a->nitems ? a->nitems : 1, ml = 0, tl = 0, hl = 0;
	char *m = NULL, *t = NULL, *h = NULL, subject[1024], date[64], story[200], boundary[128], *title;
	int digest = a->nitems > 0;

	/* a subject is read at a glance: a title of pages is cut (between characters: the
	 * encoded words must decode to UTF-8) */
	if (!(title = nw_utf8_clip(a->title ? a->title : "(untitled)", SUBJECT_TITLE_MAX, 0)))
		return NULL;
	if (digest)
		nw_snprintf_utf8(subject, sizeof subject, "%s%s%zu alert%s%s%s", c->subject_prefix,
				 *c->subject_prefix ? " " : "", n, n == 1 ? "" : "s", a->story ? " in " : "",
				 a->story ? a->story : "");
	else
		nw_snprintf_utf8(subject, sizeof subject, "%s%s%s: %s", c->subject_prefix, *c->subject_prefix ? " " : "",
				 a->story ? a->story : "?", title);
	free(title);
	for (char *p = subject; *p; p++) /* a title never breaks the header */
		if (*p == '\r' || *p == '\n' || *p == '\t')
			*p = ' ';
	rfc5322_date(time(NULL), date, sizeof date);
	id_part(a->story, story, sizeof story);
	snprintf(boundary, sizeof boundary, "=_newswatch_%.40s", a->id ? a->id : "x");

	/* the two parts, before encoding */
	if (digest && nw_buf_printf(&t, &tl, "newswatch: %zu alert%s\r\n\r\n", n, n == 1 ? "" : "s"))
		goto nomem;
	if (nw_buf_printf(&h, &hl, "<!DOCTYPE html>\r\n<html><head><meta charset=\"utf-8\"></head><body>\r\n%s",
			  digest ? "<ul>\r\n" : ""))
		goto nomem;
	for (size_t i = 0; i < n; i++)
		if (text_alert(&t, &tl, &v[i], digest) || html_alert(&h, &hl, &v[i], digest))
			goto nomem;
	if (nw_buf_printf(&t, &tl, "\r\n-- \r\nnewswatch %s %s\r\n", digest ? "digest" : "alert", a->id ? a->id : "") ||
	    nw_buf_printf(&h, &hl, "%s<p><small>newswatch %s %s</small></p>\r\n</body></html>\r\n",
			  digest ? "</ul>\r\n" : "", digest ? "digest" : "alert", a->id ? a->id : ""))
		goto nomem;

	/* the headers */
	if (nw_buf_printf(&m, &ml, "Date: %s\r\nFrom: ", date) || put_mailbox(&m, &ml, c->from, c->envelope_from) ||
	    nw_buf_printf(&m, &ml, "\r\nTo: "))
		goto nomem;
	for (size_t i = 0; i < c->rcpt.n; i++)
		if (nw_buf_printf(&m, &ml, "%s", i ? ",\r\n " : "") ||
		    put_mailbox(&m, &ml, c->rcpt_shown.v[i], c->rcpt.v[i]))
			goto nomem;
	if (nw_buf_printf(&m, &ml, "\r\nSubject: "))
		goto nomem;
	/* a title's own "=?UTF-8?B?...?=" is text, not an encoded word to decode ("Re: Your
	 * password has expired" in a subject made of a feed's words) */
	if (has_8bit(subject) || strlen(subject) > 900 || strstr(subject, "=?") ? put_encoded_words(&m, &ml, subject)
						      : put_folded(&m, &ml, subject, 9))
		goto nomem;
	if (nw_buf_printf(&m, &ml, "\r\nMessage-ID: <%s@%s>\r\n", a->id ? a->id : "alert", c->domain))
		goto nomem;
	if (a->story && *story &&
	    nw_buf_printf(&m, &ml, "In-Reply-To: <story.%s@%s>\r\nReferences: <story.%s@%s>\r\n", story, c->domain, story,
			  c->domain))
		goto nomem;
	if (nw_buf_printf(&m, &ml,
			  "MIME-Version: 1.0\r\nAuto-Submitted: auto-generated\r\nX-Newswatch-Id: %s\r\n"
			  "Content-Type: multipart/alternative;\r\n boundary=\"%s\"\r\n\r\n"
			  "This is a MIME message in two parts: text and HTML.\r\n\r\n"
			  "--%s\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n",
			  a->id ? a->id : "", boundary, boundary) ||
	    put_base64(&m, &ml, (const unsigned char *)t, tl) ||
	    nw_buf_printf(&m, &ml, "\r\n--%s\r\nContent-Type: text/html; charset=utf-8\r\n"
				   "Content-Transfer-Encoding: base64\r\n\r\n", boundary) ||
	    put_base64(&m, &ml, (const unsigned char *)h, hl) || nw_buf_printf(&m, &ml, "\r\n--%s--\r\n", boundary))
		goto nomem;
	free(t);
	free(h);
	*outlen = ml;
	return m;
nomem:
	free(m);
	free(t);
	free(h);
	return NULL;
}

static int mail_prepare(void *ctx, const struct nw_alert *a, struct nw_send *s, char *err, size_t errlen)
{
	struct mail_ctx *c = ctx;

	s->kind = NW_SEND_SMTP;
	/* unset: the 10 minutes RFC 5321 (4.5.3.2.6) gives a server to answer the end of a
	 * message (one that scans it for viruses takes its time; given up on sooner, the mail
	 * went again at every retry, and the server delivered each) */
	s->timeout = c->timeout ? c->timeout : SMTP_FINAL_REPLY_MS;
	s->body = compose(c, a, &s->body_len);
	if (!s->body) {
		snprintf(err, errlen, "out of memory composing the mail");
		return NW_RETRY;
	}
	s->url = strdup(c->smtp);
	s->mail_from = strdup(c->envelope_from);
	for (size_t i = 0; i < c->rcpt.n; i++)
		if (nw_strlist_add(&s->rcpt, c->rcpt.v[i]))
			return NW_RETRY;
	if (c->password) {
		s->username = strdup(c->username ? c->username : c->envelope_from);
		s->password = strdup(c->password);
	}
	s->ca_file = c->ca_file ? strdup(c->ca_file) : NULL;
	s->tls_optional = c->starttls == 1;
	return s->url && s->mail_from ? 0 : NW_RETRY;
}

const struct nw_plugin nw_plugin = {
	.abi = NW_PLUGIN_ABI,
	.kind = NW_PLUGIN_NOTIFIER,
	.name = "email",
	.description = "Mail alerts through SMTP (STARTTLS or TLS, AUTH): text and HTML, threaded per story.",
	.options = mail_options,
	.ctx_size = sizeof(struct mail_ctx),
	.init = mail_init,
	.fini = mail_fini,
	.prepare = mail_prepare,
};
