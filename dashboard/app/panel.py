"""The callbacks of a panel module, registered on each app that shows the panel.

`dash.callback` would register them once per process, on whichever app serves first: a second app in the
same process (tests, or an embedding host) would get the panel's layout without its callbacks. A panel
module collects them in a `Callbacks` at import, and `create_app` registers them on its app.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import dash
from dash import Input, Output, State, no_update

from dashboard.app import state

__all__ = ["Callbacks"]


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

    def register(self, app: dash.Dash) -> None:
        for args, kwargs, func in self._server:
            app.callback(*args, **kwargs)(func)
        for args, kwargs in self._client:
            app.clientside_callback(*args, **kwargs)
