"""Chapter 4: learning to forget (Gers, Schmidhuber & Cummins 2000).

The embedded Reber grammar (Hochreiter & Schmidhuber 1997, Exp 1) is first learned the
1997 way: the network is reset before every string. Then the strings are concatenated
into one continual stream and four kinds of network learn to predict it (the rows of
Gers et al.'s Table 2): the 1997 LSTM with an external reset at every string boundary,
the 1997 LSTM with no reset, the LSTM with forget gates, and the LSTM with forget gates
and a decaying learning rate.

Many networks per row are needed for a percentage, and the 1997 cell runs on a step loop,
so the networks of one row are trained *side by side*, packed into one block-diagonal
network (:class:`lstm.nn.side_by_side.SideBySide`): each network sees only its own
stream, its own inputs and its own errors. Both experiments train through the book's one
training loop, :func:`lstm.nn.train.fit`.
"""
