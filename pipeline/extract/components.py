"""spaCy components for boardtrace, declared as factories with versioned names and exposed as
`spacy_factories` entry points.

Order in the pipeline: parties → decisions → targets → commitments → unit classifier (trained).
Each type component matches its cue patterns (patterns/<type>.v1.jsonl) into `doc.spans["bt_cues"]`,
runs its rules over the candidate units and writes what it accepts to `doc.spans["bt_<type>"]`,
with the fields and confidence of each span in `doc.user_data["bt_fields"]`. One unit gets one type:
a unit a decision took is not offered to targets or commitments, except for a separate future
clause in it ("… approved these plans and will receive regular updates").
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span, SpanGroup, Token
from spacy.util import minibatch

from pipeline.extract.context import CTX_KEY, PassageContext
from pipeline.extract.lexicon import lexicon, read_pattern_file
from pipeline.extract.rules import (
    CUE_KEY,
    Candidate,
    action_owner_label,
    commitment_candidate,
    consensus_candidate,
    decision_candidate,
    due_expression,
    is_consensus_marker,
    is_person,
    is_seconding,
    marked_commitment,
    model_fields,
    motion_undertaking,
    owner_action_mark,
    split_target,
    target_candidate,
)
from pipeline.extract.timex import find_time_expressions
from pipeline.extract.units import text_of, unit_spans

UNITS_KEY = "bt_units"
FIELDS_KEY = "bt_fields"
SCORES_KEY = "bt_scores"
PARTIES_KEY = "bt_parties"
SETTLED_KEY = "bt_settled"
TYPES = ("decision", "commitment", "target")


def load_patterns(name: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in read_pattern_file(name).splitlines() if line.strip()]


def build_matcher(vocab: Any, name: str) -> Matcher:
    matcher = Matcher(vocab)
    for row in load_patterns(name):
        matcher.add(row["label"], [row["pattern"]])
    return matcher


def trigger_words(name: str) -> frozenset[str] | None:
    """The words one of which must occur for any pattern of the file to match (each pattern's first
    required token), so that the Matcher can be skipped on passages without any; None when some
    pattern has no such word."""
    words: set[str] = set()
    for row in load_patterns(name):
        first = next((t for t in row["pattern"] if t.get("OP") not in ("?", "*", "{0,3}")), None)
        value = None if first is None else first.get("LOWER", first.get("TEXT"))
        if isinstance(value, str):
            words.add(value.lower())
        elif isinstance(value, dict) and "IN" in value:
            words |= {str(v).lower() for v in value["IN"]}
        else:
            return None
    return frozenset(words)


_WORDS = re.compile(r"[\w'’-]+|[^\w\s]")


def may_match(doc: Doc, triggers: frozenset[str] | None) -> bool:
    # "_" is a word character to the regex but not to the tokenizer ("_Resolution taken …_" in markdown)
    return triggers is None or not triggers.isdisjoint(_WORDS.findall(text_of(doc).lower().replace("_", " ")))


def context_of(doc: Doc) -> PassageContext:
    return PassageContext.from_user_data(doc.user_data.get(CTX_KEY))


def units_of(doc: Doc) -> list[Span]:
    if UNITS_KEY not in doc.spans:
        doc.spans[UNITS_KEY] = unit_spans(doc)
    return list(doc.spans[UNITS_KEY])


def add_cues(doc: Doc, matcher: Matcher, triggers: frozenset[str] | None = None) -> None:
    if not may_match(doc, triggers):
        return
    found = [Span(doc, s, e, label=m) for m, s, e in matcher(doc)]
    existing = list(doc.spans[CUE_KEY]) if CUE_KEY in doc.spans else []
    doc.spans[CUE_KEY] = SpanGroup(doc, name=CUE_KEY, spans=existing + found)


def taken_units(doc: Doc) -> set[tuple[int, int]]:
    """(start, end) of the units a type already took, and of those inside a merged decision."""
    taken: set[tuple[int, int]] = set()
    for start, end in doc.user_data.get(SETTLED_KEY, []):
        taken |= {
            (u.start_char, u.end_char) for u in units_of(doc) if start <= u.start_char and u.end_char <= end
        }
    for t in TYPES:
        key = f"bt_{t}"
        if key in doc.spans:
            taken |= {(s.start_char, s.end_char) for s in doc.spans[key]}
    return taken


def store(doc: Doc, candidate: Candidate) -> None:
    span = doc.char_span(
        candidate.start_char, candidate.end_char, label=candidate.type, alignment_mode="contract"
    )
    if span is None:
        return
    key = f"bt_{candidate.type}"
    group = list(doc.spans[key]) if key in doc.spans else []
    doc.spans[key] = SpanGroup(doc, name=key, spans=[*group, span])
    confidence = round(min(1.0, max(0.0, candidate.confidence)), 3)
    doc.user_data.setdefault(FIELDS_KEY, {})[(candidate.type, span.start_char, span.end_char)] = {
        "fields": candidate.fields,
        "confidence": confidence,
        "cue": candidate.cue,
    }


class PartiesComponent:
    """People with their roles and organisations, roles ("the Chief Officer") and bodies, as
    `doc.spans["bt_parties"]` (labels PERSON, ORG, ROLE, BODY)."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.matcher = build_matcher(nlp.vocab, "parties.v1.jsonl")

    def __call__(self, doc: Doc) -> Doc:
        spans = [Span(doc, s, e, label=m) for m, s, e in self.matcher(doc)]
        for ent in doc.ents:
            if ent.label_ not in ("PERSON", "ORG"):
                continue
            end = ent.end
            # "Mr Douglas (Maidstone and Tunbridge Wells NHS Trust)": the person with the organisation
            if end + 2 < len(doc) and doc[end].text == "(":
                close = next((t.i for t in doc[end : min(len(doc), end + 14)] if t.text == ")"), None)
                if close is not None and ent.label_ == "PERSON":
                    end = close + 1
            start = (
                ent.start - 1
                if ent.start > 0 and doc[ent.start - 1].lower_ in ("mr", "mrs", "ms", "dr", "cllr")
                else ent.start
            )
            spans.append(Span(doc, start, end, label=ent.label_))
        doc.spans[PARTIES_KEY] = SpanGroup(doc, name=PARTIES_KEY, spans=spans)
        return doc


