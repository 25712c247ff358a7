"""Whether client links may be created on this server, and what must be said first.

A link reveals the server's address; without a team passcode that address opens every
discovery.
"""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

LOOPBACK = ("127.", "localhost", "::1", "[::1]")
PUBLIC_URL_ENV = "GROUNDWORK_PUBLIC_URL"
LOOPBACK_LINK = ("This link points at this computer ({host}): it opens only here, not on the "
                 "prospect's phone or laptop. To send it, serve Groundwork where the prospect's "
                 "device can reach it and set its public address (GROUNDWORK_PUBLIC_URL, or "
                 "public_url under [groundwork] in .streamlit/secrets.toml); see the README, "
                 "\"Serving for a prospect's device\".")


def is_loopback(host: str | None) -> bool:
    """Is ``host`` (an address or a name) this computer only?"""
    host = (host or "").strip().lower().strip("[]")
    return host.startswith(("127.", "localhost", "::1")) or host in ("", "0:0:0:0:0:0:0:1")


def check_public_url(url: str) -> str | None:
    """Why ``url`` cannot be the app's public address (None when it can): an http(s) address
    with a host, no query or fragment."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return f"{url!r} is not an http(s) address with a host, e.g. https://groundwork.example.com"
    if parts.query or parts.fragment:
        return f"{url!r} must not carry a query or a fragment"
    return None


def client_link(base: str, token: str) -> str:
    """The client's link: the app's address (public or as the browser sees it) and the token."""
    return f"{base.rstrip('/')}/?token={token}"


def loopback_warning(link: str) -> str | None:
    """What to say next to a link that only this computer can open; None for any other."""
    host = urlsplit(link).hostname
    return LOOPBACK_LINK.format(host=host) if is_loopback(host) else None


@dataclass(frozen=True)
class LinkPolicy:
    """May client links be created on this server, and what must be said first."""

    allowed: bool
    needs_consent: bool = False
    message: str = ""


def link_policy(passcode_set: bool, server_address: str | None,
                public_url: str | None = None) -> LinkPolicy:
    """Links only where the supplier's side is protected: a team passcode, or a loopback-only
    server with an explicit warning. A public address other machines can reach (a proxy in front
    of a loopback server) counts as reachable. Pure, so the rule is tested without a page."""
    if passcode_set:
        return LinkPolicy(True)
    address = (server_address or "").strip().lower()
    public_host = urlsplit(public_url).hostname if public_url else None
    if address and address.startswith(LOOPBACK) and (public_host is None or is_loopback(public_host)):
        return LinkPolicy(True, True, (
            "No team passcode is set. This server listens on this computer only, so a prospect's "
            "device cannot open the link; anyone who can reach this address can open every "
            "discovery, supplier notes included. Set GROUNDWORK_TEAM_PASSCODE before serving it "
            "to other machines."))
    return LinkPolicy(False, False, (
        "Client links need a team passcode on a server that other machines can reach: without "
        "one, the address in a link opens every discovery, supplier notes included. Set "
        "GROUNDWORK_TEAM_PASSCODE and restart the app."))
