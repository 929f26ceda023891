/* fuzz_rss.c — libFuzzer target: the rss source plugin's parse() (RSS 0.9x/1.0/2.0, Atom),
 * which is rss_parse.c, over arbitrary bytes with the Content-Types of fuzz_source.h. */
#include "../plugins/src_rss/rss_parse.c"
#include "../plugins/src_rss/rss.c"
#include "fuzz_source.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_source_one(&nw_plugin, NULL, data, size);
}
