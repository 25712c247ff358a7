"""The app's public address, for links that work on the prospect's device.

``GROUNDWORK_PUBLIC_URL`` (e.g. ``https://groundwork.example.com``), or ``public_url`` under
``[groundwork]`` in ``.streamlit/secrets.toml``; the environment variable wins. Without one, a
link carries the address the supplier's browser uses, which under ``make run`` is this computer.
"""
from __future__ import annotations

import os

import streamlit as st

from ui.present.link_policy import PUBLIC_URL_ENV, check_public_url


def _from_secrets() -> str | None:
    try:
        section = st.secrets.get("groundwork")
    except Exception:  # noqa: BLE001 - no secrets file, or one that does not parse: not set
        return None
    value = section.get("public_url") if hasattr(section, "get") else None
    return str(value) if value else None


def public_url() -> tuple[str | None, str | None]:
    """(the configured public address or None, why a configured one cannot be used or None)."""
    value = os.environ.get(PUBLIC_URL_ENV) or _from_secrets()
    if not value:
        return None, None
    problem = check_public_url(value)
    if problem is not None:
        return None, f"The public address is not used: {problem}."
    return value.strip(), None
