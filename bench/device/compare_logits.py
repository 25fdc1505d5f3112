#!/usr/bin/env python3
"""Compares two `infer logits` JSON files (e.g. --backend gpu against --backend cpu on the same model and prompt).

Per position: the logsumexp and the logits of the token ids both top lists share must agree within
tol = abs + rel * max|logit| (the 8-bit-activation GPU path: --rel 0.04, the fixtures README's bound for quantized
activations; exact paths: --abs), and the argmax must agree wherever the reference's top-2 gap exceeds 2 * tol.
The reference may be a golden file: it has the same format. Exit status 1 on any violation.

usage: compare_logits.py TEST.json REFERENCE.json [--rel R] [--abs A]
"""
import argparse
import json
import sys


def main(test_path, ref_path, rel, absolute):
    test = json.load(open(test_path))
    ref = json.load(open(ref_path))
    assert test["prompt_tokens"] == ref["prompt_tokens"], "different prompt tokens"
    worst = 0.0
    bad = 0
    rows = list(zip(test["prompt_logits"], ref["prompt_logits"]))
    for i, (t, r) in enumerate(rows):
        mag = max(abs(v) for _, v in r["top"])
        tol = absolute + rel * mag
        tmap = {int(k): v for k, v in t["top"]}
        diffs = [abs(tmap[int(k)] - v) for k, v in r["top"] if int(k) in tmap]
        diffs.append(abs(t["logsumexp"] - r["logsumexp"]))
        d = max(diffs)
        worst = max(worst, d / mag)
        gap = r["top"][0][1] - r["top"][1][1]
        if d > tol or (gap > 2 * tol and int(t["top"][0][0]) != int(r["top"][0][0])):
            bad += 1
            print(f"position {i}: max diff {d:.4f} > tol {tol:.4f} or argmax {t['top'][0][0]} != {r['top'][0][0]}")
    same_greedy = test["greedy"] == ref["greedy"]
    print(f"{test_path} vs {ref_path}: {len(rows)} positions, worst diff {worst:.4%} of max|logit| "
          f"(tolerance {absolute} + {rel:.0%}), greedy tokens equal: {same_greedy}, violations: {bad}")
    return 1 if bad else 0


if __name__ == "__main__":
    a = argparse.ArgumentParser()
    a.add_argument("test")
    a.add_argument("reference")
    a.add_argument("--rel", type=float, default=0.0)
    a.add_argument("--abs", type=float, default=0.0)
    args = a.parse_args()
    sys.exit(main(args.test, args.reference, args.rel, args.abs))
