#!/usr/bin/python3
"""Validates the contract database against its JSON Schema, and checks that
every rule's citation is a verbatim sentence of the seed page it names.

Run with Debian's /usr/bin/python3 (python3-jsonschema). Exit status 0 when
the database is valid, 1 with one line per problem otherwise.
"""
import argparse
import json
import os
import re
import sys

import jsonschema

HERE = os.path.dirname(os.path.abspath(__file__))


def rendered(text):
    """The seed page as a reader sees it: markdown links, emphasis and
    line breaks removed, so that a citation can quote the sentence."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = text.replace("**", "").replace("*", "").replace("\\_", "_")
    return " ".join(text.split())


def citations(db):
    """(where, citation) for every citation in the database: rules, DDIs,
    roles, characteristics fields and the deserialization declaration."""
    for rule in db.get("rules", []):
        for i, cite in enumerate(rule.get("cites", [])):
            yield "rules[%s].cites[%d]" % (rule.get("id"), i), cite
    for section, key in (("ddis", "name"), ("roles", "name"),
                         ("characteristics", "field")):
        for n, item in enumerate(db.get(section, [])):
            for i, cite in enumerate(item.get("cites", [])):
                yield "%s[%d:%s].cites[%d]" % (section, n, item.get(key), i), cite
    for i, cite in enumerate(db.get("deserialized", {}).get("cites", [])):
        yield "deserialized.cites[%d]" % i, cite


def check_citations(db, seeds_dir):
    """Every citation of a seed page must be verbatim in it. Citations of
    other pages name them by url; the stored seeds cannot check those."""
    problems = []
    pages = {}
    for where, cite in citations(db):
        seed = cite.get("seed")
        if not seed:
            continue
        path = os.path.join(seeds_dir, seed)
        if seed not in pages:
            if not os.path.exists(path):
                problems.append("%s: seed page %s not found" % (where, path))
                pages[seed] = None
                continue
            with open(path, encoding="utf-8") as f:
                pages[seed] = rendered(f.read())
        page = pages[seed]
        if page is not None and " ".join(cite["text"].split()) not in page:
            problems.append("%s: text is not verbatim in %s: %r" %
                            (where, seed, cite["text"]))
    return problems


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--db", default=os.path.join(HERE, "ndis-contracts.json"))
    ap.add_argument("--schema", default=os.path.join(HERE, "ndis-contracts.schema.json"))
    ap.add_argument("--seeds", default=os.path.join(HERE, "seeds"))
    args = ap.parse_args()

    with open(args.schema, encoding="utf-8") as f:
        schema = json.load(f)
    with open(args.db, encoding="utf-8") as f:
        db = json.load(f)

    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    problems = ["%s: %s" % (e.json_path, e.message)
                for e in sorted(cls(schema).iter_errors(db), key=lambda e: e.json_path)]
    problems += check_citations(db, args.seeds)
    for p in problems:
        print("%s: error: %s" % (args.db, p), file=sys.stderr)
    if problems:
        return 1
    cites = list(citations(db))
    print("%s: valid (%d rules, %d ddis, %d roles, %d characteristics fields; "
          "%d citations, %d of seed pages checked verbatim)" %
          (args.db, len(db.get("rules", [])), len(db.get("ddis", [])),
           len(db.get("roles", [])), len(db.get("characteristics", [])),
           len(cites), sum(1 for _, c in cites if c.get("seed"))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
