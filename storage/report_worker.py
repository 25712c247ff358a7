"""Store reports a moment after the change, off the path of the answer being saved.

Working out a discovery's report takes a couple of milliseconds; the questionnaire's rerun after
an answer takes about seven. The app's Store therefore hands the work to this worker: a daemon
thread that waits ``delay`` seconds (so a burst of answers costs one report, and the page has
drawn before it starts: scoring holds the GIL), then stores the latest report of each session
that changed. A report the worker never gets to (the server stopped) stays stale, and the
pipeline computes it when it next opens; correctness never depends on the worker.
"""
from __future__ import annotations

import logging
import threading
from typing import Callable

from .records import StorageUnavailable

log = logging.getLogger(__name__)


class ReportWorker:
    def __init__(self, store_report: Callable[[str], None], delay: float = 0.25):
        self._store_report = store_report
        self.delay = delay
        self._pending: set[str] = set()
        self._busy = False
        self._changed = threading.Condition()
        self._thread: threading.Thread | None = None

    def schedule(self, session_id: str) -> None:
        with self._changed:
            self._pending.add(session_id)
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="groundwork-reports", daemon=True)
                self._thread.start()
            self._changed.notify_all()

    def _run(self) -> None:
        while True:
            with self._changed:
                while not self._pending:
                    self._changed.wait()
            threading.Event().wait(self.delay)  # let a burst of answers gather
            with self._changed:
                batch, self._pending = sorted(self._pending), set()
                self._busy = True
            try:
                for session_id in batch:
                    try:
                        self._store_report(session_id)
                    except StorageUnavailable:  # the database is away: said once, no trace
                        log.warning("session %s: the database cannot be reached; the report "
                                    "stays stale", session_id)
                    except Exception:  # noqa: BLE001 - the report stays stale; the pipeline recomputes it
                        log.exception("session %s: the report could not be stored; it stays stale", session_id)
            finally:
                with self._changed:
                    self._busy = False
                    self._changed.notify_all()

    def wait(self, timeout: float = 10.0) -> bool:
        """Until nothing is pending (tests and shutdown); False on timeout."""
        with self._changed:
            return self._changed.wait_for(lambda: not self._pending and not self._busy, timeout)
