"""Run a local app server as a subprocess until it answers, for the browser tests and the benchmarks.

Standard library only, so the tests can import it without pulling in the benchmarks' dependencies.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

__all__ = ["ROOT", "ServerError", "free_port", "serve"]

ROOT = Path(__file__).resolve().parent.parent
_LOG_TAIL = 2000  # characters of the server's output quoted in an error


class ServerError(RuntimeError):
    """The server exited before it answered, or did not answer in time; the message ends with its log's tail."""


def free_port(host: str = "127.0.0.1") -> int:
    """A port nobody listens on right now (the OS picks it)."""
    with socket.socket() as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


def _tail(log_path: Path) -> str:
    try:
        return log_path.read_text(errors="replace")[-_LOG_TAIL:]
    except OSError:
        return "(no log)"


def _stop(proc: subprocess.Popen[bytes], grace: float) -> None:
    """SIGTERM to the server's own process group, SIGKILL if it is still there after `grace` seconds."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)  # its own session: the server and whatever it started, nothing else
    try:
        proc.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


@contextlib.contextmanager
def serve(
    command_args: Sequence[str],
    store: Path,
    log_path: Path,
    timeout: float = 90.0,
    *,
    port: int | None = None,
    env: Mapping[str, str] | None = None,
    grace: float = 15.0,
) -> Iterator[str]:
    """`python <command_args> --store STORE --port PORT` until the block ends; yields its base URL once `/` answers.

    `command_args` follow the interpreter, e.g. ``["-m", "dashboard", "serve"]``. The server's output goes to
    `log_path` (kept afterwards for post-mortems); `env` is added to this process's environment. Raises
    `ServerError` with the log's tail when the server exits early or has not answered within `timeout` seconds.
    """
    port = port or free_port()
    log_path.parent.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, *command_args, "--store", str(store), "--port", str(port)]
    full_env = {**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})}  # unbuffered: the log tail is current
    with open(log_path, "wb") as out:  # the child keeps its own descriptor
        proc = subprocess.Popen(
            command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, env=full_env, start_new_session=True
        )
    base = f"http://127.0.0.1:{port}"
    name = " ".join(command_args)
    try:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                raise ServerError(
                    f"{name} exited with status {proc.returncode} before answering (log {log_path}):\n{_tail(log_path)}"
                )
            try:
                with urllib.request.urlopen(base + "/", timeout=5) as response:
                    if response.status == 200:
                        break
            except OSError:  # not listening yet, or still loading the store
                pass
            if time.monotonic() > deadline:
                raise ServerError(
                    f"{name} did not answer on {base} within {timeout:.0f} s (log {log_path}):\n{_tail(log_path)}"
                )
            time.sleep(0.2)
        yield base
    finally:
        _stop(proc, grace)
