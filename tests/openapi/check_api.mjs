// Validates server/openapi.json with a real OpenAPI validator, then starts the real kb-index and
// kb-serve on a copy of the sample articles, calls every /api/v1 route (successes and errors) and checks
// each response's status, content type and body against the document.
// Usage: node check_api.mjs KB_INDEX_BIN KB_SERVE_BIN SOURCE_DIR. Exits 77 (skipped) without node_modules.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const SKIP = 77;
const [indexBin, serveBin, sourceDir] = process.argv.slice(2);
if (!indexBin || !serveBin || !sourceDir) {
  console.error("usage: node check_api.mjs KB_INDEX_BIN KB_SERVE_BIN SOURCE_DIR");
  process.exit(2);
}

let SwaggerParser, Ajv, addFormats;
try {
  SwaggerParser = (await import("@apidevtools/swagger-parser")).default;
  Ajv = (await import("ajv")).default;
  addFormats = (await import("ajv-formats")).default;
} catch {
  console.log("SKIP: npm packages missing; run `npm ci` in tests/openapi (scripts/setup does)");
  process.exit(SKIP);
}

const failures = [];
const fail = (message) => {
  failures.push(message);
  console.error("FAIL: " + message);
};

// 1. The document itself.
const documentPath = path.join(sourceDir, "server", "openapi.json");
const source = JSON.parse(fs.readFileSync(documentPath, "utf8"));
try {
  await SwaggerParser.validate(structuredClone(source));
  console.log(`ok: ${documentPath} is a valid OpenAPI ${source.openapi} document`);
} catch (error) {
  fail(`openapi.json is not valid OpenAPI: ${error.message}`);
}
const api = await SwaggerParser.dereference(structuredClone(source));
// Clients may ignore fields they do not know, so the document leaves objects open; this check closes
// them, so that every field a response carries is documented.
const closed = new WeakSet();
(function close(schema) {
  if (!schema || typeof schema !== "object" || closed.has(schema)) return;
  closed.add(schema);
  if (schema.type === "object" && schema.properties && schema.additionalProperties === undefined) {
    schema.additionalProperties = false;
  }
  for (const value of Object.values(schema)) close(value);
})(api.components.schemas);
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);

