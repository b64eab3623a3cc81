"""How fast the package's recurrent layers run, against PyTorch's own kernels.

``python -m lstm.bench`` (or ``make bench``) times every LSTM variant's layer, its readable
step loop and ``torch.nn.LSTM`` side by side (:mod:`lstm.bench.suite`, with the timing
rules of :mod:`lstm.bench.measure`) and writes ``data/results/bench.json``;
:mod:`lstm.bench.report` turns that file into the tables and figures of the book's page
"How fast is it?". Timings are for reading, never for asserting: no test depends on them.
"""
