"""A bare FastAPI JSON echo on the RecognizeText path shape: the yardstick for bench/turns.py."""

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

app = FastAPI()


@app.post("/bots/{bot_id}/botAliases/{alias_id}/botLocales/{locale_id}/sessions/{session_id}/text")
async def echo(
    request: Request, bot_id: str, alias_id: str, locale_id: str, session_id: str
) -> JSONResponse:
    body = await request.json()
    return JSONResponse({"sessionId": session_id, "echo": body})
