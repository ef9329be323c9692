"""The demo's response cache (`fetchers/demo/cache/responses.jsonl`): how it is composed
(`build.py`) and the hand-written facts it is composed from (`facts.py`)."""
