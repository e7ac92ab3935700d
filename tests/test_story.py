"""Story files: event ids with optional captions, CSV or JSON; bad files say file, line and reason."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dashboard.app import story
from dashboard.app.story import Step, StoryError, read_story_file


def test_story001_csv_and_json_files(tmp_path: Path) -> None:
    csv_file = tmp_path / "kharkiv.csv"
    csv_file.write_text('event_id,caption\nSEED-1,"First, the city"\nSEED-2,\n', encoding="utf-8")
    assert read_story_file(csv_file) == ("kharkiv", [Step("SEED-1", "First, the city"), Step("SEED-2", "")])
    json_file = tmp_path / "night.json"
    json_file.write_text(json.dumps({"title": "One night", "steps": ["SEED-1", {"event_id": "SEED-5"}]}))
    assert read_story_file(json_file) == ("One night", [Step("SEED-1"), Step("SEED-5")])


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("a.csv", "id,caption\nSEED-1,x\n", "stories/a.csv, line 1: the header needs an event_id column"),
        ("b.csv", "event_id,caption\nSEED-1,x\n,no id\n", "stories/b.csv, line 3: no event_id"),
        ("c.json", '{"steps": [\n"SEED-1",\n', "stories/c.json, line 3: not JSON"),
        ("d.json", '{"steps": [{"caption": "x"}]}', "stories/d.json, step 1: no event_id"),
        ("e.csv", "event_id\n", "stories/e.csv: the story has no steps"),
    ],
)
def test_story002_bad_files_say_file_line_and_reason(tmp_path: Path, name: str, text: str, message: str) -> None:
    folder = tmp_path / "stories"
    folder.mkdir()
    (folder / name).write_text(text, encoding="utf-8")
    with pytest.raises(StoryError) as info:
        read_story_file(folder / name)
    assert str(info.value).startswith(message), str(info.value)


def test_story003_url_names_a_file_or_event_ids(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STRIKE_ATLAS_STORIES", str(tmp_path))
    (tmp_path / "tour.csv").write_text("event_id\nSEED-3\n", encoding="utf-8")
    assert story.resolve("tour") == ("tour", [Step("SEED-3")])
    assert story.resolve("SEED-1, SEED-2") == ("", [Step("SEED-1"), Step("SEED-2")])
    assert story.resolve("../tour") == ("", [Step("../tour")])  # never a path outside the stories folder
    with pytest.raises(StoryError, match="more than 200"):
        story.resolve(",".join(f"E-{i}" for i in range(201)))


def test_story004_the_repository_story_reads() -> None:
    title, steps = read_story_file(Path(__file__).resolve().parents[1] / "data" / "stories" / "seed-strikes.csv")
    assert title == "seed strikes" and [s.event_id for s in steps] == [f"SEED-{i}" for i in range(1, 7)]
