"""Traffic for the DS-Lite lab (test/lab/topology.sh), with plain sockets of the Linux stack.

  serve                      on the Internet host: UDP echo on 5001, TCP on 80 (GET n / PUT n)
  udp SPORT SIZE DF          one UDP datagram of SIZE bytes (IPv4 total) to 198.51.100.80:5001, DF
                             set or not; the server answers with the same size and DF
  tcp SPORT BYTES            download BYTES over TCP from 198.51.100.80:80
  upload SPORT BYTES         upload BYTES over TCP
  ttl N                      a UDP datagram with IP TTL N to 198.51.100.80:33434
  closed                     a UDP datagram to 198.51.100.80:9 (nothing listens: Port Unreachable)
  echo SIZE DF               an ICMP echo request of SIZE bytes (IPv4 total)
Run by the lab, as root, inside a network namespace.
"""
import socket, struct, sys, time, threading

SERVER = "198.51.100.80"
IP_MTU_DISCOVER, IP_PMTUDISC_DONT, IP_PMTUDISC_DO = 10, 0, 2


def df(sock, on):
    sock.setsockopt(socket.IPPROTO_IP, IP_MTU_DISCOVER, IP_PMTUDISC_DO if on else IP_PMTUDISC_DONT)


def serve():
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    u.bind((SERVER, 5001))

    def udp_loop():
        while True:
            data, peer = u.recvfrom(65535)
            df(u, data[:1] == b"D")
            try:
                u.sendto(data, peer)
            except OSError as e:
                print("udp reply", len(data), e, flush=True)

    threading.Thread(target=udp_loop, daemon=True).start()
    t = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    t.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    t.bind((SERVER, 80))
    t.listen(16)
    while True:
        c, _ = t.accept()
        threading.Thread(target=tcp_conn, args=(c,), daemon=True).start()


def tcp_conn(c):
    c.settimeout(10)
    line = b""
    while not line.endswith(b"\n"):
        chunk = c.recv(1)
        if not chunk:
            return
        line += chunk
    verb, n = line.split()
    n = int(n)
    if verb == b"GET":
        c.sendall(b"x" * n)
    else:
        got = 0
        while got < n:
            chunk = c.recv(65536)
            if not chunk:
                break
            got += len(chunk)
        c.sendall(b"ok\n")
    c.close()


def udp(sport, size, dfon):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("0.0.0.0", sport))
    df(s, dfon)
    s.settimeout(1.0)
    payload = (b"D" if dfon else b"N") + b"u" * (size - 29)
    for attempt in range(2):
        try:
            s.sendto(payload, (SERVER, 5001))
            data, _ = s.recvfrom(65535)
            print(f"udp {size} df={dfon}: answered with {len(data)} bytes", flush=True)
            return
        except OSError as e:
            print(f"udp {size} df={dfon}: {e}", flush=True)
        time.sleep(0.3)


def tcp(sport, n, verb):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind(("0.0.0.0", sport))
    s.settimeout(10)
    try:
        s.connect((SERVER, 80))
        s.sendall(f"{verb} {n}\n".encode())
        if verb == "PUT":
            s.sendall(b"y" * n)
        got = 0
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            got += len(chunk)
        print(f"tcp {verb} {n}: {got} bytes back", flush=True)
    except OSError as e:
        print(f"tcp {verb} {n}: {e}", flush=True)
    s.close()


def ttl(n):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.IPPROTO_IP, socket.IP_TTL, n)
    s.sendto(b"probe", (SERVER, 33434))
    time.sleep(0.5)


def closed():
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.sendto(b"anyone?", (SERVER, 9))
    time.sleep(0.5)


def checksum(b):
    if len(b) % 2:
        b += b"\0"
    s = sum(struct.unpack(f"!{len(b) // 2}H", b))
    s = (s >> 16) + (s & 0xFFFF)
    s += s >> 16
    return ~s & 0xFFFF


def echo(size, dfon):
    s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
    df(s, dfon)
    s.settimeout(1.0)
    body = b"e" * (size - 28)
    head = struct.pack("!BBHHH", 8, 0, 0, 0x4242, 1)
    packet = struct.pack("!BBHHH", 8, 0, checksum(head + body), 0x4242, 1) + body
    try:
        s.sendto(packet, (SERVER, 0))
        data, _ = s.recvfrom(65535)
        print(f"echo {size} df={dfon}: {len(data)} bytes back", flush=True)
    except OSError as e:
        print(f"echo {size} df={dfon}: {e}", flush=True)


cmd, args = sys.argv[1], [int(a) for a in sys.argv[2:]]
if cmd == "serve":
    serve()
elif cmd == "udp":
    udp(args[0], args[1], bool(args[2]))
elif cmd == "tcp":
    tcp(args[0], args[1], "GET")
elif cmd == "upload":
    tcp(args[0], args[1], "PUT")
elif cmd == "ttl":
    ttl(args[0])
elif cmd == "closed":
    closed()
elif cmd == "echo":
    echo(args[0], bool(args[1]))
