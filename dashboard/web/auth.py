"""Who may change the store through the web: read-only unless the operator sets a write token.

* ``STRIKE_ATLAS_WRITE_TOKEN`` unset: the server is read-only; nobody can import or add events through it
  (the command line, which needs access to the files, is not concerned).
* Set: a person shows the token once in the page ("Unlock editing"); the server answers with an HttpOnly,
  SameSite=Strict cookie that carries an HMAC of the token, not the token. Scripts send
  ``Authorization: Bearer <token>`` with each request to the API.
* ``serve --read-only`` switches writing off whatever is sent.

Every write — the upload and review panels' confirm callbacks, ``POST /api/import`` — asks
:func:`request_may_write` on the server; hiding a button is only a courtesy.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from dataclasses import dataclass

import flask

__all__ = ["COOKIE", "TOKEN_ENV", "WritePolicy", "current_policy", "install_policy", "request_may_write"]

TOKEN_ENV = "STRIKE_ATLAS_WRITE_TOKEN"
COOKIE = "strike_atlas_write"
_CONFIG_KEY = "STRIKE_ATLAS_WRITE_POLICY"
MIN_TOKEN_LENGTH = 12  # a short token is guessed; refuse to start with one


@dataclass(frozen=True)
class WritePolicy:
    """The server's rule for writes: the token (None: none set) and the read-only switch."""

    token: str | None = None
    read_only: bool = False

    @classmethod
    def from_env(cls, read_only: bool = False) -> WritePolicy:
        token = os.environ.get(TOKEN_ENV) or None
        if token is not None and len(token) < MIN_TOKEN_LENGTH:
            raise ValueError(f"{TOKEN_ENV} is too short: use at least {MIN_TOKEN_LENGTH} characters")
        return cls(token=token, read_only=read_only)

    @property
    def writable(self) -> bool:
        """Whether anyone can write through this server at all."""
        return self.token is not None and not self.read_only

    def why_not(self) -> str:
        if self.read_only:
            return "this server is read-only (serve --read-only)"
        if self.token is None:
            return f"this server is read-only: the operator has not set {TOKEN_ENV}"
        return "editing is locked: unlock it with the write token"

    def token_matches(self, given: str | None) -> bool:
        return self.writable and given is not None and hmac.compare_digest(given.encode(), self.token.encode())  # type: ignore[union-attr]

    def cookie_value(self) -> str:
        """What the unlock cookie holds: an HMAC of the token (the token itself never leaves the server)."""
        assert self.token is not None
        return hmac.new(self.token.encode(), b"strike-atlas write cookie v1", hashlib.sha256).hexdigest()

    def cookie_matches(self, given: str | None) -> bool:
        return self.writable and given is not None and hmac.compare_digest(given, self.cookie_value())

    def bearer_matches(self, header: str | None) -> bool:
        scheme, _, value = (header or "").partition(" ")
        return scheme.lower() == "bearer" and self.token_matches(value.strip())


def install_policy(server: flask.Flask, policy: WritePolicy) -> None:
    server.config[_CONFIG_KEY] = policy


def current_policy() -> WritePolicy:
    """The policy of the app serving this request (read-only when none was installed, or outside a request)."""
    if not flask.has_app_context():
        return WritePolicy(read_only=True)
    return flask.current_app.config.get(_CONFIG_KEY, WritePolicy(read_only=True))


def request_may_write() -> bool:
    """Whether the current request (a callback or an API call) may change the store."""
    if not flask.has_request_context():
        return False
    policy = current_policy()
    return policy.cookie_matches(flask.request.cookies.get(COOKIE)) or policy.bearer_matches(
        flask.request.headers.get("Authorization")
    )
