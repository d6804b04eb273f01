"""The models: pure functions from typed frames to graphs, frames and numbers.

They read no files, draw nothing and import nothing from the pipeline or the book: a frame
in, a result out. ``network`` is the graph of who stands with whom; ``power`` the one force
accounting (theatre power, side totals, the counter-balance ratio); ``timeline`` what is in
force on a day; ``lineage`` the chains of command; ``scenarios`` and ``uncertainty`` run the
power accounting over grids of assumptions and over sampled worlds.
"""
