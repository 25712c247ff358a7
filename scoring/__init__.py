"""Scoring: readiness, alignment, resistance, the verdict, the asks and what would change the
verdict, for one discovery session.

Pure Python (never imports streamlit): plain data in, a frozen Report out.
"""
from .change import WhatWouldChange, what_would_change
from .fit import check_model, require_fit
from .model import MODEL_PATH, Model, ModelError, load_model
from .report import (Ask, AreaReport, Change, Evidence, Finding, Gap, Loss, ProceedCondition,
                     Recommendation, Report, Source)
from .assess import assess, trust_index
from .score import score

__all__ = ["MODEL_PATH", "Ask", "AreaReport", "Change", "Evidence", "Finding", "Gap", "Loss",
           "Model", "ModelError", "ProceedCondition", "Recommendation", "Report", "Source",
           "WhatWouldChange", "assess", "check_model", "load_model", "require_fit", "score",
           "trust_index", "what_would_change"]
