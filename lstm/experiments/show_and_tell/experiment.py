"""Chapter 7's experiment: its config and everything that computes its numbers.

Only this file and the package modules it imports are code-hashed
(:func:`lstm.reproduce.results.code_hash`): what the page shows lives in ``show.py``,
the claims in ``claims.py``.
"""

from __future__ import annotations

import copy
import os
import re
import tempfile
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import numpy as np
import torch
from torch import Tensor

from lstm.data.captions import CaptionedImages, read_annotations, read_images
from lstm.data.parallel import BOS_ID, EOS_ID, Vocabulary, pad
from lstm.nn.captioning import Captioner, ConvNet, ImageEncoder, pretrain_convnet
from lstm.nn.metrics import multi_reference_bleu
from lstm.nn.train import History, fit, seed_everything
from lstm.tasks.scenes import (
    Scenes,
    mean_attribute_accuracy,
    render_scenes,
)

#: Vinyals et al. (2015): COCO test BLEU-4 (Table 1; beam 20, then 3 in the journal
#: version), the cost of greedy decoding against beam search (section 3) and the setup.
PAPER = {
    "coco_bleu4": 27.7,
    "beam_gain_over_greedy": 2.0,
    "beam_size": 20,
    "lstm_size": 512,
    "coco_train_images": 82_783,
    # Section 4.3.1: the vocabulary keeps the training captions' words seen at least this
    # often (checked in a secondary source's notes of the paper, not in its own text).
    "min_word_count": 5,
}


_COMMON = {
    "corpus": "scenes",  # or "coco": your copy of MS COCO, in the folder LSTM_COCO_DIR names
    "image_size": 32,
    "channels": [8, 16, 32, 64],
    "feature_size": 128,
    "embed_size": 64,
    "hidden_size": 128,
    "batch_size": 64,
    "lr": 3e-3,
    "finetune_lr": 3e-4,  # the network's pretrained weights move slowly
    # The randomly initialised captioner's own learning rate, chosen per seed on the
    # validation scenes from these (choose_learning_rate), so that it is not judged at a
    # rate tuned for the pretrained ones.
    "random_lrs": [3e-4, 1e-3, 3e-3],
    "beams": [1, 3, 10, 20],
    "condition_beams": [1, 3],
    "beam_condition": "pretrained, fine-tuned",
    "samples": 12,
}


CONFIG = {
    "smoke": {
        **_COMMON,
        "seeds": [0],
        # The full profile's scenes and pretraining; only the caption updates are fewer.
        # With 1,000 training and 150 validation and test scenes and 320 pretraining
        # updates, the pretraining and beam verdicts changed with the seed.
        "train_scenes": 3000,
        "pretrain_scenes": 3000,
        "eval_scenes": 300,
        "pretrain_steps": 600,
        "caption_steps": 800,
        "finetune_steps": 40,
        "lr_search_steps": 280,  # a third of the random captioner's updates
    },
    "full": {
        **_COMMON,
        "seeds": [0, 1, 2],
        "train_scenes": 3000,
        "pretrain_scenes": 3000,
        "eval_scenes": 300,
        "pretrain_steps": 600,
        "caption_steps": 1500,
        "finetune_steps": 300,
        "lr_search_steps": 600,  # a third of the random captioner's updates
    },
}


TOLERANCE = {
    "tuned_test_bleu4": 8.0,
    "random_test_bleu4": 8.0,
    "every_step_test_bleu4": 8.0,
    "beam1_test_bleu4": 8.0,
}


#: The conditions, in the order of the chapter's tables.
CONDITIONS = (
    "pretrained, frozen",
    "pretrained, fine-tuned",
    "random init, end to end",
    "pretrained, frozen, image every step",
)


SPLITS = ("test", "unseen")


def words(caption: str) -> list[str]:
    """The words of a generated or reference caption (the grammar has no punctuation)."""
    if not isinstance(caption, str):
        raise TypeError(f"expected a caption str, got {type(caption).__name__}")
    return caption.split()


