/* date.c — the dates feeds publish, read forgivingly (RFC 822/1123 with named, military and
 * numeric zones, 2-digit years, missing seconds; W3CDTF/RFC 3339 with partial precision and
 * fractions; asctime; a few Korean/Japanese and numeric variants) and written as RFC 3339 UTC. */
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE /* timegm, gmtime_r */
#endif
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "newswatch-plugin.h"

#define MAX_DATE_LEN 256
#define MAX_TOKENS 48

enum tok_type { T_NUM, T_WORD, T_PUNCT };

struct tok {
	enum tok_type type;
	long val;      /* T_NUM */
	int nd;        /* digits in T_NUM */
	char s[16];    /* T_WORD (lower-cased, cut) / T_PUNCT (one char) */
};

static const char *const months[12][3] = {
	{ "jan", "january", "janv" }, { "feb", "february", "fev" }, { "mar", "march", "mars" },
	{ "apr", "april", "avr" }, { "may", "mai", "mayo" }, { "jun", "june", "juin" },
	{ "jul", "july", "juil" }, { "aug", "august", "aout" }, { "sep", "september", "sept" },
	{ "oct", "october", "octobre" }, { "nov", "november", "novembre" },
	{ "dec", "december", "decembre" },
};

static const char *const weekdays[] = {
	"mon", "monday", "tue", "tues", "tuesday", "wed", "wednesday", "thu", "thur", "thurs",
	"thursday", "fri", "friday", "sat", "saturday", "sun", "sunday", NULL,
};

/* Zone names seen in feeds, with their offsets in minutes. RFC 822's military letters are
 * taken the way RFC 1123 says their original sign was a mistake: only A, M, N, Y, Z. */
static const struct {
	const char *name;
	int minutes;
} zones[] = {
	{ "ut", 0 }, { "utc", 0 }, { "gmt", 0 }, { "z", 0 }, { "wet", 0 }, { "bst", 60 },
	{ "cet", 60 }, { "met", 60 }, { "cest", 120 }, { "mest", 120 }, { "eet", 120 },
	{ "eest", 180 }, { "msk", 180 }, { "ist", 330 }, { "sgt", 480 }, { "hkt", 480 },
	{ "awst", 480 }, { "kst", 540 }, { "jst", 540 }, { "acst", 570 }, { "aest", 600 },
	{ "aedt", 660 }, { "nzst", 720 }, { "nzdt", 780 }, { "adt", -180 }, { "ast", -240 },
	{ "at", -240 }, { "edt", -240 }, { "est", -300 }, { "et", -300 }, { "cdt", -300 },
	{ "cst", -360 }, { "ct", -360 }, { "mdt", -360 }, { "mst", -420 }, { "mt", -420 },
	{ "pdt", -420 }, { "pst", -480 }, { "pt", -480 }, { "akst", -540 }, { "akdt", -480 },
	{ "hst", -600 }, { "a", -60 }, { "n", 60 }, { "m", -720 }, { "y", 720 },
};

static int month_of(const char *w)
{
	for (int i = 0; i < 12; i++)
		for (int j = 0; j < 3; j++)
			if (!strcmp(w, months[i][j]))
				return i + 1;
	return 0;
}

static int is_weekday(const char *w)
{
	for (const char *const *d = weekdays; *d; d++)
		if (!strcmp(w, *d))
			return 1;
	return 0;
}

static int zone_of(const char *w, int *minutes)
{
	for (size_t i = 0; i < sizeof(zones) / sizeof(zones[0]); i++)
		if (!strcmp(w, zones[i].name)) {
			*minutes = zones[i].minutes;
			return 1;
		}
	return 0;
}

