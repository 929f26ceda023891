/* test_html.c — unit tests for the html source plugin: options set through the core's option
 * table (as `parse --set` and the conf do), XPath selectors, links resolved against <base>
 * and the page URL, page date formats and time zones, encodings, and bad selectors or
 * broken pages giving an error or a warning, never a crash. */
#define _DEFAULT_SOURCE /* the plugin's own feature macros come too late for <time.h> here */
#define _XOPEN_SOURCE 700
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <time.h>
#include <cmocka.h>

#include "../../plugins/src_html/html.c"
#include "../../daemon/options.h"

struct parsed {
	struct nw_doc doc;
	int rc;
	char err[256];
};

/* An instance configured from "key=value" strings, like `parse --set`; 0, or the error of
 * a value refused or of init(). */
static int setup(struct html_ctx *c, const char *const *sets, char *err, size_t errlen)
{
	assert_int_equal(nw_opt_defaults(nw_plugin.options, c), 0);
	for (; sets && *sets; sets++) {
		const char *eq = strchr(*sets, '=');
		char key[64];
		const struct nw_option *o;
		int r;

		assert_non_null(eq);
		snprintf(key, sizeof(key), "%.*s", (int)(eq - *sets), *sets);
		o = nw_opt_find(nw_plugin.options, key);
		assert_non_null(o);
		if ((r = nw_opt_set(o, c, key, eq + 1, 0, 1, err, errlen)) != 0)
			return r;
	}
	return nw_plugin.init(c, err, errlen);
}

static void teardown(struct html_ctx *c)
{
	nw_plugin.fini(c);
	nw_opt_free(nw_plugin.options, c);
}

static void run(struct parsed *r, struct html_ctx *c, const char *page, size_t len,
		const char *url, const char *ctype)
{
	struct nw_input in = { page, len, url, ctype, (int64_t)time(NULL) }; /* fetched now */

	memset(r, 0, sizeof(*r));
	r->rc = nw_plugin.parse(c, &in, &r->doc, r->err, sizeof(r->err));
}

/* An instance of sets parsing page (fetched at https://ex.example/ now): the parse must
 * succeed; the caller frees r->doc and tears c down. */
static void parse_ok(struct html_ctx *c, const char *const *sets, const char *page, size_t len, struct parsed *r)
{
	char err[256];

	memset(c, 0, sizeof *c);
	assert_int_equal(setup(c, sets, err, sizeof(err)), 0);
	run(r, c, page, len, "https://ex.example/", NULL);
	assert_int_equal(r->rc, 0);
}

static int64_t utc(int y, int mo, int d, int h, int mi, int s)
{
	struct tm tm = { 0 };

	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = s;
	return (int64_t)timegm(&tm);
}

static void test_descriptor(void **state)
{
	int item = 0;

	(void)state;
	assert_int_equal(nw_plugin.abi, NW_PLUGIN_ABI);
	assert_int_equal(nw_plugin.kind, NW_PLUGIN_SOURCE);
	assert_string_equal(nw_plugin.name, "html");
	assert_non_null(nw_plugin.init);
	assert_non_null(nw_plugin.fini);
	for (const struct nw_option *o = nw_plugin.options; o->name; o++) {
		assert_non_null(o->description);
		assert_true(strlen(o->description) > 10);
		if (!strcmp(o->name, "item")) {
			item = 1;
			assert_true(o->flags & NW_OPT_REQUIRED);
		}
	}
	assert_true(item);
	for (int f = 0; f < F_NFIELDS; f++)
		assert_non_null(nw_opt_find(nw_plugin.options, field_names[f]));
	assert_non_null(nw_opt_find(nw_plugin.options, "title_feed"));
}

static const char listing[] =
	"<!DOCTYPE html><html lang=\"ko\"><head><meta charset=\"utf-8\">"
	"<title>하이퍼 AI &amp; 헤드라인</title>"
	"<meta name=\"Description\" content=\"AI 뉴스 모음\">"
	"<base href=\"/news/\">"
	"<script>var s = '<article><h2>fake</h2></article>';</script></head><body>"
	"<article data-id=\"a1\"><h2>샘 알트먼, <em>마이크로소프트</em> 합류</h2>"
	" <a href=\"1234?x=1&amp;y=2\">기사 보기</a><span class=\"date\">2023.11.20 07:53</span>"
	" <p class=\"lede\">오픈AI 이사회가 &quot;해임&quot;을<script>track()</script> 결정한 뒤.</p>"
	"</article>"
	"<article data-id=\"a2\"><h2>サム・アルトマン氏、マイクロソフトへ</h2>"
	" <a href=\"javascript:void(0)\">share</a><a href=\"#top\">top</a>"
	" <a href=\"/jp/5678\">続きを読む</a>"
	" <span class=\"date\">2023年11月20日(月) 16時53分</span></article>"
	"<article data-id=\"a3\"><h2>  OpenAI board\n &amp; Microsoft </h2>"
	" <a href=\"https://other.example.com/story\">Read</a>"
	" <span class=\"date\">입력 2023.11.21. 오후 3:12</span></article>"
	"<article><p>an advertisement: no title, no link</p></article>"
	"</body></html>";

static void test_listing(void **state)
{
	const char *const sets[] = { "item=//article", "title=.//h2", "link=.//a/@href",
				     "date=.//span[@class='date']", "summary=.//p[@class='lede']",
				     "id=@data-id", NULL };
	struct html_ctx c = { 0 };
	struct parsed r;
	char err[256] = "";

	(void)state;
	assert_int_equal(setup(&c, sets, err, sizeof(err)), 0);
	run(&r, &c, listing, strlen(listing), "https://hyper.example.kr/headlines?page=1", NULL);
	assert_int_equal(r.rc, 0);
	assert_null(r.doc.warning);
	assert_string_equal(r.doc.format, "html");
	assert_string_equal(r.doc.title, "하이퍼 AI & 헤드라인");
	assert_string_equal(r.doc.language, "ko");
	assert_string_equal(r.doc.description, "AI 뉴스 모음");
	assert_string_equal(r.doc.link, "https://hyper.example.kr/news/");
	assert_int_equal(r.doc.nitems, 3); /* the script's fake article and the ad are not items */

	assert_string_equal(r.doc.items[0].id, "a1");
	assert_string_equal(r.doc.items[0].title, "샘 알트먼, 마이크로소프트 합류");
	assert_string_equal(r.doc.items[0].link, "https://hyper.example.kr/news/1234?x=1&y=2");
	assert_string_equal(r.doc.items[0].summary, "오픈AI 이사회가 \"해임\"을 결정한 뒤.");
	/* a zone-less date on a page in Korean: Korea's time, UTC+9, as the third item's */
	assert_true(r.doc.items[0].published == utc(2023, 11, 19, 22, 53, 0));
	assert_string_equal(r.doc.items[0].language, "ko");

	assert_string_equal(r.doc.items[1].title, "サム・アルトマン氏、マイクロソフトへ");
	/* javascript: and #fragment links are passed over for the first real one */
	assert_string_equal(r.doc.items[1].link, "https://hyper.example.kr/jp/5678");
	/* written with 年月日: Japan's time, UTC+9 */
	assert_true(r.doc.items[1].published == utc(2023, 11, 20, 7, 53, 0));
	assert_null(r.doc.items[1].summary);

	assert_string_equal(r.doc.items[2].title, "OpenAI board & Microsoft");
	assert_string_equal(r.doc.items[2].link, "https://other.example.com/story");
	assert_true(r.doc.items[2].published == utc(2023, 11, 21, 6, 12, 0));
	nw_doc_free(&r.doc);
	teardown(&c);
}

