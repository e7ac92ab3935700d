"""The callbacks of a panel module, registered on each app that shows the panel.

`dash.callback` would register them once per process, on whichever app serves first: a second app in the
same process (tests, or an embedding host) would get the panel's layout without its callbacks. A panel
module collects them in a `Callbacks` at import, and `create_app` registers them on its app.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import dash
from dash import Input, Output, State, no_update

from dashboard.app import state

__all__ = ["Callbacks"]

# dcc.Upload(max_size) drops a larger file silently (react-dropzone's rejected files are not passed on), so a
# capture-phase listener, installed once per upload zone, checks the size of what is chosen or dropped on it
# first. Over the limit, the message names the file and the limit, as text (set_props with a string child);
# with `clear` the zone's previous file is forgotten too (its preview and Confirm go).
_SIZE_GUARD = """function(id, limit, error, hint, clear) {
    const guards = window.__atlasUploadGuards = window.__atlasUploadGuards || {};
    if (guards[id]) { return window.dash_clientside.no_update; }
    guards[id] = true;
    const mb = (n, d) => (n / 1048576).toFixed(d) + ' MB';
    const check = (target, files) => {
        if (!target || !target.closest || !target.closest('#' + id) || !files || !files.length) { return; }
        const set = window.dash_clientside.set_props;
        const big = Array.from(files).filter(f => limit > 0 && f.size > limit);
        if (!big.length) { set(error, {children: ''}); return; }
        if (clear) { set(id, {contents: null, filename: null, last_modified: null}); }
        set(error, {children: big.map(f => f.name + ' (' + mb(f.size, 1) + ') is over the ' + mb(limit, 0)
            + ' limit here. It was not read. ' + hint).join(' ')});
    };
    document.addEventListener('change', e => check(e.target, e.target && e.target.files), true);
    document.addEventListener('drop', e => check(e.target, e.dataTransfer && e.dataTransfer.files), true);
    return 'installed';
}"""


class Callbacks:
    """`callback` and `clientside_callback` with Dash's signatures, kept until `register(app)`."""

    def __init__(self) -> None:
        self._server: list[tuple[tuple[Any, ...], dict[str, Any], Callable[..., Any]]] = []
        self._client: list[tuple[tuple[Any, ...], dict[str, Any]]] = []

    def callback(self, *args: Any, **kwargs: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        def keep(func: Callable[..., Any]) -> Callable[..., Any]:
            self._server.append((args, kwargs, func))
            return func  # unchanged: tests call panel callbacks as plain functions

        return keep

    def clientside_callback(self, *args: Any, **kwargs: Any) -> None:
        self._client.append((args, kwargs))

    def publish_store_version(self, result_id: str) -> Callable[[Any, str | None], Any]:
        """Each time the panel's write step shows its outcome in `result_id`, tell the page the store's version
        if it changed; the map tab's views take "store-version" as an input and refresh."""

        def publish(_result: Any, shown: str | None) -> Any:
            version = state.new_version(shown)
            return no_update if version is None else version

        return self.callback(
            Output("store-version", "data", allow_duplicate=True),
            Input(result_id, "children"),
            State("store-version", "data"),
            prevent_initial_call=True,
        )(publish)

    def upload_size_guard(self, upload_id: str, error_id: str, guard_id: str, hint: str, clear: bool) -> None:
        """Say so, in `error_id`, when a file over the dcc.Upload's max_size is chosen or dropped on it.
        `guard_id` is a dcc.Store of the panel's (a clientside callback needs an output)."""
        # The panel's constants go in as JSON arguments: no text is spliced into the function's code.
        args = ", ".join(json.dumps(a) for a in (error_id, hint, clear))
        code = f"function(id, limit) {{ return ({_SIZE_GUARD})(id, limit, {args}); }}"
        self.clientside_callback(code, Output(guard_id, "data"), Input(upload_id, "id"), State(upload_id, "max_size"))

    def register(self, app: dash.Dash) -> None:
        for args, kwargs, func in self._server:
            app.callback(*args, **kwargs)(func)
        for args, kwargs in self._client:
            app.clientside_callback(*args, **kwargs)
