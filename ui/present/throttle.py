"""Wrong passcode guesses slowed down: each wrong guess makes the next one wait, doubling from
one second up to a minute; a right guess clears the count. Pure (the clock is passed in), so the
waits are tested without sleeping. One Throttle per browser session and one per server process
(ui.session.team_passcode), so a guesser gains nothing by opening new sessions.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass, field

FIRST_WAIT = 1.0
LONGEST_WAIT = 60.0


def wait_after(failures: int, first: float = FIRST_WAIT, longest: float = LONGEST_WAIT) -> float:
    """Seconds to wait after ``failures`` wrong guesses in a row: 0, 1, 2, 4, ... up to ``longest``."""
    return 0.0 if failures <= 0 else min(longest, first * 2 ** (failures - 1))


@dataclass
class Throttle:
    """Wrong guesses in a row and when the next guess may be made (thread-safe)."""

    first: float = FIRST_WAIT
    longest: float = LONGEST_WAIT
    failures: int = 0
    not_before: float = 0.0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def remaining(self, now: float) -> float:
        """Seconds until a guess may be made (0 when it may be made now)."""
        with self._lock:
            return max(0.0, self.not_before - now)

    def failed(self, now: float) -> float:
        """Count a wrong guess; returns the seconds until the next may be made."""
        with self._lock:
            self.failures += 1
            wait = wait_after(self.failures, self.first, self.longest)
            self.not_before = max(self.not_before, now + wait)
            return wait

    def succeeded(self) -> None:
        with self._lock:
            self.failures = 0
            self.not_before = 0.0


def refusal(seconds: float) -> str:
    """The plain words for a guess that must wait."""
    whole = max(1, round(seconds))
    return (f"Too many wrong passcodes: wait {whole} second{'s' if whole != 1 else ''} before "
            "trying again. Each wrong guess makes the next wait longer.")
