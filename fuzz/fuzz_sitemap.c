/* fuzz_sitemap.c — libFuzzer target: the sitemap source plugin's parse() (<urlset>,
 * <sitemapindex>, Google News) over arbitrary bytes with the Content-Types of fuzz_source.h. */
#include "../plugins/src_sitemap/sitemap.c"
#include "fuzz_source.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_source_one(&nw_plugin, NULL, data, size);
}
