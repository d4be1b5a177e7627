"""Rules that recognise decisions, commitments and targets in one candidate unit (a parsed Span).

Each `*_candidate` function is pure: it looks at the unit's tokens, its parse, the cue matches the
components' Matchers found (patterns/*.jsonl) and the passage context, and returns a Candidate or
None. The language is the general language of minutes and plans ("RESOLVED that", "It was agreed",
"The Board approved", "X undertook to", "Action: … Owner: …", "will reduce by 10% by 2021").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from spacy.tokens import Span, Token

from pipeline.attendance import is_attendance
from pipeline.extract.context import (
    BYLAW_READINGS,
    DONE_STATUS_WORDS,
    LIST_VERBS,
    STEM_ADDRESSEE,
    THAT_BODY_STEM,
    PassageContext,
    resolution_item_text,
)
from pipeline.extract.lexicon import lexicon
from pipeline.extract.quantities import Quantity, comparator_for, find_quantities, may_hold_quantity
from pipeline.extract.timex import TimeExpression, find_time_expressions
from pipeline.extract.units import text_of
from pipeline.ingest.blocks import is_ticked, strip_emphasis
from pipeline.segment import heading_levels

CUE_KEY = "bt_cues"  # doc.spans key where the components' Matchers put their cue matches


@dataclass
class Candidate:
    type: str  # decision | commitment | target
    start_char: int  # offsets into the Doc's text
    end_char: int
    confidence: float
    cue: str
    fields: dict[str, Any] = field(default_factory=dict)


# ---------------------------------------------------------------- shared helpers


def cues_in(unit: Span, prefix: str) -> list[Span]:
    group = unit.doc.spans.get(CUE_KEY, [])
    return [c for c in group if c.label_.startswith(prefix) and c.start >= unit.start and c.end <= unit.end]


def cue_labels(unit: Span, prefix: str) -> set[str]:
    return {c.label_ for c in cues_in(unit, prefix)}


def is_initials(token: Token) -> bool:
    """A person's initials as minutes use them: "PK", "AHop", "DT/AHop/SF" (three or more capitals
    alone, "NCC", "FPNP", are organisations or documents)."""
    return bool(re.fullmatch(r"(?:[A-Z][a-z]{0,3}[A-Z]|[A-Z]{2})(?:[/&][A-Z][A-Za-z]{0,3})*", token.text))


def is_handle(token: Token) -> bool:
    """A person's short handle as some minute-takers write it: a name run into an initial, "TimG",
    "MitchK", "SKoTM" (not a word in capitals)."""
    return bool(re.fullmatch(r"[A-Z][a-z]+[A-Z][A-Za-z]{0,3}|[A-Z]{2,4}[a-z][A-Z]{1,2}", token.text))


def is_body(token: Token) -> bool:
    """A collective: the Board, Councillors, the Parish Council, the group, SC, we."""
    lex = lexicon()
    low = token.lower_
    if low in lex.body_heads:
        return True
    if is_initials(token) and low in lex.body_heads:
        return True
    return token.ent_type_ == "ORG" and token.pos_ == "PROPN" and low in lex.body_heads


def is_person(token: Token) -> bool:
    """A person or a single office-holder: Mr Douglas, PK, the Chairman, the Chief Officer, Ewa."""
    lex = lexicon()
    if is_body(token):
        return False
    if token.ent_type_ == "PERSON" or token.lower_ in lex.role_heads or token.lower_ in ("he", "she", "i"):
        return True
    if is_initials(token):
        return True
    return (
        token.pos_ == "PROPN"
        and token.is_title
        and token.ent_type_ not in ("ORG", "GPE", "DATE", "NORP", "LOC", "FAC", "LAW", "PRODUCT", "EVENT")
    )


def named_in(token: Token, names: tuple[str, ...]) -> bool:
    """A word the document uses as a name (context.document_names), and not a place or a date."""
    return token.text in names and token.ent_type_ not in ("GPE", "LOC", "FAC", "DATE", "LAW", "EVENT")


def is_party(token: Token) -> bool:
    """Someone who can act: a body, a person or role, "they"; not a document ("the Neighbourhood Plan")."""
    if token.lower_ in lexicon().document_heads:
        return False
    if token.ent_type_ == "ORG" and (
        token.pos_ == "PROPN" or token.is_title or (token.is_upper and len(token) > 1)
    ):
        return True  # an organisation (or a name the model took for one): "CGM will quote", "LLBS will …"
    return is_body(token) or is_person(token) or token.lower_ == "they"


def subject_of(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass", "csubj"):
            return child
    if verb.dep_ in ("conj", "xcomp", "advcl") and verb.head.i != verb.i:
        return subject_of(verb.head)
    return None


def phrase(token: Token) -> str:
    """The noun phrase a token heads, without relative clauses."""
    tokens = [t for t in token.subtree if t.dep_ not in ("relcl", "acl", "punct", "appos") or t.i == token.i]
    left = min(t.i for t in tokens)
    right = max(t.i for t in tokens)
    span = token.doc[left : right + 1]
    if len(span) > 8:
        span = token.doc[max(left, token.i - 4) : token.i + 1]
    return span.text.strip(" ,")


def _in_relative_clause(token: Token) -> bool:
    return token.head.dep_ == "relcl" or any(a.dep_ == "relcl" for a in token.head.ancestors)


def has_hedge(unit: Span, verb: Token | None = None) -> bool:
    """A possibility, hope or wish: a modal "may/might/could" (not the month May) or a hedging phrase.
    Given the unit's main verb, only a modal on that verb or above it counts ("X would give it
    consideration but standards could no longer be maintained" is not hedged). A modal inside a
    relative clause hedges only the noun it describes ("supporting people who may require a stay")."""
    lex = lexicon()
    for t in unit:
        on_this_clause = verb is None or t.head.i == verb.i or t.head in verb.ancestors
        if t.tag_ == "MD" and t.lower_ in lex.modal_hedges and on_this_clause and not _in_relative_clause(t):
            return True
    low = f" {unit.text.lower()} "
    return any(re.search(rf"\b{re.escape(h)}\b", low) for h in lex.hedges)


def time_expressions(unit: Span, ctx: PassageContext) -> list[TimeExpression]:
    return find_time_expressions(unit.text, ctx.ref, ctx.next_meeting_date)


# The date of something that already happened, named to identify it: "the minutes of the meeting held
# on 11 November 2020", "the letter dated 3 May"
_PAST_EVENT_DATE = re.compile(
    r"\b(?:meeting|minutes|session)\s+(?:of\s+(?:the\s+)?\w+\s+)?held\s+(?:on\s+)?(?:the\s+)?$|\bdated\s+(?:the\s+)?$",
    re.I,
)


def due_expression(unit: Span, ctx: PassageContext) -> TimeExpression | None:
    """The unit's time frame: among its time expressions, those that can be a deadline (not a
    planning period, not a date before the meeting), a "by/before/until" one first."""
    text = unit.text
    exprs = [
        e
        for e in time_expressions(unit, ctx)
        if e.kind not in ("year_range",) and not _PAST_EVENT_DATE.search(text[: e.start])
    ]
    ref = ctx.ref
    if ref is not None:
        exprs = [e for e in exprs if e.date is None or e.date >= ref]
    if not exprs:
        return None
    with_date = [e for e in exprs if e.date]
    bounded = [e for e in with_date if re.match(r"(?:by|before|until|till|no later than)\b", e.text, re.I)]
    return (bounded or with_date or exprs)[0]


# ---------------------------------------------------------------- decisions


_NOTED_THAT = re.compile(
    r"\bnoted\s+(?:that|how|the\s+(?:fact|concerns?|comments?|points?))\b|\bit\s+was\s+noted\b", re.I
)
_IT_WAS = re.compile(
    r"\bit\s+was\s+(?:\w+ly\s+|also\s+|further\s+|then\s+|therefore\s+)*(agreed|resolved|decided|determined|recommended)\b",
    re.I,
)
_NAME = r"[A-Z][\w.&-]*"
_NAMES = rf"{_NAME}(?:\s+{_NAME}){{0,3}}"
# "It was agreed that PK would speak to …", "agreed that Cllr. Crisp and Cllr. Collins would empty …",
# "agreed that the Clerk request a quote" (a subjunctive: the party and a bare verb)
_NAMED_WOULD = re.compile(
    rf"\b(?i:agreed|decided|resolved)\b(?:\s*[-–—:]\s*(?i:that)|\s+that)?\s+(?P<owner>(?:the\s+)?{_NAMES}(?:\s+(?:and|&)\s+(?:the\s+)?{_NAMES})?"
    r"|(?<=that\s)(?:he|she)(?=\s+(?:would|will|should|shall)\b))"
    r"\s+(?:(?:would|should|will|shall|to)\s+\w+|(?!(?:was|were|is|are|had|has|have|be|been|being|and|or|of|for|on|in|at|would|should|will|shall|could|can|may|might|must)\b)(?P<bare>[a-z]{3,})\b(?!\s+(?:the|a|an)\s+\w+\s+(?:was|were|is|are)\b))",
)


_PASSIVE_LATER = re.compile(r"\b(?:be|is|are|was|were)\s+(?:\w+ly\s+)?\w+(?:ed|en)\b")


def named_owner(unit: Span) -> str | None:
    """The party an agreement gives an act to, when it is not the body itself or a document.
    A bare word after the name is its verb ("agreed that the Clerk request a quote") unless it parses as
    a noun and a passive verb follows: then it is the rest of a noun phrase ("RESOLVED that the Business
    protocol … be agreed")."""
    match = _NAMED_WOULD.search(unit.text)
    if match is None:
        return None
    passive = re.match(r"\s+(?:would|should|will|shall|to)\s+be\s+(\w+)", unit.text[match.end("owner") :])
    if passive is not None:
        start = match.end("owner") + passive.start(1)
        participle = unit.char_span(start, start + len(passive.group(1)))
        if (
            participle is not None
            and participle.root.tag_ == "VBN"
            and participle.root.lower_ not in lexicon().request_verbs  # "the Clerk would be asked to write"
        ):
            return None  # "agreed that the AGM would be held remotely": nobody is given an act
    if match.group("bare") is not None:
        at = unit.char_span(match.start("bare"), match.end("bare"))
        rest = unit.text[match.end("bare") :]
        if (at is None or at.root.pos_ not in ("VERB", "AUX")) and _PASSIVE_LATER.search(rest):
            return None
    head = match.group("owner").split()[-1].lower().rstrip(".")
    lex = lexicon()
    return None if head in lex.body_heads or head in lex.document_heads else match.group("owner")


# Agreeing to spend money, or to a document that is then signed, is an approval: "It was agreed to
# purchase …", "A budget of £250 was agreed.", "The Complaints Procedure was discussed, agreed and signed"
_SPENDING_AGREED = re.compile(
    r"\bagreed\s+(?:to\s+)?(?:the\s+)?(?:pay(?:ments?)?|purchas\w*|buy|reimburs\w*|spend)\b"
    r"|\b(?:payments?|budget|upper\s+limit|expenditure|spend(?:ing)?|charge)\b(?:\s+(?:of|for)\s+[^.]{0,30}?)?"
    r"\s+(?:was|were|be|is|are)\s+(?:proposed\s+and\s+)?agreed\b"
    r"|\bagreed\s+and\s+signed\b",
    re.I,
)


# The verb a resolution opens with names its outcome: "RESOLVED: To note …", "Agreed to defer …"
_LEAD_OUTCOMES = {
    "note": "noted", "approve": "approved", "endorse": "endorsed", "recommend": "recommended",
    "appoint": "appointed", "elect": "elected", "delegate": "delegated", "defer": "deferred",
    "reject": "rejected", "refuse": "rejected", "adopt": "approved", "ratify": "approved",
}  # fmt: skip
_LEAD_VERB = re.compile(
    r"^\W*(?:(?:it\s+was\s+)?(?:resolved|agreed|decided)\b\W*(?:that\s+)?)?to\s+("
    + "|".join(_LEAD_OUTCOMES)
    + r")\b"
)


# A resolution item addressed to the body, its verb first in the present: "Notes the timescales …",
# "Supports using plain language …" (endorsed); not "Notes of the last meeting"
_ITEM_VERB_OUTCOME = re.compile(
    r"^\W*(?:\(?[a-z0-9]{1,3}[.)]\s*)?(note|approve|endorse|support|recommend|delegate|defer|reject|adopt|ratify)s\b"
    r"(?!\s+(?:of|from|for)\b)"
)
_ITEM_OUTCOMES = {**_LEAD_OUTCOMES, "support": "endorsed"}


# Handing someone the power to act: "delegated authority to the Clerk", "be delegated to", "PEP delegate",
# "She was authorised to agree", "authorisation to Service Managers"; not the noun in "the Scheme of
# Delegation be updated", nor the body's own act in "Council authorised the payment"
_DELEGATES = re.compile(
    r"\b(?i:delegat(?:e|es|ed|ing))\b"
    r"|(?<![Ss]cheme\sof\s)\b(?i:delegation\s+of\s+(?:authority|powers?)\s+to)\b"
    r"|\b(?i:(?:was|were|is|are|be|been)\s+authori[sz]ed\s+to)\b"
    r"|\b(?i:authori[sz]ation|authority)\s+to\s+(?:the\s+)?[A-Z]"
)


def outcome_of(text: str, default: str = "agreed") -> str:
    """The outcome the unit's wording states, refined by cue words (delegate, defer, not approved)."""
    low = text.lower()
    lead = _LEAD_VERB.match(low)
    if lead:
        return _LEAD_OUTCOMES[lead.group(1)]  # "RESOLVED: To note the attendance of … appointed …"
    item = _ITEM_VERB_OUTCOME.match(low)
    if item:
        return _ITEM_OUTCOMES[item.group(1)]  # "That the Board: (a) Notes the summary report …"
    if _DELEGATES.search(text):
        return "delegated"
    if re.search(
        r"\bnot\s+yet\s+(?:been\s+)?approved|\bdefer\w*|\bpostpon\w*|\btabled?\s+(?:\w+\s+){0,4}?(?:until|till)\b|\bcircle\s+back|\bwait\s+until|\buntil\s+the\s+\w+\s+is\s+finali[sz]ed|\bheld\s+over|\bto\s+the\s+next\s+meeting\b.*\b(?:deferred|held)",
        low,
    ):
        return "deferred"
    if re.search(
        r"\bnot\s+(?:been\s+)?approved|\b(?:decided|agreed)\s+(?:not\s+to|to\s+not)\b|\brejected|\brefused|\bdeclined"
        r"|\b(?:motion|proposal|amendment)\s+(?:was\s+)?defeated\b|^\W*(?:outcome|result|decision)\W*\s*[:–—-]\W*\s*defeated\b",
        low,
    ):
        return "rejected"
    if re.search(r"\bco-?opt(?:ed|ion)?\b|\b(?:re-?)?appoint\w*|\bagreed\s+to\s+be\s+the\b", low):
        return "appointed"
    if re.search(r"\b(?:re-)?elected\b", low):
        return "elected"
    if re.search(
        r"\brecommend(?:s|ed)?\s+(?:that|to)\b|\bit\s+was\s+recommended\b|\b(?:agreed|resolved|decided)\s+to\s+recommend\b"
        r"|\b(?:committee|panel|board|group|cabinet)\s+(?:has\s+|had\s+)?recommended\s+(?!by\b)",
        low,
    ):
        return "recommended"  # also "Unanimously AGREED to recommend APPROVAL"
    if re.search(r"\bbe\s+(?:noted|acknowledged)\W*$", low):
        return "noted"  # the resolution's own verb: "… Committee's endorsement of decision CAB 24 be acknowledged."
    if re.search(
        r"\bendors\w*|\bunanimous\s+in\s+backing|\bin\s+support\b|\bsupported\s+by\s+all\b|^support(?:ed)?\s"
        r"|\bsupported\s+the\s+(?:proposal|recommendations?|motion|request|approach)\b|\bbe\s+supported\W*$",
        low,
    ):
        return "endorsed"
    if re.search(
        r"\b(?:be|been|was|were|is|and|to)\s+noted\b|\bnote\s+the\b|\bnoted\s+the\b|\bwhich\s+was\s+noted|\bnoted\.?$|\bsubmitted\s+and\s+note"
        r"|\breceived\s+for\s+information\b",
        low,
    ):
        return "noted"
    if "minute" in low and re.search(r"\bconfirm(?:ed)?\b", low) and not re.search(r"\bagreed\b", low):
        return "approved"  # "That the Minutes be received and confirmed as a correct record"
    if re.search(r"\b(?:approv\w*|ratif\w*|carried|voted|adopted)\b", low) or re.search(
        r"\baccepted\s+(?:pep|the\s+(?:pep|proposal|application))", low
    ):
        return "approved"
    if re.search(r"\baccept\w*", low) and "record" not in low:
        return "approved"
    if default == "agreed" and _SPENDING_AGREED.search(text):
        return "approved"
    return default


# A correspondence or report line closed by its outcome as a label: "Hywel Dda June newsletter Noted",
# "Lloyds Bank, Sheet Number 27 …, Balance of £6,564.21 Noted" (the capital marks it as a label)
# A line that labels the outcome of the item above it: "Outcome: Adopted, by a 7-2 vote", "Decision:
# Approved unanimously", "Result: motion defeated"
# A decision written after its label on the same line: "Decision: the group will meet monthly",
# "Consensus: no further action for now", "Agreed: the Clerk's proposal"
_DECISION_LABEL = re.compile(r"^\W*(?:decision|consensus)\W*\s*[:–—]\W*\s*\w[^:]{8,}", re.I)
_LABELLED_OUTCOME = re.compile(
    r"^\W*(?:outcome|decision|result|vote)\W*\s*[:–—-]\W*\s*(?:the\s+)?(?:motion\s+|proposal\s+)?(?:was\s+)?"
    r"(?:unanimously\s+)?(?:adopted|approved|agreed|accepted|carried|passed|rejected|defeated|declined|deferred|"
    r"endorsed)\b",
    re.I,
)
_TRAILING_OUTCOME = re.compile(
    r"(?<=[\w)£%,.])\s+(?:Noted|NOTED|Agreed|AGREED|Approved|APPROVED|Ratified|RATIFIED|Accepted|ACCEPTED)\.?\s*$"
    # after a dash, in any case: "Confirmation of the minutes of the meeting on 6th August – agreed"
    r"|\s[–—-]\s*(?i:agreed|approved|noted|accepted|ratified|carried|resolved)(?:\s+(?i:unanimously))?"
    # "Warrants and payroll – approved as submitted."
    r"(?:\s+(?i:as\s+(?:submitted|presented|amended|circulated|recommended|read|written)))?\.?\s*$"
)
# … but a sentence with its own verb before the label is something else ("He said it was Noted")
_FINITE_CLAUSE_BEFORE = re.compile(r"\b(?:was|were|is|are|had|has|have|said|will|would)\b", re.I)
# Minutes approved Scottish-style: "These were moved as correct by Esme Clark and Robert Preston."
_MOVED_AS_CORRECT = re.compile(
    r"\b(?:moved|approved|adopted|accepted|signed|confirmed)(?:\s+by\s+the\s+\w+)?\s+as\s+(?:a\s+|an\s+)?"
    r"(?:correct|true|accurate)\b",
    re.I,
)  # also "The minutes were received and signed by the Chairman as an accurate record."

# A motion and its vote in one breath: "Cllr X proposed that …, seconded by Cllr Y - unanimously agreed"
_MOTION = re.compile(r"\b(?:proposed|moved|prop|motion)\b", re.I)
_SECONDED = re.compile(r"\b(?:seconded|2nd)\b", re.I)
_CARRIED = re.compile(
    r"\b(?:agreed|approved|carried|accepted|resolved|unanimous(?:ly)?|all\s+in\s+favou?r|votes?\s+for)\b",
    re.I,
)
# A council's response to a planning application, written after the application: "… (13/00637/F) -
# Support", "… at Sunset Cottage - supported by the Parish Council", "… – No objection".
_PLANNING_RESPONSE = re.compile(
    r"[-–—:.]\s*(?P<resp>(?:fully\s+|unanimously\s+)?(?:supported|support|not\s+supported|no\s+objections?|objections?|"
    r"objected|object|recommend\w*\s+(?:approval|refusal)|(?:approval|refusal)\s+recommended|approved|approval|"
    r"refused|refusal))"
    r"(?:\s+by\s+(?:the\s+)?[\w\s]{1,40}?)?\s*[.!]?\s*$",
    re.I,
)
# The same response written as a capitalised label at the end of the application's line, with no
# separator: "E/40480 Agricultural Storage Building Panteg … R Lewis NO OBJECTIONS".
_PLANNING_LABEL = re.compile(
    r"\s(?P<resp>NO\s+OBJECTIONS?|NO\s+OBSERVATIONS?|NO\s+COMMENTS?|SUPPORTED|SUPPORT|OBJECTIONS?|OBJECT(?:ED)?)\s*[.!]?\s*$"
)
_APPLICATION = re.compile(
    r"\b\d{2}/\d{3,5}/[A-Z]{1,4}\b|\b[A-Z]{1,3}/\d{4,6}\b|\b(?:planning|application|erection|extension|construction|demolition|"
    r"installation|change\s+of\s+use|dwelling|conversion|alterations?)\b",
    re.I,
)


def planning_response(text: str, ctx: PassageContext) -> str | None:
    """The outcome of a planning response line, when the unit is one: endorsed, rejected, other."""
    match = _PLANNING_RESPONSE.search(text) or _PLANNING_LABEL.search(text)
    if match is None or not (
        _APPLICATION.search(text[: match.start()]) or "planning" in (ctx.heading or "").lower()
    ):
        return None
    resp = " ".join(match.group("resp").lower().split())
    if resp.startswith(("no objection", "no observation", "no comment")):
        return "other"
    if "recommend" in resp:
        return "recommended"  # a consultee's advice to the planning authority: "Approval recommended"
    if resp.startswith(("not supported", "object", "refus")) or resp.endswith("refusal"):
        return "rejected"
    return "endorsed"


# An outcome list's items with the meeting as the understood subject: "Noted the contents of the
# Q4 mortality report.", "Supported the development of …", "Approved the revised terms of reference";
# not "Noted that …" (what was said).
_BARE_OUTCOME_CLAUSE = re.compile(
    r"^(?:noted|approved|agreed|endorsed|supported|ratified|accepted|adopted|received\s+and\s+noted|"
    r"considered\s+and\s+(?:noted|approved|agreed))(?:\s*[-–—:])?\s+(?:the|this|these|its|their|a|an|all|with|and|in|to\s+[a-z]+|that(?![^.]*\b(?:will|would|shall)\b))\b"
    # note-style: "Agreed useful to have common APIs", "Agreed each project could explain …"
    r"|^agreed\s+(?:(?:it\s+(?:is|was|would\s+be)\s+)?(?:useful|important|necessary|essential|worth|sensible|"
    r"appropriate|best|better|fine)|each|both|everyone|no|not)\b",
    re.I,
)
# Outcomes with the deciders left implicit: "All approved for payment.", "both approved for payment.",
# "£500 approved for payment."
_ALL_APPROVED = re.compile(
    r"^(?:all|both|£\s?[\d,.]+[km]?)\s+(?:(?:were|was)\s+)?(?:approved|agreed|accepted|ratified|endorsed)\b",
    re.I,
)
# A reduced passive naming who was chosen: "Mr Graham Boulton once again appointed.", "Cllr Evans re-elected"
_NAMED_CHOSEN = re.compile(
    r"^(?:(?:Mr|Mrs|Ms|Miss|Dr|Cllr|Councillor)\.?\s+)?[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,3}"
    r"(?:\s+(?:once\s+again|again|duly|unanimously))?\s+(?P<verb>(?:re-?)?(?:appointed|elected|co-opted))\b"
    r"(?:\s+as\s+[\w\s-]{1,40})?\s*\.?$"
)
# A table of office-bearers chosen, one a row: "Vice Chairman  Chris Hobson  Proposed John Green"
_OFFICE_ROW = re.compile(
    r"^(?i:(?:vice|deputy)[\s-]+)?(?i:chair(?:man|woman|person)?|secretary|treasurer|president|convene[ro]r)\s+"
    r"(?:(?:Mr|Mrs|Ms|Miss|Dr|Cllr)\.?\s+)?[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2}\s+(?i:proposed|nominated)\b"
)
# An annual meeting's choice of office-holders: "Election of Chairman for 2023/24: Cllr Evans, proposed by …"
_ELECTION_OF = re.compile(
    r"^(?P<kind>election|appointment|re-?appointment)\s+of\s+[^:]{2,60}:-?\s*(?:Cllrs?\.?|Councillors?|Mr|Mrs|Ms|Dr)\b",
    re.I,
)
# Under such a heading, a list of representatives: "Village Halls – Cllr Shewell (Tintern), Cllr Parker"
_CHOICE_HEADING = re.compile(
    r"\b(?P<kind>election|appointment|nomination)s?\s+of\b[^\n]{0,60}\b(?:representatives?|delegates?|"
    r"members|councillors|officers|sub-?committees?|liaison)\b",
    re.I,
)
_REPRESENTATIVE_ROW = re.compile(r"^[^–—:-]{2,70}\s[–—:-]\s*(?:Cllrs?\.?|Councillors?|Mr|Mrs|Ms|Dr)\s+[A-Z]")
_REMIT_ITEM = re.compile(r"^to\s+(?:remit|instruct|request|ask|direct|task|commission)\b")


def _decision(
    span: Span, ctx: PassageContext, conf: float, cue: str, outcome: str, about: Span | None = None
) -> Candidate:
    """A decision on `span` with its fields; the subject is read from `about` when given."""
    return Candidate("decision", span.start_char, span.end_char, conf, cue,
                     {"outcome": outcome, "decided_by": decided_by(span, ctx),
                      "subject": subject_phrase(about if about is not None else span)})  # fmt: skip


def decision_candidate(unit: Span, ctx: PassageContext) -> Candidate | None:
    text = unit.text
    low = text.lower()
    if text.endswith("?"):
        return None
    if BYLAW_READINGS.match(text):
        return None  # "Read a first, second and third time and passed …": the vote on the motion above it
    if THAT_BODY_STEM.match(text):
        return None  # "RESOLVED: That the Health and Wellbeing Board:": the stem; its items are the decisions
    if _NOT_DECISION.search(text) or is_attendance(text) or _is_stem(text) or is_consensus_marker(unit):
        return None  # a bare "All agreed." is part of the decision before it (components.DecisionsComponent)
    if named_owner(unit) is not None:
        return None  # "It was agreed that PK would speak to the Police": PK's commitment
    labels = cue_labels(unit, "DEC_")
    conf = 0.0
    cue = ""
    plan = ctx.is_plan
    if ctx.settled_by and (
        unit.start_char <= 2 if ctx.settled_above else unit.end_char >= len(text_of(unit.doc).rstrip()) - 2
    ):
        # a motion whose vote stands on its own line below it: "Cart for President." … "Unanimously approved."
        return _decision(unit, ctx, 0.8, "motion_settled_below", outcome_of(f"{text} {ctx.settled_by}"))
    item = resolution_item_text(low)
    if _RESOLUTION_RECORD.match(text) and not text.rstrip().endswith(":"):
        # "Resolution number PKTPP/2019/149 MOVED by …, seconded by …: “The Board acknowledges …"
        return _decision(unit, ctx, 0.9, "resolution_record", outcome_of(text.split(":", 1)[1]))
    if re.match(r"^resolved(?:\b|(?=that\b))", item) or "DEC_RESOLVED" in labels:
        conf, cue = 0.95, "resolved"  # also "RESOLVEDthat …", glued where a page's markup was stripped
    elif (ctx.in_resolution or _inline_resolution_item(unit)) and (
        re.match(r"^(?:to\s+(?:\w+ly\s+)?\w+|that\s)", item)
        or _bare_verb_item(unit)
        or _BE_OUTCOME_END.search(item)
        or (ctx.in_resolution and _subjunctive_passive(unit))
    ):
        if _REMIT_ITEM.match(item) or resolution_commitment(unit, ctx) is not None:
            return None  # "to instruct the Chief Officer to report …": the officer's commitment
        conf, cue = 0.9, "resolution_item"
    elif _IT_WAS.search(text):
        conf, cue = 0.9, "it_was_agreed"
    elif _UPPER_THAT_MOTION.search(text):
        conf, cue = 0.85, "resolution_item"  # "A. Rebane / C. Palmer THAT the correspondence … be received."
    elif _AGREED_THAT.match(text):
        # "… Seconded by Cllr. X | And Agreed “That the procedure … be adhered to”"
        conf, cue = 0.9, "it_was_agreed"
    elif _WITH_AGREEMENT.match(text):
        conf, cue = 0.85, "it_was_agreed"  # "With the agreement of the Panel the Chairman added iQuanta …"
    elif (
        _MOTION.search(text)
        and _SECONDED.search(text)
        and _CARRIED.search(text)
        and not inline_action_owner(unit)
    ):
        conf, cue = 0.85, "motion_carried"
    elif _TRAILING_OUTCOME.search(text) and not _FINITE_CLAUSE_BEFORE.search(text):
        conf, cue = 0.8, "outcome_label"
    elif (
        _DECISION_LABEL.match(text)
        or (unit.start_char < 30 and _DECISION_LABEL.match(text_of(unit.doc)[: unit.end_char]))
    ) and not text.rstrip().endswith(("?", ":")):
        conf, cue = 0.85, "decision_label"  # "Consensus: no further action on this for now."
    elif _LABELLED_OUTCOME.match(text) or (
        unit.start_char < 30 and _LABELLED_OUTCOME.match(text_of(unit.doc)[: unit.end_char])
    ):
        conf, cue = 0.8, "outcome_label"  # "**Outcome:** Adopted, by a 7-2 vote": the item above, settled
    elif _MOVED_AS_CORRECT.search(text):
        conf, cue = 0.85, "minutes_moved"
    elif _OFFICE_ROW.match(text):
        # "Treasurer Keith Muir Proposed Chris Hobson"
        return _decision(unit, ctx, 0.8, "office_holder", "elected")
    elif (chosen := _ELECTION_OF.match(text) or _NAMED_CHOSEN.match(text)) is not None:
        word = (chosen.groupdict().get("kind") or chosen.groupdict().get("verb") or "").lower()
        return _decision(unit, ctx, 0.8, "office_holder", "elected" if "elect" in word else "appointed")
    elif (
        _REPRESENTATIVE_ROW.match(text)
        and (heading := _CHOICE_HEADING.search(ctx.list_stem or ctx.heading or "")) is not None
    ):
        outcome = "elected" if heading.group("kind").lower() == "election" else "appointed"
        return _decision(unit, ctx, 0.75, "representative_row", outcome)
    elif _ALL_APPROVED.match(text):
        conf, cue = 0.8, "bare_outcome"
    elif _TABLED.search(text) and not plan:
        return _decision(unit, ctx, 0.8, "tabled", "deferred")
    elif _VOTE_TALLY.search(text) and not plan:
        conf, cue = 0.8, "vote_tally"
    elif (response := planning_response(text, ctx)) is not None:
        return _decision(unit, ctx, 0.8, "planning_response", response)
    elif "DEC_CAPS" in labels or re.search(
        r"\b(?:this|which|these|that)\s+was\s+(?:\w+ly\s+)?(?:agreed|approved|noted|accepted)\b", low
    ):
        conf, cue = 0.9, "agreed_marker"
    elif not plan and (
        ("DEC_PASSIVE" in labels and _passive_outcome_ok(unit, ctx) and not _NOTED_THAT.search(text))
        or _coordinated_passive_outcome(unit)
    ):
        conf, cue = 0.85, "passive_outcome"
    elif "DEC_CONSENSUS" in labels and not has_hedge(unit):
        conf, cue = 0.8, "consensus"  # not "Broad agreement that this is probably correct to do"
    elif not plan and (given := _body_gave_outcome(unit)) is not None:
        return _decision(unit, ctx, 0.8, "body_gave_outcome", given)
    elif _OUTCOME_WORD.search(text) or re.search(r"\b(?:asked|invited)\b", low):
        verb = _body_outcome_verb(unit) if not plan else None
        if verb is not None or (not plan and _body_leads_outcome(unit)):
            conf, cue = 0.85, "body_outcome"
        elif not plan and (
            (
                ctx.block in ("bullet", "table_row")
                and re.match(
                    r"^(?:approved|agreed|accepted|endorsed|deferred|rejected|elected|appointed)\b", low
                )
            )
            or _BARE_OUTCOME_CLAUSE.match(text)
        ):
            conf, cue = 0.8, "bare_outcome"
    if not conf:
        return None
    noted_fact = _NOTED_THAT.search(text) and not re.search(r"\b(?:agreed|approved|resolved)\b", low)
    if noted_fact and cue not in ("resolved", "resolution_item"):
        return None
    if cue == "resolution_item" and ctx.recommends:
        return _decision(unit, ctx, conf, cue, "recommended")  # "Resolved to RECOMMEND: (to Council)" above
    return _decision(unit, ctx, conf, cue, outcome_of(text))


# The body granting what was asked, as a noun: "The Steering Group gave approval for moving forward
# with …", "Members gave their consent to the transfer"
_GAVE_OUTCOME = re.compile(
    r"\b(?:gave|granted)\s+(?:its\s+|their\s+|formal\s+|final\s+|full\s+|unanimous\s+)*"
    r"(?P<what>approval|consent|permission|endorsement|support|agreement)\s+(?:to|for)\b",
    re.I,
)
_GAVE_OUTCOMES = {"approval": "approved", "consent": "approved", "permission": "approved",
                  "endorsement": "endorsed", "support": "endorsed", "agreement": "agreed"}  # fmt: skip


def _body_gave_outcome(unit: Span) -> str | None:
    """The outcome when the meeting's body (a party, the subject of "gave") granted approval, consent or
    support; not a report of an earlier grant ("had given approval")."""
    match = _GAVE_OUTCOME.search(unit.text)
    if match is None:
        return None
    verb = next((t for t in unit if t.idx - unit.start_char == match.start()), None)
    if verb is None or any(c.dep_ == "aux" for c in verb.children):
        return None
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subj is None or not is_party(subj):
        return None
    return _GAVE_OUTCOMES[match.group("what").lower()]


_MARKER_WORDS = frozenset(
    {"agreed", "approved", "carried", "unanimously", "unanimous", "resolved", "favour", "favor", "accepted"}
)
_MARKER_FILLER = frozenset(
    {"all", "and", "it", "was", "were", "by", "in", "everyone", "councillors", "members", "present", "those",
     "proposed", "seconded", "2nd", "prop", "the", "council", "motion", "vote", "votes", "for", "so",
     "abstention", "abstentions", "against", "majority", "with", "one", "none", "from", "exception", "of",
     "abstaining", "abstained"}
)  # fmt: skip
_MARKER_MAX_WORDS = 10  # "unanimously approved with abstention from Mrs Edwards / Mrs Jack"


# A vote's result opening its own sentence, whatever follows: "Motion carried with the following roll
# call vote: Supervisor Lyons, … voting aye.", "There was no second and motion failed."
_VOTE_RESULT = re.compile(
    r"^\W*(?:(?:upon|on|after|by)\s+(?:a\s+)?(?:voice\s+|roll[-\s]call\s+|unanimous\s+)?vote,?\s+"
    r"|the\s+vote\s+was\s+(?:called|taken)\s+and\s+"
    # "Member Wasserman seconded the motion and upon voice vote the motion carried unanimously 3-0."
    r"|(?:[A-Z][\w.'’-]*\s+){1,3}seconded\s+the\s+motion\s*(?:,\s*)?(?:and\s+)?"
    r"(?:(?:upon|on|after|by)\s+(?:a\s+)?(?:voice\s+|roll[-\s]call\s+)?vote,?\s+)?)?"
    r"(?:(?:the\s+)?motion\s+(?:was\s+)?(?:carried|passed|failed|defeated|lost)\b"
    r"|there\s+was\s+no\s+second(?:er)?\b[^.]{0,20}\bmotion\s+(?:failed|fell|lapsed|lost)\b)",
    re.I,
)


# A sentence that only seconds the motion before it: "Member Wasserman seconded.", "It was seconded by
# Member Kattouw.", "Member Kattouw so moved, seconded by Chair Jerdonek."
_SECONDING_ONLY = re.compile(
    r"^\W*(?:it\s+was\s+|(?:[\w.'’-]+\s+){1,3}(?:so\s+moved,?\s+(?:and\s+)?(?:it\s+was\s+)?)?)?seconded"
    r"(?:\s+(?:it|the\s+motion))?(?:\s+by\s+(?:[\w.'’-]+\s*){1,4})?\W*$",
    re.I,
)


def is_seconding(unit: Span) -> bool:
    return bool(_SECONDING_ONLY.match(unit.text))


def is_consensus_marker(unit: Span) -> bool:
    """A sentence that only records assent to what was said before it: "All agreed.", "All
    Councillors agreed.", "Unanimously approved.", "JB 2nd DD All agreed.", "Motion carried."."""
    if _VOTE_RESULT.match(unit.text):
        return True
    words = [t for t in unit if not t.is_punct and not t.like_num]
    if not words or len(words) > _MARKER_MAX_WORDS:
        return False
    if not any(t.lower_ in _MARKER_WORDS for t in words):
        return False
    return all(t.lower_ in _MARKER_WORDS or t.lower_ in _MARKER_FILLER or is_initials(t) or
               (t.pos_ == "PROPN" and t.is_title) for t in words)  # fmt: skip


def consensus_candidate(previous: Span, marker: Span, ctx: PassageContext) -> Candidate:
    """The sentence before a consensus marker and the marker together are the decision ("Mrs Crisp
    had received a request … for a contribution of £200. All Councillors agreed.")."""
    doc = previous.doc
    span = doc[previous.start : marker.end]
    return _decision(span, ctx, 0.85, "consensus_marker", outcome_of(span.text), about=previous)


_OUTCOME_WORD = re.compile(
    r"\b(?:approv|accept|ratif|adopt|carried|vot|agree|resolv|decid|determin|settled|confirm|amend|note|endors|support|"
    r"backing|welcom|reject|refus|declin|defer|postpon|adjourn|delegat|authori|elect|re-elect|appoint|co-opt|nominat|recommend)",
    re.I,
)
_NOT_DECISION = re.compile(
    r"^nothing\s+was\b|^no\s+(?:decision|matters)\b|\bit\s+was\s+confirmed\b|\bquorate\b"
    r"|\bapolog(?:y|ies)\b",  # apologies are never items, accepted or not
    re.I,
)


_STEM_END = re.compile(
    r"\b(?:resolved|agreed|decided|noted|approved|recommended|endorsed|resolve|agree|decide)"
    r"(?:\s+(?:as\s+follows|that|to))?\s*[:–—-]\s*$",
    re.I,
)


def _bare_verb_item(unit: Span) -> bool:
    """An item of a resolution whose stem ends in "to:" ("the Board agreed to: 1. approve …; 2. seek …")
    or names the body ("That the Cabinet: a) approves the document …", "Notes the summary report …")."""
    start = _entry_start(unit)
    if start >= unit.end:
        return False
    first = unit.doc[start]
    return (first.tag_ in ("VB", "VBZ") and first.is_lower) or first.lower_ in _ITEM_VERBS


# The verbs a body's resolution items open with, whatever the tagger makes of a capital ("Notes the …")
_ITEM_VERBS = frozenset(
    {"notes", "approves", "agrees", "supports", "endorses", "welcomes", "requests", "asks", "recommends",
     "delegates", "resolves", "accepts", "adopts", "confirms", "receives", "authorises", "authorizes",
     "instructs", "acknowledges", "commends", "defers", "rejects", "refers"}
)  # fmt: skip
# A motion in capitals after its mover and seconder: "A. Rebane / C. Palmer THAT the correspondence … be received."
_UPPER_THAT_MOTION = re.compile(
    r"(?:^|\s)THAT\s+[^.]{3,300}?\bbe\s+(?:\w+ly\s+)?(?:[a-z]+ed|given|made|taken|held)\b"
)
_INLINE_STEM = re.compile(
    r"(?:\bresolved\s*(?::-|:)|\bthat\s+(?:the\s+)?[A-Z][^:.]{0,80}?(?i:board|council|cabinet|committee|panel|group)\s*:)",
    re.I,
)


def _inline_resolution_item(unit: Span) -> bool:
    """A lettered item of a resolution whose stem shares its paragraph: "MOVED by …, seconded by …: That
    the Local Board: a) confirm the minutes … b) acknowledge the passing of …"."""
    before = text_of(unit.doc)[: unit.start_char]
    return bool(re.search(r"(?:^|\s)\(?[a-h1-9][.)]\s*$", before)) and bool(_INLINE_STEM.search(before))


def _is_stem(text: str) -> bool:
    """The stem of a resolution list ("The Board resolved :", "Agreed that –", "The Integration
    Joint Board agreed:") is not itself an item: its items follow."""
    text = STEM_ADDRESSEE.sub("", text)  # "Resolved to RECOMMEND: (to Council)"
    if _BARE_THAT_STEM.match(text):
        return True  # "Resolved: That", its numbered items on the lines below
    if not re.search(r"[:–—-]\s*$", text):
        return False
    if _FOLLOWING_APPROVED.match(text):
        return False  # "The following payments were approved:": the approval itself, its list below
    return len(re.findall(r"\w+", text)) <= 4 or bool(_STEM_END.search(text))


# Put off to a later meeting, the American way: "Table this until the next meeting.", "The item was
# tabled until the next meeting." (a report "tabled at the meeting" is only presented)
_TABLED = re.compile(
    r"\b(?:table|tabled|tabling)\s+(?:\w+\s+){0,4}?(?:until|till|to)\s+(?:the\s+)?(?:next|a\s+(?:later|future)|following)\b"
    r"|^\W*table\s+(?:this|it|the\s+\w+)\b",
    re.I,
)
# A vote's outcome and its count: "Vote #33 Accepted: 7Y:0:0", "Carried (6-1)"
_VOTE_TALLY = re.compile(
    r"\b(?:accepted|approved|carried|passed|adopted|rejected|failed|defeated)\s*[:(,]?\s*\(?"
    r"\d{1,3}\s*y?\s*[-:–]\s*\d{1,3}(?:\s*[-:–]\s*\d{1,3})?(?![\d/.])",
    re.I,
)
# A resolution's record: its number, mover and seconder, then its wording
_RESOLUTION_RECORD = re.compile(
    r"^\W*resolution\s+(?:number|no\.?|record(?:\s+no\.?)?)\s*[\w/.-]+\s*,?\s+(?:moved|proposed)\s+by\b"
    r"[^:\n]{0,160}:\s*\S",
    re.I,
)
# A resolution item whose "That" stands in the stem above it: "2. the approach … be supported."
_BE_OUTCOME_END = re.compile(
    r"\bbe\s+(?:\w+ly\s+)?(?:noted|approved|agreed|supported|endorsed|accepted|adopted|received|ratified|"
    r"deferred|authori[sz]ed|confirmed|welcomed|rejected|refused|granted|delegated)\W*$",
    re.I,
)
_BARE_THAT_STEM = re.compile(r"^\W*(?:resolved|agreed|decided)\s*(?::-|:|–|-|—)?\s*that\W*$", re.I)
_FOLLOWING_APPROVED = re.compile(
    r"^the\s+following\s+[\w\s]{0,40}?\b(?:was|were|is|are|had\s+been|have\s+been)\s+(?:\w+ly\s+)?"
    r"(?:approved|agreed|noted|ratified|accepted|received|authorised|authorized)\b",
    re.I,
)


# What a body does by resolving, as against work it takes on: "(a) Supports the plan", "Notes the report"
_RESOLVING_VERBS = frozenset(
    {"note", "approve", "agree", "support", "endorse", "accept", "adopt", "confirm", "receive", "welcome",
     "thank", "ratify", "authorise", "authorize", "delegate", "resolve", "recommend", "establish", "appoint",
     "elect", "defer", "reject", "refuse", "acknowledge", "grant", "commend", "congratulate", "record",
     "express", "nominate", "co-opt", "request", "ask", "instruct", "invite", "set", "amend",
     "be", "have", "consider", "decide", "determine", "allocate", "award", "accord", "give", "continue"}
)  # fmt: skip
# When the body's own future act is due: "(b) Reviews the draft at the next Board", "report annually"
_RESOLUTION_WHEN = re.compile(
    r"\b(?:at|to|by|before)\s+(?:the|its|a)\s+(?:next|following|future)\b|\bannually\b|\bquarterly\b|"
    r"\bmonthly\b|\bevery\s+(?:year|six\s+months|quarter)\b|\bin\s+due\s+course\b",
    re.I,
)


def resolution_commitment(unit: Span, ctx: PassageContext) -> str | None:
    """An item of a resolution in which the body (or a party it names) takes on future work, not an
    act of resolving: "(3) the Board report annually to full Council …" (a party and a bare verb),
    "That the Board:- … (b) Reviews the draft at the next meeting …" (the stem's body, a time to do it).
    The owner, or None when the item is not one."""
    if not ctx.in_resolution:
        return None
    root = unit.root
    if root.pos_ != "VERB" or root.lemma_.lower() in _RESOLVING_VERBS:
        return None
    if any(c.dep_ in ("aux", "auxpass") or c.tag_ == "MD" for c in root.children):
        return None
    subj = next((c for c in root.children if c.dep_ == "nsubj"), None)
    if subj is not None:
        return phrase(subj) if root.tag_ == "VB" and subj.i < root.i and is_party(subj) else None
    if (
        _entry_start(unit) != root.i
        or root.tag_ not in ("VB", "VBZ")
        or not _RESOLUTION_WHEN.search(unit.text)
    ):
        return None
    stem = THAT_BODY_STEM.match(ctx.list_stem or "")
    body = re.search(r"that\s+(?P<body>(?:the\s+)?[^:]+?)\s*(?::-|:|–|—)\s*$", ctx.list_stem or "", re.I)
    return body.group("body") if stem and body else ""


def _subjunctive_passive(unit: Span) -> bool:
    """A resolution item in the subjunctive, its "That" in the stem above: "(1) the Board be
    established as a Committee …", "the Terms of Reference be reviewed and amended as necessary"."""
    for t in unit:
        if t.lower_ != "be" or t.dep_ != "auxpass" or t.head.tag_ != "VBN" or t.head.i != unit.root.i:
            continue
        helpers = [c for c in t.head.children if c.dep_ == "aux" or c.tag_ == "MD"]
        if not helpers and any(c.dep_ == "nsubjpass" and c.i < t.i for c in t.head.children):
            return True
    return False


def _passive_outcome_ok(unit: Span, ctx: PassageContext) -> bool:
    """A passive outcome ("was approved", "be noted") that records the meeting's act, not a
    possibility ("can be noted"), a pending need ("needed to be agreed"), or background ("having been")."""
    for cue in cues_in(unit, "DEC_PASSIVE"):
        first = cue[0]
        prev = unit.doc[first.i - 1] if first.i > unit.start else None
        before = unit.doc[max(unit.start, first.i - 2) : first.i]  # "must also be prepared and agreed"
        if any(t.tag_ == "MD" for t in before) and not ctx.in_resolution:
            continue
        if prev is not None and prev.lower_ in ("to", "having", "yet") and not ctx.in_resolution:
            continue
        last = cue[-1]
        after = unit.doc[last.i + 1] if last.i + 1 < unit.end else None
        if last.lower_ == "carried" and after is not None and after.lower_ == "out":
            continue  # "has been carried out": work done, not a motion carried
        if last.lower_ == "noted" and _noted_as_fact(last, after):
            continue
        if last.lower_ == "resolved" and _fixed_trouble(last):
            continue  # "problems have developed, which have now been resolved": fixed, not decided
        return True
    return False


_TROUBLES = frozenset(
    {"problem", "issue", "fault", "error", "bug", "difficulty", "query", "complaint", "concern", "which",
     "that"}
)  # fmt: skip


def _fixed_trouble(verb: Token) -> bool:
    """ "resolved" said of a problem (or of a relative pronoun standing for one): fixed, not decided."""
    subj = next((c for c in verb.children if c.dep_ in ("nsubjpass", "nsubj")), None)
    return subj is not None and subj.lemma_.lower() in _TROUBLES


def _coordinated_passive_outcome(unit: Span) -> bool:
    """ "The minutes were reviewed for accuracy and approved as a correct record": an outcome
    participle coordinated with a passive one."""
    outcomes = (
        "approved",
        "agreed",
        "accepted",
        "adopted",
        "ratified",
        "endorsed",
        "noted",
        "rejected",
        "deferred",
    )
    for token in unit:
        if token.lower_ in outcomes and token.dep_ == "conj" and token.tag_ in ("VBN", "VBD"):
            if any(c.dep_ in ("nsubj", "nsubjpass") for c in token.children):
                continue  # "… had been placed and the Chairman agreed to …": a clause of its own
            head = token.head
            if any(c.dep_ == "auxpass" and c.lower_ in ("was", "were") for c in head.children):
                return True
    return False


def _noted_as_fact(noted: Token, after: Token | None) -> bool:
    """ "Two areas were noted which need rectification", "was noted to cost around £150k", "No
    immediate danger … was noted": an observation recorded, not the meeting noting a report."""
    if after is not None and after.lower_ in ("to", "that", "which", "as", "by"):
        return after.lower_ != "by" or after.i + 1 >= len(noted.doc) or noted.doc[after.i + 1].lower_ != "all"
    subj = next((c for c in noted.children if c.dep_ == "nsubjpass"), None)
    if subj is None:
        return False
    if any(c.lower_ == "no" for c in subj.children) or any(c.dep_ == "relcl" for c in noted.children):
        return True
    return subj.tag_ == "CD" or any(c.tag_ == "CD" for c in subj.children)


_ROLE_CHOICE = re.compile(
    r"\b(?:delegate|chair|chairman|vice-chair|representative|manager|secretary|treasurer|member|lead)\b", re.I
)


def _body_outcome_verb(unit: Span) -> Token | None:
    """An outcome verb whose subject is a body: "The Board noted the update", "SC accepted PEP 585",
    or a body choosing someone for a role: "SC asked Pablo to be PEP delegate"."""
    outcome_words = lexicon().outcome_words
    for token in unit:
        if token.lower_ in ("asked", "invited") and token.dep_ == "ROOT":
            subj = subject_of(token)
            be = [c for c in token.children if c.dep_ in ("xcomp", "ccomp") and c.lemma_ == "be"]
            if (
                subj is not None
                and is_body(subj)
                and be
                and _ROLE_CHOICE.search(" ".join(t.text for t in be[0].subtree))
            ):
                return token
        if token.lower_ not in outcome_words or token.pos_ not in ("VERB", "AUX"):
            continue
        if token.tag_ not in ("VBD", "VBZ", "VBP", "VBN") or not _main_clause(token):
            continue
        if any(
            c.dep_ == "aux" and c.lower_ in ("had", "could", "might", "may", "should", "would")
            for c in token.children
        ):
            continue  # "had previously agreed": an earlier decision reported
        if token.lower_ in ("noted", "notes", "note") and any(
            c.lower_ in ("that", "how") or (c.dep_ == "dobj" and c.lemma_.lower() in _NOTED_SENTIMENTS)
            for c in token.children
        ):
            continue  # "noted that …" is discussion; "noted its appreciation", "noted the need to …" a view
        subj = subject_of(token)
        if (
            subj is not None
            and subj.dep_ != "nsubjpass"
            and (is_body(subj) or any(is_body(c) for c in subj.conjuncts))
        ):
            return token
    return None


_NOTED_SENTIMENTS = frozenset(
    {"appreciation", "thanks", "gratitude", "concern", "concerns", "need", "importance"}
)
_LEAD_OUTCOME_VERBS = frozenset({"agreed", "decided", "approved", "resolved", "endorsed", "accepted"})
_LEAD_FILLER = frozenset({"the", "all", "also", "then", "unanimously", "further", "therefore"})


def _body_leads_outcome(unit: Span) -> bool:
    """A body opens the sentence with its outcome, whatever the parser made of the rest: "We agreed
    bare metal instances were not needed", "The Committee unanimously approved …" (not "… agreed to …",
    which the commitment rules weigh)."""
    words = [t for t in unit[:6] if not t.is_punct]
    for i, token in enumerate(words[:4]):
        if token.lower_ in _LEAD_OUTCOME_VERBS and token.tag_ in ("VBD", "VBN"):
            lead = words[:i]
            nxt = words[i + 1].lower_ if i + 1 < len(words) else ""
            return (
                bool(lead)
                and any(is_body(t) for t in lead)
                and all(is_body(t) or t.lower_ in _LEAD_FILLER for t in lead)
                and nxt not in ("to", "by", "with", "")
            )
        if token.lower_ not in _LEAD_FILLER and not is_body(token):
            return False
    return False


def _main_clause(verb: Token) -> bool:
    """The sentence's own verb or one coordinated with it, not a verb of reported speech ("X said that
    the Trust was making progress and confirmed …")."""
    while verb.dep_ == "conj" and verb.head.i != verb.i:
        verb = verb.head
    return verb.dep_ == "ROOT"


# "approved by the Finance Committee"; not the agent of some other act ("being overseen by the … Board")
_OUTCOME_AGENT = re.compile(
    r"\b(?:approv|agre|endors|not|adopt|accept|ratifi|support|resolv|decid|consider|receiv|confirm)\w*\s+"
    r"(?:\w+ly\s+)?by\s+(the\s+[A-Z][\w ]+?(?:Board|Council|Committee|Cabinet|Group))\b"
)


def decided_by(unit: Span, ctx: PassageContext) -> str | None:
    for token in unit:
        if token.dep_ == "nsubj" and is_body(token) and token.lower_ not in ("we", "everyone", "all"):
            return re.sub(r"^that\s+", "", phrase(token), flags=re.I)  # "THAT BRANDON TOWN COUNCIL ACCEPTS …"
    agent = _OUTCOME_AGENT.search(unit.text)
    if agent:
        return agent.group(1)
    return None


def subject_phrase(unit: Span) -> str | None:
    """What was decided, short: the object (or passive subject) of the outcome verb."""
    outcome_words = lexicon().outcome_words
    for token in unit:
        if token.lower_ in outcome_words:
            for child in token.children:
                if child.dep_ in ("dobj", "nsubjpass", "ccomp", "xcomp", "pobj"):
                    return " ".join(phrase(child).split()[:12])
    return " ".join(unit.text.split()[:12]) or None


# ---------------------------------------------------------------- commitments


_FUTURE_WORD = re.compile(r"\b(?:will|would|shall)\b|'ll\b", re.I)
_EVENT = re.compile(
    r"\b(?:would|will)\s+be\s+(?:held|holding|hosting|performing|visiting|open)\b|\bis\s+visiting\b"
    r"|\b(?:was|were|is|are)\s+being\s+held\b",
    re.I,
)
_SURVEY = re.compile(r"\b(?:respondents?|those\s+responding|surveyed)\b|\(\s*\d+(?:\.\d+)?\s*%\s*\)", re.I)
_TITLE_LIKE_MAX_WORDS = 12


def is_title_like(text: str) -> bool:
    """A heading or reference-list line: short, mostly capitalised words, or ending in a colon."""
    words = re.findall(r"[A-Za-z][\w'’-]*", text)
    if not words:
        return True
    if text.rstrip().endswith(":") and len(words) <= 4:
        return True
    small = {"of", "and", "the", "for", "in", "to", "a", "an", "on", "at", "&", "with"}
    caps = [w for w in words if w[0].isupper() or w.lower() in small]
    return len(words) <= _TITLE_LIKE_MAX_WORDS and len(caps) == len(words) and not text.rstrip().endswith(".")


# "ACTION: JB to circulate the slides": the party named before the infinitive owns the action
_ACTION_LEAD_OWNER = re.compile(
    r"^(?P<owner>(?:the\s+)?[A-Z][\w/&.'’-]*(?:\s+[A-Z][\w/&.'’-]*){0,4})\s+to\s+[a-z]"
)
_DONE_CELL = re.compile(r"(?:^|\|)\s*" + DONE_STATUS_WORDS, re.I)  # a table row's status cell
_DONE_BY = re.compile(
    r"done\s+by\s+(?:the\s+)?(?:end|next|\d|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b)",
    re.I,
)  # "Done by March": a deadline
_DONE_TAIL_MAX = 40
# An action under review, its status after it: "Action 2.5: AA to find out … _Closed_ This would …",
# "Action 1.1: DS to contact Mercator … [an update] … _Closed_"
_ACTION_LABEL = re.compile(r"^\W*action\s*(?:item\s*)?(?:\d+(?:\.\d+)*[a-z]?\s*)?:", re.I)
_CLOSED_END = re.compile(r"(?<!not\s)(?<!n't\s)\b(?:closed|done|completed?)\W*$", re.I)


def _status_closes(rest: str) -> bool:
    """The passage after an action says it is closed: a status right after it or at the end."""
    plain = strip_emphasis(rest).strip()
    return bool(_DONE_CELL.match(plain) or _CLOSED_END.search(plain)) and not _DONE_BY.match(plain)


# The meeting's own arrangements ("The next meeting will be scheduled in 2 weeks", "Date of next meeting
# 27th October"): not items unless stated as agreed or resolved, which the decision rules read
_NEXT_MEETING = re.compile(
    r"^(?:the\s+)?(?:date\s+(?:and\s+(?:time|venue)\s+)?of\s+(?:the\s+)?)?(?:next|following)\s+(?:meeting|session|call)\b"
    # "The Next Ayton Community Council meeting will take place on 4 June", "Cllr JA advised the next
    # meeting would take place on 20th March at …": when and where a meeting is, said or reported
    r"|\b(?:next|following)\s+(?:[\w&'’-]+\s+){0,5}?(?:meeting|session)\s+(?:will|would|is\s+to|shall)\s+"
    r"(?:now\s+)?(?:take\s+place|be\s+held)\b",
    re.I,
)
_DONE_IN_TAIL = re.compile(
    r"(?:\*\*|\s[-–—]\s|\()\s*((?:completed?|done|actioned)\b[^*()]{0,30})\)?\**\s*$", re.I
)  # "ACTION: Stuart to investigate EFTPOS pin pad. **COMPLETED**", "Pete to upgrade archive (done)"
# "Councillors would like the Clerk to send a letter": a request on the Clerk
_WOULD_LIKE_PARTY = re.compile(
    r"\b(?:would\s+like|wish(?:es|ed)?|want(?:s|ed)?)\s+(?P<owner>(?:the\s+)?(?:[A-Z][\w'’-]*\s+){0,3}?(?:[Cc]lerk|[Cc]hair(?:man)?|"
    r"[A-Z][A-Za-z]{1,3}|Mr\s+\w+|Mrs\s+\w+|Ms\s+\w+|Cllr\s+\w+))\s+to\s+[a-z]+"
)
# "A village fireworks display is to be considered by the Village Hall Management Committee"
_TO_BE_DONE_BY = re.compile(
    r"\b(?:is|are)\s+to\s+be\s+[a-z]+ed\s+(?:\w+\s+){0,3}?by\s+(?P<owner>(?:the\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,5})"
)
# "Matt will:", "By 2030, we will:", "Partners will include:": a list's stem
_STEM_WITH_OWNER = re.compile(
    r"^[\w\s'’.,-]{1,40}?\s+(?:will(?:\s+(?:include|be|comprise|involve|cover))?|to)\s*:\s*$", re.I
)
_EXISTENTIAL = re.compile(r"\bthere\s+(?:will|would|shall)\s+be\b", re.I)
_CONDITIONAL = re.compile(r"^(?:if|unless|when|once|in\s+the\s+event\s+(?:of|that))\b", re.I)


_WEB_LINK = re.compile(r"^\W*(?:read|find\s+out|learn)\s+more\b|^\W*download\b", re.I)
_DECLARE_INTERESTS = re.compile(
    r"\b(?:declare|disclose|give\s+notice\s+of)\s+(?:any\s+)?(?:[\w/-]+\s+){0,4}?interests?\b", re.I
)
_FOR_ACTION = re.compile(r"\bfor\s+actions?\s*[-–—]", re.I)  # "Correspondence for Action - Letter from M."
_AGREED_THAT = re.compile(
    r"^\W*(?:and\s+)?(?:\w+ly\s+)?(?:agreed|resolved|decided)\s*[:,–-]?\s*[“\"‘']\s*that\b", re.I
)
_WITH_AGREEMENT = re.compile(
    r"^\W*with\s+the\s+(?:agreement|consent|approval)\s+of\s+(?:the\s+)?(?:meeting|members|panel|committee|"
    r"board|council|cabinet|group|governors|trustees)\b",
    re.I,
)
_SECONDED_MOTION = re.compile(r"\b(?:proposed|moved)\s+by\b[^;]{0,80}?\bseconded\s+by\b", re.I)


_MOTION_TITLE = re.compile(r"^\W*(?:\(?[a-z0-9]{1,3}[.)]\s*)?motion\s+to\b", re.I)
_ROW_LEAD_OWNER = re.compile(
    r"^\W*([A-Z][A-Za-z]{0,3}(?:\s*[/&,]\s*[A-Z][A-Za-z]{0,3})*|[A-Z][a-z]+)\s*:\s+\S"
)


def commitment_candidate(unit: Span, ctx: PassageContext) -> Candidate | None:
    text = unit.text
    low = text.lower()
    if text.endswith("?") or is_attendance(text) or _SURVEY.search(text):
        return None
    rest = text_of(unit.doc)[unit.end_char :].strip(" \t*_-–—:.")
    if not rest and (tail := _DONE_IN_TAIL.search(text)) is not None:
        rest = tail.group(1)  # "ACTION: SkotM to replace office door lock **COMPLETED"
    if (
        ctx.reported_done
        or is_ticked(text_of(unit.doc))  # "[x] Nigel to open an issue"
        or (ctx.block == "table_row" and _DONE_CELL.search(text_of(unit.doc)) and not _DONE_CELL.search(text))
        or (rest and len(rest) <= _DONE_TAIL_MAX and _DONE_CELL.match(rest) and not _DONE_BY.match(rest))
        or (_ACTION_LABEL.match(text) and _status_closes(rest))
    ):
        return None  # an action-log row whose status says it was done: matters arising, not new
    if _STEM_WITH_OWNER.match(text):
        return None  # "Matt will:": the items below it are the commitments
    if _NEXT_MEETING.search(text):
        return None  # "The next meeting will be held on …": an arrangement, not an item unless agreed
    if re.search(
        r"\b(?:through|by|via|including|as\s+follows|the\s+following|to\s+" + LIST_VERBS + r")\s*:-?\s*$",
        text,
        re.I,
    ):
        # "This will be achieved through:", "The Local Committee resolved to AGREE:": the items below count
        return None
    if _SECONDED_MOTION.search(text) or _MOTION_TITLE.match(text):
        # "It was proposed by Cllr X and seconded by Cllr Y to accept the quote", "a) Motion to Adopt the
        # Agenda.": a motion, what is put to the vote, not someone's undertaking
        return None
    if _READER_INSTRUCTION.match(text) or _WEB_LINK.search(text):
        # "Read more about our plans …", "Download the city housing strategy (PDF).": a page's links
        return None
    if _DECLARE_INTERESTS.search(text):
        return None  # "Members were requested to declare any interests …": the meeting's own procedure
    labels = cue_labels(unit, "COM_")
    owner: str | None = None
    conf = 0.0
    cue = ""
    verb: Token | None = None
    named = named_owner(unit)
    if ("COM_ACTION" in labels and not _FOR_ACTION.search(text)) or _ACTION_LABEL.match(text):
        conf, cue = 0.9, "action_line"
        after = re.split(r":", text, maxsplit=1)[-1].strip()
        if not after and not re.match(r"^\W*actions?\b", low):
            return None  # "Key Decisions and Actions:": a heading over the items, not an action
        lead = _ACTION_LEAD_OWNER.match(after)  # "ACTION: MK to wrangle a new sign": MK
        if lead:
            owner = lead.group("owner")
        elif re.fullmatch(r"[A-Z][\w/ &.-]{0,40}", after):
            owner = after  # "ACTION: Clerk"
    elif ctx.row_owner is not None and unit.start == 0:
        # a row of an action table; with no owner column, a lead "GN: draft tweets …" names one
        lead_owner = _ROW_LEAD_OWNER.match(text)
        conf, cue, owner = 0.85, "action_line", ctx.row_owner or (lead_owner.group(1) if lead_owner else None)
    elif named is not None:
        conf, cue, owner = 0.85, "agreed_named_owner", named
    elif (
        "COM_UNDERTAKE" in labels
        and not _reported_earlier(unit, "COM_UNDERTAKE")
        and not _in_leading_reason(unit, "COM_UNDERTAKE")
    ):
        conf, cue = 0.85, "undertook"
    elif "COM_REQUEST" in labels and _request_on_party(unit, ctx.names) and not _agenda_request(unit, ctx):
        conf, cue = 0.8, "request_on_party"
    elif "COM_INTENT" in labels and _intent_by_party(unit):
        conf, cue = 0.75, "intent"
        # only a modal on the intent's own clause hedges it ("wished to ask whether they could …" does not)
        verb = cues_in(unit, "COM_INTENT")[0].root
    elif (
        "COM_BE_TO" in labels
        and (arranged := _arranged_by_party(unit)) is not None
        and not _COUNTERFACTUAL.search(text)
    ):
        conf, cue, owner = 0.75, "arranged", phrase(arranged)
    elif ctx.list_owner and unit.start == 0 and unit[0].tag_ == "VB" and unit[0].is_lower:
        conf, cue, owner = 0.85, "action_line", ctx.list_owner
    elif (
        " to " in f" {low}"
        and (inline := inline_action_owner(unit, _in_action_list(ctx), ctx.names)) is not None
    ):
        conf, cue, owner = 0.85, "action_line", inline
    elif (bare := bare_action_owner(unit, ctx.attendees)) is not None:
        conf, cue, owner = 0.8, "action_line", bare
    elif _in_action_list(ctx) and (listed := listed_action_owner(unit)) is not None:
        conf, cue, owner = 0.8, "action_line", listed
    elif (taken_on := resolution_commitment(unit, ctx)) is not None:
        conf, cue, owner = 0.8, "resolution_commitment", taken_on or None
    elif _imperative_note(unit, ctx):
        conf, cue = 0.6, "imperative_note"
    elif (wish := _WOULD_LIKE_PARTY.search(text)) is not None:
        conf, cue, owner = 0.8, "request_on_party", wish.group("owner")
    elif (agent := _TO_BE_DONE_BY.search(text)) is not None and not _past_agenda(text):
        conf, cue, owner = 0.75, "to_be_done_by", agent.group("owner")
    elif ("COM_TO_BE" in labels and _to_be_action(unit)) or (
        " to " in text and _action_infinitive(unit, ctx)
    ):
        conf, cue = 0.75, "action_infinitive"
    elif _FUTURE_WORD.search(text) and (
        (verb := _future_verb(unit, ctx.names)) is not None or _future_passive(unit)
    ):
        conf, cue = 0.7, "future"
        subj = subject_of(verb) if verb is not None else None
        if subj is not None and subj.lower_ not in ("this", "it", "which", "that", "they"):
            owner = phrase(subj) if is_party(subj) or named_in(subj, ctx.names) else None
    elif _plan_action(unit, ctx):
        conf, cue = 0.7, "plan_action"
    if not conf:
        return None
    if cue not in (
        "action_line",
        "agreed_named_owner",
        "undertook",
        "request_on_party",
        "arranged",
    ) and has_hedge(unit, verb):
        return None
    if _EVENT.search(text) or (_EXISTENTIAL.search(text) and cue == "future"):
        return None
    if cue in ("future", "request_on_party") and _CONDITIONAL.match(text):
        return None
    if (
        cue == "future"
        and re.match(
            r"^it\s+was\s+(?:noted|explained|reported|stated|discussed|mentioned|suggested|felt|thought|observed)\b",
            low,
        )
        and owner is None
    ):
        return None  # "It was noted that there would be an integration index": discussion, no party acting
    if owner is None and cue in (
        "undertook",
        "request_on_party",
        "intent",
        "arranged",
        "action_infinitive",
    ):
        owner = _owner_from_parse(unit)
    if owner is None and ctx.action_owner and cue != "plan_action":
        owner = ctx.action_owner
    due = _commitment_due(unit, ctx)
    if due is None and cue == "plan_action":
        due = stem_period(ctx)
    return Candidate(
        "commitment", unit.start_char, unit.end_char, conf, cue, commitment_fields(unit, owner, due)
    )


def _commitment_due(unit: Span, ctx: PassageContext) -> TimeExpression | None:
    """The unit's time frame, unless it is a planning period ("from 2019/20 to 2023/24"), which is not a deadline."""
    due = due_expression(unit, ctx)
    return None if due is not None and due.kind in ("fy_range", "year_range") else due


# "GF Action.", "RS/MG Action": the owners of the sentence before, written after it
_OWNER_ACTION_MARK = re.compile(
    r"^\W*(?P<owner>(?:[A-Z]{1,4}|[A-Z][a-z]+)(?:\s*[/&,]\s*(?:[A-Z]{1,4}|[A-Z][a-z]+)){0,3})\s+action\W*$",
    re.I,
)


# The label first: "Go to CfV.  Action: AE", "Ruv revises proposal.  Action: ruv."
_ACTION_OWNER_LABEL = re.compile(
    r"^\W*action\s*:\s*(?P<owner>(?:[A-Z]{1,4}|[A-Z][a-z]+)(?:\s*(?:[/&,]|and)\s*(?:[A-Z]{1,4}|[A-Z][a-z]+)){0,3})\W*$",
    re.I,
)


def action_owner_label(unit: Span) -> str | None:
    """The owner an "Action: <initials>" label after a sentence gives that sentence, else None."""
    match = _ACTION_OWNER_LABEL.match(unit.text)
    return match.group("owner") if match else None


def owner_action_mark(unit: Span) -> str | None:
    """The owner a bare "<initials> Action." line gives the sentence before it, else None."""
    match = _OWNER_ACTION_MARK.match(unit.text)
    if match is None or match.group("owner").lower() in ("no", "for", "the", "any", "further"):
        return None
    return match.group("owner")


def marked_commitment(
    previous: Span, owner: str, ctx: PassageContext, through: Span | None = None
) -> Candidate | None:
    """The sentence an owner mark follows is that owner's action ("THC should chase up BAM Nuttall …
    GF Action."), unless it is a question or reports something done. `through`: the mark, when the
    record should take it in ("Go to CfV.  Action: AE")."""
    if previous.text.rstrip().endswith("?") or _past_only(previous):
        return None
    end = through.end_char if through is not None else previous.end_char
    return Candidate(
        "commitment", previous.start_char, end, 0.8, "action_line",
        commitment_fields(previous, owner, _commitment_due(previous, ctx)),
    )  # fmt: skip


def commitment_fields(unit: Span, owner: str | None, due: TimeExpression | None) -> dict[str, Any]:
    """A commitment's fields as ANNOTATION.md names them."""
    return {
        "owner": owner,
        "action": action_phrase(unit),
        "due": due.text if due else None,
        "due_date": due.date.isoformat() if due and due.date else None,
    }


_OWNER_GLUE = frozenset(
    {"the", "and", "&", "mr", "mrs", "ms", "miss", "dr", "cllr", "cllrs", "councillor", "/"}
)
_SEPARATORS = frozenset({",", ";", ":", "-", "–", "—", "(", ")", "."})  # ")": "(!)Adrian to create …"
_ACTION_OWNER_MAX = 6
_FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})
_SHORTHAND_VERBS = frozenset(
    {"action", "chase", "progress", "follow", "email", "contact", "circulate", "liaise", "respond", "reply"}
)
_BARE_OWNER_MAX = 4
_NOT_SHORTHAND = frozenset({"be", "have", "do", "need", "thank", "thanks", "say", "feel", "think", "hope"})


