/* test_jsonfeed.c — unit tests for the jsonfeed source plugin: JSON Feed 1.0 and 1.1 fields
 * per the parse contract, relative links, ids given as numbers, fields of the wrong type,
 * and malformed, oversized, too deep or non-UTF-8 input giving an error or a warning. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <time.h>
#include <cmocka.h>

/* the parser first: the plugin file is the thin descriptor over it */
#include "../../plugins/src_jsonfeed/jsonfeed_parse.c"
#include "../../plugins/src_jsonfeed/jsonfeed.c"

struct parsed {
	struct nw_doc doc;
	int rc;
	char err[256];
};

static void parse_url(struct parsed *r, const char *json, size_t len, const char *url)
{
	struct jf_ctx ctx = { 0 };
	struct nw_input in = { json, len, url, "application/feed+json", 0 };

	memset(r, 0, sizeof(*r));
	r->rc = nw_plugin.parse(&ctx, &in, &r->doc, r->err, sizeof(r->err));
}

static void parse(struct parsed *r, const char *json)
{
	parse_url(r, json, strlen(json), "https://news.example.kr/feeds/feed.json");
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
	(void)state;
	assert_int_equal(nw_plugin.abi, NW_PLUGIN_ABI);
	assert_int_equal(nw_plugin.kind, NW_PLUGIN_SOURCE);
	assert_string_equal(nw_plugin.name, "jsonfeed");
	assert_non_null(nw_plugin.parse);
	assert_null(nw_plugin.deliver);
	for (const struct nw_option *o = nw_plugin.options; o->name; o++)
		assert_non_null(o->description);
}

static const char feed11[] =
	"{\"version\": \"https://jsonfeed.org/version/1.1\","
	" \"title\": \"긱뉴스\", \"home_page_url\": \"/\", \"description\": \"  개발\\n 뉴스 \","
	" \"language\": \"ko\", \"authors\": [{\"name\": \"편집부\"}],"
	" \"items\": ["
	"  {\"id\": \"2e6b1f\", \"url\": \"../topic/1234\","
	"   \"title\": \"샘 알트먼, 마이크로소프트 합류\","
	"   \"content_html\": \"<p>오픈AI의 <b>샘 알트먼</b>이&nbsp;MS에</p><script>x()</script>\","
	"   \"content_text\": \"ignored when there is html\","
	"   \"summary\": \"알트먼 MS 합류\","
	"   \"date_published\": \"2023-11-20T16:53:00+09:00\","
	"   \"date_modified\": \"2023-11-21T08:00:00Z\","
	"   \"authors\": [{\"name\": \"김기자\"}, {\"url\": \"no name\"}, {\"name\": \"이기자\"}],"
	"   \"tags\": [\"AI\", 7, \"\", \"MS\"], \"language\": \"ko-KR\"},"
	"  {\"id\": 42, \"external_url\": \"https://example.jp/a\","
	"   \"title\": \"サム・アルトマン氏、マイクロソフトへ\","
	"   \"content_text\": \"OpenAIの前CEO\\n   サム・アルトマン氏\"}"
	" ]}";

static void test_feed11(void **state)
{
	struct parsed r;
	const struct nw_item *a, *b;

	(void)state;
	parse(&r, feed11);
	assert_int_equal(r.rc, 0);
	assert_null(r.doc.warning);
	assert_string_equal(r.doc.format, "json1.1");
	assert_string_equal(r.doc.title, "긱뉴스");
	assert_string_equal(r.doc.description, "개발 뉴스");
	assert_string_equal(r.doc.language, "ko");
	assert_string_equal(r.doc.link, "https://news.example.kr/");
	assert_int_equal(r.doc.nitems, 2);

	a = &r.doc.items[0];
	assert_string_equal(a->id, "2e6b1f");
	assert_string_equal(a->title, "샘 알트먼, 마이크로소프트 합류");
	assert_string_equal(a->link, "https://news.example.kr/topic/1234");
	assert_string_equal(a->content, "오픈AI의 샘 알트먼이 MS에");
	assert_string_equal(a->summary, "알트먼 MS 합류");
	assert_true(a->published == utc(2023, 11, 20, 7, 53, 0));
	assert_true(a->updated == utc(2023, 11, 21, 8, 0, 0));
	assert_string_equal(a->author, "김기자, 이기자");
	assert_int_equal(a->categories.n, 2);
	assert_string_equal(a->categories.v[0], "AI");
	assert_string_equal(a->categories.v[1], "MS");
	assert_string_equal(a->language, "ko-KR");

	b = &r.doc.items[1];
	assert_string_equal(b->id, "42"); /* a number kept as its text */
	assert_string_equal(b->link, "https://example.jp/a"); /* external_url when no url */
	assert_string_equal(b->title, "サム・アルトマン氏、マイクロソフトへ");
	assert_string_equal(b->content, "OpenAIの前CEO サム・アルトマン氏");
	assert_null(b->summary);
	assert_true(b->published == NW_TIME_NONE);
	assert_true(b->updated == NW_TIME_NONE);
	assert_string_equal(b->author, "편집부"); /* the feed's authors by default */
	assert_string_equal(b->language, "ko");  /* and the feed's language */
	assert_int_equal(b->categories.n, 0);
	nw_doc_free(&r.doc);
}

