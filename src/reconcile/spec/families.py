"""The modules that register a non-table spec model (`objects.register`); each family adds its import here."""

from __future__ import annotations

MODULES: tuple[str, ...] = (
    "reconcile.spec.views",
    "reconcile.spec.functions",
    "reconcile.spec.extensions",
    "reconcile.spec.sequences",
    "reconcile.spec.types",
    "reconcile.spec.domains",
    "reconcile.spec.composites",
)


def load() -> None:
    import importlib

    for module in MODULES:
        importlib.import_module(module)
