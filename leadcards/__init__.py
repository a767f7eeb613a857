"""LeadCards: leadership conversation cards to browse, flip, reflect on, present and print.

This package is the core: deck content, paths and the command line. It never imports Qt;
the desktop application lives in :mod:`leadcards.ui`.
"""

__version__ = "0.1.0"
