# Stepwise's Python runtime: the Lambda Runtime API loop, standard library only.
# https://docs.aws.amazon.com/lambda/latest/dg/runtimes-custom.html
import os
import sys
import sysconfig

# Stepwise's seccomp filter (runtimes/sandbox/seccomp.py), installed here before any function code runs rather than by
# the helper process that other runtimes are exec'd through (one Python start less per cold start). As there, failing
# to install it is fatal: a runtime asked to run filtered never runs unfiltered.
_filter = os.environ.pop("_STEPWISE_SECCOMP", None)
if _filter:
    try:
        # exec'd, not imported: importlib.util alone costs a cold start ~7 ms
        _scope = {"__name__": "_stepwise_seccomp"}
        with open(_filter) as _f:
            exec(compile(_f.read(), _filter, "exec"), _scope)
        _scope["install"]()
    except Exception as _e:
        sys.stderr.write("stepwise: sandbox set-up failed: installing the seccomp filter: %s\n" % _e)
        sys.exit(96)

# Started with -S (no site module, see RuntimeCommands): the interpreter's site-packages go on the path as on Lambda,
# where the runtime's own packages (boto3) can be imported, but without running their .pth files at every start.
for _key in ("purelib", "platlib"):
    _dir = sysconfig.get_paths().get(_key)
    if _dir and _dir not in sys.path:
        sys.path.append(_dir)

import importlib
import json
import os
import socket
import time

API = os.environ["AWS_LAMBDA_RUNTIME_API"]
TASK_ROOT = os.environ.get("LAMBDA_TASK_ROOT") or os.getcwd()
RUNTIME_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
_request_id = ""   # the invocation in flight, for the log records of Python's logging


def lambda_path(filename):
    """A file name as Lambda shows it: in a sandbox the task root and this runtime already are /var/task and
    /var/runtime; where the server could not mount them there (no mount namespace), the host's prefix is replaced."""
    for host_dir, shown in ((TASK_ROOT, "/var/task"), (RUNTIME_DIR, "/var/runtime")):
        if host_dir != shown and filename.startswith(host_dir + "/"):
            return shown + filename[len(host_dir):]
    return filename


