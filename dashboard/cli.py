"""Command line: build · geocode · import · export · render · facilities · synth · extract · restore · serve.

Each command is a thin wrapper over a plain function of the core; errors are printed as one clear
message (file, line, reason) with a non-zero exit status, never as a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from dashboard import config
from dashboard.filters import FilterError, FilterSpec, add_arguments

__all__ = ["main"]


def _err(message: str) -> None:
    print(f"error: {message}", file=sys.stderr)


def cmd_build(args: argparse.Namespace) -> int:
    from dashboard.pipeline import build

    build(args.store)
    return 0


def cmd_geocode(args: argparse.Namespace) -> int:
    from dashboard.geo import get_geocoder

    queries = args.query or [line.rstrip("\n") for line in sys.stdin]
    queries = [q for q in queries if q.strip()]
    geocoder = get_geocoder()
    failed = 0
    for result in geocoder.geocode_many(queries):
        failed += not result.ok
        if args.json:
            print(json.dumps(result.to_dict(), ensure_ascii=False))
        elif result.ok:
            print(
                f"{result.query}\t{result.name}\t{result.lat:.5f}\t{result.lon:.5f}\t{result.country}\t"
                f"{result.admin1_code}\t{result.admin1}\tprecision {result.geo_precision}\tscore {result.score:.0f}"
            )
        else:
            print(f"{result.query}\tUNRESOLVED\t{result.error}")
    return 0 if not failed or args.json else 1


def cmd_export(args: argparse.Namespace) -> int:
    from dashboard.export import export_events
    from dashboard.stores import open_store

    spec = FilterSpec.from_args(args)
    events = open_store(args.store).select(spec)
    if spec.facilities:  # the export shows why each event is linked
        from dashboard.energy.links import with_links

        events = with_links(events)
    export_events(events, args.format, args.out)
    print(f"exported {len(events)} events to {args.out} ({args.format})", file=sys.stderr)
    return 0


def cmd_render(args: argparse.Namespace) -> int:
    from dashboard.render import render_map

    spec = FilterSpec.from_args(args)
    if args.out.suffix.lower() == ".mp4":  # the time-lapse (dashboard.video)
        from dashboard.video import render_video

        every = 1 if sys.stderr.isatty() else 10  # a log file gets every tenth frame, a terminal each

        def progress(i: int, n: int) -> None:
            if sys.stderr.isatty():
                print(f"\rframe {i}/{n}", end="\n" if i == n else "", file=sys.stderr, flush=True)
            elif i % every == 0 or i == n:
                print(f"frame {i}/{n}", file=sys.stderr, flush=True)

        size = (args.width or 1280, args.height or 720)
        render_video(
            args.store, spec, args.out, title=args.title, width=size[0], height=size[1], theme=args.theme,
            fps=args.fps, step=args.step, window=args.window, progress=progress,
        )  # fmt: skip
        print(f"rendered {args.out} ({size[0]}×{size[1]}, {args.fps} frames/s, {args.theme})", file=sys.stderr)
        return 0
    args.width, args.height = args.width or 1920, args.height or 1080
    out = render_map(
        args.store, spec, args.out, title=args.title, width=args.width, height=args.height, theme=args.theme
    )
    print(f"rendered {out} ({args.width}×{args.height}, {args.theme})", file=sys.stderr)
    return 0


def cmd_facilities(args: argparse.Namespace) -> int:
    import pandas as pd

    from dashboard.energy.facilities import load_facilities
    from dashboard.energy.links import with_links
    from dashboard.energy.report import facility_hits, write_facilities_hxl
    from dashboard.stores import open_store

    spec = FilterSpec.from_args(args)
    if args.pdf:  # the /energy page's printable report (dashboard.app.energy_report)
        from dashboard.app.energy_report import report_pdf
        from dashboard.serving import ServingFrame

        frame = ServingFrame.from_events(open_store(args.store).read(), token=f"{args.store}@cli")
        args.pdf.write_bytes(report_pdf(frame, spec))
        print(f"wrote the energy report to {args.pdf} (PDF)", file=sys.stderr)
        return 0
    events = with_links(open_store(args.store).select(spec))
    table = facility_hits(events, load_facilities())
    if args.hxl:
        write_facilities_hxl(table, args.hxl)
        print(f"wrote {len(table)} facilities to {args.hxl} (HXL)", file=sys.stderr)
        return 0
    for row in table.to_dict(orient="records"):
        row = {k: (None if not isinstance(v, list) and pd.isna(v) else v) for k, v in row.items()}
        if args.json:
            print(json.dumps(row, ensure_ascii=False))
        else:
            print(f"{row['facility_id']}\t{row['hits']}\t{row['kind']}\t{row['name']}\t{row['admin1_code'] or ''}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from dashboard.ingest import import_file

    mapping = dict(item.split("=", 1) for item in args.map or [])
    summary = import_file(
        args.file,
        fmt=args.format,
        store=args.store,
        skip_invalid=args.skip_invalid,
        rejects=args.rejects,
        mapping=mapping,
        date_order=args.date_order,
        sheet=args.sheet,
    )
    print(summary, file=sys.stderr)
    return 0


def cmd_synth(args: argparse.Namespace) -> int:
    from dashboard.synth import synth_store

    synth_store(args.events, args.store, seed=args.seed)
    return 0


def cmd_extract(args: argparse.Namespace) -> int:
    from dashboard.extract import run_extract

    text = sys.stdin.read() if args.file == "-" else Path(args.file).read_text(encoding="utf-8")
    print(run_extract(text, as_json=args.json))
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from dashboard.store import last_good_path
    from dashboard.stores import open_store

    kept, rows = open_store(args.store).restore()
    where = f"; the unreadable file is kept as {kept}" if kept else ""
    print(f"restored {args.store} from {last_good_path(args.store)} ({rows:,} events){where}", file=sys.stderr)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from dashboard.stores import describe_location
    from dashboard.web.auth import TOKEN_ENV, WritePolicy

    policy = WritePolicy.from_env(read_only=args.read_only)
    writes = "writes: unlocked with the write token" if policy.writable else f"read-only ({policy.why_not()})"
    store = describe_location(args.store)
    print(f"Strike Atlas on http://{args.host}:{args.port}  (store: {store}; {writes})", file=sys.stderr)
    if not policy.writable and not args.read_only:
        print(f"  to allow imports through the web: {TOKEN_ENV}=<a secret of 12+ characters>", file=sys.stderr)
    if args.debug:  # Flask's development server, with Dash's debug pages: never on a shared machine
        from dashboard.app import create_app

        create_app(args.store, policy=policy).run(host=args.host, port=args.port, debug=True)
        return 0
    from dashboard.web.wsgi import serve

    serve(args.store, policy, host=args.host, port=args.port, workers=args.workers, threads=args.threads)
    return 0


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="python -m dashboard", description="Strike Atlas: conflict events, offline.")
    sub = root.add_subparsers(dest="command", required=True)

    def with_store(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
        p.add_argument(
            "--store",
            type=config.store_location,
            default=config.DEFAULT_STORE,
            metavar="PATH|URL",
            help="GeoParquet file, or the postgresql:// URL of a PostGIS store "
            "(default: $STRIKE_ATLAS_STORE, else data/processed/events.parquet)",
        )
        return p

    p = with_store(sub.add_parser("build", help="reference data and the default store from data/seed"))
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("geocode", help="place names to points, offline (arguments or one per line on stdin)")
    p.add_argument("query", nargs="*")
    p.add_argument("--json", action="store_true", help="one JSON object per line, in input order")
    p.set_defaults(func=cmd_geocode)

    p = with_store(sub.add_parser("export", help="filtered events to a file"))
    p.add_argument("--format", required=True, choices=("csv", "geojson", "gpkg", "parquet", "hxl"))
    p.add_argument("--out", required=True, type=Path)
    add_arguments(p)
    p.set_defaults(func=cmd_export)

    p = with_store(sub.add_parser("render", help="the map as an image (PNG, SVG, PDF) or its time-lapse (MP4)"))
    p.add_argument("--out", required=True, type=Path, help="FILE.png, FILE.svg, FILE.pdf or FILE.mp4")
    p.add_argument("--title", default="", help="title over the map (default: Strike Atlas)")
    p.add_argument("--width", type=int, default=None, help="pixels (default: 1920, 1280 for .mp4)")
    p.add_argument("--height", type=int, default=None, help="pixels (default: 1080, 720 for .mp4)")
    p.add_argument("--fps", type=int, default=12, help=".mp4: frames per second (default: %(default)s)")
    p.add_argument("--step", choices=("day", "week"), default="day", help=".mp4: one frame per day or per week")
    p.add_argument(
        "--window", type=int, metavar="DAYS", help=".mp4: show only the last DAYS days (default: all, older dimmed)"
    )
    p.add_argument("--theme", choices=("light", "dark"), default="light")
    add_arguments(p)
    p.set_defaults(func=cmd_render)

    p = with_store(sub.add_parser("facilities", help="energy facilities and the events linked to them, most hit first"))
    p.add_argument("--json", action="store_true", help="one JSON object per line")
    p.add_argument("--hxl", type=Path, metavar="OUT", help="write the table as HXL-tagged CSV (for HDX) instead")
    p.add_argument("--pdf", type=Path, metavar="OUT", help="write the one-page printable report (PDF, via Chromium)")
    add_arguments(p)
    p.set_defaults(func=cmd_facilities)

    p = with_store(sub.add_parser("import", help="add events from ACLED, UCDP GED, CSV, a spreadsheet or GeoJSON"))
    p.add_argument(
        "--format",
        default="auto",
        choices=("auto", "acled", "ucdp", "csv", "geojson"),
        help="default: detect from the header",
    )
    p.add_argument("file", type=Path)
    p.add_argument("--skip-invalid", action="store_true", help="import the valid rows, write the others to --rejects")
    p.add_argument("--rejects", type=Path, help="CSV of rejected rows with reasons")
    p.add_argument(
        "--map", action="append", metavar="COLUMN=SOURCE", help="generic CSV: schema column from a source column"
    )
    p.add_argument(
        "--date-order",
        choices=("dmy", "mdy"),
        help="day/month order of dates such as 05/02/2014, when the file does not tell (default: from the file)",
    )
    p.add_argument("--sheet", metavar="NAME", help="the sheet of a spreadsheet (.xlsx, .xls, .ods); default: first")
    p.set_defaults(func=cmd_import)

    p = with_store(sub.add_parser("synth", help="realistic synthetic events for demos and benchmarks"))
    p.add_argument("--events", type=int, required=True)
    p.add_argument("--seed", type=int, default=0)
    p.set_defaults(func=cmd_synth)

    p = sub.add_parser("extract", help="candidate events from a news text (FILE or - for stdin)")
    p.add_argument("file")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_extract)

    p = with_store(sub.add_parser("restore", help="put the last good copy back in place of an unreadable store"))
    p.set_defaults(func=cmd_restore)

    p = with_store(sub.add_parser("serve", help="the dashboard"))
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8050)
    p.add_argument("--workers", type=int, default=1, help="gunicorn worker processes (each loads the store once)")
    p.add_argument("--threads", type=int, default=8, help="threads per worker (parallel callbacks)")
    p.add_argument("--read-only", action="store_true", help="refuse every write through the web, token or not")
    p.add_argument("--debug", action="store_true", help="Flask's development server with Dash debug pages (local only)")
    p.set_defaults(func=cmd_serve)
    return root


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    from dashboard.geo.reference import ReferenceMissing
    from dashboard.schema import EventValidationError
    from dashboard.store import StoreMissing

    try:
        return args.func(args)
    except (FilterError, EventValidationError, StoreMissing, ReferenceMissing, ValueError, OSError) as exc:
        _err(str(exc))
        return 2
    except KeyboardInterrupt:
        _err("interrupted")
        return 130