/* With only item set, the defaults find a heading, a link and a <time datetime>. */
static void test_defaults(void **state)
{
	const char *const sets[] = { "item=//li", NULL };
	const char *page = "<ul><li><a href=\"a.html\"><img src=\"x.png\"></a>"
			   "<a href=\"a.html\">제목 하나</a><time datetime=\"2023-11-20T07:53:00Z\">"
			   "어제</time></li><li><h3>Heading wins</h3><a href=\"b.html\">link text</a>"
			   "</li></ul>";
	struct html_ctx c = { 0 };
	struct parsed r;
	char err[256];

	(void)state;
	assert_int_equal(setup(&c, sets, err, sizeof(err)), 0);
	run(&r, &c, page, strlen(page), "http://example.org/dir/list.php", NULL);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.doc.nitems, 2);
	/* the first link has only an image: the first non-empty match is taken */
	assert_string_equal(r.doc.items[0].title, "제목 하나");
	assert_string_equal(r.doc.items[0].link, "http://example.org/dir/a.html");
	assert_true(r.doc.items[0].published == utc(2023, 11, 20, 7, 53, 0));
	assert_string_equal(r.doc.items[1].title, "Heading wins");
	assert_string_equal(r.doc.items[1].link, "http://example.org/dir/b.html");
	assert_true(r.doc.items[1].published == NW_TIME_NONE);
	assert_null(r.doc.items[1].id);
	assert_null(r.doc.title); /* no <title> */
	nw_doc_free(&r.doc);
	teardown(&c);
}

/* Links with non-ASCII, spaces or '|' in them, and a <base href> with non-ASCII, resolve
 * to what a browser makes of them (they used to come back relative, as written). */
static void test_links_escaped(void **state)
{
	const char *const sets[] = { "item=//li", "title=a", "link=a/@href", NULL };
	const char *page = "<ul><li><a href=\"/\xED\x83\x9C\xEA\xB7\xB8/\xEC\x98\xA4\xED\x94\x88" "AI\">t</a></li>" /* /태그/오픈AI */
			   "<li><a href=\"view.php?q=a b|c\">t</a></li></ul>";
	const char *based = "<head><base href=\"/\xEB\x89\xB4\xEC\x8A\xA4/\"></head>" /* /뉴스/ */
			    "<ul><li><a href=\"view.html?id=7\">t</a></li></ul>";
	struct html_ctx c = { 0 };
	struct parsed r;
	char err[256];

	(void)state;
	assert_int_equal(setup(&c, sets, err, sizeof(err)), 0);
	run(&r, &c, page, strlen(page), "http://127.0.0.1:18765/p1.html", NULL);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.doc.nitems, 2);
	assert_string_equal(r.doc.items[0].link,
			    "http://127.0.0.1:18765/%ED%83%9C%EA%B7%B8/%EC%98%A4%ED%94%88AI");
	assert_string_equal(r.doc.items[1].link, "http://127.0.0.1:18765/view.php?q=a%20b%7Cc");
	nw_doc_free(&r.doc);
	run(&r, &c, based, strlen(based), "https://ex.kr/list.html", NULL);
	assert_int_equal(r.rc, 0);
	assert_string_equal(r.doc.link, "https://ex.kr/%EB%89%B4%EC%8A%A4/");
	assert_string_equal(r.doc.items[0].link, "https://ex.kr/%EB%89%B4%EC%8A%A4/view.html?id=7");
	nw_doc_free(&r.doc);
	teardown(&c);
}

static const char priority_page[] =
	"<h1>Tech</h1>"
	"<article><a class=\"cat\" href=\"/category/ai\">AI</a>"
	"<h2><a href=\"/2024/03/altman-returns\">Sam Altman returns to OpenAI</a></h2>"
	"<p>The board reversed course.</p></article>"
	"<article><a href=\"/tag/ms\">MS</a><a href=\"/2024/03/card\"><img src=\"c.jpg\">"
	"<h3>A card whose link wraps the heading</h3></a></article>"
	"<article><a href=\"/category/x\">X</a><h2><img src=\"logo.png\"></h2>"
	"<h4><a href=\"#\">Heading with a dead link</a></h4></article>"
	"<article><span>no heading</span><a href=\"/a\"></a><a href=\"/b\">first link with text</a>"
	"</article>";

/* The default title and link take the headline, not the first link in the item (a category
 * link before the heading was taken for both): a heading, else a link's text; the link in
 * the heading, else a link around one, else the first link. A user's union still takes
 * document order; "A || B" tries A, then B. */
static void test_default_priority(void **state)
{
	const char *const defaults[] = { "item=//article", NULL };
	const char *const unions[] = { "item=//article", "title=.//h2|.//a", "link=.//a/@href", NULL };
	const char *page = priority_page;
	struct html_ctx c = { 0 };
	struct parsed r;
	char err[256];

	(void)state;
	assert_int_equal(setup(&c, defaults, err, sizeof(err)), 0);
	run(&r, &c, page, strlen(page), "https://ex.example/", NULL);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.doc.nitems, 4);
	assert_string_equal(r.doc.items[0].title, "Sam Altman returns to OpenAI");
	assert_string_equal(r.doc.items[0].link, "https://ex.example/2024/03/altman-returns");
	assert_string_equal(r.doc.items[1].title, "A card whose link wraps the heading");
	assert_string_equal(r.doc.items[1].link, "https://ex.example/2024/03/card");
	/* an empty heading is passed over for the next one; its dead link for the first link */
	assert_string_equal(r.doc.items[2].title, "Heading with a dead link");
	assert_string_equal(r.doc.items[2].link, "https://ex.example/category/x");
	assert_string_equal(r.doc.items[3].title, "first link with text");
	assert_string_equal(r.doc.items[3].link, "https://ex.example/a");
	nw_doc_free(&r.doc);
	teardown(&c);

	/* a union given by the user: document order, as before */
	memset(&c, 0, sizeof(c));
	assert_int_equal(setup(&c, unions, err, sizeof(err)), 0);
	run(&r, &c, page, strlen(page), "https://ex.example/", NULL);
	assert_int_equal(r.rc, 0);
	assert_string_equal(r.doc.items[0].title, "AI");
	assert_string_equal(r.doc.items[0].link, "https://ex.example/category/ai");
	nw_doc_free(&r.doc);
	teardown(&c);
}

/* Alternatives given by the user, "A || B": tried in turn; '||' inside quotes is not one. */
static void test_alternatives(void **state)
{
	const char *const alts[] = { "item=//article",
				     "title=.//p[@class='kicker'] || .//a[@title='x||y'] || .//h2",
				     "link= .//h2/a/@href || .//a/@href ", "title_feed=//nothing || //h1",
				     NULL };
	struct html_ctx c = { 0 };
	struct parsed r;
	char err[256];

	(void)state;
	assert_int_equal(setup(&c, alts, err, sizeof(err)), 0);
	run(&r, &c, priority_page, strlen(priority_page), "https://ex.example/", NULL);
	assert_int_equal(r.rc, 0);
	assert_string_equal(r.doc.title, "Tech");
	assert_string_equal(r.doc.items[0].title, "Sam Altman returns to OpenAI");
	assert_string_equal(r.doc.items[0].link, "https://ex.example/2024/03/altman-returns");
	assert_string_equal(r.doc.items[1].link, "https://ex.example/tag/ms");
	nw_doc_free(&r.doc);
	teardown(&c);
}

