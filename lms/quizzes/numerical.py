"""Points and numerical answers of a quiz file, read as text2qti 0.8.0 reads them, into Decimals.

A broken rule raises `QuizSyntaxError` (also raised by drafts.py), whose message is an
lms.i18n.Message. Pure.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal, InvalidOperation

from ..i18n import N_, Message
from . import spec

INTEGER = re.compile(r"(?:0|[+-]?[1-9](?:[0-9]+|_[0-9]+)*)$")  # text2qti's integer answer
SMALLEST = Decimal("0.0001")
NUMERICAL_FORMS = N_("write '= 42', '= 3.5 +- 0.1', '= 200 +- 5%' or '= [1.5, 2.5]'")


class QuizSyntaxError(ValueError):
    def __init__(self, message: Message, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.line = line  # None: the line being read


def parse_points(text: str) -> Decimal:
    """`Points:`: a positive whole or half number, like 1, 2 or 1.5 (text2qti's rule)."""
    message = N_("'Points:' must be a positive whole or half number, like 1, 2 or 1.5 (it is '%(text)s')", text=text)
    try:
        value = float(text)
    except ValueError:
        raise QuizSyntaxError(message) from None
    if not math.isfinite(value) or value <= 0:
        raise QuizSyntaxError(message)
    if value.is_integer():
        try:
            return Decimal(int(text))  # text2qti reads whole points with int(): '2.0' fails there too
        except ValueError:
            raise QuizSyntaxError(message) from None
    if abs(value - round(value)) != 0.5:
        raise QuizSyntaxError(message)
    return Decimal(str(value))


def _number(text: str) -> Decimal:
    """A number as text2qti's float() reads it, kept exact; infinities and NaN are refused."""
    try:
        float(text)
        value = Decimal(text.strip())
    except (ValueError, InvalidOperation):
        raise QuizSyntaxError(N_("the numerical answer is not a number; %(forms)s", forms=NUMERICAL_FORMS)) from None
    if not value.is_finite():
        raise QuizSyntaxError(N_("the numerical answer must be a finite number; %(forms)s", forms=NUMERICAL_FORMS))
    return value


def parse_numerical(text: str) -> spec.Numerical:
    """An `=` answer: `[min, max]`, `x +- margin`, `x +- n%`, or an integer (text2qti's forms)."""
    if text.startswith("["):
        if not text.endswith("]") or "," not in text:
            raise QuizSyntaxError(N_("the numerical range is malformed; %(forms)s", forms=NUMERICAL_FORMS))
        low, high = (_number(part) for part in text[1:-1].split(",", 1))
        if low > high:
            raise QuizSyntaxError(N_("the numerical range has its smaller number second; write it as '[min, max]'"))
        answer = spec.Numerical(min=low, exact=None, max=high)
    elif "+-" in text:
        number, margin = text.split("+-", 1)
        percent = margin.endswith("%")
        exact, spread = _number(number), _number(margin.removesuffix("%"))
        if spread < 0:
            raise QuizSyntaxError(N_("the margin after '+-' cannot be negative; write it as a positive number"))
        if percent:
            spread = abs(exact) * spread / 100
        answer = spec.Numerical(min=exact - spread, exact=exact, max=exact + spread)
    elif INTEGER.match(text):
        exact = Decimal(int(text))
        answer = spec.Numerical(min=exact, exact=exact, max=exact)
    else:
        raise QuizSyntaxError(
            N_(
                "'%(text)s' is not a numerical answer this format accepts (an answer with a decimal point needs a "
                "margin, such as '= %(text)s +- 0.01'); %(forms)s",
                text=text,
                forms=NUMERICAL_FORMS,
            )
        )
    if abs(answer.min) < SMALLEST or abs(answer.max) < SMALLEST:
        raise QuizSyntaxError(
            N_(
                "every accepted value must be at least 0.0001 away from zero, so that the quiz exports to other "
                "learning platforms unchanged (a range cannot start or end at 0); choose bounds like '[0.001, 5]' "
                "or ask for a different quantity"
            )
        )
    return answer
