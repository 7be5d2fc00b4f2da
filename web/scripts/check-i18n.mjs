#!/usr/bin/env node
// Checks that the message catalogs (src/i18n/{en,az,ru}.json) have identical key sets, that every
// message is a non-empty string and that each translation uses the same {placeholders} as English.
// Plain node, no dependencies. Exit 0 when consistent, 1 otherwise.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'i18n');
const langs = ['en', 'az', 'ru'];
const problems = [];
const catalogs = {};

for (const lang of langs) {
  try {
    const parsed = JSON.parse(readFileSync(join(dir, `${lang}.json`), 'utf8'));
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      problems.push(`${lang}.json: not a JSON object`);
      continue;
    }
    catalogs[lang] = parsed;
  } catch (e) {
    problems.push(`${lang}.json: ${e.message}`);
  }
}

const placeholders = (s) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort().join(',');

if (problems.length === 0) {
  const reference = new Set(Object.keys(catalogs.en));
  for (const lang of langs) {
    const keys = new Set(Object.keys(catalogs[lang]));
    for (const key of reference) if (!keys.has(key)) problems.push(`${lang}.json: missing "${key}"`);
    for (const key of keys) if (!reference.has(key)) problems.push(`${lang}.json: extra "${key}"`);
    for (const [key, value] of Object.entries(catalogs[lang])) {
      if (typeof value !== 'string' || value.trim() === '') {
        problems.push(`${lang}.json: "${key}" is not a non-empty string`);
      } else if (reference.has(key) && placeholders(value) !== placeholders(catalogs.en[key])) {
        problems.push(`${lang}.json: "${key}" placeholders differ from en.json`);
      }
    }
  }
}

if (problems.length > 0) {
  for (const p of problems) console.error(`check-i18n: ${p}`);
  console.error(`check-i18n: FAILED (${problems.length} problems)`);
  process.exit(1);
}
console.log(
  `check-i18n: ok, ${langs.join(', ')} have the same ${Object.keys(catalogs.en).length} keys`,
);
