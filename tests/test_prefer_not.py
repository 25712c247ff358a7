""""Prefer not to say" where money or penalties are asked: offered by the bank, refused where it
is not, and counted exactly like "don't know" by scoring and drafting."""
from __future__ import annotations

import json

import pytest

from agreement import draft_dependencies
from conftest import EXAMPLES
from questions import DONT_KNOW, PREFER_NOT, load_session
from questions.session import SessionError
from questions.words import answer_in_words
from scoring import score

OFFERED = {"budget_amount", "budget_approved", "wants_penalties"}


def test_the_bank_offers_it_where_money_or_penalties_are_asked(bank):
    assert {q.id for q in bank.questions if q.prefer_not_to_say} == OFFERED


def with_answers(path, answers: dict[str, object]) -> dict:
    data = json.loads(path.read_text())
    data["answers"]["client"].update(answers)
    return data


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_it_scores_and_drafts_exactly_like_dont_know(bank, model, path):
    ids = sorted(OFFERED)
    unknown = {q: DONT_KNOW for q in ids}
    # wants_penalties and budget_approved have no "don't know": compare with the bank opened up.
    opened = bank.model_copy(update={"questions": tuple(
        q.model_copy(update={"dont_know": True}) if q.id in OFFERED else q for q in bank.questions)})
    for cached in ("by_id", "party_index"):
        opened.__dict__.pop(cached, None)
    refused = load_session(json.dumps(with_answers(path, {q: PREFER_NOT for q in ids})), bank)
    dont_know = load_session(json.dumps(with_answers(path, unknown)), opened)
    assert score(bank, refused, model) == score(opened, dont_know, model)
    assert draft_dependencies(bank, refused, score(bank, refused, model)) == draft_dependencies(
        opened, dont_know, score(opened, dont_know, model))


def test_it_is_refused_where_the_bank_does_not_offer_it(bank):
    data = json.loads(EXAMPLES[0].read_text())
    data["answers"]["client"]["hours_committed"] = PREFER_NOT
    with pytest.raises(SessionError, match="prefer not to say"):
        load_session(json.dumps(data), bank)


def test_it_reads_as_words(bank):
    assert answer_in_words(bank.question("budget_amount"), PREFER_NOT) == "Prefer not to say"
