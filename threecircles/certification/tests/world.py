"""The certification's records in the access matrix's world, shared by every part's rows.

Max (an institute member) is an applicant for the matrix credential with eligibility evidence
waiting, under an accepted supervision agreement with Sam (an approved supervisor) and one
session waiting for Sam. Eve (a clinician) holds a certification of it, listed in the
directory, with an external course waiting for staff. Nobody else in the cast has any of it.
"""

from decimal import Decimal
from typing import Any

from django.utils import timezone

from threecircles.certification import actions
from threecircles.certification.models import (
    DirectoryListing,
    Issue,
    Population,
    SupervisionSession,
)
from threecircles.certification.tests.factories import (
    Kind,
    make_credential,
    make_document,
    requirement,
    supervise,
)
from threecircles.tests.matrix import World


def matrix_world(world: World) -> dict[str, Any]:
    credential = make_credential("MTX", name="Matrix credential")
    max_, eve, sam = world.people["max"], world.people["eve"], world.people["sam"]
    candidacy = actions.start(person=max_, credential=credential)
    document = make_document(max_)
    evidence = actions.send_evidence(
        candidacy=candidacy,
        requirement=requirement(credential, Kind.ELIGIBILITY),
        note="Licence attached.",
        document=document,
    )
    agreement = supervise(candidacy, sam, Decimal("0"))
    session = SupervisionSession.objects.create(
        agreement=agreement, held_on=timezone.localdate(), hours=Decimal("1.50"), topic="Intake"
    )
    certification = actions.issue(person=eve, credential=credential)
    listing = DirectoryListing.objects.create(
        person=eve,
        slug="eve-matrix",
        visible=True,
        display_name="Eve Matrix, LCSW",
        practice="Elsewhere Clinic",
        city="Portland",
        region="Oregon",
        country="United States",
        telehealth=True,
        languages="English, Spanish",
        populations=[Population.ADULTS, Population.PARTNERS],
        issues=[Issue.COMPULSIVE, Issue.PARTNER_BETRAYAL],
    )
    credit = actions.send_external_credit(
        person=eve,
        title="Trauma-informed care",
        provider="A university extension",
        category="trauma",
        hours=Decimal("6.00"),
        completed_on=timezone.localdate(),
        certificate=make_document(eve, "course.pdf"),
    )
    return {
        "credential": credential.pk,
        "credential_slug": credential.slug,
        "candidacy": candidacy.pk,
        "evidence": evidence.pk,
        "document": document.pk,
        "quiz": requirement(credential, Kind.QUIZ).pk,
        "eligibility": requirement(credential, Kind.ELIGIBILITY).pk,
        "agreement": agreement.pk,
        "session": session.pk,
        "certification": certification.pk,
        "code": certification.verification_code,
        "listing": listing.slug,
        "credit": credit.pk,
    }
