"""One Streamlit page per question; each file is run by the entry point's navigation."""