def inline_action_owner(unit: Span, in_action_list: bool = False, names: tuple[str, ...] = ()) -> str | None:
    """The owner of an action written in the minute-taker's shorthand, "<party> to <verb> …", at the
    start of the unit or after a break: "Clerk to contact Highways.", "DD to look into this.",
    "BB and NL to attend.", "… is still not working, the clerk to report.", "Tree safety
    discussed, Mrs Leet to contact". Not "X to be …" (a passive plan), not an agenda blurb
    ("The Board to receive the Strategy"), and not an infinitive inside a clause ("asked X to …").
    In a list under an action heading any capitalised name is an owner, even one the tagger took for
    a common noun ("Naomi to arrange the chair vote"), and so is a word the document uses as a name
    elsewhere (`names`: "Jess to test the plugin", where the tagger took "Jess" for a noun)."""
    lex = lexicon()
    doc = unit.doc
    for token in unit:
        if token.lower_ != "to" or token.i + 1 >= unit.end or token.i == unit.start:
            continue
        verb = doc[token.i + 1]
        if (verb.tag_ != "VB" and verb.lower_ not in _SHORTHAND_VERBS) or verb.lower_ == "be":
            continue
        start = token.i
        while (
            start > unit.start
            and doc[start - 1].text not in _SEPARATORS
            and token.i - start < _ACTION_OWNER_MAX
        ):
            start -= 1
        if start > unit.start and doc[start - 1].text not in _SEPARATORS:
            continue  # the owner phrase is too long to be a name: "to" is inside a clause
        owner = doc[start : token.i]
        words = [t for t in owner if t.lower_ not in _OWNER_GLUE]
        if not words or not all(
            is_party(t)
            or is_initials(t)
            or is_handle(t)
            or (t.is_title and (t.pos_ == "PROPN" or (in_action_list and t.pos_ == "NOUN")))
            or named_in(t, names)
            for t in words
        ):
            continue
        if all(is_body(t) for t in words) and verb.lemma_ in lex.agenda_verbs:
            continue
        head = owner[-1]
        if any(_in_prep_object(t) for t in owner):
            continue  # "the gaps between Ferring, East Preston and Worthing to prevent …": not an owner
        named = is_person(head) or named_in(head, names)  # a parse that hangs the name elsewhere is wrong
        if (
            not named
            and head.dep_ in ("nsubj", "nsubjpass")
            and head.head.i != verb.i
            and head.head.tag_ in _FINITE_TAGS
        ):
            continue  # "The authority to appoint was the Parish Council": a noun phrase, subject of "was"
        return owner.text
    return None


