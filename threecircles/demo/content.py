"""The institute's public content for the demo: the about and resources pages, the position
statement on compulsive sexual behavior and sexual offending, articles, frequent questions,
testimonials and two inquiries.

Every text here was written for this demo. The institute, its history and every person named
are fictional. References are to real, well-known publications, cited in general terms.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from threecircles.accounts.models import User
from threecircles.content.models import (
    Article,
    ArticleRevision,
    Category,
    FAQEntry,
    Inquiry,
    Page,
    PageSection,
    PositionStatement,
    PositionVersion,
    Tag,
    Testimonial,
)

# Stands for the crisis page's address in the texts below; filled in with `reverse()` when
# the pages are seeded, so a text never holds another app's path.
CRISIS = "](CRISIS)"


@dataclass(frozen=True)
class PageText:
    section: str
    slug: str
    title: str
    summary: str
    body: str


@dataclass(frozen=True)
class ArticleText:
    slug: str
    title: str
    summary: str
    category: str
    tags: tuple[str, ...]
    days_from_now: int  # below zero: already out; above: scheduled
    body: str


@dataclass(frozen=True)
class TestimonialText:
    author_name: str
    author_role: str
    text: str
    contact: str
    days_ago: int
    status: str


@dataclass(frozen=True)
class InquiryText:
    kind: str
    name: str
    email: str
    organization: str
    subject: str
    message: str
    hours_ago: int


# --- pages ------------------------------------------------------------------------------------

PAGES = [
    PageText(
        PageSection.ABOUT,
        "mission",
        "Our mission",
        "We help people affected by compulsive sexual behavior find competent, respectful care, "
        "and we train the professionals who provide it.",
        """\
The institute exists so that people affected by compulsive sexual behavior, and the people
close to them, can find care that is competent, respectful and free of shame.

# What we do

- **We train professionals.** Therapists, counselors, physicians and other clinicians learn to
  assess and treat compulsive sexual behavior in our training modules, and can work towards
  the institute's certification.
- **We set standards.** Our position statements say plainly what we hold to be good practice,
  with their dates and the sources we relied on, so that they can be cited and checked.
- **We inform the public.** Our articles and answers to frequent questions are written for
  people seeking help, for partners and families, and for professionals.
- **We bring people together.** Our yearly symposium, workshops and webinars are where
  clinicians and researchers share what they have learned.

# What guides us

- **Person-first language.** We speak of people with compulsive sexual behavior, not of
  "addicts" or "cases". A person is more than a behavior.
- **No shame.** Shame keeps people from asking for help. Accountability and respect belong
  together.
- **Clear lines.** Compulsive sexual behavior and sexual offending are different, and each
  needs the right kind of help. Our position statement on this explains why.
- **Evidence and humility.** Research in this field is still growing. We say what is known and
  what is not, and we revise our positions when the evidence changes.
- **Privacy.** What people tell their clinicians belongs to them.
""",
    ),
    PageText(
        PageSection.ABOUT,
        "history",
        "Our history",
        "How a small circle of clinicians became an institute for training and standards.",
        """\
The institute began as a study group: a handful of clinicians who met once a month to talk
through difficult cases and to read the research together. They noticed the same gaps again
and again. People looking for help got very different answers depending on whom they asked.
Partners were often left out of care altogether. And too often, compulsive sexual behavior and
sexual offending were spoken of as if they were the same thing.

# From study group to institute

As more clinicians joined, the group wrote down what it had learned: how to assess, what a
first treatment plan can look like, when to refer. Those notes became the first training
module. As the training grew, so did the need for a shared standard, and the group founded the
institute to run the training, award certification and publish its positions openly.

# Today

The institute's members are professionals from many disciplines. It runs training modules, a
yearly symposium and smaller workshops and webinars, certifies therapists, and publishes
articles and position statements for the public.

# What has not changed

The monthly case discussions still take place. We still believe that careful listening, clear
thinking and respect for every person are where good care starts.

_Demonstration content: the institute and its history on this site are fictional._
""",
    ),
    PageText(
        PageSection.ABOUT,
        "leadership",
        "Leadership",
        "The people who lead the institute's work.",
        """\
The institute is led by an executive team that answers to a board of directors. The board
brings together clinicians, a researcher and members of the public.

# Executive team

- **Robin Example**, Executive Director
- **Avery Sample**, Director of Training and Certification
- **Quinn Placeholder**, Director of Clinical Standards
- **Morgan Specimen**, Director of Events and Membership

# Board of directors

- **Taylor Fictional**, Chair
- **Jesse Demo**, Treasurer
- **Riley Instance**, Secretary

To reach any of them, please write to us through the contact form and we will pass your
message on.

_Demonstration content: the people named on this page are fictional._
""",
    ),
    PageText(
        PageSection.RESOURCES,
        "for-people-seeking-help",
        "For people seeking help",
        "Where to start if your sexual behavior feels out of control: crisis help, a qualified "
        "therapist, and peer support.",
        """\
If your sexual behavior feels out of your control, or it is hurting you or people you care
about, you are not alone, and help exists. Asking for it is a sign of strength.

# If you are in crisis

If you might harm yourself or someone else, get help now: [crisis help](CRISIS) lists
emergency numbers and free, confidential lines you can call or text at any time.

# Talk with a qualified therapist

