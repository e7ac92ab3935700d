"""Text normalisation for place names.

One function, :func:`normalize_name`, turns any spelling of a place name into a lookup key: lower case,
no diacritics, no apostrophes, hyphens and punctuation as single spaces, Cyrillic transliterated to Latin.
The gazetteer keys and the queries go through the same function, so "Харків", "Kharkiv" and "KHARKIV"
meet on the key ``kharkiv``; spellings that differ in Latin ("Kharkov", "Charkiw") meet through the
alternate names GeoNames carries, and the rest through fuzzy matching.

Also used by other modules (extraction, ingest) to compare names, so it has no dependencies.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = [
    "REGION_WORDS",
    "normalize_name",
    "strip_place_type",
    "strip_region_words",
    "transliterate_cyrillic",
    "transliterate_uk_official",
]

# Ukrainian national transliteration (KMU resolution 55 of 2010), the one used in passports, road signs
# and ACLED for Ukrainian names: Kharkiv, Zaporizhzhia, Mykolaiv. Values are (word start, elsewhere).
_UK_TABLE: dict[str, tuple[str, str]] = {
    "а": ("a", "a"), "б": ("b", "b"), "в": ("v", "v"), "г": ("h", "h"), "ґ": ("g", "g"),
    "д": ("d", "d"), "е": ("e", "e"), "є": ("ye", "ie"), "ж": ("zh", "zh"), "з": ("z", "z"),
    "и": ("y", "y"), "і": ("i", "i"), "ї": ("yi", "i"), "й": ("y", "i"), "к": ("k", "k"),
    "л": ("l", "l"), "м": ("m", "m"), "н": ("n", "n"), "о": ("o", "o"), "п": ("p", "p"),
    "р": ("r", "r"), "с": ("s", "s"), "т": ("t", "t"), "у": ("u", "u"), "ф": ("f", "f"),
    "х": ("kh", "kh"), "ц": ("ts", "ts"), "ч": ("ch", "ch"), "ш": ("sh", "sh"), "щ": ("shch", "shch"),
    "ь": ("", ""), "ю": ("yu", "iu"), "я": ("ya", "ia"),
}  # fmt: skip

# Russian: the common English (BGN/PCGN-like) spelling that news and GeoNames use: Kharkov, Rostovskaya.
_RU_TABLE: dict[str, str] = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch",
    "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
    # Belarusian, Serbian and Macedonian letters GeoNames uses in alternate names.
    "ў": "u", "ј": "j", "љ": "lj", "њ": "nj", "ћ": "c", "ђ": "dj", "џ": "dz", "ѓ": "g", "ќ": "k",
    "ѕ": "dz", "ғ": "g", "қ": "k", "ң": "n", "ү": "u", "ұ": "u", "һ": "h", "ә": "a", "ө": "o",
    # Ukrainian letters, in case a mostly Russian text carries one.
    "і": "i", "ї": "i", "є": "e", "ґ": "g",
}  # fmt: skip

_UK_MARKERS = frozenset("іїєґ")
_RU_YE_AFTER = frozenset("аеёиоуыэюяйъь \t-'’")
_CYRILLIC_RE = re.compile(r"[\u0400-\u04ff]")
_APOSTROPHES = "'’ʼʹ`´‘′\"“”«»"
# Latin letters that NFKD does not decompose into a base letter plus a mark.
_LATIN_EXTRA = str.maketrans({
    "ł": "l", "ø": "o", "đ": "d", "ð": "d", "æ": "ae", "œ": "oe", "ı": "i", "þ": "th", "ŀ": "l",
    "ħ": "h", "ŧ": "t", "ƒ": "f", "ə": "a", "ß": "ss", "ʻ": "", "ʿ": "", "ʾ": "",
})  # fmt: skip
_SEPARATORS_RE = re.compile(r"[\s\-‐‑‒–—_/\\.,;:()\[\]{}!?&+*#@|~]+")

# Words that say "this is an administrative region" in names and queries (after normalisation, so the
# Cyrillic "область", "обл.", "край", "республіка" arrive here as oblast, obl, krai/kray, respublika).
REGION_WORDS: frozenset[str] = frozenset({
    "oblast", "oblasti", "oblasts", "obl", "region", "regions", "province", "provinz", "krai", "kray",
    "respublika", "republic", "republika", "avtonomna", "avtonomnaya", "avtonomnyy", "avtonomnyi",
    "autonomous", "okrug", "municipality", "misto", "of", "the",
})  # fmt: skip


def _is_word_start(text: str, i: int) -> bool:
    # An apostrophe does not start a word: Лук'янівка is Lukianivka.
    return i == 0 or not (text[i - 1].isalpha() or text[i - 1] in _APOSTROPHES)


def transliterate_uk_official(text: str) -> str:
    """Transliterate Ukrainian Cyrillic with the official 2010 table, keeping case of first letters.

    "Запоріжжя" -> "Zaporizhzhia", "Київ" -> "Kyiv", "Згурівка" -> "Zghurivka".
    """
    out: list[str] = []
    for i, ch in enumerate(text):
        low = ch.lower()
        if low == "г" and i > 0 and text[i - 1].lower() == "з":
            rep = "gh"  # зг is written zgh so it is not read as zh
        elif low in _UK_TABLE:
            rep = _UK_TABLE[low][0 if _is_word_start(text, i) else 1]
        elif ch in _APOSTROPHES:
            rep = ""
        else:
            rep = ch
        if ch != low and rep:
            rep = rep[0].upper() + rep[1:]
        out.append(rep)
    return "".join(out)


def transliterate_cyrillic(text: str) -> str:
    """Transliterate lower-case Cyrillic to Latin: Ukrainian table if the text has і/ї/є/ґ, else Russian.

    Ukrainian and Russian share most letters; the letters only Ukrainian has tell them apart well enough
    for lookups (both spellings of most places are also in GeoNames' alternate names).
    """
    if not _CYRILLIC_RE.search(text):
        return text
    if _UK_MARKERS.intersection(text):
        return transliterate_uk_official(text)
    out: list[str] = []
    for i, ch in enumerate(text):
        if ch in "её" and (i == 0 or text[i - 1] in _RU_YE_AFTER):
            out.append("ye")  # BGN/PCGN: Yekaterinburg, Zaporozhye, Novoye
        else:
            out.append(_RU_TABLE.get(ch, ch))
    return "".join(out)


_DELETE_APOSTROPHES = str.maketrans("", "", _APOSTROPHES)
_VALID_KEY_RE = re.compile(r"[a-z0-9 ]+")
_HAS_LATIN_OR_CYRILLIC_RE = re.compile(r"[0-9A-Za-z\u00c0-\u024f\u0400-\u04ff]")


@lru_cache(maxsize=200_000)
def normalize_name(text: str) -> str:
    """Return the lookup key of a name, or "" when nothing usable (Latin or Cyrillic) is left.

    Names in other scripts (Arabic, CJK, …) give "", so callers can drop them as keys.
    """
    if not text or not _HAS_LATIN_OR_CYRILLIC_RE.search(text):
        return ""
    if text.isascii():
        s = text.lower()
    else:
        s = unicodedata.normalize("NFKC", text).casefold()
        s = transliterate_cyrillic(s)
        s = "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))
        s = s.translate(_LATIN_EXTRA)
    s = _SEPARATORS_RE.sub(" ", s.translate(_DELETE_APOSTROPHES)).strip()
    return s if _VALID_KEY_RE.fullmatch(s) else ""


def strip_region_words(key: str) -> str:
    """Drop region words from a normalised key: "kharkivska oblast" -> "kharkivska"."""
    return " ".join(w for w in key.split() if w not in REGION_WORDS)


# Words for the kind of place written with its name ("Golovchino village", UCDP's form; "selo Tetkino"): not
# part of the name. Keys are normalised, so "с." and "пос." arrive as "s" and "pos" and are left alone (too short
# to be sure of).
_PLACE_TYPE_WORDS = frozenset({
    "village", "town", "settlement", "hamlet", "selo", "sela", "poselok", "posyolok", "khutor", "stanitsa",
    "smt", "selyshche", "urban type settlement", "urban settlement", "rural settlement", "derevnia", "derevnya",
})  # fmt: skip


def strip_place_type(key: str) -> str:
    """A normalised name without a leading or trailing word for the kind of place: "golovchino village" ->
    "golovchino"; the key itself if nothing is left or there is no such word."""
    for word in sorted(_PLACE_TYPE_WORDS, key=len, reverse=True):
        if key.endswith(" " + word):
            return key[: -len(word) - 1].strip()
        if key.startswith(word + " "):
            return key[len(word) + 1 :].strip()
    return key
