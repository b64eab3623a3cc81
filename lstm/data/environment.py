"""The folders of datasets you own, named by environment variables (``LSTM_TIMIT_DIR``,
``LSTM_IAMONDB_DIR``), read when a run asks for them, never on import."""

from __future__ import annotations

import os
from pathlib import Path


def folder_from_environment(
    variable: str, expected: str, error: type[Exception] = FileNotFoundError
) -> Path | None:
    """The folder that the environment variable ``variable`` names, or None when it is
    unset or empty. A value that is not a folder raises ``error`` with one line that names
    the variable, its value, what was ``expected`` there and what was found."""
    value = os.environ.get(variable, "").strip()
    if not value:
        return None
    path = Path(value).expanduser()
    if not path.is_dir():
        found = "a file" if path.exists() else "nothing"
        raise error(f"{variable}={value}: expected {expected}, found {found} there")
    return path
