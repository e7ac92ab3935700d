"""Realistic synthetic events for demos and benchmarks: ``python -m dashboard synth --events N --store PATH``.

Everything is drawn with numpy from a seeded generator, column by column, so 1M events take seconds:

- **Where.** Places come from the gazetteer (GeoNames, with country and admin-1 assigned by spatial join when it
  was built). Each kind of event draws from one of four pools: the *front* (Donetsk, Kharkiv, Zaporizhzhia,
  Kherson, Luhansk, Sumy and the Russian border regions, weighted towards a rough front line and border),
  the *line* (villages on it: clashes, changes of control), *deep* strikes (big cities across Ukraine,
  refineries and air bases in Russia) and *civic* events (protests, arrests: where people live). Points with
  geo_precision 2 are jittered a few km; 3 sit on the region's main place, as ACLED does.
- **When.** 2022-02-24 to 2025-12-31, with the waves of the war (invasion, Donbas 2022, the energy campaign
  of winter 2022/23, Bakhmut, the 2023 counter-offensive, Avdiivka, Kursk 2024/25, the drone surge of 2025).
- **What.** ACLED event and sub-event types in roughly ACLED Ukraine's proportions, weapons per sub-type and
  side, infrastructure categories with details (energy hits peak in winter; power_outage mostly follows
  energy), heavy-tailed casualties (most events none, a few dozens), notes composed from those parts.
- **Provenance.** ``dataset = "synthetic"``, ``event_id = SYN-<n>`` in date order, outlet names that report
  such events, and links under ``https://example.org/synthetic/`` — a reserved domain, so a synthetic record
  can never pass for a real article.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from dashboard.schema import COLUMNS, INFRASTRUCTURE, SUB_EVENT_TYPES
from dashboard.store import to_geodataframe, write_store

__all__ = [
    "CIVIC_COUNTRIES",
    "DEEP_REGIONS",
    "END_DATE",
    "FRONT_REGIONS",
    "START_DATE",
    "SUB_EVENT_SHARES",
    "synth_events",
    "synth_store",
]

START_DATE = np.datetime64("2022-02-24")
END_DATE = np.datetime64("2025-12-31")

RU_FORCES = "Military Forces of Russia (2000-)"
UA_FORCES = "Military Forces of Ukraine (2019-)"

# sub_event_type -> (share of all events, place pool). Roughly ACLED's Ukraine coding 2022-2025, where
# shelling dominates and air/drone strikes grow; the rest are rare.
SUB_EVENT_SHARES: dict[str, tuple[float, str]] = {
    "Shelling/artillery/missile attack": (0.52, "front"),
    "Air/drone strike": (0.20, "air"),
    "Armed clash": (0.12, "line"),
    "Disrupted weapons use": (0.04, "deep"),
    "Remote explosive/landmine/IED": (0.02, "front"),
    "Peaceful protest": (0.03, "civic"),
    "Attack": (0.015, "front"),
    "Arrests": (0.012, "civic"),
    "Looting/property destruction": (0.006, "front"),
    "Abduction/forced disappearance": (0.004, "front"),
    "Government regains territory": (0.004, "line"),
    "Non-state actor overtakes territory": (0.004, "line"),
    "Change to group/activity": (0.004, "civic"),
    "Other": (0.004, "civic"),
    "Protest with intervention": (0.003, "civic"),
    "Grenade": (0.003, "front"),
    "Agreement": (0.002, "civic"),
    "Chemical weapon": (0.001, "front"),
    "Headquarters or base established": (0.001, "front"),
    "Violent demonstration": (0.001, "civic"),
    "Mob violence": (0.001, "civic"),
    "Excessive force against protesters": (0.0005, "civic"),
    "Sexual violence": (0.0005, "front"),
    "Non-violent transfer of territory": (0.0005, "line"),
    "Suicide bomb": (0.0001, "deep"),
}
_EVENT_TYPE_OF = {sub: event for event, subs in SUB_EVENT_TYPES.items() for sub in subs}
_AIR_FRONT_SHARE = 0.55  # air/drone strikes: FPV drones and glide bombs at the front, the rest long-range

# Admin-1 shares of each place pool (normalised); within a region places are weighted by population.
FRONT_REGIONS: dict[str, float] = {
    "UA-14": 0.34, "UA-63": 0.13, "UA-23": 0.13, "UA-65": 0.11, "UA-09": 0.06, "UA-59": 0.07,
    "UA-12": 0.04, "UA-48": 0.02, "UA-74": 0.02, "UA-32": 0.01, "RU-BEL": 0.04, "RU-KRS": 0.03,
    "RU-BRY": 0.02,
}  # fmt: skip
DEEP_REGIONS: dict[str, float] = {
    "UA-30": 0.12, "UA-51": 0.12, "UA-12": 0.10, "UA-63": 0.08, "UA-48": 0.06, "UA-23": 0.06,
    "UA-32": 0.05, "UA-59": 0.05, "UA-46": 0.04, "UA-43": 0.04, "UA-74": 0.03, "UA-53": 0.03,
    "UA-40": 0.02, "UA-05": 0.02, "UA-71": 0.02, "UA-68": 0.02, "UA-18": 0.02, "UA-35": 0.02,
    "UA-56": 0.01, "UA-07": 0.01, "UA-61": 0.01, "UA-26": 0.01, "UA-77": 0.005, "UA-21": 0.005,
    "RU-BEL": 0.04, "RU-KRS": 0.03, "RU-BRY": 0.03, "RU-ROS": 0.02, "RU-KDA": 0.02, "RU-VOR": 0.015,
    "RU-MOS": 0.01, "RU-MOW": 0.005, "RU-ORL": 0.005, "RU-LIP": 0.005, "RU-VGG": 0.005, "RU-SAM": 0.003,
    "RU-TA": 0.003, "RU-LEN": 0.003, "RU-SAR": 0.003, "RU-TAM": 0.003, "RU-KLU": 0.003, "RU-TUL": 0.003,
    "RU-SMO": 0.003,
}  # fmt: skip
CIVIC_COUNTRIES: dict[str, float] = {"UA": 0.7, "RU": 0.3}

# A rough front line and state border (lon, lat): places near it are hit far more often.
_FRONT_LINE = (
    (33.2, 52.3), (34.4, 51.3), (35.4, 50.6), (36.6, 50.3), (37.6, 49.8), (37.9, 49.1), (38.0, 48.6),
    (37.6, 48.2), (37.2, 47.8), (36.4, 47.6), (35.6, 47.5), (34.9, 47.4), (34.0, 46.9), (32.9, 46.7),
    (32.2, 46.4),
)  # fmt: skip
_VILLAGE = 20_000  # population below which a place can change hands in a "line" event
_FRONT_SCALE_KM = 40.0  # a place this far from the line is hit e times less often (plus a floor)

# Regions occupied (roughly) for the whole period, where strikes come from the Ukrainian side; parts of
# Donetsk, Zaporizhzhia and Kherson are cut by rough lines in _places().
_OCCUPIED_REGIONS = ("UA-09", "UA-43", "UA-40")
_OCCUPIED_REPORTING = 0.35

# Waves of the war: (centre, width in days, weight) on top of a slowly rising baseline.
_WAVES = (
    ("2022-03-10", 25, 2.2), ("2022-06-15", 45, 1.0), ("2022-10-20", 70, 0.8), ("2023-02-10", 50, 0.7),
    ("2023-07-15", 45, 0.6), ("2023-12-15", 50, 0.7), ("2024-05-20", 50, 0.6), ("2024-09-01", 60, 0.8),
    ("2025-03-01", 60, 0.7), ("2025-07-15", 70, 0.9),
)  # fmt: skip
# Regions fought over in one period: this share of their events falls inside it.
_REGION_PERIODS = {
    "RU-KRS": ("2024-08-06", "2025-04-30", 0.7),
    "UA-32": ("2022-02-24", "2022-04-02", 0.5),
    "UA-74": ("2022-02-24", "2022-04-04", 0.4),
}

# Weapons per sub-type and attacking side: ({weapon: share}, {weapon: share}) for (Russian, Ukrainian) side.
_WEAPONS: dict[str, tuple[dict[str, float], dict[str, float]]] = {
    "Shelling/artillery/missile attack": (
        {"artillery": 0.45, "MLRS": 0.2, "mortar": 0.14, "tank fire": 0.05, "Kh-101 cruise missile": 0.03,
         "Iskander-M ballistic missile": 0.04, "S-300 missile": 0.04, "Kalibr cruise missile": 0.02,
         "Kinzhal missile": 0.01, "Kh-22 missile": 0.02},
        {"artillery": 0.5, "MLRS": 0.2, "HIMARS": 0.12, "mortar": 0.1, "ATACMS missile": 0.03,
         "Storm Shadow missile": 0.03, "Neptune missile": 0.02},
    ),
    "Air/drone strike": (
        {"Shahed-136 drone": 0.34, "guided aerial bomb": 0.26, "FPV drone": 0.22, "Lancet loitering munition": 0.08,
         "air strike": 0.1},
        {"drone": 0.7, "FPV drone": 0.25, "air strike": 0.05},
    ),
    "Remote explosive/landmine/IED": (
        {"landmine": 0.6, "IED": 0.25, "unexploded ordnance": 0.15},
        {"landmine": 0.5, "IED": 0.4, "unexploded ordnance": 0.1},
    ),
    "Armed clash": ({"small arms": 0.7, "": 0.3}, {"small arms": 0.7, "": 0.3}),
    "Grenade": ({"drone-dropped grenade": 0.8, "grenade": 0.2}, {"drone-dropped grenade": 0.8, "grenade": 0.2}),
    "Disrupted weapons use": (
        {"Shahed-136 drone": 0.6, "Kh-101 cruise missile": 0.2, "Iskander-M ballistic missile": 0.1,
         "reconnaissance drone": 0.1},
        {"drone": 0.8, "ATACMS missile": 0.1, "Storm Shadow missile": 0.1},
    ),
    "Chemical weapon": ({"tear gas grenade": 0.7, "chemical munitions": 0.3}, {"": 1.0}),
    "Attack": ({"small arms": 0.6, "": 0.4}, {"small arms": 0.6, "": 0.4}),
    "Suicide bomb": ({"explosive belt": 1.0}, {"explosive belt": 1.0}),
}  # fmt: skip
# Air/drone strikes far from the front (Russian side, Ukrainian side).
_DEEP_AIR = ({"Shahed-136 drone": 0.85, "air strike": 0.15}, {"drone": 1.0})
_MISSILE = ("missile", "Iskander", "Kinzhal", "Kalibr", "HIMARS", "ATACMS")

# Infrastructure hit by strikes: share of strike events per category (the rest hit nothing named).
_INFRA_SHARES: dict[str, float] = {
    "residential": 0.34, "military": 0.08, "energy": 0.09, "transport": 0.08, "industrial": 0.06,
    "commercial": 0.06, "port": 0.02, "education": 0.02, "health": 0.015, "other": 0.03, "water": 0.008,
    "telecom": 0.007,
}  # fmt: skip
_SECOND_INFRA = 0.1  # share of hits that name a second category ("a substation and houses")
_STRIKES = ("Shelling/artillery/missile attack", "Air/drone strike", "Grenade", "Suicide bomb")
_DETAILS: dict[str, tuple[str, ...]] = {
    "energy": ("substation", "thermal power plant", "power line", "energy facility", "hydroelectric power plant",
               "gas production facility", "oil depot"),
    "port": ("port", "grain terminal", "port facilities"),
    "transport": ("railway station", "railway line", "bridge", "road", "bus", "fuel station"),
    "residential": ("apartment building", "private house", "houses", "residential area", "dormitory"),
    "health": ("hospital", "clinic", "ambulance"),
    "education": ("school", "kindergarten", "university building"),
    "commercial": ("shop", "supermarket", "warehouse", "business centre", "market", "restaurant"),
    "industrial": ("factory", "industrial enterprise", "plant", "agricultural enterprise"),
    "military": ("military unit", "ammunition depot", "airfield", "command post", "air defence position"),
    "water": ("water supply facility", "pumping station", "water main"),
    "telecom": ("TV tower", "mobile network mast", "communications facility"),
    "other": ("church", "cultural centre", "administrative building", "car"),
}  # fmt: skip
# Sea and river ports (lat, lon) of the Black Sea, the Sea of Azov and the Dnipro: "port" hits happen within
# ~12 km of one; elsewhere they become transport.
_PORTS = (
    (46.48, 30.73), (46.30, 30.65), (46.62, 31.10), (45.35, 28.84), (45.46, 28.29), (46.97, 32.00),
    (46.64, 32.61), (46.61, 31.54), (46.76, 36.79), (47.10, 37.55), (44.60, 33.52), (45.03, 35.38),
    (45.36, 36.47), (44.72, 37.77), (47.22, 38.90), (46.71, 38.27), (44.10, 39.07), (47.84, 35.14),
    (45.34, 36.67), (46.05, 38.17),
)  # fmt: skip
_PORT_RADIUS_DEG = 0.12
_PORT_SHARE = 0.15  # of strikes on a port town
_RU_ENERGY = ("oil refinery", "oil depot", "substation", "power plant", "fuel and energy facility")

# Outlets that report such events, per country of the place.
_SOURCES = {
    "UA": ("Suspilne", "Ukrinform", "Ukrainska Pravda", "The Kyiv Independent", "Regional Military Administration",
           "General Staff of the Armed Forces of Ukraine", "Air Force of Ukraine", "National Police of Ukraine"),
    "RU": ("Regional governor (Telegram)", "TASS", "RIA Novosti", "Ministry of Defence of Russia", "Astra",
           "Mediazona", "Baza"),
}  # fmt: skip


def _slug(text: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in text.lower()).strip("-").replace("--", "-")


def _pick(rng: np.random.Generator, shares: dict[str, float], size: int) -> np.ndarray:
    """`size` draws from the keys of `shares` (an object array of strings)."""
    keys = np.array(list(shares), dtype=object)
    p = np.array(list(shares.values()), dtype=np.float64)
    return keys[rng.choice(len(keys), size=size, p=p / p.sum())]


def _pick_ranked(rng: np.random.Generator, options: tuple[str, ...], size: int) -> np.ndarray:
    """Draws where the first option is the most common: weights 1, 1/2, 1/3 ... (Zipf, like report wording)."""
    return _pick(rng, {option: 1.0 / (rank + 1) for rank, option in enumerate(options)}, size)


def _places() -> pd.DataFrame:
    """Gazetteer places of Ukraine and Russia with an admin-1 code, distance to the front line, occupation, port."""
    from dashboard.geo.reference import load_gazetteer  # late: builds on reference data, not at import

    gaz = load_gazetteer()
    cols = ["name", "latitude", "longitude", "country", "population", "admin1_code", "admin1"]
    places = gaz.loc[gaz["country"].isin(("UA", "RU")) & gaz["admin1_code"].notna(), cols].reset_index(drop=True)
    points = shapely.points(places["longitude"].to_numpy(), places["latitude"].to_numpy())
    places["front_km"] = shapely.distance(points, shapely.LineString(_FRONT_LINE)) * 111.0
    lon, lat, code = places["longitude"], places["latitude"], places["admin1_code"]
    ports = np.array(_PORTS)
    degrees = np.hypot(lat.to_numpy()[:, None] - ports[:, 0], lon.to_numpy()[:, None] - ports[:, 1])
    places["port"] = degrees.min(axis=1) < _PORT_RADIUS_DEG
    places["occupied"] = (
        code.isin(_OCCUPIED_REGIONS)
        | ((code == "UA-14") & ((lon > 37.75) | (lat < 47.6)))  # Donetsk, Horlivka, Mariupol
        | ((code == "UA-23") & (lat < 47.5))  # Melitopol, Berdiansk, Enerhodar
        | ((code == "UA-65") & (lat < 46.6 + 0.35 * (lon - 32.6)))  # the left bank of the Dnipro
    )
    return places


def _pool_weights(places: pd.DataFrame, region_shares: dict[str, float], place_weight: np.ndarray) -> np.ndarray:
    """Place probabilities: each region gets its share, split within it by `place_weight`."""
    code = places["admin1_code"].to_numpy()
    p = np.zeros(len(places))
    for region, share in region_shares.items():
        inside = code == region
        total = place_weight[inside].sum()
        if total > 0:
            p[inside] = share * place_weight[inside] / total
    return p / p.sum()


def _pools(places: pd.DataFrame) -> dict[str, np.ndarray]:
    population = places["population"].to_numpy(dtype=np.float64)
    near_front = 1.0 + 6.0 * np.exp(-places["front_km"].to_numpy() / _FRONT_SCALE_KM)
    # Fewer reports come out of occupied areas than are made about strikes on the Ukrainian-held side.
    reported = np.where(places["occupied"].to_numpy(), _OCCUPIED_REPORTING, 1.0)
    country = places["country"].to_numpy()
    civic_weight = population.copy()
    for name, share in CIVIC_COUNTRIES.items():
        inside = country == name
        civic_weight[inside] *= share / population[inside].sum()
    return {
        "front": _pool_weights(places, FRONT_REGIONS, np.sqrt(population + 300.0) * near_front * reported),
        # Clashes and changes of control: villages on the line itself, not the cities behind it.
        "line": _pool_weights(places, FRONT_REGIONS, (population < _VILLAGE) * near_front**3),
        "deep": _pool_weights(places, DEEP_REGIONS, (population + 1000.0) ** 0.8),
        "civic": civic_weight / civic_weight.sum(),
    }


def _day_weights() -> np.ndarray:
    """Probability of each day. Its own fixed generator: every seed tells the same war, with other events."""
    days = np.arange(START_DATE, END_DATE + 1)
    t = (days - START_DATE).astype(np.float64)
    weight = 1.0 + 0.5 * t / t[-1]
    for centre, width, height in _WAVES:
        weight += height * np.exp(-0.5 * ((t - (np.datetime64(centre) - START_DATE).astype(float)) / width) ** 2)
    weekly_noise = np.random.default_rng(12345).lognormal(0.0, 0.15, len(days) // 7 + 1).repeat(7)[: len(days)]
    return weight * weekly_noise / (weight * weekly_noise).sum()


def _heavy_tail(rng: np.random.Generator, size: int, scale: np.ndarray | float = 1.0) -> np.ndarray:
    """1, 2, 3 ... with a Pareto tail: most are 1-2, ~2% above 10, now and then dozens (capped at 150)."""
    return np.minimum(np.floor(1.0 + rng.pareto(1.6, size) * scale), 150).astype(np.int64)


def _weapons(rng: np.random.Generator, sub: np.ndarray, ua_side: np.ndarray, deep: np.ndarray) -> np.ndarray:
    """Weapon per event from its sub-type and side; long-range air strikes use long-range weapons."""
    weapon = np.full(len(sub), "", dtype=object)
    for name, (russian, ukrainian) in _WEAPONS.items():
        for side, shares in ((False, russian), (True, ukrainian)):
            rows = np.flatnonzero((sub == name) & (ua_side == side))
            if len(rows):
                weapon[rows] = _pick(rng, shares, len(rows))
    for side, shares in ((False, _DEEP_AIR[0]), (True, _DEEP_AIR[1])):
        rows = np.flatnonzero((sub == "Air/drone strike") & deep & (ua_side == side))
        weapon[rows] = _pick(rng, shares, len(rows))
    return weapon


def _infrastructure(
    rng: np.random.Generator, sub: np.ndarray, month: np.ndarray, country: np.ndarray, port_town: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(first category or "", second category or "", detail text) per event. Ports only in port towns."""
    n = len(sub)
    names = np.array(list(_INFRA_SHARES), dtype=object)
    base = np.array(list(_INFRA_SHARES.values()))
    strike = np.isin(sub, _STRIKES)
    # Energy strikes double in the heating season (October-March).
    winter = (month >= 10) | (month <= 3)
    first = np.full(n, "", dtype=object)
    for is_winter in (False, True):
        shares = base.copy()
        shares[names == "energy"] *= 2.0 if is_winter else 1.0
        shares = np.append(shares, max(0.0, 1.0 - shares.sum()))  # the last slot: nothing named
        rows = np.flatnonzero(strike & (winter == is_winter))
        drawn = rng.choice(len(shares), size=len(rows), p=shares / shares.sum())
        first[rows] = np.append(names, "")[drawn]
    first[strike & port_town & (rng.random(n) < _PORT_SHARE)] = "port"  # ports are targets in port towns
    other = ~strike & np.isin(sub, ("Looting/property destruction", "Disrupted weapons use", "Armed clash"))
    rows = np.flatnonzero(other & (rng.random(n) < 0.1))
    first[rows] = _pick(rng, {"residential": 0.6, "commercial": 0.2, "military": 0.2}, len(rows))
    second = np.full(n, "", dtype=object)
    rows = np.flatnonzero((first != "") & (rng.random(n) < _SECOND_INFRA))
    second[rows] = names[rng.choice(len(names), size=len(rows), p=base / base.sum())]
    second[second == first] = ""
    for column in (first, second):
        column[(column == "port") & ~port_town] = "transport"
    second[second == first] = ""
    detail = np.full(n, "", dtype=object)
    for category, options in _DETAILS.items():
        for column, joiner in ((first, ""), (second, " and ")):
            rows = np.flatnonzero(column == category)
            if not len(rows):
                continue
            choices = _pick_ranked(rng, options, len(rows))
            if category == "energy" and column is first:
                russian = country[rows] == "RU"
                choices[russian] = _pick_ranked(rng, _RU_ENERGY, int(russian.sum()))
            detail[rows] = detail[rows] + joiner + choices if joiner else choices
    return first, second, detail


