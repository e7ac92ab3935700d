"""What a strike hit: keyword classes for notes in English, Ukrainian and Russian.

Shared by the importers (ACLED/UCDP notes, up to millions of rows) and the text extractor (one sentence at
a time), so both code the same phrase the same way:

- :func:`classify` takes one text and returns a :class:`Classification`.
- :func:`classify_many` takes a Series and returns the three schema columns, vectorised: one regex per
  category over the whole column, which pandas runs in pyarrow (RE2) for its default string dtype.

Every pattern is written in the common subset of RE2 and Python ``re`` (no look-arounds, ``\\b`` only next
to Latin letters, explicit letter classes around Cyrillic stems, because RE2's ``\\b`` and ``\\w`` are ASCII),
so both functions give the same answer; a test checks this on the whole table.
"""

from __future__ import annotations

import os
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from dashboard.schema import INFRASTRUCTURE

__all__ = [
    "DESCRIPTION",
    "EXCLUDE",
    "KEYWORDS",
    "POWER_OUTAGE",
    "Classification",
    "classify",
    "classify_many",
]

# Letters, for word boundaries around Cyrillic stems (RE2's \b does not know Cyrillic).
_LETTER = "0-9A-Za-zА-Яа-яЁёІіЇїЄєҐґ"
_CL = f"(?:^|[^{_LETTER}])"  # left boundary
_CR = f"(?:$|[^{_LETTER}])"  # right boundary
_CY = "[а-яёіїєґ'’]*"  # rest of a Cyrillic word (case-insensitive matching covers capitals)


def _en(pattern: str) -> str:
    """An English phrase as a whole-word pattern."""
    return rf"\b(?:{pattern})\b"


def _stem(pattern: str) -> str:
    """A Cyrillic stem: must start a word, may be followed by any ending."""
    return f"{_CL}(?:{pattern})"


def _word(pattern: str) -> str:
    """A whole Cyrillic word (short words and abbreviations whose stems would match too much)."""
    return f"{_CL}(?:{pattern}){_CR}"


