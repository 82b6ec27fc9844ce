"""Create the kept page parts' own cache table (settings CACHES["pages"], lib/pagecache.py)
with the other tables, so `migrate` alone is enough. `createcachetable` makes every missing
cache table and leaves existing ones alone."""

from django.core.management import call_command
from django.db import migrations


def create_cache_tables(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0007_notes_need_cosign")]

    operations = [migrations.RunPython(create_cache_tables, migrations.RunPython.noop)]
