"""Reading a text file that someone hands us, with errors that say what went wrong.

The readers for data people own (:mod:`lstm.data.parallel`, :mod:`lstm.data.captions`)
take files from many places: a Tatoeba download, a COCO annotation file, a sentence list
that a spreadsheet saved. When such a file cannot be read as text, Python's own errors
tell the user little: ``IsADirectoryError`` where a folder stands in the file's place,
or a ``UnicodeDecodeError`` that names neither the file nor what to do about it.

:func:`read_text` reads UTF-8 (a byte-order mark is fine and removed) and raises a
:class:`TextFileError` that names the file, what was expected there and what was found:
no file, a folder, UTF-16 text (it starts with a UTF-16 byte-order mark), NUL bytes (UTF-16
without that mark, or not text at all), or bytes that are not UTF-8 at a given offset
(often Latin-1 or Windows-1252).
"""

from __future__ import annotations

import codecs
import os
from pathlib import Path


class TextFileError(ValueError):
    """A file that cannot be read as UTF-8 text; the message names the file, what was
    expected there and what was found."""


class MissingFileError(TextFileError, FileNotFoundError):
    """No file at the path: a :class:`TextFileError` that is also a ``FileNotFoundError``."""


def read_text(path: str | os.PathLike, what: str) -> str:
    """The text of the UTF-8 file ``path``, without a leading byte-order mark.

    ``what`` says what the file should hold, for the error messages, e.g.
    ``"a COCO caption file"``. Line endings are left as they are.
    """
    path = Path(path)
    if path.is_dir():
        raise TextFileError(f"expected {what} at {path}, found a folder")
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise MissingFileError(f"expected {what} at {path}, found none (no such file)") from None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise TextFileError(
            f"expected {what} in UTF-8 at {path}, found UTF-16 (the file starts with a "
            "UTF-16 byte-order mark); save it as UTF-8"
        )
    nul = data.find(b"\0")
    if nul >= 0:
        raise TextFileError(
            f"expected {what} in UTF-8 at {path}, found NUL bytes (the first at offset "
            f"{nul}): UTF-16 without a byte-order mark, or not text at all"
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise TextFileError(
            f"{path}, line {line}: not valid UTF-8: expected {what}, found bytes that are "
            f"not UTF-8 at offset {error.start} ({data[error.start : error.end].hex(' ')}), "
            "perhaps Latin-1 or Windows-1252; save it as UTF-8"
        ) from None