/* Expressions that return strings or numbers, elements as links, no URL at all. */
static void test_expressions(void **state)
{
	const char *const sets[] = { "item=//div[@class='n']", "title=normalize-space(h2)",
				     "link=a", "id=count(preceding-sibling::div) + 1",
				     "title_feed=string(//h1)", NULL };
	const char *page = "<h1>Feed  title</h1><div class=n><h2> one </h2><a href='rel/1'>x</a></div>"
			   "<div class=n><h2>two</h2><a>no href</a></div>";
	struct html_ctx c = { 0 };
	struct parsed r;
	char err[256];

	(void)state;
	assert_int_equal(setup(&c, sets, err, sizeof(err)), 0);
	run(&r, &c, page, strlen(page), NULL, NULL);
	assert_int_equal(r.rc, 0);
	assert_string_equal(r.doc.title, "Feed title");
	assert_null(r.doc.link);
	assert_int_equal(r.doc.nitems, 2);
	assert_string_equal(r.doc.items[0].title, "one");
	assert_string_equal(r.doc.items[0].link, "rel/1"); /* nothing to resolve against */
	assert_string_equal(r.doc.items[0].id, "1");
	assert_string_equal(r.doc.items[1].id, "2");
	/* an element without href gives its text */
	assert_string_equal(r.doc.items[1].link, "no href");
	nw_doc_free(&r.doc);
	teardown(&c);
}

static void expect_init_error(const char *const *sets, const char *needle)
{
	struct html_ctx c = { 0 };
	char err[256] = "";

	assert_int_not_equal(setup(&c, sets, err, sizeof(err)), 0);
	if (!strstr(err, needle))
		fail_msg("error '%s' does not mention '%s'", err, needle);
	/* fini after a failed init is not called by the core; the options still are freed */
	assert_null(c.x_item);
	nw_opt_free(nw_plugin.options, &c);
}

/* date = and title_feed = left empty: those fields are not read (their defaults would be) */
static void test_empty_field(void **state)
{
	const char *const sets[] = { "item=//article", "title=.//h2", "date=", "title_feed=", NULL };
	static const char page[] = "<html><head><title>Page</title></head><body><article><h2>A</h2>"
				   "<a href='/a'>a</a><time datetime='2023-11-20T07:53:00Z'>x</time></article></body></html>";
	struct html_ctx c = { 0 };
	struct parsed r;
	char err[256] = "";

	(void)state;
	assert_int_equal(setup(&c, sets, err, sizeof(err)), 0);
	run(&r, &c, page, strlen(page), "https://example.com/", NULL);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.doc.nitems, 1);
	assert_null(r.doc.title);
	assert_true(r.doc.items[0].published == NW_TIME_NONE);
	nw_doc_free(&r.doc);
	teardown(&c);
}

static void test_bad_options(void **state)
{
	(void)state;
	{
		const char *const s[] = { NULL };
		expect_init_error(s, "item");
	}
	{
		const char *const s[] = { "item=", NULL };
		expect_init_error(s, "'item' has no value");
	}
	{
		const char *const s[] = { "item=//article", "timezone=", NULL };
		expect_init_error(s, "'timezone' has no value");
	}
	{
		const char *const s[] = { "item=//article[", NULL };
		expect_init_error(s, "item: invalid XPath");
	}
	{ /* every mistake at once, not one per check */
		const char *const s[] = { "item=//article[", "link=((", "timezone=+25:00", NULL };
		expect_init_error(s, "timezone: '+25:00' is not an offset like +09:00 or UTC; item: invalid XPath "
				     "'//article[': invalid expression at offset 10; link: invalid XPath '((': invalid "
				     "expression at offset 2");
	}
	{
		const char *const s[] = { "item=//article", "title=.//h2[", NULL };
		expect_init_error(s, "title: invalid XPath");
	}
	{
		const char *const s[] = { "item=//article", "link=.//a/@", NULL };
		expect_init_error(s, "link");
	}
	{
		const char *const s[] = { "item=//article", "date=parse-date(.)", NULL };
		expect_init_error(s, "date: invalid XPath 'parse-date(.)': no function parse-date()");
	}
	{
		const char *const s[] = { "item=//article", "summary=$x", NULL };
		expect_init_error(s, "summary");
	}
	/* a call with the wrong number of arguments fails only when evaluated, on a page with
	 * such an element: caught when the conf is read (--check-config) */
	{
		const char *const s[] = { "item=//div[contains(@class)]", NULL };
		expect_init_error(s, "item: invalid XPath '//div[contains(@class)]': contains() takes 2 arguments, not 1");
	}
	{
		const char *const s[] = { "item=//article", "title=substring(.//h2)", NULL };
		expect_init_error(s, "substring() takes 2 to 3 arguments, not 1");
	}
	{
		const char *const s[] = { "item=//article", "title=concat(.//h2)", NULL };
		expect_init_error(s, "concat() takes 2 arguments or more, not 1");
	}
	{
		const char *const s[] = { "item=//article", "date=.//time || count()", NULL };
		expect_init_error(s, "date: invalid XPath 'count()': count() takes 1 argument, not 0");
	}
	{ /* commas in strings and in nested calls are not the call's */
		const char *const s[] = { "item=//div[not(contains(concat(' ', @class, ' '), ' a,b '))]",
					  "title=translate(normalize-space(.//h2), 'a,b', 'c')",
					  "link=substring-before(.//a[contains(@href, '(')]/@href, '?')", NULL };
		struct html_ctx c = { 0 };
		char err[256] = "";
		assert_int_equal(setup(&c, s, err, sizeof(err)), 0);
		teardown(&c);
	}
	{
		const char *const s[] = { "item=//article", "id=h:span/@id", NULL };
		expect_init_error(s, "id");
	}
	{
		const char *const s[] = { "item=//article", "title_feed=//title)", NULL };
		expect_init_error(s, "title_feed");
	}
	{
		const char *const s[] = { "item=//article", "timezone=Asia/Seoul", NULL };
		expect_init_error(s, "timezone");
	}
	{
		const char *const s[] = { "item=//article", "title=.//h2 || || .//a", NULL };
		expect_init_error(s, "title: an empty alternative");
	}
	{
		const char *const s[] = { "item=//article", "link=.//a/@href ||", NULL };
		expect_init_error(s, "link: an empty alternative");
	}
	{
		const char *const s[] = { "item=//article", "title=.//h2 || .//h3[", NULL };
		expect_init_error(s, "title: invalid XPath './/h3['");
	}
	{
		const char *const s[] = { "item=//article", "title=a||a||a||a||a||a||a||a||a", NULL };
		expect_init_error(s, "title: more than 8 alternatives");
	}
}

/* Function names inside string literals, axes and operators are not calls. */
static void test_names_check(void **state)
{
	char why[120];

	(void)state;
	assert_int_equal(check_names("//a[contains(@href, 'foo(')]", why, sizeof(why)), 0);
	assert_int_equal(check_names("ancestor-or-self::div[1] | child::node()", why, sizeof(why)), 0);
	assert_int_equal(check_names("(.//h2)[1] and (.//h3) or (1 div (2)) mod (3)", why, sizeof(why)), 0);
	assert_int_equal(check_names("text() | processing-instruction('x')", why, sizeof(why)), 0);
	assert_int_equal(check_names("string-length(normalize-space(.)) > 0", why, sizeof(why)), 0);
	assert_int_not_equal(check_names("lower-case(.)", why, sizeof(why)), 0);
	assert_non_null(strstr(why, "lower-case"));
}

