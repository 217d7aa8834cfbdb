"""API endpoints by domain, the token pages and the endpoint list; thin like the pages' views."""
