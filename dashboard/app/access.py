""" "Unlock editing": the box at the top of the panels that write (Import data, Add events from text).

A person types the server's write token once; the server checks it and sets an HttpOnly cookie (see
``dashboard.web.auth``). The box only says what the server will allow: every write callback checks the
request itself (``request_may_write``), so a page edited in the browser unlocks nothing.
"""

from __future__ import annotations

import dash
import flask
from dash import Input, Output, State, dcc, html, no_update

from dashboard.app.panel import Callbacks
from dashboard.web.auth import COOKIE, current_policy, request_may_write

__all__ = ["layout", "register", "status_text", "write_refused"]
_COOKIE_DAYS = 30


def write_refused() -> str | None:
    """What a write callback answers when this request may not write (checked on the server); None when it may."""
    return None if request_may_write() else f"Nothing was written: {current_policy().why_not()}."


def status_text() -> tuple[str, bool]:
    """(what the box says, whether to show the token field) for the current request."""
    policy = current_policy()
    if not policy.writable:
        return f"Read-only: {policy.why_not()}.", False
    if request_may_write():
        return "Editing is unlocked in this browser.", False
    return "Editing is locked. Enter the write token the operator gave you to unlock it:", True


def layout(prefix: str) -> html.Div:
    """The box, rendered per page load (so it shows this browser's state)."""
    text, ask = status_text() if flask.has_request_context() else ("", False)
    return html.Div(
        [
            html.Span(text, id=f"{prefix}-access-status", role="status"),
            html.Div(
                [
                    dcc.Input(
                        id=f"{prefix}-access-token",
                        type="password",
                        placeholder="write token",
                        autoComplete="off",
                        debounce=True,
                        style={"marginRight": "8px"},
                    ),
                    html.Button("Unlock editing", id=f"{prefix}-access-unlock", n_clicks=0),
                ],
                id=f"{prefix}-access-form",
                style={"display": "inline-block" if ask else "none", "marginLeft": "8px"},
            ),
        ],
        className="access-box",
        style={"padding": "8px 12px", "margin": "0 0 12px", "background": "#f3f4f6", "borderRadius": "6px"},
    )


def unlock(token: str | None) -> tuple[str, bool]:
    """Check `token`; on success set the cookie on the callback's response. (message, unlocked)."""
    policy = current_policy()
    if not policy.writable:
        return f"Read-only: {policy.why_not()}.", False
    if not policy.token_matches((token or "").strip()):
        return "That is not the write token. Editing stays locked.", False
    dash.ctx.response.set_cookie(
        COOKIE,
        policy.cookie_value(),
        max_age=_COOKIE_DAYS * 86400,
        httponly=True,
        samesite="Strict",
        secure=flask.request.is_secure,
    )
    return "Editing is unlocked in this browser.", True


def register(callbacks: Callbacks, prefix: str) -> None:
    """The unlock callback of one panel's box."""

    @callbacks.callback(
        Output(f"{prefix}-access-status", "children"),
        Output(f"{prefix}-access-form", "style"),
        Input(f"{prefix}-access-unlock", "n_clicks"),
        Input(f"{prefix}-access-token", "n_submit"),
        State(f"{prefix}-access-token", "value"),
        prevent_initial_call=True,
    )
    def _on_unlock(_clicks: int, _submit: int, token: str | None) -> tuple:
        message, unlocked = unlock(token)
        return message, ({"display": "none"} if unlocked else no_update)