def configure_logging(logging):
    """The root logger as Lambda's Python runtime sets it up: records go to stdout as
    [LEVEL]<tab>time<tab>request id<tab>message, one record per line (its own newlines become carriage returns), at
    AWS_LAMBDA_LOG_LEVEL, else WARNING. print() stays raw, as on Lambda."""

    class LambdaLoggerHandler(logging.Handler):
        def emit(self, record):
            try:
                msg = self.format(record)
                if msg.endswith("\n"):
                    msg = msg[:-1]
                sys.stdout.write(msg.replace("\n", "\r") + "\n")
                sys.stdout.flush()
            except Exception:
                self.handleError(record)

    class LambdaLoggerFilter(logging.Filter):
        def filter(self, record):
            record.aws_request_id = _request_id
            return True

    handler = LambdaLoggerHandler()
    formatter = logging.Formatter("[%(levelname)s]\t%(asctime)s.%(msecs)03dZ\t%(aws_request_id)s\t%(message)s\n",
                                  "%Y-%m-%dT%H:%M:%S")
    formatter.converter = time.gmtime
    handler.setFormatter(formatter)
    handler.addFilter(LambdaLoggerFilter())
    root = logging.getLogger()
    root.addHandler(handler)
    level = os.environ.get("AWS_LAMBDA_LOG_LEVEL", "").upper()
    root.setLevel(level if level in ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL") else "WARNING")


class ConfigureLoggingOnImport:
    """Sets up logging (configure_logging) as the function first imports it: importing logging costs a cold start
    some 14 ms, which functions that never log should not pay."""

    def find_spec(self, name, path=None, target=None):
        if name != "logging":
            return None
        sys.meta_path.remove(self)
        for finder in sys.meta_path:
            spec = finder.find_spec(name, path, target)
            if spec is not None:
                break
        else:
            return None
        run = spec.loader.exec_module

        def exec_module(module):
            run(module)
            if hasattr(module, "Handler") and hasattr(module, "getLogger"):   # not a function's own logging.py
                configure_logging(module)

        spec.loader.exec_module = exec_module
        return spec


if "logging" in sys.modules:
    configure_logging(sys.modules["logging"])
else:
    sys.meta_path.insert(0, ConfigureLoggingOnImport())

host, port = API.rsplit(":", 1)
BASE = "/2018-06-01/runtime"


class Response:
    """The status and headers of a Runtime API answer."""

    def __init__(self, status, headers):
        self.status = status
        self.headers = headers

    def getheader(self, name, default=None):
        return self.headers.get(name.lower(), default)


class Connection:
    """HTTP/1.1 over one keep-alive socket: the Runtime API's few requests need no more, and http.client's import
    (the email package) would cost a cold start some 45 ms."""

    def __init__(self):
        self.sock = None
        self.buf = b""

    def close(self):
        if self.sock is not None:
            self.sock.close()
        self.sock = None
        self.buf = b""

    def request(self, method, path, body, headers):
        if self.sock is None:
            self.sock = socket.create_connection((host, int(port)))
            self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        body = body or b""
        head = "%s %s HTTP/1.1\r\nHost: %s\r\nContent-Length: %d\r\n" % (method, path, API, len(body))
        for k, v in headers.items():
            head += "%s: %s\r\n" % (k, v)
        self.sock.sendall(head.encode("latin-1") + b"\r\n" + body)
        while b"\r\n\r\n" not in self.buf:
            self._fill()
        raw, self.buf = self.buf.split(b"\r\n\r\n", 1)
        lines = raw.decode("latin-1").split("\r\n")
        headers = {}
        for line in lines[1:]:
            k, _, v = line.partition(":")
            headers[k.strip().lower()] = v.strip()
        resp = Response(int(lines[0].split(" ", 2)[1]), headers)
        if headers.get("transfer-encoding", "").lower() == "chunked":
            data = b""
            while True:
                size = int(self._line(), 16)
                if size == 0:
                    self._line()
                    break
                data += self._take(size)
                self._line()
        else:
            data = self._take(int(headers.get("content-length", "0")))
        if headers.get("connection", "").lower() == "close":
            self.close()
        return resp, data

    def _fill(self):
        chunk = self.sock.recv(65536)
        if not chunk:
            raise ConnectionError("the Runtime API closed the connection")
        self.buf += chunk

    def _take(self, n):
        while len(self.buf) < n:
            self._fill()
        data, self.buf = self.buf[:n], self.buf[n:]
        return data

    def _line(self):
        while b"\r\n" not in self.buf:
            self._fill()
        line, self.buf = self.buf.split(b"\r\n", 1)
        return line


conn = Connection()


def call(method, path, body=None, headers=None):
    for attempt in range(2):
        try:
            return conn.request(method, BASE + path, body, headers or {})
        except (ConnectionError, OSError, ValueError, IndexError):
            conn.close()
            if attempt:
                raise


def user_frames(tb):
    """The traceback's frames without this runtime's own or importlib's (Lambda shows the function's frames only),
    with Lambda's paths."""
    import traceback  # only when something failed: it costs a cold start a few ms
    frames = []
    for frame in traceback.extract_tb(tb):
        if frame.filename == __file__ or frame.filename.startswith("<frozen importlib") \
                or frame.filename.endswith("/importlib/__init__.py"):
            continue
        frame.filename = lambda_path(frame.filename)
        frames.append(frame)
    return traceback.format_list(frames)


def error_json(exc, request_id=None):
    body = {"errorMessage": str(exc), "errorType": type(exc).__name__}
    if request_id:
        body["requestId"] = request_id
    body["stackTrace"] = user_frames(exc.__traceback__)
    return body


def log_error(body):
    """The error's log record as Lambda's Python runtime writes it: [ERROR] Type: message, then the traceback, as one
    record (its lines joined by carriage returns, which the log keeps inside one line)."""
    lines = ["[ERROR] %s: %s" % (body["errorType"], body["errorMessage"])]
    if body.get("stackTrace"):
        lines.append("Traceback (most recent call last):")
        for element in body["stackTrace"]:
            lines.extend(element.splitlines())
    sys.stdout.write("\r".join(lines) + "\n")
    sys.stdout.flush()


def init_error(message, error_type, stack=()):
    body = {"errorMessage": message, "errorType": error_type, "requestId": "", "stackTrace": list(stack)}
    log_error(body)
    call("POST", "/init/error", json.dumps(body).encode(), {"Lambda-Runtime-Function-Error-Type": error_type})
    sys.exit(1)


def load_handler():
    handler = os.environ["_HANDLER"]
    sys.path.insert(0, TASK_ROOT)
    try:
        module_path, func_name = handler.rsplit(".", 1)
    except ValueError:
        init_error("Bad handler '%s': not enough values to unpack (expected 2, got 1)" % handler,
                   "Runtime.MalformedHandlerName")
    module_name = module_path.replace("/", ".")
    try:
        module = importlib.import_module(module_name)
    except ImportError as e:
        init_error("Unable to import module '%s': %s" % (module_name, e), "Runtime.ImportModuleError")
    except SyntaxError as e:
        # Lambda's one frame of a syntax error: the file and line, then the offending line
        frame = '  File "%s" Line %s\n        %s\n' % (lambda_path(e.filename or ""), e.lineno, (e.text or "").strip())
        init_error("Syntax error in module '%s': %s" % (module_name, e), "Runtime.UserCodeSyntaxError", [frame])
    except Exception as e:
        init_error("%s" % e, type(e).__name__, user_frames(e.__traceback__))
    func = getattr(module, func_name, None)
    if func is None:
        init_error("Handler '%s' missing on module '%s'" % (func_name, module_name), "Runtime.HandlerNotFound")
    return func


class LambdaContext:
    def __init__(self, request_id, deadline_ms, arn, client_context):
        self.aws_request_id = request_id
        self.invoked_function_arn = arn
        self.function_name = os.environ.get("AWS_LAMBDA_FUNCTION_NAME")
        self.function_version = os.environ.get("AWS_LAMBDA_FUNCTION_VERSION")
        self.memory_limit_in_mb = os.environ.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE")
        self.log_group_name = os.environ.get("AWS_LAMBDA_LOG_GROUP_NAME")
        self.log_stream_name = os.environ.get("AWS_LAMBDA_LOG_STREAM_NAME")
        self.client_context = json.loads(client_context) if client_context else None
        self.identity = None
        self._deadline_ms = deadline_ms

    def get_remaining_time_in_millis(self):
        return max(0, int(self._deadline_ms - time.time() * 1000))


def main():
    global _request_id
    handler = load_handler()
    while True:
        resp, body = call("GET", "/invocation/next")
        request_id = resp.getheader("Lambda-Runtime-Aws-Request-Id")
        _request_id = request_id
        context = LambdaContext(request_id, int(resp.getheader("Lambda-Runtime-Deadline-Ms", "0")),
                                resp.getheader("Lambda-Runtime-Invoked-Function-Arn"),
                                resp.getheader("Lambda-Runtime-Client-Context"))
        os.environ["_X_AMZN_TRACE_ID"] = resp.getheader("Lambda-Runtime-Trace-Id", "")
        try:
            event = json.loads(body) if body else None
            result = handler(event, context)
            try:
                out = json.dumps(result).encode()
            except (TypeError, ValueError) as e:
                raise MarshalError("Unable to marshal response: %s" % e) from None
            sys.stdout.flush()
            call("POST", "/invocation/%s/response" % request_id, out)
        except Exception as e:
            err = error_json(e, request_id)
            if isinstance(e, MarshalError):
                err["errorType"] = "Runtime.MarshalError"
            sys.stdout.flush()
            log_error(err)
            call("POST", "/invocation/%s/error" % request_id, json.dumps(err).encode(),
                 {"Lambda-Runtime-Function-Error-Type": err["errorType"]})


class MarshalError(Exception):
    pass


if __name__ == "__main__":
    main()
