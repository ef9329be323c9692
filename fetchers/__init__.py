"""Thin Python side of the listening warehouse: load Spotify exports, enrich them, run the demo."""

__version__ = "0.1.0"
