"""News text -> candidate events: rules with a small fake geocoder, and end to end with the real one."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from dashboard.extract import format_table, run_extract
from dashboard.extract.extract import Candidate, candidates_to_events, extract_events
from dashboard.extract.text import split_sentences
from dashboard.geo.geocode_result import GeocodeResult

DATA = Path(__file__).parent / "data"
SEED_TEXT = (DATA / "seed_article.txt").read_text(encoding="utf-8")
HELDOUT_TEXT = (DATA / "article_heldout_like.txt").read_text(encoding="utf-8")


# -- a geocoder the size of a test ------------------------------------------------------------------------
# name -> (lat, lon, country, admin1_code, admin1, geo_precision)
PLACES: dict[str, tuple[float, float, str, str, str, int]] = {
    "kharkiv": (49.98, 36.25, "UA", "UA-63", "Kharkiv", 1),
    "kharkiv region": (49.5, 36.5, "UA", "UA-63", "Kharkiv", 3),
    "zaporizhzhia": (47.85, 35.12, "UA", "UA-23", "Zaporizhzhia", 1),
    "uman": (48.75, 30.22, "UA", "UA-71", "Cherkasy", 1),
    "mykolaiv": (46.98, 31.99, "UA", "UA-48", "Mykolaiv", 1),
    "odesa": (46.49, 30.74, "UA", "UA-51", "Odesa", 1),
    "kyiv": (50.45, 30.52, "UA", "UA-30", "Kyiv City", 1),
    "lviv": (49.84, 24.03, "UA", "UA-46", "Lviv", 1),
    "dnipro": (48.47, 35.04, "UA", "UA-12", "Dnipropetrovsk", 1),
    "kryvyi rih": (47.91, 33.39, "UA", "UA-12", "Dnipropetrovsk", 1),
    "kherson": (46.64, 32.61, "UA", "UA-65", "Kherson", 1),
    "sumy": (50.92, 34.80, "UA", "UA-59", "Sumy", 1),
    "sumy region": (50.9, 34.0, "UA", "UA-59", "Sumy", 3),
    "bilopillia": (51.15, 34.31, "UA", "UA-59", "Sumy", 1),
    "novoshakhtinsk": (47.76, 39.93, "RU", "RU-ROS", "Rostov", 1),
    "rostov": (47.22, 39.71, "RU", "RU-ROS", "Rostov", 1),
    "rostov region": (47.5, 40.5, "RU", "RU-ROS", "Rostov", 3),
    "moscow": (55.75, 37.62, "RU", "RU-MOW", "Moscow City", 1),
    "belgorod": (50.60, 36.58, "RU", "RU-BEL", "Belgorod", 1),
    "belgorod region": (50.7, 37.4, "RU", "RU-BEL", "Belgorod", 3),
    "tuapse": (44.10, 39.08, "RU", "RU-KDA", "Krasnodar", 1),
    "krasnodar krai": (45.3, 39.0, "RU", "RU-KDA", "Krasnodar", 3),
    "florida": (28.0, -81.7, "US", "US-FL", "Florida", 3),
    "washington": (47.4, -120.5, "US", "US-WA", "Washington", 3),
    "geneva": (46.20, 6.14, "CH", "CH-GE", "Geneva", 1),
    "brussels": (50.85, 4.35, "BE", "BE-BRU", "Brussels", 1),
    "istanbul": (41.01, 28.98, "TR", "TR-34", "Istanbul", 1),
    "zaporizhia": (47.85, 35.12, "UA", "UA-23", "Zaporizhzhia", 1),  # a typo GeoNames does not carry
}
FUZZY = {"zaporizhia": 93.0}


class FakeGeocoder:
    """Dict-backed: the first comma part is the place (region words kept); it records every query."""

    def __init__(self) -> None:
        self.queries: list[str] = []

    def geocode(self, query: str, country_bias: Any = ("UA", "RU")) -> GeocodeResult:
        self.queries.append(query)
        key = query.split(",")[0].strip().lower().replace(" oblast", " region")
        if key not in PLACES:
            return GeocodeResult(query, error=f"no place matches {query!r}")
        lat, lon, country, code, admin1, precision = PLACES[key]
        return GeocodeResult(query, key.title(), lat, lon, country, code, admin1, precision, FUZZY.get(key, 100.0))


@pytest.fixture
def fake() -> FakeGeocoder:
    return FakeGeocoder()


def one(text: str, geocoder: FakeGeocoder) -> Candidate:
    cands = extract_events(text, geocoder)
    assert len(cands) == 1, [c.place for c in cands]
    return cands[0]


def by_place(cands: list[Candidate]) -> dict[str, Candidate]:
    return {c.place: c for c in cands}


# -- the seed article -------------------------------------------------------------------------------------

SEED_PLACES = ["Kharkiv", "Zaporizhzhia", "Uman", "Mykolaiv", "Odesa", "Novoshakhtinsk"]


def check_seed(cands: list[Candidate]) -> None:
    assert [c.place for c in cands] == SEED_PLACES
    c = by_place(cands)
    assert (c["Kharkiv"].killed, c["Kharkiv"].injured) == (2, 6)
    assert c["Kharkiv"].weapon == "guided aerial bomb"
    assert c["Kharkiv"].infrastructure == ["transport"] and c["Kharkiv"].infrastructure_detail == "road"
    assert c["Kharkiv"].reported_by == "Mayor Ihor Terekhov"
    assert (c["Zaporizhzhia"].killed, c["Zaporizhzhia"].injured) == (1, 3)
    assert c["Zaporizhzhia"].weapon in ("bomb", "guided aerial bomb")
    assert c["Zaporizhzhia"].infrastructure == ["residential"]
    assert c["Zaporizhzhia"].reported_by == "officials"
    assert c["Uman"].killed in (None, 0) and c["Uman"].injured == 6
    assert c["Uman"].weapon == "missile" and c["Uman"].infrastructure == []
    assert c["Mykolaiv"].weapon == "drone" and c["Mykolaiv"].infrastructure == ["energy"]
    assert c["Mykolaiv"].power_outage is True
    assert c["Mykolaiv"].actor == "Military Forces of Russia (2000-)"
    assert c["Odesa"].weapon == "drone" and c["Odesa"].infrastructure == ["energy", "port"]
    assert c["Odesa"].power_outage is False
    n = c["Novoshakhtinsk"]
    assert (n.country, n.admin1_code) == ("RU", "RU-ROS")
    assert n.weapon == "Storm Shadow missile" and n.sub_event_type == "Shelling/artillery/missile attack"
    assert n.infrastructure == ["energy"] and n.infrastructure_detail == "oil refinery"
    assert n.injured == 1 and n.killed is None
    assert n.actor == "Military Forces of Ukraine (2019-)"
    assert n.reported_by is not None and "General Staff" in n.reported_by and "Slyusar" in n.reported_by
    assert n.geo_precision == 2  # the refinery, near the town
    for cand in cands:
        assert 0.5 <= cand.confidence <= 1.0
        start, end = cand.evidence_span  # type: ignore[misc]
        assert cand.evidence[start:end] == cand.place


def test_ext001_seed_article_with_fake_geocoder(fake: FakeGeocoder) -> None:
    cands = extract_events(SEED_TEXT, fake)
    check_seed(cands)
    assert "Novoshakhtinsk, Rostov region, Russia" in fake.queries
    # Talk venues are never even asked for: they are stop words.
    assert not {"Florida", "Washington", "Europe", "Mar-a-Lago", "Palm Beach"} & set(fake.queries)


def test_ext002_faq_repeats_merge_into_one_candidate(fake: FakeGeocoder) -> None:
    kharkiv = by_place(extract_events(SEED_TEXT, fake))["Kharkiv"]
    assert kharkiv.evidence.count("\n") >= 2  # list sentence, report, FAQ
    assert "In Kharkiv, a bomb hit a road" in kharkiv.evidence
    assert "In Kharkiv, a guided aerial bomb hit a busy road" in kharkiv.evidence


# -- counts -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("clause", "killed", "injured"),
    [
        ("a bomb hit a road, causing fires and killing two, with six wounded", 2, 6),
        ("a bomb hit a house, killing one and injuring three", 1, 3),
        ("a missile strike wounded six more", None, 6),
        ("a missile strike killed at least 4 people", 4, None),
        ("shelling killed 11 and injured 23", 11, 23),
        ("a drone hit a car; a firefighter was wounded", None, 1),
        ("a 62-year-old woman was killed by shelling", 1, None),
        ("dozens of people were injured in a missile strike", None, 12),
        ("Twenty-three people were wounded in a missile strike", None, 23),
        ("several civilians were hurt in a drone attack", None, 3),
        ("the death toll from the missile strike rose to 19", 19, None),
        ("drones struck the refinery; no one was hurt", None, 0),
        ("drones struck the refinery; no casualties", 0, 0),
        ("some 40 people were injured when drones hit a market", None, 40),
        ("drones hit the city overnight", None, None),
        ("drones hit 20 buildings", None, None),
        # Taken to hospital, hospitalised, sought medical help: injured.
        ("a missile hit a school; three people were taken to hospital", None, 3),
        ("drones struck a house and two were hospitalised", None, 2),
        ("drones struck a house; two people were hospitalized", None, 2),
        ("shelling killed one, and five residents sought medical help", 1, 5),
        ("a guided bomb hit a shop, hospitalising four people", None, 4),
        ("artillery shelled the market, sending three people to hospital", None, 3),
        ("a drone hit a car; six were wounded, two of them were hospitalised", None, 6),
        ("a drone hit a car; a woman was rushed to a local hospital", None, 1),
    ],
)
def test_ext010_counts(fake: FakeGeocoder, clause: str, killed: int | None, injured: int | None) -> None:
    cand = one(f"In Kharkiv, {clause}.", fake)
    assert (cand.killed, cand.injured) == (killed, injured)


def test_ext012_taken_to_hospital_is_not_a_hit_hospital(fake: FakeGeocoder) -> None:
    cand = one("In Kharkiv, a missile hit a school. Three people were taken to hospital, officials said.", fake)
    assert cand.injured == 3 and cand.infrastructure == ["education"]
    hit = one("In Kharkiv, a missile hit a hospital; two people were hospitalised.", fake)
    assert hit.injured == 2 and hit.infrastructure == ["health"]


def test_ext011_counts_of_a_list_are_not_each_places(fake: FakeGeocoder) -> None:
    cands = extract_events("Russian shelling of Kherson and Sumy killed five people.", fake)
    assert [(c.place, c.killed) for c in cands] == [("Kherson", None), ("Sumy", None)]


# -- weapons, actors, sources -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "weapon", "sub_event"),
    [
        (
            "Ukraine hit Novoshakhtinsk with U.K.-supplied Storm Shadow missiles.",
            "Storm Shadow missile",
            "Shelling",
        ),
        ("Kharkiv was hit by guided aerial bombs.", "guided aerial bomb", "Air/drone"),
        ("A KAB hit Kharkiv.", "guided aerial bomb", "Air/drone"),
        ("Shahed drones attacked Odesa.", "Shahed drone", "Air/drone"),
        ("A Kh-101 cruise missile hit Kyiv.", "Kh-101 cruise missile", "Shelling"),
        ("A ballistic missile struck Dnipro.", "ballistic missile", "Shelling"),
        ("Russian artillery shelled Kherson.", "artillery", "Shelling"),
        ("Drones and missiles hit Kyiv.", "missile", "Shelling"),
        ("An explosion was reported in Sumy.", None, "Shelling"),
    ],
)
def test_ext020_most_specific_weapon(fake: FakeGeocoder, text: str, weapon: str | None, sub_event: str) -> None:
    cand = one(text, fake)
    assert cand.weapon == weapon
    assert cand.sub_event_type.startswith(sub_event)


@pytest.mark.parametrize(
    ("text", "actor"),
    [
        ("Russian drones hit Mykolaiv.", "Military Forces of Russia (2000-)"),
        ("A Russian ballistic missile hit Dnipro.", "Military Forces of Russia (2000-)"),
        ("Ukraine says it struck the Novoshakhtinsk refinery.", "Military Forces of Ukraine (2019-)"),
        (
            "Ukraine's General Staff said it hit the Novoshakhtinsk refinery.",
            "Military Forces of Ukraine (2019-)",
        ),
        ("Ukrainian drones attacked Belgorod.", "Military Forces of Ukraine (2019-)"),
        ("Shahed drones attacked Odesa.", "Military Forces of Russia (2000-)"),  # one side flies them
        ("A missile hit Uman.", None),
    ],
)
def test_ext021_actor(fake: FakeGeocoder, text: str, actor: str | None) -> None:
    assert one(text, fake).actor == actor


@pytest.mark.parametrize(
    ("text", "reported_by"),
    [
        ("In Kharkiv, a bomb hit a road, killing two, Mayor Ihor Terekhov said.", "Mayor Ihor Terekhov"),
        ("In Zaporizhzhia, a bomb hit a house, killing one, officials reported.", "officials"),
        (
            "Dozens were injured in Dnipro by a missile, regional governor Serhiy Lysak said.",
            "regional governor Serhiy Lysak",
        ),
        (
            "A missile hit a hotel in Kryvyi Rih, said Oleksandr Vilkul, the head of the city's defence council.",
            "Oleksandr Vilkul",
        ),
        ("A missile hit Uman.", None),
    ],
)
def test_ext022_reported_by(fake: FakeGeocoder, text: str, reported_by: str | None) -> None:
    cand = one(text, fake)
    assert cand.reported_by == reported_by
    assert "Ihor" not in fake.queries and "Terekhov" not in fake.queries  # quoted people are not places


# -- talk is not a strike -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "President Zelenskyy plans to meet President Trump in Florida this weekend.",
        "Kyiv is pressing for enforceable guarantees after the strikes.",
        "Each strike makes Kyiv's need for solid security guarantees more pressing.",
        "Ukraine's strikes aim to cut oil export revenue and limit Moscow's operations.",
        "Zelenskyy, speaking at a press conference in Lviv, said the missile strikes must stop.",
        "Negotiators met in Geneva as drones attacked targets overnight.",
        "It includes ideas for monitoring and quick action if Russia attacks again.",
        "Russia controls most of Luhansk and a big part of Donetsk.",
        "This is urgent because of Russia's invasion on Feb. 24, 2022.",
        "Putin warned that any strikes on Moscow would be met with a response.",
    ],
)
def test_ext030_no_event_for_talk_and_commentary(fake: FakeGeocoder, text: str) -> None:
    assert extract_events(text, fake) == []


@pytest.mark.parametrize(
    "text",
    [
        "Russian drones hit Kyiv overnight.",
        "Explosions rocked Moscow after a drone attack.",
        "Kyiv came under missile attack as talks began in Geneva.",
    ],
)
def test_ext031_seats_of_government_are_places_when_struck(fake: FakeGeocoder, text: str) -> None:
    assert one(text, fake).place in ("Kyiv", "Moscow")


# -- places --------------------------------------------------------------------------------------------


def test_ext040_region_and_qualifier(fake: FakeGeocoder) -> None:
    region = one("Drones attacked the Kharkiv region overnight, damaging energy facilities.", fake)
    assert (region.place, region.geo_precision, region.admin1_code) == ("Kharkiv region", 3, "UA-63")
    town = one("In the Sumy region, shelling killed two people in Bilopillia.", fake)
    assert (town.place, town.killed, town.geo_precision) == ("Bilopillia", 2, 1)


def test_ext041_fuzzy_names_need_a_pointer(fake: FakeGeocoder) -> None:
    assert one("Drones hit Zaporizhia overnight.", fake).admin1_code == "UA-23"
    assert extract_events("Zaporizhia drones were reported overnight.", fake) == []


def test_ext042_clauses_keep_details_apart(fake: FakeGeocoder) -> None:
    text = "Drone attacks disrupt power in Mykolaiv and damage energy and port infrastructure in Odesa."
    c = by_place(extract_events(text, fake))
    assert c["Mykolaiv"].power_outage and c["Mykolaiv"].infrastructure == ["energy"]
    assert c["Odesa"].infrastructure == ["energy", "port"] and not c["Odesa"].power_outage


def test_ext043_following_sentence_continues_and_jurisdiction(fake: FakeGeocoder) -> None:
    text = (
        "Ukraine's General Staff said it hit the Novoshakhtinsk refinery in Russia's Rostov region. "
        "Rostov Governor Yuri Slyusar said a firefighter was wounded.\n\n"
        "A drone hit a high-rise, injuring five, Dnipro Mayor Borys Filatov said."
    )
    c = by_place(extract_events(text, fake))
    assert set(c) == {"Novoshakhtinsk", "Dnipro"}
    assert c["Novoshakhtinsk"].injured == 1
    assert c["Dnipro"].injured == 5 and c["Dnipro"].infrastructure == ["residential"]
    # Another event without a place of its own does not borrow the last one's.
    elsewhere = "A drone hit Sumy. Elsewhere, a drone hit a school, injuring three."
    assert one(elsewhere, fake).injured is None


def test_ext044_to_dict_keys_and_evidence_span(fake: FakeGeocoder) -> None:
    cand = one("Russian drones hit Mykolaiv, leaving part of the city without power.", fake)
    d = cand.to_dict()
    required = {
        "place",
        "lat",
        "lon",
        "country",
        "admin1_code",
        "killed",
        "injured",
        "weapon",
        "infrastructure",
        "power_outage",
        "actor",
        "reported_by",
        "evidence",
        "confidence",
    }
    assert required <= set(d)
    assert isinstance(d["infrastructure"], list)
    start, end = d["evidence_span"]
    assert d["evidence"][start:end] == "Mykolaiv"
    json.dumps(d)


# -- to the event table and the CLI -------------------------------------------------------------------------


def test_ext050_candidates_to_events_validate(fake: FakeGeocoder) -> None:
    cands = extract_events(SEED_TEXT, fake)
    events = candidates_to_events(cands, "2025-12-26", source="News report", source_url="https://example.org/a")
    assert len(events) == 6
    assert events["event_id"].str.match(r"^EXT-[0-9a-f]{12}$").all() and events["event_id"].is_unique
    assert set(events["dataset"]) == {"extracted"}
    assert events.set_index("location").loc["Mykolaiv", "sub_event_type"] == "Air/drone strike"
    assert events.set_index("location").loc["Uman", "sub_event_type"] == "Shelling/artillery/missile attack"
    assert events.set_index("location").loc["Kharkiv", "source"] == "Mayor Ihor Terekhov; News report"
    # Same input, same ids: re-adding a reviewed text does not duplicate events.
    again = candidates_to_events(cands, "2025-12-26", source="News report", source_url="https://example.org/a")
    assert events["event_id"].tolist() == again["event_id"].tolist()
    assert candidates_to_events([], "2025-12-26").empty


def test_ext051_run_extract(monkeypatch: pytest.MonkeyPatch, fake: FakeGeocoder) -> None:
    import dashboard.extract as extract_pkg

    monkeypatch.setattr(extract_pkg, "extract_events", lambda text, **kwargs: extract_events(text, fake, **kwargs))
    data = json.loads(run_extract(SEED_TEXT, as_json=True))
    assert [d["place"] for d in data] == SEED_PLACES
    table = run_extract(SEED_TEXT, as_json=False)
    lines = table.splitlines()
    assert lines[0].split()[:2] == ["place", "region"] and len(lines) == 7
    assert "Novoshakhtinsk" in lines[6] and "?/1" in lines[6] and "RU-ROS" in lines[6]
    assert format_table([]) == "no candidate events found"


def test_ext052_sentences_keep_offsets() -> None:
    text = "Intro.\n\n  • Drones hit Kyiv. Gov. Yuri Slyusar said the U.S. envoy left.\n  • Second bullet here."
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == [
        "Intro.",
        "Drones hit Kyiv.",
        "Gov. Yuri Slyusar said the U.S. envoy left.",
        "Second bullet here.",
    ]
    assert all(text[s.start : s.end] == s.text for s in sentences)
    assert sentences[1].paragraph == sentences[2].paragraph != sentences[3].paragraph


# -- held-out text: at least five of six events right, nothing at the venues of talks ------------------

HELDOUT_TRUTH: dict[str, dict[str, Any]] = {
    "Dnipro": {
        "admin1_code": "UA-12",
        "killed": 4,
        "injured": 12,
        "infrastructure": ["residential"],
        "weapon": "ballistic missile",
    },
    "Kherson": {
        "admin1_code": "UA-65",
        "killed": 1,
        "injured": 3,
        "infrastructure": ["commercial"],
        "weapon": "artillery",
    },
    "Sumy": {
        "admin1_code": "UA-59",
        "killed": 0,
        "injured": 0,
        "infrastructure": ["energy"],
        "weapon": "Shahed drone",
    },
    "Kryvyi Rih": {
        "admin1_code": "UA-12",
        "killed": 3,
        "injured": 14,
        "infrastructure": ["commercial"],
        "weapon": "missile",
    },
    "Belgorod": {
        "admin1_code": "RU-BEL",
        "killed": 0,
        "injured": 2,
        "infrastructure": ["transport"],
        "weapon": "drone",
    },
    "Tuapse": {
        "admin1_code": "RU-KDA",
        "killed": 0,
        "injured": 0,
        "infrastructure": ["energy", "port"],
        "weapon": "drone",
    },
}
VENUES = {"Geneva", "Brussels", "Washington", "Istanbul", "Lviv", "Kyiv", "Moscow"}


def heldout_right(cands: list[Candidate]) -> list[str]:
    right = []
    for cand in cands:
        truth = HELDOUT_TRUTH.get(cand.place)
        if truth is None:
            continue
        got = {
            "admin1_code": cand.admin1_code,
            "killed": cand.killed or 0,
            "injured": cand.injured or 0,
            "infrastructure": cand.infrastructure,
            "weapon": cand.weapon,
        }
        if got == truth:
            right.append(cand.place)
    return right


def check_heldout(cands: list[Candidate]) -> None:
    places = {c.place for c in cands}
    assert not places & VENUES
    assert places <= set(HELDOUT_TRUTH), places - set(HELDOUT_TRUTH)
    assert len(heldout_right(cands)) >= 5, heldout_right(cands)
    assert by_place(cands)["Sumy"].power_outage is True


def test_ext060_heldout_with_fake_geocoder(fake: FakeGeocoder) -> None:
    check_heldout(extract_events(HELDOUT_TEXT, fake))


# -- the real geocoder (reference data built by the `reference` fixture in conftest) -------------------------


# Marked slow: the first run builds the reference data (GeoNames and Natural Earth) if it is missing.
@pytest.fixture(scope="module")
def real_geocoder(reference: None) -> Any:
    try:
        from dashboard.geo.geocode import get_geocoder
    except ImportError as exc:  # pragma: no cover - only while dashboard.geo is being written
        pytest.skip(f"dashboard.geo.geocode is not importable yet: {exc}")
    return get_geocoder()


@pytest.mark.slow
def test_ext100_seed_article_with_real_geocoder(real_geocoder: Any) -> None:
    cands = extract_events(SEED_TEXT, real_geocoder)
    check_seed(cands)
    codes = {c.place: c.admin1_code for c in cands}
    assert codes == {
        "Kharkiv": "UA-63",
        "Zaporizhzhia": "UA-23",
        "Uman": "UA-71",
        "Mykolaiv": "UA-48",
        "Odesa": "UA-51",
        "Novoshakhtinsk": "RU-ROS",
    }


@pytest.mark.slow
def test_ext101_heldout_with_real_geocoder(real_geocoder: Any) -> None:
    cands = extract_events(HELDOUT_TEXT, real_geocoder)
    check_heldout(cands)
    assert len(heldout_right(cands)) == 6


@pytest.mark.slow
def test_ext102_default_geocoder_and_cli_text(reference: None) -> None:
    pytest.importorskip("dashboard.geo.geocode", reason="dashboard.geo.geocode is not importable yet")
    data = json.loads(run_extract(SEED_TEXT, as_json=True))
    assert [d["place"] for d in data] == SEED_PLACES
