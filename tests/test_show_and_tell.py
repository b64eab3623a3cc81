"""Chapter 7's machinery: caption batches, training, scoring, a tiny run that repeats bit
for bit, the tables and figures the chapter shows, and a run on a tiny copy of COCO."""

import functools
import json
import shutil
from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image

from lstm.data.parallel import BOS_ID, EOS_ID, PAD_ID, Vocabulary
from lstm.experiments.show_and_tell import claims as st_claims
from lstm.experiments.show_and_tell import experiment as st
from lstm.experiments.show_and_tell import show as st_show
from lstm.nn.captioning import Captioner, ConvNet, ImageEncoder
from lstm.reproduce import claims, cli, figures, results
from lstm.reproduce.results import Result
from lstm.tasks.scenes import render_scenes

TINY = {
    **st.CONFIG["smoke"],
    "seeds": [3],
    "channels": [4, 8, 8],
    "feature_size": 8,
    "embed_size": 8,
    "hidden_size": 12,
    "batch_size": 8,
    "train_scenes": 40,
    "pretrain_scenes": 40,
    "eval_scenes": 10,
    "pretrain_steps": 3,
    "caption_steps": 4,
    "finetune_steps": 2,
    "lr_search_steps": 2,
    "beams": [1, 2],
    "condition_beams": [1, 2],
    "samples": 3,
}


@pytest.fixture(scope="module")
def tiny_run():
    return st.run(dict(TINY)), st.run(dict(TINY))


def as_result(output: dict, config: dict) -> Result:
    """``output`` of run as the chapter sees it: a Result read back from JSON."""
    data = json.loads(json.dumps({k: v for k, v in output.items() if k != "metrics"}))
    return Result("show_and_tell", "smoke", config, output["metrics"], {}, data, None)


def test_caption_batch_wraps_each_caption_in_bos_and_eos():
    vocabulary = Vocabulary(["a", "red", "circle"])
    batch = st.caption_batch(["a red circle", "a circle"], vocabulary)
    ids = [vocabulary.stoi[w] for w in ("a", "red", "circle")]
    assert batch.tolist() == [
        [BOS_ID, *ids, EOS_ID],
        [BOS_ID, ids[0], ids[2], EOS_ID, PAD_ID],
    ]
    assert st.words("a  red circle") == ["a", "red", "circle"]
    with pytest.raises(ValueError, match="at least one caption"):
        st.caption_batch([], vocabulary)
    with pytest.raises(TypeError, match="caption str, got int"):
        st.words(3)


def test_score_captions_rewards_the_references_and_penalises_nonsense():
    data = render_scenes(20, seed=0, split="test")
    perfect = st.score_captions([refs[0] for refs in data.captions], data)
    assert perfect["bleu4"] == pytest.approx(100) and perfect["objects"] == 1
    assert perfect["exact"] == 1
    assert perfect["empty"] == 0
    wrong = st.score_captions(["a" for _ in data.captions], data)
    assert wrong["bleu4"] < 5 and wrong["objects"] == 0 and wrong["length"] == 1
    assert perfect["distinct"] == len({refs[0] for refs in data.captions}) / 20
    assert wrong["distinct"] == 1 / 20


def test_a_tiny_run_repeats_bit_for_bit_and_reports_every_metric(tiny_run):
    first, second = tiny_run
    assert first["metrics"] == second["metrics"]
    assert first["per_seed"][0]["samples"] == second["per_seed"][0]["samples"]
    metrics = first["metrics"]
    for short in ("frozen", "tuned", "random", "every_step"):
        for split in st.SPLITS:
            for m in ("bleu1", "bleu4", "objects", "exact"):
                assert np.isfinite(metrics[f"{short}_{split}_{m}"]), (short, split, m)
    assert {"beam1_test_bleu4", "beam2_unseen_bleu4", "pretraining_objects"} <= set(metrics)
    for split in st.SPLITS:
        for label in ("every_step_minus_frozen", "tuned_minus_random", "beam2_minus_greedy"):
            low, high = metrics[f"{label}_{split}_bleu4_min"], metrics[f"{label}_{split}_bleu4_max"]
            assert low == high  # one seed
        for short in ("frozen", "tuned", "random", "every_step"):
            assert 0 < metrics[f"{short}_{split}_greedy_distinct_min"] <= 1
    assert metrics["random_lr_min"] in TINY["random_lrs"]
    search = first["per_seed"][0]["random_lr_search"]
    assert search["lrs"] == TINY["random_lrs"] and len(search["validation_bleu4"]) == 3
    assert search["chosen"] == TINY["random_lrs"][int(np.argmax(search["validation_bleu4"]))]
    assert set(first["means"]) == {
        f"{name}|{split}|{beam}" for name in st.CONDITIONS for split in st.SPLITS for beam in (1, 2)
    }


