"""The canonical genre tree: the beets tree with the reviewed tree edits applied.

Edits, in order (method/decisions/tree_*.csv): dropped nodes leave the tree (their children move
up to the dropped node's parent; the name stays a tag, see build_seeds), names are renamed,
nodes move to a new parent, and new nodes are added. Every reference is checked: an edit that
names a node the tree lacks, a missing parent or a cycle is an error, never silently ignored.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from tools.method_data import Decisions, TreeEdge

# Names whose generic slug would read badly (`r_and_b`): the ids the seeds have always used.
SPECIAL_IDS = {
    "r&b": "rnb",
    "contemporary r&b": "contemporary_rnb",
    "alternative r&b": "alternative_rnb",
}


@dataclass(frozen=True)
class Genre:
    genre_id: str
    genre_name: str
    parent_genre_id: str | None
    top_level_genre_id: str
    depth: int
    origin: str  # 'beets' | 'curated'


def genre_id_for(name: str) -> str:
    """A stable slug: ASCII, lower case, `&` -> `and`, other runs of symbols -> `_`."""
    if name in SPECIAL_IDS:
        return SPECIAL_IDS[name]
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    folded = folded.lower().replace("&", " and ").replace("'", "")
    return re.sub(r"[^a-z0-9]+", "_", folded).strip("_")


def edit_tree(beets: list[TreeEdge], decisions: Decisions) -> dict[str, tuple[str | None, str]]:
    """Apply the tree edits to the beets tree: name -> (parent name, origin)."""
    drops, renames = decisions.tree_drops, decisions.tree_renames
    beets_names = {name for name, _ in beets}
    for table, names in (("tree_drops.csv", drops), ("tree_renames.csv", renames)):
        unknown = sorted(set(names) - beets_names)
        if unknown:
            raise ValueError(f"{table} names nodes the beets tree does not have: {unknown}")
    dropped_parent = {name: parent for name, parent in beets if name in drops}

    def lift(parent: str | None) -> str | None:
        while parent in dropped_parent:
            parent = dropped_parent[parent]
        return parent

    def rename(name: str | None) -> str | None:
        return None if name is None else renames.get(name, name)

    tree: dict[str, tuple[str | None, str]] = {}
    for name, parent in beets:
        if name not in drops:
            tree[rename(name) or name] = (rename(lift(parent)), "beets")
    for name, new_parent in decisions.tree_moves.items():
        if name not in tree:
            raise ValueError(f"tree_moves.csv names {name!r}, which is not in the tree")
        tree[name] = (new_parent, tree[name][1])
    for name, parent in decisions.tree_additions:
        if name in tree:
            raise ValueError(f"tree_additions.csv adds {name!r}, which the tree already has")
        tree[name] = (parent, "curated")
    for name, (parent, _) in tree.items():
        if parent is not None and parent not in tree:
            raise ValueError(f"{name!r} has parent {parent!r}, which is not in the tree")
    for alias, target in drops.items():
        if target not in tree:
            raise ValueError(f"tree_drops.csv maps {alias!r} to {target!r}, not in the tree")
    return tree


def genres_from_tree(tree: dict[str, tuple[str | None, str]]) -> list[Genre]:
    """One row per node, with its family and depth; sorted by genre_id."""

    def ancestry(name: str) -> list[str]:
        chain = [name]
        while (parent := tree[chain[-1]][0]) is not None:
            if parent in chain:
                raise ValueError(f"cycle in the genre tree at {parent!r}")
            chain.append(parent)
        return chain

    genres = []
    names_by_id: dict[str, str] = {}
    for name, (parent, origin) in tree.items():
        chain = ancestry(name)
        genre_id = genre_id_for(name)
        if genre_id in names_by_id:
            raise ValueError(f"{name!r} and {names_by_id[genre_id]!r} share the id {genre_id!r}")
        names_by_id[genre_id] = name
        genres.append(
            Genre(
                genre_id=genre_id,
                genre_name=name,
                parent_genre_id=None if parent is None else genre_id_for(parent),
                top_level_genre_id=genre_id_for(chain[-1]),
                depth=len(chain) - 1,
                origin=origin,
            )
        )
    return sorted(genres, key=lambda genre: genre.genre_id)