def _in_prep_object(token: Token) -> bool:
    """The token is (a conjunct of) the object of a preposition: "between Ferring and Worthing"."""
    while token.dep_ == "conj" and token.head.i != token.i:
        token = token.head
    return token.dep_ == "pobj"


_LIST_OWNER_MAX = 6
_OWNER_DASH = frozenset({"-", "–", "—", ":"})


def _entry_start(unit: Span) -> int:
    """The first word of a list entry: past its bullet, item number and spaces."""
    doc, start = unit.doc, unit.start
    while start < unit.end and (doc[start].is_punct or doc[start].like_num or doc[start].is_space):
        start += 1
    return start


def listed_action_owner(unit: Span) -> str | None:
    """The owner of an entry of an action list written "<owner> – <task>": "Gary - check on lawn mower",
    "Jan and Linda - mailing", "JS: circulate the slides". Only in an action list, where a short
    run of names, roles or initials before the dash can be nothing but the person it falls to."""
    doc = unit.doc
    start = _entry_start(unit)
    if any(t.is_alpha for t in doc[: unit.start]) or any(t.text == "(" for t in doc[unit.start : start]):
        return None  # the entry opens the line; "(Checked - CBA, ANZ)" is an aside in it
    for end in range(start + 1, min(start + _LIST_OWNER_MAX, unit.end - 1) + 1):
        if doc[end].text not in _OWNER_DASH:
            continue
        owner = doc[start:end]
        words = [t for t in owner if t.lower_ not in _OWNER_GLUE and t.text not in (",", "/")]
        rest = doc[end + 1 : unit.end]
        task = [t for t in rest if t.is_alpha]
        if not words or not task or len(task) > 40 or any(t.text in _OWNER_DASH for t in rest):
            return None  # "Website Advertising - repairs first - Google ADs": a chain of notes
        if not all(_bare_owner_word(t) for t in words) or any(is_body(t) for t in words):
            return None
        if task[0].tag_ in ("VBD", "VBN") or any(t.tag_ in _FINITE_TAGS for t in task):
            return None  # a report on it ("Jekyll - given it a go, Wordpress is …"), not a task
        return owner.text
    return None


