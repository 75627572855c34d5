"""Every registry sample (``tests/data/registry/json`` and ``xml``) loaded by the seed job on a
database of its own, and served: each served value against the raw file, through a table of
(raw path, served path) pairs that says where a value sits on each side, not how one becomes
the other. Then what only the registry's formats give: NCT id aliases (a 301 to the current
id), coordinates (``near=`` finds a site the gazetteer does not know), MeSH descriptor ids.

Raw JSON and served paths: ``a.b`` is a key, ``a[]`` every item of a list, ``a[0]`` its first
item, ``a[1:]`` the rest, ``a[k=X|Y]`` the items whose ``k`` is X or Y (``a[k=]``: whose ``k``
is null). Values are compared as lists: nulls left out, list values spread.
"""

from __future__ import annotations

import functools
import json
import re
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from domain.geo import coordinates
from schemas.trial_json import render_trial_json
from seed.load import load_directory
from store.engine import sqlalchemy_url
from tests.support import databases
from tests.support.apps import app_under_test
from tests.support.http import assert_problem, get_json
from tests.support.paths import ROOT

REGISTRY = ROOT / "tests" / "data" / "registry"
SAMPLES = sorted(REGISTRY.glob("json/*.json")) + sorted(REGISTRY.glob("xml/*.xml"))


