"""Chapter 11: generating text character by character (the seeds' own example; Karpathy,
Johnson & Fei-Fei 2015), and dropout that works for LSTMs (Zaremba, Sutskever & Vinyals
2014).

Every network here is a :class:`lstm.nn.char_model.CharModel` that reads Shakespeare
(:mod:`lstm.data.plays`) one character at a time and predicts the next. Four studies:

- **The seed's model as written** on lower-cased Macbeth: each character fed as one
  number, two LSTM layers of 300 with dropout 0.2, Adam at Keras's default rate, batches of
  30 windows of 50 characters, each trained to predict the one character after it; then
  the same model reading one-hot characters.
- **Karpathy's comparisons** on the same Macbeth split, every network trained to predict
  every next character of its windows: two LSTM layers against one, a GRU and a tanh RNN
  of the same width, and a character n-gram model (:mod:`lstm.nn.ngram`) at its best order.
- **Zaremba's dropout** on two-layer LSTMs of three widths: none, dropout on the
  non-recurrent connections at two rates, and naive dropout that also drops the recurrent
  state.
- **A model of all the plays**, a larger two-layer LSTM trained on 36 plays, whose weights
  the package keeps (:mod:`lstm.generate` writes with them): its samples at several
  temperatures, measured (:mod:`lstm.data.text_measures`), and cells whose state follows
  the layout of a play.

A network's score is its bits per character on the validation text at the best of its
evaluations (early stopping), and the test text's at that point. The Karpathy networks
each train at their own learning rate, chosen on the first seed, which judges nothing.
The runs are the trials of the sweep engine (:mod:`lstm.sweep.study`), kept where
:mod:`lstm.sweep.local` says, so an interrupted run resumes.
"""

from __future__ import annotations

import hashlib
import inspect
import json
import re
from collections.abc import Callable

import numpy as np
import torch
from matplotlib.figure import Figure

from lstm.data import plays, text_measures
from lstm.nn import char_model
from lstm.nn.char_model import CharModel
from lstm.nn.ngram import CharNGram
from lstm.nn.train import fit, seed_everything
from lstm.reproduce import results
from lstm.reproduce.claims import Claim, all_of, at_least, at_most  # noqa: F401
from lstm.reproduce.figures import TEXT_PT, book_figure, legend_below
from lstm.reproduce.report import Table
from lstm.reproduce.results import Result
from lstm.sweep import local
from lstm.sweep import study as engine

#: The papers' own figures. Karpathy et al. (2015), test cross-entropy per character as
#: their table gives it; Zaremba et al. (2014), Penn Treebank word-level test perplexity,
#: as the project's notes have it from the authors' and a TensorFlow reproduction.
PAPER = {
    "karpathy": {
        "War and Peace": {"LSTM": 1.077, "20-gram": 1.195},
        "Linux kernel": {"LSTM": 0.84, "20-gram": 0.889},
    },
    "zaremba": {
        "2 × 200, no dropout": 115,
        "2 × 650, dropout 0.5": 82,
        "2 × 1500, dropout 0.65": 78,
    },
}

#: The networks of Karpathy's comparisons and Zaremba's study, by name: ``cell-LxH`` with
#: ``-dP`` for dropout P on the non-recurrent connections and ``-rP`` for naive dropout P
#: on the recurrent ones as well.
_NAME = re.compile(
    r"(?P<cell>lstm|gru|tanh)-(?P<layers>\d)x(?P<hidden>\d+)(-(?P<kind>[dr])(?P<p>[\d.]+))?"
)

_COMMON = {
    "batch": 32,
    "length": 100,
    "clip_norm": 5.0,
    "ngram_orders": [1, 2, 3, 4, 5, 6, 7, 8, 10],
    "seed_model": {"hidden": 300, "dropout": 0.2, "batch": 30, "window": 50, "lr": 0.001},
    "temperatures": [0, 0.2, 0.5, 1.0, 1.2],
    "sample_length": 2_000,
    "prompt": "MACBETH:\n",
    "repeat_n": 20,
}

CONFIG = {
    "smoke": {
        **_COMMON,
        "seeds": [0, 1],  # seed 0 chooses the learning rates, seed 1 is judged
        "learning_rates": [0.002, 0.005],
        "sizes": [16, 32],
        "dropouts": [0.25, 0.5],
        "steps": 60,
        "eval_every": 30,
        "seed_steps": 30,
        "seed_model": {**_COMMON["seed_model"], "hidden": 32},
        "plays": {"hidden": 32, "steps": 60, "lr": 0.005},
        "ngram_orders": [1, 3, 5],
        "sample_length": 300,
        "weights": "data/cache/models/plays-lstm-smoke.pt",
    },
    "full": {
        **_COMMON,
        # Seed 0 chooses each network's learning rate; seeds 1-3 are judged. Seed 0 also
        # trained the probes that set the widths and the budget, so it judges nothing.
        "seeds": [0, 1, 2, 3],
        "learning_rates": [0.002, 0.005],
        "sizes": [32, 64, 128],
        "dropouts": [0.25, 0.5],
        "steps": 1_000,
        "eval_every": 100,
        "seed_steps": 600,
        "plays": {"hidden": 256, "steps": 1_200, "lr": 0.005},
        "weights": "data/models/plays-lstm.pt",
    },
}

TOLERANCE = {"seed_one_hot_val": 0.3, "best_lstm_test": 0.3}


# The data -----------------------------------------------------------------------------


def macbeth() -> plays.Corpus:
    """Lower-cased Macbeth cut into train / validation / test blocks (90 / 5 / 5 per cent),
    the alphabet taken from the whole play, as the seed's vocabulary is."""
    text = plays.play_text("macbeth").lower()
    return plays.split_blocks(text)._replace(alphabet="".join(sorted(set(text))))


def encoded(text: str, alphabet: str) -> torch.Tensor:
    """``text`` as symbols, each character's index in ``alphabet``."""
    index = {character: i for i, character in enumerate(alphabet)}
    return torch.tensor([index[character] for character in text])


def decoded(symbols: torch.Tensor, alphabet: str) -> str:
    return "".join(alphabet[i] for i in symbols.tolist())


def network(name: str, alphabet: int) -> CharModel:
    """The network a name such as ``lstm-2x128-d0.25`` stands for (see :data:`_NAME`)."""
    found = _NAME.fullmatch(name)
    if found is None:
        raise ValueError(f"expected a network name such as 'lstm-2x128-d0.25', got {name!r}")
    p = float(found["p"] or 0)
    return CharModel(
        alphabet,
        int(found["hidden"]),
        int(found["layers"]),
        cell=found["cell"],
        dropout=p,
        recurrent_dropout=p if found["kind"] == "r" else 0.0,
    )


def karpathy_networks(config: dict) -> tuple[str, ...]:
    """Two LSTM layers of the largest width, one such layer, a GRU and a tanh RNN."""
    width = config["sizes"][-1]
    return (f"lstm-2x{width}", f"lstm-1x{width}", f"gru-2x{width}", f"tanh-2x{width}")


def dropout_networks(config: dict) -> tuple[str, ...]:
    """At every width: no dropout, non-recurrent dropout at each rate, naive dropout at the
    lower rate."""
    low = min(config["dropouts"])
    return tuple(
        name
        for width in config["sizes"]
        for name in (
            f"lstm-2x{width}",
            *(f"lstm-2x{width}-d{p}" for p in config["dropouts"]),
            f"lstm-2x{width}-r{low}",
        )
    )


# One training run ---------------------------------------------------------------------

_TRAINING_MODULES = ("nn.char_model", "nn.ngram", "nn.layers", "nn.cells", "nn.train", "data.plays")


def _train(net: CharModel, train, validation, test, *, steps, lr, config, seed, window=None):
    """Train ``net`` with Adam and return its scores: validation bits per character at its
    best evaluation, the test text's with those weights, and the curve of training and
    validation bits per character (the training text's first stretch of the validation
    text's length, read the same way)."""
    generator = torch.Generator().manual_seed(seed)
    if window is None:

        def batches(step):
            return char_model.sequence_batch(train, config["batch"], config["length"], generator)
    else:
        seed_batch = config["seed_model"]["batch"]

        def batches(step):
            return char_model.window_batch(train, seed_batch, window, generator)

    sample = train[: len(validation)]

    def evaluate(net):
        val = char_model.bits_per_char(net, validation, window=window)
        train_bits = char_model.bits_per_char(net, sample, window=window)
        return {"train": train_bits, "val": val, "negative_val": -val}

    history = fit(
        net,
        char_model.loss,
        batches,
        steps=steps,
        lr=lr,
        clip_norm=config["clip_norm"],
        evaluate=evaluate,
        eval_every=config["eval_every"],
        keep_best="negative_val",
        progress=False,
    )
    curve = [{"step": e["step"], "train": e["train"], "val": e["val"]} for e in history.evaluations]
    best = max(curve, key=lambda e: -e["val"])
    last = curve[-1]
    return {
        "val": best["val"],
        "best_step": best["step"],
        "test": char_model.bits_per_char(net, test, window=window),
        "gap": last["val"] - last["train"],
        "curve": curve,
    }