def caption_batch(captions: list[str], vocabulary: Vocabulary) -> Tensor:
    """Captions as BOS w_1 ... w_n EOS ids, PAD-padded: (batch, 2 + longest) int64."""
    if not captions:
        raise ValueError("expected at least one caption, got none")
    return pad([[BOS_ID, *vocabulary.encode(words(c)), EOS_ID] for c in captions])[0]


CORPORA = ("scenes", "coco")


COCO_DIR = "LSTM_COCO_DIR"  # the environment variable naming your COCO folder


#: COCO's releases the chapter reads, the one it prefers first.
COCO_YEARS = ("2014", "2017")


SPLIT_SEED = 0  # draws the images of each COCO split, the same for every model seed


def corpus_name(config: dict) -> str:
    """The config's ``"corpus"``: ``"scenes"`` (also when the config names none) or
    ``"coco"``."""
    name = config.get("corpus", "scenes")
    if name not in CORPORA:
        raise ValueError(f"expected corpus to be one of {CORPORA}, got {name!r}")
    return name


def evaluation_splits(config: dict) -> tuple[str, ...]:
    """The splits the captioners are scored on: the test and unseen scenes, or COCO's
    test images alone (COCO has no unseen split)."""
    return SPLITS if corpus_name(config) == "scenes" else ("test",)


def scene_splits(config: dict, seed: int) -> dict[str, Scenes]:
    """The scenes of ``seed``: ``train_scenes`` for training, ``eval_scenes`` each for
    validation and for every split of :data:`SPLITS`."""
    return {
        split: render_scenes(
            config["train_scenes" if split == "train" else "eval_scenes"],
            seed=seed,
            split=split,
            image_size=config["image_size"],
        )
        for split in ("train", *SPLITS, "validation")
    }


class Coco(NamedTuple):
    """Your COCO copy as the chapter reads it: ``splits``, the images and captions of
    ``"train"``, ``"test"`` and ``"validation"``; ``record``, what the result keeps of
    them (:func:`coco_record`)."""

    splits: dict[str, CaptionedImages]
    record: dict


def read_coco(config: dict) -> Coco:
    """The splits of the COCO folder ``LSTM_COCO_DIR`` names (see the module's docstring):
    ``train_scenes`` images of the training file, and ``eval_scenes`` each for test and
    validation from the validation file. Any problem with the folder is a one-line error
    that names the variable and the path."""
    value, folder = coco_folder()
    count, size = config["eval_scenes"], config["image_size"]
    try:
        files = coco_files(folder)
        held_out = read_sample(*files["val"], 2 * count, size)
        if len(held_out.images) < 2 * count:
            raise ValueError(
                f"expected at least {2 * count} images in {files['val'][0]} for the test and "
                f"validation splits (eval_scenes={count} each), found {len(held_out.images)}"
            )
        train = read_sample(*files["train"], config["train_scenes"], size)
    except (FileNotFoundError, ValueError) as error:
        raise ValueError(f"{COCO_DIR}={value}: {error}") from None
    splits = {
        "train": train,
        "test": CaptionedImages(*(field[:count] for field in held_out)),
        "validation": CaptionedImages(*(field[count:] for field in held_out)),
    }
    return Coco(splits, coco_record(folder, files, splits, config["samples"]))


