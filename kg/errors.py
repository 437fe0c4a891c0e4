"""Every error the library raises on purpose; the CLI maps them to exit codes (2 = usage or input)."""


class KgError(Exception):
    """Base class of the errors diplomacy-kg raises on purpose."""

    exit_code = 2


class InputError(KgError):
    """An input file cannot be read or understood."""

    def __init__(self, path, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason


class ArticleError(InputError):
    """One article cannot be read; the build reports it and goes on with the others."""


class GoldError(InputError):
    """A gold annotation file cannot be read or does not fit the gold format (docs/evaluation.md)."""


class RdfLoadError(InputError):
    """An RDF file does not parse."""


class FormatError(KgError):
    """An output or input format is not known, or does not fit the command."""


class QueryError(KgError):
    """A SPARQL query is malformed or not allowed."""


class StoreError(KgError):
    """The triplestore (embedded or remote) cannot be reached or refused the request."""


class ValidationError(KgError):
    """Shapes cannot be loaded or are not valid SHACL."""


class OutputError(KgError):
    """An output file cannot be written (a directory, no permission, disk full)."""

    def __init__(self, path, reason: str):
        super().__init__(f"{path}: cannot write: {reason}")
        self.path = str(path)
        self.reason = reason


class NodeError(KgError):
    """A node named on the command line is not in the data, or its label is ambiguous."""

    def __init__(self, node: str, reason: str):
        super().__init__(f"{node}: {reason}")
        self.node = node
        self.reason = reason


class RequestError(KgError):
    """A web request cannot be answered as asked; `status` is the HTTP status to answer with."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status

    def __reduce__(self):   # rebuilt from both arguments when it crosses a process boundary
        return (type(self), (self.status, str(self)))


class ClusterError(KgError):
    """A Dask cluster cannot be reached, runs another kg, or was lost during a build."""