/* CJK date words become separators; 오전/오후 (Korean a.m./p.m.) become words. */
static const struct {
	const char *utf8;
	const char *as;
} cjk[] = {
	{ "\xEB\x85\x84", "-" },  /* 년 */
	{ "\xEC\x9B\x94", "-" },  /* 월 */
	{ "\xEC\x9D\xBC", " " },  /* 일 */
	{ "\xE5\xB9\xB4", "-" },  /* 年 */
	{ "\xE6\x9C\x88", "-" },  /* 月 */
	{ "\xE6\x97\xA5", " " },  /* 日 */
	{ "\xEC\x98\xA4\xEC\xA0\x84", "am" }, /* 오전 */
	{ "\xEC\x98\xA4\xED\x9B\x84", "pm" }, /* 오후 */
	{ "\xE5\x8D\x88\xE5\x89\x8D", "am" }, /* 午前 */
	{ "\xE5\x8D\x88\xE5\xBE\x8C", "pm" }, /* 午後 */
	/* the time in words: 16시 53분, 16時53分 */
	{ "\xEC\x8B\x9C", ":" },  /* 시 */
	{ "\xEB\xB6\x84", "m" },  /* 분 */
	{ "\xEC\xB4\x88", " " },  /* 초 */
	{ "\xE6\x99\x82", ":" },  /* 時 */
	{ "\xE5\x88\x86", "m" },  /* 分 */
	{ "\xE7\xA7\x92", " " },  /* 秒 */
	/* the day of the week, (화), (火), 화요일, 火曜日: passed over (월, 일, 月 and 日, Monday
	 * and Sunday, are the month and day words above, which read as well) */
	{ "\xED\x99\x94", " " },  /* 화 */
	{ "\xEC\x88\x98", " " },  /* 수 */
	{ "\xEB\xAA\xA9", " " },  /* 목 */
	{ "\xEA\xB8\x88", " " },  /* 금 */
	{ "\xED\x86\xA0", " " },  /* 토 */
	{ "\xEC\x9A\x94", " " },  /* 요(일) */
	{ "\xE7\x81\xAB", " " },  /* 火 */
	{ "\xE6\xB0\xB4", " " },  /* 水 */
	{ "\xE6\x9C\xA8", " " },  /* 木 */
	{ "\xE9\x87\x91", " " },  /* 金 */
	{ "\xE5\x9C\x9F", " " },  /* 土 */
	{ "\xE6\x9B\x9C", " " },  /* 曜(日) */
	{ "\xEF\xBC\x88", "(" },  /* full-width ( */
	{ "\xEF\xBC\x89", ")" },  /* full-width ) */
};

/* *cjk_seen: Korean/Japanese date words were used; such dates without a zone are local
 * time in Seoul or Tokyo (both UTC+9). */
static int tokenize(const char *s, struct tok *t, int max, int *cjk_seen)
{
	int n = 0;
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		if (n >= max)
			return -1;
		if (isspace(*p)) {
			p++;
			continue;
		}
		if (isdigit(*p)) {
			long v = 0;
			int nd = 0;

			while (isdigit(*p)) {
				if (nd < 15)
					v = v * 10 + (*p - '0');
				nd++;
				p++;
			}
			t[n].type = T_NUM;
			t[n].val = v;
			t[n].nd = nd;
			n++;
			continue;
		}
		if (isalpha(*p)) {
			size_t k = 0;

			while (isalpha(*p)) {
				if (k < sizeof(t[n].s) - 1)
					t[n].s[k++] = (char)tolower(*p);
				p++;
			}
			t[n].s[k] = '\0';
			t[n].type = T_WORD;
			n++;
			continue;
		}
		if (*p >= 0x80) {
			size_t i, l = 0;

			for (i = 0; i < sizeof(cjk) / sizeof(cjk[0]); i++) {
				l = strlen(cjk[i].utf8);
				if (!strncmp((const char *)p, cjk[i].utf8, l))
					break;
			}
			if (i == sizeof(cjk) / sizeof(cjk[0]))
				return -1;
			p += l;
			*cjk_seen = 1;
			{ /* 16시 53분 30초: the hour's word a colon, and the minutes' one where seconds
			   * follow; an hour alone (오후 4시) is on the hour */
				const unsigned char *q = p;
				while (isspace(*q))
					q++;
				if (cjk[i].as[0] == 'm') {
					if (!isdigit(*q))
						continue;
				} else if (cjk[i].as[0] == ':' && !isdigit(*q) && n + 2 < max) {
					t[n].type = T_PUNCT;
					strcpy(t[n].s, ":");
					t[++n].type = T_NUM;
					t[n].val = 0;
					t[n].nd = 2;
					n++;
					continue;
				}
			}
			if (cjk[i].as[0] == ' ')
				continue;
			if (strchr("-:()m", cjk[i].as[0])) {
				t[n].type = T_PUNCT;
				strcpy(t[n].s, cjk[i].as[0] == 'm' ? ":" : cjk[i].as);
			} else {
				t[n].type = T_WORD;
				strcpy(t[n].s, cjk[i].as);
			}
			n++;
			continue;
		}
		t[n].type = T_PUNCT;
		t[n].s[0] = (char)*p;
		t[n].s[1] = '\0';
		n++;
		p++;
	}
	return n;
}

