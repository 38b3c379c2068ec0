// Validates rendered Kubernetes manifests offline, so that CI catches a wrong field before a cluster does.
//   built-in kinds: kubernetes-models (types, required fields, allowed values, formats) and the field lists of
//                   @kubernetes/client-node (unknown fields, as `kubectl apply --validate=strict` refuses them)
//   KEDA kinds:     @kubernetes-models/keda (generated from KEDA's CRDs)
// A kind neither knows is an error: nothing passes unchecked.
// Usage: node validate.mjs FILE... ("-" reads stdin). Prints one line per object; exits 1 on any failure.
import fs from "node:fs";
import yaml from "js-yaml";
import * as k8s from "@kubernetes/client-node";

const CRD_MODELS = { "keda.sh/v1alpha1": "@kubernetes-models/keda/keda.sh/v1alpha1" };

async function model(apiVersion, kind) {
  const base = CRD_MODELS[apiVersion] ?? `kubernetes-models/${apiVersion}`;
  try {
    return (await import(`${base}/${kind}`))[kind];
  } catch {
    return undefined;
  }
}

/** The client-node class describing apiVersion/kind, e.g. V1Deployment; undefined for custom resources. */
function fieldList(apiVersion, kind) {
  const version = apiVersion.split("/").pop();
  return k8s[version[0].toUpperCase() + version.slice(1) + kind];
}

function unknownFields(value, type, path, errors) {
  if (value == null || typeof value !== "object") return;
  let match;
  if ((match = /^Array<(.+)>$/.exec(type))) {
    if (Array.isArray(value)) value.forEach((item, i) => unknownFields(item, match[1], `${path}[${i}]`, errors));
    return;
  }
  if ((match = /^\{ \[key: string\]: (.+); \}$/.exec(type))) {
    for (const [key, item] of Object.entries(value)) unknownFields(item, match[1], `${path}.${key}`, errors);
    return;
  }
  const cls = k8s[type];
  if (!cls?.getAttributeTypeMap || Array.isArray(value)) return;
  const fields = new Map(cls.getAttributeTypeMap().map((field) => [field.baseName, field.type]));
  for (const [key, item] of Object.entries(value)) {
    if (!fields.has(key)) errors.push(`${path}.${key}: unknown field`);
    else unknownFields(item, fields.get(key), `${path}.${key}`, errors);
  }
}

let passed = 0;
let failed = 0;
for (const file of process.argv.slice(2)) {
  for (const object of yaml.loadAll(fs.readFileSync(file === "-" ? 0 : file, "utf8"))) {
    if (!object) continue;
    const name = `${object.apiVersion}/${object.kind} ${object.metadata?.namespace ?? ""}/${object.metadata?.name}`;
    const errors = [];
    const Model = await model(object.apiVersion ?? "", object.kind ?? "");
    const fields = fieldList(object.apiVersion ?? "", object.kind ?? "");
    if (!Model) errors.push("no schema for this apiVersion and kind");
    else {
      try {
        new Model(object).validate();
      } catch (e) {
        errors.push(e.message);
      }
    }
    if (fields) unknownFields(object, fields.name, "", errors);
    else unknownFields(object.metadata, "V1ObjectMeta", "metadata", errors);
    if (errors.length) {
      failed++;
      console.log(`FAIL ${name}\n  - ${errors.join("\n  - ")}`);
    } else {
      passed++;
      console.log(`OK   ${name}`);
    }
  }
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed || passed === 0 ? 1 : 0);
