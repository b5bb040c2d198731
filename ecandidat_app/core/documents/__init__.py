"""Documents the platform writes: decision letters, the dossier PDF and the ZIP of dossiers."""
