"""How large hostile text is in the linear-time tests, and how they tell linear from quadratic.

``MERZIG_HOSTILE_CHARS`` sets the size: 300,000 characters in the test run,
a mebibyte (1048576, the limit for a record file) in ``make test-long``. A
test times its work at a quarter of the size and at the full size, in CPU
seconds of its own process: four times the text takes four times as long when
the work is linear, sixteen times when it is quadratic. :func:`assert_linear`
allows eight times plus :data:`FLOOR`: with a linear part L and a quadratic
part Q at the full size, the check fails once Q > 2·L + 2·FLOOR, on any
machine, unlike a fixed time limit. A busy moment on a shared machine can
stretch one measurement about twice over, so times that do not look linear
are measured once more and the lower of each kept (:func:`growth`): a
quadratic part stretches both. The fastest quadratic scan (``'@' in
text[i:]`` at every position: memcpy and memchr) takes ~1.7 s for 300,000
characters on the project's 2-core machine and is caught, even half of it
(the control test in ``tests/test_hostile_text.py``); a backtracking regular
expression does 10 to 100 times more work per step.

Why 300,000 and not 256 Ki: a quarter of it, 75,000 characters, is still
past the 64 KiB above which Markdown is shown as plain text, so both sizes
take the same path; the comparison would mean nothing across such a cap.
"""

from __future__ import annotations

import os
from collections.abc import Callable

HOSTILE_CHARS = int(os.environ.get("MERZIG_HOSTILE_CHARS", "300000"))
GROWTH = 8  # allowed growth of the time for four times the text: linear 4, quadratic 16
FLOOR = 0.1  # CPU seconds: what the timing of a short call may be off by


def grows_linearly(small: float, large: float) -> bool:
    """Did the time grow linearly from a quarter of the text (``small`` s) to all of it?"""
    return large <= GROWTH * small + FLOOR


def assert_linear(what: str, small: float, large: float) -> None:
    """Fail when ``what`` took more than linear time from a quarter of the text to all of it."""
    assert grows_linearly(small, large), (
        f"{what}: {small:.2f} s für {HOSTILE_CHARS // 4} Zeichen, {large:.2f} s für "
        f"{HOSTILE_CHARS} – die Zeit wächst schneller als der Text (quadratisch?)"
    )


def growth(took: Callable[[int], float], n: int = HOSTILE_CHARS) -> tuple[float, float]:
    """CPU seconds ``took(size)`` gives at a quarter of ``n`` and at ``n``; measured once more,
    keeping the lower of each, when they do not look linear."""
    small, large = took(n // 4), took(n)
    if not grows_linearly(small, large):
        small, large = min(small, took(n // 4)), min(large, took(n))
    return small, large
