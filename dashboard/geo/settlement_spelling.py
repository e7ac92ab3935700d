"""How reports spell the register's names: the Russian-based Latin forms of Ukrainian names ("Ivanovka" for
Ivanivka, "Volfino" for Volfyne), a spelling skeleton that folds transliteration variants (kh/h, y/i/j, doubled
letters), and the stem of a raion or hromada adjective that names its centre ("Okhtyrskyi" -> "okhtyr").
"""

from __future__ import annotations

import re

__all__ = ["RAION_RENAMES", "consonants", "russian_forms", "skeleton", "stem"]

# Adjective endings of raion and hromada names, in the cases texts use ("в Охтирському районі").
_ADJECTIVE_END_RE = re.compile(r"(?:s|ts|z|c)?(?:kyi|kyy|kiy|kij|kyj|kii|ky|ki|ka|ke|kogo|koho|komu|kim|kom|koi|kii)$")
_DOUBLES_RE = re.compile(r"([a-z])\1+")

# Raions renamed since 2020 (the register has the new name, reports and ACLED often the old one).
RAION_RENAMES: dict[str, str] = {
    "Sievierodonetskyi": "Siverskodonetskyi",
    "Severodonetskyi": "Siverskodonetskyi",
    "Novohrad-Volynskyi": "Zviahelskyi",
    "Chervonohradskyi": "Sheptytskyi",
    "Krasnohradskyi": "Berestynskyi",
    "Novomoskovskyi": "Samarivskyi",
    "Volodymyr-Volynskyi": "Volodymyrskyi",
}


def skeleton(text: str) -> str:
    """A normalised name with transliteration variants folded: "kharkiw" and "harkiv" alike."""
    s = text.replace(" ", "").replace("kh", "h").replace("w", "v").replace("y", "i").replace("j", "i")
    return _DOUBLES_RE.sub(r"\1", s)


def stem(key: str) -> str:
    """The part of a raion or hromada adjective that names its centre: "okhtyrskyi" -> "okhtyr"."""
    return _ADJECTIVE_END_RE.sub("", key.replace(" ", ""))


# Russian-based spellings of Ukrainian names as reports write them: the endings ("Ivanivka" is "Ivanovka",
# "Volfyne" "Volfino", "Pokrovske" "Pokrovskoye") and Ukrainian h for Russian g ("Horikhove", "Gorikhove").
_RUSSIAN_ENDINGS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("iivka", ("eevka", "eyevka")),
    ("ivka", ("ovka", "evka")),
    ("yne", ("ino",)),
    ("ske", ("skoye", "skoe")),
    ("ne", ("noye", "noe")),
    ("ove", ("ovo", "ovoye", "ovoe")),
    ("eve", ("evo", "evoye")),
    ("yi", ("iy", "yy")),
)
_H_TO_G_RE = re.compile(r"(?<![kszc])h")


def russian_forms(key: str) -> set[str]:
    """Russian-based Latin spellings of a normalised Ukrainian name: "volfyne" -> {"volfino"}."""
    stems = {key}
    for ending, replacements in _RUSSIAN_ENDINGS:
        if key.endswith(ending):
            stems |= {key[: -len(ending)] + r for r in replacements}
            break
    return (stems | {_H_TO_G_RE.sub("g", s) for s in stems}) - {key}


# GeoNames spells most villages of Ukraine from their Russian names ("Kleshcheyevka", "Belogor'ye"), the register
# in Ukrainian ("Klishchiivka", "Bilohiria"): the consonants mostly agree once h is g and digraphs are letters.
_DIGRAPHS = (("shch", "W"), ("sch", "W"), ("zh", "J"), ("kh", "X"), ("ch", "C"), ("sh", "Q"), ("ts", "Z"))
_VOWELS = str.maketrans("", "", "aeiouyj ")


def consonants(key: str) -> str:
    """The consonants of a normalised name, Ukrainian h and Russian g as one: "klishchiivka" -> "klWvk"."""
    for digraph, letter in _DIGRAPHS:
        key = key.replace(digraph, letter)
    key = key.replace("h", "g").translate(_VOWELS)
    return "".join(c for i, c in enumerate(key) if i == 0 or c != key[i - 1])
