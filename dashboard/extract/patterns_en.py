"""English: the word lists and patterns of :class:`~dashboard.extract.language.Language` for English wire
copy and Ukrainian outlets' English pages (see :mod:`dashboard.extract.patterns` for the conventions)."""

from __future__ import annotations

from dashboard.extract.language import SUB_EVENT_AIR, SUB_EVENT_SHELLING, Language, Weapon

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


_BE = (
    r"(?:(?:were|was|have been|has been|had been|are|is|being|got)\s+"
    # "six people are known to have been injured", "two were reported injured"
    r"(?:(?:currently|now|so far|already)\s+)?"
    r"(?:(?:known|reported|said|believed|confirmed)\s+(?:to\s+(?:have\s+been|be)\s+)?)?)?"
)


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
        r"\b(?P<n>one|a|\d+)\s+(?:reported\s+|confirmed\s+)?(?:fatality|death)\b",  # "to report one fatality"
    ),
    injured=(
        rf"\b(?:injuring|injured|injures|wounding|wounded|wounds|hurting|hurt)\s+{_PREFIX}(?P<n>{{num}})\b",
        rf"(?P<n>{{num}})\s+{_FILL}{_BE}(?:injured|wounded|hurt|injuries)\b",
        # Counted as injured, as ACLED and the UN count them: "three people were taken to hospital",
        # "two were hospitalised", "five sought medical help".
        rf"(?P<n>{{num}})\s+{_FILL}{_BE}(?:{_HOSPITAL})\b",
        rf"\bhospitali[sz]ing\s+{_PREFIX}(?P<n>{{num}})\b",
        rf"(?P<n>{{num}})\s+{_FILL}(?:had\s+|have\s+)?(?:sustained|suffered|received|sustaining|suffering|receiving)\s+"
        r"(?!fatal|mortal|deadly)(?:[\w-]+\s+)?"
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
    earlier=r"^(?:earlier|previously)\b",
    region_adjectives=frozenset({"border", "frontline", "front-line", "neighbouring", "neighboring"}),
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
    died=(
        r"\b(?:died (?:of|from) (?:his|her|their) (?:wounds|injuries)|died in hospital|could not be saved"
        r"|(?:fatal|mortal|deadly) (?:wounds|injuries)|(?:fatally|mortally) (?:wounded|injured))\b"
    ),
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
        r"|August|September|October|November|December)"
        # wire copy's background: "Belgorod ... has come under regular attacks since Moscow sent troops ..."
        r"|since (?:the (?:start|beginning|outbreak) of )?(?:the )?(?:war|full-scale invasion|invasion)"
        r" (?:began|started)"
        r"|since (?:Moscow|Russia) (?:sent|launched|began|invaded)|since February 2022)\b"
    ),
    article=r"an?",
    statement=rf"\b{_SAY}\b",
    not_infrastructure=(
        rf"\b(?:{_HOSPITAL}|hospitali[sz]ing|to (?:the )?hospital"
        r"|medical (?:help|attention|care|assistance|treatment|aid)|medics|doctors|in (?:the )?hospital"
        r"|(?:outside|away from) (?:the )?residential \w+"
        r"|(?:workers?|employees?|staff) (?:of|at) (?:an? |the )?(?:\w+ ){0,2}?"
        r"(?:enterprises?|compan(?:y|ies)|plants?|factor(?:y|ies)))\b"
    ),
    qualifier_country=(
        r"^[^,;.]{0,60}?(?:\b(?:in|of)\s+(?P<country>Russia|Ukraine)\b|\b(?P<owner>Russia|Ukraine)'s\b)"
    ),
)
