"""Domain errors: each carries one line a user can act on."""
from __future__ import annotations


class PorosError(Exception):
    """A problem with the user's input or environment, reported as one clear line."""


class InputError(PorosError):
    """An input file or record that cannot be read as an article."""


class StoreError(PorosError):
    """The store cannot be opened, is locked, or is of an unknown format."""


class QueryError(PorosError):
    """A SPARQL query that does not parse or cannot run."""


class ClusterError(PorosError):
    """A Dask cluster that cannot be reached, or a task on it that failed."""


def first_line(err: BaseException) -> str:
    """The first line of an exception's message, or its type's name when it has none."""
    text = str(err).strip()
    return text.splitlines()[0] if text else type(err).__name__
