"""The offline HTML report of one listener (`python -m fetchers report`)."""
