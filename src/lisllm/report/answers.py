"""The short answer in prose that opens each research question's section, in English or Chinese.

Each writer takes the rows of the queries it names in ANSWERS (rows as dicts of variable → term,
in the tables' order) and a `Namer`, and says in one to three sentences what seed 000 answers —
RQ1 the motivations in their groups (§3.1), RQ2 the five mechanisms and the two ways of managing
R&D (§3.2), RQ3 the kinds of output and the outcomes (§3.3), RQ4 the roles (§4.5) — with the counts
and names the data give, so a case added as data changes the answer. A question whose queries are
missing from the catalogue gets no answer.
"""

from __future__ import annotations

from collections.abc import Callable

from .figures import role_rank
from .sentences import Namer, Row, group_values


def _unique(items) -> list:
    return list(dict.fromkeys(item for item in items if item is not None))


def why(rows: list[Row], n: Namer) -> list[str]:
    zh = n.lang == "zh"
    motivations = _unique(r["motivation"] for r in rows)
    by_group = group_values(rows, "group", "motivation")
    groups = [(g, n.ordered(by_group[g])) for g in n.ordered(by_group)]
    if zh:
        parts = "；".join(f"{n(g)}（{n.join(n(m) for m in ms)}）" for g, ms in groups)
        out = [f"研究归纳出 {len(motivations)} 项动机，分为 {len(groups)} 组：{parts}。"]
    else:
        parts = n.join(f"{n(g)} ({', '.join(n(m) for m in ms)})" for g, ms in groups)
        out = [f"The study finds {len(motivations)} motivations in {len(groups)} groups: {parts}."]
    cases = {m: _unique(cs) for m, cs in group_values(rows, "motivation", "case").items()}
    attributed = sorted((m for m in motivations if cases[m]), key=lambda m: -len(cases[m]))
    if not attributed:
        out.append("数据未将任何一项动机归于具体案例。" if zh else
                   "The data attribute none of them to a particular case.")
        return out
    widest = attributed[0]
    named = n.aside(n.quote(n(widest)), n.countries(cases[widest]))
    if len(attributed) == 1:
        out.append(f"其中 1 项由数据归于具体案例：{named}。" if zh else
                   f"The data attribute one of them to particular cases: {named}.")
    else:
        out.append(f"其中 {len(attributed)} 项由数据归于具体案例，归属最广的是{named}。" if zh else
                   f"The data attribute {len(attributed)} of them to particular cases, most widely {named}.")
    return out


def how(rows: list[Row], management: list[Row], n: Namer) -> list[str]:
    tops = group_values(rows, "topMechanism", "case")
    cases = _unique(r["case"] for r in rows)
    complete = len([c for c in cases if all(c in cs for cs in tops.values())])
    names = n.join(n(t) for t in n.ordered(tops))
    modes = group_values(management, "mode", "case")
    ways = n.join(n.aside(n(m), n.countries(modes[m])) for m in n.ordered(modes))
    if n.lang == "zh":
        return [f"图书情报机构通过 {len(tops)} 项机制参与研发：{names}。",
                f"全部 {len(cases)} 个案例都具备这 {len(tops)} 项机制。" if complete == len(cases) else
                f"{len(cases)} 个案例中有 {complete} 个具备全部 {len(tops)} 项机制。",
                f"研发管理分 {len(modes)} 种方式：{ways}。"]
    return [f"LIS institutions take part through {len(tops)} mechanisms: {names}.",
            f"All {len(cases)} cases realise all {len(tops)}." if complete == len(cases) else
            f"{complete} of the {len(cases)} cases realise all {len(tops)}.",
            f"R&D is managed in {len(modes)} ways: {ways}."]


def results_of(outputs: list[Row], outcomes: list[Row], n: Namer) -> list[str]:
    zh = n.lang == "zh"
    kinds = group_values(outputs, "topKind", "case")
    parts = [f"{n(k)}——{n.countries(kinds[k])}" if zh else f"{n(k)}: {n.countries(kinds[k])}"
             for k in n.ordered(kinds)]
    out = [f"研发产出分 {len(kinds)} 类：{'；'.join(parts)}。" if zh else
           f"The outputs are of {len(kinds)} kinds — {'; '.join(parts)}."]
    by_outcome = {o: _unique(cs) for o, cs in group_values(outcomes, "outcome", "case").items()}
    found = [n.aside(n(o), n.countries(by_outcome[o])) for o in n.ordered(by_outcome) if by_outcome[o]]
    general = [n(o) for o in n.ordered(by_outcome) if not by_outcome[o]]
    if zh:
        tail = f"，以及针对全部机构总体陈述的{n.join(general)}" if general else ""
        out.append(f"成效共 {len(by_outcome)} 项：{'、'.join(found)}{tail}。")
    else:
        tail = f", and {n.join(general)}, stated for the institutions in general" if general else ""
        out.append(f"There are {len(by_outcome)} outcomes: {', '.join(found)}{tail}.")
    return out


def differences(rows: list[Row], n: Namer) -> list[str]:
    zh = n.lang == "zh"
    institutions = _unique(r["institution"] for r in rows)
    by_role = group_values(rows, "role", "country")
    placed = _unique(r["institution"] for r in rows if r.get("role") is not None)
    roles = sorted(by_role, key=lambda role: role_rank(role.value, n.labels))
    parts = [n.aside(n(role), n.join(sorted({n(c) for c in by_role[role]}))) for role in roles]
    counted = (f"{len(institutions)} 个机构" if len(placed) == len(institutions) else
               f"{len(institutions)} 个机构中的 {len(placed)} 个") if zh else \
        (f"the {len(institutions)} institutions" if len(placed) == len(institutions) else
         f"{len(placed)} of the {len(institutions)} institutions")
    out = [f"推理机把 {counted}归入 {len(roles)} 种角色：{'、'.join(parts)}。" if zh else
           f"The reasoner places {counted} in {len(roles)} roles: {n.join(parts)}."]
    if len(placed) < len(institutions):
        out.append(f"其余 {len(institutions) - len(placed)} 个机构不符合任何角色的条件。" if zh else
                   f"The other {len(institutions) - len(placed)} fit no role.")
    return out


# Each question's writer, with the queries whose rows it is given, in order.
ANSWERS: dict[str, tuple[tuple[str, ...], Callable[..., list[str]]]] = {
    "RQ1": (("rq1-motivations-by-case",), why),
    "RQ2": (("rq2-mechanisms-by-case", "rq2-rnd-management"), how),
    "RQ3": (("rq3-outputs-by-case", "rq3-outcomes-by-case"), results_of),
    "RQ4": (("rq4-case-model",), differences),
}


def answer(question: str, results: dict[str, list[Row]], n: Namer) -> list[str]:
    """The answer to `question` ("RQ1" …) from the rows of its section's queries (query id → rows);
    none where it is no research question or a query it needs is missing or has no rows."""
    queries, writer = ANSWERS.get(question, ((), None))
    if writer is None or not all(results.get(query) for query in queries):
        return []
    return writer(*(results[query] for query in queries), n)
