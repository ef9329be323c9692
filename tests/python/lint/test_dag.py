"""The DAG flows one way (staging -> intermediate -> marts), checked on the manifest `dbt parse`
writes, so a violation fails CI with the offending edge named.

Rules (after the dbt-project-evaluator's and dbt Labs' structure guide):
- a staging model reads exactly one source and nothing else;
- an intermediate model reads staging, seeds and intermediate models only;
- a mart reads intermediate models and dimensions (`dim_*`) only; a report (`rpt_*`, the top of
  the DAG: sentences and diagnostics over the marts) may also read marts, and nothing reads it;
- a seed is read by one layer only (intermediate), so the method's data has one way in;
- a macro of the project never calls `ref()` or `source()` on its own (it takes relations as
  arguments, so the DAG shows every edge).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

ALLOWED = {
    "staging": {"source"},
    "intermediate": {"staging", "seed", "intermediate"},
    "marts": {"intermediate", "dimension"},
    "report": {"intermediate", "dimension", "marts"},
}


@pytest.fixture(scope="module")
def manifest(manifest_dir: Path) -> dict[str, Any]:
    return json.loads((manifest_dir / "manifest.json").read_text(encoding="utf-8"))


def _layer(manifest: dict[str, Any], unique_id: str) -> str:
    if unique_id.startswith("source."):
        return "source"
    node = manifest["nodes"][unique_id]
    if node["resource_type"] == "seed":
        return "seed"
    layer = Path(node["original_file_path"]).parts[1]
    if layer == "marts" and node["name"].startswith("dim_"):
        return "dimension"
    if layer == "marts" and node["name"].startswith("rpt_"):
        return "report"
    return layer


def _models(manifest: dict[str, Any]) -> list[dict[str, Any]]:
    return [n for n in manifest["nodes"].values() if n["resource_type"] == "model"]


def test_every_model_reads_only_the_layers_below_it(manifest: dict[str, Any]) -> None:
    wrong = []
    for node in _models(manifest):
        layer = _layer(manifest, node["unique_id"])
        allowed = ALLOWED["marts" if layer == "dimension" else layer]
        if layer == "report":
            readers = [
                reader["name"]
                for reader in _models(manifest)
                if node["unique_id"] in reader["depends_on"]["nodes"]
            ]
            wrong += [f"{reader} reads the report {node['name']}" for reader in readers]
        for upstream in node["depends_on"]["nodes"]:
            upstream_layer = _layer(manifest, upstream)
            if upstream_layer not in allowed:
                wrong.append(f"{node['name']} ({layer}) reads {upstream} ({upstream_layer})")
    assert not wrong, "\n".join(wrong)


def test_every_staging_model_reads_exactly_one_source(manifest: dict[str, Any]) -> None:
    wrong = [
        f"{node['name']}: {node['depends_on']['nodes']}"
        for node in _models(manifest)
        if _layer(manifest, node["unique_id"]) == "staging"
        and len(node["depends_on"]["nodes"]) != 1
    ]
    assert not wrong, "\n".join(wrong)


def test_seeds_are_read_through_one_layer(manifest: dict[str, Any]) -> None:
    readers: dict[str, set[str]] = {}
    for node in _models(manifest):
        for upstream in node["depends_on"]["nodes"]:
            if upstream.startswith("seed."):
                readers.setdefault(upstream, set()).add(_layer(manifest, node["unique_id"]))
    assert readers, "no model reads a seed: the check would prove nothing"
    assert {seed: layers for seed, layers in readers.items() if layers != {"intermediate"}} == {}


def test_macros_take_relations_instead_of_calling_ref(manifest: dict[str, Any]) -> None:
    calls = re.compile(r"\b(ref|source)\s*\(")
    wrong = [
        macro["name"]
        for macro in manifest["macros"].values()
        if macro["package_name"] == manifest["metadata"]["project_name"]
        and calls.search(macro["macro_sql"])
    ]
    assert not wrong, wrong


def test_the_check_sees_a_violation() -> None:
    """The rules above, applied to a made-up edge mart -> intermediate -> mart, fail."""
    fake = {
        "nodes": {
            "model.p.fact_x": {
                "resource_type": "model",
                "original_file_path": "models/marts/fact_x.sql",
                "name": "fact_x",
            },
            "model.p.int_y": {
                "resource_type": "model",
                "original_file_path": "models/intermediate/int_y.sql",
                "name": "int_y",
            },
        }
    }
    assert _layer(fake, "model.p.fact_x") not in ALLOWED["intermediate"]
    assert _layer(fake, "model.p.int_y") in ALLOWED["marts"]
