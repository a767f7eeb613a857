"""Team check-ins: an anonymous temperature check or TRACE diagnostic for a whole team.

- :mod:`~leadcards.checkin.results`: a round's results from its answers (medians, middle
  halves, counts per position, indicator shares, where the team agrees and differs), and
  no figure at all below the minimum group size.

Nothing is imported here, so importing one module loads only what that module needs.
"""
