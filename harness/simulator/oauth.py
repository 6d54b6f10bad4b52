"""A loopback OAuth 2 token endpoint for Vertex clients, and the service-account file that
points at it.

Google's clients (google-auth, and every gateway built on it) take a service-account JSON
file and exchange a JWT signed with its private key for an access token at the file's
``token_uri``. `OAuthServer` is that token endpoint on loopback: it accepts the JWT-bearer
grant (``grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer``, ``assertion=<JWT>``),
verifies the assertion with google-auth's own JWT decoder against the public key of the
service account it generated (issuer; audience Google's token endpoint, which google-auth
always signs for, or this one; expiry), and answers
``{"access_token", "expires_in": 3600, "token_type": "Bearer"}``. `issued` tells the Vertex
backend (`VertexBackend(access_tokens=server.issued)`) which tokens are genuine.

`write_service_account` generates a fresh RSA key at run time into the directory given (a
temporary one): no key is ever part of the repository.
"""

from __future__ import annotations

import json
import secrets
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from urllib.parse import parse_qs

import google.auth.exceptions
import google.auth.jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer"
TOKEN_PATH = "/token"
LIFETIME_SECONDS = 3600
GOOGLE_TOKEN_URI = "https://oauth2.googleapis.com/token"
"""The audience google-auth signs its assertions for, whatever the file's token_uri."""
CLIENT_EMAIL = "parity-simulator@parity-simulated.iam.gserviceaccount.com"


class OAuthServer:
    """The token endpoint on a loopback port, for the one service account it generates."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self._key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self._key_id = secrets.token_hex(20)
        self._issued: set[str] = set()
        self._lock = threading.Lock()
        self._httpd = _TokenHttpServer((host, port), _TokenHandler, self)
        self._thread: threading.Thread | None = None

    @property
    def token_uri(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}{TOKEN_PATH}"

    def start(self) -> str:
        """Serve from a daemon thread; returns `token_uri`."""
        if self._thread is None:
            self._thread = threading.Thread(
                target=self._httpd.serve_forever, name="parity-oauth", daemon=True
            )
            self._thread.start()
        return self.token_uri

    def stop(self) -> None:
        if self._thread is not None:
            self._httpd.shutdown()
            self._thread.join(timeout=5)
            self._thread = None
        self._httpd.server_close()

    def __enter__(self) -> OAuthServer:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def issued(self, token: str) -> bool:
        """Whether this endpoint issued ``token``."""
        with self._lock:
            return token in self._issued

    def write_service_account(self, directory: Path, project: str = "parity-simulated") -> Path:
        """Write the service-account JSON file whose ``token_uri`` is this endpoint into
        ``directory`` (give a temporary one: the file holds a private key); returns its path."""
        pem = self._key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ).decode()
        account = {
            "type": "service_account",
            "project_id": project,
            "private_key_id": self._key_id,
            "private_key": pem,
            "client_email": CLIENT_EMAIL,
            "client_id": "100000000000000000000",
            "auth_uri": "https://accounts.google.com/o/oauth2/auth",
            "token_uri": self.token_uri,
        }
        path = directory / "parity-service-account.json"
        path.write_text(json.dumps(account, indent=2), encoding="utf-8")
        path.chmod(0o600)
        return path

    def grant(self, form: dict[str, list[str]]) -> tuple[int, dict[str, object]]:
        """The token endpoint's answer (status, JSON body) to a form-encoded request."""
        if form.get("grant_type") != [JWT_BEARER]:
            return 400, _error("unsupported_grant_type", f"grant_type must be {JWT_BEARER}")
        assertion = form.get("assertion", [""])[0]
        public = self._key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        try:
            claims = google.auth.jwt.decode(  # type: ignore[no-untyped-call]
                assertion,
                certs={self._key_id: public.decode()},
                audience=[GOOGLE_TOKEN_URI, self.token_uri],
            )
        except (google.auth.exceptions.GoogleAuthError, ValueError) as exc:
            return 400, _error("invalid_grant", f"Invalid JWT: {exc}")
        if claims.get("iss") != CLIENT_EMAIL:
            return 400, _error("invalid_grant", "Invalid JWT: the issuer is not the account")
        token = f"ya29.parity-{secrets.token_urlsafe(32)}"
        with self._lock:
            self._issued.add(token)
        return 200, {
            "access_token": token,
            "expires_in": LIFETIME_SECONDS,
            "token_type": "Bearer",
        }


def _error(code: str, description: str) -> dict[str, object]:
    return {"error": code, "error_description": description}


class _TokenHttpServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(
        self,
        address: tuple[str, int],
        handler: type[BaseHTTPRequestHandler],
        oauth: OAuthServer,
    ) -> None:
        super().__init__(address, handler)
        self.oauth = oauth


class _TokenHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _TokenHttpServer

    def do_POST(self) -> None:
        length = int(self.headers.get("content-length") or 0)
        form = parse_qs(self.rfile.read(length).decode("utf-8", "replace"))
        if self.path.partition("?")[0] != TOKEN_PATH:
            status, body = 404, _error("not_found", f"the token endpoint is {TOKEN_PATH}")
        else:
            status, body = self.server.oauth.grant(form)
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("content-type", "application/json; charset=utf-8")
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet."""
