"""Generated scenes with reference captions: the images of the Show and Tell chapter.

Vinyals et al. (2015) train an image captioner on COCO, whose images each carry five
reference captions written by people. We cannot download COCO, so the book draws its
own pictures: small RGB images (32×32 by default) holding one to three objects, each
with a *shape* (:data:`SHAPES`), a *colour* (:data:`COLOURS`), a *size* (small or
large) and a position, on a grey background with mild noise. Every image gets several
reference captions from a small grammar with paraphrases, e.g. for one scene::

    a small red circle left of a big blue square
    a blue square with a little red circle to its left
    there is a large blue square right of a red circle

The structured description (:class:`Scene`: objects, attributes, pairwise relations)
is kept with each image, so that a generated caption can be scored for what it says —
:func:`caption_attribute_accuracy` — and not only by n-gram overlap.

Generalisation rather than memory: the shape–colour pairs of :data:`HELD_OUT_PAIRS`
never occur in the ``"train"``, ``"pretrain"``, ``"test"`` and ``"validation"`` splits
(the last for choosing settings, so that ``"test"`` stays untouched); every scene of
the ``"unseen"`` split holds exactly one object with a held-out pair. A captioner that
names a green circle correctly there has composed "green" and "circle", which it only
ever saw apart.

Spatial relations are decided by the dominant axis between two objects' centres
(image coordinates, y downwards: "above" means a smaller y); scenes are drawn so that
the dominant axis wins by a clear margin and no two objects overlap or share both
shape and colour, so every relation and every "the red circle" is unambiguous.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import torch
from torch import Tensor

from lstm.checks import check_positive_int

SHAPES = ("circle", "square", "triangle", "diamond")
#: Colour names and their RGB values in [0, 1] (before a small per-object jitter).
COLOURS = {
    "red": (0.90, 0.12, 0.10),
    "green": (0.15, 0.75, 0.15),
    "blue": (0.15, 0.30, 0.95),
    "yellow": (0.95, 0.90, 0.15),
    "purple": (0.70, 0.20, 0.85),
    "cyan": (0.15, 0.85, 0.90),
}
SIZES = ("small", "large")
#: Object radius as a fraction of the image side, by size.
RADIUS = {"small": 0.11, "large": 0.17}
#: Radius of the circle around each shape, in units of its radius (see ``_shape_mask``):
#: objects are placed so that these circles neither overlap nor leave the image.
EXTENT = {
    "circle": 1.0,
    "square": 0.89 * 2**0.5,
    "diamond": 1.2,
    "triangle": (1.2**2 + 0.8**2) ** 0.5,
}
RELATIONS = ("left of", "right of", "above", "below")
INVERSE = {"left of": "right of", "right of": "left of", "above": "below", "below": "above"}
#: Shape–colour pairs that appear only in the ``"unseen"`` split: one per shape, each a
#: different colour, so every shape and every colour is still seen in training.
HELD_OUT_PAIRS = (
    ("circle", "green"),
    ("square", "yellow"),
    ("triangle", "blue"),
    ("diamond", "red"),
)
#: The splits, each its own random stream (a new split goes last, so that the streams of
#: the others stay as they were).
SPLITS = ("train", "pretrain", "test", "unseen", "validation")

# The grammar's words. Paraphrases of a size, of a relation between two noun phrases
# ("A left of B"), and of a relation said of the second phrase ("B with A to its left").
SIZE_WORDS = {"small": ("small", "little"), "large": ("large", "big")}
RELATION_PHRASES = {
    "left of": ("left of", "to the left of"),
    "right of": ("right of", "to the right of"),
    "above": ("above", "over"),
    "below": ("below", "under", "beneath"),
}
ITS_PHRASES = {
    "left of": ("to its left",),
    "right of": ("to its right",),
    "above": ("above it",),
    "below": ("below it", "under it"),
}
_BACKGROUND = (0.18, 0.32)  # range of the grey background level
_NOISE = 0.03  # standard deviation of the pixel noise
_JITTER = 0.05  # largest per-channel deviation of an object's colour from its name's
_SUPERSAMPLE = 3  # subpixels per pixel side, for anti-aliased edges


@dataclass(frozen=True)
class SceneObject:
    """One object: its attributes and the centre of its bounding circle, in pixels
    (``x`` to the right, ``y`` downwards)."""

    shape: str
    colour: str
    size: str
    x: float
    y: float


@dataclass(frozen=True)
class Scene:
    """The structured description of one image."""

    objects: tuple[SceneObject, ...]
    image_size: int

    def relation(self, first: int, second: int) -> str:
        """Where object ``first`` is relative to object ``second``: one of :data:`RELATIONS`."""
        a, b = self.objects[first], self.objects[second]
        dx, dy = a.x - b.x, a.y - b.y
        if abs(dx) >= abs(dy):
            return "left of" if dx < 0 else "right of"
        return "above" if dy < 0 else "below"

    @property
    def relations(self) -> tuple[tuple[int, str, int], ...]:
        """Every ordered pair of distinct objects with its relation: ``(i, relation, j)``."""
        count = len(self.objects)
        return tuple(
            (i, self.relation(i, j), j) for i in range(count) for j in range(count) if i != j
        )

    def has_held_out(self, held_out: tuple[tuple[str, str], ...] = HELD_OUT_PAIRS) -> bool:
        """Whether any object has a shape–colour pair of ``held_out``."""
        return any((o.shape, o.colour) in held_out for o in self.objects)

    def to_dict(self) -> dict:
        """A JSON-serialisable description (:meth:`from_dict` reads it back)."""
        return {
            "image_size": self.image_size,
            "objects": [vars(o).copy() for o in self.objects],
        }

    @classmethod
    def from_dict(cls, data: dict) -> Scene:
        return cls(tuple(SceneObject(**o) for o in data["objects"]), data["image_size"])


class Scenes(NamedTuple):
    """A set of rendered scenes: images (n, 3, size, size) in [0, 1], ``captions[i]`` the
    reference captions of image i, ``scenes[i]`` its structured description."""

    images: Tensor
    captions: list[list[str]]
    scenes: list[Scene]


def render_scenes(
    count: int,
    *,
    seed: int,
    split: str = "train",
    image_size: int = 32,
    captions_per_image: int = 5,
    max_objects: int = 3,
    held_out: tuple[tuple[str, str], ...] = HELD_OUT_PAIRS,
) -> Scenes:
    """``count`` scenes of ``split`` (one of :data:`SPLITS`), reproducible from ``seed``.

    The number of objects is uniform in 1..``max_objects``; each object's shape–colour
    pair is uniform over the pairs not in ``held_out`` (in the ``"unseen"`` split,
    exactly one object per scene takes a pair uniform over ``held_out``); sizes are
    drawn fair, but a layout that does not fit apart is redrawn with new sizes, so
    large objects in crowded scenes are a little rarer (about 44% of all objects are
    large). Different splits draw from different random streams of the same seed,
    so the splits of one seed are different scenes.
    """
    check_positive_int(count, "count")
    check_positive_int(captions_per_image, "captions_per_image")
    check_positive_int(max_objects, "max_objects")
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise ValueError(f"expected seed to be a non-negative int, got {seed!r}")
    if split not in SPLITS:
        raise ValueError(f"expected split to be one of {SPLITS}, got {split!r}")
    if isinstance(image_size, bool) or not isinstance(image_size, int) or image_size < 24:
        raise ValueError(f"expected image_size to be an int of at least 24, got {image_size!r}")
    if max_objects > 3:
        raise ValueError(f"expected max_objects in 1..3 (they must fit apart), got {max_objects}")
    pairs = [(shape, colour) for shape in SHAPES for colour in COLOURS]
    unknown = [pair for pair in held_out if pair not in pairs]
    if unknown:
        raise ValueError(f"expected held_out as (shape, colour) pairs of {pairs}, got {unknown}")
    seen = [pair for pair in pairs if pair not in held_out]
    if len(seen) < max_objects:
        raise ValueError(
            f"expected at least max_objects={max_objects} pairs outside held_out, got {len(seen)}"
        )
    if split == "unseen" and not held_out:
        raise ValueError("the 'unseen' split needs at least one held_out pair, got none")

    rng = np.random.default_rng([seed, SPLITS.index(split)])
    images = np.empty((count, 3, image_size, image_size), dtype=np.float32)
    captions, scenes = [], []
    for index in range(count):
        scene = _draw_scene(rng, image_size, max_objects, seen, held_out, split == "unseen")
        images[index] = _render(rng, scene)
        captions.append([describe(scene, rng) for _ in range(captions_per_image)])
        scenes.append(scene)
    return Scenes(torch.from_numpy(images), captions, scenes)


def _draw_scene(
    rng: np.random.Generator,
    image_size: int,
    max_objects: int,
    seen: list[tuple[str, str]],
    held_out: tuple[tuple[str, str], ...],
    novel: bool,
) -> Scene:
    count = int(rng.integers(1, max_objects + 1))
    chosen: list[tuple[str, str]] = []
    if novel:
        chosen.append(held_out[int(rng.integers(len(held_out)))])
    while len(chosen) < count:
        pair = seen[int(rng.integers(len(seen)))]
        if pair not in chosen:
            chosen.append(pair)
    # shuffled, so that the novel object is not always the first
    chosen = [chosen[i] for i in rng.permutation(count)]
    while True:  # redraw sizes and positions until the objects fit apart, relations clear
        sizes = [SIZES[int(rng.integers(2))] for _ in range(count)]
        for _attempt in range(50):
            objects = []
            for (shape, colour), size in zip(chosen, sizes, strict=True):
                extent = _extent(shape, size, image_size)
                x, y = rng.uniform(extent + 1, image_size - 1 - extent, size=2)
                objects.append(SceneObject(shape, colour, size, float(x), float(y)))
            if _well_placed(objects, image_size):
                return Scene(tuple(objects), image_size)


def _extent(shape: str, size: str, image_size: int) -> float:
    """Radius in pixels of the circle around an object."""
    return EXTENT[shape] * RADIUS[size] * image_size


def _well_placed(objects: list[SceneObject], image_size: int) -> bool:
    margin = 0.08 * image_size
    for i, a in enumerate(objects):
        for b in objects[i + 1 :]:
            dx, dy = abs(a.x - b.x), abs(a.y - b.y)
            reach = _extent(a.shape, a.size, image_size) + _extent(b.shape, b.size, image_size)
            apart = np.hypot(dx, dy) >= reach
            if not apart or abs(dx - dy) < margin:
                return False
    return True


def _render(rng: np.random.Generator, scene: Scene) -> np.ndarray:
    """Anti-aliased shapes over a noisy grey background: (3, size, size) in [0, 1]."""
    size = scene.image_size
    grey = rng.uniform(*_BACKGROUND)
    image = np.full((size, size, 3), grey)
    fine = (np.arange(size * _SUPERSAMPLE) + 0.5) / _SUPERSAMPLE
    ys, xs = np.meshgrid(fine, fine, indexing="ij")
    for o in scene.objects:
        mask = _shape_mask(o.shape, xs - o.x, ys - o.y, RADIUS[o.size] * size)
        coverage = mask.reshape(size, _SUPERSAMPLE, size, _SUPERSAMPLE).mean(axis=(1, 3))
        colour = np.clip(np.array(COLOURS[o.colour]) + rng.uniform(-_JITTER, _JITTER, 3), 0, 1)
        image = image * (1 - coverage[..., None]) + colour * coverage[..., None]
    image += rng.normal(0, _NOISE, image.shape)
    return np.clip(image, 0, 1).transpose(2, 0, 1)


def _shape_mask(shape: str, dx: np.ndarray, dy: np.ndarray, radius: float) -> np.ndarray:
    """Which points (offsets from the centre) lie inside ``shape`` of ``radius``; the
    square and diamond are scaled to about the circle's area."""
    if shape == "circle":
        return dx**2 + dy**2 <= radius**2
    if shape == "square":
        return np.maximum(abs(dx), abs(dy)) <= 0.89 * radius
    if shape == "diamond":
        return abs(dx) + abs(dy) <= 1.2 * radius
    if shape == "triangle":  # pointing up: apex at (0, -1.2 r), base at y = 0.8 r
        top, base = -1.2 * radius, 0.8 * radius
        half_width = 1.2 * radius * (dy - top) / (base - top)
        return (dy <= base) & (abs(dx) <= half_width)
    raise ValueError(f"expected a shape of {SHAPES}, got {shape!r}")


