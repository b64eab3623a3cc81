"""Generated scenes: statistics, held-out pairs, rendering, captions and their scorer."""

from collections import Counter

import numpy as np
import pytest
import torch

from lstm.tasks.scenes import (
    ATTRIBUTE_CLASSES,
    COLOURS,
    EXTENT,
    HELD_OUT_PAIRS,
    RADIUS,
    RELATIONS,
    SHAPES,
    SPLITS,
    Scene,
    SceneObject,
    _shape_mask,
    attribute_targets,
    caption_attribute_accuracy,
    mean_attribute_accuracy,
    parse_caption,
    render_scenes,
)


@pytest.fixture(scope="module")
def train():
    return render_scenes(600, seed=0, split="train")


@pytest.fixture(scope="module")
def unseen():
    return render_scenes(300, seed=0, split="unseen")


def _pairs(scenes):
    return Counter((o.shape, o.colour) for scene in scenes for o in scene.objects)


def test_shapes_ranges_and_caption_count(train):
    assert train.images.shape == (600, 3, 32, 32) and train.images.dtype == torch.float32
    assert float(train.images.min()) >= 0 and float(train.images.max()) <= 1
    assert len(train.captions) == len(train.scenes) == 600
    assert all(len(captions) == 5 for captions in train.captions)
    bigger = render_scenes(2, seed=0, image_size=48, captions_per_image=3)
    assert bigger.images.shape == (2, 3, 48, 48) and len(bigger.captions[0]) == 3


def test_object_counts_are_uniform_and_attributes_balanced(train):
    counts = Counter(len(scene.objects) for scene in train.scenes)
    assert set(counts) == {1, 2, 3}
    assert all(abs(counts[k] / 600 - 1 / 3) < 0.06 for k in (1, 2, 3))
    objects = [o for scene in train.scenes for o in scene.objects]
    shapes = Counter(o.shape for o in objects)
    sizes = Counter(o.size for o in objects)
    colours = Counter(o.colour for o in objects)
    assert all(abs(shapes[s] / len(objects) - 1 / 4) < 0.04 for s in SHAPES)
    # Sizes are drawn fair, but crowded scenes with large objects are redrawn more often
    # (they seldom fit apart): small objects are a little more common, not much.
    assert 0.5 < sizes["small"] / len(objects) < 0.6
    alone = Counter(scene.objects[0].size for scene in train.scenes if len(scene.objects) == 1)
    assert abs(alone["small"] / sum(alone.values()) - 1 / 2) < 0.08
    relations = Counter(r for scene in train.scenes for i, r, j in scene.relations if i < j)
    assert all(abs(relations[r] / relations.total() - 1 / 4) < 0.05 for r in RELATIONS)
    # Pairs are uniform over the 20 seen ones: a colour held out with one shape is
    # seen with 3 shapes (3/20), the others with 4 (4/20).
    held_colours = {colour for _, colour in HELD_OUT_PAIRS}
    for colour in COLOURS:
        expected = (3 if colour in held_colours else 4) / 20
        assert abs(colours[colour] / len(objects) - expected) < 0.04


def test_held_out_pairs_never_in_training_splits_and_once_in_every_unseen_scene(train, unseen):
    for split in ("pretrain", "test", "validation"):
        scenes = render_scenes(300, seed=1, split=split).scenes
        assert not set(_pairs(scenes)) & set(HELD_OUT_PAIRS)
    assert not set(_pairs(train.scenes)) & set(HELD_OUT_PAIRS)
    for scene in unseen.scenes:
        assert sum((o.shape, o.colour) in HELD_OUT_PAIRS for o in scene.objects) == 1
        assert scene.has_held_out()
    assert set(_pairs(unseen.scenes)) >= set(HELD_OUT_PAIRS)
    # the novel object is not always named first, or always the only one
    first = Counter(
        (scene.objects[0].shape, scene.objects[0].colour) in HELD_OUT_PAIRS
        for scene in unseen.scenes
        if len(scene.objects) > 1
    )
    assert first[True] and first[False]


def test_extent_holds_every_shape():
    # every point of a shape lies within its extent, and the extent is tight
    size = 48
    for shape in SHAPES:
        grid = (np.arange(size * 4) + 0.5) / 4 - 24.0
        ys, xs = np.meshgrid(grid, grid, indexing="ij")
        inside = _shape_mask(shape, xs, ys, RADIUS["large"] * size)
        reach = np.hypot(xs, ys)[inside].max()
        assert EXTENT[shape] * RADIUS["large"] * size - 0.4 < reach, shape
        assert reach <= EXTENT[shape] * RADIUS["large"] * size + 1e-9, shape


