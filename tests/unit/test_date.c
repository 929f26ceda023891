/* test_date.c — unit tests for nw_date_parse/nw_date_format: the date formats feeds use
 * (RFC 822 and its variants, W3CDTF/RFC 3339 with partial precision, oddities seen in the
 * wild) parsed to the right instant, and non-dates refused. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../daemon/newswatch-plugin.h"

struct want {
	const char *in;
	const char *out; /* RFC 3339 UTC, or NULL for "not a date" */
};

static void check(const struct want *w, size_t n)
{
	char buf[32];

	for (size_t i = 0; i < n; i++) {
		int64_t t = nw_date_parse(w[i].in);

		if (!w[i].out) {
			if (t != NW_TIME_NONE)
				fail_msg("%s: expected no date", w[i].in);
			continue;
		}
		if (t == NW_TIME_NONE)
			fail_msg("%s: not parsed", w[i].in);
		nw_date_format(t, buf, sizeof(buf));
		if (strcmp(buf, w[i].out))
			fail_msg("%s: got %s, want %s", w[i].in, buf, w[i].out);
	}
}

static void test_rfc822(void **state)
{
	static const struct want w[] = {
		{ "Thu, 01 Jan 2004 19:48:21 GMT", "2004-01-01T19:48:21Z" },
		{ "Sat, 07 Sep 2002 00:00:01 GMT", "2002-09-07T00:00:01Z" },
		{ "Mon, 20 Nov 2023 16:53:00 +0900", "2023-11-20T07:53:00Z" },
		{ "Mon, 20 Nov 2023 02:53:00 -0500", "2023-11-20T07:53:00Z" },
		{ "Mon, 20 Nov 2023 02:53:00 EST", "2023-11-20T07:53:00Z" },
		{ "Mon, 20 Nov 2023 00:53:00 PDT", "2023-11-20T07:53:00Z" },
		{ "Mon, 20 Nov 2023 16:53:00 KST", "2023-11-20T07:53:00Z" },
		{ "Tue, 05 Mar 2024 14:22:10 +0900 (KST)", "2024-03-05T05:22:10Z" }, /* the zone named after its offset */
		{ "Tue, 05 Mar 2024 14:22:10 +0000 (UTC)", "2024-03-05T14:22:10Z" },
		{ "Mon, 20 Nov 2023 16:53:00 KST +0900", "2023-11-20T07:53:00Z" }, /* not +18h */
		{ "Mon, 20 Nov 2023 07:53:00 GMT+0900", "2023-11-19T22:53:00Z" },
		{ "Mon, 20 Nov 2023 07:53:00 UT", "2023-11-20T07:53:00Z" },
		{ "Mon, 20 Nov 2023 07:53:00 Z", "2023-11-20T07:53:00Z" },
		{ "20 Nov 2023 07:53 GMT", "2023-11-20T07:53:00Z" },          /* no weekday, no secs */
		{ "Thu, 01 Jan 04 19:48:21 GMT", "2004-01-01T19:48:21Z" },    /* 2-digit year */
		{ "Thu, 01 Jan 99 19:48:21 GMT", "1999-01-01T19:48:21Z" },
		{ "Thu, 1 January 2004 19:48:21 GMT", "2004-01-01T19:48:21Z" },
		{ "Thursday, 01-Jan-2004 19:48:21 GMT", "2004-01-01T19:48:21Z" },
		{ "Thu, 01 Jan 2004 19:48:21", "2004-01-01T19:48:21Z" },      /* no zone: UTC */
		{ "Thu, 01 Jan 2004 19:48:21 +09:00", "2004-01-01T10:48:21Z" },
		{ "Thu, 01 Jan 2004 19:48:21 GMT+0100", "2004-01-01T18:48:21Z" },
		{ "Sun Jan  4 16:29:06 PST 2004", "2004-01-05T00:29:06Z" },   /* asctime */
		{ "Fri, 2006/09/15 08:19:53 EDT", "2006-09-15T12:19:53Z" },
		{ "Wed, 29 Feb 2012 12:00:00 GMT", "2012-02-29T12:00:00Z" },
		{ "Thu, 29 Feb 2013 12:00:00 GMT", NULL },                   /* no such day */
		{ "Thu, 32 Jan 2004 19:48:21 GMT", NULL },
		{ "Thu, 01 Foo 2004 19:48:21 GMT", NULL },
		{ "Thu, 01 Jan 2004 25:48:21 GMT", NULL },
	};

	(void)state;
	check(w, sizeof(w) / sizeof(w[0]));
}

