"""Entry point: ``streamlit run streamlit_app.py``."""

from wizard.ui.app import main

main()
