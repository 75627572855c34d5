"""Parser for the "classic" layout: the classic ClinicalTrials.gov study record page as text.

``parse()`` cuts the page into sections by structure (a section starts at its own label, found
anywhere; page furniture ends one) and hands each to its ``_parse_<section>`` function; people
and places are read by ``seed.layouts.classic_sites``. Pure functions: no I/O, no database.
A label never seen before is skipped, and a page cut off part-way gives whatever is there.
"""

from __future__ import annotations

import re

from domain.dates import age_years, normalize_age, parse_date
from domain.records import (
    ArmRecord,
    DateRecord,
    DatesRecord,
    DesignRecord,
    EligibilityRecord,
    EnrollmentRecord,
    InterventionRecord,
    OutcomeRecord,
    ParseError,
    SourceRecord,
    TrialRecord,
)
from domain.vocab import (
    ALLOCATION,
    ARM_TYPE,
    INTERVENTION_MODEL,
    INTERVENTION_TYPE,
    MASKING,
    OBSERVATIONAL_MODEL,
    OUTCOME_TYPE,
    PRIMARY_PURPOSE,
    SEX,
    STATUS,
    STD_AGE,
    STUDY_TYPE,
    TIME_PERSPECTIVE,
    WHO_MASKED,
    enum_value,
    parse_phases,
)
from seed.criteria_list import parse_criteria
from seed.layouts.classic_more import parse_more as _parse_more
from seed.layouts.classic_more import parse_references as _parse_references
from seed.layouts.classic_more import parse_sponsors as _parse_sponsors
from seed.layouts.classic_more import parse_terms as _parse_terms
from seed.layouts.classic_sites import ROW, cells, parse_responsible_party
from seed.layouts.classic_sites import parse_officials as _parse_officials
from seed.layouts.classic_sites import parse_sites as _parse_sites
from seed.terms import split_terms
from seed.text import clean, strip_cell, unescape_markdown

_NCT = re.compile(r"ClinicalTrials\.gov Identifier:\s*\|?\s*(NCT\d{8})\b")
# the lines that state the page's own id: the identifier under the title, the "More
# Information" row and the "Please refer to this study by ..." sentence
_OWN_NCT = re.compile(
    r"^\s*(?:ClinicalTrials\.gov Identifier:\s*\|?|Please refer to this study by its "
    r"ClinicalTrials\.gov identifier \(NCT number\):)\s*(NCT\d{8})\b"
)
_FURNITURE = re.compile(
    r"^(?:!\[\]\(\)|The safety and scientific validity|- (?:Study Details|Tabular View|"
    r"No Results Posted|Disclaimer|How to Read a Study Record)$|Choosing to participate|"
    r"To learn more about this study|Please refer to this study|For general information|"
    r"Information from the National Library of Medicine)"
)
# what follows a piece of furniture
_AFTER = (("Choosing", "eligibility"), ("To learn", "sites"), ("Please", "sites"), ("- ", "text"))
_ROWS = {
    "design": r"Study Type|(?:Actual |Estimated )?Enrollment|Allocation|Intervention Model|Masking"
    r"|Primary Purpose|Observational Model|Time Perspective|Official Title|Acronym"
    r"|(?:Actual |Estimated |Anticipated )?(?:Study Start|(?:Primary|Study) Completion) Date",
    "eligibility": r"Ages Eligible for Study|(?:Sexes|Genders?) Eligible for Study|Gender Based"
    r" Eligibility|Gender Eligibility Description|Accepts Healthy Volunteers|Sampling Method"
    r"|Study Population",
    "officials": r"Principal Investigator|Study Director|Study Chair",
    "sponsors": r"Sponsor|Collaborators?|Information provided by[^:|]*",
    "more": r"Responsible Party|ClinicalTrials\.gov Identifier|Other Study ID Numbers"
    r"|(?:Results )?First Posted|Last Update Posted|Last Verified|Individual Participant Data"
    r"[^:|]*|Plan to Share IPD|Studies a U\.S\. FDA-regulated[^:|]*|Keywords provided by[^:|]*"
    r"|Additional relevant MeSH terms",
}
_STARTS = (
    ("status", re.compile(r"^Recruitment Status\s*:")),
    ("conditions", re.compile(r"^Condition or disease\s*\|")),
    ("arms", re.compile(r"^(?:Arm|Group/Cohort)\s*\|")),
    ("outcomes", re.compile(r"^(?:Primary|Secondary|Other)[\w -]* Outcome Measures?\s*:", re.I)),
    ("references", re.compile(r"^Publications\b[^|:]*:")),
    *((name, re.compile(rf"^(?:{rx})\s*:\s*\|")) for name, rx in _ROWS.items()),
)
_OUTCOME = re.compile(r"^(?:-|\d+\.)\s*(?P<m>.*?)\s*\[\s*Time Frame:\s*(?P<tf>.*?)\s*\](?P<d>.*)$")
_ITYPES = (
    r"Drug|Device|Biological|Procedure|Radiation|Behavioral|Genetic|Dietary Supplement"
    r"|Combination Product|Diagnostic Test|Other"
)
_ITYPE_AT = re.compile(rf"(?<!\S)({_ITYPES}):\s+")
_CRITERIA_HEAD = re.compile(
    r"^(?:key\s+)?(inclusion|exclusion)\s+criteria\b[^:]{0,60}?(?::\s*(?P<rest>.*))?$", re.I
)


