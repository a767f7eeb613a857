"""The journal's SQLite schema and its migrations, one per ``PRAGMA user_version`` step.

A migration is never edited once released: a change to the schema is a new entry in
``MIGRATIONS`` with the next version number, applied in its own transaction.
"""

from __future__ import annotations

import functools
import uuid
from pathlib import Path

from leadcards.journal import engine
from leadcards.journal.cipher import Passphrase, apply_key, check_opens
from leadcards.journal.engine import sqlite3

SCHEMA_VERSION = 4

MIGRATIONS: dict[int, str] = {
    1: """
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE entries (
        id INTEGER PRIMARY KEY,
        uuid TEXT NOT NULL UNIQUE,
        created_utc TEXT NOT NULL,
        updated_utc TEXT NOT NULL,
        deck_id TEXT,
        card_id TEXT,
        space TEXT CHECK (space IS NULL OR space IN ('self', 'team', 'organisation', 'system')),
        text TEXT NOT NULL
    );
    CREATE INDEX entries_card ON entries (deck_id, card_id, created_utc);
    CREATE INDEX entries_created ON entries (created_utc);
    CREATE TABLE entry_marks (
        entry_id INTEGER NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
        indicator_id TEXT NOT NULL,
        mark TEXT NOT NULL CHECK (mark IN ('tick', 'plus', 'minus')),
        PRIMARY KEY (entry_id, indicator_id)
    ) WITHOUT ROWID;
    CREATE TABLE entry_tags (
        entry_id INTEGER NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
        tag TEXT NOT NULL,
        PRIMARY KEY (entry_id, tag)
    ) WITHOUT ROWID;
    CREATE INDEX entry_tags_tag ON entry_tags (tag);
    CREATE VIRTUAL TABLE entries_fts USING fts5 (
        text, content = 'entries', content_rowid = 'id',
        tokenize = 'unicode61 remove_diacritics 2'
    );
    CREATE TRIGGER entries_ai AFTER INSERT ON entries BEGIN
        INSERT INTO entries_fts (rowid, text) VALUES (new.id, new.text);
    END;
    CREATE TRIGGER entries_ad AFTER DELETE ON entries BEGIN
        INSERT INTO entries_fts (entries_fts, rowid, text) VALUES ('delete', old.id, old.text);
    END;
    CREATE TRIGGER entries_au AFTER UPDATE OF text ON entries BEGIN
        INSERT INTO entries_fts (entries_fts, rowid, text) VALUES ('delete', old.id, old.text);
        INSERT INTO entries_fts (rowid, text) VALUES (new.id, new.text);
    END;
    CREATE TABLE card_marks (
        deck_id TEXT NOT NULL,
        card_id TEXT NOT NULL,
        indicator_id TEXT NOT NULL,
        mark TEXT NOT NULL CHECK (mark IN ('tick', 'plus', 'minus')),
        updated_utc TEXT NOT NULL,
        PRIMARY KEY (deck_id, card_id, indicator_id)
    ) WITHOUT ROWID;
    CREATE TABLE checks (
        id INTEGER PRIMARY KEY,
        uuid TEXT NOT NULL UNIQUE,
        taken_utc TEXT NOT NULL,
        deck_id TEXT NOT NULL,
        card_id TEXT NOT NULL,
        space TEXT CHECK (space IS NULL OR space IN ('self', 'team', 'organisation', 'system')),
        measure TEXT NOT NULL DEFAULT 'scale' CHECK (measure IN ('scale', 'count')),
        position INTEGER NOT NULL,
        target INTEGER,
        CHECK (measure <> 'scale' OR (position BETWEEN -5 AND 5
                                      AND (target IS NULL OR target BETWEEN -5 AND 5))),
        CHECK (measure <> 'count' OR (position BETWEEN 0 AND 1000
                                      AND (target IS NULL OR target BETWEEN 0 AND 1000)))
    );
    CREATE INDEX checks_card ON checks (deck_id, card_id, taken_utc);
    CREATE TABLE check_marks (
        check_id INTEGER NOT NULL REFERENCES checks (id) ON DELETE CASCADE,
        indicator_id TEXT NOT NULL,
        mark TEXT NOT NULL CHECK (mark IN ('tick', 'plus', 'minus')),
        PRIMARY KEY (check_id, indicator_id)
    ) WITHOUT ROWID;
    CREATE TABLE drafts (
        key TEXT PRIMARY KEY,
        text TEXT NOT NULL,
        space TEXT,
        marks TEXT NOT NULL,
        updated_utc TEXT NOT NULL
    );
    """,
    # Drafts keep the tags being written with them (one per line).
    2: """
    ALTER TABLE drafts ADD COLUMN tags TEXT NOT NULL DEFAULT '';
    """,
    # Team check-ins (leadcards.checkin): the invitation sent (the cards' own text), the
    # rounds, and only what the open round needs. Answers are keyed by random ids, with no
    # name, no time and nothing that keeps the order they came in; a response file is
    # remembered by its hash alone (and the round it was counted in). Closing a round
    # keeps its results and drops its answers; a closed round never changes.
    3: """
    CREATE TABLE checkins (
        id INTEGER PRIMARY KEY,
        uuid TEXT NOT NULL UNIQUE,
        title TEXT NOT NULL,
        created_utc TEXT NOT NULL,
        invitation TEXT NOT NULL
    );
    CREATE TABLE checkin_rounds (
        checkin_id INTEGER NOT NULL REFERENCES checkins (id) ON DELETE CASCADE,
        number INTEGER NOT NULL CHECK (number >= 1),
        opened_utc TEXT NOT NULL,
        closed_utc TEXT,
        people INTEGER CHECK (people IS NULL OR people >= 0),
        results TEXT,
        CHECK (closed_utc IS NOT NULL OR (people IS NULL AND results IS NULL)),
        PRIMARY KEY (checkin_id, number)
    ) WITHOUT ROWID;
    CREATE TRIGGER checkin_rounds_kept BEFORE UPDATE ON checkin_rounds
    WHEN old.closed_utc IS NOT NULL BEGIN
        SELECT RAISE (ABORT, 'a closed round of a check-in never changes');
    END;
    CREATE TABLE checkin_answers (
        checkin_id INTEGER NOT NULL REFERENCES checkins (id) ON DELETE CASCADE,
        key TEXT NOT NULL,
        answer TEXT NOT NULL,
        PRIMARY KEY (checkin_id, key)
    ) WITHOUT ROWID;
    CREATE TABLE checkin_counted (
        checkin_id INTEGER NOT NULL REFERENCES checkins (id) ON DELETE CASCADE,
        hash TEXT NOT NULL,
        round INTEGER NOT NULL,
        PRIMARY KEY (checkin_id, hash)
    ) WITHOUT ROWID;
    """,
    # Commitments ("I will …"), how they went (follow-ups), and session plans run
    # (leadcards.commitments, leadcards.plans). A commitment's state is its newest
    # follow-up's: done, partly or not yet; open until one says done.
    4: """
    CREATE TABLE commitments (
        id INTEGER PRIMARY KEY,
        uuid TEXT NOT NULL UNIQUE,
        created_utc TEXT NOT NULL,
        updated_utc TEXT NOT NULL,
        text TEXT NOT NULL,
        due TEXT CHECK (due IS NULL OR due GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
        deck_id TEXT,
        plan_id TEXT,
        run_uuid TEXT
    );
    CREATE INDEX commitments_due ON commitments (due);
    CREATE TABLE commitment_cards (
        commitment_id INTEGER NOT NULL REFERENCES commitments (id) ON DELETE CASCADE,
        card_id TEXT NOT NULL,
        PRIMARY KEY (commitment_id, card_id)
    ) WITHOUT ROWID;
    CREATE TABLE commitment_marks (
        commitment_id INTEGER NOT NULL REFERENCES commitments (id) ON DELETE CASCADE,
        indicator_id TEXT NOT NULL,
        PRIMARY KEY (commitment_id, indicator_id)
    ) WITHOUT ROWID;
    CREATE TABLE follow_ups (
        id INTEGER PRIMARY KEY,
        uuid TEXT NOT NULL UNIQUE,
        commitment_id INTEGER NOT NULL REFERENCES commitments (id) ON DELETE CASCADE,
        taken_utc TEXT NOT NULL,
        how TEXT NOT NULL CHECK (how IN ('done', 'partly', 'not-yet')),
        text TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX follow_ups_commitment ON follow_ups (commitment_id, taken_utc);
    CREATE TABLE plan_runs (
        id INTEGER PRIMARY KEY,
        uuid TEXT NOT NULL UNIQUE,
        plan_id TEXT NOT NULL,
        plan_title TEXT NOT NULL,
        deck_id TEXT,
        started_utc TEXT NOT NULL,
        updated_utc TEXT NOT NULL,
        step INTEGER NOT NULL DEFAULT 0 CHECK (step >= 0),
        finished_utc TEXT
    );
    """,
}


