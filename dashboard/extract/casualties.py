"""Counts of killed and injured as reports phrase them: numbers and number words in every case, people
listed by age ("чоловіки 79 і 68 років") or one by one ("a man, 76, and a woman, 85"), "another"/"also"."""

from __future__ import annotations

import re

from dashboard.extract.rules import _Rules


def _count(
    rules: _Rules, patterns: tuple[re.Pattern[str], ...], text: str, skip: re.Pattern[str] | None = None
) -> int | None:
    """The first count any pattern finds, as a number ("two" 2, "dozens" 12, "a firefighter" 1), plus the
    counts of "another" people after it ("двоє отримали поранення, ще троє госпіталізовані": 5)."""
    found: dict[int, int] = {}
    for pattern in patterns:
        for match in pattern.finditer(text):
            if skip is None or not skip.search(match.group()):
                found.setdefault(match.start("n"), _number(rules, match.group("n")))
    if not found:
        return None
    starts = sorted(found)
    total = found[starts[0]]
    for start in starts[1:]:
        if _ANOTHER_RE.search(text[max(0, start - 12) : start]):
            total += found[start]
    return total


# Before a count: more people than those counted before it in the clause.
_ANOTHER_RE = re.compile(r"(?:\b(?:another|a further|other)|(?<!\w)(?:ще|ещё|еще))\s+$", re.IGNORECASE)


# Before a clause's count: more people than the report counted before ("поранень зазнав також 56-річний").
_ALSO_RE = re.compile(r"(?:\b(?:also|again)|(?<!\w)(?:також|также|знову|вкотре|снова))\b[^.;]{0,24}$", re.IGNORECASE)


# The end of a list of ages: the clause ends, or another sentence part starts.
_AGES_END_RE = re.compile(r"[.;:!?]|\s[—–-]\s|,?\s+(?:також|также|also|а|but|але|но)\s")


def _ages(rules: _Rules, clause: str) -> int | None:
    """How many people a list of ages after an injury verb names ("постраждали 78-річна, 58-річна і 71-річна
    жінки": 3; "травмувалися чоловіки 79 і 68 років, жінки 75, 73 років": 4)."""
    verb = rules.age_verbs.search(clause)
    if not verb:
        return None
    end = _AGES_END_RE.search(clause, verb.end())
    tail = clause[verb.end() : end.start() if end else len(clause)]
    if not rules.age_words.search(tail):
        return None
    ages = [int(n) for n in re.findall(r"(?<![\d.,])\d{1,3}(?![\d.,]\d)", tail) if 0 < int(n) <= 110]
    return len(ages) or None


# What may stand in a list of people besides their nouns: articles, adjectives, ages ("a man, 76, and a
# woman, 85"; "чоловік 55 років та жінка").
_PERSON_LIST_RE = re.compile(r"(?:(?:[\w'’-]+|,)\s*)+")


def _persons(rules: _Rules, clause: str) -> int | None:
    """How many people a list of single people next to an injury verb names: "A man, 76, and a woman, 85,
    were injured" 2; "поранення отримали чоловік і жінка" 2. One noun alone is the counts' business."""
    verb = rules.age_verbs.search(clause)
    if not verb:
        return None
    before = re.split(r"[.;:!?]", clause[: verb.start()])[-1][-90:]
    after_end = _AGES_END_RE.search(clause, verb.end())
    after = clause[verb.end() : after_end.start() if after_end else len(clause)][:90]
    for span in (before, after):
        people = rules.person.findall(span)
        if (
            len(people) >= 2
            and rules.list_word.search(span)
            and _PERSON_LIST_RE.fullmatch(span.strip())
            and not rules.strike.search(span)  # "пострадал ребенок и погибла женщина": one each
        ):
            return len(people)
    return None


# A relative or participle clause between commas inside a count ("Три человека, находившиеся в машине,
# получили ранения"; "two people, who were in the car, were injured"; "троє людей, які їхали в авто, ..."):
# blanked before counting, offsets kept.
_ASIDE_RE = re.compile(
    r",\s*(?:who|які|котрі|який|яка|которые|который|которая|которое"
    r"|(?!пострадавш|погибш|умерш|потерпілих)[а-яё]+(?:вш|ющ|ущ|ящ|ащ)(?:ие|ая|ий|ее|их|ийся|аяся|иеся|ееся))\b[^,.;:!?]{1,60},(?=\s)",
    re.IGNORECASE,
)


def _without_asides(clause: str) -> str:
    """The clause with its asides between commas blanked (same length)."""
    return _ASIDE_RE.sub(lambda m: " " * len(m.group()), clause)


# "Водителя и семь пассажирок", "двое мужчин и женщина", "two men and a woman": one person besides a count.
def _one_more(rules: _Rules, clause: str, start: int, end: int) -> int:
    before = clause[max(0, start - 30) : start]
    after = clause[end : end + 40]
    gap = rf"\s+(?:{rules.lang.list_words}|та|and)\s+"
    one = rules.person.pattern
    lone = re.search(rf"(?:^|[^\w-])([\w-]+\s+)?(?:{one}|водителя|водія)\w*{gap}$", before, re.IGNORECASE)
    if lone and not (lone.group(1) and _is_number(rules, lone.group(1))):  # "one person and eight injuries"
        return 1
    if re.match(rf"\s*[\w-]+{gap}(?:(?:a|an)\s+)?(?:[\w-]+\s+)?(?:{one})(?!\w)", after, re.IGNORECASE):
        return 1
    return 0


def _is_number(rules: _Rules, word: str) -> bool:
    word = word.strip().lower()
    return word.isdigit() or word in rules.numbers or bool(rules.one.fullmatch(word))


def _injured(rules: _Rules, clause: str) -> int | None:
    """The clause's injured: a count, else a list of ages, else a list of people. Stress is no injury:
    "двох постраждалих: поранений чоловік, гострого стресу зазнала жінка" is one injured."""
    clause = _without_asides(clause)
    count = _count(rules, rules.injured, clause, rules.affected if rules.stress.search(clause) else None)
    if count:
        first = min((m for p in rules.injured for m in p.finditer(clause)), key=lambda m: m.start("n"))
        count += _one_more(rules, clause, first.start("n"), first.end("n"))
    people = _persons(rules, clause)
    if people is not None and (count is None or count == 1):
        return people  # "a man and a woman": the first noun alone read as one
    if count is not None:
        return count
    return _ages(rules, clause)


def _also(rules: _Rules, patterns: tuple[re.Pattern[str], ...], text: str) -> bool:
    """The clause's first count is of people besides those counted before ("also", "також")."""
    starts = [m.start("n") for p in patterns for m in p.finditer(text)]
    return bool(starts) and bool(_ALSO_RE.search(text[max(0, min(starts) - 30) : min(starts)]))


def _number(rules: _Rules, word: str) -> int:
    word = word.lower().strip()
    if word.isdigit():
        return int(word)
    if word in rules.numbers:
        return rules.numbers[word]
    if word in rules.lang.lone_numbers:
        return rules.lang.lone_numbers[word]
    if rules.one.fullmatch(word):
        return 1
    tens, _, unit = word.replace(" ", "-").partition("-")
    return rules.numbers.get(tens, 0) + rules.numbers.get(unit, 0)