static void test_feed10(void **state)
{
	struct parsed r;

	(void)state;
	parse(&r, "{\"version\": \"https://jsonfeed.org/version/1\", \"title\": \"Wire\","
		  " \"author\": {\"name\": \"Feed Author\"},"
		  " \"items\": [{\"id\": \"x1\", \"url\": \"https://wire.example/x1\","
		  " \"author\": {\"name\": \"Jane Doe\"}, \"date_published\": \"2023-11-20T07:53:00Z\"},"
		  " {\"id\": 1.5, \"url\": \"/x2\"}]}");
	assert_int_equal(r.rc, 0);
	assert_string_equal(r.doc.format, "json1.0");
	assert_int_equal(r.doc.nitems, 2);
	assert_string_equal(r.doc.items[0].author, "Jane Doe");
	assert_true(r.doc.items[0].published == utc(2023, 11, 20, 7, 53, 0));
	assert_null(r.doc.items[0].title);
	assert_string_equal(r.doc.items[1].id, "1.5");
	assert_string_equal(r.doc.items[1].link, "https://news.example.kr/x2");
	assert_string_equal(r.doc.items[1].author, "Feed Author");
	nw_doc_free(&r.doc);
}

/* Without a URL to come from, relative links resolve against the feed's own feed_url. */
static void test_relative_without_url(void **state)
{
	struct parsed r;
	const char *j = "{\"version\": \"https://jsonfeed.org/version/1.1\","
			" \"feed_url\": \"https://blog.example.jp/feed.json\","
			" \"items\": [{\"id\": \"1\", \"url\": \"posts/1\"}]}";

	(void)state;
	parse_url(&r, j, strlen(j), NULL);
	assert_int_equal(r.rc, 0);
	assert_string_equal(r.doc.items[0].link, "https://blog.example.jp/posts/1");
	nw_doc_free(&r.doc);
}

/* Title and summary are plain text, but publishers write HTML entities in them: decoded
 * (named, HTML4's and HTML5's, decimal, hex, &#146; as windows-1252 reads it), and nothing else: no markup is
 * stripped, a bare '&' or an unknown name stays, one pass only. content_text is left. */
static void test_entities(void **state)
{
	struct parsed r;

	(void)state;
	parse(&r, "{\"version\": \"https://jsonfeed.org/version/1.1\","
		  " \"title\": \"\xE3\x83\x96\xE3\x83\xAD\xE3\x82\xB0 &amp; News\","
		  " \"items\": [{\"id\": \"1\", \"title\": \"AT&amp;T&#8217;s deal &lpar;MS&rpar;\","
		  "   \"summary\": \"a &lt;b&gt; &#x2014; &#146;q&quot; &hellip;&nbsp;x\"},"
		  "  {\"id\": \"2\", \"title\": \"<b>AT&T</b> & &bogus; &amp &#; &#0; &#xD800; &#99999999;\","
		  "   \"summary\": \"&amp;amp; &AMP; 1 < 2\", \"content_text\": \"R&amp;D\"}]}");
	assert_int_equal(r.rc, 0);
	assert_string_equal(r.doc.title, "\xE3\x83\x96\xE3\x83\xAD\xE3\x82\xB0 & News"); /* ブログ */
	assert_int_equal(r.doc.nitems, 2);
	assert_string_equal(r.doc.items[0].title, "AT&T\xE2\x80\x99s deal (MS)"); /* HTML5's names too */
	/* &nbsp; (U+00A0) is white space to plain text: one plain space */
	assert_string_equal(r.doc.items[0].summary,
			    "a <b> \xE2\x80\x94 \xE2\x80\x99q\" \xE2\x80\xA6 x");
	assert_string_equal(r.doc.items[1].title, "<b>AT&T</b> & &bogus; &amp &#; \xEF\xBF\xBD "
						  "\xEF\xBF\xBD \xEF\xBF\xBD");
	assert_string_equal(r.doc.items[1].summary, "&amp; & 1 < 2"); /* &AMP; is HTML5's */
	assert_string_equal(r.doc.items[1].content, "R&amp;D");
	nw_doc_free(&r.doc);
}

