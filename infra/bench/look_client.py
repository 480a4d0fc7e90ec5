#!/usr/bin/env python3
"""The web page's upload flow against a running `btl serve` / `btl demo`, Python stdlib only.

POST /looks {"contentType": "image/jpeg"} -> presigned POST form (upload.url + upload.fields)
-> multipart/form-data POST with the fields first and `file` last -> poll GET /looks/{id}
until the look is EMBEDDED (or FAILED).

Commands (base is http://127.0.0.1:PORT):
  look_client.py one BASE                 uploads one demo photo with items; prints its look id
                                          and a product id of its matches: "LOOK_ID PRODUCT_ID"
  look_client.py latency BASE N WARMUP    uploads N demo photos one after another (after WARMUP
                                          more that are reported but not counted); prints each
                                          time, the percentiles and a last name=value line
Environment: POLL_MS (default 25) is the pause between two polls.
"""
import json
import math
import os
import statistics
import sys
import time
import urllib.error
import urllib.request
import uuid

POLL_S = float(os.environ.get("POLL_MS", "25")) / 1000.0
LIMIT_S = 120.0


def call(method, url, body=None, headers=None):
    """(status, headers, body bytes); 4xx/5xx are answers here, not exceptions."""
    req = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def api(base, method, path, payload=None):
    body = None if payload is None else json.dumps(payload).encode()
    headers = {"Content-Type": "application/json"} if body is not None else {}
    status, _, data = call(method, base + path, body, headers)
    return status, json.loads(data) if data else None


def demo_photos(base):
    status, listing = api(base, "GET", "/demo/photos")
    if status != 200 or not listing.get("photos"):
        sys.exit(f"look_client: GET /demo/photos -> {status}: no demo photos to upload")
    photos = []
    for p in listing["photos"]:
        s, _, data = call("GET", base + p["url"])
        if s != 200:
            sys.exit(f"look_client: GET {p['url']} -> {s}")
        photos.append(data)
    return photos


def multipart(fields, photo):
    """The browser's form: the policy's fields in order, then the file as part `file`."""
    boundary = "----btlbench" + uuid.uuid4().hex
    out = bytearray()
    for name, value in fields.items():
        out += (f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                f"{value}\r\n").encode()
    out += (f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
            f'filename="photo.jpg"\r\nContent-Type: image/jpeg\r\n\r\n').encode()
    out += photo
    out += f"\r\n--{boundary}--\r\n".encode()
    return bytes(out), "multipart/form-data; boundary=" + boundary


def upload(base, photo):
    """Uploads one photo and waits for its recommendations.

    Returns (look, times): times in ms from the start of POST /looks to the answer of POST
    /looks (create), of the form upload (upload) and of the first poll that saw the look
    final (done); polls counts the GET /looks/{id} calls.
    """
    t0 = time.perf_counter()
    status, created = api(base, "POST", "/looks", {"contentType": "image/jpeg"})
    if status != 201:
        sys.exit(f"look_client: POST /looks -> {status}: {created}")
    t_create = time.perf_counter()
    body, content_type = multipart(created["upload"]["fields"], photo)
    s, _, answer = call("POST", created["upload"]["url"], body,
                        {"Content-Type": content_type})
    if s not in (200, 201, 204):
        sys.exit(f"look_client: upload -> {s}: {answer[:300]!r}")
    t_upload = time.perf_counter()
    look_path = "/looks/" + created["lookId"]
    polls = 0
    while True:
        polls += 1
        status, look = api(base, "GET", look_path)
        if status != 200:
            sys.exit(f"look_client: GET {look_path} -> {status}: {look}")
        if look["status"] in ("EMBEDDED", "FAILED"):
            break
        if time.perf_counter() - t0 > LIMIT_S:
            sys.exit(f"look_client: {look_path} still {look['status']} after {LIMIT_S:.0f} s")
        time.sleep(POLL_S)
    t_done = time.perf_counter()
    ms = lambda t: (t - t0) * 1000.0  # noqa: E731
    return look, {"create": ms(t_create), "upload": ms(t_upload), "done": ms(t_done),
                  "polls": polls}


def percentile(values, p):
    """Nearest-rank percentile (p in 0..100) of a non-empty list."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100.0 * len(ordered)) - 1)]


def one(base):
    for photo in demo_photos(base):
        look, _ = upload(base, photo)
        items = [i for i in look.get("items", []) if i.get("matches")]
        if look["status"] == "EMBEDDED" and items:
            print(look["lookId"], items[0]["matches"][0]["productId"])
            return
    sys.exit("look_client: no demo photo gave an EMBEDDED look with matches")


def latency(base, n, warmup):
    photos = demo_photos(base)
    print(f"# {len(photos)} demo photos, uploaded in turn; {warmup} warm-up upload(s) first, "
          f"polling every {POLL_S * 1000:.0f} ms")
    warm, runs = [], []
    failed = 0
    for i in range(warmup + n):
        look, t = upload(base, photos[i % len(photos)])
        items = look.get("items", [])
        with_matches = sum(1 for it in items if it.get("matches"))
        if look["status"] != "EMBEDDED":
            failed += 1
        (warm if i < warmup else runs).append(t)
        label = "warm-up" if i < warmup else f"{i - warmup + 1:3d}"
        print(f"{label:>7} {look['status']:8} items={len(items)} with_matches={with_matches} "
              f"create={t['create']:.0f} upload={t['upload']:.0f} done={t['done']:.0f} ms "
              f"polls={t['polls']}", flush=True)
    done = [t["done"] for t in runs]
    print("# warm-up (excluded): " + ", ".join(f"{t['done']:.0f} ms" for t in warm))
    for phase in ("create", "upload", "done"):
        v = [t[phase] for t in runs]
        print(f"# {phase:>6} (ms from POST /looks): p50={percentile(v, 50):.0f} "
              f"p95={percentile(v, 95):.0f} max={max(v):.0f} mean={statistics.mean(v):.0f}")
    print(f"# target on 2 cores, warm: p50 <= 500 ms, p95 <= 1000 ms; looks not EMBEDDED: "
          f"{failed}")
    print(f"n={len(done)} p50_ms={percentile(done, 50):.0f} p95_ms={percentile(done, 95):.0f} "
          f"max_ms={max(done):.0f}")


def main(argv):
    if len(argv) >= 3 and argv[1] == "one":
        one(argv[2].rstrip("/"))
    elif len(argv) >= 5 and argv[1] == "latency":
        latency(argv[2].rstrip("/"), int(argv[3]), int(argv[4]))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
