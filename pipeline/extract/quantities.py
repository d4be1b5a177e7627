"""Quantities in targets: money ("c12m", "c£53-90m", "£189 m"), percentages ("70% to 100%",
"4.1 per cent"), counts of people and of things, with the comparator the wording implies.

Pure functions over a unit's text. Word lists (approximators, comparators, people nouns) are data
in patterns/lexicon.v1.json; this module holds the number grammar only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.extract.lexicon import lexicon

_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_SCALE = {"k": 1e3, "thousand": 1e3, "m": 1e6, "million": 1e6, "mn": 1e6, "bn": 1e9, "billion": 1e9}
_MONEY = re.compile(
    rf"(?P<c>\bc\.?\s?|\bcirca\s)?(?P<cur>£|\$|€)?\s?(?P<a>{_NUM})\s?(?:(?P<sep>-|–|to)\s?(?P<cur2>£|\$|€)?\s?(?P<b>{_NUM}))?"
    r"\s?(?:(?P<scale>bn|billion|million|mn|m|k|thousand)\b)?",
    re.I,
)
_PERCENT = re.compile(
    rf"(?P<c>\bc\.?\s?)?(?P<a>{_NUM})\s?(?:%|per\s?cent\b|percent\b)(?:\s?(?:-|–|to)\s?(?P<b>{_NUM})\s?(?:%|per\s?cent\b|percent\b))?",
    re.I,
)
_NUMBER_WORDS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "twelve": 12, "twenty": 20, "fifty": 50, "hundred": 100,
}  # fmt: skip
_REFERENCE_WORDS = re.compile(
    r"(?:pep|policy|policies|item|items|regulations?|section|page|no\.?|number|proposal|objective|stage|stages|"
    r"paragraph|para|appendix|table|figure|annex|minute|ref|version|phase|level|tier|year|years|room|schedule|article|"
    r"sp|ward|route|a|the|of)\s*$",
    re.I,
)
_REFERENCE_CHAIN = re.compile(
    r"\b(?:pep|policy|policies|items?|regulations?|sections?|articles?|paragraphs?|proposals?|objectives?|stages?)"
    r"\s*\d+(?:\s*(?:,|and|or|&)\s*\d+)*\s*(?:,|and|or|&)\s*$",
    re.I,
)
_DURATION_AFTER = re.compile(
    r"^\s*(?:-?\s?)(?:years?|months?|weeks?|days?|hours?|minutes?|year|times|pm|am|:\d|bed|storey|full\s+time|x\b)",
    re.I,
)


_CLOCK = re.compile(r"(?:[01]?\d|2[0-3])\.[0-5]\d")
_CLOCK_BEFORE = re.compile(r"\b(?:at|until|till|before|after)\s*$", re.I)
_FROM_BASELINE = re.compile(
    r"\bfrom\s+(?:(?:just\s+)?(?:over|under|around|about|almost|nearly|c\.?)\s+)?$", re.I
)


@dataclass(frozen=True, slots=True)
class Quantity:
    text: str
    start: int
    end: int
    value: float
    value_high: float | None
    unit: str  # percent | gbp | people | count | other
    approx: bool


def to_number(raw: str) -> float:
    return float(raw.replace(",", ""))


def _clean(value: float) -> float:
    return float(round(value, 6))


def may_hold_quantity(text: str) -> bool:
    """A cheap test: whether `text` has a digit, a number word or a share in words at all."""
    return bool(_MAY_HOLD_QUANTITY.search(text))


def find_quantities(text: str, money_context: bool = False) -> list[Quantity]:
    """Quantities in order of appearance. Years, dates, item numbers and durations are left out."""
    if not _MAY_HOLD_QUANTITY.search(text):
        return []  # most sentences hold no number at all: skip the patterns below
    out: list[Quantity] = []
    taken: list[tuple[int, int]] = []

    def free(s: int, e: int) -> bool:
        return not any(s < te and ts < e for ts, te in taken)

    for m in _PERCENT.finditer(text):
        if m.group("b") and _FROM_BASELINE.search(text[: m.start()]):
            # "Reduce from over 20% to 15%": a baseline and the value to reach, not a range
            out.append(Quantity(text[m.start("b") : m.end()], m.start("b"), m.end(), _clean(to_number(m.group("b"))),
                                None, "percent", False))  # fmt: skip
            taken.append(m.span())
            continue
        hi = to_number(m.group("b")) if m.group("b") else None
        out.append(Quantity(m.group(0), m.start(), m.end(), _clean(to_number(m.group("a"))), hi, "percent",
                            bool(m.group("c"))))  # fmt: skip
        taken.append(m.span())
    for m in _MONEY.finditer(text):
        if not free(*m.span()):
            continue
        cur, scale, approx = m.group("cur") or m.group("cur2"), m.group("scale"), bool(m.group("c"))
        a_raw = m.group("a")
        before = text[max(0, m.start() - 25) : m.start()]
        after = text[m.end() : m.end() + 30]
        glued = m.start("a") > 0 and text[m.start("a") - 1].isalpha() and not m.group("c")
        if (
            glued
            or re.search(r"\d[/.:-]?$", before)
            or re.match(r"[/:]\d", after)
            or re.match(r"\.\d", after)
        ):
            continue
        is_money = bool(cur) or (
            bool(scale) and scale.lower() in ("m", "bn", "mn") and (approx or money_context)
        )
        if is_money:
            mult = _SCALE.get((scale or "").lower(), 1.0)
            hi = to_number(m.group("b")) * mult if m.group("b") else None
            out.append(Quantity(m.group(0).strip(), m.start(), m.end(), _clean(to_number(a_raw) * mult),
                                _clean(hi) if hi else None, "gbp", approx))  # fmt: skip
            taken.append(m.span())
            continue
        if m.group("b") or scale:
            # "3 or 4", "25-30 dwellings": ranges of counts are handled below on the first number only
            pass
        value = to_number(a_raw)
        unit = count_unit(text[m.end("a") : m.end("a") + 40], text)
        if 1900 <= value <= 2100 and "," not in a_raw and "." not in a_raw and unit != "people":
            continue  # a year
        if _REFERENCE_WORDS.search(before) and not re.search(r"\b(?:of|the|a)\s*$", before, re.I):
            continue
        if re.search(r"\bage(?:d|\s+of)\s*$", before, re.I):
            continue  # "deaths before the age of 75": an age, not an amount
        if _DURATION_AFTER.match(text[m.end("a") :]) or _DURATION_AFTER.match(text[m.end() :]):
            continue
        if (
            not text[: m.start("a")].strip()
            and re.fullmatch(r"\d{1,2}", a_raw)
            and re.match(r"\s+[A-Z]", text[m.end("a") :])
        ):
            continue  # "2 All clinical areas to be assessed …": the item's number in a list
        if (
            not text[: m.start("a")].strip(" |")
            and re.fullmatch(r"\d{1,3}", a_raw)
            and re.match(r"\s*\|", text[m.end("a") :])
        ):
            continue  # "5 | Within five years, reduce …": a table row's number cell
        if _CLOCK.fullmatch(a_raw) and _CLOCK_BEFORE.search(before):
            continue  # "at 8.30", "until 12.00": a time of day
        measure = _MEASURE_UNIT.match(text[m.end("a") :])
        if measure is not None and not scale:
            # "under 203.64kg per person", "5MW of solar": an amount with its unit of measure
            out.append(Quantity(text[m.start("a") : m.end("a") + measure.end()], m.start("a"), m.end("a") + measure.end(),
                                _clean(value), None, "other", approx))  # fmt: skip
            taken.append((m.start("a"), m.end("a") + measure.end()))
            continue
        if re.match(r"(?:st|nd|rd|th)\b|[a-gi-z]", text[m.end("a") :], re.I) and not scale:
            continue  # "15th", "3rd", "A1", "v2" are not quantities
        if _REFERENCE_CHAIN.search(before):
            continue
        out.append(Quantity(a_raw, m.start("a"), m.end("a"), _clean(value), None, unit,
                            approx or bool(re.search(r"\(c$|\bc$", before.strip()))))  # fmt: skip
        taken.append((m.start("a"), m.end("a")))
    for m in _FRACTION.finditer(text):
        # "reduce by half the number of collisions", "by a third", "halve": a change stated as a share
        if free(*m.span()):
            share = _FRACTIONS[re.sub(r"[\s-]+", " ", (m.group("share") or "half").lower())]
            out.append(Quantity(m.group(0), m.start(), m.end(), share, None, "percent", False))
            taken.append(m.span())
    for m in re.finditer(r"\b(" + "|".join(_NUMBER_WORDS) + r")\b", text, re.I):
        if not free(*m.span()) or _DURATION_AFTER.match(text[m.end() :]):
            continue
        following = text[m.end() : m.end() + 40]
        if not re.match(r"\s+[a-z]", following, re.I):
            continue
        out.append(Quantity(m.group(0), m.start(), m.end(), float(_NUMBER_WORDS[m.group(1).lower()]), None,
                            count_unit(following, text), False))  # fmt: skip
    return sorted(out, key=lambda q: q.start)


_MAY_HOLD_QUANTITY = re.compile(
    r"\d|\b(?:" + "|".join(_NUMBER_WORDS) + r"|half|third|thirds|quarter|quarters|halve|halved|halving)\b",
    re.I,
)
_FRACTIONS = {"half": 50.0, "a third": 33.33, "a quarter": 25.0, "two thirds": 66.67, "three quarters": 75.0}
_FRACTION = re.compile(
    r"\bby\s+(?P<share>half|a\s+third|a\s+quarter|two[\s-]thirds|three[\s-]quarters)\b|\bhalv(?:e|ed|ing)\b",
    re.I,
)
_MEASURE_UNIT = re.compile(r"\s?(?:kg|km|kwh|mwh|gwh|kw|mw|gw|ha|tco2e?|tonnes?)\b", re.I)


def count_unit(following: str, context: str = "") -> str:
    """'people' when the counted noun (within a few words) is a kind of people, 'other' for
    measures (sq.m., hectares), else 'count'."""
    words = re.findall(r"[a-z.]+", following.lower())[:4]
    if words and re.match(
        r"(sq|m2|ha|hectares?|acres?|km|miles?|metres?|meters?|sqm|tonnes?|mw|kwh)", words[0]
    ):
        return "other"
    people = lexicon().people_nouns
    if any(w.rstrip(".") in people for w in words[:3]):
        return "people"
    if re.match(r"\s*[)\],;.]|\s*$", following) and any(
        w in people for w in re.findall(r"[a-z]+", context.lower())
    ):
        return "people"  # "more people will be supported (c60,000)": the counted noun came first
    return "count"


def comparator_for(text: str, quantity: Quantity) -> str:
    """The comparator the words just before (or after) the quantity imply."""
    lex = lexicon()
    before = text[max(0, quantity.start - 22) : quantity.start].lower()
    after = text[quantity.end : quantity.end + 14].lower()
    if quantity.value_high is not None:
        return "range"
    if _FRACTION.fullmatch(quantity.text):
        return "change"  # "by half", "halve"
    if any(re.search(rf"\b{re.escape(w)}\s*$", before) for w in lex.lt_words):
        return "lt"
    if any(re.search(rf"\b{re.escape(w)}\s*$", before) for w in lex.le_words):
        return "le"
    wide = text[max(0, quantity.start - 48) : quantity.start].lower()
    if (
        any(re.search(rf"\b{re.escape(w)}\s*$", before) for w in lex.ge_words)
        or re.match(r"\s*(or more|\+)", after)
        or re.search(r"\bminimum\s+(?:[\w-]+\s+){1,3}of\s*$", wide)  # "a minimum recycling target of 40%"
    ):
        return "ge"
    if any(re.search(rf"\b{re.escape(w)}\s*$", before) for w in lex.gt_words):
        return "gt"
    if quantity.approx or any(re.search(rf"(?:^|\W){re.escape(w)}\s*$", before) for w in lex.approx_words):
        return "approx"
    if re.search(r"\b(by|of)\s*$", before) and re.search(
        r"\b(reduc\w*|increas\w*|cut\w*|fall\w*|grow\w*|rise|rais\w*|decreas\w*)\b", text.lower()
    ):
        return "change"
    if re.search(r"\b(reduction|increase|decrease|growth|cut|fall|rise)\b", after):
        return "change"
    if quantity.unit == "percent" and re.match(
        r"\W*(?:reduce|cut|increase|decrease|lower|raise|grow)\s+(?:[\w-]+\s+){0,3}(?!(?:to|at|of|by|below|above|under|over|around|about)\s)[\w-]+\s+$",
        text[: quantity.start],
        re.I,
    ):
        return "change"  # "Reduce fossil fuels 50%": the change, with no "by"
    return "eq"
