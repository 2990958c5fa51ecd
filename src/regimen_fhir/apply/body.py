"""The patient's size: body surface area by Mosteller, or as given; weight for per-kg doses.

Mosteller (N Engl J Med 1987;317:1098): BSA (m2) = sqrt(height (cm) x weight (kg) / 3600),
rounded half-up to 2 decimals (the precision BSA is charted with); the rounded value is the one
used for every dose and recorded in the output.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .errors import ApplyError

BSA_MAX = Decimal(4)
HEIGHT_RANGE = (Decimal(20), Decimal(280))  # cm
WEIGHT_RANGE = (Decimal("0.3"), Decimal(700))  # kg


@dataclass(frozen=True)
class Body:
    bsa: Decimal | None  # m2, the value used
    height: Decimal | None  # cm
    weight: Decimal | None  # kg
    bsa_method: str  # "Mosteller" or "given"


def mosteller(height_cm: Decimal, weight_kg: Decimal) -> Decimal:
    raw = (height_cm * weight_kg / Decimal(3600)).sqrt()
    return raw.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _check(value: Decimal | None, name: str, unit: str, low: Decimal, high: Decimal) -> None:
    if value is None:
        return
    if not value.is_finite() or value <= 0:
        raise ApplyError(f"--{name} {value} {unit}: must be a positive number")
    if not low <= value <= high:
        raise ApplyError(f"--{name} {value} {unit}: outside the possible range {low}..{high} {unit}")


def body(bsa: Decimal | None, height: Decimal | None, weight: Decimal | None) -> Body:
    """Check the measures and work out the BSA. Per-dose needs are checked later (see needs())."""
    if bsa is not None and height is not None:
        raise ApplyError("give either --bsa or --height with --weight, not both")
    if height is not None and weight is None:
        raise ApplyError("--height needs --weight to compute the body surface area")
    if bsa is not None and (not bsa.is_finite() or bsa <= 0 or bsa > BSA_MAX):
        raise ApplyError(f"--bsa {bsa} m2: must be above 0 and at most {BSA_MAX} m2")
    _check(height, "height", "cm", *HEIGHT_RANGE)
    _check(weight, "weight", "kg", *WEIGHT_RANGE)
    if bsa is None and height is not None and weight is not None:
        bsa = mosteller(height, weight)
        if bsa <= 0 or bsa > BSA_MAX:
            raise ApplyError(f"--height {height} cm and --weight {weight} kg give a BSA of {bsa} m2, "
                             f"outside 0..{BSA_MAX} m2")
        return Body(bsa, height, weight, "Mosteller")
    return Body(bsa, height, weight, "given")