def _sections(lines: list[str]) -> dict[str, list[str]]:
    """Lines by section: each section starts at its label; furniture lines end one."""
    out: dict[str, list[str]] = {}
    current, table_cols, row_pipes = "header", 0, -1
    for raw in lines:
        line = raw.strip()
        if _FURNITURE.match(line):
            current = next((s for p, s in _AFTER if line.startswith(p)), current)
            continue
        if current == "status" and line == "|":
            current = "text"
            continue
        start = next((name for name, rx in _STARTS if rx.match(line)), None)
        if start is None and _OUTCOME.match(line) and current in ("arms", "design", "text"):
            start = "outcomes"
        if start is None and line.startswith("Contact:") and current == "eligibility":
            start = "sites"
        if start and start != current:
            current = start
            table_cols, row_pipes = line.count("|"), -1
        out.setdefault(current, []).append(raw)
        if current == "conditions" and start is None:  # the table ends with its one row
            if re.match(r"^-{3,}\|", line):
                row_pipes = 0
            elif row_pipes >= 0:
                row_pipes += len(re.findall(r"(?<!\\)\|", line))
                if row_pipes >= table_cols:
                    current = "text"
    return out


def _parse_status(lines: list[str]) -> dict:
    """The status block under the identifier::

    Recruitment Status : Unknown              the value on this line or the next
    (Reform CAR structure due to safety)      why it stopped, for Withdrawn/Terminated/Suspended
    Verified September 2015 by Second Military Medical University.
    Recruitment status was: Recruiting
    First Posted : March 21, 2016
    Last Update Posted : March 19, 2020
    """
    out: dict = {}
    pending = False
    for raw in lines:
        line = raw.strip().strip("|").strip()
        if m := re.match(r"Recruitment Status\s*:\s*(.*)$", line):
            pending = not m.group(1)
            line = m.group(1)
            if pending:
                continue
        if m := re.match(r"Recruitment status was\s*:\s*(.*)$", line, re.I):
            out["last_known_status"] = enum_value(m.group(1), STATUS)
        elif m := re.match(r"Verified\s+(.+?)(?:\s+by\b.*)?\.?$", line):
            out["last_verified"] = parse_date(m.group(1))
        elif m := re.match(r"(First Posted|Last Update Posted)\s*:\s*(.*)$", line):
            key = "first_posted" if m.group(1).startswith("First") else "last_update_posted"
            out[key] = parse_date(m.group(2).replace("Key Record Dates", ""))
        elif m := re.match(r"^\((.+)\)$", line):
            if "overall_status" in out:
                out["why_stopped"] = clean(unescape_markdown(m.group(1)))
        elif (pending or not out) and line and (m := re.match(r"([^(]+)\s*(?:\((.*)\))?$", line)):
            out["overall_status"] = enum_value(m.group(1), STATUS)
            if m.group(2):
                out["why_stopped"] = clean(unescape_markdown(m.group(2)))
        pending = False
    return out


def _split_typed(text: str) -> list[tuple[str, str]]:
    """``Biological: X Drug: Y`` -> [("Biological", "X"), ("Drug", "Y")]."""
    marks = list(_ITYPE_AT.finditer(text))
    return [
        (m.group(1), clean(text[m.end() : nxt.start() if nxt else len(text)]) or "")
        for m, nxt in zip(marks, [*marks[1:], None], strict=False)
    ]


