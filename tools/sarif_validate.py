#!/usr/bin/python3
"""Validate SARIF 2.1.0 logs: the JSON schema, then GitHub code scanning's rules.

Usage: tools/sarif_validate.py [--schema FILE] [--no-github] [--min-results N]
                               LOG.sarif [LOG.sarif ...]

1. JSON schema: tools/.sarif/sarif-2.1.0.json (fetched by tools/setup.sh),
   with the jsonschema draft the schema itself declares.
2. What GitHub's ingestion needs and the schema does not demand:
   - every rule in tool.driver.rules has shortDescription, fullDescription and
     help (each with non-empty text);
   - every result has a ruleId, a ruleIndex that points at the rule of that
     id, a non-empty message.text, and a first location whose
     artifactLocation.uri is relative with uriBaseId "%SRCROOT%" and whose
     region.startLine is >= 1; partialFingerprints is non-empty.

Exit codes: 0 valid, 1 invalid, 2 usage or unreadable input (with
--expect-invalid, for self-tests: 0 when every log is invalid, else 1),
77 schema missing (ctest's SKIP_RETURN_CODE: run tools/setup.sh first).
Runs with Debian's /usr/bin/python3 and python3-jsonschema.
"""

import argparse
import json
import os
import sys
from urllib.parse import urlsplit

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_SCHEMA = os.path.join(HERE, ".sarif", "sarif-2.1.0.json")
SKIP = 77


def schema_errors(log, schema):
    """Yields 'path: message' for each schema violation in log."""
    import jsonschema  # python3-jsonschema

    cls = jsonschema.validators.validator_for(schema, default=jsonschema.Draft7Validator)
    cls.check_schema(schema)
    validator = cls(schema)
    for err in sorted(validator.iter_errors(log), key=lambda e: list(e.absolute_path)):
        path = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in err.absolute_path)
        yield f"schema: ${path}: {err.message[:300]}"


def _text(obj, key):
    """True if obj[key] is an object with non-empty 'text' (or 'markdown' for help)."""
    val = obj.get(key)
    return isinstance(val, dict) and bool(val.get("text"))


def _is_relative_uri(uri):
    parts = urlsplit(uri)
    return not parts.scheme and not parts.netloc and not uri.startswith("/")


def github_errors(log):
    """Yields each GitHub-ingestion problem the schema does not catch."""
    if not isinstance(log, dict):
        yield "the log is not a JSON object"
        return
    for r, run in enumerate(log.get("runs", [])):
        driver = run.get("tool", {}).get("driver", {})
        rules = driver.get("rules", [])
        index_of = {}
        for i, rule in enumerate(rules):
            where = f"runs[{r}].tool.driver.rules[{i}] ({rule.get('id', '?')})"
            if not rule.get("id"):
                yield f"{where}: no id"
            index_of.setdefault(rule.get("id"), i)
            for key in ("shortDescription", "fullDescription", "help"):
                if not _text(rule, key):
                    yield f"{where}: no {key}.text"
        for j, res in enumerate(run.get("results", [])):
            where = f"runs[{r}].results[{j}]"
            rule_id = res.get("ruleId")
            if not rule_id:
                yield f"{where}: no ruleId"
            elif rule_id not in index_of:
                yield f"{where}: ruleId '{rule_id}' is not in tool.driver.rules"
            idx = res.get("ruleIndex")
            if idx is None:
                yield f"{where}: no ruleIndex"
            elif not (isinstance(idx, int) and 0 <= idx < len(rules)):
                yield f"{where}: ruleIndex {idx} out of range (0..{len(rules) - 1})"
            elif rule_id and rules[idx].get("id") != rule_id:
                yield (f"{where}: ruleIndex {idx} names rule "
                       f"'{rules[idx].get('id')}', but ruleId is '{rule_id}'")
            if not (isinstance(res.get("message"), dict) and res["message"].get("text")):
                yield f"{where}: no message.text"
            yield from _location_errors(where, res.get("locations") or [])
            if not res.get("partialFingerprints"):
                yield f"{where}: partialFingerprints missing or empty"


def _location_errors(where, locations):
    if not locations:
        yield f"{where}: no locations"
        return
    phys = locations[0].get("physicalLocation") or {}
    art = phys.get("artifactLocation") or {}
    uri = art.get("uri")
    where = f"{where}.locations[0].physicalLocation"
    if not uri:
        yield f"{where}: no artifactLocation.uri"
    elif not _is_relative_uri(uri):
        yield f"{where}: artifactLocation.uri '{uri}' is not relative"
    if art.get("uriBaseId") != "%SRCROOT%":
        yield f"{where}: artifactLocation.uriBaseId is {art.get('uriBaseId')!r}, not '%SRCROOT%'"
    line = (phys.get("region") or {}).get("startLine")
    if not (isinstance(line, int) and line >= 1):
        yield f"{where}: region.startLine is {line!r}, must be >= 1"


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("logs", nargs="+", metavar="LOG.sarif")
    ap.add_argument("--schema", default=DEFAULT_SCHEMA, help="SARIF 2.1.0 JSON schema")
    ap.add_argument("--no-github", action="store_true", help="schema only")
    ap.add_argument("--min-results", type=int, default=0,
                    help="fail unless each log has at least N results")
    ap.add_argument("--expect-invalid", action="store_true",
                    help="self-test: exit 0 only if every log is invalid")
    args = ap.parse_args(argv)

    if not os.path.isfile(args.schema):
        print(f"SKIP: SARIF schema not found at {args.schema} (run tools/setup.sh)")
        return SKIP
    with open(args.schema, encoding="utf-8") as f:
        schema = json.load(f)

    failed, all_invalid = False, True
    for path in args.logs:
        try:
            with open(path, encoding="utf-8") as f:
                log = json.load(f)
        except (OSError, ValueError) as e:
            print(f"{path}: cannot read SARIF: {e}")
            return 2
        problems = list(schema_errors(log, schema))
        if not args.no_github:
            try:
                problems += list(github_errors(log))
            except (AttributeError, TypeError, KeyError) as e:
                problems.append(f"github: log too malformed to check ({e!r})")
        runs = [run for run in log.get("runs", []) if isinstance(run, dict)] \
            if isinstance(log, dict) else []
        nresults = sum(len(run.get("results", [])) for run in runs)
        if nresults < args.min_results:
            problems.append(f"{nresults} results, expected at least {args.min_results}")
        for p in problems:
            print(f"{path}: {p}")
        nrules = sum(len(run.get("tool", {}).get("driver", {}).get("rules", []))
                     for run in runs)
        verdict = "INVALID" if problems else "valid"
        print(f"{path}: {verdict} ({len(problems)} problems; {nrules} rules, {nresults} results)")
        failed |= bool(problems)
        all_invalid = all_invalid and bool(problems)
    if args.expect_invalid:
        return 0 if all_invalid else 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
