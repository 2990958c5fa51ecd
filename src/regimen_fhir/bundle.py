"""Bundle stage: per-regimen Bundles, collection or transaction, with conditional PUTs
that let a server load the same bundle twice without duplicates.

Transaction entries (the default bundle type):
- canonical resources: `PUT Type?url=...&version=...`;
- MedicationKnowledge (no url, no identifier in R4B): `PUT MedicationKnowledge?code=system|code&_tag=system|regimen`
  (one copy per regimen and drug: the tag names the regimen it was written for);
- ClinicalUseDefinition: `PUT ClinicalUseDefinition?identifier=system|value` (an identifier we assign);
- anything else (Provenance) and a drug without a code: `PUT Type/id` to the stable id.
A conditionally PUT resource carries no `id`: the server keeps the id it already has for the match
or picks one on the first load (FHIR's "no match, no id: create" rule). Servers differ on a client
id in a conditional create (Medplum refuses it), so leaving it out is the portable choice.
Every `fullUrl` is a `urn:uuid:` derived from the resource's identity and references between
entries use those fullUrls, which the server rewrites to the ids it settles on.
"""
from __future__ import annotations

import re
from collections import Counter
from urllib.parse import quote

from .map import Mapped
from .map.medicationknowledge import medication_knowledge_id
from .validate import Issue

CANONICAL_TYPES = {"PlanDefinition", "ActivityDefinition", "CodeSystem", "ValueSet", "StructureDefinition"}


# what quote(value, safe=":/") leaves as it is: ASCII letters and digits, '_.-~' and the safe ':/'
_UNQUOTED = re.compile(r"[A-Za-z0-9_.\-~:/]*")


def _q(value: str) -> str:
    """quote(value, safe=":/"); a value it would leave as it is (our URLs, systems and codes nearly
    always) is returned without encoding it (tests compare with quote)."""
    return value if _UNQUOTED.fullmatch(value) else quote(value, safe=":/")


def conditional_url(resource: dict) -> str:
    """The request URL of a conditional PUT keyed on the resource's identity."""
    rtype = resource["resourceType"]
    if rtype in CANONICAL_TYPES:
        return f"{rtype}?url={_q(resource['url'])}&version={_q(resource['version'])}"
    if rtype == "MedicationKnowledge":
        coding = resource["code"].get("coding") or []
        tags = (resource.get("meta") or {}).get("tag") or []
        if coding:
            url = f"{rtype}?code={_q(coding[0]['system'])}|{_q(coding[0]['code'])}"
            if tags:
                url += f"&_tag={_q(tags[0]['system'])}|{_q(tags[0]['code'])}"
            return url
    if rtype == "ClinicalUseDefinition" and resource.get("identifier"):
        ident = resource["identifier"][0]
        return f"{rtype}?identifier={_q(ident['system'])}|{_q(ident['value'])}"
    return f"{rtype}/{resource['id']}"


BUNDLE_TYPES = ("transaction", "collection")
DEFAULT_BUNDLE_TYPE = "transaction"


def is_conditional(request_url: str) -> bool:
    return "?" in request_url


def transaction_entry(m: Mapped) -> dict:
    url = conditional_url(m.resource)
    resource = m.resource
    if is_conditional(url):
        resource = {k: v for k, v in resource.items() if k != "id"}
    return {"fullUrl": m.full_url, "resource": resource, "request": {"method": "PUT", "url": url}}


def restore_id(entry: dict) -> dict:
    """An entry's resource with the id our mappers gave it, put back where a conditional
    transaction entry left it out (canonical: the url's last segment; ClinicalUseDefinition: our
    identifier; MedicationKnowledge: from its regimen tag and drug name; else the fullUrl's uuid)."""
    res = entry["resource"]
    if "id" in res:
        return res
    rid = None
    if isinstance(res.get("url"), str):
        rid = res["url"].rstrip("/").rsplit("/", 1)[-1]
    elif res["resourceType"] == "ClinicalUseDefinition" and res.get("identifier"):
        rid = res["identifier"][0].get("value")
    elif res["resourceType"] == "MedicationKnowledge" and (res.get("code") or {}).get("text"):
        tags = (res.get("meta") or {}).get("tag") or []
        if tags:
            rid = medication_knowledge_id(tags[0]["code"], res["code"]["text"])
    if not rid:
        rid = str(entry.get("fullUrl", "")).removeprefix("urn:uuid:")
    return {"resourceType": res["resourceType"], "id": rid, **{k: v for k, v in res.items() if k != "resourceType"}}


def build_bundle(entries: list[Mapped], bundle_type: str, bundle_id: str, timestamp: str) -> dict:
    if bundle_type not in BUNDLE_TYPES:
        raise ValueError(f"bundle type must be one of {', '.join(BUNDLE_TYPES)}, not {bundle_type!r}")
    bundle: dict = {"resourceType": "Bundle", "id": bundle_id, "type": bundle_type, "timestamp": timestamp, "entry": []}
    for m in entries:
        if bundle_type == "transaction":
            bundle["entry"].append(transaction_entry(m))
        else:
            bundle["entry"].append({"fullUrl": m.full_url, "resource": m.resource})
    return bundle


def check_bundle(bundle: dict) -> list[Issue]:
    """bdl-7: fullUrl must be unique in a bundle (ignoring versions); in a transaction every entry
    has a request and no two entries share one (a server would refuse or merge them)."""
    entries = bundle.get("entry", [])
    counts = Counter(e.get("fullUrl") for e in entries)
    issues = [Issue("error", "invariant", f"Bundle.entry[{i}].fullUrl", f"bdl-7: fullUrl {e.get('fullUrl')} is not unique")
              for i, e in enumerate(entries) if counts[e.get("fullUrl")] > 1]
    if bundle.get("type") == "transaction":
        requests = Counter((e.get("request") or {}).get("url") for e in entries)
        for i, e in enumerate(entries):
            url = (e.get("request") or {}).get("url")
            if not url:
                issues.append(Issue("error", "required", f"Bundle.entry[{i}].request", "bdl-3: a transaction entry needs a request"))
            elif requests[url] > 1:
                issues.append(Issue("error", "duplicate", f"Bundle.entry[{i}].request.url",
                                    f"two entries have the request {url}; a re-import would be ambiguous"))
    return issues
