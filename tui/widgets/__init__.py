"""Widgets of the terminal app: search box, results, preview, filters, status bar."""
