"""COCO-style caption files: reading, writing, and every inconsistency as a clear error."""

import codecs
import json

import matplotlib.image
import numpy as np
import pytest
import torch
from PIL import Image

from lstm.data.captions import (
    load_captions,
    normalise_caption,
    read_annotations,
    read_images,
    write_captions,
)
from lstm.data.textfiles import MissingFileError, TextFileError
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


def test_read_images_reads_the_images_asked_for_in_that_order(tmp_path):
    path, folder = _coco(tmp_path, GOOD, ["a.png", "b.png"])
    listed, _ = read_annotations(path)
    every = load_captions(path, folder).images
    picked = read_images(path, listed[::-1], folder)
    assert torch.equal(picked, every.flip(0))
    assert read_images(path, listed[1:], folder, size=3, fit="resize").shape == (1, 3, 3, 3)
    with pytest.raises(
        FileNotFoundError, match=r"image id 9: expected the file .*c\.png \(named in .*val\.json\)"
    ):
        read_images(path, [(9, "c.png")], folder)


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


# --- COCO as people have it: images of many sizes and formats, untidy captions -----------

RED, GREEN, BLUE = (255, 0, 0), (0, 255, 0), (0, 0, 255)
REAL = {
    "images": [
        {"id": 9, "file_name": "000000000009.jpg", "height": 60, "width": 120},
        {"id": 25, "file_name": "000000000025.png", "height": 90, "width": 40},
        {"id": 30, "file_name": "000000000030.png", "height": 30, "width": 30},
    ],
    "annotations": [
        {"id": 1, "image_id": 9, "caption": "A red stripe between\ntwo blue ones."},
        {"id": 2, "image_id": 25, "caption": "  A grey\u00a0gradient,  top\tto bottom. "},
        {"id": 3, "image_id": 30, "caption": "A palette image."},
        {"id": 4, "image_id": 9, "caption": "   "},
    ],
}


def _real_coco(tmp_path):
    """COCO's layout with three images of different sizes and kinds: a landscape JPEG
    (blue, with a red stripe down its middle half), a portrait greyscale PNG and a
    palette PNG; one caption has a newline and one is only spaces."""
    folder = tmp_path / "val2014"
    folder.mkdir()
    stripe = np.zeros((60, 120, 3), dtype=np.uint8)
    stripe[:] = BLUE
    stripe[:, 30:90] = RED
    Image.fromarray(stripe).save(folder / "000000000009.jpg", quality=95)
    gradient = np.repeat(np.linspace(0, 255, 90).astype(np.uint8)[:, None], 40, axis=1)
    Image.fromarray(gradient, mode="L").save(folder / "000000000025.png")
    palette = Image.new("P", (30, 30), color=1)
    palette.putpalette([*BLUE, *GREEN])
    palette.save(folder / "000000000030.png")
    path = tmp_path / "captions_val2014.json"
    path.write_text(json.dumps(REAL))
    return path, folder


def test_normalise_caption_collapses_every_kind_of_whitespace():
    assert normalise_caption(" A dog\n on a\u00a0\u00a0sofa.\r\n") == "A dog on a sofa."
    assert normalise_caption(" \t\u3000\n") == ""


def test_images_of_different_sizes_are_cropped_or_resized_to_size(tmp_path):
    path, folder = _real_coco(tmp_path)
    with pytest.warns(UserWarning, match=r"captions_val2014.json: dropped 1 caption"):
        cropped = load_captions(path, folder, size=20)
    assert cropped.images.shape == (3, 3, 20, 20) and cropped.images.dtype == torch.float32
    # the crop keeps the middle half of the landscape image: its red stripe fills it
    assert torch.allclose(cropped.images[0, :, 10, 10], torch.tensor([1.0, 0, 0]), atol=0.03)
    assert torch.allclose(cropped.images[0, :, 10, 1], torch.tensor([1.0, 0, 0]), atol=0.03)
    # a greyscale image becomes three equal channels, a palette image its colours
    assert torch.equal(cropped.images[1, 0], cropped.images[1, 2])
    assert float(cropped.images[1, 0, 0, 0]) < float(cropped.images[1, 0, -1, 0])
    assert torch.equal(cropped.images[2, :, 5, 5], torch.tensor([0, 1.0, 0]))
    with pytest.warns(UserWarning):
        squeezed = load_captions(path, folder, size=(24, 16), fit="resize")
    assert squeezed.images.shape == (3, 3, 24, 16)
    # a resize keeps the whole picture: the blue sides are still there
    assert torch.allclose(squeezed.images[0, :, 12, 0], torch.tensor([0, 0, 1.0]), atol=0.03)
    assert torch.allclose(squeezed.images[0, :, 12, 8], torch.tensor([1.0, 0, 0]), atol=0.03)


