"""Build xlcrm.xlam: the ribbon XML from the action registry, the VBA project, the package."""
