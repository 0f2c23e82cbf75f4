"""Derivation formulas: plain arithmetic (+ − × ÷, parentheses, numbers) over named inputs.

Parsed with ``ast`` and evaluated by walking the tree: a dataset is untrusted input, so
nothing in a formula may call, index or look up anything but its own inputs.
"""

from __future__ import annotations

import ast
import math
import operator
from collections.abc import Callable, Mapping

_BINARY: dict[type[ast.operator], Callable[[float, float], float]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
}
MAX_LENGTH = 500


def _parse(formula: str) -> ast.expr:
    if len(formula) > MAX_LENGTH:
        raise ValueError(f"formula longer than {MAX_LENGTH} characters")
    try:
        return ast.parse(formula, mode="eval").body
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        raise ValueError(f"formula '{formula}' is not arithmetic over named inputs") from None


def _names(node: ast.AST) -> set[str]:
    if isinstance(node, ast.Name):
        return {node.id}
    if isinstance(node, ast.Constant) and isinstance(node.value, int | float):
        _check_constant(node.value)
        return set()
    if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
        return _names(node.left) | _names(node.right)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        return _names(node.operand)
    raise ValueError("formulas may use only numbers, input names, + - * / and parentheses")


MAX_CONSTANT = 1e15  # far above any factor a formula needs (a unit conversion, 100)


def _check_constant(value: float) -> None:
    """A constant arithmetic can use: `* 1` and 400 zeros is an int no float can hold,
    `* 1e999` is infinity."""
    try:
        ok = math.isfinite(value) and abs(value) <= MAX_CONSTANT
    except OverflowError:
        ok = False
    if not ok:
        shown = str(value) if len(str(value)) <= 20 else str(value)[:17] + "..."
        raise ValueError(f"formula constant {shown} is out of range (at most {MAX_CONSTANT:g})")


def check_formula(formula: str, inputs: set[str]) -> None:
    """Raise ValueError unless ``formula`` is arithmetic over exactly ``inputs``."""
    try:
        used = _names(_parse(formula))
    except RecursionError:
        raise ValueError("formula nested too deeply") from None
    if missing := used - inputs:
        raise ValueError(f"formula uses undeclared input(s): {', '.join(sorted(missing))}")
    if unused := inputs - used:
        raise ValueError(f"input(s) not used by the formula: {', '.join(sorted(unused))}")


def evaluate(formula: str, values: Mapping[str, float]) -> float | None:
    """The formula's value, or None when it divides by zero or leaves the finite floats."""
    try:
        result = _eval(_parse(formula), values)
    except (ZeroDivisionError, OverflowError):
        return None
    return result if math.isfinite(result) else None


def _eval(node: ast.expr, values: Mapping[str, float]) -> float:
    if isinstance(node, ast.Name):
        return values[node.id]
    if isinstance(node, ast.Constant) and isinstance(node.value, int | float):
        return float(node.value)
    if isinstance(node, ast.BinOp):
        return _BINARY[type(node.op)](_eval(node.left, values), _eval(node.right, values))
    if isinstance(node, ast.UnaryOp):
        v = _eval(node.operand, values)
        return -v if isinstance(node.op, ast.USub) else v
    raise ValueError("not arithmetic")
