"""Pure view models: what the pages show, as plain data and text. Never imports streamlit
(make lint checks it), so every wording and table is tested without a page."""
