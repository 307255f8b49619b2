"""Sessions: the student's logs and what is rebuilt from them.

``log`` writes JSON Lines session logs, ``logreader`` reads them, ``logformat`` declares
their format (for both), ``progress`` rebuilds resume state,
``review`` holds what the review command's parts share: ``timeline`` (one session),
``classsummary`` (a class, tallied) and ``reviewtext`` (the class summary printed);
``export`` writes a readable trace.
"""
