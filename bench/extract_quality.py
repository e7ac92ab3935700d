"""Extraction quality on real published reports: ``python -m bench.extract_quality [--split dev|heldout] [-v]``.

The hand-coded events are ``tests/data/news/expected.csv``, one row per event, coded from the text before the
rules were tuned, and ``tests/data/news/sources.csv`` says where each report was published (URL, outlet,
date). The reports' texts are published articles, which this repository does not redistribute: they live in a
local corpus, ``data/external/news/<lang>/<slug>.txt`` (first line a ``# source: URL | outlet | date`` comment;
another folder with ``STRIKE_ATLAS_NEWS_CORPUS``), collected from the URLs by whoever measures. Without it the
script says so and the tests that read the texts are skipped. Each file is in the ``dev`` part (used while
writing rules) or a held-out part (only measured): ``heldout`` for rounds 9 and 10, ``heldout-11`` for round 11,
``heldout-12`` for round 12.

A candidate matches an expected event when the region (``admin1_code``) is the same and the place's name is
one of the row's names (``|``-separated, compared without case, accents and a trailing " region"). A row with
no place lists a report in which no event is expected (every candidate from it is a false event).
Per field, precision is right values / values the extractor gave, recall right values / values the row has
(a weapon finer than the one coded is right: "cruise missile" for "missile", "Shahed drone" for "drone");
infrastructure is counted per class. An event is *right* when every field is. Candidates that match no row
are false events; a second candidate for a row already matched is a duplicate.
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CODED_DIR = ROOT / "tests" / "data" / "news"  # expected.csv and sources.csv: committed
NEWS_DIR = Path(os.environ.get("STRIKE_ATLAS_NEWS_CORPUS", ROOT / "data" / "external" / "news"))  # texts: local
FIELDS = ("place", "killed", "injured", "weapon", "infrastructure", "power_outage")

__all__ = ["CODED_DIR", "NEWS_DIR", "Expected", "Score", "corpus_present", "load_expected", "main", "read_report",
           "score"]  # fmt: skip


@dataclass(frozen=True)
class Expected:
    file: str
    split: str
    places: tuple[str, ...]
    admin1_code: str
    killed: int | None
    injured: int | None
    weapons: tuple[str, ...]  # any one of them is right; empty: no weapon named
    infrastructure: frozenset[str]
    power_outage: bool


def _count(value: str, where: str) -> int | None:
    if value.strip() == "":
        return None
    try:
        return int(value)
    except ValueError:
        raise ValueError(f"{where}: {value!r} is not a whole number") from None


def corpus_present() -> bool:
    """Whether the local corpus holds every coded report's text."""
    return all((NEWS_DIR / row.file).is_file() for row in load_expected())


def load_expected(path: Path = CODED_DIR / "expected.csv") -> list[Expected]:
    """The hand-coded events; a bad row is an error naming its line."""
    rows: list[Expected] = []
    with path.open(encoding="utf-8", newline="") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            where = f"{path}, line {line}"
            if not re.fullmatch(r"dev|heldout(?:-\d+)?", row["split"]):
                raise ValueError(f"{where}: split must be dev, heldout or heldout-<round>, not {row['split']!r}")
            if row["power_outage"] not in ("true", "false"):
                raise ValueError(f"{where}: power_outage must be true or false")
            rows.append(
                Expected(
                    file=row["file"],
                    split=row["split"],
                    places=tuple(p.strip() for p in row["place"].split("|") if p.strip()),
                    admin1_code=row["admin1_code"],
                    killed=_count(row["killed"], where),
                    injured=_count(row["injured"], where),
                    weapons=tuple(w for w in row["weapon"].split("|") if w),
                    infrastructure=frozenset(c for c in row["infrastructure"].split(";") if c),
                    power_outage=row["power_outage"] == "true",
                )
            )
    return rows


def read_report(name: str) -> str:
    """The report's text without its source comment line(s)."""
    lines = (NEWS_DIR / name).read_text(encoding="utf-8").splitlines()
    return "\n".join(line for line in lines if not line.startswith("# source:")).strip() + "\n"


def _norm(name: str) -> str:
    text = unicodedata.normalize("NFKD", name.lower()).encode("ascii", "ignore").decode()
    return text.removesuffix(" region").replace("'", "").replace("-", " ").strip()


def _matches(expected: Expected, cand: Any) -> bool:
    return cand.admin1_code == expected.admin1_code and _norm(cand.place) in {_norm(p) for p in expected.places}


