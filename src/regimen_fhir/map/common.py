"""What every mapper shares: the run's settings, ids and canonical URLs, codes and quantities.

Ids and URLs are derived from content (never from file names or time), so the
same page always gives the same resources.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from .. import terminology
from ..model import Amount, Percent
from .versions import R4B, FhirVersion

DEFAULT_CANONICAL_BASE = "http://regimen-fhir.example.org/fhir"
UCUM = terminology.SYSTEMS["ucum"]
FULLURL_NAMESPACE = uuid.UUID("6f1c5bd6-2f59-4a0e-9d0c-6c5b9a6f4e21")
DAYS_OF_CYCLE = "http://hl7.org/fhir/StructureDefinition/timing-daysOfCycle"
CQF_CITATION = "http://hl7.org/fhir/StructureDefinition/cqf-citation"


@dataclass(frozen=True)
class MapContext:
    canonical_base: str = DEFAULT_CANONICAL_BASE
    version: FhirVersion = field(default=R4B)
    publisher: str | None = None  # overrides the page's site name
    recorded: str | None = None  # Provenance.recorded; from SOURCE_DATE_EPOCH when set

    def url(self, resource_type: str, rid: str) -> str:
        return f"{self.canonical_base}/{resource_type}/{rid}"

    def profile(self, name: str) -> str:
        return f"{self.canonical_base}/StructureDefinition/{name}"

    def extension(self, name: str) -> str:
        return f"{self.canonical_base}/StructureDefinition/{name}"

    def system(self, name: str) -> str:
        return f"{self.canonical_base}/sid/{name}"


_NON_ID = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=4096)  # the same titles, drug names and wordings come back page after page
def slug(text: str, limit: int = 64) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    out = _NON_ID.sub("-", text).strip("-") or "x"
    return out[:limit].rstrip("-")


@lru_cache(maxsize=4096)
def make_id(*parts: str) -> str:
    """A FHIR id (max 64 chars) from parts; long ones keep a hash of the whole."""
    full = "-".join(slug(p, 200) for p in parts if p)
    if len(full) <= 64:
        return full
    digest = hashlib.sha256(full.encode()).hexdigest()[:10]
    return f"{full[:53].rstrip('-')}-{digest}"


def computable_name(title: str) -> str:
    """'Inotuzumab Ozogamicin (Besponsa®)' -> 'InotuzumabOzogamicinBesponsa'."""
    ascii_ = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    words = re.findall(r"[A-Za-z0-9]+", ascii_)
    name = "".join(w[:1].upper() + w[1:] for w in words)
    if not name or not name[0].isalpha():
        name = "Regimen" + name
    return name[:255]


_NAMESPACE_BYTES = FULLURL_NAMESPACE.bytes
# the 17th hex digit with its top two bits set to the RFC 4122 variant (10xx)
_VARIANT = {d: "%x" % (0x8 | (int(d, 16) & 0x3)) for d in "0123456789abcdef"}


def full_url(resource_type: str, canonical_identity: str) -> str:
    """`urn:uuid:` + uuid.uuid5(FULLURL_NAMESPACE, 'Type|identity'), worked out as RFC 4122 section 4.3
    says without building a UUID object (a sixth of mapping's time went to its checks): the SHA-1 of
    namespace + name, version 5 in the 13th hex digit, variant 10 in the 17th (tests compare with uuid5)."""
    h = hashlib.sha1(_NAMESPACE_BYTES + f"{resource_type}|{canonical_identity}".encode()).hexdigest()
    return f"urn:uuid:{h[:8]}-{h[8:12]}-5{h[13:16]}-{_VARIANT[h[16]]}{h[17:20]}-{h[20:32]}"


def number(value: Decimal) -> int | float:
    """Decimals as JSON numbers without a spurious '.0'."""
    return int(value) if value == value.to_integral_value() else float(value)


def quantity(amount: Amount, value: Decimal | None = None) -> dict:
    unit = terminology.primary("units", amount.unit)
    out: dict = {"value": number(value if value is not None else amount.value)}
    if amount.comparator and value is None:
        out["comparator"] = amount.comparator
    out["unit"] = amount.unit
    if unit:
        out["system"] = UCUM
        out["code"] = unit.code
    return out


def dose_value(amount: Amount) -> dict:
    """doseQuantity or doseRange, as the page gives it."""
    if amount.is_range:
        return {"doseRange": {"low": quantity(amount, amount.low), "high": quantity(amount, amount.high)}}
    return {"doseQuantity": quantity(amount)}


def percent_value(pct: Percent) -> dict | None:
    """valueQuantity or valueRange in UCUM '%', valueRatio for '1 in 3 people'; None when only a word is given."""
    if pct.is_ratio:
        return {"valueRatio": {"numerator": {"value": pct.numerator}, "denominator": {"value": pct.denominator}}}
    pct_amount = Amount(pct.value, "%", comparator=pct.comparator)
    if pct.value is not None:
        return {"valueQuantity": quantity(pct_amount)}
    if pct.low is not None and pct.high is not None:
        return {"valueRange": {"low": quantity(pct_amount, pct.low), "high": quantity(pct_amount, pct.high)}}
    return None


def coding(code: terminology.Code) -> dict:
    return {"system": code.system, "code": code.code, "display": code.display}


def concept(kind: str, text: str, *alternatives: str) -> dict:
    """A CodeableConcept: codes from the tables when the text (or an alternative) is known, always the text."""
    codes = terminology.lookup(kind, text)
    for alt in alternatives:
        if codes:
            break
        codes = terminology.lookup(kind, alt)
    out: dict = {}
    if codes:
        out["coding"] = [coding(c) for c in codes]
    out["text"] = text
    return out


def duration(amount: Amount) -> dict:
    return quantity(amount)


def canonical_meta(ctx: MapContext, resource_type: str, rid: str, version: str, name: str, title: str,
                   date: str | None, publisher: str, description: str) -> dict:
    """The metadata CRMI shareable/publishable and the core shareable profiles ask for, in FHIR order."""
    out = {
        "url": ctx.url(resource_type, rid),
        "version": version,
        "name": name,
        "title": title,
        "status": "active",
        "experimental": False,
    }
    if date:
        out["date"] = date
    out["publisher"] = publisher
    out["description"] = description
    return out
