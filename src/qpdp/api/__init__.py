"""REST API under /api/v1/: the same services and scoping as the pages, for other systems."""