# --- captions ---------------------------------------------------------------------------


def describe(scene: Scene, rng: np.random.Generator) -> str:
    """One reference caption of ``scene``, its wording drawn with ``rng``.

    One object: a noun phrase ("a small red circle", "there is a big blue square").
    Two or three: clauses joined by "and", each relating a new object to one already
    named, in one of three paraphrases ("A left of B", "B right of A", "B with A to its
    left"); an object named a second time takes "the". The size is left out of a noun
    phrase now and then, as people leave details out.
    """
    count = len(scene.objects)
    order = [int(i) for i in rng.permutation(count)]
    named: set[int] = set()

    def phrase(index: int) -> str:
        o = scene.objects[index]
        article = "the" if index in named else "a"
        named.add(index)
        words = [article]
        if article == "a" and rng.random() < 0.8:
            words.append(_choice(rng, SIZE_WORDS[o.size]))
        return " ".join([*words, o.colour, o.shape])

    prefix = "there is " if rng.random() < 0.25 else ""
    if count == 1:
        return prefix + phrase(order[0])
    clauses = []
    for position, new in enumerate(order[1:], start=1):
        old = order[int(rng.integers(position))]  # any object named before
        first, second = (old, new) if rng.random() < 0.5 else (new, old)
        if rng.random() < 2 / 3:  # "A left of B"
            relation = _choice(rng, RELATION_PHRASES[scene.relation(first, second)])
            clauses.append(f"{phrase(first)} {relation} {phrase(second)}")
        else:  # "B with A to its left": the relation is said of the second phrase
            its = _choice(rng, ITS_PHRASES[scene.relation(second, first)])
            clauses.append(f"{phrase(first)} with {phrase(second)} {its}")
    return prefix + " and ".join(clauses)


