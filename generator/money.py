"""Decimal money: parsing, rounding once, and the change/share arithmetic of the reports.

Amounts are 万元. Nothing here ever touches float.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")
ZERO = Decimal("0")
HUNDRED = Decimal("100")


def parse_amount(text: str) -> Decimal:
    """Read an amount as an officer types or pastes it: `1,676.48`, ` 22 `, `１２.５`."""
    cleaned = text.strip().replace(",", "").replace("，", "").replace(" ", "")
    cleaned = cleaned.translate(str.maketrans("０１２３４５６７８９．－", "0123456789.-"))
    if not cleaned:
        return ZERO
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(f"“{text}”不是金额") from None
    if not value.is_finite():
        raise ValueError(f"“{text}”不是金额")
    return value


def cents(value: Decimal) -> Decimal:
    """Round half-up to the published two decimals."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def tail(n: int) -> Decimal:
    """Most rounding drift that n independently rounded addends plus their total can show."""
    return CENT * ((max(n, 1) + 1) // 2)


def percent(part: Decimal, whole: Decimal) -> Decimal | None:
    """part / whole × 100, half-up to 2 dp; None when the base is zero (undefined)."""
    if whole == 0:
        return None
    return cents(part / whole * HUNDRED)


@dataclass(frozen=True)
class Change:
    """This year against last year, as the prose states it."""

    current: Decimal
    previous: Decimal

    @property
    def delta(self) -> Decimal:
        return cents(self.current) - cents(self.previous)

    @property
    def amount(self) -> Decimal:
        return abs(self.delta)

    @property
    def direction(self) -> str:
        """增加 / 减少 (zero counts as 增加: the seeds print `增加0.00万元`)."""
        return "减少" if self.delta < 0 else "增加"

    @property
    def rate_word(self) -> str:
        return "下降" if self.delta < 0 else "增长"

    @property
    def flat(self) -> bool:
        return self.delta == 0

    @property
    def new(self) -> bool:
        """Nothing last year: a percentage is undefined."""
        return cents(self.previous) == 0 and not self.flat

    @property
    def percent(self) -> Decimal | None:
        """|Δ| against last year's figure; 0.00 when both years are zero."""
        if self.flat:
            return ZERO.quantize(CENT)
        return percent(self.amount, cents(self.previous))


def fmt_amount(value: Decimal | None, *, thousands: bool, blank_zero: bool = False, trim: bool = False) -> str:
    """Display an amount: always rounded once, two decimals unless `trim` (the 安徽 prose style)."""
    if value is None:
        return ""
    value = cents(value)
    if blank_zero and value == 0:
        return ""
    text = f"{value:,.2f}" if thousands else f"{value:.2f}"
    if trim and "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def fmt_percent(value: Decimal | None) -> str:
    return "" if value is None else f"{value:.2f}%"
