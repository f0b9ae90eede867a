"""Administration: background jobs, tagging rules, users."""
