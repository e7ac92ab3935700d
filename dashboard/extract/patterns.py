"""The language data of the extractor: every word list and pattern, per language, as plain data.

:mod:`dashboard.extract.extract` holds the rules and knows no English; a language is one :class:`Language`
value. English is the only one so far; Ukrainian or Russian are another ``Language(...)`` added to
``LANGUAGES`` (the infrastructure keywords in :mod:`dashboard.ingest.infrastructure` already have all three).

Patterns are Python regular expressions, matched case-insensitively unless a name says otherwise, on text
whose curly quotes were made straight (``’`` -> ``'``). ``{num}`` in a casualty pattern stands for a count
(digits, number words, vague amounts, "a" + person). Patterns that rely on capital letters (actors, reporters,
not_places, qualifiers) are matched as written; the others ignore case.

Numbers follow ACLED's coding of vague counts, the most conservative reading: "tens" 10, "dozens" 12,
"hundreds" 100, "thousands" 1000 (ACLED FAQ on fatalities). For words ACLED does not fix, this project
reads the smallest plural the word allows: "a few", "several" 3, "scores" 20, "a dozen" 12; "a firefighter",
"an elderly woman" 1; "no one", "no casualties" 0. ("some" is not a count: "some 40 people" is 40.)
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "ACTOR_NAMES",
    "ENGLISH",
    "LANGUAGES",
    "SUB_EVENT_AIR",
    "SUB_EVENT_SHELLING",
    "Language",
    "Weapon",
]

SUB_EVENT_AIR = "Air/drone strike"
SUB_EVENT_SHELLING = "Shelling/artillery/missile attack"

# ACLED actor names (as in data/seed), keyed by the side a pattern or a weapon points to.
ACTOR_NAMES: dict[str, str] = {
    "russia": "Military Forces of Russia (2000-)",
    "ukraine": "Military Forces of Ukraine (2019-)",
}


@dataclass(frozen=True)
class Weapon:
    """One weapon as reported. ``family`` lets a later, more specific mention refine an earlier one
    ("bomb" -> "guided aerial bomb"); ``side`` is set only for systems that one side alone uses."""

    pattern: str
    name: str
    family: str
    sub_event_type: str
    side: str | None = None


@dataclass(frozen=True)
class Language:
    """Everything language-specific the rules need. Word lists are lower case unless noted."""

    code: str
    # A sentence with one of these reports violence (strike verbs and nouns, casualties, outages).
    strike: str
    # Talk about talks: a clause with one of these yields only places that a strike word points at.
    diplomacy: str
    # Strikes that did not happen: "any strikes on Moscow would be met with a response". Such a clause
    # yields no place at all.
    hypothetical: str
    # Cardinal words and vague amounts (see the module docstring).
    number_words: dict[str, int]
    vague_numbers: dict[str, int]
    # "a firefighter was wounded": "a"/"an" counts as 1 only before one of these nouns (optionally with
    # one adjective between).
    person_nouns: tuple[str, ...]
    killed: tuple[str, ...]
    injured: tuple[str, ...]
    # Weapons, most specific first: the first one found in a clause is its weapon.
    weapons: tuple[Weapon, ...]
    # (pattern, side): who carried out the strike, when the text says it.
    actors: tuple[tuple[str, str], ...]
    # Who said so: patterns with a group "who"; "{titles}" in them stands for `titles`, the words that
    # make a capitalised phrase a source ("Mayor", "General Staff", "officials").
    reporter: tuple[str, ...]
    titles: str
    # Titles whose holder speaks for a region ("Rostov Governor") or a city ("Kharkiv Mayor").
    region_titles: frozenset[str]
    city_titles: frozenset[str]
    # Capitalised words that are never (part of) a place name here; compared in lower case.
    stopwords: frozenset[str]
    # Words after a name that make it a region ("Rostov region", "Kharkiv Oblast").
    region_words: frozenset[str]
    # Words after a name that make it a natural feature, not a town ("Dnipro River", "Black Sea").
    feature_words: frozenset[str]
    # Words after a name that make it a facility near the town ("the Novoshakhtinsk refinery"): ACLED
    # geo_precision 2, "near a town".
    facility_words: frozenset[str]
    # Phrases that look like names of places but are not ("Sea of Azov"); removed before the place search.
    not_places: str
    # Seats of government: "Kyiv is pressing for guarantees" is the government, not a place that was hit.
    metonyms: frozenset[str]
    # Words allowed between a strike word and the place it hits: "hit the city of Kyiv".
    fillers: frozenset[str]
    # Location prepositions: "in Kyiv", "near Sumy".
    locatives: frozenset[str]
    # Words that point a strike at a place right after them ("drones hit Kyiv", "an attack on Kyiv").
    target_words: str
    # After a place: "Kyiv was hit", "Sumy came under fire".
    target_after: str
    # Where one clause of a sentence ends and the next begins, for sentences naming several places.
    clause_breaks: str
    # After a town, the region and country it is in: "the Novoshakhtinsk refinery in Russia's Rostov
    # region". Groups: region, word (the region word), country. Matched as written.
    qualifier_region: str = ""
    qualifier_country: str = ""
    # A sentence that starts like this reports another event, so it never continues the one before it.
    new_event: str = ""


_NUM_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "a hundred": 100, "one hundred": 100,
    "no one": 0, "nobody": 0, "none": 0, "no": 0,
}  # fmt: skip
_VAGUE = {
    "a few": 3, "several": 3, "a dozen": 12, "dozens": 12, "tens": 10, "scores": 20,
    "hundreds": 100, "thousands": 1000,
}  # fmt: skip
_PERSONS = (
    "person", "man", "woman", "child", "boy", "girl", "teenager", "baby", "civilian", "resident",
    "firefighter", "rescuer", "medic", "paramedic", "doctor", "nurse", "driver", "worker", "employee",
    "guard", "soldier", "serviceman", "policeman", "police officer", "journalist", "volunteer",
    "pensioner", "passer-by", "passenger", "farmer", "teacher", "student", "official", "security guard",
)  # fmt: skip

_STRIKE_WORDS = (
    r"hit|hits|hitting|struck|strikes?|striking|airstrikes?|attack(?:s|ed|ing)?|bomb(?:s|ed|ing|ings)?"
    r"|shell(?:s|ed|ing)|missiles?|drones?|UAVs?|rockets?|explosions?|exploded|blasts?|damag(?:e|ed|es|ing)"
    r"|destroy(?:s|ed|ing)?|pound(?:s|ed|ing)|target(?:s|ed|ing)|knock(?:s|ed|ing)? out power|fired on"
    r"|killed|killing|died|wounded|wounding|injured|injuring|hurt|dead|casualties|shot down|debris"
)

_PREFIX = r"(?:at least |some |about |around |nearly |almost |up to |another |a further |more than |over )?"
# Words that may stand between a count and its verb: "two elderly women were", not "two and".
_FILL = r"(?:(?!and\b|or\b|with\b|but\b)[\w'-]+\s+){0,3}?"
_BE = r"(?:(?:were|was|have been|has been|had been|are|is|being|got)\s+)?"

_WEAPONS_EN = (
    Weapon(r"storm shadows?|scalp(?:-eg)?", "Storm Shadow missile", "missile", SUB_EVENT_SHELLING, "ukraine"),
    Weapon(r"atacms", "ATACMS missile", "missile", SUB_EVENT_SHELLING, "ukraine"),
    Weapon(r"neptune", "Neptune missile", "missile", SUB_EVENT_SHELLING, "ukraine"),
    Weapon(r"himars", "HIMARS rocket", "rocket", SUB_EVENT_SHELLING, "ukraine"),
    Weapon(r"kalibrs?", "Kalibr cruise missile", "missile", SUB_EVENT_SHELLING, "russia"),
    Weapon(r"iskander(?:-[mk])?s?", "Iskander missile", "missile", SUB_EVENT_SHELLING, "russia"),
    Weapon(r"kinzhals?", "Kinzhal missile", "missile", SUB_EVENT_SHELLING, "russia"),
    Weapon(r"kh-101s?", "Kh-101 cruise missile", "missile", SUB_EVENT_SHELLING, "russia"),
    Weapon(r"kh-\d+\w*", "Kh-series missile", "missile", SUB_EVENT_SHELLING, "russia"),
    Weapon(r"s-300s?|s-400s?", "S-300 missile", "missile", SUB_EVENT_SHELLING, "russia"),
    Weapon(r"shaheds?|shahed-\d+s?|gerans?|geran-\d+s?", "Shahed drone", "drone", SUB_EVENT_AIR, "russia"),
    Weapon(r"lancets?", "Lancet drone", "drone", SUB_EVENT_AIR, "russia"),
    Weapon(
        r"kabs?|guided (?:aerial |air )?bombs?|glide bombs?|gliding bombs?",
        "guided aerial bomb",
        "bomb",
        SUB_EVENT_AIR,
    ),
    Weapon(r"ballistic missiles?", "ballistic missile", "missile", SUB_EVENT_SHELLING),
    Weapon(r"cruise missiles?", "cruise missile", "missile", SUB_EVENT_SHELLING),
    Weapon(
        r"mlrs|multiple(?:-launch)? rocket (?:launchers?|systems?)|grads?|smerch|uragan",
        "MLRS",
        "rocket",
        SUB_EVENT_SHELLING,
    ),
    Weapon(r"artillery|shell(?:s|ed|ing)|mortars?|howitzers?", "artillery", "artillery", SUB_EVENT_SHELLING),
    Weapon(r"missiles?", "missile", "missile", SUB_EVENT_SHELLING),
    Weapon(r"rockets?", "rocket", "rocket", SUB_EVENT_SHELLING),
    Weapon(
        r"(?:attack |kamikaze |long-range )?drones?|uavs?|unmanned aerial vehicles?",
        "drone",
        "drone",
        SUB_EVENT_AIR,
    ),
    Weapon(r"air ?strikes?|aerial bombs?|bombs?|bombing|bombed", "bomb", "bomb", SUB_EVENT_AIR),
)

_TITLES = (
    r"[Mm]ayor|[Gg]overnor|Gov\.|[Hh]ead|[Cc]hief|President|[Ss]pokes(?:person|man|woman)|General Staff"
    r"|[Aa]ir [Ff]orce|Defen[cs]e Ministry|Ministry of Defen[cs]e|Ministry|[Mm]inister"
    r"|Prosecutor(?:'s Office)?"
    r"|Emergency Service|[Mm]ilitary [Aa]dministration|[Rr]egional [Aa]dministration|[Aa]dministration"
    r"|[Pp]olice|[Oo]fficials?|[Aa]uthorities|[Cc]ommander|Navy|Security Service|SBU|[Rr]escuers"
    r"|[Gg]overnment"
)
_SAY = r"(?:said|says|say|reported|reports|stated|wrote|announced|confirmed|added|told)"
_NAME = r"[A-Z][\w.'-]*"

_STOPWORDS = frozenset({
    # function words and sentence openers
    "the", "a", "an", "in", "on", "at", "of", "and", "or", "but", "yet", "as", "if", "when", "what",
    "why", "how", "who", "where", "which", "while", "this", "these", "that", "those", "they", "he",
    "she", "it", "we", "you", "i", "our", "their", "his", "her", "its", "there", "here", "both",
    "each", "many", "some", "several", "multiple", "earlier", "later", "overnight", "meanwhile",
    "according", "after", "before", "during", "since", "until", "over", "near", "from", "with", "by",
    "to", "for", "also", "then", "now", "today", "yesterday", "tonight", "so", "no", "not", "all",
    "one", "two", "three", "separately",
    # days, months
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
    "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
    "nov", "dec",
    # titles and institutions
    "mayor", "governor", "gov", "president", "prime", "minister", "ministry", "general", "staff",
    "air", "force", "forces", "armed", "defense", "defence", "foreign", "security", "service",
    "emergency", "state", "head", "chief", "spokesman", "spokeswoman", "spokesperson", "commander",
    "administration", "military", "regional", "city", "council", "office", "prosecutor", "police",
    "navy", "army", "kremlin", "pentagon", "white", "house", "parliament", "verkhovna", "rada",
    "duma", "nato", "eu", "un", "sbu", "iaea", "osce", "csis", "isw", "reuters", "ap", "afp", "bbc",
    "cnn", "article", "faq", "news",
    # countries, peoples and regions that are not a point
    "ukraine", "russia", "russian", "ukrainian", "ukrainians", "russians", "europe", "european",
    "europeans", "america", "american", "americans", "u.s", "us", "usa", "united", "states", "uk",
    "britain", "british", "kingdom", "france", "french", "germany", "german", "poland", "polish",
    "belarus", "belarusian", "turkey", "turkish", "china", "chinese", "iran", "iranian", "korea",
    "north", "south", "east", "west", "western", "eastern", "soviet", "crimean", "donbas", "donbass",
    # places that are venues of talks in this kind of news, never strike sites in its scope
    "florida", "washington", "mar-a-lago", "palm", "beach", "geneva", "brussels", "istanbul",
    "paris", "london", "berlin", "warsaw", "minsk", "ankara", "riyadh", "jeddah", "abu", "dhabi",
    "doha", "alaska", "anchorage", "davos", "munich", "vienna", "helsinki", "budapest", "rome",
    "vatican",
    # facility and feature words capitalised in names ("Zaporizhzhia Nuclear Power Plant")
    "nuclear", "power", "plant", "station", "refinery", "oil", "port", "airport", "thermal",
    "hydroelectric", "oblast", "region", "krai", "district", "province", "republic", "river", "sea",
    "lake", "bay", "coast", "strait", "island", "peninsula", "bridge",
})  # fmt: skip
_FEATURE_WORDS = frozenset({
    "river", "sea", "lake", "bay", "gulf", "strait", "spit", "island", "islands", "peninsula",
    "mountains", "reservoir", "canal", "coast", "front", "axis", "direction", "sector",
    # parts of a town: "the Solomianskyi district" of Kyiv is coded to Kyiv, named in the same report
    "district", "neighbourhood", "neighborhood", "microdistrict", "quarter",
})  # fmt: skip
_FACILITY_WORDS = frozenset({
    "refinery", "oil refinery", "oil depot", "fuel depot", "airfield", "air base", "airbase",
    "power plant", "nuclear power plant", "thermal power plant", "power station", "plant", "factory",
    "npp", "tpp", "chp", "hpp", "dam", "terminal", "oil terminal", "ammunition depot", "arsenal",
    "substation",
})  # fmt: skip
_FILLERS = frozenset({
    "the", "a", "an", "on", "in", "at", "against", "city", "town", "village", "capital", "region",
    "of", "outskirts", "centre", "center", "downtown", "suburbs", "ukrainian", "russian", "southern",
    "northern", "eastern", "western", "central", "frontline", "border", "port", "regional",
    "ukraine's", "russia's", "near", "over", "across", "overnight", "again", "heavily", "city's",
    "settlement", "towns", "cities",
})  # fmt: skip

ENGLISH = Language(
    code="en",
    strike=rf"\b(?:{_STRIKE_WORDS})\b",
    diplomacy=(
        r"\b(?:meet(?:s|ing|ings)?|met|talks|talked|talking|summit|negotiat\w*|envoys?|plans?|guarantees?"
        r"|visit(?:s|ed|ing)?|diploma\w*|ceasefire|peace|agreements?|deal|treaty|framework|sanctions?"
        r"|conference|delegations?|ambassadors?|hosted|hosts?|mediat\w*|press conference)\b"
    ),
    hypothetical=r"\b(?:would|could|might|if)\b|\bany (?:strikes?|attacks?)\b",
    number_words=_NUM_WORDS,
    vague_numbers=_VAGUE,
    person_nouns=_PERSONS,
    killed=(
        rf"\b(?:killing|killed|kills|kill|claimed the lives of)\s+{_PREFIX}(?P<n>{{num}})\b",
        rf"(?P<n>{{num}})\s+{_FILL}{_BE}(?:killed|dead|died|dies|perished|fatalities|deaths)\b",
        r"\b(?P<n>no)\s+(?:(?:immediate|reported)\s+)?(?:casualties|victims|deaths|fatalities)\b",
        rf"\bdeath toll\s+(?:[a-z]+\s+){{0,6}}?(?:to|at|reached|of|is|was)\s+{_PREFIX}(?P<n>{{num}})\b",
    ),
    injured=(
        rf"\b(?:injuring|injured|injures|wounding|wounded|wounds|hurting|hurt)\s+{_PREFIX}(?P<n>{{num}})\b",
        rf"(?P<n>{{num}})\s+{_FILL}{_BE}(?:injured|wounded|hurt|injuries)\b",
        r"\b(?P<n>no)\s+(?:(?:immediate|reported)\s+)?(?:casualties|victims|injuries)\b",
    ),
    weapons=_WEAPONS_EN,
    actors=(
        (
            r"\bRussia(?:n|'s)?\s+(?:[a-z-]+\s+){0,2}?(?:forces|troops|army|military|drones?|missiles?|bombs?"
            r"|aircraft|jets|warplanes|strikes?|attacks?|shelling|artillery|air force|invaders|occupiers"
            r"|bombers)\b",
            "russia",
        ),
        (
            r"\b(?:Russia|Moscow)\s+(?:launched|attacked|struck|fired|hit|shelled|bombed|targeted|pounded)\b",
            "russia",
        ),
        (
            r"\bUkrain(?:e|ian|e's)\s+(?:[a-z-]+\s+){0,2}?(?:forces|troops|army|military|navy|drones?|missiles?"
            r"|General Staff said it|General Staff says it|Armed Forces|SBU|Security Service)\b",
            "ukraine",
        ),
        (
            r"\b(?:Ukraine|Kyiv)(?:'s [A-Z][\w ]{0,30}?)? (?:says?|said|claims?|claimed) (?:that )?"
            r"(?:it|its forces|forces|its drones|Ukrainian forces|they) (?:had |have )?"
            r"(?:struck|hit|attacked|targeted|destroyed)\b",
            "ukraine",
        ),
        (
            r"\b(?:Russia|Moscow)(?:'s [A-Z][\w ]{0,30}?)? (?:says?|said|claims?|claimed) (?:that )?"
            r"(?:it|its forces|forces|Russian forces|they) (?:had |have )?"
            r"(?:struck|hit|attacked|targeted|destroyed)\b",
            "russia",
        ),
    ),
    reporter=(
        rf"(?P<who>(?:(?:{_NAME}|regional|city|local|military|the|of)\s+){{0,4}}(?:{{titles}})"
        rf"(?:\s+{_NAME}){{0,3}})\s+{_SAY}\b",
        rf"\b(?:{_SAY}|according to)\s+(?P<who>(?:the\s+)?(?:(?:{_NAME}|regional|city|local|military)\s+)"
        rf"{{0,4}}(?:{{titles}})(?:\s+{_NAME}){{0,3}})",
        # "said Oleksandr Vilkul, the head of the city's defence council"
        rf"\b{_SAY}\s+(?P<who>{_NAME}(?:\s+{_NAME}){{1,2}}),\s+(?:the\s+)?(?:[a-z]+\s+){{0,2}}(?:{{titles}})",
    ),
    titles=_TITLES,
    region_titles=frozenset({"governor", "gov.", "regional", "oblast", "region"}),
    city_titles=frozenset({"mayor", "city"}),
    stopwords=_STOPWORDS,
    region_words=frozenset({"region", "oblast", "province", "krai", "kray", "republic"}),
    feature_words=_FEATURE_WORDS,
    facility_words=_FACILITY_WORDS,
    not_places=(
        r"\b(?:Black Sea|Sea of Azov|Azov Sea|Caspian Sea|Baltic Sea|Kerch Strait|Crimean Bridge"
        r"|(?:Sea|Gulf|Bay|Lake|Mount|Strait|Port) of [A-Z][\w'-]*|Article \d+|Storm Shadows?|U\.S\.|U\.K\.)"
    ),
    metonyms=frozenset({"kyiv", "kiev", "moscow", "kremlin"}),
    fillers=_FILLERS,
    locatives=frozenset({"in", "near", "over", "outside", "at", "around", "across"}),
    target_words=(
        r"hit|hits|hitting|struck|strikes?|striking|attack(?:s|ed|ing)?|shell(?:s|ed|ing)|bomb(?:s|ed|ing)"
        r"|target(?:s|ed|ing)|pound(?:s|ed|ing)|explosions?|blasts?|rocked|damaged|raid|raids|barrage"
    ),
    target_after=(
        r"^(?:'s\s+[a-z]+(?:\s+[a-z]+)?)?\s+(?:and its suburbs\s+)?"
        r"(?:was|were|has been|have been|had been|is|are|came|come|comes)\s+(?:again\s+|also\s+|heavily\s+)?"
        r"(?:hit|struck|attacked|shelled|bombed|targeted"
        r"|under (?:[a-z]+\s+)?(?:attack|fire|shelling))\b"
    ),
    clause_breaks=(
        r";|\s[—–]\s|,\s*(?:while|whereas|and|but|as|where|after)\s|\swhile\s|\swhereas\s"
        r"|\sand\s(?=(?:in|on|at|near|another|a|an|the|then|also|later)\s|(?:" + _STRIKE_WORDS + r")\b)"
    ),
    qualifier_region=(
        r"^[^,;.]{0,40}?\bin\s+(?:(?P<country>Russia|Ukraine)'s\s+|the\s+)?"
        r"(?P<region>[A-Z][\w'-]*(?: [A-Z][\w'-]*)?)\s+"
        r"(?P<word>[Rr]egion|[Oo]blast|[Pp]rovince|[Kk]rai|[Rr]epublic)\b"
    ),
    new_event=r"^(?:elsewhere|separately|meanwhile|in another|in a separate|also on|in other)\b",
    qualifier_country=(
        r"^[^,;.]{0,60}?(?:\b(?:in|of)\s+(?P<country>Russia|Ukraine)\b|\b(?P<owner>Russia|Ukraine)'s\b)"
    ),
)

LANGUAGES: dict[str, Language] = {"en": ENGLISH}
