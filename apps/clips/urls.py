app_name = "clips"

urlpatterns = []
