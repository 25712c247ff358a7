"""The floor for the cold-start row: an empty Streamlit app that paints one title."""
import streamlit as st

st.title("Groundwork")