def _role_or_short_name(token: Token) -> bool:
    """A role ("Clerk"), initials ("MK") or a handle ("TimG"): owner words both action shorthands accept."""
    return token.lower_ in lexicon().role_heads or is_initials(token) or is_handle(token)


def _bare_owner_word(token: Token) -> bool:
    """A word of a named owner: a role, initials, a handle or a capitalised name; not a pronoun
    ("I know …"), a code ("T4") or a table rule."""
    if not token.is_alpha or token.pos_ == "PRON":
        return False
    return _role_or_short_name(token) or (token.pos_ == "PROPN" and token.is_title)


def _named_word(token: Token) -> bool:
    """A capitalised word the model takes for part of a name ("Roland", "Hazwan"), as opposed to a topic
    label ("Finance", "Website"), which it leaves without an entity type."""
    return (
        token.is_alpha and token.is_title and bool(token.ent_type_) and token.ent_type_ not in ("ORG", "DATE")
    )


def _colon_owner_word(token: Token) -> bool:
    """A word of the owner before "<owner>: <Verb> …": a role, initials or a name, not any capitalised
    word ("Finance: Approve the budget" is a topic label over an agenda line)."""
    return _role_or_short_name(token) or _named_word(token)


def present_words(attendees: tuple[str, ...]) -> set[str]:
    """The words of the names of those present, lower-cased: "Will Myers" gives "will" and "myers"."""
    return {w.lower() for name in attendees for w in name.split()}


