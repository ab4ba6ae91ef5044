"""xlcrm in xlwings Lite: the second front end, for Excel on a Mac, on the web, and on PCs
where no Python can be installed.

xlwings Lite is a free add-in from Microsoft's add-in store that runs Python as Pyodide
(WebAssembly) inside Excel; the code and a ``requirements.txt`` travel in the workbook. Its
``main.py`` only imports this package (``xlcrm lite init`` writes it, see
:mod:`xlcrm.actions.lite`):

- :mod:`xlcrm.lite.functions`: every ``=XLCRM_*`` cell function as a Lite ``@func``;
- :mod:`xlcrm.lite.scripts`: the cleanup buttons as Lite ``@script``\\ s, with their
  options as App Mode form fields, run by :mod:`xlcrm.lite.run`.

Like the command line and the .xlam's ribbon this is an entry point: the rules stay in
``core``, the actions in ``actions``; nothing here decides anything of its own.
"""
