"""What a language is to the extractor (:class:`Language`, :class:`Weapon`) and the event types and actor
names the rules fill in. The languages themselves are :mod:`dashboard.extract.patterns`."""

from __future__ import annotations

from dataclasses import dataclass, field

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
    # Words between a name and a region word that leave it the region: "Russia's Belgorod border region".
    region_adjectives: frozenset[str] = frozenset()
    # A sentence that opens like this recalls what was reported before ("Ранее URA.RU сообщало об атаках на
    # Ставрополье, Ростовскую, Ульяновскую область и Татарстан"): a list of regions in it is a round-up of other
    # days' attacks, not events of this report.
    earlier: str = r"(?!)"
