"""Sentences that state what a catalogue query's results say, in English or Chinese.

Each writer takes the rows of one query (dicts of variable → term) and a `Namer` that turns terms
into labels in the report's language; it only restates the rows, so the sentences change with the
data. Queries without a writer get their table only.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

import pyoxigraph as ox

from ..namespaces import ID
from ..sparql.labels import term_text
from .figures import role_rank

CHINA = ox.NamedNode(ID + "country/china")

Row = dict[str, object]


class Namer:
    """Labels for terms, and the country of each case, in the report's language; `rank` gives the
    order in which the report's tables list terms (lisllm.report.ordering), by label without it."""

    def __init__(self, labels: dict[str, str], country_of: dict, lang: str,
                 rank: Callable[[object], object] | None = None):
        self.labels = labels
        self.country_of = country_of
        self.lang = lang
        self.rank = rank

    def __call__(self, term) -> str:
        return term_text(term, self.labels)

    def country(self, case) -> str:
        return self(self.country_of.get(case, case))

    def join(self, items) -> str:
        items = list(dict.fromkeys(items))
        if self.lang == "zh":
            return "、".join(items)
        return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]

    def countries(self, cases) -> str:
        return self.join(sorted({self.country(c) for c in cases}))

    def ordered(self, terms) -> list:
        """The distinct terms, in the tables' order."""
        return sorted(dict.fromkeys(terms), key=self.rank or self)

    def aside(self, text: str, note: str) -> str:
        """`text` with `note` in brackets."""
        return f"{text}（{note}）" if self.lang == "zh" else f"{text} ({note})"

    def quote(self, text: str) -> str:
        return f"“{text}”"


def group_values(rows: list[Row], key: str, value: str) -> dict:
    """Each bound value of `key`, in row order, with the values of `value` beside it (None where unbound)."""
    grouped: dict = defaultdict(list)
    for row in rows:
        if row.get(key) is not None:
            grouped[row[key]].append(row.get(value))
    return grouped


def _int(term) -> int:
    return int(term.value) if term is not None else 0


def _true(term) -> bool:
    return term is not None and term.value == "true"


# --- RQ1 --------------------------------------------------------------------------------------

def motivations_by_case(rows: list[Row], n: Namer) -> list[str]:
    by_group = group_values(rows, "group", "motivation")
    cases = group_values(rows, "motivation", "case")
    motivations = list(dict.fromkeys(r["motivation"] for r in rows))
    attributed = [m for m in motivations if any(c is not None for c in cases[m])]
    themes = [m for m in motivations if m not in attributed]
    zh = n.lang == "zh"
    groups = "；".join if zh else "; ".join
    parts = [f"{n(g)}：{n.join(n(m) for m in dict.fromkeys(ms))}" if zh else
             f"{n(g)}: {n.join(n(m) for m in dict.fromkeys(ms))}" for g, ms in by_group.items()]
    out = [f"研究共提出 {len(motivations)} 项动机——{groups(parts)}。" if zh else
           f"The study names {len(motivations)} motivations — {groups(parts)}."]
    for m in attributed:
        found = [c for c in cases[m] if c is not None]
        # Cases are named by their countries; where two cases share one, the count of countries is said too.
        places = len({n.country(c) for c in found})
        where = "" if places == len(found) else (f"，分布于 {places} 个国家" if zh else f" in {places} countries")
        out.append(f"数据将{n.quote(n(m))}归于 {len(found)} 个案例{where}：{n.countries(found)}。" if zh else
                   f"The data attribute {n.quote(n(m))} to {len(found)} case{'s' if len(found) != 1 else ''}"
                   f"{where}: {n.countries(found)}.")
    if themes:
        out.append(f"其余 {len(themes)} 项动机（{n.join(n(m) for m in themes)}）是研究层面的主题，"
                   "种子文献未将其归于任何具体案例。" if zh else
                   (f"The other {len(themes)} ({n.join(n(m) for m in themes)}) are study-level themes: "
                    if len(themes) != 1 else f"The other one ({n(themes[0])}) is a study-level theme: ") +
                   "the seed attributes it to no particular case." if len(themes) == 1 else
                   "the seed attributes them to no particular case.")
    return out


