"""Roles and permissions: the table in kaohe.access is the single source of who may do what."""

from __future__ import annotations

import pytest

from kaohe.access import LOCAL_VIEWER, AccessDenied, Permission, Role, Viewer

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
]


@pytest.mark.parametrize(("role", "permission", "granted"), GRANTS, ids=[f"{r}-{p}" for r, p, _ in GRANTS])
def test_grants(role: Role, permission: Permission, granted: bool) -> None:
    viewer = Viewer("u", role, unit_id="SQ01" if role is Role.BRANCH else None)
    assert viewer.can(permission) is granted
    if granted:
        viewer.require(permission)
    else:
        with pytest.raises(AccessDenied, match=permission.value):
            viewer.require(permission)


def test_local_user_may_do_everything() -> None:
    assert all(LOCAL_VIEWER.can(p) for p in Permission)
    assert LOCAL_VIEWER.unit_scope is None


def test_branch_user_sees_only_its_unit() -> None:
    viewer = Viewer("sq01", Role.BRANCH, unit_id="SQ01")
    assert viewer.sees_unit("SQ01") and not viewer.sees_unit("SQ02")
    assert viewer.unit_scope == "SQ01"


def test_branch_user_needs_a_unit() -> None:
    with pytest.raises(ValueError, match="unit_id"):
        Viewer("x", Role.BRANCH)
