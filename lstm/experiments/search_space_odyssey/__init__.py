"""Chapter 8: LSTM, a search space odyssey (Greff, Srivastava, Koutník, Steunebrink &
Schmidhuber 2017).

Nine architectures (the vanilla LSTM with peepholes and Greff et al.'s eight variants,
:data:`lstm.VARIANTS`) each go through the same random search on two tasks: next-step
prediction of Bach's chorales as piano rolls (:mod:`lstm.data.chorales`) and framewise
phoneme classification with a bidirectional network on chapter 5's speech corpus
(:func:`lstm.experiments.framewise_phonemes.load_corpus`: the synthetic espeak-ng speech,
or your own TIMIT with ``"corpus": "timit"`` and the folder ``LSTM_TIMIT_DIR`` names), as
the paper did on JSB Chorales and TIMIT. Every trial draws a
learning rate, a hidden size, a momentum and an input-noise level from the paper's
distributions (the hidden size over a range a CPU affords) and trains one network with
:func:`lstm.nn.per_sequence.train`.

The search runs on the sweep engine (:mod:`lstm.sweep.study`): one Optuna study per task
and architecture, trial ``k`` of every study with the same hyperparameters and seed. The
trials are kept in a journal file under ``data/cache/sweeps/`` named after the config and
the training code, so an interrupted run resumes where it stopped; the environment
variable ``LSTM_SWEEP_STORAGE`` names another storage (a PostgreSQL URL shared by many
machines), and ``LSTM_SWEEP_WORKERS`` how many worker processes this machine runs
(default 2). ``python -m lstm.sweep search_space_odyssey`` runs workers without judging.

The analysis follows the paper: Welch's t-test of each variant against vanilla on its
best trials, and functional ANOVA of the test metric over the hyperparameters
(:mod:`lstm.sweep.importance`).
"""
