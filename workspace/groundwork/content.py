"""Fixed product text for the groundwork pages: pyramid layers, sensitive themes, case questions.

All in our own words (the leaflet is the source of the ideas, not of the sentences).
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class Layer:
    code: str
    name: object
    players: object


# From the broad base (every young person) up to the narrow top (few, heavy interventions).
PYRAMID = (
    Layer("climate", _l("A positive climate to grow up in"),
          _l("Home and family, neighbours and friends, schools and childcare, sports clubs, faith communities, "
             "self-help groups.")),
    Layer("prevention", _l("Prevention"),
          _l("School social work, general social work, welfare organisations, the youth and family centre (CJG), "
             "the wijkteam.")),
    Layer("problems", _l("Tackling problems"),
          _l("Referred youth care, youth mental health care, the municipal health service (GGD), "
             "Veilig Thuis and child protection.")),
    Layer("interventions", _l("Legal and clinical interventions"),
          _l("Juvenile justice and youth probation, secure youth institutions, residential youth care.")),
)
LAYER_CODES = tuple(layer.code for layer in PYRAMID)


@dataclass(frozen=True)
class Theme:
    code: str
    name: object
    prompt: object


SENSITIVE_THEMES = (
    Theme("transparency", _l("Openness between mentor and mentee"),
          _l("What does a mentor keep to themselves, and what do they share with the professionals? Does the "
             "young person know, and agree?")),
    Theme("abuse_prevention", _l("Preventing sexual abuse"),
          _l("Which safeguards apply to mentors, and who acts when there is a worry?")),
    Theme("cooperation", _l("How mentors and professionals work together"),
          _l("Do mentors and professionals meet, consult each other or keep to their own track, and who "
             "calls whom?")),
)
THEME_CODES = tuple(theme.code for theme in SENSITIVE_THEMES)
THEMES_BY_CODE = {theme.code: theme for theme in SENSITIVE_THEMES}

# The four usual safeguards of the abuse-prevention theme (a flag each on the theme row).
SAFEGUARDS = (
    ("vog", _l("Every mentor hands in a certificate of conduct (VOG)")),
    ("code_of_conduct", _l("Mentors sign a code of conduct")),
    ("confidential_person", _l("There is a confidential contact person, and mentors and young people know who")),
    ("four_eyes", _l("The four-eyes principle: someone else knows where and when mentor and mentee meet")),
)
SAFEGUARD_CODES = tuple(code for code, _label in SAFEGUARDS)

# What makes a mentor project a mentor project: offered as a starting point for its core values.
MENTOR_DEFINING_VALUES = (
    _l("Mentors are volunteers, not care workers."),
    _l("Mentors start from what the young person is good at and wants."),
    _l("The bond between mentor and mentee has a value of its own, next to any professional help."),
    _l("A mentor and a mentee commit to each other for at least a year."),
)

CASE_QUESTIONS = (
    ("who_does_what", _l("Who does what?")),
    ("what_is_shared", _l("What is shared with whom?")),
    ("escalation", _l("When and how do you escalate?")),
)
CASE_FIELDS = tuple(code for code, _label in CASE_QUESTIONS)

READINESS = (("yes", _l("Yes")), ("partly", _l("Partly")), ("no", _l("Not yet")))
SEARCH_MODES = (("active", _l("Active: we approach partners ourselves")),
                ("passive", _l("Passive: we wait until partners approach us")))
PERSON_KINDS = (("paid", _l("Paid staff member")), ("volunteer", _l("Volunteer")))
SIDES = ("mentor", "partner")
