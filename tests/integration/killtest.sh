#!/bin/bash
# killtest.sh — SIGKILL fault injection: newswatchd is killed (kill -KILL) at random moments
# while it ingests many feeds, again and again; the feeds change between trials so that
# every restart has new items to store and new alerts to raise and send.
#  - some kills land inside a store transaction (the log's last "transaction
#    begins" has no "transaction committed" after it): at least MIN_MIDTX of them;
#  - after every kill, PRAGMA integrity_check says ok;
#  - at the end one more run delivers everything: every alert in the store is 'sent' and
#    was received (HTTP 200) by the webhook receiver, a second arrival only ever carries an
#    id the store has (a resend), no id arrives that the store does not know;
#  - no item is lost: the store's sightings equal the (feed, guid) pairs ever published.
. "$top_srcdir/tests/integration/lib.sh" || exit 99
D="$top_srcdir/tests/integration"
command -v sqlite3 >/dev/null || skip "sqlite3 not installed"
TRIALS=${KILLTEST_TRIALS:-24}   # at least; up to MAX_TRIALS while fewer than MIN_MIDTX kills hit a transaction
MAX_TRIALS=${KILLTEST_MAX_TRIALS:-40}
MIN_MIDTX=${KILLTEST_MIN_MIDTX:-3}
NFEEDS=40
NITEMS=30
t0=$(date +%s.%N)
# KILLTEST_KEEP=DIR: copy the work folder there at the end (logs, store, feeds)
[ -n "${KILLTEST_KEEP:-}" ] && cleanup_hooks+=('rm -rf "$KILLTEST_KEEP"; cp -a "$T" "$KILLTEST_KEEP"')
mkdir -p "$T/www" "$T/logs"
chmod 755 "$T/www"

# gen.py init|bump|count: the feeds, kept in $T/feeds.json and written to $T/www/fNN.xml.
# Items are numbered globally (guid kNNNNN, link unique); see item() for what they say.
cat >"$T/gen.py" <<'PY'
import email.utils, json, os, random, sys, time
cmd, www, state = sys.argv[1:4]
STORIES = ["Zorblax", "Quintor", "Vexmoor", "Hablin", "Tessary", "Morvane"]
# each names an event (a concept of the lexicon) and a figure: a new figure makes the
# report news, an "update" when it joins a known development, else a "new" one
EVENTS = ["hires %d workers for %s", "lays off %d workers in %s", "opens a factory with %d staff in %s",
          "buys %s for %d million dollars", "raises %d million dollars from %s",
          "is fined %d million euros in %s", "wins a contract worth %d million yen from %s",
          "sues %s over %d million dollars", "launches %s with %d employees",
          "reports %d percent revenue growth at %s", "strike at %s idles %d workers",
          "settles with %s for %d million won", "recalls %d thousand units made in %s"]
SYL = ["ka", "lo", "mi", "ru", "ten", "vo", "zan", "pe", "dri", "sul", "gor", "bek", "ny",
       "fa", "qui", "tor", "em", "ax", "ul", "sha", "wid", "pon", "ret", "ish"]
rnd = random.Random()

def word():
    return "".join(rnd.choice(SYL) for _ in range(rnd.randint(2, 4)))

def item(st, n):
    """Item n: a fifth are filler that names no story; one in twelve names a story with an
    event and a figure never seen, and raises an alert; the rest name three to six stories
    with nothing new (known coverage: the development step's work for each, no alert; what
    makes the store transactions long enough for kills to land inside). The events are
    dated 2 h apart in the past, more than the stories' development_window: one joins
    another (an "update") only when that was dated after it and stored before (another
    feed, polled first), else it is a "new" development (the stories' alert_within lets
    items dated years ago alert). The others are dated now."""
    words = " ".join(word() for _ in range(14))
    name = word().capitalize() + word()
    kind = rnd.random()
    date = time.time() - rnd.randint(0, 300)
    if kind < 0.2:
        title = "The %s of %s %s" % (word(), name, word())
    elif kind < 0.2 + 1 / 12:
        ev = rnd.choice(EVENTS)
        args = (name, 100 + n) if ev.index("%s") < ev.index("%d") else (100 + n, name)
        title = "%s %s" % (rnd.choice(STORIES), ev % args)
        st["events"] += 1
        date = st["base"] + 7200 * st["events"]
    else:
        title = "%s and the %s %s" % (", ".join(rnd.sample(STORIES, rnd.randint(3, 6))), word(), word())
    return {"guid": "k%06d" % n, "title": title, "desc": "%s. Its %s %s, %s." % (title, word(), word(), words),
            "date": email.utils.formatdate(date, usegmt=True)}

