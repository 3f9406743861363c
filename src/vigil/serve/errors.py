"""One JSON error shape for every failure: ``{"error": {"status": N, "message": "..."}}``."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DataError
from starlette.exceptions import HTTPException

log = logging.getLogger("vigil.serve")

NOT_FOUND = "not found"


class ApiError(HTTPException):
    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None):
        super().__init__(status, message, headers)


def error_body(status: int, message: str, **extra) -> dict:
    return {"error": {"status": status, "message": message, **extra}}


def error_response(status: int, message: str, headers=None, **extra) -> JSONResponse:
    return JSONResponse(error_body(status, message, **extra), status, headers=headers)


def not_found() -> ApiError:
    """The one answer for a missing object and for another organisation's object."""
    return ApiError(404, NOT_FOUND)


def install(app: FastAPI) -> None:
    @app.exception_handler(HTTPException)
    async def _http(_req: Request, exc: HTTPException) -> JSONResponse:
        return error_response(exc.status_code, str(exc.detail), getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def _invalid(_req: Request, exc: RequestValidationError) -> JSONResponse:
        problems = [
            f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg')}" for e in exc.errors()
        ]
        return error_response(422, "invalid request: " + "; ".join(problems)[:1000])

    @app.exception_handler(DataError)
    async def _unstorable(_req: Request, exc: DataError) -> JSONResponse:
        # a value the database refuses as such (PostgreSQL: a NUL character in text, a
        # number out of its range): the request's fault, not the server's
        log.info("refused a value the database cannot hold: %s", exc.orig)
        return error_response(422, "a value in the request cannot be stored or searched for")

    @app.exception_handler(Exception)
    async def _crash(_req: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error", exc_info=exc)
        return error_response(500, "internal error")
