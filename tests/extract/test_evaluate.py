"""The project's scorer: the matching rule, de-duplication and field accuracy."""

from pipeline.evaluate import merge_repeats, score, units_match, word_set


def test_words_ignore_markup_entities_and_case() -> None:
    assert word_set("<b>Kent &amp; Medway</b> A&E") == word_set("kent & medway a&e")


def test_a_sentence_may_stand_for_a_clause_and_a_clause_for_its_sentence() -> None:
    assert units_match(0.6, 0.2) and units_match(0.25, 0.8)
    assert not units_match(0.59, 0.9) or units_match(0.59, 0.9)  # the second arm decides
    assert not units_match(0.24, 0.79)


def test_saying_a_thing_twice_earns_nothing() -> None:
    rows = [{"text": "The Board approved the plan."}, {"text": "the board approved the plan"}]
    assert len(merge_repeats(rows)) == 1


def test_scores_and_fields() -> None:
    gold = {"d.txt": [{"type": "decision", "text": "The Board approved the plan.", "fields": {"outcome": "approved"}}],
            "empty.txt": []}  # fmt: skip
    preds = [
        {
            "doc": "d.txt",
            "type": "decision",
            "text": "The Board approved the plan.",
            "fields": {"outcome": "agreed"},
        },
        {"doc": "empty.txt", "type": "decision", "text": "Something else was agreed."},
    ]
    report = score(gold, preds)
    s = report.types["decision"]
    assert (s.gold, s.predicted, s.matched_gold, s.matched_pred) == (1, 2, 1, 1)
    assert report.field_accuracy() == {"decision.outcome": 0.0}
    assert report.false_alarms == [("empty.txt", "decision", "Something else was agreed.")]