@pytest.fixture(scope="module")
def registry_folder(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("registry")
    for path in SAMPLES:
        shutil.copy(path, folder / path.name)
    return folder


@pytest.fixture(scope="module")
def registry_url(server_url: str, registry_folder: Path):
    """A database holding every sample, loaded from one directory by the seed job."""
    with databases.temporary_database(server_url, "trials_registry") as url:
        engine = databases.migrated_engine(url)
        try:
            load_directory(engine, registry_folder, render=render_trial_json, workers=1)
        finally:
            engine.dispose()
        yield url


@pytest.fixture(scope="module")
def registry_app(registry_url: str):
    with app_under_test(registry_url) as app:
        yield app


@pytest.fixture
def client(registry_app):
    return registry_app.test_client()


@pytest.fixture(scope="module")
def db(registry_url: str):
    engine = create_engine(sqlalchemy_url(registry_url))
    with engine.connect() as conn:
        yield conn
    engine.dispose()


# --------------------------------------------------------------------------- paths


def _select(items: list, selector: str) -> list:
    if selector == "":
        return items
    if selector.isdigit():
        return items[int(selector) : int(selector) + 1]
    if selector.endswith(":"):
        return items[int(selector[:-1]) :]
    key, _, wanted = selector.partition("=")
    accepted = [value or None for value in wanted.split("|")]  # "k=": k is null
    return [item for item in items if item.get(key) in accepted]


_STEP = re.compile(r"^(\w+)(?:\[(.*)\])?\Z")


def at(data: Any, path: str, keep_nulls: bool = False) -> list:
    """The values at ``path`` (see the module's docstring), as a flat list."""
    values = [data]
    for step in path.split("."):
        name, selector = _STEP.match(step).groups()
        values = [v.get(name) if isinstance(v, dict) else None for v in values]
        if selector is not None:
            values = [item for v in values for item in _select(v or [], selector)]
    spread = [item for v in values for item in (v if isinstance(v, list) else [v])]
    return spread if keep_nulls else [v for v in spread if v is not None]


# How a raw value compares with the served one: as is, or by a rule the API documents.
def same(raw: Any, served: Any) -> bool:
    return raw == served


def markup(raw: str, served: str) -> bool:
    """CommonMark text: the same characters once escapes and white space are set aside."""
    return re.sub(r"[\s\\]", "", raw) == re.sub(r"\s", "", served)


def person(raw: str, served: tuple[str, str | None]) -> bool:
    """``Jane Roe, MD`` is served as the name ``Jane Roe`` with the degrees ``MD``."""
    name, degrees = served
    return raw == (f"{name}, {degrees}" if degrees else name)


def typed_name(raw: str, served: str) -> bool:
    """An arm's ``Drug: GET73`` names the intervention ``GET73``."""
    return raw.split(": ", 1)[1] == served


def served_values(served: dict, path: str | tuple[str, ...]) -> list:
    if isinstance(path, str):
        return at(served, path)
    return list(zip(*(at(served, p, keep_nulls=True) for p in path), strict=True))


# --------------------------------------------------------------------------- API v2 JSON

ID = "protocolSection.identificationModule"
STATUS = "protocolSection.statusModule"
SPONSORS = "protocolSection.sponsorCollaboratorsModule"
DESCRIPTION = "protocolSection.descriptionModule"
CONDITIONS = "protocolSection.conditionsModule"
DESIGN = "protocolSection.designModule"
ARMS = "protocolSection.armsInterventionsModule"
OUTCOMES = "protocolSection.outcomesModule"
ELIGIBILITY = "protocolSection.eligibilityModule"
CONTACTS = "protocolSection.contactsLocationsModule"
REFERENCES = "protocolSection.referencesModule"
CONDITION_BROWSE = "derivedSection.conditionBrowseModule"
INTERVENTION_BROWSE = "derivedSection.interventionBrowseModule"
INVESTIGATOR_ROLES = "PRINCIPAL_INVESTIGATOR|SUB_INVESTIGATOR|STUDY_DIRECTOR|STUDY_CHAIR"
SITE_CONTACT = f"{CONTACTS}.locations[].contacts[role=CONTACT|BACKUP]"
SITE_INVESTIGATOR = f"{CONTACTS}.locations[].contacts[role={INVESTIGATOR_ROLES}]"

JSON_FIELDS: tuple[tuple[str, str | tuple[str, ...], Callable[[Any, Any], bool]], ...] = (
    (f"{ID}.nctId", "nct_id", same),
    (f"{ID}.nctIdAliases", "aliases", same),
    (f"{ID}.orgStudyIdInfo.id", "org_study_id", same),
    (f"{ID}.organization.fullName", "organization.full_name", same),
    (f"{ID}.organization.class", "organization.class", same),
    (f"{ID}.secondaryIdInfos[].id", "secondary_ids", same),
    (f"{ID}.briefTitle", "brief_title", same),
    (f"{ID}.officialTitle", "official_title", same),
    (f"{ID}.acronym", "acronym", same),
    ("hasResults", "has_results", same),
    (f"{STATUS}.overallStatus", "overall_status", same),
    (f"{STATUS}.lastKnownStatus", "last_known_status", same),
    (f"{STATUS}.whyStopped", "why_stopped", same),
    (f"{STATUS}.statusVerifiedDate", "dates.last_verified", same),
    (f"{STATUS}.startDateStruct.date", "dates.start.date", same),
    (f"{STATUS}.startDateStruct.type", "dates.start.type", same),
    (f"{STATUS}.primaryCompletionDateStruct.date", "dates.primary_completion.date", same),
    (f"{STATUS}.primaryCompletionDateStruct.type", "dates.primary_completion.type", same),
    (f"{STATUS}.completionDateStruct.date", "dates.completion.date", same),
    (f"{STATUS}.completionDateStruct.type", "dates.completion.type", same),
    (f"{STATUS}.studyFirstPostDateStruct.date", "dates.first_posted", same),
    (f"{STATUS}.lastUpdatePostDateStruct.date", "dates.last_update_posted", same),
    (f"{SPONSORS}.leadSponsor.name", "sponsors[role=LEAD].name", same),
    (f"{SPONSORS}.leadSponsor.class", "sponsors[role=LEAD].class", same),
    (f"{SPONSORS}.collaborators[].name", "sponsors[role=COLLABORATOR].name", same),
    (f"{SPONSORS}.collaborators[].class", "sponsors[role=COLLABORATOR].class", same),
    (f"{SPONSORS}.responsibleParty.type", "responsible_party.type", same),
    (f"{SPONSORS}.responsibleParty.investigatorFullName", "responsible_party.name", same),
    (f"{SPONSORS}.responsibleParty.investigatorTitle", "responsible_party.title", same),
    (
        f"{SPONSORS}.responsibleParty.investigatorAffiliation",
        "responsible_party.affiliation",
        same,
    ),
    (f"{DESCRIPTION}.briefSummary", "brief_summary", markup),
    (f"{DESCRIPTION}.detailedDescription", "detailed_description", markup),
    (f"{CONDITIONS}.conditions", "conditions", same),
    (f"{CONDITIONS}.keywords", "keywords", same),
    (f"{DESIGN}.studyType", "study_type", same),
    (f"{DESIGN}.phases", "phases", same),
    (f"{DESIGN}.targetDuration", "design.target_duration", same),
    (f"{DESIGN}.designInfo.allocation", "design.allocation", same),
    (f"{DESIGN}.designInfo.interventionModel", "design.intervention_model", same),
    (f"{DESIGN}.designInfo.primaryPurpose", "design.primary_purpose", same),
    (f"{DESIGN}.designInfo.observationalModel", "design.observational_model", same),
    (f"{DESIGN}.designInfo.timePerspective", "design.time_perspective", same),
    (f"{DESIGN}.designInfo.maskingInfo.masking", "design.masking", same),
    (f"{DESIGN}.designInfo.maskingInfo.whoMasked", "design.who_masked", same),
    (f"{DESIGN}.bioSpec.retention", "design.bio_spec_retention", same),
    (f"{DESIGN}.bioSpec.description", "design.bio_spec_description", markup),
    (f"{DESIGN}.enrollmentInfo.count", "enrollment.count", same),
    (f"{DESIGN}.enrollmentInfo.type", "enrollment.type", same),
    (f"{ARMS}.armGroups[].label", "arms[].label", same),
    (f"{ARMS}.armGroups[].type", "arms[].type", same),
    (f"{ARMS}.armGroups[].description", "arms[].description", markup),
    (f"{ARMS}.armGroups[].interventionNames", "arms[].interventions", typed_name),
    (f"{ARMS}.interventions[].name", "interventions[].name", same),
    (f"{ARMS}.interventions[].type", "interventions[].type", same),
    (f"{ARMS}.interventions[].description", "interventions[].description", markup),
    (f"{ARMS}.interventions[].otherNames", "interventions[].other_names", same),
    (f"{ARMS}.interventions[].armGroupLabels", "interventions[].arm_labels", same),
    (f"{OUTCOMES}.primaryOutcomes[].measure", "outcomes[type=PRIMARY].measure", same),
    (f"{OUTCOMES}.primaryOutcomes[].timeFrame", "outcomes[type=PRIMARY].time_frame", same),
    (f"{OUTCOMES}.primaryOutcomes[].description", "outcomes[type=PRIMARY].description", markup),
    (f"{OUTCOMES}.secondaryOutcomes[].measure", "outcomes[type=SECONDARY].measure", same),
    (f"{OUTCOMES}.secondaryOutcomes[].timeFrame", "outcomes[type=SECONDARY].time_frame", same),
    (
        f"{OUTCOMES}.secondaryOutcomes[].description",
        "outcomes[type=SECONDARY].description",
        markup,
    ),
    (f"{OUTCOMES}.otherOutcomes[].measure", "outcomes[type=OTHER].measure", same),
    (f"{OUTCOMES}.otherOutcomes[].timeFrame", "outcomes[type=OTHER].time_frame", same),
    (f"{ELIGIBILITY}.eligibilityCriteria", "eligibility.criteria_text", markup),
    (f"{ELIGIBILITY}.healthyVolunteers", "eligibility.healthy_volunteers", same),
    (f"{ELIGIBILITY}.sex", "eligibility.sex", same),
    (f"{ELIGIBILITY}.minimumAge", "eligibility.minimum_age", same),
    (f"{ELIGIBILITY}.maximumAge", "eligibility.maximum_age", same),
    (f"{ELIGIBILITY}.stdAges", "eligibility.std_ages", same),
    (f"{ELIGIBILITY}.studyPopulation", "eligibility.study_population", markup),
    (f"{ELIGIBILITY}.samplingMethod", "eligibility.sampling_method", same),
    (f"{CONTACTS}.centralContacts[].name", ("contacts[].name", "contacts[].degrees"), person),
    (f"{CONTACTS}.centralContacts[].role", "contacts[].role", same),
    (f"{CONTACTS}.centralContacts[].phone", "contacts[].phone", same),
    (f"{CONTACTS}.centralContacts[].phoneExt", "contacts[].phone_ext", same),
    (f"{CONTACTS}.centralContacts[].email", "contacts[].email", same),
    (f"{CONTACTS}.overallOfficials[].name", ("officials[].name", "officials[].degrees"), person),
    (f"{CONTACTS}.overallOfficials[].role", "officials[].role", same),
    (f"{CONTACTS}.overallOfficials[].affiliation", "officials[].affiliation", same),
    (f"{CONTACTS}.locations[].facility", "locations[].facility", same),
    (f"{CONTACTS}.locations[].status", "locations[].status", same),
    (f"{CONTACTS}.locations[].city", "locations[].city", same),
    (f"{CONTACTS}.locations[].state", "locations[].state", same),
    (f"{CONTACTS}.locations[].zip", "locations[].zip", same),
    (f"{CONTACTS}.locations[].country", "locations[].country", same),
    (f"{CONTACTS}.locations[].geoPoint.lat", "locations[].latitude", same),
    (f"{CONTACTS}.locations[].geoPoint.lon", "locations[].longitude", same),
    (
        f"{SITE_CONTACT}.name",
        ("locations[].contacts[].name", "locations[].contacts[].degrees"),
        person,
    ),
    (f"{SITE_CONTACT}.role", "locations[].contacts[].role", same),
    (f"{SITE_CONTACT}.phone", "locations[].contacts[].phone", same),
    (f"{SITE_CONTACT}.phoneExt", "locations[].contacts[].phone_ext", same),
    (f"{SITE_CONTACT}.email", "locations[].contacts[].email", same),
    (
        f"{SITE_INVESTIGATOR}.name",
        ("locations[].investigators[].name", "locations[].investigators[].degrees"),
        person,
    ),
    (f"{SITE_INVESTIGATOR}.role", "locations[].investigators[].role", same),
    (f"{REFERENCES}.references[].citation", "references[].citation", same),
    (f"{REFERENCES}.references[].pmid", "references[].pmid", same),
    (f"{REFERENCES}.references[].type", "references[].type", same),
    (f"{CONDITION_BROWSE}.meshes[].term", "mesh_terms", same),
    (f"{CONDITION_BROWSE}.meshes[].id", "condition_meshes[].id", same),
    (f"{CONDITION_BROWSE}.meshes[].term", "condition_meshes[].term", same),
    (f"{CONDITION_BROWSE}.ancestors[].id", "condition_ancestors[].id", same),
    (f"{CONDITION_BROWSE}.ancestors[].term", "condition_ancestors[].term", same),
    (f"{INTERVENTION_BROWSE}.meshes[].id", "intervention_meshes[].id", same),
    (f"{INTERVENTION_BROWSE}.meshes[].term", "intervention_meshes[].term", same),
    (f"{INTERVENTION_BROWSE}.ancestors[].id", "intervention_ancestors[].id", same),
    (f"{INTERVENTION_BROWSE}.ancestors[].term", "intervention_ancestors[].term", same),
)


# --------------------------------------------------------------------------- legacy XML

# The registry's legacy spellings whose API v2 value is not simply the spelling in upper
# snake case ("Active, not recruiting" -> ACTIVE_NOT_RECRUITING needs no entry).
V2 = {
    "N/A": None,
    "Observational [Patient Registry]": "OBSERVATIONAL",
    "Case Control": "CASE_CONTROL",
    "Single Group Assignment": "SINGLE_GROUP",
    "Parallel Assignment": "PARALLEL",
    "Crossover Assignment": "CROSSOVER",
    "Factorial Assignment": "FACTORIAL",
    "Sequential Assignment": "SEQUENTIAL",
    "Accepts Healthy Volunteers": True,
    "No": False,
    "Actual": "ACTUAL",
    "Anticipated": "ESTIMATED",
    "Estimated": "ESTIMATED",
}
PHASES = {"N/A": ["NA"], "Early Phase 1": ["EARLY_PHASE1"]}


def raw(el: ET.Element) -> str:
    return " ".join("".join(el.itertext()).split())


def v2(el: ET.Element | str) -> Any:
    said = raw(el) if isinstance(el, ET.Element) else el.strip()
    if said in V2:
        return V2[said]
    return re.sub(r"[^A-Z0-9]+", "_", said.upper()).strip("_")


def iso(el: ET.Element) -> str:
    """``July 21, 2001`` -> 2001-07-21; ``July 2001`` -> 2001-07."""
    said = raw(el)
    for form, width in (("%B %d, %Y", 10), ("%B %Y", 7)):
        try:
            return datetime.strptime(said, form).date().isoformat()[:width]
        except ValueError:
            continue
    raise AssertionError(f"a date form the test does not know: {said!r}")


def date_type(el: ET.Element) -> Any:
    return V2[el.get("type")] if el.get("type") else None


def phase(el: ET.Element) -> list[str]:
    """``Phase 1/Phase 2`` -> [PHASE1, PHASE2]."""
    return PHASES.get(raw(el)) or [p.strip().upper().replace(" ", "") for p in raw(el).split("/")]


def masking(el: ET.Element) -> Any:
    """``Double (Participant, Investigator)`` -> DOUBLE."""
    return v2(raw(el).split("(")[0])


def masked_who(el: ET.Element) -> list[str]:
    """``Double (Participant, Investigator)`` -> [PARTICIPANT, INVESTIGATOR]."""
    head, _, inside = raw(el).partition("(")
    return [] if head.strip() == "None" else [v2(w) for w in inside.rstrip(")").split(",")]


def age(el: ET.Element) -> str | None:
    return None if raw(el) == "N/A" else raw(el)


def has(tag: str) -> Callable[[ET.Element], bool]:
    return lambda root: root.find(tag) is not None


D = "study_design_info/"
# (element path under <clinical_study>, or "newer | older" names; served path; raw element ->
# the served value)
XML_FIELDS: tuple[tuple[str, str, Callable[[ET.Element], Any]], ...] = (
    ("id_info/nct_id", "nct_id", raw),
    ("id_info/nct_alias", "aliases", raw),
    ("id_info/org_study_id", "org_study_id", raw),
    ("id_info/secondary_id", "secondary_ids", raw),
    ("source", "organization.full_name", raw),
    ("brief_title", "brief_title", raw),
    ("official_title", "official_title", raw),
    ("acronym", "acronym", raw),
    (".", "has_results", has("clinical_results")),
    ("overall_status", "overall_status", v2),
    ("last_known_status", "last_known_status", v2),
    ("why_stopped", "why_stopped", raw),
    ("study_type", "study_type", v2),
    ("phase", "phases", phase),
    ("enrollment", "enrollment.count", lambda el: int(raw(el))),
    ("enrollment", "enrollment.type", date_type),
    ("start_date", "dates.start.date", iso),
    ("start_date", "dates.start.type", date_type),
    ("primary_completion_date", "dates.primary_completion.date", iso),
    ("primary_completion_date", "dates.primary_completion.type", date_type),
    ("completion_date", "dates.completion.date", iso),
    ("completion_date", "dates.completion.type", date_type),
    ("study_first_posted | firstreceived_date", "dates.first_posted", iso),
    ("last_update_posted | lastchanged_date", "dates.last_update_posted", iso),
    ("verification_date", "dates.last_verified", iso),
    ("condition", "conditions", raw),
    ("keyword", "keywords", raw),
    ("condition_browse/mesh_term", "mesh_terms", raw),
    ("condition_browse/mesh_term", "condition_meshes[].term", raw),
    ("intervention_browse/mesh_term", "intervention_meshes[].term", raw),
    ("brief_summary/textblock", "brief_summary", raw),
    ("detailed_description/textblock", "detailed_description", raw),
    (D + "allocation", "design.allocation", v2),
    (D + "intervention_model", "design.intervention_model", v2),
    (D + "masking", "design.masking", masking),
    (D + "masking", "design.who_masked", masked_who),
    (D + "primary_purpose", "design.primary_purpose", v2),
    (D + "observational_model", "design.observational_model", v2),
    (D + "time_perspective", "design.time_perspective", v2),
    ("biospec_retention", "design.bio_spec_retention", v2),
    ("biospec_descr/textblock", "design.bio_spec_description", raw),
    ("target_duration", "design.target_duration", raw),
    ("sponsors/lead_sponsor/agency", "sponsors[role=LEAD].name", raw),
    ("sponsors/lead_sponsor/agency_class", "sponsors[role=LEAD].class", v2),
    ("sponsors/collaborator/agency", "sponsors[role=COLLABORATOR].name", raw),
    ("sponsors/collaborator/agency_class", "sponsors[role=COLLABORATOR].class", v2),
    ("responsible_party/responsible_party_type", "responsible_party.type", v2),
    (
        "responsible_party/investigator_full_name | responsible_party/name_title",
        "responsible_party.name",
        raw,
    ),
    ("responsible_party/investigator_title", "responsible_party.title", raw),
    (
        "responsible_party/investigator_affiliation | responsible_party/organization",
        "responsible_party.affiliation",
        raw,
    ),
    ("overall_official/last_name", "officials[].name", raw),
    ("overall_official/role", "officials[].role", v2),
    ("overall_official/affiliation", "officials[].affiliation", raw),
    ("overall_contact/last_name", "contacts[role=CONTACT].name", raw),
    ("overall_contact/phone", "contacts[role=CONTACT].phone", raw),
    ("overall_contact/phone_ext", "contacts[role=CONTACT].phone_ext", raw),
    ("overall_contact/email", "contacts[role=CONTACT].email", raw),
    ("overall_contact_backup/last_name", "contacts[role=BACKUP].name", raw),
    ("overall_contact_backup/phone", "contacts[role=BACKUP].phone", raw),
    ("overall_contact_backup/phone_ext", "contacts[role=BACKUP].phone_ext", raw),
    ("overall_contact_backup/email", "contacts[role=BACKUP].email", raw),
    ("location/facility/name", "locations[].facility", raw),
    ("location/facility/address/city", "locations[].city", raw),
    ("location/facility/address/state", "locations[].state", raw),
    ("location/facility/address/zip", "locations[].zip", raw),
    ("location/facility/address/country", "locations[].country", raw),
    ("location/status", "locations[].status", v2),
    ("location/contact/last_name", "locations[].contacts[role=CONTACT].name", raw),
    ("location/contact/phone", "locations[].contacts[role=CONTACT].phone", raw),
    ("location/contact/phone_ext", "locations[].contacts[role=CONTACT].phone_ext", raw),
    ("location/contact/email", "locations[].contacts[role=CONTACT].email", raw),
    ("location/contact_backup/last_name", "locations[].contacts[role=BACKUP].name", raw),
    ("location/contact_backup/phone", "locations[].contacts[role=BACKUP].phone", raw),
    ("location/contact_backup/phone_ext", "locations[].contacts[role=BACKUP].phone_ext", raw),
    ("location/contact_backup/email", "locations[].contacts[role=BACKUP].email", raw),
    ("location/investigator/last_name", "locations[].investigators[].name", raw),
    ("location/investigator/role", "locations[].investigators[].role", v2),
    ("reference/citation", "references[type=].citation", raw),
    ("reference/PMID", "references[type=].pmid", raw),
    ("results_reference/citation", "references[type=RESULT].citation", raw),
    ("results_reference/PMID", "references[type=RESULT].pmid", raw),
    ("arm_group/arm_group_label", "arms[].label", raw),
    ("arm_group/arm_group_type", "arms[].type", v2),
    ("arm_group/description", "arms[].description", raw),
    ("intervention/intervention_name", "interventions[].name", raw),
    ("intervention/intervention_type", "interventions[].type", v2),
    ("intervention/description", "interventions[].description", raw),
    ("intervention/other_name", "interventions[].other_names", raw),
    ("intervention/arm_group_label", "interventions[].arm_labels", raw),
    ("primary_outcome/measure", "outcomes[type=PRIMARY].measure", raw),
    ("primary_outcome/time_frame", "outcomes[type=PRIMARY].time_frame", raw),
    ("primary_outcome/description", "outcomes[type=PRIMARY].description", raw),
    ("secondary_outcome/measure", "outcomes[type=SECONDARY].measure", raw),
    ("secondary_outcome/time_frame", "outcomes[type=SECONDARY].time_frame", raw),
    ("secondary_outcome/description", "outcomes[type=SECONDARY].description", raw),
    ("other_outcome/measure", "outcomes[type=OTHER].measure", raw),
    ("other_outcome/time_frame", "outcomes[type=OTHER].time_frame", raw),
    ("other_outcome/description", "outcomes[type=OTHER].description", raw),
    ("eligibility/criteria/textblock", "eligibility.criteria_text", raw),
    ("eligibility/gender", "eligibility.sex", v2),
    ("eligibility/minimum_age", "eligibility.minimum_age", age),
    ("eligibility/maximum_age", "eligibility.maximum_age", age),
    ("eligibility/healthy_volunteers", "eligibility.healthy_volunteers", v2),
    ("eligibility/study_pop/textblock", "eligibility.study_population", raw),
    ("eligibility/sampling_method", "eligibility.sampling_method", v2),
)


def xml_expected(root: ET.Element, path: str, convert: Callable[[ET.Element], Any]) -> list:
    for choice in path.split("|"):
        if found := root.findall(choice.strip()):
            return collapsed(convert(el) for el in found)
    return []


def collapsed(values) -> list:
    """Nulls and empty text left out, lists spread, blanks collapsed (XML text blocks)."""
    out: list = []
    for value in values:
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str):
                item = " ".join(item.split()) or None
            if item is not None:
                out.append(item)
    return out


