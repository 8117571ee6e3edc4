"""Checks a rendered compose file beyond what `docker compose config` would need.

Usage: check_compose.py SCHEMA COMPOSE_FILE [SERVICE=VAR,VAR ...]

Prints one problem per line and exits 0 when there are none:
- the file validates against the Compose JSON Schema (draft-07);
- every depends_on target is a service of the file;
- every target waited on with `service_healthy` has a healthcheck;
- every target waited on with `service_completed_successfully` is a one-shot job (restart "no");
- every SERVICE=VAR,... argument names a service that sets each VAR in its environment.
"""
import json
import sys

import jsonschema
import yaml


def problems(schema_path, compose_path, required):
    with open(schema_path) as f:
        schema = json.load(f)
    with open(compose_path) as f:
        compose = yaml.safe_load(f)
    found = []
    validator = jsonschema.Draft7Validator(schema)
    for error in sorted(validator.iter_errors(compose), key=lambda e: list(e.path)):
        where = "/".join(str(p) for p in error.path) or "<root>"
        found.append(f"schema: {where}: {error.message}")
    services = compose.get("services") or {}
    for name, service in sorted(services.items()):
        depends = service.get("depends_on") or {}
        if isinstance(depends, list):
            depends = {target: {"condition": "service_started"} for target in depends}
        for target, spec in sorted(depends.items()):
            condition = (spec or {}).get("condition", "service_started")
            if target not in services:
                found.append(f"{name}: depends on '{target}', which is not a service")
                continue
            if condition == "service_healthy" and "healthcheck" not in services[target]:
                found.append(f"{name}: waits for '{target}' to be healthy, but it has no healthcheck")
            if condition == "service_completed_successfully" and services[target].get("restart") != "no":
                found.append(f"{name}: waits for '{target}' to complete, but it restarts")
    for requirement in required:
        service_name, _, variables = requirement.partition("=")
        service = services.get(service_name)
        if service is None:
            found.append(f"required service '{service_name}' is missing")
            continue
        environment = service.get("environment") or {}
        if isinstance(environment, list):
            environment = dict(item.split("=", 1) for item in environment)
        for variable in filter(None, variables.split(",")):
            if not environment.get(variable):
                found.append(f"{service_name}: environment variable {variable} is not set")
    return found


if __name__ == "__main__":
    for problem in problems(sys.argv[1], sys.argv[2], sys.argv[3:]):
        print(problem)
