"""A service instrumented with Debian's python3-prometheus-client, as a Python app would be.

Run with Debian's /usr/bin/python3. Prints "listening PORT" once it serves:
  GET  /metrics  the library's own exposition (prometheus_client.make_wsgi_app, which answers
                 Prometheus's Accept header with OpenMetrics)
  POST /drive    {"requests": [{"method", "route", "status", "latency"}], "times": k}: records
                 each request k times, as a request handler's instrumentation would
The server is single-threaded, so a scrape never sees half a batch. It exits when its
standard input closes (the test that started it is gone).
"""

import json
import os
import sys
import threading
from wsgiref.simple_server import WSGIRequestHandler, make_server

from prometheus_client import Counter, Histogram, make_wsgi_app

REQUESTS = Counter("http_requests", "HTTP requests served.", ["method", "status"])
# Default buckets: .005 … 10 and +Inf, written le="1.0", le="2.5", …
LATENCY = Histogram(
    "http_request_duration_seconds", "HTTP request latency.", ["method", "route"]
)

metrics_app = make_wsgi_app()


def drive(body):
    n = 0
    for _ in range(int(body["times"])):
        for r in body["requests"]:
            REQUESTS.labels(method=r["method"], status=str(r["status"])).inc()
            LATENCY.labels(method=r["method"], route=r["route"]).observe(float(r["latency"]))
            n += 1
    return n


def app(environ, start_response):
    path = environ.get("PATH_INFO", "")
    if path == "/metrics":
        return metrics_app(environ, start_response)
    if path == "/drive" and environ["REQUEST_METHOD"] == "POST":
        size = int(environ.get("CONTENT_LENGTH") or 0)
        recorded = drive(json.loads(environ["wsgi.input"].read(size)))
        start_response("200 OK", [("Content-Type", "application/json")])
        return [json.dumps({"recorded": recorded}).encode()]
    start_response("404 Not Found", [("Content-Type", "text/plain")])
    return [b"not found\n"]


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):
        pass


def exit_when_stdin_closes():
    sys.stdin.read()
    os._exit(0)


if __name__ == "__main__":
    httpd = make_server("127.0.0.1", 0, app, handler_class=QuietHandler)
    threading.Thread(target=exit_when_stdin_closes, daemon=True).start()
    print(f"listening {httpd.server_port}", flush=True)
    httpd.serve_forever()