# --------------------------------------------------------------------------- the samples


@functools.cache
def sample_nct_id(path: Path) -> str:
    if path.suffix == ".json":
        return json.loads(path.read_text(encoding="utf-8"))["protocolSection"][
            "identificationModule"
        ]["nctId"]
    return ET.parse(path).getroot().findtext("id_info/nct_id")


def served_from(client, path: Path) -> dict:
    """The served trial of this sample's study (two studies are in two files each: the
    trial's ``source`` names the one it is served from)."""
    return get_json(client, f"/v1/trials/{sample_nct_id(path)}")


def test_every_study_of_the_samples_is_served(client, db):
    studies = {sample_nct_id(p) for p in SAMPLES}
    assert len(SAMPLES) == 64 and len(studies) == 62  # two studies are in two files each
    served = set(db.execute(text("SELECT nct_id FROM trials")).scalars())
    assert served == studies
    for nct_id in studies:
        source = get_json(client, f"/v1/trials/{nct_id}")["source"]
        holders = sorted(p.name for p in SAMPLES if sample_nct_id(p) == nct_id)
        assert source["document"] in holders
        assert source["layout"] == ("ctgov-json" if holders[0].endswith(".json") else "ctgov-xml")


def _is_current(served: dict, path: Path) -> bool:
    return served["source"]["document"] == path.name


