"""Values check (tips 5-6): core values side by side, feasibility, sensitive themes, the hypothetical case."""

import pytest
from sqlalchemy import select

from tests.factories_notes import switch_user, ws_url
from workspace.extensions import db
from workspace.groundwork.models import (
    CaseAnswer,
    CoreValues,
    FeasibilityLimits,
    HypotheticalCase,
    SensitiveTheme,
)

VALUES = "/groundwork/values"


def _all(model):
    db.session.expire_all()
    return db.session.scalars(select(model).order_by(model.id)).all()


# --- core values ----------------------------------------------------------------------------------

def test_each_side_writes_its_own_values_shown_side_by_side(make, client, login_as):
    cast = make.workspace()
    login_as(cast.mentor_member)
    page = client.get(ws_url(cast, VALUES)).get_data(as_text=True)
    assert "Mentoren zijn vrijwilligers, geen hulpverleners." in page  # offered as a starting point
    assert client.post(ws_url(cast, VALUES + "/core"), data={"values-text": "Vrijwillig\nVanuit kracht"}).status_code == 302
    switch_user(client, login_as, cast.partner_member)
    response = client.post(ws_url(cast, VALUES + "/core"), data={"values-text": "Veiligheid eerst"}, htmx=True)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert html.lstrip().startswith('<section id="values-core"')
    assert html.index("Vrijwillig") < html.index("Veiligheid eerst")
    assert {(v.side, v.text) for v in _all(CoreValues)} == {("mentor", "Vrijwillig\nVanuit kracht"),
                                                            ("partner", "Veiligheid eerst")}


def test_the_partner_form_starts_empty_the_mentor_form_with_the_defining_values(make, client, login_as):
    cast = make.workspace()
    login_as(cast.partner_member)
    page = client.get(ws_url(cast, VALUES)).get_data(as_text=True)
    textarea = page.split('name="values-text"')[1].split("</textarea>")[0]
    assert "vrijwilligers" not in textarea
    switch_user(client, login_as, cast.mentor_lead)
    page = client.get(ws_url(cast, VALUES)).get_data(as_text=True)
    textarea = page.split('name="values-text"')[1].split("</textarea>")[0]
    assert "Mentoren zijn vrijwilligers" in textarea


def test_values_too_long_or_by_an_observer(make, client, login_as):
    cast = make.workspace()
    login_as(cast.mentor_member)
    response = client.post(ws_url(cast, VALUES + "/core"), data={"values-text": "x" * 2001})
    assert response.status_code == 422 and 'id="values-text-error"' in response.get_data(as_text=True)
    switch_user(client, login_as, cast.observer)
    assert client.post(ws_url(cast, VALUES + "/core"), data={"values-text": "x"}).status_code == 403
    assert _all(CoreValues) == []


# --- feasibility ----------------------------------------------------------------------------------

FEASIBLE = {"feasibility-target_groups": "Wachtlijst", "feasibility-age_min": "12", "feasibility-age_max": "18",
            "feasibility-mentors_available": "8", "feasibility-not_suitable": "Acute crisis"}


def test_mentor_project_states_what_is_feasible(make, client, login_as):
    cast = make.workspace()
    login_as(cast.mentor_lead)
    response = client.post(ws_url(cast, VALUES + "/feasibility"), data=dict(FEASIBLE), htmx=True)
    assert response.status_code == 200 and "12 tot en met 18 jaar" in response.get_data(as_text=True)
    [row] = _all(FeasibilityLimits)
    assert (row.age_min, row.age_max, row.mentors_available) == (12, 18, 8)


def test_partner_cannot_state_the_mentor_projects_limits(make, client, login_as):
    cast = make.workspace()
    login_as(cast.partner_lead)
    assert client.post(ws_url(cast, VALUES + "/feasibility"), data=dict(FEASIBLE)).status_code == 403
    assert _all(FeasibilityLimits) == []


@pytest.mark.parametrize("fields, error_field", [
    ({"feasibility-age_min": "40", "feasibility-age_max": "12"}, "age_min"),
    ({"feasibility-age_min": "20", "feasibility-age_max": "12"}, "age_max"),
    ({"feasibility-age_min": "-1"}, "age_min"),
    ({"feasibility-age_max": "28"}, "age_max"),
    ({"feasibility-mentors_available": "-5"}, "mentors_available"),
    ({"feasibility-mentors_available": "1e9"}, "mentors_available"),
    ({"feasibility-target_groups": "x" * 2001}, "target_groups"),
    ({"feasibility-not_suitable": "x" * 2001}, "not_suitable"),
])
def test_bad_feasibility_input(make, client, login_as, fields, error_field):
    cast = make.workspace()
    login_as(cast.mentor_member)
    response = client.post(ws_url(cast, VALUES + "/feasibility"), data={**FEASIBLE, **fields})
    assert response.status_code == 422
    assert f'id="feasibility-{error_field}-error"' in response.get_data(as_text=True)
    assert _all(FeasibilityLimits) == []


