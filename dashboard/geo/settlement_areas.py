"""The qualifiers of a place name read as the register's hierarchy: a raion of the 2020 reform by its adjective
("Okhtyrskyi Raion", "Okhtyrskyy district") or its centre ("Okhtyrka raion"), a raion abolished in 2020 by its
adjective (the 2020 raion that took in its centre), a renamed raion by its old name, and a hromada — also when
written otherwise than the register writes it, among the hromadas of the raion named.

A mixin of :class:`dashboard.geo.settlements.SettlementIndex`: it reads the index's columns (``admin1``,
``raion``, ``hromada``, ``category``, ``name``) and its look-ups (``rows_for``, ``others``, ``_in_area``).
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np
from rapidfuzz import fuzz

from dashboard.geo.normalize import normalize_name
from dashboard.geo.other_places import in_scope
from dashboard.geo.settlement_spelling import RAION_RENAMES, consonants
from dashboard.geo.settlement_spelling import skeleton as _skeleton
from dashboard.geo.settlement_spelling import stem as _stem
from dashboard.geo.settlement_types import Area

__all__ = ["AreaQualifiers"]

# Words that mark a qualifier as a raion or a hromada (after normalisation: "район" arrives as "raion").
_RAION_WORDS = frozenset({"raion", "rayon", "rajon", "raionu", "district", "r", "n", "rn", "old", "former"})
_HROMADA_WORDS = frozenset({
    "hromada", "hromady", "gromada", "community", "territorial", "municipality", "silska", "miska",
    "selyshchna", "otg", "tg", "rural", "urban", "settlement",
})  # fmt: skip
_OLD_RAION_RATIO = 85.0  # rapidfuzz ratio between an abolished raion's stem and its centre's name
_RAION_FUZZY_RATIO = 85.0
_HROMADA_FUZZY_RATIO = 85.0


def _consonants_fit(raion: str, town: str) -> bool:
    """Whether a raion adjective's consonants are those of its centre's name: the same ("Sakskyi", Saky), the
    beginning of them ("Krasnohvardiiskyi", Krasnohvardiiske), or them and the one consonant the adjective adds
    ("Velykonovosilkivskyi", Velyka Novosilka)."""
    if raion == town or (len(raion) >= 3 and town.startswith(raion)):
        return True
    return len(town) >= 4 and raion.startswith(town) and len(raion) - len(town) == 1


class AreaQualifiers:
    """Raions and hromadas by key (mixed into the register's index)."""

    def _index_areas(self) -> None:
        """Index the raions and hromadas of the register by every key a qualifier may use."""
        # Raions and hromadas by key, per oblast.
        self._raions: dict[str, set[tuple[str, str]]] = defaultdict(set)
        self._hromadas: dict[str, set[tuple[str, str, str]]] = defaultdict(set)
        centres: dict[tuple[str, str], list[int]] = defaultdict(list)
        units = {
            (c, r, h)
            for c, r, h, cat in zip(
                self.admin1.tolist(), self.raion.tolist(), self.hromada.tolist(), self.category, strict=True
            )
            if cat != "B"
        }
        self._hromadas_of: dict[tuple[str, str], set[str]] = defaultdict(set)
        for code, raion, hromada in units:
            if raion and hromada:
                self._hromadas_of[(code, raion)].add(hromada)
            if raion:
                for key in (normalize_name(raion), _skeleton(_stem(normalize_name(raion)))):
                    self._raions[key].add((code, raion))
            if hromada:
                for key in (normalize_name(hromada), _skeleton(_stem(normalize_name(hromada)))):
                    self._hromadas[key].add((code, raion, hromada))
        for i in np.flatnonzero(np.isin(self.category, ["M", "X"])):
            if self.raion[i]:
                centres[(self.admin1[i], self.raion[i])].append(int(i))
        raion_names = {r for _, r in set().union(*self._raions.values())} if self._raions else set()
        for old_name, new_name in RAION_RENAMES.items():
            if new_name in raion_names:
                self._raions[normalize_name(old_name)] |= {(c, r) for c, r in self._raions[normalize_name(new_name)]}
        self._raion_keys_by_oblast: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for key, pairs in list(self._raions.items()):
            for code, raion in pairs:
                self._raion_keys_by_oblast[code].append((key, raion))
        # "Okhtyrka raion": the raion named after a town in it.
        for (code, raion), members in centres.items():
            stem = _skeleton(_stem(normalize_name(raion)))
            for i in members:
                key = normalize_name(self.name[i])
                if len(stem) >= 4 and _skeleton(key).startswith(stem[: max(4, len(stem) - 1)]):
                    self._raions[key].add((code, raion))
        # Towns by oblast, for raions abolished in 2020 (named after their centre).
        self._towns: dict[str, list[tuple[str, int]]] = defaultdict(list)
        for i in np.flatnonzero(np.isin(self.category, ["M", "X"])):
            self._towns[self.admin1[i]].append((_skeleton(normalize_name(self.name[i])), int(i)))
        # The consonants of every name a town bears or bore (decommunised 2016, renamed in Crimea 2024), for raions
        # abolished in 2020 and named after a centre's old name ("Krasnoarmiiskyi": Pokrovsk, once Krasnoarmiisk).
        self._town_consonants: dict[str, list[tuple[str, int]]] = defaultdict(list)
        olds = self.table["old_names"].fillna("") if "old_names" in self.table.columns else None
        for i in np.flatnonzero(np.isin(self.category, ["M", "X"])):
            names = {self.name[i], *str(self.table.at[int(i), "alt_names"] or "").split("|")}
            if olds is not None:
                names |= set(olds.iat[int(i)].split("|"))
            for cons in {consonants(normalize_name(n)) for n in names if n} - {""}:
                self._town_consonants[self.admin1[i]].append((cons, int(i)))

    # -- qualifiers --------------------------------------------------------------------------------------

    def areas_for(self, key: str, oblasts: set[str] | None) -> set[Area]:
        """Raions or hromadas a qualifier names, inside ``oblasts`` if given (empty: not a raion or hromada)."""
        words = key.split()
        raion_word = any(w in _RAION_WORDS for w in words)
        hromada_word = any(w in _HROMADA_WORDS for w in words)
        core = " ".join(w for w in words if w not in _RAION_WORDS and w not in _HROMADA_WORDS)
        if not core:
            return set()

        def inside(code: str) -> bool:
            return not oblasts or code in oblasts

        found: set[Area] = set()
        if not hromada_word:
            for k in (core, _skeleton(_stem(core))):
                found |= {Area(c, r) for c, r in self._raions.get(k, ()) if inside(c)}
            if not found and oblasts:
                found = self._fuzzy_raion(core, oblasts)
            if not found and raion_word and oblasts:
                found = self._old_raion(core, oblasts)
        if not found and not raion_word:
            for k in (core, _skeleton(_stem(core))):
                found |= {Area(c, r, h) for c, r, h in self._hromadas.get(k, ()) if inside(c)}
        return found

    def hromada_in_raions(self, key: str, raions: set[Area]) -> set[Area]:
        """A hromada qualifier spelt otherwise than the register spells it ("Petpopavlivska", "Donetsk hromada"
        for Donetska, "Pivdennomiska" for Pivdenna), found among the hromadas of the raions also named only: the
        one whose name is close (spelling skeletons ≥ 85% alike) or begins the qualifier. Empty if none or several.
        """
        words = key.split()
        if not any(w in _HROMADA_WORDS for w in words):
            return set()
        core = _skeleton(" ".join(w for w in words if w not in _RAION_WORDS and w not in _HROMADA_WORDS))
        if len(core) < 4:
            return set()
        found: set[Area] = set()
        for code, raion in {(a.admin1_code, a.raion) for a in raions if not a.hromada}:
            for h in self._hromadas_of.get((code, raion), ()):
                full, centre = _skeleton(normalize_name(h)), _skeleton(_stem(normalize_name(h)))
                if fuzz.ratio(core, full) >= _HROMADA_FUZZY_RATIO or (len(centre) >= 4 and core.startswith(centre)):
                    found.add(Area(code, raion, h))
        return found if len(found) == 1 else set()

    def bears_name_in(self, key: str, areas: set[Area]) -> bool:
        """Whether a settlement of the register (placed or not) or a place GeoNames knows bears the name there."""
        if any(self._in_area(int(r), a) for r in self.rows_for(key) for a in areas):
            return True
        return any(in_scope(c, r, h, None, areas) for c, r, h, _, _ in self.others.spots(key))

    @staticmethod
    def narrow(named: list[set[Area]]) -> set[Area]:
        """The most specific of several qualifiers: a hromada inside the raion also named ("Borivska hromada,
        Iziumskyi Raion"); qualifiers that contradict each other leave all of them (the answer then fits none)."""
        if not named:
            return set()
        hromadas = set().union(*(s for s in named if any(a.hromada for a in s)))
        raions = set().union(*(s for s in named if not any(a.hromada for a in s)))
        if hromadas and raions:
            inside = {h for h in hromadas if any((h.admin1_code, h.raion) == (r.admin1_code, r.raion) for r in raions)}
            return inside or hromadas | raions
        return hromadas or raions

    def _fuzzy_raion(self, core: str, oblasts: set[str]) -> set[Area]:
        """A 2020 raion of the oblast spelled differently ("Sievierodonetskyi" for Siverskodonetskyi)."""
        best: tuple[float, set[Area]] = (0.0, set())
        for code in oblasts:
            for key, raion in self._raion_keys_by_oblast.get(code, []):
                score = fuzz.ratio(core, key)
                if score >= _RAION_FUZZY_RATIO and score > best[0]:
                    best = (score, {Area(code, raion)})
                elif score == best[0] and score > 0:
                    best[1].add(Area(code, raion))
        return best[1]

    def _old_raion(self, core: str, oblasts: set[str]) -> set[Area]:
        """A raion abolished in 2020, as the 2020 raion that took in its centre town: by a close spelling of the
        centre's name, or else by its consonants, the centre's current or former name ("Sakskyi", "Saky raion":
        Saky; "Krasnohvardiiskyi": Krasnohvardiiske, Kurman since 2024), if they point to one 2020 raion."""
        found = self._old_raion_by_spelling(core, oblasts)
        if found:
            return found
        shapes = {consonants(_stem(core)), consonants(core)}
        hits = {
            Area(self.admin1[i], self.raion[i])
            for code in oblasts
            for cons, i in self._town_consonants.get(code, [])
            if any(_consonants_fit(s, cons) for s in shapes if len(s) >= 2) and self.raion[i]
        }
        return hits if len(hits) == 1 else set()

    def _old_raion_by_spelling(self, core: str, oblasts: set[str]) -> set[Area]:
        stem = _skeleton(_stem(core))
        if len(stem) < 4:
            return set()
        best: tuple[float, set[Area]] = (0.0, set())
        for code in oblasts:
            for skel, i in self._towns.get(code, []):
                score = fuzz.ratio(stem, skel[: len(stem)])
                if score >= _OLD_RAION_RATIO and score > best[0]:
                    best = (score, {Area(self.admin1[i], self.raion[i])})
                elif score == best[0] and best[1]:
                    best[1].add(Area(self.admin1[i], self.raion[i]))
        # Towns of one name in two 2020 raions ("Oleksandrivskyi raion"): no guess.
        return best[1] if len(best[1]) == 1 else set()
