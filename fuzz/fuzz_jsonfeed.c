/* fuzz_jsonfeed.c — libFuzzer target: the jsonfeed source plugin's parse() (JSON Feed 1.0
 * and 1.1, jsonfeed_parse.c) over arbitrary bytes with the Content-Types of fuzz_source.h. */
#include "../plugins/src_jsonfeed/jsonfeed_parse.c"
#include "../plugins/src_jsonfeed/jsonfeed.c"
#include "fuzz_source.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_source_one(&nw_plugin, NULL, data, size);
}
