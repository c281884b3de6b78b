"""Accounts, roles, passwords, login and logout."""
