"""Checks an Airflow DAG file with Python's own parser, without Airflow.

Usage: python3 check_dag.py FILE

Compiles FILE (a syntax error exits 1), then walks its syntax tree and prints one JSON object:
  imports:   every imported module
  dags:      the keyword arguments of each DAG(...) call
  operators: each SparkSubmitOperator(...) call: its variable, task_id and keyword arguments
  edges:     every dependency written with >> (also a >> b >> c and lists), as [upstream, downstream]
  fallbacks: each try/except ImportError of imports: {"try": [...], "except": [...]}, every import
             as {"module", "name", "as"} (the name it binds)
Literal arguments are given as values (module-level constants are resolved), lists and dicts item
by item; other expressions as {"expr": "<source>"}.
"""

import ast
import json
import sys


def main(path):
    with open(path, encoding="utf-8") as f:
        source = f.read()
    compile(source, path, "exec")
    tree = ast.parse(source, path)

    constants = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
            if isinstance(target, ast.Name):
                ok, value = literal(node.value, constants)
                if ok:
                    constants[target.id] = value

    imports, dags, operators, variables = [], [], [], {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imports += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            imports += [node.module + "." + a.name for a in node.names]
        elif isinstance(node, ast.Call) and call_name(node) == "DAG":
            dags.append(kwargs(node, constants))
        elif isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
            if call_name(node.value) == "SparkSubmitOperator":
                args = kwargs(node.value, constants)
                var = node.targets[0].id
                variables[var] = args.get("task_id")
                operators.append({"var": var, "task_id": args.get("task_id"), "kwargs": args})

    fallbacks = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Try):
            handlers = [h for h in node.handlers if catches_import_error(h)]
            if handlers:
                fallbacks.append(
                    {
                        "try": imported(node.body),
                        "except": [i for h in handlers for i in imported(h.body)],
                    }
                )

    edges = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Expr) and is_shift(node.value):
            chain(node.value, variables, edges)

    print(
        json.dumps(
            {
                "imports": imports,
                "dags": dags,
                "operators": operators,
                "edges": edges,
                "fallbacks": fallbacks,
            }
        )
    )


def catches_import_error(handler):
    t = handler.type
    names = t.elts if isinstance(t, ast.Tuple) else [t]
    return any(isinstance(n, ast.Name) and n.id in ("ImportError", "ModuleNotFoundError") for n in names)


def imported(statements):
    """The from-imports among statements: module, name and the name bound."""
    out = []
    for st in statements:
        if isinstance(st, ast.ImportFrom):
            out += [{"module": st.module, "name": a.name, "as": a.asname or a.name} for a in st.names]
    return out


def call_name(call):
    f = call.func
    return f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else None


def literal(node, constants):
    """(True, value) for a literal, a known constant, or containers and implicit concatenations of
    them; (False, None) otherwise."""
    if isinstance(node, ast.Name):
        if node.id in constants:
            return True, constants[node.id]
        if node.id in ("None", "True", "False"):
            return True, {"None": None, "True": True, "False": False}[node.id]
        return False, None
    if isinstance(node, ast.List) or isinstance(node, ast.Tuple):
        items = [literal(e, constants) for e in node.elts]
        return all(ok for ok, _ in items), [v for _, v in items]
    if isinstance(node, ast.Dict):
        keys = [literal(k, constants) for k in node.keys]
        values = [literal(v, constants) for v in node.values]
        ok = all(o for o, _ in keys + values)
        return ok, dict(zip([k for _, k in keys], [v for _, v in values])) if ok else None
    try:
        return True, ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError):
        return False, None


def kwargs(call, constants):
    return {kw.arg: value(kw.value, constants) for kw in call.keywords}


def value(node, constants):
    """A literal's value; for lists and dicts that are not all literal, each item's value; for
    anything else {"expr": "<source>"}."""
    ok, v = literal(node, constants)
    if ok:
        return v
    if isinstance(node, (ast.List, ast.Tuple)):
        return [value(e, constants) for e in node.elts]
    if isinstance(node, ast.Dict) and all(k is not None for k in node.keys):
        keys = [literal(k, constants) for k in node.keys]
        if all(ok for ok, _ in keys):
            return {k: value(v, constants) for (_, k), v in zip(keys, node.values)}
    return {"expr": ast.unparse(node)}


def is_shift(node):
    return isinstance(node, ast.BinOp) and isinstance(node.op, ast.RShift)


def chain(node, variables, edges):
    """Adds the edges of a >> expression; returns the tasks at its right end."""
    if is_shift(node):
        left = chain(node.left, variables, edges)
        right = chain(node.right, variables, edges)
        for a in left:
            for b in right:
                edges.append([a, b])
        return right
    if isinstance(node, (ast.List, ast.Tuple)):
        return [t for e in node.elts for t in chain(e, variables, edges)]
    if isinstance(node, ast.Name):
        if node.id not in variables:
            raise SystemExit(f"{node.id} in a >> dependency is not an operator variable")
        return [variables[node.id]]
    raise SystemExit(f"unexpected expression in a >> dependency: {ast.unparse(node)}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit("usage: python3 check_dag.py FILE")
    main(sys.argv[1])