/* A listing that says how long ago: dated from the time the page is read. */
static void test_relative_dates(void **state)
{
	struct html_ctx c = { 0 };
	const char *const sets[] = { "item=//article", "date=.//span", NULL };
	const char *page = "<html><body>"
			   "<article><h2><a href=\"/a/1\">\xEC\x98\xA4\xED\x94\x88" "AI</a></h2>"
			   "<span>3\xEC\x8B\x9C\xEA\xB0\x84 \xEC\xA0\x84</span></article>" /* 3시간 전 */
			   "<article><h2><a href=\"/a/2\">Altman</a></h2><span>5 minutes ago</span></article>"
			   "<article><h2><a href=\"/a/3\">Nadella</a></h2><span>soon</span></article>"
			   "</body></html>";
	struct parsed r;
	int64_t before, after;
	char err[256];

	(void)state;
	assert_int_equal(setup(&c, sets, err, sizeof(err)), 0);
	before = (int64_t)time(NULL);
	run(&r, &c, page, strlen(page), "https://news.example.kr/list", NULL);
	after = (int64_t)time(NULL);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.doc.nitems, 3);
	assert_true(r.doc.items[0].published >= before - 3 * 3600 && r.doc.items[0].published <= after - 3 * 3600);
	assert_true(r.doc.items[1].published >= before - 300 && r.doc.items[1].published <= after - 300);
	assert_true(r.doc.items[2].published == NW_TIME_NONE);
	/* a date XPath that finds text no date is read from says so, naming it */
	assert_non_null(r.doc.warning);
	assert_non_null(strstr(r.doc.warning, "date: 'soon' is not a date this reads (date_format"));
	nw_doc_free(&r.doc);
	/* a page whose time of fetching is not known (a replayed snapshot): such dates are not
	 * read, since a replay follows the items' own dates, never the clock */
	{
		struct nw_input in = { page, strlen(page), "https://news.example.kr/list", NULL, 0 };

		memset(&r, 0, sizeof r);
		r.rc = nw_plugin.parse(&c, &in, &r.doc, r.err, sizeof r.err);
		assert_int_equal(r.rc, 0);
		assert_true(r.doc.items[0].published == NW_TIME_NONE && r.doc.items[1].published == NW_TIME_NONE);
		nw_doc_free(&r.doc);
	}
	teardown(&c);
}

static void test_dates(void **state)
{
	struct html_ctx c = { 0 }, kst = { 0 }, fmt = { 0 };
	const char *const s1[] = { "item=//x", NULL };
	const char *const s2[] = { "item=//x", "timezone=+09:00", NULL };
	const char *const s3[] = { "item=//x", "date_format=%d/%m/%Y %H:%M", "timezone=-0500", NULL };
	const int64_t now = 1700470380; /* 2023-11-20 08:53 UTC */
	char err[256];

	(void)state;
	assert_int_equal(setup(&c, s1, err, sizeof(err)), 0);
	assert_int_equal(setup(&kst, s2, err, sizeof(err)), 0);
	assert_int_equal(setup(&fmt, s3, err, sizeof(err)), 0);

	/* what the core reads, unchanged */
	assert_true(page_date(&c, "2023-11-20T07:53:00Z", now, -1) == utc(2023, 11, 20, 7, 53, 0));
	assert_true(page_date(&c, "Mon, 20 Nov 2023 07:53:00 GMT", now, -1) == utc(2023, 11, 20, 7, 53, 0));
	assert_true(page_date(&c, "2023-11-20 07:53", now, -1) == utc(2023, 11, 20, 7, 53, 0));
	assert_true(page_date(&c, "2023.11.20", now, -1) == utc(2023, 11, 20, 0, 0, 0));
	/* the brief's page formats: Korean/Japanese markers mean UTC+9 */
	assert_true(page_date(&c, "2023年11月20日", now, -1) == utc(2023, 11, 19, 15, 0, 0));
	assert_true(page_date(&c, "2023년 11월 20일", now, -1) == utc(2023, 11, 19, 15, 0, 0));
	/* inside other words, as listings print them */
	assert_true(page_date(&c, "작성일 2023.11.20 07:53 | 조회 12", now, -1) == utc(2023, 11, 20, 7, 53, 0));
	assert_true(page_date(&c, "Posted: 2023/11/20", now, -1) == utc(2023, 11, 20, 0, 0, 0));
	assert_true(page_date(&c, "2023年11月20日(月) 7時05分", now, -1) == utc(2023, 11, 19, 22, 5, 0));
	/* a weekday in parentheses is Korean or Japanese too, whichever day it is */
	assert_true(page_date(&c, "2023/11/21(火) 16:53", now, -1) == utc(2023, 11, 21, 7, 53, 0));
	assert_true(page_date(&c, "입력 2023.11.21(화) 16:53", now, -1) == utc(2023, 11, 21, 7, 53, 0));
	assert_true(page_date(&c, "入力 2023.11.21（火）16:53", now, -1) == utc(2023, 11, 21, 7, 53, 0));
	assert_true(page_date(&c, "기사입력 2023.11.20. 오후 3:12", now, -1) == utc(2023, 11, 20, 6, 12, 0));
	assert_true(page_date(&c, "2023년 11월 20일 오전 12:30", now, -1) == utc(2023, 11, 19, 15, 30, 0));
	assert_true(page_date(&c, "updated 2023-11-20 07:53:09.123 by X", now, -1) == utc(2023, 11, 20, 7, 53, 9));
	/* how long ago, as listings write their newest items: before the time the page is read */
	assert_true(page_date(&c, "3시간 전", now, -1) == now - 3 * 3600);
	assert_true(page_date(&c, "연합뉴스 · 12분 전", now, -1) == now - 12 * 60);
	assert_true(page_date(&c, "2日前", now, -1) == now - 2 * 86400);
	assert_true(page_date(&c, "5 時間前", now, -1) == now - 5 * 3600);
	assert_true(page_date(&c, "30分前", now, -1) == now - 30 * 60);
	assert_true(page_date(&c, "3小时前", now, -1) == now - 3 * 3600);
	assert_true(page_date(&c, "Updated 5 minutes ago", now, -1) == now - 5 * 60);
	assert_true(page_date(&c, "an hour ago", now, -1) == now - 3600);
	assert_true(page_date(&c, "2 hrs. ago", now, -1) == now - 7200);
	assert_true(page_date(&c, "방금 전", now, -1) == now);
	assert_true(page_date(&c, "Just now", now, -1) == now);
	assert_true(page_date(&c, "3시간 전", 0, -1) == NW_TIME_NONE); /* no time it was read at */
	/* an absolute date wins; phrases that only look like it are not dates */
	assert_true(page_date(&c, "2023.11.20 (3일 전)", now, -1) == utc(2023, 11, 20, 0, 0, 0));
	assert_true(page_date(&c, "3분기 전망", now, -1) == NW_TIME_NONE);
	assert_true(page_date(&c, "5 ministers ago", now, -1) == NW_TIME_NONE);
	assert_true(page_date(&c, "3 hours", now, -1) == NW_TIME_NONE);
	assert_true(page_date(&c, "Page 12 of 40", now, -1) == NW_TIME_NONE);
	assert_true(page_date(&c, "1.5 hours ago", now, -1) == now - 5400);
	assert_true(page_date(&c, "v2.5 hours ago", now, -1) == NW_TIME_NONE);
	assert_true(page_date(&c, "서울 3일 전국 확대", now, -1) == NW_TIME_NONE); /* 전국: nationwide */
	assert_true(page_date(&c, "3일 전에 발표", now, -1) == now - 3 * 86400);   /* 전에: ago, then */
	assert_true(page_date(&c, "所要時間 5分前後", now, -1) == NW_TIME_NONE);    /* 前後: about */
	assert_true(page_date(&c, "5分前に更新", now, -1) == now - 300);
	assert_true(page_date(&c, "Just nowhere", now, -1) == NW_TIME_NONE);
	/* not dates */
	assert_true(page_date(&c, "2023-02-30", now, -1) == NW_TIME_NONE);
	assert_true(page_date(&c, "2023-13-01 in the future", now, -1) == NW_TIME_NONE);
	assert_true(page_date(&c, "조회수 12345", now, -1) == NW_TIME_NONE);
	assert_true(page_date(&c, "", now, -1) == NW_TIME_NONE);
	assert_true(page_date(&c, NULL, now, -1) == NW_TIME_NONE);

	/* a configured zone applies to zone-less dates only */
	assert_true(page_date(&kst, "2023-11-20 07:53", now, -1) == utc(2023, 11, 19, 22, 53, 0));
	assert_true(page_date(&kst, "작성 2023.11.20 07:53", now, -1) == utc(2023, 11, 19, 22, 53, 0));
	assert_true(page_date(&kst, "2023-11-20T07:53:00Z", now, -1) == utc(2023, 11, 20, 7, 53, 0));
	assert_true(page_date(&kst, "2023-11-20 07:53 +0100", now, -1) == utc(2023, 11, 20, 6, 53, 0));

	/* date_format first, in the configured zone */
	assert_true(page_date(&fmt, "20/11/2023 07:53", now, -1) == utc(2023, 11, 20, 12, 53, 0));
	assert_true(page_date(&fmt, "2023-11-20T07:53:00Z", now, -1) == utc(2023, 11, 20, 7, 53, 0));

	/* a two-digit year: the reading latest but not after now (25.11.20 is 2025-11-20 in
	 * Korea, 20.11.25 the same day in Europe, 11/20/25 in the US); with no now, YY.MM.DD on
	 * a Korean, Japanese or Chinese page (dates without a zone on which are UTC+9) */
	{
		const int64_t now26 = 1795564800; /* 2026-11-24 00:00 UTC */
		assert_true(page_date(&c, "25.11.20 14:30", now26, -1) == utc(2025, 11, 20, 14, 30, 0));
		assert_true(page_date(&c, "입력 25.11.20 14:30", now26, 540) == utc(2025, 11, 20, 5, 30, 0));
		assert_true(page_date(&c, "25/11/20", now26, -1) == utc(2025, 11, 20, 0, 0, 0));
		assert_true(page_date(&c, "26.11.24", now26, -1) == utc(2026, 11, 24, 0, 0, 0));
		assert_true(page_date(&c, "20.11.25", now26, -1) == utc(2025, 11, 20, 0, 0, 0));
		assert_true(page_date(&c, "11/20/25", now26, -1) == utc(2025, 11, 20, 0, 0, 0));
		assert_true(page_date(&c, "24.03.15", now26, -1) == utc(2024, 3, 15, 0, 0, 0));
		assert_true(page_date(&c, "15.03.25", now26, -1) == utc(2025, 3, 15, 0, 0, 0));
		assert_true(page_date(&c, "25.11.20", 0, 540) == utc(2025, 11, 19, 15, 0, 0));
		assert_true(page_date(&c, "v1.25.11.20", now26, -1) == NW_TIME_NONE);
		assert_true(page_date(&c, "2025.11.20 14:30", now26, 540) == utc(2025, 11, 20, 5, 30, 0));
		assert_true(page_date(&c, "2025-11-20T14:30:00Z", now26, 540) == utc(2025, 11, 20, 14, 30, 0));
		/* a full date in the text wins over numbers that look like a short one */
		assert_true(page_date(&c, "Ver. 12.5.3 \u2014 2024-11-20 10:00", now26, -1) == utc(2024, 11, 20, 10, 0, 0));
		assert_true(page_date(&c, "Score 10-1-0 \u00b7 2024-11-20 10:00", now26, -1) == utc(2024, 11, 20, 10, 0, 0));
		/* the time after it, with a comma or a dot between, and am/pm */
		assert_true(page_date(&c, "11/20/24 3:12 PM", now26, -1) == utc(2024, 11, 20, 15, 12, 0));
		assert_true(page_date(&c, "11/20/24, 15:12", now26, -1) == utc(2024, 11, 20, 15, 12, 0));
		assert_true(page_date(&c, "20.11.24, 15:12", now26, -1) == utc(2024, 11, 20, 15, 12, 0));
		assert_true(page_date(&c, "25.11.20. 14:30", now26, 540) == utc(2025, 11, 20, 5, 30, 0));
		assert_true(page_date(&c, "25.11.20 \uc624\ud6c4 3:12", now26, 540) == utc(2025, 11, 20, 6, 12, 0));
		/* on a Korean page YY.MM.DD when it is not ahead, live as in a replay */
		assert_true(page_date(&c, "24.10.25", now26, 540) == utc(2024, 10, 24, 15, 0, 0));
		assert_true(page_date(&c, "24.10.25", 0, 540) == utc(2024, 10, 24, 15, 0, 0));
		/* a Chinese page is on UTC+8 */
		assert_true(page_date(&c, "2024-11-20 10:00", now26, 480) == utc(2024, 11, 20, 2, 0, 0));
	}
	/* date_format: %z's offset; no year in it, this year's date or last year's */
	{
		struct html_ctx z = { 0 }, noyear = { 0 };
		const char *const s4[] = { "item=//x", "date_format=%Y-%m-%dT%H:%M:%S%z", "timezone=-0500", NULL };
		const char *const s5[] = { "item=//x", "date_format=%m.%d %H:%M", NULL };
		assert_int_equal(setup(&z, s4, err, sizeof(err)), 0);
		assert_int_equal(setup(&noyear, s5, err, sizeof(err)), 0);
		assert_true(page_date(&z, "2025-11-20T07:53:00+0900", now, -1) == utc(2025, 11, 19, 22, 53, 0));
		assert_true(page_date(&noyear, "11.20 07:00", now, -1) == utc(2023, 11, 20, 7, 0, 0));
		assert_true(page_date(&noyear, "12.24 07:00", now, -1) == utc(2022, 12, 24, 7, 0, 0));
		assert_true(page_date(&noyear, "11.20 07:00", 0, -1) == NW_TIME_NONE);
		/* the page's zone: a date_format's date on a Korean page is on its time too; and
		 * just after New Year there, 01.01 is this year's, not last year's */
		assert_true(page_date(&noyear, "11.20 07:00", now, 540) == utc(2023, 11, 19, 22, 0, 0));
		assert_true(page_date(&noyear, "01.01 08:00", 1735687800 /* 2024-12-31 23:30 UTC */, 540) ==
			    utc(2024, 12, 31, 23, 0, 0));
		teardown(&z);
		teardown(&noyear);
	}

	teardown(&c);
	teardown(&kst);
	teardown(&fmt);
}

