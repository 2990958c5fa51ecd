"""The absolute dose of one administration for one patient.

The ActivityDefinition says the dose twice: structured (`dosage[0].doseAndRate[0].doseQuantity`
in UCUM mg/m2, mg/kg or mg, plus `maxDosePerAdministration`) and computable (`dynamicValue`, a
FHIRPath expression such as `0.8 * %bodySurfaceArea` or `iif(1.4 * %bodySurfaceArea > 2, 2, ...)`).
apply evaluates the FHIRPath with fhirpathpy and checks the result against the structured
quantity; a disagreement is an error in the definition, not something to guess about.

Rounding rule: the absolute dose is rounded half-up to 3 significant figures (1.384 mg -> 1.38 mg,
1234.5 mg -> 1230 mg; at most 0.5 % away from the exact product), then the cap is applied again
so that rounding never lifts a dose above `maxDosePerAdministration`.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from fhirpathpy import evaluate

from .body import Body
from .errors import ApplyError
from .read import as_decimal

# per-size unit -> (what it multiplies with, the absolute unit)
PER_BSA = {"mg/m2": "mg", "g/m2": "g", "ug/m2": "ug", "U/m2": "U"}
PER_KG = {"mg/kg": "mg", "g/kg": "g", "ug/kg": "ug", "U/kg": "U"}
FLAT = {"mg", "g", "ug", "U"}
SIGNIFICANT = 3
VALUE_PATH = "dosage[0].doseAndRate[0].doseQuantity.value"
MAX_EXPRESSION = 500  # characters; bundles may come from elsewhere, and FHIRPath is evaluated


@dataclass(frozen=True)
class Dose:
    value: Decimal  # absolute, rounded, capped
    unit: str  # UCUM: mg, g, ug, U
    per_size: Decimal | None  # the regimen's 0.8 (mg/m2) etc.; None for a flat dose
    per_unit: str  # the regimen's unit: mg/m2, mg/kg, mg
    exact: Decimal  # before rounding (after the cap)
    capped: bool
    basis: str  # "bsa", "weight", "flat"

    @property
    def calculation(self) -> str:
        if self.basis == "flat":
            return f"{fmt(self.value)} {self.unit} (flat dose)"
        measure = "m2" if self.basis == "bsa" else "kg"
        return (f"{fmt(self.per_size)} {self.per_unit} x {{size}} {measure} = {fmt(self.exact)} {self.unit}"
                + (" (capped)" if self.capped else "") + f", given as {fmt(self.value)} {self.unit}")


def fmt(d: Decimal) -> str:
    """A Decimal without exponent or trailing zeros: 1.380 -> '1.38', 1.2E+3 -> '1200'."""
    text = format(d.normalize(), "f")
    return text


def round_dose(value: Decimal) -> Decimal:
    if value == 0:
        return value
    exponent = value.adjusted() - (SIGNIFICANT - 1)
    return value.quantize(Decimal(1).scaleb(exponent), rounding=ROUND_HALF_UP)


def dose_unit_basis(unit: str) -> str:
    if unit in PER_BSA:
        return "bsa"
    if unit in PER_KG:
        return "weight"
    if unit in FLAT:
        return "flat"
    raise ApplyError(f"dose unit '{unit}' is not per m2, per kg or a flat amount (mg, g, ug, U)")


def needs(activity: dict, where: str) -> str:
    """Which measure a dose needs: 'bsa', 'weight' or 'flat' (checks the dose is one apply can compute)."""
    dosage = (activity.get("dosage") or [{}])[0]
    dar = (dosage.get("doseAndRate") or [{}])[0]
    if "doseRange" in dar:
        raise ApplyError(f"{where}: the dose is a range ({_range_text(dar['doseRange'])}); apply needs one dose")
    q = dar.get("doseQuantity")
    ref = next((e.get("valueString") for e in dosage.get("extension", []) if isinstance(e, dict)
                and str(e.get("url", "")).endswith("/StructureDefinition/dose-by-reference")), None)
    if ref and not isinstance(q, dict):
        raise ApplyError(f"{where}: the page gives the dose only by reference to an earlier treatment ('{ref}'); "
                         "apply needs a stated dose")
    unstated = next((e.get("valueString") for e in dosage.get("extension", []) if isinstance(e, dict)
                     and str(e.get("url", "")).endswith("/StructureDefinition/dose-not-stated")), None)
    if unstated and not isinstance(q, dict):
        raise ApplyError(f"{where}: the page names this medicine with no dose ('{unstated}'); apply needs a stated dose")
    if not isinstance(q, dict) or "value" not in q:
        raise ApplyError(f"{where}: no dose quantity (dosage[0].doseAndRate[0].doseQuantity)")
    unit = q.get("code") or q.get("unit") or ""
    try:
        return dose_unit_basis(unit)
    except ApplyError as exc:
        raise ApplyError(f"{where}: {exc.message}")


def _range_text(r: dict) -> str:
    return f"{(r.get('low') or {}).get('value')}-{(r.get('high') or {}).get('value')} {(r.get('high') or {}).get('code', '')}"


def compute(activity: dict, body: Body, where: str) -> Dose:
    basis = needs(activity, where)
    dosage = activity["dosage"][0]
    q = dosage["doseAndRate"][0]["doseQuantity"]
    per_unit = q.get("code") or q.get("unit")
    per_size = as_decimal(q["value"], f"{where}: dose value")
    if per_size <= 0:
        raise ApplyError(f"{where}: dose {per_size} {per_unit} is not positive")
    cap = None
    if isinstance(dosage.get("maxDosePerAdministration"), dict):
        mq = dosage["maxDosePerAdministration"]
        cap = as_decimal(mq.get("value"), f"{where}: maxDosePerAdministration")
        cap_unit = mq.get("code") or mq.get("unit")
        expected = PER_BSA.get(per_unit) or PER_KG.get(per_unit) or per_unit
        if cap_unit != expected:
            raise ApplyError(f"{where}: the cap is in {cap_unit}, the dose in {expected}; apply cannot compare them")
    if basis == "flat":
        value = min(per_size, cap) if cap is not None else per_size
        return Dose(round_dose(value), per_unit, None, per_unit, value, cap is not None and per_size > cap, basis)

    size = body.bsa if basis == "bsa" else body.weight
    unit = PER_BSA.get(per_unit) or PER_KG[per_unit]
    if size is None:
        raise ApplyError(f"{where}: the dose is in {per_unit}; give "
                         + ("--bsa, or --height and --weight" if basis == "bsa" else "--weight"))
    uncapped = per_size * size
    exact = min(uncapped, cap) if cap is not None else uncapped
    evaluated = _evaluate(activity, basis, size, where)
    if evaluated is not None and evaluated != exact:
        raise ApplyError(f"{where}: the dose expression gives {fmt(evaluated)} {unit} but the structured dose "
                         f"{fmt(per_size)} {per_unit} gives {fmt(exact)} {unit}; the definition disagrees with itself")
    value = round_dose(exact)
    if cap is not None:
        value = min(value, cap)
    return Dose(value, unit, per_size, per_unit, exact, cap is not None and uncapped > cap, basis)


def _evaluate(activity: dict, basis: str, size: Decimal, where: str) -> Decimal | None:
    """The dynamicValue's FHIRPath, evaluated with the patient's measure; None when there is none."""
    for dv in activity.get("dynamicValue") or []:
        if dv.get("path") != VALUE_PATH:
            continue
        expr = dv.get("expression") or {}
        if expr.get("language") != "text/fhirpath":
            return None
        if len(expr.get("expression") or "") > MAX_EXPRESSION:
            raise ApplyError(f"{where}: the dose expression is longer than {MAX_EXPRESSION} characters; "
                             f"a dose formula is short")
        variable = "bodySurfaceArea" if basis == "bsa" else "bodyWeight"
        env = {variable: size}
        try:
            result = evaluate(activity, expr.get("expression", ""), env)
        except Exception as exc:  # fhirpathpy raises plain exceptions for parse and type errors
            raise ApplyError(f"{where}: cannot evaluate the dose expression {expr.get('expression')!r}: {exc}")
        if len(result) != 1 or isinstance(result[0], bool) or not isinstance(result[0], (int, Decimal, float)):
            raise ApplyError(f"{where}: the dose expression {expr.get('expression')!r} gave {result!r}, not one number "
                             f"(does it use %{variable}?)")
        return Decimal(str(result[0]))
    return None
