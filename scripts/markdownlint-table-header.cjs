// A markdownlint rule: a line that looks like a table row (it starts and ends with `|`)
// but sits in a paragraph, not in a table. That is what a table without a header row (or
// without the `|---|` line under it) becomes: GitHub and npm render it as literal `|`
// text. Every table needs a header row.
'use strict';

/** @type {import("markdownlint").Rule} */
module.exports = {
  names: ['netioapi/table-header-row', 'table-header-row'],
  description: 'Table rows need a header row and a delimiter row above them',
  tags: ['table'],
  parser: 'micromark',
  function: (params, onError) => {
    // Paragraph text is a 'content' token (holding a 'paragraph'), in lists and quotes too.
    const walk = (tokens) => {
      for (const token of tokens) {
        if (token.type === 'content') {
          for (let line = token.startLine; line <= token.endLine; line++) {
            const text = params.lines[line - 1] ?? '';
            if (/^\s*\|.*\|\s*$/.test(text)) {
              onError({ lineNumber: line, detail: 'This row is in no table: add a header row and a |---| line above it.', context: text.slice(0, 60) });
              break;
            }
          }
        } else if (token.children?.length) {
          walk(token.children);
        }
      }
    };
    walk(params.parsers.micromark.tokens);
  },
};