@pytest.mark.parametrize("path", [p for p in SAMPLES if p.suffix == ".json"], ids=lambda p: p.name)
def test_served_json_sample_values_are_the_raw_values(client, path: Path):
    served = served_from(client, path)
    if not _is_current(served, path):
        pytest.skip(f"{served['source']['document']} is this study's current source")
    document = json.loads(path.read_text(encoding="utf-8"))
    for raw_path, served_path, rule in JSON_FIELDS:
        want, got = at(document, raw_path), served_values(served, served_path)
        assert len(want) == len(got) and all(map(rule, want, got)), (raw_path, want, got)


@pytest.mark.parametrize("path", [p for p in SAMPLES if p.suffix == ".xml"], ids=lambda p: p.name)
def test_served_xml_sample_values_are_the_raw_values(client, path: Path):
    served = served_from(client, path)
    if not _is_current(served, path):
        pytest.skip(f"{served['source']['document']} is this study's current source")
    root = ET.parse(path).getroot()
    for element_path, served_path, convert in XML_FIELDS:
        want = xml_expected(root, element_path, convert)
        got = collapsed(at(served, served_path))
        assert want == got, (element_path, want, got)


# Served, but not a raw value: derived from others (ages in years, criteria read from the
# criteria text, their facts) or about the load (source).
DERIVED = (
    "eligibility.minimum_age_years",
    "eligibility.maximum_age_years",
    "eligibility.inclusion",
    "eligibility.exclusion",
    "eligibility.facts",
    "source",
)
# Legacy XML links an intervention to its arms only; which interventions an arm uses is read
# from those links (served both ways, as API v2 gives both lists).
DERIVED_XML = (*DERIVED, "arms.interventions")


