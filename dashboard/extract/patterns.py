"""The language data of the extractor: every word list and pattern, per language, as plain data.

:mod:`dashboard.extract.extract` holds the rules and knows no English; a language is one :class:`Language`
value in ``LANGUAGES``: English, Ukrainian and Russian (the infrastructure keywords in
:mod:`dashboard.ingest.infrastructure` cover all three). Ukrainian and Russian name places in oblique cases
("у Харкові", "в Одессе"); ``Language.inflections`` undoes their endings for the geocoder.

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

from dataclasses import dataclass, field

__all__ = [
    "ACTOR_NAMES",
    "ENGLISH",
    "LANGUAGES",
    "RUSSIAN",
    "SUB_EVENT_AIR",
    "SUB_EVENT_SHELLING",
    "UKRAINIAN",
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
    # "a firefighter was wounded": the `article` counts as 1 only before one of these nouns (optionally with
    # one adjective between); without an article, the noun itself does ("загинула 65-річна жінка").
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
    # A sentence that starts like this reports another event, so it never continues the one before it ...
    new_event: str = ""
    # ... unless it is only "also" and the report is about one place so far ("Також пошкоджено школу").
    also: str = r"(?!)"
    # Acute stress reactions, which officials count among the "affected" (постраждалі): a clause that names
    # them counts the injured without the words in `affected`.
    stress: str = r"(?!)"
    affected: str = r"(?!)"
    # Someone who died of wounds: the clause's injured count is the killed.
    died: str = r"(?!)"
    # Counts that stand alone but are no number words elsewhere: "killing one person and wounding another".
    lone_numbers: dict[str, int] = field(default_factory=dict)
    # Air defence at work ("ПВО уничтожили семь беспилотников в Таганроге"): a clause with it and without a
    # word of `harm` (damage, fire, casualties) names no place that was hit.
    shot_down: str = r"(?!)"
    harm: str = r"(?!)"
    # Words before a name that make it a street's ("на улицах Дзержинского и Морозова").
    street_words: frozenset[str] = frozenset()
    # Before a place, words that make it a landmark for another ("not far from the Black Sea port of
    # Novorossiisk", "north of the border with Ukraine's Kharkiv region"), not where the strike was.
    landmark_before: str = r"(?!)"
    # A sentence about the whole region ("The enemy launched 17 drones at the region") does not go on about
    # the town named before it.
    region_wide: str = r"(?!)"
    # Injured people listed by age ("травмувалися чоловіки 79 і 68 років, жінки 75, 73 років"): after one of
    # these verbs, a list with an age word counts one person per age.
    age_verbs: str = r"(?!)"
    age_words: str = r"(?!)"
    # One person as a count. With an article ("a firefighter") it is the article before a person noun;
    # "" means the bare singular person noun is the count ("загинула жінка", a woman was killed).
    article: str = ""
    # Before a town, a facility word that makes the place the facility near it ("НПЗ у Новошахтинську"),
    # as `facility_words` do after it in English.
    facility_before: str = r"(?!)"
    # Verbs of saying: a seat of government followed by one, with no strike word between, is where
    # something was said ("У Києві прем'єр заявила, що ..."), not a place that was hit.
    statement: str = r"(?!)"
    # Casualty phrases that name a facility without its being hit ("taken to hospital"): removed before a
    # clause's infrastructure is classified.
    not_infrastructure: str = r"(?!)"
    # Words that join a list of places: "Kharkiv, Zaporizhzhia, and Uman".
    list_words: str = r"and|or|&"
    # Which texts are in this language: the letters of its script (a character class), and letters and
    # short words only it uses in that script ("і", "що" are Ukrainian; "ы", "что" Russian), a pattern.
    letters: str = "A-Za-z"
    markers: str = r"(?!)"
    # Case endings to undo, word by word, so that a place named in an oblique case reaches the geocoder in
    # the nominative ("у Харкові" -> "Харків"): (ending, replacement) in the order tried, only after a
    # preposition or a strike word. ("", "") stands for the word as written: endings before it win over
    # a spelling the gazetteer happens to carry ("Курске" is also a Crimean village), endings after it only
    # apply when the word as written matches nothing exactly ("Херсона" -> "Херсон"). A replacement with a
    # space is for a name of one word: a lone region adjective ("над Курської") is the region.
    inflections: tuple[tuple[str, str], ...] = ()
    # Base forms (lower case) the gazetteer lacks, with the query that finds them: "харківщина" (the
    # Kharkiv region, colloquially) -> "Харківська область".
    aliases: dict[str, str] = field(default_factory=dict)
    # Show places by the gazetteer's name ("Kharkiv" for "у Харкові"), as the store writes them, rather than
    # by the text's words: rules cannot tell every nominative ("Херсоні" is Херсон, "Умані" Умань), and the
    # geocoder reads both the same.
    gazetteer_names: bool = False
    # Words for a part of a city after its name: "the Saltivskyi district", "Салтівському районі" (see
    # :mod:`dashboard.extract.districts`).
    district_words: frozenset[str] = frozenset()
    # Words after a name that make it an area named after its town: a Ukrainian raion or hromada, a Russian
    # district or okrug ("Сумську громаду", "в Курском районе"): the town, near it (geo_precision 2).
    area_words: frozenset[str] = frozenset()
    # Words right before a name that make it a village ("у селі Подоли", "в селе Отрадное"): a village the
    # gazetteer puts outside every region the report names is not that village (see extract_events).
    village_words: frozenset[str] = frozenset()
    # Before a name, words that make it a region: "the region of Dnipropetrovsk".
    region_before: str = r"(?!)"
    # A sentence about an earlier strike ("Exactly a week ago, the ship was damaged by a missile") adds
    # nothing to this report's event.
    past: str = r"(?!)"


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
    r"|killed|killing|died|wounded|wounding|injured|injuring|injur(?:y|ies)|wounds?|hurt|dead|casualties|shot down"
    r"|debris"
    r"|hospitali[sz]ed|taken to hospital|medical (?:help|attention)"
    r"|without (?:electricity|power|light)|power (?:outages?|cuts?)|blackouts?|de-?energi[sz]ed"
    r"|fire broke out|caught fire|set (?:\w+ )?(?:on fire|ablaze)|blaze|shattered|blown out"
)

_PREFIX = r"(?:at least |some |about |around |nearly |almost |up to |another |a further |more than |over )?"
# Words that may stand between a count and its verb: "two elderly women were", not "two and".
_FILL = (
    r"(?:(?!and\b|or\b|with\b|but\b)[\w'-]+\s+){0,3}?"
    # "one person, according to preliminary data, was killed"
    r"(?:[\w'-]+,\s*(?:according to [\w ]{3,40}?|preliminarily|reportedly|including [^,.;]{1,40}?),\s+)?"
)
_BE = r"(?:(?:were|was|have been|has been|had been|are|is|being|got)\s+)?"

_HOSPITAL = (
    r"hospitali[sz]ed|(?:taken|rushed|admitted|brought|sent|airlifted|evacuated)\s+to\s+(?:(?:a|the|local"
    r"|nearby|city|regional)\s+)*hospitals?|(?:sought|seeking|needed|required|received|requested)\s+"
    r"medical\s+(?:help|attention|care|assistance|treatment)"
)

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
    # "shelling" is any bombardment in translated copy ("the shelling of Kharkiv by enemy drones"): no weapon.
    Weapon(r"cluster (?:munitions?|bombs?|shells?|rockets?)", "cluster munition", "artillery", SUB_EVENT_SHELLING),
    Weapon(r"artillery|mortars?|howitzers?|cannons?", "artillery", "artillery", SUB_EVENT_SHELLING),
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
        r"|conference|delegations?|ambassadors?|hosted|hosts?|mediat\w*|press conference|strateg(?:y|ies))\b"
    ),
    # and warnings of strikes to come: "the Air Force warned of a missile heading for Myrhorod"
    hypothetical=(
        r"\b(?:would|could|might|if)\b|\bany (?:strikes?|attacks?)\b|\bwarn(?:s|ed|ing|ings)? (?:of|about)\b"
        r"|\bthreat of\b"
        r"|\bair raid (?:alerts?|warnings?|sirens?)\b|\b(?:heading|headed) (?:for|towards?)\b|\bon course for\b"
        r"|\bevacuat\w*"
    ),
    number_words=_NUM_WORDS,
    vague_numbers=_VAGUE,
    person_nouns=_PERSONS,
    killed=(
        rf"\b(?:killing|killed|kills|kill|claimed the lives of)\s+{_PREFIX}(?P<n>{{num}})\b",
        rf"(?P<n>{{num}})\s+{_FILL}{_BE}(?:killed|dead|died|dies|perished|fatalities|deaths)\b",
        r"\b(?P<n>no)\s+(?:(?:immediate|reported)\s+)?(?:casualties|victims|deaths|fatalities)\b",
        r"\b(?P<n>no)\s+(?:injuries|casualties)\s+or\s+(?:deaths|fatalities)\b",
        rf"\bdeath toll\s+(?:[a-z]+\s+){{0,6}}?(?:to|at|reached|of|is|was)\s+{_PREFIX}(?P<n>{{num}})\b",
        rf"(?P<n>{{num}})\s+{_FILL}(?:had\s+|has\s+)?(?:suffered|sustained|received)\s+(?:fatal|mortal|deadly)\s+"
        r"(?:injuries|wounds)\b",
        rf"(?P<n>{{num}})\s+{_FILL}{_BE}(?:fatally|mortally)\s+(?:injured|wounded)\b",
    ),
    injured=(
        rf"\b(?:injuring|injured|injures|wounding|wounded|wounds|hurting|hurt)\s+{_PREFIX}(?P<n>{{num}})\b",
        rf"(?P<n>{{num}})\s+{_FILL}{_BE}(?:injured|wounded|hurt|injuries)\b",
        # Counted as injured, as ACLED and the UN count them: "three people were taken to hospital",
        # "two were hospitalised", "five sought medical help".
        rf"(?P<n>{{num}})\s+{_FILL}{_BE}(?:{_HOSPITAL})\b",
        rf"\bhospitali[sz]ing\s+{_PREFIX}(?P<n>{{num}})\b",
        rf"(?P<n>{{num}})\s+{_FILL}(?:had\s+|have\s+)?(?:sustained|suffered|received)\s+(?!fatal|mortal|deadly)(?:[\w-]+\s+)?"
        r"(?:injuries|wounds)\b",
        r"\b(?:injuring|wounding|injured|wounded)\s+(?P<n>another)\b(?!\s+(?:\d|one|two|three|four|five|six|seven"
        r"|eight|nine|ten|person|people|man|woman|child))",
        rf"\bsending\s+{_PREFIX}(?P<n>{{num}})\s+(?:[\w-]+\s+){{0,2}}?to\s+(?:the\s+)?hospital",
        r"\b(?P<n>no)\s+(?:(?:immediate|reported)\s+)?(?:casualties|victims|injuries)\b",
        r"\b(?P<n>no)\s+(?:deaths|fatalities)\s+or\s+(?:injuries|casualties)\b",
        r"\b(?P<n>no one|nobody)\s+(?:[\w'-]+\s+){0,3}?(?:dead|killed)\s+or\s+(?:injured|wounded|hurt)\b",
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
        rf"\b(?:{_SAY}(?:\s+by)?|according to)\s+(?P<who>(?:the\s+)?(?:(?:{_NAME}|regional|city|local|military)\s+)"
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
    district_words=frozenset({"district", "districts", "neighbourhood", "neighborhood", "microdistrict"}),
    area_words=frozenset({"district", "hromada", "community", "raion", "municipality"}),
    village_words=frozenset({"village", "villages", "settlement", "hamlet"}),
    gazetteer_names=True,
    region_before=r"\b(?:region|oblast|province)\s+of\s+$",
    stress=r"\bacute stress\b|\bstress reactions?\b",
    landmark_before=(
        r"\b(?:not far from|close to|far from|away from|(?:north|south|east|west)(?:-?(?:east|west))?(?:ern)? of"
        r"|border with|bordering)\b[^,;.]{0,45}$"
    ),
    region_wide=(
        r"\b(?:(?:at|on|across|over|throughout) the (?:region|oblast)|across (?:the )?(?:country|Ukraine|Russia)"
        r"|\d+\s+(?:settlements|towns|villages|communities|localities)|nationwide"
        r"|(?:launched|fired|shot down|downed|destroyed) (?:a total of |about |around |more than |over |some )?\d+)\b"
    ),
    age_verbs=r"\b(?:injured|wounded|hurt)\b",
    age_words=r"\b(?:years? old|-year-old|aged)\b",
    affected=r"\b(?:affected|victims?|casualties)\b",
    died=r"\b(?:died (?:of|from) (?:his|her|their) (?:wounds|injuries)|died in hospital|could not be saved)\b",
    lone_numbers={"another": 1},
    shot_down=(
        r"\b(?:shot down|downed|intercepted|destroyed|neutrali[sz]ed)\b[^.;]{0,60}\b(?:drones?|UAVs?|missiles?"
        r"|targets)\b|\b(?:drones?|UAVs?|missiles?)\s+(?:were|was|had been|have been)\s+(?:shot down|downed"
        r"|intercepted|destroyed)\b"
    ),
    harm=(
        r"\b(?:damag\w*|destroy\w* (?:a|an|the|\d+|two|three|several)? ?(?:house|building|home)\w*|fire|blaze"
        r"|killed|injured|wounded|dead|hurt|debris|fragments|hit)\b"
    ),
    street_words=frozenset({"street", "avenue", "st.", "ave.", "lane", "boulevard"}),
    past=(
        r"\b(?:(?:a|one|two|three|\d+)\s+(?:days?|weeks?|months?|years?)\s+ago|last\s+(?:week|month|year)"
        r"|a day (?:prior|earlier|before)|the (?:day|night) before|the previous (?:day|night)"
        r"|earlier this (?:month|week|year)|(?:earlier|later) in (?:January|February|March|April|May|June|July"
        r"|August|September|October|November|December))\b"
    ),
    article=r"an?",
    statement=rf"\b{_SAY}\b",
    not_infrastructure=(
        rf"\b(?:{_HOSPITAL}|hospitali[sz]ing|to (?:the )?hospital"
        r"|medical (?:help|attention|care|assistance|treatment|aid)|medics|doctors|in (?:the )?hospital)\b"
    ),
    qualifier_country=(
        r"^[^,;.]{0,60}?(?:\b(?:in|of)\s+(?P<country>Russia|Ukraine)\b|\b(?P<owner>Russia|Ukraine)'s\b)"
    ),
)


# -- Ukrainian and Russian -------------------------------------------------------------------------------
# Stems end in \w* (Python's \w knows Cyrillic). Oblique cases of place names are undone by `inflections`;
# everything else matches the inflected word directly.

_CY_LETTERS = "А-Яа-яЁёІіЇїЄєҐґ"
_CY_NAME = r"[А-ЯІЇЄҐЁA-Z][\w.'-]*"

_NUM_UK = {
    "один": 1, "одна": 1, "одне": 1, "одного": 1, "одну": 1, "дві": 2, "два": 2, "двоє": 2, "двох": 2,
    "три": 3, "троє": 3, "трьох": 3, "чотири": 4, "четверо": 4, "чотирьох": 4, "п'ять": 5, "п'ятеро": 5,
    "п'ятьох": 5, "шість": 6, "шестеро": 6, "шістьох": 6, "сім": 7, "семеро": 7, "сімох": 7, "вісім": 8,
    "восьмеро": 8, "вісьмох": 8, "дев'ять": 9, "дев'ятеро": 9, "дев'ятьох": 9, "десять": 10,
    "десятеро": 10, "десятьох": 10, "одинадцять": 11, "дванадцять": 12, "тринадцять": 13,
    "чотирнадцять": 14, "п'ятнадцять": 15, "шістнадцять": 16, "сімнадцять": 17, "вісімнадцять": 18,
    "дев'ятнадцять": 19, "двадцять": 20, "тридцять": 30, "сорок": 40, "п'ятдесят": 50,
    "ніхто": 0, "без": 0, "немає": 0,
    # dative, instrumental and locative forms: "двом людям", "трьома", "п'ятьох"
    "одній": 1, "одному": 1, "однієї": 1, "двом": 2, "двома": 2, "обидва": 2, "обидві": 2, "трьом": 3,
    "трьома": 3, "чотирьом": 4, "чотирма": 4, "п'ятьом": 5, "п'ятьма": 5, "п'яти": 5, "шістьом": 6,
    "шістьма": 6, "шести": 6, "семи": 7, "сімома": 7, "восьми": 8, "вісьмома": 8, "дев'яти": 9,
    "десяти": 10, "десятьма": 10, "двадцяти": 20,
}  # fmt: skip
_VAGUE_UK = {
    "кілька": 3, "декілька": 3, "кількох": 3, "декількох": 3, "кілька десятків": 10, "десятки": 10,
    "десятків": 10, "десяток": 10, "сотні": 100, "сотень": 100, "тисячі": 1000,
}  # fmt: skip
# Singular person nouns: the bare noun is one person ("загинула жінка").
_PERSONS_UK = (
    "людина", "людину", "жінка", "жінку", "чоловік", "чоловіка", "дитина", "дитину", "хлопчик",
    "хлопчика", "дівчинка", "дівчинку", "підліток", "підлітка", "пенсіонер", "пенсіонера",
    "пенсіонерка", "пенсіонерку", "рятувальник", "рятувальника", "медик", "медика", "водій", "водія",
    "працівник", "працівника", "мешканець", "мешканця", "мешканка", "мешканку", "поліцейський",
    "поліцейського", "жителька", "жительку", "житель", "жителя", "охоронець", "охоронця", "дівчина",
    "дівчину", "хлопець", "хлопця", "староста", "старосту", "військовий", "військового", "цивільний",
    "цивільного", "цивільна", "цивільну",
)  # fmt: skip
_NUM_RU = {
    "один": 1, "одна": 1, "одно": 1, "одного": 1, "одну": 1, "два": 2, "две": 2, "двое": 2, "двух": 2,
    "три": 3, "трое": 3, "трех": 3, "трёх": 3, "троих": 3, "четыре": 4, "четверо": 4, "четырех": 4,
    "четырёх": 4, "пять": 5, "пятеро": 5, "пятерых": 5, "шесть": 6, "шестеро": 6, "шестерых": 6,
    "семь": 7, "семеро": 7, "семерых": 7, "восемь": 8, "восьмеро": 8, "восьмерых": 8, "девять": 9,
    "девятеро": 9, "девятерых": 9, "десять": 10, "десятеро": 10, "десятерых": 10, "одиннадцать": 11,
    "двенадцать": 12, "тринадцать": 13, "четырнадцать": 14, "пятнадцать": 15, "шестнадцать": 16,
    "семнадцать": 17, "восемнадцать": 18, "девятнадцать": 19, "двадцать": 20, "тридцать": 30,
    "сорок": 40, "пятьдесят": 50, "никто": 0, "без": 0, "нет": 0,
    # dative, instrumental and prepositional forms: "двум", "тремя", "пяти"
    "одной": 1, "одному": 1, "двум": 2, "двумя": 2, "оба": 2, "обе": 2, "трем": 3, "трём": 3, "тремя": 3,
    "четырем": 4, "четырём": 4, "четырьмя": 4, "пяти": 5, "пятью": 5, "шести": 6, "шестью": 6, "семи": 7,
    "восьми": 8, "девяти": 9, "десяти": 10, "двадцати": 20,
}  # fmt: skip
_VAGUE_RU = {
    "несколько": 3, "нескольких": 3, "несколько десятков": 10, "десятки": 10, "десятков": 10,
    "десяток": 10, "сотни": 100, "сотен": 100, "тысячи": 1000,
}  # fmt: skip
_PERSONS_RU = (
    "человек", "женщина", "женщину", "мужчина", "мужчину", "ребенок", "ребёнок", "ребенка", "ребёнка",
    "подросток", "подростка", "пенсионер", "пенсионера", "пенсионерка", "пенсионерку", "спасатель",
    "спасателя", "медик", "медика", "водитель", "водителя", "сотрудник", "сотрудника", "житель",
    "жителя", "жительница", "жительницу", "мирный житель", "мирного жителя", "мальчик", "мальчика",
    "девочка", "девочку", "девушка", "девушку", "охранник", "охранника", "военный", "военного",
)  # fmt: skip

_STRIKE_UK = (
    r"удар\w*|вдари\w*|атак\w*|атакува\w*|обстріл\w*|обстріля\w*|дрон\w*|ракет\w*|шахед\w*|бпла"
    r"|безпілотник\w*|вибух\w*|влучан\w*|влучи\w*|прил[іе]т\w*|уражен\w*|урази\w*|пошкоджен\w*|пошкоди\w*|зруйнов\w*"
    r"|знищен\w*|загин\w*|загибел\w*|поранен\w*|постраждал\w*|постраждав|травмован\w*|госпіталізов\w*"
    r"|каб(?:и|ів|ами)?|авіабомб\w*|бомб\w*|артилері\w*|мінометн\w*|уламк\w*|знеструмл\w*|травмувал\w*|травм\w*|баротравм\w*"
    r"|відключен\w* (?:світла|електро\w*)|відновил\w* електропостачання|цілил\w*|поцілил\w*"
    r"|пожеж\w*|загорі\w*|займанн\w*|вибит\w*|посічен\w*|понівечен\w*|руйнуван\w*|потрощ\w*|зачепил\w*|побит\w*"
    r"|без (?:світла|електропостачання|електрики)|зникл\w* світло|немає (?:світла|електропостачання)"
    r"|перебо\w* (?:зі|з|із) (?:світлом|електро\w*)"
)
_STRIKE_RU = (
    r"удар\w*|атак\w*|атакова\w*|обстрел\w*|обстреля\w*|дрон\w*|ракет\w*|шахед\w*|герань\w*|бпла"
    r"|беспилотник\w*|взрыв\w*|попадан\w*|прил[её]т\w*|поражен\w*|порази\w*|поврежд\w*|разруш\w*"
    r"|уничтож\w*|погиб\w*|гибел\w*|ранен\w*|пострадал\w*|пострадавш\w*|травмирова\w*|госпитализирова\w*"
    r"|каб(?:ы|ов|ами)?|авиабомб\w*|бомб\w*|артиллер\w*|минометн\w*|обломк\w*|обесточ\w*|травм\w*|баротравм\w*"
    r"|отключени\w* (?:света|электр\w*)|восстанови\w* электроснабжение|целил\w*"
    r"|возгорани\w*|загорел\w*|пожар\w*|выбит\w*|посечен\w*"
    r"|без (?:света|электричества|электроснабжения|доступа к электричеству)|пропал\w* свет"
    r"|перебо\w* (?:со?) (?:светом|электр\w*)"
)

_PREFIX_UK = (
    r"(?:щонайменше |щонайменш |принаймні |не менше (?:ніж )?|близько |майже |понад |більше (?:ніж )?"
    r"|ще |також |до )?"
)
_PREFIX_RU = r"(?:по меньшей мере |не менее |как минимум |около |почти |более |свыше |больше |ещё |еще |также |до )?"
# Words between a count and its verb ("троє людей загинули"), not across a conjunction or a preposition.
_FILL_UK = (
    r"(?:(?!(?:і|й|та|а|але|з|із|зі|або|серед)\b)[\w'-]+\s+){0,3}?"
    r"(?:[\w'-]+,\s*(?:за попередн\w* (?:даними|інформацією)|попередньо|ймовірно"
    r"|(?:серед яких|серед них|у тому числі|зокрема) [^,.;]{1,40}?),\s+"
    # "Четверо мешканців Сумщини, серед яких двоє дітей, у неділю постраждали"
    r"(?:(?!(?:і|й|та|а|але|або)\b)[\w'-]+\s+){0,2}?)?"
)
_FILL_RU = (
    r"(?:(?!(?:и|а|но|с|со|или|среди)\b)[\w'-]+\s+){0,3}?"
    r"(?:[\w'-]+,\s*(?:по предварительн\w* (?:данным|информации)|предварительно|предположительно"
    r"|(?:включая|в том числе|среди которых|среди них) [^,.;]{1,40}?),\s+"
    r"(?:(?!(?:и|а|но|или)\b)[\w'-]+\s+){0,2}?)?"
)
_BE_UK = r"(?:(?:було|були|був|була)\s+)?"
_BE_RU = r"(?:(?:было|были|был|была)\s+)?"

# Things counted after a harm verb, not people: "постраждало понад 10 багатоповерхівок", "пострадали 5 домов".
_THINGS = (
    r"(?:будин|будівл|будівел|багатоповерх|квартир|приміщен|споруд|об'єкт|об’єкт|авт|машин|вікон|домов|дом\b"
    r"|дома\b|здани|помещени|объект|автомобил|строени|окон)"
)

_INJURED_UK = (
    r"поранен\w*|травмувал\w*|потерпіл\w*|постраждал\w*|постраждав|травмован\w*|госпіталізова\w*"
    r"|(?:отримали|отримав|отримала|дістали|дістав|дістала|зазнали|зазнав|зазнала)\s+(?:поранен\w*|травм\w*)"
    r"|звернул\w+\s+(?:по|за)\s+(?:медичн\w+\s+)?допомог\w+"
)
_INJURED_RU = (
    r"ранен\w*|пострадал\w*|пострадавш\w*|травмирован\w*|госпитализирова\w*"
    r"|(?:получили|получил|получила)\s+(?:ранени\w*|травм\w*)|обратил\w+\s+за\s+(?:медицинской\s+)?помощью"
)

_WEAPONS_UK = (
    Weapon(r"storm shadows?|шторм шедоу|скальп\w*", "Storm Shadow missile", "missile", SUB_EVENT_SHELLING, "ukraine"),
    Weapon(r"atacms|атакмс", "ATACMS missile", "missile", SUB_EVENT_SHELLING, "ukraine"),
    Weapon(r"нептун\w*", "Neptune missile", "missile", SUB_EVENT_SHELLING, "ukraine"),
    Weapon(r"himars|хаймарс\w*", "HIMARS rocket", "rocket", SUB_EVENT_SHELLING, "ukraine"),
    Weapon(r"калібр(?:и|ів|ами)?", "Kalibr cruise missile", "missile", SUB_EVENT_SHELLING, "russia"),
    Weapon(r"іскандер\w*", "Iskander missile", "missile", SUB_EVENT_SHELLING, "russia"),
    Weapon(r"кинджал\w*", "Kinzhal missile", "missile", SUB_EVENT_SHELLING, "russia"),
    Weapon(r"х-101|kh-101", "Kh-101 cruise missile", "missile", SUB_EVENT_SHELLING, "russia"),
    Weapon(r"х-\d+\w*", "Kh-series missile", "missile", SUB_EVENT_SHELLING, "russia"),
    Weapon(r"с-300|с-400", "S-300 missile", "missile", SUB_EVENT_SHELLING, "russia"),
    Weapon(r"шахед\w*|герань\w*|герані", "Shahed drone", "drone", SUB_EVENT_AIR, "russia"),
    Weapon(r"ланцет\w*", "Lancet drone", "drone", SUB_EVENT_AIR, "russia"),
    Weapon(
        r"каб(?:и|ів|ами)?|уаб|керован\w* (?:авіа)?бомб\w*|планувальн\w* (?:авіа)?бомб\w*",
        "guided aerial bomb",
        "bomb",
        SUB_EVENT_AIR,
    ),
    Weapon(r"балістичн\w* ракет\w*|балістик\w*", "ballistic missile", "missile", SUB_EVENT_SHELLING),
    Weapon(r"крилат\w* ракет\w*", "cruise missile", "missile", SUB_EVENT_SHELLING),
    Weapon(r"рсзв|реактивн\w* систем\w* залпового вогню", "MLRS", "rocket", SUB_EVENT_SHELLING),
    Weapon(r"ракет\w*", "missile", "missile", SUB_EVENT_SHELLING),
    Weapon(r"дрон\w*|безпілотник\w*|бпла", "drone", "drone", SUB_EVENT_AIR),
    Weapon(r"авіабомб\w*|авіаудар\w*|бомб\w*", "bomb", "bomb", SUB_EVENT_AIR),
    # "обстріл" is any bombardment ("ракетний обстріл"): it names no weapon.
    Weapon(r"касетн\w* (?:боєприпас|снаряд|бомб)\w*", "cluster munition", "artillery", SUB_EVENT_SHELLING),
    Weapon(
        r"артилері\w*|мінометн\w*|міномет\w*|гаубиц\w*",
        "artillery",
        "artillery",
        SUB_EVENT_SHELLING,
    ),
)
_WEAPONS_RU = (
    Weapon(r"storm shadows?|шторм шэдоу|скальп\w*", "Storm Shadow missile", "missile", SUB_EVENT_SHELLING, "ukraine"),
    Weapon(r"atacms|атакмс", "ATACMS missile", "missile", SUB_EVENT_SHELLING, "ukraine"),
    Weapon(r"нептун\w*", "Neptune missile", "missile", SUB_EVENT_SHELLING, "ukraine"),
    Weapon(r"himars|хаймарс\w*", "HIMARS rocket", "rocket", SUB_EVENT_SHELLING, "ukraine"),
    Weapon(r"калибр(?:ы|ов|ами)?", "Kalibr cruise missile", "missile", SUB_EVENT_SHELLING, "russia"),
    Weapon(r"искандер\w*", "Iskander missile", "missile", SUB_EVENT_SHELLING, "russia"),
    Weapon(r"кинжал\w*", "Kinzhal missile", "missile", SUB_EVENT_SHELLING, "russia"),
    Weapon(r"х-101|kh-101", "Kh-101 cruise missile", "missile", SUB_EVENT_SHELLING, "russia"),
    Weapon(r"х-\d+\w*", "Kh-series missile", "missile", SUB_EVENT_SHELLING, "russia"),
    Weapon(r"с-300|с-400", "S-300 missile", "missile", SUB_EVENT_SHELLING, "russia"),
    Weapon(r"шахед\w*|герань\w*|герани", "Shahed drone", "drone", SUB_EVENT_AIR, "russia"),
    Weapon(r"ланцет\w*", "Lancet drone", "drone", SUB_EVENT_AIR, "russia"),
    Weapon(
        r"каб(?:ы|ов|ами)?|уаб|управляем\w* (?:авиа)?бомб\w*|планирующ\w* (?:авиа)?бомб\w*",
        "guided aerial bomb",
        "bomb",
        SUB_EVENT_AIR,
    ),
    Weapon(r"баллистическ\w* ракет\w*", "ballistic missile", "missile", SUB_EVENT_SHELLING),
    Weapon(r"крылат\w* ракет\w*", "cruise missile", "missile", SUB_EVENT_SHELLING),
    Weapon(r"рсзо|реактивн\w* систем\w* залпового огня", "MLRS", "rocket", SUB_EVENT_SHELLING),
    Weapon(r"ракет\w*", "missile", "missile", SUB_EVENT_SHELLING),
    Weapon(r"дрон\w*|беспилотник\w*|бпла", "drone", "drone", SUB_EVENT_AIR),
    Weapon(r"авиабомб\w*|авиаудар\w*|бомб\w*", "bomb", "bomb", SUB_EVENT_AIR),
    # As in Ukrainian: "обстрел" is any bombardment and names no weapon.
    Weapon(r"кассетн\w* (?:боеприпас|снаряд|бомб)\w*", "cluster munition", "artillery", SUB_EVENT_SHELLING),
    Weapon(
        r"артиллер\w*|минометн\w*|миномет\w*|гаубиц\w*",
        "artillery",
        "artillery",
        SUB_EVENT_SHELLING,
    ),
)

_TITLES_UK = (
    r"[Мм]ер\b|[Гг]олов[аи]\b|[Пп]ан\b|[Пп]ані\b|[Оо]чільни\w*|[Нн]ачальни\w*|[Кк]ерівни\w*|Президент\w*|[Гг]убернатор\w*"
    r"|Генштаб\w*|Генеральн\w* штаб\w*|Повітрян\w* сил\w*|ДСНС|Міноборони|Міністерств\w*|[Мм]іністр\w*"
    r"|ОВА|ОДА|МВА|Нацполіці\w*|[Пп]оліці\w*|[Пп]рокуратур\w*|[Рр]ечни\w*|[Вв]лад[аи]\b|Укренерго"
    r"|[Уу]ряд\w*|[Сс]л[уі]жб\w*"
)
_TITLES_RU = (
    r"[Гг]убернатор\w*|[Мм]эр\b|[Гг]лав[аы]\b|[Гг]осподин\b|[Гг]оспожа\b|Минобороны|Министерств\w*|[Мм]инистр\w*|МЧС|[Оо]перштаб\w*"
    r"|[Оо]перативн\w* штаб\w*|[Пп]олици\w*|[Пп]рокуратур\w*|[Вв]ласт[иь]\b|[Пп]ресс-служб\w*"
    r"|[Аа]дминистраци\w*|[Пп]равительств\w*|Воздушн\w* сил\w*|Генштаб\w*|[Сс]лужб\w*"
)
_SAY_UK = r"(?:повідоми\w*|повідомля\w*|заяви\w*|зазначи\w*|написа\w*|уточни\w*|дода\w*|розпові\w*|інформу\w*)"
_SAY_RU = r"(?:сообщи\w*|сообща\w*|заяви\w*|написа\w*|уточни\w*|добави\w*|рассказа\w*|отмети\w*)"

# Capitalised words that are never (part of) a place here, in the forms news uses.
_STOPWORDS_UK = frozenset({
    "україна", "україни", "україні", "україну", "україною", "росія", "росії", "росію", "росією", "рф",
    "сша", "нато", "єс", "оон", "зсу", "сбу", "гур", "дснс", "ова", "ода", "мва", "нпз", "тес", "тец",
    "аес", "гес", "бпла", "ппо", "президент", "президента", "прем'єр", "міністр", "міністерство",
    "міноборони", "генштаб", "генштабу", "повітряні", "сили", "сил", "оборони", "укренерго",
    "укрзалізниця", "нафтогаз", "зеленський", "зеленського", "путін", "путіна", "трамп", "трампа",
    "кремль", "кремля", "кремлі", "телеграм", "telegram", "внаслідок", "унаслідок", "вночі", "уночі",
    "вранці", "зранку", "вдень", "увечері", "ввечері", "сьогодні", "вчора", "напередодні", "також",
    "крім", "окрім", "тим", "часом", "водночас", "загалом", "раніше", "згодом", "пізніше", "після",
    "під", "через", "цього", "ця", "цей", "ці", "за", "до", "від", "про", "по", "та", "але", "як",
    "що", "де", "коли", "він", "вона", "вони", "його", "її", "їх", "там", "тут", "минулої", "одна",
    "один", "двоє", "троє", "мер", "голова", "начальник", "очільник", "губернатор", "області",
    "область", "обл", "район", "району", "районі", "громади", "громаді", "громада", "місто", "міста",
    "місті", "село", "селі", "смт", "вулиці", "вул", "чорне", "чорному", "море", "морі", "європа",
    "європи", "білорусь", "білорусі", "польща", "польщі", "ще", "всього", "станом",
    # Nationality adjectives at a sentence start are no places ("Український дрон ...", "Російська ракета ...").
    "український", "українська", "українське", "українські", "українського", "української",
    "російський", "російська", "російське", "російські", "російського", "російської", "ворожий", "ворожі",
})  # fmt: skip
_STOPWORDS_RU = frozenset({
    "украина", "украины", "украине", "украину", "россия", "россии", "россию", "рф", "сша", "нато", "ес",
    "оон", "всу", "зсу", "сбу", "мчс", "пво", "бпла", "нпз", "тэц", "аэс", "гэс", "президент",
    "министр", "министерство", "минобороны", "генштаб", "кремль", "кремля", "телеграм", "telegram",
    "ночью", "утром", "днем", "днём", "вечером", "сегодня", "вчера", "накануне", "также", "кроме",
    "того", "тем", "временем", "одновременно", "всего", "ранее", "позднее", "позже", "после", "под",
    "через", "при", "по", "за", "до", "от", "об", "как", "что", "где", "когда", "он", "она", "они",
    "его", "ее", "её", "их", "там", "здесь", "губернатор", "мэр", "глава", "области", "область",
    "район", "района", "районе", "город", "города", "городе", "село", "селе", "улице", "черное",
    "черном", "море", "европа", "белоруссия", "белоруссии", "польша", "польши", "зеленский",
    "зеленского", "путин", "путина", "трамп", "трампа", "песков", "пескова", "одна", "один", "двое",
    "трое", "еще", "ещё", "результате",
    # Nationality adjectives at a sentence start are no places ("Украинский беспилотник атаковал ...": no
    # Novoukrainskiy in Krasnodar).
    "украинский", "украинская", "украинское", "украинские", "украинского", "украинской", "украинских",
    "российский", "российская", "российское", "российские", "российского", "российской", "российских",
})  # fmt: skip

# Oblique cases of place names back to the nominative (see Language.inflections). Ukrainian: "у Харкові",
# "у Києві", "в Запоріжжі", "в Одесі", "в Умані", "у Дніпрі", "у Сумах", "у Кривому Розі", "по Харкову",
# "біля Херсона", "на Харківщині", "у Харківській області", "по Новошахтинському НПЗ".
_INFLECTIONS_UK: tuple[tuple[str, str], ...] = (
    # -ів/-їв towns: Харкові, Харкова, по Харкову, над Харковом; Києві; Миколаєві
    ("ові", "ів"), ("єві", "їв"), ("ова", "ів"), ("єва", "їв"), ("ову", "ів"), ("єву", "їв"),
    ("овом", "ів"), ("євом", "їв"),
    ("жжі", "жжя"), ("жжю", "жжя"), ("жжям", "жжя"),  # Запоріжжі
    ("щині", "щина"), ("щину", "щина"), ("щини", "щина"),  # на Харківщині
    ("ччині", "ччина"), ("ччину", "ччина"), ("ччини", "ччина"),  # на Донеччині
    ("озі", "іг"), ("огу", "іг"),  # Кривому Розі, Кривого Рогу
    ("ському", "ськ"), ("ського", "ськ"), ("ський", "ськ"),  # по Новошахтинському НПЗ
    ("ому", "ий"), ("ому", "е"), ("ого", "ий"),  # Кривому; у Рівному, Кам'янському
    # a lone region adjective is the region; with its noun, the adjective alone
    ("ській", "ська область"), ("ської", "ська область"), ("цькій", "цька область"),
    ("цької", "цька область"), ("зькій", "зька область"), ("зької", "зька область"),
    ("ій", "а"), ("ої", "а"),
    ("ці", "к"), ("ці", "ка"), ("ці", "ця"),  # Кременчуці, Шостці, Вінниці
    ("ах", "и"), ("ам", "и"), ("ях", "і"), ("ями", "ь"), ("ях", "ь"),  # у Сумах; областями
    ("і", "ь"), ("і", "а"), ("і", ""), ("і", "о"), ("і", "я"),  # Умані, Одесі, Херсоні, Дніпрі
    ("у", ""), ("у", "а"), ("ю", "я"),  # у Покровську, на Одесу
    ("", ""),
    ("а", ""), ("а", "о"), ("ом", ""), ("ем", ""), ("ою", "а"), ("ею", "я"),  # біля Херсона, Дніпра
    ("", "и"),  # районі Сум
)  # fmt: skip
# Russian: "в Харькове", "в Одессе", "в Москве", "в Курске", "в Николаеве", "в Сумах", "в Кривом Роге",
# "по Белгороду", "в Ростовской области", "на Белгородчине", "по Новошахтинскому НПЗ".
_INFLECTIONS_RU: tuple[tuple[str, str], ...] = (
    ("ове", "ов"), ("еве", "ев"),  # в Харькове, в Николаеве
    ("ском", "ск"), ("скому", "ск"), ("ского", "ск"), ("ский", "ск"),  # по Новошахтинскому НПЗ
    # a lone region adjective is the region ("над Курской"); with its noun, the adjective alone
    ("ской", "ская область"), ("скую", "ская область"), ("ской", "ская"), ("ую", "ая"),
    ("щине", "щина"), ("щину", "щина"), ("щины", "щина"), ("чине", "чина"), ("чину", "чина"),
    ("чины", "чина"),  # на Белгородчине
    ("ья", "ье"),  # Запорожья
    ("ах", "ы"), ("ам", "ы"), ("ях", "и"), ("ями", "ь"), ("ях", "ь"),  # в Сумах; областями
    ("ом", "ой"),  # Кривом Роге
    ("е", ""), ("е", "а"), ("е", "ь"), ("и", "ь"),  # в Курске, в Москве, в Умани
    ("ьце", "ец"), ("ьца", "ец"), ("ьцу", "ец"),  # в Ельце (Елец)
    ("ом", "ое"),  # в селе Репном
    ("", ""),
    ("а", ""), ("у", ""), ("у", "а"), ("ы", "а"), ("и", "а"), ("ом", ""), ("ой", "ая"), ("ю", "я"),
    ("", "ы"),  # районе Сум
)  # fmt: skip

# Regions by their colloquial names, and Russian regions spelt in Ukrainian, which the gazetteer lacks.
_ALIASES_UK = {
    "харківщина": "Харківська область", "сумщина": "Сумська область", "одещина": "Одеська область",
    "київщина": "Київська область", "дніпропетровщина": "Дніпропетровська область",
    "херсонщина": "Херсонська область", "миколаївщина": "Миколаївська область",
    "чернігівщина": "Чернігівська область", "полтавщина": "Полтавська область",
    "донеччина": "Донецька область", "луганщина": "Луганська область",
    "черкащина": "Черкаська область", "житомирщина": "Житомирська область",
    "вінниччина": "Вінницька область", "хмельниччина": "Хмельницька область",
    "львівщина": "Львівська область", "кіровоградщина": "Кіровоградська область",
    "рівненщина": "Рівненська область", "бєлгородщина": "Белгородская область",
    "курщина": "Курская область", "брянщина": "Брянская область",
    "бєлгородська область": "Белгородская область", "білгородська область": "Белгородская область",
    "курська область": "Курская область", "брянська область": "Брянская область",
    "ростовська область": "Ростовская область", "воронізька область": "Воронежская область",
}  # fmt: skip
_ALIASES_RU = {
    "харьковщина": "Харьковская область", "сумщина": "Сумская область", "одесщина": "Одесская область",
    "киевщина": "Киевская область", "днепропетровщина": "Днепропетровская область",
    "херсонщина": "Херсонская область", "николаевщина": "Николаевская область",
    "черниговщина": "Черниговская область", "полтавщина": "Полтавская область",
    "белгородчина": "Белгородская область", "курщина": "Курская область", "брянщина": "Брянская область",
}  # fmt: skip


def _clause_breaks(conjunctions: str, ands: str, prepositions: str, strike: str) -> str:
    """Ends of clauses: ";", a dash, ", but"-like conjunctions, and "and" before a place or a strike word."""
    return rf";|\s[—–-]\s|,\s*(?:{conjunctions})\s|\s(?:{ands})\s(?=(?:{prepositions})\s|(?:{strike})\b)"


_REGION_WORDS_UK = frozenset({
    "область", "області", "областю", "обл", "областях", "областями", "областей", "край", "краю", "краї",
    "республіка", "республіки",
    "республіці",
})  # fmt: skip
_FEATURE_WORDS_UK = frozenset({
    "річка", "річці", "річки", "море", "морі", "моря", "озеро", "затока", "затоці", "коса", "косі",
    "острів", "острові", "водосховище", "водосховища", "канал", "узбережжя", "узбережжі", "напрямок",
    "напрямку", "напрямі", "фронт", "район", "районі", "району", "мікрорайон", "мікрорайоні",
})  # fmt: skip
_FACILITY_WORDS_UK = frozenset({
    "нпз", "тес", "тец", "аес", "гес", "нафтобаза", "нафтобазу", "нафтобазі", "аеродром", "аеродромі",
    "аеродрому", "підстанція", "підстанцію", "підстанції", "порт", "порту", "порті", "завод", "заводі",
    "заводу",
})  # fmt: skip
_FILLERS_UK = frozenset({
    "місто", "місті", "міста", "місту", "містом", "село", "селі", "села", "селище", "селищі", "селища",
    "смт", "м.", "с.", "обласний", "обласному", "обласного", "центр", "центрі", "центру", "околицю",
    "передмістя", "району", "на", "у", "в",
    "прифронтовий", "прифронтовому", "прикордонний", "прикордонному", "знову", "вночі", "уночі",
    "також", "ще",
})  # fmt: skip
_LOCATIVES_UK = frozenset({
    "у", "в", "на", "по", "біля", "поблизу", "під", "над", "неподалік", "поруч", "довкола", "навколо",
    # part of a place, before its name in the genitive: "у Салтівському районі Харкова"
    "районі", "мікрорайоні", "околицях", "околиці", "передмісті", "район", "району", "райони", "районах",
    # people of a place, before its name in the genitive: "мешканців Сумщини"
    "мешканців", "мешканця", "мешканки", "мешканці", "жителів", "жителя", "жительки", "жителі",
})  # fmt: skip

UKRAINIAN = Language(
    code="uk",
    strike=rf"\b(?:{_STRIKE_UK})\b",
    diplomacy=(
        r"\b(?:зустріч\w*|переговор\w*|саміт\w*|гаранті\w*|перемир\w*|мирн\w* (?:план|угод|процес|ініціатив)\w*"
        r"|угод\w*|санкці\w*|делегаці\w*|посол|посла|візит\w*|дипломат\w*|конференці\w*|пресконференці\w*"
        r"|прес-конференці\w*|брифінг\w*|засіданн\w*|консультаці\w*|форум\w*)\b"
    ),
    hypothetical=(
        r"\b(?:якщо|якби|би|б)\b|\bбудь-як\w* (?:удар|атак)\w*|\bпопереди\w*|\bпопереджа\w*"
        r"|\bзагроз\w* (?:удар|атак|застосуванн|балістичн)\w*|\bповітрян\w* тривог\w*|\bкурсом на\b"
        r"|\bрух\w* (?:\w+ )?(?:ракет|бпла|дрон|безпілотн|цілі|цілей)\w*|\bевакуйов\w*|\bевакуаці\w*"
    ),
    number_words=_NUM_UK,
    vague_numbers=_VAGUE_UK,
    person_nouns=_PERSONS_UK,
    killed=(
        r"\b(?:загинул[иао]?|загинув|вбит[оаи]?|убит[оаи]?|вбили|убили|загибел[ьіи]|забра\w* життя|жертвами стали)"
        rf"\s+{_PREFIX_UK}(?P<n>{{num}})\b",
        rf"(?P<n>{{num}})\s+{_FILL_UK}{_BE_UK}(?:загинул[иао]?|загинув|загиблих|загиблі|вбит\w*|убит\w*"
        r"|померл[иао]?|помер)\b",
        r"\b(?P<n>без)\s+(?:жертв|загиблих|постраждалих)\b",
        r"\b(?:постраждалих)\s+(?P<n>немає)\b",
        r"\b(?P<n>ніхто)\s+не\s+(?:постраждав|загинув)\b",
        r"\b(?P<n>люди)\s+не\s+постраждали\b",
        r"\b(?:жертв|загиблих)\s+(?P<n>немає)\b",
        rf"\b(?:кількість|число) (?:загиблих|жертв)\s+(?:\w+\s+){{0,3}}?(?:до|становить|сягнула)\s+{_PREFIX_UK}"
        r"(?P<n>{num})\b",
        rf"(?P<n>{{num}})\s+{_FILL_UK}(?:отрима\w*|дістал\w*|дістав|зазна\w*)\s+(?:смертельн|несумісн)\w*\s+"
        r"(?:з\s+життям\s+)?(?:поранен|травм)\w*",
        r"\b(?:до|сягнула)\s+(?P<n>{num})\s+(?:\w+\s+){0,2}?(?:кількість|число)\s+(?:загиблих|жертв)",
        r"\bсмертельн\w*\s+(?:поранен|травм)\w*\s+(?:[\w'-]+\s+){0,4}?(?:отрима\w*|дістал\w*|дістав|зазна\w*)\s+"
        r"(?P<n>{num})",
    ),
    injured=(
        r"\b(?:поранено|поранені|поранений|поранена|поранили|поранила|поранило|постраждал[иао]?|постраждав"
        r"|травмовано|травмован[іоа]|травмований"
        r"|госпіталізован[іо]|госпіталізували|травмувал\w*"
        r"|(?:отрима\w*|дістал\w*|дістав|зазна\w*)\s+(?:поранен\w*|травм\w*)"
        r"|поранен\w*\s+(?:зазна\w*|отрима\w*|дістал\w*|дістав)|поранення|травмування)"
        rf"\s+{_PREFIX_UK}(?:також\s+)?(?P<n>{{num}})\b(?!\s+(?:[\w'’-]+\s+)?{_THINGS})",
        rf"(?P<n>{{num}})(?!\s+(?:[\w'’-]+\s+)?{_THINGS})\s+{_FILL_UK}{_BE_UK}(?:{_INJURED_UK})\b",
        # "до лікарні доставили людину", "госпіталізували двох"
        r"\b(?:доставили|доставлено|госпіталізували|госпіталізовано)\s+(?:(?:до|в|у)\s+(?:\w+\s+){0,2}?"
        rf"(?:лікарн|шпитал|медичн)\w*\s+(?:заклад\w*\s+)?)?{_PREFIX_UK}(?P<n>{{num}})\b",
        r"\b(?P<n>без)\s+(?:постраждалих|поранених)\b",
        r"(?P<n>{num})\s+(?:з|із)\s+(?:поранених|постраждалих)\b",
        r"\b(?:постраждалих|поранених)\s+(?P<n>немає)\b",
        r"\b(?P<n>люди)\s+не\s+постраждали\b",
    ),
    weapons=_WEAPONS_UK,
    actors=(
        (
            r"[Рр]осійськ\w* (?:\w+ ){0,2}?(?:військ\w*|армі\w*|окупант\w*|загарбник\w*|дрон\w*|безпілотник\w*"
            r"|ракет\w*|удар\w*|атак\w*|обстріл\w*|артилері\w*|авіаці\w*)",
            "russia",
        ),
        (
            r"(?:Росія|РФ|[Вв]орог|[Оо]купанти|[Рр]осіяни) (?:знову |вкотре )?(?:атакува\w*|вдари\w*|обстріля\w*"
            r"|запусти\w*|урази\w*|завда\w*)",
            "russia",
        ),
        (
            r"(?:ЗСУ|Сили оборони|СБУ|ГУР)(?: \w+){0,3}? (?:урази\w*|атакува\w*|вдари\w*|знищи\w*)"
            r"|[Уу]країнськ\w* (?:\w+ )?(?:дрон\w*|безпілотник\w*|ракет\w*)",
            "ukraine",
        ),
    ),
    reporter=(
        rf"(?P<who>(?:{{titles}})(?:\s+{_CY_NAME}){{0,5}}),?\s+{_SAY_UK}",
        rf"\b(?:[Зз]а словами|[Яя]к повідоми\w*|[Зз]а даними|повідоми\w* в|повідоми\w* у)\s+"
        rf"(?P<who>(?:{{titles}})(?:\s+{_CY_NAME}){{0,5}})",
        # The verb first, as Ukrainian news usually has it: "..., повідомив мер Ігор Терехов".
        rf"\b{_SAY_UK}\s+(?P<who>(?:[\w'-]+\s+){{0,2}}?(?:{{titles}})(?:\s+{_CY_NAME}){{0,5}})",
    ),
    titles=_TITLES_UK,
    region_titles=frozenset({"губернатор", "ова", "ода", "області", "обласної"}),
    city_titles=frozenset({"мер", "міської", "мва"}),
    stopwords=_STOPWORDS_UK,
    region_words=_REGION_WORDS_UK,
    feature_words=_FEATURE_WORDS_UK,
    facility_words=_FACILITY_WORDS_UK,
    facility_before=(
        r"\b(?:нпз|нафтобаз\w*|нафтосховищ\w*|тес|тец|аес|гес|аеродром\w*|підстанці\w*|завод\w*)"
        r"\s+(?:у|в|біля|поблизу|під)\s+$"
    ),
    not_places=(
        r"\b(?:Чорн\w* мор\w*|Азовськ\w* мор\w*|Кримськ\w* міст\w*|Керченськ\w* прото\w*|Повітрян\w* [Сс]ил\w*"
        r"|Сил\w* оборони|Генеральн\w* штаб\w*|Збройн\w* [Сс]ил\w*|Укренерго|Укрзалізниц\w*|Нафтогаз\w*"
        r"|Storm Shadows?|Telegram|Телеграм\w*)"
    ),
    metonyms=frozenset({"київ", "москва", "кремль"}),
    fillers=_FILLERS_UK,
    locatives=_LOCATIVES_UK,
    target_words=(
        r"удар\w*|атак\w*|атакува\w*|обстріл\w*|обстріля\w*|бомбардува\w*|бомби\w*|вдари\w*|урази\w*"
        r"|поціли\w*|влучи\w*|влучання|прил[іе]т\w*|вибух\w*"
    ),
    target_after=(
        r"^\s+(?:знову\s+|вкотре\s+|також\s+)?(?:зазна\w*\s+(?:\w+\s+)?(?:удар\w*|атак\w*|обстріл\w*)"
        r"|атакува\w*|атакован\w*|обстріля\w*|обстрілян\w*|потрапи\w* під (?:\w+\s+)?(?:удар|обстріл|атаку))\b"
    ),
    clause_breaks=_clause_breaks(
        r"а|але|проте|тоді як|де|після того як|коли|поки",
        r"і|й|та",
        r"у|в|на|по|біля|поблизу|під|також|ще|потім",
        _STRIKE_UK,
    ),
    qualifier_region=r"(?!)",
    qualifier_country=r"(?!)",
    new_event=(
        r"^(?:також|крім того|окрім того|тим часом|водночас|в іншому|у іншому|в інших|окремо"
        r"|ще одн\w*)\b"
    ),
    also=r"^(?:також|крім того|окрім того)\b",
    stress=r"\bгостр\w* (?:реакці\w* на )?стрес\w*|\bстрес\w*",
    lone_numbers={"люди": 0},
    shot_down=(
        r"\b(?:збил\w*|збит[оі]|знищил\w*|знищен[оі]|перехопил\w*|подавил\w*|подавлен\w*)\b[^.;]{0,60}"
        r"(?:дрон|бпла|безпілот|ракет|шахед|цілей|цілі)"
    ),
    harm=(
        r"\b(?:пошкод\w*|зруйнов\w*|руйнуван\w*|пожеж\w*|загорі\w*|влучан\w*|влучи\w*|уламк\w*|загин\w*"
        r"|поранен\w*|постраждал\w*|травм\w*)"
    ),
    street_words=frozenset({"вулиці", "вулиця", "вулицю", "вулицях", "вул.", "проспекті", "провулку", "бульварі"}),
    landmark_before=r"\b(?:неподалік від|недалеко від|поблизу від|на кордоні з|кордону з)\b[^,;.]{0,40}$",
    region_wide=(
        r"\b(?:(?:на|по|в|у|на території)\s+(?:регіон(?:у|і)?|област(?:ь|і))|по всій Україні|території України"
        r"|(?:запустив|випустив|запустили|випустили|знищили|збили)\s+(?:близько |понад |щонайменше )?\d+"
        r"|населен\w* пункт\w*|громад(?:и|ах|ам)\b)"
    ),
    age_verbs=r"\b(?:постраждал\w*|постраждав|травмувал\w*|поранен\w*|госпіталізова\w*)",
    age_words=r"річн\w*|\bрок(?:ів|и)\b",
    affected=r"\bпостраждал\w*|\bпостраждав\b",
    died=r"\bврятувати\s+(?:його|її|їх)\s+не\s+вдалося|\bпомер\w*\s+(?:у|в)\s+лікарні|\bпомер\w* від поранень",
    list_words=r"і|й|та|або",
    district_words=frozenset(
        {"район", "районі", "району", "райони", "районах", "районом", "мікрорайон", "мікрорайоні"}
    ),
    area_words=frozenset(
        {
            "район",
            "районі",
            "району",
            "районом",
            "райони",
            "районах",
            "громада",
            "громаді",
            "громади",
            "громаду",
            "громадою",
            "громад",
            "громадах",
            "громадам",
            "громадами",
            "районів",
            "округ",
            "округу",
            "окрузі",
        }
    ),
    village_words=frozenset(
        {"село", "селі", "села", "селу", "селище", "селищі", "селища", "селищу", "сел.", "с.", "смт", "хутір", "хуторі"}
    ),
    past=r"\b(?:тиждень|тижні|місяць|рік)\s+тому\b|\bминулого\s+(?:тижня|місяця|року)\b",
    statement=rf"\b{_SAY_UK}",
    not_infrastructure=(
        r"\b(?:госпіталіз\w*"
        r"(?:\s+(?:до|в|у)\s+(?:\w+\s+){0,2}?(?:лікарн|шпитал|медичн|медзаклад)\w*(?:\s+заклад\w*)?)?"
        r"|(?:доставлен\w*|доставили|потрапи\w*) (?:до|в|у) (?:\w+\s+){0,2}?(?:лікарн|шпитал|медичн)\w*"
        r"(?:\s+заклад\w*)?"
        r"|(?:до|в|у) (?:\w+\s+)?(?:лікарн|шпитал)\w* (?:доставили|доставлено|госпіталізували|госпіталізовано)"
        r"|(?:допомог\w*|лікуван\w*|перебува\w*)\s+(?:у|в)\s+(?:\w+\s+)?(?:лікарн|шпитал)\w*(?:\s+\w+)?"
        r"|медичн\w* допомог\w*|медик\w*)"
    ),
    letters=_CY_LETTERS,
    markers=r"[ІіЇїЄєҐґ]|\b(?:що|це|та|як|й|він|вона|вони|його|її)\b",
    inflections=_INFLECTIONS_UK,
    aliases=_ALIASES_UK,
    gazetteer_names=True,
)

_REGION_WORDS_RU = frozenset({
    "область", "области", "областью", "обл", "областях", "областями", "областей", "край", "края", "крае",
    "краем", "республика",
    "республики", "республике",
})  # fmt: skip
_FEATURE_WORDS_RU = frozenset({
    "река", "реке", "реки", "море", "моря", "озеро", "залив", "заливе", "коса", "косе", "остров",
    "острове", "водохранилище", "канал", "побережье", "побережья", "направлении", "направление",
    "фронт", "район", "районе", "района", "микрорайон", "микрорайоне",
})  # fmt: skip
_FACILITY_WORDS_RU = frozenset({
    "нпз", "тэц", "аэс", "гэс", "нефтебаза", "нефтебазу", "нефтебазе", "аэродром", "аэродроме",
    "подстанция", "подстанцию", "подстанции", "порт", "порту", "порта", "завод", "заводе", "завода",
})  # fmt: skip
_FILLERS_RU = frozenset({
    "город", "городе", "города", "городу", "село", "селе", "села", "поселок", "посёлок", "поселке",
    "посёлке", "пгт", "г.", "с.", "областной", "областном", "центр", "центре", "района",
    "на", "в", "во", "приграничный", "приграничном",
    "прифронтовой", "прифронтовом", "снова", "ночью", "также",
})  # fmt: skip
_LOCATIVES_RU = frozenset({
    "в", "во", "на", "по", "у", "под", "около", "возле", "близ", "над", "недалеко", "рядом", "вблизи",
    # part of a place, before its name in the genitive: "в Киевском районе Одессы"
    "районе", "микрорайоне", "окрестностях", "окраине", "пригороде", "район", "района", "районы", "районах",
    "жителей", "жителя", "жительницы", "жители",
})  # fmt: skip

RUSSIAN = Language(
    code="ru",
    strike=rf"\b(?:{_STRIKE_RU})\b",
    diplomacy=(
        r"\b(?:встреч\w*|переговор\w*|саммит\w*|гаранти\w*|перемири\w*|мирн\w* (?:план|соглаш|процесс)\w*"
        r"|соглашени\w*|санкци\w*|делегаци\w*|посол|посла|визит\w*|дипломат\w*|конференци\w*"
        r"|пресс-конференци\w*|брифинг\w*|заседани\w*|консультаци\w*|форум\w*)\b"
    ),
    hypothetical=(
        r"\b(?:если|бы|б)\b|\bлюб\w+ (?:удар|атак)\w*|\bпредупре\w*|\bугроз\w* (?:\w+ )?(?:удар|атак)\w*"
        r"|\bбеспилотн\w* опасност\w*|\bракетн\w* опасност\w*|\bкурсом на\b|\bопасност\w* (?:атак|удар)\w*"
        r"|\bэвакуир\w*"
    ),
    number_words=_NUM_RU,
    vague_numbers=_VAGUE_RU,
    person_nouns=_PERSONS_RU,
    killed=(
        r"\b(?:погибл[иао]|погиб|убит[ыао]?|убили|гибел[ьи]|унес\w* жизни|жертвами стали)"
        rf"\s+{_PREFIX_RU}(?P<n>{{num}})\b",
        rf"(?P<n>{{num}})\s+{_FILL_RU}{_BE_RU}(?:погибл[иао]|погиб|погибших|погибшие|убит\w*|скончал\w*"
        r"|умерл[иао]|умер)\b",
        r"\b(?P<n>без)\s+(?:жертв|погибших|пострадавших)\b",
        r"\b(?:пострадавших)\s+(?P<n>нет)\b",
        r"\b(?P<n>никто)\s+не\s+(?:пострадал|погиб)\b",
        r"\b(?P<n>люди)\s+не\s+пострадали\b",
        r"\b(?:жертв|погибших)\s+(?P<n>нет)\b",
        rf"\b(?:число|количество) (?:погибших|жертв)\s+(?:\w+\s+){{0,3}}?(?:до|составляет|составило)\s+"
        rf"{_PREFIX_RU}(?P<n>{{num}})\b",
        rf"(?P<n>{{num}})\s+{_FILL_RU}получил\w*\s+(?:смертельн|несовместим)\w*\s+(?:с\s+жизнью\s+)?(?:ранени|травм)\w*",
    ),
    injured=(
        r"\b(?:ранены|ранен[оа]?|ранили|ранило|ранила|пострадал[иао]?|травмирован[ыоа]?|госпитализирован[ыоа]?"
        r"|(?:получил\w*)\s+(?:ранени\w*|травм\w*|баротравм\w*)"
        r"|(?:ранени\w*|травм\w*|баротравм\w*)\s+получил\w*|ранения|травмирование)"
        rf"\s+{_PREFIX_RU}(?:также\s+)?(?P<n>{{num}})\b(?!\s+(?:[\w'’-]+\s+)?{_THINGS})",
        rf"(?P<n>{{num}})(?!\s+(?:[\w'’-]+\s+)?{_THINGS})\s+{_FILL_RU}{_BE_RU}(?:{_INJURED_RU})\b",
        r"\b(?P<n>без)\s+(?:пострадавших|раненых)\b",
        r"\b(?:пострадавших|раненых)\s+(?P<n>нет)\b",
        r"\b(?P<n>люди)\s+не\s+пострадали\b",
    ),
    weapons=_WEAPONS_RU,
    actors=(
        (
            r"ВСУ|[Уу]краинск\w* (?:\w+ )?(?:дрон\w*|беспилотник\w*|БПЛА|военн\w*|войск\w*|ракет\w*|боевик\w*"
            r"|формировани\w*)|[Кк]иевск\w* режим\w*",
            "ukraine",
        ),
        (
            r"[Рр]оссийск\w* (?:\w+ ){0,2}?(?:ракет\w*|удар\w*|дрон\w*|беспилотник\w*|авиаци\w*|артиллери\w*"
            r"|войск\w*|арми\w*)|ВС РФ (?:нанесли|атаковали|ударили)",
            "russia",
        ),
    ),
    reporter=(
        rf"(?P<who>(?:{{titles}})(?:\s+{_CY_NAME}){{0,5}}),?\s+{_SAY_RU}",
        rf"\b(?:[Пп]о словам|[Кк]ак сообщи\w*|[Пп]о данным|сообщи\w* в)\s+"
        rf"(?P<who>(?:{{titles}})(?:\s+{_CY_NAME}){{0,5}})",
        rf"\b{_SAY_RU}\s+(?P<who>(?:[\w'-]+\s+){{0,2}}?(?:{{titles}})(?:\s+{_CY_NAME}){{0,5}})",
    ),
    titles=_TITLES_RU,
    region_titles=frozenset({"губернатор", "области", "областной"}),
    city_titles=frozenset({"мэр", "города"}),
    stopwords=_STOPWORDS_RU,
    region_words=_REGION_WORDS_RU,
    feature_words=_FEATURE_WORDS_RU,
    facility_words=_FACILITY_WORDS_RU,
    facility_before=(
        r"\b(?:нпз|нефтебаз\w*|нефтехранилищ\w*|тэц|аэс|гэс|аэродром\w*|подстанци\w*|завод\w*)"
        r"\s+(?:в|во|у|около|возле|под)\s+$"
    ),
    not_places=(
        r"\b(?:Черн\w* мор\w*|Азовск\w* мор\w*|Крымск\w* мост\w*|Керченск\w* пролив\w*|Вооруж\w* [Сс]ил\w*"
        r"|Воздушн\w* [Сс]ил\w*|Генеральн\w* штаб\w*|Министерств\w* обороны|Storm Shadows?|Telegram|Телеграм\w*)"
    ),
    metonyms=frozenset({"киев", "москва", "кремль"}),
    fillers=_FILLERS_RU,
    locatives=_LOCATIVES_RU,
    target_words=(
        r"удар\w*|атак\w*|атакова\w*|обстрел\w*|обстреля\w*|бомбардир\w*|бомби\w*|удари\w*|порази\w*"
        r"|попа\w*|прил[её]т\w*|взрыв\w*"
    ),
    target_after=(
        r"^\s+(?:снова\s+|вновь\s+|также\s+)?(?:подверг\w*\s+(?:\w+\s+)?(?:удар\w*|атак\w*|обстрел\w*)"
        r"|атакова\w*|обстреля\w*|попа\w* под (?:\w+\s+)?(?:удар|обстрел))\b"
    ),
    clause_breaks=_clause_breaks(
        r"а|но|однако|тогда как|где|после того как|когда|пока",
        r"и",
        r"в|во|на|по|у|под|около|также|затем",
        _STRIKE_RU,
    ),
    qualifier_region=r"(?!)",
    qualifier_country=r"(?!)",
    new_event=(
        r"^(?:также|кроме того|тем временем|одновременно|в другом|в других|отдельно"
        r"|ещё одн\w*|еще одн\w*)\b"
    ),
    also=r"^(?:также|кроме того)\b",
    stress=r"\bостр\w* (?:реакци\w* на )?стресс\w*|\bстресс\w*",
    lone_numbers={"люди": 0},
    shot_down=(
        r"(?:(?:сбил\w*|сбит[оы]|уничтожил\w*|уничтожен[оы]|перехватил\w*|подавил\w*|подавлен\w*|перехвачен\w*)\b"
        r"[^.;]{0,60}(?:дрон|бпла|беспилот|ракет|целей|цели)"
        r"|(?:дрон|бпла|беспилот|ракет)\w*\s+(?:были\s+)?(?:сбиты|уничтожены|перехвачены|подавлены))"
    ),
    harm=(
        r"\b(?:поврежд\w*|разруш\w*|пожар\w*|загорел\w*|возгорани\w*|попадани\w*|обломк\w*|погиб\w*"
        r"|ранен\w*|пострадал\w*|травм\w*)"
    ),
    street_words=frozenset({"улице", "улица", "улицу", "улицах", "ул.", "проспекте", "переулке", "бульваре"}),
    landmark_before=r"\b(?:недалеко от|неподалеку от|вблизи от|на границе с|границы с)\b[^,;.]{0,40}$",
    region_wide=(
        r"\b(?:(?:на|по|в|во всей|по всей|на территории)\s+(?:регион(?:у|е)?|област(?:ь|и))"
        r"|населенн\w* пункт\w*|муниципалитет\w*|над Россией|по всей стране"
        r"|(?:запустил\w*|выпустил\w*|сбит\w*|уничтож\w*|перехвач\w*)\s+(?:около |более |свыше )?\d+)"
    ),
    age_verbs=r"\b(?:пострадал\w*|ранен\w*|госпитализирова\w*)",
    age_words=r"летн\w*|\bлет\b|\bгод(?:а)?\b",
    affected=r"\bпострадал\w*|\bпострадавш\w*",
    died=r"\bспасти\s+(?:его|ее|её|их)\s+не\s+удалось|\bскончал\w*\s+(?:в\s+больнице|от\s+ранений)",
    list_words=r"и|или",
    district_words=frozenset(
        {"район", "районе", "района", "районы", "районах", "районом", "микрорайон", "микрорайоне"}
    ),
    area_words=frozenset(
        {
            "район",
            "районе",
            "района",
            "районом",
            "районы",
            "районах",
            "округ",
            "округе",
            "округа",
            "округом",
            "округах",
            "округов",
            "районов",
        }
    ),
    village_words=frozenset(
        {
            "село",
            "селе",
            "села",
            "поселок",
            "посёлок",
            "поселке",
            "посёлке",
            "хутор",
            "хуторе",
            "хутора",
            "деревня",
            "деревне",
            "деревни",
            "с.",
            "п.",
            "станица",
            "станице",
            "станицы",
            "станицу",
            "деревню",
            "поселка",
            "посёлка",
            "поселку",
            "хутору",
            "поселение",
            "поселении",
        }
    ),
    past=r"\b(?:неделю|недели|месяц|год)\s+назад\b|\bна\s+прошлой\s+неделе\b|\bв\s+прошлом\s+(?:месяце|году)\b",
    statement=rf"\b{_SAY_RU}",
    not_infrastructure=(
        r"\b(?:госпитализ\w*(?:\s+в\s+(?:\w+\s+){0,2}?(?:больниц|госпитал|медицинск)\w*(?:\s+учреждени\w*)?)?"
        r"|(?:доставлен\w*|доставили|попа\w*) в (?:\w+\s+){0,2}?(?:больниц|госпитал|медицинск)\w*(?:\s+учреждени\w*)?"
        r"|в (?:\w+\s+)?(?:больниц|госпитал)\w* (?:доставили|доставлен\w*|госпитализирова\w*)"
        r"|(?:помощ\w*|лечени\w*|находят\w*|находится|находил\w*)\s+в\s+(?:\w+\s+)?(?:больниц|госпитал)\w*(?:\s+\w+)?"
        r"|медицинск\w* помощ\w*|медик\w*|врач\w*)"
    ),
    letters=_CY_LETTERS,
    markers=r"[ЫыЭэЪъЁё]|\b(?:и|что|это|как|он|она|они|его|ее|её)\b",
    inflections=_INFLECTIONS_RU,
    aliases=_ALIASES_RU,
    gazetteer_names=True,
)

# In this order: a Cyrillic text with no letter or word of Ukrainian's own is Russian (see
# :func:`dashboard.extract.extract.detect_language`, where the first of equals wins).
LANGUAGES: dict[str, Language] = {"en": ENGLISH, "ru": RUSSIAN, "uk": UKRAINIAN}
