"""Plots: a registry of named plots (data builder from the homework models, then drawing)."""
