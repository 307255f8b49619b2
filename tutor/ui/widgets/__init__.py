"""Widgets of the tutor."""
