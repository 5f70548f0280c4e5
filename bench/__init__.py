"""Benchmarks of the data layer (`make bench`); see bench/README.md."""