def tabled(served_path: str) -> set[str]:
    """The fields a served path names: its own, and those its selectors test."""
    plain = re.sub(r"\[[^]]*\]", "", served_path)
    names = {plain}
    for m in re.finditer(r"(\w+)\[(\w+)=[^]]*\]", served_path):
        head = re.sub(r"\[[^]]*\]", "", served_path[: m.end(1)])
        names.add(f"{head}.{m.group(2)}")
    return names


def leaves(data: Any, prefix: str = "") -> set[str]:
    """The path of every value in ``data`` that is not null, empty, a dict or a list of dicts."""
    if isinstance(data, dict):
        return set().union(*(leaves(v, f"{prefix}.{k}" if prefix else k) for k, v in data.items()))
    if isinstance(data, list) and data and all(isinstance(item, dict) for item in data):
        return set().union(*(leaves(item, prefix) for item in data))
    return set() if data is None or data == [] else {prefix}


@pytest.mark.parametrize("suffix", [".json", ".xml"])
def test_the_tables_name_every_served_field(client, suffix):
    table, derived = (JSON_FIELDS, DERIVED) if suffix == ".json" else (XML_FIELDS, DERIVED_XML)
    paths = [p for _, served, _ in table for p in ([served] if isinstance(served, str) else served)]
    named = set().union(*map(tabled, paths))
    served = set().union(*(leaves(served_from(client, p)) for p in SAMPLES if p.suffix == suffix))
    assert sorted(p for p in served - named if not p.startswith(derived)) == []


