"""The app's pages: one row per page (its file, title, menu section and the permissions that open it).

No Streamlit here: the menu (kaohe.ui.navigation) and the tests read the same table, and who may open a page
follows kaohe.access.PERMISSIONS, so a new role or page is one entry in one table.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kaohe.access import PERMISSIONS, Permission, Role

# The roles by name (kaohe.access.Role), "local" included: the single user of a database with no accounts yet.
ROLES = tuple(role.value for role in Role)


@dataclass(frozen=True)
class PageSpec:
    """One page of the app: its file, title label, navigation section and the permissions that open it.

    `opened_by`: a role holding any of these permissions (kaohe.access.PERMISSIONS) sees the page in its menu;
    empty: every signed-in role. Who may open a page is thus decided where everything else a role may do is.
    """

    path: str
    title_key: str
    icon: str
    section_key: str
    opened_by: tuple[Permission, ...]
    default: bool = False
    home: frozenset[str] = frozenset()  # roles that open on this page instead of the default one

    @property
    def roles(self) -> frozenset[str]:
        """The roles that may open the page."""
        return frozenset(
            role.value for role in Role if not self.opened_by or any(p in PERMISSIONS[role] for p in self.opened_by)
        )

    @property
    def url_path(self) -> str:
        """The page's URL is its file's name (/trends for pages/trends.py).

        Keeping the two equal matters on a fresh server, whose first request Streamlit routes through its legacy
        `pages/` discovery: a URL naming a file reaches that page's `require_app_shell()`, which re-runs it through
        app.py; any other URL would pop up Streamlit's "Page not found" dialog first.
        """
        return Path(self.path).stem


# The assessors' working papers (method, entries, publishing, the leaders list, honours): opened by those who may
# read them before they are published, the assessors and the secretary.
WORKING_PAPERS = (Permission.VIEW_COMMENTS,)

# Add a row to add a page; the navigation menu is built from this table and the user's role.
PAGES: tuple[PageSpec, ...] = (
    PageSpec(
        path="pages/overview.py",
        title_key="page.overview",
        icon=":material/dashboard:",
        section_key="page.group.secretary",
        opened_by=(Permission.VIEW_DATA,),
        default=True,
    ),
    PageSpec(
        path="pages/import_ledgers.py",
        title_key="page.import",
        icon=":material/upload_file:",
        section_key="page.group.assessor",
        opened_by=(Permission.IMPORT,),
    ),
    PageSpec(
        path="pages/trends.py",
        title_key="page.trends",
        icon=":material/trending_up:",
        section_key="page.group.secretary",
        opened_by=(Permission.VIEW_DATA,),
    ),
    PageSpec(
        path="pages/explorer.py",
        title_key="page.explorer",
        icon=":material/query_stats:",
        section_key="page.group.analyst",
        opened_by=(Permission.VIEW_DATA,),
    ),
    PageSpec(
        path="pages/scorecard.py",
        title_key="page.scorecard",
        icon=":material/leaderboard:",
        section_key="page.group.secretary",
        opened_by=(Permission.VIEW_DATA,),
    ),
    PageSpec(
        path="pages/compare.py",
        title_key="page.compare",
        icon=":material/compare_arrows:",
        section_key="page.group.secretary",
        opened_by=(Permission.VIEW_DATA,),
    ),
    # What the office does with the result. 我的联系点 is a leader's home page.
    PageSpec(
        path="pages/my_units.py",
        title_key="page.my_units",
        icon=":material/hub:",
        section_key="page.group.leader",
        opened_by=(Permission.VIEW_SCORES,),
        home=frozenset({"leader"}),
    ),
    PageSpec(
        path="pages/self_assessment.py",
        title_key="page.self_assessment",
        icon=":material/how_to_reg:",
        section_key="page.group.secretary",
        opened_by=(Permission.SELF_ASSESS,),
    ),
    PageSpec(
        path="pages/exports.py",
        title_key="page.exports",
        icon=":material/download:",
        section_key="page.group.assessor",
        opened_by=(Permission.EXPORT,),
    ),
    # Assessors' workflow.
    PageSpec(
        path="pages/scheme_settings.py",
        title_key="page.scheme_settings",
        icon=":material/tune:",
        section_key="page.group.assessor",
        opened_by=WORKING_PAPERS,
    ),
    PageSpec(
        path="pages/assessment_entry.py",
        title_key="page.entry",
        icon=":material/edit_note:",
        section_key="page.group.assessor",
        opened_by=WORKING_PAPERS,
    ),
    PageSpec(
        path="pages/publish.py",
        title_key="page.publish",
        icon=":material/publish:",
        section_key="page.group.assessor",
        opened_by=WORKING_PAPERS,
    ),
    PageSpec(
        path="pages/audit_log.py",
        title_key="page.audit",
        icon=":material/history:",
        section_key="page.group.assessor",
        opened_by=(Permission.VIEW_AUDIT,),
    ),
    PageSpec(
        path="pages/leaders.py",
        title_key="page.leaders",
        icon=":material/groups:",
        section_key="page.group.outcome",
        opened_by=WORKING_PAPERS,
    ),
    PageSpec(
        path="pages/awards.py",
        title_key="page.awards",
        icon=":material/military_tech:",
        section_key="page.group.outcome",
        opened_by=WORKING_PAPERS,
    ),
    PageSpec(
        path="pages/rectification.py",
        title_key="page.rectification",
        icon=":material/task_alt:",
        section_key="page.group.outcome",
        opened_by=(Permission.VIEW_SCORES, Permission.REPORT_RECTIFICATION),
    ),
    # Accounts.
    PageSpec(
        path="pages/account.py",
        title_key="page.account",
        icon=":material/account_circle:",
        section_key="page.group.admin",
        opened_by=(),
    ),
    PageSpec(
        path="pages/users.py",
        title_key="page.users",
        icon=":material/manage_accounts:",
        section_key="page.group.admin",
        opened_by=(Permission.MANAGE_USERS,),
    ),
    # Backups.
    PageSpec(
        path="pages/backups.py",
        title_key="page.backups",
        icon=":material/backup:",
        section_key="page.group.admin",
        opened_by=(Permission.MANAGE_BACKUPS,),
    ),
)


def pages_for_role(role: str, pages: tuple[PageSpec, ...] = PAGES) -> tuple[PageSpec, ...]:
    """The pages `role` may open, in menu order."""
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}: expected one of {', '.join(ROLES)}")
    return tuple(page for page in pages if role in page.roles)
