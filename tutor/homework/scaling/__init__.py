"""Problem 1: how the size of a dense layer's output depends on its widths.

``theory`` has the closed forms (initialization and a SignGD step, Gaussian inputs), ``laws``
the other input laws practice variants use, ``montecarlo`` the seeded estimators that draw the
matrices for real, ``plotdata`` the three plots' data (theory next to Monte Carlo).
"""
