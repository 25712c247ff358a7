"""Scoring: readiness, alignment, resistance and the verdict for one discovery session.

Pure Python (never imports streamlit): plain data in, a frozen Report out.
"""
from .fit import check_model, require_fit
from .model import MODEL_PATH, Model, ModelError, load_model
from .report import (AreaReport, Evidence, Finding, Gap, Loss, ProceedCondition, Recommendation,
                     Report)
from .score import score, trust_index

__all__ = ["MODEL_PATH", "AreaReport", "Evidence", "Finding", "Gap", "Loss", "Model", "ModelError",
           "ProceedCondition", "Recommendation", "Report", "check_model", "load_model",
           "require_fit", "score", "trust_index"]
