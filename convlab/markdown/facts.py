"""Checked facts: numbers a chapter states, computed at build time by the simulations' own functions.

A course's claims ("a 3×3 conv from 64 to 128 channels has 73,856 parameters") are easy to get wrong and
easier still to let drift from the code the reader runs. An author writes the claim as an expression,
``{{= conv_params(3, 64, 128) :, }}``, and the build puts the number the simulation code computes in its
place; a quiz says ``answer: output_size(7, 3, s=2)`` and the build checks its options against it.

Expressions are parsed with ``ast`` and walked by hand, never handed to ``eval``: numbers, ``True`` and
``False``, ``+ - * / // % **``, parentheses, tuples and calls to ``round`` and to the functions the
simulations list in their ``FACTS`` tables. Anything else (a name, an attribute, a string) is refused,
so a chapter cannot run code of its own.
"""

from __future__ import annotations

import ast
import math
import numbers
import operator
import re

from convlab.markdown.factcache import cached_fact
from convlab.site.registry import discover_simulations, simulation_facts

# Always available; the rest come from the simulations' own FACTS tables (convlab/site/registry.py).
BUILTINS = {"round": (round, "round(x, digits)")}
# Bounds that keep every fact to milliseconds: its length and nesting, and the size of every number it
# computes on the way (1024 bits is about 10**308, the range of a float), so ``((10**100)**100)**100`` or
# ``round(1, -10**9)`` is refused before it is computed, not after minutes.
MAX_EXPONENT = 100
MAX_FACT_CHARS = 500
MAX_DEPTH = 40
MAX_INT_BITS = 1024
MAX_ROUND_DIGITS = 308
_FORMAT = re.compile(r"^[,_]?(?:\.\d{1,2})?[dfeg%]?$")
_OPERATORS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv,
              ast.FloorDiv: operator.floordiv, ast.Mod: operator.mod, ast.Pow: operator.pow}
_REFUSED = {ast.Name: "the name '{id}'", ast.Attribute: "an attribute ('.{attr}')", ast.Subscript: "indexing",
            ast.Compare: "a comparison", ast.BoolOp: "'and' or 'or'", ast.Lambda: "a lambda",
            ast.IfExp: "'if'", ast.List: "a list", ast.Dict: "a dict", ast.JoinedStr: "an f-string"}


class FactError(ValueError):
    """What is wrong with one fact, as the sentence an author reads after ``file:line:``."""


def evaluate(expression: str, functions: dict | None = None):
    """The value of ``expression``: a number, or a tuple of numbers (a shape). ``FactError`` otherwise.

    ``functions`` is what the fact may call (``known_functions``); by default the simulations as imported now.
    """
    text = expression.strip()
    if not text:
        raise FactError("fact is empty — write an expression such as {{= output_size(7, 3, s=2) }}")
    if len(text) > MAX_FACT_CHARS:
        raise FactError(f"fact '{text[:40]}…' has {len(text):,} characters; a fact may have up to "
                        f"{MAX_FACT_CHARS} — compute the number in a simulation function and call that")
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError as exc:
        raise FactError(f"fact '{text}' is not a valid expression ({exc.msg}) — write numbers, "
                        "+ - * / // % ** and calls such as output_size(7, 3, s=2)") from None
    except (RecursionError, MemoryError):
        raise _too_deep(text) from None
    if _depth(tree) > MAX_DEPTH:
        raise _too_deep(text)
    value = _Evaluator(text, functions if functions is not None else known_functions()).visit(tree.body)
    if isinstance(value, tuple) and all(_is_number(item) for item in value) and value:
        return value
    if not _is_number(value):
        raise FactError(f"fact '{text}' gives {_kind(value)}, not a number — call a function that returns one")
    if isinstance(value, float) and not math.isfinite(value):
        raise FactError(f"fact '{text}' gives a number too large to compute")
    return value


def _depth(tree: ast.AST) -> int:
    """How deeply the expression nests, counted without recursion (a deep tree must not overflow the stack)."""
    deepest, stack = 0, [(tree, 1)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in ast.iter_child_nodes(node))
    return deepest


def _too_deep(text: str) -> FactError:
    return FactError(f"fact '{text[:40]}' nests more than {MAX_DEPTH} levels deep — write it with fewer "
                     "parentheses, or compute it in a simulation function")


def render(expression: str, spec: str, functions: dict | None = None) -> str:
    """The fact's value as the page shows it: ``spec`` is a format such as ``,`` (73,856) or ``.1f``.

    Kept between builds for the same code (``factcache``); a fact that fails is never kept."""
    functions = functions if functions is not None else known_functions()
    return cached_fact(expression, spec, functions, lambda: _render(expression, spec, functions))


def _render(expression: str, spec: str, functions: dict) -> str:
    value = evaluate(expression, functions)
    spec = spec.strip()
    if not _FORMAT.match(spec):
        raise FactError(f"fact '{expression.strip()}' has an unknown format ':{spec}' (expected: ',' for "
                        "thousands separators and '.Nf' for N decimals, as in ':,' or ':.1f')")
    try:
        return shown(value, spec)
    except ValueError as exc:
        raise FactError(f"fact '{expression.strip()}' gives {shown(value)}, which the format ':{spec}' "
                        f"cannot show ({exc})") from None


def shown(value, spec: str = "") -> str:
    """A number in ``spec``'s format; a shape as its sides joined by ×, as the chapters write 16×16×32."""
    if isinstance(value, tuple):
        return "×".join(format(item, spec) for item in value)
    return format(value, spec)


