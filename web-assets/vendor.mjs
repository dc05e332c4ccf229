// Copy the built, minified files of the npm packages the web UI uses into
// src/wirecoder/web/static/vendor/, so the server never fetches anything from
// outside at run time.  Run after `npm ci`:  node vendor.mjs
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const modules = join(here, "node_modules");
const target = join(here, "..", "src", "wirecoder", "web", "static", "vendor");

// package -> [file inside the package, name under vendor/]
const FILES = {
  "htmx.org": [["dist/htmx.min.js", "htmx.min.js"]],
  "d3": [["dist/d3.min.js", "d3.min.js"]],
  "@observablehq/plot": [["dist/plot.umd.min.js", "plot.umd.min.js"]],
  "cytoscape": [["dist/cytoscape.min.js", "cytoscape.min.js"]],
  "topojson-client": [["dist/topojson-client.min.js", "topojson-client.min.js"]],
  "world-atlas": [["countries-110m.json", "countries-110m.json"]],
};

rmSync(target, { recursive: true, force: true });
mkdirSync(join(target, "licenses"), { recursive: true });
const versions = {};
for (const [pkg, files] of Object.entries(FILES)) {
  const root = join(modules, pkg);
  if (!existsSync(root)) throw new Error(`${pkg} is not installed; run npm ci in web-assets/ first`);
  versions[pkg] = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).version;
  for (const [from, to] of files) copyFileSync(join(root, from), join(target, to));
  const license = ["LICENSE", "LICENSE.md", "LICENSE.txt"].map((n) => join(root, n)).find(existsSync);
  if (license) copyFileSync(license, join(target, "licenses", pkg.replace(/^@/, "").replace("/", "-") + ".txt"));
}
writeFileSync(join(target, "VERSIONS.json"), JSON.stringify(versions, null, 2) + "\n");
console.log("vendored into", target, versions);