/* A page of nested items (each <div> left open: every item holds all after it), read with
 * the default selectors: each item's own heading link, and a page too costly to read ends
 * with a warning rather than blocking the loop (the default link selector's union under a
 * descendant step was cubic: 3 s for 1000 such items, minutes for 20000). */
static void test_nested_items(void **state)
{
	const char *const sets[] = { "item=//div[@class='it']", NULL };
	struct html_ctx c;
	struct parsed r;
	struct nw_buf page = { 0 };

	(void)state;
	nw_buf_add(&page, "<html><body>", 12);
	for (int i = 0; i < 1000; i++) {
		char one[96];
		int n = snprintf(one, sizeof one, "<div class=it><h3><a href=\"/n/%d\">t%d</a></h3><p><a href=/o>o</a>", i, i);
		nw_buf_add(&page, one, (size_t)n);
	}
	parse_ok(&c, sets, page.p, page.len, &r);
	/* all of them; under valgrind perhaps fewer, and then said */
	assert_true(r.doc.nitems == 1000 || (r.doc.warning && strstr(r.doc.warning, "XPath too costly")));
	for (size_t i = 0; i < r.doc.nitems; i++) {
		char want[64];
		snprintf(want, sizeof want, "https://ex.example/n/%zu", i);
		assert_string_equal(r.doc.items[i].link, want);
	}
	nw_doc_free(&r.doc);
	free(page.p);
	teardown(&c);
}

/* The default link passes over a dead first link (href="#", javascript:, mailto:, an anchor
 * without href) in a heading or in the item, as it did before it stopped at the first. */