A good first step is a conversation with a licensed therapist who has training in compulsive
sexual behavior. In a first meeting they will listen, ask about your life and your sexual
behavior without judging you, and explain what confidentiality means and where the law sets
its limits. Together you decide what help would fit.

Questions you can ask a therapist before you start:

- What training do you have in compulsive sexual behavior?
- How do you usually work, and how often would we meet?
- How would you involve my partner, if I want that?
- What are the limits of confidentiality where you practice?

Therapists certified by the institute have completed its training and practiced under
supervision.

# Peer support

Many people find twelve-step and other peer groups helpful alongside therapy. Peer groups are
run by their members, not by clinicians: they add to professional care rather than replace it.

# If you are worried about harming someone

If you are worried about sexual thoughts involving children, or your behavior has involved
someone who did not or could not consent, specialized and confidential help exists. A
therapist can help you find it, and prevention services such as Stop It Now offer confidential
advice in several countries. Seeking that help is a responsible step towards preventing harm.
""",
    ),
    PageText(
        PageSection.RESOURCES,
        "for-partners-and-families",
        "For partners and families",
        "Support for partners and family members: your own needs, your own help, at your own pace.",
        """\
Learning that someone close to you has been struggling with compulsive sexual behavior can
turn your world upside down. Whatever you feel, whether hurt, anger, numbness or confusion,
your reaction makes sense, and you deserve support in your own right.

# Your safety first

If you are afraid for your safety or someone else's, or you are in crisis, [get help
now](CRISIS).

# Support for you

- **A therapist of your own.** A qualified therapist can help you with the shock, with the
  decisions ahead and with looking after yourself. This is your space, separate from your
  partner's treatment.
- **Peer groups for partners and families.** Fellowships such as S-Anon and COSA are peer
  groups for people affected by someone else's sexual behavior. They are run by their members,
  not by clinicians.
- **Your health.** If you are worried about your sexual health, a doctor or a sexual health
  clinic can advise you confidentially.

# Things worth knowing

- You did not cause this behavior, and you cannot control or cure it.
- You do not have to decide about the relationship right away.
- Boundaries about what you need to know, and about what you will and will not accept, are
  healthy. A therapist can help you put them into words.
- Joint sessions with your partner can help later, when you both feel ready, with a therapist
  who works with couples.

# Children and other family members

Children and other family members may need help of their own, explained in words that fit
their age. A family therapist can advise on what to say, and when.
""",
    ),
    PageText(
        PageSection.RESOURCES,
        "for-professionals",
        "For professionals",
        "Training, certification and good practice for clinicians who work with compulsive "
        "sexual behavior.",
        """\
Clinicians from many disciplines meet clients with compulsive sexual behavior, often without
having trained for it. The institute offers training, certification and a community of
colleagues.

# Training

Our training modules cover assessment, treatment planning, work with partners and families,
and the limits of this field, including how to recognize sexual offending and refer it to
specialist services. Modules run as workshops and webinars, and the yearly symposium brings
current research and practice together. Attendance hours are recorded for continuing
education.

# Certification

Certification shows that a clinician has completed the institute's training, practiced under
supervision and passed an assessment of their work. The institute keeps a register of
certified therapists, so that people seeking help can find them.

# Good practice

- Begin with a careful assessment that covers consent, legal history and risk, and look for
  other struggles such as depression, anxiety, trauma and substance use.
- Tell compulsive sexual behavior apart from sexual offending, and refer offending behavior to
  specialist treatment. Our position statement explains why.
- Know your local reporting duties, and explain the limits of confidentiality at the start.
- Use person-first, non-shaming language with clients and in your records.

# When a client is in crisis

Keep crisis numbers at hand and share them with clients: our [crisis help page](CRISIS)
lists them.

# Membership

Members pay member prices for training and events and have access to member resources.
""",
    ),
]

# --- the position statement -------------------------------------------------------------------

STATEMENT_SLUG = "compulsive-sexual-behavior-and-sexual-offending"
STATEMENT_TITLE = "Compulsive sexual behavior and sexual offending are different"

FIRST_SUMMARY = (
    "Compulsive sexual behavior is not sexual offending. Each needs its own assessment and its "
    "own kind of treatment."
)
FIRST_BODY = """\
# Our position

Compulsive sexual behavior, often called sex addiction, is not the same as sexual offending.
Treating them as one thing harms people on both sides of the line: it stigmatizes people who
seek help for a behavior they struggle to control, and it can hide offending behavior that
needs specialist attention.

# What compulsive sexual behavior is

The World Health Organization's ICD-11 describes compulsive sexual behaviour disorder (6C72)
as a persistent pattern of failing to control intense, recurring sexual urges, which leads to
repeated sexual behavior over a long period and causes marked distress or serious problems in
important areas of life. The behaviors involved are usually legal and either solitary or
between consenting adults. The problem is the loss of control and what it costs the person.

# What sexual offending is

Sexual offending is sexual behavior involving another person who did not consent or could not
consent, such as a child. It has a victim, and most of it is against the law.

# Where they meet

Most people with compulsive sexual behavior never offend. A minority also have offending
behavior. Compulsive sexual behavior neither explains nor excuses offending.

# What follows for practice