class DecisionsComponent:
    def __init__(self, nlp: Language, name: str, min_confidence: float) -> None:
        self.name = name
        self.min_confidence = min_confidence
        self.matcher = build_matcher(nlp.vocab, "decisions.v1.jsonl")
        self.triggers = trigger_words("decisions.v1.jsonl")

    def __call__(self, doc: Doc) -> Doc:
        add_cues(doc, self.matcher, self.triggers)
        ctx = context_of(doc)
        units = units_of(doc)
        merged: list[tuple[int, int]] = []
        previous_candidate: Candidate | None = None  # decision_candidate of the unit before
        stored: dict[int, Candidate] = {}  # unit index → the decision stored for it
        for i, unit in enumerate(units):
            if i > 0 and is_consensus_marker(unit) and not units[i - 1].text.rstrip().endswith("?"):
                previous = units[i - 1]
                if i > 1 and is_seconding(previous):
                    # "Member X moved to adopt …. Member Y seconded. Upon voice vote, the motion carried."
                    previous = units[i - 2]
                    previous_candidate = stored.get(i - 2)
                if previous_candidate is None and commitment_candidate(previous, ctx) is None:
                    settled = consensus_candidate(previous, unit, ctx)
                    store(doc, settled)
                    merged.append((settled.start_char, settled.end_char))
                # after a decision the marker adds nothing (that decision is the record); after an
                # action ("Clerk to update the address … Prop JB, 2nd GK, All agreed.") it is agreed assent
                previous_candidate = None
                continue
            previous_candidate = decision_candidate(unit, ctx)
            if previous_candidate is not None and previous_candidate.confidence >= self.min_confidence:
                store(doc, previous_candidate)
                stored[i] = previous_candidate
        # the sentences a consensus marker settled belong to that decision, not to other types
        doc.user_data[SETTLED_KEY] = merged
        return doc