def write(name, items):
    path = os.path.join(www, name + ".xml")
    with open(path + ".tmp", "w") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
                '<title>%s</title><link>https://%s.example.com/</link>\n' % (name, name))
        for it in items:
            f.write('<item><title>%s</title><guid isPermaLink="false">%s</guid>'
                    '<link>https://%s.example.com/%s</link><pubDate>%s</pubDate>'
                    '<description>%s</description></item>\n'
                    % (it["title"], it["guid"], name, it["guid"], it["date"], it["desc"]))
        f.write("</channel></rss>\n")
    os.chmod(path + ".tmp", 0o644)
    os.rename(path + ".tmp", path)

if cmd == "init":
    nfeeds, nitems = int(sys.argv[4]), int(sys.argv[5])
    st = {"seq": 0, "feeds": {}, "events": 0, "base": int(time.time()) - 3 * 365 * 86400}
    for i in range(nfeeds):
        name = "f%02d" % i
        st["feeds"][name] = []
        for _ in range(nitems):
            st["seq"] += 1
            st["feeds"][name].insert(0, item(st, st["seq"]))
        write(name, st["feeds"][name])
elif cmd == "bump":  # bump K M: K random feeds get M new items each, on top
    st = json.load(open(state))
    k, m = int(sys.argv[4]), int(sys.argv[5])
    for name in rnd.sample(sorted(st["feeds"]), k):
        for _ in range(m):
            st["seq"] += 1
            st["feeds"][name].insert(0, item(st, st["seq"]))
        write(name, st["feeds"][name])
elif cmd == "count":  # the (feed, guid) pairs ever published
    st = json.load(open(state))
    print(sum(len(v) for v in st["feeds"].values()))
    sys.exit(0)
json.dump(st, open(state + ".tmp", "w"))
os.rename(state + ".tmp", state)
PY
gen() { "$PY" "$T/gen.py" "$1" "$T/www" "$T/feeds.json" "${@:2}"; }
gen init "$NFEEDS" "$NITEMS" || fail "gen.py init"
start_nginx "$T/www"
HOOK_PORT=$(free_port)

cat >"$T/nw.conf" <<CONF
[daemon]
database = $T/store.db
interval = 1s
per_host = 8
max_transfers = 16
CONF
for i in $(seq 0 $((NFEEDS - 1))); do
	printf '[feed f%02d]\nurl = http://127.0.0.1:%s/f%02d.xml\n' "$i" "$NGINX_PORT" "$i" >>"$T/nw.conf"
done
for s in Zorblax Quintor Vexmoor Hablin Tessary Morvane; do
	printf '[story %s]\nentity.name = %s\nmatch = name\ndevelopment_window = 1h\nalert_within = 3650d\nalert = hook\n' "${s,,}" "$s" >>"$T/nw.conf"
done
cat >>"$T/nw.conf" <<CONF
[alert hook]
plugin = webhook
url = http://127.0.0.1:$HOOK_PORT/hook
retry_min = 1s
retry_max = 2s
CONF

integrity() { sql "$T/store.db" 'PRAGMA integrity_check' 2>&1; }
# the daemon running now, if any (emptied once it is reaped): the clean-up kills only that one
dpid=
cleanup_hooks+=('[ -n "$dpid" ] && kill -9 "$dpid" 2>/dev/null')

# --- the backlog, in a --once run: stored, no alert ---
"$NEWSWATCHD" --once -c "$T/nw.conf" >"$T/once.out" 2>"$T/once.err" || { tail "$T/once.err"; fail "--once"; }
[ "$(sql "$T/store.db" 'SELECT count(*) FROM sightings')" = $((NFEEDS * NITEMS)) ] ||
	fail "backlog: $(sql "$T/store.db" 'SELECT count(*) FROM sightings') sightings, want $((NFEEDS * NITEMS))"
