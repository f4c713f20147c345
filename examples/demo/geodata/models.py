"""ISO reference data, as shipped by the pycountry package.

Every table is keyed by its ISO code, so the loader can write foreign keys
without looking anything up and a second load is an upsert of the same keys.
Only attributes that pycountry provides are stored; there are no links
between countries, currencies and languages because pycountry has none.
"""

from __future__ import annotations

from django.db import models


class Country(models.Model):
    """A country or territory of ISO 3166-1."""

    alpha_2 = models.CharField(max_length=2, primary_key=True)
    alpha_3 = models.CharField(max_length=3, unique=True)
    numeric = models.CharField(max_length=3, unique=True)
    name = models.CharField(max_length=100)
    official_name = models.CharField(max_length=200, blank=True)
    common_name = models.CharField(max_length=100, blank=True)
    flag = models.CharField(max_length=8, blank=True)

    class Meta:
        ordering = ["alpha_2"]
        verbose_name_plural = "countries"

    def __str__(self) -> str:
        return self.name


class Subdivision(models.Model):
    """A subdivision of a country (ISO 3166-2), possibly inside a larger one."""

    code = models.CharField(max_length=10, primary_key=True)
    country = models.ForeignKey(Country, on_delete=models.CASCADE, related_name="subdivisions")
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    name = models.CharField(max_length=150)
    type = models.CharField(max_length=100)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return "%s (%s)" % (self.name, self.code)


class Currency(models.Model):
    """A currency of ISO 4217."""

    alpha_3 = models.CharField(max_length=3, primary_key=True)
    numeric = models.CharField(max_length=3, unique=True)
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["alpha_3"]
        verbose_name_plural = "currencies"

    def __str__(self) -> str:
        return self.name


class Language(models.Model):
    """A language of ISO 639-3."""

    class Scope(models.TextChoices):
        INDIVIDUAL = "I", "Individual"
        MACROLANGUAGE = "M", "Macrolanguage"
        SPECIAL = "S", "Special"

    class Type(models.TextChoices):
        ANCIENT = "A", "Ancient"
        CONSTRUCTED = "C", "Constructed"
        EXTINCT = "E", "Extinct"
        HISTORICAL = "H", "Historical"
        LIVING = "L", "Living"
        SPECIAL = "S", "Special"

    alpha_3 = models.CharField(max_length=3, primary_key=True)
    alpha_2 = models.CharField(max_length=2, blank=True)
    bibliographic = models.CharField(max_length=3, blank=True)
    name = models.CharField(max_length=150)
    inverted_name = models.CharField(max_length=150, blank=True)
    scope = models.CharField(max_length=1, choices=Scope.choices)
    type = models.CharField(max_length=1, choices=Type.choices)

    class Meta:
        ordering = ["alpha_3"]

    def __str__(self) -> str:
        return self.name
