"""Files the app reads once and caches: the question bank, the scoring model, the dependency
rules, the examples.

``GROUNDWORK_BANK_DIR``, ``GROUNDWORK_MODEL_FILE``, ``GROUNDWORK_RULES_FILE`` and
``GROUNDWORK_EXAMPLES_DIR`` point the app elsewhere (tests use them for a broken bank, model or
rules). A bank that does not load is cached as its problems, so
every page can show them without re-reading the files on each rerun.

The cache is a plain dict keyed by those settings, not ``st.cache_resource``: a cache_resource
lookup hashes its arguments and costs a fraction of a millisecond, paid several times on every
rerun; a dict lookup is free. Like cache_resource it lives as long as the server process.
"""
from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Hashable, TypeVar

from questions import BANK_DIR, Bank, BankError, Problem, Session, SessionError, load_bank, load_session

if TYPE_CHECKING:  # scoring and agreement are imported when a page first needs them
    from agreement.rules import RuleSet
    from scoring import Model

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES_DIR = ROOT / "examples"


T = TypeVar("T")
_cache: dict[Hashable, object] = {}
_lock = threading.RLock()  # re-entrant: making the examples loads the bank


def once(key: Hashable, make: Callable[[], T]) -> T:
    """``make()``'s result, made once per server process for ``key`` (thread-safe).

    An exception is not cached, so a failure (e.g. a database not reachable yet) is retried."""
    try:
        return _cache[key]  # type: ignore[return-value]
    except KeyError:
        pass
    with _lock:
        if key not in _cache:
            _cache[key] = make()
        return _cache[key]  # type: ignore[return-value]


@dataclass(frozen=True)
class LoadedBank:
    bank: Bank | None
    problems: tuple[Problem, ...] = ()


@dataclass(frozen=True)
class Example:
    path: str
    session: Session | None
    problems: tuple[str, ...] = ()

    @property
    def title(self) -> str:
        return self.session.deal.name if self.session else Path(self.path).stem


def bank_dir() -> str:
    return os.environ.get("GROUNDWORK_BANK_DIR") or str(BANK_DIR)


def examples_dir() -> str:
    return os.environ.get("GROUNDWORK_EXAMPLES_DIR") or str(EXAMPLES_DIR)


def _read_bank(directory: str) -> LoadedBank:
    try:
        return LoadedBank(load_bank(directory))
    except BankError as exc:
        return LoadedBank(None, tuple(exc.problems))


def loaded_bank() -> LoadedBank:
    """The bank (cached per directory) or the located problems that stop it loading."""
    return _load(bank_dir())


def _load(directory: str) -> LoadedBank:
    return once(("bank", directory), lambda: _read_bank(directory))


def bank() -> Bank:
    """The loaded bank; app.py stops every page before it runs when the bank is broken."""
    result = loaded_bank()
    if result.bank is None:
        raise BankError(list(result.problems))
    return result.bank


def _read_examples(directory: str, bank_directory: str) -> tuple[Example, ...]:
    loaded = _load(bank_directory).bank
    found = []
    for path in sorted(Path(directory).glob("*.json")):
        try:
            text = path.read_text(encoding="utf-8")
            if loaded is None:
                raise SessionError(["the question bank did not load"])
            found.append(Example(str(path), load_session(text, loaded)))
        except SessionError as exc:
            found.append(Example(str(path), None, tuple(exc.problems)))
        except (OSError, UnicodeDecodeError) as exc:
            found.append(Example(str(path), None, (f"cannot read file: {exc}",)))
    return tuple(found)


def examples() -> tuple[Example, ...]:
    """Every ``examples/*.json``, each validated against the bank or with its problems."""
    directory, bank_directory = examples_dir(), bank_dir()
    return once(("examples", directory, bank_directory),
                lambda: _read_examples(directory, bank_directory))


@dataclass(frozen=True)
class LoadedModel:
    model: Model | None
    problems: tuple[Problem, ...] = ()


def model_file() -> str:
    if os.environ.get("GROUNDWORK_MODEL_FILE"):
        return os.environ["GROUNDWORK_MODEL_FILE"]
    from scoring import MODEL_PATH

    return str(MODEL_PATH)


def _read_model(path: str, bank_directory: str) -> LoadedModel:
    from scoring import ModelError, load_model, require_fit

    loaded = _load(bank_directory).bank
    try:
        model = load_model(path)
        if loaded is not None:
            require_fit(model, loaded)
        return LoadedModel(model)
    except ModelError as exc:
        return LoadedModel(None, tuple(exc.problems))


def loaded_model() -> LoadedModel:
    """The scoring model checked against the bank (cached), or its located problems."""
    path, bank_directory = model_file(), bank_dir()
    return once(("model", path, bank_directory), lambda: _read_model(path, bank_directory))


@dataclass(frozen=True)
class LoadedRules:
    rules: "RuleSet | None"
    problems: tuple[Problem, ...] = ()


def rules_file() -> str:
    if os.environ.get("GROUNDWORK_RULES_FILE"):
        return os.environ["GROUNDWORK_RULES_FILE"]
    from agreement.rules import RULES_PATH

    return str(RULES_PATH)


def _read_rules(path: str, bank_directory: str) -> LoadedRules:
    from agreement.rules import RulesError, load_rules

    try:
        return LoadedRules(load_rules(path, _load(bank_directory).bank))
    except RulesError as exc:
        return LoadedRules(None, tuple(exc.problems))


def loaded_rules() -> LoadedRules:
    """The dependency rules checked against the bank (cached), or their located problems."""
    path, bank_directory = rules_file(), bank_dir()
    return once(("rules", path, bank_directory), lambda: _read_rules(path, bank_directory))
