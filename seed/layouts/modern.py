"""Parser for the "modern" layout: a study detail page rendered as text.

The page (``seed/documents/001_*.txt``) is a title, a small header, then sections::

    <brief title>
    NCT ID: NCT05745454
    Last Updated: 2023-02-27
    Basic Information                   a section heading, on its own line
    Get a concise snapshot of ...       one generic sentence (page furniture): dropped
    Recruitment Status                  the section's content: labels, values, entries
    NOT_YET_RECRUITING
    ...
    More Related Trials                 other trials: the record ends here

Sections are found by their known headings (``_SECTIONS``); a heading this module does not know
(a short line followed by a furniture sentence) starts a section that is skipped. Each known
section has one ``_parse_<section>`` function (here, or ``parse_<section>`` in
``modern_blocks`` and ``modern_entries``); ``parse`` puts their results together.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from domain.dates import age_years, normalize_age, parse_date
from domain.records import (
    DateRecord,
    DatesRecord,
    DesignRecord,
    EligibilityRecord,
    EnrollmentRecord,
    OutcomeRecord,
    ParseError,
    SourceRecord,
    TrialRecord,
)
from domain.vocab import (
    ALLOCATION,
    INTERVENTION_MODEL,
    MASKING,
    OBSERVATIONAL_MODEL,
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
from seed.layouts import modern_entries as entries
from seed.layouts.modern_blocks import (
    Line,
    arms_and_interventions,
    is_furniture,
    nonblank,
    paragraphs,
    tagged,
    text_of,
    value,
)
from seed.text import unescape_markdown

# --------------------------------------------------------------------------- sections

_STOP = {"more related trials", "related trials", "similar trials"}  # the rest is not this trial
_SUBHEADINGS = {"other intervention names", "other names"}  # parts of the Interventions section


def _split_sections(lines: list[str]) -> tuple[list[Line], list[tuple[str | None, list[Line]]]]:
    """The header lines, then ``(section key or None if unknown, body lines)`` in page order.

    Body lines include blank lines; the furniture sentence under a heading is left out.
    """
    items = [Line(i, raw.strip(), raw.rstrip()) for i, raw in enumerate(lines, start=1)]
    header: list[Line] = []
    sections: list[tuple[str | None, list[Line]]] = []
    i = 0
    while i < len(items):
        key = _heading_key(items[i].text)
        if key in _STOP:
            break
        # Only a known heading or a short paragraph of its own can start a section.
        if key in _SECTIONS or (key not in _SUBHEADINGS and _alone(items, i)):
            furniture = _furniture_at(items, i + 1, strict=key in _FREE_TEXT)
            known = key in _SECTIONS and (_alone(items, i) or furniture is not None)
        else:
            furniture, known = None, False
        if known or (key not in _SUBHEADINGS and _unknown_heading(items, i)):
            sections.append((_SECTIONS.get(key), []))
            i = i + 1 if furniture is None else furniture + 1
            continue
        (sections[-1][1] if sections else header).append(items[i])
        i += 1
    return header, sections


def _furniture_at(items: list[Line], i: int, strict: bool) -> int | None:
    """The index of the furniture sentence starting at or after blank lines from ``i``.

    With ``strict`` (free-text sections) an unknown sentence counts only if more text follows.
    """
    while i < len(items) and not items[i].text:
        i += 1
    if i >= len(items) or not _alone(items, i) or not is_furniture([items[i]]):
        return None
    unknown = not is_furniture([items[i]], strict=True)
    if strict and unknown and not any(line.text for line in items[i + 1 :]):
        return None
    return i


def _alone(items: list[Line], i: int) -> bool:
    """Line ``i`` is a paragraph of its own."""
    return (i == 0 or not items[i - 1].text) and (i + 1 == len(items) or not items[i + 1].text)


def _heading_key(text: str) -> str:
    if len(text) > 60:  # no heading is this long: skip the work for body text
        return ""
    return " ".join(text.lower().rstrip(":").split())


def _unknown_heading(items: list[Line], i: int) -> bool:
    """A short title line between blank lines, followed by a one-sentence furniture paragraph."""
    text = items[i].text
    if not (0 < len(text) <= 60 and text[0].isupper() and len(text.split()) <= 8):
        return False
    if text.endswith((".", ":", ";", ",", "?", "!")) or not _alone(items, i) or i + 2 >= len(items):
        return False
    return not items[i + 1].text and _alone(items, i + 2) and is_furniture([items[i + 2]])


# --------------------------------------------------------------------------- labels


def _label_values(body: list[Line], labels: dict[str, str]) -> dict[str, list[str]]:
    """Values by field, for sections of ``Label`` lines each followed by value lines::

        Recruitment Status                  a label (``labels`` maps it to a field name)
        NOT_YET_RECRUITING                  its value: the next non-blank line(s)
        Why Stopped: funding ended          a label and its value on one line

    The first value of a field comes first (``<field>:label`` holds the label lines as written);
    lines before any label are left out.
    """
    out: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in nonblank(body):
        key = _heading_key(line.text)
        if key in labels and not line.text.endswith(":"):
            current = out.setdefault(labels[key], [])
            out.setdefault(f"{labels[key]}:label", []).append(line.text)
            continue
        head, sep, rest = line.text.partition(":")
        if sep and rest.strip() and _heading_key(head) in labels:
            out.setdefault(labels[_heading_key(head)], []).append(rest.strip())
            current = None
            continue
        if current is not None:
            current.append(line.text)
    return out


def _names(**fields: str) -> dict[str, str]:
    """``{spelling: field}`` from ``field="spelling|other spelling"``."""
    return {name: key for key, names in fields.items() for name in names.split("|")}


def _first(values: dict[str, list[str]], name: str) -> str | None:
    return next(iter(values.get(name) or []), None)


_ACTUAL = re.compile(r"\b(actual|estimated|anticipated|expected)\b", re.IGNORECASE)


def _type_of(text: str | None) -> str | None:
    m = _ACTUAL.search(text or "")
    if m is None:
        return None
    return "ACTUAL" if m.group(1).lower() == "actual" else "ESTIMATED"


def _date_record(text: str | None) -> DateRecord | None:
    """``2023-02-28`` -> (2023-02-28, None); ``March 2024 (Estimated)`` -> (2024-03, ESTIMATED)."""
    if not text:
        return None
    date = parse_date(_ACTUAL.sub("", text).replace("Type", "").strip(" :()[],;"))
    return DateRecord(date, _type_of(text)) if date else None


# --------------------------------------------------------------------------- header


def _parse_header(header: list[Line], document: str) -> dict:
    """The lines before the first section::

    A Clinical Study on the Safety ...       brief title: the first line
    NCT ID: NCT05745454
    Last Updated: 2023-02-27

    Two ``NCT ID:`` lines with different ids is a ``ParseError`` naming both.
    """
    out: dict = {"brief_title": None, "nct_id": None, "last_update": None}
    lines = nonblank(header)
    if lines and tagged(lines[0].text, "NCT ID", colon=True) is None:
        out["brief_title"] = value(lines[0].text)
    for line in lines:
        if (nct := tagged(line.text, "NCT ID", colon=True)) is not None:
            if out["nct_id"] is not None and nct != out["nct_id"]:
                first = f"{out['nct_id']} (line {out['nct_line']})"
                reason = f"two different NCT ids: {first} and {nct}"
                raise ParseError(document, reason, line.n)
            out["nct_id"] = nct
            out["nct_line"] = line.n
        elif (
            date := tagged(line.text, "Last Updated", "Last Update Posted", colon=True)
        ) is not None:
            out["last_update"] = parse_date(date)
    return out


# --------------------------------------------------------------------------- Basic Information

_BASIC = _names(
    status="recruitment status|overall status|status",
    last_known_status="last known status",
    why_stopped="why stopped|reason for stopping|why study stopped",
    phases="clinical phase|phase|phases|study phase",
    enrollment="total enrollment|enrollment",
    enrollment_type="enrollment type",
    study_type="study classification|study type",
    start="study start date|start date|study start",
    primary_completion="primary completion date|primary completion",
    completion="study completion date|completion date",
    first_posted="first posted|study first posted|first submitted",
    last_verified="last verified",
    last_update="last updated|last update posted",
    official_title="official title",
    acronym="acronym",
)
_BASIC_LABELS = {
    f"{word} {label}": name
    for label, name in _BASIC.items()
    for word in ("actual", "estimated", "anticipated")
} | _BASIC


def _parse_basic_information(body: list[Line]) -> dict:
    """Labels each followed by a value::

    Recruitment Status / NOT_YET_RECRUITING      Clinical Phase / PHASE1, PHASE2
    Total Enrollment / 12 participants (Actual)  Study Classification / INTERVENTIONAL
    Study Start Date / 2023-02-28                Why Stopped / <reason>
    """
    values = _label_values(body, _BASIC_LABELS)
    out: dict = {"phases": parse_phases(_first(values, "phases"))}
    out["overall_status"] = enum_value(_first(values, "status"), STATUS)
    out["last_known_status"] = enum_value(_first(values, "last_known_status"), STATUS)
    out["study_type"] = enum_value(_first(values, "study_type"), STUDY_TYPE)
    out["why_stopped"] = value(_first(values, "why_stopped"))
    out["official_title"] = value(_first(values, "official_title"))
    out["acronym"] = value(_first(values, "acronym"))
    enrollment = values.get("enrollment") or []
    count = re.search(r"\d[\d,]*", enrollment[0]) if enrollment else None
    kind = next((t for v in enrollment[:2] if (t := _type_of(v))), None)
    out["enrollment"] = EnrollmentRecord(
        int(count.group(0).replace(",", "")) if count else None,
        kind or _type_of(_first(values, "enrollment_type")) or _label_type(values, "enrollment"),
    )
    for name in ("start", "primary_completion", "completion"):
        date = _date_record(_first(values, name))
        if date and date.type is None and (kind := _label_type(values, name)):
            date = DateRecord(date.date, kind)
        out[name] = date
    for name in ("first_posted", "last_verified", "last_update"):
        out[name] = parse_date(_ACTUAL.sub("", _first(values, name) or "").strip(" ()"))
    return out


def _label_type(values: dict[str, list[str]], name: str) -> str | None:
    """ACTUAL / ESTIMATED when the label says so (``Actual Study Start Date``)."""
    return _type_of(_first(values, f"{name}:label"))


# --------------------------------------------------------------------------- text sections


def _parse_text(body: list[Line]) -> str | None:
    """Paragraphs (Brief Summary, Detailed Description), joined by new lines, escapes undone."""
    return text_of(paragraphs(body))


def _parse_list(body: list[Line]) -> tuple[str, ...]:
    """One term a line (Conditions, Keywords, MeSH terms)::

    Solid Tumor
    Gastric Cancer
    """
    return tuple(dict.fromkeys(v for line in nonblank(body) if (v := value(line.text))))


# --------------------------------------------------------------------------- Study Design

_DESIGN = _names(
    allocation="allocation method|allocation",
    intervention_model="intervention model",
    primary_purpose="primary study purpose|primary purpose",
    masking="blinding strategy|masking|blinding",
    who_masked="who is blinded|who masked|masked roles|blinded roles|blinded parties",
    observational_model="observational model",
    time_perspective="time perspective",
    _="intervention model description|masking description|model description",
)


def _parse_study_design(body: list[Line]) -> DesignRecord:
    """Labels each followed by a value::

    Allocation Method / RANDOMIZED       Intervention Model / PARALLEL
    Primary Study Purpose / TREATMENT    Blinding Strategy / DOUBLE (PARTICIPANT, INVESTIGATOR)
    Who Is Blinded / PARTICIPANT, ...    Observational Model / COHORT
    Time Perspective / PROSPECTIVE
    """
    values = _label_values(body, _DESIGN)
    masking = _first(values, "masking") or ""
    who_text = (
        " ".join(values.get("who_masked", [])) + " " + " ".join(re.findall(r"\(([^)]*)\)", masking))
    )
    who = [enum_value(part, WHO_MASKED) for part in re.split(r"[,;/\n]|\band\b", who_text)]
    return DesignRecord(
        allocation=enum_value(_first(values, "allocation"), ALLOCATION),
        intervention_model=enum_value(_first(values, "intervention_model"), INTERVENTION_MODEL),
        masking=enum_value(re.sub(r"\(.*", "", masking).strip(), MASKING),
        who_masked=tuple(dict.fromkeys(w for w in who if w)),
        primary_purpose=enum_value(_first(values, "primary_purpose"), PRIMARY_PURPOSE),
        observational_model=enum_value(_first(values, "observational_model"), OBSERVATIONAL_MODEL),
        time_perspective=enum_value(_first(values, "time_perspective"), TIME_PERSPECTIVE),
    )


# --------------------------------------------------------------------------- Eligibility

_ELIGIBILITY = _names(
    minimum_age="minimum eligible age|minimum age",
    maximum_age="maximum eligible age|maximum age",
    sex="eligible sex|sex|gender|eligible gender",
    healthy="accepts healthy volunteers|healthy volunteers",
    std_ages="standard ages|std ages|age groups|age group",
    _="study population|sampling method|gender description",
)
_PRINTED_LABELS = {"minimum eligible age", "maximum eligible age", "eligible sex"}
_PRINTED_LABELS |= {"accepts healthy volunteers", "standard ages"}


def _eligibility_label(text: str, in_list: bool) -> bool:
    """A label line; inside a criteria list only the labels pages print end the list."""
    key = _heading_key(text)
    return bool(text) and text[-1] != ":" and key in (_PRINTED_LABELS if in_list else _ELIGIBILITY)


_LIST_HEADING = re.compile(r"^(?:key\s+|main\s+)?(inclusion|exclusion)\s+criteria\b", re.I)


def _parse_eligibility(body: list[Line]) -> EligibilityRecord:
    """Criteria lists, then labels each followed by a value::

    Inclusion Criteria
    1. Age >= 18 years                   numbered or bulleted criteria
    Exclusion Criteria
    1. Pregnancy
    Minimum Eligible Age / 18 Years      (may follow the last criterion with no blank line)
    Maximum Eligible Age / 70 Years      Eligible Sex / ALL | FEMALE | MALE
    Accepts Healthy Volunteers / No      Standard Ages / ADULT, OLDER_ADULT
    """
    criteria: list[Line] = []
    labelled: list[Line] = []
    lists: dict[str, list[str]] = {"inclusion": [], "exclusion": []}
    target: list[str] | None = None
    for line in body:
        if (heading := _LIST_HEADING.match(line.text)) and len(line.text) <= 60:
            target = lists[heading.group(1).lower()]
        elif _eligibility_label(line.text, in_list=target is not None):
            target, labelled = None, [*labelled, line]
            continue
        if target is None and labelled:
            labelled.append(line)  # a label's value
            continue
        criteria.append(line)
        if target is not None and not heading:
            target.append(line.raw)
    raw = [unescape_markdown(ln.raw) for ln in criteria]
    text = "\n".join(r.rstrip() for r in raw if r.strip()) or None  # as classic: no blank lines
    values = _label_values(labelled, _ELIGIBILITY)
    healthy = (_first(values, "healthy") or "").strip().lower()
    ages = re.split(r"[,;/\n]+", "\n".join(values.get("std_ages", [])))
    minimum, maximum = (normalize_age(_first(values, k)) for k in ("minimum_age", "maximum_age"))
    return EligibilityRecord(
        minimum_age=minimum,
        maximum_age=maximum,
        minimum_age_years=age_years(minimum),
        maximum_age_years=age_years(maximum),
        sex=enum_value(_first(values, "sex"), SEX),
        healthy_volunteers={"yes": True, "true": True, "no": False, "false": False}.get(healthy),
        std_ages=tuple(dict.fromkeys(a for p in ages if (a := enum_value(p.strip(), STD_AGE)))),
        criteria_text=text,
        inclusion=parse_criteria(lists["inclusion"]),
        exclusion=parse_criteria(lists["exclusion"]),
    )


def _outcomes(kind: str | None) -> Callable[[list[Line]], list[OutcomeRecord]]:
    return lambda body: entries.parse_outcomes(body, kind)


# --------------------------------------------------------------------------- the record

_SECTIONS: dict[str, str | None] = {"study results": None} | _names(
    basic="basic information",
    brief_summary="brief summary",
    detailed_description="detailed description",
    conditions="conditions",
    keywords="keywords|study keywords",
    mesh="mesh terms|condition mesh terms|conditions mesh terms",
    design="study design|design",
    groups="study groups|study arms|arms|groups|cohorts|arms and interventions",
    interventions="interventions",
    eligibility="eligibility criteria|eligibility|participation criteria",
    sponsors="sponsors",
    collaborators="collaborators",
    responsible_party="responsible party",
    officials="principal investigators|study officials|overall officials|investigators"
    "|study directors|study chairs",
    contacts="central contacts|contacts|study contacts",
    locations="locations|study locations|sites",
    countries="countries",
    references="references|publications",
    identifiers="other identifiers|identifiers|secondary ids",
    primary_outcomes="primary outcomes|primary outcome|primary outcome measures"
    "|primary outcome measure",
    secondary_outcomes="secondary outcomes|secondary outcome|secondary outcome measures"
    "|secondary outcome measure",
    other_outcomes="other outcomes|other outcome measures|other pre-specified outcomes",
    outcomes="outcome measures|outcomes",
)
_FREE_TEXT = {"brief summary", "detailed description"}

# Study Groups, Interventions and Locations need each other's results: see ``parse``.
_HANDLERS: dict[str, Callable[[list[Line]], object]] = {
    "basic": _parse_basic_information,
    "brief_summary": _parse_text,
    "detailed_description": _parse_text,
    "conditions": _parse_list,
    "keywords": _parse_list,
    "mesh": _parse_list,
    "design": _parse_study_design,
    "eligibility": _parse_eligibility,
    "sponsors": entries.parse_sponsors,
    "collaborators": entries.parse_collaborators,
    "responsible_party": entries.parse_responsible_party,
    "officials": entries.parse_officials,
    "contacts": entries.parse_contacts,
    "countries": _parse_list,
    "references": entries.parse_references,
    "identifiers": entries.parse_identifiers,
    "primary_outcomes": _outcomes("PRIMARY"),
    "secondary_outcomes": _outcomes("SECONDARY"),
    "other_outcomes": _outcomes("OTHER"),
    "outcomes": _outcomes(None),
}
_OUTCOMES = ("primary_outcomes", "secondary_outcomes", "other_outcomes", "outcomes")


def parse(lines: list[str], source: SourceRecord) -> TrialRecord:
    """One ``TrialRecord`` from a modern-layout page; ``ParseError`` if it has no NCT id."""
    header_lines, sections = _split_sections(lines)
    header = _parse_header(header_lines, source.document)
    if header["nct_id"] is None:  # an "NCT ID:" line placed after the first section heading
        later = [ln for _, body in sections for ln in body if ln.text.startswith("NCT ID")]
        found = _parse_header(later, source.document)
        header["nct_id"], header["nct_line"] = found["nct_id"], found.get("nct_line")
    nct = re.fullmatch(r"NCT\d{8}", header["nct_id"] or "")
    if nct is None:
        reason = "no NCT id: the 'NCT ID:' line is missing or malformed"
        raise ParseError(source.document, reason, header.get("nct_line"))
    bodies: dict[str, list[Line]] = {}
    for key, body in sections:
        if key is not None:
            bodies.setdefault(key, []).extend([*body, Line(0, "", "")])
    got = {key: _HANDLERS[key](body) for key, body in bodies.items() if key in _HANDLERS}
    basic = got.get("basic") or _parse_basic_information([])
    arms, interventions = arms_and_interventions(bodies.get("groups"), bodies.get("interventions"))
    sites = entries.parse_sites(bodies.get("locations", []), got.get("countries", ()))
    org_id, secondary = got.get("identifiers") or (None, ())
    return TrialRecord(
        nct_id=nct.group(0),
        source=source,
        org_study_id=org_id,
        secondary_ids=secondary,
        brief_title=header["brief_title"],
        official_title=basic["official_title"],
        acronym=basic["acronym"],
        overall_status=basic["overall_status"],
        last_known_status=basic["last_known_status"],
        why_stopped=basic["why_stopped"],
        study_type=basic["study_type"],
        phases=basic["phases"],
        enrollment=basic["enrollment"],
        design=got.get("design") or DesignRecord(),
        dates=DatesRecord(
            start=basic["start"],
            primary_completion=basic["primary_completion"],
            completion=basic["completion"],
            first_posted=basic["first_posted"],
            last_update_posted=header["last_update"] or basic["last_update"],
            last_verified=basic["last_verified"],
        ),
        conditions=got.get("conditions", ()),
        keywords=got.get("keywords", ()),
        mesh_terms=got.get("mesh", ()),
        brief_summary=got.get("brief_summary"),
        detailed_description=got.get("detailed_description"),
        sponsors=(*got.get("sponsors", []), *got.get("collaborators", [])),
        responsible_party=got.get("responsible_party"),
        officials=tuple(got.get("officials", [])),
        contacts=tuple(got.get("contacts", [])),
        locations=tuple(sites),
        references=tuple(got.get("references", [])),
        arms=arms,
        interventions=interventions,
        eligibility=got.get("eligibility") or EligibilityRecord(),
        outcomes=tuple(o for key in _OUTCOMES for o in got.get(key, [])),
    )
