"""Where files go: --data-dir, then LEADCARDS_DATA_DIR, then the platform default."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from leadcards import paths


def test_option_wins_over_environment(tmp_path: Path) -> None:
    chosen = paths.resolve(tmp_path / "opt", environ={paths.ENV_DATA_DIR: str(tmp_path / "env")})
    assert chosen.data_dir == tmp_path / "opt"
    assert chosen.config_dir == tmp_path / "opt" / "config"
    assert chosen.decks_dir == tmp_path / "opt" / "decks"


def test_environment_wins_over_platform_default(tmp_path: Path) -> None:
    chosen = paths.resolve(None, environ={paths.ENV_DATA_DIR: str(tmp_path / "env")})
    assert chosen.data_dir == tmp_path / "env"
    assert chosen.cache_dir == tmp_path / "env" / "cache"


def test_platform_default_when_nothing_is_given(tmp_path: Path) -> None:
    chosen = paths.resolve(None, environ={paths.ENV_DATA_DIR: ""})
    # conftest points XDG_DATA_HOME into the test's folder, so this is the platform rule
    # applied there, not the real user's folder.
    assert chosen.data_dir.name == "LeadCards"
    assert str(chosen.data_dir).startswith(str(tmp_path))


def test_resolving_creates_nothing(tmp_path: Path) -> None:
    paths.resolve(tmp_path / "later")
    assert not (tmp_path / "later").exists()


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_ensure_dir_makes_private_folders(tmp_path: Path) -> None:
    made = paths.ensure_dir(tmp_path / "a" / "b")
    assert made.is_dir()
    assert stat.S_IMODE(made.stat().st_mode) == 0o700


def test_an_unknown_users_home_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="no such user"):
        paths.resolve("~no-such-user-here/data")


def test_every_folder_made_on_the_way_is_private_under_umask_000(tmp_path: Path) -> None:
    tmp_path.chmod(0o755)
    old = os.umask(0)
    try:
        deep = paths.ensure_dir(tmp_path / "data" / "backups" / "journal-1234")
    finally:
        os.umask(old)
    if os.name == "posix":
        for folder in (deep, deep.parent, deep.parent.parent):
            assert folder.stat().st_mode & 0o777 == 0o700, folder
        assert tmp_path.stat().st_mode & 0o777 == 0o755  # a folder it did not make is left be
