"""Editing and printing the signed documents: Individuell plan mot arbete,
Utvecklingsplan, Kompetenskort, the unit's print settings, and printing
without leaking (``printing``). ``DocumentsTab`` is the participant tab."""
