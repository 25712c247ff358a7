"""Load the question bank from YAML and check it as a whole.

Every problem is reported with the file, the line where YAML can tell, the question id and
the field, so whoever edits the bank can go straight to the mistake.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar, Iterator, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from .conditions import referenced_questions
from .words import placeholders
from .schema import DONT_KNOW, NO_VALUE_OPS, OPTION_TYPES, All, Any_, AreaFile, Bank, Leaf, Not, Question

BANK_DIR = Path(__file__).parent / "bank"
MAX_FILE_BYTES = 1_000_000


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    question: str | None
    field: str | None
    message: str

    subject: ClassVar[str] = "question"  # what ``question`` names: a rule id in the rules file

    def __str__(self) -> str:
        where = self.file + (f":{self.line}" if self.line else "")
        parts = [where]
        if self.question:
            parts.append(f"{self.subject} '{self.question}'")
        if self.field:
            parts.append(f"field '{self.field}'")
        return ", ".join(parts) + f": {self.message}"


class BankError(ValueError):
    """The bank cannot be used; ``problems`` lists every located mistake found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def _line_map(node: yaml.Node, path: tuple = (), line: int | None = None) -> Iterator[tuple[tuple, int]]:
    """Each data path's line: a mapping entry's is its key's line (where a reader looks for
    "decision:"), a list item's where the item starts."""
    yield path, line if line is not None else node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            yield from _line_map(value, path + (key.value,), key.start_mark.line + 1)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            yield from _line_map(item, path + (index,))


class _BankLoader(yaml.SafeLoader):
    """SafeLoader without anchors and aliases (a bank never needs them, and they allow
    self-referencing or exponentially expanding documents) and without repeated keys: PyYAML
    keeps the last of two, so a second ``visibility:`` would silently decide."""

    @classmethod
    def repeated_keys(cls, node: yaml.Node | None, path: str = "") -> Iterator[tuple[str, int, int]]:
        """Each key that appears twice in one mapping: its path ("questions[budget].visibility"),
        its line and the line where it first appears."""
        if isinstance(node, yaml.MappingNode):
            first: dict[str, int] = {}
            for key, value in node.value:
                name, line = str(key.value), key.start_mark.line + 1
                where = f"{path}.{name}" if path else name
                if name in first:
                    yield where, line, first[name]
                first.setdefault(name, line)
                yield from cls.repeated_keys(value, where)
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                ids = [v.value for k, v in item.value if k.value == "id"
                       and isinstance(v, yaml.ScalarNode)] if isinstance(item, yaml.MappingNode) else []
                yield from cls.repeated_keys(item, f"{path}[{ids[0] if ids else index}]")

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            raise yaml.composer.ComposerError(
                None, None, "anchors and aliases (*name) are not allowed here",
                self.peek_event().start_mark)
        return super().compose_node(parent, index)


# libyaml's parser, when PyYAML was built with it: about seven times faster than the pure-Python
# one (the bank, the model and the rules are read on every start). It composes recursively in C
# with no depth check (25,000 levels crashed the process in a test), so it only gets text that
# cannot nest deeply: each level needs one "-", "?", "[" or "{", or a line indented further than
# the last (at most about 1,400 such lines fit in MAX_FILE_BYTES). Our files hold 30-300.
_FAST_LOADER = getattr(yaml, "CSafeLoader", None)
FAST_MAX_INDICATORS = 3_000


def _shares_nodes(node: yaml.Node | None) -> bool:
    """Whether one node is reached twice: libyaml resolves an alias (*name) to the node its
    anchor names, where the pure-Python loader refuses it (walked once, never expanded)."""
    seen: set[int] = set()
    stack = [node] if node is not None else []
    while stack:
        current = stack.pop()
        if id(current) in seen:
            return True
        seen.add(id(current))
        if isinstance(current, yaml.MappingNode):
            stack.extend(part for pair in current.value for part in pair)
        elif isinstance(current, yaml.SequenceNode):
            stack.extend(current.value)
    return False