@dataclass
class Score:
    """Counts per field: right, given (by the extractor), due (in the table)."""

    right: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    given: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    due: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    events: int = 0
    events_right: int = 0
    false_events: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def add(self, name: str, exp: Expected | None, cand: Any | None) -> None:
        exp_values = _values(exp) if exp else None
        cand_values = _values_of(cand) if cand else None
        wrong: list[str] = []
        for f in FIELDS:
            want = exp_values[f] if exp_values else None
            got = cand_values[f] if cand_values else None
            if f == "infrastructure":
                want_set, got_set = want or frozenset(), got or frozenset()
                self.due[f] += len(want_set)
                self.given[f] += len(got_set)
                self.right[f] += len(want_set & got_set)
                if exp and want_set != got_set:
                    wrong.append(f"{f} {sorted(got_set)} != {sorted(want_set)}")
                continue
            if f == "weapon":
                # A finer weapon of the one coded is right ("cruise missile" for "missile"), not a coarser one.
                ok = any(got == w or (got or "").endswith(" " + w) for w in want) if want else got is None
                want_known, got_known = bool(want), got is not None
            elif f == "power_outage":
                ok = bool(got) == bool(want)
                want_known, got_known = bool(want), bool(got)
            elif f == "place":
                ok = exp is not None and cand is not None
                want_known, got_known = exp is not None, cand is not None
            else:
                ok = got == want
                want_known, got_known = want is not None, got is not None
            self.due[f] += want_known
            self.given[f] += got_known
            self.right[f] += bool(ok and want_known and got_known)
            if exp and not ok:
                wrong.append(f"{f} {got!r} != {want!r}")
        if exp:
            self.events += 1
            self.events_right += not wrong
            if wrong:
                self.errors.append(f"{name} {exp.places[0]}: " + "; ".join(wrong))


def _values(exp: Expected) -> dict[str, Any]:
    return {
        "place": exp.places[0],
        "killed": exp.killed,
        "injured": exp.injured,
        "weapon": exp.weapons,
        "infrastructure": exp.infrastructure,
        "power_outage": exp.power_outage,
    }


def _values_of(cand: Any) -> dict[str, Any]:
    return {
        "place": cand.place,
        "killed": cand.killed,
        "injured": cand.injured,
        "weapon": cand.weapon,
        "infrastructure": frozenset(cand.infrastructure),
        "power_outage": cand.power_outage,
    }


def score(split: str | None = None, geocoder: Any = None, lang: str | None = None) -> Score:
    """Run the extractor on every report of `split` (all when None), in language `lang` ("en", "uk", "ru";
    all when None), and score it against the table."""
    from dashboard.extract.extract import extract_events

    if geocoder is None:
        from dashboard.geo.geocode import get_geocoder

        geocoder = get_geocoder()
    table = [e for e in load_expected() if split in (None, e.split) and lang in (None, e.file.split("/")[0])]
    result = Score()
    for name in dict.fromkeys(e.file for e in table):
        wanted = [e for e in table if e.file == name and e.places]
        cands = extract_events(read_report(name), geocoder)
        used: set[int] = set()
        for cand in cands:
            k = next((k for k, e in enumerate(wanted) if _matches(e, cand)), None)
            if k is None:
                result.false_events.append(f"{name}: {cand.place} ({cand.admin1_code})")
                result.add(name, None, cand)
            elif k in used:
                result.duplicates.append(f"{name}: {cand.place} ({cand.admin1_code})")
                result.add(name, None, cand)
            else:
                used.add(k)
                result.add(name, wanted[k], cand)
        for k, exp in enumerate(wanted):
            if k not in used:
                result.add(name, exp, None)
    return result


def report(result: Score, title: str, verbose: bool = False) -> str:
    def pct(a: int, b: int) -> str:
        return f"{100 * a / b:5.1f}%" if b else "    -"

    lines = [
        f"{title}: {result.events_right}/{result.events} events right, "
        f"{len(result.false_events)} false, {len(result.duplicates)} duplicate",
        f"{'field':<15}{'precision':>10}{'recall':>10}   right/given/due",
    ]
    for f in FIELDS:
        r, g, d = result.right[f], result.given[f], result.due[f]
        lines.append(f"{f:<15}{pct(r, g):>10}{pct(r, d):>10}   {r}/{g}/{d}")
    if verbose:
        lines += [f"  wrong: {e}" for e in result.errors]
        lines += [f"  false: {e}" for e in result.false_events]
        lines += [f"  duplicate: {e}" for e in result.duplicates]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--split", help="one part only: dev, heldout (rounds 9-10), heldout-11, heldout-12 (default: every part)"
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="list every wrong, false and duplicate event")
    args = parser.parse_args(argv)
    if not corpus_present():
        raise SystemExit(
            f"the news corpus is not in {NEWS_DIR}: save the reports listed in {CODED_DIR / 'sources.csv'} there "
            "(one text file each, first line '# source: URL | outlet | date'), or set STRIKE_ATLAS_NEWS_CORPUS"
        )
    from dashboard.geo.geocode import get_geocoder

    geocoder = get_geocoder()
    splits = list(dict.fromkeys(e.split for e in load_expected()))
    for split in [args.split] if args.split else splits:
        print(report(score(split, geocoder), split, args.verbose), end="\n\n")
        for lang in ("en", "uk", "ru"):
            print(report(score(split, geocoder, lang), f"  {split} {lang}").splitlines()[0])
        print()


if __name__ == "__main__":
    main()
