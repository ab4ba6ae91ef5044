// Run a Python script inside Pyodide (CPython compiled to WebAssembly) under Node, offline.
//
//   node run.mjs WHEELS_DIR SCRIPT.py [ARG]
//
// Every *.whl in WHEELS_DIR is unpacked into Pyodide's site-packages (pure-Python wheels:
// what micropip does with them), then SCRIPT.py runs with sys.argv = [SCRIPT.py, ARG].
// Nothing is fetched: Pyodide's runtime comes from node_modules/pyodide.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { loadPyodide } from "pyodide";

const [wheels, script, arg = ""] = process.argv.slice(2);
const started = performance.now();
const pyodide = await loadPyodide({ stdout: (s) => console.log(s), stderr: (s) => console.error(s) });
const booted = performance.now();
for (const name of readdirSync(wheels).filter((n) => n.endsWith(".whl")).sort()) {
  pyodide.unpackArchive(new Uint8Array(readFileSync(join(wheels, name))), "wheel");
}
pyodide.globals.set("XLCRM_TIMES", pyodide.toPy({ boot_ms: booted - started }));
pyodide.runPython("import sys; sys.argv = [" + JSON.stringify(script) + ", " + JSON.stringify(arg) + "]");
try {
  await pyodide.runPythonAsync(readFileSync(script, "utf8"));
} catch (error) {
  console.error(String(error.message ?? error).slice(-4000)); // the Python traceback only
  process.exit(1);
}
