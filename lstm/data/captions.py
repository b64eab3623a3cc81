"""Read (and write) image captions in the COCO format.

Vinyals et al. (2015) train Show and Tell on MS COCO, whose caption annotations are one
JSON file per split, ``captions_<split>.json``::

    {"images": [{"id": 1, "file_name": "000001.png", ...}, ...],
     "annotations": [{"image_id": 1, "caption": "a red circle ...", ...}, ...]}

beside a folder of image files. :func:`load_captions` reads such a pair into tensors
and caption lists, so a chapter can train on any data set in that format; its two
halves, :func:`read_annotations` and :func:`read_images`, let a chapter read a sample of
a large file's images. :func:`write_captions` writes such a pair, which is how the
book's generated scenes (:mod:`lstm.tasks.scenes`) can be stored and read back like COCO.

Real COCO is less tidy than the scenes. Its images come in dozens of sizes (640×480,
480×640, 500×375, ...), so :func:`load_captions` resizes them with Pillow as captioning
pipelines do, when given ``size``: ``fit="crop"`` scales the shorter side to the size
and cuts the centre out (torchvision's ``Resize`` then ``CenterCrop``), ``fit="resize"``
scales to exactly the size, whatever the aspect ratio. JPEG, PNG and the other formats
Pillow reads are all read; greyscale, palette and RGBA images become RGB.
Its captions hold the odd embedded newline or doubled space, and a few are nothing but
spaces: :func:`normalise_caption` collapses all whitespace to single spaces, and a
caption left empty is dropped with a warning that counts them. Every inconsistency
between the annotations and the folder is an error that names what was expected and what
arrived.
"""

from __future__ import annotations

import json
import os
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

import matplotlib.image
import numpy as np
import PIL.Image
import PIL.ImageOps
import torch
from torch import Tensor

from lstm.data.textfiles import read_text

FITS = ("crop", "resize")


class CaptionedImages(NamedTuple):
    """Images (n, 3, height, width) float32 in [0, 1], in the order of the annotation
    file's ``"images"``; ``captions[i]`` the captions of image i in file order."""

    images: Tensor
    captions: list[list[str]]
    image_ids: list[int]
    file_names: list[str]


def normalise_caption(text: str) -> str:
    """``text`` with every run of whitespace (newlines, tabs, non-breaking spaces included)
    made one space, and none at either end."""
    return " ".join(text.split())