# category -> [(pattern, detail)], most specific first: the first pattern that matches gives the detail.
# English first, then Ukrainian (uk) and Russian (ru) stems. Matching ignores case.
KEYWORDS: dict[str, list[tuple[str, str]]] = {
    "energy": [
        (_en(r"(?:oil|petroleum) refiner(?:y|ies)|refiner(?:y|ies)"), "oil refinery"),
        (_stem("нафтопереробн|нефтеперерабатыва|нефтепереработ") + "|" + _word("НПЗ"), "oil refinery"),
        (_en(r"nuclear power (?:plant|station)s?|nuclear plants?|NPPs?"), "nuclear power plant"),
        (_word("АЕС|АЭС") + "|" + _stem(f"атомн{_CY} (?:електро|электро)станц"), "nuclear power plant"),
        (_en(r"thermal power (?:plant|station)s?|thermal plants?|TPPs?"), "thermal power plant"),
        (_word("ТЕС|ТЭС|ГРЕС|ГРЭС"), "thermal power plant"),
        (
            _en(r"combined heat and power plants?|(?:CHP(?:-\d+)?|heat(?:ing)?|heat and power) plants?|CHPs?"),
            "combined heat and power plant",
        ),
        (_word("ТЕЦ|ТЭЦ"), "combined heat and power plant"),
        (
            _en(r"hydro(?:electric)?(?: power)? (?:plant|station)s?|hydropower plants?|HPPs?"),
            "hydroelectric power plant",
        ),
        (_word("ГЕС|ГЭС"), "hydroelectric power plant"),
        (_en(r"solar (?:power )?(?:plant|station|park|farm)s?|solar panels?"), "solar power plant"),
        (
            _word("СЕС|СЭС")
            + "|"
            + _stem(
                f"сонячн{_CY} (?:електро)?станц|солнечн{_CY} (?:электро)?станц|сонячн{_CY} панел|солнечн{_CY} панел"
            ),
            "solar power plant",
        ),
        (_en(r"wind (?:power )?(?:plant|station|park|farm|turbine)s?"), "wind power plant"),
        (
            _word("ВЕС|ВЭС")
            + "|"
            + _stem(
                f"(?:вітров|вітрян){_CY} (?:електро)?станц|(?:ветров|ветрян){_CY} (?:электро)?станц"
                "|вітропарк|ветропарк|вітряк|ветряк"
            ),
            "wind power plant",
        ),
        (_en(r"(?:power|electric(?:ity)?|generating|energy|solar|wind) (?:plant|station)s?"), "power plant"),
        (_stem("електростанц|электростанц|енергоблок|энергоблок"), "power plant"),
        (_en(r"(?:electric(?:al)? |power |traction )?substations?"), "substation"),
        (_stem("підстанц|подстанц"), "substation"),
        (_en(r"(?:power|electricity|electric|energy) grids?"), "power grid"),
        (_stem("енергомереж|электросет|електромереж"), "power grid"),
        (_en(r"(?:high-voltage )?power lines?|transmission lines?|electricity lines?"), "power line"),
        (
            _word("ЛЕП|ЛЭП")
            + "|"
            + _stem(f"ліні{_CY} електропередач|лини{_CY} электропередач|електроліні|электролини"),
            "power line",
        ),
        (_en(r"(?:oil|petroleum)(?: and fuel)? (?:depot|storage|tank|reservoir)s?"), "oil depot"),
        (_stem("нафтобаз|нефтебаз|нафтосховищ|нефтехранилищ"), "oil depot"),
        (_en(r"fuel (?:depot|storage|tank)s?"), "fuel depot"),
        (_stem(f"паливн{_CY} (?:склад|баз)|топливн{_CY} (?:склад|баз)"), "fuel depot"),
        (_en(r"(?:oil|fuel|gas|LNG) (?:export )?terminals?"), "oil terminal"),
        (_stem(f"нафтов{_CY} термінал|нефтян{_CY} терминал"), "oil terminal"),
        (_en(r"(?:gas |oil )?pipelines?"), "pipeline"),
        (_stem("газопров|нафтопров|нефтепров"), "pipeline"),
        (_en(r"gas (?:production|processing|fields?|wells?)(?: (?:plant|facilit(?:y|ies)|site)s?)?"), "gas production"),
        (
            _stem(
                f"газодобув|газодобыв|газопереробн|газоперерабатыва|газов{_CY} (?:родовищ|месторожд|свердловин|скважин)"
            ),
            "gas production",
        ),
        (
            _en(
                r"gas (?:production|processing|infrastructure"
                r"|facilit(?:y|ies)|storage|compressor|fields?)|gas"
            ),
            "gas facility",
        ),
        (
            _stem(f"газосховищ|газохранилищ|газодобув|газодобыв|газов{_CY} (?:коммуникац|комунікац|сет|мереж|труб)")
            + "|"
            + _word("газ|газу|газом|газа"),
            "gas facility",
        ),
        (
            _en(r"energy(?: and \w+)? (?:infrastructure|facilit(?:y|ies)|objects?|sites?|systems?|supply)"),
            "energy infrastructure",
        ),
        (
            _stem(
                "енергетичн|энергетическ|енергетик|энергетик|енергетиц|энергетиц|енергооб|энергообъект|енергосистем"
                "|энергосистем"
            ),
            "energy infrastructure",
        ),
        (_en(r"boiler (?:house|room)s?"), "boiler house"),
        (_stem("котельн"), "boiler house"),
        (_en(r"electricity|power (?:supply|system|facilit(?:y|ies)|infrastructure)"), "power supply"),
        (
            _stem("електроенерг|электроэнерг|електропостач|электроснабж|енергопостач|энергоснабж")
            + "|"
            + _stem(r"електро-\s*(?:та|і|й)\s*газопостач|электро-\s*и\s*газоснабж"),
            "power supply",
        ),
    ],
    "port": [
        (_en(r"grain (?:export )?terminals?"), "grain terminal"),
        (_stem(f"зернов{_CY} термінал|зернов{_CY} терминал"), "grain terminal"),
        (_en(r"sea ?ports?"), "seaport"),
        (_stem(f"морськ{_CY} порт|морск{_CY} порт"), "seaport"),
        (_en(r"port(?: and \w+)? (?:infrastructure|facilit(?:y|ies))"), "port infrastructure"),
        (_en(r"ports?|harbou?rs?|docks?|berths?|piers?"), "port"),
        (
            _word("порт|порту|порті|порта|портом|порти|портів|портах|порты") + "|" + _stem("портов|припортов|причал"),
            "port",
        ),
    ],
    "transport": [
        (_en(r"(?:railway|train|rail) stations?"), "railway station"),
        (_stem("вокзал"), "railway station"),
        (
            _en(r"railways?|railroads?|rail(?: (?:lines?|tracks?|junctions?|depots?|infrastructure))?"),
            "railway",
        ),
        (_stem("залізниц|залізничн|железнодорож") + "|" + _stem(f"железн{_CY} дорог"), "railway"),
        (_en(r"locomotives?|(?:passenger|freight|cargo) trains?|trains?"), "train"),
        (_stem("локомотив|потяг|поїзд|поезд|електропоїзд|электричк"), "train"),
        (_en(r"airports?"), "airport"),
        (_stem("аеропорт|аэропорт"), "airport"),
        (_en(r"bridges?|overpass(?:es)?"), "bridge"),
        (_word(f"міст|мост{_CY}") + "|" + _stem("шляхопровод|путепровод"), "bridge"),
        (
            _en(r"(?:bus|metro|subway|tram|trolleybus) (?:stations?|stops?|depots?)|buses|bus|minibus(?:es)?"),
            "bus",
        ),
        (_stem("автобус|тролейбус|троллейбус|трамва|метро"), "bus"),
        (_en(r"roads?|roadways?|road surfaces?|highways?|motorways?"), "road"),
        (
            _word("дорог(?:а|и|у|ою|е|ой)|трас(?:а|и|у|і|е|ой|ою)")
            + "|"
            + _stem(
                f"автошлях|автомагістрал|дорожн{_CY} (?:покритт|покрыт|полотн)|проїждж{_CY} частин|проезж{_CY} част"
            ),
            "road",
        ),
        (
            _en(r"(?:transport|logistics) (?:infrastructure|hubs?|facilit(?:y|ies))"),
            "transport infrastructure",
        ),
        (_stem(f"транспортн{_CY} інфраструктур|транспортн{_CY} инфраструктур"), "transport infrastructure"),
        (_en(r"stations?"), "station"),
    ],
    "residential": [
        (
            _en(
                r"high-rises?(?: buildings?)?|(?:multi|\d+|two|three|four|five|six|seven|eight|nine|ten|\w+teen)"
                r"-stor(?:e)?y(?: residential)? (?:buildings?|houses?)|tower blocks?"
            ),
            "high-rise",
        ),
        (_stem("багатоповерх|многоэтаж|багатоквартирн|многоквартирн"), "high-rise"),
        (_stem("[а-яёіїєґ'’]+(?:поверхів|поверхов|этажн|этажк)"), "high-rise"),  # "дев'ятиповерхівка", "девятиэтажный"
        (_en(r"apartment(?: block| building| complex| house)?s?|flats"), "apartment building"),
        (_stem("квартир"), "apartment building"),
        (_en(r"dormitor(?:y|ies)|hostels?"), "dormitory"),
        (_stem("гуртожит|общежит"), "dormitory"),
        (
            _en(r"residential(?: buildings?| areas?| neighbou?rhoods?| districts?| quarters?| houses?)?"),
            "residential building",
        ),
        (
            _stem("житлов|жилищ") + "|" + _word("жил(?:ой|ого|ом|ому|ые|ых|ым|ая|ую|ое)"),
            "residential building",
        ),
        (_en(r"(?:private |residential )?(?:houses?|homes?|housing|dwellings?|cottages?)"), "house"),
        (
            _stem(f"будин|домівк|домовлад|домоволод|приватн{_CY} сектор|частн{_CY} сектор")
            + "|"
            + _word("дом|дома|домов|доме|домом|оселя|оселі|оселю|оселею|оселях|осель"),
            "house",
        ),
    ],
    "health": [
        (_en(r"maternity (?:hospital|ward|clinic)s?"), "maternity hospital"),
        (_stem("пологов|роддом|родильн"), "maternity hospital"),
        (_en(r"hospitals?"), "hospital"),
        (_stem("лікарн|больниц|госпітал|госпитал|шпитал"), "hospital"),
        (_en(r"clinics?|polyclinics?"), "clinic"),
        (_stem("поліклінік|поликлиник|амбулатор|клінік|клиник"), "clinic"),
        (
            _en(
                r"(?:medical|health(?:care)?) (?:facilit(?:y|ies)|cent(?:er|re)s?|institutions?)"
                r"|medical|ambulances?"
            ),
            "medical facility",
        ),
        (
            _stem("медичн|медицинск|медзаклад|медучрежд|швидк" + f"{_CY} допомог|скор{_CY} помощ"),
            "medical facility",
        ),
    ],
    "education": [
        (_en(r"kindergartens?|nurser(?:y|ies) schools?|preschools?"), "kindergarten"),
        (_stem(f"дитсад|детсад|садоч|дитяч{_CY} садо?к|детск{_CY} сад"), "kindergarten"),
        (_en(r"schools?|lyceums?|gymnasiums?"), "school"),
        (_stem("школ|гімназі|гимнази") + "|" + _word("ліце(?:й|ю|ї)|лице(?:й|я|ю|е)"), "school"),
        (
            _en(r"universit(?:y|ies)|colleges?|campus(?:es)?|educational (?:institution|facilit(?:y|ie))s?"),
            "university",
        ),
        (
            _stem(f"університет|университет|коледж|колледж|навчальн{_CY} заклад|учебн{_CY} завед|освітн"),
            "university",
        ),
        (
            _stem(f"заклад{_CY} (?:освіти|загальної середньої освіти)|учрежден{_CY} образован"),
            "educational institution",
        ),
    ],
    "commercial": [
        (_en(r"shopping (?:cent(?:er|re)|mall)s?|malls?"), "shopping centre"),
        (_stem(f"торгов{_CY} центр|торговельн{_CY} центр") + "|" + _word("ТЦ|ТРЦ"), "shopping centre"),
        (_en(r"supermarkets?|hypermarkets?|grocery stores?"), "supermarket"),
        (_stem("супермаркет|гіпермаркет|гипермаркет"), "supermarket"),
        (_en(r"(?:gas|petrol|filling|fuel) stations?"), "gas station"),
        (_word("АЗС") + "|" + _stem("автозаправ"), "gas station"),
        (_en(r"markets?|bazaars?"), "market"),
        (_word("ринок|ринку|рынок|рынке|рынка|базар|базарі|базаре"), "market"),
        (_en(r"shops?|stores?"), "shop"),
        (_stem("магазин|крамниц"), "shop"),
        (_en(r"car ?wash(?:es)?"), "car wash"),
        (_stem("автомийк|автомойк"), "car wash"),
        (_en(r"restaurants?|caf(?:e|é)s?|hotels?|office (?:building|cent(?:er|re))s?"), "restaurant/hotel"),
        (_stem("ресторан|готел|гостиниц|кафе|офісн|офисн"), "restaurant/hotel"),
        (
            _en(r"business(?:es)?(?: (?:cent(?:er|re)|premises))?|commercial(?: buildings?| premises)?"),
            "business",
        ),
        (_stem("бізнес|бизнес|комерційн|коммерческ"), "business"),
    ],
    "industrial": [
        (_en(r"warehouses?"), "warehouse"),
        (
            _word("склад|склади|складів|складах|складов|складе|складу") + "|" + _stem("складськ|складск"),
            "warehouse",
        ),
        (_en(r"factor(?:y|ies)|plants?|mills?"), "plant"),
        (_stem("завод|фабрик|комбінат|комбинат"), "plant"),
        (
            _en(r"enterprises?|industrial(?: facilit(?:y|ies)| sites?| zones?| buildings?)?"),
            "industrial facility",
        ),
        (
            _stem(
                f"підприємств|предприяти|промислов|промышлен|цех|виробнич{_CY} (?:приміщен|будів|об)"
                "|промобъект|промоб'єкт|промзон"
            )
            + "|"
            + _stem(f"производствен{_CY} (?:помещени|здани|объект|корпус)"),
            "industrial facility",
        ),
    ],
    "military": [
        (
            _en(r"(?:ammunition|ammo|arms|weapons?|munitions?) (?:depot|dump|warehouse|storage)s?|arsenals?"),
            "ammunition depot",
        ),
        (_stem(f"склад{_CY} (?:боєприпас|боеприпас)|арсенал"), "ammunition depot"),
        (_en(r"(?:military )?(?:airfields?|air ?bases?|air fields?)"), "airfield"),
        (_stem("аеродром|аэродром|авіабаз|авиабаз"), "airfield"),
        (_en(r"barracks"), "barracks"),
        (_stem("казарм"), "barracks"),
        (
            _en(r"command posts?|headquarters|air defen[cs]e (?:systems?|positions?)|radar(?: stations?)?s?"),
            "military facility",
        ),
        (
            _en(
                r"military (?:bases?|facilit(?:y|ies)|targets?"
                r"|objects?|infrastructure|units?|installations?|sites?"
                r"|depots?|equipment|vehicles?|positions?|warehouses?|enterprises?|headquarters)|bases?"
            ),
            "military facility",
        ),
        (
            _stem(
                f"військов{_CY} (?:об|частин|баз|інфраструктур)|военн{_CY} (?:объект|част|баз|инфраструктур)"
                "|командн|штаб"
            ),
            "military facility",
        ),
    ],
    "water": [
        (_en(r"pumping stations?"), "pumping station"),
        (_stem(f"насосн{_CY} станц"), "pumping station"),
        (_en(r"dams?"), "dam"),
        (_stem("гребл|дамб|плотин"), "dam"),
        (
            _en(
                r"water (?:supply|supplies|utilit(?:y|ies)|mains?|pipes?|pipelines?|treatment(?: plants?)?"
                r"|facilit(?:y|ies)|infrastructure|towers?|stations?"
                r"|intakes?)|without water|sewage|wastewater"
            ),
            "water supply",
        ),
        (
            _stem(
                "водопостач|водоснабж|водопров|водоканал|каналізац|канализац|водозабір|водозабор"
                f"|(?:перебо|без|відключен|отключен){_CY} (?:з |зі |с )?(?:[а-яіїєґё']+ (?:та|і|и) )?"
                "(?:водою|води|воды)"
            ),
            "water supply",
        ),
        (_en(r"reservoirs?|water"), "water"),
        (_stem("водосховищ|водохранилищ") + "|" + _word("вода|води|воду|воды"), "water"),
    ],
    "telecom": [
        (
            _en(
                r"(?:TV|television|radio|mobile|cell(?:ular)?"
                r"|communications?|telecom(?:munications?)?) towers?"
            ),
            "TV tower",
        ),
        (
            _stem("телевеж|телебашн|радіовеж|радиобашн") + "|" + _stem(f"вишк{_CY} зв|вышк{_CY} связ"),
            "TV tower",
        ),
        (_en(r"mobile (?:networks?|operators?|communications?|connection)"), "mobile network"),
        (
            _stem(f"мобільн{_CY} зв|мобильн{_CY} связ|мобільн{_CY} операт|мобильн{_CY} операт"),
            "mobile network",
        ),
        (
            _en(
                r"telecom(?:munications?)?(?: infrastructure| facilit(?:y|ies)| networks?| equipment)?"
                r"|communications?(?: infrastructure| facilit(?:y|ies)| lines?| networks?| hubs?)?"
                r"|internet (?:providers?|infrastructure|cables?)"
            ),
            "telecommunications",
        ),
        (_stem("телеком|інтернет-провайд|интернет-провайд"), "telecommunications"),
        (_en(r"towers?"), "tower"),
    ],
}

