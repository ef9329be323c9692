"""The dashboard's entry point: `python -m fetchers dashboard` runs `streamlit run` on this file."""

from fetchers.dashboard.shell import main

main()
