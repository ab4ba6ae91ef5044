"""The live workbook through xlwings (Windows/macOS Excel); see issue: the add-in."""
