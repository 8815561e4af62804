"""Who may do what: the roles, their permissions and the unit scope of a signed-in viewer.

Every library function that reads or writes assessment data takes a `Viewer` and checks it here, so the
rules hold whichever page, export or command calls them, not only in which pages are listed. Change a role's
rights in `PERMISSIONS` and nowhere else.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from kaohe.labels import LABELS, LabelledError, message


class Role(StrEnum):
    """The roles of the product, plus `local` (the single user of a database that has no accounts yet); `leader`
    (班子成员) is a member of the office's leadership, who answers for the units linked to them."""

    LOCAL = "local"
    SECRETARY = "secretary"
    ASSESSOR = "assessor"
    ANALYST = "analyst"
    BRANCH = "branch"
    LEADER = "leader"
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
    REQUEST_PUBLISH = "request_publish"  # ask the secretary to publish a period, with a note (发布申请)
    EXPORT = "export"
    VIEW_AUDIT = "view_audit"
    MANAGE_USERS = "manage_users"
    MANAGE_BACKUPS = "manage_backups"  # make backups now and see the backup folder (restore is the CLI's)
    SELF_ASSESS = "self_assess"  # a branch enters its own score (自评) on indicators that weigh it
    EDIT_LEADERS = "edit_leaders"  # the leaders list (班子成员, 联系点, 分包科室), beside importing it
    CONFIRM_AWARDS = "confirm_awards"  # confirm the year's recommendations and lost eligibility (评优评先)
    MANAGE_RECTIFICATION = "manage_rectification"  # draft, edit, close and withdraw rectification items (整改)
    REPORT_RECTIFICATION = "report_rectification"  # a branch reports progress on its own items (status, evidence)


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
            Permission.REQUEST_PUBLISH,
            Permission.EXPORT,
            Permission.VIEW_AUDIT,
            Permission.EDIT_LEADERS,
            Permission.CONFIRM_AWARDS,
            Permission.MANAGE_RECTIFICATION,
        }
    ),
    Role.ANALYST: frozenset({Permission.VIEW_DATA, Permission.SQL_CONSOLE}),
    Role.BRANCH: frozenset({Permission.VIEW_DATA, Permission.SELF_ASSESS, Permission.REPORT_RECTIFICATION}),
    # A leader follows their units through the year (live and provisional scores, pace), exports them, and reads
    # their rectification items; never the assessors' comments, the SQL console or another unit's rows.
    Role.LEADER: frozenset({Permission.VIEW_DATA, Permission.VIEW_SCORES, Permission.EXPORT}),
    Role.ADMIN: frozenset({Permission.MANAGE_USERS, Permission.MANAGE_BACKUPS, Permission.VIEW_AUDIT}),
}


class AccessDenied(LabelledError, PermissionError):
    """The viewer's role does not allow the action; the message (a label) says which.

    A plain sentence is still taken, as said, from code not yet worded through labels.
    """

    def __init__(self, key: str, **values: object) -> None:
        if key in LABELS:
            super().__init__(key, **values)
        else:
            super().__init__("access.denied_as_said", text=key)


@dataclass(frozen=True)
class Viewer:
    """The person a library call acts for: name, role and the units they may see.

    unit_id: a branch user's one unit. leader: a leader user's name in the leaders list (班子成员), and units:
    that leader's units (kaohe.leaders: 联系点 and the communities their department is responsible for), looked
    up whenever the session is checked, so a changed leaders list takes effect on the next page run.
    """

    user: str
    role: Role
    unit_id: str | None = None
    leader: str | None = None
    units: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.role is Role.BRANCH and not self.unit_id:
            raise ValueError(f"branch user {self.user!r} needs a unit_id")
        if self.role is Role.LEADER and not self.leader:
            raise ValueError(f"leader user {self.user!r} needs the name of a leader")

    def can(self, permission: Permission) -> bool:
        """Whether the viewer's role grants `permission`."""
        return permission in PERMISSIONS[self.role]

    def require(self, permission: Permission) -> None:
        """Raise AccessDenied unless the viewer's role grants `permission`."""
        if not self.can(permission):
            raise AccessDenied(
                "access.denied", user=self.user, role=message(f"app.role.{self.role.value}"),
                action=message(f"access.permission.{permission.value}"),
            )  # fmt: skip

    def sees_unit(self, unit_id: str) -> bool:
        """Whether the viewer may see rows of `unit_id` (a branch user its own unit, a leader their units)."""
        scope = self.unit_scope
        return scope is None or unit_id in scope

    @property
    def unit_scope(self) -> tuple[str, ...] | None:
        """The unit_ids to bind as `$unit_scope` in queries (a list in SQL): None means every unit.

        A branch user's one unit, a leader's units (possibly none: then nothing is visible), every unit for the
        other roles. Frames are filtered with `.isin(scope)`, SQL with `list_contains($unit_scope, …)`.
        """
        if self.role is Role.BRANCH:
            return (str(self.unit_id),)
        if self.role is Role.LEADER:
            return tuple(sorted(set(self.units)))
        return None

    def scope_words(self) -> list[str] | str:
        """The viewer's units as a message names them: ['SQ01', 'QY01'] (a Message value joins them in the
        reader's language), or "—" for none."""
        scope = self.unit_scope
        return list(scope) if scope else "—"


LOCAL_VIEWER = Viewer(user="local", role=Role.LOCAL)