def _choice(rng: np.random.Generator, options: tuple[str, ...]) -> str:
    return options[int(rng.integers(len(options)))]


# --- reading captions back --------------------------------------------------------------

_WORD_SIZE = {word: size for size, words in SIZE_WORDS.items() for word in words}
_NOUN_PHRASE = re.compile(
    rf"\b(?:(?P<size>{'|'.join(_WORD_SIZE)}) )?"
    rf"(?P<colour>{'|'.join(COLOURS)}) (?P<shape>{'|'.join(SHAPES)})\b"
)
_RELATION_WORDS = {
    "left": "left of",
    "right": "right of",
    "above": "above",
    "over": "above",
    "below": "below",
    "under": "below",
    "beneath": "below",
}


def _grammar() -> re.Pattern[str]:
    """The exact language :func:`describe` speaks, as one regular expression."""
    sizes = "|".join(_WORD_SIZE)
    noun = rf"(?:a (?:(?:{sizes}) )?|the )(?:{'|'.join(COLOURS)}) (?:{'|'.join(SHAPES)})"
    relation = "|".join(p for phrases in RELATION_PHRASES.values() for p in phrases)
    its = "|".join(p for phrases in ITS_PHRASES.values() for p in phrases)
    clause = rf"{noun}(?: (?:{relation}) {noun}| with {noun} (?:{its}))?"
    return re.compile(rf"(?:there is )?{clause}(?: and {clause})*")


