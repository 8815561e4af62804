"""Every label users see, in one table: Simplified Chinese by default, English when switched on.

Keys are dotted English names (`page.overview`); values are (zh, en). Pages and exports call `label(key)`;
nothing user-facing is spelled anywhere else. Add a row here when you add a label.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

LANGUAGES = ("zh", "en")

LABELS: dict[str, tuple[str, str]] = {
    # app chrome
    "app.title": ("党支部考核看板", "Party branch assessment"),
    "app.office": ("陇海马路街道党工委", "Longhai Road Subdistrict Party Working Committee"),
    "app.language": ("界面语言", "Language"),
    "app.period": ("考核期", "Period"),
    # the period picker: a year, then the part of it
    "app.period_part": ("时段", "Part of the year"),
    "period.part.year": ("全年", "All year"),
    "period.part.h1": ("上半年", "H1"),
    "period.part.h2": ("下半年", "H2"),
    "period.part.quarter": ("第{q_cn}季度", "Q{q}"),
    "period.part.month": ("{month} 月", "{abbr}"),
    "app.demo_banner": (
        "演示模式：数据库里还没有用户账号，看板以本机单用户身份运行，只允许本机访问。"
        "要启用登录，请在命令行创建第一个管理员：`kaohe users add admin --role admin`",
        "Demo mode: the database has no accounts yet, so the app runs as the single local user, reachable from "
        "this machine only. To turn on sign-in, create the first admin: `kaohe users add admin --role admin`",
    ),
    "app.first_start": (
        "首次启动：正在用演示台账建立数据库…",
        "First start: building the database from the demo ledgers…",
    ),
    "app.first_start_done": ("演示数据库已建立", "Demo database built"),
    "app.no_data": (
        "还没有导入任何台账，请先到「台账导入」页面导入。",
        "No ledgers imported yet: import one on the Import page.",
    ),
    "app.lang.zh": ("中文", "中文"),
    "app.lang.en": ("English", "English"),
    "app.role.local": ("本机用户", "Local user"),
    # accounts: sign-in, roles, account and user admin pages (kaohe.auth, pages/account.py, pages/users.py)
    "app.role.secretary": ("书记", "Secretary"),
    "app.role.assessor": ("考核组", "Assessor"),
    "app.role.analyst": ("分析员", "Analyst"),
    "app.role.branch": ("支部", "Branch"),
    "app.role.admin": ("管理员", "Admin"),
    # refusals by role (kaohe.access.AccessDenied)
    "access.denied_as_said": ("{text}", "{text}"),
    "access.denied": (
        "用户 {user}（{role}）无权执行此操作：{action}",
        "User {user} ({role}) may not do this: {action}",
    ),
    "access.own_links_only": (
        "用户 {user} 只能查看本人（{leader}）的联系点",
        "User {user} sees only their own ({leader}) linked units",
    ),
    "access.no_links": (
        "用户 {user}（{role}）不能查看班子成员的联系点",
        "User {user} ({role}) cannot see leaders' units",
    ),
    "access.no_console": (
        "用户 {user} 只能查看其负责的党组织（{units}）的数据，不能使用 SQL 查询",
        "User {user} sees only the data of their units ({units}) and has no SQL console",
    ),
    "access.rectify_own_units": (
        "用户 {user} 只能处理其负责的党组织（{units}）的整改事项",
        "User {user} handles only the rectification items of their units ({units})",
    ),
    "access.rectify_fields": (
        "用户 {user} 只能更新整改事项的状态和佐证说明，不能修改{fields}",
        "User {user} may update only an item's status and evidence, not: {fields}",
    ),
    "access.permission.view_data": ("查看台账数据", "read ledger data"),
    "access.permission.view_scores": ("查看未发布的得分和排名", "read unpublished scores"),
    "access.permission.view_comments": ("查看考核组评语和佐证", "read assessors' comments"),
    "access.permission.sql_console": ("使用 SQL 查询", "use the SQL console"),
    "access.permission.import": ("导入台账", "import ledgers"),
    "access.permission.edit_scheme": ("修改评分办法", "edit the scheme"),
    "access.permission.enter_scores": ("录入评分和加扣分", "enter scores and adjustments"),
    "access.permission.publish": ("发布结果", "publish results"),
    "access.permission.request_publish": ("申请发布结果", "ask for results to be published"),
    "access.permission.export": ("导出结果", "export results"),
    "access.permission.view_audit": ("查看操作日志", "read the audit log"),
    "access.permission.manage_users": ("管理用户", "manage users"),
    "access.permission.manage_backups": ("管理备份", "manage backups"),
    "access.permission.self_assess": ("支部自评", "enter a self-assessment"),
    "access.permission.edit_leaders": ("编辑班子成员联系点", "edit the leaders list"),
    "access.permission.confirm_awards": ("确认评优评先", "confirm honours"),
    "access.permission.manage_rectification": ("管理整改事项", "manage rectification items"),
    "access.permission.report_rectification": ("报告整改进展", "report rectification progress"),
    "access.not_published": ("考核期 {period} 的考核结果尚未公布", "The result of {period} is not published yet"),
    "access.results_own_units": (
        "用户 {user} 只能查看其负责的党组织（{units}）的考核结果",
        "User {user} sees only the results of their units ({units})",
    ),
    "access.self_own_unit": (
        "用户 {user} 只能为本支部（{unit}）自评",
        "User {user} assesses only their own unit ({unit})",
    ),
    "app.error": (
        "出错了，错误编号 {error_id}，请联系管理员",
        "Something went wrong (error {error_id}); please tell the admin",
    ),
    "app.demo_remote": (
        "演示模式（没有用户账号）只允许在本机访问，而本服务器监听在 {address}。"
        "请先在命令行创建管理员：`kaohe users add admin --role admin`，再重新打开看板。",
        "Demo mode (no accounts) is for this machine only, but the server listens on {address}. Create an admin "
        "first: `kaohe users add admin --role admin`, then reload.",
    ),
    # refused account operations (kaohe.auth.AuthError)
    "auth.error.session_minutes": (
        "环境变量 KAOHE_SESSION_MINUTES 应为正整数（分钟），实际为 {value}",
        "KAOHE_SESSION_MINUTES must be a whole number of minutes above 0, not {value}",
    ),
    "auth.error.user_name": (
        "用户名 {name} 不合规：应为 2–32 个字符，只含小写字母、数字、点、下划线或连字符，以字母或数字开头",
        "User name {name} is not allowed: 2–32 characters, lower-case letters, digits, dots, underscores or hyphens, "
        "starting with a letter or digit",
    ),
    "auth.error.password_short": ("密码太短：至少需要 {n} 个字符", "Password too short: at least {n} characters"),
    "auth.error.role": ("角色 {role} 无效：应为 {roles} 之一", "Role {role} is not one of {roles}"),
    "auth.error.branch_needs_unit": (
        "支部用户 {name} 需要用 --unit 指定所属党组织编号（如 SQ01）",
        "Branch user {name} needs --unit with the unit's code (e.g. SQ01)",
    ),
    "auth.error.unit_for_branch_only": (
        "只有支部用户才能指定所属党组织，{role}用户不能指定 --unit",
        "Only branch users have a unit: a {role} user takes no --unit",
    ),
    "auth.error.leader_needs_name": (
        "班子成员用户 {name} 需要用 --leader 指定其在班子成员联系点名册中的姓名",
        "Leader user {name} needs --leader with their name in the leaders list",
    ),
    "auth.error.leader_for_leader_only": (
        "只有班子成员用户才能指定 --leader，{role}用户不能指定",
        "Only leader users take --leader, not a {role} user",
    ),
    "auth.error.exists": ("用户名 {name} 已存在", "User name {name} is taken"),
    "auth.error.unknown_unit": (
        "党组织编号 {unit} 不在党组织名册中，请先导入名册或检查编号",
        "Unit code {unit} is not on the roster: import the roster or check the code",
    ),
    "auth.error.unknown_leader": (
        "「{leader}」不在班子成员联系点名册中，请先导入或录入班子成员",
        "“{leader}” is not in the leaders list: import or enter the leaders first",
    ),
    "auth.error.disable_self": ("不能停用自己正在使用的账号", "You cannot disable the account you are signed in with"),
    "auth.error.wrong_password": ("当前密码不正确", "The current password is wrong"),
    "auth.error.same_password": ("新密码不能与当前密码相同", "The new password must differ from the current one"),
    "auth.error.no_user": (
        "用户 {name} 不存在（用 kaohe users list 查看全部用户）",
        "No user {name} (kaohe users list shows them all)",
    ),
    "auth.error.passwords_differ": ("两次输入的密码不一致，未做改动", "The two passwords differ: nothing changed"),
    "auth.title": ("登录", "Sign in"),
    "auth.heading": ("请登录", "Please sign in"),
    "auth.user_name": ("用户名", "User name"),
    "auth.password": ("密码", "Password"),
    "auth.submit": ("登录", "Sign in"),
    "auth.signed_in_as": ("当前用户：{name}（{role}）", "Signed in as {name} ({role})"),
    "auth.logout": ("退出登录", "Sign out"),
    "auth.ended": ("会话已结束（超时、已退出或账号有变动），请重新登录。", "Your session ended; please sign in again."),
    "auth.bad_credentials": ("用户名或密码错误", "Wrong user name or password"),
    "auth.throttled": (
        "登录尝试过于频繁，请 {seconds} 秒后再试；如一直无法登录，请联系管理员",
        "Too many sign-in attempts: try again in {seconds} s, or ask the admin",
    ),
    "auth.disabled": ("该账号已停用，请联系管理员", "This account is disabled; ask the admin"),
    "auth.password_changed": ("密码已修改，请用新密码重新登录。", "Password changed: sign in with the new password."),
    "page.account": ("我的账号", "My account"),
    "page.backups": ("数据备份", "Backups"),
    "page.users": ("用户管理", "Users"),
    "page.group.admin": ("系统管理", "Administration"),
    "account.caption": ("登录名 {user}　角色 {role}", "User {user} · role {role}"),
    "account.unit": ("所属党组织：{unit}", "Unit: {unit}"),
    "account.demo": (
        "演示模式下没有账号，无需登录。创建第一个管理员：在命令行运行 `kaohe users add admin --role admin`。",
        "Demo mode has no accounts and no sign-in. Create the first admin: `kaohe users add admin --role admin`.",
    ),
    "account.change_password": ("修改密码", "Change password"),
    "account.old_password": ("当前密码", "Current password"),
    "account.new_password": ("新密码（至少 8 个字符）", "New password (8 characters or more)"),
    "account.confirm_password": ("再输入一次新密码", "New password again"),
    "account.mismatch": ("两次输入的新密码不一致", "The new passwords differ"),
    "account.submit": ("修改密码", "Change password"),
    "users.list": ("全部用户", "All users"),
    "users.col.user_name": ("用户名", "User"),
    "users.col.display_name": ("姓名", "Name"),
    "users.col.role": ("角色", "Role"),
    "users.col.unit_id": ("所属党组织", "Unit"),
    "users.col.state": ("状态", "State"),
    "users.col.last_login": ("最近登录", "Last sign-in"),
    "users.state.active": ("正常", "Active"),
    "users.state.disabled": ("已停用", "Disabled"),
    "users.state.locked": ("暂停登录（密码错误过多）", "Held off (too many wrong passwords)"),
    "users.unlock": ("解除登录限制", "Lift the sign-in hold"),
    "users.unlocked_done": ("已解除用户 {user} 的登录限制", "Sign-in hold on {user} lifted"),
    "users.none": ("还没有用户。", "No users yet."),
    "users.add": ("新建用户", "Add a user"),
    "users.display_name": ("姓名（显示用）", "Display name"),
    "users.role": ("角色", "Role"),
    "users.unit": (
        "所属党组织或班子成员（支部用户选党组织，班子成员账号选本人）",
        "Unit or leader (a branch user's unit; a leader account's leader)",
    ),
    "users.added": ("已新建用户 {user}", "User {user} added"),
    "users.manage": ("停用、启用、解除登录限制或重设密码", "Disable, enable, lift a sign-in hold or reset a password"),
    "users.pick": ("选择用户", "User"),
    "users.disable": ("停用（立即结束其会话）", "Disable (ends their sessions now)"),
    "users.enable": ("重新启用", "Enable"),
    "users.disabled_done": ("用户 {user} 已停用，其所有会话已结束", "{user} disabled; their sessions ended"),
    "users.enabled_done": ("用户 {user} 已重新启用", "{user} enabled"),
    "users.reset": ("重设密码（其会话立即结束）", "Reset password (ends their sessions)"),
    "users.reset_done": ("用户 {user} 的密码已重设", "Password of {user} reset"),
    # the database file itself: locked by the app, unreadable, a write that could not reach the disk (kaohe.store)
    "store.locked": (
        "数据库文件 {path} 正被另一个程序（进程号 {pid}，通常是正在运行的看板）占用，命令行现在不能打开它。"
        "请在看板里操作：导入台账用「台账导入」页面，管理账号用「用户管理」页面，备份用「数据备份」页面；"
        "或者先停止看板，再运行此命令。",
        "The database {path} is held by another program (process {pid}, normally the running app), so the command "
        "line cannot open it now. Use the app instead (the Import page for ledgers, the Users page for accounts, the "
        "Backups page for backups), or stop the app and run the command again.",
    ),
    "store.unreadable": (
        "数据库文件 {path} 无法读取：它不是完整的 DuckDB 数据库（可能是空文件、被截断或已损坏）。本程序没有改动它。"
        "请停止看板，用 `kaohe restore 备份文件` 从备份恢复；没有备份时，把这个文件移到别处后重新启动看板，"
        "看板会用演示台账新建数据库。",
        "The database {path} cannot be read: it is not a whole DuckDB database (empty, truncated or damaged). "
        "Nothing has changed it. Stop the app and restore a backup with `kaohe restore FILE`; without a backup, "
        "move the file elsewhere and start the app again, which builds a new database from the demo ledgers.",
    ),
    "store.disk_full": (
        "写入数据库 {path} 失败：磁盘空间已满。本次操作已整体撤销，已有数据没有变化。"
        "请清理磁盘空间（或把数据库移到空间更大的磁盘）后重试。",
        "Could not write to the database {path}: the disk is full. Nothing of this operation was kept and the data "
        "already stored are unchanged. Free some disk space (or move the database to a larger disk) and try again.",
    ),
    "store.file_too_large": (
        "写入数据库 {path} 失败：文件超过了系统允许的大小。本次操作已整体撤销，已有数据没有变化。"
        "请联系管理员放宽文件大小限制后重试。",
        "Could not write to the database {path}: the file would exceed the size the system allows. Nothing of this "
        "operation was kept and the data already stored are unchanged. Ask the administrator to lift the limit.",
    ),
    "store.not_writable": (
        "写入数据库 {path} 失败：文件或磁盘是只读的，或没有写权限。本次操作已整体撤销，已有数据没有变化。"
        "请检查文件权限后重试。",
        "Could not write to the database {path}: the file or disk is read-only or not writable by the app. Nothing "
        "of this operation was kept and the data already stored are unchanged. Check the file's permissions.",
    ),
    "store.problem_title": ("数据库无法使用", "The database cannot be used"),
    # the SQL console (kaohe.sandbox): refusals and limits
    "sandbox.timeout": (
        "查询超过 {seconds} 秒的时限，已中止；请缩小范围（加筛选条件或 limit）后再试",
        "The query ran past the {seconds} s limit and was stopped; narrow it (add filters or a limit) and try again",
    ),
    "sandbox.memory": (
        "查询所需内存超过上限（{megabytes} MB），已中止；请少选长文本列、加筛选条件或 limit 后再试",
        "The query needed more memory than allowed ({megabytes} MB) and was stopped; select fewer long text "
        "columns, add filters or a limit",
    ),
    "sandbox.permission": (
        "控制台不能读写文件、访问网络或修改设置，只能查询下方列出的表。",
        "The console cannot read or write files, reach the network or change settings; it can only query the "
        "tables listed below.",
    ),
    "sandbox.read_only": (
        "控制台是只读的：不能修改、删除或新建表和数据，只能用 select 查询。",
        "The console is read-only: it cannot change, delete or create tables or rows; use select.",
    ),
    "sandbox.one_statement": (
        "一次只能执行一条语句（收到 {n} 条）",
        "Run one statement at a time (got {n})",
    ),
    "sandbox.no_rows": ("该语句不返回数据", "That statement returns no rows"),
    "sandbox.engine": ("SQL 有误，数据库提示：{detail}", "The SQL has an error; the database says: {detail}"),
    # the engine's errors in the analyst's words (kaohe.sandbox.explain_engine_text); names shown as code
    "sandbox.sql.line": ("（第 {line} 行）", " (line {line})"),
    "sandbox.sql.column": ("找不到列 `{name}`{where}。{hint}", "No column `{name}`{where}. {hint}"),
    "sandbox.sql.hint_columns": ("可用的列有：{names}", "Columns there include: {names}"),
    "sandbox.sql.hint_name": ("是否要写 {name}？", "Did you mean {name}?"),
    "sandbox.sql.ambiguous": (
        "多个表都有列 `{name}`{where}：请在列名前写上表名或别名，如 `u.{name}`。{hint}",
        "More than one table has a column `{name}`{where}: put the table or its alias first, as in `u.{name}`. {hint}",
    ),
    "sandbox.sql.table": (
        "找不到表 `{name}`{where}：只能查询「数据字典」中列出的表。{hint}",
        "No table `{name}`{where}: only the tables in the data dictionary can be queried. {hint}",
    ),
    "sandbox.sql.function": ("没有函数 `{name}`{where}。{hint}", "No function `{name}`{where}. {hint}"),
    "sandbox.sql.types": (
        "函数调用 `{name}` 的参数类型不对{where}：请先用 `cast` 转换类型。{hint}",
        "`{name}` does not take arguments of these types{where}: cast them first. {hint}",
    ),
    "sandbox.sql.convert": (
        "无法把“{value}”转换为{type}{where}。{hint}",
        "Cannot turn “{value}” into {type}{where}. {hint}",
    ),
    "sandbox.sql.type.integer": ("整数", "an integer"),
    "sandbox.sql.type.number": ("数值", "a number"),
    "sandbox.sql.type.date": ("日期", "a date"),
    "sandbox.sql.type.timestamp": ("日期时间", "a date and time"),
    "sandbox.sql.type.boolean": ("是/否", "true/false"),
    "sandbox.sql.syntax": (
        "SQL 语法有误，在 `{name}` 附近{where}。{hint}",
        "SQL syntax error near `{name}`{where}. {hint}",
    ),
    "sandbox.sql.syntax_end": ("SQL 语句不完整{where}。", "The statement ends too early{where}."),
    "sandbox.sql.unterminated": ("引号没有成对{where}。", "A quote is not closed{where}."),
    "sandbox.sql.class.binder": ("SQL 引用的表、列或函数有误{where}。", "A table, column or function is wrong{where}."),
    "sandbox.sql.class.catalog": ("SQL 引用的对象不存在{where}。", "Something the SQL names does not exist{where}."),
    "sandbox.sql.class.parser": ("SQL 语法有误{where}。", "SQL syntax error{where}."),
    "sandbox.sql.class.conversion": ("数据类型转换失败{where}。", "A value could not be converted{where}."),
    "sandbox.sql.class.out_of_range": ("数值超出范围{where}。", "A number is out of range{where}."),
    "sandbox.sql.class.invalid_input": ("输入的值无效{where}。", "A value is not valid input{where}."),
    "sandbox.sql.other": ("SQL 执行出错{where}，请检查语句。", "The SQL failed{where}; check the statement."),
    "sandbox.cannot_open": ("无法只读打开数据库：{detail}", "Cannot open the database read-only: {detail}"),
    "sandbox.no_database": ("数据库文件不存在：{path}", "No database file at {path}"),
    "sandbox.busy": (
        "已有 {n} 条查询正在执行，请稍后再试",
        "{n} queries are already running; try again in a moment",
    ),
    "sandbox.truncated_bytes": (
        "结果已截断：只显示前 {n} 行（结果超过 {megabytes} MB 的上限），请少选长文本列或加筛选条件。",
        "Result truncated: only the first {n} rows are shown (the answer passed the {megabytes} MB limit); select "
        "fewer long text columns or add filters.",
    ),
    # backups (kaohe.backup, pages/backups.py, `kaohe backup` and `kaohe restore`)
    "backup.bad_setting": (
        "环境变量 {name} 应为非负整数，实际为 {value!r}",
        "The environment variable {name} should be a whole number, not {value!r}",
    ),
    "backup.folder_failed": (
        "无法使用备份文件夹 {folder}（{reason}）：请检查 KAOHE_BACKUP_DIR 指向的文件夹是否存在、可写",
        "Cannot use the backup folder {folder} ({reason}): check that KAOHE_BACKUP_DIR names a writable folder",
    ),
    "backup.disk_full": (
        "备份没有做成：备份文件夹 {folder} 所在的磁盘已满。文件夹里没有留下不完整的文件，数据库本身没有变化。"
        "请清理磁盘空间，或用 KAOHE_BACKUP_DIR 换一个空间更大的文件夹。",
        "The backup was not made: the disk of the backup folder {folder} is full. Nothing partial was left and the "
        "database is unchanged. Free some space, or point KAOHE_BACKUP_DIR at a larger disk.",
    ),
    "backup.file_too_large": (
        "备份没有做成：备份文件超过了系统允许的文件大小。文件夹 {folder} 里没有留下不完整的文件，数据库本身没有变化。",
        "The backup was not made: the file would exceed the size the system allows. Nothing partial was left in "
        "{folder} and the database is unchanged.",
    ),
    "backup.not_writable": (
        "备份没有做成：备份文件夹 {folder} 是只读的或没有写权限。数据库本身没有变化。请检查文件夹权限。",
        "The backup was not made: the backup folder {folder} is read-only or not writable by the app. The "
        "database is unchanged. Check the folder's permissions.",
    ),
    "backup.no_file": ("找不到备份文件 {path}", "No backup file at {path}"),
    "backup.unreadable": (
        "备份文件 {path} 打不开：它不是完整的 DuckDB 数据库（可能被截断或损坏）。请换一个备份文件。",
        "The backup {path} does not open: it is not a whole DuckDB database (truncated or damaged). Pick another.",
    ),
    "backup.not_kaohe": (
        "文件 {path} 是 DuckDB 数据库，但不是本看板的数据库（没有版本记录）。请换一个备份文件。",
        "{path} is a DuckDB database, but not one of this app's (no schema versions). Pick another file.",
    ),
    "backup.too_new": (
        "备份文件 {path} 由更新版本的看板生成（数据结构版本 {version}，本版本只认识到 {known}）：请先升级看板再恢复。",
        "The backup {path} was made by a newer version of the app (schema {version}; this one knows up to "
        "{known}): upgrade the app first.",
    ),
    "backup.restore_failed": (
        "恢复没有完成（{reason}）：数据库 {path} 保持原样。",
        "The restore did not complete ({reason}); the database {path} is as it was.",
    ),
    "backup.made": ("已备份到 {path}（{size}）", "Backed up to {path} ({size})"),
    "backup.restored": (
        "已用备份 {backup} 恢复数据库 {path}（数据结构版本 {version}）。",
        "Restored the database {path} from {backup} (schema {version}).",
    ),
    "backup.replaced_kept": ("被替换的数据库文件保留为 {path}", "The replaced file is kept as {path}"),
    "backup.page.caption": (
        "备份是数据库的完整一致副本。按计划每 {hours} 小时自动备份一次，只保留最近 {keep} 份，存放在 `{folder}`。",
        "A backup is a whole, consistent copy of the database. One is made every {hours} hours and the newest "
        "{keep} are kept, in {folder}.",
    ),
    "backup.page.schedule_off": (
        "计划备份已关闭（`KAOHE_BACKUP_HOURS=0`）；最近 {keep} 份备份存放在 `{folder}`。",
        "Scheduled backups are off (KAOHE_BACKUP_HOURS=0); the newest {keep} backups are kept in {folder}.",
    ),
    "backup.page.now": ("立即备份", "Back up now"),
    "backup.page.denied": ("只有管理员可以管理备份。", "Only admins manage backups."),
    "backup.page.working": ("正在备份…", "Backing up…"),
    "backup.page.list": ("已有备份", "Backups"),
    "backup.page.none": ("还没有备份。", "No backups yet."),
    "backup.page.col.file": ("文件", "File"),
    "backup.page.col.made_at": ("备份时间", "Made at"),
    "backup.page.col.size": ("大小", "Size"),
    "backup.page.last_error": ("上一次计划备份失败：{message}", "The last scheduled backup failed: {message}"),
    "backup.page.restore_help": (
        "恢复需要先停止看板，再在服务器上运行：`kaohe restore 备份文件`"
        "（会先检查备份能否打开，并保留被替换的数据库文件）。",
        "To restore, stop the app and run on the server: `kaohe restore FILE` (it checks the backup opens first and "
        "keeps the replaced database file).",
    ),
    # period names: {year}, {q} quarter digit, {q_cn} quarter in Chinese numerals, {month} 1-12
    "period.year": ("{year} 年", "{year}"),
    "period.h1": ("{year} 年上半年", "{year} H1"),
    "period.h2": ("{year} 年下半年", "{year} H2"),
    "period.quarter": ("{year} 年第{q_cn}季度", "{year} Q{q}"),
    "period.month": ("{year} 年 {month} 月", "{year}-{month:02d}"),
    # large counts the Chinese way; English keeps digit grouping and does not use these
    "number.wan": ("{value} 万", "{value} wan"),
    "number.yi": ("{value} 亿", "{value} yi"),
    # pages
    "page.overview": ("总览", "Overview"),
    "page.import": ("台账导入", "Import ledgers"),
    "page.group.secretary": ("书记看板", "Secretary"),
    # the menu in each role's own words (kaohe.ui.role_label): the first section and page as that role sees them
    "page.group.secretary.assessor": ("综合看板", "Dashboards"),
    "page.group.secretary.analyst": ("综合看板", "Dashboards"),
    "page.group.secretary.leader": ("综合看板", "Dashboards"),
    "page.group.secretary.branch": ("本支部", "My branch"),
    "page.overview.branch": ("本支部总览", "My branch"),
    "page.group.assessor": ("考核组", "Assessors"),
    "page.group.analyst": ("数据分析", "Analysis"),
    "page.trends": ("服务趋势", "Service trends"),
    "page.explorer": ("数据探索", "Explorer"),
    "page.scorecard": ("考核评分", "Scorecard"),
    "page.compare": ("对比分析", "Compare"),
    # service trends page
    "trends.caption": ("{period}　便民服务的走势、构成和分布", "{period}: how services moved, their mix and spread"),
    "trends.empty": (
        "{period}还没有便民服务记录：请到「台账导入」页面导入便民服务台账，或在左侧换一个考核期。",
        "No services recorded for {period}: import a services ledger on the Import page or pick another period.",
    ),
    "trends.empty.ask": (
        "{period}还没有便民服务记录：请联系考核组导入便民服务台账，或在左侧换一个考核期。",
        "No services recorded for {period}: ask the assessors to import a services ledger, or pick another period.",
    ),
    "trends.empty_filtered": (
        "当前筛选条件下没有便民服务记录，请点「清除筛选」或放宽条件。",
        "No services match these filters: clear them or widen them.",
    ),
    "trends.all": ("全部", "All"),
    "trends.category": ("服务类别", "Category"),
    # A community's figure counts every unit located in it (its community branch, offices, firms): said in the
    # filter's own name, and the branch filter counts one unit alone.
    "trends.community": ("社区（含辖区单位）", "Community (with the units in it)"),
    "trends.community_help": (
        "某社区的数字包括该社区党支部和位于该社区的机关、企业等党支部。只看一个党支部，请用「党支部」筛选。",
        "A community's figures include its community branch and the offices and firms located in it. "
        "For one branch alone, use the Branch filter.",
    ),
    "trends.unit": ("党支部", "Branch"),
    "trends.unit_help": ("只统计所选党支部自己的服务记录。", "Only the chosen branch's own services."),
    "trends.kind": ("支部类型", "Unit kind"),
    # the breakdown as the series chart's title names it: 便民服务次数（按…）
    "trends.by.category": ("服务类别", "category"),
    "trends.by.community": ("社区，含辖区单位", "community, with the units in it"),
    "trends.by.kind": ("支部类型", "unit kind"),
    "trends.month": ("月份", "Month"),
    "trends.breakdown": ("分组", "Break down by"),
    "trends.grain": ("时间粒度", "Time grain"),
    "trends.grain.month": ("按月", "Monthly"),
    "trends.grain.week": ("按周", "Weekly"),
    "trends.clear": ("清除筛选", "Clear filters"),
    "trends.filters_note": (
        "点击图中的柱或点可筛选本页其余内容。",
        "Click a bar or point to filter the rest of the page.",
    ),
    "trends.active": ("当前筛选：{filters}", "Filtered by: {filters}"),
    "trends.services": ("便民服务（次）", "Services"),
    "trends.people": ("服务群众（人次）", "People served"),
    "trends.per_service": ("人均服务人次", "People per service"),
    "trends.yoy": ("同比", "vs. a year earlier"),
    "trends.chart.series": ("便民服务次数（按{breakdown}）", "Services by {breakdown}"),
    "trends.chart.people": ("服务群众人次", "People served"),
    "trends.chart.yoy": ("每月服务次数：本期与上年同期", "Services per month, against a year earlier"),
    "trends.chart.calendar": ("每日服务次数日历", "Services per day"),
    "trends.chart.mix": ("服务类别构成", "Category mix"),
    "trends.chart.communities": ("各社区（含辖区单位）服务次数", "Services by community (with the units in it)"),
    "trends.week": ("周", "Week"),
    "trends.weekday": ("星期", "Weekday"),
    "trends.day": ("日期", "Date"),
    "trends.this_period": ("本期", "This period"),
    "trends.weekdays": ("一,二,三,四,五,六,日", "Mon,Tue,Wed,Thu,Fri,Sat,Sun"),
    "trends.no_community": ("（机关、企业等）", "(offices, firms)"),
    # explorer page
    "scope.unit_only": ("仅含{scope}的记录", "Records of {scope} only"),
    "scope.branch": ("本支部（{unit}）", "your branch ({unit})"),
    "scope.leader": ("您负责的 {n} 个党组织", "the {n} units you answer for"),
    "explore.tab.pivot": ("筛选与透视", "Filter and pivot"),
    "explore.tab.console": ("SQL 查询", "SQL console"),
    "explore.tab.schema": ("数据字典", "Data dictionary"),
    "explore.ledger": ("台账", "Ledger"),
    "explore.filter_columns": ("筛选列", "Filter on columns"),
    "explore.choose": ("请选择", "Choose"),
    "explore.period_note": (
        "范围：{period}（按{column}）；可在左侧更换考核期，或在下方加筛选条件。",
        "Scope: {period} (by {column}); change the period on the left or add filters below.",
    ),
    "explore.contains": ("{column} 包含", "{column} contains"),
    "explore.in": ("{column} 取值", "{column} is one of"),
    "explore.from": ("{column} 从", "{column} from"),
    "explore.to": ("{column} 到", "{column} to"),
    "explore.rows": ("行", "Rows"),
    "explore.columns": ("列", "Columns"),
    "explore.measure": ("度量", "Measure"),
    "explore.none": ("（不分）", "(none)"),
    "explore.total": ("合计", "Total"),
    "explore.blank": ("（空）", "(blank)"),
    "explore.matched": ("符合条件的记录：{n} 条", "Matching rows: {n}"),
    "explore.preview": ("明细（前 {n} 条）", "Rows (first {n})"),
    "explore.no_rows": (
        "没有符合条件的记录：请放宽筛选条件；若台账本身为空，请到「台账导入」页面导入。",
        "No rows match: widen the filters; if the ledger is empty, import it on the Import page.",
    ),
    "explore.chart": ("{measure}（按{rows}）", "{measure} by {rows}"),
    "explore.download_csv": ("下载 CSV", "Download CSV"),
    "explore.download_xlsx": ("下载 Excel", "Download Excel"),
    "explore.grain.month": ("{column}（按月）", "{column} (month)"),
    "explore.grain.week": ("{column}（按周）", "{column} (week)"),
    "explore.grain.year": ("{column}（按年）", "{column} (year)"),
    "explore.col.unit_name": ("支部名称", "Unit name"),
    "explore.col.unit_kind": ("支部类型", "Unit kind"),
    "explore.col.unit_community": ("所属社区", "Community"),
    "explore.measure.count": ("记录数", "Rows"),
    "explore.measure.sum": ("{column}合计", "Total {column}"),
    "explore.measure.mean": ("平均{column}", "Mean {column}"),
    "explore.measure.people_per_service": ("人均服务人次", "People per service"),
    "explore.measure.attendance_rate": ("出席率", "Attendance rate"),
    "explore.measure.satisfaction_rate": ("满意率", "Satisfaction rate"),
    "explore.measure.closed_rate": ("办结率", "Closure rate"),
    "explore.measure.resolved_rate": ("化解率", "Resolution rate"),
    "explore.measure.escalated_rate": ("上访率", "Escalation rate"),
    "explore.saved": ("从已保存的查询开始", "Start from a saved query"),
    "explore.saved_none": ("（空白）", "(blank)"),
    "explore.sql": ("SQL 语句（只读，只能执行一条）", "SQL statement (read-only, one statement)"),
    "explore.run": ("执行查询", "Run query"),
    "explore.console_note": (
        "查询在数据快照上只读执行：不能修改数据、读写文件或联网，超过 {seconds} 秒自动中止，"
        "最多显示 {rows} 行、{megabytes} MB。",
        "Queries run read-only on a snapshot: no writes, files or network; stopped after {seconds} s; "
        "at most {rows} rows or {megabytes} MB shown.",
    ),
    "explore.truncated": (
        "结果已截断：只显示前 {n} 行，请加筛选条件或 limit 缩小结果。",
        "Result truncated: only the first {n} rows are shown; narrow the query.",
    ),
    "explore.result": ("共 {n} 行，用时 {seconds} 秒", "{n} rows in {seconds} s"),
    "explore.error": ("查询未执行：{message}", "Query not run: {message}"),
    "explore.empty_sql": (
        "请输入一条 SELECT 查询，或从上方选择一条已保存的查询。",
        "Type a SELECT, or pick a saved query.",
    ),
    "explore.schema_note": (
        "以下是 SQL 查询可用的表（来自 `docs/data_dictionary.md`）。",
        "The tables the SQL console can query (from docs/data_dictionary.md).",
    ),
    "explore.schema_undocumented": ("未编入数据字典的表：{tables}", "Tables not in the data dictionary: {tables}"),
    # a pivot or filter the ledger cannot do (kaohe.explore.ExploreError), a period code not understood
    "explore.error.ledger": (
        "不能探索台账“{ledger}”：可选 {ledgers}",
        "No ledger “{ledger}” to explore: one of {ledgers}",
    ),
    "explore.error.column": ("台账“{ledger}”没有可用的列“{name}”", "Ledger “{ledger}” has no column “{name}”"),
    "explore.error.measure": ("台账“{ledger}”没有度量“{name}”", "Ledger “{ledger}” has no measure “{name}”"),
    "explore.error.identifier": ("无效的名称 {name}", "Not a valid name: {name}"),
    "explore.error.grain": ("列“{name}”不能按“{grain}”分组", "Column “{name}” cannot be grouped by “{grain}”"),
    "explore.error.numeric_dimension": (
        "数值列“{name}”不能作为分组维度",
        "Number column “{name}” cannot be a dimension",
    ),
    "explore.error.measure_column": (
        "台账“{ledger}”没有度量列“{name}”",
        "Ledger “{ledger}” has no measure column “{name}”",
    ),
    "explore.error.range": (
        "列“{name}”不是日期或数值，不能按范围筛选",
        "Column “{name}” is neither a date nor a number: no range filter",
    ),
    "explore.error.filter": ("未知的筛选方式“{op}”", "Unknown filter “{op}”"),
    "explore.error.not_range": ("列“{name}”不是日期或数值", "Column “{name}” is neither a date nor a number"),
    "period.error.code": (
        "无法识别的考核期“{code}”：应为 2025、2025-H1、2025-Q2 或 2025-06 这样的写法",
        "Period “{code}” not understood: write it as 2025, 2025-H1, 2025-Q2 or 2025-06",
    ),
    "scoring.error.no_units": (
        "考核期 {period} 没有在册的党组织：请先导入党组织名册",
        "Period {period} has no units on the roster: import the roster first",
    ),
    "scoring.error.no_indicator": (
        "指标 {indicator}：评分办法中没有这个指标",
        "Indicator {indicator} is not in the scheme",
    ),
    "explore.result_file": ("查询结果.csv", "query_result.csv"),
    "explore.doc.column": ("列名", "Column"),
    "explore.doc.type": ("类型", "Type"),
    "explore.doc.meaning": ("含义", "Meaning"),
    # the data dictionary's column types as analysts read them, the SQL type beside (pages/explorer.py)
    "explore.doc.type.varchar": ("文本（`varchar`）", "text (varchar)"),
    "explore.doc.type.integer": ("整数（`integer`）", "integer"),
    "explore.doc.type.double": ("数值（`double`）", "number (double)"),
    "explore.doc.type.date": ("日期（`date`）", "date"),
    "explore.doc.type.timestamp": ("日期时间（`timestamp`）", "date and time (timestamp)"),
    "explore.doc.type.boolean": ("是/否（`boolean`）", "yes/no (boolean)"),
    "explore.doc.type.json": ("JSON", "JSON"),
    # ledgers
    "ledger.units": ("党组织名册", "Units"),
    "ledger.services": ("便民服务", "Services"),
    "ledger.meetings": ("组织生活", "Meetings"),
    "ledger.cases": ("诉求与实事", "Cases"),
    "ledger.disputes": ("矛盾纠纷与信访", "Disputes"),
    # measures shown on the overview
    "metric.services": ("便民服务（次）", "Services"),
    "metric.people_served": ("服务群众（人次）", "People served"),
    "metric.errands": ("网格代办（件）", "Errands run"),
    "metric.deeds": ("办实事（件）", "Practical deeds"),
    "metric.yoy": ("同比", "vs. a year earlier"),
    "metric.no_prior": ("上年同期无数据", "no data a year earlier"),
    "chart.monthly_services": ("每月便民服务次数", "Services per month"),
    "chart.month": ("月份", "Month"),
    "chart.count": ("次数", "Count"),
    "chart.community": ("社区", "Community"),
    "chart.prior_year": ("上年同期", "A year earlier"),
    "chart.month_tick": ("{month} 月", "{abbr}"),
    "chart.people_served": ("服务群众（人次）", "People served"),
    "overview.caption": ("{period}　对比上年同期", "{period}, compared with a year earlier"),
    "overview.caption_to_date": (
        "{period}（截至 {as_of}）　对比上年同期",
        "{period} up to {as_of}, compared with the same span a year earlier",
    ),
    "overview.empty": (
        "{period}还没有导入{ledger}台账，请到「台账导入」页面导入",
        "No {ledger} ledger imported for {period} yet: import it on the Import page",
    ),
    "overview.empty.ask": (
        "{period}还没有导入{ledger}台账，请联系考核组导入台账",
        "No {ledger} ledger imported for {period} yet: ask the assessors to import it",
    ),
    "overview.goto_import": ("前往「台账导入」", "Go to Import"),
    "overview.monthly_empty": ("{period}没有便民服务记录，无法画出每月趋势。", "No services in {period} to chart."),
    "overview.freshness": ("数据更新情况", "Data freshness"),
    "freshness.ledger": ("台账", "Ledger"),
    "freshness.last_import": ("最近导入", "Last import"),
    "freshness.files": ("文件数", "Files"),
    "freshness.rows_loaded": ("已导入行数", "Rows loaded"),
    "freshness.rows_rejected": ("退回行数", "Rows rejected"),
    "freshness.never": ("未导入", "never"),
    "freshness.rejected_note": (
        "共有 {n} 行因数据有误被退回，可在「台账导入」页面下载退回行，核对后重新导入。",
        "{n} rows were rejected; download them on the Import page, correct them and import again.",
    ),
    "freshness.rejected_note.ask": (
        "共有 {n} 行因数据有误被退回，由考核组核对后重新导入。",
        "{n} rows were rejected for errors; the assessors correct them and import them again.",
    ),
    "freshness.unit_only_note": (
        "只统计{scope}的记录及其所在文件；导入记录和退回行由考核组管理，此处不显示。",
        "Only rows of {scope} and the files holding them; the import log and rejected rows are the "
        "assessors' business and are not shown here.",
    ),
    # import page
    "import.upload": (
        "选择台账文件（可多选，支持 xlsx 和 csv）",
        "Choose ledger files (xlsx or csv, several at once)",
    ),
    "import.detected": ("识别为", "Detected as"),
    "import.mapping": ("列对应关系", "Column mapping"),
    "import.preview": ("预览（前 20 行）", "Preview (first 20 rows)"),
    "import.header_col": ("原表头", "Header in file"),
    "import.field_col": ("对应字段", "Field"),
    "import.button": ("导入", "Import"),
    "import.loaded": ("已导入", "Loaded"),
    "import.skipped": ("跳过（合计/空行）", "Skipped (totals/blank)"),
    "import.duplicate": ("重复", "Duplicates"),
    "import.rejected": ("退回", "Rejected"),
    "import.already": (
        "该文件此前已导入过，未做任何改动。",
        "This file was imported before; nothing changed.",
    ),
    "import.rejects_download": ("下载退回行（xlsx）", "Download rejected rows (xlsx)"),
    "import.history": ("导入记录", "Import history"),
    "import.error": ("无法导入", "Cannot import"),
    "import.error_line": ("无法导入：{message}", "Cannot import: {message}"),
    "import.no_files": ("请选择要导入的台账文件。", "Choose the ledger files to import."),
    "import.sheet": ("工作表", "Sheet"),
    "import.encoding": ("编码", "Encoding"),
    "import.header_row": ("表头所在行", "Header row"),
    "import.ignored": ("（不导入）", "(ignored)"),
    "import.ready": ("{n} 个文件可以导入", "{n} file(s) ready to import"),
    "import.results": ("导入结果", "Results"),
    "import.done": ("{file}：导入完成", "{file}: imported"),
    "import.done_with_rejects": (
        "{file}：导入完成，{n} 行数据有误被退回，请下载核对",
        "{file}: imported; {n} rows rejected, download them to check",
    ),
    "import.rejects_table": ("退回行", "Rejected rows"),
    "import.source_row": ("原表行号", "Row in file"),
    "import.reason": ("退回原因", "Reason"),
    "import.raw": ("原始内容", "Raw values"),
    "import.history_empty": ("还没有导入记录。", "No imports yet."),
    "import.stored_rejects": ("全部退回行（{n} 行）", "All rejected rows ({n})"),
    "import.stored_rejects_download": ("下载全部退回行（xlsx）", "Download all rejected rows (xlsx)"),
    "history.imported_at": ("导入时间", "Imported at"),
    "history.file_name": ("文件名", "File"),
    "history.ledger": ("台账", "Ledger"),
    "history.rows_read": ("读取行数", "Rows read"),
    "history.imported_by": ("操作人", "Imported by"),
    # import page: mapping step, saved spellings, unit codes, templates, notes (pages/import_ledgers.py)
    "import.map_title": ("列对应（为每一列选择字段）", "Column mapping (a field for each column)"),
    "import.map_ledger": ("按哪种台账导入", "Import as"),
    "import.map_help": (
        "为文件的每一列选择它对应的字段，不需要的列选“（不导入）”；下方预览随之更新。必填字段标有（必填）。",
        "Pick the field each column of the file holds, or “(ignored)”; the preview below follows. Required "
        "fields are marked (required).",
    ),
    "import.map_required": ("{field}（必填）", "{field} (required)"),
    "import.map_example": ("例：{value}", "e.g. {value}"),
    "import.map_more": ("另有 {n} 列未列出，不会导入。", "{n} more columns are not listed and will not be imported."),
    "import.map_missing": ("还缺少必需的字段：{fields}", "Still missing required fields: {fields}"),
    "import.map_save": ("保存这些表头写法，以后的文件自动识别", "Save these header spellings for later files"),
    "import.map_saved": ("已保存 {n} 个表头写法", "{n} header spellings saved"),
    "import.map_used": ("按调整后的列对应导入", "Imported with the adjusted mapping"),
    "import.codes_needed": (
        "名册没有编号列：导入时按类型自动分配编号（如 SQ01、JG03），已有的党组织按名称或别名沿用原编号。",
        "The roster has no code column: codes are assigned by kind on import (SQ01, JG03 …); units already "
        "stored keep theirs, matched by name or alias.",
    ),
    "import.codes": ("本名册的编号", "Codes of this roster's units"),
    "import.code_col.unit_id": ("编号", "Code"),
    "import.code_col.name": ("党组织名称", "Unit"),
    "import.code_col.kind": ("类型", "Kind"),
    "import.code_col.state": ("编号来源", "Code"),
    "import.code_new": ("新分配", "newly assigned"),
    "import.code_kept": ("沿用原编号", "kept"),
    "import.unchanged": ("名册内容与已导入的相同", "same as the roster already stored"),
    "import.warning": ("提示", "Note"),
    "import.units": ("党组织编号", "Unit codes"),
    "import.units_help": (
        "可以把自动分配的编号改成本单位习惯的编号；台账记录、别名和支部账号随之更改。"
        "已有考核评分或已发布结果的党组织不能改编号。",
        "Give a unit the code your office uses; its ledger rows, aliases and branch accounts follow. A unit "
        "named by scores or a published result keeps its code.",
    ),
    "import.units_empty": ("还没有导入党组织名册。", "No units roster imported yet."),
    "import.code_unit": ("党组织", "Unit"),
    "import.code_new_value": ("新编号", "New code"),
    "import.code_save": ("修改编号", "Change code"),
    "import.aliases": ("已保存的表头写法（{n} 个）", "Saved header spellings ({n})"),
    "import.aliases_help": (
        "这些写法在导入时优先于内置的表头对照表（ledgers.toml）；删除后恢复内置的识别方式。",
        "These spellings win over the built-in header table (ledgers.toml) on import; removing one restores it.",
    ),
    "import.alias_col.ledger": ("台账", "Ledger"),
    "import.alias_col.header": ("表头写法", "Header"),
    "import.alias_col.field": ("对应字段", "Field"),
    "import.alias_col.saved_by": ("保存人", "Saved by"),
    "import.alias_col.saved_at": ("保存时间", "Saved at"),
    "import.alias_pick": ("选择要删除的写法", "Spelling to remove"),
    "import.alias_remove": ("删除所选写法", "Remove"),
    "import.alias_removed": ("已删除表头写法「{header}」", "Removed the spelling “{header}”"),
    "import.template": ("下载空白模板", "Blank templates"),
    "import.template_help": (
        "模板含标准表头、填表说明和下拉选项（支部名单取自已导入的党组织名册）；按模板填写的台账可以直接导入。",
        "A template has the standard headers, instructions and drop-downs (units from the roster); a ledger "
        "filled in on it imports as it is.",
    ),
    "import.template_ledger": ("台账", "Ledger"),
    "import.template_download": ("下载模板（xlsx）", "Download the template (xlsx)"),
    # importer: refusals, reasons and notes (kaohe.ingest); {file} is the file's name as uploaded
    "list.separator": ("、", ", "),
    # how a page joins words around values, so an English page never shows Chinese punctuation (kaohe.ui)
    # the file uploader's own words, drawn over Streamlit's built-in English (kaohe.ui.file_uploader)
    "import.rejects_file": ("退回行_{name}.xlsx", "rejected_rows_{name}.xlsx"),
    "import.rejects_all": ("全部", "all"),
    "import.rejects_sheet": ("退回行", "Rejected rows"),
    "import.rejects_col.row": ("源文件行号", "Row in the file"),
    "import.rejects_col.reason": ("退回原因", "Why rejected"),
    "scorecard.rows_file": ("计分依据_{unit}_{indicator}_{period}", "score_rows_{unit}_{indicator}_{period}"),
    "upload.button": ("选择文件", "Choose files"),
    "upload.limit": ("每个文件不超过 {mb} MB · {types}", "Up to {mb} MB per file · {types}"),
    "format.name_code": ("{name}（{code}）", "{name} ({code})"),
    "format.pair": ("{field}：{value}", "{field}: {value}"),
    "format.gap": ("　", "   "),
    "format.dot": ("　·　", " · "),
    "format.sentence_separator": ("，", ", "),
    "format.reason_separator": ("；", "; "),
    "format.unit_percent": ("{name}（%）", "{name} (%)"),
    "ingest.quoted": ("「{text}」", "“{text}”"),
    "ingest.where_sheet": ("工作表「{sheet}」", "sheet “{sheet}”, "),
    "ingest.name_empty": (
        "文件名为空：请给文件一个名字（如 2025年便民服务台账.xlsx）后再导入",
        "The file has no name: give it one (e.g. services-2025.xlsx) and import it again",
    ),
    "ingest.name_too_long": (
        "文件名太长（{length} 个字符，最多 {limit} 个）：请改短后再导入",
        "The file name is too long ({length} characters, at most {limit}): shorten it and import it again",
    ),
    "ingest.name_not_plain": (
        "文件名「{file}」不合规：只能是文件本身的名字，不能含有路径（/ 或 \\）、“..”、冒号或控制字符",
        "The file name “{file}” is not allowed: only a plain file name, without folders (/ or \\), “..”, colons "
        "or control characters",
    ),
    "ingest.too_big": (
        "文件「{file}」太大（{size}），超过上限 {limit}：请按年度或季度拆分后分别导入",
        "The file “{file}” is too large ({size}, the limit is {limit}): split it by year or quarter and import the "
        "parts",
    ),
    "ingest.empty_file": (
        "文件「{file}」是空文件（0 字节）：请重新导出后再导入",
        "The file “{file}” is empty (0 bytes): export it again and import it",
    ),
    "ingest.xls": (
        "文件「{file}」是旧版 Excel（.xls）格式，无法直接读取；请在 Excel 中另存为 xlsx 工作簿后再导入。",
        "The file “{file}” is an old Excel (.xls) workbook, which cannot be read: save it as an xlsx workbook in "
        "Excel and import that.",
    ),
    "ingest.bad_suffix": (
        "文件「{file}」的类型「{suffix}」不受支持：只能导入 .xlsx 工作簿或 .csv 文件",
        "The file “{file}” is of type “{suffix}”, which is not supported: import .xlsx workbooks or .csv files",
    ),
    "ingest.no_suffix": ("无扩展名", "no extension"),
    "ingest.kind.workbook": ("Excel 工作簿", "an Excel workbook"),
    "ingest.kind.csv": ("CSV 文件", "a CSV file"),
    "ingest.kind.pdf": ("PDF 文档", "a PDF document"),
    "ingest.kind.png": ("PNG 图片", "a PNG image"),
    "ingest.kind.jpeg": ("JPEG 图片", "a JPEG image"),
    "ingest.kind.gif": ("GIF 图片", "a GIF image"),
    "ingest.kind.rar": ("RAR 压缩包", "a RAR archive"),
    "ingest.kind.7z": ("7z 压缩包", "a 7z archive"),
    "ingest.kind.gzip": ("gzip 压缩包", "a gzip archive"),
    "ingest.kind.exe": ("Windows 程序", "a Windows program"),
    "ingest.kind.elf": ("Linux 程序", "a Linux program"),
    "ingest.html": (
        "文件「{file}」的内容其实是网页（HTML），不是{kind}（有些系统的“导出 Excel”会这样做）："
        "请用 Excel 打开它，另存为 xlsx 工作簿后再导入",
        "The file “{file}” is really a web page (HTML), not {kind} (some systems' “export to Excel” does this): "
        "open it in Excel, save it as an xlsx workbook and import that",
    ),
    "ingest.zip_named_text": (
        "文件「{file}」的扩展名是 {suffix}，内容却是 xlsx 工作簿：请把扩展名改为 .xlsx 后再导入",
        "The file “{file}” is named {suffix} but is an xlsx workbook: rename it to .xlsx and import it again",
    ),
    "ingest.content_is": ("内容是{kind}", "is {kind}"),
    "ingest.content_not_xlsx": (
        "内容不是 xlsx 工作簿（xlsx 是 zip 格式，应以 PK 开头）",
        "is not an xlsx workbook (an xlsx file is a zip archive starting with PK)",
    ),
    "ingest.not_zip": (
        "文件「{file}」{found}：请在 Excel 中另存为 xlsx 工作簿后再导入",
        "The file “{file}” {found}: save it as an xlsx workbook in Excel and import that",
    ),
    "ingest.corrupt": (
        "文件「{file}」已损坏，无法作为 xlsx 工作簿打开（{detail}）：请重新导出后再导入",
        "The file “{file}” is damaged and cannot be opened as an xlsx workbook ({detail}): export it again",
    ),
    "ingest.too_many_parts": (
        "文件「{file}」内含 {n} 个部件，超过上限 {limit}：不像正常的 xlsx 工作簿",
        "The file “{file}” holds {n} parts, more than the limit of {limit}: not a normal xlsx workbook",
    ),
    "ingest.zip_not_workbook": (
        "文件「{file}」是 zip 压缩包，但不是 Excel 工作簿（缺少 {parts}）：请上传 xlsx 台账",
        "The file “{file}” is a zip archive but not an Excel workbook (it lacks {parts}): upload an xlsx ledger",
    ),
    "ingest.zip_bomb_total": (
        "文件「{file}」解压后有 {size}，超过上限 {limit}（疑似“压缩炸弹”）：已拒绝导入",
        "The file “{file}” inflates to {size}, more than the limit of {limit} (a “zip bomb”?): refused",
    ),
    "ingest.zip_bomb_ratio": (
        "文件「{file}」的部件 {part} 压缩比为 {ratio} 倍，超过上限 {limit} 倍（疑似“压缩炸弹”）：已拒绝导入",
        "The part {part} of the file “{file}” is compressed {ratio} times, more than the limit of {limit} "
        "(a “zip bomb”?): refused",
    ),
    "ingest.sheet_too_many_cells": (
        "文件「{file}」的工作表「{sheet}」有 {rows} 行 × {columns} 列（{cells} 个单元格），超过 xlsx 台账的上限 "
        "{limit} 个单元格，未读取：请在 Excel 中另存为 CSV（CSV 不受此限），或按季度拆分后再导入",
        "Sheet “{sheet}” of the file “{file}” spans {rows} rows × {columns} columns ({cells} cells), more than the "
        "limit of {limit} cells for an xlsx ledger, so it was not read: save it as CSV in Excel (CSV has no such "
        "limit) or split it by quarter",
    ),
    "ingest.sheet_too_large": (
        "文件「{file}」的工作表「{sheet}」解压后有 {size}，超过上限 {limit}，未读取：请在 Excel 中另存为 CSV，"
        "或拆分后再导入",
        "Sheet “{sheet}” of the file “{file}” inflates to {size}, more than the limit of {limit}, so it was not "
        "read: save it as CSV in Excel or split it",
    ),
    "ingest.strings_too_large": (
        "文件「{file}」的文字表（sharedStrings）解压后有 {size}，超过上限 {limit}，未读取：请在 Excel 中另存为 CSV，"
        "或拆分后再导入",
        "The text table (sharedStrings) of the file “{file}” inflates to {size}, more than the limit of {limit}, "
        "so it was not read: save it as CSV in Excel or split it",
    ),
    "ingest.timeout": (
        "读取文件「{file}」超过 {seconds} 秒仍未完成，已停止：文件太大或太复杂，请在 Excel 中另存为 CSV，"
        "或拆分后再导入",
        "Reading the file “{file}” took more than {seconds} s and was stopped: it is too large or complex; save "
        "it as CSV in Excel or split it",
    ),
    "ingest.binary_text": (
        "文件「{file}」的内容是{kind}，不是 CSV 文件：请上传从 Excel 或业务系统导出的 CSV",
        "The file “{file}” is {kind}, not a CSV file: upload a CSV exported from Excel or an office system",
    ),
    "ingest.control_char": (
        "文件「{file}」不是文本 CSV：在字节偏移 {offset} 处有控制字符 0x{byte}，像是二进制文件。"
        "请在 Excel 中用“另存为 → CSV UTF-8（逗号分隔）”重新保存后再导入",
        "The file “{file}” is not a text CSV: there is a control character 0x{byte} at byte offset {offset}, as "
        "in a binary file. Save it in Excel with “Save as → CSV UTF-8 (comma delimited)” and import that",
    ),
    "ingest.encoding": (
        "文件「{file}」不是 UTF-8 或 GBK/GB18030 编码的 CSV：{utf8}；{gbk}。"
        "请在 Excel 中用“另存为 → CSV UTF-8（逗号分隔）”或“xlsx 工作簿”重新保存后再导入。",
        "The file “{file}” is a CSV in neither UTF-8 nor GBK/GB18030: {utf8}; {gbk}. Save it in Excel with "
        "“Save as → CSV UTF-8 (comma delimited)” or as an xlsx workbook and import that.",
    ),
    "ingest.decode_error": (
        "按 {encoding} 解码在字节偏移 {offset} 处出错（字节 0x{byte}）",
        "as {encoding} it fails at byte offset {offset} (byte 0x{byte})",
    ),
    "ingest.decode_nul": (
        "按 {encoding} 解码在字节偏移 {offset} 处遇到空字符（0x00，像是 UTF-16 文件）",
        "as {encoding} it meets a NUL byte at offset {offset} (0x00, as in a UTF-16 file)",
    ),
    "ingest.xlsx_unreadable": (
        "文件「{file}」无法作为 xlsx 工作簿打开：{detail}",
        "The file “{file}” cannot be opened as an xlsx workbook: {detail}",
    ),
    "ingest.unknown_ledger": (
        "未知的台账类型「{ledger}」，可选：{choices}",
        "Unknown ledger “{ledger}”; one of {choices}",
    ),
    "ingest.forced_missing": (
        "文件「{file}」不能作为{ledger}导入：缺少必需的列 {missing}。找到的表头（{where}第 {row} 行）：{found}。",
        "The file “{file}” cannot be imported as {ledger}: it lacks the required columns {missing}. Headers found "
        "({where}row {row}): {found}.",
    ),
    "ingest.no_ledger_fits": (
        "文件「{file}」的表头不符合任何一种台账。最接近的是{ledger}（{where}第 {row} 行表头），缺少必需的列 "
        "{missing}。找到的表头：{found}。请在导入页面的“列对应”中为各列选择字段（命令行用 --map），"
        "或下载该台账的模板照着填写。",
        "The headers of the file “{file}” fit no ledger. The closest is {ledger} (headers in {where}row {row}), "
        "which lacks the required columns {missing}. Headers found: {found}. Map the columns to fields on the "
        "Import page (--map on the command line), or fill in that ledger's template.",
    ),
    "ingest.nothing_recognised": (
        "文件「{file}」的表头不符合任何一种台账：没有一列能对应到台账的字段（找到的表头：{found}）。"
        "请在导入页面的“列对应”中为各列选择字段（命令行用 --map），或下载台账模板照着填写。",
        "The headers of the file “{file}” fit no ledger: no column matches a ledger field (headers found: "
        "{found}). Map the columns to fields on the Import page (--map on the command line), or fill in a "
        "ledger template.",
    ),
    "ingest.no_headers": ("（空）", "(none)"),
    "ingest.headers_on_sheet": ("工作表「{sheet}」：{headers}", "sheet “{sheet}”: {headers}"),
    "ingest.no_data_rows": (
        "文件「{file}」在表头（{where}第 {row} 行）下面没有数据行，没有导入任何内容：请填好数据后再导入。",
        "The file “{file}” has no data rows under its headers ({where}row {row}); nothing was imported: fill in "
        "the rows and import it again.",
    ),
    "ingest.name_clash": (
        "文件「{file}」的名册中有两个编号不同的党组织使用了同一名称，无法导入（数据库提示：{detail}）。请检查「名称」列。",
        "In the roster “{file}” two units with different codes have the same name, so it cannot be imported "
        "(database: {detail}). Check the name column.",
    ),
    "ingest.map_unknown_field": (
        "列对应中的字段「{field}」不是{ledger}的字段，可选：{choices}",
        "The field “{field}” in the column mapping is not a field of {ledger}; one of {choices}",
    ),
    "ingest.map_field_nowhere": (
        "列对应中的字段「{field}」不是任何台账的字段",
        "The field “{field}” in the column mapping is no field of any ledger",
    ),
    "ingest.map_field_twice": (
        "列对应中「{first}」和「{second}」都对应到字段「{field}」：每个字段只能对应一列",
        "The mapping sends both “{first}” and “{second}” to the field “{field}”: one column per field",
    ),
    "ingest.map_header_missing": (
        "列对应中的列「{header}」不在文件「{file}」的表头中（找到的表头：{found}）",
        "The column “{header}” of the mapping is not among the headers of the file “{file}” (found: {found})",
    ),
    "ingest.map_syntax": (
        "--map 的写法应为“表头=字段,表头=字段”，如“活动名称=title,人次=people_served”（字段写 ignore 表示不导入）；"
        "“{item}”不符合",
        "--map takes “header=field,header=field”, e.g. “活动名称=title,人次=people_served” (field ignore "
        "leaves a column out); “{item}” does not fit",
    ),
    "ingest.alias_header_empty": ("表头写法不能为空", "A header spelling cannot be empty"),
    "ingest.alias_unknown": ("没有保存过表头写法「{header}」（{ledger}）", "No saved spelling “{header}” ({ledger})"),
    "ingest.warn.no_data": (
        "文件中没有{columns}列：{scheme}的指标{indicators}在这些记录上没有数据。",
        "The file has no {columns} column: the indicators {indicators} of {scheme} have no data from these rows.",
    ),
    "ingest.warn.absent": (
        "文件中没有{columns}列：考核指标中用到这些列的，在这些记录上将没有数据。",
        "The file has no {columns} column: indicators that use them will have no data from these rows.",
    ),
    # why a row is rejected; {header} {value} {expected} are filled in SQL (queries/ingest/problems.sql)
    "reject.missing": ("「{header}」列为空（此列必须填写）", "Column “{header}” is empty (it must be filled in)"),
    "reject.bad_date": (
        "「{header}」列的“{value}”不是有效日期（应为 2024-03-05 这样的日期）",
        "“{value}” in column “{header}” is not a valid date (expected a date like 2024-03-05)",
    ),
    "reject.bad_time": (
        "「{header}」列的“{value}”中的时间无效（小时应为 0–23，分和秒应为 0–59）",
        "“{value}” in column “{header}” has an invalid time (hours 0–23, minutes and seconds 0–59)",
    ),
    "reject.bad_count": (
        "「{header}」列的“{value}”不是有效的数（应为 0 或正整数，如 12）",
        "“{value}” in column “{header}” is not a number (expected 0 or a whole number, e.g. 12)",
    ),
    "reject.negative": (
        "「{header}」列的“{value}”是负数（应为 0 或正整数）",
        "“{value}” in column “{header}” is negative (expected 0 or a whole number)",
    ),
    "reject.not_whole": (
        "「{header}」列的“{value}”不是整数（应为 0 或正整数，如 12）",
        "“{value}” in column “{header}” is not a whole number (expected 0 or a whole number, e.g. 12)",
    ),
    "reject.too_large": (
        "「{header}」列的“{value}”大得不合常理（应为 0 或正整数，如 12）",
        "“{value}” in column “{header}” is implausibly large (expected 0 or a whole number, e.g. 12)",
    ),
    "reject.bad_number": (
        "「{header}」列的“{value}”不是有效的数（应为 0 或正数，如 1.5）",
        "“{value}” in column “{header}” is not a number (expected 0 or more, e.g. 1.5)",
    ),
    "reject.bad_choice": (
        "「{header}」列的“{value}”不是可选的值（应为 {expected} 之一）",
        "“{value}” in column “{header}” is not one of the choices ({expected})",
    ),
    "reject.bad_bool": (
        "「{header}」列的“{value}”无法识别（应为 {expected}）",
        "“{value}” in column “{header}” is not understood (expected {expected})",
    ),
    "reject.unknown_unit": (
        "「{header}」列的“{value}”不在党组织名册中（请先导入党组织名册，或在名册的别名列登记该名称）",
        "“{value}” in column “{header}” is not in the units roster (import the roster first, or add the name "
        "to the roster's alias column)",
    ),
    "reject.expected_bool": ("{true}（表示是）或 {false}（表示否）", "{true} (yes) or {false} (no)"),
    # blank ledger templates (kaohe.ingest.template, `kaohe template`, the import page's download)
    "template.sheet_instructions": ("填表说明", "Instructions"),
    "template.sheet_options": ("选项", "Lists"),
    "template.title": ("{ledger}填表说明", "How to fill in the {ledger} template"),
    "template.note.rows": (
        "每行填写一条记录；不要合并单元格，不要改动第一行的表头。",
        "One record per row; do not merge cells or change the headers in the first row.",
    ),
    "template.note.required": (
        "表头为橙色的列必须填写；蓝色的列可以不填，也可以整列删除。",
        "Columns with orange headers must be filled in; blue ones may stay empty or be deleted.",
    ),
    "template.note.lists": (
        "带下拉箭头的列请从列表中选择；日期列已设为日期格式，直接输入 2025-03-05 即可。",
        "Pick from the drop-down where a column has one; date columns are formatted as dates, so type 2025-03-05.",
    ),
    "template.note.import": (
        "填好后，在看板的「台账导入」页面上传本文件，或在命令行运行：kaohe import 文件名",
        "When done, upload this file on the Import page, or run: kaohe import FILE",
    ),
    "template.note.units": (
        "支部下拉列表取自看板中的党组织名册（共 {n} 个）；名册有变化时请重新下载模板。",
        "The unit drop-down lists the {n} units of the app's roster; download the template again when it changes.",
    ),
    "template.note.no_roster": (
        "看板中还没有党组织名册：支部列请填写名册中的名称（或先导入党组织名册，再下载模板）。",
        "The app has no units roster yet: write unit names as the roster has them (or import the roster first).",
    ),
    "template.col.column": ("列名", "Column"),
    "template.col.required": ("是否必填", "Required"),
    "template.col.rule": ("填写要求", "What to enter"),
    "template.col.example": ("示例", "Example"),
    "template.required": ("必填", "required"),
    "template.optional": ("选填", "optional"),
    "template.rule.date": ("日期，如 2025-03-05", "A date, e.g. 2025-03-05"),
    "template.rule.unit": ("支部名称，从下拉列表选择", "The unit's name, from the drop-down"),
    "template.rule.unit_free": (
        "支部名称，须与党组织名册中的名称或别名一致",
        "The unit's name as the roster has it (its name or an alias)",
    ),
    "template.rule.count": ("0 或正整数", "0 or a whole number"),
    "template.rule.number": ("0 或正数，可带小数", "0 or more, decimals allowed"),
    "template.rule.text": ("文字", "Text"),
    "template.rule.choice": ("从下拉列表选择：{values}", "One of {values}, from the drop-down"),
    "template.rule.suggest": (
        "文字，常见的有 {values}（可从下拉列表选择，也可填写其他）",
        "Text; common: {values} (others allowed)",
    ),
    "template.rule.bool": ("从下拉列表选择：{true} 或 {false}", "{true} (yes) or {false} (no), from the drop-down"),
    "template.rule.code": (
        "可不填：不填时导入后按类型自动分配（如 SQ01、JG03），以后不会改变",
        "May stay empty: codes are then assigned by kind (SQ01, JG03 …) and never change",
    ),
    "template.rule.aliases": ("其他写法，多个用顿号（、）分隔", "Other names, separated by 、"),
    "template.input_title": ("填写说明", "How to fill in"),
    "template.error_title": ("输入有误", "Invalid entry"),
    "template.error_list": ("请从下拉列表中选择", "Pick a value from the list"),
    "template.error_date": (
        "请输入 1949—2099 年间的日期，如 2025-03-05",
        "Enter a date from 1949 to 2099, e.g. 2025-03-05",
    ),
    "template.error_count": ("请输入 0 或正整数", "Enter 0 or a whole number"),
    "template.error_number": ("请输入 0 或正数", "Enter 0 or a positive number"),
    "template.file_name": ("{ledger}_模板.xlsx", "{ledger}_template.xlsx"),
    "template.written": (
        "已写入模板 {file}（支部下拉列表含 {n} 个党组织）",
        "Template written to {file} ({n} units in the drop-down)",
    ),
    # unit codes (kaohe.ingest.roster): assigned on import when a roster has none, editable by assessors
    "unit.code_bad": (
        "编号「{code}」不合规：只能用字母、数字、连字符或下划线，最多 {limit} 个字符",
        "The code “{code}” is not allowed: letters, digits, hyphens or underscores, at most {limit} characters",
    ),
    "unit.code_unknown": ("没有编号为「{code}」的党组织", "No unit has the code “{code}”"),
    "unit.code_same": (
        "「{name}」的编号已经是 {code}，未做改动",
        "{name} already has the code {code}; nothing changed",
    ),
    "unit.code_taken": ("编号「{code}」已被「{name}」使用", "The code “{code}” is taken by {name}"),
    "unit.code_is_a_name": (
        "编号「{code}」与党组织「{name}」的名称或别名相同，会在导入时混淆",
        "The code “{code}” equals the name or an alias of {name} and would be confused on import",
    ),
    "unit.code_in_use": (
        "「{name}」的编号 {code} 已用于考核评分、加扣分或已发布的结果，不能再修改",
        "The code {code} of {name} is already used by scores, adjustments or a published result and cannot change",
    ),
    "unit.code_done": ("已把「{name}」的编号由 {old} 改为 {new}", "{name}: code changed from {old} to {new}"),
    # ledger fields, shown in the import page's column mapping
    "field.unit_id": ("支部", "Unit"),
    "field.name": ("名称", "Name"),
    "field.kind": ("类型", "Kind"),
    "field.community": ("所属社区", "Community"),
    "field.parent_id": ("上级组织编号", "Parent unit"),
    "field.members": ("党员数", "Members"),
    "field.residents": ("常住人口", "Residents"),
    "field.households": ("户数", "Households"),
    "field.secretary": ("书记", "Secretary"),
    "field.liaison": ("联系领导", "Liaison"),
    "field.active_from": ("成立日期", "Active from"),
    "field.active_to": ("撤销日期", "Active to"),
    "field.aliases": ("别名", "Aliases"),
    "field.service_date": ("服务日期", "Service date"),
    "field.category": ("服务类别", "Category"),
    "field.title": ("内容", "Title"),
    "field.people_served": ("服务群众（人次）", "People served"),
    "field.members_involved": ("参与党员", "Members involved"),
    "field.hours": ("时长（小时）", "Hours"),
    "field.location": ("地点", "Location"),
    "field.meeting_date": ("会议日期", "Meeting date"),
    "field.meeting_type": ("会议类型", "Meeting type"),
    "field.attendees": ("到会人数", "Attendees"),
    "field.members_total": ("应到人数", "Members expected"),
    "field.topic": ("议题", "Topic"),
    "field.received_date": ("受理日期", "Received"),
    "field.closed_date": ("办结日期", "Closed"),
    "field.type": ("类型", "Type"),
    "field.status": ("办理状态", "Status"),
    "field.satisfaction": ("满意度", "Satisfaction"),
    "field.dispute_date": ("登记日期", "Date"),
    "field.summary": ("简要情况", "Summary"),
    "field.resolved": ("是否化解", "Resolved"),
    "field.resolved_date": ("化解日期", "Resolved on"),
    "field.escalated": ("是否上访", "Escalated"),
    # grades
    "grade.excellent": ("优秀", "Excellent"),
    "grade.good": ("良好", "Good"),
    "grade.pass": ("合格", "Pass"),
    "grade.fail": ("不合格", "Fail"),
    # scoring results: column headings of the ranking and indicator lines (kaohe.export, `kaohe score`)
    # what a shown result is (kaohe.results, kaohe.formats): the same words on every page, export and CLI line
    "result.status.published": ("已发布", "Published"),
    "result.status.live": ("实时", "Live"),
    "result.status.provisional": ("预估", "Provisional"),
    "result.published": (
        "已发布：{when} 由 {who} 发布（第 {revision} 次发布），以下为发布时冻结的结果",
        "Published {when} by {who} (revision {revision}); the figures are those frozen then",
    ),
    "result.live": (
        "实时：按现行评分办法和当前数据计算，尚未发布",
        "Live: scored now from the current data under the scheme in force; not published",
    ),
    "result.provisional": ("预估：{why}，得分和等次还会变化", "Provisional: {why}; scores and grades will change"),
    "result.provisional_as_of": (
        "考核期尚未结束，按截至 {as_of} 的台账计算",
        "the period is under way, counted up to {as_of}",
    ),
    "result.provisional_pending": (
        "{n} 项定性评价待评",
        "{n} qualitative scores still to be entered",
    ),
    "result.separator": ("；", "; "),
    "result.drift": (
        "本期结果已于 {when} 发布；此后数据或评分办法有变化，以下实时结果与发布结果不同（各单位以发布结果为准）。",
        "This period was published on {when}; data or the scheme have changed since, so the live figures below "
        "differ from the publication (the publication stands).",
    ),
    "compare.standing": (
        "{grade}　总排名{rank}　{kind}类{rank_in_kind}",
        "{grade} · overall {rank} · among {kind}: {rank_in_kind}",
    ),
    # the kaohe command (kaohe/cli.py): argparse help, in the process's language ($KAOHE_LANG), and printed lines
    "cli.usage_error": ("kaohe: 用法错误：{message}", "kaohe: usage error: {message}"),
    "cli.help.description": ("党支部考核看板 命令行", "Party branch assessment: the command line"),
    "cli.help.db": (
        "数据库文件（默认 $KAOHE_DB 或 data/kaohe.duckdb）",
        "database file (default $KAOHE_DB or data/kaohe.duckdb)",
    ),
    "cli.help.json": ("输出一个 JSON 对象", "print one JSON object"),
    "cli.help.demo": ("用 data/demo/ 的演示台账建立数据库", "build the database from the demo ledgers in data/demo/"),
    "cli.help.import": ("导入台账文件（xlsx/csv）", "import ledger files (xlsx/csv)"),
    "cli.help.map_metavar": ("表头=字段,…", "HEADER=FIELD,…"),
    "cli.help.map": (
        '为表头不被识别的列指定字段，如 "活动名称=title,人次=people_served"（字段写 ignore 表示不导入）',
        'the field of a column whose header is not recognised, e.g. "Activity=title,Attendance=people_served" '
        "(field ignore leaves the column out)",
    ),
    "cli.help.user": ("记入导入记录的操作人", "who is recorded as importing"),
    "cli.help.template": (
        "生成某种台账的空白 xlsx 模板（标准表头、填表说明、下拉选项）",
        "write a blank xlsx template of a ledger (standard headers, instructions, drop-down choices)",
    ),
    "cli.help.template_out": (
        "写入的文件（默认：当前目录下的 <台账>_模板.xlsx）",
        "file to write (default: the ledger's template file in the current folder)",
    ),
    "cli.help.sql": ("只读执行一条 SQL 查询", "run one SQL query, read-only"),
    "cli.help.score": (
        "按评分办法计算考核得分、等次和排名",
        "score the period: points, grades and ranks by the scheme",
    ),
    "cli.help.period": ("考核期，如 2025、2025-H1、2025-Q2", "period, e.g. 2025, 2025-H1, 2025-Q2"),
    "cli.help.scheme_file": (
        "按这个评分办法 TOML 试算（默认：现行评分办法）",
        "try this scheme TOML instead (default: the scheme in force)",
    ),
    "cli.help.as_of": (
        "考核期尚未结束时的统计截止日（默认：已导入台账覆盖的最后一天）",
        "cut-off day of a period under way (default: the last day the imported ledgers cover)",
    ),
    "cli.help.published": (
        "输出已发布（冻结）的结果，而不是实时计算",
        "print the published (frozen) result rather than scoring live",
    ),
    "cli.help.score_out": ("把结果写入 .xlsx、.csv 或 .pdf 文件", "write the result to a .xlsx, .csv or .pdf file"),
    "cli.help.score_issuer": (
        "PDF 上的发文单位（默认：中共陇海马路街道工作委员会）",
        "issuer printed on the PDF (default: the subdistrict's Party Working Committee)",
    ),
    "cli.help.score_json": (
        "输出一个 JSON 对象（每个单位含指标明细）",
        "print one JSON object (each unit with its indicator lines)",
    ),
    "cli.help.checks": (
        "台账可信度检查：列出各单位的疑点、所涉台账行和核实情况",
        "credibility checks: each unit's flags, the ledger rows behind them and their review",
    ),
    "cli.help.checks_json": (
        "输出一个 JSON 对象（每条疑点含全部所涉台账行）",
        "print one JSON object (each flag with all its ledger rows)",
    ),
    "cli.help.report": (
        "把已发布考核期的考核结果通报写成 Word（.docx）或 PDF 文件",
        "write the announcement of a published period as Word (.docx) or PDF",
    ),
    "cli.help.report_period": ("考核期，如 2025", "period, e.g. 2025"),
    "cli.help.report_out": (
        "写入的文件：通报.docx 或 通报.pdf",
        "file to write: announcement.docx or announcement.pdf",
    ),
    "cli.help.report_issuer": (
        "发文单位（默认：中共陇海马路街道工作委员会）",
        "issuer (default: the subdistrict's Party Working Committee)",
    ),
    "cli.help.report_date": ("成文日期（默认：今天）", "date of issue (default: today)"),
    "cli.help.report_number": (
        "发文字号，如 陇街党工〔2026〕3号",
        "document number, as the office numbers its documents",
    ),
    "cli.help.backup": (
        "把数据库一致地备份到备份文件夹（看板运行时请用「数据备份」页面）",
        "back the database up, consistently, to the backup folder (while the app runs, use its Backups page)",
    ),
    "cli.help.backup_out": ("备份文件夹（默认 $KAOHE_BACKUP_DIR）", "backup folder (default $KAOHE_BACKUP_DIR)"),
    "cli.help.restore": (
        "用备份文件替换数据库（需先停止看板；被替换的文件会保留）",
        "replace the database with a backup (stop the app first; the replaced file is kept)",
    ),
    "cli.help.restore_file": ("备份文件（.duckdb）", "backup file (.duckdb)"),
    "cli.help.scheme": (
        "评分办法：导入、列出版本、启用某一版本",
        "schemes: import, list the versions, put one in force",
    ),
    "cli.help.scheme_import": (
        "把评分办法 TOML 存入数据库（该考核期尚无现行版本时即启用）",
        "store a scheme TOML in the database (in force at once if its period has none in force)",
    ),
    "cli.help.scheme_activate_flag": (
        "即使该考核期已有现行版本，也启用这一版本",
        "put this version in force even if the period has one in force",
    ),
    "cli.help.scheme_list": (
        "列出一个考核期的评分办法版本，标出现行版本",
        "list a period's scheme versions, marking the one in force",
    ),
    "cli.help.scheme_activate": (
        "启用一个已保存的版本（可以启用更早的版本）",
        "put a stored version in force (an earlier one too)",
    ),
    "cli.help.scheme_note": ("启用原因（记入操作日志）", "why (written to the audit log)"),
    "cli.help.users": (
        "管理用户账号（有账号后看板需要登录）",
        "manage accounts (once there is one, the app asks to sign in)",
    ),
    "cli.help.users_add": ("新建用户", "add a user"),
    "cli.help.user_name": (
        "登录名（小写字母、数字、点、下划线、连字符）",
        "user name (lower-case letters, digits, dots, underscores, hyphens)",
    ),
    "cli.help.unit": ("支部用户所属党组织编号，如 SQ01", "a branch user's unit code, e.g. SQ01"),
    "cli.help.leader_metavar": ("姓名", "NAME"),
    "cli.help.leader": ("班子成员用户在班子成员联系点名册中的姓名", "a leader user's name in the leaders list"),
    "cli.help.display_name": ("显示的姓名（默认同登录名）", "name shown (default: the user name)"),
    "cli.help.password_stdin": (
        "从标准输入读一行作为密码（不提示）",
        "read the password as one line of stdin (no prompt)",
    ),
    "cli.help.users_disable": ("停用用户并立即结束其所有会话", "disable a user and end all their sessions now"),
    "cli.help.users_enable": ("重新启用用户", "enable a user again"),
    "cli.help.users_unlock": ("解除因密码错误过多而暂停的登录", "lift the sign-in hold after too many wrong passwords"),
    "cli.help.users_passwd": (
        "重设用户密码（其所有会话立即结束）",
        "reset a user's password (ends all their sessions now)",
    ),
    "cli.help.users_list": ("列出全部用户", "list all users"),
    "cli.demo.built": ("演示数据库已建立：{db}", "Demo database built: {db}"),
    "cli.import.summary": (
        "{file}: {ledger} 导入 {loaded} 行，重复 {duplicate}，跳过 {skipped}，退回 {rejected}",
        "{file}: {ledger} loaded {loaded} rows, {duplicate} duplicate, {skipped} skipped, {rejected} rejected",
    ),
    "cli.import.already": (
        "{file}: 此前已导入（SHA-256 相同），未做改动",
        "{file}: imported before (same SHA-256), nothing changed",
    ),
    "cli.import.reject": ("退回 第{row}行：{reason}", "rejected row {row}: {reason}"),
    "cli.import.code": ("{unit_id}\t{name}（{state}）", "{unit_id}\t{name} ({state})"),
    "cli.import.unreadable": ("无法读取文件：{why}", "cannot read the file: {why}"),
    "cli.import.failed": ("{file}: 无法导入：{error}", "{file}: cannot import: {error}"),
    "cli.sql.truncated": ("（结果已截断：只显示前 {n} 行）", "(result cut short: the first {n} rows only)"),
    "cli.password.new": ("新密码：", "New password: "),
    "cli.password.again": ("再输入一次：", "Again: "),
    "cli.users.added": ("已新建用户 {user}（{role}{scope}）", "User {user} added ({role}{scope})"),
    "cli.users.unit": ("，所属党组织 {unit}", ", unit {unit}"),
    "cli.users.leader": ("，班子成员 {leader}", ", leader {leader}"),
    "cli.users.password_reset": (
        "用户 {user} 的密码已重设，其所有会话已结束",
        "Password of {user} reset; their sessions ended",
    ),
    "cli.users.active": ("正常", "active"),
    "cli.users.disabled": ("停用", "disabled"),
    "cli.users.locked": ("锁定", "held"),
    "cli.users.none": (
        "还没有用户：看板以演示模式（本机单用户）运行",
        "No users yet: the app runs in demo mode (one local user)",
    ),
    "cli.scheme.imported": ("已导入评分办法 {scheme}（{name}）{state}", "Scheme {scheme} ({name}) imported{state}"),
    "cli.scheme.in_force": ("，已启用", " and put in force"),
    "cli.scheme.not_in_force": (
        "；该考核期已有现行版本，如需改用请运行 kaohe scheme activate",
        "; the period has a version in force already: kaohe scheme activate switches to this one",
    ),
    "cli.scheme.current": ("考核期 {period} 现行：{scheme}（{name}）", "In force for {period}: {scheme} ({name})"),
    "cli.scheme.version": (
        "第{version}版  {name}  保存人 {by}{mark}",
        "version {version}  {name}  saved by {by}{mark}",
    ),
    "cli.scheme.current_mark": ("  ← 现行", "  ← in force"),
    "cli.scheme.from_file": (
        "（尚未存入数据库：使用文件 {source}）",
        "(not stored in the database yet: read from {source})",
    ),
    "cli.scheme.activated": ("已启用 {scheme}（{name}）", "{scheme} ({name}) put in force"),
    "cli.score.heading": ("{name}　考核期 {period}　共 {n} 个党组织", "{name}  period {period}  {n} units"),
    "cli.written": ("已写入 {path}", "Written to {path}"),
    "cli.checks.heading": (
        "台账可信度检查　考核期 {period}　疑点 {n} 条，其中未核实 {open} 条",
        "Ledger credibility checks  period {period}  {n} flags, {open} not reviewed",
    ),
    "cli.checks.flag": ("【{status}】{unit}（{unit_id}）　{check}", "[{status}] {unit} ({unit_id})  {check}"),
    "cli.checks.review": ("核实：{by}　{note}", "Reviewed by {by}: {note}"),
    "cli.checks.row": ("{file} 第 {row} 行", "{file} row {row}"),
    "cli.checks.more": ("……共 {n} 行（--json 列出全部）", "… {n} rows in all (--json lists every one)"),
    # self-assessment (自评) and shared-task parts (kaohe/self_assessment.py, pages/self_assessment.py)
    "self.no_unit": ("请选择要自评的党组织", "Pick the unit the self-assessment is for"),
    "self.not_weighed": (
        "指标 {indicator} 不计自评分（评分办法中没有 self_weight）",
        "Indicator {indicator} takes no self-assessment (no self_weight in the scheme)",
    ),
    "self.not_open": (
        "考核期 {period} 的自评尚未开放：请等待考核组设置自评截止日",
        "Self-assessment for {period} is not open yet: the assessors set its deadline",
    ),
    "self.closed": ("自评已于 {deadline} 截止，不能再修改", "Self-assessment closed on {deadline}: no more changes"),
    "self.out_of_range": (
        "「{indicator}」的自评分 {score} 应在 0 到 {max} 之间",
        "The self-score {score} for '{indicator}' must be between 0 and {max}",
    ),
    "parts.not_shared": (
        "指标 {indicator} 不是共同任务（评分办法中没有 parts）",
        "Indicator {indicator} is not a shared task",
    ),
    "parts.unknown": (
        "「{part}」不是「{indicator}」的分工（应为 {parts} 之一）",
        "'{part}' is not a part of '{indicator}' (one of {parts})",
    ),
    "page.self_assessment": ("本支部自评", "Self-assessment"),
    "self.page.none": (
        "{period}的评分办法「{scheme}」没有计自评分的指标。",
        "The scheme '{scheme}' for {period} has no indicator that takes a self-assessment.",
    ),
    "self.page.unit": ("党组织", "Unit"),
    "self.page.deadline": ("自评截止日：{deadline}（含当日）", "Open until {deadline} (inclusive)"),
    "self.page.weight": (
        "自评占 {weight}，考核组评分占 {panel}，满分 {max} 分",
        "self-assessment {weight}, assessors {panel}, max {max}",
    ),
    "self.page.score": ("自评分", "Own score"),
    "self.page.comment": ("说明（可选）", "Note (optional)"),
    "self.page.saved_at": ("上次保存：{at}", "Last saved {at}"),
    "self.page.save": ("保存自评", "Save"),
    "self.page.saved": ("已保存。", "Saved."),
    "entry.tab.self_and_parts": ("自评与分工", "Self-assessment and shared tasks"),
    "entry.self.none": (
        "本期评分办法没有计自评分的指标，也没有共同任务。",
        "This scheme has no indicator with a self-assessment and no shared task.",
    ),
    "entry.self.heading": ("支部自评", "Branches' self-assessment"),
    "entry.self.deadline_is": ("自评开放至 {deadline}", "Open until {deadline}"),
    "entry.self.not_open": (
        "自评尚未开放：设置截止日后，支部即可在「本支部自评」页面录入。",
        "Not open yet: set a deadline to open it.",
    ),
    "entry.self.deadline": ("自评截止日", "Deadline"),
    "entry.self.set_deadline": ("保存截止日", "Save the deadline"),
    "entry.self.nothing_yet": ("还没有支部提交自评。", "No branch has entered its self-assessment yet."),
    "entry.self.score": ("自评分", "Own score"),
    "entry.parts.heading": ("共同任务分工", "Parts in shared tasks"),
    "entry.parts.part": ("分工", "Part"),
    "entry.parts.save": ("保存 {n} 处分工", "Save {n} changes"),
    "result.rank": ("第 {rank} 名 / 共 {of} 个", "No. {rank} of {of}"),
    "result.grade_provisional": ("{grade}（预估）", "{grade} (provisional)"),
    "result.pending": ("待评", "To be scored"),
    "app.as_of": ("统计截止日", "Counted up to"),
    "app.as_of_help": (
        "考核期尚未结束：得分按截至此日的台账计算，计数目标按进度折算，此后的月份或季度不计为未完成，"
        "尚未评分的定性指标按本单位已评指标的得分率预估。",
        "The period is under way: scores count the ledgers up to this day, count targets are pro-rated to it, "
        "months or quarters after it are not owed, and qualitative indicators not yet scored are estimated at "
        "the unit's rate on the others.",
    ),
    "score.rank": ("排名", "Rank"),
    "score.rank_in_kind": ("类内排名", "Rank in kind"),
    "score.unit_id": ("编号", "ID"),
    "score.unit": ("党组织", "Unit"),
    "score.kind": ("类型", "Kind"),
    "score.community": ("所属社区", "Community"),
    "score.indicator_total": ("指标得分", "Indicator points"),
    "score.bonus": ("加分", "Bonus"),
    "score.deduction": ("扣分", "Deduction"),
    "score.total": ("总分", "Total"),
    "score.grade": ("等次", "Grade"),
    "score.grade_before_quota": ("名额限制前等次", "Grade before quota"),
    "score.quota_position": ("名额排序", "Quota order"),
    "score.vetoed": ("一票否决", "Vetoed"),
    "score.grade_vetoed": ("{grade}（一票否决）", "{grade} (vetoed)"),
    "score.veto_reason": ("否决原因", "Veto reason"),
    "score.dimension": ("维度", "Dimension"),
    "score.indicator_id": ("指标编号", "Indicator ID"),
    "score.indicator": ("指标", "Indicator"),
    "score.rule": ("计分规则", "Rule"),
    "score.max_points": ("满分", "Max points"),
    "score.target": ("目标", "Target"),
    "score.actual": ("实际", "Actual"),
    "score.points": ("得分", "Points"),
    "score.points_lost": ("失分", "Points lost"),
    "score.weighted_points": ("折算得分", "Weighted points"),
    "score.explanation": ("计分说明", "Explanation"),
    "score.type": ("类型", "Type"),
    "score.category": ("类别", "Category"),
    "score.level": ("级别", "Level"),
    "score.reason": ("事由", "Reason"),
    "score.evidence": ("佐证", "Evidence"),
    "score.item_points": ("分值", "Points"),
    "score.counted": ("是否计分", "Counted"),
    "score.sheet.ranking": ("排名", "Ranking"),
    "score.sheet.lines": ("指标明细", "Indicator details"),
    "score.sheet.adjustments": ("加扣分", "Adjustments"),
    "score.result_hash": ("结果校验码", "Result hash"),
    # rule types of the scoring method
    "rule.ratio": ("按完成率计分", "Ratio to target"),
    "rule.linear": ("围绕目标线性加减", "Linear around target"),
    "rule.ladder": ("分档计分", "Ladder"),
    "rule.all_or_nothing": ("完成得满分", "All or nothing"),
    "rule.deduct_per_item": ("缺项扣分", "Deduction per missing item"),
    "rule.per_item_credit": ("按次计分", "Credit per item"),
    "rule.per_incident": ("按事件扣分", "Deduction per incident"),
    "rule.qualitative": ("定性评议", "Qualitative"),
    "rule.rank_points": ("名次赋分", "Points by rank"),
    # the measures a scheme can score (kaohe/measures.py)
    "measure.service_count": ("便民服务次数", "Services held"),
    "measure.people_served": ("服务群众人次", "People served"),
    "measure.meeting_count": ("会议次数", "Meetings held"),
    "measure.meeting_missing_periods": ("未按期召开的月份或季度", "Months or quarters without the meeting"),
    "measure.meeting_attendance_rate": ("参会率", "Attendance rate"),
    "measure.case_count": ("诉求与实事件数", "Cases"),
    "measure.case_closure_rate": ("办结率", "Closure rate"),
    "measure.case_satisfaction_rate": ("群众满意率", "Satisfaction rate"),
    "measure.dispute_resolution_rate": ("矛盾纠纷化解率", "Dispute resolution rate"),
    "measure.dispute_incidents": ("信访稳定事件", "Stability incidents"),
    # why a line scored what it did (kaohe.rules explain, kaohe.scoring.explain_line)
    "explain.ratio": (
        "实际 {actual} ÷ 目标 {target} = {share}（最多计 {cap}%）× 满分 {max}",
        "actual {actual} ÷ target {target} = {share} (counted up to {cap}%) × {max}",
    ),
    "explain.linear": (
        "实际 {actual}，目标 {target} 得 {base} 分，每高（低）{step} 加（减）{per_step} 分，在 0 至 {max} 分之间",
        "actual {actual}; {base} points at the target {target}, ±{per_step} per {step} above or below, within 0–{max}",
    ),
    "explain.linear_step_rate": ("{step} 个百分点", "{step} percentage points"),
    "explain.ladder": (
        "实际 {actual} ÷ 目标 {target} = {share}，按档次计分",
        "actual {actual} ÷ target {target} = {share}, by step",
    ),
    "explain.ladder_plain": ("实际 {actual}，按档次计分", "actual {actual}, by step"),
    "explain.all_or_nothing": (
        "实际 {actual}，要求 {target}，已完成，得满分",
        "actual {actual}, required {target}: done, full points",
    ),
    "explain.all_or_nothing_missed": (
        "实际 {actual}，要求 {target}，未完成，不得分",
        "actual {actual}, required {target}: not done, no points",
    ),
    "explain.deduct_per_item": (
        "缺 {actual} 项，每项扣 {per_item} 分，扣完为止",
        "{actual} missing, {per_item} each, not below 0",
    ),
    "explain.per_item_credit": (
        "{actual} 项，每项 {per_item} 分，最多 {max} 分",
        "{actual} items, {per_item} each, at most {max}",
    ),
    "explain.per_incident": ("{items}，扣完为止", "{items}, not below 0"),
    "explain.per_incident_none": ("无扣分事项", "no incidents"),
    "explain.incident": ("{category} {n} 起 × {per}", "{category} {n} × {per}"),
    "explain.separator": ("，", ", "),
    "explain.rank_points": (
        "在{within}中排第 {rank} 名（共 {of} 个），第一名 {first} 分，每降一个名次减 {per_rank} 分",
        "rank {rank} of {of} among {within}: {first} for the first, {per_rank} less per place",
    ),
    "explain.qualitative": ("{n} 名考核组成员评分的平均", "mean of {n} assessors' scores"),
    "explain.qualitative_trimmed": (
        "{n} 名考核组成员评分，去掉最高分和最低分后平均",
        "{n} assessors' scores, highest and lowest dropped, averaged",
    ),
    "explain.self": (
        "；自评 {self_score} 分占 {own}，考核组评分 {panel_score} 分占 {panel}",
        "; self-assessment {self_score} weighs {own}, the assessors' {panel_score} weighs {panel}",
    ),
    "explain.self_missing": ("；未自评，自评部分（占 {own}）计 0 分", "; no self-assessment: its {own} counts 0"),
    "explain.pending": ("待评：尚无考核组评分，暂计 0 分", "to be scored: no assessor's score yet, 0 for now"),
    "explain.pending_estimated": (
        "待评：尚无考核组评分，按本单位已评指标得分率 {rate} 预估",
        "to be scored: estimated at the unit's rate on the scored indicators, {rate}",
    ),
    "explain.not_required": ("本单位类型不作要求，得满分", "not required of this kind of unit: full points"),
    "explain.not_due": ("截至统计截止日尚未到期，暂计满分", "nothing due yet at the cut-off: full points for now"),
    "explain.no_basis": (
        "名册缺少计算目标所需的常住人口或户数，无法计分",
        "the roster lacks the residents or households the target is reckoned from: no points",
    ),
    "explain.no_data.zero": ("无数据，得 0 分", "no data: 0 points"),
    "explain.no_data.full": ("无数据，按满分计", "no data: full points"),
    "explain.part": ("；{part} ×{multiplier}", "; {part} ×{multiplier}"),
    "explain.points": ("，得 {points} 分", ", {points} points"),
    "explain.weighted": ("（折算 ×{factor} = {weighted} 分）", " (weighted ×{factor} = {weighted})"),
    # a weighted max that took or gave a cent so that its dimension adds up (kaohe.scoring.weighted_maxima)
    "explain.weighted_settled": (
        "（折算：满分 {max} 分计 {weighted_max} 分，得 {weighted} 分）",
        " (weighted: the full {max} points count as {weighted_max}; {weighted})",
    ),
    "adjustment.bonus": ("加分", "Bonus"),
    # a window without the meeting a deduct_per_item indicator asks for, among the rows behind it (scoring.lineage)
    "lineage.missed": ("{window} 未召开{meeting_type}", "{window}: no {meeting_type} held"),
    "lineage.missed_category": ("未召开", "Not held"),
    # why an adjustment item counts as it does (kaohe.scoring.adjustment_explanations)
    "adjustment.explain.unknown_category": (
        "评分办法中没有「{category}」这一类别，不计分",
        "The scheme has no category “{category}”: not counted",
    ),
    "adjustment.explain.veto": ("一票否决：{category}", "Veto: {category}"),
    "adjustment.explain.best_only": ("同类只取最高一项，本项不重复计分", "Only the best item of the category counts"),
    "adjustment.explain.capped": (
        "{points} 分，本类别最多计 {cap} 分，计 {counted} 分",
        "{points} points; the category counts at most {cap}: {counted} counted",
    ),
    "adjustment.explain.level": ("{level}，{points} 分", "{level}, {points} points"),
    "adjustment.explain.points": ("{points} 分", "{points} points"),
    "adjustment.deduction": ("扣分", "Deduction"),
    "adjustment.veto": ("一票否决", "Veto"),
    # scorecard page (考核评分)
    "scorecard.caption": (
        "{period}　按《{scheme}》评分。点击表格中的一行（或在下方选择）查看该党组织的评分卡。",
        "{period}, scored under {scheme}. Click a row (or choose below) to open a unit's card.",
    ),
    "scorecard.no_scheme": (
        "{period}还没有评分办法：考核组可在「考核设置」中从上一考核期复制，或用 `kaohe scheme import` 导入评分办法文件"
        "（格式见 docs/scheme.md）；也可在左侧换一个考核期。",
        "No scoring method for {period}: assessors can copy last period's on the Scheme page, or import a scheme file "
        "with `kaohe scheme import` (see docs/scheme.md); or pick another period.",
    ),
    "scorecard.scheme_error": ("评分办法有误，无法评分：{message}", "The scoring method has errors: {message}"),
    "scorecard.cannot_score": ("无法评分：{message}", "Cannot score: {message}"),
    "scorecard.not_published": (
        "{period}的考核结果尚未公布，公布后即可在此查看。",
        "The results for {period} are not published yet.",
    ),
    "scorecard.kind": ("支部类型", "Unit kind"),
    "scorecard.all": ("全部", "All"),
    "scorecard.community": ("所属社区", "Community"),
    "scorecard.search": ("搜索名称或编号", "Search name or ID"),
    "scorecard.search_placeholder": ("如：社区、SQ01", "e.g. 社区, SQ01"),
    "scorecard.count": ("显示 {shown} / {total} 个党组织", "Showing {shown} of {total} units"),
    "scorecard.no_match": (
        "没有符合筛选条件的党组织：请清除搜索词或放宽筛选。",
        "No unit matches: clear the search or widen the filters.",
    ),
    "scorecard.unit": ("查看党组织", "Unit"),
    "scorecard.pick_unit": (
        "在上表中点击一行，或在此选择一个党组织查看其评分卡。",
        "Click a row above or choose a unit here to open its card.",
    ),
    "scorecard.card_caption": (
        "{kind}　总分 {total}　{grade}　总排名{rank}　{kind}类{rank_in_kind}",
        "{kind} · total {total} · {grade} · overall {rank} · among {kind}: {rank_in_kind}",
    ),
    "scorecard.vetoed": ("一票否决：{reason}", "Vetoed: {reason}"),
    "scorecard.lines": ("逐项得分", "Points by indicator"),
    "scorecard.chart_completion": ("目标完成情况（实际 ÷ 目标）", "Actual against target"),
    "scorecard.completion": ("完成率", "Completion"),
    "scorecard.target_line": ("目标", "Target"),
    "scorecard.chart_waterfall": ("得分与失分（满分 {full} 分）", "Points earned and lost (out of {full})"),
    "scorecard.full_marks": ("满分", "Full marks"),
    "scorecard.chart_monthly": ("每月工作量（{period}）", "Activity per month ({period})"),
    "scorecard.monthly_empty": ("{period}没有该党组织的台账记录。", "No ledger rows for this unit in {period}."),
    "scorecard.comments": ("考核组评语", "Assessors' comments"),
    "scorecard.no_comments": ("考核组没有填写评语。", "No comments from the assessors."),
    "scorecard.adjustments": ("加分、扣分与一票否决", "Bonus, deductions and veto"),
    "scorecard.no_adjustments": (
        "本考核期没有加分、扣分或一票否决事项。",
        "No bonus, deduction or veto items in this period.",
    ),
    "scorecard.lineage": ("计分依据：原始台账行", "Source rows behind an indicator"),
    "scorecard.lineage_indicator": ("选择指标或加扣分项", "Indicator or adjustment"),
    "scorecard.lineage_count": ("共 {n} 行", "{n} rows"),
    "scorecard.lineage_empty": (
        "该项没有对应的原始记录（实际值为 0，或该项不按台账计算）。",
        "No source rows behind this item.",
    ),
    "scorecard.download_csv": ("下载 CSV", "Download CSV"),
    "scorecard.download_xlsx": ("下载 Excel", "Download Excel"),
    "scorecard.activity.services": ("便民服务", "Services"),
    "scorecard.activity.meetings": ("组织生活", "Meetings"),
    "scorecard.activity.errands": ("网格代办", "Errands"),
    "scorecard.activity.deeds": ("办实事", "Practical deeds"),
    "scorecard.activity.disputes": ("矛盾纠纷", "Disputes"),
    "lineage.note": ("疑点说明", "Why flagged"),
    "lineage.source_file": ("来源文件", "Source file"),
    "lineage.source_row": ("原表行号", "Row in file"),
    "lineage.row_date": ("日期", "Date"),
    "lineage.detail": ("内容", "Detail"),
    "lineage.category": ("类别", "Category"),
    "lineage.numerator": ("计入分子", "Numerator"),
    "lineage.denominator": ("计入分母", "Denominator"),
    "lineage.assessor": ("考核人", "Assessor"),
    "lineage.score": ("分数", "Score"),
    "lineage.level": ("等次", "Level"),
    "lineage.points": ("得分", "Points"),
    "lineage.comment": ("评语", "Comment"),
    "lineage.kept": ("计入平均", "Counted"),
    "lineage.reason": ("事由", "Reason"),
    "lineage.evidence": ("佐证", "Evidence"),
    "lineage.in_force": ("有效", "In force"),
    "lineage.entered_at": ("录入时间", "Entered at"),
    "lineage.entered_by": ("录入人", "Entered by"),
    "lineage.adjustment_id": ("编号", "ID"),
    "lineage.supersedes": ("更正编号", "Corrects"),
    "lineage.withdrawn": ("已撤回", "Withdrawn"),
    "score.weighted_max": ("折算满分", "Weighted max"),
    "chart.points": ("分数", "Points"),
    "chart.indicator": ("指标", "Indicator"),
    # comparison page (对比分析)
    "compare.caption": (
        "{period}　党组织之间，或同一党组织与上年同期的对比",
        "{period}: units side by side, or a unit against a year earlier",
    ),
    "compare.mode": ("对比方式", "Compare"),
    "compare.mode.units": ("多个党组织", "Several units"),
    "compare.mode.years": ("与上年同期", "With a year earlier"),
    "compare.units": ("选择党组织（至少两个）", "Units (two or more)"),
    "compare.unit": ("选择党组织", "Unit"),
    "compare.pick_two": ("请至少选择两个党组织。", "Choose at least two units."),
    "compare.no_prior": (
        "{prior}无法评分，不能与上年对比：{reason}",
        "{prior} cannot be scored, so there is nothing to compare with: {reason}",
    ),
    "compare.not_in_prior": ("{unit}在{prior}没有考核结果。", "{unit} has no result in {prior}."),
    "compare.radar": ("各维度得分率", "Share of each dimension's points"),
    "compare.score_rate": ("得分率", "Share of points"),
    "compare.dimensions": ("各维度得分", "Points by dimension"),
    "compare.indicators": ("逐项得分对比", "Points by indicator"),
    "compare.total": ("总分", "Total"),
    "compare.max": ("满分", "Max"),
    # overview additions: grades, top and bottom, pace
    "overview.grades": ("等次分布", "Grades"),
    "overview.grades_caption": ("按《{scheme}》评分，共 {n} 个党组织。", "Scored under {scheme}: {n} units."),
    "overview.grade_count": ("{n} 个", "{n}"),
    "overview.top": ("排名前五", "Top five"),
    "overview.bottom": ("排名后五", "Bottom five"),
    "overview.goto_scorecard": ("查看考核评分", "Open the scorecard"),
    "overview.flags": ("台账疑点核实", "Ledger flags to review"),
    "overview.flags_caption": (
        "发布前请逐条核实：下列单位的台账有未核实的疑点（期末突击、复制粘贴、不可能的数值、过于规整）。"
        "在「考核评分」页打开单位，对照所涉台账行标为“已核实”或“需整改”。",
        "Review these before publishing: the units below have ledger flags nobody has reviewed (bursts, copies, "
        "impossible values, regularity). Open the unit on the scorecard and mark each verified or to be put right.",
    ),
    "overview.flags_caption_published": (
        "本考核期已发布；下列单位的台账仍有未核实的疑点，如核实后需更正，请更正数据后重新发布。",
        "This period is published; the units below still have flags nobody has reviewed. If a review calls for a "
        "correction, correct the data and publish again.",
    ),
    "overview.flags_none": ("{period}的台账检查没有发现疑点。", "The checks found no flags in {period}."),
    "overview.flags_all_reviewed": ("{n} 条疑点均已核实。", "All {n} flags have been reviewed."),
    "overview.flags_col.unit": ("党组织", "Unit"),
    "overview.flags_col.open": ("未核实", "Not reviewed"),
    "overview.flags_col.flags": ("疑点", "Flags"),
    "overview.flags_col.checks": ("未核实的疑点", "Flags not reviewed"),
    "overview.flags_goto": ("到「考核评分」逐条核实", "Review them on the scorecard"),
    "overview.pace": ("进度预警", "Pace"),
    # 本支部: a branch user's own standing, first on its home page (kaohe.own_unit)
    "own.title": ("本支部：{unit}", "My branch: {unit}"),
    "own.not_published": (
        "{period}的考核结果尚未公布，公布后这里显示本支部的排名和等次。",
        "The results of {period} are not published yet; your branch's rank and grade appear here once they are.",
    ),
    "own.not_scored": ("{period}的考核结果中没有本支部。", "Your branch is not in the results of {period}."),
    "own.substitute": (
        "{period}的考核结果尚未公布，下面是已公布的 {shown}结果。",
        "The results of {period} are not published yet; these are the published results of {shown}.",
    ),
    "own.rank": ("排名（共 {of} 个）", "Rank (of {of})"),
    "own.lost": ("失分最多的指标", "Where most points were lost"),
    "own.lost_line": ("{indicator}：失 {lost} 分（满分 {max} 分）", "{indicator}: {lost} lost of {max}"),
    "own.goto_scorecard": ("查看本支部的考核评分", "Open your branch's scorecard"),
    "own.pace": ("{year}进度（截至 {as_of}）", "Pace in {year} (as of {as_of})"),
    "own.pace_none": ("本年没有按进度考核的数量目标。", "No count targets to pace this year."),
    "own.items": ("未销号的整改事项（{n} 项）", "Rectification items still open ({n})"),
    "own.item_overdue": ("{status}，已逾期", "{status}, overdue"),
    "overview.pace_caption": (
        "截至 {as_of}：数量目标按年内进度（均匀或按月、按季分解）应完成的量与实际相比，"
        "≥95% 为正常，85%–95% 为滞后，低于 85% 为预警。",
        "As of {as_of}: actual against the share of each count target due by now; at least 95% is on track, "
        "85–95% behind, below 85% an alert.",
    ),
    "overview.pace_all_ok": ("截至 {as_of}，所有党组织都跟上了进度。", "As of {as_of}, every unit keeps pace."),
    "overview.pace_empty": ("{period}没有台账记录，无法计算进度。", "No ledger rows in {period} to pace."),
    "overview.pace_closed": (
        "{period}已结束，各项目标的完成情况见「考核评分」；进度预警针对进行中的考核期，请在左侧选择「{current}」查看。",
        "{period} is over: see the scorecard for what was reached. Pace is for a period under way: pick {current}.",
    ),
    "pace.status.met": ("达标", "Met"),
    "pace.status.on_track": ("正常", "On track"),
    "pace.status.behind": ("滞后", "Behind"),
    "pace.status.alert": ("预警", "Alert"),
    "pace.unit": ("党组织", "Unit"),
    "pace.status": ("进度", "Pace"),
    "pace.ratio": ("最低完成进度", "Lowest progress"),
    "pace.indicators": ("滞后指标", "Lagging indicators"),
    # one unit's pace, indicator by indicator (the overview's pace alerts opened, a branch's own card)
    "pace.col.indicator": ("指标", "Indicator"),
    "pace.col.target": ("目标", "Target"),
    "pace.col.expected": ("应完成", "Due by now"),
    "pace.col.actual": ("实际", "Done"),
    "pace.col.gap": ("差额", "Gap"),
    "pace.col.status": ("进度", "Pace"),
    "overview.pace_pick": ("查看某个党组织各项指标的进度", "Open a unit's pace by indicator"),
    "overview.pace_pick_placeholder": ("点表中一行，或在此选择党组织", "Click a row above or pick a unit"),
    "overview.pace_open_card": ("打开「{unit}」的考核评分", "Open the scorecard of {unit}"),
    # exports (kaohe.export, kaohe.export_xlsx, kaohe.export_pdf, pages/exports.py)
    "page.exports": ("导出", "Exports"),
    "export.title": ("{period}党组织考核结果", "Assessment results, {period}"),
    "export.period_line": ("考核期：{period}", "Period: {period}"),
    "export.scheme_line": ("评分办法：{name}（第{version}版）", "Scheme: {name} (version {version})"),
    "export.status.live": ("未发布（按当前数据实时计算）", "Not published (computed from the current data)"),
    "export.status.published": ("已发布（{who}，{at}）", "Published ({who}, {at})"),
    "export.generated": ("导出时间：{at}　导出人：{who}", "Exported {at} by {who}"),
    "export.hash_line": ("结果校验码：{hash}", "Result hash: {hash}"),
    "export.bad_format": (
        "无法导出到 {name}：文件类型应为 {formats} 之一",
        "Cannot export to {name}: the file type should be one of {formats}",
    ),
    "export.file.stem": ("考核结果", "assessment"),
    "export.file.live": ("实时", "live"),
    "export.file.published": ("已发布", "published"),
    "export.file.provisional": ("预估", "provisional"),
    "export.sheet.method": ("评分办法", "Method"),
    "export.sheet.quality": ("数据质量", "Data quality"),
    "export.sheet.comments": ("评语", "Comments"),
    "export.footer": ("第 &P 页，共 &N 页", "Page &P of &N"),
    "export.comment.unit_id": ("编号", "ID"),
    "export.comment.unit": ("党组织", "Unit"),
    "export.comment.indicator": ("指标", "Indicator"),
    "export.comment.assessor": ("考核人", "Assessor"),
    "export.comment.score": ("分数", "Score"),
    "export.comment.level": ("等次", "Level"),
    "export.comment.comment": ("评语", "Comment"),
    "export.import.imported_at": ("导入时间", "Imported at"),
    "export.import.file_name": ("文件名", "File"),
    "export.import.ledger": ("台账", "Ledger"),
    "export.import.rows_read": ("读取行数", "Rows read"),
    "export.import.rows_loaded": ("导入行数", "Rows loaded"),
    "export.import.rows_skipped": ("跳过行数", "Rows skipped"),
    "export.import.rows_duplicate": ("重复行数", "Duplicates"),
    "export.import.rows_rejected": ("退回行数", "Rows rejected"),
    "export.import.imported_by": ("操作人", "Imported by"),
    "export.reject.source_file": ("文件名", "File"),
    "export.reject.ledger": ("台账", "Ledger"),
    "export.reject.source_row": ("原表行号", "Row in file"),
    "export.reject.reason": ("退回原因", "Reason"),
    "export.reject.raw": ("原始内容", "Raw values"),
    "export.quality.imports": ("导入记录（共 {n} 个文件）", "Imports ({n} files)"),
    "export.quality.rejects": ("退回行（共 {n} 行，未计入考核）", "Rejected rows ({n}, not counted)"),
    "export.quality.no_rejects": ("没有退回行。", "No rejected rows."),
    "export.quality.scoped": (
        "数据质量明细仅向可查看全部单位的用户提供。",
        "Data-quality details are shown only to users who see every unit.",
    ),
    "export.method.notes": ("其他规定", "Other rules"),
    "export.method.topic": ("项目", "Topic"),
    "export.method.rule": ("规定", "Rule"),
    "export.pdf.ranking": ("考核排名", "Ranking"),
    "export.pdf.grade_summary": ("等次汇总", "Grades"),
    "export.pdf.grade_count": ("{grade} {n} 个", "{grade}: {n}"),
    "export.pdf.vetoed": ("一票否决 {n} 个", "vetoed: {n}"),
    "export.pdf.units_total": ("共 {n} 个党组织", "{n} units"),
    "export.pdf.signatures": ("考核组成员签字：", "Assessment group members (signatures):"),
    "export.pdf.date": ("日期：　　　　年　　月　　日", "Date:"),
    "export.pdf.card": ("考核成绩单", "Report card"),
    "export.pdf.card_head": (
        "类型：{kind}　所属社区：{community}　总排名：{rank}　类内排名：{rank_in_kind}",
        "Kind: {kind}   Community: {community}   Overall: {rank}   In kind: {rank_in_kind}",
    ),
    "export.pdf.total": ("总分", "Total"),
    "export.pdf.grade": ("等次", "Grade"),
    "export.pdf.dimensions": ("各维度得分", "Dimension scores"),
    "export.pdf.dimension_max": ("满分", "Max"),
    "export.pdf.indicators": ("各指标得分（得分／满分）", "Indicator points (points / max)"),
    "export.pdf.adjustments": ("加扣分及一票否决", "Bonus, deduction and veto"),
    "export.pdf.no_adjustments": ("无", "None"),
    "export.pdf.comments": ("考核组评语", "Assessors' comments"),
    "export.pdf.no_comments": ("无", "None"),
    "export.pdf.comments_hidden": ("（评语不在本导出范围内）", "(comments are not part of this export)"),
    "export.pdf.more_comments": ("……另有 {n} 条评语，见 Excel 导出的「评语」工作表", "… {n} more in the workbook"),
    "export.pdf.page": ("第 {page} 页 共 {pages} 页", "Page {page} of {pages}"),
    "export.page.caption": (
        "{period}的考核结果：Excel 为主要格式（含排名、指标明细、评分办法和数据质量），另有 CSV 排名和可打印的 PDF。",
        "Results for {period}: Excel is the main format (ranking, details, method, data quality); also CSV and PDF.",
    ),
    "export.page.source": ("导出哪个结果", "Which result"),
    "export.page.source.live": ("当前数据实时计算的结果", "Live result from the current data"),
    "export.page.source.published": ("已发布的结果", "Published result"),
    "export.page.no_published": (
        "{period}还没有发布过考核结果：只能导出实时计算的结果。",
        "No published result for {period}: only the live result can be exported.",
    ),
    "export.page.error": ("无法计算考核结果", "Cannot score this period"),
    "export.page.summary": (
        "{n} 个党组织，评分办法：{scheme}，结果校验码 {hash}",
        "{n} units, scheme {scheme}, result hash {hash}",
    ),
    "export.page.xlsx": ("下载 Excel 工作簿", "Download Excel workbook"),
    "export.page.csv": ("下载 CSV 排名", "Download CSV ranking"),
    "export.page.pdf": ("下载 PDF 报告", "Download PDF report"),
    "export.page.comments_note": (
        "导出中不含考核组评语和佐证（当前角色无权查看）。",
        "Exports leave out comments and evidence (your role may not see them).",
    ),
    "export.page.denied": ("当前角色无权导出考核结果。", "Your role may not export results."),
    "export.page.working": ("正在准备导出…", "Preparing the export…"),
    "export.page.units": ("党组织数", "Units"),
    # the method sheet: rules in words, generated from the scheme's numbers
    "method.col.dimension": ("维度", "Dimension"),
    "method.col.indicator": ("指标", "Indicator"),
    "method.col.rule": ("计分规则", "Rule"),
    "method.col.max_points": ("满分", "Max points"),
    "method.col.weighted_max": ("折算后满分", "Weighted max"),
    "method.col.targets": ("目标（按单位类型）", "Targets by unit kind"),
    "method.col.words": ("计分方法", "How points are made"),
    "method.col.description": ("说明", "Note"),
    "method.separator": ("；", "; "),
    "method.target.not_required": ("不作要求（得满分）", "not required (full points)"),
    "method.target.per_member": ("每名党员 {value}", "{value} per member"),
    "method.target.other_kinds": ("其他", "others"),
    "method.rule.ratio": (
        "得分 = {max} 分 × 完成率（实际 ÷ 目标），完成率最高按 {cap} 计",
        "points = {max} × actual ÷ target, the ratio counted up to {cap}",
    ),
    "method.rule.linear": (
        "达到目标得 {base} 分，每高（低）{step} 加（减）{per_step} 分，在 0 至 {max} 分之间",
        "{base} points at the target, ±{per_step} per {step} above or below, within 0–{max}",
    ),
    "method.rule.ladder": ("按档计分（满分 {max} 分）：{steps}；低于最低一档不得分", "ladder (max {max}): {steps}"),
    "method.ladder_step": ("达到 {threshold} 得 {points} 分", "≥ {threshold}: {points}"),
    "method.rule.all_or_nothing": ("完成目标得 {max} 分，未完成不得分", "{max} points when the target is met, else 0"),
    "method.rule.deduct_per_item": (
        "满分 {max} 分，每缺一项扣 {per_item} 分，扣完为止",
        "{max} points less {per_item} per missing item, not below 0",
    ),
    "method.rule.per_item_credit": (
        "每完成一项得 {per_item} 分，最多 {max} 分",
        "{per_item} points per item, at most {max}",
    ),
    "method.rule.per_incident": (
        "满分 {max} 分，每起事件按类别扣分（{severities}），扣完为止",
        "{max} points less, per incident, {severities}; not below 0",
    ),
    "method.rule.qualitative": ("考核组评分，满分 {max} 分，取平均分", "assessors' mean score, max {max}"),
    "method.qualitative_levels": ("；按等次计分：{levels}", "; levels: {levels}"),
    "method.qualitative_trim": (
        "；{n} 人以上评分时去掉一个最高分和一个最低分",
        "; from {n} assessors on, the highest and lowest are dropped",
    ),
    "method.rule.rank_points": (
        "按{within}中的名次计分：第一名 {first} 分，以后每降一个名次减 {per_rank} 分，最低 {floor} 分（满分 {max} 分）",
        "by rank among {within}: {first} for the first, {per_rank} less per place, at least {floor} (max {max})",
    ),
    "method.rank_first_max": ("满分", "full points"),
    "method.rank_within.all": ("全部参评单位", "all units scored"),
    "method.rank_within.kind": ("同类单位", "units of the same kind"),
    "method.qualitative_self": (
        "；自评占 {own}，考核组评分占 {panel}",
        "; self-assessment {own}, assessors {panel}",
    ),
    "method.parts": ("；共同任务按分工折算：{parts}", "; shared task by part: {parts}"),
    "method.uncapped.bonus": ("加分上不封顶：", "Bonus without a cap: "),
    "method.uncapped.deduction": ("扣分上不封顶：", "Deductions without a cap: "),
    "method.category.cap": ("，本类最多 {cap} 分", ", at most {cap} in all"),
    "method.no_data_full": ("；没有可计算的数据时得满分", "; full points when there is nothing to measure"),
    "method.component": ("{name}占 {weight}（指标满分合计 {max} 分）", "{name} {weight} (indicators' max {max})"),
    "method.topic.components": ("总分构成", "Weighting"),
    "method.cap.bonus": ("加分最多 {cap} 分：", "Bonus up to {cap}: "),
    "method.cap.deduction": ("扣分最多 {cap} 分：", "Deductions up to {cap}: "),
    "method.category.fixed": ("每项 {points} 分", "{points} each"),
    "method.category.up_to": ("每项 0 至 {points} 分", "0–{points} each"),
    "method.combine.sum": ("累计", "cumulative"),
    "method.combine.max": ("取最高一项", "best item only"),
    "method.veto": ("出现以下情形之一的，直接定为最低等次：{items}", "Any of these forces the lowest grade: {items}"),
    "method.topic.grades": ("等次", "Grades"),
    "method.topic.quota": ("名额限制", "Quota"),
    "method.quota": (
        "{grade}等次不超过参评单位的 {share}（向下取整），超出的按总分和同分排序顺延到下一等次",
        "At most {share} of units (rounded down) may be {grade}; the rest move one grade down",
    ),
    "method.topic.tie_break": ("同分排序", "Tie break"),
    "method.tie_break.dimension": ("{dimension}得分高者在前", "higher {dimension} first"),
    "method.tie_break.name": ("按单位名称排序", "by unit name"),
    "method.topic.total": ("总分", "Total"),
    "method.total": (
        "总分 = 各指标折算得分之和 + 加分（不超过上限）− 扣分（不超过上限），最低为 0",
        "total = weighted points + bonus (capped) − deductions (capped), not below 0",
    ),
    "method.topic.rank": ("排名", "Ranking"),
    "method.rank": (
        "一票否决的单位排在最后，其余按总分从高到低，总分相同名次相同；类内排名在同类型单位中计算",
        "vetoed units last, others by total, equal totals share a rank; rank in kind within each unit kind",
    ),
    # assessors' workflow: scheme settings, assessment entry, publishing, audit log
    "page.scheme_settings": ("考核设置", "Scheme and targets"),
    "page.entry": ("考核录入", "Assessment entry"),
    "page.publish": ("结果发布", "Publishing"),
    "page.audit": ("操作日志", "Audit log"),
    "settings.table": ("本期评分办法", "This period's scoring method"),
    "settings.from_file": (
        "尚未保存到数据库，当前使用评分办法文件 {file}；第一次保存修改时，该文件内容作为第 1 版一并保存。",
        "Not stored yet: the scheme file {file} is in force; the first saved edit stores it as version 1 too.",
    ),
    "settings.col.indicator_id": ("指标编号", "Indicator ID"),
    "settings.col.indicator": ("指标", "Indicator"),
    "settings.col.dimension": ("考核维度", "Dimension"),
    "settings.col.rule": ("计分规则", "Rule"),
    "settings.col.description": ("评分办法说明", "Rule in words"),
    "settings.col.max_points": ("满分", "Max points"),
    "settings.col.target": ("目标", "Target"),
    "settings.other_kinds": ("其他类型", "Other kinds"),
    "settings.pools": ("加分{bonus}，扣分{deduction}。", "Bonus {bonus}, deductions {deduction}."),
    "pool.cap": ("最多 {cap} 分", "at most {cap} points"),
    "pool.uncapped": ("上不封顶", "without an upper limit"),
    "settings.edit": ("修改目标与分值", "Edit targets and points"),
    "settings.edit_hint": (
        "直接在表格中修改满分和各类型单位的目标：填数字（如 24 或 0.95），按党员人数定目标的填「每名党员数量/人」"
        "（如 1.6/人），留空表示该类型不单独设目标。保存后生成新版本，旧版本保留。",
        "Edit max points and targets by unit kind: a number (24 or 0.95), or per party member as '1.6/member'; "
        "blank means no own target for that kind. Saving creates a new version; older ones are kept.",
    ),
    "settings.invalid": ("有 {n} 处需要修改后才能保存：", "{n} problems to fix before saving:"),
    "settings.no_changes": ("没有改动。", "No changes."),
    "settings.save": ("保存为第 {version} 版", "Save as version {version}"),
    "settings.saved": ("已保存为第 {version} 版。", "Saved as version {version}."),
    "settings.per_member": ("{value}/人", "{value}/member"),
    # refusals of the settings page (kaohe.workflow)
    "settings.error.no_scheme": (
        "考核期 {period} 还没有评分办法：请在「考核设置」中从上一考核期复制",
        "Period {period} has no scheme yet: copy the previous period's on the Scheme settings page",
    ),
    "settings.error.already_in_force": ("{scheme} 已经是现行评分办法", "{scheme} is already in force"),
    "settings.error.target_text": (
        "「{text}」应为数字（如 24 或 0.95）或「每名党员的数量/人」（如 1.6/人）",
        "“{text}” must be a number (24 or 0.95) or so much per party member (1.6/member)",
    ),
    "settings.error.target_negative": ("「{text}」不能为负数", "“{text}” cannot be negative"),
    "settings.error.max_points": (
        "指标「{indicator}」的「满分」列：应为不小于 0 的数字，实际为「{value}」",
        "Indicator “{indicator}”, max points: must be a number of at least 0, not “{value}”",
    ),
    "settings.error.target_cell": (
        "指标「{indicator}」的「{column}」列：{problem}",
        "Indicator “{indicator}”, column “{column}”: {problem}",
    ),
    "settings.error.unchanged": (
        "与当前版本相比没有任何改动，未保存新版本",
        "Nothing differs from the current version: no new version saved",
    ),
    "settings.error.newer_version": (
        "评分办法 {scheme} 已有第{latest}版（在你修改期间保存），请在第{latest}版的基础上重新修改",
        "Scheme {scheme} already has version {latest} (saved while you were editing): edit version {latest} instead",
    ),
    "settings.error.period_has_scheme": (
        "考核期 {period} 已有评分办法，不能重复创建；请在其上修改",
        "Period {period} already has a scheme: edit it instead of creating another",
    ),
    # a scheme version's changes in words (kaohe.workflow.diff_in_words)
    "settings.diff.item.scheme": ("评分办法", "Scheme"),
    "settings.diff.field.target": ("目标（{kind}）", "target ({kind})"),
    "settings.diff.field.added": ("新增", "added"),
    "settings.diff.field.removed": ("删除", "removed"),
    "settings.diff.field.name": ("名称", "name"),
    "settings.diff.field.dimension": ("考核维度", "dimension"),
    "settings.diff.field.component": ("组成部分", "component"),
    "settings.diff.field.measure": ("度量", "measure"),
    "settings.diff.field.args": ("度量参数", "measure arguments"),
    "settings.diff.field.max_points": ("满分", "max points"),
    "settings.diff.field.rule": ("计分规则", "rule"),
    "settings.diff.field.params": ("规则参数", "rule parameters"),
    "settings.diff.field.prorate": ("按存续时间折算目标", "pro-rate targets"),
    "settings.diff.field.no_data": ("无数据时", "without data"),
    "settings.diff.field.description": ("说明", "description"),
    "settings.diff.field.pace": ("进度方式", "pace"),
    "settings.diff.field.parts": ("分工系数", "parts"),
    "settings.diff.field.default_part": ("默认分工", "default part"),
    "settings.diff.field.levels": ("等次/级别分值", "levels"),
    "settings.diff.field.period": ("考核期", "period"),
    "settings.diff.field.total_points": ("总分", "total points"),
    "settings.diff.field.dimensions": ("考核维度", "dimensions"),
    "settings.diff.field.bonus_cap": ("加分上限", "bonus cap"),
    "settings.diff.field.deduction_cap": ("扣分上限", "deduction cap"),
    "settings.diff.field.grades": ("等次", "grades"),
    "settings.diff.field.quota": ("名额限制", "quota"),
    "settings.diff.field.tie_break": ("并列时的排序", "tie break"),
    "settings.diff.field.combine": ("计分方式", "combining"),
    "settings.diff.field.points": ("每项分值", "points per item"),
    "settings.diff.combine.sum": ("累计", "add up"),
    "settings.diff.combine.max": ("只取最高一项", "best item only"),
    "settings.diff.no_data.zero": ("得零分", "zero points"),
    "settings.diff.no_data.full": ("得满分", "full points"),
    "settings.diff.pace.linear": ("全年均匀推进", "evenly through the year"),
    "settings.diff.pace.monthly": ("按月", "monthly"),
    "settings.diff.pace.quarterly": ("按季度", "quarterly"),
    "settings.diff.item": ("项目", "Item"),
    "settings.diff.field": ("字段", "Field"),
    "settings.diff.before": ("修改前", "Before"),
    "settings.diff.after": ("修改后", "After"),
    "settings.versions": ("历史版本", "Versions"),
    "settings.no_versions": ("数据库中还没有保存的版本。", "No version stored yet."),
    "settings.version.version": ("版本", "Version"),
    "settings.version.name": ("名称", "Name"),
    "settings.version.total_points": ("总分", "Total points"),
    "settings.version.loaded_at": ("保存时间", "Saved at"),
    "settings.version.saved_by": ("保存人", "Saved by"),
    "settings.diff_from": ("比较：旧版本", "Compare: older version"),
    "settings.diff_to": ("新版本", "Newer version"),
    "settings.diff_title": ("第 {a} 版 → 第 {b} 版的改动", "Changes from version {a} to {b}"),
    "settings.what_if": ("按两个版本分别计分对比（模拟测算）", "What-if: score the period under both versions"),
    "settings.what_if_summary": (
        "{a} → {b}：{m} 个单位得分或名次变化，其中 {n} 个等次变化。",
        "{a} → {b}: {m} units change total or rank, {n} of them change grade.",
    ),
    "settings.in_force": ("现行", "in force"),
    "settings.activated": ("{at} 由 {who} 启用。", "Put in force {at} by {who}."),
    "settings.first_version": (
        "尚无人启用过任何版本，按第一个保存的版本计分。",
        "No version was ever put in force: the first stored version is used.",
    ),
    "settings.draft_what_if": ("修改后的效果（模拟测算，未保存）", "Effect of the edit (what-if, not saved)"),
    "settings.draft_what_if_hint": (
        "按修改后的目标和分值重新计分，与现行版本逐个单位对比；不保存、不影响任何页面。保存后也要「启用」才生效。",
        "The period scored under the edited targets and points, unit by unit against the version in force; "
        "nothing is stored or changed. A saved version takes effect only once put in force.",
    ),
    "settings.compare_version": ("与现行版本比较的版本", "Version to compare with the one in force"),
    "settings.activate": ("启用第 {version} 版…", "Put version {version} in force…"),
    "settings.activate_confirm": (
        "启用第 {version} 版后，所有页面、导出和发布都将按第 {version} 版计分（现行为第 {current} 版，"
        "共 {n} 处改动，各单位的变化见上表）。之后仍可重新启用第 {current} 版。",
        "Once version {version} is in force, every page, export and publication scores under it (version "
        "{current} is in force now; {n} changes, the effect per unit is shown above). Version {current} can be "
        "put back later.",
    ),
    "settings.activate_note": ("启用原因（记入操作日志）", "Why (kept in the audit log)"),
    "settings.activate_yes": ("确认启用", "Put in force"),
    "settings.activate_no": ("取消", "Cancel"),
    "settings.activated_done": ("第 {version} 版已启用。", "Version {version} is now in force."),
    "settings.version.in_force": ("现行", "In force"),
    "settings.new_period": ("开始新的考核期", "Start a new period"),
    "settings.new_period_hint": (
        "以「{scheme}」为底稿复制评分办法（指标、目标、分值、等次），作为新考核期的第 1 版。",
        "Copy '{scheme}' (indicators, targets, points, grades) as version 1 of a new period.",
    ),
    "settings.new_period_needs": (
        "需要有考核组权限，且上一考核期已有评分办法。",
        "Needs the assessor role and a scheme for the previous period.",
    ),
    "settings.new_period_code": ("新考核期（如 2026）", "New period (e.g. 2026)"),
    "settings.new_period_button": ("复制为新考核期", "Copy to the new period"),
    "settings.new_period_done": ("已创建「{name}」（考核期 {period}）。", "Created '{name}' (period {period})."),
    "diff.others_moved": (
        "本单位得分未变，名次或优秀名额随其他单位变化",
        "Own points unchanged: rank or quota place moved with the other units",
    ),
    "diff.col.unit_id": ("单位编号", "Unit ID"),
    "diff.col.unit": ("党组织", "Unit"),
    "diff.col.kind": ("类型", "Kind"),
    "diff.col.rank_before": ("原排名", "Rank before"),
    "diff.col.rank_after": ("现排名", "Rank after"),
    "diff.col.total_before": ("原总分", "Total before"),
    "diff.col.total_after": ("现总分", "Total after"),
    "diff.col.total_change": ("变化", "Change"),
    "diff.col.grade_before": ("原等次", "Grade before"),
    "diff.col.grade_after": ("现等次", "Grade after"),
    "diff.col.grade_changed": ("等次变化", "Grade changed"),
    "diff.col.reasons": ("原因（分值变化的指标）", "Why (indicators whose points moved)"),
    "entry.denied": ("当前账号无权查看考核录入。", "Your role may not open assessment entry."),
    "entry.scheme": ("{period} · {name} 第 {version} 版", "{period} · {name} version {version}"),
    "entry.tab.scores": ("定性评分", "Qualitative scores"),
    "entry.tab.items": ("加分、扣分与一票否决", "Bonus, deductions and veto"),
    "entry.tab.progress": ("评分进度", "Progress"),
    "entry.assessor": ("考核人", "Assessor"),
    "entry.new_assessor": ("新增考核人（姓名）", "Add an assessor (name)"),
    "entry.no_assessors": ("还没有考核人评分：请在右侧输入考核人姓名。", "No assessor yet: enter a name on the right."),
    "entry.progress_line": ("本人已评 {done} / {total} 项", "You have scored {done} of {total}"),
    "entry.filter.indicator": ("指标", "Indicator"),
    "entry.filter.all_indicators": ("全部指标", "All indicators"),
    "entry.filter.units": ("党组织", "Units"),
    "entry.filter.all_units": ("全部党组织", "All units"),
    "entry.filter.unit_done": ("{unit}（已评 {done}/{of}）", "{unit} ({done}/{of} scored)"),
    "entry.filter.open_only": ("只看未评", "Not scored only"),
    "entry.filter.nothing": ("没有符合筛选条件的评分项。", "Nothing matches the filters."),
    "entry.grid.by_score": ("按分数评定的指标", "Indicators scored in points"),
    "entry.grid.by_level": ("按等次评定的指标", "Indicators scored by level"),
    # refusals of the entry screens (kaohe.entry), each naming the unit, the indicator or item and the column
    "entry.error.heading": ("{n} 处输入有误，未保存：", "{n} problem(s): nothing saved:"),
    "entry.error.conflict": ("已被他人修改，未保存：", "Changed by someone else meanwhile; not saved:"),
    "entry.where.cell": ("{unit} · {indicator}（考核人 {assessor}）", "{unit} · {indicator} (assessor {assessor})"),
    "entry.where.item": ("{unit} 的{type}项", "{type} item of {unit}"),
    "entry.problem": ("{where}「{column}」列：{problem}", "{where}, column {column}: {problem}"),
    "entry.problem_item": ("{where}「{column}」：{problem}", "{where}, {column}: {problem}"),
    "entry.col.item_level": ("级别", "Level"),
    "entry.by": ("{who}（{at}）", "{who} ({at})"),
    "entry.value.points": ("{points} 分", "{points} points"),
    "entry.value.level": ("「{level}」", "“{level}”"),
    "entry.value.none": ("（空）", "(empty)"),
    "entry.conflict.changed": ("已被 {who} 改为 {value}", "changed by {who} to {value}"),
    "entry.conflict.gone": ("已无记录", "no longer stored"),
    "entry.conflict.withdrawn": ("加扣分项 {id} 已被 {who} 撤销", "Item {id} was withdrawn by {who}"),
    "entry.conflict.corrected": (
        "加扣分项 {id} 已被 {who} 更正为第 {new_id} 项（{category} {level}{points}：{reason}）",
        "Item {id} was corrected by {who} as item {new_id} ({category} {level} {points}: {reason})",
    ),
    "entry.error.empty": ("不能为空", "cannot be empty"),
    "entry.error.unit_not_listed": (
        "{unit} 不是考核期 {period} 在册的党组织",
        "{unit} is not on the roster of period {period}",
    ),
    "entry.error.not_qualitative": (
        "不是评分办法 {scheme} 的定性指标（应为 {expected}）",
        "not a qualitative indicator of scheme {scheme} (one of {expected})",
    ),
    "entry.error.score_or_level": ("分数和等次只能填一个", "give a score or a level, not both"),
    "entry.error.score_range": ("{score} 应在 0 到 {max} 之间", "{score} must lie between 0 and {max}"),
    "entry.error.level_choice": ("「{level}」应为 {expected} 之一", "“{level}” must be one of {expected}"),
    "entry.error.no_levels": (
        "「{level}」：此指标不用等次，请填分数",
        "“{level}”: this indicator takes a score, not a level",
    ),
    "entry.error.type": ("应为 加分、扣分 或 一票否决", "must be bonus, deduction or veto"),
    "entry.error.category": (
        "「{category}」不在评分办法 {scheme} 中（应为 {expected}）",
        "“{category}” is not in scheme {scheme} (one of {expected})",
    ),
    "entry.error.points_by_level": (
        "类别「{category}」按级别计分，不填分值",
        "category “{category}” scores by level: leave points empty",
    ),
    "entry.error.points_range": ("应大于 0 且不超过 {max}", "must be above 0 and at most {max}"),
    "entry.error.points_fixed": (
        "类别「{category}」每项固定 {points} 分，不填分值",
        "category “{category}” gives {points} per item: leave points empty",
    ),
    "entry.error.points_veto": (
        "类别「{category}」一票否决不计分，不填分值",
        "category “{category}” is a veto and scores no points: leave points empty",
    ),
    "entry.error.no_category_levels": ("类别「{category}」没有级别", "category “{category}” has no levels"),
    "entry.error.no_item": ("加扣分项 {id} 不存在", "No item {id}"),
    "entry.error.withdrawal_row": (
        "加扣分项 {id} 是一条撤销记录，不能再修改",
        "Item {id} records a withdrawal and cannot be changed",
    ),
    "entry.error.withdraw_reason": ("撤销加扣分项 {id}「事由」：请说明撤销原因", "Withdrawing item {id}: say why"),
    # an assessors' file of scores or adjustments refused (kaohe/assessments.py), each problem naming row and column
    "assessments.error.heading": (
        "{source}：{n} 处错误，整个文件未导入：",
        "{source}: {n} problem(s); nothing of the file was loaded:",
    ),
    "assessments.error.more": ("…另有 {n} 处", "… and {n} more"),
    "assessments.problem": ("第 {row} 行「{column}」列：{problem}", "Row {row}, column “{column}”: {problem}"),
    "assessments.error.no_file": ("文件不存在", "No such file"),
    "assessments.error.no_suffix": ("（无扩展名）", "(none)"),
    "assessments.error.file_type": (
        "文件类型 {suffix} 不支持：应为 .csv 或 .xlsx",
        "File type {suffix} is not read: give a .csv or .xlsx file",
    ),
    "assessments.error.headers": (
        "表头 {columns} 既不像定性评分表（需要 考核人、指标 列）也不像加扣分表（需要 类型、类别 列）",
        "The headers {columns} are neither a score sheet (with columns assessor and indicator_id) nor a bonus and "
        "deduction sheet (with columns type and category)",
    ),
    "assessments.missing_column": ("{field}（{header}）", "{field}"),
    "assessments.error.missing_columns": ("缺少列：{columns}", "Missing columns: {columns}"),
    "assessments.error.period": (
        "考核期「{period}」应为 2025、2025-H1、2025-Q2 或 2025-06 这样的写法",
        "period “{period}” should be written like 2025, 2025-H1, 2025-Q2 or 2025-06",
    ),
    "assessments.error.unit": (
        "找不到单位「{unit}」：应为党组织名册中的单位编号或名称",
        "no unit “{unit}”: give a unit's code or name as the roster has it",
    ),
    "assessments.error.no_assessor": ("考核人不能为空", "the assessor is missing"),
    "assessments.error.score_number": ("分数「{score}」应为数字", "score “{score}” is not a number"),
    "assessments.error.no_score": ("分数和等次至少填一个", "give a score or a level"),
    "assessments.error.score_and_level": ("同一行只能填分数或等次中的一个", "give a score or a level, not both"),
    "assessments.error.indicator": (
        "「{indicator}」不是评分办法 {scheme} 的定性指标（应为 {expected}）",
        "“{indicator}” is not a qualitative indicator of scheme {scheme} (one of {expected})",
    ),
    "assessments.error.score_range": (
        "分数 {score} 应在 0 到 {max} 之间",
        "score {score} must lie between 0 and {max}",
    ),
    "assessments.error.level": ("等次「{level}」应为 {expected} 之一", "level “{level}” must be one of {expected}"),
    "assessments.error.no_levels": (
        "等次「{level}」：此指标不用等次，请填分数",
        "level “{level}”: this indicator takes a score, not a level",
    ),
    "assessments.error.type": (
        "类型「{type}」应为 加分、扣分 或 一票否决",
        "type “{type}” must be bonus, deduction or veto",
    ),
    "assessments.error.points_number": ("分值「{points}」应为数字", "points “{points}” is not a number"),
    "assessments.error.no_reason": ("事由不能为空", "the reason is missing"),
    "assessments.error.category": (
        "「{category}」不是评分办法 {scheme} 中的{type}类别（应为 {expected}）",
        "“{category}” is not a category of type {type} in scheme {scheme} (one of {expected})",
    ),
    "assessments.error.category_level": (
        "级别「{level}」应为 {expected} 之一",
        "level “{level}” must be one of {expected}",
    ),
    "assessments.error.points_range": ("分值应在 0 到 {max} 之间", "points must lie between 0 and {max}"),
    "entry.col.assessor": ("考核人", "Assessor"),
    "entry.col.type": ("类型", "Type"),
    "entry.col.category": ("类别", "Category"),
    "entry.col.points": ("分值", "Points"),
    "entry.col.reason": ("事由", "Reason"),
    "entry.col.score": ("分数", "Score"),
    "entry.col.level": ("等次", "Level"),
    "entry.col.comment": ("评语", "Comment"),
    "entry.col.entered_by": ("录入人", "Entered by"),
    "entry.col.assessors": ("已评人数", "Assessors"),
    "entry.col.missing": ("未评", "Missing"),
    "entry.col.done": ("已评", "Done"),
    "entry.save": ("保存修改（{n} 处）", "Save changes ({n})"),
    "entry.reload": ("重新读取", "Reload"),
    "entry.saved": ("已保存 {n} 处评分。", "Saved {n} scores."),
    "entry.conflicts": (
        "{n} 处评分在你读取后已被他人修改，未覆盖；表格已显示最新值，你的输入列在下方，确认后可再次修改保存。",
        "{n} cells were changed by someone else since you read them and were not overwritten; the grid shows the "
        "newer values, yours are listed below to re-enter if still wanted.",
    ),
    "entry.conflict.cell": ("单位 · 指标", "Unit · indicator"),
    "entry.conflict.yours": ("你的输入", "Your value"),
    "entry.conflict.message": ("最新值", "Newer value"),
    "entry.means": ("去掉最高分和最低分后的平均分", "Trimmed means"),
    "entry.means_hint": (
        "与计分使用同一口径：评分人数达到指标规定人数（5 人）时去掉一个最高分和一个最低分后取平均。",
        "The same rule as scoring: from 5 assessors on, the highest and lowest score are dropped.",
    ),
    "entry.pools": ("各单位加扣分（封顶后）", "Bonus and deductions per unit (after caps)"),
    "entry.pool.unit": ("党组织", "Unit"),
    "entry.pool.bonus_raw": ("加分合计", "Bonus entered"),
    "entry.pool.bonus": ("计入加分", "Bonus counted"),
    "entry.pool.deduction_raw": ("扣分合计", "Deductions entered"),
    "entry.pool.deduction": ("计入扣分", "Deductions counted"),
    "entry.pool.vetoed": ("一票否决", "Vetoed"),
    "entry.items": ("加扣分项目", "Items"),
    "entry.item.adjustment_id": ("编号", "ID"),
    "entry.item.unit": ("党组织", "Unit"),
    "entry.item.type": ("类型", "Type"),
    "entry.item.category": ("类别", "Category"),
    "entry.item.level": ("级别", "Level"),
    "entry.item.reason": ("事由", "Reason"),
    "entry.item.evidence": ("佐证", "Evidence"),
    "entry.item.entered_at": ("录入时间", "Entered at"),
    "entry.item.entered_by": ("录入人", "Entered by"),
    "entry.item.item_points": ("分值", "Points"),
    "entry.item.counted": ("是否计分", "Counted"),
    "entry.item.explanation": ("计分说明", "Explanation"),
    "entry.item_mode": ("操作", "Action"),
    "entry.mode.add": ("新增", "Add"),
    "entry.mode.correct": ("更正", "Correct"),
    "entry.mode.withdraw": ("撤销", "Withdraw"),
    "entry.item_pick": ("选择要更正或撤销的项目编号", "Item to correct or withdraw"),
    "entry.no_items": ("还没有加扣分项目。", "No items yet."),
    "entry.points_within": ("分值（0 至 {max} 分）", "Points (0 to {max})"),
    "entry.fixed_points": ("每项固定 {points} 分。", "{points} points per item."),
    "entry.add": ("新增", "Add"),
    "entry.correct": ("更正第 {id} 项", "Correct item {id}"),
    "entry.withdraw_reason": ("撤销原因", "Why withdrawn"),
    "entry.withdraw": ("撤销", "Withdraw"),
    "entry.panel_extra": ("其他考核组成员（逗号分隔）", "Other panel members (comma separated)"),
    "entry.panel_extra_hint": ("还没评分的成员也列出来", "members who have not scored yet"),
    "entry.all_scored": ("所有考核人已对所有单位完成评分。", "Every assessor has scored every unit."),
    "entry.missing.assessor": ("考核人", "Assessor"),
    "entry.missing.unit": ("未评单位", "Unit not scored"),
    "entry.missing.kind": ("类型", "Kind"),
    "entry.missing.indicator": ("指标", "Indicator"),
    "publish.open_flags": (
        "发布前请先核实：{units} 的台账还有 {n} 条疑点未核实（见「考核评分」页各单位的“台账可信度”）。",
        "Before publishing: {units} still have {n} ledger flags nobody has reviewed (see each unit's ledger "
        "credibility on the scorecard).",
    ),
    "publish.none": ("{period}的考核结果尚未发布。", "The result for {period} is not published yet."),
    "publish.current": (
        "{period}已发布的结果（第 {revision} 次发布）",
        "Published result for {period} (revision {revision})",
    ),
    "publish.published_at": ("发布时间", "Published at"),
    "publish.published_by": ("发布人", "Published by"),
    "publish.scheme": ("评分办法", "Scheme"),
    "publish.version": ("第 {v} 版", "version {v}"),
    "publish.revision": ("发布次数", "Revision"),
    "publish.in_force": ("现行", "In force"),
    "publish.note": ("备注", "Note"),
    "publish.note_hint": ("如：经党工委会议审定", "e.g. approved by the committee meeting"),
    "publish.in_sync": (
        "发布后数据和评分办法没有变化，已发布结果与现在计分一致。",
        "Nothing changed since publishing: the published result matches scoring now.",
    ),
    "publish.data_changed": ("台账或考核录入数据有变化", "ledgers or assessor entries changed"),
    "publish.scheme_changed": ("评分办法已有第 {version} 版", "the scheme is now at version {version}"),
    "publish.drift": (
        "发布后{reasons}。已发布结果不会改变；按现在的数据重新计分，有 {n} 个单位的得分、等次或名次不同：",
        "Since publishing, {reasons}. The published result does not change; scored now, {n} units differ:",
    ),
    "publish.action": ("发布{period}的考核结果", "Publish the result for {period}"),
    "publish.button": ("冻结并发布", "Freeze and publish"),
    "publish.not_allowed": ("只有党工委书记可以发布结果。", "Only the party secretary publishes results."),
    "publish.done": ("{period}的结果已发布（第 {revision} 次）。", "Published {period} (revision {revision})."),
    "publish.history": ("发布记录", "Publications"),
    # the confirmation before a publication is written (pages/publish.py, kaohe.publish.preview)
    "publish.confirm.heading": ("发布前请核对", "Check before publishing"),
    "publish.confirm.period": ("考核期：{period}", "Period: {period}"),
    "publish.confirm.scheme": ("评分办法：{name}（第 {version} 版）", "Scheme: {name} (version {version})"),
    "publish.confirm.units": ("参评党组织：{n} 个", "Units scored: {n}"),
    "publish.confirm.first": ("本次为首次发布", "This is the first publication"),
    "publish.confirm.revision": (
        "本次为第 {revision} 次发布，将取代第 {previous} 次发布（原发布记录保留）",
        "This is revision {revision}; it replaces revision {previous}, which stays on record",
    ),
    "publish.confirm.hash": ("结果校验码：{hash}", "Result hash: {hash}"),
    "publish.confirm.drift": (
        "与现行发布相比，{n} 个单位的得分、等次或名次将改变。",
        "Compared with the publication in force, {n} units' total, grade or rank will change.",
    ),
    "publish.confirm.flags": (
        "{k} 个单位的台账还有 {n} 条疑点未核实（单位见上方）。",
        "{k} units still have {n} ledger flags nobody has reviewed (named above).",
    ),
    "publish.confirm.requests": ("发布后将关闭 {n} 条发布申请。", "Publishing closes {n} request(s) to publish."),
    "publish.confirm.check": (
        "我已核对以上内容：发布后结果冻结，所有用户可见",
        "I have checked the above: once published, the result is frozen and visible to everyone",
    ),
    "publish.confirm.needed": ("请先勾选确认，再发布。", "Tick the confirmation first, then publish."),
    # the assessors' requests to publish and the secretary's answer (kaohe.publish requests, pages/publish.py)
    "publish.request.heading": ("申请发布{period}的考核结果", "Ask to publish the result for {period}"),
    "publish.request.caption": (
        "结果由党工委书记发布。考核组核对完毕后可提交发布申请，书记会在本页和总览页看到。",
        "The party secretary publishes results. When the result is ready, ask the secretary to publish it: they "
        "see the request here and on the overview.",
    ),
    "publish.request.note": ("申请说明", "Note"),
    "publish.request.note_hint": (
        "如：定性评分已录齐，台账疑点已核实",
        "e.g. every qualitative score is in, the ledger flags are reviewed",
    ),
    "publish.request.submit": ("提交发布申请", "Send the request"),
    "publish.request.sent": ("已提交{period}的发布申请。", "Request to publish {period} sent."),
    "publish.request.waiting": (
        "{who} 已于 {when} 申请发布{period}的结果，等待书记处理。",
        "{who} asked on {when} to publish {period}; waiting for the secretary.",
    ),
    "publish.request.open_heading": ("待处理的发布申请", "Requests to publish"),
    "publish.request.item": ("{period}：{who} 于 {when} 申请发布", "{period}: {who} asked on {when}"),
    "publish.request.other_period": (
        "发布该考核期请先在左侧选择{period}。",
        "To publish it, pick {period} in the sidebar first.",
    ),
    "publish.request.decline": ("退回申请", "Decline"),
    "publish.request.decline_reason": ("退回原因", "Reason"),
    "publish.request.decline_hint": ("如：还有单位的台账疑点未核实", "e.g. some ledger flags are not reviewed yet"),
    "publish.request.declined": ("已退回该发布申请。", "Request declined."),
    "publish.request.history": ("发布申请记录", "Requests to publish"),
    "publish.request.col.period": ("考核期", "Period"),
    "publish.request.col.requested_at": ("申请时间", "Asked at"),
    "publish.request.col.requested_by": ("申请人", "Asked by"),
    "publish.request.col.note": ("申请说明", "Note"),
    "publish.request.col.status": ("状态", "Status"),
    "publish.request.col.closed_by": ("处理人", "Closed by"),
    "publish.request.col.closed_at": ("处理时间", "Closed at"),
    "publish.request.col.reason": ("退回原因", "Reason"),
    "publish.request.status.open": ("待处理", "Waiting"),
    "publish.request.status.published": ("已发布", "Published"),
    "publish.request.status.declined": ("已退回", "Declined"),
    "publish.request.notice": (
        "有 {n} 条发布申请待处理：{periods}。请到「结果发布」页发布或退回。",
        "{n} request(s) to publish waiting: {periods}. Publish or decline them on the Publish page.",
    ),
    "publish.request.target": ("{period} 发布申请 {id}", "{period} request {id}"),
    "publish.request.no_note": (
        "请写明申请说明：哪些工作已完成、核对了什么。",
        "Write a note: what is done and what was checked.",
    ),
    "publish.request.under_way": (
        "考核期 {period} 尚未结束（至 {end}），结束后才能申请发布最终结果。",
        "Period {period} runs until {end}: ask to publish its final result once it has ended.",
    ),
    "publish.request.already_open": (
        "{period} 已有 {who} 于 {when} 提交的发布申请，等待书记处理。",
        "{period} already has a request from {who} ({when}) waiting for the secretary.",
    ),
    "publish.request.no_reason": ("请写明退回原因，考核组会看到。", "Write the reason: the assessors read it."),
    "publish.request.not_open": (
        "第 {id} 条发布申请已处理或不存在。",
        "Request {id} is already closed or does not exist.",
    ),
    "audit.denied": ("当前账号无权查看操作日志。", "Your role may not read the audit log."),
    "audit.who": ("操作人", "Who"),
    "audit.action": ("操作", "Action"),
    "audit.any": ("全部", "All"),
    "audit.dates": ("日期范围", "Dates"),
    "audit.text": ("对象包含", "Target contains"),
    "audit.text_hint": ("文件名、单位编号…", "file name, unit id…"),
    "audit.count": ("共 {n} 条记录", "{n} entries"),
    "audit.download": ("导出为 Excel", "Download as Excel"),
    "audit.append_only": (
        "操作日志只追加、不可修改或删除：每次导入、保存评分办法、录入评分和加扣分、发布和导出都会记录。",
        "The log is append-only: every import, scheme save, entry, publication and export adds a row.",
    ),
    "audit.col.audit_id": ("序号", "No."),
    "audit.col.logged_at": ("时间", "Time"),
    "audit.col.who": ("操作人", "Who"),
    "audit.col.action": ("操作", "Action"),
    "audit.col.target": ("对象", "Target"),
    "audit.col.before": ("修改前", "Before"),
    "audit.col.after": ("修改后", "After"),
    "audit.action.import": ("导入台账", "Import"),
    "audit.action.scheme.save": ("保存评分办法", "Scheme saved"),
    "audit.action.assessments.load": ("导入考核录入文件", "Assessor file loaded"),
    "audit.action.score.enter": ("录入定性评分", "Score entered"),
    "audit.action.adjustment.add": ("新增加扣分", "Item added"),
    "audit.action.adjustment.correct": ("更正加扣分", "Item corrected"),
    "audit.action.adjustment.withdraw": ("撤销加扣分", "Item withdrawn"),
    "audit.action.publish": ("发布结果", "Published"),
    "audit.action.publish.request": ("申请发布", "Publication requested"),
    "audit.action.publish.decline": ("退回发布申请", "Request to publish declined"),
    "audit.action.export": ("导出已发布结果", "Published result exported"),
    "audit.action.header_alias.save": ("保存表头写法", "Header spelling saved"),
    "audit.action.header_alias.remove": ("删除表头写法", "Header spelling removed"),
    "audit.action.unit.code": ("修改党组织编号", "Unit code changed"),
    "audit.action.check.review": ("核实台账疑点", "Ledger flag reviewed"),
    # the audit log read in words (kaohe/audit.py: action_name, target_text, readable)
    "audit.action.unknown": ("其他操作（{action}）", "Other action ({action})"),
    "audit.action.auth.login": ("登录", "Signed in"),
    "audit.action.auth.logout": ("退出登录", "Signed out"),
    "audit.action.auth.login_failed": ("登录失败（密码错误）", "Sign-in failed (wrong password)"),
    "audit.action.auth.login_refused": ("登录被拒绝（账号已停用）", "Sign-in refused (account disabled)"),
    "audit.action.auth.login_throttled": ("登录暂停（尝试过于频繁）", "Sign-in paused (too many attempts)"),
    "audit.action.user.add": ("新建用户", "User added"),
    "audit.action.user.disable": ("停用用户", "User disabled"),
    "audit.action.user.enable": ("启用用户", "User enabled"),
    "audit.action.user.unlock": ("解除登录限制", "Sign-in hold lifted"),
    "audit.action.user.password_reset": ("重设密码", "Password reset"),
    "audit.action.user.password_change": ("修改本人密码", "Own password changed"),
    "audit.action.backup.make": ("备份数据库", "Backup made"),
    "audit.action.backup.restore": ("从备份恢复", "Restored from a backup"),
    "scheme.error": ("评分办法 {source} 有 {n} 处错误：", "Scheme {source}: {n} problem(s):"),
    "scheme.version_name": ("{scheme} 第{version}版", "{scheme} version {version}"),
    # scheme validation (kaohe.scheme, kaohe.rules): one label per problem
    "scheme.problem": ("{where}：{problem}", "{where}: {problem}"),
    "scheme.where.indicator": ("指标 {id}", "Indicator {id}"),
    "scheme.where.indicator_n": ("第 {n} 个指标", "Indicator no. {n}"),
    "scheme.where.field": ("{where} 字段 {field}", "{where}, field {field}"),
    "scheme.where.category_n": ("[[{type}.categories]] 第 {n} 项", "[[{type}.categories]] item {n}"),
    "scheme.where.category": ("[{type}] 类别 {name}", "[{type}] category {name}"),
    "scheme.where.grade_n": ("[[grades]] 第 {n} 项", "[[grades]] item {n}"),
    "scheme.problem.unreadable": ("无法读取文件：{detail}", "Cannot read the file: {detail}"),
    "scheme.problem.toml": ("TOML 格式错误：{detail}", "Not valid TOML: {detail}"),
    "scheme.problem.no_head": (
        "缺少 [scheme] 表（id、version、name、period、total、dimensions）",
        "The [scheme] table is missing (id, version, name, period, total, dimensions)",
    ),
    "scheme.problem.not_table": ("应为一个表", "must be a table"),
    "scheme.problem.indicator_not_table": ("应为一个表 [[indicators]]", "must be an [[indicators]] table"),
    "scheme.problem.unknown_table": ("未知的表", "unknown table"),
    "scheme.problem.unknown_field": ("未知字段 {key}", "unknown field {key}"),
    "scheme.problem.unknown_field_of": (
        "未知字段 {key}（可用字段：{fields}）",
        "unknown field {key} (fields: {fields})",
    ),
    "scheme.problem.unknown_rule_field": (
        "未知字段 {key}（规则 {rule} 可用的字段：{fields}）",
        "unknown field {key} (the fields of rule {rule}: {fields})",
    ),
    "scheme.problem.no_fields": ("无", "none"),
    "scheme.problem.missing_field": ("缺少字段 {key}", "field {key} is missing"),
    "scheme.problem.missing_number": ("缺少字段 {key}（应为数字）", "field {key} is missing (a number)"),
    "scheme.problem.missing_text": ("缺少字段 {key}（应为文字）", "field {key} is missing (text)"),
    "scheme.problem.not_number": ("字段 {key} 应为数字，实际为 {value}", "field {key} must be a number, not {value}"),
    "scheme.problem.below_minimum": (
        "字段 {key} 应不小于 {minimum}，实际为 {value}",
        "field {key} must be at least {minimum}, not {value}",
    ),
    "scheme.problem.fraction": (
        "字段 {key} 应在 0 到 1 之间，实际为 {value}",
        "field {key} must lie between 0 and 1, not {value}",
    ),
    "scheme.problem.whole": (
        "字段 {key} 应为不小于 {minimum} 的整数，实际为 {value}",
        "field {key} must be a whole number of at least {minimum}, not {value}",
    ),
    "scheme.problem.not_text": ("字段 {key} 应为非空文字，实际为 {value}", "field {key} must be text, not {value}"),
    "scheme.problem.not_flag": (
        "字段 {key} 应为 true 或 false，实际为 {value}",
        "field {key} must be true or false, not {value}",
    ),
    "scheme.problem.choice": (
        "字段 {key} 应为 {choices} 之一，实际为 {value}",
        "field {key} must be one of {choices}, not {value}",
    ),
    "scheme.problem.zero": ("字段 {key} 不能为 0", "field {key} cannot be 0"),
    "scheme.problem.above_max": (
        "字段 {key}（{value}）超过满分 max（{max}）",
        "field {key} ({value}) is above max ({max})",
    ),
    "scheme.problem.levels_table": (
        "字段 {key} 应为「名称 = 分值」的表，实际为 {value}",
        "field {key} must be a table of name = points, not {value}",
    ),
    "scheme.problem.level_points": (
        "字段 {key}.{name} 应为不小于 0 的数字，实际为 {value}",
        "field {key}.{name} must be a number of at least 0, not {value}",
    ),
    "scheme.problem.steps_list": (
        "字段 {key} 应为 [[门槛, 分值], …]，例如 [[0.95, 10], [0.90, 8]]",
        "field {key} must be [[threshold, points], …], e.g. [[0.95, 10], [0.90, 8]]",
    ),
    "scheme.problem.step_pair": (
        "字段 {key} 第 {n} 项应为 [门槛, 分值]，实际为 {value}",
        "field {key}, item {n} must be [threshold, points], not {value}",
    ),
    "scheme.problem.steps_order": (
        "字段 steps 的门槛应从高到低排列（{before} 之后是 {after}）",
        "field steps must list thresholds from highest to lowest ({after} comes after {before})",
    ),
    "scheme.problem.steps_rising": (
        "字段 steps 的分值不应随门槛降低而升高（{before} 之后是 {after}）",
        "field steps must not give more points for a lower threshold ({after} comes after {before})",
    ),
    "scheme.problem.steps_top": (
        "字段 steps 最高一档应得满分 {max}，实际为 {value}",
        "field steps: the highest step must give the full {max} points, not {value}",
    ),
    "scheme.problem.steps_range": (
        "字段 steps 的分值应在 0 到满分 {max} 之间",
        "field steps: points must lie between 0 and the maximum {max}",
    ),
    "scheme.problem.floor_above_first": (
        "字段 floor 不能高于第一名的分值",
        "field floor cannot be above the first place's points",
    ),
    "scheme.problem.self_weight": (
        "字段 self_weight 应小于 1（自评所占比例），实际为 {value}",
        "field self_weight (the self-assessment's share) must be below 1, not {value}",
    ),
    "scheme.problem.version": (
        "字段 version 应为正整数，实际为 {value}",
        "field version must be a whole number above 0, not {value}",
    ),
    "scheme.problem.period": ("字段 period：{problem}", "field period: {problem}"),
    "scheme.problem.dimensions": (
        "字段 dimensions 应为维度名称列表，实际为 {value}",
        "field dimensions must be a list of dimension names, not {value}",
    ),
    "scheme.problem.dimensions_repeated": ("字段 dimensions 有重复的维度", "field dimensions names a dimension twice"),
    "scheme.problem.unit_kinds": (
        "字段 unit_kinds 应为单位类型列表，实际为 {value}",
        "field unit_kinds must be a list of unit kinds, not {value}",
    ),
    "scheme.problem.components_table": ("应为「组成部分 = 权重」的表", "must be a table of component = weight"),
    "scheme.problem.component_weight": (
        "{component} 的权重应为 0 到 1 之间的数字，实际为 {value}",
        "the weight of {component} must be a number between 0 and 1, not {value}",
    ),
    "scheme.problem.weights_sum": ("权重之和应为 1，实际为 {value}", "the weights must add up to 1, not {value}"),
    "scheme.problem.no_indicators": ("至少需要一个指标", "at least one indicator is needed"),
    "scheme.problem.duplicate_id": ("id 重复", "id used twice"),
    "scheme.problem.points_sum": (
        "各指标满分之和为 {points}，与 total = {total} 不符",
        "the indicators' maximum points add up to {points}, not total = {total}",
    ),
    "scheme.problem.empty_dimension": ("维度 {dimension} 下没有指标", "dimension {dimension} has no indicator"),
    "scheme.problem.empty_component": ("组成部分 {component} 下没有指标", "component {component} has no indicator"),
    "scheme.problem.unknown_dimension": (
        "字段 dimension 为「{dimension}」，不在 [scheme] dimensions（{dimensions}）中",
        "field dimension is “{dimension}”, which is not among the [scheme] dimensions ({dimensions})",
    ),
    "scheme.problem.component_without_components": (
        "字段 component 只能在定义了 [components] 的评分办法中使用",
        "field component needs a scheme with [components]",
    ),
    "scheme.problem.target_value": (
        "目标应为数字、{{ per_member = x }}、{{ per_1000_residents = x }} 或 {{ per_100_households = x }}，"
        "实际为 {value}",
        "a target must be a number, {{ per_member = x }}, {{ per_1000_residents = x }} or "
        "{{ per_100_households = x }}, not {value}",
    ),
    "scheme.problem.target_table": (
        "字段 target 应为数字、{{ per_member = x }}、{{ per_1000_residents = x }} 或 {{ per_100_households = x }}，"
        "或按单位类型的表，实际为 {value}",
        "field target must be a number, {{ per_member = x }}, {{ per_1000_residents = x }}, "
        "{{ per_100_households = x }} or a table by unit kind, not {value}",
    ),
    "scheme.problem.target_unused": (
        "规则 {rule} 不使用目标；字段 target 只能用 0 表示某类单位不作要求（得满分）",
        "rule {rule} takes no target: field target may only be 0, meaning a kind of unit is exempt (full points)",
    ),
    "scheme.problem.target_missing": ("规则 {rule} 缺少字段 target", "rule {rule} needs field target"),
    "scheme.problem.target_kind_missing": (
        "字段 target 缺少单位类型「{kind}」的目标（或 default）",
        "field target has no target for unit kind “{kind}” (nor a default)",
    ),
    "scheme.problem.no_data": (
        "字段 no_data 应为 zero 或 full，实际为 {value}",
        "field no_data must be zero or full, not {value}",
    ),
    "scheme.problem.qualitative_measure": (
        "定性指标（rule = {rule}）不使用 measure，由考核组评分",
        "a qualitative indicator (rule = {rule}) takes no measure: the assessors score it",
    ),
    "scheme.problem.unknown_measure": (
        "字段 measure 为 {value}，不是已有的度量：{measures}",
        "field measure is {value}, which is not one of the measures: {measures}",
    ),
    "scheme.problem.measure_kind": (
        "规则 {rule} 不能用于「{kind}」类度量 {measure}",
        "rule {rule} does not apply to measure {measure} (of kind “{kind}”)",
    ),
    "scheme.problem.args_table": ("字段 args 应为表，实际为 {value}", "field args must be a table, not {value}"),
    "scheme.problem.unknown_arg": (
        "字段 args.{arg}：度量 {measure} 没有这个参数（可用：{args}）",
        "field args.{arg}: measure {measure} has no such argument (its arguments: {args})",
    ),
    "scheme.problem.missing_arg": (
        "缺少字段 args.{arg}（度量 {measure} 需要）",
        "field args.{arg} is missing (measure {measure} needs it)",
    ),
    "scheme.problem.every_months": (
        "字段 args.every_months 应为 1、2、3、6 或 12，实际为 {value}",
        "field args.every_months must be 1, 2, 3, 6 or 12, not {value}",
    ),
    "scheme.problem.default_part_alone": (
        "字段 default_part 只能与 parts 一起使用",
        "field default_part needs field parts",
    ),
    "scheme.problem.part_factor": (
        "字段 parts.{part} 应在 0 到 1 之间（得分乘以该系数），实际为 {value}",
        "field parts.{part} (the points are multiplied by it) must lie between 0 and 1, not {value}",
    ),
    "scheme.problem.default_part": (
        "字段 default_part 应为 parts 中的一项（{parts}），实际为 {value}",
        "field default_part must be one of the parts ({parts}), not {value}",
    ),
    "scheme.problem.cap_missing": (
        '缺少字段 cap（加扣分总额上限；不设上限请明确写 cap = "none"）',
        'field cap is missing (the most this pool gives in all; for no limit write cap = "none")',
    ),
    "scheme.problem.cap_value": (
        '字段 cap 应为不小于 0 的数字或 "none"（上不封顶），实际为 {value}',
        'field cap must be a number of at least 0 or "none" (no limit), not {value}',
    ),
    "scheme.problem.combine": (
        "字段 combine 应为 sum（累计）或 max（取最高一项），实际为 {value}",
        "field combine must be sum (add up) or max (the highest one counts), not {value}",
    ),
    "scheme.problem.category_points": (
        "应恰好给出 points（每项固定分）、levels（按级别或职务）或 max（录入分值上限）中的一个",
        "give exactly one of points (fixed per item), levels (by level or post) or max (the most an entry may give)",
    ),
    "scheme.problem.veto_table": ("应为表，categories 为类别名称列表", "must be a table whose categories list names"),
    "scheme.problem.duplicate_category": ("类别 {category} 重复", "category {category} appears twice"),
    "scheme.problem.grades_empty": ("应为至少一个等次", "must hold at least one grade"),
    "scheme.problem.grades_same_min": (
        "等次 {higher} 与 {lower} 的下限都是 {min}，区间重叠",
        "grades {higher} and {lower} both start at {min}: they overlap",
    ),
    "scheme.problem.grades_overlap": (
        "等次 {lower} 的上限 {max} 高于 {higher} 的下限 {min}，区间重叠",
        "grade {lower} ends at {max}, above the start of {higher} ({min}): they overlap",
    ),
    "scheme.problem.grades_gap": (
        "等次 {lower} 的上限 {max} 与 {higher} 的下限 {min} 之间有空档",
        "grade {lower} ends at {max} and {higher} starts at {min}: the scores between have no grade",
    ),
    "scheme.problem.grades_floor": (
        "最低等次 {grade} 的下限应为 0，否则低于 {min} 分的单位没有等次",
        "the lowest grade {grade} must start at 0, or units below {min} have no grade",
    ),
    "scheme.problem.grades_repeated": ("等次名称重复", "a grade name appears twice"),
    "scheme.problem.quota_grade": (
        "字段 grade 为「{grade}」，不是 [[grades]] 中的等次",
        "field grade is “{grade}”, which is not a grade of [[grades]]",
    ),
    "scheme.problem.quota_lowest": ("最低等次不能设名额限制", "the lowest grade cannot have a quota"),
    "scheme.problem.tie_break_list": (
        "字段 tie_break 应为列表，实际为 {value}",
        "field tie_break must be a list, not {value}",
    ),
    "scheme.problem.tie_break_key": (
        "字段 tie_break 的「{key}」应为 pinyin、name 或 dimension:<维度名称>",
        "field tie_break: “{key}” must be pinyin, name or dimension:<dimension name>",
    ),
    "scheme.problem.grade_list": (
        "字段 {key} 应为等次名称列表，实际为 {value}",
        "field {key} must be a list of grade names, not {value}",
    ),
    "scheme.problem.grade_unknown": (
        "字段 {key} 中的「{grade}」不是 [[grades]] 中的等次（{grades}）",
        "field {key}: “{grade}” is not a grade of [[grades]] ({grades})",
    ),
    "scheme.problem.recommend_missing": (
        '缺少字段 recommend（推荐评优的等次列表，如 ["优秀"]）',
        "field recommend is missing (the list of grades recommended for the honour)",
    ),
    "scheme.problem.recommend_empty": ("字段 recommend 至少要有一个等次", "field recommend needs at least one grade"),
    "scheme.problem.recommend_and_ineligible": (
        "等次「{grade}」不能既推荐评优（recommend）又取消评优资格（ineligible）",
        "grade “{grade}” cannot be both recommended (recommend) and lose eligibility (ineligible)",
    ),
    "scheme.problem.quota_share": (
        "字段 quota_share 应在 0 到 1 之间（不含 0），实际为 {value}",
        "field quota_share must lie above 0 and at most 1, not {value}",
    ),
    "scheme.problem.two_quotas": (
        "字段 quota（名额数）与 quota_share（名额比例）只能给出一个",
        "give field quota (a number of units) or quota_share (a share of them), not both",
    ),
    "scheme.problem.version_exists": (
        "数据库中已有 {scheme}，内容不同；修改评分办法请把 version 加 1 另存为新版本",
        "the database already holds {scheme} with other content: to change the scheme, add 1 to version and save it "
        "as a new version",
    ),
    "scheme.problem.not_stored": ("数据库中没有评分办法 {scheme}", "The database holds no scheme {scheme}"),
    "audit.target.scheme": ("评分办法 {scheme} 第{version}版", "Scheme {scheme} version {version}"),
    "audit.target.adjustment": ("加扣分项 {id}", "Adjustment {id}"),
    "audit.target.publication": ("{period} 第{revision}次发布", "{period} publication {revision}"),
    "audit.target.report": ("{period} 第{revision}次发布的通报", "Announcement of {period} publication {revision}"),
    "audit.pair": ("{field}：{value}", "{field}: {value}"),
    "audit.pair_separator": ("；", "; "),
    "audit.value.yes": ("是", "yes"),
    "audit.value.no": ("否", "no"),
    "audit.value.kind.qualitative": ("定性评分", "qualitative scores"),
    "audit.value.kind.adjustments": ("加扣分", "bonus and deduction items"),
    "audit.value.source.settings": ("考核设置页面编辑", "edited on the settings page"),
    "audit.value.source.copy": ("由 {scheme} 第{version}版复制", "copied from {scheme} version {version}"),
    "audit.value.reason.disabled": ("账号已停用", "account disabled"),
    "audit.file_name": ("操作日志_{day}.xlsx", "audit_log_{day}.xlsx"),
    "audit.field.ledger": ("台账", "ledger"),
    "audit.field.rows_read": ("读取行数", "rows read"),
    "audit.field.loaded": ("导入", "loaded"),
    "audit.field.skipped": ("跳过", "skipped"),
    "audit.field.duplicate": ("重复", "duplicates"),
    "audit.field.rejected": ("退回", "rejected"),
    "audit.field.mapping": ("表头对应", "header mapping"),
    "audit.field.codes_assigned": ("新编号", "codes assigned"),
    "audit.field.name": ("名称", "name"),
    "audit.field.scheme": ("评分办法", "scheme"),
    "audit.field.note": ("说明", "note"),
    "audit.field.kind": ("类型", "kind"),
    "audit.field.rows": ("行数", "rows"),
    "audit.field.score": ("分数", "score"),
    "audit.field.level": ("等次/级别", "level"),
    "audit.field.comment": ("评语", "comment"),
    "audit.field.period": ("考核期", "period"),
    "audit.field.unit_id": ("党组织编号", "unit code"),
    "audit.field.type": ("类型", "type"),
    "audit.field.category": ("类别", "category"),
    "audit.field.points": ("分值", "points"),
    "audit.field.reason": ("事由", "reason"),
    "audit.field.evidence": ("佐证", "evidence"),
    "audit.field.id": ("编号", "no."),
    "audit.field.publication_id": ("发布编号", "publication no."),
    "audit.field.units": ("单位数", "units"),
    "audit.field.format": ("格式", "format"),
    "audit.field.file": ("文件", "file"),
    "audit.field.comments": ("含评语", "with comments"),
    "audit.field.awards_confirmed": ("评优已确认", "honours confirmed"),
    "audit.field.header": ("表头", "header"),
    "audit.field.field": ("字段", "field"),
    "audit.field.check_id": ("检查项", "check"),
    "audit.field.subject": ("疑点", "flag"),
    "audit.field.verdict": ("核实结论", "verdict"),
    "audit.field.reviewed_by": ("核实人", "reviewed by"),
    "audit.field.deadline": ("截止日", "deadline"),
    "audit.field.part": ("分工系数", "part"),
    "audit.field.post": ("职务", "post"),
    "audit.field.department": ("分管部门", "department"),
    "audit.field.unit_ids": ("联系点", "linked units"),
    "audit.field.community_ids": ("分包社区（村）", "communities"),
    "audit.field.status": ("状态", "status"),
    "audit.field.item_id": ("事项编号", "item no."),
    "audit.field.indicator": ("指标", "indicator"),
    "audit.field.requirement": ("整改要求", "requirement"),
    "audit.field.responsible": ("责任人", "responsible"),
    "audit.field.withdrawn": ("已撤回", "withdrawn"),
    "audit.field.user_name": ("登录名", "user name"),
    "audit.field.display_name": ("姓名", "display name"),
    "audit.field.role": ("角色", "role"),
    "audit.field.leader": ("班子成员", "leader"),
    "audit.field.disabled": ("已停用", "disabled"),
    "audit.field.client": ("来源地址", "client"),
    "audit.field.until": ("暂停至", "paused until"),
    "audit.field.folder": ("备份文件夹", "backup folder"),
    "audit.field.replaced": ("被替换的文件", "replaced file"),
    "audit.field.import_id": ("导入编号", "import no."),
    "audit.field.sha256": ("文件指纹", "file fingerprint"),
    "audit.field.content_hash": ("内容指纹", "content fingerprint"),
    "audit.field.source": ("来源", "source"),
    "audit.field.score_id": ("记录编号", "record no."),
    "audit.field.result_hash": ("结果指纹", "result fingerprint"),
    "audit.field.fingerprint": ("疑点指纹", "flag fingerprint"),
    "audit.field.review_id": ("核实编号", "review no."),
    # the product's own authors of changes, as users read them (kaohe.formats.person)
    "user.internal.demo": ("演示数据", "Demo data"),
    "user.internal.local": ("本机用户", "Local user"),
    "user.internal.system": ("系统", "System"),
    "user.internal.cli": ("命令行", "Command line"),
    # a unit outside any community, the same on every page (kaohe.formats.community)
    "unit.no_community": ("不属社区", "No community"),
    "access.no_import_log": (
        "用户 {user} 只能查看本支部的记录，不能查看导入记录和退回行",
        "{user} sees their own units' rows only, not the import log or rejected rows",
    ),
    "demo.incomplete": (
        "演示台账不完整：{folder} 中缺少 {files}；请运行 python -m kaohe.demo_generate 重新生成",
        "The demo ledgers are incomplete: {folder} lacks {files}; run python -m kaohe.demo_generate to write them",
    ),
    "format.titled_period": ("{title}（{period}）", "{title} ({period})"),
    "export.pdf.no_font": (
        "无法生成 PDF：找不到中文字体文件（应为 {font}），请安装 Debian 软件包 fonts-noto-cjk",
        "Cannot make the PDF: no Chinese font file (expected {font}); install the Debian package fonts-noto-cjk",
    ),
    "format.note": ("{text}（{note}）", "{text} ({note})"),
    # why a period cannot be published now (kaohe.publish)
    "publish.refused.under_way": (
        "考核期 {period} 尚未结束（至 {last}），不能发布最终结果",
        "Period {period} is not over yet (it runs to {last}): final results cannot be published",
    ),
    "publish.refused.pending": (
        "考核期 {period} 还有 {n} 项定性评价待评，录入完毕后才能发布",
        "Period {period} still has {n} qualitative scores to enter; publish once they are in",
    ),
    "publish.refused.unchanged": (
        "考核期 {period} 的结果已于 {when} 由 {who} 发布，此后数据和评分办法没有变化，无需重新发布",
        "The results of {period} were published on {when} by {who}; nothing has changed since, so there is nothing "
        "to publish again",
    ),
    "publish.error.no_record": ("没有编号为 {id} 的发布记录", "There is no publication numbered {id}"),
    # ledger credibility checks (kaohe/checks.py) and grade stability (kaohe/stability.py)
    "check.group.burst": ("期末突击", "End-of-period burst"),
    "check.group.copy": ("复制粘贴", "Copies"),
    "check.group.values": ("不可能或不合理的数值", "Impossible or implausible values"),
    "check.group.regularity": ("过于规整", "Suspicious regularity"),
    "check.subject.services": ("便民服务", "services"),
    "check.subject.deeds": ("为民办实事", "practical deeds"),
    "check.subject.meetings": ("组织生活", "meetings"),
    "check.subject.cases": ("代办与实事", "errands and deeds"),
    "check.subject.counts": ("计数指标", "count indicators"),
    "check.burst.name": ("期末集中登记", "Rows bunched before the deadline"),
    "check.burst.explain": (
        "{subject}：考核期最后 {window_days} 天登记 {window_rows} 条，占全期 {total_rows} 条的 {share}；"
        "按本单位此前的节奏，这段时间约应有 {expected_rows} 条；其他单位同期只占各自全期的 {peer_share}。"
        "请核对这些记录是否为当时实际开展、按时登记。",
        "{subject}: {window_rows} of {total_rows} rows ({share}) are dated in the last {window_days} days of the "
        "period, where the unit's own pace before predicts about {expected_rows}; other units put {peer_share} "
        "of theirs there. Check that these were done and recorded at the time.",
    ),
    "check.copy_within.name": ("本单位重复记录", "Repeated rows within the unit"),
    "check.copy_within.explain": (
        "{subject}：有 {groups} 组记录内容和人数完全相同却分记在不同日期（共 {rows} 条，最多一组 {largest} 个日期）。"
        "请核对是否为复制粘贴的台账。",
        "{subject}: {groups} group(s) of rows with the same text and the same head counts on different dates "
        "({rows} rows; the largest on {largest} dates). Check whether the ledger was copied and pasted.",
    ),
    "check.copy_within.row": ("同样内容共 {dates} 个日期", "same text on {dates} dates"),
    "check.copy_across.name": ("与其他单位雷同", "Rows identical to another unit's"),
    "check.copy_across.explain": (
        "{subject}：有 {rows} 条记录与{others}的台账同一天、同样内容、同样人数，且这些内容并非街道统一布置。"
        "请核对这些工作由哪个单位开展、是否照抄了台账。",
        "{subject}: {rows} row(s) match rows of {others} on the same day with the same text and head counts, "
        "and the text is not one the office gave every unit. Check which unit did the work and whether a ledger "
        "was copied.",
    ),
    "check.copy_across.row": ("与{others}相同", "same as {others}"),
    "check.attendees_over_roll.name": ("实到人数超过应到或在册党员", "Attendance above the roll"),
    "check.attendees_over_roll.explain": (
        "组织生活：有 {rows} 次会议的实到人数多于应到人数或本支部在册党员数，不可能如此。请核对会议记录。",
        "Meetings: {rows} meeting(s) record more attendees than were expected or than the branch has members. "
        "Check the minutes.",
    ),
    "check.attendees_over_roll.row.attendees": ("实到 {attendees} 人", "{attendees} attended"),
    "check.attendees_over_roll.row.members_total": ("应到 {members_total} 人", "{members_total} expected"),
    "check.attendees_over_roll.row.members": ("在册党员 {members} 人", "{members} members on the roll"),
    "check.members_over_roll.name": ("参与党员超过在册党员", "Members involved above the roll"),
    "check.members_over_roll.explain": (
        "便民服务：有 {rows} 次服务登记的参与党员多于本支部在册党员数，不可能如此。请核对。",
        "Services: {rows} service(s) name more members taking part than the branch has. Check them.",
    ),
    "check.members_over_roll.row": (
        "参与党员 {members_involved} 人，在册党员 {members} 人",
        "{members_involved} members involved, {members} on the roll",
    ),
    "check.people_implausible.name": ("服务人数明显不合常理", "Implausible head counts"),
    "check.people_implausible.explain": (
        "便民服务：有 {rows} 次服务的服务人数远超本单位平常的规模或超过所在社区常住人口。请核对签到表等原始材料。",
        "Services: {rows} service(s) claim far more people than the unit usually serves, or more than its "
        "community's residents. Check the sign-in sheets.",
    ),
    "check.people_implausible.row.people_served": ("服务 {people_served} 人", "{people_served} served"),
    "check.people_implausible.row.usual": (
        "本单位 90% 的服务不超过 {usual} 人",
        "90% of the unit's services serve {usual} or fewer",
    ),
    "check.people_implausible.row.residents": ("社区常住人口 {residents} 人", "{residents} residents"),
    "check.outside_active.name": ("成立前或撤销后的记录", "Rows dated when the unit did not exist"),
    "check.outside_active.explain": (
        "{subject}：有 {rows} 条记录的日期在本单位成立之前或撤销之后。请核对日期或所属单位。",
        "{subject}: {rows} row(s) are dated before the unit was founded or after it was dissolved. Check the date "
        "or the unit.",
    ),
    "check.outside_active.row.active_from": ("成立日期 {active_from}", "founded {active_from}"),
    "check.outside_active.row.active_to": ("撤销日期 {active_to}", "dissolved {active_to}"),
    "check.row.separator": ("；", "; "),
    "check.closed_before_received.name": ("办结早于受理", "Closed before received"),
    "check.closed_before_received.explain": (
        "代办与实事：有 {rows} 件的办结日期早于受理日期。请核对日期。",
        "Errands and deeds: {rows} case(s) were closed before they were received. Check the dates.",
    ),
    "check.closed_before_received.row": (
        "受理 {received_date}，办结 {closed_date}",
        "received {received_date}, closed {closed_date}",
    ),
    "check.on_target.name": ("多项计数恰好等于目标", "Counts exactly on target"),
    "check.on_target.explain": (
        "{hits} 项计数指标的实际数恰好等于目标数（{indicators}），自然开展的工作很少这样整齐。"
        "请核对是否按目标凑数登记。",
        "{hits} count indicators land exactly on their targets ({indicators}); work done as it comes rarely "
        "does. Check whether rows were entered to meet the targets.",
    ),
    "check.on_target.row": ("{indicator}：实际 {actual}，目标 {target}", "{indicator}: {actual} against {target}"),
    "check.same_day.name": ("会议日期过于整齐", "Meetings all on one day of the month"),
    "check.same_day.explain": (
        "{subject}：全期 {meetings} 次会议中有 {on_day} 次都在每月 {day} 日，节假日和周末也不例外。"
        "如为固定活动日请注明；否则请核对会议是否如实记录。",
        "{subject}: {on_day} of {meetings} meetings fall on day {day} of the month, weekends and holidays "
        "included. Note it if that is a fixed day; otherwise check the minutes.",
    ),
    "check.round_numbers.name": ("服务人数全是整十数", "Only round head counts"),
    "check.round_numbers.explain": (
        "便民服务：{counted} 次服务人数在 10 人以上的服务中，有 {round} 次是 {multiple} 的整倍数，"
        "实际签到人数很少这样整齐。请核对是否为估填。",
        "Services: {round} of {counted} services of 10 people or more give a multiple of {multiple}; real "
        "sign-in counts rarely do. Check whether the counts were estimated.",
    ),
    "check.round_numbers.row": ("服务 {people_served} 人", "{people_served} served"),
    "check.status.open": ("未核实", "Not reviewed"),
    "check.status.verified": ("已核实", "Verified"),
    "check.status.rectify": ("需整改", "To be put right"),
    "check.stale": (
        "核实之后所涉记录有变化，请重新核实。",
        "The rows changed after the review: review the flag again.",
    ),
    "check.skipped.under_way": (
        "「多项计数恰好等于目标」要到考核期结束后才检查（期中的目标还没到期）。",
        "Counts exactly on target are checked once the period has ended (targets are not yet due).",
    ),
    "check.skipped.no_scores": (
        "「多项计数恰好等于目标」没有检查：该考核期无法评分。",
        "Counts exactly on target were not checked: the period cannot be scored.",
    ),
    "check.error.verdict": (
        "核实结论应为「已核实」或「需整改」，不是 {verdict}",
        "The verdict must be verified or to be put right, not {verdict}",
    ),
    "check.error.note_missing": (
        "请填写核实说明：核对了什么、结论的依据或需整改的内容。",
        "Add a note: what was checked, and why, or what must be put right.",
    ),
    "check.error.note_long": ("核实说明最多 {limit} 个字。", "The note may be at most {limit} characters."),
    "check.error.no_flag": (
        "{unit} 目前没有「{check}」疑点，无需核实（数据可能已更新）。",
        "{unit} has no '{check}' flag now (the data may have changed).",
    ),
    "check.error.rows_changed": (
        "这条疑点涉及的记录在页面打开后有变化，请刷新后重新核实。",
        "The rows behind this flag changed after the page was drawn: reload and review again.",
    ),
    "check.error.reviewed_since": (
        "{who} 在页面打开后已核实了这条疑点，请刷新查看后再提交。",
        "{who} reviewed this flag after the page was drawn: reload to see it before saving.",
    ),
    "thresholds.unreadable": (
        "阈值文件 {file} 无法读取：{reason}",
        "The thresholds file {file} cannot be read: {reason}",
    ),
    "thresholds.unknown_section": (
        "阈值文件 {file}：没有名为 [{section}] 的检查",
        "Thresholds file {file}: there is no check [{section}]",
    ),
    "thresholds.not_a_table": (
        "阈值文件 {file}：[{section}] 应为一个表",
        "Thresholds file {file}: [{section}] must be a table",
    ),
    "thresholds.unknown_key": (
        "阈值文件 {file}：[{section}] 没有 {name} 这一项",
        "Thresholds file {file}: [{section}] has no key {name}",
    ),
    "thresholds.bad_value": (
        "阈值文件 {file}：[{section}] {name} = {value} 不对，应与默认值 {default} 同类且不为负",
        "Thresholds file {file}: [{section}] {name} = {value} is wrong: it must be of the kind of its default "
        "{default} and not negative",
    ),
    "thresholds.bad_stability": (
        "阈值文件 {file}：[stability] 的 band 与 stable_share 应在 0 到 1 之间，draws 至少为 1",
        "Thresholds file {file}: [stability] band and stable_share must lie in (0, 1], draws at least 1",
    ),
    "stability.status.stable": ("稳定", "Stable"),
    "stability.status.borderline": ("临界", "Borderline"),
    "stability.borderline_kept": ("临界（保持 {kept}）", "Borderline (kept in {kept})"),
    "check.error.verdict_missing": (
        "请选择核实结论：已核实或需整改。",
        "Choose a verdict: verified or to be put right.",
    ),
    "scorecard.stability": ("等次稳定性", "Grade stability"),
    "scorecard.stability_kept": ("保持原等次的比例", "Draws keeping the grade"),
    "scorecard.stability_boundary": ("距{grade}线（{line} 分）", "From the {grade} line ({line})"),
    "scorecard.stability_quota": ("距名额线", "From the quota line"),
    "scorecard.stability_quota_help": (
        "本单位总分达到限额等次、且达到的单位多于名额时：比名额外第一名高出（正）或比名额内最后一名低（负）多少分；"
        "名额不涉及本单位时为“—”。",
        "When the unit reached the quota grade and more units did than there are places: how far it is above the "
        "first unit left out (positive) or below the last unit kept (negative); “—” when the quota does not decide "
        "it.",
    ),
    "scorecard.stability_deciding": (
        "等次临界：以下指标的得分在评分办法小幅变化的范围内变动，就可能改变等次——{indicators}。发布前请再核一遍。",
        "Borderline: a small change in the method moving these indicators' points could change the grade — "
        "{indicators}. Look at it again before publishing.",
    ),
    "scorecard.stability_move": ("{indicator}（{points} 分）", "{indicator} ({points})"),
    "scorecard.stability_vetoed": (
        "一票否决：等次固定为最低一档，不随得分变动。",
        "Vetoed: the grade is the lowest, whatever the points.",
    ),
    "scorecard.stability_method": (
        "方法：每项指标的得分在其满分 ±{band} 的范围内随机变动（不超过满分、不低于 0），加扣分和一票否决不变，"
        "按同一评分办法（等次线、名额和并列规则）重新定等次，共 {draws} 次（固定随机种子）；"
        "保持原等次不少于 {share} 为“稳定”，否则为“临界”。只作提示，不改变得分。",
        "Method: every indicator's points move at random within ±{band} of its full points (never above full "
        "points or below 0), bonus, deductions and veto unchanged, and the grade is set again by the same method "
        "(grade lines, quota, tie-break), {draws} times from a fixed seed; a grade kept in at least {share} of "
        "them is stable, else borderline. An aid only: no score changes.",
    ),
    "scorecard.credibility": ("台账可信度", "Ledger credibility"),
    "scorecard.credibility_none": ("{period}未发现本单位台账的疑点。", "No flags on this unit's ledgers in {period}."),
    "scorecard.credibility_caption": (
        "检查发现 {n} 条疑点，其中 {open} 条未核实。疑点只是提示，请对照所涉台账行核实；核实结论不改变得分。",
        "{n} flags, {open} not reviewed. A flag is a prompt: check the rows behind it; a verdict changes no score.",
    ),
    "scorecard.reviewed": ("{verdict}：{by}，{at}。{note}", "{verdict} by {by}, {at}. {note}"),
    "scorecard.flag_rows": ("所涉台账行（{n} 行）", "Rows behind the flag ({n})"),
    "scorecard.review_verdict": ("核实结论", "Verdict"),
    "scorecard.review_note": ("核实说明", "Note"),
    "scorecard.review_note_hint": (
        "核对了什么、依据是什么，或需整改的内容",
        "What was checked and why, or what must be put right",
    ),
    "scorecard.review_save": ("保存核实结果", "Save the review"),
    "scorecard.review_saved": ("已保存「{check}」的核实结果。", "Review of '{check}' saved."),
    "score.stability": ("等次稳定性", "Grade stability"),
    "score.open_flags": ("待核实疑点", "Flags to review"),
    "audit.action.scheme.activate": ("启用评分办法版本", "Scheme version put in force"),
    "audit.action.self.deadline": ("设置自评截止日", "Self-assessment deadline set"),
    "audit.action.self.score": ("录入自评分", "Self-assessment entered"),
    "audit.action.parts.set": ("录入共同任务分工", "Shared-task part entered"),
    # leaders (班子成员) and the units they answer for (kaohe.leaders, pages/leaders.py, ledger leaders)
    "ledger.leaders": ("班子成员联系点", "Leaders"),
    "field.post": ("职务", "Post"),
    "field.unit_ids": ("联系点", "Linked units"),
    "field.department": ("分管科室", "Department"),
    "field.community_ids": ("分包社区（村）", "Communities of the department"),
    "template.rule.units": (
        "党组织名称，多个用顿号（、）分隔，须与党组织名册一致",
        "Unit names separated by 、, as in the units roster",
    ),
    "audit.action.leader.save": ("保存班子成员联系点", "Leader saved"),
    "audit.action.leader.remove": ("删除班子成员", "Leader removed"),
    "app.role.leader": ("班子成员", "Leader"),
    "leaders.error.no_name": ("请填写班子成员的姓名", "Enter the leader's name"),
    "leaders.error.long_name": (
        "姓名「{name}」太长：最多 {limit} 个字符",
        "The name “{name}” is too long: at most {limit} characters",
    ),
    "leaders.error.no_units": (
        "请为「{name}」选择至少一个联系点",
        "Pick at least one linked unit for {name}",
    ),
    "leaders.error.unknown_units": (
        "「{name}」的联系点或分包社区中，编号 {codes} 不在党组织名册中",
        "The codes {codes} among {name}'s linked units or communities are not in the units roster",
    ),
    "leaders.error.taken": (
        "名册中已有班子成员「{name}」，同名的只能有一位",
        "The list already has a leader called {name}; names must be unique",
    ),
    "leaders.error.gone": (
        "班子成员「{name}」已不在名册中（可能刚被他人修改），请刷新后再试",
        "{name} is no longer on the list (someone may have just changed it); reload and try again",
    ),
    "leaders.added": ("已添加班子成员「{name}」", "{name} added"),
    "leaders.saved": ("已保存班子成员「{name}」", "{name} saved"),
    "leaders.removed": ("已从名册中删除「{name}」", "{name} removed from the list"),
    # 评优评先 (kaohe.awards, pages/awards.py)
    "page.awards": ("评优评先", "Honours"),
    "awards.none": (
        "评分办法「{scheme}」没有规定评优评先办法（[awards] 表），无法拟定推荐名单",
        "The scheme “{scheme}” has no [awards] table, so no honours can be proposed",
    ),
    "awards.not_published": (
        "考核期 {period} 的结果尚未发布：发布后才能确认评优评先名单",
        "The results of {period} are not published yet: the honours are confirmed after publication",
    ),
    "awards.reason.veto": ("一票否决（{reason}），取消年度评优资格", "Vetoed ({reason}): not eligible this year"),
    "awards.reason.ineligible": (
        "考核等次为{grade}，取消年度评优资格",
        "Graded {grade}: not eligible for honours this year",
    ),
    "awards.reason.recommended": (
        "考核等次{grade}，总分 {total}，{rank}",
        "Graded {grade}, total {total}, {rank}",
    ),
    "awards.reason.over_quota": (
        "考核等次{grade}，总分 {total}，推荐名额（{limit} 个）已满，保留评优资格",
        "Graded {grade}, total {total}; the {limit} recommendations are taken, eligibility kept",
    ),
    "awards.reason.eligible": ("考核等次为{grade}，保留评优资格", "Graded {grade}: eligibility kept"),
    "awards.status.recommended": ("推荐", "Recommended"),
    "awards.status.eligible": ("保留评优资格", "Eligible"),
    "awards.status.ineligible": ("取消评优资格", "Not eligible"),
    "awards.error.incomplete": (
        "评优评先名单要整体确认，以下党组织还没有结论：{units}",
        "The list is confirmed as a whole; these units have no decision: {units}",
    ),
    "awards.error.unknown_unit": (
        "党组织 {unit} 不在考核期 {period} 的考核结果中",
        "Unit {unit} is not in the results of {period}",
    ),
    "awards.error.status": (
        "「{unit}」的结论「{status}」无效：应为推荐、保留评优资格或取消评优资格",
        "{unit}: “{status}” is not a decision (recommended, eligible or not eligible)",
    ),
    "awards.error.no_reason": ("请填写「{unit}」的理由", "Give a reason for {unit}"),
    "awards.error.long_reason": (
        "「{unit}」的理由太长：最多 {limit} 个字",
        "The reason for {unit} is too long: at most {limit} characters",
    ),
    "awards.error.must_be_ineligible": (
        "「{unit}」按评分办法应取消评优资格（{reason}），不能改为其他结论",
        "{unit} loses eligibility under the scheme ({reason}) and cannot be given another decision",
    ),
    "awards.error.not_recommendable": (
        "「{unit}」的考核等次为{grade}，按评分办法不能推荐",
        "{unit} is graded {grade}, which the scheme does not recommend",
    ),
    "awards.error.over_quota": (
        "推荐了 {n} 个党组织，超过评分办法规定的名额 {limit} 个",
        "{n} units recommended, more than the scheme's {limit}",
    ),
    "awards.col.rank": ("排名", "Rank"),
    "awards.col.unit": ("党组织", "Unit"),
    "awards.col.kind": ("类型", "Kind"),
    "awards.col.total": ("总分", "Total"),
    "awards.col.grade": ("等次", "Grade"),
    "awards.col.status": ("评优结论", "Decision"),
    "awards.col.reason": ("理由", "Reason"),
    "awards.sheet": ("评优评先名单", "Honours"),
    "awards.file": ("评优评先名单", "honours"),
    "audit.action.awards.confirm": ("确认评优评先", "Honour confirmed"),
    "audit.action.rectification.draft": ("拟定整改事项", "Rectification drafted"),
    "audit.action.rectification.update": ("更新整改事项", "Rectification updated"),
    "audit.action.rectification.withdraw": ("撤回整改事项", "Rectification withdrawn"),
    # 整改 (kaohe.rectification, pages/rectification.py)
    "page.rectification": ("整改落实", "Rectification"),
    "rectify.veto": ("一票否决事项", "Veto"),
    "rectify.req.count": (
        "对照「{indicator}」的目标（{target}）补齐差距：本期实际 {actual}，失分 {lost} 分",
        "Close the gap on “{indicator}” against its target ({target}): actual {actual}, {lost} points lost",
    ),
    "rectify.req.rate": (
        "把「{indicator}」提高到目标 {target} 以上：本期为 {actual}，失分 {lost} 分",
        "Raise “{indicator}” to its target {target} or above: it was {actual}, {lost} points lost",
    ),
    "rectify.req.items": (
        "按规定按时开展「{indicator}」，不再缺漏：本期缺 {actual} 期，失分 {lost} 分",
        "Hold “{indicator}” on time without gaps: {actual} windows missed, {lost} points lost",
    ),
    "rectify.req.categories": (
        "针对「{indicator}」排查原因，健全化解机制，杜绝越级上访和逾期化解：失分 {lost} 分",
        "Find the causes behind “{indicator}” and prevent escalated or overdue cases: {lost} points lost",
    ),
    "rectify.req.qualitative": (
        "对照「{indicator}」评议意见逐项整改：失分 {lost} 分",
        "Act on every point of the “{indicator}” review: {lost} points lost",
    ),
    "rectify.req.alert": (
        "按进度补齐「{indicator}」：截至 {as_of} 应完成 {expected}，实际 {actual}（全年目标 {target}）",
        "Catch up on “{indicator}”: {expected} due by {as_of}, {actual} done (year's target {target})",
    ),
    "rectify.req.veto": (
        "针对一票否决事项（{reason}）彻底整改，查明责任，建立防范措施",
        "Rectify the vetoed matter ({reason}) in full: establish responsibility and prevent a recurrence",
    ),
    "rectify.status.open": ("待整改", "To do"),
    "rectify.status.in_progress": ("整改中", "In progress"),
    "rectify.status.reported": ("已报整改", "Reported done"),
    "rectify.status.closed": ("已销号", "Closed"),
    "rectify.basis.grade": ("年度考核", "Year-end grade"),
    "rectify.basis.alert": ("进度预警", "Pace alert"),
    "rectify.col.item_id": ("编号", "No."),
    "rectify.col.period": ("考核期", "Period"),
    "rectify.col.unit": ("党组织", "Unit"),
    "rectify.col.grade": ("等次", "Grade"),
    "rectify.col.basis": ("整改原因", "Why"),
    "rectify.col.indicator": ("指标", "Indicator"),
    "rectify.col.points_lost": ("失分", "Points lost"),
    "rectify.col.requirement": ("整改要求", "What is required"),
    "rectify.col.responsible": ("责任人", "Responsible"),
    "rectify.col.deadline": ("整改期限", "Deadline"),
    "rectify.col.status": ("状态", "Status"),
    "rectify.col.evidence": ("佐证说明", "Evidence"),
    "rectify.col.overdue": ("逾期", "Overdue"),
    "rectify.col.entered_by": ("最后修改人", "Last changed by"),
    "rectify.error.long": ("「{field}」太长：最多 {limit} 个字", "“{field}” is too long: at most {limit} characters"),
    "rectify.error.no_requirement": (
        "「{unit}」的「{indicator}」没有写整改要求",
        "The item on “{indicator}” for {unit} has no requirement",
    ),
    "rectify.error.gone": (
        "整改事项 {item} 不存在或已撤回，请刷新后再试",
        "Item {item} does not exist or was withdrawn; reload and try again",
    ),
    "rectify.error.status": ("整改状态「{status}」无效", "“{status}” is not a rectification status"),
    "rectify.error.close_is_assessors": (
        "销号由考核组验收后办理：支部只能把状态改为待整改、整改中或已报整改",
        "Closing an item is the assessors' acceptance: a branch sets to do, in progress or reported done",
    ),
    "rectify.unchanged": ("没有改动", "Nothing changed"),
    "rectify.updated": ("已更新整改事项「{indicator}」", "Item “{indicator}” updated"),
    "rectify.withdrawn": ("已撤回整改事项「{indicator}」", "Item “{indicator}” withdrawn"),
    "page.my_units": ("我的联系点", "My units"),
    "page.leaders": ("班子成员联系点", "Leaders and their units"),
    "page.group.leader": ("联系点", "Leadership"),
    "page.group.outcome": ("结果运用", "Outcomes"),
    # 我的联系点 (pages/my_units.py, kaohe.accountability)
    "my_units.leader": ("班子成员", "Leader"),
    "my_units.no_leaders": (
        "还没有班子成员联系点名册：请在「台账导入」导入名册，或在「班子成员联系点」页面录入。",
        "There is no leaders list yet: import one on the Import page or enter it on the Leaders page.",
    ),
    "my_units.no_leaders.ask": (
        "还没有班子成员联系点名册：请在「班子成员联系点」页面录入，或请考核组导入名册。",
        "There is no leaders list yet: enter it on the Leaders page or ask the assessors to import one.",
    ),
    "my_units.goto_leaders": ("前往班子成员联系点", "Go to the leaders list"),
    "my_units.caption": (
        "{name}（{post}），分管{department}：联系点 {links} 个，分包社区（村）{communities} 个 · {period}",
        "{name} ({post}), leads {department}: {links} linked units, {communities} through the department · {period}",
    ),
    "my_units.no_units": (
        "名册中还没有为{name}登记联系点或分包社区。",
        "The leaders list gives {name} no linked units or communities yet.",
    ),
    "my_units.metric.units": ("联系的党组织", "Units"),
    "my_units.metric.average": ("平均得分", "Average total"),
    "my_units.metric.lowest": ("最低得分", "Lowest total"),
    "my_units.metric.pace": ("进度滞后 / 预警", "Behind / alert"),
    "my_units.metric.items": ("整改未销号 / 逾期", "Items open / overdue"),
    "my_units.pace_counts": ("{behind} / {alert}", "{behind} / {alert}"),
    "my_units.items_counts": ("{open} / {overdue}", "{open} / {overdue}"),
    "my_units.standing": ("各党组织得分排名", "Standing of each unit"),
    "my_units.col.unit": ("党组织", "Unit"),
    "my_units.col.basis": ("联系方式", "Link"),
    "my_units.col.rank": ("排名", "Rank"),
    "my_units.col.total": ("总分", "Total"),
    "my_units.col.grade": ("等次", "Grade"),
    "my_units.col.change": ("比上年", "Change on a year before"),
    "my_units.col.pace": ("进度", "Pace"),
    "my_units.col.lagging": ("滞后指标", "Lagging indicators"),
    "my_units.col.items": ("整改未销号 / 逾期", "Items open / overdue"),
    "my_units.col.indicator": ("指标", "Indicator"),
    "my_units.col.expected": ("截至目前应完成", "Due by now"),
    "my_units.col.actual": ("实际完成", "Done"),
    "my_units.col.ratio": ("完成进度", "Progress"),
    "my_units.pace_closed": (
        "{period}已结束，进度预警只对进行中的考核期显示。",
        "{period} has ended; pace alerts are shown for a period under way.",
    ),
    "my_units.drill": ("查看党组织的评分详情", "Open a unit's scorecard"),
    "my_units.open_card": ("打开评分详情", "Open scorecard"),
    "my_units.alerts": ("进度预警", "Pace alerts"),
    "my_units.no_alerts": (
        "截至 {as_of}，联系的党组织没有滞后或预警的指标。",
        "As of {as_of}, no indicator of these units is behind.",
    ),
    "my_units.trend": ("历年得分", "Totals over the years"),
    "my_units.trend_title": ("联系党组织历年总分", "Totals of the units over the years"),
    "my_units.trend_provisional": (
        "空心点为预估得分（考核期尚未结束或定性评价待评）。",
        "Hollow points are provisional totals (the period is under way or qualitative scores are pending).",
    ),
    "my_units.items": ("整改事项", "Rectification items"),
    "my_units.no_items": ("联系的党组织没有整改事项。", "These units have no rectification items."),
    "my_units.goto_items": ("前往整改落实", "Go to rectification"),
    "leaders.basis.link": ("联系点", "Linked"),
    "leaders.basis.department": ("分包社区", "Through the department"),
    "rectify.overdue_mark": ("已逾期", "Overdue"),
    "rectify.caption": (
        "考核结果不合格（及年度中进度预警）的党组织，按失分最多的指标逐项整改，限期销号。",
        "Units graded 不合格 (and those on pace alert during the year) rectify the indicators that lost them most, "
        "each item closed by a deadline.",
    ),
    "rectify.show": ("显示", "Show"),
    "rectify.show.open": ("全部未销号事项", "Every item not closed"),
    "rectify.show.period": ("{period}的全部事项", "All items of {period}"),
    "rectify.overdue_warning": ("有 {n} 项整改已逾期未完成", "{n} items are overdue"),
    "rectify.none": ("{period}还没有整改事项。", "{period} has no rectification items."),
    "rectify.none_open": ("没有未销号的整改事项。", "No item is open."),
    "rectify.edit": ("更新整改事项", "Update an item"),
    "rectify.pick": ("整改事项", "Item"),
    "rectify.evidence_hint": (
        "做了什么、佐证材料在哪里（如会议记录第 3 页、照片存于党建办）",
        "What was done and where the proof is",
    ),
    "rectify.save": ("保存", "Save"),
    "rectify.withdraw": ("撤回此事项", "Withdraw this item"),
    "rectify.draft": ("拟定整改事项（{period}）", "Draft items for {period}"),
    "rectify.with_alerts": ("包括进度预警的党组织", "Include units on pace alert"),
    "rectify.draft_rule": (
        "按评分办法：等次为 {grades} 的党组织，每个按失分最多的 {items} 项指标拟定，期限 {days} 天。",
        "By the scheme: units graded {grades}, the {items} indicators that lost most points each, {days} days.",
    ),
    "rectify.draft_under_way": (
        "考核期尚未结束（统计截止 {as_of}），年度等次未定，只能为进度预警的党组织拟定。",
        " The period is under way (cut-off {as_of}): grades are not final, only units on pace alert can be drafted.",
    ),
    "rectify.nothing_to_draft": (
        "没有需要拟定的整改事项（已下发的不再重复）。",
        "Nothing to draft (items issued are not repeated).",
    ),
    "rectify.issue": ("下发这 {n} 项整改", "Issue these {n} items"),
    "rectify.issued": ("已下发 {n} 项整改事项", "{n} items issued"),
    "awards.no_quota": ("不限名额", "no quota"),
    "awards.quota": ("名额 {n} 个", "at most {n}"),
    "awards.caption": (
        "{period}：考核结果与年终评优评先相结合，推荐评选「{honour}」（{limit}）",
        "{period}: the result leads to the year's honours — recommendations for “{honour}” ({limit})",
    ),
    "awards.preview": (
        "{period}的结果尚未发布：以下是按评分办法拟定的名单，仅供预览；结果发布后由考核组确认。",
        "The results of {period} are not published: this is the scheme's proposal, a preview; the assessors "
        "confirm it after publication.",
    ),
    "awards.confirmed": ("名单已由 {who} 于 {when} 确认", "Confirmed by {who} on {when}"),
    "awards.stale": (
        "此前确认的名单针对的是较早的发布结果；当前为第 {revision} 次发布，请重新确认。",
        "The list was confirmed against an earlier publication; this is revision {revision}: confirm again.",
    ),
    "awards.proposed": (
        "以下是按评分办法拟定的名单，尚未确认：可逐个调整结论（须写明理由）后确认。",
        "This is the scheme's proposal, not yet confirmed: adjust units (with a reason) and confirm.",
    ),
    "awards.pending": ("有 {n} 个党组织的结论已调整，尚未确认", "{n} units adjusted, not yet confirmed"),
    "awards.download": ("下载评优评先名单（Excel）", "Download the list (Excel)"),
    "awards.adjust": ("调整并确认名单", "Adjust and confirm"),
    "awards.add_edit": ("调整这个党组织的结论", "Adjust this unit"),
    "awards.confirm": ("确认名单", "Confirm the list"),
    "awards.discard": ("放弃调整", "Discard the adjustments"),
    "awards.confirmed_now": ("名单已确认（{n} 个党组织的结论记入操作日志）", "List confirmed ({n} decisions logged)"),
    "awards.not_allowed": ("评优评先名单由考核组确认。", "The assessors confirm the list."),
    "leaders.caption": (
        "每个班子成员联系的党组织（联系点），及其分管科室分包的社区（村）：班子成员账号只看到这些党组织。",
        "The units each leader is linked to, and the communities the department they lead is responsible for: "
        "a leader's account sees exactly these units.",
    ),
    "leaders.empty": (
        "还没有班子成员联系点名册：可在「台账导入」导入（表头如 姓名、职务、联系点、分管科室、分包社区），"
        "或在下方录入。",
        "No leaders list yet: import one (headers such as 姓名, 职务, 联系点, 分管科室, 分包社区) or enter it below.",
    ),
    "leaders.col.name": ("姓名", "Name"),
    "leaders.col.post": ("职务", "Post"),
    "leaders.col.units": ("联系点", "Linked units"),
    "leaders.col.department": ("分管科室", "Department"),
    "leaders.col.communities": ("分包社区（村）", "Communities of the department"),
    "leaders.col.source": ("来源", "Source"),
    "leaders.entered_here": ("在本页录入", "Entered here"),
    "leaders.goto_import": ("导入班子成员联系点名册", "Import a leaders list"),
    "leaders.not_allowed": ("名册由考核组维护。", "The assessors keep the list."),
    "leaders.edit": ("录入或修改", "Add or edit"),
    "leaders.pick": ("班子成员", "Leader"),
    "leaders.new": ("（新增一位班子成员）", "(a new leader)"),
    "leaders.save": ("保存", "Save"),
    "leaders.remove": ("从名册中删除「{name}」", "Remove {name} from the list"),
    "overview.by_leader": ("班子成员联系点一览", "By leader"),
    "overview.by_leader_caption": (
        "一级抓一级：每位班子成员联系和分包的党组织的得分、进度和整改情况。",
        "Each leader's units at a glance: scores, pace and rectification.",
    ),
    "overview.leader.leader": ("班子成员", "Leader"),
    "overview.leader.post": ("职务", "Post"),
    "overview.leader.department": ("分管科室", "Department"),
    "overview.leader.units": ("党组织数", "Units"),
    "overview.leader.average": ("平均得分", "Average"),
    "overview.leader.lowest": ("最低得分", "Lowest"),
    "overview.leader.pace": ("滞后 / 预警", "Behind / alert"),
    "overview.leader.items": ("整改未销号 / 逾期", "Items open / overdue"),
    "overview.goto_my_units": ("查看某位班子成员的联系点", "Open a leader's units"),
    "overview.overdue": ("逾期未完成的整改", "Overdue rectification"),
    "scorecard.last_year_items": ("{year} 年度整改落实情况", "Rectification from {year}"),
    "scorecard.items_all_closed": ("上年度 {n} 项整改已全部销号", "All {n} items of the year before are closed"),
    "scorecard.items_open": (
        "上年度 {total} 项整改中仍有 {n} 项未销号",
        "{n} of the {total} items of the year before are not closed",
    ),
    "users.leader_choice": ("班子成员 {name}", "Leader {name}"),
    "account.leader": ("班子成员：{leader}，负责 {n} 个党组织", "Leader: {leader}, answering for {n} units"),
    # the year-end 通报 (kaohe.report, kaohe.report_docx, kaohe.report_pdf, `kaohe report`)
    "report.issuer": ("中共陇海马路街道工作委员会", "Party Working Committee of Longhai Road Subdistrict"),
    "report.title": ("关于{period}党支部考核结果的通报", "Announcement of the branch assessment results, {period}"),
    "report.salutation": ("各党支部：", "To every party branch:"),
    "report.account": (
        "根据《{scheme}》和《党建工作目标责任书》，街道党工委考核组采取定性考核与定量考核相结合的办法，对全街道 {n} "
        "个基层党组织{period}党建工作进行了考核。考核结果经街道党工委审定，已于 {published} 发布（第 {revision} "
        "次发布）。现将考核结果通报如下：",
        "Under “{scheme}” and the responsibility agreements, the assessors of the Party Working Committee assessed "
        "the work of the {n} party organisations in {period}, combining quantitative and qualitative assessment. "
        "The results were approved and published on {published} (revision {revision}), and are announced here:",
    ),
    "report.section.grades": ("一、考核等次分布", "1. Grades"),
    "report.section.ranking": ("二、考核结果排名", "2. Ranking by grade"),
    "report.section.honours": ("三、评优评先", "3. Honours"),
    "report.section.points": ("四、主要失分项目", "4. Where points were lost"),
    "report.section.rectify": ("五、整改要求", "5. Rectification"),
    "report.distribution": ("参加考核的 {n} 个党组织中，{parts}", "Of the {n} organisations assessed: {parts}"),
    "report.grade_count": ("{grade} {n} 个", "{grade} {n}"),
    "report.vetoed": ("（其中一票否决 {n} 个）", " ({n} vetoed)"),
    "report.full_stop": ("。", "."),
    "report.grade_heading": ("（{index}）{grade}（{n} 个）", "({index}) {grade} ({n})"),
    "report.col.rank": ("名次", "Rank"),
    "report.col.unit": ("党组织", "Unit"),
    "report.col.kind": ("类型", "Kind"),
    "report.col.total": ("总分", "Total"),
    "report.col.grade": ("等次", "Grade"),
    "report.col.reason": ("理由", "Reason"),
    "report.col.indicator": ("指标", "Indicator"),
    "report.col.dimension": ("考核维度", "Dimension"),
    "report.col.units": ("失分单位数", "Units losing points"),
    "report.col.lost": ("合计失分", "Points lost"),
    "report.col.average": ("平均失分", "Average lost"),
    "report.col.requirement": ("整改要求", "What is required"),
    "report.col.responsible": ("责任人", "Responsible"),
    "report.col.deadline": ("整改期限", "Deadline"),
    "report.honours.recommended": (
        "经考核组审核，推荐以下 {n} 个党组织参加“{honour}”评选：",
        "The assessors recommend these {n} organisations for “{honour}”:",
    ),
    "report.honours.none_recommended": (
        "本年度没有党组织符合“{honour}”的推荐条件。",
        "No organisation qualifies for “{honour}” this year.",
    ),
    "report.honours.ineligible": (
        "以下 {n} 个党组织取消本年度评优评先资格：",
        "These {n} organisations are not eligible for honours this year:",
    ),
    "report.honours.none_ineligible": ("本年度没有党组织被取消评优资格。", "No organisation loses eligibility."),
    "report.honours.proposed": (
        "（以上名单按评分办法拟定，尚待考核组确认。）",
        "(Proposed by the scheme's rule; not yet confirmed by the assessors.)",
    ),
    "report.honours.no_rule": (
        "评分办法未规定评优评先办法，本通报不列推荐名单。",
        "The scheme has no rule for honours; this announcement lists none.",
    ),
    "report.points_intro": (
        "从各项指标看，失分较多的是以下 {n} 项（按加权后失分合计排列）：",
        "The indicators that cost the most points (weighted, over every unit):",
    ),
    "report.points_none": ("各党组织在各项指标上均未失分。", "No organisation lost any point."),
    "report.rectify_intro": (
        "考核等次为{grades}的党组织，要对照失分项目逐项整改，在规定期限内完成，"
        "并将整改情况报街道党工委考核组验收销号：",
        "Organisations graded {grades} rectify item by item by the deadline and report to the assessors, who close "
        "each item:",
    ),
    "report.rectify_none": ("本年度没有需要整改的党组织。", "No organisation has to rectify this year."),
    "report.rectify.all_lost": ("失分项目", "Points lost"),
    "report.rectify.general": (
        "对照失分项目制定整改方案，逐项整改到位（具体事项由考核组另行下发）",
        "Draw up a plan against every point lost and rectify in full (items to follow from the assessors)",
    ),
    "report.closing": (
        "希望受到推荐的党组织珍惜荣誉、再接再厉；各党组织要以此次考核为契机，对标先进、查找差距，认真落实党建工作"
        "责任制，一级抓一级、一级促一级，推动基层党建工作全面进步、全面过硬。",
        "The recommended organisations should build on their work; every organisation should learn from the best, "
        "close its gaps and carry the responsibility system through, level by level.",
    ),
    "report.date": ("{year}年{month}月{day}日", "{day:02d}/{month:02d}/{year}"),
    "report.page": ("— {page} —", "— {page} —"),
    "report.file": ("考核结果通报", "assessment_announcement"),
    "report.not_published": (
        "考核期 {period} 的结果尚未发布：通报只能就已发布的结果印发，请先在「结果发布」页面发布",
        "The results of {period} are not published: an announcement is written for a published result only; "
        "publish it first",
    ),
    "report.bad_format": (
        "无法写出「{name}」：通报可写成 .docx（Word）或 .pdf 文件",
        "Cannot write “{name}”: the announcement is written as .docx (Word) or .pdf",
    ),
    "report.download_docx": ("下载考核结果通报（Word）", "Download the announcement (Word)"),
    "report.download_pdf": ("下载考核结果通报（PDF）", "Download the announcement (PDF)"),
    "report.heading": ("年终考核结果通报", "Year-end announcement"),
    "report.caption": (
        "就已发布的结果印发通报：等次分布、排名、评优评先、主要失分项和整改要求。",
        "The announcement of the published result: grades, ranking, honours, points lost and rectification.",
    ),
    "report.unconfirmed": (
        "评优评先名单尚未确认，通报中为按评分办法拟定的名单（可在「评优评先」页面确认）。",
        "The honours are not confirmed: the announcement prints the scheme's proposal (confirm it on Honours).",
    ),
    "cli.report.written": (
        "已写出 {path}（{period} 第 {revision} 次发布的考核结果通报）",
        "Wrote {path} (announcement of {period}, revision {revision})",
    ),
    "publish.goto_awards": ("前往评优评先确认名单", "Confirm the honours"),
    "rectify.item_label": ("{unit} · {indicator}（期限 {deadline}）", "{unit} · {indicator} (due {deadline})"),
}


def current_language() -> str:
    """The language in force when no page has chosen one: `$KAOHE_LANG` or Chinese."""
    lang = os.environ.get("KAOHE_LANG", "zh")
    return lang if lang in LANGUAGES else "zh"


def label(key: str, lang: str | None = None) -> str:
    """The user-facing text for `key` in `lang` (default: the current language)."""
    zh, en = LABELS[key]
    return en if (lang or current_language()) == "en" else zh


@dataclass(frozen=True)
class Message:
    """A user-facing text not yet put into words: a label key and the values of its `{placeholders}`.

    Library code that refuses or warns raises or returns a Message, so that the page renders it in the session's
    language and the command line in `$KAOHE_LANG`. A value may itself be a Message (rendered in the same
    language) or a list of them (joined with the language's list separator).
    """

    key: str
    values: tuple[tuple[str, Any], ...] = ()

    def render(self, lang: str | None = None) -> str:
        """The text in `lang` (default: the current language)."""
        language = lang or current_language()
        return label(self.key, language).format(**{name: _rendered(v, language) for name, v in self.values})

    def __str__(self) -> str:
        return self.render()


@dataclass(frozen=True)
class Text:
    """A name given in both languages by data kept outside this table (a ledger field's header in ledgers.toml)."""

    zh: str
    en: str

    def render(self, lang: str | None = None) -> str:
        """The name in `lang` (default: the current language)."""
        return self.en if (lang or current_language()) == "en" else self.zh


def message(key: str, /, **values: Any) -> Message:
    """A Message for `key` with its placeholder values."""
    if key not in LABELS:
        raise KeyError(f"no label {key!r} in kaohe.labels.LABELS")
    return Message(key, tuple(values.items()))


def _rendered(value: Any, lang: str) -> Any:
    if isinstance(value, Message | Text):
        return value.render(lang)
    if isinstance(value, list | tuple):
        return label("list.separator", lang).join(str(_rendered(item, lang)) for item in value)
    return value


class LabelledError(Exception):
    """An error whose message is a label, so that each user reads it in their own language.

    `str(err)` is the text in the process's language (the CLI, logs, tests); pages call `err.text(lang)`. A value
    may be a Message, Text or a list of them, rendered in the same language.
    """

    def __init__(self, key: str, **values: object) -> None:
        if key not in LABELS:
            raise KeyError(f"no label {key!r}")
        self.key = key
        self.values = values
        super().__init__(self.text())

    def text(self, lang: str | None = None) -> str:
        """The message in `lang` (default: the current language), placeholders filled."""
        language = lang or current_language()
        return label(self.key, language).format(**{k: _rendered(v, language) for k, v in self.values.items()})

    def __str__(self) -> str:
        return self.text()

    def __reduce__(self) -> tuple[object, ...]:
        # Keyword values do not survive the default pickling of exceptions (cached page results pickle them).
        return (_rebuild, (type(self), self.key, self.values))


def _rebuild(cls: type[LabelledError], key: str, values: dict[str, object]) -> LabelledError:
    return cls(key, **values)


class ProblemsError(LabelledError):
    """A refusal that lists every problem found (a scheme file, a grid of entries): a heading label, then one
    Message per problem, each naming where it is. `problems` are the Messages (plain strings are taken as said)."""

    def __init__(self, key: str, problems: Sequence[Message | str], **values: object) -> None:
        self.problems = tuple(problems)
        super().__init__(key, n=len(self.problems), **values)

    def problem_texts(self, lang: str | None = None) -> list[str]:
        """Each problem in `lang`."""
        return [p.render(lang) if isinstance(p, Message) else str(p) for p in self.problems]

    def text(self, lang: str | None = None) -> str:
        """The heading and the problems, one per line."""
        lines = "\n".join(f"  - {p}" for p in self.problem_texts(lang))
        return f"{super().text(lang)}\n{lines}"

    def __reduce__(self) -> tuple[object, ...]:
        values = {k: v for k, v in self.values.items() if k != "n"}
        return (_rebuild_problems, (type(self), self.key, self.problems, values))


def _rebuild_problems(
    cls: type[ProblemsError], key: str, problems: tuple[Message | str, ...], values: dict[str, object]
) -> ProblemsError:
    error = cls.__new__(cls)
    ProblemsError.__init__(error, key, problems, **values)
    return error
