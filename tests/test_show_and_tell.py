"""Chapter 7's machinery: caption batches, training, scoring, a tiny run that repeats bit
for bit, and the tables the chapter shows."""

import numpy as np
import pytest
import torch

from lstm import profiles
from lstm.data.parallel import BOS_ID, EOS_ID, PAD_ID, Vocabulary
from lstm.experiments import show_and_tell as st
from lstm.tasks.scenes import render_scenes

TINY = {
    **st.EXPERIMENTS[0].config("smoke"),
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
    "beams": [1, 2],
    "condition_beams": [1, 2],
    "samples": 3,
}


@pytest.fixture(scope="module")
def tiny_run():
    threads = torch.get_num_threads()
    try:
        return st.run(dict(TINY)), st.run(dict(TINY))
    finally:
        torch.set_num_threads(threads)


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
    assert set(first["means"]) == {
        f"{name}|{split}|{beam}" for name in st.CONDITIONS for split in st.SPLITS for beam in (1, 2)
    }


def test_the_chapters_tables(tiny_run):
    data = tiny_run[0]
    conditions = st.conditions_table(data, TINY)
    assert [row["condition"] for row in conditions] == list(st.CONDITIONS)
    assert conditions[1]["test_bleu4"] == data["metrics"]["tuned_test_bleu4"]
    beams = st.beam_table(data, TINY)
    assert [row["beam"] for row in beams] == ["greedy", 2]
    assert beams[0]["test_bleu4"] == data["metrics"]["beam1_test_bleu4"]
    seeds = st.seed_table(data, TINY)
    assert [row["seed"] for row in seeds] == [3]
    examples = st.examples(data, TINY, "unseen")
    assert len(examples) == 3 and examples[0]["image"].shape == (32, 32, 3)
    reference = render_scenes(10, seed=3, split="unseen").captions[0][0]
    assert examples[0]["reference"] == reference
    failures = st.failures(data, TINY, count=2)
    assert len(failures) <= 2 and all(not f["exact"] for f in failures)
    with pytest.raises(ValueError, match="split to be one of"):
        st.examples(data, TINY, "train")
    with pytest.raises(ValueError, match="at least one seed"):
        st.mean_scores([])


def test_train_captioner_checks_its_data():
    with pytest.raises(ValueError, match="one list of captions per image, got 1 for 2"):
        st.train_captioner(
            None, torch.zeros(2, 8), [["a"]], Vocabulary([]), seed=0, steps=1, lr=1e-3, batch_size=1
        )


def test_profiles_differ_only_in_budget():
    smoke, full = (st.EXPERIMENTS[0].config(p) for p in profiles.PROFILES)
    budget = {"seeds", "train_scenes", "pretrain_scenes", "eval_scenes", "pretrain_steps"}
    budget |= {"caption_steps", "finetune_steps"}
    assert {k for k in full if full[k] != smoke[k]} <= budget
    assert len(full["seeds"]) >= 3


def test_caption_grid_gives_each_scene_its_captions_and_room_for_them():
    item = {
        "image": np.zeros((8, 8, 3)),
        "greedy": "a red circle",
        "beam": "a small red circle " * 6,
        "exact": False,
        "reference": "a small red circle",
    }
    short = st.plot_caption_grid([item] * 5, columns=4)
    tall = st.plot_caption_grid([item] * 5, columns=4, reference=True)
    assert len(short.axes) == 8 and tall.get_figheight() > short.get_figheight()
    titles = [ax.get_title() for ax in tall.axes if ax.get_title()]
    assert len(titles) == 5 and titles[0].startswith("reference: a small red circle")
    assert titles[0].endswith("✗")
    with pytest.raises(ValueError, match="at least one example"):
        st.plot_caption_grid([])