Clinicians should assess every person who seeks help for compulsive sexual behavior carefully,
including questions about consent and legal history, and refer offending behavior to
specialist treatment.
"""
# One reference a line (the position page numbers them).
FIRST_REFERENCES = (
    "World Health Organization (2019/2022). ICD-11 for Mortality and Morbidity Statistics: "
    "6C72 Compulsive sexual behaviour disorder.\n"
    "Kraus, S. W., et al. (2018). Compulsive sexual behaviour disorder in the ICD-11. "
    "World Psychiatry.\n"
)

SECOND_SUMMARY = (
    "Compulsive sexual behavior is not sexual offending. Assessment must tell them apart and "
    "route offending behavior to specialist treatment; clinicians decide, software only screens "
    "and routes."
)
SECOND_BODY = """\
# Our position

Compulsive sexual behavior, which many people call sex addiction, is not sexual offending. The
two differ in what they are, in the harm they cause and in the help they need. Treating them as
the same thing hurts people: it adds stigma for those who ask for help with a behavior they
struggle to control, and it can hide offending behavior that needs specialist attention.

# Compulsive sexual behavior

ICD-11 (World Health Organization) lists compulsive sexual behaviour disorder under code 6C72.
In our words: a person repeatedly fails to control intense sexual urges; the behavior goes on
over a long period despite its consequences and despite attempts to stop; and it causes marked
distress or serious problems in relationships, work or other important parts of life. Distress
that comes only from moral or religious disapproval of one's sexual urges or behavior is not,
on its own, enough for the diagnosis.

The behaviors involved are usually legal and either solitary or between consenting adults.
What makes them a clinical problem is the loss of control and the harm it brings to the
person's life.

# Sexual offending

Sexual offending is sexual behavior involving someone who did not consent or who could not
consent, such as a child, and so it has a victim. It includes viewing sexual images of
children. Most sexual offending is against the law, and the law, not a diagnosis, defines it.

# Where the two meet

Most people with compulsive sexual behavior never offend. A minority also have offending
behavior, and some people who offend have no compulsive sexual behavior at all. Compulsive
sexual behavior neither explains offending nor excuses it.

# What assessment must do

Every assessment of compulsive sexual behavior should ask, calmly and routinely, about consent,
about the ages of partners and of people in sexual images, and about legal history. When it
finds offending behavior, or a real risk of it, the person should be routed to specialist
treatment for sexual offending by clinicians trained for it, and the clinician must consider
any duty to report that the law sets. Treatment for compulsive sexual behavior alone is not the
right care for offending behavior.

Asking these questions is not an accusation. Explained at the start, together with the limits
of confidentiality, they are part of respectful care for everyone.

# Clinicians decide; software screens and routes

Software, including the screening in Three Circles, can help: it can put the same screening
questions to every person, flag answers that need a clinician's attention, and show where
specialist services are. It does not diagnose, and it does not decide. A qualified clinician
reviews every flag, talks with the person and makes the clinical decision.

# What we ask of our members

- Use the terms accurately, and keep the two apart in conversation and in records.
- Screen every client for offending behavior as part of assessment.
- Refer offending behavior to specialist treatment, and know your local reporting duties.
- Use person-first, non-shaming language with everyone you work with.
"""
SECOND_REFERENCES = (
    FIRST_REFERENCES
    + "Association for the Treatment of Sexual Abusers (2014). Practice Guidelines for the "
    "Assessment, Treatment, and Management of Male Adult Sexual Abusers.\n"
    "Bonta, J., & Andrews, D. A. (2017). The Psychology of Criminal Conduct (6th ed.).\n"
)
SECOND_WHAT_CHANGED = (
    "Adds how assessment tells the two apart and routes offending behavior to specialist "
    "treatment, what software may and may not do, and the ICD-11's note on moral distress; "
    "two references added."
)

# --- the knowledge base -----------------------------------------------------------------------

CATEGORIES = [
    ("understanding", "Understanding compulsive sexual behavior"),
    ("recovery", "Recovery"),
    ("for-partners", "For partners"),
    ("for-professionals", "For professionals"),
]

ARTICLES = [
    ArticleText(
        "what-compulsive-sexual-behavior-is",
        "What compulsive sexual behavior is, and what it is not",
        "How the ICD-11 describes compulsive sexual behavior, why it is not about how much sex is "
        "too much, and why it is not the same as sexual offending.",
        "understanding",
        ("ICD-11", "assessment"),
        -60,
        """\
Many people use the words *sex addiction* for a pattern they recognize in themselves or in
someone close to them: sexual behavior that goes on even though it causes harm, and that is
hard to stop despite real efforts. Clinicians today usually speak of *compulsive sexual
behavior*. Whatever words you use, the pattern is real, you are not alone with it, and it can
be treated.

# How the ICD-11 describes it

In 2019 the World Health Organization adopted the eleventh revision of its International
Classification of Diseases, ICD-11, which came into effect in 2022. It includes compulsive
sexual behaviour disorder (code 6C72) among the impulse control disorders.

In our own words, the description has several parts:

- a person repeatedly fails to control intense, recurring sexual urges, and this leads to
  repeated sexual behavior;
- the behavior becomes a central part of life, to the point of neglecting health, self-care,
  or other interests and responsibilities;
- many attempts to cut down have not worked;
- the behavior goes on despite harm, or even when it brings little or no satisfaction;
- the pattern lasts for an extended period, for example six months or more;
- and it causes marked distress or serious problems in relationships, work or other important
  parts of life.

Only a qualified clinician can make a diagnosis, after a careful conversation. A list like
this one can help you recognize a pattern; it is not a test.

