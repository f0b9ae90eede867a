"""Intake: the operator's form, bulk import and the registration pipeline."""
