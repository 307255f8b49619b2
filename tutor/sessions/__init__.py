"""Sessions: the student's logs and what is rebuilt from them.

``log`` writes and reads JSON Lines session logs, ``progress`` rebuilds resume state,
``review`` summarises one session or a class, ``export`` writes a readable trace.
"""