def test_ages_may_be_equal_or_left_open(make, client, login_as):
    cast = make.workspace()
    login_as(cast.mentor_member)
    data = {**FEASIBLE, "feasibility-age_min": "16", "feasibility-age_max": "16"}
    assert client.post(ws_url(cast, VALUES + "/feasibility"), data=data).status_code == 302
    data = {**FEASIBLE, "feasibility-age_min": "", "feasibility-age_max": "27"}
    assert client.post(ws_url(cast, VALUES + "/feasibility"), data=data).status_code == 302
    assert (_all(FeasibilityLimits)[0].age_min, _all(FeasibilityLimits)[0].age_max) == (None, 27)


# --- sensitive themes -----------------------------------------------------------------------------

def _theme(code, version="1", **fields):
    data = {"version": version, "view": "", "agreement": ""}
    data.update(fields)
    return {f"theme-{code}-{key}": value for key, value in data.items()}


def test_each_side_writes_its_view_and_both_the_agreement(make, client, login_as):
    cast = make.workspace()
    login_as(cast.mentor_member)
    response = client.post(ws_url(cast, VALUES + "/themes/transparency"),
                           data=_theme("transparency", view="Mentor deelt weinig"), htmx=True)
    assert response.status_code == 200
    assert response.get_data(as_text=True).lstrip().startswith('<article id="theme-transparency"')
    switch_user(client, login_as, cast.partner_member)
    response = client.post(ws_url(cast, VALUES + "/themes/transparency"),
                           data=_theme("transparency", version="2", view="Wij willen veel weten",
                                       agreement="Alleen met toestemming van de jongere"))
    assert response.status_code == 302
    [row] = _all(SensitiveTheme)
    assert (row.mentor_view, row.partner_view, row.agreement, row.version) == (
        "Mentor deelt weinig", "Wij willen veel weten", "Alleen met toestemming van de jongere", 3)


def test_abuse_prevention_safeguards(make, client, login_as):
    cast = make.workspace()
    login_as(cast.partner_lead)
    data = _theme("abuse_prevention", agreement="VOG en gedragscode")
    data.update({"theme-abuse_prevention-vog": "y", "theme-abuse_prevention-four_eyes": "y"})
    assert client.post(ws_url(cast, VALUES + "/themes/abuse_prevention"), data=data).status_code == 302
    [row] = _all(SensitiveTheme)
    assert (row.vog, row.code_of_conduct, row.confidential_person, row.four_eyes) == (True, False, False, True)
    page = client.get(ws_url(cast, VALUES)).get_data(as_text=True)
    for words in ("VOG", "gedragscode", "vertrouwenspersoon", "vier-ogenprincipe"):
        assert words in page


def test_a_stale_theme_save_shows_both_and_overwrites_nothing(make, client, login_as):
    cast = make.workspace()
    login_as(cast.mentor_member)
    client.post(ws_url(cast, VALUES + "/themes/cooperation"), data=_theme("cooperation", agreement="Driegesprek"))
    switch_user(client, login_as, cast.partner_member)
    response = client.post(ws_url(cast, VALUES + "/themes/cooperation"),
                           data=_theme("cooperation", version="1", agreement="Ieder eigen spoor"), htmx=True)
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "Driegesprek" in html and "Ieder eigen spoor" in html and 'value="2"' in html
    assert _all(SensitiveTheme)[0].agreement == "Driegesprek"
    # saving again from the version now seen replaces it deliberately
    response = client.post(ws_url(cast, VALUES + "/themes/cooperation"),
                           data=_theme("cooperation", version="2", agreement="Ieder eigen spoor"))
    assert response.status_code == 302 and _all(SensitiveTheme)[0].agreement == "Ieder eigen spoor"


@pytest.mark.parametrize("fields", [{"agreement": "x" * 2001}, {"view": "x" * 2001}])
def test_bad_theme_input(make, client, login_as, fields):
    cast = make.workspace()
    login_as(cast.mentor_member)
    response = client.post(ws_url(cast, VALUES + "/themes/transparency"), data=_theme("transparency", **fields))
    assert response.status_code == 422
    assert _all(SensitiveTheme) == []


