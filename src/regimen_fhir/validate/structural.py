"""Structure per the FHIR version's models (fhir.resources): elements, cardinality, data types."""
from __future__ import annotations

from functools import lru_cache
from importlib import import_module

from pydantic import ValidationError

from . import Issue

_PACKAGES = {"R4B": "fhir.resources.R4B", "R5": "fhir.resources"}
_CODES = {"missing": "required", "extra_forbidden": "structure"}


@lru_cache(maxsize=None)
def _model(version: str, resource_type: str):
    return import_module(_PACKAGES[version]).get_fhir_model_class(resource_type)


def _path(resource_type: str, loc: tuple) -> str:
    out = resource_type
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part != "__root__":
            out += f".{part}"
    return out


def check_structure(resource: dict, version: str) -> list[Issue]:
    rtype = resource.get("resourceType")
    if not isinstance(rtype, str):
        return [Issue("error", "structure", "Resource", "resourceType is missing")]
    try:
        model = _model(version, rtype)
    except (KeyError, ValueError, LookupError):
        return [Issue("error", "not-supported", rtype, f"unknown resource type '{rtype}' in FHIR {version}")]
    try:
        model.model_validate(resource)
    except ValidationError as exc:
        return [Issue("error", _CODES.get(e["type"], "value" if "type" in e["type"] else "structure"),
                      _path(rtype, e["loc"]), e["msg"]) for e in exc.errors()]
    return []
