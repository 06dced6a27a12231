from django.db.backends.base.operations import BaseDatabaseOperations
from rest_framework import serializers
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from apps.core.query import LIMIT_MAX, limit_field, validated_query

PAGE_MAX = BaseDatabaseOperations.integer_field_ranges["IntegerField"][1]


class PageLimitPagination(PageNumberPagination):
    """`?page=&limit=` as the product spec's API uses them. A list view names it as its
    `pagination_class` (so the schema shows the page object) and answers with `paginated_response`.
    A page or limit that is not a whole number in range is a 400; a page past the last, a 404."""

    page_size = 20
    page_size_query_param = "limit"
    max_page_size = LIMIT_MAX

    def paginate_queryset(self, queryset, request, view=None):
        validated_query(PageQuerySerializer, request)
        return super().paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data):
        return Response(
            {
                "count": self.page.paginator.count,
                "page": self.page.number,
                "limit": self.get_page_size(self.request),
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        response["properties"].update({"page": {"type": "integer"}, "limit": {"type": "integer"}})
        response["required"] = list(response["properties"])
        return response

    def get_schema_operation_parameters(self, view):
        fields = PageQuerySerializer().fields
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            field = fields[parameter["name"]]
            parameter["schema"].update(minimum=field.min_value, maximum=field.max_value)
        return parameters


class PageQuerySerializer(serializers.Serializer):
    page = serializers.IntegerField(min_value=1, max_value=PAGE_MAX, required=False)
    limit = limit_field(required=False)


def paginated_response(view, queryset, serializer_class, **serializer_kwargs) -> Response:
    """One page of `queryset`, serialized, in the page object the schema documents."""
    paginator = view.pagination_class()
    page = paginator.paginate_queryset(queryset, view.request, view=view)
    return paginator.get_paginated_response(serializer_class(page, many=True, **serializer_kwargs).data)
