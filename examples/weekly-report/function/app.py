"""Builds one user's weekly report: that user's transactions of an ISO week, aggregated into a small summary.

Event: {"userId": "u0042", "week": "2026-W49"}. Returns {"userId", "transactions", "total", "topCategory"}, under
120 bytes, because the workflow's Map collects one result per user into one payload (256 KiB at most).
The distributed variant (distributed/) sends a batch of users instead: see batch().
The transactions are generated, not fetched: the same (userId, week) always gives the same report.
"""
import datetime
import os
import random
import zlib

# category -> (merchants, smallest amount, largest amount)
CATEGORIES = {
    "groceries": (["FreshMart", "Corner Grocer", "Bio Market"], 4.0, 120.0),
    "restaurants": (["Trattoria Roma", "Noodle Bar", "Cafe Central"], 8.0, 90.0),
    "transport": (["City Metro", "TaxiNow", "Fuel Station"], 2.0, 60.0),
    "shopping": (["BookNook", "TechStore", "Shoe Palace"], 10.0, 400.0),
    "entertainment": (["Cinema 8", "StreamFlix", "Concert Hall"], 6.0, 150.0),
    "utilities": (["PowerGrid", "WaterWorks", "FiberNet"], 20.0, 200.0),
}
WEEK_SECONDS = 7 * 24 * 3600
_flaky = random.SystemRandom()  # not seeded by the event: a retry of the same user can succeed


class TransientError(Exception):
    """A hiccup (think: the ledger database timed out). Retrying usually helps."""


class AccountClosedError(Exception):
    """The account no longer exists: retrying cannot help."""


def is_closed(user_id):
    # crc32 is stable across processes (Python's hash() of a str is salted per process): about 1% of the ids.
    return zlib.crc32(user_id.encode("utf-8")) % 100 == 0


def transactions(user_id, week):
    """5 to 40 transactions of that user within the ISO week (e.g. "2026-W49"), always the same ones."""
    year, number = week.split("-W")
    monday = datetime.datetime.fromisocalendar(int(year), int(number), 1).replace(tzinfo=datetime.timezone.utc)
    rng = random.Random(f"{user_id}/{week}")  # seeding with a str is stable (it is hashed with SHA-512)
    result = []
    for _ in range(rng.randint(5, 40)):
        category = rng.choice(sorted(CATEGORIES))
        merchants, low, high = CATEGORIES[category]
        result.append({
            "amount": round(rng.uniform(low, high), 2),
            "category": category,
            "merchant": rng.choice(merchants),
            "timestamp": (monday + datetime.timedelta(seconds=rng.randrange(WEEK_SECONDS))).isoformat(),
        })
    return result


def aggregate(txs):
    by_category = {}
    for t in txs:
        by_category[t["category"]] = by_category.get(t["category"], 0.0) + t["amount"]
    total = sum(t["amount"] for t in txs)
    return {
        "count": len(txs),
        "total": round(total, 2),
        "average": round(total / len(txs), 2),
        "largest": max(txs, key=lambda t: t["amount"]),
        "byCategory": {c: round(v, 2) for c, v in by_category.items()},
        # ties go to the alphabetically first category, so the result does not depend on dict order
        "topCategory": min(by_category, key=lambda c: (-by_category[c], c)),
    }


def handler(event, context):
    if "Items" in event:  # a batch of the distributed variant (ItemBatcher)
        return batch(event["Items"], event["BatchInput"]["week"])
    user_id, week = event["userId"], event["week"]
    if _flaky.random() < float(os.environ.get("FAIL_RATE", "0.02")):
        raise TransientError(f"the ledger timed out while reading {user_id}'s transactions")
    if is_closed(user_id):
        raise AccountClosedError(f"account {user_id} is closed")
    report = aggregate(transactions(user_id, week))
    largest = report["largest"]
    print(f"{user_id} {week}: {report['count']} transactions, total {report['total']}, average {report['average']}, "
          f"largest {largest['amount']} at {largest['merchant']}")  # one line in the function's log
    # only the summary goes back: the workflow keeps 1,000 of these in one payload
    return {"userId": user_id, "transactions": report["count"], "total": report["total"],
            "topCategory": report["topCategory"]}


def batch(items, week):
    """The distributed variant: {"Items": [{"userId": "u0001"}, ...], "BatchInput": {"week": "2026-W49"}} from the
    ItemBatcher. Sums the batch up as the inline variant's Summarize state sums up all users; a closed account is
    recorded, not fatal (as the inline variant's Catch does). A hiccup fails the whole call, which the Retry repeats."""
    if _flaky.random() < float(os.environ.get("FAIL_RATE", "0.02")):
        raise TransientError(f"the ledger timed out while reading a batch of {len(items)} users")
    built, failed = [], []
    for item in items:
        user_id = item["userId"]
        if is_closed(user_id):
            failed.append(user_id)
        else:
            built.append(aggregate(transactions(user_id, week)))
    print(f"{week}: {len(items)} users from {items[0]['userId']}, {len(built)} reports built, {len(failed)} failed")
    return {"week": week, "users": len(items), "reportsBuilt": len(built), "failed": len(failed), "failedUsers": failed,
            "totalAmount": round(sum(r["total"] for r in built), 2), "transactions": sum(r["count"] for r in built)}
