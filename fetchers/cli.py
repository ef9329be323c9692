"""Command line: `python -m fetchers <command>`. Thin: parse options, call one function, report."""

from __future__ import annotations

import importlib

import click

from fetchers import __version__

# Each command lives in the package of its capability; register it here: name ->
# ("module:attribute", one-line help). Modules are imported only when their command runs (or
# is asked for its help), so `ingest` does not pay for dbt, httpx and the enrich package.
COMMANDS: dict[str, tuple[str, str]] = {
    "ingest": (
        "fetchers.ingest.command:ingest",
        "Load Spotify exports (my_spotify_data.zip, folders, .json files) into `landing`.",
    ),
    "suggest-mappings": (
        "fetchers.mappings.command:suggest_mappings_command",
        "Propose genre/mood mappings for unmapped tags (from marts.rpt_unmapped_tags) for review.",
    ),
    "enrich": (
        "fetchers.enrich.command:enrich_command",
        "Resolve track identities and collect tag evidence and album track lists into landing.",
    ),
    "user": (
        "fetchers.ingest.user_command:user",
        "Change a user's settings without an export: `user set NAME --timezone TZ`.",
    ),
    "generate": (
        "fetchers.generate.command:generate",
        "Write realistic Spotify exports of USERS users with PLAYS plays in all into OUT_DIR.",
    ),
    "demo": (
        "fetchers.demo.command:demo",
        "Run the whole pipeline on the bundled sample data: offline, no token needed.",
    ),
    "publish": (
        "fetchers.publish.command:publish_command",
        "Publish the marts as the read-only snapshot in PUBLISH_DIR (dbt build does it too).",
    ),
    "dashboard": (
        "fetchers.dashboard.command:dashboard_command",
        "Serve the dashboard over the published marts at http://HOST:PORT/ until interrupted.",
    ),
    "report": (
        "fetchers.report.command:report_command",
        "Write one self-contained HTML report of a user's listening (works offline).",
    ),
}


class LazyGroup(click.Group):
    """A group whose commands (from COMMANDS) are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*COMMANDS, *self.commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            module_name, attribute = COMMANDS[cmd_name][0].split(":")
            command = getattr(importlib.import_module(module_name), attribute)
            self.add_command(command, cmd_name)
        return self.commands.get(cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list from COMMANDS' one-line help, without importing any command."""
        names = self.list_commands(ctx)
        if not names:
            return
        limit = formatter.width - 6 - max(len(name) for name in names)
        rows = []
        for name in names:
            if name in COMMANDS:
                text = click.utils.make_default_short_help(COMMANDS[name][1], limit)
            else:
                text = self.commands[name].get_short_help_str(limit)
            rows.append((name, text))
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="fetchers")
def cli() -> None:
    """Load Spotify exports into the listening warehouse, enrich them, run the demo."""


def main() -> None:
    cli(prog_name="python -m fetchers")
