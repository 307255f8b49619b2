"""What goes wrong with a variant: parameters it cannot have (the student's or the instructor's
``--set``/``--seed``: a usage error) and declarations that cannot be computed (a content bug)."""

from __future__ import annotations

from tutor.content.positions import format_key
from tutor.errors import UsageError, UserError


class ParamError(UsageError):
    """Parameters a variant cannot have (unknown name, out of range, K > N, a broken constraint)."""


class ConstraintError(ParamError):
    """Parameters that break a constraint; ``file`` and ``path`` are where the constraint is
    declared (for the handout's parameters, a content bug reported at that line)."""

    def __init__(self, constraint: str, values: str, file: str, path: tuple):
        super().__init__(f"the parameters break the constraint '{constraint}' ({values})")
        self.constraint, self.values, self.file, self.path = constraint, values, file, path


class VariantContentError(UserError):
    """The content's own parameter declarations cannot be computed (a content bug)."""

    exit_code = 1

    def __init__(self, message: str, file: str = "", path: tuple = ()):
        super().__init__(f"{file}: {format_key(path)}: {message}" if file else message)
        self.file, self.path, self.detail = file, path, message
