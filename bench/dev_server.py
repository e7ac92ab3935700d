"""Flask's development server on the same app, for the load benchmark's comparison (never for users):
``python -m bench.dev_server --store PATH --port P``."""

from __future__ import annotations

import argparse

from dashboard.app import create_app
from dashboard.web.auth import WritePolicy


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--store", required=True)
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    create_app(args.store, policy=WritePolicy()).run(host="127.0.0.1", port=args.port, debug=False, threaded=True)


if __name__ == "__main__":
    main()
