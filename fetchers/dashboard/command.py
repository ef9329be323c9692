"""The click command `dashboard`: serve the Streamlit app over the published snapshot."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path
from types import FrameType

import click

from fetchers.dashboard.snapshot import publish_dir_from_env

APP = Path(__file__).resolve().parent / "app.py"
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8501


def streamlit_command(host: str, port: int) -> list[str]:
    """`streamlit run` on the app: headless, no usage statistics, no file watching."""
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(APP),
        "--server.address",
        host,
        "--server.port",
        str(port),
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        # the app's code does not change while it serves; data changes arrive by publish
        "--server.fileWatcherType",
        "none",
        # no "Deploy" button: this is a local app
        "--client.toolbarMode",
        "viewer",
        "--theme.base",
        "light",
        "--theme.primaryColor",
        "#2a9d8f",
    ]


@click.command("dashboard")
@click.option("--host", default=DEFAULT_HOST, show_default=True, help="Address to listen on.")
@click.option("--port", default=DEFAULT_PORT, show_default=True, type=int, help="Port.")
def dashboard_command(host: str, port: int) -> None:
    """Serve the dashboard over the published snapshot at http://HOST:PORT/ until interrupted.

    It reads only PUBLISH_DIR (default: `published/` beside the warehouse), never the warehouse
    itself, so `ingest`, `enrich` and `dbt build` keep working while it runs; reload the page
    after a build to see the new data.
    """
    publish_dir = publish_dir_from_env().resolve()
    if not (publish_dir / "marts.duckdb").is_file():
        click.echo(
            f"Nothing is published in {publish_dir} yet; the dashboard says what to run.",
            err=True,
        )
    click.echo(f"Dashboard: http://{host}:{port}/  (Ctrl-C to stop)")
    # the child finds the snapshot through PUBLISH_DIR, whatever its working directory
    environment = {**os.environ, "PUBLISH_DIR": str(publish_dir)}
    child = subprocess.Popen(streamlit_command(host, port), env=environment)
    # a SIGTERM (a service manager, a test) stops Streamlit too, like Ctrl-C does
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        code = child.wait()
    except KeyboardInterrupt:
        code = 0
    finally:
        signal.signal(signal.SIGTERM, previous)
        _stop(child)
    if code != 0:
        raise click.ClickException(
            f"Streamlit stopped with exit code {code} (is port {port} already in use? try --port)."
        )


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def _stop(child: subprocess.Popen[bytes]) -> None:
    if child.poll() is not None:
        return
    child.terminate()
    try:
        child.wait(timeout=10)
    except subprocess.TimeoutExpired:
        child.kill()
        child.wait()
