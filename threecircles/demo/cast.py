"""The demo cast: documented sign-ins for trying Three Circles locally. Never in production."""

from dataclasses import dataclass

DEMO_PASSWORD = "recovery-demo-2026"  # noqa: S105 (published demo sign-in)
# One shared authenticator secret for every demo account that needs two-step verification.
# Add it to any authenticator app, or run `python manage.py demo_totp` for the current code.
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105 (published demo)
DEMO_DOMAIN = "demo.threecircles.test"


@dataclass(frozen=True)
class DemoPerson:
    key: str
    name: str
    role: str
    about: str

    @property
    def email(self) -> str:
        return f"{self.key}@{DEMO_DOMAIN}"


STAFF = [
    DemoPerson("bob", "Bob Rivera", "clinician", "Alice's clinician at Harbor Counseling"),
    DemoPerson("dana", "Dana Okafor", "clinician", "clinician at Cedar Ridge Residential"),
    DemoPerson("sam", "Sam Lee", "supervisor", "clinical supervisor at both practices"),
    DemoPerson("ivy", "Ivy Chen", "staff", "institute staff"),
    DemoPerson("ada", "Ada Brandt", "admin", "administrator of this installation"),
]

# (person, practice key, primary clinician key, level of care, days in care, discharged?)
CLIENTS = [
    (
        DemoPerson("alice", "Alice Morgan", "client", "outpatient, with a sponsor"),
        "harbor",
        "bob",
        "outpatient",
        120,
        False,
    ),
    (
        DemoPerson("marcus", "Marcus Hale", "client", "residential program"),
        "cedar",
        "dana",
        "residential",
        12,
        False,
    ),
    (
        DemoPerson("priya", "Priya Nair", "client", "intensive outpatient"),
        "harbor",
        "bob",
        "iop",
        45,
        False,
    ),
    (
        DemoPerson("tom", "Tom Becker", "client", "just started outpatient care"),
        "harbor",
        "bob",
        "outpatient",
        2,
        False,
    ),
    (
        DemoPerson("jordan", "Jordan Ellis", "client", "residential, week four"),
        "cedar",
        "dana",
        "residential",
        26,
        False,
    ),
    (
        DemoPerson("sofia", "Sofia Alvarez", "client", "outpatient, partner supports"),
        "harbor",
        "bob",
        "outpatient",
        200,
        False,
    ),
    (
        DemoPerson("ken", "Ken Watanabe", "client", "discharged after residential care"),
        "cedar",
        "dana",
        "residential",
        90,
        True,
    ),
    (
        DemoPerson("luis", "Luis Romero", "client", "outpatient after residential"),
        "harbor",
        "bob",
        "outpatient",
        30,
        False,
    ),
    (
        DemoPerson("grace", "Grace Kim", "client", "intensive outpatient"),
        "harbor",
        "bob",
        "iop",
        60,
        False,
    ),
    (
        DemoPerson("nate", "Nate Brooks", "client", "outpatient, supporter invited"),
        "harbor",
        "bob",
        "outpatient",
        75,
        False,
    ),
    (
        DemoPerson("owen", "Owen Price", "client", "residential, first week"),
        "cedar",
        "dana",
        "residential",
        4,
        False,
    ),
    (
        DemoPerson("rachel", "Rachel Stone", "client", "long-term outpatient"),
        "harbor",
        "bob",
        "outpatient",
        400,
        False,
    ),
]

# (supporter, client key, relationship, shares)
SUPPORTERS = [
    (
        DemoPerson("carol", "Carol Diaz", "supporter", "Alice's sponsor"),
        "alice",
        "sponsor",
        ["sobriety", "checkins", "middle_circle"],
    ),
    (
        DemoPerson("pat", "Pat Alvarez", "supporter", "Sofia's partner"),
        "sofia",
        "partner",
        ["sobriety"],
    ),
    (
        DemoPerson("miguel", "Miguel Romero", "supporter", "Luis's brother"),
        "luis",
        "family",
        ["sobriety", "checkins"],
    ),
]

# A person in recovery who is also another client's sponsor: (supporter client, client,
# relationship, shares).
PEER_SUPPORT = [
    ("rachel", "tom", "sponsor", ["sobriety", "checkins"]),
    ("rachel", "marcus", "sponsor", ["sobriety", "milestones"]),
]

# Supporters a client has paused for a while: (supporter key, days from today through which).
PAUSED = [("miguel", 10)]