def bare_action_owner(unit: Span, attendees: tuple[str, ...] = ()) -> str | None:
    """The owner of an action written as "<one party> <bare verb> …", the imperative shorthand of
    many minute-takers: "Clerk send contract to Merlin Waste.", "Clerk chase Sue Parkinson re bins",
    "MK wrangle a new sign", and with a colon, "Roland: Make two more decks of pigeonholes". A single
    person or role followed by the verb's base form (not "sends") is an instruction, not a report. Not
    a body ("Councillors note the report" is an agenda blurb)."""
    if unit.text.isupper():
        return None  # a heading in capitals: "TO CONFIRM THE MINUTES"
    doc = unit.doc
    start = _entry_start(unit)
    present = present_words(attendees)
    for end in range(start + 1, min(start + _BARE_OWNER_MAX, unit.end - 1) + 1):
        colon = doc[end].text == ":" and end + 1 < unit.end  # "Roland: Make two more decks of pigeonholes"
        verb = doc[end + 1] if colon else doc[end]
        if colon:
            bare = verb.tag_ == "VB" and verb.is_title
        else:
            bare = verb.tag_ in ("VB", "VBP") and verb.lower_ == verb.lemma_.lower()
        if not (bare or (not colon and verb.lower_ in _SHORTHAND_VERBS)) or verb.lower_ in _NOT_SHORTHAND:
            if colon:
                return None
            continue
        if not colon and verb.i + 1 < len(doc) and doc[verb.i + 1].text == ":":
            return None  # "Officer Contact: Kathryn Rees …": a field label, not "<role> <verb>"
        owner = doc[start:end]
        words = [t for t in owner if t.text not in (".", "/") and t.lower_.rstrip(".") not in _OWNER_GLUE]
        if not words or not all(
            (_colon_owner_word(t) or t.lower_ in present) if colon else _bare_owner_word(t) for t in words
        ):
            return None
        if words[-1].tag_ in ("NNS", "NNPS") or any(is_body(t) for t in words):
            return None
        return owner.text
    return None


# What an agenda or a meeting's own business says, not an action to come: "Approve the minutes",
# "Welcome new members", "Discuss the budget"
_PROCEDURAL_VERBS = frozenset(
    {"welcome", "elect", "declare", "confirm", "agree", "open", "close", "adjourn", "accept", "adopt", "sign",
     "present", "introduce", "thank", "see", "read", "ask", "vote", "decide", "review", "report", "update",
     "debate"}
)  # fmt: skip


def _imperative_note(unit: Span, ctx: PassageContext) -> bool:
    """In minutes kept as notes, a bullet that opens with a bare verb is an action point with its owner
    left out: "Send slide with details for TV", "Buy calculators in bulk and put in welcome packs". Not
    an agenda's procedure ("Approve the minutes") or a question."""
    if (
        ctx.block != "bullet"
        or ctx.is_plan
        or len(unit) < _IMPERATIVE_MIN_TOKENS
        or unit.text.rstrip().endswith((":", "?"))
    ):
        return False
    first = unit[0]
    if not (first.tag_ == "VB" and first.is_title and first.dep_ == "ROOT") or any(
        t.text in _LABEL_MARKS for t in unit[1:4]
    ):
        return False  # not "Workstream progress – an overview …", a label and its description
    if _ISSUE_REF.search(unit.text):
        return False  # "Handle HackerOne org to core triage team [#103](…)": an issue title on the agenda
    lemma = first.lemma_.lower()
    if lemma in lexicon().agenda_verbs or lemma in _PROCEDURAL_VERBS or lemma in _NOT_SHORTHAND:
        return False
    return not _READER_INSTRUCTION.match(unit.text) and not re.search(r"\bminutes\b", unit.text, re.I)


_IMPERATIVE_MIN_TOKENS = 4
_LABEL_MARKS = frozenset({"–", "—", "-", ":"})
_ISSUE_REF = re.compile(r"\[#\d+\]|\(#\d+\)|\bissues?/\d+")


def motion_undertaking(unit: Span, ctx: PassageContext) -> Candidate | None:
    """A motion carried below it that gives a party an act: "Cart shall open a bank account on behalf of
    the Foundation." / "Unanimously approved." is the decision and also Cart's commitment."""
    if not ctx.settled_by:
        return None
    root = next((t for t in unit if t.dep_ == "ROOT"), None)
    if root is None or root.pos_ != "VERB":
        return None
    modal = any(c.tag_ == "MD" and c.lower_ in ("shall", "should", "will", "must") for c in root.children)
    subj = subject_of(root)
    if not modal or subj is None or not (is_party(subj) or subj.lower_ in present_words(ctx.attendees)):
        return None
    fields = commitment_fields(unit, phrase(subj), _commitment_due(unit, ctx))
    return Candidate("commitment", unit.start_char, unit.end_char, 0.75, "motion_undertaking", fields)


def _past_agenda(text: str) -> bool:
    return bool(re.search(r"\b(?:was|were|had\s+been)\b", text, re.I))


# Not acts anyone undertakes: wishes, states and predictions ("Shibboleth will complicate this")
_NOT_ACTS = frozenset(
    {"like", "want", "need", "appear", "seem", "mean", "result", "benefit", "complicate", "affect", "impact",
     "cost", "depend", "cause"}
)  # fmt: skip
# Verbs that say what a thing brings about ("the plan will help the partnership to …") unless a party
# is their subject ("Cabinet Office will help departments to recruit …", "Digital Leaders will lead on …")
_EFFECT_VERBS = frozenset({"help", "enable", "allow", "contribute", "inform", "lead"})
_ENABLED_BY = frozenset(
    {"supported", "driven", "underpinned", "enabled", "informed", "shaped", "guided", "led"}
)


def _future_verb(unit: Span, names: tuple[str, ...] = ()) -> Token | None:
    """The verb a future modal governs, when it denotes an act by a party ("the Chairman would draft",
    "we will work"), an act done (passive "would be copied"), or a scheduled happening with a date
    ("a meeting would take place in July"); not a document's content ("the Plan will replace …"),
    a state ("would be welcome"), a possibility or a relative clause's aside."""
    lex = lexicon()
    for token in unit:
        if token.lower_ not in ("will", "would", "shall", "'ll") or token.tag_ != "MD":
            continue
        verb = token.head
        if verb.i == token.i or verb.pos_ not in ("VERB", "AUX") or verb.dep_ in ("relcl", "acl", "pcomp"):
            continue  # pcomp: "an estimate of how much time it would take"
        own_subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if verb.dep_ == "advcl" and (own_subject is None or not is_party(own_subject)):
            continue
        if any(c.tag_ in ("WRB", "WP") for c in verb.children) or any(
            c.lower_ == "have" and c.dep_ == "aux" for c in verb.children
        ):
            continue
        if verb.lemma_ in _NOT_ACTS:
            continue  # "would like": a wish, not an act
        if any(c.dep_ == "neg" for c in verb.children) or any(c.dep_ == "neg" for c in token.children):
            continue  # "Brian will not be claiming expenses": no act undertaken
        if verb.lemma_ in _EFFECT_VERBS and not _party_subject(verb):
            continue  # "the plan will help the partnership to …": an effect, not an act
        passive = any(c.dep_ == "auxpass" for c in verb.children)
        if verb.lemma_ == "be" and not passive:
            continue
        if passive:
            if verb.lower_ in lex.stative_participles:
                continue
            if verb.lower_ in _ENABLED_BY and any(c.dep_ == "agent" for c in verb.children):
                continue  # "will be supported by our city's capabilities": what makes it possible
            return verb
        subj = subject_of(verb)
        if subj is not None and (
            is_party(subj)
            or is_role_group(subj)
            or subj.lower_ in ("we", "i", "they")
            or named_in(subj, names)
        ):
            return verb
        if verb.lemma_ in lex.happening_verbs and any(
            e.kind != "vague" for e in find_time_expressions(unit.text)
        ):
            return verb
        if verb.lemma_ in ("take", "occur", "happen", "begin", "commence"):
            return verb
    return None


