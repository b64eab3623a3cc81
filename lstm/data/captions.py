"""Read (and write) image captions in the COCO format.

Vinyals et al. (2015) train Show and Tell on MS COCO, whose caption annotations are one
JSON file per split, ``captions_<split>.json``::

    {"images": [{"id": 1, "file_name": "000001.png", ...}, ...],
     "annotations": [{"image_id": 1, "caption": "a red circle ...", ...}, ...]}

beside a folder of image files. :func:`load_captions` reads such a pair into tensors
and caption lists, so a chapter can train on any data set in that format;
:func:`write_captions` writes one, which is how the book's generated scenes
(:mod:`lstm.tasks.scenes`) can be stored and read back like COCO. Images are read
with matplotlib (PNG needs no further dependency). Every inconsistency between the
annotations and the folder is an error that names what was expected and what arrived.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

import matplotlib.image
import numpy as np
import torch
from torch import Tensor


class CaptionedImages(NamedTuple):
    """Images (n, 3, height, width) float32 in [0, 1], in the order of the annotation
    file's ``"images"``; ``captions[i]`` the captions of image i in file order."""

    images: Tensor
    captions: list[list[str]]
    image_ids: list[int]
    file_names: list[str]


def read_annotations(path: str | os.PathLike) -> tuple[list[tuple[int, str]], list[list[str]]]:
    """The images ``(id, file_name)`` of a COCO caption file and each one's captions.

    Raises ``FileNotFoundError`` if the file is missing and ``ValueError`` if it is not
    JSON, lacks the "images" or "annotations" lists, holds an entry of the wrong form,
    repeats an image id, has a caption for an image id that "images" does not list, or
    lists an image without any caption.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise FileNotFoundError(f"expected a COCO caption file at {path}, found none") from None
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
        captions[position[entry["image_id"]]].append(entry["caption"].strip())

    bare = [image_id for (image_id, _), texts in zip(images, captions, strict=True) if not texts]
    if bare:
        raise ValueError(
            f"expected at least one caption per image in {path}, got none for image ids "
            f"{bare[:10]}{' ...' if len(bare) > 10 else ''}"
        )
    return images, captions


def load_captions(annotations: str | os.PathLike, image_dir: str | os.PathLike) -> CaptionedImages:
    """Read the COCO caption file ``annotations`` and its images from ``image_dir``.

    Every image must exist, be readable by :func:`matplotlib.pyplot.imread` (PNG) and
    have the size of the first; greyscale images are repeated into three channels and
    an alpha channel is dropped.
    """
    images, captions = read_annotations(annotations)
    image_dir = Path(image_dir)
    if not image_dir.is_dir():
        raise FileNotFoundError(f"expected a folder of images at {image_dir}, found none")
    arrays = []
    for image_id, file_name in images:
        file = image_dir / file_name
        if not file.is_file():
            raise FileNotFoundError(
                f"image id {image_id}: expected the file {file} (named in {annotations}), "
                "found none"
            )
        array = _read_image(file)
        if arrays and array.shape != arrays[0].shape:
            expected = "×".join(map(str, arrays[0].shape[1:]))
            raise ValueError(
                f"expected every image to be {expected} like {images[0][1]}, "
                f"got {'×'.join(map(str, array.shape[1:]))} in {file}"
            )
        arrays.append(array)
    return CaptionedImages(
        torch.from_numpy(np.stack(arrays)),
        captions,
        [image_id for image_id, _ in images],
        [file_name for _, file_name in images],
    )


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


def _read_image(file: Path) -> np.ndarray:
    """An image file as a float32 (3, height, width) array in [0, 1]."""
    try:
        array = matplotlib.image.imread(file)
    except Exception as error:  # matplotlib and Pillow raise many kinds
        raise ValueError(f"cannot read the image {file}: {error}") from None
    if array.dtype == np.uint8:
        array = array / 255.0
    if array.ndim == 2:
        array = np.repeat(array[..., None], 3, axis=2)
    if array.ndim != 3 or array.shape[2] not in (3, 4):
        raise ValueError(f"expected an RGB, RGBA or greyscale image in {file}, got {array.shape}")
    return np.ascontiguousarray(array[..., :3].transpose(2, 0, 1), dtype=np.float32)


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
