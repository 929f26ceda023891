/* rule.h — the story rule language (SPEC §3.5): entity names and quoted phrases combined
 * with NOT > AND > OR and parentheses; parsed once, evaluated on the set of terms found in a
 * text, and explained ("openai ✓ AND (msft ✗ OR altman ✓) → match").
 *
 *   rule    := or
 *   or      := and { OR and }
 *   and     := not { AND not }
 *   not     := NOT not | primary
 *   primary := NAME | "phrase" | ( or )
 *
 * Keywords are case-insensitive (AND, and, And). NAME: letters, digits, '_', '.', '-' and
 * any non-ASCII character. A phrase may contain \" and \\. */
#ifndef NW_RULE_H
#define NW_RULE_H
#include <stddef.h>

#define NW_RULE_MAX_LEN 4096   /* bytes of rule text */
#define NW_RULE_MAX_DEPTH 64   /* nesting of parentheses and NOTs */
#define NW_RULE_MAX_TERMS 512  /* names and phrases in one rule */

struct nw_rule;

/* Map a term to the caller's id. text/len: the entity name, or the phrase with escapes
 * undone (is_phrase 1). Return an id >= 0, or a negative errno after writing a message in
 * msg (if msg is left empty the parser says "unknown entity '...'" for a name). The parse
 * goes on after a failed lookup, so every unknown name of a rule is reported. */
typedef int (*nw_rule_resolve_fn)(void *arg, const char *text, size_t len, int is_phrase,
				  char *msg, size_t msglen);
/* col: 1-based column, counted in characters, in the caller's line (see nw_rule_parse). */
typedef void (*nw_rule_err_fn)(void *arg, int col, const char *msg);

/* The bytes of a blank at s[i] (of len), as a rule reads blanks: a space or tab, or one an
 * input method types (the no-break and ideographic spaces, U+2000..U+200A, U+202F, U+205F);
 * 0 if there is none there. Stories' alias lists read blanks by it too. */
size_t nw_rule_blank(const char *s, size_t i, size_t len);

/* 0 and *out set, -EINVAL after reporting every error through err (a syntax error ends the
 * parse; unknown names do not), or -ENOMEM. col: the column of src's first character in the
 * line it comes from (1 for a rule of its own); the columns of messages count from there. */
int nw_rule_parse(const char *src, int col, nw_rule_resolve_fn resolve, void *rarg,
		  nw_rule_err_fn err, void *earg, struct nw_rule **out);
/* The rule "names[0] OR names[1] OR ..." with the caller's ids, as a story without a
 * `match` has: built, not parsed, so none of the limits above applies (a story may have more
 * entities than a rule may name terms). 0, -EINVAL (n is 0) or -ENOMEM. */
int nw_rule_any(const char *const *names, const int *ids, size_t n, struct nw_rule **out);
void nw_rule_free(struct nw_rule *r);
/* mark[id] = 1 for each term id < nterms that r names. */
void nw_rule_mark_terms(const struct nw_rule *r, unsigned char *mark, size_t nterms);

/* present[id] nonzero: that term was found. Ids >= nterms count as absent. 1 or 0. */
int nw_rule_eval(const struct nw_rule *r, const unsigned char *present, size_t nterms);
/* The rule with each term marked ✓ (found) or ✗, e.g. `openai ✓ AND (msft ✗ OR altman ✓)`;
 * followed by " → yes" or " → no" with the rule's value when those words are not NULL.
 * malloc'd; NULL on allocation failure. */
char *nw_rule_explain(const struct nw_rule *r, const unsigned char *present, size_t nterms,
		      const char *yes, const char *no);
#endif