def test_unknown_theme_is_404_and_observers_are_refused(make, client, login_as):
    cast = make.workspace()
    login_as(cast.mentor_member)
    assert client.post(ws_url(cast, VALUES + "/themes/anything"), data=_theme("anything")).status_code == 404
    switch_user(client, login_as, cast.observer)
    assert client.post(ws_url(cast, VALUES + "/themes/transparency"),
                       data=_theme("transparency", agreement="x")).status_code == 403


# --- the hypothetical case --------------------------------------------------------------------------

def _case(version="1", title="Een zorgwekkend verhaal", description="Een verzonnen jongen vertelt iets."):
    return {"case-version": version, "case-title": title, "case-description": description}


def _answer(**fields):
    data = {"who_does_what": "Mentor meldt", "what_is_shared": "Alleen het nodige", "escalation": "Dezelfde dag"}
    data.update(fields)
    return {f"answer-{k}": v for k, v in data.items()}


def test_the_case_from_writing_to_agreements(make, client, login_as):
    cast = make.workspace()
    login_as(cast.partner_member)
    assert client.post(ws_url(cast, VALUES + "/case/answer"), data=_answer()).status_code == 409  # no case yet
    response = client.post(ws_url(cast, VALUES + "/case"), data=_case(), htmx=True)
    assert response.status_code == 200
    assert response.get_data(as_text=True).lstrip().startswith('<section id="values-case"')
    [case] = _all(HypotheticalCase)
    assert case.author_side == "partner"
    assert client.post(ws_url(cast, VALUES + "/case/answer"), data=_answer(escalation="Volgens de meldcode")).status_code == 302
    switch_user(client, login_as, cast.mentor_member)
    # the mentor project answers, but the case stays the partner's text
    assert client.post(ws_url(cast, VALUES + "/case"), data=_case(description="Herschreven")).status_code == 403
    assert client.post(ws_url(cast, VALUES + "/case/answer"), data=_answer()).status_code == 302
    page = client.get(ws_url(cast, VALUES)).get_data(as_text=True)
    table = page.split('class="case-answers"')[1].split("</table>")[0]
    assert "Volgens de meldcode" in table and "Dezelfde dag" in table
    response = client.post(ws_url(cast, VALUES + "/case/agreements"),
                           data={"case-agreements-version": "1", "case-agreements-agreements": "Bellen binnen een dag"})
    assert response.status_code == 302
    assert {a.side for a in _all(CaseAnswer)} == {"mentor", "partner"}
    assert _all(HypotheticalCase)[0].agreements == "Bellen binnen een dag"


def test_stale_agreements_are_not_overwritten(make, client, login_as):
    cast = make.workspace()
    login_as(cast.mentor_lead)
    client.post(ws_url(cast, VALUES + "/case"), data=_case())
    client.post(ws_url(cast, VALUES + "/case/agreements"),
                data={"case-agreements-version": "1", "case-agreements-agreements": "Eerste afspraak"})
    switch_user(client, login_as, cast.partner_lead)
    response = client.post(ws_url(cast, VALUES + "/case/agreements"),
                           data={"case-agreements-version": "1", "case-agreements-agreements": "Andere afspraak"})
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "Eerste afspraak" in html and "Andere afspraak" in html
    assert _all(HypotheticalCase)[0].agreements == "Eerste afspraak"


@pytest.mark.parametrize("data, error", [
    (_case(title=""), "case-title"),
    (_case(description=""), "case-description"),
    (_case(title="x" * 121), "case-title"),
    (_case(description="x" * 3001), "case-description"),
])
def test_bad_case_input(make, client, login_as, data, error):
    cast = make.workspace()
    login_as(cast.mentor_member)
    response = client.post(ws_url(cast, VALUES + "/case"), data=dict(data))
    assert response.status_code == 422 and f'id="{error}-error"' in response.get_data(as_text=True)
    assert _all(HypotheticalCase) == []


def test_bad_answer_input_saves_nothing(make, client, login_as):
    cast = make.workspace()
    login_as(cast.mentor_member)
    client.post(ws_url(cast, VALUES + "/case"), data=_case())
    response = client.post(ws_url(cast, VALUES + "/case/answer"), data=_answer(escalation="x" * 2001))
    assert response.status_code == 422 and 'id="answer-escalation-error"' in response.get_data(as_text=True)
    assert _all(CaseAnswer) == []


def test_bsn_in_the_case_is_held_back(make, client, login_as):
    cast = make.workspace()
    login_as(cast.mentor_member)
    response = client.post(ws_url(cast, VALUES + "/case"), data=_case(description="Jongen, BSN 1234.56.782"))
    assert response.status_code == 422 and "burgerservicenummer" in response.get_data(as_text=True)
    assert _all(HypotheticalCase) == []