def _parse_conditions(lines: list[str]) -> tuple[tuple[str, ...], list[tuple[str, str]], tuple]:
    """The conditions table (its one row may span lines)::

    Condition or disease | Intervention/treatment | Phase |
    ---|---|---|
    Breast Cancer Ovarian Cancer Glioma | Biological: Anti-HER2 CAR-T Drug: Y | Phase 1 Phase 2 |

    Returns (conditions, [(type word, intervention name)], phases).
    """
    if not lines:
        return (), [], ()
    header = [c.lower() for c in cells(lines[0])]
    body = [ln.strip() for ln in lines[1:] if not re.match(r"^-{3,}\|", ln.strip())]
    row = dict(zip(header, cells("\n".join(body)), strict=False))
    conditions = split_terms(row.get("condition or disease"))
    interventions = [(t, n) for t, n in _split_typed(row.get("intervention/treatment", "")) if n]
    return conditions, interventions, parse_phases(row.get("phase"))


def _parse_text(lines: list[str]) -> tuple[str | None, str | None]:
    """Brief summary, then an optional detailed description, as free text::

    Brief Summary:                    optional heading
    Objectives:                       sub-headings are kept as text lines
    The purpose of this study ...     one line per paragraph
    Detailed Description:             starts the detailed description
    """
    parts: dict[str, list[str]] = {"brief": [], "detailed": []}
    key = "brief"
    for raw in lines:
        line = raw.strip()
        if not line or ROW.match(line) or line == "|":
            continue
        if re.match(r"^(Brief Summary|Study Description)\s*:?$", line, re.I):
            continue
        if m := re.match(r"^Detailed Description\s*:\s*(.*)$", line, re.I):
            key, line = "detailed", m.group(1)
        if line:
            parts[key].append(unescape_markdown(strip_cell(line) if line.endswith("|") else line))
    return tuple("\n".join(p) or None for p in (parts["brief"], parts["detailed"]))


def _date(label: str, value: str) -> DateRecord | None:
    date = parse_date(value)
    kind = (
        "ACTUAL"
        if "Actual" in label
        else "ESTIMATED"
        if re.search(r"Estimated|Anticipated", label)
        else None
    )
    return DateRecord(date, kind) if date else None


def _parse_design(lines: list[str]) -> dict:
    """The study design rows (unknown rows are skipped)::

    Study Type : | Interventional (Clinical Trial) |
    Actual Enrollment : | 0 participants |           or Estimated Enrollment
    Allocation: | N/A |                              Intervention Model, Primary Purpose, ...
    Masking: | Double (Participant, Investigator) |
    Official Title: | ... |                          Acronym: | ... |
    Actual Study Start Date : | March 2016 |          Primary Completion / Study Completion
    """
    out: dict = {"design": {}, "dates": {}}
    for raw in lines:
        m = ROW.match(raw.strip())
        if not m:
            continue
        label, value = m.group("label"), strip_cell(m.group("rest"))
        key = re.sub(r"^(Actual|Estimated|Anticipated) ", "", label).lower()
        if key == "study type":
            out["study_type"] = enum_value(value, STUDY_TYPE)
        elif key == "enrollment":
            count = re.match(r"\d[\d,]*", value)
            kind = "ACTUAL" if "Actual" in label else "ESTIMATED" if "Estimated" in label else None
            out["enrollment"] = (
                EnrollmentRecord(int(count.group(0).replace(",", "")), kind) if count else None
            )
        elif key == "masking":
            head, _, who = value.partition("(")
            masking = enum_value(value, MASKING) or enum_value(head, MASKING)
            out["design"]["masking"] = masking
            if masking and masking != "NONE":
                found = (enum_value(w, WHO_MASKED) for w in who.rstrip(")").split(","))
                out["design"]["who_masked"] = tuple(w for w in found if w)
        elif key in _DESIGN_TABLES:
            field, table = _DESIGN_TABLES[key]
            out["design"][field] = enum_value(value, table)
        elif key in ("official title", "acronym"):
            out[key.replace(" ", "_")] = clean(unescape_markdown(value))
        elif m := re.match(r"(study start|primary completion|study completion) date$", key):
            field = {"study start": "start", "study completion": "completion"}.get(m.group(1))
            out["dates"][field or "primary_completion"] = _date(label, value)
    return out


