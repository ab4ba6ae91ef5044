"""Month over month: two versions of a customer list compared (:mod:`.compare`), a value
typed another way not counted as a change (:mod:`.values`)."""
