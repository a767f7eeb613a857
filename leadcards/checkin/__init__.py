"""Team check-ins: an anonymous temperature check or TRACE diagnostic for a whole team.

- :mod:`~leadcards.checkin.results`: a round's results from its answers (medians, middle
  halves, counts per position, indicator shares, where the team agrees and differs), and
  no figure at all below the minimum group size.
- :mod:`~leadcards.checkin.files`: invitations and responses as files (strict JSON, every
  problem named; a response's hash catches damage, not forgery).
- :mod:`~leadcards.checkin.export`: a round's aggregated results as CSV
  (``docs/checkin-csv.md``).

Nothing is imported here, so importing one module loads only what that module needs.
"""