def trial(study: str, index: int, params: dict, config: dict) -> dict:
    """One run of a study ``"part/network/learning rate"``, seed ``seeds[index]``:

    - ``seed/scalar`` or ``seed/one_hot``: the seed's model on Macbeth, with its samples;
    - ``macbeth/<network>``: a network of :func:`network` on Macbeth;
    - ``plays/<network>``: the model of all the plays, whose weights are saved at
      ``config["weights"]``;
    - ``ngram/<order>``: the character n-gram model on Macbeth (no seed, no rate).
    """
    torch.set_num_threads(1)
    part, name, lr = study.split("/")
    seed = config["seeds"][index]
    seed_everything(seed)
    if part == "ngram":
        return _ngram_trial(int(name))
    if part == "plays":
        return _plays_trial(name, float(lr), seed, config)
    text = macbeth()
    train, validation, test = (
        encoded(getattr(text, split), text.alphabet) for split in ("train", "validation", "test")
    )
    if part == "seed":
        settings = config["seed_model"]
        net = CharModel(
            len(text.alphabet), settings["hidden"], 2, encoding=name, dropout=settings["dropout"]
        )
        window = settings["window"]
        row = _train(
            net, train, validation, test,
            steps=config["seed_steps"], lr=float(lr), config=config, seed=seed, window=window,
        )  # fmt: skip
        prompt = validation[:window]
        written = char_model.sample(
            net, prompt, config["sample_length"], temperature=0, window=window
        )
        row["prompt"] = decoded(prompt, text.alphabet)
        row["greedy"] = decoded(written, text.alphabet)
    else:
        net = network(name, len(text.alphabet))
        row = _train(
            net,
            train,
            validation,
            test,
            steps=config["steps"],
            lr=float(lr),
            config=config,
            seed=seed,
        )
    return {"seed": seed, "value": row["val"], **row}


def _ngram_trial(order: int) -> dict:
    text = macbeth()
    model = CharNGram(order).fit(text.train)
    val = model.bits_per_char(text.validation, context=text.train)
    test = model.bits_per_char(text.test, context=text.train + text.validation)
    return {"seed": None, "value": val, "val": val, "test": test}