# --------------------------------------------------------------------------- aliases


def test_an_alias_is_a_301_to_the_current_nct_id(client):
    response = client.get("/v1/trials/NCT00980226")
    body = assert_problem(response, 301)
    assert response.headers["Location"] == "/v1/trials/NCT00081588"
    assert response.headers["Cache-Control"] == "public, max-age=60"
    assert body["detail"] == "NCT00980226 is an older NCT id of NCT00081588: see Location."
    trial = get_json(client, response.headers["Location"])
    assert (trial["nct_id"], trial["aliases"]) == ("NCT00081588", ["NCT00980226"])


@pytest.mark.parametrize(
    ("url", "location"),
    [
        ("/v1/trials/nct00980226", "/v1/trials/NCT00081588"),
        (
            "/v1/trials/NCT00980226?fields=aliases,brief_title",
            "/v1/trials/NCT00081588?fields=aliases,brief_title",
        ),
        ("/v1/trials/NCT00980226/arms", "/v1/trials/NCT00081588/arms"),
        ("/v1/trials/NCT00980226/interventions", "/v1/trials/NCT00081588/interventions"),
        ("/v1/trials/NCT00980226/outcomes", "/v1/trials/NCT00081588/outcomes"),
        ("/v1/trials/nct00980226/eligibility", "/v1/trials/NCT00081588/eligibility"),
        (  # the query string as it came, escapes and all
            "/v1/trials/NCT00980226?fields=brief_title%2Caliases&fields=acronym",
            "/v1/trials/NCT00081588?fields=brief_title%2Caliases&fields=acronym",
        ),
    ],
)
def test_the_301_keeps_the_rest_of_the_path_and_the_query(client, url, location):
    response = client.get(url)
    assert (response.status_code, response.headers["Location"]) == (301, location)


