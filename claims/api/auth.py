"""Tokens for scripts: `POST /api/v1/auth/token/` with a username and password."""

from django.contrib.auth import authenticate
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.authtoken.models import Token
from rest_framework.decorators import (
    api_view,
    authentication_classes,
    permission_classes,
    throttle_classes,
)
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle

from claims.api.serializers import TokenRequestSerializer, TokenSerializer


@extend_schema(request=TokenRequestSerializer, responses={200: TokenSerializer}, auth=[])
@api_view(["POST"])
@authentication_classes([])
@permission_classes([AllowAny])
@throttle_classes([ScopedRateThrottle])
def token(request):
    """Your token (made on first use). Send it as `Authorization: Token <key>`."""
    form = TokenRequestSerializer(data=request.data)
    form.is_valid(raise_exception=True)
    user = authenticate(
        request, username=form.validated_data["username"], password=form.validated_data["password"]
    )
    if getattr(request, "axes_locked_out", False):
        return Response(
            {"detail": "Too many failed log-ins for this account; try again in 15 minutes."},
            status=status.HTTP_429_TOO_MANY_REQUESTS,
        )
    if user is None or not user.is_active:
        return Response(
            {"detail": "Unknown username or wrong password."},
            status=status.HTTP_400_BAD_REQUEST,
        )
    key, _ = Token.objects.get_or_create(user=user)
    return Response({"token": key.key})


token.cls.throttle_scope = "login"
