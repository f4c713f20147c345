"""Create the demo user (idempotent) and print where to look."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

DEMO_USERNAME = "demo"
DEMO_PASSWORD = "demo-password"


class Command(BaseCommand):
    help = "Create the demo user and print the demo URLs."

    def handle(self, *args, **options):
        User = get_user_model()
        user, created = User.objects.get_or_create(username=DEMO_USERNAME)
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        self.stdout.write("restwell demo API: http://127.0.0.1:8000/")
        for path in ("hello/", "ahello/", "echo/"):
            self.stdout.write("  http://127.0.0.1:8000/%s" % path)
        self.stdout.write("Log in at http://127.0.0.1:8000/api-auth/login/ as %s / %s"
                          % (DEMO_USERNAME, DEMO_PASSWORD))
