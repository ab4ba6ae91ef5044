"""xlcrm: keep a customer list in Excel clean, tiered, summarised and safe."""