static void test_dead_first_links(void **state)
{
	const char *const sets[] = { "item=//div[@class='c']", NULL };
	const char *page =
		"<html><body>"
		"<div class=c><h2><a href=\"#\">\u2606</a><a href=\"/story1\">Story</a></h2></div>"
		"<div class=c><h2><a name=\"anchor\"></a><a href=\"/story2\">Two</a></h2></div>"
		"<div class=c><a href=\"javascript:void(0)\">\u2665</a><p>..</p><a href=\"/story3\">Read more</a></div>"
		"<div class=c><h3><a href=\"mailto:x@y.example\">m</a> <a href=\"/story4\">Four</a></h3></div>"
		"</body></html>";
	struct html_ctx c;
	struct parsed r;

	(void)state;
	parse_ok(&c, sets, page, strlen(page), &r);
	assert_int_equal(r.doc.nitems, 4);
	for (size_t i = 0; i < 4; i++) {
		char want[64];
		snprintf(want, sizeof want, "https://ex.example/story%zu", i + 1);
		assert_string_equal(r.doc.items[i].link, want);
	}
	nw_doc_free(&r.doc);
	teardown(&c);
}

/* A ruby's reading is not part of a title: 東<rt>とう</rt>京 is 東京. */
static void test_ruby(void **state)
{
	const char *const sets[] = { "item=//div", NULL };
	const char *page = "<html><body><div><h2><a href=\"/1\"><ruby>東<rp>(</rp><rt>とう</rt><rp>)</rp>京"
			   "</ruby>で大雨</a></h2></div></body></html>";
	struct html_ctx c;
	struct parsed r;

	(void)state;
	parse_ok(&c, sets, page, strlen(page), &r);
	assert_int_equal(r.doc.nitems, 1);
	assert_string_equal(r.doc.items[0].title, "東京で大雨");
	nw_doc_free(&r.doc);
	teardown(&c);
}

/* Elements part words as the core's HTML to text parts them (daemon/html.c): <center>,
 * <summary>, <form>, <caption> were missing from the plugin's own list, and ran words on. */
static void test_word_breaks(void **state)
{
	const char *const sets[] = { "item=//div", NULL };
	const char *page = "<html><body><div><h2><a href=\"/1\"><center>OpenAI</center><center>returns</center>"
			   "<summary>Altman</summary><form>back</form></a></h2></div></body></html>";
	struct html_ctx c;
	struct parsed r;

	(void)state;
	parse_ok(&c, sets, page, strlen(page), &r);
	assert_int_equal(r.doc.nitems, 1);
	assert_string_equal(r.doc.items[0].title, "OpenAI returns Altman back");
	nw_doc_free(&r.doc);
	teardown(&c);
}

static void test_offsets(void **state)
{
	int m = 1;

	(void)state;
	assert_int_equal(parse_offset("+09:00", &m), 0);
	assert_int_equal(m, 540);
	assert_int_equal(parse_offset("-0530", &m), 0);
	assert_int_equal(m, -330);
	assert_int_equal(parse_offset("UTC+9", &m), 0);
	assert_int_equal(m, 540);
	assert_int_equal(parse_offset("Z", &m), 0);
	assert_int_equal(m, 0);
	assert_int_not_equal(parse_offset("KST", &m), 0);
	assert_int_not_equal(parse_offset("+25:00", &m), 0);
	assert_int_not_equal(parse_offset("+09:00x", &m), 0);
}

static void test_warnings(void **state)
{
	const char *const sets[] = { "item=//article", "title=h2", NULL };
	struct html_ctx c = { 0 };
	struct parsed r;
	char err[256];
	const char *none = "<p>nothing here</p>";
	const char *empty = "<article><p>no heading</p></article>";

	(void)state;
	assert_int_equal(setup(&c, sets, err, sizeof(err)), 0);
	run(&r, &c, none, strlen(none), NULL, NULL);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.doc.nitems, 0);
	assert_non_null(r.doc.warning);
	assert_non_null(strstr(r.doc.warning, "matched nothing"));
	nw_doc_free(&r.doc);

	/* what was tried for a title and a link is named, as the item's XPath is */
	run(&r, &c, empty, strlen(empty), NULL, NULL);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.doc.nitems, 0);
	assert_string_equal(r.doc.warning, "item: '//article' matched 1 node, but none had a title or a link (title: 'h2'; "
					   "link: the default, the link in a heading, else around one, else the first link)");
	nw_doc_free(&r.doc);
	{
		const char *const sets2[] = { "item=//article", "link=.//a[@class='headline']/@href", "title=", NULL };
		const char *const sets3[] = { "item=//li", NULL };
		struct html_ctx c2 = { 0 }, c3 = { 0 };
		const char two[] = "<article><a href=\"/x\">x</a></article><article>y</article>";

		assert_int_equal(setup(&c2, sets2, err, sizeof(err)), 0);
		run(&r, &c2, two, sizeof two - 1, NULL, NULL);
		assert_int_equal(r.doc.nitems, 0);
		assert_string_equal(r.doc.warning, "item: '//article' matched 2 nodes, but none had a title or a link "
						   "(title: not read (title =); link: './/a[@class='headline']/@href')");
		nw_doc_free(&r.doc);
		teardown(&c2);
		/* the default title is said as such too */
		assert_int_equal(setup(&c3, sets3, err, sizeof(err)), 0);
		run(&r, &c3, "<ul><li><span>제목</span></li></ul>", strlen("<ul><li><span>제목</span></li></ul>"), NULL, NULL);
		assert_int_equal(r.doc.nitems, 0);
		assert_string_equal(r.doc.warning, "item: '//li' matched 1 node, but none had a title or a link (title: the "
						   "default, a heading, else a link's text; link: the default, the link in "
						   "a heading, else around one, else the first link)");
		nw_doc_free(&r.doc);
		teardown(&c3);
	}

	/* why the page gave nothing comes first, before an encoding's note (which hid it) */
	{
		const char mislabelled[] = "<html><head><meta charset=\"euc-kr\"></head><body><div class=\"news\">"
					   "<h2>\xec\x98\xa4\xed\x94\x88" "AI</h2></div></body></html>";
		const char badbyte[] = "<article><p>caf\xe9, no heading</p></article>";

		run(&r, &c, mislabelled, sizeof(mislabelled) - 1, NULL, NULL);
		assert_int_equal(r.rc, 0);
		assert_int_equal(r.doc.nitems, 0);
		assert_string_equal(r.doc.warning, "item: '//article' matched nothing; labelled euc-kr but UTF-8, read as UTF-8");
		nw_doc_free(&r.doc);
		run(&r, &c, badbyte, sizeof(badbyte) - 1, NULL, NULL);
		assert_int_equal(r.doc.nitems, 0);
		assert_string_equal(r.doc.warning,
				    "item: '//article' matched 1 node, but none had a title or a link (title: 'h2'; link: the "
				    "default, the link in a heading, else around one, else the first link); invalid UTF-8 replaced");
		nw_doc_free(&r.doc);
	}

	run(&r, &c, "", 0, NULL, NULL);
	assert_int_equal(r.rc, -EINVAL);
	nw_doc_free(&r.doc);
	teardown(&c);
}