def read_only(
    path: Path, *, immutable: bool = False, passphrase: Passphrase | None = None
) -> sqlite3.Connection:
    """A read-only connection to the database at ``path``, whatever characters its path
    holds (a plain ``file:`` URI would be cut at ``#`` or ``?`` and open something else).

    ``immutable`` reads the file alone, as it is: no write-ahead log or shared-memory file
    is read or made beside it (a read-only connection to a journal in WAL mode makes both).
    """
    query = "immutable=1" if immutable else "mode=ro"
    connection = engine.connect(f"{Path(path).absolute().as_uri()}?{query}", uri=True)
    try:
        apply_key(connection, passphrase)
        if passphrase is not None:
            check_opens(connection, Path(path))
    except BaseException:
        connection.close()
        raise
    return connection


@functools.cache
def journal_tables(version: int) -> frozenset[str]:
    """The tables a journal of ``version`` holds (none for version 0, a new file)."""
    if not 1 <= version <= SCHEMA_VERSION:
        return frozenset()
    db = engine.connect(":memory:", isolation_level=None)
    try:
        migrate(db, 0, to=version)
        rows = db.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
        return frozenset(row[0] for row in rows)
    finally:
        db.close()


_HEX = "[0-9a-f]"
_CANONICAL = "-".join(_HEX * count for count in (8, 4, 4, 4, 12))


