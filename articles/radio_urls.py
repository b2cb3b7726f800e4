from django.urls import path

from articles import radio

app_name = "radio"

urlpatterns = [
    path("", radio.RadioListView.as_view(), name="list"),
    path("rss/", radio.PodcastFeed(), name="feed"),
]