def coco_record(
    folder: Path, files: dict[str, tuple[Path, Path]], splits: dict, samples: int
) -> dict:
    """What a result keeps of the COCO splits: ``{"folder", "parts", "examples"}``,
    ``parts`` giving each split's caption file and image folder (relative to ``folder``)
    and its number of images, ``examples`` the id, file name and first reference of the
    first ``samples`` test images, whose captions the result keeps too."""
    sources = {"train": files["train"], "test": files["val"], "validation": files["val"]}
    parts = {
        split: {
            "captions": str(captions.relative_to(folder)),
            "images": str(images.relative_to(folder)),
            "count": len(splits[split].images),
        }
        for split, (captions, images) in sources.items()
    }
    shown = CaptionedImages(*(field[:samples] for field in splits["test"]))
    examples = [
        {"image_id": image_id, "file_name": file_name, "reference": references[0]}
        for image_id, file_name, references in zip(
            shown.image_ids, shown.file_names, shown.captions, strict=True
        )
    ]
    return {"folder": str(folder.resolve()), "parts": parts, "examples": examples}


def coco_folder() -> tuple[str, Path]:
    """The value of ``LSTM_COCO_DIR``, read now, and the folder it names."""
    value = os.environ.get(COCO_DIR, "").strip()
    if not value:
        raise ValueError(
            f"expected {COCO_DIR} to name your COCO folder for the corpus 'coco' (annotations/ "
            "beside train2014/ and val2014/), but it is unset"
        )
    folder = Path(value).expanduser()
    if not folder.is_dir():
        found = "a file" if folder.exists() else "nothing"
        raise ValueError(f"{COCO_DIR}={value}: expected a COCO folder there, found {found}")
    return value, folder


def coco_files(folder: Path) -> dict[str, tuple[Path, Path]]:
    """COCO's caption file and image folder for ``"train"`` and for ``"val"``, of the first
    release of :data:`COCO_YEARS` whose two caption files are in ``folder/annotations``;
    a missing caption file or image folder is a ``FileNotFoundError``."""
    annotations = folder / "annotations"
    for year in COCO_YEARS:
        files = {
            part: (annotations / f"captions_{part}{year}.json", folder / f"{part}{year}")
            for part in ("train", "val")
        }
        if all(captions.is_file() for captions, _ in files.values()):
            for captions, images in files.values():
                if not images.is_dir():
                    raise FileNotFoundError(
                        f"expected the images of {captions.relative_to(folder)} in the folder "
                        f"{images}, found no such folder"
                    )
            return files
    raise FileNotFoundError(
        "expected COCO's caption files annotations/captions_train2014.json and "
        "annotations/captions_val2014.json (or captions_train2017.json and "
        f"captions_val2017.json) in {folder}, found {_contents(annotations)}"
    )


def _contents(folder: Path) -> str:
    """What ``folder`` holds, for an error message."""
    if not folder.is_dir():
        return f"no folder {folder.name}/"
    names = sorted(path.name for path in folder.iterdir())
    return f"{folder.name}/ holding {', '.join(names) if names else 'nothing'}"


def read_sample(captions: Path, images: Path, count: int, size: int) -> CaptionedImages:
    """``count`` images of the caption file ``captions`` (all of them if it has fewer),
    drawn by :data:`SPLIT_SEED`, read from the folder ``images`` and centre-cropped to
    ``size``, with their captions as :func:`coco_words` leaves them."""
    listed, references = read_annotations(captions)
    chosen = np.random.default_rng(SPLIT_SEED).permutation(len(listed))[:count].tolist()
    picked = [listed[i] for i in chosen]
    return CaptionedImages(
        read_images(captions, picked, images, size=size, fit="crop"),
        [[coco_words(text) for text in references[i]] for i in chosen],
        [image_id for image_id, _ in picked],
        [file_name for _, file_name in picked],
    )


def coco_words(caption: str) -> str:
    """A COCO caption as the chapter reads it: lower-case words and numbers, apostrophes
    kept, the rest of the punctuation dropped ("A dog's bed, by a door." becomes "a
    dog's bed by a door")."""
    return " ".join(re.findall(r"[\w']+", caption.lower()))


