"""The command line: argparse and printing only.

``entry`` builds the parser and dispatches; each subcommand has a module here that parses its
options, calls the core and prints. Nothing below this package imports it.
"""
