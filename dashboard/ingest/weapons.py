"""The weapon of a remote-violence event, from ACLED's sub-event type and the notes, only where obvious.

Neither ACLED nor UCDP codes the weapon. A sub-event type such as "Grenade" names it outright. Otherwise the
notes are searched for one weapon class per row (vectorised: one RE2 pass per class, pandas runs it in
pyarrow); a row whose notes name no class or several ("shelled with artillery and drones") stays empty,
because picking one would be a guess. The values follow the seed's words ("drone", "missile", "guided aerial
bomb") so that the weapon filter matches across sources.

Patterns are in the common subset of RE2 and Python ``re``; Cyrillic stems have explicit boundaries because
RE2's ``\\b`` is ASCII only.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

__all__ = ["SUB_EVENT_WEAPON", "WEAPON_PATTERNS", "derive_weapon", "remote_sub_event_type"]

_ARROW_TEXT = pd.StringDtype("pyarrow")
_LETTER = "0-9A-Za-zА-Яа-яЁёІіЇїЄєҐґ"
_CL = f"(?:^|[^{_LETTER}])"  # left word boundary that also works next to Cyrillic


def _any(*alternatives: str) -> str:
    return "(?i)(?:" + "|".join(alternatives) + ")"


# weapon -> pattern. Order only matters for readability: a row must match exactly one class.
WEAPON_PATTERNS: dict[str, str] = {
    "guided aerial bomb": _any(
        r"\b(?:guided|glide|gliding|corrected|precision) (?:aerial |air |aviation )?bombs?\b",
        r"\b(?:KAB|UMPK|FAB|JDAM)s?\b",
        f"{_CL}(?:КАБ|керован[а-яіїє]* авіа ?бомб|корегован[а-яіїє]* авіа ?бомб|управляем[а-я]* авиа ?бомб)",
    ),
    "drone": _any(
        r"\b(?:drones?|UAVs?|UCAVs?|Shaheds?|Gerans?|Lancets?|loitering munitions?|kamikaze)\b",
        f"{_CL}(?:дрон|БПЛА|безпілот|беспилот|шахед|ударн[а-яіїє]* БпЛА)",
    ),
    "missile": _any(
        r"\b(?:missiles?|Iskanders?|Kalibrs?|Kinzhals?|Kh-\d+|S-300|S-400|Tochka(?:-U)?|Storm Shadows?|ATACMS|"
        r"cruise|ballistic)\b",
        f"{_CL}(?:ракет|крилат[а-яіїє]* ракет|балістичн|баллистическ|Іскандер|Искандер|Калібр|Калибр|Кинджал)",
    ),
    "MLRS": _any(
        r"\b(?:MLRS|multiple rocket launchers?|multiple-launch rocket|Grads?|Uragans?|Smerch|Tornado|HIMARS|"
        r"rocket artillery)\b",
        f"{_CL}(?:РСЗВ|Град|Ураган|Смерч)",
    ),
    "mortar": _any(r"\bmortars?\b", f"{_CL}(?:мінометн|мінамет|миномет)"),
    "artillery": _any(
        r"\b(?:artillery|shell(?:s|ed|ing)?|howitzers?|cannons?)\b",
        f"{_CL}(?:артилер|артиллер|обстр[іе]л|снаряд|гаубиц)",
    ),
    "aircraft": _any(
        r"\b(?:air ?strikes?|air raids?|aircraft|(?:war|fighter|attack) ?(?:planes?|jets?)|helicopters?|"
        r"Su-\d+|bombers?)\b",
        f"{_CL}(?:авіаудар|авиаудар|літак|самол[её]т|гелікоптер|вертол[её]т)",
    ),
}

# Sub-event types that name the weapon themselves.
SUB_EVENT_WEAPON: dict[str, str] = {
    "Remote explosive/landmine/IED": "explosive device",
    "Grenade": "grenade",
    "Suicide bomb": "suicide bomb",
    "Chemical weapon": "chemical weapon",
}

# Which classes the notes may pick for each sub-event type: an "Air/drone strike" that mentions shelling of
# the same town earlier is still an air or drone strike.
_ALLOWED: dict[str, tuple[str, ...]] = {
    "Air/drone strike": ("guided aerial bomb", "drone", "missile", "aircraft"),
    "Shelling/artillery/missile attack": ("missile", "MLRS", "mortar", "artillery"),
}


def derive_weapon(sub_event_type: pd.Series, text: pd.Series) -> pd.Series:
    """Weapon per row ('drone', 'missile', ...) or missing; both inputs aligned on the same index.

    Rows with another sub-event type (or none) may take any class, e.g. UCDP rows that have no sub-event type.
    """
    sub = sub_event_type.astype("string").reset_index(drop=True)
    notes = text.astype(_ARROW_TEXT).fillna("").reset_index(drop=True)
    out = np.full(len(notes), None, dtype=object)
    named = sub.map(SUB_EVENT_WEAPON).to_numpy(dtype=object, na_value=None)
    has_name = pd.notna(named)
    out[has_name] = named[has_name]
    todo = np.flatnonzero(~has_name & notes.ne("").to_numpy(dtype=bool))
    if len(todo):
        rows = pa.array(notes.iloc[todo].array)
        if isinstance(rows, pa.ChunkedArray):
            rows = rows.combine_chunks()
        row_sub = sub.iloc[todo].fillna("").to_numpy(dtype=object)
        # One RE2 pass per class, in threads: pyarrow releases the GIL.
        with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
            found_by = pool.map(lambda weapon: _contains(rows, WEAPON_PATTERNS[weapon]), WEAPON_PATTERNS)
            hits = dict(zip(WEAPON_PATTERNS, found_by, strict=True))
        chosen = np.full(len(rows), None, dtype=object)
        undecided = np.ones(len(rows), dtype=bool)
        # Specific classes first; the generic words ("shelled", "air strike") only when none matched.
        for group in (_SPECIFIC, _GENERIC):
            count = np.zeros(len(rows), dtype=np.int8)
            found = np.full(len(rows), None, dtype=object)
            for weapon in group:
                hit = hits[weapon] & _permits(row_sub, weapon)
                found[hit] = weapon
                count += hit
            single = undecided & (count == 1)
            chosen[single] = found[single]
            undecided &= count == 0  # several specific classes named: leave empty, do not fall back
        out[todo] = chosen
    return pd.Series(out, index=text.index, dtype="string")


def _contains(texts: pa.Array, pattern: str) -> np.ndarray:
    """RE2 search through pyarrow directly: pandas would fall back to Python's `re` (100x slower) for a
    pattern with \\b on non-ASCII text, and the patterns are written for RE2's ASCII \\b anyway."""
    return pc.fill_null(pc.match_substring_regex(texts, pattern), False).to_numpy(zero_copy_only=False)


_GENERIC = ("artillery", "aircraft")
_SPECIFIC = tuple(w for w in WEAPON_PATTERNS if w not in _GENERIC)


def _permits(sub: np.ndarray, weapon: str) -> np.ndarray:
    """Rows whose sub-event type allows `weapon` (vectorised over the few restricted sub-event types)."""
    result = np.ones(len(sub), dtype=bool)
    for name, allowed in _ALLOWED.items():
        if weapon not in allowed:
            result &= sub != name
    return result


def remote_sub_event_type(weapon: pd.Series) -> pd.Series:
    """ACLED sub-event type implied by a weapon, for sources that have none (UCDP); missing otherwise."""
    table = {
        "guided aerial bomb": "Air/drone strike",
        "drone": "Air/drone strike",
        "aircraft": "Air/drone strike",
        "missile": "Shelling/artillery/missile attack",
        "MLRS": "Shelling/artillery/missile attack",
        "mortar": "Shelling/artillery/missile attack",
        "artillery": "Shelling/artillery/missile attack",
        "explosive device": "Remote explosive/landmine/IED",
        "grenade": "Grenade",
    }
    return weapon.map(table).astype("string")
