"""The newsroom console: editors' views behind the admin login."""

from django.contrib.admin.views.decorators import staff_member_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from wiredesk.sources.models import Feed


@staff_member_required
def dashboard(request: HttpRequest) -> HttpResponse:
    feeds = Feed.objects.select_related("source").order_by("-error_count", "source__name")
    return render(request, "console/dashboard.html", {"feeds": feeds})
