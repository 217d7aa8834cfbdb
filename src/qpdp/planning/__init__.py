"""Annual plans, targets, data approval and the year-end review of local defense work."""
