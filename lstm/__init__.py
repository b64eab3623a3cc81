"""LSTM Papers, Reproduced: the shared, tested package behind the book.

The cells and layers are re-exported here; the rest lives in submodules:
``lstm.train`` (the training loop), ``lstm.profiles`` (smoke and full budgets),
``lstm.results`` (committed results with provenance), ``lstm.claims`` (claims as code),
``lstm.experiments`` (the book's experiments) and ``lstm.tasks`` (task generators).
"""

from lstm import claims, experiments, profiles, results, train
from lstm.cells import VARIANTS, GRUCell, LSTMCell, RNNCell, UnknownVariant
from lstm.layers import GRU, LSTM, RNN

__all__ = [
    "GRU",
    "LSTM",
    "RNN",
    "VARIANTS",
    "GRUCell",
    "LSTMCell",
    "RNNCell",
    "UnknownVariant",
    "claims",
    "experiments",
    "profiles",
    "results",
    "train",
]