def test_the_chapters_tables(tiny_run):
    data = tiny_run[0]
    shown = st_show.tables(as_result(data, TINY))
    assert set(shown) == {
        "test",
        "unseen",
        "beam",
        "seeds",
        "random_seeds",
        "learning_rates",
        "random_captions",
        "training_loss",
    }
    test = shown["test"]
    assert list(test.columns)[:3] == ["captioner", "paper", "bleu4"]
    assert [row["paper"] for row in test.rows] == ["—", 27.7, "—", "—"]
    assert test.rows[1]["bleu4"] == data["metrics"]["tuned_test_bleu4"]
    beams = shown["beam"].rows
    assert [row["beam"] for row in beams] == ["1 (greedy)", 2]
    assert beams[0]["test_bleu4"] == data["metrics"]["beam1_test_bleu4"]
    assert beams[0]["gain"] == 0 and beams[1]["paper"] == "—"
    assert shown["seeds"].cells()[0][0] == "3"
    random = shown["random_seeds"].rows[0]
    assert random["lr"] == data["per_seed"][0]["random_lr_search"]["chosen"]
    assert (
        random["length"]
        == data["per_seed"][0]["scores"]["random init, end to end|test|1"]["length"]
    )
    search = shown["learning_rates"].rows
    assert [row["lr"] for row in search] == TINY["random_lrs"]
    assert [row["chosen"] for row in search].count("✓") == 1
    captions = shown["random_captions"].rows
    assert len(captions) == 3 and captions[0]["seed"] == 3
    assert [row["captioner"] for row in shown["training_loss"].rows] == list(
        st_show._NAMES.values()
    )


def test_the_beam_table_sets_the_papers_gain_beside_the_beam_it_used(tiny_run):
    config = {**TINY, "beams": [1, 20]}
    data = {
        "means": {
            f"{TINY['beam_condition']}|{split}|{beam}": {
                "bleu4": 30.0 + beam,
                "length": 9.0,
                "empty": 0.0,
            }
            for split in st.SPLITS
            for beam in (1, 20)
        }
    }
    rows = st_show._beam_rows(data, config)
    assert [row["paper"] for row in rows] == ["—", 2.0]
    assert [row["gain"] for row in rows] == [0.0, 19.0]


def test_the_chapters_figures_keep_the_book_style(tiny_run):
    drawn = st_show.figures(as_result(tiny_run[0], TINY))
    assert set(drawn) == {"conditions", "beam", "examples", "failures"}
    assert [line for key, fig in drawn.items() for line in figures.problems(fig, key)] == []


def test_examples_and_failures_come_from_the_first_seeds_scenes(tiny_run):
    data = tiny_run[0]
    examples = st_show._examples(data, TINY, "unseen")
    assert len(examples) == 3 and examples[0]["image"].shape == (32, 32, 3)
    reference = render_scenes(10, seed=3, split="unseen").captions[0][0]
    assert examples[0]["reference"] == reference
    failures = st_show._failures(data, TINY, count=2)
    assert len(failures) <= 2 and all(not f["exact"] for f in failures)
    with pytest.raises(ValueError, match="split to be one of"):
        st_show._examples(data, TINY, "train")
    with pytest.raises(ValueError, match="at least one seed"):
        st.mean_scores([])


def test_train_captioner_checks_its_data():
    with pytest.raises(ValueError, match="one list of captions per image, got 1 for 2"):
        st.train_captioner(
            None, torch.zeros(2, 8), [["a"]], Vocabulary([]), seed=0, steps=1, lr=1e-3, batch_size=1
        )


