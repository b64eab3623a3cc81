"""COCO-style caption files: reading, writing, and every inconsistency as a clear error."""

import json

import matplotlib.image
import numpy as np
import pytest
import torch

from lstm.data.captions import load_captions, read_annotations, write_captions
from lstm.tasks.scenes import render_scenes


def _coco(tmp_path, data, images=None):
    """Write ``data`` as captions_val.json and 4×5 PNG images named in ``images``."""
    folder = tmp_path / "val"
    folder.mkdir(exist_ok=True)
    rng = np.random.default_rng(0)
    for name in images or []:
        matplotlib.image.imsave(folder / name, rng.uniform(size=(4, 5, 3)))
    path = tmp_path / "captions_val.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data))
    return path, folder


GOOD = {
    "images": [{"id": 7, "file_name": "a.png"}, {"id": 3, "file_name": "b.png", "width": 5}],
    "annotations": [
        {"id": 1, "image_id": 3, "caption": "a red circle"},
        {"id": 2, "image_id": 7, "caption": " a blue square "},
        {"id": 3, "image_id": 3, "caption": "a little red circle"},
    ],
}


def test_reads_images_and_captions_in_file_order(tmp_path):
    path, folder = _coco(tmp_path, GOOD, ["a.png", "b.png"])
    data = load_captions(path, folder)
    assert data.images.shape == (2, 3, 4, 5) and data.images.dtype == torch.float32
    assert data.image_ids == [7, 3] and data.file_names == ["a.png", "b.png"]
    assert data.captions == [["a blue square"], ["a red circle", "a little red circle"]]
    assert float(data.images.min()) >= 0 and float(data.images.max()) <= 1


def test_scenes_round_trip_through_coco_files(tmp_path):
    scenes = render_scenes(6, seed=0)
    path = write_captions(tmp_path, scenes.images, scenes.captions, split="val")
    assert path.name == "captions_val.json"
    data = load_captions(path, tmp_path / "val")
    assert data.captions == scenes.captions and data.image_ids == [1, 2, 3, 4, 5, 6]
    # PNG keeps 8 bits per channel (matplotlib truncates rather than rounds)
    assert float((data.images - scenes.images).abs().max()) <= 1 / 255 + 1e-6


def test_greyscale_and_alpha_images_become_rgb(tmp_path):
    path, folder = _coco(tmp_path, GOOD)
    grey = np.linspace(0, 1, 20).reshape(4, 5)
    matplotlib.image.imsave(folder / "a.png", grey, cmap="gray")  # stored as RGBA
    matplotlib.image.imsave(folder / "b.png", np.ones((4, 5, 4)) * 0.5)
    data = load_captions(path, folder)
    assert data.images.shape == (2, 3, 4, 5)
    assert torch.allclose(data.images[0, 0], data.images[0, 2])


def test_missing_image_file_names_the_file_and_id(tmp_path):
    path, folder = _coco(tmp_path, GOOD, ["a.png"])
    with pytest.raises(FileNotFoundError, match=r"image id 3: expected the file .*b\.png"):
        load_captions(path, folder)


def test_caption_for_unknown_image_id(tmp_path):
    data = json.loads(json.dumps(GOOD))
    data["annotations"].append({"image_id": 99, "caption": "a green diamond"})
    path, folder = _coco(tmp_path, data, ["a.png", "b.png"])
    with pytest.raises(
        ValueError,
        match=r"annotations\[3\] .* caption for image id 99, but 'images' lists no such id "
        r"\(expected one of: 3, 7\)",
    ):
        load_captions(path, folder)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"images": [', r"is not valid JSON: Expecting value at line 1 column 13"),
        ('{"images": []}', r"'images' and 'annotations' lists, got \['images'\]"),
        ("[1, 2]", r"'images' and 'annotations' lists, got list"),
        (
            '{"images": [{"id": "1", "file_name": "a.png"}], "annotations": []}',
            r"images\[0\] .* int 'id' and a non-empty str 'file_name', got \{'id': '1'",
        ),
        (
            '{"images": [{"id": 1, "file_name": "a.png"}, {"id": 1, "file_name": "b.png"}],'
            ' "annotations": []}',
            r"images\[1\] .* image id 1 is already used by images\[0\]",
        ),
        (
            '{"images": [{"id": 1, "file_name": "a.png"}], "annotations": [{"image_id": 1}]}',
            r"annotations\[0\] .* int 'image_id' and a str 'caption', got \{'image_id': 1\}",
        ),
        (
            '{"images": [{"id": 1, "file_name": "a.png"}], "annotations": []}',
            r"at least one caption per image .* got none for image ids \[1\]",
        ),
    ],
)
def test_malformed_annotation_files(tmp_path, text, message):
    path, _ = _coco(tmp_path, text)
    with pytest.raises(ValueError, match=message):
        read_annotations(path)


def test_missing_annotation_file_and_folder(tmp_path):
    with pytest.raises(FileNotFoundError, match="expected a COCO caption file at .*nope.json"):
        read_annotations(tmp_path / "nope.json")
    path, _ = _coco(tmp_path, GOOD)
    with pytest.raises(FileNotFoundError, match="expected a folder of images at .*elsewhere"):
        load_captions(path, tmp_path / "elsewhere")


def test_unreadable_and_mismatched_images(tmp_path):
    path, folder = _coco(tmp_path, GOOD, ["a.png"])
    (folder / "b.png").write_bytes(b"not a png")
    with pytest.raises(ValueError, match=r"cannot read the image .*b\.png"):
        load_captions(path, folder)
    matplotlib.image.imsave(folder / "b.png", np.zeros((6, 5, 3)))
    with pytest.raises(ValueError, match=r"every image to be 4×5 like a\.png, got 6×5 in .*b\.png"):
        load_captions(path, folder)


def test_write_refuses_bad_input(tmp_path):
    with pytest.raises(
        ValueError, match=r"images of shape \(n, 3, height, width\), got \(2, 4, 4\)"
    ):
        write_captions(tmp_path, torch.zeros(2, 4, 4), [["a"], ["b"]])
    with pytest.raises(ValueError, match="one list of captions per image, got 1 for 2"):
        write_captions(tmp_path, torch.zeros(2, 3, 4, 4), [["a"]])