def test_captions_are_normalised_and_a_blank_one_dropped_with_a_warning(tmp_path, capsys):
    path, folder = _real_coco(tmp_path)
    with pytest.warns(
        UserWarning,
        match=r"captions_val2014.json: dropped 1 caption\(s\) that were empty or only "
        r"whitespace: annotations\[3\]",
    ):
        data = load_captions(path, folder, size=8)
    assert data.captions == [
        ["A red stripe between two blue ones."],
        ["A grey gradient, top to bottom."],
        ["A palette image."],
    ]
    assert data.image_ids == [9, 25, 30]
    assert capsys.readouterr().err == f"{path}: read 3 images and 3 captions, dropped 1 empty\n"


def test_images_of_different_sizes_without_size_are_an_error_naming_both(tmp_path):
    path, folder = _real_coco(tmp_path)
    with (
        pytest.warns(UserWarning),
        pytest.raises(
            ValueError,
            match=r"every image to be 60×120 like 000000000009\.jpg, got 90×40 in "
            r".*000000000025\.png; pass size= to load_captions",
        ),
    ):
        load_captions(path, folder)


def test_16_bit_greyscale_is_scaled_not_clipped(tmp_path):
    path, folder = _coco(tmp_path, GOOD, ["b.png"])
    deep = np.array([[0, 32768, 65535, 65535, 65535]] * 4, dtype=np.uint16)
    Image.fromarray(deep).save(folder / "a.png")
    data = load_captions(path, folder)
    assert data.images[0, 1, 0].tolist() == pytest.approx([0, 128 / 255, 1, 1, 1])


def test_annotations_with_a_byte_order_mark_are_read(tmp_path):
    path, folder = _coco(tmp_path, GOOD, ["a.png", "b.png"])
    path.write_bytes(codecs.BOM_UTF8 + path.read_bytes())
    assert load_captions(path, folder).image_ids == [7, 3]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (json.dumps(GOOD).encode("utf-16"), "found UTF-16"),
        (
            json.dumps({**GOOD, "info": "caf\u00e9"}, ensure_ascii=False).encode("latin-1"),
            r"line 1: not valid UTF-8: expected a COCO caption file, found bytes .* \(e9\)",
        ),
        (None, "expected a COCO caption file at .*captions_val.json, found a folder"),
    ],
    ids=["utf-16", "latin-1", "folder"],
)
def test_annotation_file_that_is_not_utf8_text(tmp_path, data, message):
    path = tmp_path / "captions_val.json"
    if data is None:
        path.mkdir()
    else:
        path.write_bytes(data)
    with pytest.raises(TextFileError, match=message) as error:
        read_annotations(path)
    assert str(path) in str(error.value)
    with pytest.raises(MissingFileError, match=r"at .*captions_train\.json, found none"):
        read_annotations(tmp_path / "captions_train.json")


def test_a_folder_where_an_image_belongs(tmp_path):
    path, folder = _coco(tmp_path, GOOD, ["a.png"])
    (folder / "b.png").mkdir()
    with pytest.raises(ValueError, match=r"image id 3: expected the image file .*b\.png .*found a"):
        load_captions(path, folder)


def test_a_truncated_jpeg_is_an_error_naming_it(tmp_path):
    path, folder = _coco(tmp_path, GOOD, ["a.png"])
    Image.new("RGB", (5, 4), RED).save(folder / "b.jpg")
    data = json.loads(json.dumps(GOOD))
    data["images"][1]["file_name"] = "b.jpg"
    path.write_text(json.dumps(data))
    (folder / "b.jpg").write_bytes((folder / "b.jpg").read_bytes()[:100])
    with pytest.raises(ValueError, match=r"cannot read the image .*b\.jpg"):
        load_captions(path, folder)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"size": 0}, r"size to be None, a positive int or \(height, width\), got 0"),
        ({"size": (8,)}, r"got \(8,\)"),
        ({"size": 8.0}, "got 8.0"),
        ({"size": 8, "fit": "pad"}, r"fit to be one of \('crop', 'resize'\), got 'pad'"),
    ],
)
def test_bad_size_or_fit(tmp_path, kwargs, message):
    path, folder = _coco(tmp_path, GOOD, ["a.png", "b.png"])
    with pytest.raises(ValueError, match=message):
        load_captions(path, folder, **kwargs)
