"""Reference lists the student information system expects codes from: countries and
nationalities (ISO 3166-1, French names), French communes by postal code, the series of
the baccalauréat and its specialities, and the INE with its check key."""
