r"""Synthetic online handwriting: lines of text as a pen tablet records them.

No package ships real pen recordings with their transcriptions, but single-stroke fonts
ship with their pen order: the Hershey fonts (``hershey-fonts`` on PyPI; the data of
A. V. Hershey, U.S. National Bureau of Standards). A *writer* here is one such font and
a hand of its own, drawn once from the writer's seed:

* a **slant** (a shear of the letters), a **size**, a **baseline** that drifts up and down
  along the line, and a smooth **elastic warp** of the whole line (a sum of a few slow
  sinusoids in x and y);
* **jitter** of each letter's position and size, new at every letter;
* a **pen speed**: each stroke is resampled at equal time steps along its path, with the
  bell-shaped speed profile of a reaching movement (the minimum-jerk position
  :math:`s(\tau) = L(10\tau^3 - 15\tau^4 + 6\tau^5)`, Flash & Hogan 1985), so that points
  crowd at the ends of a stroke and spread out in its middle;
* a **habit of delayed strokes**: the dots of *i* and *j* and the cross of *t* are written
  after the letter's body, and, with the writer's probability, only after the whole word.

A tablet records the pen only while it touches the surface (as the IAM online database
does), so the jump to the next stroke is seen as the first offset of that stroke.
:func:`lstm.data.pen.features` turns the strokes into the inputs of an online recogniser:
the pen's offsets from the previous point and a pen-up flag on the last point of every
stroke.

What the synthetic data cannot carry: real writers' variability (letter shapes here are a
few fonts' shapes, deformed smoothly), pauses and hesitations, corrections and
crossings-out, and lines that do not fit a single font's alphabet. Error rates on it are
therefore not comparable with those on real handwriting; comparisons between networks
trained on it are what it is for.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from functools import cache

import numpy as np
from HersheyFonts import HersheyFonts

#: The single-line Hershey fonts a writer writes in: joined cursive, a simple script, and
#: two print hands.
FONTS = ("cursive", "scripts", "futural", "rowmans")

#: Every character a line may hold.
ALPHABET = string.ascii_letters + string.digits + " .,;:'!?-"

#: Letters whose smaller strokes (the dots of i and j, the cross of t) a writer may leave
#: until the word is written.
DELAYED_LETTERS = "ijt"

_X_HEIGHT = 9.0  # the fonts' glyph units between the baseline (y = 9) and the x-height


@cache
def _font(name: str) -> HersheyFonts:
    font = HersheyFonts()
    font.load_default_font(name)
    return font


@dataclass(frozen=True)
class Writer:
    """One synthetic writer: a font and a hand (see the module's docstring)."""

    id: int
    font: str
    slant: float  # shear: x moves by slant times the height above the baseline
    size: float  # x-height in output units
    drift: float  # amplitude of the baseline's drift, in x-heights
    drift_period: float  # in x-heights of line length
    warp: float  # amplitude of the elastic warp, in x-heights
    jitter: float  # standard deviation of a letter's shift, in x-heights
    speed: float  # mean distance the pen moves between two samples, in x-heights
    delay: float  # probability of leaving a word's dots and crosses to its end
    seed: int

    @classmethod
    def draw(cls, writer_id: int, seed: int = 0) -> Writer:
        """The writer ``writer_id`` of the population ``seed``; fonts take turns."""
        if isinstance(writer_id, bool) or not isinstance(writer_id, int) or writer_id < 0:
            raise ValueError(f"expected a writer id that is an int >= 0, got {writer_id!r}")
        rng = np.random.default_rng([seed, writer_id])
        return cls(
            id=writer_id,
            font=FONTS[writer_id % len(FONTS)],
            slant=float(rng.normal(0.2, 0.15)),
            size=float(rng.uniform(0.8, 1.25)),
            drift=float(rng.uniform(0.0, 0.3)),
            drift_period=float(rng.uniform(15.0, 40.0)),
            warp=float(rng.uniform(0.0, 0.15)),
            jitter=float(rng.uniform(0.02, 0.08)),
            speed=float(rng.uniform(0.12, 0.25)),
            delay=float(rng.uniform(0.2, 0.9)),
            seed=int(rng.integers(2**31)),
        )


def writers(ids: range | list[int], seed: int = 0) -> list[Writer]:
    """The writers ``ids`` of the population ``seed``; splits take disjoint ids, so the
    writers of the test lines are never seen in training."""
    return [Writer.draw(writer_id, seed) for writer_id in ids]


def _glyph_strokes(font: HersheyFonts, char: str) -> tuple[list[np.ndarray], float, float]:
    """A character's strokes in its font's units (y down, baseline at 9), main stroke
    first, and its left offset and advance."""
    (glyph,) = font.glyphs_for_text(char)
    strokes = [np.asarray(stroke, dtype=float) for stroke in glyph.strokes if len(stroke) > 1]
    if char in DELAYED_LETTERS and len(strokes) > 1:
        longest = max(range(len(strokes)), key=lambda i: _length(strokes[i]))
        strokes = [strokes[longest], *(s for i, s in enumerate(strokes) if i != longest)]
    return strokes, float(glyph.left_offset), float(glyph.char_width)


def _length(points: np.ndarray) -> float:
    return float(np.linalg.norm(np.diff(points, axis=0), axis=1).sum())


def _check_text(text: object) -> str:
    if not isinstance(text, str) or not text.strip():
        raise ValueError(f"expected a line of text, got {text!r}")
    unknown = sorted(set(text) - set(ALPHABET))
    if unknown:
        raise ValueError(
            f"expected characters from the handwriting alphabet {ALPHABET!r}, got "
            f"{''.join(unknown)!r} in {text!r}"
        )
    return text


def write(text: str, writer: Writer, line: int = 0) -> list[np.ndarray]:
    """The pen-down strokes of ``writer`` writing ``text``, in writing order.

    Each stroke is an (n, 2) array of x (rightwards) and y (upwards) in x-heights, sampled
    at equal time steps; ``line`` numbers the writer's lines, so that one writer writes
    each line a little differently and the same line the same way every time.
    """
    text = _check_text(text)
    rng = np.random.default_rng([writer.seed, line])
    font = _font(writer.font)
    strokes: list[np.ndarray] = []
    cursor = 0.0
    for word in text.split(" "):
        held_back: list[np.ndarray] = []
        delay_word = rng.random() < writer.delay
        for char in word:
            glyph, left, advance = _glyph_strokes(font, char)
            shift = rng.normal(0.0, writer.jitter * _X_HEIGHT, size=2)
            scale = rng.normal(1.0, 0.04)
            for index, stroke in enumerate(glyph):
                placed = (stroke - [left, 0.0]) * scale + [cursor, 0.0] + shift
                delayed = index > 0 and char in DELAYED_LETTERS
                (held_back if delayed and delay_word else strokes).append(placed)
            cursor += advance * scale
        strokes.extend(held_back)
        cursor += _glyph_strokes(font, " ")[2]
    return [_resample(_deform(stroke, writer), writer, rng) for stroke in strokes]


def _deform(points: np.ndarray, writer: Writer) -> np.ndarray:
    """Font units to the writer's hand: y up in x-heights, slant, drift, warp, size."""
    x = points[:, 0] / _X_HEIGHT
    y = (9.0 - points[:, 1]) / _X_HEIGHT  # height above the baseline
    phases = np.random.default_rng(writer.seed).uniform(0, 2 * np.pi, size=4)
    x = x + writer.slant * y
    y = y + writer.drift * np.sin(2 * np.pi * x / writer.drift_period + phases[0])
    x = x + writer.warp * np.sin(0.7 * x + 1.3 * y + phases[1])
    y = y + writer.warp * np.sin(0.5 * x + phases[2]) * np.cos(0.9 * y + phases[3])
    return np.stack([x, y], axis=1) * writer.size


def _resample(points: np.ndarray, writer: Writer, rng: np.random.Generator) -> np.ndarray:
    """Equal time steps along the stroke, with the bell-shaped speed of a reach."""
    steps = np.linalg.norm(np.diff(points, axis=0), axis=1)
    along = np.concatenate([[0.0], np.cumsum(steps)])
    length = along[-1]
    speed = writer.speed * writer.size * rng.uniform(0.85, 1.15)
    count = max(2, int(np.ceil(1.875 * length / speed)) + 1)  # peak speed 1.875x the mean
    tau = np.linspace(0.0, 1.0, count)
    position = length * (10 * tau**3 - 15 * tau**4 + 6 * tau**5)
    return np.stack([np.interp(position, along, points[:, i]) for i in range(2)], axis=1)