# category -> phrases removed before that category is matched, because a more specific phrase of another
# category contains one of its words: "power plant" is energy, not an industrial "plant"; "pumping station"
# is water, not a transport "station"; "gas station" is commercial, not "gas"; "White House" is no house.
EXCLUDE: dict[str, str] = {
    "energy": _en(r"(?:gas|petrol|filling|fuel) stations?|tear gas|gas masks?|energy markets?|energy prices?"),
    "port": _en(r"port cit(?:y|ies)|port towns?|port of call")
    + "|"
    + _stem(f"портов{_CY} (?:міст|город)|(?:місто|город)-порт"),
    "transport": _en(
        r"(?:power|pumping|gas|petrol|filling|fuel|compressor|radar|police|fire|nuclear power"
        r"|thermal power|hydroelectric|space|water|weather|research) stations?|road ?maps?"
        r"|roads? to (?:peace|recovery|victory)"
    ),
    "residential": _en(
        r"White House|House of (?:Culture|Representatives|Commons|Lords)|boiler houses?"
        r"|opera houses?|guest ?houses?|Government House|homeland"
    ),
    "commercial": _en(r"energy markets?|oil markets?|black markets?|stock markets?|labou?r markets?"),
    "industrial": _en(
        r"(?:nuclear|thermal|heat(?:ing)?|hydro(?:electric)?|coal|gas|solar|wind|CHP(?:-\d+)?|power|energy"
        r"|electric(?:ity)?|generating|water|treatment|sewage|desalination|heat and power|"
        r"ammunition|arms|weapons?|munitions?)(?: power| treatment)? (?:plants?|warehouses?)"
    )
    + "|"
    + _stem(
        f"нафтопереробн{_CY} завод|нефтеперерабатыва{_CY} завод|склад{_CY} боєприпас|склад{_CY} боеприпас"
        f"|енергетичн{_CY} підприємств|енергопідприємств|энергетическ{_CY} предприяти"
        f"|підприємств{_CY} енергетичн|предприяти{_CY} энергетическ"
    ),
    # Casualties taken to hospital are not a hospital hit ("two were hospitalised" in ACLED notes), nor the
    # hospital they were taken to ("госпіталізували до медичного закладу": matched first, the longest), nor
    # outpatient treatment ("на амбулаторному лікуванні").
    "health": _stem(f"амбулаторн{_CY} (?:лікуванн|лечени)|(?:лікуват|лечит|лікуют|лечат){_CY} амбулаторно|амбулаторно")
    + "|"
    + _en(r"outpatient(?: treatment| basis| care)?")
    + "|"
    + _stem(
        f"(?:госпіталіз|госпитализ|доставлен|доставил){_CY} (?:до|в|у) (?:[а-яіїєґё']+ ){{0,2}}"
        f"(?:лікарн|шпитал|больниц|госпитал|медичн|медицинск){_CY}(?: (?:заклад|учрежден){_CY})?"
    )
    + "|"
    + _en(
        r"hospitali[sz](?:ed|ing|ation)|in hospital|hospital treatment|hospital patients|patients of (?:the|a) hospital"
        r"|(?:taken|rushed|admitted|brought|sent|airlifted|evacuated|transported) (?:[\w'-]+ ){0,4}?to"
        r" (?:a |the )?(?:[\w'-]+ ){0,3}hospitals?|(?:sought|seeking|needed|required|received|requested|given) medical"
        r" (?:help|attention|care|assistance|treatment|aid)"
    )
    + "|"
    + _stem(
        f"госпіталіз|госпитализ|(?:доставлен{_CY}|доставили|потрапил{_CY}|попал{_CY}) (?:до|в|у) "
        f"(?:лікарн|шпитал|больниц|госпитал){_CY}|(?:звернул{_CY}|обратил{_CY}) (?:по|за) "
        f"(?:медичн|медицинск){_CY} (?:допомог|помощ){_CY}|(?:отримал{_CY}|получил{_CY}) "
        f"(?:медичн|медицинск){_CY} (?:допомог|помощ){_CY}"
        f"|пацієнт{_CY} (?:лікарн|шпитал)|пациент{_CY} (?:больниц|госпитал)"
    ),
    "water": _en(r"water cannons?|territorial waters?|water tower blocks?"),
    "telecom": _en(r"water towers?|tower blocks?|control towers?|communications? (?:strateg(?:y|ies)|team|officer)"),
}

