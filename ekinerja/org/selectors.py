"""Reads of the unit tree and positions."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from .choices import JENIS_UNIT_OPD, JenisUnit
from .models import Unit

# unit id -> (parent id, jenis): the unit tree of one instansi in a form the walks below read.
UnitParents = Mapping[int, tuple[int | None, str]]


def unit_children_map(instansi_id: int) -> dict[int | None, list[int]]:
    """parent id -> child ids for one instansi, in one query (a region has a few hundred units)."""
    children: dict[int | None, list[int]] = defaultdict(list)
    for unit_id, parent_id in Unit.objects.filter(instansi_id=instansi_id).values_list(
        "id", "parent_id"
    ):
        children[parent_id].append(unit_id)
    return children


def subtree_from(children: dict[int | None, list[int]], root_ids: Iterable[int]) -> set[int]:
    """The given units and every unit below them, walking an already loaded children map."""
    found: set[int] = set()
    stack = list(root_ids)
    while stack:
        unit_id = stack.pop()
        if unit_id in found:
            continue
        found.add(unit_id)
        stack.extend(children.get(unit_id, ()))
    return found


def unit_subtree_ids(instansi_id: int, root_ids: Iterable[int]) -> set[int]:
    """The given units and every unit below them."""
    return subtree_from(unit_children_map(instansi_id), root_ids)


@dataclass
class UnitNode:
    unit: Unit
    depth: int
    children: list[UnitNode] = field(default_factory=list)
    employee_count: int = 0
    subtree_employee_count: int = 0


def unit_tree(instansi_id: int, employee_counts: dict[int, int]) -> list[UnitNode]:
    """The whole unit tree as nested nodes, with head counts per unit and per subtree."""
    units = list(Unit.objects.filter(instansi_id=instansi_id).order_by("urutan", "nama"))
    nodes = {unit.id: UnitNode(unit=unit, depth=0) for unit in units}
    roots: list[UnitNode] = []
    for unit in units:
        node = nodes[unit.id]
        node.employee_count = employee_counts.get(unit.id, 0)
        parent = nodes.get(unit.parent_id) if unit.parent_id else None
        (parent.children if parent else roots).append(node)

    def finish(node: UnitNode, depth: int) -> int:
        node.depth = depth
        node.subtree_employee_count = node.employee_count + sum(
            finish(child, depth + 1) for child in node.children
        )
        return node.subtree_employee_count

    for root in roots:
        finish(root, 0)
    return roots


def unit_ancestors(unit: Unit) -> list[Unit]:
    """From the top of the tree down to the unit's parent (for breadcrumbs)."""
    by_id = {
        u.id: u
        for u in Unit.objects.filter(instansi_id=unit.instansi_id).only("id", "parent_id", "nama")
    }
    chain: list[Unit] = []
    current = by_id.get(unit.parent_id) if unit.parent_id else None
    while current is not None and len(chain) < 50:
        chain.append(current)
        current = by_id.get(current.parent_id) if current.parent_id else None
    return list(reversed(chain))


def unit_parents(instansi_id: int) -> dict[int, tuple[int | None, str]]:
    """The whole unit tree of an instansi as (parent id, jenis) per unit, in one query."""
    return {
        pk: (parent_id, jenis)
        for pk, parent_id, jenis in Unit.objects.filter(instansi_id=instansi_id).values_list(
            "id", "parent_id", "jenis"
        )
    }


def chain_to_opd(unit_id: int, parents: UnitParents) -> list[int]:
    """The unit and its ancestors up to its OPD, nearest first.

    The walk stops at a unit typed as a Perangkat Daerah, or at the unit right below the
    Pimpinan Daerah (the top of an OPD that is not typed as one), or at the root.
    """
    chain: list[int] = []
    current: int | None = unit_id
    while current is not None and current not in chain and len(chain) < 50:
        parent_id, jenis = parents.get(current, (None, ""))
        chain.append(current)
        if jenis in JENIS_UNIT_OPD:
            break
        if parent_id is not None and parents.get(parent_id, (None, ""))[1] == (
            JenisUnit.PIMPINAN_DAERAH
        ):
            break
        current = parent_id
    return chain


def opd_id_of(unit_id: int, parents: UnitParents) -> int | None:
    """The OPD-typed unit containing the unit (itself included), or None."""
    top = chain_to_opd(unit_id, parents)[-1]
    return top if parents.get(top, (None, ""))[1] in JENIS_UNIT_OPD else None
