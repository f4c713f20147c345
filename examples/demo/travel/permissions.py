"""Who may do what with travel notes and watch-lists, and when writes are throttled."""

from __future__ import annotations

from typing import Any

from rest_framework import permissions, throttling


class IsOwnerOrReadOnly(permissions.BasePermission):
    """Anyone may read an object; only its owner may change or delete it."""

    message = "Only the owner of this note may change or delete it."

    def has_object_permission(self, request: Any, view: Any, obj: Any) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        return obj.owner_id == request.user.pk


class WriteRateThrottle(throttling.ScopedRateThrottle):
    """The view's ``throttle_scope`` rate, counted on writes only; reads are never throttled."""

    def allow_request(self, request: Any, view: Any) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        return super().allow_request(request, view)
