"""The audit log: one structured record per security-relevant event."""