# Descriptions of a place, not of what was hit: "a city home to an important air base", "the Black Sea port of
# Odesa" (the city), "civilian non-residential infrastructure". Removed before every category is matched.
DESCRIPTION: str = (
    _en(
        r"home to(?: [\w'-]+){1,6}|non-?residential"
        r"|(?:Black Sea|Azov Sea|Sea of Azov|Azov|Danube|Baltic|Caspian|river|southern|northern|key|major|main"
        r"|strategic|important) port (?:city |town )?of"
        # without damage to a place: "no damage to residential buildings"
        r"|without (?:hits?|damage) (?:to|on|in) (?:the )?[\w-]+(?: [\w-]+)?|no damage to (?:the )?[\w-]+(?: [\w-]+)?"
    )
    + "|"
    # near a building ("дрон упав біля житлового будинку"), or without hits on it
    + _stem(
        f"(?:біля|поблизу|поруч із|неподалік від|возле|около|рядом с|вблизи) {_CY}(?: {_CY})?"
        f"|без (?:влучан|пошкоджен|руйнуван|попадани|повреждени|разрушени){_CY} (?:у|в|по|на) {_CY}(?: {_CY})?"
    )
)
EXCLUDE = {c: "|".join(p for p in (EXCLUDE.get(c), DESCRIPTION) if p) for c in KEYWORDS}

