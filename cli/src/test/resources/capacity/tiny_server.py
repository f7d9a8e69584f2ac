#!/usr/bin/env python3
"""A tiny HTTP/1.1 keep-alive server for loadctl's capacity tests, on asyncio alone.

GET /health answers at once. Any other path answers 200 {"status":"ok"} after --delay-ms, except every
--slow-every'th request, which takes --slow-ms, and every --error-every'th, which answers 500. With
--slow-every 50 one response in 50 is slow: p99 is the slow delay at any load, so no number of
connections meets a tighter SLA. With --error-every 2 half the responses are errors at any load.
"""
import argparse
import asyncio
import itertools

OK = b'{"status":"ok"}'


async def handle(reader, writer, args, counter):
    try:
        while True:
            request_line = await reader.readline()
            if not request_line:
                return
            while True:
                header = await reader.readline()
                if not header or header in (b"\r\n", b"\n"):
                    break
            parts = request_line.split(b" ")
            path = parts[1] if len(parts) > 1 else b"/"
            status, delay_ms = 200, 0
            if path != b"/health":
                n = next(counter)
                delay_ms = args.delay_ms
                if args.slow_every and n % args.slow_every == 0:
                    delay_ms = args.slow_ms
                if args.error_every and n % args.error_every == 0:
                    status = 500
            if delay_ms:
                await asyncio.sleep(delay_ms / 1000)
            reason = b"OK" if status == 200 else b"Internal Server Error"
            writer.write(b"HTTP/1.1 %d %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s"
                         % (status, reason, len(OK), OK))
            await writer.drain()
    except (ConnectionError, asyncio.IncompleteReadError):
        pass
    finally:
        writer.close()


async def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--delay-ms", type=int, default=200)
    parser.add_argument("--slow-every", type=int, default=0)
    parser.add_argument("--slow-ms", type=int, default=1000)
    parser.add_argument("--error-every", type=int, default=0)
    parser.add_argument("--backlog", type=int, default=4096)
    args = parser.parse_args()
    counter = itertools.count(1)
    server = await asyncio.start_server(lambda r, w: handle(r, w, args, counter), args.host, args.port,
                                        backlog=args.backlog)
    print(f"tiny server ready on http://{args.host}:{args.port}", flush=True)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main())