def _casualties(
    rng: np.random.Generator, sub: np.ndarray, weapon: np.ndarray, first: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    n = len(sub)
    p_killed = np.zeros(n)
    p_injured = np.zeros(n)
    for name, (pk, pi) in {
        "Shelling/artillery/missile attack": (0.12, 0.25),
        "Air/drone strike": (0.14, 0.3),
        "Armed clash": (0.06, 0.04),
        "Remote explosive/landmine/IED": (0.3, 0.5),
        "Attack": (0.7, 0.3),
        "Grenade": (0.2, 0.4),
        "Suicide bomb": (0.5, 0.6),
        "Chemical weapon": (0.02, 0.3),
        "Protest with intervention": (0.0, 0.1),
        "Excessive force against protesters": (0.05, 0.5),
        "Mob violence": (0.05, 0.3),
        "Violent demonstration": (0.0, 0.2),
    }.items():
        p_killed[sub == name], p_injured[sub == name] = pk, pi
    missile = np.zeros(n, dtype=bool)
    for word in _MISSILE:
        missile |= np.char.find(weapon.astype(str), word) >= 0
    missile |= weapon == "guided aerial bomb"
    crowded = np.isin(first, ("residential", "commercial", "health", "education", "transport"))
    scale = np.where(missile, 2.0, 1.0) * np.where(crowded, 1.3, 1.0)
    p_killed = np.minimum(p_killed * np.where(missile | crowded, 1.8, 1.0), 0.9)
    p_injured = np.minimum(p_injured * np.where(missile | crowded, 1.6, 1.0), 0.95)
    killed = np.where(rng.random(n) < p_killed, _heavy_tail(rng, n, scale), 0)
    injured = np.where(rng.random(n) < p_injured, _heavy_tail(rng, n, scale * 1.8), 0)
    injured = np.where(killed > 0, np.maximum(injured, np.floor(killed * rng.lognormal(0.3, 0.8, n))), injured)
    return killed.astype(np.int64), injured.astype(np.int64)


def _count_phrase(number: int, one: str, many: str) -> str:
    return f"One {one}" if number == 1 else f"{number} {many}"


def _casualty_text(killed: int, injured: int) -> str:
    if killed and injured:
        return f" {_count_phrase(killed, 'person was', 'people were')} killed and {injured} injured."
    if killed:
        return f" {_count_phrase(killed, 'person was', 'people were')} killed."
    if injured:
        return f" {_count_phrase(injured, 'person was', 'people were')} injured."
    return " No casualties were reported."


_LEADS = {
    "artillery": "{side} artillery shelled", "MLRS": "{side} forces fired rockets at", "mortar": "{side} mortars hit",
    "tank fire": "{side} tanks fired at", "HIMARS": "A HIMARS strike hit", "drone": "{side} drones struck",
    "FPV drone": "A {side} FPV drone hit", "Shahed-136 drone": "Russian Shahed drones struck",
    "guided aerial bomb": "Russian aircraft dropped guided bombs on", "air strike": "{side} aircraft struck",
    "Lancet loitering munition": "A Russian Lancet drone hit", "drone-dropped grenade": "A drone dropped a grenade on",
    "grenade": "A grenade hit", "explosive belt": "A suicide bomber attacked",
}  # fmt: skip


def _lead(weapon: str, side: str) -> str:
    template = _LEADS.get(weapon)
    if template:
        return template.format(side=side)
    if "missile" in weapon:
        return f"A {side} {weapon} hit"
    return f"{side} forces struck"


def _article(noun: str) -> str:
    if noun.endswith("s") and noun not in ("bus", "business centre") and " and " not in noun:
        return noun
    return ("an " if noun[0].lower() in "aeiou" else "a ") + noun


# Events where "no casualties were reported" would be odd to say.
_NO_CASUALTY_NOTE = {
    "Arrests", "Agreement", "Other", "Change to group/activity", "Peaceful protest", "Headquarters or base established",
}  # fmt: skip
_OTHER_NOTES = {
    "Other": "Authorities in {where} reported an act of sabotage on the railway.",
    "Change to group/activity": "Authorities in {where} extended the curfew.",
    "Agreement": "Officials in {where} announced an agreement on the evacuation of civilians.",
    "Headquarters or base established": "{side} forces set up positions near {where}.",
}


def _note(
    sub: str, weapon: str, side: str, detail: str, place: str, region: str, outage: bool, killed: int, injured: int
) -> str:
    where = f"{place}, {region}" if region else place
    if sub in _STRIKES:
        target = f"{_article(detail)} in {where}" if detail else where
        text = f"{_lead(weapon, side)} {target}"
        text += ", causing a power outage." if outage else "."
    elif sub == "Armed clash":
        text = f"Russian and Ukrainian forces clashed near {where}."
    elif sub == "Disrupted weapons use":
        text = f"Air defence shot down {_article(weapon) if weapon else 'drones'} over {where}"
        text += "; falling debris damaged " + _article(detail) + "." if detail else "."
    elif sub == "Remote explosive/landmine/IED":
        text = f"A civilian vehicle hit {_article(weapon or 'explosive device')} near {where}."
    elif sub in ("Government regains territory", "Non-state actor overtakes territory"):
        text = f"{side} forces took control of {where}."
    elif sub in ("Attack", "Abduction/forced disappearance", "Sexual violence"):
        verb = {"Attack": "attacked", "Sexual violence": "assaulted"}.get(sub, "detained and took away")
        text = f"{side} soldiers {verb} a civilian in {where}."
    elif sub == "Looting/property destruction":
        text = f"{side} forces looted and destroyed property in {where}."
    elif sub in ("Peaceful protest", "Protest with intervention", "Excessive force against protesters"):
        text = f"Residents of {where} rallied in support of prisoners of war and missing soldiers."
        if sub != "Peaceful protest":
            text += " Police dispersed the rally."
    elif sub in ("Violent demonstration", "Mob violence"):
        text = f"A crowd clashed with police in {where}."
    elif sub == "Arrests":
        text = f"Security services detained a resident of {where} suspected of passing data to the enemy."
    elif sub == "Chemical weapon":
        text = f"{side} forces used {weapon or 'chemical munitions'} against positions near {where}."
    else:
        text = _OTHER_NOTES.get(sub, "Authorities in {where} reported a security incident.").format(
            where=where, side=side
        )
    quiet = killed == injured == 0 and sub in _NO_CASUALTY_NOTE
    return text if quiet else text + _casualty_text(killed, injured)


def _seats(places: pd.DataFrame) -> np.ndarray:
    """For each place, the row of the most populous place of its region (where geo_precision 3 points go)."""
    biggest = places.sort_values("population").groupby("admin1_code").tail(1)
    seat_by_code = pd.Series(biggest.index, index=biggest["admin1_code"])
    return seat_by_code.reindex(places["admin1_code"]).to_numpy(dtype=np.int64)


def _region_text(country: np.ndarray, admin1: np.ndarray, admin1_code: np.ndarray) -> np.ndarray:
    """How a report names the region: 'Kharkiv oblast', 'Belgorod region', 'Crimea'; "" for cities that are one."""
    text = np.where(country == "UA", admin1 + " oblast", np.where(country == "RU", admin1 + " region", admin1))
    text = np.where(admin1_code == "UA-43", admin1, text)
    city = np.isin(admin1_code, ("UA-30", "UA-40", "RU-MOW", "RU-SPE"))  # "Kyiv", not "Kyiv, Kyiv City"
    return np.where(city, "", text).astype(object)


def _actors(
    sub: np.ndarray, civic: np.ndarray, ua_side: np.ndarray, country: np.ndarray,
    first: np.ndarray, killed: np.ndarray, injured: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:  # fmt: skip
    """ACLED-style actor1 (who acted) and actor2 (who was on the receiving end; "" when none)."""
    attacker = np.where(ua_side, UA_FORCES, RU_FORCES).astype(object)
    target = np.where(ua_side, RU_FORCES, UA_FORCES).astype(object)
    civilians = np.where(country == "RU", "Civilians (Russia)", "Civilians (Ukraine)").astype(object)
    hurt_civilians = (killed + injured > 0) | np.isin(first, ("residential", "health", "education", "commercial"))
    actor2 = np.where(hurt_civilians, civilians, np.where(first == "military", target, ""))
    actor2 = np.where(sub == "Armed clash", target, actor2)

    police = np.where(country == "RU", "Police Forces of Russia (2000-)", "Police Forces of Ukraine (2014-)")
    protesters = np.where(country == "RU", "Protesters (Russia)", "Protesters (Ukraine)")
    protest = np.isin(sub, ("Peaceful protest", "Protest with intervention", "Excessive force against protesters"))
    riot = np.isin(sub, ("Violent demonstration", "Mob violence"))
    civic_actor1 = np.where(protest, protesters, np.where(riot, "Rioters", police))
    civic_actor2 = np.where(protest & (sub != "Peaceful protest"), police, np.where(sub == "Arrests", civilians, ""))
    actor1 = np.where(civic, civic_actor1, attacker).astype(object)
    actor2 = np.where(civic, civic_actor2, actor2).astype(object)
    return actor1, actor2


def _sources(rng: np.random.Generator, country: np.ndarray) -> np.ndarray:
    """One outlet per event, two for a fifth of them ("Suspilne; Ukrinform")."""
    source = np.empty(len(country), dtype=object)
    for name, outlets in _SOURCES.items():
        names = np.array(outlets, dtype=object)
        rows = np.flatnonzero(country == name)
        source[rows] = names[rng.integers(0, len(names), len(rows))]
        two = rows[rng.random(len(rows)) < 0.2]
        second = names[rng.integers(0, len(names), len(two))]
        source[two] = np.where(second == source[two], source[two], source[two] + "; " + second)
    return source


def synth_events(n: int, seed: int = 0) -> gpd.GeoDataFrame:
    """`n` synthetic events in date order, every column of :data:`dashboard.schema.COLUMNS` with its dtype."""
    if n < 0:
        raise ValueError("the number of events must be >= 0")
    rng = np.random.default_rng(seed)
    places = _places()
    pools = _pools(places)

    # What: the sub-event type; it decides the event type and which pool of places it happens in.
    subs = np.array(list(SUB_EVENT_SHARES), dtype=object)
    shares = np.array([share for share, _pool in SUB_EVENT_SHARES.values()])
    kind = rng.choice(len(subs), size=n, p=shares / shares.sum())
    pool = np.array([pool for _share, pool in SUB_EVENT_SHARES.values()], dtype=object)[kind]
    pool[pool == "air"] = np.where(rng.random(int((pool == "air").sum())) < _AIR_FRONT_SHARE, "front", "deep")

    # Where.
    place = np.zeros(n, dtype=np.int64)
    for name, p in pools.items():
        rows = np.flatnonzero(pool == name)
        place[rows] = rng.choice(len(places), size=len(rows), p=p)

    # When: the waves, then the regions fought over in one period; then everything in date order.
    day_p = _day_weights()
    day = rng.choice(len(day_p), size=n, p=day_p)
    region_of_place = places["admin1_code"].to_numpy()
    for region, (start, end, share) in _REGION_PERIODS.items():
        rows = np.flatnonzero((region_of_place[place] == region) & (rng.random(n) < share))
        first_day, last_day = ((np.datetime64(d) - START_DATE).astype(int) for d in (start, end))
        day[rows] = rng.integers(first_day, last_day + 1, len(rows))
    order = np.argsort(day, kind="stable")
    kind, pool, place, day = kind[order], pool[order], place[order], day[order]
    sub = subs[kind]
    dates = START_DATE + day.astype("timedelta64[D]")
    month = dates.astype("datetime64[M]").astype(np.int64) % 12 + 1

    # Precision: most events at a town; some near one (jittered a few km), a few known only to the region.
    geo_precision = rng.choice(3, size=n, p=[0.74, 0.23, 0.03]) + 1
    time_precision = rng.choice(3, size=n, p=[0.9, 0.08, 0.02]) + 1
    place = np.where(geo_precision == 3, _seats(places)[place], place)
    lat = places["latitude"].to_numpy()[place]
    lon = places["longitude"].to_numpy()[place]
    km = rng.normal(0.0, 3.0, (2, n)) * (geo_precision == 2)
    lat = np.clip(lat + km[0] / 111.0, -90, 90)
    lon = np.clip(lon + km[1] / (111.0 * np.cos(np.radians(lat))), -180, 180)
    country = places["country"].to_numpy()[place]
    admin1 = places["admin1"].to_numpy()[place]
    admin1_code = region_of_place[place]
    location = places["name"].to_numpy()[place]

    # Who and what: the attacking side follows the place (Ukraine strikes Russia and the occupied areas).
    occupied = places["occupied"].to_numpy()[place]
    ua_side = (sub != "Chemical weapon") & np.where(
        (country == "RU") | occupied, np.where(country == "RU", 0.97, 0.9) > rng.random(n), rng.random(n) < 0.02
    )
    weapon = _weapons(rng, sub, ua_side, pool == "deep")
    first, second, detail = _infrastructure(rng, sub, month, country, places["port"].to_numpy()[place])
    energy = (first == "energy") | (second == "energy")
    power_outage = np.where(energy, rng.random(n) < 0.55, rng.random(n) < 0.01)
    killed, injured = _casualties(rng, sub, weapon, first)
    injured_reported = rng.random(n) >= 0.05  # some reports give only deaths
    actor1, actor2 = _actors(sub, pool == "civic", ua_side, country, first, killed, injured)
    source = _sources(rng, country)

    # Text, built once per row from the parts above.
    ids = range(1, n + 1)
    slugs = {name: _slug(name.split(";")[0]) for name in set(source.tolist())}
    notes = [
        _note(*row)
        for row in zip(
            sub.tolist(), weapon.tolist(), np.where(ua_side, "Ukrainian", "Russian").tolist(), detail.tolist(),
            location.tolist(), _region_text(country, admin1, admin1_code).tolist(), power_outage.tolist(),
            killed.tolist(), np.where(injured_reported, injured, 0).tolist(), strict=True,
        )
    ]  # fmt: skip
    frame = pd.DataFrame(
        {
            "event_id": [f"SYN-{i}" for i in ids],
            "event_date": dates.astype("datetime64[ns]"),
            "time_precision": time_precision,
            "event_type": np.array([_EVENT_TYPE_OF[s] for s in subs], dtype=object)[kind],
            "sub_event_type": sub,
            "weapon": np.where(weapon == "", None, weapon),
            "actor1": actor1,
            "actor2": np.where(actor2 == "", None, actor2),
            "country": country,
            "admin1_code": admin1_code,
            "admin1": admin1,
            "location": location,
            "latitude": lat,
            "longitude": lon,
            "geo_precision": geo_precision,
            "killed": killed,
            "injured": pd.array(np.where(injured_reported, injured, 0), dtype="Int32"),
            "infrastructure": [[a, b] if b else [a] if a else [] for a, b in zip(first, second, strict=True)],
            "infrastructure_detail": np.where(detail == "", None, detail),
            "power_outage": power_outage,
            "notes": notes,
            "source": source,
            "source_url": [
                f"https://example.org/synthetic/{slugs[s]}/SYN-{i}" for s, i in zip(source, ids, strict=True)
            ],
            "dataset": "synthetic",
        }
    )
    frame.loc[~injured_reported, "injured"] = pd.NA
    for column, (dtype, _doc) in COLUMNS.items():
        if column != "infrastructure":
            frame[column] = frame[column].astype(dtype)
    return to_geodataframe(frame)


def synth_store(n: int, store: Path | str, seed: int = 0, progress: Callable[[str], Any] = print) -> Path | str:
    """Generate `n` events and write them to `store`, atomically (a crash leaves the old store whole)."""
    from dashboard.stores import describe_location, is_database, open_store

    started = time.perf_counter()
    events = synth_events(n, seed=seed)
    progress(f"generated {len(events):,} synthetic events (seed {seed}) in {time.perf_counter() - started:.1f} s")
    written = time.perf_counter()
    if is_database(store):  # one transaction: the table's events replaced by these
        open_store(store).replace(events)
        progress(f"wrote {describe_location(store)} in {time.perf_counter() - written:.1f} s")
        return store
    path = write_store(events, store)
    size_mb = Path(path).stat().st_size / 1e6
    progress(f"wrote {path} ({size_mb:.1f} MB) in {time.perf_counter() - written:.1f} s")
    return path


assert set(SUB_EVENT_SHARES) <= set(_EVENT_TYPE_OF), "SUB_EVENT_SHARES names a sub-event type ACLED does not have"
assert set(_INFRA_SHARES) <= set(INFRASTRUCTURE), "infrastructure shares name a category outside the vocabulary"
