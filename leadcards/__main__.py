"""``python -m leadcards``: the same entry point as the ``leadcards`` command."""

import sys

from leadcards.cli import main

sys.exit(main())
