"""Cohorts: one workshop or intake, its coordinators and officers, and bulk enrolment."""
