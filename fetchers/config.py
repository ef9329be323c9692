"""Settings read from the environment and a local `.env` (never from module-level state)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from dotenv import dotenv_values

DEFAULT_DUCKDB_PATH = "warehouse.duckdb"


def load_environment(env_file: Path | None = None) -> dict[str, str]:
    """The process environment over the values of `.env` (the environment wins)."""
    path = env_file if env_file is not None else Path.cwd() / ".env"
    values: dict[str, str] = {}
    if path.is_file():
        values.update({k: v for k, v in dotenv_values(path).items() if v is not None})
    values.update(os.environ)
    return values


@dataclass(frozen=True)
class WarehouseSettings:
    duckdb_path: Path

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> WarehouseSettings:
        env = load_environment() if env is None else env
        return cls(duckdb_path=Path(env.get("DUCKDB_PATH") or DEFAULT_DUCKDB_PATH))
