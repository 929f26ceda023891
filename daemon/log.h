/* log.h — the one logging path: stderr, with "<N>" syslog priority prefixes when journald
 * reads it (JOURNAL_STREAM set) and plain "newswatchd: " prefixes on a terminal. */
#ifndef NW_LOG_H
#define NW_LOG_H
#include <stdarg.h>

enum { NW_LOG_ERR = 3, NW_LOG_WARNING = 4, NW_LOG_NOTICE = 5, NW_LOG_INFO = 6, NW_LOG_DEBUG = 7 };

void nw_log_init(const char *progname, int verbose);
/* Debug messages are on (-v): worth composing what only they show. */
int nw_log_level_debug(void);
void nw_log(int prio, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void nw_vlog(int prio, const char *fmt, va_list ap);
/* Every message is made one line of text (nw_printable, newswatch-plugin.h). */
/* warn: appends strerror(errno); warnx: the message alone. */
void log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_warnx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* At the end of a command whose output is its answer: standard output flushed; rc, or 1
 * (said on stderr as PROG: standard output: ...) when anything could not be written (a
 * full disk, a closed pipe): a script must not take a cut answer for a whole one. */
int nw_stdout_done(const char *prog, int rc);
void fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
void fatalx(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
#endif