static void test_w3cdtf(void **state)
{
	static const struct want w[] = {
		{ "2003-12-31T10:14:55Z", "2003-12-31T10:14:55Z" },
		{ "2003-12-31T10:14:55-08:00", "2003-12-31T18:14:55Z" },
		{ "2003-12-31T10:14:55.123+01:00", "2003-12-31T09:14:55Z" },
		{ "2002-10-13T09:00+01:00", "2002-10-13T08:00:00Z" },           /* no seconds */
		{ "2003-12-31", "2003-12-31T00:00:00Z" },
		{ "2003-12", "2003-12-01T00:00:00Z" },
		{ "2003", "2003-01-01T00:00:00Z" },
		{ "2003-12-31 10:14:55", "2003-12-31T10:14:55Z" },
		{ "2004-07-08 23:56:58.0", "2004-07-08T23:56:58Z" },           /* MSSQL */
		{ "20031231T101455Z", "2003-12-31T10:14:55Z" },                 /* compact */
		{ "2003-335", "2003-12-01T00:00:00Z" },                         /* ordinal */
		{ "2003-12-31T24:00:00Z", "2004-01-01T00:00:00Z" },
		{ "  2003-12-31T10:14:55Z\n", "2003-12-31T10:14:55Z" },
		{ "2003-13-01", NULL },
		{ "2003-12-31T10:61:00Z", NULL },
	};

	(void)state;
	check(w, sizeof(w) / sizeof(w[0]));
}

static void test_cjk(void **state)
{
	static const struct want w[] = {
		/* Korean (Nate, OnBlog): a.m./p.m. words, local time in Seoul */
		{ "2004-05-25 \xEC\x98\xA4\xED\x9B\x84 11:23:17", "2004-05-25T14:23:17Z" },
		{ "2004\xEB\x85\x84 05\xEC\x9B\x94 28\xEC\x9D\xBC  01:31:15 PM",
		  "2004-05-28T04:31:15Z" },
		/* Japanese: 2023年11月20日 16:53 */
		{ "2023\xE5\xB9\xB4" "11\xE6\x9C\x88" "20\xE6\x97\xA5 16:53", "2023-11-20T07:53:00Z" },
		/* the day of the week, whichever it is, in Seoul or Tokyo's time (only Monday's and
		 * Sunday's, the month and day words, were read, every other day was no date) */
		{ "2023/11/20(月) 16:53", "2023-11-20T07:53:00Z" },
		{ "2023/11/21(火) 16:53", "2023-11-21T07:53:00Z" },
		{ "2023-11-21 (화) 16:53", "2023-11-21T07:53:00Z" },
		{ "2023-11-24 (금) 09:05", "2023-11-24T00:05:00Z" },
		{ "2023年11月24日（金）9:05", "2023-11-24T00:05:00Z" },
		{ "2023년 11월 21일 화요일 오후 4:53", "2023-11-21T07:53:00Z" },
		/* the time in words */
		{ "2023년 11월 20일 16시 53분", "2023-11-20T07:53:00Z" },
		{ "2023年11月20日 16時53分", "2023-11-20T07:53:00Z" },
		{ "2024年3月5日 16時53分30秒", "2024-03-05T07:53:30Z" },
		{ "2024-03-05 16시 53분 12초", "2024-03-05T07:53:12Z" },
		{ "2024년 3월 5일 오후 4시", "2024-03-05T07:00:00Z" }, /* on the hour */
	};

	(void)state;
	check(w, sizeof(w) / sizeof(w[0]));
}

