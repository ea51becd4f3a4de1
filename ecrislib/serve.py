"""``ecrislib serve``: simulated central authorities on HTTP, for testing a system in any language.

Registered in :data:`ecrislib.cli._COMMAND_MODULES`. It lives outside :mod:`ecrislib.soap`
because that package refuses to import without the ``soap`` extra, and ``ecrislib --help``
must work without it: nothing web-related is imported until the command runs.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import signal
import sys
import threading
from pathlib import Path
from typing import Any

from .exit_status import FAILURE, OK, USAGE

__all__ = ["register"]


def register(commands: Any) -> None:
    serve = commands.add_parser(
        "serve",
        help="serve simulated central authorities over SOAP 1.2 (needs ecrislib[soap])",
        description="Serve simulated ECRIS central authorities at /ecris/<CODE>; their answers go over HTTP to the partners' URLs.",
    )
    serve.add_argument("--country", action="append", required=True, metavar="CODE", help="a member state to simulate (repeat for several)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=_port, default=8080, help="0 takes a free port")
    serve.add_argument("--profile", default="automated", choices=("automated", "manual", "late", "down"))
    serve.add_argument("--partners", type=Path, help="TOML or JSON file: where the other member states' endpoints are")
    serve.add_argument("--tls-cert", type=Path, help="the server's certificate (PEM)")
    serve.add_argument("--tls-key", type=Path, help="the server's private key (PEM)")
    serve.add_argument("--client-ca", type=Path, help="require client certificates from this CA (mutual TLS)")
    serve.add_argument("--speed", type=float, default=1.0, help="simulated seconds per wall-clock second (default 1)")
    serve.add_argument("--seed", type=int, default=0)
    serve.set_defaults(handler=_serve)


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{port} is not a port number (0 to 65535)")
    return port


def _serve(args: argparse.Namespace) -> int:
    try:
        from . import soap  # noqa: F401  (the import itself checks the extra)
    except ImportError as error:
        print(f"ecrislib serve: {error}", file=sys.stderr)
        return USAGE
    from .errors import EcrisError
    from .soap.network import ServedAuthorities, wall_clock_start
    from .soap.partners import Partners
    from .soap.tls import CertificateMap, ServerTls
    from .transport.wire.clock import VirtualClock

    if bool(args.tls_cert) != bool(args.tls_key) or (args.client_ca and not args.tls_cert):
        print("ecrislib serve: --tls-cert and --tls-key go together, and --client-ca needs them", file=sys.stderr)
        return USAGE
    codes = [code.upper() for code in args.country]
    try:
        partners = Partners.load(args.partners) if args.partners else None
    except EcrisError as error:
        print(f"ecrislib serve: {error}", file=sys.stderr)
        return FAILURE
    tls = ServerTls(cert=args.tls_cert, key=args.tls_key, client_ca=args.client_ca) if args.tls_cert else None
    clock = VirtualClock(wall_clock_start(), seed=args.seed, realtime=True, speed=args.speed)

    def log(line: str) -> None:
        print(f"{_dt.datetime.now(_dt.timezone.utc).isoformat(timespec='milliseconds')} {line}", flush=True)

    try:
        network = ServedAuthorities(
            codes, clock, host=args.host, port=args.port, partners=partners, profile=args.profile, tls=tls,
            certificates=CertificateMap() if args.client_ca else None, on_exchange=log,
        )
    except OSError as error:
        print(f"ecrislib serve: cannot listen on {args.host}:{args.port} ({error.strerror})", file=sys.stderr)
        return FAILURE
    network.start()
    for code in codes:
        print(f"{code}: {network.url(code)}  (WSDL: {network.url(code)}?wsdl)", flush=True)
    print(f"profile {args.profile}; press Ctrl-C to stop", flush=True)
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, lambda *_: network.driver.stop())
    try:
        network.run_forever()
    except KeyboardInterrupt:
        pass
    finally:
        network.stop()
    return OK
