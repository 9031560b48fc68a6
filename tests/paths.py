"""Paths shared by the tests (imported as `from paths import …`; conftest modules are not importable by name)."""
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SHARED_SEEDS = ROOT.parent / "shared" / "seeds"
