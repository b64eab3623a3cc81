"""Chapter 11's claims: what the paper says, and how the numbers judge it."""

from __future__ import annotations

from lstm.reproduce.claims import Claim, all_of

#: How much lower the gated networks' test bits per character must be than the tanh
#: RNN's for Karpathy's "far": a tenth of a bit, registered before the full run.
FAR = 0.1


#: What "little or nothing" is for the smallest model's gain from dropout, in bits per
#: character of validation text: 0.02, about one per cent of its score.
LITTLE = 0.02


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
