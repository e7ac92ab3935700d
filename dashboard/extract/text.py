"""Paragraphs and sentences with their offsets in the original text.

Offsets matter: the review panel highlights the evidence in the text the user pasted, so every sentence
keeps (start, end) into the original string. News copy is split at blank lines and bullet points into
paragraphs (a sentence that continues a strike report must be in the same paragraph), then at sentence ends,
not after abbreviations ("U.S.", "Gov.", "Feb.") or initials.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Sentence", "normalize_quotes", "split_sentences"]

# Abbreviations after which a full stop does not end a sentence (lower case, without the stop).
ABBREVIATIONS: frozenset[str] = frozenset({
    "gov", "gen", "lt", "col", "maj", "sgt", "capt", "cpt", "adm", "mr", "mrs", "ms", "dr",
    "prof", "st", "sen", "rep", "pres", "no", "vs", "etc", "approx", "est", "dept", "jan",
    "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "e.g", "i.e",
    "al", "inc", "ltd", "co", "corp", "obl", "reg", "km", "vol", "p", "pp", "fig", "ca",
    "англ", "укр", "рус", "род", "вул", "ул", "пр", "просп", "обл", "р-н", "м", "с", "сел", "смт", "пгт",
    "тис", "тыс", "млн", "грн", "руб", "див", "см",
})  # fmt: skip

# A sentence ends at . ! ? (plus closing quotes/brackets) before white space and a capital, digit or quote
# (or right before a capitalised word, when the copy lost the space);
# so does a line without a full stop before a line that starts with a capital: a headline, a dateline
# ("Kyiv • UNN"), a quote whose closing stop the copy lost.
_END_RE = re.compile(
    r"[.!?…][\"'”’»)\]]*\s+(?=[\"“‘«(\[]?[A-ZА-ЯІЇЄҐЁ0-9])"
    r"|(?<=[^\s.!?…,;:\-–—])[ \t]*\n(?=[ \t]*[\"“‘«(\[]?[A-ZА-ЯІЇЄҐЁ0-9])"
    # a full stop the copy glued to the next sentence: "доставлены с ранениями.В Таганроге ..."
    r"|(?<=[a-zа-яіїєґё]{3})[.!?](?=[A-ZА-ЯІЇЄҐЁ](?:[a-zа-яіїєґё]|\s))"
)
# Paragraphs: blank lines, or a line that starts a bullet point.
_PARAGRAPH_RE = re.compile(r"\n\s*\n|\n(?=[ \t]*(?:[•▪◦‣*·-]|\d+[.)])\s)")
_BULLET_RE = re.compile(r"[ \t]*(?:[•▪◦‣*·-]|\d+[.)])[ \t]+")
_WORD_BEFORE_RE = re.compile(r"([\w.]+)$")
# Quote marks with a one-character ASCII equivalent (same length, so offsets survive).
_QUOTES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "“": '"', "”": '"', "«": '"', "»": '"'})


@dataclass(frozen=True)
class Sentence:
    """One sentence: its text, its [start, end) in the original text and its paragraph number."""

    text: str
    start: int
    end: int
    paragraph: int


def normalize_quotes(text: str) -> str:
    """Curly quotes and apostrophes to ASCII, character for character (offsets stay valid)."""
    return text.translate(_QUOTES)


def _is_abbreviation(before: str) -> bool:
    match = _WORD_BEFORE_RE.search(before)
    if not match:
        return False
    word = match.group(1).lower().strip(".")
    # "U.S." / "U.K." / single initials like "J."
    return word in ABBREVIATIONS or bool(re.fullmatch(r"(?:[^\W\d_]\.)*[^\W\d_]", word))


def _paragraphs(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for match in _PARAGRAPH_RE.finditer(text):
        spans.append((start, match.start()))
        start = match.end() if match.group().strip() == "" or "\n\n" in match.group() else match.start() + 1
    spans.append((start, len(text)))
    return spans


def split_sentences(text: str) -> list[Sentence]:
    """Split text into sentences; each keeps its offsets into `text` and its paragraph number."""
    sentences: list[Sentence] = []
    for number, (p_start, p_end) in enumerate(_paragraphs(text)):
        bullet = _BULLET_RE.match(text, p_start, p_end)
        cursor = bullet.end() if bullet else p_start
        paragraph = text[:p_end]
        for match in _END_RE.finditer(paragraph, cursor):
            if _is_abbreviation(paragraph[cursor : match.start()]) and paragraph[match.start()] == ".":
                continue
            _add(sentences, text, cursor, match.end(), number)
            cursor = match.end()
        _add(sentences, text, cursor, p_end, number)
    return sentences


def _add(sentences: list[Sentence], text: str, start: int, end: int, paragraph: int) -> None:
    # Trim white space (and a stray leading full stop, as in ".Before Florida, ...") off both ends.
    while start < end and (text[start].isspace() or text[start] == "."):
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        sentences.append(Sentence(text[start:end], start, end, paragraph))