def _party_subject(verb: Token) -> bool:
    """An effect verb used as an act: a party (or a group of office-holders: "Digital Leaders")
    as its subject and something it acts on ("will help departments to …", "will lead on …")."""
    subj = subject_of(verb)
    if subj is None or not (is_party(subj) or is_role_group(subj) or subj.lower_ in ("we", "i")):
        return False
    return any(c.dep_ in ("dobj", "prep", "xcomp", "ccomp") for c in verb.children)


def is_role_group(token: Token) -> bool:
    """Office-holders in the plural: "Service Managers", "officers", "Digital Leaders"."""
    return token.tag_ == "NNS" and token.lemma_.lower() in lexicon().role_heads


# "wished to thank / to know / to raise": what a speaker says or asks at the meeting, not an act to come
_SPEECH_VERBS = frozenset(
    {"thank", "express", "record", "note", "raise", "know", "ask", "add", "comment", "congratulate",
     "clarify", "point", "say", "state", "mention", "highlight", "remind", "draw", "declare", "speak",
     "register", "place", "put", "echo", "reiterate", "acknowledge", "welcome", "stress", "emphasise"}
)  # fmt: skip


def _intent_by_party(unit: Span) -> bool:
    """ "The Parish Council proposes to review …", not "The Neighbourhood Plan proposes …": a document
    stating what it contains is not a party undertaking something."""
    for cue in cues_in(unit, "COM_INTENT"):
        if cue[0].lower_ in ("wish", "wished") and cue[-1].lemma_ in _SPEECH_VERBS:
            continue
        if cue.root.dep_ in ("relcl", "acl") and cue.root.lemma_ in (
            "wish",
            "plan",
            "intend",
            "propose",
            "aim",
        ):
            continue  # "every other standard Wales wishes to adopt": a description, not an intent
        if cue[0].lemma_ == "be" and cue[1].lower_ in ("planned", "intended"):
            subj = subject_of(cue.root)
            if subj is not None and subj.lower_ == "it":
                return True  # "It was planned to insert cameras": the meeting's own plan, impersonally put
            continue  # "The survey was intended to provide …": what a thing is for
        subj = subject_of(cue.root) if cue.root.pos_ in ("VERB", "AUX") else None
        if subj is not None and subj.lower_ in ("which", "that", "who"):
            continue  # "an article regarding a law which is due to come into force": an aside
        if subj is None or subj.lower_ not in lexicon().document_heads:
            return True
    return False


_COUNTERFACTUAL = re.compile(r"\b(?:if|unless|whether)\b[^.;]*\b(?:was|were)\s+to\b", re.I)


def _arranged_by_party(unit: Span) -> Token | None:
    """ "the team working on e-prescribing were to attend", "The Clerk is to write to NCC": an arranged
    act of a party ("be to" + verb); not "the purpose was to discuss" or "the question is to decide"."""
    for cue in cues_in(unit, "COM_BE_TO"):
        be = cue[0]
        subj = next((c for c in be.children if c.dep_ == "nsubj"), None)
        if subj is None:
            subj = next((c for c in cue[-1].children if c.dep_ == "nsubj"), None)
        if subj is not None and is_party(subj) and subj.lower_ not in lexicon().document_heads:
            return subj
    return None


def _reported_earlier(unit: Span, label: str) -> bool:
    """ "CGM had offered to quote", "had previously agreed to": an earlier undertaking, reported."""
    for cue in cues_in(unit, label):
        before = unit.doc[max(unit.start, cue.start - 3) : cue.start]
        if any(t.lower_ == "had" for t in before):
            return True
    return False


_LEADING_REASON = re.compile(r"^\W*(?:given\s+that|since|because|as)\b", re.I)


def _in_leading_reason(unit: Span, label: str) -> bool:
    """ "Given that we are committed to improving …, we had obtained quotes": the cue sits in the
    sentence's opening clause of reason, background to what follows."""
    if not _LEADING_REASON.match(unit.text):
        return False
    comma = next((t.i for t in unit if t.text == ","), unit.end)
    return any(cue.start < comma for cue in cues_in(unit, label))


_IN_MEETING_VIEWS = re.compile(
    r"\b(?:asked|invited)\b[^.;]{0,100}?\b(?:for\s+(?:their|his|her|any)\s+(?:\w+\s+)?(?:comments|views|thoughts|opinions|questions|interests|declarations|objections)|"
    r"to\s+(?:add|give|share|express|offer)\s+(?:their|his|her|any)\s+(?:comments|views|thoughts|opinions))\b",
    re.I,
)


# The meeting's own body, as a report addresses it: "The Board is asked to …", "Members are invited to …"
_MEETING_BODIES = frozenset(
    {"board", "cabinet", "committee", "sub-committee", "council", "panel", "forum", "group", "members",
     "governors", "trustees", "directors", "executive", "assembly", "commission", "partnership", "meeting",
     "hwb", "ijb"}
)  # fmt: skip


def _agenda_request(unit: Span, ctx: PassageContext) -> bool:
    """ "Members of the Board are invited to suggest …", "The Board are asked to consider …": what the
    meeting itself is asked to do on the item (an agenda recommendation), not a future undertaking;
    a request with its own deadline ("are asked to agree their plans by mid-November") still counts.
    Asking those present for their views ("asked Councillors for their comments") is the same."""
    lex = lexicon()
    if _IN_MEETING_VIEWS.search(unit.text):
        return True
    for token in unit:
        if token.lower_ in ("asked", "invited", "requested") and any(
            c.dep_ == "auxpass" and c.lower_ in ("is", "are") for c in token.children
        ):
            acts = [c for c in token.children if c.dep_ in ("xcomp", "ccomp")]
            asked = next((c for c in token.children if c.dep_ == "nsubjpass"), None)
            itself = asked is not None and asked.lower_ in _MEETING_BODIES  # "The Board is asked to review"
            if (
                acts
                and (itself or any(c.lemma_ in lex.agenda_verbs for c in acts))
                and not any(e.date for e in time_expressions(unit, ctx))
            ):
                return True
    return False


_DOCUMENT_SENDERS = frozenset(
    {"letter", "email", "e-mail", "correspondence", "memo", "circular", "newsletter", "report", "paper"}
)  # "a report by the Chief Officer asked the Board to consider …": the report's request, on the agenda


_SPEAKING_VERBS = frozenset(
    {"provide", "give", "present", "introduce", "speak", "share", "say", "explain", "talk", "outline",
     "address", "describe", "summarise", "summarize", "open", "lead", "update", "join"}
)  # fmt: skip


def _speaks_at_this_meeting(unit: Span, invited: Token) -> bool:
    """An invitation, in the past tense, to speak at the meeting being minuted (no later meeting named)."""
    xcomp = next((c for c in invited.children if c.dep_ in ("xcomp", "ccomp")), None)
    if xcomp is None or xcomp.lemma_ not in _SPEAKING_VERBS:
        return False
    return not re.search(r"\b(?:next|future|following|later|subsequent)\b", unit.text, re.I)


def _may_act(token: Token, names: tuple[str, ...] = ()) -> bool:
    """A noun that can name someone asked to act: a party, a name the document uses, people, or an
    agent noun ("the contractor", "the auditors", "the consultant")."""
    return (
        is_party(token)
        or named_in(token, names)
        or token.lower_ in lexicon().people_nouns
        or bool(re.search(r"(?:er|or|ist|ian|ant)s?$", token.lower_))
    )


def _request_on_party(unit: Span, names: tuple[str, ...] = ()) -> bool:
    """ "PK was asked to withhold …", "The Chair asked Board member to consider …": the request is on a
    party, and it is the clause's own (not "the 1% that CCGs were required to keep")."""
    lex = lexicon()
    for token in unit:
        if token.lower_ == "suggested":
            # "It was suggested that the Clerk look into …": the meeting's instruction to a person or role
            # (a suggestion that the body itself act is its own business, and a named speaker's is an opinion)
            if any(c.dep_ == "auxpass" for c in token.children) and any(
                c.dep_ == "ccomp" and any(g.dep_ == "nsubj" and is_person(g) for g in c.children)
                for c in token.children
            ):
                return True
            continue
        if token.lower_ not in lex.request_verbs and token.lower_ not in (
            "remit",
            "remitted",
            "expects",
            "encourages",
        ):
            continue
        if not any(c.dep_ in ("xcomp", "ccomp", "prep", "dobj", "dative") for c in token.children):
            continue
        if token.dep_ in ("relcl", "acl", "amod"):
            continue
        if any(c.lower_ in ("had", "has", "have") for c in token.children if c.dep_ == "aux"):
            continue  # "had been asked", "ATS have been asked": an earlier request, reported
        if any(c.dep_ in ("ccomp", "advcl") and c.lemma_ in ("be", "have")
               and any(m.lower_ in ("if", "whether") for m in c.children) for c in token.children):  # fmt: skip
            continue  # "asked members of the public if they were interested": a question, no act
        asker = next((c for c in token.children if c.dep_ == "nsubj"), None)
        if asker is not None and asker.lower_ in _DOCUMENT_SENDERS:
            continue  # "The letter also asked Councillors to …": someone else's request, reported
        if token.lower_ == "invited" and token.tag_ == "VBD" and _speaks_at_this_meeting(unit, token):
            continue  # "the Chair invited Alison Unsworth to provide a brief overview": done at the meeting
        if (
            token.lower_ == "invited"
            and any(c.dep_ == "auxpass" for c in token.children)
            and not any(c.dep_ in ("xcomp", "ccomp") for c in token.children)
        ):
            continue  # "have been invited to the Open Day": an invitation, no act asked for
        if any(c.dep_ == "auxpass" for c in token.children):
            asked = next((c for c in token.children if c.dep_ == "nsubjpass"), None)
            if asked is not None and asked.pos_ in ("NOUN", "PROPN") and not _may_act(asked, names):
                continue  # "Housekeeping is required to remove redundant users": no party in the text
            return True
        if any(
            c.dep_ in ("dobj", "nsubj", "dative") and is_party(c) and c.dep_ != "nsubj"
            for c in token.children
        ):
            return True
        if any(
            c.dep_ in ("ccomp", "xcomp")
            and any(g.dep_ in ("nsubj", "nsubjpass") and is_party(g) for g in c.children)
            for c in token.children
        ):
            return True
        if token.lower_ in ("remit", "remitted"):
            return True
    return False


_EVENT_PARTICIPLES = frozenset(
    {"held", "expected", "found", "seen", "noted", "hoped", "welcomed", "determined", "confirmed", "decided"}
)


def _to_be_action(unit: Span) -> bool:
    """ "…, to be posted on the website", "Stephen L-O to be invited": not "was to be held", "to be expected"."""
    for cue in cues_in(unit, "COM_TO_BE"):
        to = next(t for t in cue if t.lower_ == "to")
        vbn = cue[-1]
        if vbn.lower_ in lexicon().stative_participles:
            continue
        prev = unit.doc[to.i - 1] if to.i > unit.start else None
        if prev is not None and prev.lemma_ == "be":
            if (
                prev.lower_ in ("is", "are")
                and prev.dep_ == "ROOT"  # the sentence's own verb: not "… if they are to be considered"
                and vbn.lower_ not in _EVENT_PARTICIPLES
                and to.i - 1 > unit.start
            ):
                return True  # "A sign is to be put up …": an act still to be done ("was to be" is not)
            continue
        if prev is not None and prev.pos_ in ("NOUN", "PROPN") and prev.dep_ == "pobj":
            continue  # "declarations relating to items to be considered": what the items are, not an act
        if (
            prev is None
            or prev.text in (",", ";")
            or not any(t.tag_ in ("VBZ", "VBP", "VBD", "MD") for t in unit.doc[unit.start : to.i])
        ):
            return True
    return False


_FUTURE_PASSIVE = re.compile(
    r"\b(?:will|would|shall)\s+(?:then\s+|now\s+|also\s+|soon\s+)?be\s+(?:[a-z]+-)?([a-z]+ed|made|done|given|taken|sent|set|put|brought|shown|undertaken|drawn)\b",
    re.I,
)


def _future_passive(unit: Span) -> bool:
    """A future passive act found on the surface when the parse splits it ("would be re-considered")."""
    for match in _FUTURE_PASSIVE.finditer(unit.text):
        participle = match.group(1).lower()
        if participle in _ENABLED_BY and re.match(r"\s+by\b", unit.text[match.end() :]):
            continue  # "will be supported by our city's capabilities": what makes it possible
        if participle not in lexicon().stative_participles and participle != "held":
            before = unit.text[: match.start()]
            if not re.search(r"\b(?:which|that|who)\s*$", before) and not re.search(
                r"\b(?:how|what|whether|why)\b[^,;]{0,50}$", before
            ):
                return True
    return False


def _action_infinitive(unit: Span, ctx: PassageContext | None = None) -> bool:
    """Action-line form: "Carole Burgoyne and Ross Jago to produce a paragraph …", "X to be invited";
    not an agenda blurb ("The Board to receive the Strategy")."""
    has_finite = any(t.tag_ in ("VBD", "VBZ", "VBP", "MD") for t in unit)
    if has_finite:
        return False
    for token in unit:
        if token.lower_ == "to" and token.dep_ == "aux" and token.head.tag_ == "VB":
            if token.head.lemma_ in lexicon().agenda_verbs:
                return False
            subj = subject_of(token.head)
            return subj is not None and is_party(subj)
    return False


_PLAN_ACTION_MIN_WORDS = 4


def _plan_action(unit: Span, ctx: PassageContext) -> bool:
    """In a plan, a listed action: a bullet opening with a gerund ("Implementing …"), an infinitive
    of purpose ("To secure …"), an imperative ("Deliver …") or an action noun ("Development of …")."""
    if not ctx.is_plan or len(unit) < 3 or is_title_like(unit.text) or unit.text.rstrip().endswith(":"):
        return False
    if sum(t.is_alpha for t in unit) < _PLAN_ACTION_MIN_WORDS:
        return False  # "Understanding our population", "Find out more": a section link, not an action
    if re.search(r"\((?:section|see|page|chapter)\b", unit.text, re.I):
        return False
    if ctx.block not in ("bullet", "table_row") and len(unit) > 30:
        return False
    first = unit[0]
    low = unit.text.lower()
    if re.search(r"\(\s*\d+(?:\.\d+)?\s*%\s*\)", unit.text):
        return False  # "improving the quality of amenities (31%)": a survey answer, not an action
    finite = any(t.tag_ in ("VBZ", "VBP", "VBD", "MD") for t in unit)
    titled = bool(re.search(r"\s[–—-]\s", unit.text))
    lex = lexicon()
    listed = ctx.block == "bullet" and _under_action_heading(ctx) and not _states_a_fact(unit)
    if _READER_INSTRUCTION.match(unit.text) or _DONE_STEM.search(ctx.list_stem or ""):
        return False
    if first.tag_ == "VBG" and first.pos_ != "PROPN":
        return not finite or titled or listed
    if first.lower_ == "to" and len(unit) > 1 and unit[1].tag_ == "VB":
        return True
    if first.tag_ == "VB" and first.is_title and not (len(unit) > 1 and unit[1].lower_ in ("in", "of")):
        # "Reduce energy and water use in council buildings.": with no value or deadline it is an action,
        # not a target (those the targets component took first); a finite verb in a clause under the
        # imperative ("… equipment which uses oil") does not make it a statement
        return not _main_clause_finite(unit)
    if any(low.startswith(n + " ") for n in lex.action_nouns) and not finite:
        return True
    return listed


def _main_clause_finite(unit: Span) -> bool:
    """Whether the sentence's own verb is finite ("The council will reduce …", "We reduced …"), as
    against an imperative with finite verbs only in its subordinate clauses."""
    root = unit.root
    finite = ("VBZ", "VBP", "VBD", "MD")
    if not any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in root.children):
        return False  # no subject: the imperative's own clause ("Deliver … by bringing our bus stops up …")
    return root.tag_ in finite or any(
        c.dep_ in ("aux", "auxpass") and c.tag_ in finite for c in root.children
    )


