"""How close two spellings of a place name are: the spelling skeleton that folds romanisation variants, the two
genders of one adjectival name (two places), the first sound a fuzzy match may not change, and the thresholds.
"""

from __future__ import annotations

import re

__all__ = ["FUZZY_THRESHOLD", "FUZZY_THRESHOLD_SHORT", "first_sound", "other_gender", "spelling_skeleton", "threshold"]

# rapidfuzz ratio, tuned on tests/geocode_cases.csv: one wrong letter in 8 ("Mariupil") is 87.5, two
# ("Zelensky" -> a village "Zelenske") 85.7. Short queries need more: "Putin" is 90.9 from "Putian".
FUZZY_THRESHOLD = 86.0
FUZZY_THRESHOLD_SHORT = 92.0  # queries of up to SHORT_LEN characters
SHORT_LEN = 6
_DOUBLES_RE = re.compile(r"([a-z])\1+")
_ADJECTIVE_Y_RE = re.compile(r"(?:yi|iy|ij|yj|yy|ii)\b")


_GENDER_RE = re.compile(r"(sk|tsk|zk|ck|ov|ev|yn|in)(yi|iy|yy|ij|yj|i|e|a|oe|oye|oi|aya|ye|iye|o)$")


def other_gender(key: str, candidate: str) -> bool:
    """Two forms of one adjective ("Trudivski", "Trudivskyi"; "Pokrovske", "Pokrovska") name different places."""
    a, b = _GENDER_RE.search(key), _GENDER_RE.search(candidate)
    if not (a and b):
        return False
    stem_a, stem_b = key[: a.start(2)], candidate[: b.start(2)]
    return spelling_skeleton(stem_a) == spelling_skeleton(stem_b) and _ending(a.group(2)) != _ending(b.group(2))


def _ending(ending: str) -> str:
    """The gender of an ending, whatever the romanisation: masculine, feminine, neuter, plural."""
    return {"yi": "m", "iy": "m", "yy": "m", "ij": "m", "yj": "m", "a": "f", "aya": "f", "e": "n", "oe": "n",
            "oye": "n", "ye": "n", "iye": "n", "o": "n", "i": "p", "oi": "p"}.get(ending, ending)  # fmt: skip


def first_sound(key: str) -> str:
    """The first letter of a name, with the letters romanisations swap there folded (h/g/kh, c/k/ch, y/i/j)."""
    first = spelling_skeleton(key)[:1]
    return {"g": "h", "c": "k", "y": "i", "j": "i"}.get(first, first)


def threshold(key: str) -> float:
    return FUZZY_THRESHOLD_SHORT if len(key) <= SHORT_LEN else FUZZY_THRESHOLD


def spelling_skeleton(key: str) -> str:
    """Fold romanisation variants of Slavic names: kh/h, w/v, y/i/j, doubled letters ("Kharkiw" = "Kharkiv").

    Applied to normalised keys; two keys with the same skeleton are treated as near-exact (score 95).
    """
    # A word-final -yi/-iy is a masculine adjective ("Trudivskyi"), not the plural -i ("Trudivski"): another place.
    s = _ADJECTIVE_Y_RE.sub("Y", key)
    s = s.replace("kh", "h").replace("w", "v").replace("y", "i").replace("j", "i")
    return _DOUBLES_RE.sub(r"\1", s)
