"""A stand-in for a Databricks workspace in the end-to-end tests: forwards MLflow's REST API to a
tracking server, but only requests that carry `Authorization: Bearer TOKEN`; any other gets the
401 a workspace answers. Prints the port it listens on, then serves until killed.

    python3 bearer_proxy.py UPSTREAM_URL TOKEN
"""
import http.server
import sys
import urllib.error
import urllib.request

upstream, token = sys.argv[1].rstrip("/"), sys.argv[2]


class Handler(http.server.BaseHTTPRequestHandler):
    def forward(self):
        if self.headers.get("Authorization") != f"Bearer {token}":
            self.answer(401, b'{"error_code": "401", "message": "Credential was not sent or was of an unsupported type for this API."}')
            return
        length = int(self.headers.get("Content-Length") or 0)
        data = self.rfile.read(length) if length else None
        request = urllib.request.Request(upstream + self.path, data=data, method=self.command,
                                         headers={"Content-Type": self.headers.get("Content-Type", "application/json")})
        try:
            with urllib.request.urlopen(request, timeout=120) as response:
                self.answer(response.status, response.read())
        except urllib.error.HTTPError as error:
            self.answer(error.code, error.read())

    def answer(self, status, body):
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client went away (a cancelled request)

    do_GET = do_POST = do_PATCH = do_DELETE = forward

    def log_message(self, *args):
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
