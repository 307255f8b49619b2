"""Problem 2: a live width sweep of small MLPs under SP and under μP (a small Figure 1 of TP5).

``experiment`` is what a sweep is (``SweepSettings``, the cache key, ``SweepResult``,
``CoordCheck``, the errors); ``training`` the numerics (the task, SP and μP, Adam, the
coordinate check; its docstring states the experiment); ``cache`` the strict-JSON result files;
``run`` the entry point ``run_sweep``; ``drawing`` the text summary and the two plots.
numpy is imported inside functions, so importing any of them is cheap and thread-safe.
"""
