"""lisllm: a knowledge graph of LIS institutions in LLM research and development."""

__version__ = "0.1.0"
