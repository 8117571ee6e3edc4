"""Runs one stamp-rally Lambda handler on API Gateway proxy events, as Lambda would, against
the AWS endpoint in the environment (moto on 127.0.0.1 in the tests).

Usage: invoke_handler.py CODE_FOLDER HANDLER < {"events": [...], "copies": N}

The process environment is the function's (exactly the variables its template sets) plus the
AWS settings Lambda provides (region, credentials) and AWS_ENDPOINT_URL. Prints one JSON list
of responses, each body parsed from JSON. With "copies", the first event is sent by that many
processes at once, released together by a barrier: concurrent invocations of separate Lambda
sandboxes, as when a user taps "collect" repeatedly.
"""
import importlib
import json
import multiprocessing
import sys


def load(folder, handler):
    sys.path.insert(0, folder)
    module, _, function = handler.rpartition(".")
    return getattr(importlib.import_module(module), function)


def readable(response):
    return dict(response, body=json.loads(response["body"]))


def race(handle, event, copies):
    barrier = multiprocessing.Barrier(copies)
    results = multiprocessing.Queue()

    def one():
        barrier.wait()
        results.put(readable(handle(event, None)))

    workers = [multiprocessing.Process(target=one) for _ in range(copies)]
    for worker in workers:
        worker.start()
    answers = [results.get(timeout=120) for _ in workers]
    for worker in workers:
        worker.join()
    return answers


def main():
    folder, handler = sys.argv[1], sys.argv[2]
    request = json.load(sys.stdin)
    handle = load(folder, handler)
    if request.get("copies"):
        multiprocessing.set_start_method("fork")
        answers = race(handle, request["events"][0], request["copies"])
    else:
        answers = [readable(handle(event, None)) for event in request["events"]]
    json.dump(answers, sys.stdout, sort_keys=True)


if __name__ == "__main__":
    main()
