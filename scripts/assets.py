"""Copy the front-end files (from node_modules, installed from package-lock.json) and our own CSS/JS
into the git-ignored static folder, each with a gzip twin for compressed serving."""

from __future__ import annotations

import gzip
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STATIC = ROOT / "workspace" / "static"
FILES = {
    "htmx.min.js": ROOT / "node_modules" / "htmx.org" / "dist" / "htmx.min.js",
    "pico.min.css": ROOT / "node_modules" / "@picocss" / "pico" / "css" / "pico.min.css",
}
OWN = ROOT / "workspace" / "assets"


def main() -> int:
    STATIC.mkdir(parents=True, exist_ok=True)
    sources = dict(FILES)
    for path in OWN.iterdir():
        if path.is_file():
            sources[path.name] = path
    for name, source in sources.items():
        if not source.exists():
            print(f"missing {source}: run npm ci first", file=sys.stderr)
            return 1
        target = STATIC / name
        shutil.copyfile(source, target)
        with open(target, "rb") as raw, gzip.open(str(target) + ".gz", "wb", compresslevel=9) as packed:
            shutil.copyfileobj(raw, packed)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
