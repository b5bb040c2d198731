"""Command-line jobs: every module in this package registers its `ecandidat` subcommands
(with `ecandidat_app.cli.command`) when imported."""

from __future__ import annotations

import importlib
import pkgutil

for _module in pkgutil.iter_modules(__path__):
    importlib.import_module(f"{__name__}.{_module.name}")
