"""Demo data: 柳林县, its towns and units, one user per role, cases at every stage."""
