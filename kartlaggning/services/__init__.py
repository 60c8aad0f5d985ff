"""Use cases: what the handläggare does, once, for the window and the command line.

No Qt and no SQL here: the services call the storage API (``storage``), the
models and the printouts, and return plain values. The GUI (``ui``) and the CLI
(``cli``) both call them; neither writes a use case of its own.

* ``printing`` – what a print shows, its PDF, recording the version.
* ``documents`` – new plans, the next Utvecklingsplan, Kompetenskort, deleting a document.
* ``carry_over`` – what a new Individuell plan takes over from the kartläggning.
* ``records`` – deleting a participant, the export and the register extract.
* ``editing`` – a document being edited: its valid state, problems and drafts
  (``FieldDrafts`` for any record's drafts).
* ``participant_session`` – the participant form's model: bad fields keep their stored value.
* ``kartlaggning_session`` – the wizard's model, saved part by part; starting and ending a samtal.
"""
