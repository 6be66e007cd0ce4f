"""Parses an RDF file with rdflib, an RDF implementation independent of
actorgraph's, and prints what it read as N-Quads: triples of the default
graph without a graph term. Used by the export tests as a second opinion.

Usage: .venv/bin/python tests/tools/rdflib_nquads.py FORMAT FILE
(FORMAT as rdflib names it; tests/setup makes .venv with rdflib)
"""

import sys

from rdflib import Dataset
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

fmt, path = sys.argv[1], sys.argv[2]
dataset = Dataset()
dataset.parse(path, format=fmt)
default = " " + DATASET_DEFAULT_GRAPH_ID.n3() + " ."
for line in dataset.serialize(format="nquads").splitlines():
    if line.endswith(default):
        line = line[: -len(default)] + " ."
    if line.strip():
        print(line)
