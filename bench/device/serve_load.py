#!/usr/bin/env python3
"""Concurrent load on a running `infer serve`: N clients each send one /v1/completions request at the same moment and
read the whole answer; prints the aggregate completion tokens per second (sum of completion tokens / wall time from
the first send to the last answer) and each request's own rate. Standard library only (runs on the GPU machine).

usage: serve_load.py URL N MAX_TOKENS TEMPERATURE
"""
import json
import sys
import threading
import time
import urllib.request


def main(url, n, max_tokens, temperature):
    results = [None] * n
    start = threading.Barrier(n + 1)

    def client(i):
        body = json.dumps({"prompt": f"Request {i}: write about the history of the number {i}.",
                           "max_tokens": max_tokens, "temperature": temperature, "seed": i,
                           "ignore_eos": True}).encode()
        req = urllib.request.Request(url + "/v1/completions", body, {"Content-Type": "application/json"})
        start.wait()
        t0 = time.perf_counter()
        with urllib.request.urlopen(req, timeout=600) as r:
            d = json.load(r)
        results[i] = (d["usage"]["completion_tokens"], time.perf_counter() - t0)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    start.wait()
    t0 = time.perf_counter()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    tokens = sum(r[0] for r in results)
    per = sorted(r[0] / r[1] for r in results)
    print(f"{n} concurrent requests, max_tokens {max_tokens}, temperature {temperature}: {tokens} completion tokens "
          f"in {wall:.2f} s = {tokens / wall:.1f} tok/s aggregate; per request {per[0]:.1f}..{per[-1]:.1f} tok/s")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]))
