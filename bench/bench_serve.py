"""Load bench of ``perfxl serve`` (issue 19): 20 concurrent uploads of the shipped 15-project
example, all answered correctly within 60 s on a 2-core machine.

Starts the real server (``python -m perfxl serve --port 0``, its default pool of 2 workers) in
a child process, then 20 clients at once each upload ``examples/涞源镇2023/原文.xlsx``, read the
results page (31 findings: 17 errors, 14 warnings, the 15 projects' grades) and download the
workbook (its 校验结果 and 评分结果 sheets). Prints the wall time until every client is done,
the slowest and median client, and whether the goal is met. A bench, not a timed test::

    python bench/bench_serve.py                 # 20 clients, the goal of issue 19
    python bench/bench_serve.py --clients 40 --jobs 2
"""

from __future__ import annotations

import argparse
import io
import re
import secrets
import statistics
import sys
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor
from http.client import HTTPConnection
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.helpers.browser import running_server  # noqa: E402

EXAMPLE = REPO / "examples" / "涞源镇2023" / "原文.xlsx"
GOAL_SECONDS = 60.0
EXPECTED_FINDINGS = 31


def multipart(name: str, data: bytes) -> tuple[bytes, str]:
    boundary = secrets.token_hex(16)
    head = (f'--{boundary}\r\nContent-Disposition: form-data; name="files"; '
            f'filename="{name}"\r\nContent-Type: application/octet-stream\r\n\r\n').encode()
    return head + data + f"\r\n--{boundary}--\r\n".encode(), boundary


def one_client(host: str, port: int, data: bytes) -> tuple[float, str | None]:
    """Upload, read the page, download; (seconds, what was wrong or None)."""
    started = time.perf_counter()
    conn = HTTPConnection(host, port, timeout=300)
    try:
        body, boundary = multipart("原文.xlsx", data)
        conn.request("POST", "/upload", body=body,
                     headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
        r = conn.getresponse()
        r.read()
        if r.status != 303:
            return time.perf_counter() - started, f"upload answered {r.status}"
        conn.request("GET", r.getheader("location"))
        r = conn.getresponse()
        page = r.read().decode("utf-8")
        rows = len(re.findall(r'<tr class="finding ', page))
        if rows != EXPECTED_FINDINGS or "错误 17" not in page or page.count('class="grade"') < 15:
            return time.perf_counter() - started, f"results page shows {rows} findings"
        link = re.search(r'href="(/download/[^"]+/1)"', page).group(1)
        conn.request("GET", link)
        r = conn.getresponse()
        book = r.read()
        with zipfile.ZipFile(io.BytesIO(book)) as z:
            names = z.read("xl/workbook.xml").decode("utf-8")
        if "校验结果" not in names or "评分结果" not in names:
            return time.perf_counter() - started, "the download has no result sheets"
        return time.perf_counter() - started, None
    except Exception as e:  # noqa: BLE001 - a bench reports every failure
        return time.perf_counter() - started, f"{type(e).__name__}: {e}"
    finally:
        conn.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--jobs", type=int, default=2, help="the server's worker processes")
    args = parser.parse_args()
    data = EXAMPLE.read_bytes()
    with running_server("--jobs", str(args.jobs), "--max-files", "20") as link:
        where = urlsplit(link)
        ready = one_client(where.hostname, where.port, data)  # the server has started
        if ready[1]:
            print(f"the server does not answer correctly: {ready[1]}")
            return 1
        started = time.perf_counter()
        with ThreadPoolExecutor(args.clients) as pool:
            answers = list(pool.map(lambda _: one_client(where.hostname, where.port, data),
                                    range(args.clients)))
        wall = time.perf_counter() - started
    wrong = [why for _, why in answers if why]
    times = [t for t, _ in answers]
    print(f"{args.clients} concurrent uploads of {EXAMPLE.name} (15 projects), server --jobs "
          f"{args.jobs}: all answered in {wall:.2f} s wall; per client median "
          f"{statistics.median(times):.2f} s, slowest {max(times):.2f} s; "
          f"{args.clients - len(wrong)} correct, {len(wrong)} wrong")
    for why in sorted(set(wrong)):
        print(f"  wrong: {why}")
    met = not wrong and wall <= GOAL_SECONDS
    print(f"goal: all {args.clients} correct within {GOAL_SECONDS:g} s — "
          f"{'met' if met else 'NOT met'}")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
