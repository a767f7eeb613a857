"""The journal: a leader's reflections, indicator marks and temperature checks, kept safe.

Its modules, from the bottom up (each imports only those above it):

- :mod:`~leadcards.journal.model`: what a journal holds (entries, checks, drafts, marks),
  its limits and the validation every way in is held to. No SQLite: the temperature
  check, the worksheets and the PDFs use it without loading the store.
- :mod:`~leadcards.journal.schema`: the tables, their versions and the migrations.
- :mod:`~leadcards.journal.backup`: checked backups, pruning, recovery of a damaged file.
- :mod:`~leadcards.journal.opening`: opening a file (what is refused, the lock, migrating
  after a backup) and SQLite's errors in words.
- :mod:`~leadcards.journal.store`: :class:`~leadcards.journal.store.Journal`, the open
  journal, its writes and queries.
- :mod:`~leadcards.journal.exchange`: the JSON export that imports back, and Markdown.
- :mod:`~leadcards.journal.service`: every journal operation a user can start, used alike
  by the app and the command line.

Nothing is imported here, so importing one module loads only what that module needs.
"""
