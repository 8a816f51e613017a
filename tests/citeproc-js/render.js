// Render CSL-JSON items with a CSL style through citeproc-js, the reference processor.
// Input on stdin: {style, locales: {lang: xml}, items: [...], notes: [[{id, locator, label, prefix, suffix}]]}
// Output on stdout: {notes: [html, ...], bibliography: [html, ...]}
"use strict";
const CSL = require("citeproc");

let input = "";
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const request = JSON.parse(input);
  const items = Object.fromEntries(request.items.map((item) => [item.id, item]));
  const sys = {
    retrieveLocale: (lang) => request.locales[lang] || request.locales["en-US"],
    retrieveItem: (id) => items[id],
  };
  const engine = new CSL.Engine(sys, request.style);
  engine.setOutputFormat("html");
  const citations = request.notes.map((cites, index) => ({
    citationID: `note${index + 1}`,
    citationItems: cites,
    properties: { noteIndex: index + 1 },
  }));
  const notes = [];
  const pre = [];
  for (const citation of citations) {
    const [, results] = engine.processCitationCluster(citation, pre, []);
    for (const [position, html] of results) {
      notes[position] = html;
    }
    pre.push([citation.citationID, citation.properties.noteIndex]);
  }
  const bibliography = engine.bibliography ? engine.makeBibliography() : null;
  process.stdout.write(JSON.stringify({
    notes,
    bibliography: bibliography ? bibliography[1] : [],
  }));
});