/* Every field of the wrong type is skipped; the item survives if anything is left. */
/* An id past 2^63, as a number: kept as its digits (jansson's "too big integer" lost the
 * whole feed), and the items after it read; a negative one too. */
static void test_big_integer_id(void **state)
{
	struct parsed r;

	(void)state;
	parse(&r, "{\"version\": \"https://jsonfeed.org/version/1.1\", \"title\": \"t\", \"items\": ["
		  "{\"id\": 123456789012345678901234, \"title\": \"first\"},"
		  "{\"id\": -98765432109876543210, \"title\": \"second\"},"
		  "{\"id\": 7, \"title\": \"third\"}]}");
	assert_int_equal(r.rc, 0); /* old: not JSON: ... too big integer */
	assert_int_equal(r.doc.nitems, 3);
	assert_string_equal(r.doc.items[0].id, "123456789012345678901234");
	assert_string_equal(r.doc.items[1].id, "-98765432109876543210");
	assert_string_equal(r.doc.items[2].id, "7");
	assert_string_equal(r.doc.items[2].title, "third");
	nw_doc_free(&r.doc);
}

static void test_wrong_types(void **state)
{
	struct parsed r;

	(void)state;
	parse(&r, "{\"version\": \"https://jsonfeed.org/version/1.1\", \"title\": 5,"
		  " \"home_page_url\": [\"x\"], \"authors\": \"nobody\", \"language\": {},"
		  " \"items\": [\"not an object\", 3, null,"
		  "  {\"id\": {\"a\": 1}, \"url\": 17, \"title\": [\"t\"], \"content_html\": false,"
		  "   \"summary\": 1, \"date_published\": \"not a date\", \"date_modified\": 20231120,"
		  "   \"authors\": {\"name\": \"not in an array\"}, \"author\": \"a string\","
		  "   \"tags\": \"AI\", \"language\": 3},"
		  "  {\"id\": \"ok\", \"title\": \"kept\", \"tags\": [[\"nested\"], \"flat\"]}]}");
	assert_int_equal(r.rc, 0);
	assert_null(r.doc.title);
	assert_null(r.doc.link);
	assert_null(r.doc.language);
	/* the all-wrong item has nothing left and is dropped */
	assert_int_equal(r.doc.nitems, 1);
	assert_string_equal(r.doc.items[0].id, "ok");
	assert_string_equal(r.doc.items[0].title, "kept");
	assert_null(r.doc.items[0].author);
	assert_int_equal(r.doc.items[0].categories.n, 1);
	assert_string_equal(r.doc.items[0].categories.v[0], "flat");
	nw_doc_free(&r.doc);
}

static void test_not_a_feed(void **state)
{
	struct parsed r;

	(void)state;
	parse(&r, "[1, 2, 3]");
	assert_int_equal(r.rc, -EPROTO);
	assert_non_null(strstr(r.err, "not a JSON Feed"));
	nw_doc_free(&r.doc);

	parse(&r, "{\"version\": \"https://example.com/other\", \"data\": []}");
	assert_int_equal(r.rc, -EPROTO);
	nw_doc_free(&r.doc);

	parse(&r, "<?xml version=\"1.0\"?><rss/>");
	assert_int_equal(r.rc, -EBADMSG);
	assert_non_null(strstr(r.err, "not JSON"));
	nw_doc_free(&r.doc);

	parse(&r, "{\"version\": \"https://jsonfeed.org/version/1.1\", \"items\": [{\"id\": ");
	assert_int_equal(r.rc, -EBADMSG); /* truncated */
	nw_doc_free(&r.doc);

	parse_url(&r, "", 0, NULL);
	assert_int_equal(r.rc, -EINVAL);
	nw_doc_free(&r.doc);
}

