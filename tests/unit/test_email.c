/* test_email.c — unit tests for the email notifier's mail: a subject whose title is too long
 * for it is cut between characters (its encoded words decode to UTF-8) with an ellipsis; the
 * story's thread (In-Reply-To, References) is its own for a story named in Korean or
 * Japanese, and an ASCII name keeps the thread id it always had. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "../../plugins/notify_email/email.c"
#include "../../daemon/options.h"

/* A channel to smtp (NULL: smtp://mail.example.org) with starttls (NULL: the default) and a
 * password (NULL: none), as the conf loader sets it up: init()'s result, its message in err. */
static int setup_with(struct mail_ctx *c, const char *smtp, const char *starttls, const char *password, char *err,
		      size_t errlen)
{
	const char *sets[][2] = { { "smtp", smtp ? smtp : "smtp://mail.example.org" },
				  { "from", "newswatch <nw@example.org>" },
				  { "to", "me@example.org" },
				  { "starttls", starttls ? starttls : "required" } };

	memset(c, 0, sizeof *c);
	*err = '\0';
	assert_int_equal(nw_opt_defaults(nw_plugin.options, c), 0);
	for (size_t i = 0; i < sizeof sets / sizeof *sets; i++)
		assert_int_equal(nw_opt_set(nw_opt_find(nw_plugin.options, sets[i][0]), c, sets[i][0], sets[i][1], 0, 0,
					    err, errlen),
				 0);
	c->password = password ? strdup(password) : NULL; /* what password_file's content becomes */
	return nw_plugin.init(c, err, errlen);
}

static void setup(struct mail_ctx *c)
{
	char err[256];

	assert_int_equal(setup_with(c, NULL, NULL, NULL, err, sizeof err), 0);
}

static void teardown(struct mail_ctx *c)
{
	nw_plugin.fini(c);
	nw_opt_free(nw_plugin.options, c);
}

/* The mail of one alert (story, title). */
static const struct nw_strlist none;

/* An alert of story with title, none of its lists filled. */
static struct nw_alert alert_of(const char *story, const char *title)
{
	struct nw_alert a = { 0 };

	a.id = "0123456789abcdef0123456789abcdef";
	a.story = story;
	a.kind = "new";
	a.title = title;
	a.new_facts = &none;
	a.also_reported_by = &none;
	return a;
}

static char *mail_of(struct mail_ctx *c, const char *story, const char *title)
{
	struct nw_alert a = alert_of(story, title);
	size_t len = 0;
	char *m;

	m = compose(c, &a, &len);
	assert_non_null(m);
	return m;
}

/* The value of header name in mail m, unfolded (malloc'd). */
static char *header(const char *m, const char *name)
{
	char key[64], *v = NULL;
	size_t n = 0;
	const char *p, *e;

	snprintf(key, sizeof key, "\r\n%s: ", name);
	p = strstr(m, key);
	assert_non_null(p);
	p += strlen(key);
	for (;;) {
		e = strstr(p, "\r\n");
		assert_int_equal(nw_buf_printf(&v, &n, "%.*s", (int)(e - p), p), 0);
		if (e[2] != ' ')
			break;
		p = e + 3; /* a folded line: the encoded words go on */
	}
	return v;
}

/* An RFC 2047 subject (UTF-8, B) decoded. */
static char *decode_words(const char *s)
{
	char *out = NULL;
	size_t n = 0;

	while (*s) {
		const char *b = strstr(s, "=?UTF-8?B?"), *e;
		unsigned char raw[128];
		int len, pad = 0;
		if (!b) {
			assert_int_equal(nw_buf_printf(&out, &n, "%s", s), 0);
			break;
		}
		b += 10;
		e = strstr(b, "?=");
		assert_non_null(e);
		assert_true(e - b < 100);
		len = EVP_DecodeBlock(raw, (const unsigned char *)b, (int)(e - b));
		assert_true(len >= 0);
		pad = (e - b >= 1 && e[-1] == '=') + (e - b >= 2 && e[-2] == '=');
		assert_int_equal(nw_buf_printf(&out, &n, "%.*s", len - pad, (const char *)raw), 0);
		s = e + 2;
	}
	return out ? out : strdup("");
}