# Reports that electricity went off. An outage also puts a strike in "energy": the power system was hit.
POWER_OUTAGE: str = "|".join(
    [
        _en(
            r"power (?:outages?|cuts?|failures?)|electricity (?:outages?|cuts?)|blackouts?|de-?energi[sz]ed"
            r"|(?:without|no) (?:power|electricity|light)|emergency (?:power )?shutdowns?"
            r"|(?:knock(?:ed|s|ing)?|cut|cutting|took|taking) (?:out |off )?(?:the )?(?:power|electricity)"
            r"(?: supply)?(?: out| off)?"
            r"|(?:disrupt(?:ed|ing|s)?|lost|loss of|losing) (?:the )?(?:power|electricity)"
            r"|(?:power|electricity)(?: supply)? (?:was|were|has been|have been|had been|is) (?:partially )?"
            r"(?:cut|knocked out|lost|disrupted|interrupted)"
            r"|restor(?:e|ed|ing) (?:the )?(?:power|electricity)(?: supply)?"
        ),
        _stem("знеструм|обесточ|блекаут")
        + "|"
        + _stem("без (?:світла|електрик|електроенерг|електропостач|света|электричеств|электроэнерг|электроснабж)"),
        _stem(f"відключен{_CY} (?:світла|електр)|отключен{_CY} (?:света|электр)"),
        # "В одном из поселков отключилось электричество", "вимкнулося світло"
        _stem(
            f"(?:отключил{_CY}|отключ[её]н{_CY}|отключал{_CY}) (?:электричеств|свет|электроснабж|электроэнерг)"
            f"|(?:вимкнул{_CY}|вимкнен{_CY}|відключил{_CY}|зникл{_CY}) (?:світло|електрик|електроенерг|електропостач)"
        ),
        _stem(
            f"(?:зникл{_CY}|зникає|немає|нема) (?:світло|світла|електрика|електрики|електропостачанн)"
            f"|(?:пропал{_CY}|нет) (?:свет|электричеств|электроснабж)|без доступа к электр"
            f"|перебо{_CY} (?:з|зі|с|в|у) (?:електропостач|електроенерг|электроснабж|подач{_CY} электр|світл|свет)"
            # power restored after the strike: it was cut
            f"|(?:відновил{_CY}|відновлено|восстановил{_CY}|восстановлено)"
            f" (?:електропостачанн|світло|электроснабжени|свет)"
            f"|(?:нарушени|порушен){_CY} (?:электроснабжени|энергоснабжени|електропостачанн|енергопостачанн)"
        ),
    ]
)
_OUTAGE_DETAIL = "power supply"


