"""Reports: gradebooks, exports, charts and certificates."""