# What it is not

**It is not about how much sex is "too much".** People differ widely in desire and in how often
they have sex. A high sex drive that a person is comfortable with, and that harms no one, is
not a disorder.

**It is not a moral judgment.** The ICD-11 says that distress which comes only from moral or
religious disapproval of one's sexual urges or behavior is not enough for the diagnosis.
Feeling in conflict with one's values about pornography, for example, is real and worth talking
about, but it is a different matter.

**It is not sexual offending.** Compulsive sexual behavior usually involves legal behavior,
alone or between consenting adults. Sexual offending involves someone who did not or could not
consent, and it has a victim. The two need different kinds of help, and our position statement
explains why the difference matters.

# It often comes with other struggles

People with compulsive sexual behavior often also live with depression, anxiety, the effects
of trauma, or problems with alcohol or drugs. A good assessment looks at the whole person, not
only at the sexual behavior, and treatment takes all of it into account.

# What helps

Recovery usually starts with a conversation with a therapist who knows this field. Treatment is
built around the person's own goals: regaining control, repairing relationships, and building
a sexual life that fits their values. Many people also find strength in peer groups. Progress
is rarely a straight line, and a setback is something to learn from, not proof that change is
impossible.

If you recognize yourself in this article, you have already taken a first step by reading it.
The next one can be a conversation with a qualified therapist.
""",
    ),
    ArticleText(
        "slips-not-failures",
        "Slips, not failures: shame and the road to recovery",
        "Why shame keeps people stuck, how guilt differs from it, and what to do after a slip.",
        "recovery",
        ("shame", "relapse prevention"),
        -45,
        """\
Almost everyone who works to change a deeply rooted behavior has setbacks. In recovery from
compulsive sexual behavior, people often call them *slips*. How a person meets a slip can make
the difference between one painful evening and a long return to old patterns.

# Shame and guilt are not the same

Guilt says: *I did something that goes against my values.* It points at a behavior, and it can
move a person to make amends. Shame says: *I am bad.* It points at the whole person, and it
tends to push people into hiding, which is exactly where compulsive behavior grows.

Many people carry a great deal of shame about their sexual behavior, sometimes from long before
it became a problem. Shame can feel like the right response, a way of taking things seriously.
But shame on its own seldom helps anyone change. What helps is accountability without contempt:
naming honestly what happened, and treating oneself as someone worth the effort of change.

# What to do after a slip

1. **Get safe and stop.** Leave the place, close the device, call someone.
2. **Tell someone you trust.** A sponsor, a supporter, your therapist. Saying it out loud takes
   away much of its power.
3. **Look back with curiosity, not blame.** What happened in the hours and days before?
   Tiredness, loneliness, conflict, boredom, a particular place or time of day? These are the
   warning signs your plan can prepare for.
4. **Adjust the plan.** Add a boundary, a new way to reach support, a healthier way to meet the
   need that was underneath.
5. **Carry on.** A slip does not erase the days, weeks or months of work before it.

# For the people who support someone

If someone tells you about a slip, they have trusted you with something hard. You do not have
to hide your feelings, but try to thank them for telling you, and leave the detailed review to
them and their therapist. Partners have their own needs and limits. It is fine to say so, and
to look for support of your own.

# For clinicians

Clients often expect judgment when they report a slip. A calm, structured review that looks for
patterns rather than blame teaches them that honesty is safe in therapy, and that honesty is
what makes the rest of the work possible.

# A slip is information

Recovery is not measured by a perfect record. It is measured by the direction of travel: by a
person learning to notice their warning signs earlier, reach out sooner, and build a life in
which the old behavior has less room. A slip is information about what the plan needs next.
""",
    ),
    ArticleText(
        "the-three-circles",
        "The three circles: a simple map for recovery",
        "Inner, middle and outer circle: how a simple drawing helps people describe what recovery "
        "means for them.",
        "recovery",
        ("three circles", "relapse prevention"),
        -30,
        """\
The three circles are a simple tool that many people in recovery from compulsive sexual
behavior use to describe what recovery means for them. The tool comes from twelve-step
fellowships, and many therapists use it too. It also gives this platform its name.

# Three circles, one page

Draw three circles, one inside the other.

- **The inner circle** holds the behaviors a person has decided to stop: the ones that have
  caused harm and that they cannot keep to in moderation. Staying away from them is what many
  people call sobriety.
- **The middle circle** holds warning signs: situations, feelings and behaviors that are not a
  slip in themselves but can lead towards one. Staying up late alone with a laptop, skipping
  meals, withdrawing after an argument, "just looking".
- **The outer circle** holds healthy behaviors that support recovery and a good life: sleep,
  exercise, friendships, meaningful work, intimacy that fits one's values, time with people who
  support you.

# Everyone's circles are their own

There is no standard list. Two people may put the same behavior in different circles, and that
is as it should be. One person's inner circle may include all pornography, another's a
particular kind of online chat. The person draws their own circles, ideally with their
therapist or sponsor, and the circles change as recovery goes on.

A few questions can help with a first draft:

- Which behaviors have caused me the most harm, or the most regret?
- What usually happens in the hours before I act on an urge?
- What makes me feel connected, rested and like myself?
- What do I want my sexual life to look like in a year?

# Why the middle circle matters

