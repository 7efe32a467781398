"""Refusals of the services as HTTP answers with the services' own words."""

from django.core.exceptions import ValidationError
from rest_framework import status
from rest_framework.exceptions import APIException
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from claims.services import StaleVersion


class PreconditionRequired(APIException):
    status_code = 428
    default_detail = (
        "Send If-Match with the ETag you read, so a change made since is not overwritten."
    )
    default_code = "precondition_required"


class PreconditionFailed(APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = "It was changed since you read it. Read it again, then make your change."
    default_code = "precondition_failed"


def _messages(error: ValidationError) -> dict:
    if hasattr(error, "error_dict"):
        return {
            ("detail" if field == "__all__" else field): messages
            for field, messages in error.message_dict.items()
        }
    return {"detail": " ".join(error.messages)}


def exception_handler(exc, context):
    if isinstance(exc, StaleVersion):
        return Response(
            {"detail": " ".join(exc.messages), "code": "precondition_failed"},
            status=status.HTTP_412_PRECONDITION_FAILED,
        )
    if isinstance(exc, ValidationError):
        return Response(_messages(exc), status=status.HTTP_400_BAD_REQUEST)
    return drf_exception_handler(exc, context)
