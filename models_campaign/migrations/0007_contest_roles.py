"""Who may do what with the contests.

Writers prepare contests, rounds and questions; editors also publish contests and freeze ("chốt")
closed rounds; the site admin empties the trash. The new role "Ban tổ chức hội thi", the people
who run the contest, does all an editor does and is the only one to see personal data
(participants, their entries, the jury's export).
"""

from django.db import migrations

from articles.roles import EDITOR, SITE_ADMIN, WRITER, grant_permissions

ORGANISER = "Ban tổ chức hội thi"

_CONTENT = [
    "models_campaign.add_contest", "models_campaign.change_contest",
    "models_campaign.view_contest",
    "models_campaign.add_contestround", "models_campaign.change_contestround",
    "models_campaign.delete_contestround", "models_campaign.view_contestround",
    "models_campaign.add_roundquestion", "models_campaign.change_roundquestion",
    "models_campaign.delete_roundquestion", "models_campaign.view_roundquestion",
    "models_campaign.add_question", "models_campaign.change_question",
    "models_campaign.delete_question", "models_campaign.view_question",
    "models_campaign.add_topic", "models_campaign.change_topic", "models_campaign.view_topic",
    "models_campaign.view_locality", "portal.view_organization",
]  # fmt: skip


def grant(apps, schema_editor):
    grant_permissions(apps, {
        WRITER: _CONTENT,
        EDITOR: [*_CONTENT, "models_campaign.publish_contest", "models_campaign.delete_contest",
                 "models_campaign.freeze_contestround"],
        SITE_ADMIN: [*_CONTENT, "models_campaign.publish_contest",
                     "models_campaign.delete_contest", "models_campaign.empty_trash_contest"],
        ORGANISER: [
            *_CONTENT, "models_campaign.publish_contest", "models_campaign.delete_contest",
            "models_campaign.run_contest", "models_campaign.freeze_contestround",
            "models_campaign.view_participant", "models_campaign.delete_participant",
            "models_campaign.view_contestentry",
        ],
    })  # fmt: skip


class Migration(migrations.Migration):
    dependencies = [("models_campaign", "0006_contests")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
