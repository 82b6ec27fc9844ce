"""Triage: addiction is not offending. Documented rules that recommend a pathway.

The rules only recommend; a clinician confirms or overrides with a reason. Nothing here
diagnoses or reports.

Rules (docs/triage.md tells the same story for clinicians):
1. An *offending indicator* is any `offending_indicator` flag from the safety and legal screen
   (non-consensual contact, partners under age, sexual images of minors, voyeurism,
   exhibitionism, frotteurism, coercion, image sharing without agreement, legal status).
2. A *CSB indicator* is any of: a validated CSB instrument at or above its published cutoff
   (PATHOS, Brief Pornography Screen, CSBD-19, SAST-R, SCS, HBI-19, PPCS-18, PPCS-6); a
   behavior in the inventory that has affected the person's life a lot; or the clinician's
   ICD-11 6C72 checklist showing the pattern.
3. Offending and CSB indicators → both pathways. Offending only → offender-specific pathway.
   CSB only → CSB pathway. Neither → neither (other care or no treatment need found).
"""

from collections.abc import Iterable
from dataclasses import dataclass

from threecircles.screening.instruments import ScoreResult, get_pack

CSB_INSTRUMENTS = {"pathos", "bps", "csbd19", "sastr", "scs", "hbi19", "ppcs18", "ppcs6"}
OFFENDING_SCREEN = "offending_screen"
BEHAVIOR_INVENTORY = "behavior_inventory"
ICD11_CHECKLIST = "icd11_6c72"


@dataclass(frozen=True)
class TriageRecommendation:
    pathway: str  # one of Pathway's values: csb, offender, both, neither
    reasons: tuple[str, ...]
    offending_categories: tuple[str, ...]


def recommend_pathway(results: Iterable[ScoreResult]) -> TriageRecommendation:
    csb_reasons: list[str] = []
    offending_reasons: list[str] = []
    categories: list[str] = []
    for result in results:
        title = get_pack(result.instrument).title
        for flag in result.flags:
            if result.instrument == OFFENDING_SCREEN and flag.code == "offending_indicator":
                offending_reasons.append(f"Offending indicator: {flag.label}")
                if flag.category and flag.category not in categories:
                    categories.append(flag.category)
            elif result.instrument in CSB_INSTRUMENTS and flag.category == "cutoff":
                csb_reasons.append(f"{title}: total {result.total}, {flag.label}")
            elif result.instrument == BEHAVIOR_INVENTORY and flag.code == "serious_consequences":
                csb_reasons.append(f"Behavior inventory: {flag.label}")
            elif result.instrument == ICD11_CHECKLIST and flag.code == "criteria_pattern_present":
                csb_reasons.append(f"ICD-11 6C72 checklist: {flag.label}")
    if offending_reasons and csb_reasons:
        pathway = "both"
    elif offending_reasons:
        pathway = "offender"
    elif csb_reasons:
        pathway = "csb"
    else:
        pathway = "neither"
    reasons = tuple(offending_reasons + csb_reasons) or (
        "No offending indicator and no CSB indicator in the completed screening.",
    )
    return TriageRecommendation(pathway, reasons, tuple(categories))