The inner circle gets the most attention, but much of the work of recovery happens in the
middle circle. Noticing a warning sign early gives a person time to choose something different:
to call someone, to leave, to rest, to turn to something from the outer circle. In a daily
check-in, the middle circle is the part worth looking at closely.

# The outer circle is not a reward

The outer circle is not a list of treats for good behavior. It is the life that recovery makes
room for. Many people find that as they invest in their outer circle, the pull of the inner
circle weakens, because the needs underneath, such as rest, closeness and meaning, are being met
in other ways.

# Reviewing the circles

Circles are worth reviewing regularly, and especially after a slip. A slip often reveals a
warning sign that was missing from the middle circle. Adding it is not a failure: it is the
tool working as intended.
""",
    ),
    ArticleText(
        "after-a-disclosure-first-steps-for-partners",
        "After a disclosure: first steps for partners",
        "For partners who have just learned about compulsive sexual behavior in their "
        "relationship: what helps in the first weeks, and where to find support of your own.",
        "for-partners",
        ("partners", "boundaries", "self-care"),
        -21,
        """\
Finding out that your partner has been living with compulsive sexual behavior, whether they
told you or you discovered it, is often one of the hardest moments in a relationship. This
article is for you, not for your partner. Your well-being matters in its own right.

# Whatever you feel is understandable

Partners describe many different reactions: shock, anger, grief, numbness, doubts about their
own memory of the past, sometimes relief that something finally makes sense. Reactions can
change from hour to hour. None of them is wrong, and none of them needs to be justified.

# It is not your fault

Compulsive sexual behavior is not caused by a partner's looks, by how often the two of you have
sex, or by anything you did or did not do. You cannot cause it, and you cannot control or cure
it. Responsibility for the behavior, and for recovery, lies with the person who has it.

# First steps that help

- **Look after the basics.** Sleep, food, movement and time with people who are good for you
  are the first things to go in a crisis.
- **Find support of your own.** A therapist who works with partners can help you sort through
  what happened and what you need. Peer groups such as S-Anon and COSA bring together people
  affected by someone else's sexual behavior, and many partners find it a relief to meet others
  who understand.
- **Choose carefully whom you tell.** Confiding in a trusted friend can help a great deal.
  Telling many people at once, in the first days, can be hard to undo.
- **Take care of your health.** If you are worried about sexually transmitted infections, a
  doctor or a sexual health clinic can advise you confidentially and without judgment.
- **Put off big decisions if you can.** You do not need to decide today whether to stay or to
  leave. If you feel unsafe, though, your safety comes first: contact crisis or emergency
  services.

# Boundaries

A boundary is a statement about what you will do to protect yourself, not a rule for your
partner. "I will sleep in the spare room for now." "I need to know if there is a risk to my
health." "I will not stay if this happens again." A therapist can help you find the words, and
the limits that are right for you.

# Disclosure as a process

Many partners learn things in pieces over time, and each new piece can reopen the wound. Some
couples later work with their therapists on a planned disclosure, so that the partner hears the
important facts once, in a safe setting. This is something to plan with professionals, not to
improvise at the kitchen table.

# Later, together or apart

Some couples rebuild trust and find a relationship that is more honest than before. Some
separate. Both can be healthy outcomes. Couples therapy can help when both partners are ready,
and it works best alongside individual support for each of you, not instead of it.
""",
    ),
    ArticleText(
        "assessment-first",
        "Assessment first: telling compulsive sexual behavior apart from offending",
        "For clinicians: why every assessment should ask about consent and legal history, and what "
        "to do when it finds offending behavior.",
        "for-professionals",
        ("assessment", "sexual offending", "ICD-11"),
        -10,
        """\
When a client comes to you because of their sexual behavior, the first sessions set the course
for everything that follows. One of the most important tasks of assessment is to tell
compulsive sexual behavior apart from sexual offending. The two can look similar in a first
conversation; they call for different care.

# Two different questions

Compulsive sexual behavior is about **control**: a persistent pattern of failing to control
intense sexual urges, with marked distress or impairment, as ICD-11 describes it under code
6C72. Sexual offending is about **consent**: sexual behavior involving a person who did not or
could not consent, which has a victim and is, in most cases, a crime. A client may present
with one, the other, both or neither.

# Ask routinely, ask calmly

The surest way to find offending behavior is to ask every client about it as a normal part of
assessment, in the same calm way you ask about sleep or alcohol. Questions asked only when
something seems "off" tend to feel like accusations, and clients answer them less openly.

Areas to cover include:

- whether all sexual partners were adults who agreed, and who were able to agree;
- the ages of people in any sexual images or videos the client has viewed;
- any sexual contact or communication with someone under the age of consent;
- any use of force, pressure, deception or intoxication to obtain sex;
- legal history: arrests, charges, convictions, current proceedings, conditions of release.

Before you ask, explain the limits of confidentiality where you practice, including any duty to
report. Clients have a right to know this before they answer.

# When you find offending behavior

If the assessment points to offending behavior, or to a real risk of it, the client needs
specialist treatment from clinicians trained to work with people who have offended. Treatment
for compulsive sexual behavior alone is not enough: it does not address the risk to others, and
it can leave both the client and potential victims without the help they need. Consider your
reporting duties, write down your reasoning, and refer. Where it is safe and appropriate, stay
involved in the client's wider care.

# When you do not

When there is no sign of offending, say so in your notes and move on to the treatment plan.
The screening questions have done their work. Come back to them if new information appears, as
it sometimes does later in treatment.

