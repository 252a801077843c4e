"""The starting checklist of every stage, written from the leaflet's tips.

When a workspace enters a stage (or a new pilot round starts), the web layer copies
`tasks_for(stage)` into its own task rows; teams then edit, add and tick them.
The `key` stays stable so that copied rows can be traced back to their template.
"""

from __future__ import annotations

from dataclasses import dataclass

from .stages import Stage
from .text import Text


@dataclass(frozen=True)
class TaskTemplate:
    """One suggested task. Required tasks must be done before `advance` may leave the stage."""

    key: str
    stage: Stage
    title: Text
    description: Text
    required: bool
    tips: tuple[int, ...]


def _t(key: str, title: Text, description: Text, *, tips: tuple[int, ...], required: bool = False):
    return TaskTemplate(key, Stage(key.split(".")[0]), title, description, required, tips)


_ALL: tuple[TaskTemplate, ...] = (
    # explore — tips 1, 2
    _t(
        "explore.capacity",
        Text(
            "Bepaal hoeveel tijd en mensen het project hiervoor vrijmaakt",
            "Decide how much time and how many people the project can set aside",
        ),
        Text(
            "Kijk of de huidige koppelingen al alle ruimte opslokken of dat er lucht is "
            "voor iets nieuws. Samenwerken met jeugdzorg vraagt structureel inzet.",
            "Check whether the current matches already take up all the room or whether "
            "there is space for something new. Working with youth care takes steady effort.",
        ),
        tips=(1,),
        required=True,
    ),
    _t(
        "explore.readiness",
        Text(
            "Peil of bestuur, coördinatoren en mentoren toe zijn aan een nieuwe stap",
            "Find out whether board, coordinators and mentors are ready for a new step",
        ),
        Text(
            "Vraag het ze rechtstreeks; enthousiasme bij een paar mensen is nog geen "
            "draagvlak in het hele project.",
            "Ask them directly; enthusiasm from a few people is not yet support across the whole project.",
        ),
        tips=(1,),
    ),
    _t(
        "explore.domain",
        Text(
            "Kies het werkveld en de doelgroep waarvoor jullie willen werken",
            "Choose the field and the target group you want to work for",
        ),
        Text(
            "Bijvoorbeeld een groep jongeren die nu buiten beeld blijft, of een plek "
            "buiten de scholen waar jullie al komen. Schrijf op waarom juist deze keuze.",
            "For instance a group of young people who are now overlooked, or a setting "
            "beyond the schools you already work with. Write down why this choice.",
        ),
        tips=(1, 2),
        required=True,
    ),
    _t(
        "explore.search_mode",
        Text(
            "Besluit of jullie zelf partners benaderen of afwachten",
            "Decide whether you approach partners yourselves or wait to be asked",
        ),
        Text(
            "Zelf zoeken loont als er een duidelijke aanleiding is. Afwachten mag ook, "
            "maar dan moet een binnenkomend verzoek wel goed worden opgepakt.",
            "Searching yourselves pays off when there is a clear reason. Waiting is fine "
            "too, as long as an incoming request is picked up properly.",
        ),
        tips=(2,),
    ),
    _t(
        "explore.relations_person",
        Text(
            "Wijs één persoon aan die de contacten met partners onderhoudt",
            "Name one person who looks after contacts with partners",
        ),
        Text(
            "Een vrijwilliger of een betaalde kracht, met tijd die daarvoor bedoeld is. "
            "Leg het niet zomaar bij de coördinator die al de koppelingen maakt.",
            "A volunteer or a paid staff member, with time set aside for it. Do not just "
            "add it to the workload of the coordinator who already makes the matches.",
        ),
        tips=(2,),
        required=True,
    ),
    # network — tips 3, 4
    _t(
        "network.pyramid_layer",
        Text(
            "Kies de laag of lagen van de interventiepiramide waarin mentoring past",
            "Choose the layer or layers of the intervention pyramid where mentoring fits",
        ),
        Text(
            "Van een positief klimaat om op te groeien, via preventie en het aanpakken "
            "van problemen, tot juridische en klinische hulp.",
            "From a positive climate to grow up in, through prevention and tackling "
            "problems, up to legal and clinical interventions.",
        ),
        tips=(3,),
        required=True,
    ),
    _t(
        "network.key_players",
        Text(
            "Breng de belangrijke lokale spelers rond jeugd en gezin in kaart",
            "Map the key local players around young people and families",
        ),
        Text(
            "Denk aan het Centrum voor Jeugd en Gezin, welzijnswerk, scholen en "
            "jeugdhulp, en aan bestaande netwerken in de buurt.",
            "Think of the youth and family centre, welfare work, schools and youth care, "
            "and of existing networks in the neighbourhood.",
        ),
        tips=(3,),
        required=True,
    ),
    _t(
        "network.introduce",
        Text(
            "Stel het project voor, samen met een mentor en mentee die willen vertellen",
            "Introduce the project, together with a mentor and mentee keen to tell their story",
        ),
        Text(
            "Een persoonlijk verhaal blijft beter hangen dan een vermelding op de "
            "sociale kaart. Zoek ook mensen die jullie elders willen aanbevelen.",
            "A personal story sticks better than a listing in the local directory. Also "
            "look for people willing to recommend you elsewhere.",
        ),
        tips=(3,),
    ),
    _t(
        "network.municipal_official",
        Text(
            "Plan een gesprek met de beleidsambtenaar jeugd van de gemeente",
            "Schedule a meeting with the municipality's youth policy officer",
        ),
        Text(
            "Sluit aan bij wat de gemeente nu bezighoudt en verken samen wat jongeren "
            "hier nodig hebben. Lukt het niet direct, ga dan via een grote jeugdpartner.",
            "Connect to what the municipality is working on now and explore together what "
            "young people here need. If that fails, go through a large youth partner.",
        ),
        tips=(4,),
        required=True,
    ),
    _t(
        "network.wijkteams",
        Text(
            "Zorg dat de wijkteams weten hoe ze jongeren naar jullie verwijzen",
            "Make sure neighbourhood teams know how to refer young people to you",
        ),
        Text(
            "Geef ze een vaste contactpersoon en een korte uitleg van wat mentoring wel en niet is.",
            "Give them one contact person and a short explanation of what mentoring is and is not.",
        ),
        tips=(4,),
    ),
    _t(
        "network.contact_log",
        Text(
            "Houd bij met wie jullie spraken en wat er is afgesproken",
            "Keep track of whom you spoke to and what was agreed",
        ),
        Text(
            "Een korte notitie per gesprek is genoeg; zo raakt niemand een draad kwijt "
            "als iemand anders het overneemt.",
            "A short note per conversation is enough, so no thread is lost when someone else takes over.",
        ),
        tips=(3, 4),
    ),
    # values_check — tips 5, 6
    _t(
        "values_check.core_values",
        Text(
            "Schrijf per organisatie de kernwaarden op en leg ze naast elkaar",
            "Write down each organisation's core values and compare them",
        ),
        Text(
            "Voor het mentorproject horen daar in elk geval bij: mentoren zijn geen "
            "hulpverleners, ze bouwen op wat de jongere kan, en een koppeling duurt "
            "minstens een jaar.",
            "For the mentor project these include at least: mentors are not care "
            "workers, they build on what the young person can do, and a match lasts at "
            "least a year.",
        ),
        tips=(5,),
        required=True,
    ),
    _t(
        "values_check.feasible",
        Text(
            "Geef aan wat jullie kunnen bieden en wat niet: doelgroepen, leeftijden, aantallen",
            "State what you can and cannot offer: target groups, ages, numbers",
        ),
        Text(
            "Noem ook hoeveel mentoren er realistisch beschikbaar zijn en voor welke "
            "vragen mentoring niet de juiste aanpak is.",
            "Also state how many mentors are realistically available and for which needs "
            "mentoring is not the right approach.",
        ),
        tips=(5,),
        required=True,
    ),
    _t(
        "values_check.workfloor",
        Text(
            "Loop een dagdeel mee op de werkvloer van de andere organisatie",
            "Spend part of a day on the other organisation's work floor",
        ),
        Text(
            "Zo merken jullie hoe er met vrijwilligers wordt omgegaan, nu en in de plannen voor later.",
            "That shows how volunteers are treated, now and in plans for the future.",
        ),
        tips=(5,),
    ),
    _t(
        "values_check.sensitive_themes",
        Text("Maak per gevoelig thema een afspraak", "Make an agreement for each sensitive theme"),
        Text(
            "Onder meer: hoe open mentor en jongere tegenover professionals zijn, hoe "
            "jullie seksueel misbruik voorkomen, en of en hoe mentoren en professionals "
            "samenwerken. Neem de zorgen van de ander serieus.",
            "Among others: how open mentor and young person are towards professionals, "
            "how you prevent sexual abuse, and whether and how mentors and professionals "
            "work together. Take the other side's concerns seriously.",
        ),
        tips=(6,),
        required=True,
    ),
    _t(
        "values_check.hypothetical_case",
        Text(
            "Werk samen één verzonnen voorbeeldsituatie uit",
            "Work through one made-up example situation together",
        ),
        Text(
            "Beschrijf een denkbeeldige jongere en loop stap voor stap na wie wat doet. "
            "Beide organisaties geven hun antwoord.",
            "Describe an imaginary young person and walk through who does what, step by "
            "step. Both organisations give their answer.",
        ),
        tips=(6,),
    ),
    # decide — tip 7
    _t(
        "decide.mentor_decision",
        Text(
            "Het mentorproject legt zijn besluit vast, met redenen",
            "The mentor project records its decision, with reasons",
        ),
        Text(
            "Ja of nee tegen een gezamenlijke pilot, vastgelegd door de projectleider.",
            "Yes or no to a joint pilot, recorded by the lead.",
        ),
        tips=(7,),
        required=True,
    ),
    _t(
        "decide.partner_decision",
        Text(
            "De partner legt zijn besluit vast, met redenen", "The partner records its decision, with reasons"
        ),
        Text(
            "Ja of nee tegen een gezamenlijke pilot, vastgelegd door de projectleider.",
            "Yes or no to a joint pilot, recorded by the lead.",
        ),
        tips=(7,),
        required=True,
    ),
    _t(
        "decide.referral_line",
        Text(
            "Spreek af hoe jongeren ook zonder pilot naar het mentorproject kunnen",
            "Agree how young people can still reach the mentor project without a pilot",
        ),
        Text(
            "Een nee hoeft het contact niet te beëindigen; een vaste verwijsroute houdt de deur open.",
            "A no does not have to end the contact; a fixed referral route keeps the door open.",
        ),
        tips=(7,),
    ),
    _t(
        "decide.pilot_outline",
        Text(
            "Schets in een paar zinnen wat de pilot moet opleveren",
            "Sketch in a few sentences what the pilot should achieve",
        ),
        Text(
            "Alleen nodig als beide organisaties ja zeggen; de uitwerking volgt in de pilotfase.",
            "Only needed when both organisations say yes; the details follow in the pilot stage.",
        ),
        tips=(7,),
    ),
    # pilot — tips 8, 9, 10 (and 11 for indicators agreed up front)
    _t(
        "pilot.construction",
        Text("Kies de samenwerkingsvorm van de pilot", "Choose how the pilot is organised"),
        Text(
            "Opgenomen in het werk van de partner (inkwartieren), als afgebakende dienst "
            "(onderaanneming), naast elkaar (co-productie) of als nieuwe gezamenlijke "
            "dienst. Weeg mee hoe zichtbaar het mentorproject blijft.",
            "Built into the partner's way of working (embedding), as a clearly defined "
            "service (subcontracting), side by side (co-production) or as a new joint "
            "service. Consider how visible the mentor project remains.",
        ),
        tips=(8,),
        required=True,
    ),
    _t(
        "pilot.scope",
        Text(
            "Baken de pilot af: doelgroep, plaats, aantal koppelingen, data en zorgfase",
            "Mark out the pilot: target group, place, number of matches, dates and phase of care",
        ),
        Text(
            "Zorgfase: vóór, tijdens of na een behandeling.",
            "Phase of care: before, during or after treatment.",
        ),
        tips=(7, 8),
    ),
    _t(
        "pilot.boundaries",
        Text(
            "Leg vast wat mentoren wel en niet doen, naast de professionals",
            "Record what mentors do and do not do alongside the professionals",
        ),
        Text(
            "Mentoren blijven vrijwilligers en dragen nooit de verantwoordelijkheid van "
            "een professional. Beschrijf wie waarover gaat.",
            "Mentors remain volunteers and never carry a professional's responsibility. "
            "Describe who is in charge of what.",
        ),
        tips=(9,),
        required=True,
    ),
    _t(
        "pilot.communication",
        Text(
            "Spreek af hoe mentoren en professionals contact houden",
            "Agree how mentors and professionals stay in touch",
        ),
        Text(
            "Hoe vaak, over welke onderwerpen, en wat de jongere daarvan weet.",
            "How often, about what, and what the young person knows about it.",
        ),
        tips=(9,),
    ),
    _t(
        "pilot.practical_needs",
        Text(
            "Zet op een rij wat de pilot praktisch nodig heeft, bij beide partijen",
            "List what the pilot needs in practice, on both sides",
        ),
        Text(
            "Geld, tijd, nieuwe taken, scholing van mentoren, intervisie, gezamenlijke "
            "bijeenkomsten. Regel het zo eenvoudig mogelijk.",
            "Money, time, new roles, training for mentors, peer review, joint meetings. "
            "Arrange it as simply as possible.",
        ),
        tips=(10,),
    ),
    _t(
        "pilot.meeting_rhythm",
        Text(
            "Plan de overleggen, in het begin vaker dan later",
            "Schedule the meetings, more often at the start than later on",
        ),
        Text(
            "Zet de eerste overleggen meteen in de agenda van beide organisaties.",
            "Put the first meetings in both organisations' calendars straight away.",
        ),
        tips=(10,),
    ),
    _t(
        "pilot.indicators",
        Text(
            "Spreek vóór de start af waaraan jullie succes en mislukking herkennen",
            "Agree before the start how you will recognise success and failure",
        ),
        Text(
            "Kies een paar indicatoren die jullie tijdens en na de pilot echt kunnen meten.",
            "Pick a few indicators you can actually measure during and after the pilot.",
        ),
        tips=(11,),
        required=True,
    ),
    # evaluate — tip 11
    _t(
        "evaluate.measure",
        Text("Vul per indicator de gemeten waarde in", "Enter the measured value for each indicator"),
        Text(
            "Ook als een waarde tegenvalt: juist daar valt van te leren.",
            "Also when a value disappoints: that is exactly where there is something to learn.",
        ),
        tips=(11,),
        required=True,
    ),
    _t(
        "evaluate.process",
        Text("Bespreek hoe de samenwerking zelf verliep", "Discuss how the collaboration itself went"),
        Text(
            "Via gesprekken, een kort verslag of onderzoek; kies wat bij de omvang past.",
            "Through conversations, a short report or research; pick what suits the size.",
        ),
        tips=(11,),
    ),
    _t(
        "evaluate.mentor_views",
        Text("Vraag mentoren naar hun ervaringen", "Ask mentors about their experiences"),
        Text(
            "Wat werkte, wat schuurde, wat hadden ze nodig?", "What worked, what chafed, what did they need?"
        ),
        tips=(11,),
    ),
    _t(
        "evaluate.mentee_views",
        Text("Vraag jongeren naar hun ervaringen", "Ask the young people about their experiences"),
        Text(
            "Zonder hun namen of andere persoonsgegevens in deze werkruimte te zetten.",
            "Without putting their names or other personal data in this workspace.",
        ),
        tips=(11,),
    ),
    _t(
        "evaluate.professional_views",
        Text(
            "Vraag betrokken professionals naar hun ervaringen",
            "Ask the professionals involved about their experiences",
        ),
        Text(
            "Hoe merkten zij de inzet van mentoren in hun eigen werk?",
            "How did they notice the mentors' work in their own?",
        ),
        tips=(11,),
    ),
    _t(
        "evaluate.share",
        Text("Deel de evaluatie met beide organisaties", "Share the evaluation with both organisations"),
        Text(
            "Iedereen die meedeed moet de uitkomsten kunnen lezen.",
            "Everyone who took part should be able to read the findings.",
        ),
        tips=(11,),
        required=True,
    ),
    # continue — tips 11, 12
    _t(
        "continue.lessons",
        Text(
            "Vat samen wat jullie van deze ronde hebben geleerd", "Summarise what you learned from this round"
        ),
        Text(
            "Een paar punten die bij een volgende stap het verschil maken.",
            "A few points that will make the difference in a next step.",
        ),
        tips=(11,),
        required=True,
    ),
    _t(
        "continue.choose_path",
        Text(
            "Kies samen: structureel verder, nieuwe pilotronde of stoppen",
            "Choose together: carry on for good, a new pilot round, or stop",
        ),
        Text(
            "Baseer de keuze op de evaluatie, niet alleen op het gevoel.",
            "Base the choice on the evaluation, not on gut feeling alone.",
        ),
        tips=(11,),
        required=True,
    ),
    _t(
        "continue.youth_perspective",
        Text(
            "Toets het plan aan de kracht en kansen van de jongeren",
            "Test the plan against the young people's strengths and opportunities",
        ),
        Text(
            "Mentoring gaat over gewoon contact, niet over een probleem; blijft dat "
            "overeind in de vervolgstap?",
            "Mentoring is about ordinary contact, not about a problem; does that still "
            "hold in the next step?",
        ),
        tips=(12,),
    ),
    _t(
        "continue.exit_plan",
        Text(
            "Regel bij stoppen hoe lopende koppelingen goed worden afgerond",
            "If you stop, arrange how running matches are brought to a good end",
        ),
        Text(
            "Jongeren en mentoren mogen niet de dupe worden van een besluit tussen organisaties.",
            "Young people and mentors should not bear the cost of a decision between organisations.",
        ),
        tips=(12,),
    ),
    _t(
        "continue.embedding",
        Text(
            "Regel bij structureel doorgaan de financiering en vaste afspraken",
            "If you carry on for good, arrange funding and lasting agreements",
        ),
        Text(
            "Wie betaalt wat, wie is aanspreekpunt, en wanneer kijken jullie weer samen terug?",
            "Who pays for what, who is the contact, and when do you look back together again?",
        ),
        tips=(11, 12),
    ),
)

TASK_TEMPLATES: dict[Stage, tuple[TaskTemplate, ...]] = {
    stage: tuple(t for t in _ALL if t.stage is stage) for stage in Stage if stage is not Stage.CLOSED
}


def tasks_for(stage: Stage | str) -> tuple[TaskTemplate, ...]:
    """The starting checklist for `stage`; empty for CLOSED. Called when a stage is entered."""
    return TASK_TEMPLATES.get(Stage(stage), ())
