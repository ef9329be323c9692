"""Realistic Spotify exports for tests, benchmarks and the demo sample.

Command line: `python -m fetchers generate`; library: generate_exports(...).
"""

from fetchers.generate.generator import (
    GenerateOptions,
    Manifest,
    ManifestUser,
    generate_exports,
)

__all__ = ["GenerateOptions", "Manifest", "ManifestUser", "generate_exports"]