# What screening tools can and cannot do

Structured questionnaires and software help you ask every client the same questions and make
sure nothing is forgotten. Three Circles, for example, includes an offending screen in its
intake and flags answers for a clinician's review. But a tool only screens and routes. The
clinician talks with the client, weighs what they heard, and decides.

# Language

Use person-first words in conversation and in records: a person with compulsive sexual
behavior, a person who has offended. Labels that reduce a person to a behavior make honest
conversation harder, and honest conversation is what assessment depends on.
""",
    ),
    ArticleText(
        "building-a-support-network",
        "Building a support network that works",
        "Who can support you in recovery, how much each person needs to know, and how to ask for "
        "help before you need it.",
        "recovery",
        ("support network", "self-care"),
        -3,
        """\
Recovery from compulsive sexual behavior is hard to do alone. Secrecy and isolation tend to
feed the behavior; connection tends to weaken it. A support network is the small group of
people you can turn to, who know enough to help.

# Who can be in it

- **Your therapist or clinical team**, for the structured work of treatment.
- **A sponsor or peer** from a twelve-step or other peer group, who has walked a similar road.
- **A partner or family member**, if they want to be involved, and if their own needs are
  respected.
- **Friends** who know at least a little of what you are working on.
- **Members of a peer group**, who understand without long explanations.

Not everyone needs all of these. Two or three reliable people are enough to start.

# Decide what each person knows

Supporting someone does not mean knowing everything. A sponsor may hear about every slip; a
partner may want to know some things and not others; a friend may only need to know that you
sometimes call when you are struggling. Agree on this openly. In Three Circles you choose what
each supporter can see, and you can change it at any time.

# Ask before you need it

The hardest time to ask for help is in the middle of an urge. Set things up in advance:

- Ask each person whether they are willing to take a call, and at what times.
- Agree on a simple message that means "I need support right now".
- Keep the numbers where you will see them, and practice calling when things are calm.

# Support goes both ways

A network is not a roster of people on duty. Thank the people who help you, and ask how they
are doing. Partners in particular carry their own pain and deserve support of their own, for
example from a therapist or from partner groups such as S-Anon or COSA.

# When someone cannot help

People have limits. A friend may not answer; a sponsor may move away; a partner may need
distance. That does not mean you are alone. It means the network needs more than one thread:
when one person cannot help, try the next. If you feel unsafe, use crisis help, at any time of
day or night.

# Review it now and then

Every few months, look at your network with your therapist or sponsor. Who has been there for
you? Who would you like to add? Is there anyone you are leaning on too heavily? Like the
circles themselves, a network grows with recovery.
""",
    ),
    ArticleText(
        "looking-after-yourself-in-this-work",
        "Looking after yourself in this work: supervision and self-care for clinicians",
        "Clinicians who treat compulsive sexual behavior hear hard stories. How supervision, clear "
        "boundaries and a life outside work keep them, and their clients, well.",
        "for-professionals",
        ("supervision", "self-care"),
        7,
        """\
Clinicians who work with compulsive sexual behavior hear stories of secrecy, betrayal, shame
and sometimes harm to others. They sit with partners in acute distress and with clients who
expect to be judged. The work is meaningful, and it asks a lot of the people who do it.
Looking after yourself is part of looking after your clients.

# Notice your own reactions

Every clinician brings their own values, history and feelings about sexuality into the room.
Strong reactions to a client, such as disgust, anger, protectiveness or fascination, are not a
professional failure. They are information. Left unexamined, they can shape what you ask, what
you avoid and how you write your notes.

# Use supervision well

Regular clinical supervision, or consultation with experienced colleagues, is one of the best
protections for you and your clients. It is the place to:

- talk through cases where you feel stuck, or too sure;
- check your reasoning about risk, referral and reporting duties;
- notice patterns in your own reactions;
- get a second view on work with couples, where loyalties can blur.

If your current supervision leaves no room for this, a peer consultation group is worth
looking for as well.

# Keep clear boundaries

Clear structure protects everyone: consistent session times, clear policies on contact between
sessions, and careful records. Take particular care with overlapping roles, for example when
you see both partners individually, and decide in advance how you will handle secrets.

# Know your limits

No clinician can do everything. If a client's behavior involves offending, refer to specialist
services. If a partner needs more than you can give within your role, help them find their own
therapist. Referring is good practice, not a failure.

# Recognize the signs of strain

Signs of strain can include dreading certain sessions, sleeping badly, feeling numb or cynical
about clients, or carrying cases home in your head night after night. If you notice them, talk
with a supervisor or colleague early, and consider whether your caseload needs to change.

# Care for the rest of your life

Time off, rest, exercise, friendships and interests that have nothing to do with work are not
luxuries. The balance we encourage in our clients' outer circles applies to clinicians, too.

# Learn together

