"""Bach's four-part chorales as piano rolls: the JSB Chorales task, built from music21.

Greff et al. (2017) modelled JSB Chorales (Boulanger-Lewandowski, Bengio & Vincent 2012):
382 of Bach's chorales as piano rolls, one time step per quarter note, transposed to C
major or C minor, split 229 / 76 / 77; each step's notes are predicted from the steps
before it, and the score is the negative log-likelihood per step. That data set is not on
PyPI, but the ``music21`` package (BSD) ships the chorales themselves, so this module
builds the task from them:

- *Which chorales*: music21's chorale iterator in Riemenschneider's numbering gives 371
  entries, some of which name the same file; the distinct files, sorted
  (:func:`chorale_names`), of which those that do not hold four parts are skipped when
  parsed (music21 10.5.1: 331 of 350 remain).
- *Key*: each chorale is transposed so that its tonic, by music21's key analysis, is C
  (the shorter way round: at most a tritone up or down).
- *Roll*: 88 keys (MIDI 21, A0, to 108, C8), one step per quarter note; a key is on at a
  step when a note of any part sounds at that beat (ties merged). A note that starts and
  ends between two beats (a passing eighth) sounds at no beat and is not in the roll.
- *Split*: a seeded shuffle of the chorales, then the paper's proportions.

Parsing takes a few tenths of a second per chorale, so the rolls are cached in
``data/cache/`` (git-ignored) under a key of the chorales' names, music21's version and
:data:`FORMAT`, with a SHA-256 checksum that is verified on every load.
"""

from __future__ import annotations

import hashlib
import math
import os
import warnings
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path
from typing import NamedTuple

import numpy as np
import torch
from torch import Tensor

N_KEYS = 88
LOWEST_MIDI = 21
STEP = "quarter note"
PROPORTIONS = {"train": 229, "validation": 76, "test": 77}  # of 382, Greff et al.'s split
CACHE_DIR = Path(__file__).resolve().parents[2] / "data" / "cache"
FORMAT = 1  # bump when the roll or the selection of chorales changes


class Chorales(NamedTuple):
    """Three splits of piano rolls (each (steps, 88), float32 of 0 and 1), the chorale
    names of each split, and where they came from."""

    train: list[Tensor]
    validation: list[Tensor]
    test: list[Tensor]
    names: dict[str, list[str]]
    source: dict


def chorale_names() -> list[str]:
    """music21's chorales by corpus name (``"bach/bwv26.6"``), distinct and sorted."""
    try:
        from music21 import corpus
    except ImportError as error:
        raise RuntimeError(
            f"the chorales come from the music21 package, which does not import: {error}"
        ) from None
    iterator = corpus.chorales.Iterator(numberingSystem="riemenschneider", returnType="filename")
    names = sorted(set(iterator))
    if not names:
        raise FileNotFoundError(
            "expected Bach's chorales in music21's corpus, found none: reinstall music21 "
            "with its corpus (pip install --force-reinstall music21)"
        )
    return names


def transposed_to_c(score):
    """``score`` transposed so that its tonic is C, the shorter way, and its mode
    (``"major"`` or ``"minor"``) by music21's key analysis."""
    from music21 import interval, pitch

    key = score.analyze("key")
    semitones = (pitch.Pitch("C").pitchClass - key.tonic.pitchClass) % 12
    if semitones > 6:
        semitones -= 12
    return score.transpose(interval.Interval(semitones)), key.mode


def piano_roll(score, name: str = "score") -> np.ndarray:
    """The roll of ``score``: (steps, 88) float32, step ``s`` for beat ``s`` (quarter
    notes from the start), a key on when a note sounds at that beat."""
    flat = score.stripTies().flatten()
    steps = math.ceil(float(flat.highestTime))
    roll = np.zeros((steps, N_KEYS), np.float32)
    for element in flat.notes:
        start = float(element.offset)
        end = start + float(element.duration.quarterLength)
        beats = range(math.ceil(start), math.ceil(end))
        for p in element.pitches:
            key = p.midi - LOWEST_MIDI
            if not 0 <= key < N_KEYS:
                raise ValueError(
                    f"{name}: expected pitches within the piano's 88 keys (MIDI 21-108), "
                    f"got {p.nameWithOctave} (MIDI {p.midi})"
                )
            roll[list(beats), key] = 1.0
    return roll


def _parse(name: str) -> tuple[str, np.ndarray | None, str]:
    """(name, roll or None for a chorale without four parts, mode)."""
    from music21 import corpus

    score = corpus.parse(name)
    if len(score.parts) != 4:
        return name, None, ""
    score, mode = transposed_to_c(score)
    return name, piano_roll(score, name), mode


