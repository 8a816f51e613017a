// Read a PDF as a screen reader working with PDF.js would: each page's structure tree
// (page.getStructTree) with the text of its marked content (getTextContent with
// includeMarkedContent), and the text items in content order.
// Usage: node read.mjs file.pdf 2 7   -> JSON on stdout, one entry per page.
import { readFileSync } from "node:fs";

// PDF.js warns on stdout that it cannot draw here (no canvas): nothing is drawn, and
// stdout is for the JSON.
console.log = console.warn = () => {};
const { getDocument } = await import("pdfjs-dist/legacy/build/pdf.mjs");

const [path, ...pages] = process.argv.slice(2);
const data = new Uint8Array(readFileSync(path));
const document = await getDocument({ data, useSystemFonts: false, verbosity: 0 }).promise;
const result = [];
for (const number of pages.map(Number)) {
  const page = await document.getPage(number);
  const content = await page.getTextContent({ includeMarkedContent: true });
  // The text of each marked content, by PDF.js's id for it ("p12R_mc34").
  const texts = new Map();
  const stack = [];
  const items = [];
  for (const item of content.items) {
    if (item.type === "beginMarkedContentProps" || item.type === "beginMarkedContent") {
      stack.push(item.id ?? null);
    } else if (item.type === "endMarkedContent") {
      stack.pop();
    } else {
      const id = stack.findLast((x) => x !== null);
      if (id) texts.set(id, (texts.get(id) ?? "") + item.str + (item.hasEOL ? " " : ""));
      items.push({ str: item.str, height: item.height, eol: item.hasEOL, tagged: Boolean(id) });
    }
  }
  const tree = await page.getStructTree();
  const read = [];
  const contentText = (node) =>
    node.type === "content" ? texts.get(node.id) ?? "" : (node.children ?? []).map(contentText).join("");
  const walk = (node) => {
    if (node.type === "content") {
      read.push(texts.get(node.id) ?? "");
      return;
    }
    if (node.type === "object" || node.type === "annotation") return;
    if (node.role === "Note") read.push(" [NOTE: ");
    if (node.role === "Figure") {
      read.push(`[FIGURE: ${node.alt ?? ""}]`);
      return;
    }
    // PDF.js gives an element's /ActualText as its alt (4.10 does; 4.2 did not): what it reads as, in
    // place of its content (a word hyphenated at a line end, letter-spaced capitals).
    if (node.alt !== undefined) {
      // The spaces PDF.js puts between the content's text items, kept at either end.
      const own = contentText(node);
      read.push((/^\s/.test(own) ? " " : "") + node.alt + (/\s$/.test(own) ? " " : ""));
      return;
    }
    for (const child of node.children ?? []) walk(child);
    if (node.role === "Note") read.push("] ");
  };
  if (tree) walk(tree);
  const roles = [];
  const collect = (node) => {
    if (node.role) roles.push({ role: node.role, lang: node.lang ?? null, alt: node.alt ?? null });
    for (const child of node.children ?? []) collect(child);
  };
  if (tree) collect(tree);
  result.push({ page: number, read: read.join("").replace(/\s+/g, " ").trim(), roles, items });
}
process.stdout.write(JSON.stringify(result));
