#!/usr/bin/env python3
"""Labels scored capture records by source address and prints the per-class table of scripts/eval-capture.sh.

Input: the JSON lines of `securewatch score` (one prediction per record, with its flow). Normal is 127.0.0.10 (and
the answers it gets: a record's originator is its source); each attack tool has its own source address.
"""
import collections, json, sys

CLASSES = {"127.0.0.10": "normal", "127.0.0.20": "nmap_syn_scan", "127.0.0.30": "icmp_sweep", "127.0.0.40": "hping3_syn_flood"}

def main(path, explain_top):
    totals, flagged = collections.Counter(), collections.Counter()
    stages, features = collections.Counter(), collections.Counter()
    unlabelled = 0
    with open(path) as f:
        for line in f:
            p = json.loads(line)
            src = p["flow"]["src_ip"]
            cls = CLASSES.get(src)
            if cls is None:
                unlabelled += 1
                continue
            totals[cls] += 1
            if p["is_attack"]:
                flagged[cls] += 1
                if cls == "normal" and "explanation" in p:
                    e = p["explanation"]
                    stages[e.get("stage")] += 1
                    for feat in e.get("features", [])[:3]:
                        features[(e.get("stage"), feat.get("name"))] += 1
    print(f"{'class':<18} {'source':<11} {'records':>8} {'flagged':>8} {'rate':>8}  verdict")
    ok = True
    for src, cls in CLASSES.items():
        n, k = totals[cls], flagged[cls]
        rate = k / n if n else 0.0
        if cls == "normal":
            verdict = "FP rate " + ("ok (<= 0.5 %)" if rate <= 0.005 else "TOO HIGH (> 0.5 %)")
            ok &= rate <= 0.005 and n > 0
        else:
            identified = n > 0 and k * 2 > n
            verdict = "source identified (majority)" if identified else "source NOT identified"
            ok &= identified
        print(f"{cls:<18} {src:<11} {n:>8} {k:>8} {rate*100:>7.2f}%  {verdict}")
    print(f"unlabelled records (other sources): {unlabelled}")
    if stages:
        print("false positives by deciding stage:", dict(stages))
        for (stage, name), c in features.most_common(explain_top):
            print(f"  {stage:<8} {name:<30} in top-3 of {c}")
    print("RESULT:", "PASS" if ok else "FAIL")
    return 0 if ok else 1

if __name__ == "__main__":
    sys.exit(main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 12))