static void test_encodings(void **state)
{
	const char *const sets[] = { "item=//li", "title=.", NULL };
	struct html_ctx c = { 0 };
	struct parsed r;
	char err[256];
	/* 똠방각하 in CP949 (beyond EUC-KR's repertoire), labelled euc-kr */
	const char euckr[] = "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; "
			     "charset=EUC-KR\"></head><ul><li>\x8C\x63\xB9\xE6\xB0\xA2\xC7\xCF</li></ul>";
	/* マイクロソフト in Shift_JIS, labelled by HTTP only */
	const char sjis[] = "<ul><li>\x83\x7D\x83\x43\x83\x4E\x83\x8D\x83\x5C\x83\x74\x83\x67</li></ul>";
	const char bad[] = "<ul><li>caf\xE9 \xEC\x83 ok</li></ul>";

	(void)state;
	assert_int_equal(setup(&c, sets, err, sizeof(err)), 0);
	run(&r, &c, euckr, sizeof(euckr) - 1, NULL, NULL);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.doc.nitems, 1);
	assert_string_equal(r.doc.items[0].title, "똠방각하");
	assert_null(r.doc.warning);
	nw_doc_free(&r.doc);

	/* its <meta> after 9 KB of inline script: still found, the page not being UTF-8 */
	{
		struct nw_buf late = { 0 };
		const char head[] = "<html><head><script>", tail[] = "</script><meta http-equiv=\"Content-Type\" "
			"content=\"text/html; charset=euc-kr\"></head><ul><li>\xC7\xD1\xB1\xB9</li></ul>";
		nw_buf_add(&late, head, sizeof head - 1);
		for (int i = 0; i < 900; i++)
			nw_buf_add(&late, "var x = 1;", 10);
		nw_buf_add(&late, tail, sizeof tail - 1);
		run(&r, &c, late.p, late.len, NULL, NULL);
		assert_int_equal(r.rc, 0);
		assert_int_equal(r.doc.nitems, 1);
		assert_string_equal(r.doc.items[0].title, "한국");
		assert_null(r.doc.warning);
		nw_doc_free(&r.doc);
		free(late.p);
	}

	run(&r, &c, sjis, sizeof(sjis) - 1, NULL, "text/html; charset=Shift_JIS");
	assert_int_equal(r.rc, 0);
	assert_string_equal(r.doc.items[0].title, "マイクロソフト");
	nw_doc_free(&r.doc);

	run(&r, &c, bad, sizeof(bad) - 1, NULL, NULL);
	assert_int_equal(r.rc, 0);
	assert_string_equal(r.doc.items[0].title, "caf\xEF\xBF\xBD \xEF\xBF\xBD ok");
	assert_non_null(strstr(r.doc.warning, "UTF-8"));
	nw_doc_free(&r.doc);

	/* an EUC-KR page with a character cut after its lead byte: one U+FFFD, and the items
	 * after it kept (libxml2 stopped there) */
	{
		const char cut[] = "<html><head><meta charset=\"euc-kr\"></head><ul><li>\xB4\xBA\xBD\xBA\xC7</li>"
				   "<li>\xB4\xBA\xBD\xBA</li><li>ok</li></ul>";
		run(&r, &c, cut, sizeof(cut) - 1, NULL, NULL);
		assert_int_equal(r.rc, 0);
		assert_int_equal(r.doc.nitems, 3);
		assert_string_equal(r.doc.items[0].title, "뉴스\xEF\xBF\xBD");
		assert_string_equal(r.doc.items[1].title, "뉴스");
		assert_non_null(strstr(r.doc.warning, "1 sequence not euc-kr replaced"));
	}
	nw_doc_free(&r.doc);

	/* a template's <meta charset=euc-kr> on a page written in UTF-8: read as UTF-8, said */
	{
		const char mis[] = "<html><head><meta charset=\"euc-kr\"></head><ul><li>샘 알트먼 복귀</li></ul>";
		run(&r, &c, mis, sizeof(mis) - 1, NULL, NULL);
		assert_int_equal(r.rc, 0);
		assert_string_equal(r.doc.items[0].title, "샘 알트먼 복귀");
		assert_non_null(strstr(r.doc.warning, "labelled euc-kr but UTF-8"));
		nw_doc_free(&r.doc);
	}

	/* where a browser finds the charset: not in a keywords meta that says the word, nor in a
	 * <meta> commented out; in an XHTML page's XML declaration when no <meta> says it */
	{
		const char kw[] = "<html><head><meta name=\"keywords\" content=\"\xB4\xBA\xBD\xBA, charset, web\">"
				  "<meta charset=\"euc-kr\"></head><ul><li>\xB4\xBA\xBD\xBA</li></ul>";
		const char old[] = "<html><head><!-- <meta charset=\"utf-8\"> --><META CHARSET = EUC-KR>"
				   "</head><ul><li>\xB4\xBA\xBD\xBA</li></ul>";
		const char xdecl[] = "\r\n<?xml version=\"1.0\" encoding=\"Shift_JIS\"?>\n<html xmlns=\"http://www.w3.org/1999/xhtml\">"
				     "<ul><li>\x83\x7D\x83\x43\x83\x4E\x83\x8D\x83\x5C\x83\x74\x83\x67</li></ul></html>";
		const char *const pages[] = { kw, old, xdecl };
		const size_t lens[] = { sizeof kw - 1, sizeof old - 1, sizeof xdecl - 1 };
		const char *const titles[] = { "뉴스", "뉴스", "マイクロソフト" };

		for (int i = 0; i < 3; i++) {
			run(&r, &c, pages[i], lens[i], NULL, NULL);
			assert_int_equal(r.rc, 0);
			assert_int_equal(r.doc.nitems, 1);
			assert_string_equal(r.doc.items[0].title, titles[i]);
			assert_null(r.doc.warning);
			nw_doc_free(&r.doc);
		}
	}

	/* a server's default charset (Apache's AddDefaultCharset, ISO-8859-1) on a page written in
	 * UTF-8 that no <meta> labels: the bytes win, as in the rss source (nw_xml_decode) */
	{
		const char ko[] = "<html><head><title>뉴스</title></head><body><ul><li>샘 알트먼, 오픈AI 복귀</li>"
				  "<li>サム・アルトマン氏が復帰</li></ul></body></html>";
		const char *const ctypes[] = { "text/html; charset=iso-8859-1", "text/html; charset=ISO-8859-1",
					       "text/html;charset=\"latin1\"", "text/html; charset=windows-1252",
					       "text/html; charset=us-ascii" };

		for (size_t i = 0; i < sizeof ctypes / sizeof *ctypes; i++) {
			run(&r, &c, ko, sizeof ko - 1, "https://ex.example/", ctypes[i]);
			assert_int_equal(r.rc, 0);
			assert_int_equal(r.doc.nitems, 2);
			assert_string_equal(r.doc.title, "뉴스");
			assert_string_equal(r.doc.items[0].title, "샘 알트먼, 오픈AI 복귀");
			assert_string_equal(r.doc.items[1].title, "サム・アルトマン氏が復帰");
			nw_doc_free(&r.doc);
		}
	}

	run(&r, &c, sjis, sizeof(sjis) - 1, NULL, "text/html; charset=x-no-such-charset");
	assert_int_equal(r.rc, 0);
	assert_non_null(strstr(r.doc.warning, "charset"));
	nw_doc_free(&r.doc);
	teardown(&c);
}