static void test_subject_long_title(void **state)
{
	struct mail_ctx c;
	char title[1300] = "", want[1300] = "[newswatch] story: ", *m, *subject, *text;

	(void)state;
	setup(&c);
	for (int i = 0; i < 400; i++)
		strcat(title, "가"); /* 1200 bytes: the subject was cut at 1023, inside a character */
	for (int i = 0; i < SUBJECT_TITLE_MAX - 1; i++)
		strcat(want, "가");
	strcat(want, "…");
	m = mail_of(&c, "story", title); /* 19 bytes before the title */
	subject = header(m, "Subject");
	text = decode_words(subject);
	assert_int_equal(nw_utf8_span(text, strlen(text)), strlen(text)); /* old: not UTF-8 */
	assert_string_equal(text, want);
	free(text);
	free(subject);
	free(m);
	teardown(&c);
}

static void test_thread_per_story(void **state)
{
	struct mail_ctx c;
	char *m1, *m2, *m3, *r1, *r2, *r3, *i1;

	(void)state;
	setup(&c);
	m1 = mail_of(&c, "오픈AI", "t");
	m2 = mail_of(&c, "구글AI", "t");
	m3 = mail_of(&c, "openai-microsoft", "t");
	r1 = header(m1, "References");
	r2 = header(m2, "References");
	r3 = header(m3, "References");
	i1 = header(m1, "In-Reply-To");
	assert_string_not_equal(r1, r2); /* old: both <story.------AI@example.org> */
	assert_string_equal(r1, i1);
	assert_int_equal(strlen(r1), strlen("<story.@example.org>") + 32);
	assert_null(strpbrk(r1 + 7, "-"));                        /* the hex of a hash */
	assert_string_equal(r3, "<story.openai-microsoft@example.org>"); /* as before */
	free(r1);
	free(r2);
	free(r3);
	free(i1);
	free(m1);
	free(m2);
	free(m3);
	teardown(&c);
}

/* starttls = optional would give the password to whoever strips STARTTLS: refused with it */
static void test_starttls_optional_password(void **state)
{
	struct mail_ctx c;
	char err[256];

	(void)state;
	assert_int_equal(setup_with(&c, NULL, "optional", "pw", err, sizeof err), -1); /* old: 0 */
	assert_non_null(strstr(err, "starttls = optional would send the password in clear"));
	nw_opt_free(nw_plugin.options, &c); /* init failed: no fini() */
	assert_int_equal(setup_with(&c, NULL, "optional", NULL, err, sizeof err), 0); /* no password */
	teardown(&c);
	assert_int_equal(setup_with(&c, NULL, "required", "pw", err, sizeof err), 0);
	teardown(&c);
	assert_int_equal(setup_with(&c, "smtps://mail.example.org", "optional", "pw", err, sizeof err), 0); /* TLS first */
	teardown(&c);
}

/* a display name in Hangul is kept, in encoded words before the address (it was dropped);
 * an address in other characters than ASCII is refused at init (no SMTPUTF8) */
static void test_from_name(void **state)
{
	struct mail_ctx c;
	char err[256], *m, *from, *text;

	(void)state;
	setup(&c);
	free(c.from);
	c.from = strdup("\"뉴스와치 알림\" <nw@example.org>");
	m = mail_of(&c, "story", "t");
	from = header(m, "From");
	assert_non_null(strstr(from, "=?UTF-8?B?"));
	assert_non_null(strstr(from, " <nw@example.org>"));
	*strstr(from, " <nw@example.org>") = '\0';
	text = decode_words(from);
	assert_string_equal(text, "뉴스와치 알림"); /* old: the bare address alone */
	free(text);
	free(from);
	free(m);
	teardown(&c);
	memset(&c, 0, sizeof c);
	assert_int_equal(nw_opt_defaults(nw_plugin.options, &c), 0);
	assert_int_equal(nw_opt_set(nw_opt_find(nw_plugin.options, "smtp"), &c, "smtp", "smtp://m.example.org", 0, 0, err, sizeof err), 0);
	assert_int_equal(nw_opt_set(nw_opt_find(nw_plugin.options, "from"), &c, "from", "뉴스@example.org", 0, 0, err, sizeof err), 0);
	assert_int_equal(nw_opt_set(nw_opt_find(nw_plugin.options, "to"), &c, "to", "me@example.org", 0, 0, err, sizeof err), 0);
	assert_int_not_equal(nw_plugin.init(&c, err, sizeof err), 0);
	assert_non_null(strstr(err, "an address in ASCII only"));
	nw_opt_free(nw_plugin.options, &c);
}

