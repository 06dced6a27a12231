"""The tournament app's API serializers, one module per part."""
