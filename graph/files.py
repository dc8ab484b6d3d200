"""Writing a file all at once or not at all."""
from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO


def write_atomically(target: Path, write: Callable[[BinaryIO], object]) -> None:
    """Let `write` fill a temporary file beside the target, then rename it into place: a failure
    (raised again, OSError included) leaves no half file and the old target as it was."""
    tmp = target.with_name(f".{target.name}.{uuid.uuid4().hex}.tmp")
    try:
        with tmp.open("wb") as out:
            write(out)
        tmp.replace(target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
