/* test_text.c — unit tests of daemon/text.c: NFKC + case fold, separator folding, the
 * optional space next to Hangul/Kana/Han, numbers kept intact, invalid bytes survived. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "text.h"

static char *norm(const char *s)
{
	size_t n = 0;
	char *r = nw_text_normalize(s, strlen(s), &n);

	assert_non_null(r);
	assert_int_equal(strlen(r), n);
	return r;
}

/* fn(in), a malloc'd text, is want */
#define assert_made_by(fn, in, want) do { \
	char *r_ = fn(in); \
	assert_string_equal(r_, want); \
	free(r_); \
} while (0)
#define assert_norm(in, want) assert_made_by(norm, in, want)

static void same(const char *a, const char *b)
{
	char *x = norm(a), *y = norm(b);

	assert_string_equal(x, y);
	free(x);
	free(y);
}

static void test_case_and_width(void **state)
{
	(void)state;
	assert_norm("OpenAI", "openai");
	assert_norm("ＯｐｅｎＡＩ", "openai");           /* full width */
	assert_norm("ｻﾑ ｱﾙﾄﾏﾝ", "サムアルトマン");       /* half-width kana, space dropped */
	assert_norm("ｶﾞ", "ガ");                         /* half-width voiced mark composes */
	assert_norm("Straße", "strasse");
	assert_norm("ﬁle ①", "file 1");
	assert_norm("e\xcc\x81t\xc3\xa9", "\xc3\xa9t\xc3\xa9"); /* e + U+0301 composes to é */
}

static void test_spaces_and_dots(void **state)
{
	(void)state;
	assert_norm("  Sam \t\n  Altman  ", "sam altman");
	assert_norm("Sam\xc2\xa0\xe3\x80\x80""Altman", "sam altman"); /* NBSP, ideographic space */
	assert_norm("샘 알트먼", "샘알트먼");
	same("샘 알트먼", "샘알트먼");
	same("サム・アルトマン", "サムアルトマン");
	same("サム アルトマン", "サム・アルトマン");
	same("サム･アルトマン", "サム・アルトマン");   /* half-width middle dot */
	same("MS·오픈AI", "MS 오픈AI");
	same("MS‧오픈AI", "MS•오픈AI");
	assert_norm("오픈 AI", "오픈ai");
	same("오픈 AI", "오픈AI");
	assert_norm("AI 오픈", "ai오픈");
	assert_norm("Sam·Altman", "sam altman");       /* Latin on both sides keeps a space */
	assert_norm("「マイクロソフト」は、", "マイクロソフトは");
	assert_norm("Open\xe2\x80\x8b""AI", "openai"); /* zero-width space is ignorable */
	assert_norm("", "");
	assert_norm(" \t ", "");
}

static void test_punctuation_and_numbers(void **state)
{
	(void)state;
	assert_norm("OpenAI’s", "openai's");
	assert_norm("“AT&T”", "\"at&t\"");
	assert_norm("1,350억 원", "1,350억원");
	assert_norm("27%", "27%");
	assert_norm("$135B", "$135b");
	assert_norm("１，３５０억", "1,350억");
	assert_norm("U.S.-China", "u.s.-china");
	assert_norm("GPT–4", "gpt-4");                 /* en dash */
	assert_norm("₩1,000", "₩1,000");
}

/* Normalised once more, the text does not change (matching relies on it: an alias is
 * normalised like the text it is looked for in). */
static void stable(const char *s)
{
	char *x = norm(s), *y = norm(x);

	assert_string_equal(x, y);
	free(x);
	free(y);
}

