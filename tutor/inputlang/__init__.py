"""The input language: what a student types, read without ever evaluating it.

``parser`` turns text (plain, unicode or LaTeX) into typed values built from a whitelist of
tokens; sympy is imported lazily. It knows nothing of verdicts.
"""
