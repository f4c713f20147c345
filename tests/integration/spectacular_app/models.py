"""Models of the sample API."""

from django.conf import settings
from django.db import models


class SpecAuthor(models.Model):
    name = models.CharField(max_length=100, help_text="Full name.")
    born = models.DateField(null=True, blank=True)


class SpecBook(models.Model):
    GENRES = [("novel", "Novel"), ("essay", "Essay"), ("poetry", "Poetry")]

    title = models.CharField(max_length=200)
    author = models.ForeignKey(SpecAuthor, related_name="books", on_delete=models.CASCADE)
    genre = models.CharField(max_length=10, choices=GENRES)
    price = models.DecimalField(max_digits=6, decimal_places=2)
    published = models.DateTimeField(auto_now_add=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