def test_fields_names_the_registry_fields(client):
    trial = get_json(client, "/v1/trials/NCT00081588?fields=aliases,has_results,organization")
    assert trial == {
        "nct_id": "NCT00081588",
        "aliases": ["NCT00980226"],
        "has_results": False,
        "organization": {"full_name": "Tibotec Pharmaceuticals, Ireland", "class": None},
    }


def test_an_id_that_is_neither_a_trial_nor_an_alias_is_still_a_404(client):
    assert_problem(client.get("/v1/trials/NCT00000001"), 404)
    assert_problem(client.get("/v1/trials/NCT00000001/arms"), 404)


# --------------------------------------------------------------------------- coordinates


def test_near_finds_a_site_the_registry_places_and_the_gazetteer_does_not(client):
    assert coordinates("South Hobart", "Australia") is None  # the gazetteer does not know it
    page = get_json(client, "/v1/trials?near=-42.8946,147.3092&distance_km=5")
    assert [t["nct_id"] for t in page["data"]] == ["NCT02552212"]
    assert get_json(client, "/v1/trials?near=-42.8946,150.3092&distance_km=5")["data"] == []


def test_sites_are_stored_where_the_registry_places_them(db):
    stored = db.execute(
        text(
            "SELECT l.city, l.latitude, l.longitude FROM locations l JOIN trials t "
            "ON t.id = l.trial_id WHERE t.nct_id = 'NCT03475563' ORDER BY l.ordinal"
        )
    ).all()
    raw_sites = json.loads((REGISTRY / "json" / "NCT03475563.json").read_text())["protocolSection"][
        "contactsLocationsModule"
    ]["locations"]
    assert stored == [(s["city"], s["geoPoint"]["lat"], s["geoPoint"]["lon"]) for s in raw_sites]
    cells = db.execute(
        text("SELECT site_cells FROM trials WHERE nct_id = 'NCT02552212'")
    ).scalar_one()
    assert (-43 + 90) * 360 + 147 + 180 in cells  # South Hobart's 1° cell: -43..-42, 147..148


