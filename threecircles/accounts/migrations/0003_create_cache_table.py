"""Create the database cache table with the other tables, so `migrate` alone is enough:
login rate limits live in the cache and must hold across processes."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_practice_reporting_needs_supervisor")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