def known_functions(registry: dict | None = None) -> dict:
    """name -> (function, how it is called): ``round`` and the facts of ``registry``'s simulations (by
    default those of the ``simulations`` package as imported now; the live server reloads them)."""
    return {**BUILTINS, **simulation_facts(discover_simulations() if registry is None else registry)}


class _Evaluator(ast.NodeVisitor):
    """Walks the parsed expression, computing only what ``functions`` and arithmetic allow."""

    def __init__(self, text: str, functions: dict):
        self.text = text
        self.functions = functions

    def generic_visit(self, node):
        template = _REFUSED.get(type(node), "'{kind}'")
        what = template.format(kind=type(node).__name__, **{key: getattr(node, key, "") for key in ("id", "attr")})
        raise FactError(f"fact '{self.text}' uses {what}, which a fact cannot — use numbers, "
                        "+ - * / // % **, parentheses and the known functions")

    def visit(self, node):
        return self._bounded(super().visit(node))

    def visit_Constant(self, node: ast.Constant):
        if isinstance(node.value, (int, float)):
            return node.value
        raise FactError(f"fact '{self.text}' uses {_kind(node.value)}, which a fact cannot — use numbers, "
                        "+ - * / // % **, parentheses and the known functions")

    def visit_Tuple(self, node: ast.Tuple):
        return tuple(self.visit(item) for item in node.elts)

    def visit_UnaryOp(self, node: ast.UnaryOp):
        if not isinstance(node.op, (ast.USub, ast.UAdd)):
            return self.generic_visit(node)
        value = self._number(self.visit(node.operand))
        return -value if isinstance(node.op, ast.USub) else +value

    def visit_BinOp(self, node: ast.BinOp):
        if type(node.op) not in _OPERATORS:
            return self.generic_visit(node)
        left, right = self._number(self.visit(node.left)), self._number(self.visit(node.right))
        if isinstance(node.op, ast.Pow) and abs(right) > MAX_EXPONENT:
            raise FactError(f"fact '{self.text}' raises to the power {right}; facts allow exponents up to "
                            f"{MAX_EXPONENT}")
        if isinstance(node.op, ast.Pow) and isinstance(left, int) and right > 0 and \
                left.bit_length() * right > MAX_INT_BITS:
            raise self._too_large()
        try:
            return _OPERATORS[type(node.op)](left, right)
        except ZeroDivisionError:
            raise FactError(f"fact '{self.text}' divides by zero") from None
        except OverflowError:
            raise FactError(f"fact '{self.text}' gives a number too large to compute") from None

    def visit_Call(self, node: ast.Call):
        if not isinstance(node.func, ast.Name):
            return self.generic_visit(node.func)
        name = node.func.id
        if name not in self.functions:
            raise FactError(f"fact '{self.text}' calls unknown function '{name}' "
                            f"(expected: {', '.join(sorted(self.functions))})")
        if any(isinstance(arg, ast.Starred) for arg in node.args) or any(kw.arg is None for kw in node.keywords):
            raise FactError(f"fact '{self.text}' unpacks arguments with * or **, which a fact cannot — "
                            "write each argument")
        repeated = next((kw.arg for index, kw in enumerate(node.keywords)
                         if kw.arg in [earlier.arg for earlier in node.keywords[:index]]), None)
        if repeated:
            raise FactError(f"fact '{self.text}' gives {name}() the argument '{repeated}' twice — keep one")
        args = [self.visit(arg) for arg in node.args]
        kwargs = {kw.arg: self.visit(kw.value) for kw in node.keywords}
        if name == "round":
            self._check_round(args, kwargs)
        return self._call(name, args, kwargs)

    def _check_round(self, args: list, kwargs: dict) -> None:
        digits = args[1] if len(args) > 1 else kwargs.get("ndigits", 0)
        if _is_number(digits) and abs(digits) > MAX_ROUND_DIGITS:
            raise FactError(f"fact '{self.text}' rounds to {digits} digits; facts round to at most "
                            f"{MAX_ROUND_DIGITS} digits either side of the point")

    def _bounded(self, value):
        """``value``, unless it is an integer too large for a fact (see ``MAX_INT_BITS``)."""
        items = value if isinstance(value, tuple) else (value,)
        if any(isinstance(item, int) and item.bit_length() > MAX_INT_BITS for item in items):
            raise self._too_large()
        return value

    def _too_large(self) -> FactError:
        return FactError(f"fact '{self.text}' computes a number of more than {MAX_INT_BITS} bits (about "
                         "10**308) — facts state numbers a reader can read")

    def _call(self, name: str, args: list, kwargs: dict):
        try:
            return self.functions[name][0](*args, **kwargs)
        except OverflowError:
            raise FactError(f"fact '{self.text}' gives a number too large to compute") from None
        except ValueError as exc:
            raise FactError(f"fact '{self.text}' cannot be computed: {exc}") from None
        except TypeError as exc:
            raise FactError(f"fact '{self.text}' calls {name}() with the wrong arguments: {exc} "
                            f"(it is called as {self.functions[name][1]})") from None

    def _number(self, value):
        if not _is_number(value):
            raise FactError(f"fact '{self.text}' does arithmetic on {_kind(value)}; only numbers can be "
                            "added, multiplied or divided")
        return value


def _is_number(value) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def _kind(value) -> str:
    if isinstance(value, str):
        return f"the text {value!r}"
    if isinstance(value, tuple):
        return f"the shape {value!r}" if value else "an empty tuple"
    if isinstance(value, bool):
        return f"the truth value {value}"
    return f"a {type(value).__name__}"
