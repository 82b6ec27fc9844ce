"""Finding what each app of ours brings to a shared test (its access rows, its sealed fields)."""

import importlib
from types import ModuleType

from django.apps import apps


def each_app_module(submodule: str) -> list[ModuleType]:
    """`<app>.<submodule>` of every installed app of ours that has one."""
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("threecircles."):
            continue
        name = f"{config.name}.{submodule}"
        try:
            found.append(importlib.import_module(name))
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
    return found