static int is_punct(const struct tok *t, int i, int n, const char *set)
{
	return i < n && t[i].type == T_PUNCT && strchr(set, t[i].s[0]);
}

static int is_num(const struct tok *t, int i, int n)
{
	return i < n && t[i].type == T_NUM;
}

static int is_month_word(const struct tok *t, int i, int n)
{
	return i < n && t[i].type == T_WORD && month_of(t[i].s);
}

static int days_in(int y, int m)
{
	static const int d[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return d[m - 1];
}

static long digits(const char *d, int nd)
{
	long v = 0;

	while (nd-- > 0)
		v = v * 10 + (*d++ - '0');
	return v;
}

static long two_digit_year(long y, int nd)
{
	if (nd <= 2)
		return y < 90 ? 2000 + y : 1900 + y;
	return y;
}

/* The date in s; one with a time of day but no zone is at local minutes east of UTC, or,
 * given NO_LOCAL, at UTC (at UTC+9 when written with Korean or Japanese date words). */
#define NO_LOCAL (-100000)
static int64_t date_parse(const char *s, long local)
{
	struct tok t[MAX_TOKENS];
	long year = -1, month = -1, day = -1, yday = -1, hour = -1, min = -1, sec = -1;
	int ampm = 0, have_zone = 0, cjk_seen = 0, n, i;
	long zone = 0; /* minutes east of UTC */

	if (!s || strlen(s) > MAX_DATE_LEN)
		return NW_TIME_NONE;
	n = tokenize(s, t, MAX_TOKENS, &cjk_seen);
	if (n <= 0)
		return NW_TIME_NONE;

	for (i = 0; i < n; i++) {
		struct tok *k = &t[i];

		if (k->type == T_NUM && is_punct(t, i + 1, n, ":") && hour < 0 && is_num(t, i + 2, n)) {
			/* hh:mm[:ss[.frac]] */
			hour = k->val;
			min = t[i + 2].val;
			i += 2;
			if (is_punct(t, i + 1, n, ":") && is_num(t, i + 2, n)) {
				sec = t[i + 2].val;
				i += 2;
				if (is_punct(t, i + 1, n, ".,") && is_num(t, i + 2, n))
					i += 2;
			}
			continue;
		}
		if (k->type == T_NUM && (k->nd == 8 || k->nd == 14) && year < 0) {
			/* compact ISO 8601: YYYYMMDD[hhmmss] or YYYYMMDDThhmm[ss] */
			char d[16];

			snprintf(d, sizeof(d), "%0*ld", k->nd, k->val);
			year = digits(d, 4);
			month = digits(d + 4, 2);
			day = digits(d + 6, 2);
			if (k->nd == 14) {
				hour = digits(d + 8, 2);
				min = digits(d + 10, 2);
				sec = digits(d + 12, 2);
			} else if (i + 2 < n && t[i + 1].type == T_WORD && !strcmp(t[i + 1].s, "t") &&
				   is_num(t, i + 2, n) && (t[i + 2].nd == 4 || t[i + 2].nd == 6)) {
				long v = t[i + 2].val;

				if (t[i + 2].nd == 6) {
					sec = v % 100;
					v /= 100;
				} else {
					sec = 0;
				}
				hour = v / 100;
				min = v % 100;
				i += 2;
			}
			continue;
		}
		if (k->type == T_NUM && k->nd == 4 && year < 0) {
			year = k->val;
			/* YYYY-MM[-DD], YYYY/MM/DD, YYYY.MM.DD, YYYY-DDD */
			if (is_punct(t, i + 1, n, "-/.") && is_num(t, i + 2, n) && month < 0) {
				const char *sep = t[i + 1].s;

				if (t[i + 2].nd == 3) {
					yday = t[i + 2].val;
					i += 2;
					continue;
				}
				if (t[i + 2].nd > 2)
					return NW_TIME_NONE;
				month = t[i + 2].val;
				i += 2;
				if (is_punct(t, i + 1, n, sep) && is_num(t, i + 2, n) && t[i + 2].nd <= 2) {
					day = t[i + 2].val;
					i += 2;
				}
			} else if (is_punct(t, i + 1, n, "-") && is_month_word(t, i + 2, n) &&
				   month < 0) {
				/* 2004-Jan-01 */
				month = month_of(t[i + 2].s);
				i += 2;
				if (is_punct(t, i + 1, n, "-") && is_num(t, i + 2, n) && t[i + 2].nd <= 2) {
					day = t[i + 2].val;
					i += 2;
				}
			}
			continue;
		}
		if (k->type == T_NUM && k->nd <= 2) {
			if (day < 0 && month < 0 && year < 0 && is_punct(t, i + 1, n, "/.") &&
			    is_num(t, i + 2, n) && t[i + 2].nd <= 2 && is_punct(t, i + 3, n, t[i + 1].s) &&
			    is_num(t, i + 4, n) && (t[i + 4].nd == 4 || t[i + 4].nd == 2)) {
				long a = k->val, b = t[i + 2].val;

				/* 31.12.2003 is day first; 12/31/2003 month first unless it cannot be */
				if (t[i + 1].s[0] == '.' || a > 12) {
					day = a;
					month = b;
				} else {
					month = a;
					day = b;
				}
				year = two_digit_year(t[i + 4].val, t[i + 4].nd);
				i += 4;
				continue;
			}
			if (day < 0 && (is_month_word(t, i + 1, n) ||
					(is_punct(t, i + 1, n, "-/.") && is_month_word(t, i + 2, n)))) {
				day = k->val;
				continue;
			}
			if (month > 0 && day < 0) {
				day = k->val;
				continue;
			}
			if (month > 0 && day > 0 && year < 0) {
				year = two_digit_year(k->val, k->nd);
				continue;
			}
			return NW_TIME_NONE;
		}
		if (k->type == T_NUM) {
			/* a 4-digit year after the date (asctime, "Jan 1, 2004") */
			if (k->nd == 4 && year < 0) {
				year = k->val;
				continue;
			}
			return NW_TIME_NONE;
		}
		if (k->type == T_PUNCT && strchr("+-", k->s[0]) && hour >= 0 && is_num(t, i + 1, n)) {
			/* numeric zone: +hhmm, +hh, +hh:mm, +h */
			long v = t[i + 1].val, hh, mm = 0;
			int sign = k->s[0] == '-' ? -1 : 1;

			if (t[i + 1].nd == 4 || t[i + 1].nd == 3) {
				hh = v / 100;
				mm = v % 100;
				i += 1;
			} else if (t[i + 1].nd <= 2) {
				hh = v;
				i += 1;
				if (is_punct(t, i + 1, n, ":") && is_num(t, i + 2, n) && t[i + 2].nd == 2) {
					mm = t[i + 2].val;
					i += 2;
				}
			} else {
				return NW_TIME_NONE;
			}
			if (hh > 23 || mm > 59)
				return NW_TIME_NONE;
			/* the offset is the zone: after GMT (GMT+0900) or after a name that says the same
			 * ("KST +0900"), never added to the name's own */
			zone = sign * (hh * 60 + mm);
			have_zone = 1;
			continue;
		}
		if (k->type == T_PUNCT) {
			if (strchr(",-/.()", k->s[0]))
				continue;
			return NW_TIME_NONE;
		}
		/* words */
		if (is_weekday(k->s) || !strcmp(k->s, "t") || !strcmp(k->s, "th") ||
		    !strcmp(k->s, "st") || !strcmp(k->s, "nd") || !strcmp(k->s, "rd") ||
		    !strcmp(k->s, "at") || !strcmp(k->s, "of"))
			continue;
		if (!strcmp(k->s, "am") || !strcmp(k->s, "pm")) {
			ampm = k->s[0] == 'a' ? 1 : 2;
			continue;
		}
		if (month < 0 && month_of(k->s)) {
			month = month_of(k->s);
			continue;
		}
		{
			int m;

			if (!have_zone && (hour >= 0 || year >= 0) && zone_of(k->s, &m)) {
				zone = m;
				have_zone = 1;
				continue;
			}
			/* "+0900 (KST)", "+0000 (UTC)": the zone's name after its offset says no more */
			if (have_zone && zone_of(k->s, &m))
				continue;
		}
		return NW_TIME_NONE;
	}

	if (year < 0)
		return NW_TIME_NONE;
	/* a day alone ("2004-05-01") stays that day, whatever the local time */
	if (!have_zone)
		zone = local != NO_LOCAL && hour >= 0 ? local : cjk_seen ? 540 : 0;
	if (year < 1 || year > 9999)
		return NW_TIME_NONE;
	if (yday > 0) {
		int y = (int)year, m = 1;

		if (yday > 366 || (yday == 366 && days_in(y, 2) == 28))
			return NW_TIME_NONE;
		while (yday > days_in(y, m)) {
			yday -= days_in(y, m);
			m++;
		}
		month = m;
		day = yday;
	}
	if (month < 0) {
		/* a bare year is a date only when it stands alone (W3CDTF "2003") */
		if (day >= 0 || hour >= 0)
			return NW_TIME_NONE;
		month = 1;
	}
	if (day < 0)
		day = 1;
	if (month < 1 || month > 12 || day < 1 || day > days_in((int)year, (int)month))
		return NW_TIME_NONE;
	if (hour < 0)
		hour = min = sec = 0;
	if (sec < 0)
		sec = 0;
	if (ampm) {
		if (hour < 1 || hour > 12)
			return NW_TIME_NONE;
		if (ampm == 2 && hour < 12)
			hour += 12;
		else if (ampm == 1 && hour == 12)
			hour = 0;
	}
	if (hour > 24 || min > 59 || sec > 60 || (hour == 24 && (min || sec)))
		return NW_TIME_NONE;

	struct tm tm = { 0 };

	tm.tm_year = (int)year - 1900;
	tm.tm_mon = (int)month - 1;
	tm.tm_mday = (int)day;
	tm.tm_hour = (int)hour;
	tm.tm_min = (int)min;
	tm.tm_sec = (int)sec;
	time_t tt = timegm(&tm);

	return (int64_t)tt - (int64_t)zone * 60;
}

int64_t nw_date_parse(const char *s)
{
	return date_parse(s, NO_LOCAL);
}

int64_t nw_date_parse_local(const char *s, int minutes)
{
	if (minutes < -24 * 60 || minutes > 24 * 60)
		return date_parse(s, NO_LOCAL);
	return date_parse(s, minutes);
}

void nw_date_format(int64_t t, char *buf, size_t len)
{
	struct tm tm;
	time_t tt = (time_t)t;

	if (!buf || !len)
		return;
	buf[0] = '\0';
	if (t == NW_TIME_NONE || !gmtime_r(&tt, &tm) || tm.tm_year + 1900 < 0 ||
	    tm.tm_year + 1900 > 9999)
		return;
	snprintf(buf, len, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900, tm.tm_mon + 1,
		 tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}
