"""A reader for the IAM On-Line Handwriting Database (IAM-OnDB; Liwicki and Bunke 2005), for
readers who own a copy.

IAM-OnDB is handwriting recorded on a whiteboard: the pen's position, sampled in time, for
English sentences of the LOB corpus, cut into text lines, each with its transcription. It
is free for non-commercial research after registering with its authors, and is never
shipped or downloaded here. Given the folder of a copy, :func:`lines` returns every text
line it holds, each as a :class:`Line` (its strokes and its text); set
``LSTM_IAMONDB_DIR=/path/to/IAM-OnDB`` and :func:`from_environment` finds it.
:func:`lstm.data.pen.features` turns a line's strokes into the pen offsets and pen-up
flags that Graves et al. (2009) recognise and Graves (2013) generates.

Layout, in the folder that the archives unpack into::

    lineStrokes/a01/a01-000/a01-000u-01.xml   one text line's pen trajectory
    ascii/a01/a01-000/a01-000u.txt            the transcription of every line of a form
    original/a01/a01-000/strokesu.xml         the whole form, with its writer (optional)
    trainset.txt, testset_v.txt, ...          the IAM-OnDB-t1 split (optional)

Names. ``a01-000`` is a text of the LOB corpus, which several people copied out; each
copy is a *form*, named by the text and usually one letter (``a01-000u``, ``a01-000x``;
a few forms have none, ``d04-081``), and their files share the text's folder. A form's
lines are numbered from 01, in two digits: ``a01-000u-01.xml`` is the form's first line.

Stroke files (:func:`read_strokes`). A ``<WhiteboardCaptureSession>`` holding a
``<WhiteboardDescription>`` (the sensor's corner and the whiteboard's opposite corners,
not read here) and a ``<StrokeSet>`` of ``<Stroke colour=.. start_time=.. end_time=..>``
elements, one per pen-down, each a run of ``<Point x=".." y=".." time=".."/>``: integer
coordinates in the sensor's units, time in seconds. They are returned as recorded (y
grows downward; nothing is shifted or scaled).

Transcriptions (:func:`read_transcriptions`). A header, the ``OCR:`` section, then a
line ``CSR:`` and the corrected transcription, one text line per line, blank lines
ignored; only the ``CSR:`` section is read. Its N-th line transcribes the stroke file
``<form>-NN.xml``. Files are read as UTF-8, or Latin-1 where they are not UTF-8 (the
stroke files declare ISO-8859-1).

Writers. The writer of a form is the ``writerID`` attribute of the first element under
``<General>`` that carries one, in ``original/<text group>/<text>/strokes<letter>.xml``
(from ``original-xml-part``); a copy without it, or a form whose original file has no
writer there (``original-xml-all`` holds such forms), gives ``writer=None``.

Splits. ``trainset.txt``, ``testset_v.txt``, ``testset_t.txt`` and ``testset_f.txt`` list
the forms of the IAM-OnDB-t1 task (training, first and second validation, final test),
one form id a line; :func:`read_split` reads one, and a :class:`Line`'s ``form`` says
where it belongs.

What was verified, and where. Nothing here was checked against the corpus itself; the
layout above is what public code that reads real copies relies on:
sjvasquez/handwriting-synthesis ``prepare_data.py`` (the three folders; the stroke files
of ``ascii/X/Y/<form>.txt`` are ``lineStrokes/X/Y/<form>-*.xml``; transcriptions are the
non-blank lines after the ``CSR:`` line, in file order; the writer as ``writerID`` under
``<General>`` in ``original/X/Y/strokes<letter>.xml``), jan-auer/rnnlib-iam
``iam_online.py`` and ``README.md`` (line N of the ``CSR:`` section is
``lineStrokes/<form>-%02d.xml``; split files hold form ids matching ``\\w+-\\d+\\w?`` and
lie beside ``ascii/``; a pen-up flag on the last point of each stroke), and the XML
quoted in several projects' notes (the element and attribute names above, the
ISO-8859-1 declaration). The database's download page names the archives
(``lineStrokes-all``, ``ascii-all``, ``original-xml-part``/``-all``, ``writers.xml``,
``forms.txt``) and says transcriptions are under ``CSR:``. Public loaders leave out
``z01-000z`` and the stroke files ``a08-551z-08``/``-09`` as faulty; why was not
verified: if your copy trips on them, ``lines(root, exclude=...)`` leaves them out.

Every fault is an :class:`IamOnDbFormatError`, whose one-line message names the file,
what was expected there and what was found.
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from lstm.data.environment import folder_from_environment

ENVIRONMENT_VARIABLE = "LSTM_IAMONDB_DIR"
STROKES_FOLDER = "lineStrokes"
TRANSCRIPTIONS_FOLDER = "ascii"
ORIGINALS_FOLDER = "original"
# The IAM-OnDB-t1 task's split files, as the database's download page names the sets.
SPLIT_FILES = {
    "train": "trainset.txt",
    "validation 1": "testset_v.txt",
    "validation 2": "testset_t.txt",
    "test": "testset_f.txt",
}
FORM_ID = re.compile(r"\w+-\d+\w?")  # a01-000u, d04-081
STROKE_FILE = re.compile(r"(?P<form>\w+-\d+\w?)-(?P<number>\d\d)\.xml")  # a01-000u-01.xml


class IamOnDbFormatError(ValueError):
    """A file or folder that does not read as IAM-OnDB: the one-line message names it,
    what was expected there and what was found."""


@dataclass(frozen=True, eq=False)
class Line:
    """One handwritten text line: its strokes and its transcription."""

    id: str  # the stroke file's name without .xml: a01-000u-01
    form: str  # the form it was written on: a01-000u
    writer: str | None  # the writer's id from original/, or None where there is none
    strokes: list[np.ndarray]  # (points, 3) arrays of x, y, time, one per pen-down
    text: str  # its line of the CSR: section


def read_strokes(path: str | Path) -> list[np.ndarray]:
    """The strokes of a ``lineStrokes`` file: one (points, 3) float64 array of x, y and time
    per ``<Stroke>``, in file order, as recorded.

    The file must parse as XML and hold a ``<StrokeSet>`` with at least one ``<Stroke>``;
    every stroke needs a ``<Point>``, and every point finite numbers for x, y and time.
    """
    path = Path(path)
    root = _parse_xml(path, "IAM-OnDB stroke XML (a <WhiteboardCaptureSession>)")
    stroke_set = root.find("StrokeSet")
    if stroke_set is None:
        raise IamOnDbFormatError(
            f"{path}: expected a <StrokeSet> element under <{root.tag}>, found none"
        )
    elements = stroke_set.findall("Stroke")
    if not elements:
        raise IamOnDbFormatError(
            f"{path}: expected at least one <Stroke> in <StrokeSet>, found none"
        )
    strokes = []
    for number, element in enumerate(elements, start=1):
        where = f"{path}: stroke {number} of {len(elements)}"
        points = element.findall("Point")
        if not points:
            raise IamOnDbFormatError(f"{where}: expected <Point> elements, found none")
        rows = [
            [_number(point, name, f"{where}, point {index}") for name in ("x", "y", "time")]
            for index, point in enumerate(points, start=1)
        ]
        strokes.append(np.array(rows, dtype=np.float64))
    return strokes


def read_transcriptions(path: str | Path) -> dict[str, str]:
    """Line id -> text, from the ``CSR:`` section of an ``ascii`` file.

    The N-th non-blank line after ``CSR:`` is the text of line ``<form>-NN``, ``<form>``
    being the file's name without ``.txt``: ``a01-000u.txt`` gives ``a01-000u-01``, ...
    Lines are stripped of surrounding spaces; what comes before ``CSR:`` is not read.
    """
    path = Path(path)
    text = _read_text(path, "an IAM-OnDB transcription file (a header, OCR:, then CSR:)")
    rows = text.splitlines()
    start = next((i for i, row in enumerate(rows) if row.strip() == "CSR:"), None)
    if start is None:
        raise IamOnDbFormatError(
            f"{path}: expected a line 'CSR:' before the corrected transcription, found none "
            f"in its {len(rows)} lines"
        )
    texts = [row.strip() for row in rows[start + 1 :] if row.strip()]
    if not texts:
        raise IamOnDbFormatError(
            f"{path}, line {start + 1}: expected transcription lines after 'CSR:', found none"
        )
    return {f"{path.stem}-{number:02d}": line for number, line in enumerate(texts, start=1)}


def read_writer(path: str | Path) -> str | None:
    """The writer's id in a form's ``original`` file (``strokes<letter>.xml``): the
    ``writerID`` of the first element under ``<General>`` that has one, else None."""
    path = Path(path)
    root = _parse_xml(path, "an IAM-OnDB original form (a <WhiteboardCaptureSession>)")
    general = root.find("General")
    if general is None:
        return None
    writer = next((e.get("writerID") for e in general if e.get("writerID") is not None), None)
    return writer.strip() if writer is not None and writer.strip() else None


def read_split(path: str | Path) -> list[str]:
    """The form ids listed in an IAM-OnDB-t1 split file (``trainset.txt``, ...), one a line;
    blank lines are skipped and spaces around an id ignored."""
    path = Path(path)
    forms = []
    for number, row in enumerate(_read_text(path, "a list of form ids").splitlines(), start=1):
        form = row.strip()
        if not form:
            continue
        if not FORM_ID.fullmatch(form):
            raise IamOnDbFormatError(
                f"{path}, line {number}: expected a form id such as 'a01-000u', got {row!r}"
            )
        forms.append(form)
    return forms


def lines(root: str | Path, *, exclude: Iterable[str] = ()) -> list[Line]:
    """Every text line of the copy at ``root``, in the order of its stroke files' paths.

    Each ``lineStrokes/<X>/<Y>/<form>-NN.xml`` is paired with line NN of the ``CSR:``
    section of ``ascii/<X>/<Y>/<form>.txt``, and with the writer in
    ``original/<X>/<Y>/strokes<letter>.xml`` where that file exists. ``exclude`` names
    lines (``a08-551z-08``) or whole forms (``z01-000z``) to leave out unread. The first
    fault found stops the reading with an :class:`IamOnDbFormatError` that names its file.
    """
    root = Path(root)
    strokes_root, ascii_root = _check_root(root)
    left_out = set(exclude)
    transcriptions: dict[Path, dict[str, str]] = {}
    writers: dict[Path, str | None] = {}
    found = []
    for path in sorted(strokes_root.rglob("*.xml")):
        parts = path.relative_to(strokes_root).parts
        match = STROKE_FILE.fullmatch(path.name)
        if len(parts) != 3 or match is None or not match["form"].startswith(parts[1]):
            raise IamOnDbFormatError(
                f"{path}: expected a stroke file {STROKES_FOLDER}/<a01>/<a01-000>/"
                f"<a01-000u-01>.xml (a form of the text its folder names, then a two-digit "
                f"line number) under {root}"
            )
        line_id, form = path.stem, match["form"]
        if line_id in left_out or form in left_out:
            continue
        ascii_path = ascii_root / parts[0] / parts[1] / f"{form}.txt"
        if ascii_path not in transcriptions:
            if not ascii_path.is_file():
                raise IamOnDbFormatError(
                    f"{path}: expected its transcription in {ascii_path}, found no such file"
                )
            transcriptions[ascii_path] = read_transcriptions(ascii_path)
        texts = transcriptions[ascii_path]
        if line_id not in texts:
            raise IamOnDbFormatError(
                f"{path}: expected line {int(match['number'])} of the CSR: section of "
                f"{ascii_path}, which has {len(texts)} lines; exclude={{{line_id!r}}} leaves "
                "this stroke file out"
            )
        original = root / ORIGINALS_FOLDER / parts[0] / parts[1]
        original = original / f"strokes{form[len(parts[1]) :]}.xml"
        if original not in writers:
            writers[original] = read_writer(original) if original.is_file() else None
        found.append(Line(line_id, form, writers[original], read_strokes(path), texts[line_id]))
    if not found:
        raise IamOnDbFormatError(
            f"{strokes_root}: expected stroke files <a01>/<a01-000>/<a01-000u-01>.xml, "
            "found none" + (" that exclude= leaves in" if left_out else "")
        )
    return found


def from_environment() -> Path | None:
    """The IAM-OnDB folder named by ``LSTM_IAMONDB_DIR``, or None when it is unset or empty."""
    return folder_from_environment(
        ENVIRONMENT_VARIABLE,
        f"the IAM-OnDB folder (with {STROKES_FOLDER}/ and {TRANSCRIPTIONS_FOLDER}/)",
        IamOnDbFormatError,
    )


def _check_root(root: Path) -> tuple[Path, Path]:
    """The ``lineStrokes`` and ``ascii`` folders of the copy at ``root``, which must exist."""
    if not root.is_dir():
        found = "a file" if root.exists() else "nothing"
        raise IamOnDbFormatError(f"{root}: expected the IAM-OnDB folder, found {found} there")
    folders = [root / STROKES_FOLDER, root / TRANSCRIPTIONS_FOLDER]
    missing = [f"{folder.name}/" for folder in folders if not folder.is_dir()]
    if missing:
        present = sorted(p.name + ("/" if p.is_dir() else "") for p in root.iterdir())
        raise IamOnDbFormatError(
            f"{root}: expected the folders {STROKES_FOLDER}/ (from lineStrokes-all.tar.gz) and "
            f"{TRANSCRIPTIONS_FOLDER}/ (from ascii-all.tar.gz), found no {' or '.join(missing)} "
            f"(it holds: {', '.join(present[:8]) or 'nothing'}"
            f"{', ...' if len(present) > 8 else ''})"
        )
    return folders[0], folders[1]


def _parse_xml(path: Path, what: str) -> ElementTree.Element:
    """The root element of the XML file ``path``, which should hold ``what``."""
    if path.is_dir():
        raise IamOnDbFormatError(f"{path}: expected {what}, found a folder")
    try:
        return ElementTree.parse(path).getroot()
    except FileNotFoundError:
        raise IamOnDbFormatError(f"{path}: expected {what}, found no such file") from None
    except ElementTree.ParseError as error:
        reason = " ".join(str(error).split())
        raise IamOnDbFormatError(
            f"{path}: expected {what}, found XML that does not parse ({reason})"
        ) from None


def _number(point: ElementTree.Element, name: str, where: str) -> float:
    """The attribute ``name`` of ``point`` as a finite float."""
    text = point.get(name)
    if text is None:
        raise IamOnDbFormatError(f'{where}: expected a number in {name}="..", found no {name}')
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise IamOnDbFormatError(f"{where}: expected a finite number for {name}, got {text!r}")
    return value


def _read_text(path: Path, what: str) -> str:
    """The text of ``path``: UTF-8 (a byte-order mark removed), else Latin-1."""
    if path.is_dir():
        raise IamOnDbFormatError(f"{path}: expected {what}, found a folder")
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise IamOnDbFormatError(f"{path}: expected {what}, found no such file") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("latin-1")