def test_objects_are_distinct_apart_and_inside_the_image(train):
    for scene in train.scenes:
        pairs = [(o.shape, o.colour) for o in scene.objects]
        assert len(set(pairs)) == len(pairs)
        for i, a in enumerate(scene.objects):
            extent = EXTENT[a.shape] * RADIUS[a.size] * 32
            assert extent < a.x < 32 - extent and extent < a.y < 32 - extent
            for b in scene.objects[i + 1 :]:
                reach = extent + EXTENT[b.shape] * RADIUS[b.size] * 32
                assert np.hypot(a.x - b.x, a.y - b.y) >= reach


def test_rendering_puts_the_objects_colour_at_its_position(train):
    palette = np.array(list(COLOURS.values()))
    names = list(COLOURS)
    for image, scene in zip(train.images[:200], train.scenes[:200], strict=True):
        for o in scene.objects:
            pixel = image[:, int(o.y), int(o.x)].numpy()
            nearest = names[int(np.argmin(((palette - pixel) ** 2).sum(axis=1)))]
            assert nearest == o.colour
        corner = image[:, :2, :2].reshape(3, -1)  # background: grey, not a named colour
        assert float(corner.mean(dim=1).max() - corner.mean(dim=1).min()) < 0.1


def test_large_objects_cover_more_pixels_than_small_ones():
    one = [render_scenes(1, seed=s, max_objects=1) for s in range(40)]
    area = {"small": [], "large": []}
    for scenes in one:
        image, scene = scenes.images[0], scenes.scenes[0]
        background = image[:, :2, :2].mean(dim=(1, 2))
        covered = ((image - background[:, None, None]).abs().max(dim=0).values > 0.25).sum()
        area[scene.objects[0].size].append(int(covered))
    assert min(area["large"]) > max(area["small"])


def test_same_seed_same_scenes_other_seed_or_split_other_scenes():
    a, b = render_scenes(5, seed=4), render_scenes(5, seed=4)
    assert torch.equal(a.images, b.images) and a.captions == b.captions and a.scenes == b.scenes
    assert not torch.equal(a.images, render_scenes(5, seed=5).images)
    assert a.scenes != render_scenes(5, seed=4, split="test").scenes


def test_reference_captions_parse_back_to_their_scene(train, unseen):
    for scenes in (train, unseen):
        for captions, scene in zip(scenes.captions, scenes.scenes, strict=True):
            for caption in captions:
                parsed = parse_caption(caption)
                assert parsed.grammatical, caption
                named = sorted(o[1:] for o in parsed.objects)
                assert named == sorted((o.colour, o.shape) for o in scene.objects), caption
                assert len(parsed.relations) == len(scene.objects) - 1
                score = caption_attribute_accuracy(caption, scene)
                assert score.exact, (caption, score)


def test_captions_are_paraphrased(train):
    captions = [c for captions in train.captions for c in captions]
    words = Counter(w for c in captions for w in c.split())
    for paraphrase in ("little", "big", "with", "its", "to", "over", "beneath", "there", "the"):
        assert words[paraphrase] > 0, paraphrase
    distinct = [len(set(captions)) for captions in train.captions]
    assert np.mean(distinct) > 3


SCENE = Scene(
    (
        SceneObject("circle", "red", "small", 8.0, 16.0),
        SceneObject("square", "blue", "large", 24.0, 14.0),
    ),
    32,
)


@pytest.mark.parametrize(
    "caption",
    [
        "a small red circle left of a blue square",
        "a blue square with a little red circle to its left",
        "there is a large blue square right of a red circle",
        "A red circle to the left of a big blue square.",
    ],
)
def test_paraphrases_score_as_exact(caption):
    assert caption_attribute_accuracy(caption, SCENE).exact


@pytest.mark.parametrize(
    ("caption", "expected"),
    [
        # wrong relation: everything else right
        ("a red circle right of a blue square", dict(objects=1, relations=0, exact=False)),
        # wrong colour on one object: half the objects, half the colours
        ("a red circle left of a green square", dict(colours=0.5, shapes=1, objects=0.5)),
        # wrong size word
        ("a large red circle left of a blue square", dict(objects=1, sizes=0, exact=False)),
        # one object only: half of what is there, no relation stated
        ("a red circle", dict(colours=0.5, objects=0.5, relations=0.0)),
        # an extra object: two of three named are there
        (
            "a red circle left of a blue square and a cyan triangle above the red circle",
            dict(objects=2 / 3, relations=0.5),
        ),
        # gibberish
        ("square square circle the of", dict(colours=0, shapes=0, objects=0, exact=False)),
        ("", dict(objects=0, sizes=None, relations=0)),
    ],
)
def test_wrong_captions_lose_the_right_points(caption, expected):
    score = caption_attribute_accuracy(caption, SCENE)._asdict()
    for field, value in expected.items():
        assert score[field] == (pytest.approx(value) if value is not None else None), field


