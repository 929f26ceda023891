/* text.h — normalisation of text for matching and fingerprints (SPEC §3.3, §3.5):
 * NFKC + case fold (utf8proc), full/half width folded, `・`/`·` and space variants folded,
 * and the space next to a Hangul, Kana or Han character removed so spacing variants meet. */
#ifndef NW_TEXT_H
#define NW_TEXT_H
#include <stddef.h>
#include <stdint.h>

/* Normalise UTF-8 text (invalid bytes replaced, never fatal). Returns malloc'd NUL-terminated
 * text and its length in *outlen, or NULL on allocation failure. */
char *nw_text_normalize(const char *s, size_t len, size_t *outlen);
/* Script classes used by the matching rules. */
int nw_cp_is_cjk(int32_t cp);
/* Normalised text as the full-text index takes it: Latin and digit words kept, each
 * Hangul/Kana/Han character a token of its own (a query's CJK word is the phrase of its
 * characters), a token between two CJK runs that only punctuation parts, tokens separated
 * by spaces. Writes at most nw_text_fts_size(len) - 1 bytes to out, no terminating NUL;
 * returns how many. */
size_t nw_text_fts(const char *norm, size_t len, char *out);
/* a CJK character (3 or 4 bytes) gains spaces, a run after punctuation four bytes more */
#define nw_text_fts_size(len) ((len) * 3 + 2)
int nw_cp_is_latin_alnum(int32_t cp); /* Latin letters (any accent) and digits */
/* A letter, mark or digit of a script that puts spaces between its words (Latin, Greek,
 * Cyrillic, Armenian, Indic, Georgian ...; not Han, Kana, Hangul, Thai and their like, whose
 * words touch, nor Hebrew and Arabic, whose prepositions attach); nw_cp_is_word_letter: its
 * letters alone. */
int nw_cp_is_word(int32_t cp);
int nw_cp_is_word_letter(int32_t cp);
/* Does normalised text hold a letter or digit of any script? Text of punctuation and
 * symbols only ("-", "?", "...") would be found in nearly every article. */
int nw_text_has_word(const char *norm, size_t len);
/* What the two functions above make depends on utf8proc's Unicode data and on this code's
 * revision: "unicode 15.0.0, text 2". The store's full-text index is made again when it
 * changes. */
void nw_text_version(char *buf, size_t len);
#endif