class TargetsComponent:
    def __init__(self, nlp: Language, name: str, min_confidence: float) -> None:
        self.name = name
        self.min_confidence = min_confidence
        # Targets are found from quantities and time expressions (rules.target_candidate), not token
        # patterns: the cue patterns this component once matched were read by no rule.

    def __call__(self, doc: Doc) -> Doc:
        ctx = context_of(doc)
        taken = taken_units(doc)
        decisions = {(s.start_char, s.end_char) for s in doc.spans.get("bt_decision", [])}
        inherited = None
        for unit in units_of(doc):
            # "By 2029, the parish will have become …": the deadline carries to the vision's next sentences
            lead = re.match(r"^\s*by\s+(?:the\s+end\s+of\s+)?\S+,", unit.text, re.I)
            if lead:
                exprs = find_time_expressions(lead.group(0).rstrip(","), ctx.ref)
                inherited = exprs[0] if exprs and exprs[0].date else inherited
            if (unit.start_char, unit.end_char) in taken:
                clause = target_clause(unit, ctx) if (unit.start_char, unit.end_char) in decisions else None
                if clause is not None:
                    span = doc.char_span(clause.start_char, clause.end_char, alignment_mode="contract")
                    for part in split_target(span, ctx, clause) if span is not None else [clause]:
                        store(doc, part)
                continue
            candidate = target_candidate(unit, ctx, inherited if not lead else None)
            if candidate is not None and candidate.confidence >= self.min_confidence:
                parts = split_target(unit, ctx, candidate)
                for part in parts:
                    store(doc, part)
                if len(parts) > 1:  # the sentence is taken by its targets, not left to other types
                    doc.user_data.setdefault(SETTLED_KEY, []).append((unit.start_char, unit.end_char))
        return doc


def target_clause(unit: Span, ctx: PassageContext) -> Candidate | None:
    """A target stated inside a decision's sentence, from the word that opens its clause to the end:
    "The audit plan was agreed, with all fieldwork to be completed by end of Jan 2026", "The Board
    noted the Trust's priority that 18% of the workforce should be … by 2025"."""
    for token in unit:
        if token.i == unit.start or token.lower_ not in ("that", "with"):
            continue
        if token.lower_ == "that" and unit.doc[token.i - 1].pos_ != "NOUN":
            continue  # "priority that …" states a target; "agreed that …" is the decision itself
        clause = unit.doc[token.i + 1 : unit.end]
        candidate = target_candidate(clause, ctx)
        if candidate is not None and candidate.cue in ("quantity_intent", "deadline_outcome"):
            return candidate
    return None


class CommitmentsComponent:
    def __init__(self, nlp: Language, name: str, min_confidence: float) -> None:
        self.name = name
        self.min_confidence = min_confidence
        self.matcher = build_matcher(nlp.vocab, "commitments.v1.jsonl")
        self.triggers = trigger_words("commitments.v1.jsonl")

    def __call__(self, doc: Doc) -> Doc:
        add_cues(doc, self.matcher, self.triggers)
        ctx = context_of(doc)
        decisions = {(s.start_char, s.end_char) for s in doc.spans.get("bt_decision", [])}
        taken = taken_units(doc)
        units = units_of(doc)
        for i, unit in enumerate(units):
            key = (unit.start_char, unit.end_char)
            mark = owner_action_mark(unit)
            if mark is not None:  # "… GF Action.": the owner of the sentence before, not an item itself
                if i > 0:
                    give_owner(doc, units[i - 1], mark, ctx, taken)
                continue
            label = action_owner_label(unit) if i > 0 else None
            if label is not None:  # "Go to CfV.  Action: AE": the sentence and its label are AE's action
                give_owner(doc, units[i - 1], label, ctx, taken, through=unit)
                continue
            if key in decisions:
                clause = future_clause(unit)
                candidate = (
                    commitment_candidate(clause, ctx) if clause is not None else motion_undertaking(unit, ctx)
                )
                if candidate is not None:
                    store(doc, candidate)
                continue
            if key in taken:
                continue
            candidate = commitment_candidate(unit, ctx)
            if candidate is not None and candidate.confidence >= self.min_confidence:
                store(doc, candidate)
        return doc


def give_owner(
    doc: Doc,
    previous: Span,
    owner: str,
    ctx: PassageContext,
    taken: set[tuple[int, int]],
    through: Span | None = None,
) -> None:
    """An owner mark names the owner of the unit before it: its commitment's owner when the rules left
    none, or a new commitment when no type took the unit (`taken` holds every type's units)."""
    found = doc.user_data.setdefault(FIELDS_KEY, {})
    key = ("commitment", previous.start_char, previous.end_char)
    if key in found:
        found[key]["fields"]["owner"] = found[key]["fields"]["owner"] or owner
    elif (previous.start_char, previous.end_char) not in taken:
        candidate = marked_commitment(previous, owner, ctx, through)
        if candidate is not None:
            store(doc, candidate)


