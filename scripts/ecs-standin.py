"""A stand-in for the two ECS calls moto cannot serve for a release's migration task.

moto 5.2's `RunTask` fails for a Fargate (`awsvpc`) task definition, and its tasks never stop
with an exit code, so `tenkai release` could not run a service's migration against it. This
proxy sits in front of moto on 127.0.0.1 and forwards every request unchanged, except:

- `RunTask`: records the task (cluster, task definition, the container's command override) and
  answers it as started;
- `DescribeTasks` of those tasks: `RUNNING` the first time, then `STOPPED` with the container's
  exit code, `ECS_STANDIN_EXIT_CODE` (0 by default; set it to see a release refuse to go on).

Nothing is executed: the migration's command is printed to stderr, not run. It is the same
scripted behaviour the release tests use (Tests/TestSupport/ReleaseEmulatorProxy.swift).

    .venv/bin/python scripts/ecs-standin.py --port 5001 --upstream-port 5000
"""

import argparse
import http.client
import json
import os
import sys
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

TASKS = {}
LOCK = threading.Lock()
EXIT_CODE = int(os.environ.get("ECS_STANDIN_EXIT_CODE", "0"))


def answer_run_task(request):
    cluster = request.get("cluster", "default").split("/")[-1]
    definition = request.get("taskDefinition", "")
    overrides = (request.get("overrides") or {}).get("containerOverrides") or []
    container = overrides[0].get("name", "app") if overrides else "app"
    command = overrides[0].get("command", []) if overrides else []
    arn = f"arn:aws:ecs:{REGION}:123456789012:task/{cluster}/{uuid.uuid4().hex}"
    with LOCK:
        TASKS[arn] = {"definition": definition, "container": container, "describes": 0}
    print(f"ecs-standin: RunTask {definition} {container}: {' '.join(command)} (not executed; exits {EXIT_CODE})", file=sys.stderr)
    return {"tasks": [{"taskArn": arn, "taskDefinitionArn": definition, "lastStatus": "PROVISIONING", "desiredStatus": "RUNNING"}],
            "failures": []}


def answer_describe_tasks(request):
    arns = request.get("tasks") or []
    with LOCK:
        if not arns or not all(arn in TASKS for arn in arns):
            return None
        described = []
        for arn in arns:
            task = TASKS[arn]
            task["describes"] += 1
            stopped = task["describes"] >= 2
            fields = {"taskArn": arn, "taskDefinitionArn": task["definition"],
                      "lastStatus": "STOPPED" if stopped else "RUNNING", "desiredStatus": "STOPPED" if stopped else "RUNNING"}
            if stopped:
                fields["stopCode"] = "EssentialContainerExited"
                fields["stoppedReason"] = "Essential container in task exited"
                fields["containers"] = [{"name": task["container"], "lastStatus": "STOPPED", "exitCode": EXIT_CODE}]
            described.append(fields)
    return {"tasks": described, "failures": []}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):
        pass

    def _handle(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        target = self.headers.get("X-Amz-Target", "")
        operation = target.rsplit(".", 1)[-1] if target.startswith("AmazonEC2ContainerService") else ""
        if operation in ("RunTask", "DescribeTasks"):
            try:
                request = json.loads(body or b"{}")
            except ValueError:
                request = None
            if isinstance(request, dict):
                answer = answer_run_task(request) if operation == "RunTask" else answer_describe_tasks(request)
                if answer is not None:
                    return self._respond(200, [("Content-Type", "application/x-amz-json-1.1")], json.dumps(answer).encode())
        self._forward(body)

    def _forward(self, body):
        upstream = http.client.HTTPConnection("127.0.0.1", UPSTREAM_PORT, timeout=120)
        headers = {key: value for key, value in self.headers.items() if key.lower() not in ("connection", "transfer-encoding")}
        try:
            upstream.request(self.command, self.path, body=body, headers=headers)
            response = upstream.getresponse()
            data = response.read()
        except OSError as error:
            return self._respond(502, [("Content-Type", "text/plain")], f"ecs-standin: moto unreachable: {error}".encode())
        finally:
            upstream.close()
        passed = [(key, value) for key, value in response.getheaders()
                  if key.lower() not in ("connection", "transfer-encoding", "content-length")]
        self._respond(response.status, passed, data)

    def _respond(self, status, headers, data):
        self.send_response(status)
        for key, value in headers:
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = do_PATCH = _handle


def main():
    global UPSTREAM_PORT, REGION
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--upstream-port", type=int, required=True)
    parser.add_argument("--region", default=os.environ.get("AWS_REGION", "us-east-1"))
    arguments = parser.parse_args()
    UPSTREAM_PORT, REGION = arguments.upstream_port, arguments.region
    server = ThreadingHTTPServer(("127.0.0.1", arguments.port), Handler)
    server.daemon_threads = True
    server.serve_forever()


if __name__ == "__main__":
    main()
