"""The service the project started from: a FastAPI app whose /ping/ handler waits 200 ms without blocking.

loadctl's "fastapi" peer runs it exactly as the origin did, with Debian's packages (python3-fastapi,
python3-uvicorn), so it uses /usr/bin/python3 rather than whatever python3 is first on PATH:

    LOADCTL_DELAY_MS=200 /usr/bin/python3 -m uvicorn app:app --app-dir target-server/fastapi \
        --workers N --port P --log-level warning

LOADCTL_DELAY_MS sets the delay in milliseconds (default 200), to match the bundled server's --delay.
"""
import asyncio
import os

from fastapi import FastAPI

DELAY_SECONDS = int(os.environ.get("LOADCTL_DELAY_MS", "200")) / 1000.0

app = FastAPI()


@app.get("/ping/")
async def ping():
    await asyncio.sleep(DELAY_SECONDS)
    return {"status": "ok"}


@app.get("/health")
async def health():
    return {"status": "ok"}
