"""Admin pages: users and roles, the audit log."""