static void test_not_dates(void **state)
{
	static const struct want w[] = {
		{ "", NULL }, { "   ", NULL }, { "garbage", NULL }, { "yesterday", NULL },
		{ "12:00", NULL }, { "Jan", NULL }, { "\xFF\xFE", NULL }, { "1234567", NULL },
		{ "2003-12-31T10:14:55Z and some more words", NULL },
	};
	char longs[4096];

	(void)state;
	check(w, sizeof(w) / sizeof(w[0]));
	assert_true(nw_date_parse(NULL) == NW_TIME_NONE);
	memset(longs, '1', sizeof(longs) - 1);
	longs[sizeof(longs) - 1] = '\0';
	assert_true(nw_date_parse(longs) == NW_TIME_NONE);
}

static void test_format(void **state)
{
	char buf[32];

	(void)state;
	nw_date_format(0, buf, sizeof(buf));
	assert_string_equal(buf, "1970-01-01T00:00:00Z");
	nw_date_format(1700466780, buf, sizeof(buf));
	assert_string_equal(buf, "2023-11-20T07:53:00Z");
	nw_date_format(-86400, buf, sizeof(buf));
	assert_string_equal(buf, "1969-12-31T00:00:00Z");
	nw_date_format(NW_TIME_NONE, buf, sizeof(buf));
	assert_string_equal(buf, "");
	/* a short buffer is cut, never overrun */
	memset(buf, 'x', sizeof(buf));
	nw_date_format(0, buf, 5);
	assert_string_equal(buf, "1970");
	assert_int_equal(buf[6], 'x');
	/* round trip */
	assert_true(nw_date_parse("2023-11-20T07:53:00Z") == 1700466780);
}

/* nw_date_parse_local: a date without a zone is at the given offset; one with a zone, even
 * Z or GMT or a name, is as it says; an offset out of range is ignored. */
static void test_local(void **state)
{
	(void)state;
	assert_true(nw_date_parse_local("2023-11-20 16:53:00", 540) == 1700466780);
	assert_true(nw_date_parse_local("2023-11-20T16:53:00", 540) == 1700466780);
	assert_true(nw_date_parse_local("Mon, 20 Nov 2023 16:53:00", 540) == 1700466780);
	assert_true(nw_date_parse_local("2023\xEB\x85\x84 11\xEC\x9B\x94 20\xEC\x9D\xBC 15:53", 480) == 1700466780);
	assert_true(nw_date_parse_local("2023-11-20T07:53:00Z", 540) == 1700466780);
	assert_true(nw_date_parse_local("Mon, 20 Nov 2023 07:53:00 GMT", 540) == 1700466780);
	assert_true(nw_date_parse_local("Mon, 20 Nov 2023 16:53:00 KST", 480) == 1700466780);
	assert_true(nw_date_parse_local("2023-11-20T16:53:00+09:00", 0) == 1700466780);
	assert_true(nw_date_parse_local("2023-11-20 07:53:00", 0) == 1700466780);
	assert_true(nw_date_parse_local("2023-11-20 07:53:00", 100000) == 1700466780);
	assert_true(nw_date_parse_local("not a date", 540) == NW_TIME_NONE);
	assert_true(nw_date_parse_local("2023-11-20", 540) == nw_date_parse("2023-11-20"));
	/* nw_date_parse as before: UTC, or UTC+9 for Korean date words */
	assert_true(nw_date_parse("2023-11-20 07:53:00") == 1700466780);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc822), cmocka_unit_test(test_w3cdtf),
		cmocka_unit_test(test_cjk),    cmocka_unit_test(test_not_dates),
		cmocka_unit_test(test_format), cmocka_unit_test(test_local),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