_GRAMMAR = _grammar()


class ParsedCaption(NamedTuple):
    """What a caption says: the objects it names, as (size or None, colour, shape) in
    order of first mention; the relations it states, as (object, relation, object)
    indices into ``objects``; and whether it is a sentence of the scene grammar."""

    objects: list[tuple[str | None, str, str]]
    relations: list[tuple[int, str, int]]
    grammatical: bool


def parse_caption(caption: str) -> ParsedCaption:
    """Read the objects and relations out of ``caption``, leniently.

    Generated captions need not be grammatical, so the reading does not insist: a
    noun phrase is any "[size] colour shape"; clauses are split at "and"; in a clause
    with two noun phrases A and B, a relation word between them states "A rel B",
    unless "with" stands between them, in which case the relation words after B
    state "B rel A" ("a red circle with a blue square to its left"). A phrase naming a
    colour and shape already named refers to that object again.
    """
    if not isinstance(caption, str):
        raise TypeError(f"expected caption to be a str, got {type(caption).__name__}")
    text = " ".join(caption.lower().replace(".", " ").split())
    objects: list[tuple[str | None, str, str]] = []
    relations: list[tuple[int, str, int]] = []
    for clause in text.split(" and "):
        mentions = list(_NOUN_PHRASE.finditer(clause))
        indices = []
        for match in mentions:
            size = _WORD_SIZE.get(match["size"]) if match["size"] else None
            colour, shape = match["colour"], match["shape"]
            known = [i for i, o in enumerate(objects) if o[1:] == (colour, shape)]
            if known:
                indices.append(known[0])
                if objects[known[0]][0] is None and size is not None:
                    objects[known[0]] = (size, colour, shape)
            else:
                objects.append((size, colour, shape))
                indices.append(len(objects) - 1)
        if len(mentions) < 2:
            continue
        between = clause[mentions[0].end() : mentions[1].start()].split()
        after = clause[mentions[1].end() :].split()
        if "with" in between:
            relation = _first_relation(after)
            if relation is not None:
                relations.append((indices[1], relation, indices[0]))
        else:
            relation = _first_relation(between)
            if relation is not None:
                relations.append((indices[0], relation, indices[1]))
    return ParsedCaption(objects, relations, _GRAMMAR.fullmatch(text) is not None)


def _first_relation(words: list[str]) -> str | None:
    return next((_RELATION_WORDS[w] for w in words if w in _RELATION_WORDS), None)


