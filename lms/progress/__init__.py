"""The officer's learning path: what is read, passed and complete, derived from stored facts."""