def _plays_trial(name: str, lr: float, seed: int, config: dict) -> dict:
    text = plays.corpus()
    train, validation, test = (
        encoded(getattr(text, split), text.alphabet) for split in ("train", "validation", "test")
    )
    net = network(name, len(text.alphabet))
    settings = {**config, "eval_every": config["plays"]["steps"] // 4}
    row = _train(
        net,
        train,
        validation,
        test,
        steps=config["plays"]["steps"],
        lr=lr,
        config=settings,
        seed=seed,
    )
    path = results.REPOSITORY / config["weights"]
    path.parent.mkdir(parents=True, exist_ok=True)
    torch.save(
        {"settings": net.settings(), "alphabet": text.alphabet, "state": net.state_dict()}, path
    )
    return {"seed": seed, "value": row["val"], **row}


_TRIAL_CODE: tuple[Callable, ...] = (
    trial,
    _train,
    _ngram_trial,
    _plays_trial,
    macbeth,
    encoded,
    decoded,
    network,
)


# The search ---------------------------------------------------------------------------


def _sweep(phase: str, studies: tuple[str, ...], config: dict) -> engine.Sweep:
    """A sweep of one training run per seed of ``config`` in each study; its name carries
    a hash of the config and of the code that trains a network, so that a journal of
    trials is reused only by the very same runs."""
    code = [results.module_hash(f"lstm.{m}") for m in _TRAINING_MODULES]
    sources = [inspect.getsource(f) for f in _TRIAL_CODE]
    key = hashlib.sha256(
        json.dumps({"config": config, "code": code, "trial": sources}, sort_keys=True).encode()
    ).hexdigest()[:16]
    return engine.Sweep(
        name=f"text_generation-{phase}-{key}",
        studies=studies,
        trials=len(config["seeds"]),
        space={},
        objective=f"{__name__}:trial",
        config=config,
    )


def selection(config: dict) -> engine.Sweep:
    """Karpathy's networks at every learning rate of the grid, and the n-gram model at
    every order, on the first seed."""
    studies = tuple(
        f"macbeth/{name}/{lr}"
        for name in karpathy_networks(config)
        for lr in config["learning_rates"]
    ) + tuple(f"ngram/{order}/-" for order in config["ngram_orders"])
    return _sweep("select", studies, {**config, "seeds": config["seeds"][:1]})


def judged(config: dict, rates: dict[str, float]) -> engine.Sweep:
    """Every network at its learning rate with each of the other seeds: the seed's
    models, Karpathy's networks, Zaremba's (at the rate of two LSTM layers of the largest
    width), and the model of all the plays (first judged seed only)."""
    lstm_rate = rates[karpathy_networks(config)[0]]
    seed_lr = config["seed_model"]["lr"]
    studies = (
        tuple(f"seed/{encoding}/{seed_lr}" for encoding in char_model.ENCODINGS)
        + tuple(f"macbeth/{name}/{rates[name]}" for name in karpathy_networks(config))
        + tuple(
            f"macbeth/{name}/{lstm_rate}"
            for name in dropout_networks(config)
            if name not in karpathy_networks(config)
        )
    )
    return _sweep("judge", studies, {**config, "seeds": config["seeds"][1:]})


def plays_model(config: dict) -> engine.Sweep:
    """The model of all the plays, trained once, with the first judged seed."""
    name = f"lstm-2x{config['plays']['hidden']}"
    study = f"plays/{name}/{config['plays']['lr']}"
    return _sweep("plays", (study,), {**config, "seeds": config["seeds"][1:2]})


def choose_rates(found: dict[str, list[dict]], config: dict) -> dict[str, float]:
    """Per network, the learning rate with the lowest validation bits per character on the
    first seed (the smaller rate among equals)."""
    return {
        name: min(
            config["learning_rates"], key=lambda lr: (found[f"macbeth/{name}/{lr}"][0]["val"], lr)
        )
        for name in karpathy_networks(config)
    }


# The analysis -------------------------------------------------------------------------


def _mean(values) -> float:
    return float(np.mean(values))


def _scores(runs: dict[str, list[dict]], study: str, key: str) -> list[float]:
    return [row[key] for row in runs[study]]


def summarise(runs: dict, chosen: dict, rates: dict[str, float], config: dict) -> dict:
    """The flat metrics the claims read: every network's mean validation and test bits per
    character and end-of-training gap over the judged seeds, the n-gram model at its best
    order, and the comparisons the claims make, counted seed by seed."""
    metrics: dict[str, float] = {"seeds": len(config["seeds"]) - 1}
    lstm_rate = rates[karpathy_networks(config)[0]]
    studies = {
        name: f"macbeth/{name}/{rates.get(name, lstm_rate)}" for name in _judged_names(config)
    }
    for name, study in studies.items():
        for key in ("val", "test", "gap"):
            metrics[f"{name}_{key}"] = _mean(_scores(runs, study, key))
    seed_lr = config["seed_model"]["lr"]
    for encoding in char_model.ENCODINGS:
        for key in ("val", "test"):
            metrics[f"seed_{encoding}_{key}"] = _mean(
                _scores(runs, f"seed/{encoding}/{seed_lr}", key)
            )
    for name in karpathy_networks(config):
        metrics[f"{name}_lr"] = rates[name]
    orders = {order: chosen[f"ngram/{order}/-"][0] for order in config["ngram_orders"]}
    best_order = min(orders, key=lambda order: (orders[order]["val"], order))
    metrics["ngram_order"] = best_order
    metrics["ngram_val"] = orders[best_order]["val"]
    metrics["ngram_test"] = orders[best_order]["test"]

    def per_seed(name: str, key: str = "test") -> np.ndarray:
        return np.array(_scores(runs, studies[name], key))

    lstm2, lstm1, gru, tanh = karpathy_networks(config)
    lstms = [name for name in studies if name.startswith("lstm")]
    best_lstm = min(lstms, key=lambda name: metrics[f"{name}_test"])
    metrics["best_lstm_test"] = metrics[f"{best_lstm}_test"]
    metrics["lstm_beats_ngram_seeds"] = int((per_seed(best_lstm) < metrics["ngram_test"]).sum())
    metrics["ngram_beats_lstm_seeds"] = int((per_seed(best_lstm) > metrics["ngram_test"]).sum())
    metrics["depth_seeds"] = int((per_seed(lstm2) < per_seed(lstm1)).sum())
    metrics["depth_reverse_seeds"] = int((per_seed(lstm2) > per_seed(lstm1)).sum())
    metrics["lstm_rnn_margin"] = metrics[f"{tanh}_test"] - metrics[f"{lstm2}_test"]
    metrics["gru_rnn_margin"] = metrics[f"{tanh}_test"] - metrics[f"{gru}_test"]
    metrics["gated_beat_rnn_seeds"] = int(
        ((per_seed(lstm2) < per_seed(tanh)) & (per_seed(gru) < per_seed(tanh))).sum()
    )
    for size, where in ((config["sizes"][-1], "large"), (config["sizes"][0], "small")):
        plain = f"lstm-2x{size}"
        dropped = {p: f"lstm-2x{size}-d{p}" for p in config["dropouts"]}
        best = min(config["dropouts"], key=lambda p: (metrics[f"{dropped[p]}_val"], p))
        metrics[f"{where}_dropout_rate"] = best
        metrics[f"{where}_dropout_gain"] = metrics[f"{plain}_val"] - metrics[f"{dropped[best]}_val"]
        wins = per_seed(dropped[best], "val") < per_seed(plain, "val")
        metrics[f"{where}_dropout_wins"] = int(wins.sum())
        metrics[f"{where}_dropout_losses"] = int(
            (per_seed(dropped[best], "val") > per_seed(plain, "val")).sum()
        )
        narrower = per_seed(dropped[best], "gap") < per_seed(plain, "gap")
        metrics[f"{where}_gap_narrower"] = int(narrower.sum())
    low = min(config["dropouts"])
    large = config["sizes"][-1]
    naive = per_seed(f"lstm-2x{large}-r{low}", "val")
    proper = per_seed(f"lstm-2x{large}-d{low}", "val")
    metrics["naive_worse_seeds"] = int((naive > proper).sum())
    metrics["naive_better_seeds"] = int((naive < proper).sum())
    return metrics


def _judged_names(config: dict) -> tuple[str, ...]:
    return karpathy_networks(config) + tuple(
        n for n in dropout_networks(config) if n not in karpathy_networks(config)
    )


#: Cell features of a play's layout: each character's position in its line, whether it
#: lies inside a speaker's name (a line such as ``FIRST WITCH:``), and inside a stage
#: direction (``[Exeunt]``).
FEATURES = ("line position", "speaker name", "stage direction")
_SPEAKER_LINE = re.compile(r"^[A-Z][A-Z' ,.-]*:$")


def features(text: str) -> dict[str, np.ndarray]:
    """Per character of ``text``, the values of :data:`FEATURES`."""
    position, speaker, direction = [], [], []
    inside = False
    for line in text.split("\n"):
        is_speaker = bool(_SPEAKER_LINE.match(line))
        for column, character in enumerate(line + "\n"):
            inside = inside or character == "["
            position.append(column)
            speaker.append(is_speaker and character != "\n")
            direction.append(inside)
            inside = inside and character != "]"
    n = len(text)
    return {
        "line position": np.array(position[:n], dtype=float),
        "speaker name": np.array(speaker[:n], dtype=float),
        "stage direction": np.array(direction[:n], dtype=float),
    }


def cells(net: CharModel, text: str, alphabet: str, shown: int) -> dict:
    """For each feature, the cell (layer, index) whose state correlates most with it over
    ``text``, the correlation, and that cell's state over the first ``shown`` characters."""
    states = net.cell_states(encoded(text, alphabet).unsqueeze(0))
    values = torch.cat([s[0] for s in states], dim=1).numpy()  # (time, layers * hidden)
    found = {}
    for name, feature in features(text).items():
        centred = values - values.mean(0)
        target = feature - feature.mean()
        r = (centred * target[:, None]).sum(0) / (
            np.sqrt((centred**2).sum(0) * (target**2).sum()) + 1e-12
        )
        best = int(np.nanargmax(np.abs(r)))
        found[name] = {
            "layer": best // net.hidden_size + 1,
            "cell": best % net.hidden_size,
            "r": float(r[best]),
            "state": np.round(np.tanh(values[:shown, best]), 3).tolist(),
        }
    return found


def writing(config: dict) -> dict:
    """The model of all the plays at work: its samples after the prompt at every
    temperature of the config, each measured beside a stretch of the real test play of
    the same length, and its most telling cells on the test play."""
    saved = torch.load(results.REPOSITORY / config["weights"], weights_only=True)
    net = CharModel(**saved["settings"])
    net.load_state_dict(saved["state"])
    alphabet = saved["alphabet"]
    text = plays.corpus()
    vocabulary = text_measures.vocabulary(text.train)
    length, n = config["sample_length"], config["repeat_n"]

    def measured(sample: str) -> dict:
        lines = text_measures.line_length_stats(sample)
        return {
            "repeated": text_measures.repeated_ngram_share(sample, n),
            "known_words": text_measures.known_word_share(sample, vocabulary),
            "line_mean": lines["mean"],
            "line_std": lines["std"],
        }

    samples = {}
    for temperature in config["temperatures"]:
        generator = torch.Generator().manual_seed(config["seeds"][1])
        symbols = char_model.sample(
            net, encoded(config["prompt"], alphabet), length,
            temperature=temperature, generator=generator,
        )  # fmt: skip
        sample = decoded(symbols, alphabet)
        samples[str(temperature)] = {"text": sample, **measured(sample)}
    real = text.test[:length]
    samples["real"] = {"text": real, **measured(real)}
    shown = 400
    return {
        "samples": samples,
        "cells": cells(net, text.test[: 20 * length], alphabet, shown),
        "cells_text": text.test[:shown],
    }


def run(config: dict) -> dict:
    """The chapter's experiment: choose the learning rates and the n-gram order on the
    first seed, train every network with the other seeds, train the model of all the
    plays, and let it write."""
    chosen = local.finish(selection(config))
    rates = choose_rates(chosen, config)
    runs = local.finish(judged(config, rates))
    main = local.finish(plays_model(config))
    (plays_run,) = next(iter(main.values()))

    def rows(found: dict[str, list[dict]]) -> list[dict]:
        return [{"study": name, **row} for name, rows in found.items() for row in rows]

    metrics = summarise(runs, chosen, rates, config)
    metrics["plays_val"] = plays_run["val"]
    metrics["plays_test"] = plays_run["test"]
    return {
        "metrics": metrics,
        "runs": rows(runs),
        "selection": rows(chosen),
        "plays": plays_run,
        **writing(config),
    }


# Tables and figures -------------------------------------------------------------------

_SHOWN_NAMES = {"lstm": "LSTM", "gru": "GRU", "tanh": "tanh RNN"}


def shown_name(name: str) -> str:
    """``lstm-2x128-d0.25`` as ``LSTM 2 × 128, dropout 0.25``."""
    found = _NAME.fullmatch(name)
    text = f"{_SHOWN_NAMES[found['cell']]} {found['layers']}\u202f×\u202f{found['hidden']}"
    if found["kind"] == "d":
        text += f", dropout {found['p']}"
    elif found["kind"] == "r":
        text += f", naive dropout {found['p']}"
    return text


def _seed_table(result: Result) -> Table:
    m = result.metrics
    rows = [
        {"encoding": label, "val": m[f"seed_{encoding}_val"], "test": m[f"seed_{encoding}_test"]}
        for encoding, label in (("scalar", "one number (the seed's)"), ("one_hot", "one-hot"))
    ]
    return Table(
        rows,
        {"encoding": "characters fed as", "val": "validation bits/char", "test": "test bits/char"},
    )


def _networks_table(result: Result) -> Table:
    m = result.metrics
    rows = [
        {
            "network": shown_name(name),
            "lr": m[f"{name}_lr"],
            "val": m[f"{name}_val"],
            "test": m[f"{name}_test"],
        }
        for name in karpathy_networks(result.config)
    ]
    rows.append(
        {
            "network": f"{int(m['ngram_order'])}-gram (Witten–Bell)",
            "lr": "–",
            "val": m["ngram_val"],
            "test": m["ngram_test"],
        }
    )
    return Table(
        rows, {"network": "model", "lr": "learning rate", "val": "validation", "test": "test"}
    )


def _score_and_gap(m: dict, name: str) -> str:
    return f"{m[f'{name}_val']:.3f} ({m[f'{name}_gap']:+.3f})"


def _dropout_table(result: Result) -> Table:
    m, config = result.metrics, result.config
    low = min(config["dropouts"])
    variants = {
        "": "none",
        **{f"-d{p}": f"dropout {p}" for p in config["dropouts"]},
        f"-r{low}": f"naive {low}",
    }
    rows = [
        {
            "size": f"2\u202f×\u202f{size}",
            **{
                label: _score_and_gap(m, f"lstm-2x{size}{suffix}")
                for suffix, label in variants.items()
            },
        }
        for size in config["sizes"]
    ]
    return Table(rows, {"size": "LSTM", **{label: label for label in variants.values()}})


def _samples_table(result: Result) -> Table:
    rows = [
        {
            "temperature": "real text" if key == "real" else ("greedy" if key == "0" else key),
            "repeated": sample["repeated"],
            "known": sample["known_words"],
            "lines": f"{sample['line_mean']:.1f} ± {sample['line_std']:.1f}",
        }
        for key, sample in result.data["samples"].items()
    ]
    n = result.config["repeat_n"]
    return Table(
        rows,
        {
            "temperature": "temperature",
            "repeated": f"repeated {n}-grams",
            "known": "known words",
            "lines": "line length",
        },
    )


def excerpt(text: str, characters: int = 240) -> str:
    """The first ``characters`` of ``text`` with its line breaks shown as `` / ``."""
    return text[:characters].strip("\n").replace("\n", " / ")


def _excerpts_table(result: Result) -> Table:
    rows = [
        {
            "who": f"temperature {key}"
            if key not in ("0", "real")
            else ("greedy" if key == "0" else "real text"),
            "text": excerpt(sample["text"]),
        }
        for key, sample in result.data["samples"].items()
    ]
    rows += [
        {
            "who": f"the seed's model, {label}, greedy",
            "text": excerpt(_first_seed_run(result, encoding)["greedy"]),
        }
        for encoding, label in (("scalar", "one number"), ("one_hot", "one-hot"))
    ]
    return Table(rows, {"who": "written by", "text": "text (line breaks as /)"})


def _first_seed_run(result: Result, encoding: str) -> dict:
    study = f"seed/{encoding}/{result.config['seed_model']['lr']}"
    return next(row for row in result.data["runs"] if row["study"] == study)


def _cells_table(result: Result) -> Table:
    rows = [
        {"feature": name, "layer": found["layer"], "cell": found["cell"], "r": found["r"]}
        for name, found in result.data["cells"].items()
    ]
    return Table(
        rows,
        {"feature": "what the cell follows", "layer": "layer", "cell": "cell", "r": "correlation"},
    )


def tables(result: Result) -> dict[str, Table]:
    return {
        "seed": _seed_table(result),
        "networks": _networks_table(result),
        "dropout": _dropout_table(result),
        "samples": _samples_table(result),
        "excerpts": _excerpts_table(result),
        "cells": _cells_table(result),
    }


def _curves_figure(result: Result) -> Figure:
    """Training and validation bits per character over training, mean over the judged
    seeds, for the largest LSTM with and without dropout."""
    config = result.config
    size, low = config["sizes"][-1], min(config["dropouts"])
    lstm_rate = result.metrics[f"{karpathy_networks(config)[0]}_lr"]
    figure, axes = book_figure(1, 1, height=3.6)
    ax = axes[0, 0]
    suffixes = ["", *(f"-d{p}" for p in config["dropouts"]), f"-r{low}"]
    for i, suffix in enumerate(suffixes):
        name = f"lstm-2x{size}{suffix}"
        runs = [r for r in result.data["runs"] if r["study"] == f"macbeth/{name}/{lstm_rate}"]
        steps = [e["step"] for e in runs[0]["curve"]]
        for key, style in (("train", "--"), ("val", "-")):
            mean = np.mean([[e[key] for e in r["curve"]] for r in runs], axis=0)
            label = shown_name(name).split(", ")[-1] if suffix else "no dropout"
            ax.plot(
                steps, mean, style, color=f"C{i}", lw=1.3, label=label if key == "val" else None
            )
    ax.set_xlabel("update (dashed: training text, solid: validation text)", fontsize=TEXT_PT)
    ax.set_ylabel("bits per character", fontsize=TEXT_PT)
    legend_below(figure, ax, ncols=2)
    return figure


#: The cells figure shows the test play's first non-empty lines, cut to this many characters.
SHOWN_LINES, SHOWN_COLUMNS = 9, 46


def shown_grid(text: str, values: list[float]) -> tuple[list[str], np.ndarray]:
    """The first :data:`SHOWN_LINES` non-empty lines of ``text``, cut to
    :data:`SHOWN_COLUMNS` characters, and a grid (lines, columns) of each shown character's
    value (NaN where there is no character)."""
    lines, grid, start = [], np.full((SHOWN_LINES, SHOWN_COLUMNS), np.nan), 0
    for line in text.split("\n"):
        if line and len(lines) < SHOWN_LINES:
            shown = line[:SHOWN_COLUMNS]
            grid[len(lines), : len(shown)] = values[start : start + len(shown)]
            lines.append(shown)
        start += len(line) + 1
    return lines, grid


def _cells_figure(result: Result) -> Figure:
    """The test play's first lines, each character coloured by the state (tanh) of the
    cell that follows a feature best: blue negative, red positive."""
    found = result.data["cells"]
    figure, axes = book_figure(len(found), 1, height=2.4 * len(found))
    for ax, (name, cell) in zip(axes[:, 0], found.items(), strict=True):
        lines, grid = shown_grid(result.data["cells_text"], cell["state"])
        ax.imshow(grid, cmap="coolwarm", vmin=-1, vmax=1, aspect="auto", interpolation="none")
        for row, line in enumerate(lines):
            for column, character in enumerate(line):
                ax.text(column, row, character, family="monospace", fontsize=TEXT_PT,
                        ha="center", va="center")  # fmt: skip
        ax.set_axis_off()
        ax.set_title(
            f"{name}: layer {cell['layer']}, cell {cell['cell']} (r = {cell['r']:.2f})",
            fontsize=TEXT_PT,
        )
    return figure


def figures(result: Result) -> dict[str, Figure]:
    return {"curves": _curves_figure(result), "cells": _cells_figure(result)}


# Claims -------------------------------------------------------------------------------

#: How much lower the gated networks' test bits per character must be than the tanh
#: RNN's for Karpathy's "far": a tenth of a bit, registered before the full run.
FAR = 0.1
#: What "little or nothing" is for the smallest model's gain from dropout, in bits per
#: character of validation text: 0.02, about one per cent of its score.
LITTLE = 0.02


def _every_seed(count, metrics, what):
    return at_least(count, metrics["seeds"], what)


def _evidence(data):
    """Seed by seed (in the order of the seeds), for each role a claim compares: the
    validation and test bits per character and the end-of-training gap
    (``val_<role>``, ``test_<role>``, ``gap_<role>``), and whether the network trained
    (``trained_<role>``, 1 or 0): its validation score at least one bit per character
    below the unigram model's, the score of a network that learned only how often each
    character occurs. The roles: Karpathy's networks at the largest width (``lstm2``,
    ``lstm1``, ``gru``, ``tanh``); at the largest and the smallest width, no dropout and
    dropout at the rate with the lower mean validation score (``large_plain``,
    ``large_dropped``, ``small_...``); naive and non-recurrent dropout at the lower rate
    (``naive``, ``proper``); the LSTM with the lowest mean validation score (``best_lstm``,
    chosen on validation text, never on test text) and the n-gram model at its order
    chosen on validation text, the same at every seed (``ngram``)."""
    from lstm.reproduce import claims

    runs: dict[str, list[dict]] = {}
    for run in sorted(data["runs"], key=lambda run: run["seed"]):
        if run["study"].startswith("macbeth/"):
            runs.setdefault(run["study"].split("/")[1], []).append(run)
    ngrams = [row for row in data["selection"] if row["study"].startswith("ngram/")]
    unigram = next(row["val"] for row in ngrams if row["study"] == "ngram/1/-")
    ngrams.sort(key=lambda row: int(row["study"].split("/")[1]))  # the lower order wins a tie
    chosen = claims.chosen_on_validation(
        {row["study"]: row["val"] for row in ngrams}, higher_is_better=False
    )
    best_ngram = next(row for row in ngrams if row["study"] == chosen)

    def best(names):
        return claims.chosen_on_validation(
            {n: sum(run["val"] for run in runs[n]) / len(runs[n]) for n in sorted(names)},
            higher_is_better=False,
        )

    widths = sorted(
        int(name[len("lstm-2x") :])
        for name in runs
        if name.startswith("lstm-2x") and name[len("lstm-2x") :].isdigit()
    )
    rates = sorted({name.split("-d")[1] for name in runs if "-d" in name}, key=float)
    roles = {
        "lstm2": f"lstm-2x{widths[-1]}",
        "lstm1": f"lstm-1x{widths[-1]}",
        "gru": f"gru-2x{widths[-1]}",
        "tanh": f"tanh-2x{widths[-1]}",
        "naive": f"lstm-2x{widths[-1]}-r{rates[0]}",
        "proper": f"lstm-2x{widths[-1]}-d{rates[0]}",
        "best_lstm": best(n for n in runs if n.startswith("lstm")),
    }
    for where, width in (("large", widths[-1]), ("small", widths[0])):
        roles[f"{where}_plain"] = f"lstm-2x{width}"
        roles[f"{where}_dropped"] = best(f"lstm-2x{width}-d{rate}" for rate in rates)
    found = {}
    for role, name in roles.items():
        for key in ("val", "test", "gap"):
            found[f"{key}_{role}"] = tuple(float(run[key]) for run in runs[name])
        found[f"trained_{role}"] = tuple(float(run["val"] <= unigram - 1) for run in runs[name])
    seeds = len(runs[roles["lstm2"]])
    found["test_ngram"] = (float(best_ngram["test"]),) * seeds
    found["trained_ngram"] = (1.0,) * seeds
    return found


def _dropout_helps_large(metrics, profile):
    return all_of(
        _depth_helps(
            metrics,
            profile,
            "large_dropped",
            "large_plain",
            "val",
            "dropout lowers the largest LSTM's validation bits/char",
        ),
        _depth_helps(
            metrics,
            profile,
            "large_dropped",
            "large_plain",
            "gap",
            "dropout narrows the largest LSTM's train–validation gap",
        ),
    )


def _dropout_helps_large_on_average(metrics, profile):
    return _depth_helps(
        metrics,
        profile,
        "large_dropped",
        "large_plain",
        "val",
        "dropout lowers the largest LSTM's validation bits/char",
        every_seed=False,
    )


def _dropout_hurts_large(metrics, profile):
    return _depth_helps(
        metrics,
        profile,
        "large_plain",
        "large_dropped",
        "val",
        "dropout raises the largest LSTM's validation bits/char",
    )


def _dropout_testable(metrics, profile, roles=("large_plain", "large_dropped")):
    """Whether every network of ``roles`` trained at two seeds or more."""
    from lstm.reproduce import claims

    trained = {role: [flag > 0 for flag in metrics[f"trained_{role}"]] for role in roles}
    return claims.enough_seeds(
        claims.judged_seeds(trained),
        len(metrics[f"trained_{roles[0]}"]),
        "a network scored within a bit per character of the unigram model",
    )


def _naive_worse(metrics, profile):
    return _depth_helps(
        metrics,
        profile,
        "proper",
        "naive",
        "val",
        "non-recurrent dropout scores better than naive dropout (validation)",
    )


def _naive_worse_sometimes(metrics, profile):
    return _depth_helps(
        metrics,
        profile,
        "proper",
        "naive",
        "val",
        "non-recurrent dropout scores better than naive dropout (validation)",
        every_seed=False,
    )


def _naive_testable(metrics, profile):
    return _dropout_testable(metrics, profile, ("proper", "naive"))


def _small_gains_little(metrics, profile, reverse=False):
    """Dropout saves the smallest LSTM at most :data:`LITTLE` bits per character at every
    judged seed, and the largest gains more at every one (``reverse``, the opposite: the
    smallest saves at least :data:`LITTLE` and gains more than the largest by it)."""
    from lstm.reproduce import claims

    seeds = claims.judged_seeds(
        {
            role: [flag > 0 for flag in metrics[f"trained_{role}"]]
            for role in ("small_plain", "small_dropped", "large_plain", "large_dropped")
        }
    )
    small = [metrics["val_small_plain"][i] - metrics["val_small_dropped"][i] for i in seeds]
    return all_of(
        claims.at_every_seed(
            small, LITTLE, "validation bits/char saved by dropout, smallest LSTM", below=not reverse
        ),
        _small_gains_less(metrics, profile, every_seed=True, reverse=reverse),
    )


def _small_gains_less(metrics, profile, every_seed=False, reverse=False):
    """The largest LSTM's gain from dropout above the smallest's (``reverse``: below it by
    more than :data:`LITTLE`) by a one-sided paired t-test over the judged seeds (with
    ``every_seed``: at every one), by more than the seeds' spread."""
    from lstm.reproduce import claims

    seeds = claims.judged_seeds(
        {
            role: [flag > 0 for flag in metrics[f"trained_{role}"]]
            for role in ("small_plain", "small_dropped", "large_plain", "large_dropped")
        }
    )
    gains = {
        where: [
            metrics[f"val_{where}_plain"][i] - metrics[f"val_{where}_dropped"][i] for i in seeds
        ]
        for where in ("small", "large")
    }
    if reverse:
        what = "smallest LSTM's gain from dropout above the largest's"
        found = claims.consistent([gain - LITTLE for gain in gains["small"]], gains["large"], what)
        wins = sum(a - LITTLE > b for a, b in zip(gains["small"], gains["large"], strict=True))
    else:
        what = "largest LSTM's gain from dropout above the smallest's"
        found = claims.consistent(gains["large"], gains["small"], what)
        wins = sum(a > b for a, b in zip(gains["large"], gains["small"], strict=True))
    return claims.Check(
        passed=found.passed and (wins == len(seeds) or not every_seed),
        measured=found.measured,
        required=(
            f"{what}, at every judged seed"
            + ("" if every_seed else " or by a paired t-test")
            + ", by more than the seeds' spread"
        ),
    )


def _small_gains_more(metrics, profile):
    return _small_gains_little(metrics, profile, reverse=True)


def _small_testable(metrics, profile):
    return _dropout_testable(
        metrics, profile, ("small_plain", "small_dropped", "large_plain", "large_dropped")
    )


def _lstm_beats_ngram(metrics, profile):
    return _depth_helps(
        metrics,
        profile,
        "best_lstm",
        "ngram",
        "test",
        "the best LSTM (chosen on validation text) beats the best n-gram on test text",
    )


def _lstm_beats_ngram_on_average(metrics, profile):
    return _depth_helps(
        metrics,
        profile,
        "best_lstm",
        "ngram",
        "test",
        "the best LSTM (chosen on validation text) beats the best n-gram on test text",
        every_seed=False,
    )


def _ngram_beats_lstm(metrics, profile):
    return _depth_helps(
        metrics,
        profile,
        "ngram",
        "best_lstm",
        "test",
        "the best n-gram beats the best LSTM (chosen on validation text) on test text",
    )


def _ngram_testable(metrics, profile):
    return _dropout_testable(metrics, profile, ("best_lstm", "ngram"))


def _depth_helps(
    metrics,
    profile,
    better="lstm2",
    worse="lstm1",
    score="test",
    what="two LSTM layers beat one on test text",
    every_seed=True,
):
    """The comparison every claim of the chapter makes: the network in role ``better``
    has fewer bits per character (``score``: ``val``, ``test`` or ``gap``) than ``worse``
    at every judged seed (or, without ``every_seed``, by a one-sided paired t-test over
    them), by more than the seeds' spread. A judged seed is one at which both trained
    (:func:`_evidence`)."""
    from lstm.reproduce import claims

    trained = {role: [flag > 0 for flag in metrics[f"trained_{role}"]] for role in (better, worse)}
    seeds = claims.judged_seeds(trained)
    if len(seeds) < claims.MINIMUM_SEEDS:
        return claims.Check(
            passed=False,
            measured=f"{what}: not judged, {len(seeds)} seeds where both trained",
            required=f"{what}, at every judged seed, by more than the seeds' spread",
        )
    # Fewer bits are better: the arms are compared on minus their scores.
    ours, theirs = ([-metrics[f"{score}_{role}"][i] for i in seeds] for role in (better, worse))
    found = claims.consistent(ours, theirs, what)
    wins = sum(a > b for a, b in zip(ours, theirs, strict=True))
    return claims.Check(
        passed=found.passed and (wins == len(seeds) or not every_seed),
        measured=found.measured,
        required=(
            f"{what}, at every judged seed"
            + ("" if every_seed else " or by a paired t-test")
            + ", by more than the seeds' spread"
        ),
    )


def _depth_helps_mostly(metrics, profile):
    return _depth_helps(metrics, profile, every_seed=False)


def _depth_hurts(metrics, profile):
    return _depth_helps(metrics, profile, "lstm1", "lstm2", what="one LSTM layer beats two")


def _depth_testable(metrics, profile):
    return _dropout_testable(metrics, profile, ("lstm2", "lstm1"))


def _gated_far_beat_rnn(metrics, profile):
    from lstm.reproduce import claims

    seeds = claims.judged_seeds(
        {
            role: [flag > 0 for flag in metrics[f"trained_{role}"]]
            for role in ("lstm2", "gru", "tanh")
        }
    )
    return all_of(
        _gated_beat_rnn(metrics, profile),
        *(
            claims.at_every_seed(
                [metrics["test_tanh"][i] - metrics[f"test_{role}"][i] for i in seeds],
                FAR,
                f"tanh RNN's test bits/char minus the {name}'s",
            )
            for role, name in (("lstm2", "LSTM"), ("gru", "GRU"))
        ),
    )


def _gated_beat_rnn(metrics, profile):
    return all_of(
        _depth_helps(metrics, profile, "lstm2", "tanh", what="LSTM beats the tanh RNN (test)"),
        _depth_helps(metrics, profile, "gru", "tanh", what="GRU beats the tanh RNN (test)"),
    )


def _rnn_beats_gated(metrics, profile):
    return all_of(
        _depth_helps(metrics, profile, "tanh", "lstm2", what="tanh RNN beats the LSTM (test)"),
        _depth_helps(metrics, profile, "tanh", "gru", what="tanh RNN beats the GRU (test)"),
    )


def _gated_testable(metrics, profile):
    return _dropout_testable(metrics, profile, ("lstm2", "gru", "tanh"))


_ONE_SEED = "one judged seed of a few dozen updates cannot show it"


def _dropout_regularises_in_words(metrics, profile):
    """The largest LSTM's validation score and train–validation gap without and with
    dropout, in one sentence."""
    from lstm.reproduce import claims

    names = {
        "large_plain": "the largest LSTM without dropout",
        "large_dropped": "the one with dropout",
    }
    flags = {role: [flag > 0 for flag in metrics[f"trained_{role}"]] for role in names}
    seeds, n = claims.judged_seeds(flags), len(flags["large_plain"])

    def mean(key, role, over):
        return f"{sum(metrics[f'{key}_{role}'][i] for i in over) / len(over):.2f}"

    def where(k, m):
        words = {1: "one", 2: "two", 3: "three"}
        if m == n:
            if k == m:
                every = {1: "at the one seed", 2: "at both seeds"}
                return every.get(m, f"at all {words.get(m, m)} seeds")
            if k == 0:
                return "at no seed" if m == 1 else f"at none of the {words.get(m, m)} seeds"
            return f"at {k} of {m} seeds"
        if k == m:
            which = "the one seed" if m == 1 else f"the {m} seeds"
            return f"at {which} of {n} where both trained"
        if k == 0:
            return "at none of the seeds where both trained"
        return f"at {k} of the {m} seeds (of {n}) where both trained"

    def untrained(scores):
        bar = "a full bit per character below guessing from character frequencies alone"
        if n == 1:
            failed = [names[role] for role in names if not flags[role][0]]
            who = (
                f"{failed[0]} did not train"
                if len(failed) == 1
                else f"neither {failed[0]} nor {failed[1]} trained"
            )
            return f"At the one seed {who}, not scoring {bar}: {scores}."
        return f"At none of the {n} seeds did both networks train, scoring {bar}: {scores}."

    if not seeds:
        return untrained(
            f"{mean('val', 'large_plain', range(n))} and {mean('val', 'large_dropped', range(n))} "
            "bits per character on validation text"
        )
    m = len(seeds)
    lower = {
        key: sum(
            metrics[f"{key}_large_dropped"][i] < metrics[f"{key}_large_plain"][i] for i in seeds
        )
        for key in ("val", "gap")
    }
    if lower["val"] == lower["gap"] > 0:
        change = f"dropout lowered both {where(lower['val'], m)}"
    else:
        change = (
            f"dropout lowered the score {where(lower['val'], m)} and the gap "
            f"{where(lower['gap'], m)}"
        )
    return (
        "On validation text the largest LSTM scored "
        f"{mean('val', 'large_plain', seeds)} bits per character without dropout and "
        f"{mean('val', 'large_dropped', seeds)} with it, with a gap to the training text of "
        f"{mean('gap', 'large_plain', seeds)} against {mean('gap', 'large_dropped', seeds)} "
        f"bits; {change}."
    )


def _recurrent_dropout_worse_in_words(metrics, profile):
    """Naive dropout against dropout on the non-recurrent connections only, on the largest
    LSTM's validation score, in one sentence."""
    from lstm.reproduce import claims

    names = {
        "naive": "the largest LSTM with naive dropout",
        "proper": "the one with dropout on the non-recurrent connections only",
    }
    flags = {role: [flag > 0 for flag in metrics[f"trained_{role}"]] for role in names}
    seeds, n = claims.judged_seeds(flags), len(flags["proper"])

    def mean(role, over):
        return f"{sum(metrics[f'val_{role}'][i] for i in over) / len(over):.2f}"

    def where(k, m):
        words = {1: "one", 2: "two", 3: "three"}
        if m == n:
            if k == m:
                every = {1: "at the one seed", 2: "at both seeds"}
                return every.get(m, f"at all {words.get(m, m)} seeds")
            if k == 0:
                return "at no seed" if m == 1 else f"at none of the {words.get(m, m)} seeds"
            return f"at {k} of {m} seeds"
        if k == m:
            which = "the one seed" if m == 1 else f"the {m} seeds"
            return f"at {which} of {n} where both trained"
        if k == 0:
            return "at none of the seeds where both trained"
        return f"at {k} of the {m} seeds (of {n}) where both trained"

    def untrained(scores):
        bar = "a full bit per character below guessing from character frequencies alone"
        if n == 1:
            failed = [names[role] for role in names if not flags[role][0]]
            who = (
                f"{failed[0]} did not train"
                if len(failed) == 1
                else f"neither {failed[0]} nor {failed[1]} trained"
            )
            return f"At the one seed {who}, not scoring {bar}: {scores}."
        return f"At none of the {n} seeds did both networks train, scoring {bar}: {scores}."

    if not seeds:
        return untrained(
            f"{mean('naive', range(n))} and {mean('proper', range(n))} bits per character on "
            "validation text"
        )
    values = {role: [metrics[f"val_{role}"][i] for i in seeds] for role in ("proper", "naive")}
    proper = sum(p < q for p, q in zip(values["proper"], values["naive"], strict=True))
    naive = sum(q < p for p, q in zip(values["proper"], values["naive"], strict=True))
    if naive > proper:
        better = f"naive dropout was better {where(naive, len(seeds))}"
    else:
        better = f"the non-recurrent kind was better {where(proper, len(seeds))}"
    return (
        f"On validation text the largest LSTM scored {mean('naive', seeds)} bits per character "
        "on average with naive dropout, which also drops the recurrent state, and "
        f"{mean('proper', seeds)} with dropout on the non-recurrent connections only; "
        f"{better}, where the paper argues it hurts."
    )


def _small_model_gains_little_in_words(metrics, profile):
    """What dropout did to the smallest and the largest LSTM's validation score, in one
    sentence."""
    from lstm.reproduce import claims

    names = {
        "small_plain": "the smallest LSTM without dropout",
        "small_dropped": "the smallest with dropout",
        "large_plain": "the largest without dropout",
        "large_dropped": "the largest with dropout",
    }
    flags = {role: [flag > 0 for flag in metrics[f"trained_{role}"]] for role in names}
    seeds, n = claims.judged_seeds(flags), len(flags["small_plain"])

    def where(k, m):
        words = {1: "one", 2: "two", 3: "three"}
        if m == n:
            if k == m:
                every = {1: "at the one seed", 2: "at both seeds"}
                return every.get(m, f"at all {words.get(m, m)} seeds")
            if k == 0:
                return "at no seed" if m == 1 else f"at none of the {words.get(m, m)} seeds"
            return f"at {k} of {m} seeds"
        if k == m:
            which = "the one seed" if m == 1 else f"the {m} seeds"
            return f"at {which} of {n} where all four networks trained"
        if k == 0:
            return "at none of the seeds where all four networks trained"
        return f"at {k} of the {m} seeds (of {n}) where all four networks trained"

    def untrained(scores):
        bar = "a full bit per character below guessing from character frequencies alone"
        if n == 1:
            failed = [names[role] for role in names if not flags[role][0]]
            if len(failed) == len(names):
                who = "none of the four networks trained"
            elif len(failed) == 1:
                who = f"{failed[0]} did not train"
            else:
                who = f"{', '.join(failed[:-1])} and {failed[-1]} did not train"
            return f"At the one seed {who}, not scoring {bar}: {scores}."
        return f"At none of the {n} seeds did all four networks train, scoring {bar}: {scores}."

    def gains(size, over):
        return [metrics[f"val_{size}_plain"][i] - metrics[f"val_{size}_dropped"][i] for i in over]

    def effect(gain):
        return f"{abs(gain):.2g} bits per character {'better' if gain >= 0 else 'worse'}"

    if not seeds:
        scores = [metrics[f"val_{role}"][i] for role in names for i in range(n)]
        return untrained(
            f"they scored {min(scores):.2f} to {max(scores):.2f} bits per character on "
            "validation text"
        )
    small, large = gains("small", seeds), gains("large", seeds)
    more = sum(b > a for a, b in zip(small, large, strict=True))
    less = sum(b < a for a, b in zip(small, large, strict=True))
    if more == less == 0:
        which = f"the two gained the same {where(len(seeds), len(seeds))}"
    elif more >= less:
        which = f"the largest gained more {where(more, len(seeds))}"
    else:
        which = f"the smallest gained more {where(less, len(seeds))}"
    return (
        "On validation text dropout made the smallest LSTM "
        f"{effect(sum(small) / len(small))} on average and the largest "
        f"{effect(sum(large) / len(large)).replace(' bits per character', '')}; {which}."
    )


def _lstm_beats_ngram_in_words(metrics, profile):
    """The best LSTM against the best n-gram model on the test text, in one sentence."""
    from lstm.reproduce import claims

    names = {"best_lstm": "the best LSTM", "ngram": "the n-gram model"}
    flags = {role: [flag > 0 for flag in metrics[f"trained_{role}"]] for role in names}
    seeds, n = claims.judged_seeds(flags), len(flags["best_lstm"])

    def mean(role, over):
        return f"{sum(metrics[f'test_{role}'][i] for i in over) / len(over):.2f}"

    def where(k, m):
        words = {1: "one", 2: "two", 3: "three"}
        if m == n:
            if k == m:
                every = {1: "at the one seed", 2: "at both seeds"}
                return every.get(m, f"at all {words.get(m, m)} seeds")
            if k == 0:
                return "at no seed" if m == 1 else f"at none of the {words.get(m, m)} seeds"
            return f"at {k} of {m} seeds"
        if k == m:
            which = "the one seed" if m == 1 else f"the {m} seeds"
            return f"at {which} of {n} where the LSTM trained"
        if k == 0:
            return "at none of the seeds where the LSTM trained"
        return f"at {k} of the {m} seeds (of {n}) where the LSTM trained"

    if not seeds:
        at = "at the one seed" if n == 1 else f"at any of the {n} seeds"
        return (
            f"The best LSTM did not train {at}, not scoring a full bit per character below "
            "guessing from character frequencies alone: on the test text it scored "
            f"{mean('best_lstm', range(n))} bits per character, the best n-gram model "
            f"{mean('ngram', range(n))}."
        )
    lstm = [metrics["test_best_lstm"][i] for i in seeds]
    ngram = [metrics["test_ngram"][i] for i in seeds]
    wins = sum(a < b for a, b in zip(lstm, ngram, strict=True))
    losses = sum(a > b for a, b in zip(lstm, ngram, strict=True))
    if wins >= losses:
        better = f"the LSTM was better {where(wins, len(seeds))}"
    else:
        better = f"the n-gram model was better {where(losses, len(seeds))}"
    return (
        "On the test text the best LSTM, chosen on validation text, scored "
        f"{mean('best_lstm', seeds)} bits per character and the best n-gram model "
        f"{mean('ngram', seeds)}; {better} (the paper, in its own units on War and Peace: "
        "1.077 against a 20-gram's 1.195)."
    )


def _depth_helps_in_words(metrics, profile):
    """Two LSTM layers against one on the test text, in one sentence."""
    from lstm.reproduce import claims

    names = {"lstm2": "the two-layer LSTM", "lstm1": "the one-layer one"}
    flags = {role: [flag > 0 for flag in metrics[f"trained_{role}"]] for role in names}
    seeds, n = claims.judged_seeds(flags), len(flags["lstm2"])

    def mean(role, over):
        return f"{sum(metrics[f'test_{role}'][i] for i in over) / len(over):.2f}"

    def where(k, m):
        words = {1: "one", 2: "two", 3: "three"}
        if m == n:
            if k == m:
                every = {1: "at the one seed", 2: "at both seeds"}
                return every.get(m, f"at all {words.get(m, m)} seeds")
            if k == 0:
                return "at no seed" if m == 1 else f"at none of the {words.get(m, m)} seeds"
            return f"at {k} of {m} seeds"
        if k == m:
            which = "the one seed" if m == 1 else f"the {m} seeds"
            return f"at {which} of {n} where both trained"
        if k == 0:
            return "at none of the seeds where both trained"
        return f"at {k} of the {m} seeds (of {n}) where both trained"

    def untrained(scores):
        bar = "a full bit per character below guessing from character frequencies alone"
        if n == 1:
            failed = [names[role] for role in names if not flags[role][0]]
            who = (
                f"{failed[0]} did not train"
                if len(failed) == 1
                else f"neither {failed[0]} nor {failed[1]} trained"
            )
            return f"At the one seed {who}, not scoring {bar}: {scores}."
        return f"At none of the {n} seeds did both networks train, scoring {bar}: {scores}."

    if not seeds:
        return untrained(
            f"on the test text two layers scored {mean('lstm2', range(n))} bits per character "
            f"and one layer {mean('lstm1', range(n))}"
        )
    two = sum(metrics["test_lstm2"][i] < metrics["test_lstm1"][i] for i in seeds)
    one = sum(metrics["test_lstm1"][i] < metrics["test_lstm2"][i] for i in seeds)
    if two >= one:
        better = f"two layers were better {where(two, len(seeds))}"
    else:
        better = f"one layer was better {where(one, len(seeds))}"
    return (
        f"On the test text two LSTM layers scored {mean('lstm2', seeds)} bits per character on "
        f"average and one layer {mean('lstm1', seeds)}; {better}, where the paper found a "
        "depth of at least two consistently better."
    )


def _gated_beat_rnn_in_words(metrics, profile):
    """The LSTM and the GRU against the tanh RNN on the test text, in one sentence."""
    from lstm.reproduce import claims

    names = {"lstm2": "the LSTM", "gru": "the GRU", "tanh": "the tanh RNN"}
    flags = {role: [flag > 0 for flag in metrics[f"trained_{role}"]] for role in names}
    seeds, n = claims.judged_seeds(flags), len(flags["tanh"])

    def mean(role, over):
        return f"{sum(metrics[f'test_{role}'][i] for i in over) / len(over):.2f}"

    def where(k, m):
        words = {1: "one", 2: "two", 3: "three"}
        if m == n:
            if k == m:
                every = {1: "at the one seed", 2: "at both seeds"}
                return every.get(m, f"at all {words.get(m, m)} seeds")
            if k == 0:
                return "at no seed" if m == 1 else f"at none of the {words.get(m, m)} seeds"
            return f"at {k} of {m} seeds"
        if k == m:
            which = "the one seed" if m == 1 else f"the {m} seeds"
            return f"at {which} of {n} where all three trained"
        if k == 0:
            return "at none of the seeds where all three trained"
        return f"at {k} of the {m} seeds (of {n}) where all three trained"

    def untrained(scores):
        bar = "a full bit per character below guessing from character frequencies alone"
        if n == 1:
            failed = [names[role] for role in names if not flags[role][0]]
            if len(failed) == 1:
                who = f"{failed[0]} did not train"
            elif len(failed) == 2:
                who = f"neither {failed[0]} nor {failed[1]} trained"
            else:
                who = "none of the three networks trained"
            return f"At the one seed {who}, not scoring {bar}: {scores}."
        return f"At none of the {n} seeds did all three networks train, scoring {bar}: {scores}."

    over = seeds or range(n)
    scores = (
        f"the tanh RNN scored {mean('tanh', over)} bits per character, the LSTM "
        f"{mean('lstm2', over)} and the GRU {mean('gru', over)}"
    )
    if not seeds:
        return untrained(f"on the test text {scores}")
    ahead = {
        role: sum(metrics[f"test_{role}"][i] < metrics["test_tanh"][i] for i in seeds)
        for role in ("lstm2", "gru")
    }
    far = {
        role: sum(metrics["test_tanh"][i] - metrics[f"test_{role}"][i] >= FAR for i in seeds)
        for role in ("lstm2", "gru")
    }
    m = len(seeds)

    def short(k):
        if m == 1:
            return "there" if k else "not there"
        return "at every one" if k == m else ("at none" if k == 0 else f"at {k}")

    if ahead["lstm2"] == ahead["gru"] == 0:
        behind = sum(
            metrics["test_tanh"][i] < min(metrics["test_lstm2"][i], metrics["test_gru"][i])
            for i in seeds
        )
        lead = f"the tanh RNN was ahead of both {where(behind, m)}"
    else:
        if ahead["lstm2"] == ahead["gru"]:
            lead = f"both gated networks were ahead of it {where(ahead['gru'], m)}"
        else:
            lead = (
                f"the LSTM was ahead of it {where(ahead['lstm2'], m)} and the GRU "
                f"{where(ahead['gru'], m)}"
            )
        lead += (
            f", the GRU by {FAR} bits or more {short(far['gru'])}, the LSTM {short(far['lstm2'])}"
        )
    return f"On the test text {scores} on average; {lead}."


CLAIMS = [
    Claim(
        id="zaremba2014.dropout_regularises",
        paper="zaremba2014",
        quote=(
            "[W]e show how to correctly apply dropout to LSTMs, and show that it substantially "
            "reduces overfitting on a variety of tasks (Zaremba et al. 2014, abstract)."
        ),
        paper_figure=(
            "PTB word-level test perplexity: 2 × 200 without dropout 114.5; 2 × 650 with "
            "dropout 0.5 82.7 (the paper's Table 1)"
        ),
        experiment="text_generation",
        criterion=_dropout_helps_large,
        weaker=_dropout_helps_large_on_average,
        weaker_reason=(
            "the weaker form asks only that dropout lower the largest LSTM's validation score, "
            "at every judged seed or by a paired t-test over them, by more than their spread"
        ),
        opposite=_dropout_hurts_large,
        opposite_power=(
            "four seeds, only those where both networks trained, and the largest LSTM "
            "is one that overfits Macbeth within its training, the case the paper's "
            "dropout is for; dropout raising its validation score at every judged seed, "
            "beyond the seeds' spread, would speak against the paper."
        ),
        not_judged_in_smoke=_ONE_SEED,
        testable=_dropout_testable,
        evidence=_evidence,
        summary=_dropout_regularises_in_words,
        examples={
            "reproduced": {
                "val_large_dropped": (2.0, 2.1, 2.2),
                "val_large_plain": (2.3, 2.4, 2.5),
                "gap_large_dropped": (0.1, 0.2, 0.1),
                "gap_large_plain": (0.9, 1.0, 1.1),
                "trained_large_dropped": (1, 1, 1),
                "trained_large_plain": (1, 1, 1),
            },
            "weaker form": {
                "val_large_dropped": (2.0, 2.1, 2.2),
                "val_large_plain": (2.3, 2.4, 2.5),
                "gap_large_dropped": (0.9, 0.2, 0.1),
                "gap_large_plain": (0.5, 1.0, 1.1),
                "trained_large_dropped": (1, 1, 1),
                "trained_large_plain": (1, 1, 1),
            },
            "not reproduced": {
                "val_large_dropped": (2.0, 2.1, 2.2),
                "val_large_plain": (2.1, 2.0, 2.3),
                "gap_large_dropped": (0.1, 0.2, 0.1),
                "gap_large_plain": (0.9, 1.0, 1.1),
                "trained_large_dropped": (1, 1, 1),
                "trained_large_plain": (1, 1, 1),
            },
            "contradicted": {
                "val_large_dropped": (2.3, 2.4, 2.5),
                "val_large_plain": (2.0, 2.1, 2.2),
                "gap_large_dropped": (0.1, 0.2, 0.1),
                "gap_large_plain": (0.9, 1.0, 1.1),
                "trained_large_dropped": (1, 1, 1),
                "trained_large_plain": (1, 1, 1),
            },
            "not tested": {
                "val_large_dropped": (2.0, 2.1, 2.2),
                "val_large_plain": (2.3, 2.4, 2.5),
                "gap_large_dropped": (0.1, 0.2, 0.1),
                "gap_large_plain": (0.9, 1.0, 1.1),
                "trained_large_dropped": (0, 0, 1),
                "trained_large_plain": (1, 1, 1),
            },
        },
    ),
    Claim(
        id="zaremba2014.recurrent_dropout_worse",
        paper="zaremba2014",
        quote=(
            "Paraphrase: dropout must be applied to the non-recurrent connections only; "
            "dropping the recurrent connections as well corrupts the memory and hurts "
            "(Zaremba et al. 2014, section 3)."
        ),
        paper_figure="the paper argues it and reports no number for naive dropout",
        experiment="text_generation",
        criterion=_naive_worse,
        weaker=_naive_worse_sometimes,
        weaker_reason=(
            "the weaker form asks that naive dropout score worse by a paired t-test over the "
            "seeds, where they do not all agree, by more than their spread"
        ),
        not_judged_in_smoke=_ONE_SEED,
        testable=_naive_testable,
        evidence=_evidence,
        summary=_recurrent_dropout_worse_in_words,
        examples={
            "reproduced": {
                "val_proper": (2.0, 2.1, 2.2),
                "val_naive": (2.3, 2.4, 2.5),
                "trained_proper": (1, 1, 1),
                "trained_naive": (1, 1, 1),
            },
            "weaker form": {
                "val_proper": (2.0, 2.1, 2.2, 2.0, 2.1),
                "val_naive": (2.3, 2.4, 2.5, 2.3, 2.05),
                "trained_proper": (1, 1, 1, 1, 1),
                "trained_naive": (1, 1, 1, 1, 1),
            },
            "not reproduced": {
                "val_proper": (2.3, 2.4, 2.5),
                "val_naive": (2.0, 2.1, 2.2),
                "trained_proper": (1, 1, 1),
                "trained_naive": (1, 1, 1),
            },
            "not tested": {
                "val_proper": (2.0, 2.1, 2.2),
                "val_naive": (2.3, 2.4, 2.5),
                "trained_proper": (1, 1, 1),
                "trained_naive": (0, 0, 1),
            },
        },
    ),
    Claim(
        id="zaremba2014.small_model_gains_little",
        paper="zaremba2014",
        quote=(
            "Paraphrase: without regularization the network has to be small, because larger "
            "networks overfit (Zaremba et al. 2014, section 4.1); that a small model gains "
            "little from dropout is our reading of it."
        ),
        paper_figure=(
            "2 × 200 trained without dropout 114.5; 2 × 650 and 2 × 1500 with 0.5 and "
            "0.65: 82.7 and 78.4 (the paper's Table 1)"
        ),
        experiment="text_generation",
        criterion=_small_gains_little,
        weaker=_small_gains_less,
        weaker_reason=(
            f"the weaker form drops the bound of {LITTLE} bits/char and asks only that the "
            f"smallest model gain less than the largest, by a paired t-test over the seeds"
        ),
        opposite=_small_gains_more,
        opposite_power=(
            "four seeds at the smallest and the largest width, only those where every "
            "network trained; the small model gaining more from dropout than the large "
            "one at every judged seed, beyond the seeds' spread, would reverse the "
            "paper's size effect at the sizes trained here."
        ),
        not_judged_in_smoke=_ONE_SEED,
        testable=_small_testable,
        evidence=_evidence,
        summary=_small_model_gains_little_in_words,
        examples={
            "reproduced": {
                "val_small_plain": (2.8, 2.9, 3.0),
                "val_small_dropped": (2.81, 2.92, 3.03),
                "val_large_plain": (2.3, 2.4, 2.5),
                "val_large_dropped": (2.2, 2.3, 2.4),
                "trained_small_plain": (1, 1, 1),
                "trained_small_dropped": (1, 1, 1),
                "trained_large_plain": (1, 1, 1),
                "trained_large_dropped": (1, 1, 1),
            },
            "weaker form": {
                "val_small_plain": (2.8, 2.9, 3.0),
                "val_small_dropped": (2.75, 2.85, 2.95),
                "val_large_plain": (2.3, 2.4, 2.5),
                "val_large_dropped": (2.1, 2.2, 2.3),
                "trained_small_plain": (1, 1, 1),
                "trained_small_dropped": (1, 1, 1),
                "trained_large_plain": (1, 1, 1),
                "trained_large_dropped": (1, 1, 1),
            },
            "not reproduced": {
                "val_small_plain": (2.8, 2.9, 3.0),
                "val_small_dropped": (2.75, 2.85, 2.95),
                "val_large_plain": (2.3, 2.4, 2.5),
                "val_large_dropped": (2.25, 2.35, 2.45),
                "trained_small_plain": (1, 1, 1),
                "trained_small_dropped": (1, 1, 1),
                "trained_large_plain": (1, 1, 1),
                "trained_large_dropped": (1, 1, 1),
            },
            "contradicted": {
                "val_small_plain": (2.8, 2.9, 3.0),
                "val_small_dropped": (2.6, 2.7, 2.8),
                "val_large_plain": (2.3, 2.4, 2.5),
                "val_large_dropped": (2.3, 2.4, 2.5),
                "trained_small_plain": (1, 1, 1),
                "trained_small_dropped": (1, 1, 1),
                "trained_large_plain": (1, 1, 1),
                "trained_large_dropped": (1, 1, 1),
            },
            "not tested": {
                "val_small_plain": (2.8, 2.9, 3.0),
                "val_small_dropped": (2.81, 2.92, 3.03),
                "val_large_plain": (2.3, 2.4, 2.5),
                "val_large_dropped": (2.2, 2.3, 2.4),
                "trained_small_plain": (1, 1, 1),
                "trained_small_dropped": (0, 0, 1),
                "trained_large_plain": (1, 1, 1),
                "trained_large_dropped": (1, 1, 1),
            },
        },
    ),
    Claim(
        id="karpathy2015.lstm_beats_ngram",
        paper="karpathy2015",
        quote=(
            "Paraphrase: the best LSTM beats a 20-gram character model (Karpathy et al. 2015, "
            "section 4.3)."
        ),
        paper_figure=(
            "test cross-entropy: War and Peace 1.077 against 1.195, Linux kernel 0.84 against "
            "0.889 (from a secondary source's slides of the paper)"
        ),
        experiment="text_generation",
        criterion=_lstm_beats_ngram,
        weaker=_lstm_beats_ngram_on_average,
        weaker_reason=(
            "the weaker form asks only that the best LSTM beat the n-gram model by a paired "
            "t-test over the seeds, by more than their spread"
        ),
        opposite=_ngram_beats_lstm,
        opposite_power=(
            "four seeds, only those where the LSTM trained, with the LSTM and the "
            "n-gram's order both chosen on validation text; an n-gram ahead of the best "
            "LSTM on the test text at every judged seed, beyond the seeds' spread, "
            "would speak against the paper on a text of this size."
        ),
        not_judged_in_smoke=_ONE_SEED,
        testable=_ngram_testable,
        evidence=_evidence,
        summary=_lstm_beats_ngram_in_words,
        examples={
            "reproduced": {
                "test_best_lstm": (2.0, 2.1, 2.2),
                "test_ngram": (2.3, 2.3, 2.3),
                "trained_best_lstm": (1, 1, 1),
                "trained_ngram": (1, 1, 1),
            },
            "weaker form": {
                "test_best_lstm": (2.0, 2.1, 2.0, 2.1, 2.35),
                "test_ngram": (2.3, 2.3, 2.3, 2.3, 2.3),
                "trained_best_lstm": (1, 1, 1, 1, 1),
                "trained_ngram": (1, 1, 1, 1, 1),
            },
            "not reproduced": {
                "test_best_lstm": (2.2, 2.4, 2.3),
                "test_ngram": (2.3, 2.3, 2.3),
                "trained_best_lstm": (1, 1, 1),
                "trained_ngram": (1, 1, 1),
            },
            "contradicted": {
                "test_best_lstm": (2.3, 2.4, 2.5),
                "test_ngram": (2.2, 2.2, 2.2),
                "trained_best_lstm": (1, 1, 1),
                "trained_ngram": (1, 1, 1),
            },
            "not tested": {
                "test_best_lstm": (2.0, 2.1, 2.2),
                "test_ngram": (2.3, 2.3, 2.3),
                "trained_best_lstm": (0, 0, 1),
                "trained_ngram": (1, 1, 1),
            },
        },
    ),
    Claim(
        id="karpathy2015.depth_helps",
        paper="karpathy2015",
        quote=(
            "Paraphrase: models with two or more layers do better than those with one "
            "(Karpathy et al. 2015, section 4.1)."
        ),
        paper_figure=(
            "depth of at least two is consistently beneficial; between two and three layers the "
            "results are mixed (section 4.1, as quoted in secondary sources)"
        ),
        experiment="text_generation",
        criterion=_depth_helps,
        weaker=_depth_helps_mostly,
        weaker_reason=(
            "the weaker form asks that two layers win by a paired t-test over the seeds, "
            "where they do not all agree, by more than their spread"
        ),
        opposite=_depth_hurts,
        opposite_power=(
            "four seeds, only those where both networks trained, one and two layers of "
            "equal width with the same training; one layer ahead at every judged seed, "
            "beyond the seeds' spread, would speak against the paper on a text of this "
            "size."
        ),
        not_judged_in_smoke=_ONE_SEED,
        testable=_depth_testable,
        evidence=_evidence,
        summary=_depth_helps_in_words,
        examples={
            "reproduced": {
                "test_lstm2": (2.0, 2.1, 2.2),
                "test_lstm1": (2.3, 2.4, 2.5),
                "trained_lstm2": (1, 1, 1),
                "trained_lstm1": (1, 1, 1),
            },
            "weaker form": {
                "test_lstm2": (2.0, 2.1, 2.2, 2.0, 2.1),
                "test_lstm1": (2.3, 2.4, 2.5, 2.3, 2.05),
                "trained_lstm2": (1, 1, 1, 1, 1),
                "trained_lstm1": (1, 1, 1, 1, 1),
            },
            "not reproduced": {
                "test_lstm2": (2.0, 2.1, 2.2),
                "test_lstm1": (2.1, 2.0, 2.3),
                "trained_lstm2": (1, 1, 1),
                "trained_lstm1": (1, 1, 1),
            },
            "contradicted": {
                "test_lstm2": (2.3, 2.4, 2.5),
                "test_lstm1": (2.0, 2.1, 2.2),
                "trained_lstm2": (1, 1, 1),
                "trained_lstm1": (1, 1, 1),
            },
            "not tested": {
                "test_lstm2": (2.0, 2.1, 2.2),
                "test_lstm1": (2.3, 2.4, 2.5),
                "trained_lstm2": (0, 0, 1),
                "trained_lstm1": (1, 1, 1),
            },
        },
    ),
    Claim(
        id="karpathy2015.gated_beat_rnn",
        paper="karpathy2015",
        quote=(
            "Paraphrase: the LSTM and the GRU work much better than the vanilla RNN (Karpathy "
            "et al. 2015, section 4.1)."
        ),
        paper_figure=(
            "LSTM and GRU both significantly outperform the RNN; mixed between themselves "
            "(section 4.1, as quoted in secondary sources)"
        ),
        experiment="text_generation",
        criterion=_gated_far_beat_rnn,
        weaker=_gated_beat_rnn,
        weaker_reason=(
            f"the weaker form drops the margin of {FAR} bits/char and asks only that both win "
            f"in every seed"
        ),
        opposite=_rnn_beats_gated,
        opposite_power=(
            "four seeds, only those where every network trained, the three cells at "
            "equal width with the same training; the tanh RNN ahead of both gated "
            "networks at every judged seed, beyond the seeds' spread, would speak "
            "against the paper."
        ),
        not_judged_in_smoke=_ONE_SEED,
        testable=_gated_testable,
        evidence=_evidence,
        summary=_gated_beat_rnn_in_words,
        examples={
            "reproduced": {
                "test_lstm2": (2.0, 2.1, 2.2),
                "test_gru": (2.0, 2.1, 2.2),
                "test_tanh": (2.3, 2.4, 2.5),
                "trained_lstm2": (1, 1, 1),
                "trained_gru": (1, 1, 1),
                "trained_tanh": (1, 1, 1),
            },
            "weaker form": {
                "test_lstm2": (2.25, 2.26, 2.27),
                "test_gru": (2.0, 2.01, 2.02),
                "test_tanh": (2.3, 2.31, 2.32),
                "trained_lstm2": (1, 1, 1),
                "trained_gru": (1, 1, 1),
                "trained_tanh": (1, 1, 1),
            },
            "not reproduced": {
                "test_lstm2": (2.1, 2.0, 2.3),
                "test_gru": (2.0, 2.1, 2.2),
                "test_tanh": (2.0, 2.1, 2.2),
                "trained_lstm2": (1, 1, 1),
                "trained_gru": (1, 1, 1),
                "trained_tanh": (1, 1, 1),
            },
            "contradicted": {
                "test_lstm2": (2.3, 2.4, 2.5),
                "test_gru": (2.3, 2.4, 2.5),
                "test_tanh": (2.0, 2.1, 2.2),
                "trained_lstm2": (1, 1, 1),
                "trained_gru": (1, 1, 1),
                "trained_tanh": (1, 1, 1),
            },
            "not tested": {
                "test_lstm2": (2.0, 2.1, 2.2),
                "test_gru": (2.0, 2.1, 2.2),
                "test_tanh": (2.3, 2.4, 2.5),
                "trained_lstm2": (1, 1, 1),
                "trained_gru": (1, 1, 1),
                "trained_tanh": (0, 0, 1),
            },
        },
    ),
]