# A web page telling its reader where to go: "Use arrow keys to move between tabs", "Explore each
# theme", "Click here", "See the section below"
_READER_INSTRUCTION = re.compile(
    r"^\W*(?:click|tap|select|scroll|use|explore|see|visit|read|view|browse|follow|download|find)\b[^.]{0,40}?"
    r"\b(?:tabs?|arrow\s+keys|buttons?|links?|page|pages|sections?|chapters?|menu|below|above|here|themes?)\b"
    r"|^\W*(?:update|upgrade)\s+your\s+browser\b|^\W*(?:accept|reject|manage)\s+(?:all\s+)?cookies\b"
    r"|^\W*(?:sign\s+up|subscribe|log\s*in|register)(?:\W+(?:sign\s+up|subscribe|now|here|today))*\W*$",
    re.I,
)

# A plan's list of what it will do, whatever the grammar of its bullets: "Routes to Outcome",
# "Key actions", "What we will do", "How we will get there", "Next steps", "Deliverables"
_ACTION_LIST_HEAD = re.compile(
    r"\b(?:(?:key|our|priority|planned|proposed|next|supporting)\s+)?actions\b|\broutes?\s+to\b|\bwhat\s+we\s+will\s+do\b"
    r"|\bhow\s+we\s+will\s+(?:get|deliver|do|achieve)\b|\bnext\s+steps\b|\bdeliverables\b|\bkey\s+activities\b"
    r"|\bdelivery\s+priorities\b|\bwe\s+will\s*:",
    re.I,
)


# "… it sets out the priorities for 2021, including:": the list's actions are for that year
_STEM_PERIOD = re.compile(
    r"\b(?:priorities|actions|plans?|work|programme|commitments)\s+((?:for|in|during)\s+(?:the\s+year\s+)?\d{4}(?:/\d{2,4})?)\b",
    re.I,
)
# "Other commitments delivered include:", "Achievements in 2020:": the list reports what was done
_DONE_STEM = re.compile(
    r"\b(?:delivered|completed|achieved|accomplished|carried\s+out|achievements|highlights)\b(?:\s+[\w-]+){0,3}\s*:-?\s*$",
    re.I,
)


def stem_period(ctx: PassageContext) -> TimeExpression | None:
    """The year a plan list's stem gives its actions, as a time frame."""
    match = _STEM_PERIOD.search(ctx.list_stem or "")
    if match is None:
        return None
    found = find_time_expressions(match.group(1), ctx.ref)
    return found[0] if found and found[0].date else None


_PRIORITIES_STEM = re.compile(r"\bpriorities\b[^:]{0,40}\b(?:include|including|are)\b\W*$", re.I)


# Minutes' action list: "Action items", "Actions", "Action log", "Action points", "New actions",
# "Job duties", "Tasks"
_ACTION_ITEMS_HEAD = re.compile(
    r"\bactions?\s+(?:items?|points?|log|list|tracker|register)\b|\b(?:actions|duties|tasks|assignments)\s*$",
    re.I,
)


def _in_action_list(ctx: PassageContext) -> bool:
    """A bullet or row under an action-list heading (at the nearest two levels)."""
    levels = heading_levels(ctx.heading)[-2:]
    return ctx.block in ("bullet", "enum", "table_row") and any(_ACTION_ITEMS_HEAD.search(h) for h in levels)


def _under_action_heading(ctx: PassageContext) -> bool:
    """The nearest heading, or the stem ending in a colon just above the list, names actions."""
    nearest = (heading_levels(ctx.heading) or [""])[-1]
    stem = ctx.list_stem or ""
    return bool(
        _ACTION_LIST_HEAD.search(stem) or _PRIORITIES_STEM.search(stem) or _ACTION_LIST_HEAD.search(nearest)
    )


def _states_a_fact(unit: Span) -> bool:
    """A bullet whose main verb is finite says what is, not what will be done: "Demand is increasing"."""
    roots = [t for t in unit if t.dep_ == "ROOT"]
    return any(
        r.tag_ in ("VBZ", "VBP", "VBD")
        or any(c.dep_ == "aux" and c.tag_ in ("VBZ", "VBP", "VBD") for c in r.children)
        for r in roots
    )


def _owner_from_parse(unit: Span) -> str | None:
    for token in unit:
        if token.dep_ in ("nsubj", "nsubjpass") and is_party(token) and token.lower_ not in ("it", "this"):
            return phrase(token)
        if token.dep_ == "dobj" and token.head.lower_ in lexicon().request_verbs and is_party(token):
            return phrase(token)
    return None


def action_phrase(unit: Span) -> str | None:
    for token in unit:
        if token.pos_ == "VERB" and token.tag_ in ("VB", "VBG") and token.dep_ not in ("amod", "compound"):
            right = max(t.i for t in token.subtree)
            return unit.doc[token.i : min(right + 1, token.i + 14)].text
    return " ".join(unit.text.split()[:14]) or None


# ---------------------------------------------------------------- targets


_INTENT = re.compile(
    r"\b(?:will|shall|should\s+(?:be|reach|achieve|fall|rise)|to\s+(?:be|become|deliver|achieve|reduce|increase|provide|save|reach|have)|target\w*|aim\w*|ambition|"
    r"aspir\w*|trajector\w*|envisag\w*|forecast\w*|plans?\s+(?:show|to)|expect\w*|deliver|achieve|requir\w+|proposes?|"
    r"allocat\w*|supply|reduction|growth|savings|increase|reduce|commit(?:ment|ted)?\s+to)\b",
    re.I,
)
_PAST_FIGURE = re.compile(
    r"\b(?:was|were|had|has\s+been|have\s+been|had\s+been|received|spent|provided|recorded|achieved|rose|fell|"
    r"stood|reported|showed|in\s+the\s+\d+\s+months\s+to|out\s+of\s+the|on\s+track|running\s+at)\b",
    re.I,
)
_COST = re.compile(
    r"\b(?:cost\w*|price|paid|payment|pay|invoice|fee|fees|spend|donat\w*|contribut\w*|fund\s+£|reserves?|precept|"
    r"balance|budget\s+of|grant\s+of|quote|charged|loan|capital\s+cost|estimate\w*|in\s+the\s+region\s+of|"
    r"virement|sum\s+of|charge|charges|stating\s+£|£\d+(?:\.\d\d)?\s+(?:each|per|for))\b",
    re.I,
)
_OUTCOME_STATE = re.compile(
    r"\b(?:to\s+become|will\s+have\s+(?:been\s+)?\w+|will\s+be\s+(?:\w+ly\s+)?\w+ed\b|would\s+be\s+(?:\w+ly\s+)?\w+ed\b|"
    r"completion|completed|in\s+place|fully\s+\w+|will\s+(?:have|be|form|exist|underpin|enhance|reduce|increase)"
    r"|\b(?:target|goal|ambition|aim)\s+(?:of|is\s+to|to)\s+(?:be|being|become|becoming|achiev\w+|reach\w*)\b"
    r"|\bensure\s+(?:that\s+)?(?:all|every)\b)",  # "will ensure all services have a Service Manager by 2015"
    re.I,
)


# The outcome most plans now date: net zero, whoever is said to reach it ("we aim to become carbon
# neutral by 2035", "a commitment for Glasgow to become Net Zero Carbon by 2030")
_NET_ZERO = re.compile(
    r"\b(?:net[\s-]?zero|carbon[\s-]neutral(?:ity)?|zero[\s-]carbon|climate[\s-]neutral(?:ity)?)\b"
    r"|\b(?:emissions|carbon\s+footprint)\s+to\s+(?:net\s+)?zero\b",  # "reduce our carbon footprint to zero by 2030"
    re.I,
)


# A completion state, which a date turns into a definite outcome even without "by": "Work should be
# completed and bridge re-opened end of April 2023", "the bridge will be re-opened on 26th May"
_COMPLETION_STATE = re.compile(
    r"\b(?:will|should|would|shall|to)\s+(?:now\s+)?be\s+(?:be\s+)?(?:fully\s+)?(?:complete|completed|finished|re-?opened|"
    r"ready|operational|in\s+place|delivered|installed|launched|live)\b"
    r"|\bbefore\s+(?:it|this|they|the\s+\w+)\s+(?:is|are)\s+(?:completed|finished|ready)\b"
    r"|\b(?:will|should|shall)\s+(?:now\s+)?(?:open|re-?open|go\s+live)\b",  # "new dental premises will open"
    re.I,
)


def target_candidate(
    unit: Span, ctx: PassageContext, inherited: TimeExpression | None = None
) -> Candidate | None:
    text = unit.text
    low = text.lower()
    if text.endswith("?") or len(unit) < 3:
        return None
    if _CONDITIONAL.match(text) or _NOT_TARGET.search(text) or is_attendance(text) or _FORECAST.search(text):
        return None  # a forecast of a trend ("is expected to see a 50% increase") is not an aim
    if _SURVEY.search(text):
        return None  # "A slight majority of respondents (57%) expressed the view that …": a survey's finding
    if _NEXT_MEETING.search(text):
        return None  # the meeting's own arrangements
    if ctx.block == "bullet" and _DONE_STEM.search(ctx.list_stem or ""):
        return None  # "Other commitments delivered include: … £1m of grant funding secured"
    if not (
        may_hold_quantity(text)
        or inherited is not None
        or ctx.heading_deadline
        or ctx.lead_deadline
        or _OUTCOME_STATE.search(text)
        or _NET_ZERO.search(text)
        or _AIM_STATEMENT.search(text)
        or _COMPLETION_STATE.search(text)
    ):
        # every way below to a target needs a number, a deadline from the context, or one of these
        # outcome wordings: without them, skip reading the unit's time expressions
        return None
    money_context = in_money_context(text)
    exprs = time_expressions(unit, ctx)
    quantities = aim_quantities(unit, exprs, money_context)
    by_deadline = next(iter(by_deadlines(exprs)), None)
    dated = [e for e in exprs if e.kind not in ("vague",) and e.date]
    # a baseline year gives way to another date: "60% reduction from 2010 levels by 2020"
    deadline = next((e for e in dated if not _is_baseline(e, text)), None) or next(iter(dated or exprs), None)
    heading_deadline = ctx.heading_deadline
    if inherited is None and ctx.lead_deadline and ctx.lead_deadline_date:
        inherited = TimeExpression(
            ctx.lead_deadline, 0, 0, date.fromisoformat(ctx.lead_deadline_date), "year"
        )
    future = bool(_INTENT.search(text))
    conf = 0.0
    cue = ""
    if (
        quantities
        and future
        and not _COST.search(text)
        and not _past_only(unit)
        and not _past_aim(unit, exprs, ctx)
    ):
        conf, cue = 0.8, "quantity_intent"
    elif quantities and heading_deadline and not _COST.search(text):
        conf, cue = 0.8, "quantity_under_deadline_heading"
    elif (
        heading_deadline and ctx.block in ("bullet", "table_row") and len(unit) <= 40 and not _past_only(unit)
    ):
        conf, cue = 0.75, "under_deadline_heading"
    elif (
        inherited is not None
        and (re.search(r"\bwill\b|\bhas\s+\w+ed\b", low) or ctx.block == "bullet")
        and not _party_acts(unit)
    ):
        conf, cue = 0.7, "inherited_deadline"
    elif quantities and ctx.is_plan and _plan_measure(unit, text, quantities[0]):
        conf, cue = 0.7, "quantity_plan_measure"
    elif quantities and (ctx.is_plan or ctx.block == "bullet") and _CHANGE_BULLET.match(text):
        conf, cue = 0.75, "quantity_change_bullet"
    elif (
        quantities
        and ctx.is_plan
        and (
            quantities[0].unit in ("people", "count", "percent")  # "to divert 90% of all contract waste …"
            or comparator_for(text, quantities[0]) not in ("eq", "approx")
            or direction_of(text) is not None
        )
        and _plan_action(unit, ctx)
        and not _COST.search(text)
    ):
        # "Support 1000 economically inactive people …", "Work with 100 businesses", "Bring smoking
        # rates down below 5%": a listed action with a number it is to reach
        conf, cue = 0.7, "quantity_plan_action"
    elif ctx.lead_outcome and inherited is not None and not _party_acts(unit) and not _QUOTED.match(text):
        conf, cue = 0.7, "outcome_under_lead"  # the outcome an "Intended outcome by 2030" line names
    elif by_deadline is not None and _OUTCOME_STATE.search(text) and not _party_acts(unit):
        conf, cue = 0.7, "deadline_outcome"
    elif by_deadline is not None and _NET_ZERO.search(text) and not _past_only(unit):
        conf, cue = 0.75, "deadline_outcome"  # "our commitment for the borough to be carbon neutral by 2030"
    elif (
        by_deadline is not None
        and _AIM_STATEMENT.search(text)
        and not _past_only(unit)
        and not _past_aim(unit, exprs, ctx)
    ):
        conf, cue = 0.7, "deadline_outcome"  # "Our aspiration is to create a tobacco-free generation by 2025"
    elif (
        deadline is not None
        and deadline.date is not None
        and deadline.kind != "vague"
        and _COMPLETION_STATE.search(text)
        and not _party_acts(unit)
        and not _EVENT.search(text)
    ):
        by_deadline = deadline  # "The bridge will be re-opened early May": a completion on a date
        conf, cue = 0.7, "deadline_outcome"
    if not conf:
        return None
    if (has_hedge(unit) or _SUGGESTION.search(text)) and cue != "under_deadline_heading":
        return None  # "… suggests that long runs (2 cycles) are needed": a finding or proposal, not an aim
    if cue.startswith("quantity") and re.search(r"\bcan\b", low):
        return None  # "survival rates can increase by 50%": what is possible, not an intended outcome
    q = quantities[0] if quantities and cue.startswith("quantity") else None
    if cue == "deadline_outcome":
        deadline = by_deadline
    if cue == "outcome_under_lead":
        deadline = by_deadline or inherited  # "… at least doubled from 2025" under "Intended outcome by 2030"
    if q is None and inherited is not None and cue == "inherited_deadline" and deadline is None:
        deadline = inherited
    dl_text, dl_date = None, None
    if deadline is not None and deadline.kind != "vague":
        dl_text, dl_date = deadline.text, deadline.date.isoformat() if deadline.date else None
    elif cue in ("under_deadline_heading", "quantity_under_deadline_heading") and ctx.heading_deadline:
        dl_text, dl_date = ctx.heading_deadline, ctx.heading_deadline_date
    elif inherited is not None:
        dl_text, dl_date = inherited.text, inherited.date.isoformat() if inherited.date else None
    elif heading_deadline:
        dl_text, dl_date = ctx.heading_deadline, ctx.heading_deadline_date
    fields = target_fields(unit, q, dl_text, dl_date)
    if cue == "deadline_outcome" and (zero := _NET_ZERO.search(text)) is not None:
        fields["metric"] = zero.group(0)  # what is measured is the emissions, not "We" or "The plan"
    return Candidate("target", unit.start_char, unit.end_char, conf, cue, fields)


_MONEY_WORDS = re.compile(r"\b(?:saving|savings|budget|funding|productivity|spend|deficit|cost)\b", re.I)


def in_money_context(text: str) -> bool:
    """Whether a bare "12m" in `text` is money: the sentence talks of savings, budgets or costs."""
    return bool(_MONEY_WORDS.search(text))


# The year a change is measured from, not the one it is due by: "60% reduction from 2010 levels by
# 2020", "compared with 2005", "on a 2019/20 baseline"
_BASELINE_BEFORE = re.compile(
    r"\b(?:from|since|on|over|against|than|versus|vs\.?|compared\s+(?:to|with)|relative\s+to|baseline(?:\s+of)?)"
    r"\s+(?:the\s+|a\s+|an\s+|its\s+|their\s+|our\s+)?$",
    re.I,
)
_BASELINE_AFTER = re.compile(
    r"^\s*(?:levels?|baselines?|base\s*(?:year|line)|figures?|values?|emissions)\b", re.I
)


def _is_baseline(expr: TimeExpression, text: str) -> bool:
    if re.match(r"(?:by|before|until|till|no\s+later\s+than|within)\b", expr.text, re.I):
        return False
    lead = re.match(r"(?:from|since)\s", expr.text, re.I) is not None
    return (
        lead
        or bool(_BASELINE_BEFORE.search(text[: expr.start]))
        or bool(_BASELINE_AFTER.match(text[expr.end :]))
    )


def by_deadlines(exprs: list[TimeExpression]) -> list[TimeExpression]:
    """The resolved time expressions that set a deadline with "by": "by 2027", "by March 2025"."""
    return [e for e in exprs if e.date and e.text.lower().startswith("by ")]


def aim_quantities(unit: Span, exprs: list[TimeExpression], money_context: bool) -> list[Quantity]:
    """The unit's quantities that can be an aim's value: not part of a date, not incidental ("page 4"),
    not a past figure, not inside the subject ("the 3 schools will …")."""
    text = unit.text
    return [
        q
        for q in find_quantities(text, money_context)
        if not any(e.start < q.end and q.start < e.end for e in exprs)
        if not _is_incidental(q, text)
        and not _past_figure(unit, q)
        and not _in_subject_modifier(unit, q)
        and (q.text[0].isdigit() or q.unit in ("gbp", "percent") or _starts_bare_count(unit, q))
    ]


_CLAUSE_JOINS = frozenset({",", ";", "and", "with", "while", "whilst", "alongside"})