Training and conferences are not only about new techniques. They are also where clinicians
meet others who understand the work. The institute's workshops, webinars and yearly symposium
are open to members and non-members alike.
""",
    ),
]

# --- frequent questions: (group, question, answer) --------------------------------------------

FAQ = [
    (
        "Seeking help",
        "Is sex addiction a real diagnosis?",
        "The World Health Organization's ICD-11 includes *compulsive sexual behaviour disorder* "
        "(code 6C72) among the impulse control disorders. Many people still say *sex addiction*, "
        "and we respect the words people choose for their own experience. What matters most is "
        "not the name but the pattern: sexual behavior that feels out of control and causes "
        "distress or problems in your life. A qualified clinician can help you understand what "
        "is going on.",
    ),
    (
        "Seeking help",
        "How do I know whether I need help?",
        "Some questions to ask yourself: Have I tried to stop or cut down, and not managed to? "
        "Does my sexual behavior take up time I need for other things? Does it cause problems in "
        "my relationships, work or health? Do I keep going even when I get little out of it? If "
        "you answer yes to some of these, talking with a therapist who knows this field is a good "
        "next step. It does not commit you to anything.",
    ),
    (
        "Seeking help",
        "What if I am in crisis right now?",
        "If you might harm yourself or someone else, please get help now. Our crisis help page "
        "lists emergency numbers and free, confidential lines you can call or text at any time. "
        "You deserve support right now, and you do not need to explain everything to ask for it.",
    ),
    (
        "For partners",
        "Is my partner's behavior my fault?",
        "No. Compulsive sexual behavior is not caused by anything a partner did or did not do, "
        "and a partner cannot control or cure it. Responsibility for the behavior and for "
        "recovery lies with the person who has it. Your feelings, whatever they are, make sense, "
        "and you deserve support of your own.",
    ),
    (
        "For partners",
        "Should I stay or leave?",
        "Only you can decide, and you do not have to decide right away. Some couples rebuild "
        "trust; some separate; both can be healthy outcomes. A therapist of your own can help you "
        "think it through at your own pace. If you ever feel unsafe, your safety comes first.",
    ),
    (
        "For partners",
        "Where can partners find support?",
        "A therapist who works with partners can support you in your own right, separately from "
        "your partner's treatment. Peer groups such as S-Anon and COSA bring together people "
        "affected by someone else's sexual behavior; they are run by their members, not by "
        "clinicians. Trusted friends and family can help too.",
    ),
    (
        "About treatment",
        "What does treatment usually involve?",
        "Treatment starts with a careful assessment of the person's sexual behavior, their health "
        "and their life as a whole. From there, the person and their therapist agree on a plan. "
        "It often includes individual therapy, and may include group therapy, work on other "
        "struggles such as depression or anxiety, and, when both partners are ready, sessions "
        "with a partner. The plan is built around the person's own goals.",
    ),
    (
        "About treatment",
        "Does treatment mean I have to give up sex?",
        "No. The aim is a sexual life that feels in your control and fits your values, not the "
        "end of sexuality. Many people work out with their therapist which behaviors they want to "
        "stop, which are warning signs, and which are healthy. The three circles are one way to "
        "map this.",
    ),
    (
        "About treatment",
        "Is what I say in therapy confidential?",
        "In general, yes. There are limits set by law, for example when a child or another person "
        "may be at risk of serious harm, and these limits differ from place to place. A good "
        "therapist explains them at the start, before you share anything, so that you can decide "
        "what to say.",
    ),
    (
        "For professionals",
        "How do I become certified?",
        "Certification combines the institute's training modules, a period of supervised "
        "clinical practice and an assessment of your work. The institute keeps a register of "
        "certified therapists, so that people seeking help can find them. Members pay member "
        "prices for the training.",
    ),
    (
        "For professionals",
        "Does the institute's training cover the treatment of sexual offending?",
        "Our training teaches clinicians to recognize offending behavior during assessment and to "
        "refer it to specialist treatment. It does not qualify anyone to treat sexual offending, "
        "which needs specialist training of its own. Our position statement explains why the two "
        "are different.",
    ),
    (
        "For professionals",
        "Do the institute's events count towards continuing education?",
        "We record attendance hours for every session of our symposium, workshops and webinars, "
        "and you receive a certificate of attendance. Whether and how these hours count towards "
        "continuing education depends on your licensing body.",
    ),
]

# --- what the public sends us -----------------------------------------------------------------

CONSENT_TEXT = (
    "I agree that the institute may publish this text with my name and professional role on its "
    "website. I can withdraw my consent at any time by writing to the institute, and the text "
    "will then be removed."
)

TESTIMONIALS = [
    TestimonialText(
        "Hana V.",
        "Licensed marriage and family therapist",
        "The assessment module gave me a calm, routine way to ask about consent and legal "
        "history. My first sessions are more structured now, and I know when and where to "
        "refer.",
        "hana.v@example.org",
        90,
        Testimonial.Status.PUBLISHED,
    ),
    TestimonialText(
        "Elliot B.",
        "Clinical social worker",
        "What I valued most was the time spent on partners. I used to see partners only as part "
        "of couples work; now I make sure they have support of their own from the start.",
        "elliot.b@example.org",
        60,
        Testimonial.Status.PUBLISHED,
    ),
    TestimonialText(
        "Renata O.",
        "Psychiatrist",
        "The symposium brought research and practice into the same room. I came home with a "
        "clearer, shame-free way to talk with patients about slips.",
        "renata.o@example.org",
        30,
        Testimonial.Status.PUBLISHED,
    ),
    TestimonialText(
        "Marco D.",
        "Counselor in training",
        "The webinar on the three circles was clear and practical. I would have liked more time "
        "for questions, but I have already talked the ideas through with my supervisor.",
        "marco.d@example.org",
        2,
        Testimonial.Status.PENDING,
    ),
]

INQUIRIES = [
    InquiryText(
        Inquiry.Kind.CONTACT,
        "Lena Ortiz",
        "lena.ortiz@example.org",
        "",
        "Dates for the assessment module",
        "Hello,\n\nI am a counselor at a community clinic and would like to take the assessment "
        "module this year. Could you tell me when the next dates are, whether it is offered "
        "online, and whether it counts towards certification?\n\nThank you,\nLena Ortiz",
        3,
    ),
    InquiryText(
        Inquiry.Kind.MEDIA,
        "Chris Walden",
        "chris.walden@example.org",
        "Example Daily News",
        "Interview request about your position statement",
        "Dear institute,\n\nI am writing a feature on how clinicians tell compulsive sexual "
        "behavior apart from sexual offending, and I would like to interview one of your "
        "spokespeople about your position statement. My deadline is in two weeks; a phone or "
        "video call of about thirty minutes would be ideal.\n\nBest regards,\nChris Walden",
        26,
    ),
]


@transaction.atomic
def seed_public_content(staff_user: User) -> None:
    """The demo's public content, written by `staff_user`. Each text is looked up first, so
    running this again adds nothing."""
    now = timezone.now()
    _seed_pages(now)
    _seed_statement(staff_user, now)
    _seed_articles(staff_user, now)
    for order, (group, question, answer) in enumerate(FAQ, start=1):
        FAQEntry.objects.get_or_create(
            group=group,
            question=question,
            defaults={"answer": answer, "order": order, "published": True},
        )
    _seed_testimonials(staff_user, now)
    _seed_inquiries(now)


def _seed_pages(now: datetime) -> None:
    crisis = f"]({reverse('content:crisis')})"
    for order, text in enumerate(PAGES, start=1):
        Page.objects.get_or_create(
            slug=text.slug,
            defaults={
                "section": text.section,
                "title": text.title,
                "summary": text.summary,
                "body": text.body.replace(CRISIS, crisis),
                "order": order,
                "published": True,
                "updated_at": now,
            },
        )


def _seed_statement(staff_user: User, now: datetime) -> None:
    if PositionStatement.objects.filter(slug=STATEMENT_SLUG).exists():
        return
    today = timezone.localdate()
    statement = PositionStatement.objects.create(
        slug=STATEMENT_SLUG, title=STATEMENT_TITLE, created_at=now - timedelta(days=380)
    )
    # The first version a year ago; the second, with what changed, two weeks ago.
    for number, summary, body, references, what_changed, days_ago in [
        (1, FIRST_SUMMARY, FIRST_BODY, FIRST_REFERENCES, "", 365),
        (2, SECOND_SUMMARY, SECOND_BODY, SECOND_REFERENCES, SECOND_WHAT_CHANGED, 14),
    ]:
        PositionVersion.objects.create(
            statement=statement,
            number=number,
            summary=summary,
            body=body,
            references=references,
            what_changed=what_changed,
            published_on=today - timedelta(days=days_ago),
            written_by=staff_user,
            written_at=now - timedelta(days=days_ago + 10),
        )


def _seed_articles(staff_user: User, now: datetime) -> None:
    categories = {
        slug: Category.objects.get_or_create(slug=slug, defaults={"name": name})[0]
        for slug, name in CATEGORIES
    }
    for text in ARTICLES:
        if Article.objects.filter(slug=text.slug).exists():
            continue
        publish_at = now + timedelta(days=text.days_from_now)
        written = min(publish_at, now) - timedelta(days=2)
        article = Article.objects.create(
            title=text.title,
            slug=text.slug,
            summary=text.summary,
            body=text.body,
            category=categories[text.category],
            status=Article.Status.PUBLISHED,
            publish_at=publish_at,
            created_at=written,
            updated_at=written,
        )
        article.authors.add(staff_user)
        article.tags.set(
            [
                Tag.objects.get_or_create(slug=slugify(name), defaults={"name": name})[0]
                for name in text.tags
            ]
        )
        ArticleRevision.objects.create(
            article=article,
            number=1,
            title=text.title,
            summary=text.summary,
            body=text.body,
            saved_by=staff_user,
            saved_at=written,
        )


def _seed_testimonials(staff_user: User, now: datetime) -> None:
    for text in TESTIMONIALS:
        if Testimonial.objects.filter(author_name=text.author_name, text=text.text).exists():
            continue
        submitted = now - timedelta(days=text.days_ago)
        published = text.status == Testimonial.Status.PUBLISHED
        testimonial = Testimonial(
            author_name=text.author_name,
            author_role=text.author_role,
            text=text.text,
            consent_text=CONSENT_TEXT,
            consent_recorded_at=submitted,
            status=text.status,
            submitted_at=submitted,
            moderated_by=staff_user if published else None,
            moderated_at=submitted + timedelta(days=1) if published else None,
        )
        testimonial.contact = text.contact
        testimonial.save()


def _seed_inquiries(now: datetime) -> None:
    for text in INQUIRIES:
        if Inquiry.objects.filter(email=text.email, subject=text.subject).exists():
            continue
        inquiry = Inquiry(
            kind=text.kind,
            name=text.name,
            email=text.email,
            organization=text.organization,
            subject=text.subject,
            status=Inquiry.Status.NEW,
            received_at=now - timedelta(hours=text.hours_ago),
        )
        inquiry.message = text.message
        inquiry.save()
