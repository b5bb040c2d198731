"""Rebuild data/communes.tsv.gz from the `codes-postaux.json` of the npm package
`codes-postaux` (see data/README.md):
`python -m ecandidat_app.core.reference.communes_build package/codes-postaux.json`."""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

from ecandidat_app.core.reference.communes import DATA


def build(source: Path, target: Path = DATA) -> int:
    """Write the compact list (sorted, one line per postal code and commune); its size."""
    rows = json.loads(source.read_text(encoding="utf-8"))
    unique = sorted({(r["codePostal"], r["codeCommune"], r["nomCommune"]) for r in rows})
    text = "code_postal\tcode_insee\tnom\n" + "".join(f"{p}\t{c}\t{n}\n" for p, c, n in unique)
    with gzip.GzipFile(target, "wb", mtime=0) as out:  # mtime 0: same input, same bytes
        out.write(text.encode("utf-8"))
    return len(unique)


if __name__ == "__main__":
    print(build(Path(sys.argv[1])), "lignes")