def _warn_if_the_folder_is_ignored(config: dict) -> None:
    """Name the way to your COCO copy when ``LSTM_COCO_DIR`` is set but the config asks
    for the generated scenes."""
    if corpus_name(config) == "scenes" and os.environ.get(COCO_DIR, "").strip():
        warnings.warn(
            f"{COCO_DIR} is set, but the config names the corpus 'scenes': run with "
            "--set corpus=coco to run on your COCO copy",
            stacklevel=3,
        )


def train_captioner(
    model: Captioner,
    images: Tensor,
    captions: list[list[str]],
    vocabulary: Vocabulary,
    *,
    seed: int,
    steps: int,
    lr: float,
    batch_size: int,
    first_step: int = 0,
    checkpoint_path: str | Path | None = None,
) -> History:
    """Teacher-forced training: each update a minibatch of images, each with one of its
    reference captions, both drawn from ``[seed, first_step + step]`` (so a run repeats bit
    for bit, and a second stage draws other batches than the first). ``images`` may be
    features when the model's network is frozen (:meth:`Captioner.features`).

    With ``checkpoint_path`` the run is saved when it ends and, if the file exists, resumed
    from it (:func:`lstm.nn.train.fit`): a run of ``n`` updates continued to ``steps`` is the
    run of ``steps`` updates, update for update."""
    if len(images) != len(captions):
        raise ValueError(
            f"expected one list of captions per image, got {len(captions)} for {len(images)}"
        )

    def batch(step: int) -> tuple[Tensor, Tensor]:
        rng = np.random.default_rng([seed, first_step + step])
        chosen = rng.choice(len(images), batch_size, replace=False)
        picks = rng.integers(0, 1 << 30, batch_size)
        texts = [captions[i][p % len(captions[i])] for i, p in zip(chosen, picks, strict=True)]
        return images[torch.from_numpy(chosen)], caption_batch(texts, vocabulary)

    def loss(captioner: Captioner, data: tuple[Tensor, Tensor]) -> Tensor:
        return captioner.loss(*data)

    saving = {} if checkpoint_path is None else {"checkpoint_every": steps}
    return fit(
        model,
        loss,
        batch,
        steps=steps,
        lr=lr,
        clip_norm=5.0,
        progress=False,
        checkpoint_path=checkpoint_path,
        **saving,
    )


def describe_scenes(
    model: Captioner,
    images: Tensor,
    vocabulary: Vocabulary,
    *,
    beam_size: int,
    batch_size: int = 200,
) -> list[str]:
    """The model's caption of each image (greedy for ``beam_size=1``), as text."""
    captions = []
    for start in range(0, len(images), batch_size):
        decoded = model.caption(images[start : start + batch_size], beam_size=beam_size)
        captions += [" ".join(vocabulary.decode(tokens)) for tokens in decoded.tokens]
    return captions


def score_captions(captions: list[str], data: Scenes | CaptionedImages) -> dict[str, float]:
    """BLEU-1, BLEU-4 (against all references of each image) and, for scenes, the
    attribute accuracy of ``captions`` on ``data``: objects (colour and shape), relations,
    all exact (COCO's images have no description to check a caption against); the mean
    caption length in words, the share of empty captions and the share of *distinct*
    captions (1: every image got its own; a captioner that ignores the image writes the
    same few captions for all, and scores near 0)."""
    scores = {
        "bleu1": multi_reference_bleu(captions, data.captions, max_order=1),
        "bleu4": multi_reference_bleu(captions, data.captions, max_order=4),
    }
    if isinstance(data, Scenes):
        attributes = mean_attribute_accuracy(captions, data.scenes)
        scores |= {name: attributes[name] for name in ("objects", "relations", "exact")}
    return scores | {
        "length": float(np.mean([len(words(c)) for c in captions])),
        "empty": float(np.mean([not c for c in captions])),
        "distinct": len(set(captions)) / len(captions),
    }


