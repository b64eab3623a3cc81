"""LSTM Papers, Reproduced: the shared, tested package behind the book."""
