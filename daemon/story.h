/* story.h — stories compiled for matching: every alias of every story in one automaton,
 * each story's `match` and `exclude` rules evaluated on the set of entities found. */
#ifndef NW_STORY_H
#define NW_STORY_H
#include <stddef.h>
#include "newswatch-plugin.h"

struct nw_story_def {
	const char *name;
	const struct nw_kvlist *entities; /* key: entity name; value: "A | 샘 알트먼 | \"Sam Altman\"" */
	const char *match;                /* rule; NULL: any of the story's entities */
	int match_line;
	const char *exclude;              /* rule that vetoes the story; NULL: none */
	int exclude_line;
	/* where the values start in their lines, so that messages give columns in the line:
	 * the column of match's and exclude's first character (0: 1), and of each entity's
	 * value (entity_cols[i] for entities->v[i]; NULL: 1) */
	int match_col, exclude_col;
	const int *entity_cols;
	int line; /* the story's own ([story NAME]), for what no one value is at fault (0: match_line) */
};

/* line: the conf line (0 if none); col: 1-based column in that line (0 if none). */
typedef void (*nw_story_err_fn)(void *arg, int line, int col, const char *msg);

struct nw_storyset;
/* NULL on error, after reporting every error through err. */
struct nw_storyset *nw_storyset_compile(const struct nw_story_def *defs, size_t n,
					nw_story_err_fn err, void *arg);
void nw_storyset_free(struct nw_storyset *set);

struct nw_alias_hit {
	const char *entity;  /* entity name, or the phrase for a quoted phrase in a rule */
	const char *alias;   /* the alias as written in the conf */
	int field;           /* 0 title, 1 body */
	size_t start, end;   /* byte offsets into the normalised field text */
};

struct nw_story_match {
	const char *story;       /* name (owned by the set) */
	int matched;             /* match rule held and exclude did not */
	int excluded;            /* match rule held but exclude vetoed */
	struct nw_strlist entities; /* distinct entity names and quoted phrases (as written,
				     * unquoted) found, sorted */
	struct nw_alias_hit *hits;
	size_t nhits;
	char *explain;           /* human text: which parts of the rule held or failed */
};

struct nw_classification {
	struct nw_story_match *v; /* one per story in the set, in conf order */
	size_t n;
	char *norm_title, *norm_body; /* the normalised texts the offsets refer to */
};

/* title/body: plain UTF-8 text (either may be NULL). 0 or -ENOMEM. */
int nw_storyset_classify(const struct nw_storyset *set, const char *title, const char *body,
			 struct nw_classification *out);
void nw_classification_free(struct nw_classification *c);
size_t nw_storyset_count(const struct nw_storyset *set);
const char *nw_storyset_name(const struct nw_storyset *set, size_t i);
/* The i-th note of the compile (NULL past the last): what is allowed but is likely a
 * mistake, such as an unquoted alias holding a comma, for --check-config to say, with its
 * conf line and column (0: none) in *line and *col. */
const char *nw_storyset_note(const struct nw_storyset *set, size_t i, int *line, int *col);
#endif
