"""Guides for supporters: one per relationship, written by us for everyone in that role.

The guides are general texts and hold nothing about any client, so reading one opens no
record and writes nothing to the access log. Their words live in templates
(`network/guidance/<relationship>.html`, and the short points of `summary.html`), where prose
and links read naturally; this module says which guides there are and which are a person's own.
"""

from dataclasses import dataclass

from threecircles.accounts.models import User
from threecircles.network.models import SupportMember
from threecircles.privacy.models import Relationship


@dataclass(frozen=True)
class Guide:
    relationship: Relationship
    title: str
    # One line under the title in the list of guides.
    about: str

    @property
    def slug(self) -> str:
        return self.relationship.value

    @property
    def template(self) -> str:
        return f"network/guidance/{self.slug}.html"


# In the order of `Relationship`: the closest roles in someone's recovery first.
GUIDES = (
    Guide(
        Relationship.SPONSOR,
        "For sponsors",
        "Your role, answering a call for support, what helps after a slip, and keeping your "
        "own recovery first.",
    ),
    Guide(
        Relationship.ACCOUNTABILITY_PARTNER,
        "For accountability partners",
        "Regular, honest contact; warning signs; after a slip; why you are a partner, not "
        "the police.",
    ),
    Guide(
        Relationship.PARTNER,
        "For a spouse or partner",
        "About you: your feelings, your boundaries and safety, and support of your own, "
        "including partner groups and a therapist for yourself.",
    ),
    Guide(
        Relationship.FAMILY,
        "For family members",
        "For adults in the family: being a steady presence, keeping things private, and what "
        "children need.",
    ),
    Guide(
        Relationship.GROUP_MEMBER,
        "For group members",
        "Being a peer, keeping what is said in the group, and answering a call for support.",
    ),
    Guide(
        Relationship.FRIEND, "For friends", "Listening without judging, and a few things that help."
    ),
    Guide(
        Relationship.OTHER,
        "For anyone else who supports someone",
        "The basics for anyone someone in recovery has chosen.",
    ),
)


def find_guide(slug: str) -> Guide | None:
    return next((guide for guide in GUIDES if guide.slug == slug), None)


def relationships_of(person: User) -> set[str]:
    """How this person stands to the people they support (sponsor, partner...): only their own
    memberships are read, never a client's record, so nothing here is logged."""
    members = SupportMember.objects.supported_by(person)
    return set(members.values_list("relationship", flat=True))
