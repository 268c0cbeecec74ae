"""Writing plans out: roadmap images (the only user of matplotlib), ICS, CSV, JSON,
and notice digests. Nothing here is imported at start-up."""