static void test_symbols_apart(void **state)
{
	static const char *const texts[] = {
		"OpenAI™ unveils", "Microsoft™ Copilot", "①MS 지분 27% 확보", "OpenAI¹ said",
		"x²+y₂", "ⓐⓑ", "1½", "⑴OpenAI⑵", "30℃", "㈜카카오", "84㎡", "™\xcc\x81x",
		"①\xcc\x81", "⑴\xcc\x81", "e\xcc\x81™", NULL,
	};
	size_t i;

	(void)state;
	/* a symbol whose compatibility form is letters or digits does not join the word
	 * next to it; as if spaced out, whether that word is ASCII (the fast path) or not */
	assert_norm("OpenAI™ unveils", "openai tm unveils");
	same("OpenAI™ unveils", "OpenAI ™ unveils");
	same("Microsoft™Copilot", "Microsoft tm Copilot");
	assert_norm("①MS 지분 27% 확보", "1 ms지분27%확보");
	assert_norm("OpenAI¹ said", "openai 1 said");
	same("Café™", "Café tm");
	assert_norm("ⓐⓑ", "a b");
	/* where the form begins or ends with something else, no space is needed there */
	assert_norm("⑴OpenAI⑵", "(1)openai(2)");
	same("30℃", "30°C");
	/* next to Hangul/Kana/Han the space is dropped as always */
	assert_norm("지분①", "지분1");
	/* letters in other forms stay in their word, and so does a subscript (a formula's
	 * digit, not a footnote's): CO₂ is CO2 */
	assert_norm("ＯｐｅｎＡＩ ﬁle", "openai file");
	assert_norm("CO₂ emissions", "co2 emissions");
	/* look-alikes typed for an apostrophe, and the two tildes of Shift_JIS's 0x8160 */
	same("McDonald´s", "McDonald's");
	same("McDonald`s", "McDonald's");
	same("10～20", "10〜20");
	stable("McDonald´s ～ `x´");
	assert_norm("H₂O", "h2o");
	same("x²+y₂", "x 2 +y2");
	for (i = 0; texts[i]; i++)
		stable(texts[i]);
}

static void test_dotted_capital_i(void **state)
{
	(void)state;
	/* case folding makes İ "i" + U+0307; the dot of an i is dropped, so they meet */
	assert_norm("İstanbul", "istanbul");
	same("İSTANBUL", "Istanbul");
	same("i\xcc\x87stanbul", "istanbul");       /* i + combining dot, as typed */
	assert_norm("İ\xcc\x81", "\xc3\xad");        /* İ + acute is í */
	same("İ\xcc\xa3", "i\xcc\xa3");               /* dot below kept, dot above gone */
	/* other letters keep a dot above: ė ż ȧ, decomposed or not */
	assert_norm("e\xcc\x87", "\xc4\x97");
	assert_norm("Ż", "\xc5\xbc");
	assert_norm("a\xcc\x87", "\xc8\xa7");
	assert_norm("ı", "\xc4\xb1");                  /* dotless ı stays itself */
	stable("İ\xcc\x81");
	stable("İ\xcc\xa3\xcc\x87x");
	stable("Iİıi\xcc\x87\xcc\x87");
}

static void test_kana_name_separators(void **state)
{
	(void)state;
	/* ＝ and ゠ part a name's Kana like ・ does */
	same("サム＝アルトマン", "サム・アルトマン");
	same("サム゠アルトマン", "サムアルトマン");
	same("サム=アルトマン", "サム アルトマン");
	same("ジャン＝リュック", "ジャン・リュック");
	same("ルー＝ゲーリッグ", "ルーゲーリッグ");          /* ー ends a Kana word too */
	same("ｻﾑ=ｱﾙﾄﾏﾝ", "サムアルトマン");                   /* half width */
	same("サム ＝ アルトマン", "サムアルトマン");
	/* not between Kana: '=' stays */
	assert_norm("a=b", "a=b");
	assert_norm("x ＝ 1", "x = 1");
	assert_norm("サム=1", "サム=1");
	assert_norm("価格=1万円", "価格=1万円");             /* Han, not Kana */
	assert_norm("サム==アルトマン", "サム==アルトマン");
	assert_norm("゠", "=");
	stable("サム＝＝アルトマン");
	stable("サム ＝ ＝アルトマン");
	stable("ア=イ=ウ");
}

static void test_invalid_utf8(void **state)
{
	static const char bad[] = "a\xff\xfe" "b\xc3" "c\xed\xa0\x80" "d\xe2\x82";
	size_t n = 99;
	char *r;

	(void)state;
	r = nw_text_normalize(bad, sizeof(bad) - 1, &n);
	assert_non_null(r);
	assert_string_equal(r, "a b c d");
	assert_int_equal(n, 7);
	free(r);

	r = nw_text_normalize("x\0y", 3, &n); /* embedded NUL */
	assert_non_null(r);
	assert_string_equal(r, "x y");
	free(r);

	r = nw_text_normalize(NULL, 0, &n);
	assert_non_null(r);
	assert_int_equal(n, 0);
	free(r);
}