_DESIGN_TABLES = {
    "allocation": ("allocation", ALLOCATION),
    "intervention model": ("intervention_model", INTERVENTION_MODEL),
    "primary purpose": ("primary_purpose", PRIMARY_PURPOSE),
    "observational model": ("observational_model", OBSERVATIONAL_MODEL),
    "time perspective": ("time_perspective", TIME_PERSPECTIVE),
}


def _cell_interventions(text: str, known: list[tuple[str, str]]) -> list[dict]:
    """Interventions in one cell: ``Type: <known name>`` anywhere, or ``Type: name`` opening a
    line; each one's description runs to the next. ``Other Names:`` lists its other names."""
    marks: dict[int, tuple[int, str, str]] = {}
    for kind, name in sorted(known, key=lambda k: -len(k[1])):
        rx = rf"(?<!\S){re.escape(kind)}:\s*{re.escape(name)}(?!\S)"
        for m in re.finditer(rx, text, re.I):
            if not any(s <= m.start() < e for s, (e, _, _) in marks.items()):
                marks[m.start()] = (m.end(), kind, name)
    for m in re.finditer(rf"^({_ITYPES}):\s*(.+)$", text, re.M):
        if not any(s <= m.start() < e for s, (e, _, _) in marks.items()):
            marks[m.start()] = (m.end(), m.group(1), clean(m.group(2)) or "")
    out: list[dict] = []
    starts = sorted(marks)
    if not starts:
        return out
    for start, nxt in zip(starts, [*starts[1:], len(text)], strict=True):
        end, kind, name = marks[start]
        description, other_names, in_names = [], [], False
        for line in (ln.strip() for ln in text[end:nxt].split("\n")):
            if m := re.match(r"^Other Names?\s*:\s*(.*)$", line, re.I):
                in_names = True
                other_names += [n.strip() for n in m.group(1).split(";") if n.strip()]
            elif in_names and line.startswith("- "):
                other_names.append(clean(line[2:]))
            elif line:
                in_names = False
                description.append(line)
        text_desc = "\n".join(description) or None
        out.append({"type": kind, "name": name, "description": text_desc, "other": other_names})
    return out


def _parse_arms(lines: list[str], known: list[tuple[str, str]]) -> list[dict]:
    """The arms (or cohorts) table; each row is an arm cell, then an intervention cell::

    Arm | Intervention/treatment |          or  Group/Cohort | Intervention/treatment |
    ---|---|
    Experimental: HER2 positive cancers      arm type: label (a cohort may have no type)
    Patients with relapsed ...               description, any number of lines
    |                                        ends the arm cell
    Biological: Anti-HER2 CAR-T              type: name, then its description;
    HER-2-targeting CAR-T cells infusion |   several may run together; " |" ends the cell
    """
    if not lines:
        return []
    ncols = max(1, len(cells(lines[0])))
    body = [
        unescape_markdown(ln.strip())
        for ln in lines[1:]
        if not re.match(r"^-{3,}\|", ln.strip()) and not ROW.match(ln.strip())
    ]
    pieces = re.split(r"(?<!\\)\|", "\n".join(body))
    arms = []
    for j in range(0, len(pieces), ncols):
        arm_lines = [ln.strip() for ln in pieces[j].split("\n") if ln.strip()]
        if not arm_lines:
            continue
        label, kind = arm_lines[0], None
        if (m := re.match(r"^([A-Za-z ]+):\s*(.+)$", label)) and enum_value(m.group(1), ARM_TYPE):
            kind, label = enum_value(m.group(1), ARM_TYPE), m.group(2).strip()
        cell = pieces[j + 1] if ncols > 1 and j + 1 < len(pieces) else ""
        arms.append(
            {
                "label": clean(label),
                "type": kind,
                "description": "\n".join(arm_lines[1:]) or None,
                "interventions": _cell_interventions(cell.strip(), known),
            }
        )
    return arms


