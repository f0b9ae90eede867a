"""Referral of clues to the discipline liaison (纪检监察线索) and their disposition."""
