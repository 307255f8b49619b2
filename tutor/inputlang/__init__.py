"""The input language: what a student types, read without ever evaluating it.

Text goes ``lexer`` (tokens) -> ``parser`` (a typed ``tree`` with source positions) ->
``build`` (sympy and the result types of ``values``, within the size limits); ``reader`` reads
a whole answer around the expression (labels, bounds, units, claims, filler) and a box's own
``names``; ``pretty`` prints a tree as typed (the "read as" line) and values as sympy holds
them; ``rules`` is the reading rules and word lists, written down once (the help's cheat
sheet). sympy is imported lazily. Nothing here knows about verdicts.
"""
