"""Tests of the package as a whole and of its top-level modules (cli, facts, layers, packaging, docs)."""