def read_annotations(path: str | os.PathLike) -> tuple[list[tuple[int, str]], list[list[str]]]:
    """The images ``(id, file_name)`` of a COCO caption file and each one's captions.

    Captions are normalised by :func:`normalise_caption`; one that is left empty is
    dropped, with a warning that counts them and names the file. One line on stderr
    says what was read: the images, the captions kept and those dropped.

    Raises a :class:`~lstm.data.textfiles.TextFileError` (a ``ValueError``) if the file
    is not UTF-8 text or a folder stands in its place, which is also a
    ``FileNotFoundError`` if there is no file at all, and a ``ValueError`` if it is not
    JSON, lacks the "images" or "annotations" lists, holds an entry of the wrong form,
    repeats an image id, has a caption for an image id that "images" does not list, or
    lists an image without any caption.
    """
    path = Path(path)
    text = read_text(path, "a COCO caption file")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ValueError(
            f"{path} is not valid JSON: {error.msg} at line {error.lineno} column {error.colno}"
        ) from None
    if not (
        isinstance(data, dict)
        and isinstance(data.get("images"), list)
        and isinstance(data.get("annotations"), list)
    ):
        got = sorted(data) if isinstance(data, dict) else type(data).__name__
        raise ValueError(
            f"expected {path} to hold an object with 'images' and 'annotations' lists, got {got}"
        )

    images: list[tuple[int, str]] = []
    position: dict[int, int] = {}
    for k, entry in enumerate(data["images"]):
        if not (
            isinstance(entry, dict)
            and _is_int(entry.get("id"))
            and isinstance(entry.get("file_name"), str)
            and entry["file_name"]
        ):
            raise ValueError(
                f"images[{k}] in {path}: expected an object with an int 'id' and a "
                f"non-empty str 'file_name', got {entry!r}"
            )
        if entry["id"] in position:
            raise ValueError(
                f"images[{k}] in {path}: image id {entry['id']} is already used by "
                f"images[{position[entry['id']]}]; expected unique ids"
            )
        position[entry["id"]] = len(images)
        images.append((entry["id"], entry["file_name"]))

    captions: list[list[str]] = [[] for _ in images]
    empty = []
    for k, entry in enumerate(data["annotations"]):
        if not (
            isinstance(entry, dict)
            and _is_int(entry.get("image_id"))
            and isinstance(entry.get("caption"), str)
        ):
            raise ValueError(
                f"annotations[{k}] in {path}: expected an object with an int 'image_id' "
                f"and a str 'caption', got {entry!r}"
            )
        if entry["image_id"] not in position:
            known = sorted(position)
            shown = ", ".join(map(str, known[:10])) + (", ..." if len(known) > 10 else "")
            raise ValueError(
                f"annotations[{k}] in {path} is a caption for image id {entry['image_id']}, "
                f"but 'images' lists no such id (expected one of: {shown or 'none'})"
            )
        caption = normalise_caption(entry["caption"])
        if caption:
            captions[position[entry["image_id"]]].append(caption)
        else:
            empty.append(f"annotations[{k}]")
    if empty:
        warnings.warn(
            f"{path}: dropped {len(empty)} caption(s) that were empty or only whitespace: "
            f"{', '.join(empty[:5])}{' ...' if len(empty) > 5 else ''}",
            stacklevel=2,
        )

    bare = [image_id for (image_id, _), texts in zip(images, captions, strict=True) if not texts]
    if bare:
        raise ValueError(
            f"expected at least one caption per image in {path}, got none for image ids "
            f"{bare[:10]}{' ...' if len(bare) > 10 else ''}"
        )
    kept = sum(len(texts) for texts in captions)
    dropped = f", dropped {len(empty):,} empty" if empty else ""
    print(f"{path}: read {len(images):,} images and {kept:,} captions{dropped}", file=sys.stderr)
    return images, captions


def load_captions(
    annotations: str | os.PathLike,
    image_dir: str | os.PathLike,
    *,
    size: int | tuple[int, int] | None = None,
    fit: str = "crop",
) -> CaptionedImages:
    """Read the COCO caption file ``annotations`` and its images from ``image_dir``.

    Every image must exist and be readable by Pillow; greyscale, palette and RGBA images
    are converted to RGB (an alpha channel is dropped). With ``size`` (an int for square
    images, or ``(height, width)``) every image is resized to it: ``fit="crop"`` scales
    the shorter side to the size and cuts out the centre, ``fit="resize"`` scales to
    exactly the size. Without ``size`` every image must have the size of the first.
    """
    images, captions = read_annotations(annotations)
    return CaptionedImages(
        read_images(annotations, images, image_dir, size=size, fit=fit),
        captions,
        [image_id for image_id, _ in images],
        [file_name for _, file_name in images],
    )


