"""The roadmap file: the only user of sqlite_utils."""
