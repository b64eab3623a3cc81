"""The library: cells, layers, models, encoder-decoders, decoding, training, metrics."""
