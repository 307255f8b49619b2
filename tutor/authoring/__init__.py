"""Authoring: tools for instructors who edit the content.

``validate`` checks content and runs its question tests; ``export`` copies the shipped content
out for editing.
"""
