"""The demo's endpoints: a function view, an async class view and an echo of the parsed body."""

from restwell.decorators import api_view
from restwell.permissions import AllowAny
from restwell.response import Response
from restwell.reverse import reverse
from restwell.views import APIView


@api_view(["GET"])
def api_root(request, format=None):
    """The entry point: links to every endpoint of the demo API."""
    return Response(
        {
            "hello": reverse("hello", request=request, format=format),
            "async-hello": reverse("async-hello", request=request, format=format),
            "echo": reverse("echo", request=request, format=format),
        }
    )


@api_view(["GET"])
def hello(request):
    """Say hello to the requesting user."""
    name = request.user.get_username() if request.user.is_authenticated else "world"
    return Response({"message": "Hello, %s!" % name})


class AsyncHello(APIView):
    """An `async def` handler, served natively under ASGI."""

    async def get(self, request):
        return Response({"message": "Hello from an async view!"})


class Echo(APIView):
    """POST any JSON or form body: the parsed data comes back."""

    permission_classes = [AllowAny]

    def post(self, request):
        return Response({"received": request.data})
