"""What chapter 7's page shows: the paper's figures, the tables and the figures."""

from __future__ import annotations

import textwrap
from pathlib import Path

import numpy as np
from matplotlib.figure import Figure
from torch import Tensor

from lstm.data.captions import read_images
from lstm.experiments.show_and_tell.experiment import (
    _SHORT,
    CONDITIONS,
    PAPER,
    corpus_name,
    evaluation_splits,
)
from lstm.reproduce.figures import TEXT_PT, book_figure, legend_below
from lstm.reproduce.report import Table
from lstm.reproduce.results import Result
from lstm.tasks.scenes import (
    Scene,
    caption_attribute_accuracy,
    render_scenes,
)

_NAMES = {
    CONDITIONS[0]: "pretrained, frozen",
    CONDITIONS[1]: "pretrained, fine-tuned",
    CONDITIONS[2]: "random init, end to end",
    CONDITIONS[3]: "image every step",
}


def tables(result: Result) -> dict[str, Table]:
    """The chapter's tables: ``test`` and ``unseen`` (every captioner's scores on each
    split), ``beam`` (greedy against beam search, beside the paper's gain), ``seeds``
    (BLEU-4 per seed), ``random_seeds`` and ``learning_rates`` (how the randomly
    initialised captioner fared and which learning rate it got), ``random_captions``
    (its first greedy captions) and ``training_loss`` (each captioner's at the end).

    On COCO: no ``unseen`` table, no unseen column in ``beam`` and no attribute accuracy
    (COCO has neither), and ``coco``, the caption file, image folder and number of
    images of each split."""
    data, config = result.data, result.config
    beam = config["condition_beams"][-1]
    scores = {"bleu4": "BLEU-4", "bleu1": "BLEU-1"}
    if corpus_name(config) == "scenes":
        scores |= {"objects": "objects named right", "exact": "captions exactly right"}
    beam_rows = _beam_rows(data, config)
    splits = {
        split: Table(
            [
                {
                    "captioner": _NAMES[name],
                    "paper": PAPER["coco_bleu4"] if name == CONDITIONS[1] else "—",
                    **data["means"][f"{name}|{split}|{beam}"],
                }
                for name in CONDITIONS
            ],
            {"captioner": "captioner", "paper": "paper: BLEU-4 (COCO)", **scores},
        )
        for split in evaluation_splits(config)
    }
    shown = {
        **splits,
        # the columns of the splits the result has (no unseen scenes on COCO)
        "beam": Table(beam_rows, {k: v for k, v in _BEAM_COLUMNS.items() if k in beam_rows[0]}),
        "seeds": Table(
            [
                {
                    "seed": seed["seed"],
                    "pretraining": seed["pretraining_accuracy"]["objects"],
                    **{
                        short: seed["scores"][f"{name}|test|{beam}"]["bleu4"]
                        for name, short in _SHORT.items()
                    },
                }
                for seed in data["per_seed"]
            ],
            {
                "seed": "seed",
                "pretraining": "pretrained CNN: objects named right",
                **{short: f"BLEU-4: {_NAMES[name]}" for name, short in _SHORT.items()},
            },
        ),
        "random_seeds": Table(
            [
                {
                    "seed": seed["seed"],
                    "lr": seed["random_lr_search"]["chosen"],
                    **seed["scores"][f"{CONDITIONS[2]}|test|1"],
                }
                for seed in data["per_seed"]
            ],
            {
                "seed": "seed",
                "lr": "learning rate chosen",
                "bleu4": "BLEU-4 (greedy)",
                "length": "words per greedy caption",
                "distinct": "share of distinct captions",
            },
        ),
        "learning_rates": Table(
            _learning_rate_rows(data),
            {
                "seed": "seed",
                "lr": "learning rate",
                "bleu4": "validation BLEU-4 (greedy)",
                "length": "words per caption",
                "distinct": "share of distinct captions",
                "chosen": "chosen",
            },
        ),
        "random_captions": Table(
            [
                {"seed": seed["seed"], "caption": caption}
                for seed in data["per_seed"]
                for caption in seed["samples"]["random|test|1"][:4]
            ],
            {"seed": "seed", "caption": "greedy caption of a test scene, random init"},
        ),
        "training_loss": Table(
            [
                {
                    "captioner": _NAMES[name],
                    **{str(s["seed"]): s["final_loss"][name] for s in data["per_seed"]},
                }
                for name in CONDITIONS
            ],
            {
                "captioner": "captioner",
                **{str(s["seed"]): f"seed {s['seed']}" for s in data["per_seed"]},
            },
        ),
    }
    if corpus_name(config) == "coco":
        shown["coco"] = Table(
            [{"split": split, **part} for split, part in data["coco"]["parts"].items()],
            {
                "split": "split",
                "captions": "caption file",
                "images": "image folder",
                "count": "images",
            },
        )
    return shown