def future_clause(unit: Span) -> Span | None:
    """A subjectless future clause coordinated with a decision: "… and will receive regular updates",
    "…, to be posted on the website"."""
    for token in unit:
        if token.i == unit.start:
            continue
        if token.lower_ in ("will", "would") and token.tag_ == "MD":
            verb = token.head
            if (
                verb.dep_ == "conj"
                and verb.head.lower_ in lexicon().outcome_words
                and not any(c.dep_.startswith("nsubj") for c in verb.children)
            ):
                return unit.doc[token.i : unit.end]
        if token.lower_ == "and" and token.i + 1 < unit.end:
            # "It was agreed that we should seek advice and SW will email P. Gillhoulie about it"
            subj = next(
                (
                    t
                    for t in unit.doc[token.i + 1 : min(token.i + 4, unit.end)]
                    if t.dep_ == "nsubj" and t.left_edge.i == token.i + 1
                ),
                None,
            )
            if (
                subj is not None
                and is_person(subj)
                and subj.lower_ not in ("he", "she", "i", "we", "they")
                and any(c.lower_ in ("will", "would", "shall") and c.tag_ == "MD" for c in subj.head.children)
            ):
                return unit.doc[token.i + 1 : unit.end]
        if token.lower_ == "that" and token.dep_ == "mark" and unit.doc[token.i - 1].lower_ == "and":
            clause = _person_would_clause(unit, token)
            if clause is not None:
                return clause
        passive_infinitive = (
            token.lower_ == "to"
            and token.i + 2 < unit.end
            and unit.doc[token.i + 1].lower_ == "be"
            and unit.doc[token.i + 2].tag_ == "VBN"
        )
        after_record = token.i - 1 >= unit.start and unit.doc[token.i - 1].lower_ in (
            "record",
            ",",
            "minutes",
        )
        if passive_infinitive and after_record:
            return unit.doc[token.i : unit.end]
    return None


def _person_would_clause(unit: Span, mark: Token) -> Span | None:
    """ "The Board agreed that a website would be created, and that MW would manage the process …": the
    second agreed clause gives a named person (not the body itself) an act to carry out."""
    verb = mark.head
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    has_modal = any(c.lower_ in ("will", "would", "shall") and c.tag_ == "MD" for c in verb.children)
    if subj is None or not has_modal or not is_person(subj) or subj.lower_ in ("he", "she", "i"):
        return None
    return unit.doc[subj.left_edge.i : unit.end]


class UnitClassifier:
    """The trained unit classifier (models/unit_classifier): a bag-of-words `textcat_multilabel` over
    each unit's words, its context (document kind, block, heading deadline) and the rule cues that
    fired on it. It runs after the rule components and decides, per type, with the thresholds chosen
    by cross-validation at training time (thresholds.json): a rule record it scores below "keep" is
    dropped, a unit the rules missed that it scores above "add" is added, with fields from the field
    rules. A record's confidence is the mean of the rule's and the model's. Without a model on disk the rule
    records stand as they are."""

    def __init__(self, nlp: Language, name: str, model_path: str) -> None:
        self.name = name
        self.model_path = model_path
        path = Path(model_path)
        if not path.is_absolute():
            path = Path(__file__).resolve().parents[2] / path
        self.clf: Language | None = None
        self.thresholds: dict[str, dict[str, float]] = {}
        if (path / "config.cfg").exists():
            self.clf = spacy.load(path)
            self.textcat: Any = self.clf.get_pipe("textcat_multilabel")
            self.thresholds = json.loads((path / "thresholds.json").read_text(encoding="utf-8"))

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 16) -> Iterator[Doc]:
        """One forward pass over the units of a whole batch of passages (nlp.pipe calls this)."""
        for batch in minibatch(docs, size=batch_size):
            yield from self._score(list(batch))

    def _score(self, docs: list[Doc]) -> list[Doc]:
        if self.clf is None:
            return docs
        jobs = [(doc, context_of(doc), units_of(doc)) for doc in docs]
        texts = [classifier_text(doc, u, ctx) for doc, ctx, units in jobs for u in units]
        if not texts:
            return docs
        scores = self.textcat.predict([self.clf.make_doc(t) for t in texts])
        row = 0
        for doc, ctx, units in jobs:
            self._apply(doc, ctx, units, scores[row : row + len(units)])
            row += len(units)
        return docs

    def _apply(self, doc: Doc, ctx: PassageContext, units: list[Span], scores: Any) -> None:
        found = doc.user_data.setdefault(FIELDS_KEY, {})
        column = {label: i for i, label in enumerate(self.textcat.labels)}
        for row, unit in enumerate(units):
            for type_ in TYPES:
                p = float(scores[row][column[type_]]) if type_ in column else 0.0
                key = (type_, unit.start_char, unit.end_char)
                limits = self.thresholds.get(type_, {"keep": 0.0, "add": 1.01})
                if key in found:
                    if p < limits["keep"] and found[key]["cue"] not in SURE_CUES:
                        drop(doc, key)
                    else:
                        found[key]["confidence"] = round(0.5 * (p + found[key]["confidence"]), 3)
                elif p >= limits["add"] and not other_type_taken(found, type_, unit):
                    fields = model_fields(type_, unit, ctx)
                    store(doc, Candidate(type_, unit.start_char, unit.end_char, p, "model", fields))