def choose_learning_rate(
    make_model: Callable[[], Captioner],
    images: Tensor,
    captions: list[list[str]],
    vocabulary: Vocabulary,
    validation: Scenes | CaptionedImages,
    *,
    lrs: list[float],
    search_steps: int,
    steps: int,
    seed: int,
    batch_size: int,
) -> tuple[Captioner, History, dict]:
    """Train a captioner at the learning rate of ``lrs`` that suits it, chosen on
    validation scenes, and return it, its history and the search.

    Each learning rate trains a fresh ``make_model()`` for ``search_steps`` updates (the
    same initial weights and batches for all); its greedy captions of ``validation`` are
    scored by BLEU-4; the best (the first of equals) is then trained on to ``steps``
    updates from where its short run stopped, so the returned captioner had exactly
    ``steps`` updates, as if it had been trained at that rate from the start. The search:
    ``{"lrs", "validation_bleu4", "validation_length", "validation_distinct", "chosen"}``.
    """
    if not lrs:
        raise ValueError("expected at least one learning rate to choose from, got none")
    if not 1 <= search_steps <= steps:
        raise ValueError(f"expected 1 <= search_steps <= steps={steps}, got {search_steps}")
    common = dict(seed=seed, batch_size=batch_size)
    search: dict[str, list] = {"lrs": list(lrs)}
    with tempfile.TemporaryDirectory() as directory:
        paths = [Path(directory) / f"lr{index}.pt" for index in range(len(lrs))]
        for lr, path in zip(lrs, paths, strict=True):
            model = make_model()
            train_captioner(
                model,
                images,
                captions,
                vocabulary,
                steps=search_steps,
                lr=lr,
                checkpoint_path=path,
                **common,
            )
            scores = score_captions(
                describe_scenes(model, validation.images, vocabulary, beam_size=1), validation
            )
            for name in ("bleu4", "length", "distinct"):
                search.setdefault(f"validation_{name}", []).append(scores[name])
        best = int(np.argmax(search["validation_bleu4"]))
        model = make_model()
        history = train_captioner(
            model,
            images,
            captions,
            vocabulary,
            steps=steps,
            lr=lrs[best],
            checkpoint_path=paths[best],
            **common,
        )
    return model, history, {**search, "chosen": lrs[best]}