def test_profiles_differ_only_in_budget():
    smoke, full = st.CONFIG["smoke"], st.CONFIG["full"]
    budget = {"seeds", "train_scenes", "pretrain_scenes", "eval_scenes", "pretrain_steps"}
    budget |= {"caption_steps", "finetune_steps", "lr_search_steps"}
    assert set(smoke) == set(full)
    assert {k for k in full if full[k] != smoke[k]} <= budget
    assert len(full["seeds"]) >= 3


def test_caption_grid_gives_each_scene_its_captions_and_room_for_them():
    item = {
        "image": np.zeros((8, 8, 3)),
        "greedy": "a red circle",
        "beam": "a small red circle " * 3,
        "beam_size": 3,
        "exact": False,
        "reference": "a small red circle",
    }
    short = st_show._caption_grid([item] * 5)
    tall = st_show._caption_grid([item] * 5, reference=True)
    assert len(short.axes) == 3 * 4 and tall.get_figheight() > short.get_figheight()
    texts = [text.get_text().replace("\n", " ") for ax in tall.axes for text in ax.texts]
    assert len(texts) == 5 and texts[0].startswith("reference: a small red circle greedy:")
    assert texts[0].endswith("✗") and "beam 3: a small" in texts[0]
    assert figures.problems(tall) == []
    # a captioner that never stops writing gets six lines and an ellipsis
    endless = st_show._caption_grid([{**item, "greedy": "a red circle " * 40}])
    assert endless.axes[1].texts[0].get_text().split("\n")[5].endswith("…")
    with pytest.raises(ValueError, match="at least one example"):
        st_show._caption_grid([])


def _tiny_captioning_task():
    train = render_scenes(24, seed=0, split="train", image_size=24)
    validation = render_scenes(6, seed=0, split="validation", image_size=24)
    vocabulary = Vocabulary.build(st.words(c) for refs in train.captions for c in refs)

    def make_model():
        torch.manual_seed(0)
        network = ConvNet(image_size=24, channels=(4, 8), feature_size=8)
        return Captioner(ImageEncoder(network, 8), len(vocabulary), hidden_size=8)

    return train, validation, vocabulary, make_model


def test_choose_learning_rate_takes_the_best_on_validation_and_trains_it_from_the_start():
    train, validation, vocabulary, make_model = _tiny_captioning_task()
    common = dict(seed=1, batch_size=4)
    lrs = [1e-4, 3e-2]
    model, history, search = st.choose_learning_rate(
        make_model,
        train.images,
        train.captions,
        vocabulary,
        validation,
        lrs=lrs,
        search_steps=2,
        steps=5,
        **common,
    )
    assert history.steps == 5 and len(history.losses) == 5
    assert search["chosen"] == lrs[int(np.argmax(search["validation_bleu4"]))]
    assert all(0 < d <= 1 for d in search["validation_distinct"])
    # the short runs' scores are those of runs of two updates at each rate
    for lr, bleu in zip(lrs, search["validation_bleu4"], strict=True):
        short = make_model()
        st.train_captioner(
            short, train.images, train.captions, vocabulary, steps=2, lr=lr, **common
        )
        captions = st.describe_scenes(short, validation.images, vocabulary, beam_size=1)
        assert st.score_captions(captions, validation)["bleu4"] == bleu
    # the chosen captioner equals one trained at its rate for all five updates at once
    straight = make_model()
    st.train_captioner(
        straight, train.images, train.captions, vocabulary, steps=5, lr=search["chosen"], **common
    )
    for (name, a), b in zip(
        model.state_dict().items(), straight.state_dict().values(), strict=True
    ):
        assert torch.equal(a, b), name
    choose = functools.partial(
        st.choose_learning_rate,
        make_model,
        train.images,
        train.captions,
        vocabulary,
        validation,
        steps=5,
        **common,
    )
    with pytest.raises(ValueError, match="at least one learning rate"):
        choose(lrs=[], search_steps=2)
    with pytest.raises(ValueError, match="search_steps <= steps"):
        choose(lrs=lrs, search_steps=6)


