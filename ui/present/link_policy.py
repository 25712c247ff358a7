"""Whether client links may be created on this server, and what must be said first.

A link reveals the server's address; without a team passcode that address opens every
discovery.
"""
from __future__ import annotations

from dataclasses import dataclass

LOOPBACK = ("127.", "localhost", "::1", "[::1]")


@dataclass(frozen=True)
class LinkPolicy:
    """May client links be created on this server, and what must be said first."""

    allowed: bool
    needs_consent: bool = False
    message: str = ""


def link_policy(passcode_set: bool, server_address: str | None) -> LinkPolicy:
    """Links only where the supplier's side is protected: a team passcode, or a loopback-only
    server with an explicit warning. Pure, so the rule is tested without a page."""
    if passcode_set:
        return LinkPolicy(True)
    address = (server_address or "").strip().lower()
    if address and address.startswith(LOOPBACK):
        return LinkPolicy(True, True, (
            "No team passcode is set. This server listens on this computer only, so a prospect's "
            "device cannot open the link; anyone who can reach this address can open every "
            "discovery, supplier notes included. Set GROUNDWORK_TEAM_PASSCODE before serving it "
            "to other machines."))
    return LinkPolicy(False, False, (
        "Client links need a team passcode on a server that other machines can reach: without "
        "one, the address in a link opens every discovery, supplier notes included. Set "
        "GROUNDWORK_TEAM_PASSCODE and restart the app."))
