"""班子成员联系点: the office's leaders and the units each answers for (联系点, the communities their department is
responsible for). The assessors keep it up to date here or import the list as a ledger (台账导入); every edit is
audited by kaohe.leaders, which checks it.
"""

import pandas as pd
import streamlit as st

from kaohe import leaders, ui
from kaohe.access import Permission
from kaohe.leaders import LeaderEntry, LeaderError
from kaohe.ui import t

ui.require_app_shell()

PICK_KEY = "leaders_pick"
NEXT_KEY = "leaders_next_pick"  # whom to pick on the next run (the picker is drawn before a save)
FLASH_KEY = "leaders_flash"
NEW = ""

viewer = ui.current_viewer()
store = ui.get_store()

st.title(t("page.leaders"))
st.caption(t("leaders.caption"))
if FLASH_KEY in st.session_state:
    st.success(str(st.session_state.pop(FLASH_KEY)), icon=":material/check_circle:")

listed = leaders.leader_list(ui.source(), viewer)
if listed.empty:
    st.info(t("leaders.empty"), icon=":material/groups:")
else:
    ui.table(
        pd.DataFrame(
            {
                t("leaders.col.name"): listed["name"],
                t("leaders.col.post"): listed["post"].fillna("—"),
                t("leaders.col.units"): [t("list.separator").join(names) for names in listed["unit_names"]],
                t("leaders.col.department"): listed["department"].fillna("—"),
                t("leaders.col.communities"): [
                    t("list.separator").join(names) or "—" for names in listed["community_names"]
                ],
                t("leaders.col.source"): [
                    file if isinstance(file, str) else t("leaders.entered_here") for file in listed["source_file"]
                ],
            }
        ),
        key="leaders_table",
        hide_index=True,
        width="stretch",
    )
ui.page_link("pages/import_ledgers.py", "leaders.goto_import")

if not viewer.can(Permission.EDIT_LEADERS):
    st.caption(t("leaders.not_allowed"))
    st.stop()

st.subheader(t("leaders.edit"))
names = listed["name"].tolist()
if NEXT_KEY in st.session_state:
    st.session_state[PICK_KEY] = st.session_state.pop(NEXT_KEY)
if st.session_state.get(PICK_KEY) not in (NEW, *names):
    st.session_state[PICK_KEY] = NEW
picked = st.selectbox(t("leaders.pick"), [NEW, *names], key=PICK_KEY, format_func=lambda n: n or t("leaders.new"))
row = listed[listed["name"] == picked].iloc[0] if picked else None
choices = leaders.unit_choices(ui.source(), viewer)
unit_names = dict(zip(choices["unit_id"], choices["name"], strict=True))
communities = choices.loc[choices["kind"].isin(leaders.COMMUNITY_KINDS), "unit_id"].tolist()

with st.form(f"leaders_form_{picked or 'new'}"):
    left, right = st.columns(2)
    name = left.text_input(t("leaders.col.name"), value="" if row is None else row["name"], key="leaders_name")
    post = right.text_input(
        t("leaders.col.post"), value="" if row is None or pd.isna(row["post"]) else row["post"], key="leaders_post"
    )
    linked = st.multiselect(
        t("leaders.col.units"),
        list(unit_names),
        default=[] if row is None else [u for u in row["unit_ids"] if u in unit_names],
        format_func=ui.named_choice(unit_names),
        key="leaders_units",
    )
    left, right = st.columns(2)
    department = left.text_input(
        t("leaders.col.department"),
        value="" if row is None or pd.isna(row["department"]) else row["department"],
        key="leaders_department",
    )
    responsible = right.multiselect(
        t("leaders.col.communities"),
        communities,
        default=[] if row is None else [u for u in row["community_ids"] if u in communities],
        format_func=lambda u: unit_names[u],
        key="leaders_communities",
    )
    save = st.form_submit_button(t("leaders.save"), type="primary")
if save:
    entry = LeaderEntry(name, post, department, tuple(linked), tuple(responsible))
    try:
        saved = leaders.save_leader(store, viewer, entry, replacing=picked or None)
    except LeaderError as err:
        st.error(err.text(ui.lang()), icon=":material/block:")
    else:
        st.session_state[FLASH_KEY] = saved.render(ui.lang())
        st.session_state[NEXT_KEY] = entry.name.strip()
        st.rerun()
if picked and st.button(t("leaders.remove", name=picked), key="leaders_remove", icon=":material/person_remove:"):
    removed = leaders.remove_leader(store, viewer, picked)
    st.session_state[FLASH_KEY] = removed.render(ui.lang())
    st.session_state[NEXT_KEY] = NEW
    st.rerun()
