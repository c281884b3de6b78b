"""The officer's learning path: what is read, passed and complete, and the certificate that completion earns."""
