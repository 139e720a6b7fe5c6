"""Screens pushed over the main view: the first build's progress and the help."""