// 2. Every /api/v1 route registered in server/routes.cc is documented, and nothing else is.
const routes = fs.readFileSync(path.join(sourceDir, "server", "routes.cc"), "utf8");
const registered = new Set();
// Route patterns are registered inline (server.Get("...")) or through a named constant (kVoteApiRoute).
for (const match of routes.matchAll(/(?:server\.(?:Get|Post)\(|Route = )(?:"|R"\()(\/api\/v1\/[^"\s]*?)(?:\)"|")/g)) {
  registered.add(match[1].replace(/\(\[[^\]]*\]\{[\d,]+\}\)/g, "{}").replace(/\\\./g, "."));
}
const documented = new Set(Object.keys(api.paths).map((p) => p.replace(/\{[^}]+\}/g, "{}")));
for (const route of registered) if (!documented.has(route)) fail(`route ${route} is not in openapi.json`);
for (const route of documented) if (!registered.has(route)) fail(`openapi.json documents ${route}, which routes.cc does not register`);
console.log(`ok: ${registered.size} /api/v1 routes registered, ${documented.size} documented`);

// 3. A site: the sample articles, then a rebuild with one article retired (for 410).
const work = fs.mkdtempSync(path.join(os.tmpdir(), "kb-openapi-"));
const articles = path.join(work, "articles");
const index = path.join(work, "index");
fs.cpSync(path.join(sourceDir, "articles"), articles, { recursive: true });
const build = () => {
  const built = spawnSync(indexBin, ["--articles", articles, "--index", index], { encoding: "utf8" });
  if (built.status !== 0) throw new Error("kb-index failed: " + built.stderr);
};
build();
fs.rmSync(path.join(articles, "en", "orders", "track-order.md"));
fs.writeFileSync(path.join(articles, "retired.yaml"), "- track-order\n");
build();

const server = spawn(serveBin, ["--index", index, "--templates", path.join(sourceDir, "templates"), "--port", "0",
                                "--db", path.join(work, "kb.sqlite")], { stdio: ["ignore", "pipe", "inherit"] });
const base = await new Promise((resolve, reject) => {
  let out = "";
  server.stdout.on("data", (chunk) => {
    out += chunk;
    const match = out.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
    if (match) resolve(match[1]);
  });
  server.on("exit", (code) => reject(new Error("kb-serve exited with " + code)));
  setTimeout(() => reject(new Error("kb-serve did not start")), 20000);
});
server.stdout.resume();

// The documented operation for a concrete path, e.g. /api/v1/articles/reset-router -> /api/v1/articles/{slug}.
function operationFor(method, urlPath) {
  for (const [template, item] of Object.entries(api.paths)) {
    const pattern = new RegExp("^" + template.replace(/\{[^}]+\}/g, "[^/]+").replace(/\./g, "\\.") + "$");
    if (pattern.test(urlPath) && item[method]) return { template, operation: item[method] };
  }
  return null;
}

const covered = new Set();
async function check(method, target, { status, body, headers = {} }) {
  const url = new URL(target, base);
  const response = await fetch(url, {
    method: method.toUpperCase(),
    headers: body === undefined ? headers : { "Content-Type": "application/json", ...headers },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    redirect: "manual",
  });
  const label = `${method.toUpperCase()} ${target} -> ${response.status}`;
  if (response.status !== status) return fail(`${label}, expected ${status}`);
  const found = operationFor(method, url.pathname);
  if (!found) return fail(`${label}: no documented operation`);
  const documentedResponse = found.operation.responses[String(status)];
  if (!documentedResponse) return fail(`${label}: status not documented for ${found.template}`);
  covered.add(`${method} ${found.template} ${status}`);
  const type = (response.headers.get("content-type") || "").split(";")[0].trim();
  const media = documentedResponse.content?.[type];
  if (!media) return fail(`${label}: content type ${type} not documented`);
  const text = await response.text();
  if (type !== "application/json") return console.log(`ok: ${label} (${type})`);
  const validate = ajv.compile(media.schema);
  if (!validate(JSON.parse(text))) {
    return fail(`${label}: body does not match the schema: ${ajv.errorsText(validate.errors)}\n${text.slice(0, 400)}`);
  }
  console.log(`ok: ${label}`);
}

try {
  const sameSite = { Origin: base };
  await check("get", "/api/v1/search?q=reset%20router", { status: 200 });
  await check("get", "/api/v1/search?q=reset&lang=te&tag=router&per_page=3&page=1", { status: 200 });
  await check("get", "/api/v1/search?q=routr", { status: 200 });  // a suggestion
  await check("get", "/api/v1/search?q=zzqxvw", { status: 200 });  // nothing found
  await check("get", "/api/v1/search?q=router&page=0", { status: 400 });
  await check("get", "/api/v1/search?q=router&lang=%3C%3E", { status: 400 });
  await check("get", "/api/v1/suggest?q=res", { status: 200 });
  await check("get", "/api/v1/suggest?q=res&limit=x", { status: 400 });
  await check("post", "/api/v1/suggest", { status: 200, body: { subject: "wifi keeps dropping", body: "Hi,\nmy router loses the connection every evening.\nThanks,\nBob" } });
  await check("post", "/api/v1/suggest", { status: 200, body: { body: "zzqx vvbnm", limit: 3 } });
  await check("post", "/api/v1/suggest", { status: 400, body: { subject: "" } });
  await check("post", "/api/v1/suggest", { status: 400, body: { subject: "router", limit: 99 } });
  await check("get", "/api/v1/articles/reset-router", { status: 200 });
  await check("get", "/api/v1/articles/reset-router?lang=lv", { status: 200 });
  await check("get", "/api/v1/articles/reset-router", { status: 200, headers: { "Accept-Language": "te" } });
  await check("get", "/api/v1/articles/factory-reset", { status: 301 });
  await check("get", "/api/v1/articles/no-such-article", { status: 404 });
  await check("get", "/api/v1/articles/track-order", { status: 410 });
  await check("get", "/api/v1/products/KR-1800/articles", { status: 200 });
  await check("get", "/api/v1/products/KR-1800/articles?format=html", { status: 200 });
  await check("get", "/api/v1/products/KR-1800/articles?lang=te&tag=setup&limit=3&format=text&src=order-email", { status: 200 });
  await check("get", "/api/v1/products/KR-1800/articles?limit=2&src=order-email", { status: 200 });
  await check("get", "/api/v1/products/KR-1800/articles?limit=0", { status: 400 });
  await check("get", "/api/v1/products/KR-1800/articles?src=Not%20Valid", { status: 400 });
  await check("get", "/api/v1/products/KR-1800/articles?tag=no-such-tag", { status: 404 });
  await check("get", "/api/v1/products/NO-SUCH-SKU/articles", { status: 404 });
  await check("get", "/api/v1/products/KR-1800/articles?format=pdf", { status: 400 });
  await check("post", "/api/v1/articles/reset-router/votes", { status: 202, body: { helpful: true }, headers: sameSite });
  await check("post", "/api/v1/articles/reset-router/votes", { status: 409, body: { helpful: false }, headers: sameSite });
  await check("post", "/api/v1/articles/restart-router/votes", { status: 400, body: { helpful: "yes" }, headers: sameSite });
  await check("post", "/api/v1/articles/restart-router/votes", { status: 415, body: "helpful=yes", headers: { ...sameSite, "Content-Type": "text/plain" } });
  await check("post", "/api/v1/articles/restart-router/votes", { status: 403, body: { helpful: true }, headers: { Origin: "https://elsewhere.example" } });
  await check("post", "/api/v1/articles/no-such-article/votes", { status: 404, body: { helpful: true }, headers: sameSite });
  await check("get", "/api/v1/insights", { status: 200 });
  await check("get", "/api/v1/insights?format=csv&report=top_queries", { status: 200 });
  await check("get", "/api/v1/insights?format=csv&report=arrivals", { status: 200 });
  await check("get", "/api/v1/insights?format=xml", { status: 400 });
  await check("get", "/api/v1/openapi.json", { status: 200 });

  // The served document is the file.
  const served = await (await fetch(new URL("/api/v1/openapi.json", base))).json();
  if (JSON.stringify(served) !== JSON.stringify(source)) fail("/api/v1/openapi.json differs from server/openapi.json");

  // Every documented operation was called at least once.
  for (const [template, item] of Object.entries(api.paths)) {
    for (const method of Object.keys(item)) {
      if (![...covered].some((entry) => entry.startsWith(`${method} ${template} `))) fail(`${method} ${template} never checked`);
    }
  }
} finally {
  server.kill("SIGTERM");
  fs.rmSync(work, { recursive: true, force: true });
}

if (failures.length) {
  console.error(`${failures.length} failure(s)`);
  process.exit(1);
}
console.log(`all responses match openapi.json (${covered.size} status/operation pairs)`);
