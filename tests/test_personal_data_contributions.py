"""The personal data download holds what a person wrote or was given in the workspaces' areas."""

import json

from tests import factories_notes as fn
from tests import factories_pilot as fp
from workspace.extensions import db
from workspace.stages.models import StageTask


def test_download_has_my_notes_tasks_and_decisions(client, make, login_as):
    cast = make.workspace(stage="decide")
    fn.note(cast, title="Mijn notitie", body="Wat ik schreef.", author=cast.mentor_lead)
    fn.note(cast, title="Niet van mij", body="Van een ander.", author=cast.partner_lead)
    task = StageTask(workspace_id=cast.workspace.id, stage="decide", round=1, title="Besluit voorbereiden",
                     assignee_id=cast.mentor_lead.id)
    db.session.add(task)
    db.session.commit()
    fp.decide(cast, "mentor", "yes", "Het past bij ons.")
    login_as(cast.mentor_lead)
    response = client.get("/account/data.json")
    assert response.status_code == 200
    data = json.loads(response.get_data(as_text=True))
    text = json.dumps(data, ensure_ascii=False)
    assert "Mijn notitie" in text and "Wat ik schreef." in text
    assert "Niet van mij" not in text
    assert any(t["title"] == "Besluit voorbereiden" and t["assigned_to_me"] for t in data["contributions"]["tasks"])
    assert "Het past bij ons." in text
