from django.contrib import admin

from travel.models import TravelNote, WatchList


@admin.register(TravelNote)
class TravelNoteAdmin(admin.ModelAdmin):
    list_display = ["title", "owner", "country", "visited_on", "rating"]
    list_select_related = ["owner", "country"]
    raw_id_fields = ["country", "subdivision"]


@admin.register(WatchList)
class WatchListAdmin(admin.ModelAdmin):
    list_display = ["name", "owner", "created"]
    list_select_related = ["owner"]
    filter_horizontal = ["countries"]
