"""Roles and permissions: the table in kaohe.access is the single source of who may do what."""

from __future__ import annotations

import pytest

from kaohe.access import LOCAL_VIEWER, AccessDenied, Permission, Role, Viewer
from kaohe.labels import label

GRANTS = [
    (Role.SECRETARY, Permission.PUBLISH, True),
    (Role.SECRETARY, Permission.ENTER_SCORES, False),
    (Role.ASSESSOR, Permission.IMPORT, True),
    (Role.ASSESSOR, Permission.PUBLISH, False),
    (Role.ANALYST, Permission.SQL_CONSOLE, True),
    (Role.ANALYST, Permission.VIEW_COMMENTS, False),
    (Role.ANALYST, Permission.IMPORT, False),
    (Role.BRANCH, Permission.VIEW_SCORES, False),
    (Role.BRANCH, Permission.SQL_CONSOLE, False),
    (Role.ADMIN, Permission.MANAGE_USERS, True),
    (Role.ADMIN, Permission.VIEW_SCORES, False),
    (Role.BRANCH, Permission.REPORT_RECTIFICATION, True),
    (Role.BRANCH, Permission.MANAGE_RECTIFICATION, False),
    (Role.LEADER, Permission.VIEW_SCORES, True),
    (Role.LEADER, Permission.EXPORT, True),
    (Role.LEADER, Permission.VIEW_COMMENTS, False),
    (Role.LEADER, Permission.SQL_CONSOLE, False),
    (Role.LEADER, Permission.REPORT_RECTIFICATION, False),
    (Role.LEADER, Permission.EDIT_LEADERS, False),
    (Role.ASSESSOR, Permission.EDIT_LEADERS, True),
    (Role.ASSESSOR, Permission.CONFIRM_AWARDS, True),
    (Role.ASSESSOR, Permission.MANAGE_RECTIFICATION, True),
    (Role.SECRETARY, Permission.CONFIRM_AWARDS, False),
]


@pytest.mark.parametrize(("role", "permission", "granted"), GRANTS, ids=[f"{r}-{p}" for r, p, _ in GRANTS])
def test_grants(role: Role, permission: Permission, granted: bool) -> None:
    viewer = Viewer(
        "u", role, unit_id="SQ01" if role is Role.BRANCH else None, leader="王某" if role is Role.LEADER else None
    )
    assert viewer.can(permission) is granted
    if granted:
        viewer.require(permission)
    else:
        with pytest.raises(AccessDenied, match=label(f"access.permission.{permission.value}")):
            viewer.require(permission)


def test_local_user_may_do_everything() -> None:
    assert all(LOCAL_VIEWER.can(p) for p in Permission)
    assert LOCAL_VIEWER.unit_scope is None


def test_branch_user_sees_only_its_unit() -> None:
    viewer = Viewer("sq01", Role.BRANCH, unit_id="SQ01")
    assert viewer.sees_unit("SQ01") and not viewer.sees_unit("SQ02")
    assert viewer.unit_scope == ("SQ01",)


def test_a_leader_sees_exactly_their_units_and_nothing_without_any() -> None:
    leader = Viewer("wang", Role.LEADER, leader="王志刚", units=("SQ01", "QY01", "SQ01"))
    assert leader.unit_scope == ("QY01", "SQ01")
    assert leader.sees_unit("QY01") and leader.sees_unit("SQ01") and not leader.sees_unit("SQ02")
    none = Viewer("li", Role.LEADER, leader="李某")
    assert none.unit_scope == () and not none.sees_unit("SQ01")


def test_a_leader_user_needs_a_leader() -> None:
    with pytest.raises(ValueError, match="leader"):
        Viewer("x", Role.LEADER)


def test_branch_user_needs_a_unit() -> None:
    with pytest.raises(ValueError, match="unit_id"):
        Viewer("x", Role.BRANCH)
