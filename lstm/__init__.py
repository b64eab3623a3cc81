"""LSTM Papers, Reproduced: the shared, tested package behind the book.

Four kinds of code, one folder each; imports run only in the direction of the arrows:

- ``lstm.nn`` -- the library: cells, layers, encoder-decoders, decoding, the training
  loop, metrics. What you would use in your own project. The cells and layers are
  re-exported here.
- ``lstm.tasks`` and ``lstm.data`` -- the material: seeded generators of the papers'
  synthetic tasks, corpora built from packages, readers for datasets you own.
- ``lstm.reproduce`` -- the machinery: profiles, results with provenance, claims and
  verdicts, the experiment registry, the command line (``python -m lstm``).
- ``lstm.experiments`` -- one folder per chapter of the book (experiment, show, claims).

experiments -> reproduce, nn, tasks, data; nn -> tasks, data (constants and scene
rendering only); everything -> ``lstm.checks`` (input validation). Nothing in ``nn``,
``tasks`` or ``data`` imports ``reproduce`` or ``experiments``.
"""

from lstm.nn.cells import VARIANTS, GRUCell, LSTMCell, RNNCell, UnknownVariant
from lstm.nn.layers import GRU, LSTM, RNN

__all__ = [
    "GRU",
    "LSTM",
    "RNN",
    "VARIANTS",
    "GRUCell",
    "LSTMCell",
    "RNNCell",
    "UnknownVariant",
]
