# Care-team places are privacy's grants now (moved by privacy's 0003).

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0003_create_cache_table'),
        ('privacy', '0003_move_grants_and_rechain_log'),
    ]

    operations = [
        migrations.DeleteModel(name='CareTeamMembership'),
    ]