def run_seed(config: dict, seed: int, data: dict[str, Scenes | CaptionedImages]) -> dict:
    """Pretrain, train the four captioners and score them, for one seed, on ``data``: the
    ``"train"`` and ``"validation"`` images and those of every split of
    :func:`evaluation_splits` (:func:`scene_splits` or :func:`read_coco`)."""
    size = config["image_size"]
    train, validation = data["train"], data["validation"]
    evaluation = {split: data[split] for split in evaluation_splits(config)}
    # every word of the scenes' grammar; COCO's words seen often enough, as in the paper
    min_count = 1 if isinstance(train, Scenes) else PAPER["min_word_count"]
    vocabulary = Vocabulary.build(
        (words(c) for refs in train.captions for c in refs), min_count=min_count
    )
    common = dict(seed=seed, batch_size=config["batch_size"])
    steps, tune_steps = config["caption_steps"], config["finetune_steps"]

    def convnet(offset: int) -> ConvNet:
        seed_everything(seed * 100 + offset)
        return ConvNet(
            image_size=size, channels=tuple(config["channels"]), feature_size=config["feature_size"]
        )

    def captioner(network: ConvNet, *, frozen: bool, image_feed: str = "once") -> Captioner:
        seed_everything(seed * 100 + 3)
        encoder = ImageEncoder(network, config["embed_size"], freeze_convnet=frozen)
        return Captioner(
            encoder, len(vocabulary), hidden_size=config["hidden_size"], image_feed=image_feed
        )

    pretrained = convnet(1)
    pretraining = pretrain_convnet(
        pretrained,
        seed=seed,
        steps=config["pretrain_steps"],
        scenes=config["pretrain_scenes"],
        eval_scenes=config["eval_scenes"],
        batch_size=config["batch_size"],
        eval_every=config["pretrain_steps"],
    )
    models, histories = {}, {}
    for name, feed in ((CONDITIONS[0], "once"), (CONDITIONS[3], "every_step")):
        model = captioner(copy.deepcopy(pretrained), frozen=True, image_feed=feed)
        features = model.features(train.images)
        histories[name] = train_captioner(
            model, features, train.captions, vocabulary, steps=steps, lr=config["lr"], **common
        )
        models[name] = model
    tuned = copy.deepcopy(models[CONDITIONS[0]])
    tuned.encoder.set_frozen(False)
    histories[CONDITIONS[1]] = train_captioner(
        tuned,
        train.images,
        train.captions,
        vocabulary,
        steps=tune_steps,
        lr=config["finetune_lr"],
        first_step=steps,
        **common,
    )
    models[CONDITIONS[1]] = tuned
    scratch, histories[CONDITIONS[2]], lr_search = choose_learning_rate(
        lambda: captioner(convnet(2), frozen=False),
        train.images,
        train.captions,
        vocabulary,
        validation,
        lrs=config["random_lrs"],
        search_steps=config["lr_search_steps"],
        steps=steps + tune_steps,
        **common,
    )
    models[CONDITIONS[2]] = scratch

    scores: dict[str, dict] = {}
    samples: dict[str, list[str]] = {}
    for name, model in models.items():
        beams = config["beams"] if name == config["beam_condition"] else config["condition_beams"]
        for split, data in evaluation.items():
            for beam in beams:
                captions = describe_scenes(model, data.images, vocabulary, beam_size=beam)
                scores[f"{name}|{split}|{beam}"] = score_captions(captions, data)
                if name == config["beam_condition"]:
                    samples[f"{split}|{beam}"] = captions[: config["samples"]]
                if name == CONDITIONS[2] and beam == 1:
                    samples[f"random|{split}|1"] = captions[: config["samples"]]
    return {
        "seed": seed,
        "vocabulary": len(vocabulary),
        "pretraining_accuracy": pretraining.accuracy,
        "final_loss": {name: float(np.mean(h.losses[-20:])) for name, h in histories.items()},
        "random_lr_search": lr_search,
        "scores": scores,
        "samples": samples,
    }


def mean_scores(per_seed: list[dict]) -> dict[str, dict[str, float]]:
    """Each score's mean over seeds, keyed like a seed's ``scores``."""
    if not per_seed:
        raise ValueError("expected the results of at least one seed, got none")
    keys = per_seed[0]["scores"]
    return {
        key: {m: float(np.mean([s["scores"][key][m] for s in per_seed])) for m in keys[key]}
        for key in keys
    }


_SHORT = dict(zip(CONDITIONS, ("frozen", "tuned", "random", "every_step"), strict=True))


def seed_differences(per_seed: list[dict], first: str, second: str, metric: str = "bleu4"):
    """``metric`` of score key ``first`` minus that of ``second`` (keys like a seed's
    ``scores``: ``"condition|split|beam"``), one difference per seed, in seed order."""
    return [s["scores"][first][metric] - s["scores"][second][metric] for s in per_seed]


