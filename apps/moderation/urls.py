"""The moderators' pages: the desk at /moderation/ and what it links to."""

urlpatterns = []
