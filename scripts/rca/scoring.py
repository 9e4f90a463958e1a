"""Accuracy figures of the RCA benchmark (pure).

AC@k: the share of cases where a root-cause entity is among the first k distinct entities of
the ranked hypotheses (repeated entities keep their first position). With several labelled root
causes (PyRCA cases), any of them counts. Avg@5 is the mean of AC@1..AC@5.
"""
from __future__ import annotations

import statistics


def ranked_entities(hypotheses) -> list[str]:
    seen: list[str] = []
    for h in hypotheses or []:
        e = h.get("entity") if isinstance(h, dict) else None
        if isinstance(e, str) and e not in seen:
            seen.append(e)
    return seen


def hit_rank(entities: list[str], roots: list[str]) -> int | None:
    """1-based position of the first root cause in the ranking, or None."""
    for i, e in enumerate(entities, start=1):
        if e in roots:
            return i
    return None


def ac_at(ranks: list[int | None], k: int) -> float:
    if not ranks:
        return 0.0
    return sum(1 for r in ranks if r is not None and r <= k) / len(ranks)


def summarize(results: list[dict]) -> dict:
    """results: [{"rank": int|None, "seconds": float|None, "decisive": bool|None, "error": str|None}]
    Failed cases count as misses."""
    ranks = [r.get("rank") for r in results]
    secs = [r["seconds"] for r in results if r.get("seconds") is not None]
    decisive = [r["decisive"] for r in results if isinstance(r.get("decisive"), bool)]
    return {
        "cases": len(results),
        "ac1": ac_at(ranks, 1),
        "ac3": ac_at(ranks, 3),
        "avg5": sum(ac_at(ranks, k) for k in range(1, 6)) / 5,
        "medianSeconds": statistics.median(secs) if secs else None,
        "maxSeconds": max(secs) if secs else None,
        "decisiveShare": (sum(decisive) / len(decisive)) if decisive else None,
        "errors": sum(1 for r in results if r.get("error")),
    }
