/* log.c — logging to stderr for journald or a terminal (see log.h). Debug messages are
 * compiled in and shown with -v. */
#include "config.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libxml/xmlerror.h>
#include "log.h"
#include "newswatch-plugin.h"

static const char *log_prog = "newswatch";
static int log_verbose;
static int log_journal;

/* libxml2 would print its own complaints on stderr, unprefixed: the parsers report what
 * matters through the document's warning, so these only go to the debug log. */
static void xml_quiet(void *ctx, const char *msg, ...)
{
	char buf[512];
	va_list ap;

	(void)ctx;
	if (!log_verbose)
		return;
	va_start(ap, msg);
	vsnprintf(buf, sizeof buf, msg, ap);
	va_end(ap);
	buf[strcspn(buf, "\n")] = '\0';
	if (*buf)
		nw_log(NW_LOG_DEBUG, "libxml2: %s", buf);
}

int nw_stdout_done(const char *prog, int rc)
{
	int failed = ferror(stdout);

	errno = 0;
	if (fflush(stdout) != 0 || failed) {
		fprintf(stderr, "%s: standard output: %s\n", prog,
			errno ? strerror(errno) : "write error: the output is incomplete");
		return rc ? rc : 1;
	}
	return rc;
}

int nw_log_level_debug(void)
{
	return log_verbose;
}

void nw_log_init(const char *progname, int verbose)
{
	log_prog = progname;
	log_verbose = verbose;
	log_journal = getenv("JOURNAL_STREAM") != NULL || getenv("NOTIFY_SOCKET") != NULL;
	xmlSetGenericErrorFunc(NULL, xml_quiet);
}

void nw_vlog(int prio, const char *fmt, va_list ap)
{
	char buf[4096];

	if (prio == NW_LOG_DEBUG && !log_verbose)
		return;
	vsnprintf(buf, sizeof buf, fmt, ap);
	nw_printable(buf);
	if (log_journal)
		fprintf(stderr, "<%d>%s\n", prio, buf);
	else
		fprintf(stderr, "%s: %s%s\n", log_prog,
			prio <= NW_LOG_ERR ? "error: " : prio == NW_LOG_WARNING ? "warning: " : "", buf);
}

void nw_log(int prio, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	nw_vlog(prio, fmt, ap);
	va_end(ap);
}

static void log_errno(int prio, int saved, const char *fmt, va_list ap)
{
	char buf[3072];

	vsnprintf(buf, sizeof buf, fmt, ap);
	nw_log(prio, "%s: %s", buf, strerror(saved));
}

void log_warn(const char *fmt, ...)
{
	int saved = errno;
	va_list ap;

	va_start(ap, fmt);
	log_errno(NW_LOG_WARNING, saved, fmt, ap);
	va_end(ap);
}

void log_warnx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	nw_vlog(NW_LOG_WARNING, fmt, ap);
	va_end(ap);
}

void log_info(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	nw_vlog(NW_LOG_INFO, fmt, ap);
	va_end(ap);
}

void log_debug(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	nw_vlog(NW_LOG_DEBUG, fmt, ap);
	va_end(ap);
}

void fatal(const char *fmt, ...)
{
	int saved = errno;
	va_list ap;

	va_start(ap, fmt);
	log_errno(NW_LOG_ERR, saved, fmt, ap);
	va_end(ap);
	exit(1);
}

void fatalx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	nw_vlog(NW_LOG_ERR, fmt, ap);
	va_end(ap);
	exit(1);
}