def motivations_shared(rows: list[Row], n: Namer) -> list[str]:
    zh = n.lang == "zh"
    total = _int(rows[0]["allCases"]) if rows else 0
    shared = [n(r["motivation"]) for r in rows if _true(r["sharedByAll"])]
    distinctive = [n(r["motivation"]) for r in rows if _true(r["distinctive"])]
    none = "无" if zh else "none"
    out = [f"全部 {total} 个案例共有的动机：{n.join(shared) if shared else none}。"
           f"仅见于一个国家的动机：{n.join(distinctive) if distinctive else none}。" if zh else
           f"Motivations shared by all {total} cases: {n.join(shared) if shared else none}. "
           f"Motivations distinctive to one country: {n.join(distinctive) if distinctive else none}."]
    widest = max(rows, key=lambda r: _int(r["cases"]), default=None)
    if widest is not None and _int(widest["cases"]):
        count = _int(widest["cases"])
        out.append(f"归属案例最多的动机是{n.quote(n(widest['motivation']))}（{count}/{total} 个案例、"
                   f"{_int(widest['countries'])} 个国家）。" if zh else
                   f"The most widely attributed is {n.quote(n(widest['motivation']))} ({count} of {total} cases, "
                   f"{_int(widest['countries'])} countries).")
    return out


# --- RQ2 --------------------------------------------------------------------------------------

def mechanisms_by_case(rows: list[Row], n: Namer) -> list[str]:
    zh = n.lang == "zh"
    cases = sorted({r["case"] for r in rows}, key=n.country)
    by_top = {top: set(cs) for top, cs in group_values(rows, "topMechanism", "case").items()}
    everywhere = [t for t, cs in by_top.items() if cs == set(cases)]
    out = []
    if len(everywhere) == len(by_top):
        out.append(f"全部 {len(cases)} 个案例都具备图2 的 {len(by_top)} 项一级机制，差异在于具体形式。" if zh else
                   f"All {len(cases)} cases realise each of the {len(by_top)} top-level mechanisms of Figure 2; "
                   "they differ in the specific forms.")
    else:
        for top, cs in by_top.items():
            out.append(f"{n(top)}：{n.countries(cs)}。" if zh else f"{n(top)}: {n.countries(cs)}.")
    for case in cases:
        specific = [n(r["mechanism"]) for r in rows if r["case"] == case and r["mechanism"] != r["topMechanism"]]
        if specific:
            out.append(f"{n.country(case)}的具体形式：{n.join(specific)}。" if zh else
                       f"{n.country(case)}: {n.join(specific)}.")
    return out


def compute_by_case(rows: list[Row], n: Namer) -> list[str]:
    zh = n.lang == "zh"
    named, unnamed, none = [], [], []
    for r in sorted(rows, key=lambda r: n.country(r["case"])):
        if r.get("channel") is None:
            none.append(r["case"])
            continue
        if r.get("provider") is None:
            unnamed.append(r["case"])
            continue
        kind = n(r["providerKind"]) if r.get("providerKind") is not None else ""
        named.append(f"{n.country(r['case'])}——{n(r['provider'])}（{kind}）" if zh else
                     f"{n.country(r['case'])} from {n(r['provider'])} ({kind})")
    out = []
    if named:
        out.append(f"算力来源：{'；'.join(named)}。" if zh else f"Compute: {'; '.join(named)}.")
    if unnamed:
        out.append(f"{n.countries(unnamed)}：资料未说明算力渠道或提供方，只记录了一般机制。" if zh else
                   f"For {n.countries(unnamed)} the sources name no channel or provider; only the general "
                   "mechanism is recorded.")
    if none:
        out.append(f"{n.countries(none)}：未记录算力机制。" if zh else
                   f"No compute mechanism is recorded for {n.countries(none)}.")
    return out


