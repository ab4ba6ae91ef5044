"""The open workbook in Excel, through xlwings.

Two layers share this folder:

- the adapter: :mod:`~xlcrm.excel.live` (whole-range reads and writes, Excel paused),
  :mod:`~xlcrm.excel.undo_sheet` (the hidden backup 撤销 Undo restores) and
  :mod:`~xlcrm.excel.settings_sheet` (the Settings sheet of an open workbook). Like
  ``xlcrm.io`` it sits below the actions, and the two adapters never import each other;
- the ribbon, an entry point like the command line: :mod:`xlcrm.excel.ribbon` (what the
  add-in's VBA calls, ``xlcrm.excel.ribbon.dispatch(tag)``) with its buttons, password
  boxes and the round trip through a private copy of the sheet.

``pyproject.toml``'s import-linter contracts hold both to their places.
"""
