"""URLs of the cross-process throttle test server (tests/test_throttling.py)."""

from django.urls import path

from restwell.response import Response
from restwell.views import APIView


class Ping(APIView):
    def get(self, request):
        return Response({"pong": True})


urlpatterns = [path("ping/", Ping.as_view())]
