"""Files: read a sheet into a table, write results into a copy of the workbook (openpyxl)."""