/* Degraded but usable: a warning, and the items. */
static void test_warnings(void **state)
{
	struct parsed r;

	(void)state;
	/* no version, but it has items */
	parse(&r, "{\"title\": \"t\", \"items\": [{\"id\": \"1\", \"title\": \"a\"}]}");
	assert_int_equal(r.rc, 0);
	assert_string_equal(r.doc.format, "json");
	assert_non_null(r.doc.warning);
	assert_non_null(strstr(r.doc.warning, "version"));
	assert_int_equal(r.doc.nitems, 1);
	nw_doc_free(&r.doc);

	/* junk after the object */
	parse(&r, "{\"version\": \"https://jsonfeed.org/version/1\", \"items\": [{\"id\": \"1\"}]}"
		  "\n<!-- served by -->");
	assert_int_equal(r.rc, 0);
	assert_non_null(r.doc.warning);
	assert_int_equal(r.doc.nitems, 1);
	nw_doc_free(&r.doc);

	/* items of the wrong type */
	parse(&r, "{\"version\": \"https://jsonfeed.org/version/1.1\", \"items\": {}}");
	assert_int_equal(r.rc, 0);
	assert_non_null(r.doc.warning);
	assert_int_equal(r.doc.nitems, 0);
	nw_doc_free(&r.doc);

	/* a BOM and trailing white space are fine */
	parse(&r, "\xEF\xBB\xBF{\"version\": \"https://jsonfeed.org/version/1.1\", \"items\": []}\n ");
	assert_int_equal(r.rc, 0);
	assert_null(r.doc.warning);
	nw_doc_free(&r.doc);
}

static void test_invalid_utf8(void **state)
{
	struct parsed r;

	(void)state;
	parse(&r, "{\"version\": \"https://jsonfeed.org/version/1.1\","
		  " \"items\": [{\"id\": \"1\", \"title\": \"caf\xE9 \xEC\x83\"}]}");
	assert_int_equal(r.rc, 0);
	assert_non_null(r.doc.warning);
	assert_non_null(strstr(r.doc.warning, "UTF-8"));
	assert_string_equal(r.doc.items[0].title, "caf\xEF\xBF\xBD \xEF\xBF\xBD");
	nw_doc_free(&r.doc);

	/* NUL inside a string is allowed by JSON: a space, as the text paths make of one (the
	 * text ended there: what followed was lost) */
	parse(&r, "{\"version\": \"https://jsonfeed.org/version/1.1\","
		  " \"items\": [{\"id\": \"1\", \"title\": \"a\\u0000b\", \"content_text\": \"x\\u0000hidden\"}]}");
	assert_int_equal(r.rc, 0);
	assert_string_equal(r.doc.items[0].title, "a b");
	assert_string_equal(r.doc.items[0].content, "x hidden");
	nw_doc_free(&r.doc);

	/* a lone UTF-16 surrogate (a text cut in the middle of an emoji) is U+FFFD with a
	 * warning, a pair is its character, an escaped backslash before u is text (the whole
	 * feed was refused: "invalid Unicode '\uD83D'") */
	parse(&r, "{\"version\": \"https://jsonfeed.org/version/1.1\", \"items\": [{\"id\": \"1\","
		  " \"title\": \"\\ud83d\\ude00 emoji \\ud83d lone \\udc00\", \"content_text\": \"kept \\\\ud83d\"}]}");
	assert_int_equal(r.rc, 0);
	assert_string_equal(r.doc.items[0].title, "\xF0\x9F\x98\x80 emoji \xEF\xBF\xBD lone \xEF\xBF\xBD");
	assert_string_equal(r.doc.items[0].content, "kept \\ud83d");
	assert_non_null(r.doc.warning);
	assert_non_null(strstr(r.doc.warning, "2 lone UTF-16 surrogate escapes replaced"));
	nw_doc_free(&r.doc);
}

