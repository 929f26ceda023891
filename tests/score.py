#!/usr/bin/python3
"""score.py — scores `newswatch replay` output against a labelled corpus.

  score.py --labels labels.tsv --replay OUT.jsonl [--min-match-f1 X] [--min-dup-p X]
           [--min-dup-r X] [--min-dev-p X] [--min-dev-r X] [--json]

labels.tsv: one row per item, tab-separated, '#' lines are comments:
  feed guid story event first duplicate_of lang kind note
  story: no | yes | a story name | names separated by ','; duplicate_of: the guid of the
  original or '-'; kind: first|coverage|copy|tracking|rehash|update|nearmiss|offstory.
OUT.jsonl: one JSON object per newly seen item (SPEC §5): feed, id, link, title,
  duplicate_of (link or null), stories [{story, verdict, development, alert, matched, new_facts}].

Joined on (feed, id). Reports, overall and per language:
  story match   (item, story) pairs: predicted = the item's story entries, truth = the label
                ('yes' accepts any story); precision, recall, F1.
  duplicates    predicted = duplicate_of non-null; truth = labelled duplicate_of. A predicted
                duplicate counts as correct only if its duplicate_of link is the link of an item
                in the labelled original's duplicate cluster (the original or another copy of it).
  developments  predicted = a story entry with alert true and verdict new or update;
                truth = kind first or update.
Labelled items missing from the replay output count as misses (predicted nothing).
Exit 1 if a given floor is not met, 2 on bad input. Standard library only."""
import argparse, json, sys
from collections import defaultdict, Counter

KINDS = ("first", "coverage", "copy", "tracking", "rehash", "update", "nearmiss", "offstory")


def die(msg):
    print(f"score.py: {msg}", file=sys.stderr)
    sys.exit(2)


def read_labels(path):
    rows = []
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            f = line.split("\t")
            if f[0] == "feed" and f[1] == "guid":
                continue  # a header row
            if len(f) < 8:
                die(f"{path}:{n}: expected at least 8 tab-separated fields, got {len(f)}")
            feed, guid, story, event, first, dup, lang, kind = (x.strip() for x in f[:8])
            if kind not in KINDS:
                die(f"{path}:{n}: unknown kind {kind!r}")
            if first not in ("yes", "no"):
                die(f"{path}:{n}: first must be yes or no")
            rows.append(dict(feed=feed, guid=guid, story=story, event=event, first=first == "yes",
                             dup=None if dup in ("-", "") else dup, lang=lang, kind=kind,
                             note=f[8] if len(f) > 8 else "", line=n))
    keys = [(r["feed"], r["guid"]) for r in rows]
    if len(set(keys)) != len(keys):
        die(f"{path}: duplicate (feed, guid) rows")
    return rows


def read_replay(path):
    out = {}
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                o = json.loads(line)
            except ValueError as e:
                die(f"{path}:{n}: not JSON: {e}")
            if not isinstance(o, dict) or "feed" not in o or "stories" not in o:
                die(f"{path}:{n}: not a replay object")
            out.setdefault((o.get("feed"), o.get("id")), o)
    return out


def ratio(a, b):
    return a / b if b else None


def prf(tp, fp, fn):
    p, r = ratio(tp, tp + fp), ratio(tp, tp + fn)
    f1 = 2 * p * r / (p + r) if p is not None and r is not None and p + r > 0 else (0.0 if tp + fp + fn else None)
    return dict(tp=tp, fp=fp, fn=fn, precision=p, recall=r, f1=f1)


