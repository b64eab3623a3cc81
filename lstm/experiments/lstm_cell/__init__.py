"""Chapter 1, the LSTM cell (Hochreiter & Schmidhuber 1997; Gers, Schmidhuber & Cummins
2000): the constant error carousel measured, and the gates at work.

One experiment in three parts:

* parity — the package's LSTM against ``torch.nn.LSTM`` with copied weights
  (:func:`lstm.nn.diagnostics.parity_with_torch`);
* error flow — how much of an error injected at the last step reaches each earlier step,
  for an LSTM cell without forget gate (the 1997 carousel, with the 1997 truncated
  learning rule and with full backpropagation), a cell whose forget gate is free (at
  initialisation), and a tanh RNN (:func:`lstm.nn.diagnostics.error_flow`);
* gates at work — a small LSTM trained on :mod:`lstm.tasks.remember_forget`; its memory
  cell's gates are read off along a test stream.
"""