/* A recipient with a name: "홍길동 <desk@example.org>" and "Kim, Cheolsu" <kim@example.org> (its
 * comma inside the quotes, which the conf reader cut the list at) go to their bare addresses
 * (RCPT TO), and are shown in To with their names, a Korean one in encoded words. Before,
 * both were refused as "not an address". One without its closing '>' still is. */
static void test_to_names(void **state)
{
	struct mail_ctx c;
	struct nw_send s = { 0 };
	struct nw_alert a = alert_of("story", "t");
	char err[512], *m, *to, *name;

	(void)state;
	memset(&c, 0, sizeof c);
	assert_int_equal(nw_opt_defaults(nw_plugin.options, &c), 0);
	assert_int_equal(nw_opt_set(nw_opt_find(nw_plugin.options, "smtp"), &c, "smtp", "smtp://m.example.org", 0, 0, err, sizeof err), 0);
	assert_int_equal(nw_opt_set(nw_opt_find(nw_plugin.options, "from"), &c, "from", "nw@example.org", 0, 0, err, sizeof err), 0);
	assert_int_equal(nw_opt_set(nw_opt_find(nw_plugin.options, "to"), &c, "to",
				    "홍길동 <desk@example.org>, \"Kim, Cheolsu\" <kim@example.org>, me@example.org", 0, 0, err,
				    sizeof err),
			 0);
	assert_int_equal(nw_plugin.init(&c, err, sizeof err), 0);
	m = mail_of(&c, "story", "t");
	to = header(m, "To");
	assert_non_null(strstr(to, "?= <desk@example.org>,\"Kim, Cheolsu\" <kim@example.org>,me@example.org"));
	*strstr(to, " <desk@example.org>") = '\0';
	name = decode_words(to);
	assert_string_equal(name, "홍길동");
	assert_int_equal(nw_plugin.prepare(&c, &a, &s, err, sizeof err), 0);
	assert_int_equal(s.rcpt.n, 3);
	assert_string_equal(s.rcpt.v[0], "desk@example.org");
	assert_string_equal(s.rcpt.v[1], "kim@example.org");
	assert_string_equal(s.rcpt.v[2], "me@example.org");
	nw_send_free(&s);
	free(name);
	free(to);
	free(m);
	teardown(&c);

	memset(&c, 0, sizeof c);
	assert_int_equal(nw_opt_defaults(nw_plugin.options, &c), 0);
	assert_int_equal(nw_opt_set(nw_opt_find(nw_plugin.options, "smtp"), &c, "smtp", "smtp://m.example.org", 0, 0, err, sizeof err), 0);
	assert_int_equal(nw_opt_set(nw_opt_find(nw_plugin.options, "from"), &c, "from", "nw@example.org", 0, 0, err, sizeof err), 0);
	assert_int_equal(nw_opt_set(nw_opt_find(nw_plugin.options, "to"), &c, "to", "Kim <kim@example.org, 김 <김@example.org>", 0, 0,
				    err, sizeof err),
			 0);
	assert_int_not_equal(nw_plugin.init(&c, err, sizeof err), 0);
	assert_non_null(strstr(err, "to: 'Kim <kim@example.org' is not an address"));
	assert_non_null(strstr(err, "to: '김@example.org': an address in ASCII only"));
	nw_opt_free(nw_plugin.options, &c);
}

