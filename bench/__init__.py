"""LETP benchmarks: load against a bare-Flask floor, scale of exports and pages, start-up (see bench/README.md)."""
