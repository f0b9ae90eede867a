"""Admin-editable tagging rules: versioned in the database, audited, rolled back."""
