"""Benchmark cases: each module exposes ``run() -> list[bench.Row]``."""
