"""Performance indicators the bureau is judged on, and the ledger (台账) export."""