# Cues the classifier may not overrule: the formulaic language of a resolution.
SURE_CUES = frozenset({"resolved", "resolution_item", "it_was_agreed", "agreed_marker", "action_line"})


def other_type_taken(found: dict[Any, Any], type_: str, unit: Span) -> bool:
    return any((t, unit.start_char, unit.end_char) in found for t in TYPES if t != type_)


def drop(doc: Doc, key: tuple[str, int, int]) -> None:
    type_, start, end = key
    group_key = f"bt_{type_}"
    kept = [s for s in doc.spans.get(group_key, []) if (s.start_char, s.end_char) != (start, end)]
    doc.spans[group_key] = SpanGroup(doc, name=group_key, spans=kept)
    doc.user_data[FIELDS_KEY].pop(key, None)


def rule_features(doc: Doc, unit: Span) -> str:
    found = doc.user_data.get(FIELDS_KEY, {})
    words = []
    for type_ in TYPES:
        info = found.get((type_, unit.start_char, unit.end_char))
        if info is not None:
            words.append(f"xxrule{type_} xxcue{info['cue']}")
    return " ".join(words)


def classifier_text(doc: Doc, unit: Span, ctx: PassageContext) -> str:
    """The classifier's input: context and rule cues as pseudo-words, then the unit's text."""
    deadline = " xxheadingdeadline" if ctx.heading_deadline else ""
    return f"xxkind{ctx.doc_kind} xxblock{ctx.block}{deadline} {rule_features(doc, unit)} {unit.text}"


def due_text(unit: Span, ctx: PassageContext) -> str | None:
    expr = due_expression(unit, ctx)
    return expr.text if expr else None


@Language.factory("boardtrace_parties_v1")
def make_parties(nlp: Language, name: str) -> PartiesComponent:
    return PartiesComponent(nlp, name)


@Language.factory("boardtrace_unit_classifier_v1", default_config={"model_path": "models/unit_classifier"})
def make_unit_classifier(nlp: Language, name: str, model_path: str) -> UnitClassifier:
    return UnitClassifier(nlp, name, model_path)


@Language.factory("boardtrace_decisions_v1", default_config={"min_confidence": 0.5})
def make_decisions(nlp: Language, name: str, min_confidence: float) -> DecisionsComponent:
    return DecisionsComponent(nlp, name, min_confidence)


@Language.factory("boardtrace_targets_v1", default_config={"min_confidence": 0.5})
def make_targets(nlp: Language, name: str, min_confidence: float) -> TargetsComponent:
    return TargetsComponent(nlp, name, min_confidence)


@Language.factory("boardtrace_commitments_v1", default_config={"min_confidence": 0.5})
def make_commitments(nlp: Language, name: str, min_confidence: float) -> CommitmentsComponent:
    return CommitmentsComponent(nlp, name, min_confidence)


# The unversioned names pyproject.toml's entry points declare; they build the current version.
@Language.factory("boardtrace_parties")
def make_parties_current(nlp: Language, name: str) -> PartiesComponent:
    return PartiesComponent(nlp, name)


@Language.factory("boardtrace_decisions", default_config={"min_confidence": 0.5})
def make_decisions_current(nlp: Language, name: str, min_confidence: float) -> DecisionsComponent:
    return DecisionsComponent(nlp, name, min_confidence)


@Language.factory("boardtrace_targets", default_config={"min_confidence": 0.5})
def make_targets_current(nlp: Language, name: str, min_confidence: float) -> TargetsComponent:
    return TargetsComponent(nlp, name, min_confidence)


@Language.factory("boardtrace_commitments", default_config={"min_confidence": 0.5})
def make_commitments_current(nlp: Language, name: str, min_confidence: float) -> CommitmentsComponent:
    return CommitmentsComponent(nlp, name, min_confidence)