_BEAM_COLUMNS = {
    "beam": "beam size",
    "paper": "paper: BLEU-4 gain over greedy (COCO)",
    "gain": "BLEU-4 gain over greedy",
    "test_bleu4": "BLEU-4",
    "unseen_bleu4": "BLEU-4, unseen scenes",
    "length": "words per caption",
    "empty": "share of empty captions",
}


def _beam_rows(data: dict, config: dict) -> list[dict]:
    """One row per beam size, for the ``beam_condition`` captioner: BLEU-4 on every split
    of :func:`evaluation_splits` and its gain over greedy (test), the mean caption length
    and the share of empty captions (test), and the paper's gain of its beam over greedy
    decoding."""
    rows = []
    for beam in config["beams"]:
        key = f"{config['beam_condition']}|{{}}|{beam}"
        test = data["means"][key.format("test")]
        greedy = data["means"][f"{config['beam_condition']}|test|1"]
        rows.append(
            {
                "beam": "1 (greedy)" if beam == 1 else beam,
                "paper": PAPER["beam_gain_over_greedy"] if beam == PAPER["beam_size"] else "—",
                "gain": test["bleu4"] - greedy["bleu4"],
                **{
                    f"{split}_bleu4": data["means"][key.format(split)]["bleu4"]
                    for split in evaluation_splits(config)
                },
                "length": test["length"],
                "empty": test["empty"],
            }
        )
    return rows


def _learning_rate_rows(data: dict) -> list[dict]:
    """The randomly initialised captioner's learning-rate search: per seed and rate, the
    greedy BLEU-4, mean caption length and share of distinct captions on the validation
    scenes after the short run, and whether the rate was chosen."""
    rows = []
    for seed in data["per_seed"]:
        search = seed["random_lr_search"]
        for index, lr in enumerate(search["lrs"]):
            rows.append(
                {
                    "seed": seed["seed"],
                    "lr": lr,
                    "bleu4": search["validation_bleu4"][index],
                    "length": search["validation_length"][index],
                    "distinct": search["validation_distinct"][index],
                    "chosen": "✓" if lr == search["chosen"] else "",
                }
            )
    return rows


def figures(result: Result) -> dict[str, Figure]:
    """The chapter's figures: ``conditions`` (BLEU-4 of every captioner on each split),
    ``beam`` (BLEU-4 against beam size), ``examples`` (the first test scenes with their
    captions) and ``failures`` (scenes whose caption is wrong, with a reference). On COCO
    the examples show a reference too, and there is no ``failures``: it picks captions
    by their attribute accuracy, which COCO's images lack."""
    data, config = result.data, result.config
    coco = corpus_name(config) == "coco"
    drawn = {
        "conditions": _conditions_figure(result),
        "beam": _beam_figure(result),
        "examples": _caption_grid(_examples(data, config, "test")[:8], reference=coco),
    }
    if not coco:
        drawn["failures"] = _caption_grid(_failures(data, config, 8), reference=True)
    return drawn


def _conditions_figure(result: Result) -> Figure:
    beam = result.config["condition_beams"][-1]
    figure, axes = book_figure(height=3.6)
    ax = axes[0, 0]
    positions = np.arange(len(CONDITIONS))
    splits = evaluation_splits(result.config)
    width = 0.8 / len(splits)  # the bars of one captioner side by side, centred on it
    for index, split in enumerate(splits):
        heights = [result.data["means"][f"{name}|{split}|{beam}"]["bleu4"] for name in CONDITIONS]
        offset = (index - (len(splits) - 1) / 2) * width
        ax.bar(positions + offset, heights, width=width, label=f"{split} scenes")
    ax.axhline(PAPER["coco_bleu4"], color="black", linestyle=":", label="the paper, on COCO")
    ax.set_xticks(positions, [textwrap.fill(_NAMES[name], 16) for name in CONDITIONS])
    ax.set_ylabel(f"BLEU-4 (beam {beam})")
    legend_below(figure)
    return figure


def _beam_figure(result: Result) -> Figure:
    figure, axes = book_figure(height=3.2)
    ax = axes[0, 0]
    rows = _beam_rows(result.data, result.config)
    sizes = result.config["beams"]
    for split in evaluation_splits(result.config):
        ax.plot(sizes, [row[f"{split}_bleu4"] for row in rows], marker="o", label=f"{split} scenes")
    ax.set_xscale("log")
    ax.set_xticks(sizes, [str(size) for size in sizes])
    ax.minorticks_off()
    ax.set_xlabel("beam size (1 = greedy)")
    ax.set_ylabel("BLEU-4 (fine-tuned captioner)")
    legend_below(figure)
    return figure


