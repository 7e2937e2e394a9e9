#!/usr/bin/env python3
"""What a new visitor waits while other clients hold connections open (scripts/bench-connections).

Opens HOLD connections to the server in one of two ways, then times VISITORS new visitors, each on a
new connection, asking for PATH:
  idle  each held connection made one keep-alive request and is now silent (a browser after a page load)
  slow  each held connection sends a request head one byte per second and never ends it (slowloris)
Prints one line: "hold=N mode=M held=H visitors=V p50_ms=… max_ms=… failed=F".
"""
import argparse
import resource
import socket
import statistics
import time


def connect(port):
    return socket.create_connection(("127.0.0.1", port), timeout=10)


def read_response(sock):
    """Reads one response with a Content-Length; returns its status or 0."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            return 0
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(body) < length:
        chunk = sock.recv(65536)
        if not chunk:
            return 0
        body += chunk
    return int(head.split(b" ")[1])


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--hold", type=int, default=64)
    parser.add_argument("--mode", choices=["idle", "slow"], default="idle")
    parser.add_argument("--visitors", type=int, default=20)
    parser.add_argument("--path", default="/healthz")
    parser.add_argument("--timeout", type=float, default=10.0)
    args = parser.parse_args()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))

    held = []
    for _ in range(args.hold):
        try:
            sock = connect(args.port)
            if args.mode == "idle":
                sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: probe\r\n\r\n")
                if read_response(sock) != 200:
                    sock.close()
                    continue
            else:
                sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: probe\r\nX-Slow: ")
            held.append(sock)
        except OSError:
            pass

    waits, failed = [], 0
    for _ in range(args.visitors):
        if args.mode == "slow":
            for sock in held:
                try:
                    sock.send(b"a")
                except OSError:
                    pass
        start = time.monotonic()
        try:
            with socket.create_connection(("127.0.0.1", args.port), timeout=args.timeout) as visitor:
                visitor.sendall(f"GET {args.path} HTTP/1.1\r\nHost: probe\r\nConnection: close\r\n\r\n".encode())
                ok = read_response(visitor) == 200
        except OSError:
            ok = False
        elapsed_ms = (time.monotonic() - start) * 1000
        if ok:
            waits.append(elapsed_ms)
        else:
            failed += 1
        time.sleep(0.05)
    for sock in held:
        sock.close()
    p50 = statistics.median(waits) if waits else float("nan")
    worst = max(waits) if waits else float("nan")
    print(f"hold={args.hold} mode={args.mode} held={len(held)} visitors={args.visitors} "
          f"p50_ms={p50:.1f} max_ms={worst:.1f} failed={failed}")


if __name__ == "__main__":
    main()
