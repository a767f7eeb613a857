"""Where LeadCards keeps its files.

Every path the application uses comes from here. The data directory is chosen by, in order:
the ``--data-dir`` option, the ``LEADCARDS_DATA_DIR`` environment variable, then the
platform's usual place (via platformdirs). When a data directory is given explicitly, the
settings, cache and logs live inside it too, so a test or a portable install touches nothing
else. Nothing here touches the disk until a directory is asked for with :func:`ensure_dir`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "LeadCards"
ENV_DATA_DIR = "LEADCARDS_DATA_DIR"


@dataclass(frozen=True)
class Paths:
    data_dir: Path
    config_dir: Path
    cache_dir: Path
    log_dir: Path

    @property
    def decks_dir(self) -> Path:
        """User deck files (``*.json``) that load beside the built-in decks."""
        return self.data_dir / "decks"

    @property
    def plans_dir(self) -> Path:
        """User session plans (``*.json``) that load beside the built-in plans."""
        return self.data_dir / "plans"

    @property
    def default_journal(self) -> Path:
        """The journal used unless another is chosen (``--journal`` or Open Journal)."""
        return self.data_dir / "journal.sqlite3"


def resolve(
    data_dir: str | os.PathLike[str] | None = None, environ: Mapping[str, str] | None = None
) -> Paths:
    """Work out the paths for this run without creating anything."""
    env = os.environ if environ is None else environ
    chosen = data_dir if data_dir not in (None, "") else env.get(ENV_DATA_DIR) or None
    if chosen is not None:
        try:
            root = Path(chosen).expanduser().absolute()
        except RuntimeError:  # "~someone" for a user that does not exist
            raise ValueError(f"{chosen}: no such user's home folder") from None
        return Paths(root, root / "config", root / "cache", root / "logs")
    import platformdirs  # only here: the journal and backups use this module without it

    return Paths(
        data_dir=Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
        config_dir=Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
        cache_dir=Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)),
        log_dir=Path(platformdirs.user_log_dir(APP_NAME, appauthor=False)),
    )


def ensure_dir(path: Path) -> Path:
    """Create ``path`` (and parents) if needed, private to the user on POSIX (0700): the
    folder itself, and every folder this call had to create on the way, under any umask."""
    made = [folder for folder in (path, *path.parents) if not folder.exists()]
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    if os.name == "posix":
        for folder in (path, *made):
            folder.chmod(0o700)
    return path
