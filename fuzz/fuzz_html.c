/* fuzz_html.c — libFuzzer target: the html source plugin's parse() (a listing page scraped
 * with XPath selectors) over arbitrary bytes. Three instances, as three [feed] sections
 * would configure them: selectors for the usual listing shapes with a date format and a
 * time zone; the defaults with a broad item selector; and selectors returning strings,
 * numbers and attributes rather than nodes (the page is then read with no base URL). */
#include "../plugins/src_html/html.c"
#include "fuzz_source.h"

static const char *const listing[] = {
	"item", "//article | //ul/li | //div[@class='item'] | //tr",
	"date", ".//time/@datetime | .//span[@class='date'] | .//span",
	"summary", ".//p",
	"id", "@data-id",
	"date_format", "%Y.%m.%d %H:%M",
	"timezone", "+09:00",
	NULL,
};
static const char *const defaults[] = {
	"item", "//a | //li",
	NULL,
};
static const char *const values[] = {
	"item", "//*[@href or @src]",
	"title", "normalize-space(concat(@title, ' ', .))",
	"link", "@href | @src",
	"date", "string(ancestor-or-self::*/@datetime)",
	"summary", "count(.//*)",
	"id", "concat(name(.), '-', count(preceding::*))",
	"title_feed", "string(//h1)",
	"date_format", "%d/%m/%Y",
	"timezone", "UTC",
	NULL,
};
static const char *const *const variants[FUZZ_VARIANTS] = { listing, defaults, values };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_source_one(&nw_plugin, variants, data, size);
}
