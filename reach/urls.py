"""Public counting routes. Included at the site root by campaign_site.urls."""

from django.urls import path

from reach import views

app_name = "reach"

urlpatterns = [
    path("go/call/ping/", views.call_ping, name="call_ping"),
    path("go/<slug:slug>/", views.go, name="go"),
    path("c/<slug:code>/", views.code, name="code"),
]
