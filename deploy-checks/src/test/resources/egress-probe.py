#!/usr/bin/env python3
"""A real program on both sides of the runner container tests (deploy-checks).

  listen PORT...          answer "ok" to every TCP connection on PORT, on every address of the namespace
  connect TARGET...       try each host:port ([v6]:port, %scope allowed) at once; print "TARGET connected"
                          or "TARGET <errno name>" (EHOSTUNREACH: the firewall's reject)
  read PATH...            try to read each file (or list each folder); print "PATH read" or "PATH <errno name>"
  write PATH...           try to create each file; print "PATH written" or "PATH <errno name>"
"""
import errno
import os
import socket
import sys
import threading


def serve(server):
    while True:
        connection, _ = server.accept()
        try:
            connection.sendall(b"ok\n")
        finally:
            connection.close()


def listen(ports):
    for port in ports:
        server = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        server.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
        server.bind(("::", int(port)))
        server.listen(128)
        threading.Thread(target=serve, args=(server,), daemon=True).start()
    print("listening", flush=True)
    threading.Event().wait()


def name(error):
    return errno.errorcode.get(error.errno, str(error)) if error.errno else type(error).__name__


def connect_one(target, results):
    host, port = target.rsplit(":", 1)
    try:
        with socket.create_connection((host.strip("[]"), int(port)), timeout=10) as connection:
            results[target] = "connected" if connection.recv(3) == b"ok\n" else "no-answer"
    except OSError as error:
        results[target] = name(error)


def connect(targets):
    results = {}
    threads = [threading.Thread(target=connect_one, args=(target, results)) for target in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for target in targets:
        print(target, results[target])


def read(paths):
    for path in paths:
        try:
            if os.path.isdir(path):
                os.listdir(path)
            else:
                with open(path, "rb") as file:
                    file.read()
            print(path, "read")
        except OSError as error:
            print(path, name(error))


def write(paths):
    for path in paths:
        try:
            with open(path, "wb") as file:
                file.write(b"x")
            print(path, "written")
        except OSError as error:
            print(path, name(error))


if __name__ == "__main__":
    {"listen": listen, "connect": connect, "read": read, "write": write}[sys.argv[1]](sys.argv[2:])
    sys.stdout.flush()