@dataclass(frozen=True)
class Classification:
    """Categories in vocabulary order, the most specific phrase per category, and outage."""

    infrastructure: list[str]
    detail: str | None
    power_outage: bool


@cache
def _by_detail(category: str) -> tuple[tuple[str, str], ...]:
    """The category's rows with one pattern per detail (English, Ukrainian and Russian rows of one detail
    joined), in the order details first appear: half the passes for the same answer."""
    joined: dict[str, list[str]] = {}
    for pattern, detail in KEYWORDS[category]:
        joined.setdefault(detail, []).append(f"(?:{pattern})")
    return tuple(("|".join(patterns), detail) for detail, patterns in joined.items())


@cache
def _compiled() -> tuple[dict[str, list[tuple[re.Pattern[str], str]]], dict[str, re.Pattern[str]], re.Pattern[str]]:
    flags = re.IGNORECASE
    keywords = {c: [(re.compile(p, flags), d) for p, d in _by_detail(c)] for c in KEYWORDS}
    exclude = {c: re.compile(p, flags) for c, p in EXCLUDE.items()}
    return keywords, exclude, re.compile(POWER_OUTAGE, flags)


def classify(text: object) -> Classification:
    """Classify one text: ``classify("A drone hit an oil refinery")`` -> energy / "oil refinery"."""
    keywords, exclude, outage_re = _compiled()
    text = text if isinstance(text, str) else ""  # None / NaN from a notes column
    outage = bool(outage_re.search(text))
    found: list[str] = []
    details: list[str] = []
    for category in INFRASTRUCTURE:
        rows = keywords.get(category)
        if not rows:
            continue
        masked = exclude[category].sub(" ", text) if category in exclude else text
        detail = next((d for pattern, d in rows if pattern.search(masked)), None)
        if detail is None and category == "energy" and outage:
            detail = _OUTAGE_DETAIL
        if detail is not None:
            found.append(category)
            details.append(detail)
    return Classification(found, "; ".join(details) or None, outage)


