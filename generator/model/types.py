"""Field types shared by the model: money, codes, counts."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator

from generator import limits
from generator.money import parse_amount


def _to_decimal(value):
    if isinstance(value, float):
        # A float has already lost the typed digits; readers must hand over text or Decimal.
        raise ValueError("金额不能以浮点数传入")
    if isinstance(value, bool):
        raise ValueError("应为金额")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, str):
        return parse_amount(value)
    return value


def _non_negative(value: Decimal) -> Decimal:
    if value < 0:
        raise ValueError("金额不能为负数")
    if value >= limits.AMOUNT:  # past it, rounding to cents overflows Decimal's precision
        raise ValueError(f"金额过大（上限 {limits.AMOUNT:,.0f} 万元）")
    if value.as_tuple().exponent < -6:
        raise ValueError("金额（万元）最多六位小数")
    return value


Money = Annotated[Decimal, BeforeValidator(_to_decimal), AfterValidator(_non_negative)]


def _code_text(value):
    if isinstance(value, float):
        raise ValueError("科目编码应写成文本，如 \"2080501\"")
    if isinstance(value, int):
        value = str(value)
    if isinstance(value, str):
        value = value.strip()
        if value.endswith(".0") and value[:-2].isdigit():  # a code pasted as a number: 2080501.0
            value = value[:-2]
    return value


def _function_code(value: str) -> str:
    if not (value.isdigit() and len(value) in (3, 5, 7)):
        raise ValueError(f"功能分类科目编码“{value}”格式错误：应为3位（类）、5位（款）或7位（项）数字")
    return value


def _economic_code(value: str) -> str:
    if not (value.isdigit() and len(value) in (3, 5)):
        raise ValueError(f"经济分类科目编码“{value}”格式错误：应为3位（类）或5位（款）数字")
    return value


FunctionCode = Annotated[str, BeforeValidator(_code_text), AfterValidator(_function_code)]
EconomicCode = Annotated[str, BeforeValidator(_code_text), AfterValidator(_economic_code)]
