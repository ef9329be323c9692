"""Build-time tools: they produce artefacts the project ships (never imported at run time)."""