static void test_long_and_mixed(void **state)
{
	/* a text long enough to cross every internal buffer, with mixed scripts and an
	 * expanding character (U+FDFA becomes 18 letters) to test buffer growth */
	const char *piece = "OpenAI의 샘 알트먼 ﷺ サム・アルトマン said 1,350억 ";
	size_t plen = strlen(piece), k, n;
	char *big = malloc(plen * 2000 + 1), *r, *one;

	(void)state;
	assert_non_null(big);
	for (k = 0; k < 2000; k++)
		memcpy(big + k * plen, piece, plen);
	big[plen * 2000] = '\0';
	r = nw_text_normalize(big, plen * 2000, &n);
	one = norm(piece);
	assert_non_null(r);
	assert_true(n > strlen(one) * 1999);
	assert_memory_equal(r, one, strlen(one));
	assert_non_null(strstr(r, "샘알트먼"));
	assert_non_null(strstr(r, "サムアルトマン"));
	free(one);
	free(r);
	free(big);
}

static void test_classes(void **state)
{
	(void)state;
	assert_true(nw_cp_is_cjk(0xc0e8));   /* 샘 */
	assert_true(nw_cp_is_cjk(0x30a2));   /* ア */
	assert_true(nw_cp_is_cjk(0x3042));   /* あ */
	assert_true(nw_cp_is_cjk(0x6f22));   /* 漢 */
	assert_true(nw_cp_is_cjk(0x30fc));   /* ー */
	assert_false(nw_cp_is_cjk(0x30fb));  /* ・ */
	assert_false(nw_cp_is_cjk('a'));
	assert_false(nw_cp_is_cjk(0x3002));  /* 。 */
	assert_true(nw_cp_is_latin_alnum('a'));
	assert_true(nw_cp_is_latin_alnum('Z'));
	assert_true(nw_cp_is_latin_alnum('7'));
	assert_true(nw_cp_is_latin_alnum(0xe9));  /* é */
	assert_true(nw_cp_is_latin_alnum(0x1ec7)); /* ệ */
	assert_false(nw_cp_is_latin_alnum('\''));
	assert_false(nw_cp_is_latin_alnum(0xd7));  /* × */
	assert_false(nw_cp_is_latin_alnum(0xc758)); /* 의 */
	assert_false(nw_cp_is_latin_alnum(0x3b1)); /* α: not Latin */
}

/* The full-text index's text: normalised, CJK characters one by one, and nothing FTS5's ascii
 * tokenizer would join into a word that is not one. */
static char *fts(const char *s)
{
	char *n = norm(s), *out = malloc(nw_text_fts_size(strlen(n)));
	size_t len;

	assert_non_null(out);
	len = nw_text_fts(n, strlen(n), out);
	assert_true(len < nw_text_fts_size(strlen(n)));
	out[len] = '\0';
	free(n);
	return out;
}

#define assert_fts(in, want) assert_made_by(fts, in, want)

static void test_fts_text(void **state)
{
	(void)state;
	/* ASCII as normalised: the tokenizer splits it at punctuation itself */
	assert_fts("OpenAI's CEO", "openai's ceo");
	/* each CJK character a token (a query's CJK word is the phrase of them) */
	assert_fts("샘 알트먼", "샘 알 트 먼 ");
	assert_fts("サム・アルトマン", "サ ム ア ル ト マ ン ");
	assert_fts("MS 지분 약 27%", "ms 지 분 약 27%");
	/* runs that only punctuation parts get a token between them (U+E000), so that 다시
	 * does not find "다. 시"; a word between parts them already */
	assert_fts("사과했다. 시장은", "사 과 했 다 . \xEE\x80\x80 시 장 은 ");
	assert_fts("AI칩, 삼성", "ai 칩 , \xEE\x80\x80 삼 성 ");
	assert_fts("칩 (AI) 삼성", "칩 (ai) 삼 성 ");
	/* non-ASCII symbols become spaces, so that ₩1 is the token 1 */
	assert_fts("₩1,350 ± 5 → up", " 1,350   5   up");
	/* Latin letters lose their diacritics: cafe finds café */
	assert_fts("Café Ångström naïve", "cafe angstrom naive");
	/* other scripts' letters and marks stay in their words */
	assert_fts("Привет हिन्दी", "привет हिन्दी");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_case_and_width),
		cmocka_unit_test(test_spaces_and_dots),
		cmocka_unit_test(test_punctuation_and_numbers),
		cmocka_unit_test(test_symbols_apart),
		cmocka_unit_test(test_dotted_capital_i),
		cmocka_unit_test(test_kana_name_separators),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_long_and_mixed),
		cmocka_unit_test(test_classes),
		cmocka_unit_test(test_fts_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