def _arrow(texts: pd.Series) -> pa.ChunkedArray:
    arr = pa.chunked_array([pa.array(texts.astype(pd.StringDtype("pyarrow")).array)])
    return pc.fill_null(arr.cast(pa.large_string()), "")


def _matches(arr: pa.ChunkedArray, pattern: str) -> np.ndarray:
    return pc.match_substring_regex(arr, pattern, ignore_case=True).to_numpy(zero_copy_only=False)


def _category(arr: pa.ChunkedArray, category: str) -> tuple[np.ndarray, np.ndarray]:
    """Rows of one category and the most specific phrase per row (None elsewhere)."""
    rows = _by_detail(category)
    n = len(arr)
    # Match the whole column once; exclusions and details only touch the rows that matched.
    alternation = "|".join(f"(?:{p})" for p, _ in rows)
    where = np.flatnonzero(_matches(arr, alternation))
    todo = arr.take(where)
    if category in EXCLUDE and len(where):
        todo = pc.replace_substring_regex(todo, "(?i)" + EXCLUDE[category], " ")
        kept = _matches(todo, alternation)
        where, todo = where[kept], todo.filter(pa.array(kept))
    hit = np.zeros(n, dtype=bool)
    hit[where] = True
    names = np.full(n, None, dtype=object)
    for pattern, name in rows:
        if not len(where):
            break
        m = _matches(todo, pattern)
        names[where[m]] = name
        where, todo = where[~m], todo.filter(pa.array(~m))
    return hit, names


