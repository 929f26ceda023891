/* match.h — multi-pattern matcher: an Aho–Corasick automaton over the bytes of normalised
 * text (text.h), built once from every alias, one pass per text whatever the alias count,
 * with the SPEC §3.5 boundary rule applied to each hit. */
#ifndef NW_MATCH_H
#define NW_MATCH_H
#include <stddef.h>
#include <stdint.h>

#define NW_MATCH_MAX_PATTERNS 200000
#define NW_MATCH_MAX_PATLEN 1024     /* bytes of one normalised pattern */

struct nw_matcher;

struct nw_matcher *nw_matcher_new(void);
/* Add a pattern: bytes of already normalised, valid UTF-8 text (nw_text_normalize), and a
 * caller's id reported with each hit. Several patterns may share bytes or ids.
 * 0, -EINVAL (empty, too long, or after compile), -E2BIG (too many), -ENOMEM. */
int nw_matcher_add(struct nw_matcher *m, const char *pat, size_t len, uint32_t id);
/* Before compile: ASCII letters match in either case, in patterns and text alike (for raw
 * text, which nw_text_normalize has not lower-cased). 0, or -EINVAL after compile. */
int nw_matcher_fold_ascii(struct nw_matcher *m);
/* Build the automaton. 0, -E2BIG (automaton too large), -ENOMEM. Idempotent. */
int nw_matcher_compile(struct nw_matcher *m);
void nw_matcher_free(struct nw_matcher *m);
size_t nw_matcher_count(const struct nw_matcher *m);  /* patterns added */
size_t nw_matcher_states(const struct nw_matcher *m); /* automaton states (after compile) */

/* One hit: bytes [start, end) of the text matched the pattern with this id. Return 0 to go
 * on, anything else to stop the scan (nw_matcher_scan then returns that value). */
typedef int (*nw_match_fn)(void *arg, uint32_t id, size_t start, size_t end);

#define NW_MATCH_RAW 0x1u /* report every byte match, without the boundary rule */

/* Scan normalised UTF-8 text once, reporting hits in order of their end offset (patterns
 * ending at the same place: longest first). A pattern whose first (last) character is a
 * Latin letter or digit, or is punctuation or a symbol in a pattern with a Latin letter
 * ("U.S.", ".NET", "C++"), only matches where the character before (after) it is not a
 * Latin letter or digit; Hangul/Kana/Han edges match inside words. 0, a callback's nonzero
 * value, or -EINVAL if the matcher is not compiled. */
int nw_matcher_scan(const struct nw_matcher *m, const char *text, size_t len, unsigned flags,
		    nw_match_fn fn, void *arg);
#endif
