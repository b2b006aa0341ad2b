"""The one module that knows every app."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from boards.models import Board
from boards.views.public import recent_papers

from . import views

urlpatterns = [
    path(
        "",
        views.home,
        {"panels": {"recent_papers": recent_papers, "boards": lambda: list(Board.objects.all())}},
        name="home",
    ),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("health/", views.health, name="health"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("", include("plans.urls")),
    path("", include("minutes.urls")),
    path("", include("boards.urls")),
]