def _scores(bleu4, length=12.0, distinct=1.0):
    return {"bleu4": bleu4, "length": length, "distinct": distinct}


def test_per_seed_metrics_give_the_extremes_over_seeds():
    config = {"condition_beams": [1, 3], "beams": [1, 3], "beam_condition": st.CONDITIONS[1]}
    frozen, tuned, random, every = st.CONDITIONS
    per_seed = []
    for seed, (once, every_step, rand, collapsed) in enumerate(
        [(40, 50, 20, False), (42, 41, 4, True), (38, 45, 18, False)]
    ):
        scores = {}
        for split in st.SPLITS:
            for beam in (1, 3):
                scores[f"{frozen}|{split}|{beam}"] = _scores(once)
                scores[f"{every}|{split}|{beam}"] = _scores(every_step)
                scores[f"{tuned}|{split}|{beam}"] = _scores(45 + beam)
                scores[f"{random}|{split}|{beam}"] = (
                    _scores(rand, 4.0, 0.02) if collapsed else _scores(rand)
                )
        lr_search = {"chosen": [1e-3, 3e-3, 1e-3][seed]}
        per_seed.append({"seed": seed, "scores": scores, "random_lr_search": lr_search})
    metrics = st.per_seed_metrics(per_seed, config)
    # every step minus once: +10, -1, +7: not better at every seed
    assert metrics["every_step_minus_frozen_test_bleu4_min"] == -1
    assert metrics["every_step_minus_frozen_unseen_bleu4_max"] == 10
    # fine-tuned (48 at beam 3) minus random: 28, 44, 30
    assert metrics["tuned_minus_random_test_bleu4_min"] == 28
    assert metrics["tuned_minus_random_test_bleu4_max"] == 44
    # beam 3 (48) minus greedy (46) of the fine-tuned captioner at every seed
    assert metrics["beam3_minus_greedy_unseen_bleu4_min"] == 2
    assert metrics["random_test_greedy_length_min"] == 4.0
    assert metrics["random_test_greedy_length"] == pytest.approx((12 + 4 + 12) / 3)
    assert metrics["random_unseen_greedy_distinct_min"] == 0.02
    assert metrics["frozen_test_greedy_distinct_min"] == 1.0
    assert metrics["random_lr_min"] == 1e-3 and metrics["random_lr_max"] == 3e-3


def test_seed_differences_are_one_per_seed_in_seed_order():
    per_seed = [
        {"scores": {"a|test|3": {"bleu4": 40.0}, "b|test|3": {"bleu4": 30.0}}},
        {"scores": {"a|test|3": {"bleu4": 35.0}, "b|test|3": {"bleu4": 37.5}}},
    ]
    assert st.seed_differences(per_seed, "a|test|3", "b|test|3") == [10.0, -2.5]


# --- your own copy of COCO ---------------------------------------------------------------


def write_coco(root: Path, year: str = "2014", train: int = 30, val: int = 12) -> Path:
    """A tiny COCO folder as distributed: ``annotations/captions_{train,val}<year>.json``
    and the images in ``train<year>/`` and ``val<year>/``, generated scenes (seed 5; the
    training file's from the "train" split, the validation file's from "test") saved as
    JPEG and PNG files of different sizes: scaled up twice, or framed by blue bands left
    and right or above and below, which a centre crop cuts off again. Image ids count
    from 1; each image has its scene's five captions, capitalised and with a full stop
    as COCO's are."""
    (root / "annotations").mkdir(parents=True, exist_ok=True)
    for part, count, split in (("train", train, "train"), ("val", val, "test")):
        scenes = render_scenes(count, seed=5, split=split)
        folder = root / f"{part}{year}"
        folder.mkdir()
        images, annotations = [], []
        for index, (image, captions) in enumerate(zip(scenes.images, scenes.captions, strict=True)):
            pixels = np.round(image.permute(1, 2, 0).numpy() * 255).astype(np.uint8)
            picture = _framed(pixels, index % 3)
            name = f"COCO_{part}{year}_{index + 1:012d}.{'jpg' if index % 2 else 'png'}"
            picture.save(folder / name, quality=95)
            images.append(
                {
                    "id": index + 1,
                    "file_name": name,
                    "height": picture.height,
                    "width": picture.width,
                }
            )
            annotations += [
                {
                    "id": len(annotations) + 1,
                    "image_id": index + 1,
                    "caption": f"{text.capitalize()}.",
                }
                for text in captions
            ]
        text = json.dumps({"images": images, "annotations": annotations})
        (root / "annotations" / f"captions_{part}{year}.json").write_text(text)
    return root


