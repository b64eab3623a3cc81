"""Synthetic XML (Jozefowicz, Zaremba & Sutskever 2015, section 4.2).

A document is a tree of nested tags with random names, one tag per line, indented by its
depth::

    <qhd>
     <yaxfv>
     </yaxfv>
    </qhd>

The names are noise that no network can predict; what can be predicted is the structure:
the indentation, the ``</`` of a closing tag, and above all a closing tag's name, which
repeats the name of the latest tag still open, however long ago it was opened. So the
task asks for a stack in memory.

Generation (our specification of the paper's description): a document opens ``tags``
tags in all; while tags remain to be opened, the next line opens one (a name of
``name_length`` letters, a length drawn uniformly) with probability 1/2 and closes the
latest open tag otherwise; it must open when no tag is open and must close when
``max_depth`` tags are open; once all are opened, the open ones are closed.
"""

from __future__ import annotations

import string

import numpy as np
import torch

from lstm.checks import check_positive_int
from lstm.tasks import random_generator
from lstm.tasks.characters import CharacterBatch, encode

LETTERS = string.ascii_lowercase
#: Every character of a document; index 0 (padding) is the newline.
ALPHABET = "\n <>/" + LETTERS


def _check_name_length(name_length: object) -> tuple[int, int]:
    if (
        not isinstance(name_length, tuple | list)
        or len(name_length) != 2
        or not all(isinstance(n, int) and not isinstance(n, bool) for n in name_length)
        or not 1 <= name_length[0] <= name_length[1]
    ):
        raise ValueError(
            f"expected name_length as (shortest, longest) with 1 <= shortest <= longest, "
            f"got {name_length!r}"
        )
    return int(name_length[0]), int(name_length[1])


def document(
    seed: int | np.random.Generator,
    *,
    tags: int,
    max_depth: int,
    name_length: tuple[int, int] = (2, 5),
) -> str:
    """One document of ``tags`` tags, nested at most ``max_depth`` deep."""
    tags = check_positive_int(tags, "tags")
    max_depth = check_positive_int(max_depth, "max_depth")
    shortest, longest = _check_name_length(name_length)
    rng = random_generator(seed)
    lines, open_tags, opened = [], [], 0
    while opened < tags or open_tags:
        must_open = not open_tags and opened < tags
        may_open = opened < tags and len(open_tags) < max_depth
        if must_open or (may_open and rng.random() < 0.5):
            length = int(rng.integers(shortest, longest + 1))
            name = "".join(rng.choice(list(LETTERS), size=length))
            lines.append(" " * len(open_tags) + f"<{name}>\n")
            open_tags.append(name)
            opened += 1
        else:
            name = open_tags.pop()
            lines.append(" " * len(open_tags) + f"</{name}>\n")
    return "".join(lines)


def is_well_formed(text: str) -> bool:
    """Whether ``text`` is a document as :func:`document` writes them: every line a tag
    indented by its depth, every closing tag the latest open one, all closed at the end."""
    open_tags: list[str] = []
    lines = text.split("\n")
    if lines[-1] != "" or len(lines) < 2:
        return False
    for line in lines[:-1]:
        closing = line.lstrip(" ").startswith("</")
        if closing and not open_tags:
            return False
        depth = len(open_tags) - closing
        tag = line[depth:]
        name = tag[2:-1] if closing else tag[1:-1]
        if line[:depth] != " " * depth or not name or not set(name) <= set(LETTERS):
            return False
        if tag != (f"</{name}>" if closing else f"<{name}>"):
            return False
        if closing:
            if not open_tags or open_tags.pop() != name:
                return False
        else:
            open_tags.append(name)
    return not open_tags


def batch(
    count: int,
    seed: int | np.random.Generator,
    *,
    tags: int,
    max_depth: int,
    name_length: tuple[int, int] = (2, 5),
) -> CharacterBatch:
    """``count`` documents, every next-character prediction scored."""
    rng = random_generator(seed)
    count = check_positive_int(count, "count")
    texts = [
        document(rng, tags=tags, max_depth=max_depth, name_length=name_length) for _ in range(count)
    ]
    return encode(texts, ALPHABET, [0] * count)


def closing_name_steps(batch: CharacterBatch) -> torch.Tensor:
    """(batch, time) bool: the steps of ``batch`` that predict a letter of a closing tag's
    name, the predictions that need the stack of open tags in memory."""
    slash, opening = ALPHABET.index("/"), ALPHABET.index("<")
    letters = torch.tensor([ALPHABET.index(letter) for letter in LETTERS])
    inside_closing = torch.zeros_like(batch.scored)
    state = torch.zeros(batch.inputs.shape[0], dtype=torch.bool)
    for t in range(batch.inputs.shape[1]):
        read = batch.inputs[:, t]
        state = torch.where(read == slash, True, torch.where(read == opening, False, state))
        inside_closing[:, t] = state
    return inside_closing & torch.isin(batch.targets, letters) & batch.scored