def _parse_outcomes(lines: list[str]) -> tuple[OutcomeRecord, ...]:
    """Outcome measures, typed only under a heading::

    Primary Outcome Measures :                       (optional) Secondary / Other ...
    - Overall survival [ Time Frame: 2 years ]Description, which may be empty
    """
    found: list[list] = []
    kind = None
    for raw in lines:
        line = raw.strip()
        if m := re.match(r"^(Primary|Secondary|Other)[\w -]* Outcome Measures?\s*:", line, re.I):
            kind = enum_value(m.group(1), OUTCOME_TYPE)
        elif m := _OUTCOME.match(line):
            found.append([m.group("m"), kind, m.group("tf"), [m.group("d")]])
        elif line.startswith("- "):
            found.append([line[2:], kind, None, []])
        elif found and line and not ROW.match(line):
            found[-1][3].append(line)
    return tuple(
        OutcomeRecord(
            measure=clean(unescape_markdown(measure)) or "",
            type=kind,
            time_frame=clean(unescape_markdown(tf or "")),
            description="\n".join(unescape_markdown(d.strip()) for d in desc if d.strip()) or None,
        )
        for measure, kind, tf, desc in found
    )


_AGES = re.compile(
    r"^(?:(?P<lo>\S+ \w+) to (?P<hi>\S+ \w+)|(?P<lo2>\S+ \w+) and older|up to (?P<hi2>\S+ \w+))?"
    r"\s*(?:\((?P<std>[^)]*)\))?$",
    re.I,
)


def _parse_eligibility(lines: list[str]) -> EligibilityRecord:
    """Eligibility rows, then the criteria::

    Ages Eligible for Study: | 18 Years to 80 Years (Adult, Older Adult) |
    Sexes Eligible for Study: | All |                 (Female, Male)
    Accepts Healthy Volunteers: | No |
    Inclusion Criteria:                               criteria: the lines to the section's end
    - Relapsed or refractory HER2 positive cancer.
    Exclusion Criteria:
    - Allergic to cytokines.
    """
    out: dict = {}
    criteria: list[str] = []
    for raw in lines:
        line = raw.strip()
        m = ROW.match(line)
        if not m:
            if line and (criteria or _CRITERIA_HEAD.match(line) or line.startswith("- ")):
                criteria.append(unescape_markdown(line))
            continue
        label, value = m.group("label").lower(), strip_cell(m.group("rest"))
        if label.startswith("ages eligible"):
            ages = _AGES.match(clean(value) or "")
            if ages:
                lo, hi = (
                    ages.group("lo") or ages.group("lo2"),
                    ages.group("hi") or ages.group("hi2"),
                )
                out["minimum_age"], out["maximum_age"] = normalize_age(lo), normalize_age(hi)
                out["minimum_age_years"] = age_years(out["minimum_age"])
                out["maximum_age_years"] = age_years(out["maximum_age"])
            std = ages.group("std") if ages else value
            found = (enum_value(s, STD_AGE) for s in (std or "").split(","))
            out["std_ages"] = tuple(dict.fromkeys(s for s in found if s))
        elif re.match(r"(sexes|genders?) eligible", label):
            out["sex"] = enum_value(value, SEX)
        elif label.startswith("accepts healthy"):
            out["healthy_volunteers"] = {"yes": True, "no": False}.get(value.lower())
    lists: dict[str, list[str]] = {"inclusion": [], "exclusion": []}
    key = None
    for line in criteria:
        if m := _CRITERIA_HEAD.match(line):
            key = m.group(1).lower()
            line = m.group("rest") or ""
        if key and line:
            lists[key].append(line)
    return EligibilityRecord(
        **out,
        criteria_text="\n".join(criteria) or None,
        inclusion=parse_criteria(lists["inclusion"]),
        exclusion=parse_criteria(lists["exclusion"]),
    )


def _assemble(arms: list[dict], known: list[tuple[str, str]]):
    """ArmRecords and InterventionRecords: each arm names its interventions, each intervention
    its arms; the first description written for an intervention is kept."""
    table: dict[str, dict] = {}
    for kind, name in known:
        table.setdefault(name.lower(), {"type": kind, "name": name, "description": None})
        table[name.lower()].update(other=[], arms=[])
    arm_records = []
    for arm in arms:
        names = []
        for item in arm["interventions"]:
            entry = table.setdefault(item["name"].lower(), dict(item, description=None, other=[]))
            entry.setdefault("arms", [])
            entry["description"] = entry["description"] or item["description"]
            entry["other"] = list(dict.fromkeys([*entry["other"], *item["other"]]))
            if arm["label"] not in entry["arms"]:
                entry["arms"].append(arm["label"])
            names.append(entry["name"])
        names = tuple(dict.fromkeys(names))
        arm_records.append(ArmRecord(arm["label"], arm["type"], arm["description"], names))
    interventions = tuple(
        InterventionRecord(
            name=e["name"],
            type=enum_value(e["type"], INTERVENTION_TYPE),
            description=e["description"],
            other_names=tuple(e["other"]),
            arm_labels=tuple(e.get("arms", ())),
        )
        for e in table.values()
    )
    return tuple(arm_records), interventions


