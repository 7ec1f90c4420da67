// Copy the front-end assets from node_modules into static/vendor, where Flask serves them.
const fs = require("fs");
const path = require("path");

const root = path.resolve(__dirname, "..");
const target = path.join(root, "static", "vendor");
const files = [["htmx.org/dist/htmx.min.js", "htmx.min.js"]];

fs.mkdirSync(target, { recursive: true });
for (const [from, to] of files) {
  fs.copyFileSync(require.resolve(from, { paths: [root] }), path.join(target, to));
  console.log(`static/vendor/${to}`);
}
