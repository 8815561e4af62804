"""数据备份: the admin sees the backups the schedule made, makes one now, and reads how to restore."""

import streamlit as st

from kaohe import backup, ui
from kaohe.access import Permission
from kaohe.ui import t

ui.require_app_shell()

FLASH_KEY = "backups_flash"

st.title(t("page.backups"))
viewer = ui.current_viewer()
if not viewer.can(Permission.MANAGE_BACKUPS):
    st.error(t("backup.page.denied"), icon=":material/block:")
    st.stop()

store = ui.get_store()
try:
    settings = backup.settings_from_env(store.path)
except backup.BackupError as err:
    st.error(err.text(ui.lang()), icon=":material/error:")
    st.stop()

if settings.interval is None:
    st.caption(t("backup.page.schedule_off", keep=settings.keep, folder=settings.folder))
else:
    hours = f"{settings.interval.total_seconds() / 3600:g}"
    st.caption(t("backup.page.caption", hours=hours, keep=settings.keep, folder=settings.folder))
schedule = ui.start_background(store).schedule
if schedule is not None and schedule.last_error:
    st.warning(t("backup.page.last_error", message=schedule.last_error), icon=":material/warning:")

if FLASH_KEY in st.session_state:
    st.success(st.session_state.pop(FLASH_KEY), icon=":material/check_circle:")
if st.button(t("backup.page.now"), key="backups_now", type="primary", icon=":material/backup:"):
    try:
        with st.spinner(t("backup.page.working")):
            made = backup.make_backup(store, settings, viewer)
    except backup.BackupError as err:
        st.error(err.text(ui.lang()), icon=":material/error:")
    else:
        size = f"{made.size / 1024 / 1024:.1f} MB"
        st.session_state[FLASH_KEY] = t("backup.made", path=made.path, size=size)
        st.rerun()

st.subheader(t("backup.page.list"))
found = backup.list_backups(settings.folder)
if found:
    ui.table(ui.backup_table(found), hide_index=True, key="backups_table")
else:
    st.info(t("backup.page.none"), icon=":material/info:")
st.caption(t("backup.page.restore_help"))