def main():
    ap = argparse.ArgumentParser(description="score newswatch replay output against corpus labels")
    ap.add_argument("--labels", required=True)
    ap.add_argument("--replay", required=True)
    for k in ("match-f1", "dup-p", "dup-r", "dev-p", "dev-r"):
        ap.add_argument("--min-" + k, type=float, default=None)
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument("-v", "--verbose", action="store_true", help="list every error")
    a = ap.parse_args()

    labels = read_labels(a.labels)
    pred = read_replay(a.replay)
    by_guid = defaultdict(list)
    for r in labels:
        by_guid[r["guid"]].append(r)

    # duplicate clusters: root of each labelled chain
    def root(r):
        seen = set()
        while r["dup"] and r["guid"] not in seen:
            seen.add(r["guid"])
            if r["dup"] not in by_guid:
                die(f"{a.labels}:{r['line']}: duplicate_of {r['dup']} is not a labelled guid")
            r = by_guid[r["dup"]][0]
        return r["guid"]

    cluster_links = defaultdict(set)
    for r in labels:
        o = pred.get((r["feed"], r["guid"]))
        if o and o.get("link"):
            cluster_links[root(r)].add(o["link"])

    langs = sorted({r["lang"] for r in labels})
    groups = ["all"] + langs
    C = {g: defaultdict(int) for g in groups}
    errors = defaultdict(list)
    missing = []
    kinds = Counter((r["kind"], r["lang"]) for r in labels)

    for r in labels:
        o = pred.get((r["feed"], r["guid"]))
        if o is None:
            missing.append(r)
        gs = ("all", r["lang"])
        tag = f"{r['feed']} {r['guid']} [{r['kind']}] {r['note']}"
        # story match: pairs
        pstories = {s.get("story") for s in (o["stories"] if o else [])}
        if r["story"] == "no":
            truth = set()
        elif r["story"] == "yes":
            truth = set(pstories) if pstories else {"(any story)"}
        else:
            truth = {x.strip() for x in r["story"].split(",") if x.strip()}
        tp, fp, fn = len(truth & pstories), len(pstories - truth), len(truth - pstories)
        for g in gs:
            C[g]["m_tp"] += tp; C[g]["m_fp"] += fp; C[g]["m_fn"] += fn
        if fp:
            errors["match: false positive"].append(f"{tag} -> {sorted(pstories - truth)}")
        if fn:
            errors["match: missed"].append(f"{tag} (wanted {sorted(truth - pstories)})" + ("" if o else " — not in replay output"))
        # duplicates
        pdup = o.get("duplicate_of") if o else None
        if r["dup"]:
            for g in gs:
                C[g]["d_truth"] += 1
        if pdup:
            for g in gs:
                C[g]["d_pred"] += 1
            if r["dup"] and pdup in cluster_links[root(r)] and pdup != (o or {}).get("link"):
                for g in gs:
                    C[g]["d_tp"] += 1
            elif r["dup"]:
                errors["dup: wrong original"].append(f"{tag} -> {pdup}")
                for g in gs:
                    C[g]["d_wrong"] += 1
            else:
                errors["dup: false positive"].append(f"{tag} -> {pdup}")
        elif r["dup"]:
            errors["dup: missed"].append(tag + ("" if o else " — not in replay output"))
        # developments
        pdev = any(s.get("alert") and s.get("verdict") in ("new", "update") for s in (o["stories"] if o else []))
        tdev = r["kind"] in ("first", "update")
        for g in gs:
            C[g]["v_tp"] += pdev and tdev; C[g]["v_fp"] += pdev and not tdev; C[g]["v_fn"] += tdev and not pdev
        if pdev and not tdev:
            verdicts = ",".join(f"{s.get('story')}:{s.get('verdict')}" for s in o["stories"] if s.get("alert"))
            errors["dev: alert on no new development"].append(f"{tag} ({verdicts})")
        if tdev and not pdev:
            errors["dev: missed development"].append(tag + ("" if o else " — not in replay output"))

    extra = [k for k in pred if k not in {(r["feed"], r["guid"]) for r in labels}]

    res = {}
    for g in groups:
        c = C[g]
        m = prf(c["m_tp"], c["m_fp"], c["m_fn"])
        d = dict(tp=c["d_tp"], predicted=c["d_pred"], truth=c["d_truth"], wrong_original=c["d_wrong"],
                 precision=ratio(c["d_tp"], c["d_pred"]), recall=ratio(c["d_tp"], c["d_truth"]))
        v = prf(c["v_tp"], c["v_fp"], c["v_fn"])
        res[g] = dict(items=sum(1 for r in labels if g == "all" or r["lang"] == g), match=m, dup=d, dev=v)

    floors = [("match-f1", a.min_match_f1, res["all"]["match"]["f1"], "story-match F1"),
              ("dup-p", a.min_dup_p, res["all"]["dup"]["precision"], "duplicate precision"),
              ("dup-r", a.min_dup_r, res["all"]["dup"]["recall"], "duplicate recall"),
              ("dev-p", a.min_dev_p, res["all"]["dev"]["precision"], "new-development precision"),
              ("dev-r", a.min_dev_r, res["all"]["dev"]["recall"], "new-development recall")]
    failed = []
    for key, floor, val, name in floors:
        if floor is None:
            continue
        if val is None or val < floor:
            failed.append(f"{name} {fmt(val)} is below the floor {floor:.2f} (--min-{key})")

    if a.json:
        json.dump(dict(results=res, missing=[f"{r['feed']} {r['guid']}" for r in missing],
                       unlabelled=[f"{f} {i}" for f, i in extra], errors=errors, failed=failed,
                       kinds={f"{k}/{l}": n for (k, l), n in sorted(kinds.items())}),
                  sys.stdout, ensure_ascii=False, indent=1)
        print()
    else:
        print(f"corpus: {len(labels)} labelled items ({', '.join(l + ' ' + str(res[l]['items']) for l in langs)}); "
              f"replay output: {len(pred)} items")
        print("kinds:  " + "  ".join(f"{k} {sum(n for (kk, _), n in kinds.items() if kk == k)}" for k in KINDS))
        if missing:
            print(f"MISSING from the replay output (counted as misses): {len(missing)}")
            for r in missing[:20]:
                print(f"  {r['feed']} {r['guid']} [{r['kind']}]")
        if extra:
            print(f"in the replay output but not labelled (ignored): {len(extra)}")
        print()
        hdr = f"{'':6} {'items':>5} | {'match P':>7} {'R':>5} {'F1':>5} | {'dup P':>5} {'R':>5} {'pred':>4} {'true':>4} {'wrong':>5} | {'dev P':>5} {'R':>5} {'pred':>4} {'true':>4}"
        print(hdr)
        print("-" * len(hdr))
        for g in groups:
            m, d, v = res[g]["match"], res[g]["dup"], res[g]["dev"]
            print(f"{g:6} {res[g]['items']:>5} | {fmt(m['precision']):>7} {fmt(m['recall']):>5} {fmt(m['f1']):>5} | "
                  f"{fmt(d['precision']):>5} {fmt(d['recall']):>5} {d['predicted']:>4} {d['truth']:>4} {d['wrong_original']:>5} | "
                  f"{fmt(v['precision']):>5} {fmt(v['recall']):>5} {v['tp'] + v['fp']:>4} {v['tp'] + v['fn']:>4}")
        print()
        for k in sorted(errors):
            lst = errors[k]
            print(f"{k}: {len(lst)}")
            for e in (lst if a.verbose else lst[:8]):
                print(f"  {e}")
            if not a.verbose and len(lst) > 8:
                print(f"  … {len(lst) - 8} more (-v lists all)")
        for key, floor, val, name in floors:
            if floor is not None:
                print(f"floor {name} >= {floor:.2f}: {fmt(val)} {'ok' if val is not None and val >= floor else 'FAIL'}")
    for f in failed:
        print(f"FAIL: {f}", file=sys.stderr)
    return 1 if failed else 0


def fmt(x):
    return "-" if x is None else f"{x:.3f}"


if __name__ == "__main__":
    sys.exit(main())