static void test_bounds(void **state)
{
	struct parsed r;
	size_t n = 100000, len;
	char *deep = malloc(2 * n + 64), *big;

	(void)state;
	/* nesting far past the limit: refused before jansson builds it */
	assert_non_null(deep);
	len = (size_t)sprintf(deep, "{\"version\": \"https://jsonfeed.org/version/1.1\", \"x\": ");
	memset(deep + len, '[', n);
	memset(deep + len + n, ']', n);
	len += 2 * n;
	deep[len++] = '}';
	parse_url(&r, deep, len, NULL);
	assert_int_equal(r.rc, -EBADMSG);
	assert_non_null(strstr(r.err, "nested"));
	nw_doc_free(&r.doc);
	free(deep);

	/* brackets inside strings do not count */
	parse(&r, "{\"version\": \"https://jsonfeed.org/version/1.1\", \"items\": [{\"id\": \"1\","
		  " \"title\": \"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\\\"[[\"}]}");
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.doc.nitems, 1);
	nw_doc_free(&r.doc);

	/* a field past JF_MAX_FIELD is cut between characters, whatever the alignment (it was
	 * cut inside one, and lost whole, in two alignments of three) */
	for (int pad = 0; pad < 3; pad++) {
		size_t chars = JF_MAX_FIELD / 3 + 10, o;
		char *j = malloc(chars * 3 + 256);
		assert_non_null(j);
		o = (size_t)sprintf(j, "{\"version\": \"https://jsonfeed.org/version/1.1\", \"items\": [{\"id\": \"1\", "
				       "\"content_text\": \"%.*s", pad, "ab");
		for (size_t k = 0; k < chars; k++, o += 3)
			memcpy(j + o, "\xEA\xB0\x80", 3); /* 가 */
		o += (size_t)sprintf(j + o, "\"}]}");
		parse_url(&r, j, o, NULL);
		assert_int_equal(r.rc, 0);
		assert_non_null(r.doc.items[0].content);
		assert_true(strlen(r.doc.items[0].content) <= JF_MAX_FIELD);
		assert_int_equal(nw_utf8_span(r.doc.items[0].content, strlen(r.doc.items[0].content)),
				 strlen(r.doc.items[0].content));
		nw_doc_free(&r.doc);
		free(j);
	}

	/* bigger than the cap: refused without being read */
	big = malloc(JF_MAX_INPUT + 1);
	assert_non_null(big);
	memset(big, ' ', JF_MAX_INPUT + 1);
	parse_url(&r, big, JF_MAX_INPUT + 1, NULL);
	assert_int_equal(r.rc, -EFBIG);
	nw_doc_free(&r.doc);
	free(big);
}

static void test_item_cap(void **state)
{
	struct parsed r;
	size_t cap = 64 + (JF_MAX_ITEMS + 10) * 12, len;
	char *j = malloc(cap);

	(void)state;
	assert_non_null(j);
	len = (size_t)sprintf(j, "{\"version\": \"https://jsonfeed.org/version/1\", \"items\": [");
	for (int i = 0; i < JF_MAX_ITEMS + 10; i++)
		len += (size_t)sprintf(j + len, "%s{\"id\":%d}", i ? "," : "", i);
	len += (size_t)sprintf(j + len, "]}");
	parse_url(&r, j, len, NULL);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.doc.nitems, JF_MAX_ITEMS);
	assert_non_null(r.doc.warning);
	assert_string_equal(r.doc.items[JF_MAX_ITEMS - 1].id, "9999");
	nw_doc_free(&r.doc);
	free(j);
}

/* The feed's author, 1 MB, goes to each of 200 items that has none (200 MB, 6 s): the
 * document's budget (nw_doc_budget) stops it after a few. */
static void test_author_budget(void **state)
{
	size_t cap = 4u << 20, n = 0;
	char *json = malloc(cap);
	struct parsed r;
	struct jf_ctx ctx = { 0 };

	(void)state;
	assert_non_null(json);
	n += (size_t)snprintf(json + n, cap - n, "{\"version\": \"https://jsonfeed.org/version/1.1\", \"title\": \"t\", "
			      "\"authors\": [{\"name\": \"");
	for (int i = 0; i < 1000000; i++)
		json[n++] = 'a';
	n += (size_t)snprintf(json + n, cap - n, "\"}], \"items\": [");
	for (int i = 0; i < 200; i++)
		n += (size_t)snprintf(json + n, cap - n, "%s{\"id\": \"%d\", \"title\": \"T%d\"}", i ? "," : "", i, i);
	n += (size_t)snprintf(json + n, cap - n, "]}");
	memset(&r, 0, sizeof r);
	r.doc.budget = nw_doc_budget(n);
	{
		struct nw_input in = { json, n, "https://news.example.kr/feed.json", NULL, 0 };
		r.rc = nw_plugin.parse(&ctx, &in, &r.doc, r.err, sizeof r.err);
	}
	assert_int_equal(r.rc, 0);
	assert_true(r.doc.full);
	assert_true(r.doc.nitems >= 2 && r.doc.nitems < 20);
	nw_doc_free(&r.doc);
	free(json);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_descriptor),   cmocka_unit_test(test_feed11),
		cmocka_unit_test(test_feed10),       cmocka_unit_test(test_relative_without_url),
		cmocka_unit_test(test_wrong_types),  cmocka_unit_test(test_not_a_feed),
		cmocka_unit_test(test_warnings),     cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_bounds),       cmocka_unit_test(test_item_cap),
		cmocka_unit_test(test_entities),     cmocka_unit_test(test_author_budget),
		cmocka_unit_test(test_big_integer_id),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