/* A channel whose from and to are as given: init()'s result, its message in err. */
static int setup_names(struct mail_ctx *c, const char *from, const char *to, char *err, size_t errlen)
{
	memset(c, 0, sizeof *c);
	*err = '\0';
	assert_int_equal(nw_opt_defaults(nw_plugin.options, c), 0);
	assert_int_equal(nw_opt_set(nw_opt_find(nw_plugin.options, "smtp"), c, "smtp", "smtp://m.example.org", 0, 0, err, errlen), 0);
	assert_int_equal(nw_opt_set(nw_opt_find(nw_plugin.options, "from"), c, "from", from, 0, 0, err, errlen), 0);
	assert_int_equal(nw_opt_set(nw_opt_find(nw_plugin.options, "to"), c, "to", to, 0, 0, err, errlen), 0);
	return nw_plugin.init(c, err, errlen);
}

/* Hostile names. A double quote left open is refused: the pieces to the list's end were
 * joined to close it and the last mailbox alone kept ('"Bob <bob@...>, Carol <carol@...>'
 * went to Carol only), or the header showed an open quoted string ('"A\" <a@...>': no
 * address to a reader). A name of 1,000 characters is written in encoded words, which fold:
 * as written, its line was past the 998 characters a server takes. A quoted pair in a quoted
 * name is its character alone. */
static void test_names_hostile(void **state)
{
	struct mail_ctx c;
	char err[1024], big[1100], *m, *to, *name;

	(void)state;
	assert_int_not_equal(setup_names(&c, "nw@example.org", "\"Bob <bob@example.org>, Carol <carol@example.org>", err,
					 sizeof err),
			     0);
	assert_non_null(strstr(err, "a double quote is not closed"));
	nw_opt_free(nw_plugin.options, &c);
	assert_int_not_equal(setup_names(&c, "nw@example.org", "\"A\\\" <a@example.org>", err, sizeof err), 0);
	assert_non_null(strstr(err, "to: '\"A\\\" <a@example.org>': a double quote is not closed"));
	nw_opt_free(nw_plugin.options, &c);
	assert_int_not_equal(setup_names(&c, "\"A\\\" <a@example.org>", "me@example.org", err, sizeof err), 0);
	assert_non_null(strstr(err, "from: '\"A\\\" <a@example.org>': a double quote is not closed"));
	nw_opt_free(nw_plugin.options, &c);

	memset(big, 'A', 1000);
	strcpy(big + 1000, " <a@example.org>");
	assert_int_equal(setup_names(&c, big, big, err, sizeof err), 0);
	m = mail_of(&c, "story", "t");
	for (const char *p = m, *e; (e = strstr(p, "\r\n")) && e != p; p = e + 2)
		assert_true(e - p <= 78);
	to = header(m, "To");
	name = decode_words(to);
	assert_string_equal(name + 1000, " <a@example.org>");
	assert_int_equal(strspn(name, "A"), 1000);
	free(name);
	free(to);
	to = header(m, "From");
	name = decode_words(to);
	assert_string_equal(name + 1000, " <a@example.org>");
	free(name);
	free(to);
	free(m);
	teardown(&c);

	assert_int_equal(setup_names(&c, "nw@example.org", "\"홍\\\"길\\\"동\" <h@example.org>", err, sizeof err), 0);
	m = mail_of(&c, "story", "t");
	to = header(m, "To");
	name = decode_words(to);
	assert_string_equal(name, "홍\"길\"동 <h@example.org>");
	free(name);
	free(to);
	free(m);
	teardown(&c);
}

/* An ASCII display name with a comma (or another special) is quoted: unquoted, a reader sees
 * two mailboxes, the first without a domain, and a strict server refuses the mail. One with
 * none, or already quoted, is as written. */
static void test_from_specials(void **state)
{
	static const char *const cases[][2] = {
		{ "Alerts, Newswatch <nw@example.org>", "\"Alerts, Newswatch\" <nw@example.org>" },
		{ "J. \"JJ\" Doe <nw@example.org>", "\"J. \\\"JJ\\\" Doe\" <nw@example.org>" },
		{ "\"Alerts, Newswatch\" <nw@example.org>", "\"Alerts, Newswatch\" <nw@example.org>" },
		{ "newswatch <nw@example.org>", "newswatch <nw@example.org>" },
		{ "nw@example.org", "nw@example.org" },
	};
	struct mail_ctx c;

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char *m, *from;
		setup(&c);
		free(c.from);
		c.from = strdup(cases[i][0]);
		m = mail_of(&c, "story", "t");
		from = header(m, "From");
		assert_string_equal(from, cases[i][1]); /* old: Alerts, Newswatch <nw@example.org> */
		free(from);
		free(m);
		teardown(&c);
	}
}

