"""Which engine builds and serves the site: MkDocs 1.6 (the default) or ProperDocs, its community continuation
(``KB_ENGINE=properdocs``). One place names it: the Makefile, the tools (`make dist`, `make bench`) and the tests
build and serve through this module, so leaving MkDocs is a setting, not a search through the code
(docs/contributing/build-cost.md, "After Material's end of life").

ProperDocs reads the same mkdocs.yml and, inside its own process, answers every ``import mkdocs`` (the theme's, the
plugins', our hooks') with its own modules.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

ENGINES = ("mkdocs", "properdocs")


class EngineError(ValueError):
    """KB_ENGINE names an engine this project does not build with."""


def name(environ: Mapping[str, str] = os.environ) -> str:
    chosen = environ.get("KB_ENGINE", "mkdocs").strip().lower() or "mkdocs"
    if chosen not in ENGINES:
        raise EngineError(f"KB_ENGINE={chosen!r} — use one of: {', '.join(ENGINES)} (unset means mkdocs)")
    return chosen


def command(*args: str, environ: Mapping[str, str] = os.environ) -> list[str]:
    """The command line that runs the engine with ``args`` (``build --strict …``, ``serve --dirty …``)."""
    return [sys.executable, "-m", name(environ), *args]


def build(config_file: Path | str, site_dir: Path | str, strict: bool = True, environ: Mapping[str, str] = os.environ, **overrides: Any) -> None:
    """Build in this process (the tests' one session build and their fixture sites): the engine's own API."""
    if name(environ) == "properdocs":
        import properdocs.replacement  # noqa: F401 - from here on, `import mkdocs` answers with ProperDocs
        from properdocs.commands.build import build as run
        from properdocs.config import load_config
    else:
        from mkdocs.commands.build import build as run
        from mkdocs.config import load_config
    run(load_config(str(config_file), site_dir=str(site_dir), strict=strict, **overrides))


def main(argv: list[str] | None = None) -> int:
    """`python -m kbtools.engine serve --dirty …`: run the named engine with these arguments (the Makefile's way in)."""
    args = sys.argv[1:] if argv is None else argv
    try:
        line = command(*args)
    except EngineError as exc:
        print(f"kb-engine: error: {exc}", file=sys.stderr)
        return 1
    os.execv(line[0], line)
    return 0  # not reached: execv replaces this process


if __name__ == "__main__":
    sys.exit(main())