# --------------------------------------------------------------------------- stored rows


def test_mesh_descriptors_are_stored_with_their_ids_and_found_by_id(db):
    rows = db.execute(
        text(
            "SELECT d.kind, d.ancestor, d.ordinal, d.mesh_id, d.term FROM mesh_descriptors d "
            "JOIN trials t ON t.id = d.trial_id WHERE t.nct_id = 'NCT00763412' "
            "AND d.kind = 'intervention' ORDER BY d.ancestor, d.ordinal"
        )
    ).all()
    assert rows == [
        ("intervention", False, 1, "C000072379", "Repaglinide"),
        ("intervention", True, 1, "D000007004", "Hypoglycemic Agents"),
        ("intervention", True, 2, "D000045505", "Physiological Effects of Drugs"),
    ]
    by_id = (
        "SELECT DISTINCT t.nct_id FROM mesh_descriptors d JOIN trials t ON t.id = d.trial_id "
        "WHERE d.mesh_id = 'D000019966' AND d.kind = 'condition' {} ORDER BY 1"
    )
    # Substance-Related Disorders: a condition of one trial, an ancestor of another's
    assert db.execute(text(by_id.format(""))).scalars().all() == ["NCT03418623", "NCT03630471"]
    direct = db.execute(text(by_id.format("AND NOT d.ancestor"))).scalars().all()
    assert direct == ["NCT03630471"]
    db.execute(text("SET enable_seqscan = off"))
    try:
        plan = db.execute(text("EXPLAIN " + by_id.format(""))).scalars().all()
    finally:
        db.execute(text("RESET enable_seqscan"))
    assert any("ix_mesh_descriptors_mesh_id" in line for line in plan), plan


def test_the_other_new_fields_are_stored(db):
    def one(sql: str) -> tuple:
        return tuple(db.execute(text(sql)).one())

    assert one(
        "SELECT organization_name, organization_class, has_results FROM trials "
        "WHERE nct_id = 'NCT06171568'"
    ) == ("Assistance Publique - Hôpitaux de Paris", "OTHER", False)
    assert one(
        "SELECT target_duration, e.sampling_method, left(e.study_population, 40) FROM trials t "
        "JOIN eligibility e ON e.trial_id = t.id WHERE t.nct_id = 'NCT03475563'"
    ) == ("12 Months", "NON_PROBABILITY_SAMPLE", "Patients with ischemic heart disease ref")
    assert one(
        "SELECT bio_spec_retention, left(bio_spec_description, 20) FROM trials "
        "WHERE nct_id = 'NCT00482794'"
    ) == ("SAMPLES_WITH_DNA", "Serum, plasma, and D")
    assert db.execute(
        text(
            "SELECT c.phone_ext FROM contacts c JOIN trials t ON t.id = c.trial_id "
            "WHERE t.nct_id = 'NCT06171568' UNION ALL SELECT lc.phone_ext FROM "
            "location_contacts lc JOIN locations l ON l.id = lc.location_id JOIN trials t "
            "ON t.id = l.trial_id WHERE t.nct_id = 'NCT06171568'"
        )
    ).scalars().all() == ["+33", "+33", "+33", "+33"]
    assert db.execute(
        text(
            "SELECT a.alias, t.nct_id, a.ordinal FROM trial_aliases a "
            "JOIN trials t ON t.id = a.trial_id"
        )
    ).all() == [("NCT00980226", "NCT00081588", 1)]


def test_enums_name_the_registry_values(client):
    enums = get_json(client, "/v1/enums")
    assert enums["sampling_method"] == ["PROBABILITY_SAMPLE", "NON_PROBABILITY_SAMPLE"]
    assert enums["bio_spec_retention"] == [
        "NONE_RETAINED",
        "SAMPLES_WITH_DNA",
        "SAMPLES_WITHOUT_DNA",
    ]
    assert enums["source_layout"] == ["classic", "modern", "ctgov-json", "ctgov-xml"]


def test_loading_the_samples_again_changes_nothing(registry_url, registry_folder, db):
    tables = ("trials", "trial_aliases", "mesh_descriptors", "locations", "location_contacts")

    def state() -> list:
        return [db.execute(text(f"SELECT count(*) FROM {t}")).scalar_one() for t in tables] + [
            db.execute(text("SELECT alias, trial_id FROM trial_aliases")).all(),
            db.execute(text("SELECT sum(latitude), sum(longitude) FROM locations")).one(),
        ]

    before = state()
    engine = create_engine(sqlalchemy_url(registry_url))
    try:
        report = load_directory(engine, registry_folder, render=render_trial_json, workers=1)
    finally:
        engine.dispose()
    assert report.loaded == [] and len(report.unchanged) + len(report.failed) == 64
    assert state() == before
    assert before[:3] == [62, 1, 297]
