"""Services without Qt: the editing session, slips, notices, settings."""