def _examples(data: dict, config: dict, split: str = "test") -> list[dict]:
    """The first ``samples`` images of ``split`` for the first seed, each with its image
    (size, size, 3), a reference, and the ``beam_condition`` captioner's greedy and beam
    captions with the beam caption's attribute scores (``exact`` and ``objects``; None on
    COCO). The images are those of :func:`_shown_images`."""
    splits = evaluation_splits(config)
    if split not in splits:
        raise ValueError(f"expected split to be one of {splits}, got {split!r}")
    seed = data["per_seed"][0]
    images, references, scenes = _shown_images(data, config, split, seed["seed"])
    beam = config["condition_beams"][-1]
    out = []
    for i, (greedy, beamed) in enumerate(
        zip(seed["samples"][f"{split}|1"], seed["samples"][f"{split}|{beam}"], strict=True)
    ):
        score = None if scenes is None else caption_attribute_accuracy(beamed, scenes[i])
        out.append(
            {
                "image": images[i].permute(1, 2, 0).numpy(),
                "reference": references[i],
                "greedy": greedy,
                "beam": beamed,
                "beam_size": beam,
                "exact": None if score is None else score.exact,
                "objects": None if score is None else score.objects,
            }
        )
    return out


def _shown_images(
    data: dict, config: dict, split: str, seed: int
) -> tuple[Tensor, list[str], list[Scene] | None]:
    """The images of ``split`` whose captions the result keeps, their first references
    and, for scenes, their descriptions: the scenes rendered again from ``seed``, or the
    COCO test images read again from the folder the result names (None for the
    descriptions)."""
    if corpus_name(config) == "scenes":
        scenes = render_scenes(
            config["eval_scenes"], seed=seed, split=split, image_size=config["image_size"]
        )
        return scenes.images, [references[0] for references in scenes.captions], scenes.scenes
    coco = data["coco"]
    folder, part = Path(coco["folder"]), coco["parts"][split]
    images = read_images(
        folder / part["captions"],
        [(example["image_id"], example["file_name"]) for example in coco["examples"]],
        folder / part["images"],
        size=config["image_size"],
        fit="crop",
    )
    return images, [example["reference"] for example in coco["examples"]], None


def _failures(data: dict, config: dict, count: int = 6) -> list[dict]:
    """Up to ``count`` examples (:func:`_examples`) whose beam caption is not exactly right:
    half from the unseen split, the rest from the test split, worst named objects first."""
    chosen: list[dict] = []
    for split, share in (("unseen", count // 2), ("test", count)):
        wrong = [{**e, "split": split} for e in _examples(data, config, split) if not e["exact"]]
        wrong.sort(key=lambda e: e["objects"])
        chosen += wrong[: min(share, count - len(chosen))]
    return chosen


_GRID_COLUMNS = 2  # scenes side by side: each an image and its captions beside it


_WRAP = 27  # characters per line of a caption at the book's text size (at most 6 lines)


def _caption_grid(items: list[dict], *, reference: bool = False) -> Figure:
    """Scenes of :func:`_examples` or :func:`_failures`, two to a row, each beside its
    greedy and beam captions (✓ when every object, size and relation is right; no mark
    for a COCO image, which has nothing to check a caption against), and with
    ``reference=True`` one of its references first."""
    if not items:
        raise ValueError("expected at least one example to show, got none")
    texts = []
    for item in items:
        mark = "" if item["exact"] is None else " ✓" if item["exact"] else " ✗"
        lines = [
            f"greedy: {item['greedy']}",
            f"beam {item['beam_size']}: {item['beam']}{mark}",
        ]
        if reference:
            lines.insert(0, f"reference: {item['reference']}")
        texts.append(
            "\n".join(textwrap.fill(line, _WRAP, max_lines=6, placeholder=" …") for line in lines)
        )
    # each row as tall as its image or its longest text (0.2 inches a line), whichever is more
    heights = [
        max(1.1, 0.2 * max(text.count("\n") + 1 for text in texts[start : start + _GRID_COLUMNS]))
        for start in range(0, len(texts), _GRID_COLUMNS)
    ]
    figure, axes = book_figure(len(heights), 2 * _GRID_COLUMNS, height=sum(heights) + 0.2)
    axes[0, 0].get_gridspec().set_width_ratios([1, 2.4] * _GRID_COLUMNS)
    axes[0, 0].get_gridspec().set_height_ratios(heights)
    for ax in axes.flat:
        ax.axis("off")
    for index, (item, text) in enumerate(zip(items, texts, strict=True)):
        row, column = divmod(index, _GRID_COLUMNS)
        image, words_ax = axes[row, 2 * column], axes[row, 2 * column + 1]
        image.imshow(item["image"], interpolation="nearest")
        image.set_anchor("N")
        words_ax.text(
            0, 1, text, transform=words_ax.transAxes, va="top", fontsize=TEXT_PT, linespacing=1.25
        )
    return figure
