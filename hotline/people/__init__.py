"""People and organisation: towns, handling units, users and roles."""
