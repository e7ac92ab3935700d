"""Namesakes chosen with the rest of the report: the raions a text names, the oblasts of its other places."""

from __future__ import annotations

import pytest

from dashboard.extract import extract_events
from dashboard.geo import Geocoder, get_geocoder
from dashboard.geo.context import ContextGeocoder, raions_in_text


@pytest.fixture(scope="module")
def geocoder(reference: None) -> Geocoder:
    return get_geocoder()


def test_ctx100_raions_in_text() -> None:
    text = "Shelling in Okhtyrskyi district; в Охтирському районі; Velykopysarivskyi Raion; the district court"
    assert raions_in_text(text) == ["Okhtyrskyi", "Охтирському", "Velykopysarivskyi"]


def test_ctx101_a_raion_named_elsewhere_in_the_report_settles_the_village(geocoder: Geocoder) -> None:
    alone = geocoder.geocode("Popivka")
    assert not alone.ok and "28 places named Popivka in Ukraine" in alone.error
    ctx = ContextGeocoder(geocoder, raions=["Okhtyrskyi"])
    r = ctx.geocode("Popivka")
    assert r.ok and (r.name, r.admin1_code, r.query) == ("Popivka", "UA-59", "Popivka")
    assert ctx.ambiguous_seen


def test_ctx102_context_that_fits_several_leaves_it_unresolved(geocoder: Geocoder) -> None:
    # Four Popivkas in Sumy Oblast: the oblast of the report's other places is not enough.
    r = ContextGeocoder(geocoder, regions=["Sumy"]).geocode("Popivka")
    assert not r.ok and r.candidates


@pytest.mark.parametrize(
    "text",
    [
        "On 12 March, Russian forces shelled Popivka in Okhtyrskyi district of Sumy Oblast. One civilian was injured.",
        "Уночі російські війська обстріляли Попівку в Охтирському районі Сумської області. Поранено одну людину.",
    ],
)
def test_ctx103_extraction_places_the_village_of_the_named_raion(geocoder: Geocoder, text: str) -> None:
    found = [c for c in extract_events(text, geocoder) if c.place == "Popivka"]
    assert len(found) == 1
    assert found[0].admin1_code == "UA-59"
    assert abs(found[0].lat - 50.50) < 0.05 and abs(found[0].lon - 35.45) < 0.05


def test_ctx104_no_context_no_guess(geocoder: Geocoder) -> None:
    text = "On 12 March, Russian forces shelled Popivka with artillery. One civilian was injured."
    assert [c for c in extract_events(text, geocoder) if c.place == "Popivka"] == []