[ "$(sql "$T/store.db" 'SELECT count(*) FROM alerts')" = 0 ] || fail "the backlog raised alerts"
ok "backlog: $((NFEEDS * NITEMS)) items stored by --once, no alert"

# hook_receiver.py, with Nagle's algorithm off on its connections: it writes an answer's head
# and body in two send()s, and the body then waits for the daemon's delayed ACK (40 ms an
# alert, which would make the final delivery of a thousand alerts take a minute).
start_receiver hookrx "$PY" -c 'import runpy, socketserver, sys
socketserver.StreamRequestHandler.disable_nagle_algorithm = True
sys.argv.pop(0)
runpy.run_path(sys.argv[0], run_name="__main__")' "$D/hook_receiver.py" --port "$HOOK_PORT" --out "$T/hook.jsonl"

# --- the trials: start, SIGKILL after a random 0.05-0.6 s (the first polls, spread over the
# first 0.4 s, are where the ingestion happens), or 0-0.3 s after the first transaction
# began, check the store ---
midtx=0
trial=0
while [ $trial -lt "$TRIALS" ] || { [ $midtx -lt "$MIN_MIDTX" ] && [ $trial -lt "$MAX_TRIALS" ]; }; do
	trial=$((trial + 1))
	gen bump $((12 + RANDOM % 7)) $((40 + RANDOM % 41)) || fail "gen.py bump"
	log="$T/logs/trial$trial.err"
	"$NEWSWATCHD" -v -c "$T/nw.conf" >"$T/logs/trial$trial.out" 2>"$log" &
	dpid=$!
	# every other trial, from its first transaction on (a loaded machine, or the sanitizers'
	# build, may take longer than 0.6 s to come to it: no kill then landed inside one)
	if [ $((trial % 2)) = 0 ]; then
		for _ in $(seq 200); do grep -q 'transaction begins' "$log" && break; sleep 0.05; done
		sleep "$("$PY" -c 'import random; print("%.3f" % random.uniform(0, 0.3))')"
	else
		sleep "$("$PY" -c 'import random; print("%.3f" % random.uniform(0.05, 0.6))')"
	fi
	kill -KILL "$dpid" 2>/dev/null
	wait "$dpid" 2>/dev/null
	rc=$?
	dpid=
	[ $rc = 137 ] || { tail "$log"; fail "trial $trial: newswatchd was not killed (exit status $rc)"; }
	# killed inside a transaction: the last "transaction begins" has no "committed" after it
	case $(grep 'transaction begins\|transaction committed' "$log" | tail -n 1) in
	*'transaction begins'*) midtx=$((midtx + 1)) ;;
	esac
	r=$(integrity)
	[ "$r" = ok ] || fail "trial $trial: integrity_check after SIGKILL: $r"
done
[ "$midtx" -ge "$MIN_MIDTX" ] || fail "only $midtx of $trial kills landed inside a transaction (want >= $MIN_MIDTX)"
ok "$trial trials, SIGKILL after 0.05-0.6 s or 0-0.3 s after the first transaction began: $midtx kills inside a transaction, integrity_check ok after every one"

# --- the final run: everything delivered ---
"$NEWSWATCHD" -v -c "$T/nw.conf" >"$T/final.out" 2>"$T/final.err" &
dpid=$!
fstart=$(date +%s)
done_=0
# as long as the queue goes down (about 2000 alerts, one at a time: 30 s under ASan on a busy
# machine was not always enough), up to 3 minutes; 10 s without one more sent is a stall
sent_before=-1 still=0
for _ in $(seq 1800); do
	sleep 0.1
	kill -0 "$dpid" 2>/dev/null || break
	# every feed polled since this run began, and no alert left unsent
	if [ "$(sql "$T/store.db" "SELECT count(*) FROM feeds WHERE last_fetch >= $fstart")" = "$NFEEDS" ] &&
		[ "$(sql "$T/store.db" "SELECT count(*) FROM alerts WHERE state <> 'sent'")" = 0 ]; then
		done_=1
		break
	fi
	sent=$(sql "$T/store.db" "SELECT count(*) FROM alerts WHERE state = 'sent'")
	if [ "$sent" = "$sent_before" ]; then
		still=$((still + 1))
		[ $still -lt 100 ] || break
	else
		still=0 sent_before=$sent
	fi