/* A title's "=?UTF-8?B?...?=" is shown as written: the subject is encoded as a whole, so
 * that a reader does not decode the feed's words into a subject of the feed's choosing. */
static void test_subject_encoded_word(void **state)
{
	struct mail_ctx c;
	char *m, *subj, *text;

	(void)state;
	setup(&c);
	m = mail_of(&c, "story", "CEO says =?UTF-8?B?UmU6IFlvdXIgcGFzc3dvcmQ=?= in memo");
	subj = header(m, "Subject");
	text = decode_words(subj);
	assert_non_null(strstr(text, "CEO says =?UTF-8?B?UmU6IFlvdXIgcGFzc3dvcmQ=?= in memo")); /* old: "Re: Your password" */
	free(text);
	free(subj);
	free(m);
	teardown(&c);
}

/* An English title of 168 characters: the Subject was one line of 205, past the 78 RFC 5322
 * says a line should keep to; it is folded before spaces, each line at most 78 (a word
 * longer than a line whole), and unfolded (each CRLF before a blank removed) it is the
 * subject as it was, spaces and all. */
static void test_subject_folded(void **state)
{
	struct mail_ctx c;
	char title[400] = "", want[512], *m, *v = NULL;
	const char *p, *e;
	size_t n = 0, lines = 0;

	(void)state;
	setup(&c);
	for (int i = 0; i < 7; i++) /* with what follows, 168 characters: not cut */
		strcat(title, i ? " Microsoft" : "OpenAI");
	strcat(title, "  two-spaces https://example.com/a-very-long-path-that-is-longer-than-one-line-of-a-header-on-its-own end");
	snprintf(want, sizeof want, "[newswatch] story: %s", title);
	m = mail_of(&c, "story", title);
	p = strstr(m, "\r\nSubject: ");
	assert_non_null(p);
	p += 2;
	for (;;) { /* the header's lines, unfolded */
		e = strstr(p, "\r\n");
		assert_true(e - p <= 78 || !memchr(p + 1, ' ', (size_t)(e - p - 1)));
		assert_int_equal(nw_buf_printf(&v, &n, "%.*s", (int)(e - p), p), 0);
		lines++;
		if (e[2] != ' ')
			break;
		p = e + 2;
	}
	assert_true(lines >= 3); /* old: 1 */
	assert_string_equal(v + strlen("Subject: "), want);
	free(v);
	free(m);
	teardown(&c);
}

/* timeout unset: the 10 minutes RFC 5321 gives the reply to the end of a message, not the
 * daemon's 60 s (a slow server got the mail again at every retry); set, as set */
static void test_timeout(void **state)
{
	struct mail_ctx c;
	struct nw_alert a = alert_of("story", "t");
	struct nw_send s = { 0 };
	char err[256];

	(void)state;
	setup(&c);
	assert_int_equal(mail_prepare(&c, &a, &s, err, sizeof err), 0);
	assert_int_equal(s.timeout, 600000); /* old: 0, the daemon's 60 s */
	nw_send_free(&s);
	c.timeout = 30000;
	memset(&s, 0, sizeof s);
	assert_int_equal(mail_prepare(&c, &a, &s, err, sizeof err), 0);
	assert_int_equal(s.timeout, 30000);
	nw_send_free(&s);
	teardown(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_subject_long_title),
		cmocka_unit_test(test_thread_per_story),
		cmocka_unit_test(test_starttls_optional_password),
		cmocka_unit_test(test_timeout),
		cmocka_unit_test(test_from_name),
		cmocka_unit_test(test_from_specials),
		cmocka_unit_test(test_to_names),
		cmocka_unit_test(test_names_hostile),
		cmocka_unit_test(test_subject_encoded_word),
		cmocka_unit_test(test_subject_folded),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
