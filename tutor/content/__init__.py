"""Content: the homework as data (TOML files read into frozen dataclasses).

``model`` holds the dataclasses and the vocabularies of box kinds; ``loader`` reads and checks
the TOML files with their line positions. Nothing here imports sympy, numpy or the checker.
"""
