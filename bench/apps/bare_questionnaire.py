"""The floor for the rerun row: the same widgets the questionnaire draws, without its logic.

The benchmark reads the widgets and the layout blocks around them (bordered containers, columns)
off the real questionnaire (kinds, labels, options, keys, in order) into a JSON file named by
``GROUNDWORK_BENCH_SPEC``; this page draws exactly those and
nothing else: no bank, no session, no scoring, no storage (the list is read once per process,
bare_spec.py).
"""
import datetime as dt
import os

import streamlit as st
from bare_spec import read  # a sibling module: streamlit puts this page's folder on sys.path


def draw(item: dict) -> None:
    kind, label, key = item["kind"], item.get("label", ""), item.get("key")
    options = item.get("options") or []
    if kind == "container":
        with st.container(border=item.get("border", False)):
            for child in item["children"]:
                draw(child)
    elif kind == "columns":
        for column, child in zip(st.columns(len(item["children"])), item["children"]):
            with column:
                for grandchild in child.get("children", []):
                    draw(grandchild)
    elif kind == "radio":
        st.radio(label, options, index=item.get("index"), key=key, horizontal=True)
    elif kind == "selectbox":
        st.selectbox(label, options, index=item.get("index"), key=key)
    elif kind == "multiselect":
        st.multiselect(label, options, key=key)
    elif kind == "number_input":
        st.number_input(label, value=None, key=key)
    elif kind == "date_input":
        st.date_input(label, value=None, key=key, min_value=dt.date(1900, 1, 1))
    elif kind == "text_area":
        st.text_area(label, key=key)
    elif kind == "text_input":
        st.text_input(label, key=key)
    elif kind == "checkbox":
        st.checkbox(label, key=key)
    elif kind == "toggle":
        st.toggle(label, key=key)
    elif kind == "button":
        st.button(label, key=key)
    elif kind == "progress":
        st.progress(item.get("value", 0))
    elif kind == "divider":
        st.divider()
    else:  # text elements: markdown, caption, title, header, subheader, info, success, warning
        getattr(st, kind)(item.get("body", ""))


for element in read(os.environ["GROUNDWORK_BENCH_SPEC"]):
    draw(element)
