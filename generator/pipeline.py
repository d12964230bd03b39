"""The pipeline as one call: read → model → derive → rules. Used by every command."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from generator.catalog import Catalog, load_catalog
from generator.derive.explained import explain
from generator.derive.figures import Figures, derive
from generator.derive.final import FinalFigures, derive_final
from generator.errors import DisclosureError, UnknownProfile
from generator.inputs import read_input
from generator.inputs.locations import SourceMap
from generator.model.final import FinalReport
from generator.model.fields import open_fields
from generator.model.kinds import KIND_NAMES, model_for
from generator.model.report import Report
from generator.profile import Profile, load_profile
from generator.report.build import check_profile
from generator.rules import ERROR, RULES, Context, Finding, run_rules
from generator.rules.accept import Acceptance, apply_acceptances, read_acceptances
from generator.rules.schema import schema_findings
from generator.report.tables import layouts
from generator.tables.declare import declarations
from generator.tables.engine import derive_tables, read_tables

@dataclass
class Loaded:
    path: Path
    sources: SourceMap
    findings: list[Finding] = field(default_factory=list)
    report: Report | FinalReport | None = None
    profile: Profile | None = None
    catalog: Catalog | None = None
    figures: Figures | FinalFigures | None = None
    acceptances: list[Acceptance] = field(default_factory=list)
    checked: list[Finding] = field(default_factory=list)  # the findings before acceptances apply
    tables: dict = field(default_factory=dict)  # declared tables (generator.tables): key → TableData

    @property
    def ok(self) -> bool:
        """An accepted error (severity "accepted") does not stop the build."""
        return self.report is not None and not any(f.severity == ERROR for f in self.findings)

    def add(self, findings: list[Finding]) -> None:
        """More findings (the document rules, once the report is built); acceptances apply to all."""
        self.checked += findings
        self.findings = apply_acceptances(self.checked, self.acceptances, self.sources)


def load(path: Path, profile_dirs: list[Path] | None = None, accepted=()) -> Loaded:
    """Read and check an input. Raises InputError when it cannot be read at all.

    accepted: acceptances from the caller (a web service's own), besides those the input writes.
    """
    data, sources = read_input(Path(path), profile_dirs)
    return load_data(data, sources, Path(path), profile_dirs, accepted)


def catalog_dirs(path: Path, profile: Profile) -> list[Path]:
    """Where a supplied code list may be (<dir>/catalog/<year>/): the input folder (a workbook's own folder),
    then the profile's folder."""
    own = path if path.is_dir() else path.parent
    return [own, profile.folder]


def _profile_if_named(data, profile_dirs):
    """The profile an input names, for its table titles in schema messages; None if it cannot be had."""
    name = data.get("profile") if isinstance(data, dict) else None
    if not isinstance(name, str) or not name.strip():
        return None
    try:
        return load_profile(name.strip(), profile_dirs)
    except DisclosureError:
        return None


def load_data(data: dict, sources: SourceMap, path: Path, profile_dirs: list[Path] | None = None,
              accepted=()) -> Loaded:
    """Check data that a reader produced (the entry point for tests and other readers)."""
    written, problems = read_acceptances(data.get("accepted"), sources)
    out = _check({k: v for k, v in data.items() if k != "accepted"}, sources, path, profile_dirs)
    out.acceptances = written + list(accepted)
    out.checked = problems + out.findings
    document = {r.id for r in RULES.values() if "document" in r.kinds}  # checked by dry_run, not yet
    out.findings = apply_acceptances(out.checked, out.acceptances, sources, pending=document)
    return out


def _check(data: dict, sources: SourceMap, path: Path, profile_dirs: list[Path] | None) -> Loaded:
    out = Loaded(Path(path), sources)
    profile_dirs = list(profile_dirs or []) + [d for d in (Path(path) / "profiles",) if d.is_dir()]
    try:
        report = model_for(data).model_validate(data)
    except ValidationError as exc:
        out.findings = schema_findings(exc, sources, _profile_if_named(data, profile_dirs))
        return out
    try:
        profile = load_profile(report.profile, profile_dirs)
    except UnknownProfile as exc:
        out.findings = [Finding("S-REF", ERROR, str(exc), sources.get(("profile",)), "profile")]
        return out
    check_profile(profile)  # a broken profile raises ProfileError: exit 2, before anything is rendered
    catalog = load_catalog(report.year, catalog_dirs(Path(path), profile))
    if profile.kind != report.kind:
        message = (f"模板配置“{profile.name}”用于{KIND_NAMES.get(profile.kind, profile.kind)}，"
                   f"本报告是{KIND_NAMES[report.kind]}（kind: {report.kind}）")
        out.findings = [Finding("S-REF", ERROR, message, sources.get(("profile",)), "profile")]
        return out
    open_problems = open_fields(report, profile, sources)  # the profile's own figures and words (上年数 …)
    decls = declarations(profile, layouts(profile.layout_file()))
    declared, problems = read_tables(report, profile, decls, catalog, sources)  # the entered declared tables
    compute = derive_final if report.kind == "final" else derive
    figures = compute(report, catalog, profile.category_list(catalog),
                      tuple(profile.personnel_codes), tuple(profile.public_codes), declared)
    derive_tables(declared, report, profile, decls, catalog, figures)
    explain(report, profile, decls, declared, figures, catalog)  # explanations keyed by what they explain
    ctx = Context(report, figures, catalog, profile, sources, tables=declared, decls=decls)
    out.report, out.profile, out.catalog, out.figures, out.tables = report, profile, catalog, figures, declared
    out.findings = open_problems + problems + run_rules(ctx, report.kind)
    return out


def dry_run(loaded: Loaded):
    """Build the report in memory, nothing written: a text template that cannot render raises ProfileError
    (before `build`), and the prose checks of the built document join the findings. Returns the document."""
    from generator.report.build import build_document
    from generator.rules.prose import check_document

    doc = build_document(loaded)
    loaded.add(check_document(doc, loaded.figures, loaded.report))
    return doc
