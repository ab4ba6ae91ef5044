"""``xlcrm diff``: the two workbooks read (:mod:`.files`) and the diff workbook (:mod:`.report`)."""
