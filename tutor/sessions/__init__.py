"""Sessions: the student's logs and what is rebuilt from them.

``log`` writes and reads JSON Lines session logs, ``progress`` rebuilds resume state,
``review`` holds what the review command's parts share: ``timeline`` (one session),
``classsummary`` (a class, tallied) and ``reviewtext`` (the class summary printed);
``export`` writes a readable trace.
"""
