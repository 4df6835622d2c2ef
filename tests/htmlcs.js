// HTML_CodeSniffer (WCAG2AA) through pa11y over the URLs given, in one Chromium; prints
// {url: [issue, ...]} as JSON. Usage: node tests/htmlcs.js CONFIG.json URL...
"use strict";
const path = require("path");
const modules = path.join(__dirname, ".pa11y", "node_modules");
const pa11y = require(path.join(modules, "pa11y"));
const puppeteer = require(path.join(modules, "puppeteer"));

async function main() {
  const [configFile, ...urls] = process.argv.slice(2);
  const config = require(path.resolve(configFile));
  const browser = await puppeteer.launch(config.chromeLaunchConfig);
  const found = {};
  try {
    for (const url of urls) {
      const result = await pa11y(url, { ...config, browser });
      found[url] = result.issues.map(i => ({ code: i.code, message: i.message, selector: i.selector }));
    }
  } finally {
    await browser.close();
  }
  process.stdout.write(JSON.stringify(found));
}

main().catch(error => { console.error(error); process.exit(2); });
