"""Extraction worker processes: fetched pages in, `Finished` out (see `pool.py`)."""