def deadline_clauses(unit: Span, ctx: PassageContext) -> list[Span]:
    """A sentence setting several aims, each with its own "by" deadline, split into one clause per aim:
    "reduce its carbon emissions by 45% by 2027 and to achieve net zero by 2040" gives two. A split is
    made only where a joining word follows a deadline; otherwise the unit comes back whole."""
    doc = unit.doc
    bys = by_deadlines(time_expressions(unit, ctx))
    if len(bys) < 2:
        return [unit]
    clauses: list[Span] = []
    start = unit.start
    for e in bys[:-1]:
        end = next((t.i for t in unit if t.idx >= unit.start_char + e.end), unit.end)
        if end >= unit.end or doc[end].lower_ not in _CLAUSE_JOINS or end - start < 3:
            continue
        clauses.append(doc[start:end])
        start = end
        while start < unit.end and doc[start].lower_ in _CLAUSE_JOINS:
            start += 1
    if not clauses or unit.end - start < 3:
        return [unit]
    return [*clauses, doc[start : unit.end]]


def quantity_clauses(unit: Span, ctx: PassageContext, money_context: bool) -> list[Span]:
    """A sentence setting several aims as coordinated verbs, each with its own number, split at each
    coordinated verb: "Create 58,700 new jobs and grow the economy to £23.8 billion" gives two. The unit
    comes back whole unless every part holds a number it can aim at."""
    doc = unit.doc
    quantities = aim_quantities(unit, time_expressions(unit, ctx), money_context)
    if len(quantities) < 2:
        return [unit]
    spans = [(unit.start_char + q.start, unit.start_char + q.end) for q in quantities]
    parts: list[Span] = []
    begin = unit.start
    for token in unit:
        if (
            token.dep_ != "conj"
            or token.pos_ not in ("VERB", "AUX")
            or token.head.pos_ not in ("VERB", "AUX")
        ):
            continue
        start = max(token.left_edge.i, begin + 1)
        cut = start
        while cut - 1 > begin and doc[cut - 1].lower_ in ("and", ",", ";", "or", "–", "-"):
            cut -= 1
        if cut - begin < 3 or start <= begin:
            continue
        parts.append(doc[begin:cut])
        begin = start
    if not parts or unit.end - begin < 3:
        return [unit]
    parts.append(doc[begin : unit.end])
    if not all(any(p.start_char <= a and b <= p.end_char for a, b in spans) for p in parts):
        return [unit]
    return parts


def split_target(unit: Span, ctx: PassageContext, whole: Candidate) -> list[Candidate]:
    """One target per clause of a sentence that sets several, each with the value and deadline of its
    own clause: clauses each with their own "by" deadline (`deadline_clauses`), else coordinated aims
    each with their own number (`quantity_clauses`), which keep the sentence's deadline when they
    state none. The whole sentence's target when it sets one."""
    money_context = in_money_context(unit.text)
    clauses = deadline_clauses(unit, ctx)
    own_deadlines = len(clauses) > 1
    if not own_deadlines:
        clauses = quantity_clauses(unit, ctx, money_context)
        if len(clauses) < 2:
            return [whole]
    out = []
    for clause in clauses:
        exprs = time_expressions(clause, ctx)
        by = next(iter(by_deadlines(exprs)), None)
        if by is None and own_deadlines:
            return [whole]  # the clause read alone lost its deadline: keep the sentence whole
        quantities = aim_quantities(clause, exprs, money_context)
        deadline: str | None
        due: str | None
        if by is not None:
            deadline, due = by.text, by.date.isoformat() if by.date else None
        else:
            deadline, due = whole.fields.get("deadline"), whole.fields.get("deadline_date")
        fields = target_fields(clause, quantities[0] if quantities else None, deadline, due)
        if not quantities and (zero := _NET_ZERO.search(clause.text)) is not None:
            fields["metric"] = zero.group(0)
        out.append(
            Candidate("target", clause.start_char, clause.end_char, whole.confidence, whole.cue, fields)
        )
    return out


# A measure bullet of a plan: "1,700 fewer adults admitted to hospital", "400 more people going home"
_CHANGE_BULLET = re.compile(
    r"^\s*(?:around\s+|about\s+|c\.?\s*|an?\s+)?[£\d][\d,.]*\s*(?:%|m|k|million|per\s+cent)?\s+"
    r"(?:fewer|more|less|additional|extra|(?:people|patients|adults|children|residents|carers|families)\s+\w+ing)\b",
    re.I,
)
_FORECAST = re.compile(
    r"\b(?:predicted|projected)\s+to\b|\bexpected\s+to\s+see\b"
    r"|\b(?:forecasts?|predicts?|projects?|estimates?)\s+(?:that\s+)?(?:the\s+)?(?:number|population|demand|proportion)\b",
    re.I,
)
# An aim stated as such: "Our aspiration is to …", "the ambition is for every school to …", "sets out our
# targets to: …"
_AIM_STATEMENT = re.compile(
    r"\b(?:aspirations?|ambitions?|aims?|goals?|visions?|targets?|objectives?|dream|mission)\s+(?:is|are)\s+"
    r"(?:for\s+[^.;]{1,60}?\s+)?to\b|\btargets\s+to\b"
    # "a national ambition to eliminate … by 2021": an outcome's verb, not a way of working ("to prioritise")
    r"|\b(?:aspiration|ambition)s?\s+to\s+(?:eliminate|end|eradicate|halve|double|treble|triple|reduce|cut|increase"
    r"|raise|reach|achieve|become|deliver|build|create|plant)\b",
    re.I,
)
_SUGGESTION = re.compile(r"\b(?:suggest(?:s|ed)?|indicates?|indicated)\s+that\b", re.I)
_QUOTED = re.compile(r"^\s*[“\"‘']")  # a quotation from a member or resident, not the plan's own words
_NOT_TARGET = re.compile(r"\b(?:set\s+out\s+in|\d+\s?KB|\d+\s?MB|PDF)\b", re.I)


def _plan_measure(unit: Span, text: str, q: Quantity) -> bool:
    """In a plan, a quantity stated as a bound ("up to 14 dwellings", "at least 0.25Ha") or a measure
    bullet with no verb ("Two vibrant village centres") is an intended outcome."""
    before = text[max(0, q.start - 12) : q.start].lower()
    if re.search(r"\b(?:up\s+to|at\s+least|a\s+minimum\s+of|a\s+maximum\s+of)\s*$", before):
        return True
    return (
        q.start == 0
        and q.text.isalpha()
        and q.text[0].isupper()
        and not re.search(r"\d", text)
        and not any(t.pos_ in ("VERB", "AUX") for t in unit)
    )


def _starts_bare_count(unit: Span, q: Quantity) -> bool:
    """A number word counts only as a measure bullet's head: "Two vibrant village centres"."""
    return q.start == 0 and not any(t.pos_ in ("VERB", "AUX") for t in unit)


def _past_figure(unit: Span, q: Quantity) -> bool:
    """A figure describing the past or present: the verb its clause hangs on is past tense
    ("an extra £345m … was provided", "38% of respondents disagreed"), unless that verb states an aim."""
    span = unit.doc.char_span(unit.start_char + q.start, unit.start_char + q.end, alignment_mode="expand")
    if span is None:
        return False
    token = span.root
    for _ in range(6):
        if token.pos_ in ("VERB", "AUX") and token.dep_ not in ("amod", "acl", "compound"):
            break
        if token.dep_ == "acl" and any(c.lower_ == "to" and c.dep_ == "aux" for c in token.children):
            return False  # "a commitment to build 600 homes": the noun's infinitive states the aim
        if token.head.i == token.i:
            break
        token = token.head
    if token.pos_ not in ("VERB", "AUX"):
        return False
    if token.lemma_ in (
        "aim",
        "target",
        "plan",
        "intend",
        "propose",
        "expect",
        "envisage",
        "forecast",
        "require",
    ):
        return False
    aux = [c for c in token.children if c.dep_ in ("aux", "auxpass")]
    if any(c.tag_ == "MD" for c in aux) or any(c.lower_ == "to" for c in aux):
        return False
    if token.tag_ == "VBD" or any(c.lower_ in ("was", "were", "had") for c in aux):
        return True
    if token.tag_ == "VBN" and any(c.lower_ in ("has", "have") for c in aux):
        return True  # "The County Council has allocated £200,000": done already, not aimed at
    if token.lemma_ == "have" and token.tag_ in ("VBZ", "VBP") and not aux:
        return True  # "Mr Jenkins has over 100 people who have signed": what is, not what is aimed at
    return token.lower_ in ("were", "was", "had")


def _in_subject_modifier(unit: Span, q: Quantity) -> bool:
    """The quantity says which things are meant, inside a clause that modifies the sentence's subject
    ("Services handling over 100,000 transactions each year will be redesigned"): a scope, not an aim."""
    span = unit.doc.char_span(unit.start_char + q.start, unit.start_char + q.end, alignment_mode="expand")
    if span is None or not len(span):
        return False
    return any(
        a.dep_ in ("acl", "relcl") and a.head.dep_ in ("nsubj", "nsubjpass") for a in span[0].ancestors
    )


def _is_incidental(q: Quantity, text: str) -> bool:
    """Numbers that are not the target's value: a durations' "3", "1 and 2 bed", a cost."""
    before = text[max(0, q.start - 12) : q.start].lower()
    after = text[q.end : q.end + 12].lower()
    if re.match(r"\s*(?:number|line|service|bus|road)\b", after):
        return True  # "the 101 number": a name, not a quantity
    if re.fullmatch(r"\d+\.\d+(?:\.\d+)*", q.text.strip()) and re.search(
        r"\b(?:version|release|releases|python|v)\b", text.lower()
    ):
        return True  # "Release Manager for 3.10 and 3.11": a version, not a quantity
    if re.search(r"\b(?:if|unless|should)\b[^,;.]{0,60}$", text[: q.start].lower()):
        return True  # "if 10 electors request an election": a condition, not an aim
    if re.search(r"\b(?:goal|objective|priority|phase|stage|option|section|appendix|page|table|figure|chapter|"
                 r"paragraph|tier|step|tranche|wave|scopes?|no\.?|number|action|principle|theme|aim|outcome|"
                 r"recommendation|commitment|issue|item|pr)\s*$|#\s*$", before):  # fmt: skip
        return True  # "goal 2", "Action 04:", "Scope 3", "#8": a label, not a quantity
    if re.match(r"-(?:off|on-one|to-one)\b", after) or re.match(r"\s*(?:utc|gmt|bst|cet|est|pst)\b", after):
        return True  # "a 1-off invite", "1300 UTC": not a quantity
    if re.search(r"[A-Za-z]-$", before) or re.search(
        r"\b[A-Z]{2,}[A-Za-z]*\s?$", text[max(0, q.start - 12) : q.start]
    ):
        return True  # "Table B-1.1", "Covid-19", "NEMO 5", "GOSI 9": part of a name
    if re.search(r"\bat\s*$", before) and re.match(
        r"\s*(?:(?:and|to|-|–)\s*[\d,.]+\s*)?(?:m|km|metres?|meters?|ft|feet|cm|mm)\b",
        text[q.end : q.end + 20],
    ):
        return True  # "bias at 550 and 2000 m depth": where it was measured, not how much
    if re.match(r"\s*of\s+(?:the\s+)?(?:\w+\s+){0,2}(?:population|people|residents|patients|households|children|adults)"
                r"\s+(?:who|that|living|in)\b", text[q.end : q.end + 60].lower()):  # fmt: skip
        return True  # "the 26% of the population who live in …": who is meant, not how much
    if re.match(
        r"\s*(?:(?:-|–|to)\s*\d+\s*)?(?:\w+\s+)?(?:actions|priorities|objectives|expectations|recommendations|themes|goals|workstreams|"
        r"pillars|principles|ambitions|commitments|areas\s+of\s+focus)\b",
        text[q.end : q.end + 40].lower(),
    ):
        return True  # "identifying 3-5 key actions", "five priorities": things in a document, not an outcome
    if re.match(
        r"\s*(?:most|least)\s+(?:deprived|affluent|disadvantaged)\b", text[q.end : q.end + 30].lower()
    ):
        return True  # "the 10% most deprived areas": a decile named, not an aim
    if q.text.rstrip().endswith("+") or re.match(
        r"\s*(?:\+\s*)?(?:age\b|years?\s+old|year\s+olds)", text[q.end : q.end + 16].lower()
    ):
        return True  # "the 80+ age group": an age band, not an aim
    return bool(re.search(r"\b(?:comprising|aged|over\s+the\s+next|for\s+the|item)\s*$", before))


_PAST_AIM = re.compile(r"\b(?:aimed|planned|intended|targeted|set\s+out)\s+to\b", re.I)


def _past_aim(unit: Span, exprs: list[TimeExpression], ctx: PassageContext) -> bool:
    """An earlier plan's aim, told in the past with its time already gone: "Our original plan aimed to
    deliver over 1000 homes between 2016 and 2021, but we have already delivered over 1150"."""
    if not _PAST_AIM.search(unit.text):
        return False
    ref = ctx.ref
    dated = [e.date for e in exprs if e.date]
    return ref is not None and bool(dated) and max(dated) <= ref


def _past_only(unit: Span) -> bool:
    has_future = any(t.tag_ == "MD" or (t.lower_ == "to" and t.head.tag_ == "VB") for t in unit) or bool(
        re.search(
            r"\b(?:envisag|forecast|will|propos|requir|allocat|aim(?:ed|s|ing)?\s+(?:at|to))\w*",
            unit.text,
            re.I,
        )
    )
    root_past = any(t.dep_ == "ROOT" and t.tag_ == "VBD" for t in unit)
    return (bool(_PAST_FIGURE.search(unit.text)) or root_past) and not has_future


def _party_acts(unit: Span) -> bool:
    """A named party doing something by a date is a commitment, not a target."""
    for token in unit:
        if token.dep_ == "nsubj" and (is_person(token) or token.lower_ in ("we", "councillors")):
            if token.head.lemma_ == "be" and not any(c.dep_ == "xcomp" for c in token.head.children):
                continue  # "Service Managers will be in place from April 2013": a state, not an act
            return True
        if token.lower_ in lexicon().request_verbs:
            return True
    return False


def target_fields(
    unit: Span, q: Quantity | None, deadline: str | None, deadline_date: str | None
) -> dict[str, Any]:
    text = unit.text
    direction = direction_of(text)
    if q is not None:
        comparator = comparator_for(text, q)
        if comparator == "eq" and direction is not None and re.search(r"\bby\s*$", text[: q.start].lower()):
            comparator = "change"
        if comparator == "eq" and re.match(
            r"\s*(?:fewer|more|less|additional|extra)\b", text[q.end :].lower()
        ):
            comparator = "change"  # "1,700 fewer adults admitted": a change by that many
        value, value_high, unit_ = q.value, q.value_high, q.unit
    else:
        # "reduce carbon emissions to net zero by 2040" names the end state, not a change by some amount
        comparator = "change" if direction and not _NET_ZERO.search(text) else "state"
        value, value_high, unit_ = None, None, None
    return {
        "metric": metric_phrase(unit),
        "comparator": comparator,
        "value": value,
        "value_high": value_high,
        "unit": unit_,
        "direction": direction,
        "deadline": deadline,
        "deadline_date": deadline_date,
    }


def direction_of(text: str) -> str | None:
    lex = lexicon()
    low = text.lower()
    low = re.sub(
        r"\b(?:less|fewer|more|lower|higher|greater)\s+than\b|\bno\s+more\b|\bat\s+least\b", " ", low
    )
    words = re.findall(r"[a-z]+", low)
    for w in words:
        if w in lex.decrease_words:
            return "decrease"
        if w in lex.increase_words:
            return "increase"
    return None


def metric_phrase(unit: Span) -> str | None:
    for token in unit:
        if token.dep_ in ("nsubj", "nsubjpass") and token.pos_ in ("NOUN", "PROPN"):
            return " ".join(phrase(token).split()[:10])
    chunks = list(unit.noun_chunks)
    if chunks:
        return " ".join(chunks[0].text.split()[:10])
    return " ".join(unit.text.split()[:10]) or None


# ---------------------------------------------------------------- fields for a unit the model adds


def model_fields(type_: str, unit: Span, ctx: PassageContext) -> dict[str, Any]:
    """Fields for a unit the trained classifier typed where no rule fired, from the same field rules."""
    if type_ == "decision":
        return {
            "outcome": outcome_of(unit.text, "other"),
            "decided_by": decided_by(unit, ctx),
            "subject": subject_phrase(unit),
        }
    if type_ == "commitment":
        return commitment_fields(
            unit, _owner_from_parse(unit) or ctx.action_owner, _commitment_due(unit, ctx)
        )
    exprs = time_expressions(unit, ctx)
    quantities = [
        q for q in find_quantities(unit.text) if not any(e.start < q.end and q.start < e.end for e in exprs)
    ]
    deadline = next((e for e in exprs if e.kind != "vague" and e.date), None)
    dl_text = deadline.text if deadline else ctx.heading_deadline or ctx.lead_deadline
    dl_date = (
        deadline.date.isoformat()
        if deadline and deadline.date
        else ctx.heading_deadline_date or ctx.lead_deadline_date
    )
    return target_fields(unit, quantities[0] if quantities else None, dl_text, dl_date)
