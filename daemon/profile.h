/* profile.h — what an article says, in forms that can be compared across outlets and
 * languages: winnowed shingle fingerprints (near-duplicates), salient terms, event concepts
 * from a built-in trilingual lexicon, and facts (numbers with their units, names). */
#ifndef NW_PROFILE_H
#define NW_PROFILE_H
#include <stddef.h>
#include <stdint.h>

struct nw_fact {
	char key[48];  /* comparable: "pct:27", "usd:1.35e+11", "n:700", "name:sutskever" */
	char text[48]; /* as written, for people: "27%", "$135B", "700명", "Sutskever" */
	/* flags, a byte each: a fact is 99 bytes, not 108, in every item's features */
	unsigned char in_title; /* found in the headline */
	unsigned char written;  /* not in the lede, but written into an earlier report's text under
				 * its kept lede (nw_features_add_written): a write-through's news */
	unsigned char person;   /* a name written with a title or honorific ("브록먼 의장",
				 * "ラマンCEO"): a person, not a loanword, a place or a product */
};

/* A fact of a sentence after the lede, and where that sentence sits: a write-through keeps
 * its original's first sentence and puts the news in a sentence of its own further on, with
 * more of the original's text after it (a copy adds at its edges: a caption, a line of
 * introduction, a footer). */
#define NW_ADD_FP 4
#define NW_ADDITIONS 16
struct nw_addition {
	struct nw_fact fact;
	int name;                /* a Latin name found nowhere else in the body; else a figure */
	uint8_t nown, nnext;
	uint32_t own[NW_ADD_FP];  /* fingerprints of shingles with a token of its sentence */
	uint32_t next[NW_ADD_FP]; /* fingerprints of the text just after its sentence */
};

#define NW_LEDE_FP 4
struct nw_features {
	char lang[4];           /* "en", "ko", "ja", "zh" from the script of the text */
	uint32_t *fp;           /* winnowed shingle hashes, sorted, unique */
	size_t nfp;
	uint32_t lede[NW_LEDE_FP]; /* of fp, some of those of the body's first sentence (a dozen
				    * words at least; none when fp is of the title): a copy keeps
				    * its original's lede, or puts a line before it */
	size_t nlede;
	uint16_t *shingles;     /* every shingle of the body, its low 16 bits, in its order (when
				 * fp is the body's): an original's lede is looked for among them,
				 * not among the fewer fingerprints (one word edited in a short
				 * lede took those) */
	size_t nshingles;
	uint32_t *terms;        /* salient terms of the title and lede, sorted, unique */
	size_t nterms;
	uint64_t concepts;      /* event concepts of the title and lede (bit per concept) */
	uint64_t twin_group;    /* of them, those one word gives together ("fires": dismissal and
				 * incident): one event, */
	uint64_t twins;         /* and of those, the ones no other word gives, which are new only
				 * when no concept of twin_group is known */
	int analysis;           /* the headline marks it analysis or opinion ("Analysis:", [분석], 【解説】) */
	struct nw_fact *facts;  /* salient numbers and names of the title and lede */
	size_t nfacts;
	struct nw_fact *nums;   /* every salient number of the whole text (copy checks), */
	size_t nnums;
	size_t ntitle_nums;     /* the headline's first: nums[0 .. ntitle_nums) */
	struct nw_addition *adds; /* figures and names of the sentences after the lede, not in a
				   * photo's caption (when the body is fingerprinted and has a lede):
				   * none until nw_features_additions works them out */
	size_t nadds;
	size_t add_at, add_tok;   /* where those sentences begin: in the body, in its tokens */
	size_t blen;              /* the body's length */
	int add_k;                /* the shingle length; 0: none to work out (no lede of the
				   * body), or worked out */
};

struct nw_lexicon;
struct nw_lexicon *nw_lexicon_new(void);
void nw_lexicon_free(struct nw_lexicon *lx);
const char *nw_concept_name(unsigned bit);

/* Boilerplate sentences feeds append (copyright lines, "read more", "originally appeared
 * on", share prompts) removed from plain text. malloc'd. lx holds the phrases' automaton. */
char *nw_strip_boilerplate(const struct nw_lexicon *lx, const char *text);

/* An outlet's stock tail: sentences that end two or more items of one feed document (an app
 * promotion, a paywall notice, a footer no phrase list knows). A copy carries another
 * outlet's tail, and two short reports of one outlet share theirs: near-duplicate detection
 * and development detection read the text without it (matching reads all of it). */
struct nw_footers {
	uint32_t *v; /* sentence hashes, sorted */
	size_t n;
};
/* Learns from the plain bodies of one document's items (NULL entries skipped). 0 or -ENOMEM. */
int nw_footers_learn(struct nw_footers *fs, const char *const *bodies, size_t n);
/* Where body's stock tail begins (strlen(body) when it has none); never within its first
 * sentence. */
size_t nw_footer_start(const struct nw_footers *fs, const char *body);
void nw_footers_free(struct nw_footers *fs);

/* title/body: plain text, boilerplate already stripped (either may be NULL). */
int nw_features_extract(const struct nw_lexicon *lx, const char *title, const char *body, struct nw_features *f);
/* title and body already normalised (nw_text_normalize), as classification made them */
struct nw_normtext {
	const char *title, *body;
	size_t tlen, blen;
};
/* full = 0: only what near-duplicate detection and the language need (fingerprints, figures,
 * lang); terms, concepts and facts (development detection) are left empty. nt: the same
 * title and body normalised, or NULL to normalise them here. */
int nw_features_extract_for(const struct nw_lexicon *lx, const char *title, const char *body,
			    const struct nw_normtext *nt, int full, struct nw_features *f);
void nw_features_free(struct nw_features *f);
/* f->adds, worked out from body, the text f was extracted from (nw_features_extract_for's,
 * as it was then): only a text near-duplicate detection finds a copy but for them needs them.
 * Once: called again, it leaves them. 0 (none, too: f has no lede of the body, or body is
 * not the same length) or -ENOMEM. */
int nw_features_additions(struct nw_features *f, const char *body);
/* The additions of mask (bit i: adds[i]) join f's facts, marked written (those not there
 * yet): near-duplicate detection found them written into an earlier report. 0 or -ENOMEM. */
int nw_features_add_written(struct nw_features *f, uint32_t mask);

/* A name's consonants as Korean and Japanese write a foreign name, in broad classes ('P' for
 * b p v f, 'K' for g k c q, 'L' for l and an r before a vowel...; vowels and an r before a
 * consonant dropped), so that Brockman, 브로크먼, 브록먼 and ブロックマン all give "PLKMN".
 * name: Latin letters, Hangul or katakana (anything else is skipped). Writes at most n - 1
 * characters and a NUL; returns their number. */
size_t nw_name_sound(const char *name, char *out, size_t n);

/* |a ∩ b| of two sorted unique arrays. */
size_t nw_sorted_intersect(const uint32_t *a, size_t na, const uint32_t *b, size_t nb);
/* Facts of f whose key is not in keys (sorted array of key hashes). */
uint32_t nw_fact_hash(const char *key);
#endif
