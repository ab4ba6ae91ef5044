"""Pure rules over tables (pandas): no files, no workbooks, no command line."""