def _compose(text: str) -> tuple[Any, yaml.Node | None]:
    """(loader, node tree): libyaml's when it takes the text as it stands; otherwise (a syntax
    error, an alias, possibly deep nesting, no libyaml) :class:`_BankLoader`'s, which raises
    every refusal with the messages and lines users see."""
    if _FAST_LOADER is not None and sum(map(text.count, "-?[{")) <= FAST_MAX_INDICATORS:
        fast = _FAST_LOADER(text)
        try:
            node = fast.get_single_node()
            if not _shares_nodes(node):
                return fast, node
        except yaml.YAMLError:
            pass
        fast.dispose()
    loader = _BankLoader(text)
    return loader, loader.get_single_node()


def read_yaml(path: Path) -> tuple[Any, dict[tuple, int]]:
    """Parse one YAML file, returning its data and a map from data path to line number."""
    raw = path.read_bytes()
    if len(raw) > MAX_FILE_BYTES:
        raise BankError([Problem(path.name, None, None, None,
                                 f"file is larger than {MAX_FILE_BYTES} bytes")])
    loader = None
    try:
        loader, node = _compose(raw.decode("utf-8"))
        repeated = [Problem(path.name, line, None, where,
                            f"this key appears twice in one place (first on line {first}); "
                            "keep one") for where, line, first in _BankLoader.repeated_keys(node)]
        if repeated:
            raise BankError(repeated)
        data = loader.construct_document(node) if node is not None else None
        lines = dict(_line_map(node)) if node is not None else {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        reason = getattr(exc, "problem", None) or str(exc)
        if isinstance(exc, yaml.reader.ReaderError):  # a forbidden character: locate it too
            line = raw.decode("utf-8")[: exc.position].count("\n") + 1
            code = exc.character if isinstance(exc.character, int) else ord(exc.character)
            reason = f"character U+{code:04X} is not allowed in YAML"
        raise BankError([Problem(path.name, line, None, None, f"YAML syntax error: {reason}")]) from None
    except RecursionError:
        raise BankError([Problem(path.name, None, None, None, "nesting is too deep")]) from None
    finally:
        if loader is not None:
            loader.dispose()
    return data, lines


def locate(loc: tuple, lines: dict[tuple, int]) -> int | None:
    """The line of the deepest part of a pydantic error location that exists in the file."""
    path: tuple = ()
    best = lines.get(())
    for part in loc:
        if path + (part,) in lines:
            path += (part,)
            best = lines[path]
    return best


def _item_id(data: Any, loc: tuple, items: str | None, id_key: str) -> str | None:
    """The id of the list item (a question, a rule) a pydantic error location points into."""
    if items is None or len(loc) < 2 or loc[0] != items or not isinstance(loc[1], int):
        return None
    try:
        found = data[items][loc[1]].get(id_key)
    except (KeyError, IndexError, TypeError, AttributeError):
        return None
    return str(found) if found is not None else None


def _field_name(loc: tuple, items: str | None) -> str | None:
    names: list[str] = []
    for part in loc:  # drop list indexes, union tags and the repeated tag of a nested condition
        if isinstance(part, str) and part not in (items, "leaf") and names[-1:] != [part]:
            names.append(part)
    return ".".join(names) if names else None


M = TypeVar("M", bound=BaseModel)


def validate_yaml(path: Path, model: type[M], *, what: str, error: type[BankError] = BankError,
                  problem: type[Problem] = Problem, items: str | None = None,
                  id_key: str = "id") -> tuple[M, dict[tuple, int]]:
    """Read one YAML file into ``model``: every syntax or validation problem is raised as
    ``error`` with the file, the line, the item (``items``: the list whose entries have ids, such
    as the questions or the rules) and the field. The one path from YAML to a checked model, for
    the bank, the scoring model and the dependency rules alike."""
    try:
        data, lines = read_yaml(path)
    except BankError as exc:
        raise error(exc.problems) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise error([problem(path.name, None, None, None, f"cannot read file: {exc}")]) from None
    if not isinstance(data, dict):
        raise error([problem(path.name, 1, None, None, f"expected a mapping {what}")])
    try:
        return model.model_validate(data), lines
    except ValidationError as exc:
        raise error([
            problem(path.name, locate(tuple(e["loc"]), lines),
                    _item_id(data, tuple(e["loc"]), items, id_key),
                    _field_name(tuple(e["loc"]), items) if items else
                    (".".join(str(p) for p in e["loc"]) or None), e["msg"])
            for e in exc.errors()]) from None


def parse_area_file(path: Path) -> tuple[AreaFile, dict[tuple, int]]:
    return validate_yaml(path, AreaFile, what="with 'area' and 'questions'", items="questions")


def _find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state and (found := visit(start)):
            return found
    return None


def _leaves(condition: object) -> Iterator[Leaf]:
    if isinstance(condition, Leaf):
        yield condition
    for child in (condition.all if isinstance(condition, All) else
                  condition.any if isinstance(condition, Any_) else
                  [condition.not_] if isinstance(condition, Not) else []):
        yield from _leaves(child)


def condition_problems(condition: object, by_id: dict[str, Question],
                       asked: tuple[str, ...] = ()) -> Iterator[str]:
    """What is wrong with a condition, against a bank: unknown questions, a party that does not
    answer the question (``asked``: whose answer "same" means; with none, every test must name
    its party), an option the question does not have (a typo would silently hide a follow-up or
    never fire a rule), "don't know" where the question does not offer it."""
    for leaf in _leaves(condition):
        ref = by_id.get(leaf.question)
        if ref is None:
            yield f"condition names unknown question '{leaf.question}'"
            continue
        if leaf.party == "same" and not asked:
            yield f"the test on '{ref.id}' must say whose answer it reads (set 'party')"
        for party in asked if leaf.party == "same" else (leaf.party,):
            if party not in ref.answered_by:
                yield (f"condition reads the {party}'s answer to '{ref.id}', which only the "
                       f"{ref.parties} answers (set 'party')")
        if leaf.op == "dont_know" and not ref.dont_know:
            yield f"'{ref.id}' does not offer \"don't know\""
        if ref.type in OPTION_TYPES and leaf.op not in NO_VALUE_OPS:
            values = leaf.value if isinstance(leaf.value, list) else [leaf.value]
            known = {o.id for o in ref.options or ()} | ({DONT_KNOW} if ref.dont_know else set())
            for value in values:
                if value not in known:
                    yield f"condition compares '{ref.id}' with '{value}', which is not one of its options"


ASK_FIELDS = frozenset({"to", "now"})


def _ask_problems(q: Question, by_id: dict[str, Question]) -> Iterator[tuple[str, str]]:
    """Placeholders in ask clauses must name the answer asked for ({to}), the answer given
    ({now}) or another question's answer ({question} or {question.party})."""
    texts = [(f"ask.{p}", getattr(q.ask, p)) for p in ("supplier", "client")
             if q.ask is not None and getattr(q.ask, p)]
    texts += [(f"options.{o.id}.ask", o.ask) for o in q.options or () if o.ask]
    for field, text in texts:
        try:
            names = placeholders(text)
        except ValueError as exc:
            yield field, f"malformed placeholder: {exc}"
            continue
        for name in names:
            base, _, party = name.partition(".")
            if name in ASK_FIELDS:
                continue
            if base not in by_id:
                yield field, (f"unknown placeholder '{{{name}}}' (use {{to}}, {{now}} or a "
                              "question id)")
            elif party and party not in by_id[base].answered_by:
                yield field, f"'{base}' is not answered by the {party}"


def check_bank(files: list[tuple[str, AreaFile, dict[tuple, int]]]) -> Bank:
    """Cross-file checks that need the whole bank: ids, references, cycles."""
    problems: list[Problem] = []
    seen_area: dict[str, str] = {}
    seen_q: dict[str, str] = {}
    where: dict[str, tuple[str, int | None]] = {}
    questions: list[Question] = []
    for name, af, lines in files:
        if af.area.id in seen_area:
            problems.append(Problem(name, lines.get(("area", "id")), None, "area.id",
                                    f"area '{af.area.id}' is already defined in {seen_area[af.area.id]}"))
        seen_area[af.area.id] = name
        subs = {s.id for s in af.area.subs}
        for i, q in enumerate(af.questions):
            line = lines.get(("questions", i))
            if q.id in seen_q:
                problems.append(Problem(name, lines.get(("questions", i, "id")), q.id, "id",
                                        f"duplicate question id (first defined in {seen_q[q.id]})"))
                continue
            seen_q[q.id] = f"{name}:{line}" if line else name
            where[q.id] = (name, line)
            if q.area != af.area.id:
                problems.append(Problem(name, lines.get(("questions", i, "area")), q.id, "area",
                                        f"question is in area '{af.area.id}' but says '{q.area}'"))
            if q.sub not in subs:
                problems.append(Problem(name, lines.get(("questions", i, "sub")), q.id, "sub",
                                        f"unknown sub-dimension '{q.sub}' (known: {', '.join(sorted(subs))})"))
            questions.append(q)
    by_id = {q.id: q for q in questions}
    graph: dict[str, set[str]] = {}
    for q in questions:
        name, line = where[q.id]
        refs = referenced_questions(q.show_if) if q.show_if is not None else set()
        graph[q.id] = refs & by_id.keys()
        if q.show_if is not None:
            problems.extend(Problem(name, line, q.id, "show_if", message)
                            for message in dict.fromkeys(condition_problems(q.show_if, by_id,
                                                                            q.answered_by)))
        ratio = q.scoring.ratio_to if q.scoring else None
        if ratio and ratio.question not in by_id:
            problems.append(Problem(name, line, q.id, "scoring.ratio_to.question",
                                    f"unknown question '{ratio.question}'"))
        elif ratio and ratio.party not in by_id[ratio.question].answered_by:
            problems.append(Problem(name, line, q.id, "scoring.ratio_to.party",
                                    f"'{ratio.question}' is not answered by the {ratio.party}"))
        problems.extend(Problem(name, line, q.id, field, message)
                        for field, message in _ask_problems(q, by_id))
    cycle = _find_cycle(graph)
    if cycle:
        name, line = where[cycle[0]]
        problems.append(Problem(name, line, cycle[0], "show_if",
                                "conditions form a cycle: " + " -> ".join(cycle)))
    if problems:
        raise BankError(problems)
    areas = sorted((af.area for _, af, _ in files), key=lambda a: (a.order, a.id))
    order = {a.id: i for i, a in enumerate(areas)}
    questions.sort(key=lambda q: order[q.area])  # stable: keeps file order within an area
    return Bank(areas=tuple(areas), questions=tuple(questions))


def load_bank(directory: str | Path = BANK_DIR) -> Bank:
    """Read every ``*.yaml`` file in ``directory`` into one validated Bank."""
    directory = Path(directory)
    paths = sorted(directory.glob("*.yaml"))
    if not paths:
        raise BankError([Problem(str(directory), None, None, None, "no *.yaml files found")])
    problems: list[Problem] = []
    files = []
    for path in paths:
        try:
            af, lines = parse_area_file(path)
        except BankError as exc:
            problems.extend(exc.problems)
            continue
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(Problem(path.name, None, None, None, f"cannot read file: {exc}"))
            continue
        files.append((path.name, af, lines))
    if problems:
        raise BankError(problems)
    return check_bank(files)
