"""lisllm's benchmark suite: `python -m benchmarks` (or `make bench`); see benchmarks/RESULTS.md.

Run on demand, never in the test suite. Each figure is a median of repeats, with a reference
measured in the same run on the same data; servers listen on 127.0.0.1 only and are stopped.
"""
