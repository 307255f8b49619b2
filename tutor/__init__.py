"""hw3-tutor: an offline terminal tutor for EECS 182 Homework 3.

The package root stays light on purpose: importing ``tutor`` must not pull in
sympy, numpy or Textual, so the command line starts fast and the headless
subcommands never load the UI.
"""

__version__ = "0.1.0"