def canonicalise_uuids(connection: sqlite3.Connection) -> int:
    """Rewrite uuids kept in another spelling (upper case, braces, ``urn:uuid:``, as earlier
    versions took them from imports) in the one form a journal keeps, so that any copy of a
    reflection is found by its uuid. A row whose canonical uuid another row already holds
    keeps its spelling. Writes only when some uuid needs it; returns how many changed."""
    found = {
        table: connection.execute(
            f"SELECT id, uuid FROM {table} WHERE uuid NOT GLOB '{_CANONICAL}'"
        ).fetchall()
        for table in ("entries", "checks")
    }
    if not any(found.values()):
        return 0
    changed = 0
    connection.execute("BEGIN IMMEDIATE")
    try:
        for table, rows in found.items():
            for row_id, value in rows:
                try:
                    canonical = str(uuid.UUID(value))
                except (ValueError, TypeError, AttributeError):
                    continue
                cursor = connection.execute(
                    f"UPDATE OR IGNORE {table} SET uuid = ? WHERE id = ?", (canonical, row_id)
                )
                changed += cursor.rowcount
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    return changed


def migrate(connection: sqlite3.Connection, version: int, to: int = SCHEMA_VERSION) -> None:
    """Bring a journal at ``version`` up to ``to``, one transaction a step."""
    for target in range(version + 1, to + 1):
        connection.execute("BEGIN IMMEDIATE")
        try:
            for statement in _statements(MIGRATIONS[target]):
                connection.execute(statement)
            connection.execute(f"PRAGMA user_version = {target}")
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise


def _statements(script: str) -> list[str]:
    """Split a migration script into statements (triggers keep their inner semicolons)."""
    statements, current = [], []
    for line in script.strip().splitlines():
        current.append(line)
        joined = "\n".join(current).strip()
        if joined.endswith(";") and sqlite3.complete_statement(joined):
            statements.append(joined)
            current = []
    if "".join(current).strip():
        statements.append("\n".join(current))
    return statements