done 2>/dev/null
fsecs=$(($(date +%s) - fstart))
kill -TERM "$dpid" 2>/dev/null
wait "$dpid"
rc=$?
dpid=
[ $rc = 0 ] || { tail "$T/final.err"; fail "final run: newswatchd exited with status $rc on SIGTERM"; }
[ $done_ = 1 ] || { tail "$T/final.err"; fail "final run: alerts not all sent after $fsecs s ($still tenths of a second without one more): $(sql "$T/store.db" "SELECT state, count(*) FROM alerts GROUP BY 1" | tr '\n' ' ')"; }
r=$(integrity)
[ "$r" = ok ] || fail "integrity_check after the final run: $r"

# a transaction is all or nothing: no article without its sighting, no alerting hit without its alert
orphans=$(sql "$T/store.db" "SELECT (SELECT count(*) FROM articles WHERE id NOT IN (SELECT article_id FROM sightings))
	|| ' ' || (SELECT count(*) FROM hits WHERE alert = 1 AND id NOT IN (SELECT hit_id FROM alerts))")
[ "$orphans" = "0 0" ] || fail "half-stored items: $orphans (articles without a sighting, alerting hits without an alert)"
published=$(gen count)
stored=$(sql "$T/store.db" 'SELECT count(*) FROM sightings')
[ "$stored" = "$published" ] || fail "items lost: $published published, $stored sightings stored"
ok "no item lost: $published (feed, guid) pairs published, $stored sightings stored"

report=$("$PY" - "$T/hook.jsonl" "$T/store.db" <<'PY'
import collections, json, sqlite3, sys
got = collections.Counter()
order = []
kinds = collections.Counter()
statuses = collections.Counter()
for line in open(sys.argv[1]):
    r = json.loads(line)
    statuses[r["status"]] += 1
    if r["status"] == 200:
        body = json.loads(r["body"])
        got[body["id"]] += 1
        if not order or order[-1] != body["id"]:
            order.append(body["id"])
            kinds[body["kind"]] += 1
db = sqlite3.connect(sys.argv[2])
rows = dict(db.execute("SELECT alert_id, state FROM alerts WHERE channel = 'hook'"))
raised = [r[0] for r in db.execute("SELECT alert_id FROM alerts WHERE channel = 'hook' ORDER BY id")]
bad = []
# one channel delivers in the order raised; a resend comes right after the first delivery
if order != raised:
    i = next((i for i, (a, b) in enumerate(zip(order, raised)) if a != b), min(len(order), len(raised)))
    bad.append("received out of order (or resent later): from position %d, %s vs %s in the store"
               % (i, order[i:i + 3], raised[i:i + 3]))
lost = [a for a in rows if a not in got]
if lost:
    bad.append("%d alerts in the store never received: %s" % (len(lost), lost[:5]))
unknown = [a for a in got if a not in rows]
if unknown:
    bad.append("%d ids received that the store does not know: %s" % (len(unknown), unknown[:5]))
notsent = [a for a, s in rows.items() if s != "sent"]
if notsent:
    bad.append("%d alerts not in state sent" % len(notsent))
if set(statuses) - {200}:
    bad.append("receiver answered %s" % dict(statuses))
resent = {a: n for a, n in got.items() if n > 1}
if not rows:
    bad.append("no alert raised at all")
for b in bad:
    print("ERROR " + b)
print("%d %d %d %d %d" % (len(rows), len(resent), sum(n - 1 for n in resent.values()), kinds["new"], kinds["update"]))
sys.exit(1 if bad else 0)
PY
) || fail "alerts: $(echo "$report" | grep ERROR | tr '\n' ';')"
read -r total resent extra knew kupdate <<<"$(echo "$report" | tail -n 1)"
ok "no alert lost: $total alerts raised ($knew new, $kupdate update), all sent and received in the order raised; $resent resent ($extra extra deliveries), each right after its first delivery and with an id the store has"
ok "figures: trials $trial, kills mid-transaction $midtx, resends $resent, alerts $total, final run ${fsecs} s, time $("$PY" -c "import time; print('%.1f' % (time.time() - $t0))") s"