def _framed(pixels: np.ndarray, kind: int) -> Image.Image:
    """A 32×32 scene as a 64×64, 64×32 or 32×56 picture whose centre crop is the scene."""
    if kind == 0:
        return Image.fromarray(pixels).resize((64, 64), Image.Resampling.NEAREST)
    frame = np.zeros((56, 32, 3) if kind == 2 else (32, 64, 3), dtype=np.uint8)
    frame[..., 2] = 255
    if kind == 2:
        frame[12:44] = pixels
    else:
        frame[:, 16:48] = pixels
    return Image.fromarray(frame)


# beam 3 and greedy decoding, which the claims compare
COCO_TINY = {
    **TINY,
    "corpus": "coco",
    "train_scenes": 24,
    "eval_scenes": 5,
    "beams": [1, 3],
    "condition_beams": [1, 3],
}


@pytest.fixture
def coco(tmp_path, monkeypatch):
    folder = write_coco(tmp_path / "coco")
    monkeypatch.setenv("LSTM_COCO_DIR", str(folder))
    return folder


@pytest.fixture(scope="module")
def coco_result(tmp_path_factory):
    """The chapter run on a tiny COCO folder the way the module's docstring gives: the
    corpus set to "coco" in the config, the folder in LSTM_COCO_DIR, the result written
    to LSTM_RESULTS_DIR by ``python -m lstm show_and_tell``, and read back."""
    root = tmp_path_factory.mktemp("coco-run")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("LSTM_COCO_DIR", str(root / "nowhere"))
        patch.setenv("LSTM_RESULTS_DIR", str(root / "mine"))
        patch.setitem(st.CONFIG, "smoke", dict(COCO_TINY))
        assert cli.main(["--list"]) == 0  # the variable is read by a run, not on import
        patch.setenv("LSTM_COCO_DIR", str(write_coco(root / "coco")))
        assert cli.main(["show_and_tell", "--profile", "smoke"]) == 0
        path = results.result_path("show_and_tell", "smoke")
        assert path.is_relative_to(root / "mine")
        return results.load(path)


def test_coco_splits_are_drawn_once_disjoint_and_cropped_to_the_scenes(coco):
    data, again = st.read_coco(COCO_TINY), st.read_coco(COCO_TINY)
    for split, part in data.splits.items():  # the same split for every run and seed
        assert part.image_ids == again.splits[split].image_ids
        assert torch.equal(part.images, again.splits[split].images)
    train, test, validation = (data.splits[split] for split in ("train", "test", "validation"))
    assert len(train.images) == 24 and len(test.images) == len(validation.images) == 5
    assert not set(test.image_ids) & set(validation.image_ids)
    assert all(name.startswith("COCO_train2014_") for name in train.file_names)
    assert all(name.startswith("COCO_val2014_") for name in test.file_names)
    assert train.image_ids != sorted(train.image_ids)  # drawn, not the file's first 24
    # every picture cut back to its 32×32 scene, whatever its size and frame (JPEG's loss
    # aside: a frame squeezed in instead of cut off would be blue over half the picture)
    scenes = render_scenes(12, seed=5, split="test")
    originals = scenes.images[[image_id - 1 for image_id in test.image_ids]]
    assert test.images.shape == (5, 3, 32, 32)
    assert float((test.images - originals).abs().mean(dim=(1, 2, 3)).max()) < 0.08
    # captions lower-cased, the full stop gone: the scenes' own again
    assert test.captions == [scenes.captions[image_id - 1] for image_id in test.image_ids]
    assert data.record["parts"] == {
        "train": {
            "captions": "annotations/captions_train2014.json",
            "images": "train2014",
            "count": 24,
        },
        "test": {"captions": "annotations/captions_val2014.json", "images": "val2014", "count": 5},
        "validation": {
            "captions": "annotations/captions_val2014.json",
            "images": "val2014",
            "count": 5,
        },
    }
    assert data.record["folder"] == str(coco.resolve())
    assert data.record["examples"][0] == {
        "image_id": test.image_ids[0],
        "file_name": test.file_names[0],
        "reference": test.captions[0][0],
    }
    assert len(data.record["examples"]) == COCO_TINY["samples"]
    everything = st.read_coco({**COCO_TINY, "train_scenes": 100})
    assert sorted(everything.splits["train"].image_ids) == list(range(1, 31))


