"""The dbt exposures name exactly the marts the dashboard and the report read."""

from __future__ import annotations

import ast
import inspect
import re
from pathlib import Path

import yaml

from fetchers.dashboard import queries
from fetchers.dashboard.shell import PAGES, PAGES_DIR
from fetchers.dbt_runner import PROJECT_DIR
from fetchers.report import build

MART = re.compile(r"marts\.([a-z0-9_{}]+)")
# the two queries shared by genre and mood name their marts through these placeholders
PLACEHOLDERS = {
    "{facet}": ("genre", "mood"),
    "{dimension}": ("dim_genres", "dim_moods"),
}


def exposure_refs(name: str) -> set[str]:
    exposures = yaml.safe_load((PROJECT_DIR / "models" / "exposures.yml").read_text())
    (exposure,) = [item for item in exposures["exposures"] if item["name"] == name]
    return {re.fullmatch(r"ref\('(\w+)'\)", ref).group(1) for ref in exposure["depends_on"]}


def marts_in(source: str) -> set[str]:
    names: set[str] = set()
    for raw in MART.findall(source):
        expanded = {raw}
        for placeholder, values in PLACEHOLDERS.items():
            expanded = {
                name.replace(placeholder, value)
                for name in expanded
                for value in (values if placeholder in name else ("",))
            }
        names |= expanded
    return names


def queries_used_by(source: str) -> set[str]:
    """Names of the query functions a module calls (`queries.<name>`)."""
    return {
        node.attr
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id == "queries"
    }


def query_source(name: str) -> str:
    """A query's source with that of the module's private helpers it calls (`_frame` etc.)."""
    source = inspect.getsource(getattr(queries, name))
    helpers = {
        node.func.id
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id.startswith("_")
    }
    return source + "".join(inspect.getsource(getattr(queries, helper)) for helper in helpers)


def marts_of_queries(names: set[str]) -> set[str]:
    return set().union(
        *(
            marts_in(query_source(name))
            for name in names
            if inspect.isfunction(getattr(queries, name, None))
        )
    )


def test_the_dashboard_exposure_lists_every_mart_the_pages_read() -> None:
    read = set()
    declared = {"rpt_user_insights"}  # optional on the overview: said when missing
    for file, _, _ in PAGES:
        source = (PAGES_DIR / file).read_text()
        read |= marts_of_queries(queries_used_by(source))
        declared |= set(ast.literal_eval(_constant(source, "MARTS")))
    read |= marts_of_queries({"users"})
    assert read == exposure_refs("dashboard")
    assert declared == read


def test_the_report_exposure_lists_every_mart_the_report_reads() -> None:
    source = Path(build.__file__).read_text()
    assert marts_of_queries(queries_used_by(source)) == exposure_refs("listening_report")


def _constant(source: str, name: str) -> str:
    for node in ast.parse(source).body:
        if isinstance(node, ast.Assign) and any(
            isinstance(target, ast.Name) and target.id == name for target in node.targets
        ):
            return ast.unparse(node.value)
    raise AssertionError(f"no {name} in the page")
