"""Shared fixtures: the real bank, the examples, and hypothesis profiles."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.json"))

settings.register_profile("ci", max_examples=200, deadline=None, derandomize=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", max_examples=60, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("ci" if os.environ.get("CI") else "dev")


@pytest.fixture(scope="session")
def bank():
    from questions import load_bank
    return load_bank()


@pytest.fixture(params=EXAMPLES, ids=[p.stem for p in EXAMPLES])
def example_path(request) -> Path:
    return request.param


@pytest.fixture(autouse=True)
def _own_database(tmp_path_factory, monkeypatch):
    """Every test gets its own SQLite file unless it sets a URL itself, so no test writes to
    the developer's data/groundwork.db or sees another test's sessions."""
    folder = tmp_path_factory.mktemp("db")
    monkeypatch.setenv("GROUNDWORK_DATABASE_URL", f"sqlite:///{folder / 'groundwork.db'}")
