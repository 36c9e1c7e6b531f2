"""Benchmarks that print ratios measured side by side; run them with ``python benchmarks/run.py``."""
