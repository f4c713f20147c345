from django.contrib import admin

from geodata.models import Country, Currency, Language, Subdivision


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ["alpha_2", "alpha_3", "numeric", "name"]
    search_fields = ["alpha_2", "alpha_3", "name", "official_name"]


@admin.register(Subdivision)
class SubdivisionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "type", "country"]
    list_select_related = ["country"]
    search_fields = ["code", "name"]
    raw_id_fields = ["country", "parent"]


@admin.register(Currency)
class CurrencyAdmin(admin.ModelAdmin):
    list_display = ["alpha_3", "numeric", "name"]
    search_fields = ["alpha_3", "name"]


@admin.register(Language)
class LanguageAdmin(admin.ModelAdmin):
    list_display = ["alpha_3", "alpha_2", "name", "scope", "type"]
    list_filter = ["scope", "type"]
    search_fields = ["alpha_3", "name"]