def per_seed_metrics(per_seed: list[dict], config: dict) -> dict[str, float]:
    """The metrics that tell a consistent difference from an average one, and a collapsed
    captioner from a working one. With ``b`` = ``condition_beams[-1]`` and for each split:

    * ``every_step_minus_frozen_{split}_bleu4_min`` / ``_max``: the smallest / largest over
      seeds of (BLEU-4 with the image at every step − BLEU-4 with the image once), beam
      ``b``, both on the frozen pretrained network. ``_min`` > 0: every step was better at
      every seed; ``_max`` < 0: once was better at every seed.
    * ``tuned_minus_random_{split}_bleu4_min`` / ``_max``: the same for the pretrained,
      fine-tuned captioner minus the randomly initialised one (beam ``b``).
    * ``beam{k}_minus_greedy_{split}_bleu4_min`` / ``_max``, for every beam ``k`` > 1 of
      ``beams``: the ``beam_condition`` captioner's beam-``k`` BLEU-4 minus its greedy one.
    * ``{short}_{split}_greedy_length`` (mean over seeds) and ``_greedy_length_min`` (the
      seed with the shortest): mean words per greedy caption; ``{short}_{split}_greedy_
      distinct`` and ``_greedy_distinct_min``: the share of the split's images whose greedy
      caption is distinct (1: all differ; a captioner that ignores the image writes one
      caption for all). ``short`` is ``frozen``, ``tuned``, ``random`` or ``every_step``.
    * ``random_lr_min`` / ``random_lr_max``: the smallest and largest learning rate the
      randomly initialised captioner was given over seeds (chosen on validation scenes).
    """
    beam, main = config["condition_beams"][-1], config["beam_condition"]
    comparisons = {
        "every_step_minus_frozen": (CONDITIONS[3], beam, CONDITIONS[0], beam),
        "tuned_minus_random": (CONDITIONS[1], beam, CONDITIONS[2], beam),
    }
    comparisons |= {f"beam{k}_minus_greedy": (main, k, main, 1) for k in config["beams"] if k > 1}
    metrics: dict[str, float] = {}
    for split in evaluation_splits(config):
        for label, (first, first_beam, second, second_beam) in comparisons.items():
            gaps = seed_differences(
                per_seed, f"{first}|{split}|{first_beam}", f"{second}|{split}|{second_beam}"
            )
            metrics[f"{label}_{split}_bleu4_min"] = float(min(gaps))
            metrics[f"{label}_{split}_bleu4_max"] = float(max(gaps))
        for name, short in _SHORT.items():
            for m in ("length", "distinct"):
                values = [s["scores"][f"{name}|{split}|1"][m] for s in per_seed]
                metrics[f"{short}_{split}_greedy_{m}"] = float(np.mean(values))
                metrics[f"{short}_{split}_greedy_{m}_min"] = float(min(values))
    chosen = [s["random_lr_search"]["chosen"] for s in per_seed]
    metrics["random_lr_min"], metrics["random_lr_max"] = float(min(chosen)), float(max(chosen))
    return metrics


def run(config: dict) -> dict:
    """The chapter's experiment, over ``config["seeds"]``; scores are means over seeds,
    with the per-seed extremes of :func:`per_seed_metrics`. On COCO the images are read
    once, before any training, and the result keeps their :func:`coco_record`."""
    _warn_if_the_folder_is_ignored(config)
    coco = read_coco(config) if corpus_name(config) == "coco" else None
    per_seed = [
        run_seed(config, seed, scene_splits(config, seed) if coco is None else coco.splits)
        for seed in config["seeds"]
    ]
    means = mean_scores(per_seed)
    main, beam = config["beam_condition"], config["condition_beams"][-1]
    splits = evaluation_splits(config)
    scored = ("bleu1", "bleu4", "objects", "exact") if coco is None else ("bleu1", "bleu4")
    metrics = {}
    for name, short in _SHORT.items():
        for split in splits:
            for m in scored:
                metrics[f"{short}_{split}_{m}"] = means[f"{name}|{split}|{beam}"][m]
    for split in splits:
        for b in config["beams"]:
            metrics[f"beam{b}_{split}_bleu4"] = means[f"{main}|{split}|{b}"]["bleu4"]
    metrics["pretraining_objects"] = float(
        np.mean([s["pretraining_accuracy"]["objects"] for s in per_seed])
    )
    metrics |= per_seed_metrics(per_seed, config)
    output = {"metrics": metrics, "seeds": config["seeds"], "means": means, "per_seed": per_seed}
    if coco is not None:
        output["coco"] = coco.record
    return output
