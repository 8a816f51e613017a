// Search a PDF as a reader does with PDF.js's find bar (Firefox's PDF viewer): the viewer's
// own PDFFindController, which joins a word hyphenated across a line end before it matches.
// Usage: node find.mjs file.pdf word...  -> JSON on stdout: each word's matches, page by page.
// The controller is the viewer's, so it needs a DOM: jsdom stands in for the browser's.
import { readFileSync } from "node:fs";
import { JSDOM } from "jsdom";

const { window } = new JSDOM("<!DOCTYPE html>", { pretendToBeVisual: true });
globalThis.window = window;
globalThis.document = window.document;
// Node.js has its own navigator from version 21; older ones take jsdom's.
if (!("navigator" in globalThis)) globalThis.navigator = window.navigator;
// PDF.js warns on stdout that it cannot draw here: nothing is drawn, and stdout is for the JSON.
console.log = console.warn = () => {};
const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
globalThis.pdfjsLib = pdfjs;
const { EventBus, PDFFindController, PDFLinkService } = await import("pdfjs-dist/legacy/web/pdf_viewer.mjs");

const [path, ...words] = process.argv.slice(2);
const document = await pdfjs.getDocument({ data: new Uint8Array(readFileSync(path)), verbosity: 0 }).promise;
const eventBus = new EventBus();
const linkService = new PDFLinkService({ eventBus });
linkService.setDocument(document);
// The find controller asks the viewer only where it is; no page is shown.
linkService.setViewer({ pagesCount: document.numPages, currentPageNumber: 1, pagesRotation: 0 });
const finder = new PDFFindController({ linkService, eventBus });
finder.setDocument(document);

const FOUND = 0, NOT_FOUND = 1, WRAPPED = 2;
const result = {};
for (const query of words) {
  const finished = new Promise((resolve) => {
    const listener = ({ state }) => {
      if (state === FOUND || state === NOT_FOUND || state === WRAPPED) {
        eventBus.off("updatefindcontrolstate", listener);
        resolve();
      }
    };
    eventBus.on("updatefindcontrolstate", listener);
  });
  eventBus.dispatch("find", {
    source: null, type: "", query, caseSensitive: true, entireWord: false,
    highlightAll: true, findPrevious: false, matchDiacritics: true,
  });
  await finished;
  // The first match is reported before every page is searched: wait for all of them.
  while (finder.pageMatches.filter(Boolean).length < document.numPages) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  result[query] = finder.pageMatches.map((matches) => matches.length);
}
process.stdout.write(JSON.stringify(result));
process.exit(0);
