"""Data that ships with LeadCards: deck files, fonts and icons, as files beside this module.

They are read by path (``file("decks", "trace.json")``): every way LeadCards is installed
(a wheel, the standalone app) unpacks them to disk, and a path costs the start-up nothing,
where ``importlib.resources`` loads tempfile, shutil and the compression modules.
"""

from __future__ import annotations

from pathlib import Path

FOLDER = Path(__file__).resolve().parent


def file(*parts: str) -> Path:
    """The shipped file at ``parts`` under this folder."""
    return FOLDER.joinpath(*parts)