def test_coco_2014_is_read_when_2017_is_there_too_and_2017_alone_is_read(tmp_path, monkeypatch):
    folder = write_coco(tmp_path / "both", year="2017", train=20, val=10)
    write_coco(folder, year="2014")
    monkeypatch.setenv("LSTM_COCO_DIR", str(folder))
    both = st.read_coco(COCO_TINY)
    assert both.record["parts"]["test"]["images"] == "val2014"
    assert len(both.splits["train"].images) == 24
    newer = write_coco(tmp_path / "newer", year="2017", train=20, val=10)
    monkeypatch.setenv("LSTM_COCO_DIR", str(newer))
    data = st.read_coco(COCO_TINY)
    assert data.record["parts"]["train"]["captions"] == "annotations/captions_train2017.json"
    assert len(data.splits["train"].images) == 20  # all of a file with fewer than asked for


def test_coco_words_lower_case_and_drop_punctuation_but_apostrophes():
    assert st.coco_words("A dog's bed, by a DOOR.") == "a dog's bed by a door"
    assert st.coco_words("Two  cats on 1 sofa!") == "two cats on 1 sofa"
    assert st.coco_words("...") == ""


def test_the_chapter_runs_on_coco_and_reports_test_bleu_only(coco_result):
    metrics = coco_result.metrics
    assert coco_result.config["corpus"] == "coco"
    for short in ("frozen", "tuned", "random", "every_step"):
        assert {f"{short}_test_bleu1", f"{short}_test_bleu4"} <= set(metrics)
    # no unseen split and no attribute accuracy on COCO: neither is made up
    assert not [m for m in metrics if "unseen" in m or m.endswith(("test_objects", "test_exact"))]
    assert "pretraining_objects" in metrics  # the network was pretrained on scenes
    seed = coco_result.data["per_seed"][0]
    assert set(seed["scores"]) == {
        f"{name}|test|{beam}" for name in st.CONDITIONS for beam in (1, 3)
    }
    assert set(seed["scores"][f"{st.CONDITIONS[0]}|test|1"]) == {
        "bleu1",
        "bleu4",
        "length",
        "empty",
        "distinct",
    }
    assert coco_result.data["coco"]["parts"]["train"]["count"] == 24


def test_every_claim_is_judged_on_the_coco_test_images(coco_result):
    assert set(coco_result.verdicts) == {claim.id for claim in st_claims.CLAIMS}
    for claim in st_claims.CLAIMS:
        verdict = claims.check(claim.id, coco_result)
        assert verdict.outcome == coco_result.verdicts[claim.id]
        assert "test" in verdict.measured and "unseen" not in verdict.measured


def test_every_table_of_the_chapter_shows_a_coco_result(coco_result):
    shown = st_show.tables(coco_result)
    assert set(shown) == {
        "test",
        "beam",
        "seeds",
        "random_seeds",
        "learning_rates",
        "random_captions",
        "training_loss",
        "coco",
    }
    assert list(shown["test"].columns) == ["captioner", "paper", "bleu4", "bleu1"]
    assert shown["test"].rows[1]["bleu4"] == coco_result.metrics["tuned_test_bleu4"]
    assert "unseen_bleu4" not in shown["beam"].columns
    assert [row["count"] for row in shown["coco"].rows] == [24, 5, 5]
    for name, table in shown.items():
        assert table.rows and table.cells(), name


