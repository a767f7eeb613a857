"""``python -m bench.encryption``: an encrypted journal against a plain one, in the same run.

10,000 generated reflections (as ``make bench``'s journal figures) go into a plain journal
and an encrypted one. Each figure is the ratio of the encrypted time to the plain time,
measured in turn on the same data: full-text search (five queries), import of the whole
JSON export into a new journal, and opening (the journal service's open, with its checks).
Opening is compared after taking off the key derivation, which is measured on its own: a
connection keyed and its first page read, less the same for a plain file; it is SQLCipher
4's default (PBKDF2-HMAC-SHA512, 256,000 rounds), the price of a passphrase that resists
guessing. Targets (issue: an encrypted journal): search and import within 1.5 times plain,
opening within 1.5 times plain plus the derivation.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench.run import Figure, _timed, journal_entries, report

QUERIES = ["budget", "trust partners", "difficult conversation", "rota", "vis"]


def encryption_figures(runs: int) -> list[Figure]:
    from leadcards.journal import cipher, engine
    from leadcards.journal.cipher import Passphrase
    from leadcards.journal.exchange import export_json, parse_json_export
    from leadcards.journal.store import Journal

    key = Passphrase("a bench passphrase of ordinary length")
    entries = journal_entries()
    search = Figure("encrypted / plain: search 10,000", "< 1.5x", unit="x", limit=1.5)
    importing = Figure("encrypted / plain: import 10,000", "< 1.5x", unit="x", limit=1.5)
    opening = Figure("encrypted less key / plain: opening", "< 1.5x", unit="x", limit=1.5)
    derivation = Figure("key derivation (SQLCipher 4 default)", "-", unit="ms")
    derivation.status = "no target"
    raw: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        plain_path, secret_path = base / "plain.sqlite3", base / "secret.sqlite3"
        with Journal.open(plain_path) as journal:
            journal.merge(entries)
            data = export_json(journal).encode()
        with Journal.open(secret_path, passphrase=key) as journal:
            journal.merge(entries)

        def first_read(path: Path, passphrase: Passphrase | None) -> float:
            began = time.perf_counter()
            connection = engine.connect(path)
            cipher.apply_key(connection, passphrase)
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
            connection.close()
            return time.perf_counter() - began

        for _ in range(runs):
            spent = first_read(secret_path, key) - first_read(plain_path, None)
            derivation.samples.append(spent * 1000)
        kdf = statistics.median(derivation.samples) / 1000

        for run in range(runs):
            times = {}
            for name, path, passphrase in (
                ("plain", plain_path, None),
                ("encrypted", secret_path, key),
            ):
                began = time.perf_counter()
                Journal.open(path, passphrase=passphrase).close()
                times[f"open {name}"] = time.perf_counter() - began
                with Journal.open(path, passphrase=passphrase) as journal:
                    found = []
                    for query in QUERIES:
                        found += _timed(lambda q=query: journal.search(q), 3)  # type: ignore[misc]
                    times[f"search {name}"] = sum(found) / 1000
                target = base / f"import-{name}-{run}.sqlite3"
                began = time.perf_counter()
                incoming = parse_json_export(data, "bench")
                with Journal.open(target, passphrase=passphrase) as journal:
                    journal.merge(incoming.entries, incoming.checks)
                times[f"import {name}"] = time.perf_counter() - began
            for label, value in times.items():
                raw.setdefault(f"{label} ms", []).append(value * 1000)
            search.samples.append(times["search encrypted"] / times["search plain"])
            importing.samples.append(times["import encrypted"] / times["import plain"])
            opening.samples.append((times["open encrypted"] - kdf) / times["open plain"])
    opening.detail = raw
    return [search, importing, opening, derivation]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    return report(encryption_figures(args.runs), width=46)


if __name__ == "__main__":
    sys.exit(main())
