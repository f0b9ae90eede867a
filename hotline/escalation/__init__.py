"""Escalation ladder: 工作提示 → 督办 → 移交纪检, decided per (case, clock, level)."""
