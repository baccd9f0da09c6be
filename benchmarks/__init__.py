"""Benchmarks of g60desk (run as scripts: ``.venv/bin/python -m benchmarks.bench_checks``)."""
