#!/usr/bin/env python3
"""Writes a synthetic kgrep GraphML graph of about N nodes, for measuring how
the interactive page copes with size: `kgrep render synth.graphml -o synth.html`
then tests/web/measure_page.mjs.

Organisations take their names from a names file (one a line, e.g. the shared
corpora's SEC list); people, models and amounts are made up. Edges follow
kgrep's vocabulary with a preferential attachment, so a few hubs gather many
edges as in news: people work at, leave and join organisations, organisations
invest in each other, release models and raise amounts. Seeded: the same
arguments give the same file.

usage: synthetic_graph.py NODES NAMES_FILE OUT.graphml
"""
import random
import sys
from xml.sax.saxutils import escape

FIRST = ["Ada", "Bo", "Chen", "Dana", "Eli", "Fatima", "Goran", "Hana", "Ivo", "Jun", "Kira", "Luca", "Mira",
         "Nils", "Omar", "Priya", "Quinn", "Rosa", "Sami", "Tess", "Umar", "Vera", "Wen", "Xavi", "Yara", "Zoe"]
LAST = ["Abbott", "Berg", "Castillo", "Dekker", "Eriksen", "Fischer", "Garcia", "Hoang", "Ito", "Jansen",
        "Kowalski", "Laine", "Moreau", "Nakamura", "Okafor", "Petrov", "Quispe", "Rossi", "Sato", "Tanaka",
        "Ueda", "Visser", "Wagner", "Xu", "Yilmaz", "Zhang"]
COLOURS = {"Organization": (166, 206, 227), "Person": (178, 223, 138), "Model": (253, 191, 111),
           "Amount": (220, 220, 220)}
NODE_KEYS = [("entity_id", "string"), ("label", "string"), ("type", "string"), ("aliases", "string"),
             ("mentions", "int"), ("discovered", "boolean"), ("r", "int"), ("g", "int"), ("b", "int")]
EDGE_KEYS = ["relation", "label", "role", "weight", "confidence", "first_seen", "last_seen", "docs", "evidence",
             "rules"]


def main():
    total, names_file, out_path = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    rng = random.Random(10)
    with open(names_file, encoding="utf-8") as names:
        org_names = list(dict.fromkeys(line.strip() for line in names if line.strip()))
    counts = {"Organization": total * 25 // 100, "Person": total * 60 // 100, "Model": total * 10 // 100}
    counts["Amount"] = total - sum(counts.values())
    nodes = {}
    for k in range(counts["Organization"]):
        nodes[f"org-{k}"] = ("Organization", org_names[k % len(org_names)] + ("" if k < len(org_names) else f" {k}"))
    for k in range(counts["Person"]):
        nodes[f"person-{k}"] = ("Person", f"{FIRST[k % 26]} {LAST[(k // 26) % 26]}{'' if k < 676 else f' {k}'}")
    for k in range(counts["Model"]):
        nodes[f"model-{k}"] = ("Model", f"Model {k}")
    for k in range(counts["Amount"]):
        nodes[f"amount-{k}"] = ("Amount", f"USD {(k + 1) * 1000000}")
    keys = {kind: [key for key, (t, _) in nodes.items() if t == kind] for kind in COLOURS}

    popular = []  # organisations, repeated once per edge they have: preferential attachment

    def organisation():
        if popular and rng.random() < 0.8:
            return rng.choice(popular)
        return rng.choice(keys["Organization"])

    def date():
        return f"{rng.randint(2023, 2026)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"

    edges = {}

    def add(source, relation, target, role=""):
        if (source, relation, target) in edges or source == target:
            return
        when = date()
        doc = f"doc-{rng.randint(1, 20000)}.txt"
        sentence = f"{nodes[source][1]} {relation.replace('_', ' ')} {nodes[target][1]}, the report said."
        edges[(source, relation, target)] = (role, when, doc, sentence)
        for end in (source, target):
            if nodes[end][0] == "Organization":
                popular.append(end)

    for person in keys["Person"]:
        add(person, "works_at", organisation(), rng.choice(["", "", "CEO", "CTO", "researcher"]))
        if rng.random() < 0.3:
            add(person, "left", organisation())
            add(person, "joined", organisation())
    for org in keys["Organization"]:
        for _ in range(rng.randint(0, 3)):
            add(org, rng.choice(["invested_in", "competes_with", "deal_with", "acquired"]), organisation())
    for model in keys["Model"]:
        add(organisation(), "released", model)
    for amount in keys["Amount"]:
        add(organisation(), rng.choice(["raised", "valued_at"]), amount)

    with open(out_path, "w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n<graphml xmlns="http://graphml.graphdrawing.org/xmlns">\n')
        for name, kind in NODE_KEYS:
            out.write(f'  <key id="v_{name}" for="node" attr.name="{name}" attr.type="{kind}"/>\n')
        for name in EDGE_KEYS:
            kind = "double" if name in ("weight", "confidence") else "string"
            out.write(f'  <key id="e_{name}" for="edge" attr.name="{name}" attr.type="{kind}"/>\n')
        out.write('  <graph id="kgrep" edgedefault="directed">\n')
        for key in sorted(nodes):
            kind, label = nodes[key]
            r, g, b = COLOURS[kind]
            values = [key, label, kind, "", str(rng.randint(1, 9)), "false", str(r), str(g), str(b)]
            out.write(f'    <node id="{key}">\n')
            for (name, _), value in zip(NODE_KEYS, values):
                out.write(f'      <data key="v_{name}">{escape(value)}</data>\n')
            out.write("    </node>\n")
        for number, ((source, relation, target), (role, when, doc, sentence)) in enumerate(sorted(edges.items())):
            values = [relation, relation, role, "1", "1", when, when, doc, sentence, f"{relation}-synthetic"]
            out.write(f'    <edge id="e{number}" source="{source}" target="{target}">\n')
            for name, value in zip(EDGE_KEYS, values):
                out.write(f'      <data key="e_{name}">{escape(value)}</data>\n')
            out.write("    </edge>\n")
        out.write("  </graph>\n</graphml>\n")
    print(f"{out_path}: {len(nodes)} nodes, {len(edges)} edges", file=sys.stderr)


if __name__ == "__main__":
    main()
