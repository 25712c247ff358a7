"""Page scripts, run by st.navigation (app.py), never imported. The package marker lets the
import checks (make lint) see what they import."""
