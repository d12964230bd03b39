"""The finance bureau's web service (`disclosure serve`): officers upload and fix, the bureau sees every department.

A Django project and app in one package. It calls the toolkit only through engine.py, so the model
underneath can change. Needs the optional `[web]` extra.
"""