def test_parse_is_lenient_and_says_when_ungrammatical():
    parsed = parse_caption("red circle is left of blue square yes")
    assert parsed.objects == [(None, "red", "circle"), (None, "blue", "square")]
    assert parsed.relations == [(0, "left of", 1)] and not parsed.grammatical
    again = parse_caption("a red circle over a blue square and the blue square with a red circle")
    assert len(again.objects) == 2 and again.relations == [(0, "above", 1)]


def test_one_object_scene_has_no_relation_to_score():
    scene = Scene((SceneObject("diamond", "cyan", "large", 16.0, 16.0),), 32)
    assert caption_attribute_accuracy("a big cyan diamond", scene) == (1, 1, 1, 1, None, True)


def test_mean_attribute_accuracy():
    means = mean_attribute_accuracy(
        ["a red circle left of a blue square", "a red circle right of a blue square"],
        [SCENE, SCENE],
    )
    assert means["objects"] == 1 and means["relations"] == 0.5 and means["exact"] == 0.5
    assert np.isnan(means["sizes"])
    with pytest.raises(ValueError, match="one caption per scene, got 1 captions for 2"):
        mean_attribute_accuracy(["a red circle"], [SCENE, SCENE])


def test_scene_round_trips_through_a_dict(train):
    for scene in train.scenes[:20]:
        assert Scene.from_dict(scene.to_dict()) == scene


def test_attribute_targets_hold_objects_left_to_right(train):
    targets = attribute_targets(train.scenes)
    assert targets.shape == (600, 3, 3) and targets.dtype == torch.int64
    none = [len(classes) - 1 for classes in ATTRIBUTE_CLASSES.values()]
    for scene, target in zip(train.scenes, targets, strict=True):
        ordered = sorted(scene.objects, key=lambda o: o.x)
        for slot in range(3):
            if slot < len(ordered):
                o = ordered[slot]
                assert target[slot].tolist() == [
                    ATTRIBUTE_CLASSES["shape"].index(o.shape),
                    ATTRIBUTE_CLASSES["colour"].index(o.colour),
                    ATTRIBUTE_CLASSES["size"].index(o.size),
                ]
            else:
                assert target[slot].tolist() == none
    with pytest.raises(ValueError, match="at most 1 objects, scene 0 has"):
        attribute_targets([s for s in train.scenes if len(s.objects) == 2], max_objects=1)


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"count": 0, "seed": 0}, ValueError, "count to be a positive int"),
        ({"count": 2, "seed": -1}, ValueError, "seed to be a non-negative int"),
        ({"count": 2, "seed": 0, "split": "dev"}, ValueError, "split to be one of"),
        ({"count": 2, "seed": 0, "image_size": 16}, ValueError, "image_size to be an int of at"),
        ({"count": 2, "seed": 0, "max_objects": 4}, ValueError, r"max_objects in 1\.\.3"),
        ({"count": 2, "seed": 0, "captions_per_image": 0}, ValueError, "captions_per_image"),
        (
            {"count": 2, "seed": 0, "held_out": (("hexagon", "red"),)},
            ValueError,
            r"held_out as \(shape, colour\) pairs.*got \[\('hexagon', 'red'\)\]",
        ),
        ({"count": 2, "seed": 0, "split": "unseen", "held_out": ()}, ValueError, "at least one"),
        (
            {
                "count": 2,
                "seed": 0,
                "held_out": tuple((s, c) for s in SHAPES for c in COLOURS)[:22],
            },
            ValueError,
            "at least max_objects=3 pairs outside held_out, got 2",
        ),
    ],
)
def test_bad_arguments(kwargs, error, message):
    with pytest.raises(error, match=message):
        render_scenes(**kwargs)


def test_bad_scorer_arguments():
    with pytest.raises(TypeError, match="caption to be a str, got int"):
        parse_caption(3)
    with pytest.raises(TypeError, match="scene to be a Scene, got dict"):
        caption_attribute_accuracy("a red circle", {"objects": []})


def test_the_validation_split_is_its_own_scenes_and_leaves_the_others_as_they_were():
    validation = render_scenes(5, seed=1, split="validation")
    test = render_scenes(5, seed=1, split="test")
    assert not torch.equal(validation.images, test.images)
    assert validation.captions != test.captions
    # each split's stream is its index in SPLITS: the older splits keep theirs
    assert SPLITS[:4] == ("train", "pretrain", "test", "unseen")
