"""Who may do what: the roles, their permissions and the unit scope of a signed-in viewer.

Every library function that reads or writes assessment data takes a `Viewer` and checks it here, so the
rules hold whichever page, export or command calls them, not only in which pages are listed. Change a role's
rights in `PERMISSIONS` and nowhere else.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    """The roles of issue 6, plus `local`: the single user of a database that has no accounts yet."""

    LOCAL = "local"
    SECRETARY = "secretary"
    ASSESSOR = "assessor"
    ANALYST = "analyst"
    BRANCH = "branch"
    ADMIN = "admin"


class Permission(StrEnum):
    """Actions that are granted per role."""

    VIEW_DATA = "view_data"  # ledgers, trends, explorer (a branch sees its own unit's rows only)
    VIEW_SCORES = "view_scores"  # unpublished scores and rankings (everyone sees published results)
    VIEW_COMMENTS = "view_comments"  # assessors' qualitative comments and evidence notes before publishing
    SQL_CONSOLE = "sql_console"
    IMPORT = "import"
    EDIT_SCHEME = "edit_scheme"
    ENTER_SCORES = "enter_scores"  # qualitative scores and bonus/deduction/veto items
    PUBLISH = "publish"
    EXPORT = "export"
    VIEW_AUDIT = "view_audit"
    MANAGE_USERS = "manage_users"
    MANAGE_BACKUPS = "manage_backups"  # make backups now and see the backup folder (restore is the CLI's)
    SELF_ASSESS = "self_assess"  # a branch enters its own score (自评) on indicators that weigh it


_ALL = frozenset(Permission)

PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.LOCAL: _ALL,
    Role.SECRETARY: frozenset(
        {
            Permission.VIEW_DATA,
            Permission.VIEW_SCORES,
            Permission.VIEW_COMMENTS,
            Permission.SQL_CONSOLE,
            Permission.PUBLISH,
            Permission.EXPORT,
            Permission.VIEW_AUDIT,
        }
    ),
    Role.ASSESSOR: frozenset(
        {
            Permission.VIEW_DATA,
            Permission.VIEW_SCORES,
            Permission.VIEW_COMMENTS,
            Permission.IMPORT,
            Permission.EDIT_SCHEME,
            Permission.ENTER_SCORES,
            Permission.EXPORT,
            Permission.VIEW_AUDIT,
        }
    ),
    Role.ANALYST: frozenset({Permission.VIEW_DATA, Permission.SQL_CONSOLE}),
    Role.BRANCH: frozenset({Permission.VIEW_DATA, Permission.SELF_ASSESS}),
    Role.ADMIN: frozenset({Permission.MANAGE_USERS, Permission.MANAGE_BACKUPS, Permission.VIEW_AUDIT}),
}


class AccessDenied(PermissionError):
    """The viewer's role does not allow the action; the message says which."""


@dataclass(frozen=True)
class Viewer:
    """The person a library call acts for: name, role and, for a branch user, the one unit they may see."""

    user: str
    role: Role
    unit_id: str | None = None

    def __post_init__(self) -> None:
        if self.role is Role.BRANCH and not self.unit_id:
            raise ValueError(f"branch user {self.user!r} needs a unit_id")

    def can(self, permission: Permission) -> bool:
        """Whether the viewer's role grants `permission`."""
        return permission in PERMISSIONS[self.role]

    def require(self, permission: Permission) -> None:
        """Raise AccessDenied unless the viewer's role grants `permission`."""
        if not self.can(permission):
            raise AccessDenied(f"用户 {self.user}（{self.role.value}）无权执行此操作：{permission.value}")

    def sees_unit(self, unit_id: str) -> bool:
        """Whether the viewer may see rows of `unit_id` (a branch user sees only its own unit)."""
        return self.unit_id is None or unit_id == self.unit_id

    @property
    def unit_scope(self) -> str | None:
        """The unit_id to bind as `$unit_scope` in queries: None means every unit."""
        return self.unit_id if self.role is Role.BRANCH else None


LOCAL_VIEWER = Viewer(user="local", role=Role.LOCAL)
