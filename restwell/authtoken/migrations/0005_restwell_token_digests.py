"""restwell's token storage: digests instead of plaintext keys.

Widens ``key`` to hold a digest and replaces every stored plaintext key by
its digest, so existing clients keep working with the keys they hold. Lets a
user hold several tokens (the one-to-one ``user`` becomes a foreign key) and
adds ``name`` and ``expires``. The plaintext cannot be recovered, so the
reverse migration only restores the schema; the tokens stay digests.
"""

from django.conf import settings
from django.db import migrations, models

import restwell.authtoken.models


def hash_plaintext_keys(apps, schema_editor):
    from restwell.authtoken.models import DIGEST_PREFIX, make_key_digest

    connection = schema_editor.connection
    table = connection.ops.quote_name("authtoken_token")
    column = connection.ops.quote_name("key")
    with connection.cursor() as cursor:
        cursor.execute("SELECT %s FROM %s" % (column, table))
        keys = [row[0] for row in cursor.fetchall()]
        for key in keys:
            if key.startswith(DIGEST_PREFIX):
                continue
            cursor.execute(
                "UPDATE %s SET %s = %%s WHERE %s = %%s" % (table, column, column),
                [make_key_digest(key), key],
            )


class Migration(migrations.Migration):
    dependencies = [
        ("authtoken", "0004_alter_tokenproxy_options"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="token",
            name="key",
            field=restwell.authtoken.models.TokenKeyField(
                max_length=128, primary_key=True, serialize=False, verbose_name="Key"
            ),
        ),
        migrations.AlterField(
            model_name="token",
            name="user",
            field=models.ForeignKey(
                on_delete=models.CASCADE,
                related_name="auth_tokens",
                to=settings.AUTH_USER_MODEL,
                verbose_name="User",
            ),
        ),
        migrations.AddField(
            model_name="token",
            name="name",
            field=models.CharField(blank=True, default="", max_length=100, verbose_name="Name"),
        ),
        migrations.AddField(
            model_name="token",
            name="expires",
            field=models.DateTimeField(blank=True, null=True, verbose_name="Expires"),
        ),
        migrations.RunPython(hash_plaintext_keys, migrations.RunPython.noop),
    ]