/* Broken and hostile pages: items where they can be found, never a crash. */
static void test_broken(void **state)
{
	const char *const sets[] = { "item=//article", "title=h2", "link=.//a/@href", NULL };
	struct html_ctx c = { 0 };
	struct parsed r;
	char err[256];
	/* libxml2 nests unclosed elements (no HTML5 tree building): the second article ends up
	 * inside the first one's link */
	const char *broken = "junk</div></td><article><h2>unclosed <b>bold<a href=x?a=1&b=2>link"
			     "<article><h2>second &copy; &bogus; &#xD55C;</h2>";
	size_t depth = 20000, len;
	char *deep, garbage[4096];

	(void)state;
	assert_int_equal(setup(&c, sets, err, sizeof(err)), 0);
	run(&r, &c, broken, strlen(broken), "https://example.com/", NULL);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.doc.nitems, 2);
	assert_string_equal(r.doc.items[0].link, "https://example.com/x?a=1&b=2");
	assert_string_equal(r.doc.items[1].title, "second © &bogus; 한");
	assert_null(r.doc.items[1].link);
	nw_doc_free(&r.doc);

	/* very deep nesting */
	deep = malloc(depth * 5 + 64);
	assert_non_null(deep);
	len = (size_t)sprintf(deep, "<article><h2>");
	for (size_t i = 0; i < depth; i++)
		len += (size_t)sprintf(deep + len, "<div>");
	len += (size_t)sprintf(deep + len, "deep</h2></article>");
	run(&r, &c, deep, len, NULL, NULL);
	assert_int_equal(r.rc, 0);
	nw_doc_free(&r.doc);
	/* 300 unclosed <font> before the items (an old portal's template): both found (past
	 * 256 levels libxml2 stopped without a word, and none was) */
	len = 0;
	for (size_t i = 0; i < 300; i++)
		len += (size_t)sprintf(deep + len, "<font>");
	len += (size_t)sprintf(deep + len, "<article><h2>one</h2><a href=/1>x</a></article>"
					   "<article><h2>two</h2><a href=/2>y</a></article>");
	run(&r, &c, deep, len, "https://example.com/", NULL);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.doc.nitems, 2);
	assert_string_equal(r.doc.items[1].title, "two");
	nw_doc_free(&r.doc);
	free(deep);

	/* binary garbage */
	for (size_t i = 0; i < sizeof(garbage); i++)
		garbage[i] = (char)((i * 7919u + 13u) % 256u);
	run(&r, &c, garbage, sizeof(garbage), NULL, NULL);
	assert_true(r.rc == 0 || r.rc == -EBADMSG);
	nw_doc_free(&r.doc);
	teardown(&c);
}

/* A field past HTML_MAX_FIELD is cut between characters, whatever its alignment (cut
 * inside one, it was invalid and lost whole in two alignments of three). */
static void test_field_cap(void **state)
{
	const char *const sets[] = { "item=//article", "title=h2", "summary=p", NULL };
	struct html_ctx c = { 0 };
	struct parsed r;
	char err[256];
	size_t chars = HTML_MAX_FIELD / 3 + 10;
	char *page = malloc(chars * 3 + 256);

	(void)state;
	assert_non_null(page);
	assert_int_equal(setup(&c, sets, err, sizeof(err)), 0);
	for (int pad = 0; pad < 3; pad++) {
		size_t len = (size_t)sprintf(page, "<article><h2>t</h2><p>%.*s", pad, "ab");
		for (size_t k = 0; k < chars; k++, len += 3)
			memcpy(page + len, "\xEA\xB0\x80", 3); /* 가 */
		len += (size_t)sprintf(page + len, "</p></article>");
		run(&r, &c, page, len, "https://example.com/", "text/html; charset=utf-8");
		assert_int_equal(r.rc, 0);
		assert_int_equal(r.doc.nitems, 1);
		assert_non_null(r.doc.items[0].summary);
		assert_true(strlen(r.doc.items[0].summary) > HTML_MAX_FIELD / 2);
		assert_int_equal(nw_utf8_span(r.doc.items[0].summary, strlen(r.doc.items[0].summary)),
				 strlen(r.doc.items[0].summary));
		nw_doc_free(&r.doc);
	}
	free(page);
	teardown(&c);
	/* after a cut, nothing more: a later piece that fits what the cut left is not glued on */
	{
		struct nw_buf b = { .max = 10 };
		nw_buf_add(&b, "abcdefgh", 8);
		nw_buf_add(&b, "\xED\x95\x9C", 3); /* 한: would end at 11 */
		nw_buf_add(&b, " t", 2);
		assert_string_equal(b.p, "abcdefgh");
		free(b.p);
	}
}

/* Two instances keep their own selectors (no file-level state). */
static void test_instances(void **state)
{
	const char *const s1[] = { "item=//article", "title=h2", NULL };
	const char *const s2[] = { "item=//article", "title=p", NULL };
	const char *page = "<article><h2>heading</h2><p>para</p></article>";
	struct html_ctx a = { 0 }, b = { 0 };
	struct parsed r;
	char err[256];

	(void)state;
	assert_int_equal(setup(&a, s1, err, sizeof(err)), 0);
	assert_int_equal(setup(&b, s2, err, sizeof(err)), 0);
	run(&r, &a, page, strlen(page), NULL, NULL);
	assert_string_equal(r.doc.items[0].title, "heading");
	nw_doc_free(&r.doc);
	run(&r, &b, page, strlen(page), NULL, NULL);
	assert_string_equal(r.doc.items[0].title, "para");
	nw_doc_free(&r.doc);
	teardown(&a);
	teardown(&b);
}

/* Whether s is well-formed UTF-8 (no sequence cut short, no stray continuation byte). */
static int utf8_whole(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;

	while (*u) {
		int n = *u < 0x80 ? 0 : (*u & 0xE0) == 0xC0 ? 1 : (*u & 0xF0) == 0xE0 ? 2 : (*u & 0xF8) == 0xF0 ? 3 : -1;
		if (n < 0)
			return 0;
		for (u++; n > 0; n--, u++)
			if ((*u & 0xC0) != 0x80)
				return 0;
	}
	return 1;
}

/* The warning of items that gave nothing, with XPaths of Korean class names: the item's cut,
 * and the whole message's at the warning's size, fall between characters (a cut inside one
 * left invalid UTF-8 in the log, the store and newswatch feeds). */
static void test_warning_cut_utf8(void **state)
{
	char item[256] = "//div[@data-xy='", title[256] = ".//h6[@class='", link[256] = ".//a[@class='", page[1024];
	char set_item[300], set_title[300], set_link[300];
	struct html_ctx c = { 0 };
	struct parsed r;
	char err[512];

	(void)state;
	for (int i = 0; i < 60; i++)
		strcat(item, "가"); /* byte 150 falls inside the 45th */
	strcat(item, "']");
	for (int i = 0; i < 60; i++) {
		strcat(title, "나");
		strcat(link, "다");
	}
	strcat(title, "']");
	strcat(link, "']/@href");
	snprintf(set_item, sizeof set_item, "item=%s", item);
	snprintf(set_title, sizeof set_title, "title=%s", title);
	snprintf(set_link, sizeof set_link, "link=%s", link);
	{
		const char *const sets2[] = { set_item, set_title, set_link, NULL };
		assert_int_equal(setup(&c, sets2, err, sizeof(err)), 0);
	}
	snprintf(page, sizeof page, "<div data-xy='%.180s'><p>x</p></div>", item + 16);
	run(&r, &c, page, strlen(page), NULL, NULL);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.doc.nitems, 0);
	assert_non_null(r.doc.warning);
	assert_non_null(strstr(r.doc.warning, "matched 1 node"));
	assert_true(utf8_whole(r.doc.warning));
	nw_doc_free(&r.doc);
	teardown(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_descriptor),  cmocka_unit_test(test_listing),
		cmocka_unit_test(test_defaults),    cmocka_unit_test(test_expressions),
		cmocka_unit_test(test_empty_field), cmocka_unit_test(test_bad_options), cmocka_unit_test(test_names_check),
		cmocka_unit_test(test_dates), cmocka_unit_test(test_relative_dates),       cmocka_unit_test(test_offsets), cmocka_unit_test(test_nested_items), cmocka_unit_test(test_ruby), cmocka_unit_test(test_word_breaks), cmocka_unit_test(test_dead_first_links),
		cmocka_unit_test(test_warnings),    cmocka_unit_test(test_encodings),
		cmocka_unit_test(test_broken),      cmocka_unit_test(test_instances),
		cmocka_unit_test(test_links_escaped), cmocka_unit_test(test_default_priority),
		cmocka_unit_test(test_alternatives), cmocka_unit_test(test_field_cap),
		cmocka_unit_test(test_warning_cut_utf8),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
