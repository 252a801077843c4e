"""The stages of a collaboration and the outcomes with which it can close.

Pure data: read by the state machine, the task templates, the stepper in the UI and
the printable report.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from .text import Text


class Stage(enum.StrEnum):
    """Where a workspace stands. The value is what the database stores."""

    EXPLORE = "explore"
    NETWORK = "network"
    VALUES_CHECK = "values_check"
    DECIDE = "decide"
    PILOT = "pilot"
    EVALUATE = "evaluate"
    CONTINUING = "continue"  # `continue` is a Python keyword
    CLOSED = "closed"

    @property
    def label(self) -> Text:
        """Short bilingual name, e.g. Verkennen / Explore."""
        return STAGES[self].label


#: The seven working stages, in the order `advance` walks them (CLOSED is not one).
STAGE_ORDER: tuple[Stage, ...] = (
    Stage.EXPLORE,
    Stage.NETWORK,
    Stage.VALUES_CHECK,
    Stage.DECIDE,
    Stage.PILOT,
    Stage.EVALUATE,
    Stage.CONTINUING,
)

#: The codes the database stores, for CHECK constraints, filters and exports: the working stages in their
#: order, and every stage (closed last). The only spelling of the stage vocabulary outside ``Stage``.
WORKING_STAGE_CODES: tuple[str, ...] = tuple(stage.value for stage in STAGE_ORDER)
STAGE_CODES: tuple[str, ...] = tuple(stage.value for stage in Stage)


class Outcome(enum.StrEnum):
    """Why a workspace was closed."""

    DECLINED = "declined"  # one organisation said no at the decide stage
    STOPPED = "stopped"  # the organisations stopped working together
    STRUCTURAL = "structural"  # the pilot became a lasting collaboration

    @property
    def label(self) -> Text:
        return _OUTCOME_LABELS[self]


_OUTCOME_LABELS = {
    Outcome.DECLINED: Text("Afgewezen", "Declined"),
    Outcome.STOPPED: Text("Gestopt", "Stopped"),
    Outcome.STRUCTURAL: Text("Structurele samenwerking", "Structural collaboration"),
}


@dataclass(frozen=True)
class StageInfo:
    """What a stage is called, what it is for, and which leaflet tips it draws on."""

    stage: Stage
    label: Text
    purpose: Text
    tips: tuple[int, ...]


STAGES: dict[Stage, StageInfo] = {
    info.stage: info
    for info in (
        StageInfo(
            Stage.EXPLORE,
            Text("Verkennen", "Explore"),
            Text(
                "Het mentorproject kijkt eerst naar zichzelf: hoeveel ruimte is er, en voor "
                "welk werkveld en welke jongeren wil het zich inzetten? Ook komt vast te staan "
                "wie de contacten met mogelijke partners gaat onderhouden.",
                "The mentor project first looks at itself: how much room is there, and which "
                "field and which young people does it want to work for? It also settles who "
                "will look after contacts with possible partners.",
            ),
            (1, 2),
        ),
        StageInfo(
            Stage.NETWORK,
            Text("Netwerken", "Network"),
            Text(
                "Jullie bepalen waar mentoring past in het lokale aanbod voor jeugd en gezin, "
                "en wie daarin de belangrijke spelers zijn. Daarna zoeken jullie die mensen "
                "op, van beleidsambtenaar tot wijkteam, en houden bij wat er besproken is.",
                "You work out where mentoring fits in the local support for young people and "
                "families, and who the important players are. Then you go and meet them, from "
                "policy officer to neighbourhood team, and keep track of what was discussed.",
            ),
            (3, 4),
        ),
        StageInfo(
            Stage.VALUES_CHECK,
            Text("Waarden toetsen", "Check values"),
            Text(
                "Beide organisaties maken hun kernwaarden en grenzen zichtbaar voor elkaar. "
                "Gevoelige onderwerpen krijgen een afspraak, getoetst aan één uitgewerkte "
                "voorbeeldsituatie.",
                "Both organisations make their core values and limits visible to each other. "
                "Sensitive subjects get an agreement, tested against one worked-out example "
                "situation.",
            ),
            (5, 6),
        ),
        StageInfo(
            Stage.DECIDE,
            Text("Besluiten", "Decide"),
            Text(
                "Elke organisatie zegt ja of nee tegen een gezamenlijke pilot en licht dat "
                "toe. Bij een nee blijft vastgelegd hoe jongeren toch naar het mentorproject "
                "kunnen worden verwezen.",
                "Each organisation says yes or no to a joint pilot and explains why. After a "
                "no, the agreement on how young people can still be referred to the mentor "
                "project stays on record.",
            ),
            (7,),
        ),
        StageInfo(
            Stage.PILOT,
            Text("Pilot", "Pilot"),
            Text(
                "Jullie kiezen een samenwerkingsvorm, bakenen de pilot af en leggen vast wat "
                "vrijwilligers en professionals wel en niet doen. Vóór de start staan de "
                "praktische randvoorwaarden en de indicatoren voor succes op papier.",
                "You choose a form of collaboration, mark out the pilot and record what "
                "volunteers and professionals do and do not do. Before the start, the "
                "practical needs and the indicators of success are written down.",
            ),
            (8, 9, 10),
        ),
        StageInfo(
            Stage.EVALUATE,
            Text("Evalueren", "Evaluate"),
            Text(
                "Jullie kijken terug op hoe de samenwerking liep en wat die opleverde, per "
                "indicator en door de ogen van mentoren, jongeren en professionals. De "
                "uitkomsten gaan naar beide organisaties.",
                "You look back on how the collaboration went and what it achieved, per "
                "indicator and through the eyes of mentors, young people and professionals. "
                "The findings go to both organisations.",
            ),
            (11,),
        ),
        StageInfo(
            Stage.CONTINUING,
            Text("Vervolg", "Next steps"),
            Text(
                "Op basis van de evaluatie kiezen jullie samen: structureel doorgaan, nog een "
                "pilotronde, of netjes stoppen. Wat jullie ook kiezen, de kansen van de "
                "jongeren blijven het vertrekpunt.",
                "Based on the evaluation you choose together: carry on for good, run another "
                "pilot round, or stop properly. Whatever you choose, the young people's "
                "opportunities remain the starting point.",
            ),
            (11, 12),
        ),
        StageInfo(
            Stage.CLOSED,
            Text("Afgesloten", "Closed"),
            Text(
                "De samenwerking in deze werkruimte is beëindigd; de uitkomst en de reden "
                "staan in de geschiedenis. Een projectleider kan de werkruimte heropenen om "
                "opnieuw te beginnen met verkennen.",
                "The collaboration in this workspace has ended; the outcome and the reason "
                "are in the history. A lead can reopen the workspace to start exploring "
                "again.",
            ),
            (),
        ),
    )
}


OUTCOME_CODES: tuple[str, ...] = tuple(outcome.value for outcome in Outcome)
