"""The outermost layer of the application: security headers on every answer, and a failure told in one
line on stderr rather than as a traceback."""
from __future__ import annotations

import asyncio

from kg.web.app import SECURITY_HEADERS, Guarded


def test_a_failure_after_the_error_page_is_one_line_and_every_answer_gets_the_headers(capsys):
    sent = []

    async def failing(scope, receive, send):
        await send({"type": "http.response.start", "status": 500, "headers": [(b"content-type", b"text/plain")]})
        await send({"type": "http.response.body", "body": b"the server could not answer this request"})
        raise RuntimeError("the store went away")

    async def collect(message):
        sent.append(message)

    asyncio.run(Guarded(failing)({"type": "http", "method": "GET", "path": "/id/x"}, None, collect))
    assert capsys.readouterr().err == "kg serve: could not answer GET /id/x: RuntimeError: the store went away\n"
    assert sent[0]["status"] == 500 and set(SECURITY_HEADERS) <= set(sent[0]["headers"])