def test_every_figure_of_the_chapter_shows_a_coco_result(coco_result):
    drawn = st_show.figures(coco_result)
    assert set(drawn) == {"conditions", "beam", "examples"}
    assert [line for key, fig in drawn.items() for line in figures.problems(fig, key)] == []
    assert len(drawn["conditions"].axes[0].patches) == len(st.CONDITIONS)  # the test split
    texts = [text.get_text() for ax in drawn["examples"].axes for text in ax.texts]
    assert len(texts) == COCO_TINY["samples"]
    reference = coco_result.data["coco"]["examples"][0]["reference"]
    assert texts[0].replace("\n", " ").startswith(f"reference: {reference[:20]}")
    assert not any("✓" in text or "✗" in text for text in texts)
    examples = st_show._examples(coco_result.data, coco_result.config)
    assert examples[0]["image"].shape == (32, 32, 3) and examples[0]["exact"] is None
    with pytest.raises(ValueError, match=r"split to be one of \('test',\), got 'unseen'"):
        st_show._examples(coco_result.data, coco_result.config, "unseen")


def _coco_error(config: dict = COCO_TINY) -> str:
    """The one-line message with which the chapter refuses to run on COCO."""
    with pytest.raises(ValueError) as error:
        st.run(dict(config))
    message = str(error.value)
    assert "\n" not in message
    return message


def test_an_unknown_corpus_is_named(coco):
    assert _coco_error({**COCO_TINY, "corpus": "imagenet"}) == (
        "expected corpus to be one of ('scenes', 'coco'), got 'imagenet'"
    )


def test_coco_without_the_variable_says_what_to_set(monkeypatch):
    monkeypatch.delenv("LSTM_COCO_DIR", raising=False)
    assert _coco_error() == (
        "expected LSTM_COCO_DIR to name your COCO folder for the corpus 'coco' "
        "(annotations/ beside train2014/ and val2014/), but it is unset"
    )


def test_a_coco_folder_that_is_not_there(tmp_path, monkeypatch):
    missing = tmp_path / "nowhere"
    monkeypatch.setenv("LSTM_COCO_DIR", str(missing))
    assert _coco_error() == f"LSTM_COCO_DIR={missing}: expected a COCO folder there, found nothing"
    missing.write_text("not a folder")
    assert _coco_error() == f"LSTM_COCO_DIR={missing}: expected a COCO folder there, found a file"


def test_a_coco_folder_without_both_caption_files_of_a_release(coco):
    (coco / "annotations" / "captions_val2014.json").rename(coco / "annotations" / "x.json")
    (coco / "annotations" / "instances_val2014.json").write_text("{}")
    assert _coco_error() == (
        f"LSTM_COCO_DIR={coco}: expected COCO's caption files "
        "annotations/captions_train2014.json and annotations/captions_val2014.json (or "
        f"captions_train2017.json and captions_val2017.json) in {coco}, found annotations/ "
        "holding captions_train2014.json, instances_val2014.json, x.json"
    )
    shutil.rmtree(coco / "annotations")
    assert _coco_error().endswith(f"in {coco}, found no folder annotations/")


def test_a_coco_folder_without_its_images(coco):
    shutil.rmtree(coco / "val2014")
    assert _coco_error() == (
        f"LSTM_COCO_DIR={coco}: expected the images of annotations/captions_val2014.json in "
        f"the folder {coco / 'val2014'}, found no such folder"
    )


def test_a_coco_validation_file_too_small_for_test_and_validation(coco):
    message = _coco_error({**COCO_TINY, "eval_scenes": 7})
    assert message == (
        f"LSTM_COCO_DIR={coco}: expected at least 14 images in "
        f"{coco / 'annotations' / 'captions_val2014.json'} for the test and validation "
        "splits (eval_scenes=7 each), found 12"
    )


def test_a_set_coco_folder_with_the_scenes_is_a_warning(monkeypatch):
    monkeypatch.setenv("LSTM_COCO_DIR", "coco")
    with pytest.warns(UserWarning, match="LSTM_COCO_DIR is set, but the config names the corpus"):
        st._warn_if_the_folder_is_ignored(TINY)