def read_images(
    annotations: str | os.PathLike,
    images: Sequence[tuple[int, str]],
    image_dir: str | os.PathLike,
    *,
    size: int | tuple[int, int] | None = None,
    fit: str = "crop",
) -> Tensor:
    """The image files of ``images``, ``(id, file_name)`` pairs of the caption file
    ``annotations`` as :func:`read_annotations` gives them (all of them or a few), read
    from ``image_dir`` in that order: (n, 3, height, width) float32 in [0, 1], resized
    as :func:`load_captions` resizes them. ``annotations`` is named in the errors."""
    if fit not in FITS:
        raise ValueError(f"expected fit to be one of {FITS}, got {fit!r}")
    height_width = _size(size)
    image_dir = Path(image_dir)
    if not image_dir.is_dir():
        raise FileNotFoundError(f"expected a folder of images at {image_dir}, found none")
    arrays = []
    for image_id, file_name in images:
        file = image_dir / file_name
        if file.is_dir():
            raise ValueError(
                f"image id {image_id}: expected the image file {file} (named in "
                f"{annotations}), found a folder"
            )
        if not file.is_file():
            raise FileNotFoundError(
                f"image id {image_id}: expected the file {file} (named in {annotations}), "
                "found none"
            )
        array = _read_image(file, height_width, fit)
        if arrays and array.shape != arrays[0].shape:
            expected = "×".join(map(str, arrays[0].shape[1:]))
            raise ValueError(
                f"expected every image to be {expected} like {images[0][1]}, "
                f"got {'×'.join(map(str, array.shape[1:]))} in {file}; pass size= to "
                "load_captions to resize them all"
            )
        arrays.append(array)
    return torch.from_numpy(np.stack(arrays))


def write_captions(
    directory: str | os.PathLike,
    images: Tensor,
    captions: Sequence[Sequence[str]],
    *,
    split: str = "train",
) -> Path:
    """Write ``images`` (n, 3, height, width) in [0, 1] as PNG files under
    ``directory/<split>/`` and their captions to ``directory/captions_<split>.json``;
    return the caption file's path. Image ids count from 1."""
    if not isinstance(images, Tensor) or images.dim() != 4 or images.shape[1] != 3:
        shape = tuple(images.shape) if isinstance(images, Tensor) else type(images).__name__
        raise ValueError(f"expected images of shape (n, 3, height, width), got {shape}")
    if len(captions) != len(images):
        raise ValueError(
            f"expected one list of captions per image, got {len(captions)} for {len(images)}"
        )
    directory = Path(directory)
    folder = directory / split
    folder.mkdir(parents=True, exist_ok=True)
    entries, annotations = [], []
    for index, (image, texts) in enumerate(zip(images, captions, strict=True)):
        image_id, file_name = index + 1, f"{index + 1:06d}.png"
        pixels = image.detach().cpu().clamp(0, 1).permute(1, 2, 0).numpy()
        matplotlib.image.imsave(folder / file_name, pixels)
        entries.append({"id": image_id, "file_name": file_name})
        annotations += [
            {"id": len(annotations) + k + 1, "image_id": image_id, "caption": text}
            for k, text in enumerate(texts)
        ]
    path = directory / f"captions_{split}.json"
    path.write_text(json.dumps({"images": entries, "annotations": annotations}, indent=1))
    return path


def _size(size: int | tuple[int, int] | None) -> tuple[int, int] | None:
    """``size`` as (height, width), or None; anything else is an error."""
    if size is None:
        return None
    pair = (size, size) if _is_int(size) else size
    if not (isinstance(pair, tuple) and len(pair) == 2 and all(_is_int(n) and n > 0 for n in pair)):
        raise ValueError(
            f"expected size to be None, a positive int or (height, width), got {size!r}"
        )
    return pair


def _read_image(file: Path, size: tuple[int, int] | None, fit: str) -> np.ndarray:
    """An image file as a float32 (3, height, width) array in [0, 1], resized to ``size``
    (height, width) by ``fit`` if given."""
    try:
        with PIL.Image.open(file) as image:
            if image.mode.startswith("I"):  # 16-bit greyscale, which convert() would clip
                image = PIL.Image.fromarray(np.round(np.asarray(image) / 257).astype(np.uint8))
            image = image.convert("RGB")
    except Exception as error:  # Pillow raises many kinds (OSError, SyntaxError, ...)
        raise ValueError(f"cannot read the image {file}: {error}") from None
    if size is not None:
        height, width = size
        if fit == "crop":
            image = PIL.ImageOps.fit(image, (width, height), PIL.Image.Resampling.BILINEAR)
        else:
            image = image.resize((width, height), PIL.Image.Resampling.BILINEAR)
    array = np.asarray(image, dtype=np.float32) / 255
    return np.ascontiguousarray(array.transpose(2, 0, 1))


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