def _parse_identity(lines: list[str], document: str) -> str:
    """The page's own NCT id, from every line that states it::

    ClinicalTrials.gov Identifier: NCT02713984 |                       under the title
    Please refer to this study by its ClinicalTrials.gov identifier (NCT number): NCT02713984
    ClinicalTrials.gov Identifier: | NCT02713984 |                     More Information row

    Two different ids is a ``ParseError`` naming both: which trial the page is about is unknown.
    """
    own = [(n, m.group(1)) for n, ln in enumerate(lines, start=1) if (m := _OWN_NCT.match(ln))]
    if own:
        first_line, nct = own[0]
        for n, other in own:
            if other != nct:
                reason = f"two different NCT ids: {nct} (line {first_line}) and {other}"
                raise ParseError(document, reason, n)
        return nct
    found = next((m.group(1) for ln in lines if (m := _NCT.search(ln))), None)
    if found is None:
        raise ParseError(document, "no 'ClinicalTrials.gov Identifier: NCT…' line", None)
    return found


def parse(lines: list[str], source: SourceRecord) -> TrialRecord:
    """One classic record page (its lines) -> ``TrialRecord``; ``ParseError`` without an NCT id."""
    nct = _parse_identity(lines, source.document)
    sec = _sections(lines)
    header = [ln.strip() for ln in sec.get("header", []) if ln.strip()]
    title = next((ln for ln in header if not _NCT.search(ln)), None)
    status = _parse_status(sec.get("status", []))
    conditions, known, phases = _parse_conditions(sec.get("conditions", []))
    brief, detailed = _parse_text(sec.get("text", []))
    design = _parse_design(sec.get("design", []))
    arms, interventions = _assemble(_parse_arms(sec.get("arms", []), known), known)
    sponsors, provided_by = _parse_sponsors(sec.get("sponsors", []))
    more = _parse_more(sec.get("more", []))
    values = more["values"]
    ids = [strip_cell(v) for v in values.get("other study id numbers", []) if strip_cell(v)]
    vocabulary = (*conditions, *(i.name for i in interventions))
    keywords, mesh = _parse_terms(more, vocabulary)
    central, locations = _parse_sites(sec.get("sites", []))

    def row_date(label: str) -> str | None:
        found = values.get(label)
        return parse_date(found[0].replace("Key Record Dates", "")) if found else None

    return TrialRecord(
        nct_id=nct,
        source=source,
        org_study_id=ids[0] if ids else None,
        secondary_ids=tuple(ids[1:]),
        brief_title=clean(unescape_markdown(title)) if title else None,
        official_title=design.get("official_title"),
        acronym=design.get("acronym"),
        overall_status=status.get("overall_status"),
        last_known_status=status.get("last_known_status"),
        why_stopped=status.get("why_stopped"),
        study_type=design.get("study_type"),
        phases=phases,
        enrollment=design.get("enrollment") or EnrollmentRecord(),
        design=DesignRecord(**design["design"]),
        dates=DatesRecord(
            **design["dates"],
            first_posted=row_date("first posted") or status.get("first_posted"),
            last_update_posted=row_date("last update posted") or status.get("last_update_posted"),
            last_verified=row_date("last verified") or status.get("last_verified"),
        ),
        conditions=conditions,
        keywords=keywords,
        mesh_terms=mesh,
        brief_summary=brief,
        detailed_description=detailed,
        sponsors=sponsors,
        responsible_party=parse_responsible_party(
            (values.get("responsible party") or [provided_by])[0]
        ),
        officials=_parse_officials(sec.get("officials", [])),
        contacts=central,
        locations=locations,
        references=_parse_references(sec.get("references", [])),
        arms=arms,
        interventions=interventions,
        eligibility=_parse_eligibility(sec.get("eligibility", [])),
        outcomes=_parse_outcomes(sec.get("outcomes", [])),
    )
