"""Readers for data people have: parallel text for the sequence-to-sequence chapter."""
