"""The Commissioner's decisions, the forward plan, the registers and the transparency page: public and workspace."""

from django.urls import path

from .views import staff

app_name = "transparency"

urlpatterns = [
    path("workspace/transparency/", staff.staff_home, name="staff_home"),
    # Decision notices: workspace
    # Decision notices: public
    # The forward plan
    # Registers of interests, gifts and hospitality
    # The transparency page
]
