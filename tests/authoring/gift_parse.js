// Print gift-pegjs's parse of GIFT files as JSON, for tests/authoring/test_gift_differential.py.
// Usage: node gift_parse.js PACKAGE_DIR FILE...
// Prints {"FILE": {"questions": [...]}} or {"FILE": {"error": "message"}} for each file.
"use strict";
const fs = require("fs");
const path = require("path");

const [packageDir, ...files] = process.argv.slice(2);
const { parse } = require(path.resolve(packageDir));
const result = {};
for (const file of files) {
  try {
    result[file] = { questions: parse(fs.readFileSync(file, "utf8")) };
  } catch (error) {
    const where = error.location ? ` at line ${error.location.start.line}` : "";
    result[file] = { error: `${error.message}${where}` };
  }
}
process.stdout.write(JSON.stringify(result));