def staff_involvement(rows: list[Row], n: Namer) -> list[str]:
    zh = n.lang == "zh"
    by_level = group_values(rows, "level", "case")
    parts = [f"{n(level)}（{n.countries(cs)}）" if zh else f"{n(level)} ({n.countries(cs)})"
             for level, cs in sorted(by_level.items(), key=lambda kv: n.countries(kv[1]))]
    missing = [r["case"] for r in rows if r.get("level") is None]
    out = [f"人员参与度存在差异：{'；'.join(parts)}。" if zh else f"Staff involvement differs: {'; '.join(parts)}."]
    if missing:
        out.append(f"{n.countries(missing)}：未记录人员参与程度。" if zh else
                   f"No level of staff involvement is recorded for {n.countries(missing)}.")
    return out


def rnd_management(rows: list[Row], n: Namer) -> list[str]:
    zh = n.lang == "zh"
    out = []
    for mode, _ in group_values(rows, "mode", "case").items():
        entries = []
        for r in sorted((r for r in rows if r.get("mode") == mode), key=lambda r: n.country(r["case"])):
            joint = r.get("jointMode")
            entries.append(f"{n.country(r['case'])}（{n(joint)}）" if zh and joint is not None else
                           f"{n.country(r['case'])} ({n(joint)})" if joint is not None else n.country(r["case"]))
        out.append(f"{n(mode)}：{n.join(entries)}。" if zh else f"{n(mode)}: {n.join(entries)}.")
    return out


# --- RQ3 --------------------------------------------------------------------------------------

def outputs_by_case(rows: list[Row], n: Namer) -> list[str]:
    zh = n.lang == "zh"
    out = []
    for top, _ in group_values(rows, "topKind", "case").items():
        entries = []
        for case in sorted({r["case"] for r in rows if r["topKind"] == top}, key=n.country):
            named = []
            for r in rows:
                if r["case"] == case and r["topKind"] == top and r.get("output") is not None:
                    licence = r.get("licence")
                    if zh:
                        named.append(f"{n(r['output'])}，许可：{licence.value}" if licence is not None
                                     else f"{n(r['output'])}，未记录许可")
                    else:
                        named.append(f"{n(r['output'])}, licence {licence.value}" if licence is not None
                                     else f"{n(r['output'])}, no licence recorded")
            detail = "；".join(named) if zh else "; ".join(named)
            entries.append(f"{n.country(case)}（{detail}）" if zh and named else
                           f"{n.country(case)} ({detail})" if named else n.country(case))
        out.append(f"{n(top)}：{n.join(entries)}。" if zh else f"{n(top)}: {n.join(entries)}.")
    return out


def outcomes_by_case(rows: list[Row], n: Namer) -> list[str]:
    zh = n.lang == "zh"
    by_outcome = group_values(rows, "outcome", "case")
    groups = {r["outcome"]: r.get("group") for r in rows}
    out = []
    by_group: dict = defaultdict(list)
    general = []
    for outcome, cases in by_outcome.items():
        found = [c for c in cases if c is not None]
        if not found:
            general.append(n(outcome))
            continue
        by_group[groups[outcome]].append(f"{n(outcome)}（{n.countries(found)}）" if zh else
                                         f"{n(outcome)} ({n.countries(found)})")
    for group, entries in by_group.items():
        head = n(group) if group is not None else ("其他成效" if zh else "Other outcomes")
        out.append(f"{head}：{'；'.join(entries)}。" if zh else f"{head}: {'; '.join(entries)}.")
    if general:
        out.append(f"{n.join(general)}：种子文献针对全部机构总体陈述，未归于具体案例。" if zh else
                   f"{n.join(general)}: stated for the institutions in general, attributed to no particular case.")
    return out


# --- RQ4 --------------------------------------------------------------------------------------

