"""Reports: gradebooks, exports, charts, the cohort dashboard and certificate documents."""
