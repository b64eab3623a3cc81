"""Readers of data sets kept on disk in the formats the papers' corpora come in."""
