"""The bundled application's entry point: the same as the ``leadcards`` command."""

import sys

from leadcards.cli import main

if __name__ == "__main__":
    sys.exit(main())
