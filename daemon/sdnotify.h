/* sdnotify.h — systemd's notify protocol without libsystemd: one datagram to $NOTIFY_SOCKET. */
#ifndef NW_SDNOTIFY_H
#define NW_SDNOTIFY_H
/* Send state ("READY=1", ...) if NOTIFY_SOCKET is set. 0, 1 when not under systemd, -errno. */
int nw_sd_notify(const char *state);
/* The watchdog interval in microseconds from WATCHDOG_USEC (for this pid), or 0. */
unsigned long long nw_sd_watchdog_usec(void);
#endif
