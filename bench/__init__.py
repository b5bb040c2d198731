"""Benchmarks: `make bench` (python -m bench) writes JSON figures to bench/results/."""