def _key(names: list[str]) -> str:
    import music21

    text = "\n".join([f"format {FORMAT}", f"music21 {music21.__version__}", *names])
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _parse_all(names: list[str], workers: int) -> dict[str, np.ndarray]:
    if workers == 1:
        parsed = [_parse(name) for name in names]
    else:
        with ProcessPoolExecutor(workers, mp_context=get_context("spawn")) as pool:
            parsed = list(pool.map(_parse, names, chunksize=8))
    kept = [(name, roll, mode) for name, roll, mode in parsed if roll is not None]
    return {
        "names": np.array([name for name, _, _ in kept]),
        "modes": np.array([mode for _, _, mode in kept]),
        "lengths": np.array([len(roll) for _, roll, _ in kept], np.int64),
        "rolls": np.concatenate([roll for _, roll, _ in kept]).astype(np.uint8),
        "skipped": np.array(len(names) - len(kept), np.int64),
    }


def _cached(names: list[str], cache_dir: Path, workers: int) -> tuple[dict, Path, str]:
    """The parsed rolls of ``names``, from the cache when its checksum holds."""
    path = cache_dir / f"chorales-{_key(names)}.npz"
    checksum_path = path.with_suffix(".sha256")
    if path.exists() and checksum_path.exists():
        expected = checksum_path.read_text().split()[0]
        actual = _sha256(path)
        if actual == expected:
            with np.load(path) as data:
                return {name: data[name] for name in data.files}, path, actual
        warnings.warn(
            f"{path}: checksum {actual[:12]}... differs from the recorded {expected[:12]}...; "
            "parsing the chorales again",
            stacklevel=3,
        )
    arrays = _parse_all(names, workers)
    cache_dir.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(f".{os.getpid()}.partial.npz")
    np.savez(partial, **arrays)
    checksum = _sha256(partial)
    os.replace(partial, path)
    checksum_path.write_text(f"{checksum}  {path.name}\n")
    return arrays, path, checksum


def split_sizes(count: int) -> dict[str, int]:
    """How many of ``count`` chorales each split gets, in the paper's proportions."""
    total = sum(PROPORTIONS.values())
    validation = round(count * PROPORTIONS["validation"] / total)
    test = round(count * PROPORTIONS["test"] / total)
    return {"train": count - validation - test, "validation": validation, "test": test}


def load(
    count: int | None = None,
    *,
    seed: int = 0,
    cache_dir: str | Path | None = None,
    workers: int = 2,
) -> Chorales:
    """The chorales as three splits of piano rolls: the first ``count`` of
    :func:`chorale_names` (all for None), shuffled with ``seed`` and split in the paper's
    proportions. Parsed in ``workers`` processes on first use, then cached in
    ``cache_dir`` (default: the repository's ``data/cache/``)."""
    names = chorale_names()
    if count is not None and (
        isinstance(count, bool) or not isinstance(count, int) or not 3 <= count <= len(names)
    ):
        raise ValueError(
            f"expected count as an int from 3 to {len(names)} (the chorales music21 has) "
            f"or None for all, got {count!r}"
        )
    names = names[:count]
    arrays, path, checksum = _cached(names, Path(cache_dir or CACHE_DIR), workers)
    bounds = np.concatenate([[0], np.cumsum(arrays["lengths"])])
    rolls = [
        torch.from_numpy(arrays["rolls"][start:end].astype(np.float32))
        for start, end in zip(bounds[:-1], bounds[1:], strict=True)
    ]
    kept = [str(name) for name in arrays["names"]]
    order = np.random.default_rng(seed).permutation(len(kept))
    sizes = split_sizes(len(kept))
    splits, start = {}, 0
    for split in ("train", "validation", "test"):
        splits[split] = sorted(order[start : start + sizes[split]].tolist())
        start += sizes[split]
    import music21

    return Chorales(
        train=[rolls[i] for i in splits["train"]],
        validation=[rolls[i] for i in splits["validation"]],
        test=[rolls[i] for i in splits["test"]],
        names={split: [kept[i] for i in rows] for split, rows in splits.items()},
        source={
            "corpus": "music21's Bach chorales",
            "music21": music21.__version__,
            "chorales": len(kept),
            "skipped": int(arrays["skipped"]),
            "step": STEP,
            "seed": seed,
            "cache": path.name,
            "sha256": checksum,
        },
    )
