"""Across discoveries: stored answers to stored reports, and logged outcomes to calibration.

The one package that joins storage and scoring (neither may import the other): it reads plain
data through :mod:`storage`, hands it to scoring's pure functions and hands plain figures back
to storage. The app's pages, ``python -m scoring calibrate`` and the benchmarks use it.
"""
