"""The agreement: draft dependencies from a scored session and render the draft agreement.

Pure Python (never imports streamlit): ``draft_dependencies`` turns answers and a Report into
dependencies using the rules in ``rules.yaml``; ``smart_check`` says whether one may be agreed;
``render_markdown`` and ``render_docx`` produce the documents.
"""
from .draft import Dependency, FromAnswer, Mitigation, Person, Quote, conflicts, draft_dependencies
from .resistance import DRIVER_NAMES, Resistance
from .rules import RULES_PATH, Rule, RuleSet, RulesError, check_rules, load_rules
from .smart import Check, SmartResult, smart_check
from .table import COLUMNS, from_row, to_row

__all__ = ["COLUMNS", "DRIVER_NAMES", "RULES_PATH", "Check", "Dependency", "FromAnswer", "Mitigation",
           "Person", "Quote", "conflicts",
           "Resistance", "Rule", "RuleSet", "RulesError", "SmartResult", "check_rules",
           "draft_dependencies", "from_row", "load_rules", "smart_check", "to_row"]
