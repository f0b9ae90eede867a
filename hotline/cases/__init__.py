"""Cases: the record of one matter and every state change on it (operations.py)."""