def classify_many(texts: pd.Series) -> pd.DataFrame:
    """Classify a column of notes; returns infrastructure (lists), infrastructure_detail, power_outage.

    Runs in pyarrow (RE2) directly: pandas would fall back to Python's ``re`` (50x slower here) as soon as a
    pattern has ``\\b`` and the data has one non-ASCII character, and the patterns are written for RE2's
    ASCII ``\\b`` anyway. Cost is one pass per category over the column, plus one pass per pattern over the
    rows of that category only (to find the most specific phrase): it grows with rows, not rows x keywords.
    Categories run in threads (pyarrow releases the GIL).
    """
    arr = _arrow(texts)
    n = len(arr)
    outage = _matches(arr, POWER_OUTAGE)
    categories = [c for c in INFRASTRUCTURE if c in KEYWORDS]
    with ThreadPoolExecutor(max_workers=min(len(categories), os.cpu_count() or 1)) as pool:
        results = dict(zip(categories, pool.map(lambda c: _category(arr, c), categories), strict=True))
    codes = np.zeros(n, dtype=np.int64)
    detail = pd.Series(pd.NA, index=range(n), dtype="string")
    for bit, category in enumerate(INFRASTRUCTURE):
        if category not in results:
            continue
        hit, names = results[category]
        if category == "energy":
            names[outage & ~hit] = _OUTAGE_DETAIL
            hit = hit | outage
        codes |= hit.astype(np.int64) << bit
        cat_detail = pd.Series(names, dtype="string")
        both = detail.notna() & cat_detail.notna()
        detail = detail.where(~both, detail + "; " + cat_detail).fillna(cat_detail)
    # Few distinct category sets: build each list once, then copy it per row (lists must not be shared).
    lookup = {int(c): [cat for bit, cat in enumerate(INFRASTRUCTURE) if c >> bit & 1] for c in np.unique(codes)}
    out = pd.DataFrame(
        {
            "infrastructure": pd.Series([list(lookup[c]) for c in codes.tolist()], dtype=object),
            "infrastructure_detail": detail,
            "power_outage": pd.Series(outage, dtype="boolean"),
        }
    )
    out.index = texts.index
    return out
