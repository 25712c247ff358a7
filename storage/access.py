"""Who may see and who may change each answer: the one rule for pages, exports, polling and the
store's own write path.

A *viewer* is whoever is acting: the supplier's side of the app (the salesperson, who may also
hand the screen to the client in "together" mode) or a client who came through a party link,
which carries its token so the store can check the link at the moment it writes.

- A client never sees supplier-private answers (notes, minimum price, whether the supplier may
  decline) and never writes the supplier's answers.
- In blind mode neither party sees nor changes the other's answers until both have marked their
  part complete; "together" mode (the live call) shows both, and the supplier's screen may be
  handed to the client to answer the client's questions.
- Blind mode ends early only when both parties ask for it: a switch toward privacy (together to
  blind) takes one party, a switch away from it takes both.
- Answer first, then compare: on a question both parties answer, a party sees the other's answer
  only once it has given its own (or "don't know"), so the other's view cannot anchor it. The
  store records with every answer whether the other's answer was visible when it was given.
- Hand-over: in "together" mode the supplier may hand its screen to the client; until the
  supplier takes it back (with the team passcode when one is set) that screen acts as the
  client, so it sees and writes exactly what a client link would.

Pure: no database here, so every page and the store ask exactly the same questions.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from questions.schema import PARTIES, Bank
from questions.session import Session

MODES: tuple[str, ...] = ("together", "blind")


@dataclass(frozen=True)
class Viewer:
    """Who is acting: ``party`` is ``supplier`` or ``client``; ``token`` is the party link it came
    through (None on the supplier's own side), re-checked by the store at every write;
    ``writer`` names the browser session (one per tab), so a poller can tell its own writes
    from another tab's of the same party. It grants nothing."""

    party: str
    token: str | None = None
    writer: str = ""

    def __post_init__(self) -> None:
        if self.party not in PARTIES:
            raise ValueError(f"viewer must be one of {PARTIES}, got {self.party!r}")

    @classmethod
    def of(cls, value: "Viewer | str") -> "Viewer":
        return value if isinstance(value, Viewer) else cls(value)

    def __str__(self) -> str:
        return self.party

    @property
    def signature(self) -> str:
        """What an answer's ``answered_by`` records for this viewer: ``party/writer``, or the
        party alone when no writer is named."""
        return f"{self.party}/{self.writer}" if self.writer else self.party


def _party(viewer: "Viewer | str") -> str:
    return Viewer.of(viewer).party


def _sealed(mode: str, both_complete: bool) -> bool:
    """Blind mode keeps each side's answers to itself until both have marked complete."""
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}, got {mode!r}")
    return mode == "blind" and not both_complete


def may_see(bank: Bank, viewer: "Viewer | str", owner: str, question_id: str, *, mode: str,
            both_complete: bool) -> bool:
    """May ``viewer`` see ``owner``'s answer to ``question_id``?"""
    party = _party(viewer)
    if owner == party:
        return True
    if _sealed(mode, both_complete):
        return False
    question = bank.by_id.get(question_id)
    return party == "supplier" or (question is not None and question.visibility != "supplier_private")


def write_refusal(bank: Bank, viewer: "Viewer | str", owner: str, question_id: str, *,
                  mode: str, both_complete: bool) -> str | None:
    """Why ``viewer`` may not write ``owner``'s answer to ``question_id``; None when it may."""
    party = _party(viewer)
    if owner not in PARTIES:
        return f"unknown party {owner!r}"
    if owner == party:
        return None
    question = bank.by_id.get(question_id)
    what = f"the {owner}'s answer to \"{question.wording(owner)}\"" if question is not None \
        and owner in question.answered_by else f"the {owner}'s answers"
    if party == "client":
        return f"a client link cannot change {what}"
    if _sealed(mode, both_complete):
        return (f"in blind mode the supplier cannot change {what} until both parties have "
                "marked their part complete")
    return None


def may_write(bank: Bank, viewer: "Viewer | str", owner: str, question_id: str, *, mode: str,
              both_complete: bool) -> bool:
    return write_refusal(bank, viewer, owner, question_id, mode=mode,
                         both_complete=both_complete) is None


def party_view(bank: Bank, session: Session, viewer: "Viewer | str", *, mode: str,
               both_complete: bool) -> Session:
    """The session with everything ``viewer`` may not see removed."""
    answers: dict[str, dict[str, Any]] = {
        owner: {qid: value for qid, value in given.items()
                if may_see(bank, viewer, owner, qid, mode=mode, both_complete=both_complete)}
        for owner, given in session.answers.items()}
    seen = {owner: kept for owner, flags in session.other_visible.items()
            if (kept := {qid: flag for qid, flag in flags.items() if qid in answers.get(owner, {})})}
    return session.model_copy(update={"answers": answers, "other_visible": seen})


def may_compare(bank: Bank, viewer: "Viewer | str", other: str, question_id: str,
                own_answer: Any, *, mode: str, both_complete: bool) -> bool:
    """Answer first, then compare: may ``viewer`` see ``other``'s answer to ``question_id`` next
    to its own? Only on a question both parties answer, only once the viewer's own answer
    (``own_answer``; "don't know" counts) is given, and only where :func:`may_see` allows."""
    question = bank.by_id.get(question_id)
    if question is None or not question.mirrored or own_answer is None:
        return False
    return may_see(bank, viewer, other, question_id, mode=mode, both_complete=both_complete)


def comparison_possible(bank: Bank, viewer: "Viewer | str", owner: str, question_id: str, *,
                        mode: str, both_complete: bool) -> bool:
    """Could an answer ``viewer`` writes for ``owner`` be given with the other party's answer in
    view? The store checks the rest (both answers already there) in the write itself."""
    question = bank.by_id.get(question_id)
    if question is None or not question.mirrored:
        return False
    other = next(p for p in PARTIES if p != owner)
    return may_see(bank, viewer, other, question_id, mode=mode, both_complete=both_complete)


def may_hand_over(mode: str, both_complete: bool) -> bool:
    """May the supplier's screen be handed to the client? In "together" mode (the live call), or
    once blind mode has revealed both sides; never while blind mode keeps the sides apart."""
    return not _sealed(mode, both_complete)


ModeStep = Literal["unchanged", "change", "ask_other"]


def mode_step(current: str, wanted: str, both_complete: bool) -> ModeStep:
    """What asking for ``wanted`` does: nothing, change at once (toward privacy, or when blind mode
    has already revealed both sides), or wait for the other party to ask for it too."""
    if wanted not in MODES:
        raise ValueError(f"mode must be one of {MODES}, got {wanted!r}")
    if wanted == current:
        return "unchanged"
    if wanted == "blind" or both_complete:
        return "change"
    return "ask_other"
