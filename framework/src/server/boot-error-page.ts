/**
 * The page runserver answers with while the project does not load (a syntax error, an import that
 * throws): the error and its stack, so the developer sees in the browser what the console says.
 *
 * @module
 * @internal
 */

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')
}

/**
 * The HTML of runserver's boot error page (status 500).
 * @param error - the stack or message the child reported.
 * @param changed - the file whose change started the failed reload, when known.
 * @internal
 */
export function bootErrorPage(error: string, changed: string | null): string {
  const firstLine = error.split('\n', 1)[0] ?? error
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="robots" content="NONE,NOARCHIVE">
<title>Project failed to load: ${escapeHtml(firstLine)}</title>
<style>body{font:14px/1.5 system-ui,sans-serif;margin:0}header{background:#ffc;border-bottom:1px solid #ddd;padding:1em 2em}
h1{font-size:1.4em;margin:0 0 .3em}pre{background:#f6f6f6;margin:1em 2em;padding:1em;overflow:auto;font-size:13px}p{margin:.3em 0}</style>
</head><body><header><h1>The project failed to load</h1>
<p><strong>${escapeHtml(firstLine)}</strong></p>
${changed !== null ? `<p>After a change to <code>${escapeHtml(changed)}</code>.</p>` : ''}
<p>runserver keeps running: fix the code and save, and this page becomes your site again.</p></header>
<pre>${escapeHtml(error)}</pre>
</body></html>
`
}
