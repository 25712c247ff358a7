"""Write the next schema revision from a change to storage/tables.py (Alembic's autogenerate).

    .venv/bin/python tools/new_revision.py "add a note to answers"

Brings a scratch SQLite database to the newest revision, compares it with storage/tables.py and
writes storage/alembic/versions/NNNN_<message>.py with the operations that close the gap, each
shape written out in the file (batch operations, which SQLite needs and PostgreSQL runs as plain
ALTERs); Alembic prints its path. Read it before committing: renames, moving data and defaults for new NOT NULL columns
on tables that have rows are for you to write. Exit status 1 when there is nothing to write.
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str]) -> int:
    if len(argv) != 1 or not argv[0].strip():
        print(__doc__, file=sys.stderr)
        return 2
    sys.path.insert(0, str(ROOT))
    from alembic import command
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from storage import tables
    from storage.db import make_engine
    from storage.migrations import alembic_config, head_revision, migrate

    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(f"sqlite:///{Path(folder) / 'scratch.db'}")
        try:
            migrate(engine)
            with engine.begin() as connection:
                if not compare_metadata(MigrationContext.configure(connection), tables.metadata):
                    print("storage/tables.py and the newest revision agree: nothing to write",
                          file=sys.stderr)
                    return 1
                script = command.revision(alembic_config(connection), argv[0].strip(),
                                          autogenerate=True, rev_id=f"{int(head_revision()) + 1:04d}")
        finally:
            engine.dispose()
    return 0 if script is not None else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
