"""A small hand-built event store for the dashboard's tests (no geocoder, no reference data needed).

The six seed strikes plus events that exercise the dashboard: several years, approximate places
(geo_precision 2-3), Russian regions, several infrastructure categories, and one event whose text carries
markup and script (it must show literally, never run) and a `javascript:` link (it must never be a link).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from dashboard.schema import validate_events
from dashboard.store import write_store

__all__ = ["XSS_LOCATION", "XSS_NOTES", "sample_events", "write_sample_store"]

XSS_NOTES = '<img src=x onerror=window.__xss=1> <script>window.__xss=2</script> <b>bold?</b> & "quotes"'
XSS_LOCATION = "<img src=x onerror=window.__xss=3>Kherson"

# (id, date, place, lat, lon, country, admin1_code, admin1, sub-type, weapon, killed, injured, infra, precision)
# One event per line reads better than one value per line.
# fmt: off
_ROWS = [
    ("SEED-1", "2025-12-26", "Kharkiv", 49.9935, 36.2304, "UA", "UA-63", "Kharkiv", "Air/drone strike",
     "guided aerial bomb", 2, 6, "transport", 1),
    ("SEED-2", "2025-12-26", "Zaporizhzhia", 47.8388, 35.1396, "UA", "UA-23", "Zaporizhzhia", "Air/drone strike",
     "guided aerial bomb", 1, 3, "residential", 1),
    ("SEED-3", "2025-12-26", "Uman", 48.7484, 30.2218, "UA", "UA-71", "Cherkasy",
     "Shelling/artillery/missile attack", "missile", 0, 6, "", 1),
    ("SEED-4", "2025-12-26", "Mykolaiv", 46.9750, 31.9946, "UA", "UA-48", "Mykolaiv", "Air/drone strike",
     "drone", 0, 0, "energy", 1),
    ("SEED-5", "2025-12-26", "Odesa", 46.4825, 30.7233, "UA", "UA-51", "Odesa", "Air/drone strike",
     "drone", 0, 2, "port;energy", 1),
    ("SEED-6", "2025-12-25", "Novoshakhtinsk", 47.7579, 39.9364, "RU", "RU-ROS", "Rostov", "Air/drone strike",
     "drone", 0, 0, "energy;industrial", 1),
    ("T-01", "2022-03-01", "Kharkiv", 50.0050, 36.2290, "UA", "UA-63", "Kharkiv",
     "Shelling/artillery/missile attack", "missile", 10, 35, "residential", 1),
    ("T-02", "2022-10-10", "Kyiv", 50.4501, 30.5234, "UA", "UA-30", "Kyiv", "Shelling/artillery/missile attack",
     "cruise missile", 8, 24, "energy", 1),
    ("T-03", "2023-06-06", "Nova Kakhovka", 46.7550, 33.3486, "UA", "UA-65", "Kherson",
     "Remote explosive/landmine/IED", "explosives", 0, 0, "water;energy", 2),
    ("T-04", "2024-03-22", "Zaporizhzhia area", 47.70, 35.30, "UA", "UA-23", "Zaporizhzhia",
     "Shelling/artillery/missile attack", "missile", 0, 1, "energy", 3),
    ("T-05", "2024-08-26", "Lutsk", 50.7472, 25.3254, "UA", "UA-07", "Volyn", "Air/drone strike", "drone",
     1, 2, "industrial", 1),
    ("T-06", "2025-01-15", "Kharkiv outskirts", 50.05, 36.40, "UA", "UA-63", "Kharkiv", "Air/drone strike",
     "drone", 0, 4, "", 2),
    ("T-07", "2025-05-09", "Belgorod", 50.5997, 36.5983, "RU", "RU-BEL", "Belgorod",
     "Shelling/artillery/missile attack", "rocket artillery", 1, 3, "residential", 1),
    ("T-08", "2025-07-01", "Odesa port", 46.4990, 30.7450, "UA", "UA-51", "Odesa", "Air/drone strike", "drone",
     0, 0, "port", 1),
    ("T-09", "2025-11-30", "Dnipro", 48.4647, 35.0462, "UA", "UA-12", "Dnipropetrovsk", "Air/drone strike",
     "ballistic missile", 4, 20, "residential;health", 1),
    ("T-XSS", "2025-09-01", XSS_LOCATION, 46.6354, 32.6169, "UA", "UA-65", "Kherson", "Air/drone strike",
     "<b>drone</b>", 3, 5, "other", 1),
]
# fmt: on


def sample_events() -> pd.DataFrame:
    """The sample events, validated against the schema (then the XSS row's link is made unsafe)."""
    records = []
    for eid, day, place, lat, lon, country, code, region, sub, weapon, killed, injured, infra, gp in _ROWS:
        event_type = "Explosions/Remote violence"
        records.append(
            {
                "event_id": eid,
                "event_date": day,
                "time_precision": 1,
                "event_type": event_type,
                "sub_event_type": sub,
                "weapon": weapon,
                "actor1": "Military Forces of Russia (2000-)" if country == "UA" else "Military Forces of Ukraine",
                "actor2": "Civilians",
                "country": country,
                "admin1_code": code,
                "admin1": region,
                "location": place,
                "latitude": lat,
                "longitude": lon,
                "geo_precision": gp,
                "killed": killed,
                "injured": injured,
                "infrastructure": infra,
                "infrastructure_detail": "",
                "power_outage": "energy" in infra,
                "notes": XSS_NOTES if eid == "T-XSS" else f"Sample event {eid} in {place}.",
                "source": "Sample source",
                "source_url": f"https://example.org/{eid}" if eid != "T-XSS" else "https://example.org/x",
                "dataset": "seed" if eid.startswith("SEED") else "csv",
            }
        )
    frame = pd.DataFrame(records)
    frame.index = frame.index + 2
    events = validate_events(frame, source="sample")
    # Defence in depth: the store is validated, but the detail panel must refuse a bad link anyway.
    events.loc[events["event_id"] == "T-XSS", "source_url"] = "javascript:window.__xss=4"
    return events.reset_index(drop=True)


def write_sample_store(path: Path | str) -> Path:
    return write_store(sample_events(), path)
