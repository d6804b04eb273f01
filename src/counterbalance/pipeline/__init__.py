"""The pipeline: the notebook registry and its parameters, papermill runs, the chart renderer,
analyst reruns and sweeps, the book build, publishing and the command line.

It sits above the models and the data and may use both; nothing below imports it.
"""