class AttributeScore(NamedTuple):
    """How well a caption describes a scene, each in [0, 1] (``None``: nothing to score).

    ``colours``, ``shapes`` and ``objects`` (colour and shape together) compare the
    multiset the caption names with the scene's, divided by the larger of the two
    counts, so that naming too few objects and naming objects that are not there both
    cost. ``sizes``: of the named objects that are in the scene and carry a size word,
    the share whose size is right. ``relations``: the stated relations that hold
    between objects of the scene, divided by the larger of the number stated and the
    number a full description needs (objects − 1). ``exact``: all of them right.
    """

    colours: float
    shapes: float
    objects: float
    sizes: float | None
    relations: float | None
    exact: bool


def caption_attribute_accuracy(caption: str, scene: Scene) -> AttributeScore:
    """Score what ``caption`` says about ``scene``: its colours, shapes, sizes, relations."""
    if not isinstance(scene, Scene):
        raise TypeError(f"expected scene to be a Scene, got {type(scene).__name__}")
    parsed = parse_caption(caption)

    def overlap(named: list, present: list) -> float:
        common = sum((Counter(named) & Counter(present)).values())
        return common / max(len(named), len(present))

    def project(keys):
        named = [tuple(o[k] for k in keys) for o in parsed.objects]
        present = [tuple((o.size, o.colour, o.shape)[k] for k in keys) for o in scene.objects]
        return overlap(named, present)

    where = {(o.colour, o.shape): i for i, o in enumerate(scene.objects)}
    sized = [(o[0], where[o[1:]]) for o in parsed.objects if o[0] and o[1:] in where]
    sizes = sum(size == scene.objects[i].size for size, i in sized) / len(sized) if sized else None
    needed = max(len(parsed.relations), len(scene.objects) - 1)
    holding = 0
    for a, relation, b in parsed.relations:
        first, second = where.get(parsed.objects[a][1:]), where.get(parsed.objects[b][1:])
        if first is not None and second is not None and first != second:
            holding += scene.relation(first, second) == relation
    relations = holding / needed if needed else None
    colours, shapes, objects = project((1,)), project((2,)), project((1, 2))
    exact = objects == 1 and sizes in (None, 1) and relations in (None, 1)
    return AttributeScore(colours, shapes, objects, sizes, relations, exact)


def mean_attribute_accuracy(captions: list[str], scenes: list[Scene]) -> dict[str, float]:
    """The mean of each :class:`AttributeScore` field over caption–scene pairs (fields
    with nothing to score on a pair are left out of that field's mean)."""
    if len(captions) != len(scenes):
        raise ValueError(
            f"expected one caption per scene, got {len(captions)} captions for {len(scenes)} scenes"
        )
    if not scenes:
        raise ValueError("expected at least one caption and scene, got none")
    scores = [caption_attribute_accuracy(c, s) for c, s in zip(captions, scenes, strict=True)]
    means = {}
    for field in AttributeScore._fields:
        values = [float(getattr(s, field)) for s in scores if getattr(s, field) is not None]
        means[field] = float(np.mean(values)) if values else float("nan")
    return means


# --- the pretraining task ---------------------------------------------------------------

#: Classes of each attribute in :func:`attribute_targets`; the last one of each means
#: "no object in this slot".
ATTRIBUTE_CLASSES = {
    "shape": (*SHAPES, "none"),
    "colour": (*COLOURS, "none"),
    "size": (*SIZES, "none"),
}


def attribute_targets(scenes: list[Scene], max_objects: int = 3) -> Tensor:
    """Classification targets for pretraining an image encoder on scenes: for each
    scene, ``max_objects`` slots holding the objects from left to right, each slot
    the class indices (shape, colour, size) of :data:`ATTRIBUTE_CLASSES`; empty slots
    hold the "none" class. Shape (n, max_objects, 3), int64.

    Ordering the slots from left to right asks the encoder to bind each colour to its
    shape and to keep where the objects are — what a caption needs.
    """
    check_positive_int(max_objects, "max_objects")
    targets = torch.empty((len(scenes), max_objects, 3), dtype=torch.int64)
    names = list(ATTRIBUTE_CLASSES.values())
    targets[:, :, 0], targets[:, :, 1], targets[:, :, 2] = (len(n) - 1 for n in names)
    for index, scene in enumerate(scenes):
        if len(scene.objects) > max_objects:
            raise ValueError(
                f"expected scenes of at most {max_objects} objects, scene {index} "
                f"has {len(scene.objects)}"
            )
        for slot, o in enumerate(sorted(scene.objects, key=lambda o: o.x)):
            targets[index, slot] = torch.tensor(
                [names[0].index(o.shape), names[1].index(o.colour), names[2].index(o.size)]
            )
    return targets
