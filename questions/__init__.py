"""The question bank (validated YAML) and the Session the answers form."""
from .conditions import evaluate, is_visible, visible_answers
from .loader import BANK_DIR, BankError, Problem, load_bank
from .schema import DONT_KNOW, PARTIES, PREFER_NOT, Area, Bank, Option, Question
from .session import FORMAT, Session, SessionError, load_session, parse_session, progress

__all__ = ["BANK_DIR", "DONT_KNOW", "FORMAT", "PARTIES", "PREFER_NOT", "Area", "Bank", "BankError", "Option",
           "Problem", "Question", "Session", "SessionError", "evaluate", "is_visible",
           "load_bank", "load_session", "parse_session", "progress", "visible_answers"]
