/* outbox.h — delivering queued alerts from the store through each channel's notifier, on
 * the libuv loop: per channel one message in flight, in the order alerts were raised, with
 * backoff between attempts (Retry-After honoured), an age limit, digests and a rate limit.
 * An alert is marked sent only once its notifier's receiver accepted it: a crash in between
 * costs at most one resend, under the same id. */
#ifndef NW_OUTBOX_H
#define NW_OUTBOX_H
#include <uv.h>
#include "conf.h"
#include "fetch.h"
#include "store.h"

struct nw_outbox_stats {
	size_t sent, retried, failed;
};

struct nw_outbox;
/* Sends go through f (HTTP, SMTP, commands). */
struct nw_outbox *nw_outbox_new(uv_loop_t *loop, struct nw_store *st, struct nw_fetcher *f);
/* The channels come from conf (again after each reload); it must outlive the next call. */
void nw_outbox_set_conf(struct nw_outbox *ob, const struct nw_conf *conf);
/* A start of the daemon (not --once, which a timer may run every few minutes): the alert
 * waiting for a retry on each channel is due now, not when its backoff or Retry-After would
 * have it (a restart may be the fix: to a secret, a CA file, the network). Not waited for
 * when the store is busy. */
void nw_outbox_retry_waiting(struct nw_outbox *ob);
/* Start what is due now on every channel; a timer wakes the outbox for what comes due later. */
void nw_outbox_kick(struct nw_outbox *ob);
/* Messages in flight. */
size_t nw_outbox_busy(const struct nw_outbox *ob);
/* cb(arg) each time the last message in flight came back (for --once and replay). */
void nw_outbox_on_idle(struct nw_outbox *ob, void (*cb)(void *arg), void *arg);
const struct nw_outbox_stats *nw_outbox_stats(const struct nw_outbox *ob);
/* Stop: call after nw_fetcher_close (which calls back only for a mail the server took,
 * after nw_outbox_stopping); messages in flight are abandoned, their alerts stay queued for
 * the next start. Frees ob. */
/* Before the fetcher closes: what comes back is still recorded, nothing more is sent. */
void nw_outbox_stopping(struct nw_outbox *ob);
void nw_outbox_close(struct nw_outbox *ob);

/* `newswatch alert-test`: the sample alert (digest: a digest of two) as channel ac would
 * send it, without sending. 0, or -errno with err. For a plugin that delivers by itself
 * (log), send->kind is 0. */
int nw_outbox_sample(const struct nw_alert_conf *ac, int digest, struct nw_send *send, char *err, size_t errlen);
/* Send the sample alert through ac now; cb(arg, 0 delivered or -EIO, why) from the loop (or
 * at once when nothing needed the loop). */
int nw_outbox_test(struct nw_outbox *ob, const struct nw_alert_conf *ac, int digest,
		   void (*cb)(void *arg, int result, const char *err), void *arg);
#endif