def case_model(rows: list[Row], n: Namer) -> list[str]:
    zh = n.lang == "zh"
    by_role: dict = defaultdict(list)
    for r in rows:
        by_role[r.get("role")].append(n(r["country"]))
    # Roles in the order of Figure 1, from least to most R&D leadership.
    roles = sorted((role for role in by_role if role is not None), key=lambda role: role_rank(role.value, n.labels))
    parts = [f"{n(role)}——{n.join(sorted(by_role[role]))}" if zh else f"{n(role)}: {n.join(sorted(by_role[role]))}"
             for role in roles]
    out = [f"推理机推断的角色：{'；'.join(parts)}。" if zh else f"The reasoner infers: {'; '.join(parts)}."]
    if None in by_role:
        out.append(f"{n.join(by_role[None])}：未推断出角色。" if zh else
                   f"No role is inferred for {n.join(by_role[None])}.")
    return out


def role_explanations(rows: list[Row], n: Namer) -> list[str]:
    zh = n.lang == "zh"
    out = []
    for r in rows:
        if r.get("explanation") is None:
            continue
        role = n(r["role"]) if r.get("role") is not None else ""
        out.append(f"{n(r['institution'])}（{role}）：{r['explanation'].value}" if zh else
                   f"{n(r['institution'])} ({role}): {r['explanation'].value}")
    return out


# --- logic model and recommendations ----------------------------------------------------------

def logic_model_chains(rows: list[Row], n: Namer) -> list[str]:
    zh = n.lang == "zh"
    out = []
    for case in sorted({r["case"] for r in rows}, key=n.country):
        stages: dict = {}
        for r in sorted((r for r in rows if r["case"] == case), key=lambda r: _int(r["order"])):
            stages.setdefault(r["stage"], [])
            if r.get("element") is not None:
                stages[r["stage"]].append(n(r["element"]))
        links = [n.join(elements) if elements else (f"（无{n(stage)}记录）" if zh else f"(no {n(stage)} recorded)")
                 for stage, elements in stages.items()]
        out.append(f"{n.country(case)}：{' → '.join(links)}。" if zh else f"{n.country(case)}: {' → '.join(links)}.")
    return out


def recommendations_gaps(rows: list[Row], n: Namer) -> list[str]:
    zh = n.lang == "zh"
    out = []
    for recommendation in dict.fromkeys(r["recommendation"] for r in rows):
        mine = [r for r in rows if r["recommendation"] == recommendation]
        element = mine[0]["element"]
        realised = [r for r in mine if r.get("case") is not None]
        china = [n(r["realisedAs"]) for r in realised if n.country_of.get(r["case"]) == CHINA]
        forms = group_values([r for r in realised if n.country_of.get(r["case"]) != CHINA], "case", "realisedAs")
        others = [f"{n.country(case)}（{n.join(n(f) for f in fs)}）" if zh else
                  f"{n.country(case)} ({n.join(n(f) for f in fs)})"
                  for case, fs in sorted(forms.items(), key=lambda kv: n.country(kv[0]))]
        head = (f"{n.quote(n(recommendation))}涉及{n.quote(n(element))}。" if zh else
                f"{n.quote(n(recommendation))} concerns {n.quote(n(element))}.")
        if china:
            status = (f"中国已具备（{n.join(china)}）；其他案例：{n.join(others) if others else '无'}。" if zh else
                      f"China already realises it (as {n.join(china)}); other cases: "
                      f"{n.join(others) if others else 'none'}.")
        else:
            status = (f"中国尚未具备，这是一项差距；已实现的案例：{n.join(others) if others else '无'}。" if zh else
                      f"China does not realise it yet — a gap; realised by: {n.join(others) if others else 'no case'}.")
        out.append(head + ("" if zh else " ") + status)
    return out


WRITERS: dict[str, Callable[[list[Row], Namer], list[str]]] = {
    "rq1-motivations-by-case": motivations_by_case,
    "rq1-motivations-shared-or-distinctive": motivations_shared,
    "rq2-mechanisms-by-case": mechanisms_by_case,
    "rq2-compute-by-case": compute_by_case,
    "rq2-staff-involvement": staff_involvement,
    "rq2-rnd-management": rnd_management,
    "rq3-outputs-by-case": outputs_by_case,
    "rq3-outcomes-by-case": outcomes_by_case,
    "rq4-case-model": case_model,
    "rq4-role-explanations": role_explanations,
    "logic-model-chains": logic_model_chains,
    "recommendations-gaps": recommendations_gaps,
}
