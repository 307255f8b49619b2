"""Where a part's parameters are declared: its problem's scope (shared by the problem's parts),
then its own; the parameters a part has and their handout values."""

from __future__ import annotations

from dataclasses import dataclass

from tutor.content.model import Content, Part, Problem
from tutor.content.params import Parameters, ParamSpec
from tutor.content.paramvalues import ParamValue
from tutor.variants.errors import ParamError


@dataclass(frozen=True)
class Scope:
    """One level of declarations: a problem's (shared by its parts) or a part's own."""

    kind: str  # "problem" | "part"
    id: str
    parameters: Parameters
    file: str
    path: tuple  # where it is declared: ("problem",) or ("parts", i)


def problem_of(content: Content, part_id: str) -> tuple[Problem, int, Part]:
    for problem in content.problems:
        for i, part in enumerate(problem.parts):
            if part.id == part_id:
                return problem, i, part
    known = ", ".join(p.id for p in content.parts())
    raise ParamError(f"there is no part {part_id!r}; the parts are {known}")


def scopes(content: Content, part_id: str) -> tuple[Scope, ...]:
    """The declarations a part sees: its problem's, then its own (either may be absent)."""
    problem, index, part = problem_of(content.templates, part_id)
    out = []
    if problem.parameters:
        out.append(Scope("problem", problem.id, problem.parameters, problem.source, ("problem",)))
    if part.parameters:
        out.append(Scope("part", part.id, part.parameters, problem.source, ("parts", index)))
    return tuple(out)


def param_specs(content: Content, part_id: str) -> tuple[ParamSpec, ...]:
    """Every parameter a part has (its problem's first), in declaration order."""
    return tuple(p for s in scopes(content, part_id) for p in s.parameters.params)


def is_parameterized(content: Content, part_id: str) -> bool:
    return bool(param_specs(content, part_id))


def parameterized_parts(content: Content) -> tuple[str, ...]:
    return tuple(p.id for p in content.templates.parts() if is_parameterized(content, p.id))


def defaults(content: Content, part_id: str) -> dict[str, ParamValue]:
    return {p.name: p.default for p in param_specs(content, part_id)}
