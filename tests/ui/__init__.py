"""UI tests: pure helpers, AppTest pages, and a real browser."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
