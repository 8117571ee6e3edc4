"""Says what each stamp-rally handler serves and reads, for the test that holds the code to the
stack: the routes its handler dispatches (`handler.routes`) and every environment variable its
module, or a module of the package it imports, reads (found in the source with `ast`).

Usage: describe_handlers.py CODE_FOLDER HANDLER... → {"HANDLER": {"routes": [[METHOD, PATH]], "environment": [NAME]}}
A variable read under a name that is not a literal is reported as "<dynamic>".
"""
import ast
import importlib
import json
import os
import sys


def environment_reads(tree):
    names = set()
    for node in ast.walk(tree):
        key = None
        if isinstance(node, ast.Subscript) and _is_environ(node.value):
            key = node.slice
        elif isinstance(node, ast.Call) and node.args and (
                (isinstance(node.func, ast.Attribute) and node.func.attr == "get" and _is_environ(node.func.value))
                or (isinstance(node.func, ast.Attribute) and node.func.attr == "getenv")):
            key = node.args[0]
        if key is not None:
            names.add(key.value if isinstance(key, ast.Constant) and isinstance(key.value, str) else "<dynamic>")
    return names


def _is_environ(node):
    return isinstance(node, ast.Attribute) and node.attr == "environ"


def package_imports(tree, package):
    """Modules of `package` that a module imports (`from . import a, b` or `from .a import x`)."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            found |= {f"{package}.{node.module}"} if node.module else {f"{package}.{alias.name}" for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith(package + "."):
            found.add(node.module)
    return found


def describe(folder, handler):
    module_name, _, function = handler.rpartition(".")
    package = module_name.split(".")[0]
    seen, pending, variables = set(), [module_name], set()
    while pending:
        name = pending.pop()
        if name in seen:
            continue
        seen.add(name)
        path = os.path.join(folder, *name.split(".")) + ".py"
        with open(path) as source:
            tree = ast.parse(source.read(), path)
        variables |= environment_reads(tree)
        pending += sorted(package_imports(tree, package))
    handle = getattr(importlib.import_module(module_name), function)
    return {"routes": [list(route) for route in handle.routes], "environment": sorted(variables)}


def main():
    folder = sys.argv[1]
    sys.path.insert(0, folder)
    json.dump({handler: describe(folder, handler) for handler in sys.argv[2:]}, sys.stdout, sort_keys=True)


if __name__ == "__main__":
    main()
