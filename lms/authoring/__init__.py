"""Instructor tools: content health, previews, item statistics, essay marking, regrading, import and export."""
