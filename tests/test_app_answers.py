"""The pure helpers behind the pages: goal list edits, answers in words, markdown escaping."""
from __future__ import annotations

import re

import pytest
from hypothesis import given, strategies as st

from questions import DONT_KNOW, Session
from questions.session import MAX_GOALS, Deal, Goal
from questions.words import shown
from ui.present.answers import UNANSWERED, answer_in_words
from ui.present.goals import apply_goal_lines
from ui.present.markdown import escape_markdown
from ui.present.visible import area_progress, shown_questions


def test_too_many_goals_is_a_clear_error():
    with pytest.raises(ValueError, match=f"at most {MAX_GOALS} goals"):
        apply_goal_lines([], "\n".join(f"goal {i}" for i in range(MAX_GOALS + 1)))


@pytest.mark.parametrize("qid, value, words", [
    ("goal_measurable", 4, "4 of 5 (Agree)"),
    ("goal_measurable", DONT_KNOW, "Don't know"),
    ("goal_measurable", None, UNANSWERED),
    ("reachable", 1, "1 of 5 (Never)"),
    ("reachable", 5, "5 of 5 (Always)"),
    ("critical_event", "yes_dated", None),
    ("flex_corners", ["scope", "date"], None),
    ("flex_corners", [], "none selected"),
    ("target_date", "2027-03-01", "1 Mar 2027"),
    ("goal_metric", "Churn 12%", "Churn 12%"),
])
def test_answers_in_words(bank, qid, value, words):
    question = bank.question(qid)
    if words is None:  # options: the labels the bank gives, in answer order
        ids = value if isinstance(value, list) else [value]
        words = ", ".join(question.option(i).label for i in ids)
    assert answer_in_words(question, value) == words


def test_numbers_in_words_carry_the_unit(bank):
    question = bank.question("hours_committed")
    words = answer_in_words(question, 12)
    assert words.startswith("12")
    if question.unit:
        assert words.endswith(question.unit)


@given(st.text(max_size=200))
def test_escaped_markdown_reads_back_as_the_original(text):
    escaped = escape_markdown(text)  # as every page shows typed text (questions.words.shown)
    assert re.sub(r"\\(.)", r"\1", escaped, flags=re.S) == shown(text)
    assert not re.search(r"(?<!\\)[<>\[\]*_`]", escaped)


def test_follow_up_shows_only_after_its_trigger(bank):
    session = Session(deal=Deal(name="t"))
    ids = lambda s: [q.id for q in shown_questions(bank, s, "client", "goals")]  # noqa: E731
    assert "goal_metric" not in ids(session)
    assert "goal_metric" in ids(session.with_answer("client", "goal_measurable", 3))
    assert "goal_metric" not in ids(session.with_answer("client", "goal_measurable", 2))


def test_area_progress_counts_both_parties(bank):
    session = Session(deal=Deal(name="t")).with_answer("supplier", "goal_measurable", 4)
    answered, total = area_progress(bank, session, "goals")
    expected_total = sum(len(shown_questions(bank, session, p, "goals"))
                         for p in ("supplier", "client"))
    assert (answered, total) == (1, expected_total)


def test_goal_lines_keep_ids_of_kept_and_edited_goals():
    goals = [Goal(id="g1", text="Cut churn"), Goal(id="g2", text="Go live in May"),
             Goal(id="g7", text="Train the team")]
    # g2 edited on its line, g7's line rewritten, blank lines and spaces dropped
    result = apply_goal_lines(goals, "Cut churn\n\n Go live in June \nOpen a second shop\n")
    assert [(g.id, g.text) for g in result] == [("g1", "Cut churn"), ("g2", "Go live in June"),
                                                ("g7", "Open a second shop")]
    # moved lines keep their ids; a new line where a kept goal stood is a new goal
    result = apply_goal_lines(goals, "Train the team\nCut churn\nA\nB")
    assert [g.id for g in result] == ["g7", "g1", "g3", "g4"]  # g2 is gone, its id not reused
    assert apply_goal_lines(goals, "\n".join(g.text for g in goals)) == goals
    assert apply_goal_lines([], "") == []
    with pytest.raises(ValueError, match="goal 2 is longer"):
        apply_goal_lines([], "ok\n" + "x" * 5000)
