from django.http import HttpResponse


def go_live(request):
    return HttpResponse("go live")


def watch(request, stream_id):
    return HttpResponse("watch")


def studio(request, stream_id):
    return HttpResponse("studio")
