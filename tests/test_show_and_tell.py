"""Chapter 7's machinery: caption batches, training, scoring, a tiny run that repeats bit
for bit, and the tables and figures the chapter shows."""

import functools
import json

import numpy as np
import pytest
import torch

from lstm.data.parallel import BOS_ID, EOS_ID, PAD_ID, Vocabulary
from lstm.experiments import show_and_tell as st
from lstm.nn.captioning import Captioner, ConvNet, ImageEncoder
from lstm.reproduce import figures
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
    shown = st.tables(as_result(data, TINY))
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
    assert [row["captioner"] for row in shown["training_loss"].rows] == list(st._NAMES.values())


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
    rows = st._beam_rows(data, config)
    assert [row["paper"] for row in rows] == ["—", 2.0]
    assert [row["gain"] for row in rows] == [0.0, 19.0]


def test_the_chapters_figures_keep_the_book_style(tiny_run):
    drawn = st.figures(as_result(tiny_run[0], TINY))
    assert set(drawn) == {"conditions", "beam", "examples", "failures"}
    assert [line for key, fig in drawn.items() for line in figures.problems(fig, key)] == []


def test_examples_and_failures_come_from_the_first_seeds_scenes(tiny_run):
    data = tiny_run[0]
    examples = st._examples(data, TINY, "unseen")
    assert len(examples) == 3 and examples[0]["image"].shape == (32, 32, 3)
    reference = render_scenes(10, seed=3, split="unseen").captions[0][0]
    assert examples[0]["reference"] == reference
    failures = st._failures(data, TINY, count=2)
    assert len(failures) <= 2 and all(not f["exact"] for f in failures)
    with pytest.raises(ValueError, match="split to be one of"):
        st._examples(data, TINY, "train")
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
    short = st._caption_grid([item] * 5)
    tall = st._caption_grid([item] * 5, reference=True)
    assert len(short.axes) == 3 * 4 and tall.get_figheight() > short.get_figheight()
    texts = [text.get_text().replace("\n", " ") for ax in tall.axes for text in ax.texts]
    assert len(texts) == 5 and texts[0].startswith("reference: a small red circle greedy:")
    assert texts[0].endswith("✗") and "beam 3: a small" in texts[0]
    assert figures.problems(tall) == []
    # a captioner that never stops writing gets six lines and an ellipsis
    endless = st._caption_grid([{**item, "greedy": "a red circle " * 40}])
    assert endless.axes[1].texts[0].get_text().split("\n")[5].endswith("…")
    with pytest.raises(ValueError, match="at least one example"):
        st._caption_grid([])


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
