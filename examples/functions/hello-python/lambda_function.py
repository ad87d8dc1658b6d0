"""Stepwise's bundled example: a greeting plus a few fields of the Lambda context object."""
import json
import os


def handler(event, context):
    name = event.get("name", "world") if isinstance(event, dict) else "world"
    print(f"greeting {name}")  # goes to the function's log (see: stepwise logs hello)
    return {
        "message": f"Hello, {name}!",
        "function": context.function_name,
        "version": context.function_version,
        "memoryLimitInMB": int(context.memory_limit_in_mb),
        "requestId": context.aws_request_id,
        "remainingTimeMs": context.get_remaining_time_in_millis(),
        "region": os.environ.get("AWS_REGION"),
        "event": event,
    }


if __name__ == "__main__":
    print(json.dumps({"hint": "deployed by `./stepwise server` as the function 'hello'"}))
