"""What network's tests share."""

# Words that would tell a reader of the e-mail what kind of care this is.
CLINICAL_WORDS = [
    "sobriety",
    "sober",
    "slip",
    "sexual",
    "sex ",
    "compulsive",
    "porn",
    "addiction",
    "addict",
    "recovery",
    "treatment",
    "therapy",
    "therapist",
    "clinic",
    "counsel",
    "sponsor",
    "middle",
    "relapse",
    "harbor",
]
