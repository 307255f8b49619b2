"""Content: the homework as data (TOML files read into frozen dataclasses).

``model`` holds the dataclasses and the vocabularies of box kinds; ``loader`` reads and checks
the TOML files (``files`` reads each one, bounded, refusing what is not an ordinary file); ``positions`` finds a key's line; ``issues`` is what is wrong (file, line, key,
what to do) and the report every command prints; ``controlchars`` finds TOML escapes that ate a
LaTeX command. A problem's or part's parameters (practice variants):
``params`` declares them, ``paramreader`` reads them from TOML, ``paramvalues`` reads and shows
their values, ``placeholders`` finds and checks ``{{name|filter}}`` in texts. Nothing here imports
sympy, numpy or the checker.
"""
