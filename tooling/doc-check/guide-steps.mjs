// Reads a guide's steps: every fenced block with the `<!-- doc-check … -->` comment above it, and
// the standalone doc-check comments (checks, guide settings). The markers are documented in
// tooling/doc-check/README.md; this file only parses them.

/** `key=value key="value with spaces" flag` → { key: 'value', flag: true } */
export function parseOptions(text) {
  const options = {};
  for (const m of text.matchAll(/([\w-]+)(?:=(?:"([^"]*)"(?=\s|$)|(\S+)))?/g)) {
    options[m[1]] = m[2] ?? m[3] ?? true;
  }
  return options;
}

/**
 * The guide as a list of items, in document order:
 *   { kind: 'block', line, lang, body, options }       a fenced block (options: its marker, or null)
 *   { kind: 'comment', line, options, body }           a doc-check comment with no block under it
 * `line` is 1-based: the block's first code line, or the comment's first line.
 */
export function guideItems(text) {
  const lines = text.split('\n');
  const items = [];
  let pending; // a doc-check comment waiting for the block under it
  const flush = () => {
    if (pending) items.push({ kind: 'comment', ...pending });
    pending = undefined;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const comment = /^\s*<!--\s*doc-check\b(.*)$/.exec(line);
    if (comment) {
      flush();
      let header = comment[1];
      const bodyLines = [];
      const start = i;
      if (header.includes('-->')) header = header.slice(0, header.indexOf('-->'));
      else {
        for (i++; i < lines.length && !lines[i].includes('-->'); i++) bodyLines.push(lines[i]);
        const last = lines[i]?.slice(0, lines[i].indexOf('-->')) ?? '';
        if (last.trim()) bodyLines.push(last);
      }
      pending = { line: start + 1, options: parseOptions(header.trim()), body: bodyLines.join('\n') };
      continue;
    }
    const open = /^(\s*)(`{3,}|~{3,})\s*([\w-]*)/.exec(line);
    if (open) {
      const fence = open[2];
      let end = i + 1;
      while (end < lines.length && !lines[end].trimStart().startsWith(fence)) end++;
      const indent = open[1].length;
      const body = lines
        .slice(i + 1, end)
        .map((l) => l.slice(Math.min(indent, l.length - l.trimStart().length)))
        .join('\n');
      items.push({ kind: 'block', line: i + 2, lang: open[3].toLowerCase(), body, options: pending?.options ?? null, hidden: pending?.body ?? '' });
      pending = undefined;
      i = end;
      continue;
    }
    // Blank lines and other HTML comments may sit between a marker and its block; text may not.
    if (pending && line.trim() !== '' && !/^\s*<!--.*-->\s*$/.test(line)) flush();
  }
  flush();
  return items;
}
